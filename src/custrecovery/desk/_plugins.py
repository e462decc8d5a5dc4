"""Plugin management and the typed facade over ``pm.hook``.

Every :class:`~custrecovery.Desk` owns one :class:`PluginHost`, which owns one
pluggy ``PluginManager``: there is no global plugin state. Built-in behaviour
is an ordinary plugin (:class:`~custrecovery.Defaults`) registered first, so
any other plugin can add to it, and a caller can replace it.

Why a facade: ``pm.hook.*`` is typed ``Any`` and calls every implementation in
one go, so one broken plugin would take the others down with it and leave no
name to blame. :meth:`PluginHost._each` calls implementations one at a time
(in pluggy's order: last registered first), catching what they raise, and each
typed method decides how to fail closed (see :mod:`custrecovery.hookspecs`).

Building the host fails closed too, by raising :class:`~custrecovery.PluginError`
(so ``Desk()`` raises and no desk exists with a plugin silently missing):

* a hookimpl that is no hook, or asks for an argument its hook lacks;
* two plugins under one name;
* with ``allow``, a plugin given without a name (no ``plugin_name`` and no
  ``__name__``): ``allow`` filters by name, so a nameless plugin could never be
  allowed on purpose, and pluggy would otherwise register it under a numeric id
  that slips past the filter;
* an installed entry point that fails to load; the error names the entry point.
  ``deny=[name]`` (or ``entry_points=False``) builds the desk without it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeGuard
from typing import cast
from typing import final

import pluggy

from custrecovery import hookspecs
from custrecovery.boundaries import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NoticeFactory
from custrecovery.boundaries import decide
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.directory import Directory
from custrecovery.errors import EscalationRequired
from custrecovery.errors import OperationRefused
from custrecovery.errors import PluginError
from custrecovery.errors import PluginWarning
from custrecovery.explanations import _describe_error
from custrecovery.explanations import _describe_result
from custrecovery.explanations import _name_of
from custrecovery.explanations import _safe
from custrecovery.followups import FollowUpAction
from custrecovery.operations import Operation

if TYPE_CHECKING:
    import importlib.metadata

    from custrecovery.clocks import ClockSet

__all__ = ["ENTRY_POINT_GROUP", "PluginHost"]

ENTRY_POINT_GROUP = "custrecovery"
"""Installed plugins register themselves under this entry-point group."""


def _is_list(result: object) -> TypeGuard[Sequence[Any]]:
    # A string is a sequence too, but never a list of policies or strategies.
    return isinstance(result, Sequence) and not isinstance(result, str | bytes)


def _listed(result: object) -> tuple[object, ...] | str:
    """The items a registration hook answered with, or why the answer is not a list.

    Reading the list runs the plugin's code too (a custom sequence's iterator),
    so its failure is the plugin's, reported like any other.
    """
    if not _is_list(result):
        return _describe_result(result)
    try:
        return tuple(result)
    except Exception as error:
        return f"returned a list that could not be read ({_describe_error(error)})"


@final
class _NamedPolicy:
    """A policy seen under its plugin's name, so failures name both."""

    def __init__(self, plugin: str, policy: Any) -> None:
        self._policy = policy
        self.name = f"{plugin}:{_name_of(policy)}"

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        result: Assessment = self._policy.assess(history, as_of=as_of)
        return result


@final
class _BrokenRegistration:
    """Stands in for a plugin whose registration hook failed: assessing it fails."""

    def __init__(self, plugin: str, problem: str) -> None:
        self.name = plugin
        self._problem = problem

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        raise PluginError(self._problem, plugin=self.name, hook="register_boundary_policies")


def _plugin_name(plugin: object) -> str | None:
    name = getattr(plugin, "plugin_name", None) or getattr(plugin, "__name__", None)
    # Exactly str: a subclass could claim to equal any name in allow= or deny=.
    return name if type(name) is str else None


def _listed_argument(value: object, what: str) -> tuple[object, ...]:
    """A ``plugins=`` or ``packs=`` argument as a tuple; reading it runs the caller's
    code, and a failure there is a PluginError like any other."""
    if isinstance(value, (str, bytes)):
        raise PluginError(
            f"{what} takes a list, got the string {value!r}", plugin=str(value), hook="?"
        )
    try:
        return tuple(value)  # type: ignore[arg-type]
    except Exception as error:
        raise PluginError(
            f"{what} could not be read ({_describe_error(error)})", plugin="?", hook="?"
        ) from None


def _load(entry: importlib.metadata.EntryPoint) -> object:
    try:
        return entry.load()
    except Exception as error:  # an installed plugin that cannot load: no desk without it
        raise PluginError(
            f"entry point {entry.name} = {entry.value} in group {ENTRY_POINT_GROUP!r} "
            f"failed to load ({_describe_error(error)}); deny it by name to build without it",
            plugin=entry.name,
            hook="?",
        ) from error


