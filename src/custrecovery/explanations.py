"""Explanations: why a policy or a compensation strategy decided what it did.

Rules
-----
Source: ISO 10002:2018 principles of transparency and objectivity (the customer
and the firm can both see which rule gave which answer, from which facts).

* An explanation names its ``source`` (the policy or strategy), the ``rule``
  that fired in words, the ``facts`` it read and the ``thresholds`` it compared
  them with.
* Facts and thresholds are stored as ``(name, text)`` pairs sorted by name, so
  two explanations of the same decision are equal, hash alike and serialise to
  the same JSON whatever order the facts were gathered in. Values are rendered
  with ``str()`` when the explanation is built (``Money`` prints ``10.50 EUR``).
* Only strings and tuples are stored: an explanation serialises as it stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery.errors import InvalidValue

__all__ = [
    "Explanation",
]


def _pairs(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, str], ...]:
    """Sorted ``(name, text)`` pairs from a mapping or from pairs; idempotent."""
    checked: object = value  # a str is iterable too, but never what was meant
    if isinstance(checked, (str, bytes)):
        raise InvalidValue(f"expected a mapping of name -> value, got {value!r}")
    items = value.items() if isinstance(value, Mapping) else value
    pairs: list[tuple[str, str]] = []
    for item in items:
        try:
            name, shown = item
        except (TypeError, ValueError):
            raise InvalidValue(f"expected (name, value) pairs, got {item!r}") from None
        if not isinstance(name, str) or not name:
            raise InvalidValue(f"fact names are non-empty strings, got {name!r}")
        pairs.append((name, shown if isinstance(shown, str) else str(shown)))
    pairs.sort()
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise InvalidValue(f"a name appears twice in {names}")
    return tuple(pairs)


def _safe(render: Any, value: object) -> str:
    # A plugin's garbage may not even print: describing it must never raise,
    # or the fail-closed path would fail open.
    try:
        text = render(value)
    except Exception:
        return f"<unprintable {type(value).__name__}>"
    return text if isinstance(text, str) else f"<unprintable {type(value).__name__}>"


def _describe_error(error: BaseException) -> str:
    """``"ValueError: message"`` (or just the type), safe for any exception."""
    message = _safe(str, error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _describe_result(result: object) -> str:
    """How a plugin call ended, for a failure explanation; never raises."""
    if isinstance(result, BaseException):
        return f"raised {_describe_error(result)}"
    return f"returned {_safe(repr, result)}"


def _name_of(thing: object) -> str:
    """A policy's or strategy's ``name``, or its class name if that is missing or broken."""
    try:
        name = getattr(thing, "name", None)
    except Exception:
        name = None
    return name if isinstance(name, str) and name.strip() else type(thing).__name__


def _text(instance: Explanation, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"Explanation.{attribute.name} must be non-empty text, got {value!r}")


@final
@attrs.frozen
class Explanation:
    """Which rule of which source fired, on which facts, against which thresholds."""

    source: str = attrs.field(validator=_text)
    rule: str = attrs.field(validator=_text)
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    thresholds: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)

    def __str__(self) -> str:
        line = f"{self.source}: {self.rule}"
        if self.facts:
            line += " [" + ", ".join(f"{k}={v}" for k, v in self.facts) + "]"
        if self.thresholds:
            line += " (thresholds: " + ", ".join(f"{k}={v}" for k, v in self.thresholds) + ")"
        return line
