"""Checking what plugins return from the proposed ``register_clock_sets`` hook.

Rules (fail closed, as every collected hook: see :mod:`custrecovery.hookspecs`)
----------------------------------------------------------------------------
* Each plugin's answer must be a sequence (not a string) of
  :class:`~custrecovery.clocks.ClockSet` values. Anything else, a plugin that
  raised, or one bad item in an otherwise good list, is a problem naming the
  plugin: the plugin's whole answer is set aside, never partly used.
* Two clock sets under one name (from one plugin or two) are a problem naming
  both plugins: a deadline must not depend on registration order.
* Problems are recorded as :class:`~custrecovery.PluginError` values, never
  silently dropped; :meth:`CollectedClockSets.check` raises the first (naming
  all of them) for a caller that must not run without every clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import final

import attrs

from custrecovery.clocks._declaration import ClockSet
from custrecovery.errors import InvalidValue
from custrecovery.errors import PluginError

__all__ = ["HOOK", "CollectedClockSets", "collect_clock_sets"]

HOOK = "register_clock_sets"
"""The hook's name, as :file:`_HOOK.md` proposes it."""


def _describe(result: object) -> str:
    # Describing a plugin's garbage must never raise, or failing closed would fail open.
    if isinstance(result, BaseException):
        kind = type(result).__name__
        try:
            return f"raised {kind}: {result}"
        except Exception:
            return f"raised {kind}"
    try:
        return f"returned {result!r}"[:200]
    except Exception:
        return f"returned an unprintable {type(result).__name__}"


@final
@attrs.frozen(kw_only=True)
class CollectedClockSets:
    """The clock sets every plugin contributed, and the problems found."""

    clock_sets: tuple[ClockSet, ...]
    """Good answers, in the order the plugins were called."""
    sources: tuple[tuple[str, str], ...]
    """(clock-set name, plugin name) for each of ``clock_sets``."""
    problems: tuple[PluginError, ...]

    def check(self) -> tuple[ClockSet, ...]:
        """The clock sets, or :class:`~custrecovery.PluginError` if any plugin failed."""
        if self.problems:
            first = self.problems[0]
            more = "; ".join(str(p) for p in self.problems[1:])
            raise PluginError(
                first.problem + (f" (and: {more})" if more else ""),
                plugin=first.plugin,
                hook=HOOK,
            )
        return self.clock_sets


def collect_clock_sets(results: Iterable[tuple[str, object]]) -> CollectedClockSets:
    """Check each ``(plugin name, answer or exception)`` pair of the hook's calls.

    ``results`` is what a fail-closed host yields when it calls each
    implementation separately (``PluginHost._each("register_clock_sets")``).
    """
    checked: object = results  # typed as pairs, but a caller may pass anything
    if isinstance(checked, (str, bytes)) or not isinstance(checked, Iterable):
        raise InvalidValue(f"expected (plugin, result) pairs, got {results!r}")
    found: list[ClockSet] = []
    sources: list[tuple[str, str]] = []
    problems: list[PluginError] = []
    owner: dict[str, str] = {}
    for pair in results:
        try:
            plugin, result = pair
        except (TypeError, ValueError):
            raise InvalidValue(f"expected (plugin, result) pairs, got {pair!r}") from None
        plugin = plugin if isinstance(plugin, str) and plugin else "<unnamed plugin>"
        if isinstance(result, (BaseException, str, bytes)) or not isinstance(result, Sequence):
            problems.append(
                PluginError(
                    f"{_describe(result)}; expected a sequence of ClockSet",
                    plugin=plugin,
                    hook=HOOK,
                )
            )
            continue
        try:
            items = list(result)
        except Exception as error:  # a broken sequence is the plugin's fault too
            problems.append(PluginError(_describe(error), plugin=plugin, hook=HOOK))
            continue
        bad = [item for item in items if not isinstance(item, ClockSet)]
        if bad:
            problems.append(
                PluginError(
                    f"returned {len(bad)} item(s) that are not ClockSet values, "
                    f"first {_describe(bad[0])[9:]}; none of its clock sets are used",
                    plugin=plugin,
                    hook=HOOK,
                )
            )
            continue
        for clock_set in items:
            assert isinstance(clock_set, ClockSet)
            earlier = owner.get(clock_set.name)
            if earlier is not None:
                problems.append(
                    PluginError(
                        f"clock set {clock_set.name!r} is also registered by plugin "
                        f"{earlier!r}; names must be unique",
                        plugin=plugin,
                        hook=HOOK,
                    )
                )
                continue
            owner[clock_set.name] = plugin
            found.append(clock_set)
            sources.append((clock_set.name, plugin))
    return CollectedClockSets(
        clock_sets=tuple(found), sources=tuple(sources), problems=tuple(problems)
    )
