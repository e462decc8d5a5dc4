"""Clocks declared as data: what starts, stops, pauses and extends a deadline.

Rules
-----
* A clock is declared once, like the lifecycle: it **starts** on an event (an
  operation's ``kind``) or on entering a state, **stops** the same way,
  **pauses** while the case is in one of its pause states (awaiting the
  customer), and may **restart** (a new period: "updates every N hours") or be
  **extended** once (DISP 1.6.2AR: 15 business days become 35 when a holding
  reply is sent).
* Its duration is an amount of a :class:`Unit`, counted in the clock's
  :class:`~custrecovery.clocks.BusinessCalendar`.
* Every clock names the rule it enforces in words and its source
  ("FCA DISP 1.6.2R"), so every status can explain itself.
* A clock set groups the clocks one regime imposes (FCA DISP, CFPB, a service
  level); clock names are unique within a set.

Nothing here reads a clock or a case: :mod:`custrecovery.clocks._walk` walks a
history against these declarations.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any
from typing import final

import attrs

from custrecovery.clocks._calendar import BusinessCalendar
from custrecovery.errors import InvalidValue

__all__ = ["Clock", "ClockSet", "Duration", "Extension", "Trigger", "Unit"]


def _text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be non-empty text, got {value!r}"
        )


@final
class Unit(enum.Enum):
    """What a clock's duration counts."""

    CALENDAR_DAYS = "calendar days"
    """Whole days on the office's calendar: due at the end of the last day."""
    WEEKS = "weeks"
    """Whole weeks: due at the end of the same weekday that many weeks on."""
    BUSINESS_DAYS = "business days"
    """Due at close of business on the n-th business day after the day of receipt
    (received after close or on a non-business day: the next business day)."""
    BUSINESS_HOURS = "business hours"
    """Working hours on business days, counted from the start."""
    HOURS = "hours"
    """Elapsed hours, day and night."""

    @property
    def business(self) -> bool:
        """Whether time counts only within working hours on business days."""
        return self in (Unit.BUSINESS_DAYS, Unit.BUSINESS_HOURS)


# No clock runs longer than ten years: longer durations are mistakes, and counting
# them day by day would take minutes (or leave the calendar).
MAX_AMOUNTS = {
    "calendar days": 3_660,
    "weeks": 520,
    "business days": 2_610,
    "business hours": 2_610 * 24,
    "hours": 3_660 * 24,
}
"""The longest duration each unit may declare (about ten years)."""


def _amount(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValue(f"Duration.amount must be a positive int, got {value!r}")


def _within_bounds(instance: Duration, attribute: Any, value: Any) -> None:
    limit = MAX_AMOUNTS.get(value.value) if isinstance(value, Unit) else None
    if limit is not None and instance.amount > limit:
        raise InvalidValue(
            f"Duration {instance.amount} {value.value} is longer than any clock runs "
            f"(at most {limit} {value.value}, about ten years)"
        )


def _unit(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Unit):
        raise InvalidValue(f"Duration.unit must be a Unit, got {value!r}")


@final
@attrs.frozen
class Duration:
    """An amount of a unit: ``Duration(8, Unit.WEEKS)``."""

    amount: int = attrs.field(validator=_amount)
    unit: Unit = attrs.field(validator=[_unit, _within_bounds])
    # Read on the hot path: hashing an Enum member runs Python code, a str does not.
    _key: tuple[str, int] = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_key")
    _business: bool = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_business")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", (self.unit.value, self.amount))
        object.__setattr__(self, "_business", self.unit.business)

    def __str__(self) -> str:
        text = self.unit.value
        return f"{self.amount} {text[:-1] if self.amount == 1 else text}"