def _check_registrations(pm: pluggy.PluginManager) -> None:
    """Fail closed at build time: every plugin implements a hook, none wraps one.

    A plugin with no hook (a function marked with another project's marker, or
    not marked at all, or an entry point resolving to a constant) would sit on
    the desk and refuse nothing; a hook wrapper would see and could replace
    other plugins' answers before the desk's checks, and its own
    notification would be skipped. Both are refused when the desk is built.
    """
    for name, plugin in pm.list_name_plugin():
        # pluggy names an unnamed plugin by its id(): say what it is instead.
        label = str(name) if not str(name).isdigit() else f"<unnamed {_safe(repr, plugin)}>"
        callers = pm.get_hookcallers(plugin) or []
        if not callers:
            raise PluginError(
                "implements no custrecovery hook: mark each hook function with "
                "custrecovery.hookimpl (another project's marker does not count)",
                plugin=label,
                hook="?",
            )
        for caller in callers:
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin and (impl.hookwrapper or impl.wrapper):
                    raise PluginError(
                        "hook wrappers are not supported: they could change other "
                        "plugins' answers before the desk checks them",
                        plugin=label,
                        hook=caller.name,
                    )


@final
class PluginHost:
    """One plugin manager and typed, fail-closed calls to its hooks."""

    def __init__(
        self,
        *,
        plugins: Sequence[object] = (),
        defaults: object | None = None,
        entry_points: bool = True,
        allow: Collection[str] | None = None,
        deny: Collection[str] = (),
        packs: Sequence[str] = (),
    ) -> None:
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)

        def wanted(name: str) -> bool:
            return name not in deny and (allow is None or name in allow)

        try:
            if defaults is not None and wanted("custrecovery.defaults"):
                pm.register(defaults, name="custrecovery.defaults")
            for plugin in _listed_argument(plugins, "plugins"):
                if plugin is None:
                    raise PluginError("None is not a plugin", plugin="None", hook="?")
                name = _plugin_name(plugin)
                if name is None and allow is not None:
                    raise PluginError(
                        "a plugin without a plugin_name cannot be checked against allow=; "
                        "give it a plugin_name attribute",
                        plugin=f"<unnamed {type(plugin).__name__}>",
                        hook="?",
                    )
                if name is None or wanted(name):
                    pm.register(plugin, name=name)
            if entry_points:
                # Imported here: importlib.metadata costs as much as pluggy to import,
                # and a desk built with entry_points=False never needs it.
                import importlib.metadata

                for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                    if wanted(entry.name) and pm.get_plugin(entry.name) is None:
                        pm.register(_load(entry), name=entry.name)
            pack_names = _listed_argument(packs, "packs")
            if pack_names:
                from custrecovery.packs import load_pack

                for pack in pack_names:
                    if type(pack) is not str:
                        raise PluginError(
                            f"a pack name is text, got {pack!r}", plugin=repr(pack), hook="?"
                        )
                    if not wanted(pack):
                        raise PluginError(
                            "the pack was asked for by name but allow= or deny= excludes it",
                            plugin=pack,
                            hook="?",
                        )
                    if pm.get_plugin(pack) is not None:
                        # Never skip a requested pack because something else took its name.
                        raise PluginError(
                            "a plugin with this name is already on the desk, so the pack "
                            "of that name would not be",
                            plugin=pack,
                            hook="?",
                        )
                    pm.register(load_pack(pack), name=pack)
            # A misspelt hook name would otherwise be silently ignored.
            pm.check_pending()
            _check_registrations(pm)
        except pluggy.PluginValidationError as error:
            hook = re.search(r"hook '?(\w+)'?", str(error))
            raise PluginError(
                str(error),
                plugin=pm.get_name(error.plugin) or _plugin_name(error.plugin) or "?",
                hook=hook.group(1) if hook else "?",
            ) from None
        except ValueError as error:  # pluggy: a name or plugin registered twice
            raise PluginError(str(error), plugin="?", hook="?") from None
        self._pm = pm
        # Plugins are fixed once the desk is built, so each hook's implementations
        # are listed once (in pluggy's calling order: last registered first), and
        # a hook nobody implements costs nothing on the hot path.
        self._impls = {
            name: tuple(reversed(getattr(pm.hook, name).get_hookimpls()))
            for name in hookspecs.__all__
            if name not in ("hookimpl", "hookspec")
        }

    @property
    def vetoes(self) -> bool:
        """Whether any plugin implements ``veto_operation`` (the hot path asks first)."""
        return bool(self._impls["veto_operation"])

    @property
    def listens(self) -> bool:
        """Whether any plugin implements ``on_operation_accepted``."""
        return bool(self._impls["on_operation_accepted"])

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the registered plugins, in registration order."""
        return tuple(name for name, plugin in self._pm.list_name_plugin() if plugin is not None)

    def _each(self, hook: str, **kwargs: object) -> Iterator[tuple[str, object]]:
        for impl in self._impls[hook]:
            try:
                result = impl.function(*(kwargs[arg] for arg in impl.argnames))
            except Exception as error:  # fail closed: each typed method decides what it means
                result = error
            yield impl.plugin_name, result

    def clock_sets(self) -> tuple[ClockSet, ...]:
        """Every plugin's clock sets; a broken or clashing answer raises PluginError."""
        if not self._impls["register_clock_sets"]:
            return ()  # no clock: the clocks package (and holidays) stay unloaded
        from custrecovery.clocks import collect_clock_sets

        return collect_clock_sets(self._each("register_clock_sets")).check()

    def directory(self) -> Directory | None:
        """The directory one plugin supplies (``register_directory``), if any."""
        found: list[tuple[str, Directory]] = []
        for plugin, result in self._each("register_directory"):
            if result is None:
                continue
            if isinstance(result, BaseException) or not callable(getattr(result, "lookup", None)):
                raise PluginError(
                    f"{_describe_result(result)}, not a directory (an object with lookup())",
                    plugin=plugin,
                    hook="register_directory",
                )
            found.append((plugin, cast("Directory", result)))
        if len(found) > 1:
            raise PluginError(
                f"plugins {', '.join(p for p, _ in found)} each supply a directory: the firm "
                "has one (deny all but one, or pass Desk(directory=...))",
                plugin=found[1][0],
                hook="register_directory",
            )
        return found[0][1] if found else None

    def decide_boundary(
        self,
        history: CustomerHistory,
        *,
        as_of: datetime,
        notice_factory: NoticeFactory = DEFAULT_NOTICE_TEMPLATE,
    ) -> BoundaryDecision:
        """Assess every registered policy and combine them fail-closed."""
        policies: list[Any] = []
        for plugin, result in self._each("register_boundary_policies"):
            items = _listed(result)
            if isinstance(items, str):
                policies.append(_BrokenRegistration(plugin, items))
                continue
            policies.extend(_NamedPolicy(plugin, policy) for policy in items)
        return decide(history, as_of=as_of, policies=policies, notice_factory=notice_factory)

    def compensation_strategies(self) -> list[tuple[str, object]]:
        """``(plugin, strategy or failure)`` for every registered strategy."""
        found: list[tuple[str, object]] = []
        for plugin, result in self._each("register_compensation_strategies"):
            items = _listed(result)
            if isinstance(items, str):
                found.append(
                    (
                        plugin,
                        PluginError(items, plugin=plugin, hook="register_compensation_strategies"),
                    )
                )
                continue
            found.extend((plugin, strategy) for strategy in items)
        return found

    def veto(self, case: Case, operation: Operation) -> None:
        """Raise if any plugin refuses ``operation``; a broken plugin escalates."""
        if not self._impls["veto_operation"]:
            return
        where = {"case_id": case.case_id, "state": case.state, "operation": operation.kind}
        for plugin, result in self._each("veto_operation", case=case, operation=operation):
            if result is None:
                continue
            # Exactly str: a subclass could run the plugin's code in strip() or
            # formatting, and a failure there must escalate, not escape.
            if type(result) is str and result.strip():
                raise OperationRefused(f"plugin {plugin!r}: {result}", **where)
            raise EscalationRequired(
                f"plugin {plugin!r} failed in veto_operation ({_describe_result(result)}); "
                "a person must decide",
                **where,
            )

    def notify(self, case: Case, event: Event) -> None:
        """Tell every plugin about an accepted operation; failures become warnings."""
        if not self._impls["on_operation_accepted"]:
            return
        for plugin, result in self._each("on_operation_accepted", case=case, event=event):
            if isinstance(result, BaseException):
                warnings.warn(
                    PluginWarning(
                        f"plugin {plugin!r} failed in on_operation_accepted for "
                        f"{event.event_id} ({_describe_result(result)}); the operation stands"
                    ),
                    stacklevel=3,
                )

    def follow_ups(self, case: Case) -> tuple[FollowUpAction, ...]:
        """Every plugin's suggested next steps; a broken plugin adds an escalation."""
        actions: list[FollowUpAction] = []
        for plugin, result in self._each("suggest_follow_ups", case=case):
            if isinstance(result, Sequence) and all(isinstance(a, FollowUpAction) for a in result):
                actions.extend(result)
                continue
            actions.append(
                FollowUpAction(
                    "supervisor",
                    f"review case {case.case_id} by hand: follow-up suggestions are missing",
                    f"plugin {plugin!r} {_describe_result(result)} in suggest_follow_ups",
                    source=plugin,
                )
            )
        return tuple(actions)