def _names(value: object) -> frozenset[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidValue(f"expected a collection of names, got {value!r}")
    names = frozenset(value)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InvalidValue(f"names are non-empty strings, got {name!r}")
    return names


@final
@attrs.frozen(kw_only=True)
class Trigger:
    """Events (operation kinds) and states whose entry fire a clock's change.

    ``Trigger(events=["record"])`` fires on a ``record`` event;
    ``Trigger(states=["closed"])`` on any event that moves the case into
    ``closed`` from another state. An empty trigger never fires.
    """

    events: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    states: frozenset[str] = attrs.field(default=frozenset(), converter=_names)

    def fires(self, kind: str, state: str, previous: str | None) -> bool:
        """Whether an event of ``kind`` moving the case from ``previous`` to ``state`` fires."""
        return kind in self.events or (state in self.states and state != previous)

    def __bool__(self) -> bool:
        return bool(self.events or self.states)

    def __str__(self) -> str:
        parts = [*(f"event {e!r}" for e in sorted(self.events))]
        parts += [f"entering {s!r}" for s in sorted(self.states)]
        return " or ".join(parts) if parts else "never"


def _trigger(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Trigger):
        raise InvalidValue(f"{attribute.name} must be a Trigger, got {value!r}")


def _duration(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Duration):
        raise InvalidValue(f"{attribute.name} must be a Duration, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Extension:
    """A one-time extension: when ``on`` fires in time, the duration becomes ``to``."""

    on: Trigger = attrs.field(validator=_trigger)
    to: Duration = attrs.field(validator=_duration)
    rule: str = attrs.field(validator=_text)
    """The rule in words, e.g. "35 business days after a holding reply"."""


def _calendar(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, BusinessCalendar):
        raise InvalidValue(f"Clock.calendar must be a BusinessCalendar, got {value!r}")


def _share(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if type(value) is not float or not 0.0 < value < 1.0:
        raise InvalidValue(f"Clock.warn_at must be a float share between 0 and 1, got {value!r}")


def _flag(instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not bool:
        raise InvalidValue(f"Clock.{attribute.name} must be True or False, got {value!r}")


def _extension(instance: Clock, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Extension):
        raise InvalidValue(f"Clock.extension must be an Extension or None, got {value!r}")
    if value.to.unit is not instance.duration.unit or value.to.amount <= instance.duration.amount:
        raise InvalidValue(
            f"clock {instance.name!r}: an extension must be longer in the same unit "
            f"({value.to} does not extend {instance.duration})"
        )


START, STOP, RESTART, EXTEND, PAUSE = 1, 2, 4, 8, 16
"""Bits of a :class:`Plan`: what an event kind or an entered state does to a clock."""


@final
class Plan:
    """A clock's triggers as two lookups (kind -> bits, state -> bits), for the hot path.

    Why: a status tests every event of a history against five triggers; one dict
    lookup per event kind and per entered state replaces up to nine set lookups.
    """

    __slots__ = ("kinds", "states")

    def __init__(self, kinds: dict[str, int], states: dict[str, int]) -> None:
        self.kinds = kinds
        self.states = states

    @classmethod
    def of(cls, clock: Clock) -> Plan:
        """The plan of ``clock``'s declaration."""
        kinds: dict[str, int] = {}
        states: dict[str, int] = {}
        extension = clock.extension
        triggers = [(clock.starts, START), (clock.stops, STOP), (clock.restarts, RESTART)]
        if extension is not None:
            triggers.append((extension.on, EXTEND))
        for trigger, bit in triggers:
            for kind in trigger.events:
                kinds[kind] = kinds.get(kind, 0) | bit
            for state in trigger.states:
                states[state] = states.get(state, 0) | bit
        for state in clock.pauses_in:
            states[state] = states.get(state, 0) | PAUSE
        return cls(kinds, states)


@final
@attrs.frozen(kw_only=True)
class Clock:
    """One deadline rule, declared as data.

    ``warn_at`` is the share of the time after which a running clock warns
    (``None``: never). ``escalate`` says whether a breach is escalated to a
    supervisor (``False`` for a window that merely closes, such as DISP's
    three-day summary-resolution path); ``tell_customer`` whether the customer
    must be told of the delay when it is breached.
    """

    name: str = attrs.field(validator=_text)
    rule: str = attrs.field(validator=_text)
    """The rule in words, as the source states it."""
    source: str = attrs.field(validator=_text)
    """Where the rule comes from, e.g. "FCA DISP 1.6.2R"."""
    duration: Duration = attrs.field(validator=_duration)
    calendar: BusinessCalendar = attrs.field(validator=_calendar)
    starts: Trigger = attrs.field(validator=_trigger)
    stops: Trigger = attrs.field(factory=Trigger, validator=_trigger)
    pauses_in: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    """States in which the clock does not run (awaiting the customer)."""
    restarts: Trigger = attrs.field(factory=Trigger, validator=_trigger)
    """Events that end a period and begin a new one ("updates every N hours")."""
    extension: Extension | None = attrs.field(default=None, validator=_extension)
    warn_at: float | None = attrs.field(default=0.75, validator=_share)
    escalate: bool = attrs.field(default=True, validator=_flag)
    tell_customer: bool = attrs.field(default=False, validator=_flag)
    _plan: Plan = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_plan")

    def __attrs_post_init__(self) -> None:
        # After the validators: the plan is read from checked triggers.
        object.__setattr__(self, "_plan", Plan.of(self))

    def __str__(self) -> str:
        return f"{self.name} ({self.duration}, {self.source})"


def _clocks(value: object) -> tuple[Clock, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidValue(f"ClockSet.clocks must be clocks, got {value!r}")
    clocks = tuple(value)
    if not clocks:
        raise InvalidValue("a clock set has at least one clock")
    for clock in clocks:
        if not isinstance(clock, Clock):
            raise InvalidValue(f"ClockSet.clocks must be Clock values, got {clock!r}")
    names = [clock.name for clock in clocks]
    if len(set(names)) != len(names):
        raise InvalidValue(f"clock names must be unique within a set, got {names}")
    return clocks


@final
@attrs.frozen(kw_only=True)
class ClockSet:
    """The clocks one regime imposes (FCA DISP, CFPB, a service level)."""

    name: str = attrs.field(validator=_text)
    clocks: tuple[Clock, ...] = attrs.field(converter=_clocks)
    description: str = ""

    def clock(self, name: str) -> Clock:
        """The clock called ``name``; :class:`InvalidValue` if there is none."""
        for clock in self.clocks:
            if clock.name == name:
                return clock
        raise InvalidValue(f"clock set {self.name!r} has no clock {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """The clocks' names, in declaration order."""
        return tuple(clock.name for clock in self.clocks)
