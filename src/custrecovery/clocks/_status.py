"""A clock's status, computed from a case's history and an ``as_of`` time.

Rules
-----
* The library never reads the clock: status is a function of the history, the
  clock (or clock set) and ``as_of`` alone. Events after ``as_of`` are ignored,
  so asking about the past gives what was true then.
* Phases: not started, running, paused, met, breached. A clock starts at the
  first event that fires its ``starts`` trigger, or at an explicit ``start``
  given by the caller (a CFPB complaint's "date sent to company": a date means
  the start of that day on the clock's calendar).
* A pause (the case in one of the clock's ``pauses_in`` states) moves the
  deadline on by the time it lasted, counted in the clock's unit: working time
  for business units (a pause across a weekend costs nothing), elapsed time
  otherwise. A pause never makes a deadline earlier.
* **Failed stays failed**: a running clock whose deadline passes is breached at
  its deadline, and nothing later (a stop, a pause, an extension, a restart)
  undoes it. A stop at or before the deadline is met. An extension counts only
  if it fires before the deadline.
* A warning is raised once the share of the time used reaches the clock's
  ``warn_at``.

Theory of operation
-------------------
:func:`clock_status` walks the history once, keeping the clock's phase, its
current deadline and the working time spent paused; each event is tested
against the clock's triggers in a fixed order (breach by the clock, stop,
restart, extension, pause or resume). Deadlines come from the calendar, which
caches working days; the deadline from a start is cached per calendar too.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import NamedTuple
from typing import final

import attrs

from custrecovery import Case
from custrecovery import Event
from custrecovery import Explanation
from custrecovery import InvalidValue
from custrecovery.clocks._calendar import BusinessCalendar
from custrecovery.clocks._calendar import require_aware_instant
from custrecovery.clocks._calendar import utc
from custrecovery.clocks._declaration import EXTEND
from custrecovery.clocks._declaration import PAUSE
from custrecovery.clocks._declaration import RESTART
from custrecovery.clocks._declaration import START
from custrecovery.clocks._declaration import STOP
from custrecovery.clocks._declaration import Clock
from custrecovery.clocks._declaration import ClockSet
from custrecovery.clocks._declaration import Duration
from custrecovery.clocks._declaration import Unit

__all__ = ["ClockStatus", "Pause", "Phase", "clock_set_status", "clock_status", "deadline"]


@final
class Phase(enum.Enum):
    """Where a clock stands."""

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


class Pause(NamedTuple):
    """A time the clock stood still; ``ended`` is ``None`` while it lasts.

    A named tuple rather than an attrs class: statuses build several per call on
    the hot path, and a tuple is built in a fifth of the time.
    """

    started: datetime
    ended: datetime | None


@final
@attrs.frozen(kw_only=True)
class ClockStatus:
    """A clock's phase at ``as_of``, its deadline, and why.

    Built by :func:`clock_status`; all instants are in UTC. ``due_at`` of a
    paused clock is where the deadline would be if it resumed at ``as_of``.
    """

    clock: Clock
    phase: Phase
    as_of: datetime
    started_at: datetime | None
    due_at: datetime | None
    stopped_at: datetime | None
    breached_at: datetime | None
    pauses: tuple[Pause, ...]
    extended: bool
    paused_seconds: float
    """How long the clock stood still in its current period, in its unit's measure
    (working seconds for business units, elapsed seconds otherwise)."""
    period: int
    """How many times the clock restarted (0: the first period)."""
    start_given: bool
    """Whether the start was given by the caller rather than found in the history."""

    @property
    def share_used(self) -> float | None:
        """Share of the time used (pauses left out), for a running or paused clock.

        Computed when asked, from the calendar's memoised business time: a
        status that nobody asks to warn costs nothing more.
        """
        if self.phase not in (Phase.RUNNING, Phase.PAUSED):
            return None
        started, due = self.started_at, self.due_at
        assert started is not None
        assert due is not None
        if self.clock.duration._business:
            measure: Callable[[datetime, datetime], float] = self.clock.calendar._between
        else:
            measure = _elapsed
        # For a paused clock ``due_at`` is projected to as_of and paused_seconds
        # includes the pause so far: the two cancel, leaving the share at pausing.
        total = measure(started, due) - self.paused_seconds
        left = measure(self.as_of, due)
        return 1.0 - left / total if total > 0 else 1.0

    @property
    def warning(self) -> bool:
        """Whether a running or paused clock has used at least its ``warn_at`` share."""
        warn_at = self.clock.warn_at
        return warn_at is not None and self.share_used is not None and self.share_used >= warn_at

    @property
    def time_left(self) -> timedelta | None:
        """Elapsed time from ``as_of`` to the deadline (negative once breached and open)."""
        if self.due_at is None or self.phase in (Phase.NOT_STARTED, Phase.MET):
            return None
        if self.phase is Phase.BREACHED and self.stopped_at is not None:
            return None
        return self.due_at - self.as_of

    @property
    def duration(self) -> Duration:
        """The duration in force (the extension's once it applied)."""
        extension = self.clock.extension
        return extension.to if self.extended and extension is not None else self.clock.duration

    @property
    def explanation(self) -> Explanation:
        """Which clock and rule, from which source, on which facts."""
        clock = self.clock
        facts: dict[str, object] = {"clock": clock.name, "phase": self.phase.value}
        facts["as_of"] = self.as_of.isoformat()
        if self.started_at is not None:
            how = "given" if self.start_given else f"on {clock.starts}"
            facts["started"] = f"{self.started_at.isoformat()} ({how})"
        if self.due_at is not None:
            facts["due"] = self.due_at.isoformat()
        if self.stopped_at is not None:
            facts["stopped"] = self.stopped_at.isoformat()
        if self.breached_at is not None:
            facts["breached"] = self.breached_at.isoformat()
        if self.pauses:
            facts["pauses"] = "; ".join(
                f"{p.started.isoformat()} to {p.ended.isoformat() if p.ended else 'now'}"
                for p in self.pauses
            )
        if self.extended and clock.extension is not None:
            facts["extended"] = clock.extension.rule
        if self.period:
            facts["period"] = str(self.period + 1)
        thresholds: dict[str, object] = {"duration": self.duration, "calendar": clock.calendar}
        if clock.warn_at is not None:
            thresholds["warn_at"] = f"{clock.warn_at:.0%}"
        return Explanation(clock.source, clock.rule, facts, thresholds)

    def __str__(self) -> str:
        due = f", due {self.due_at.isoformat()}" if self.due_at is not None else ""
        return f"{self.clock.name}: {self.phase.value}{due}"


def _start_instant(start: date | datetime, calendar: BusinessCalendar) -> datetime:
    if isinstance(start, datetime):
        return utc(require_aware_instant(start, "start"))
    if isinstance(start, date):
        return calendar.start_of(start)
    raise InvalidValue(f"start must be a date or an aware datetime, got {start!r}")


def deadline(duration: Duration, calendar: BusinessCalendar, start: datetime) -> datetime:
    """When ``duration`` counted from ``start`` in ``calendar`` runs out (UTC).

    Calendar days and weeks end at the end of the last day; business days at
    close of business on the n-th business day after the day of receipt;
    hours and business hours after that much (working) time.
    """
    return _deadline(duration, calendar, utc(require_aware_instant(start, "start")))


def _deadline(duration: Duration, calendar: BusinessCalendar, start: datetime) -> datetime:
    """:func:`deadline` for a start already checked and in UTC."""
    cache = calendar._cache.deadlines
    key = (duration._key, start)
    found = cache.get(key)
    if found is not None:
        return found
    unit, n = duration.unit, duration.amount
    if unit is Unit.CALENDAR_DAYS or unit is Unit.WEEKS:
        days = n if unit is Unit.CALENDAR_DAYS else 7 * n
        found = calendar.end_of(calendar.local_date(start) + timedelta(days=days))
    elif unit is Unit.BUSINESS_DAYS:
        found = calendar.close_of(calendar.nth_business_day_after(calendar.receipt_day(start), n))
    elif unit is Unit.BUSINESS_HOURS:
        found = calendar._add(start, n * 3600)
    else:
        found = start + timedelta(hours=n)
    if len(cache) >= 4096:  # a sweep over many cases: keep the memo bounded
        cache.clear()
    cache[key] = found
    return found


def _elapsed(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


def _later(due: datetime, amount: float) -> datetime:
    return due + timedelta(seconds=amount) if amount > 0 else due


def _history(case: Case | Sequence[Event]) -> Sequence[Event]:
    if isinstance(case, Case):
        return case.history
    if isinstance(case, Sequence) and all(isinstance(e, Event) for e in case):
        return case
    raise InvalidValue(f"expected a Case or a sequence of Events, got {case!r}")


def clock_status(
    clock: Clock,
    case: Case | Sequence[Event],
    *,
    as_of: datetime,
    start: date | datetime | None = None,
) -> ClockStatus:
    """The status of ``clock`` on ``case`` (or a history) at ``as_of``.

    ``start``, if given, starts the clock there instead of at its ``starts``
    trigger (a CFPB complaint's date sent to the company).
    """
    if not isinstance(clock, Clock):
        raise InvalidValue(f"expected a Clock, got {clock!r}")
    as_of = utc(require_aware_instant(as_of, "as_of"))
    return _status(clock, _steps(_history(case)), as_of, start)


def clock_set_status(
    clock_set: ClockSet,
    case: Case | Sequence[Event],
    *,
    as_of: datetime,
    start: date | datetime | None = None,
) -> tuple[ClockStatus, ...]:
    """The status of every clock of ``clock_set`` on ``case`` at ``as_of``, in order."""
    if not isinstance(clock_set, ClockSet):
        raise InvalidValue(f"expected a ClockSet, got {clock_set!r}")
    as_of = utc(require_aware_instant(as_of, "as_of"))
    steps = _steps(_history(case))
    return tuple([_status(clock, steps, as_of, start) for clock in clock_set.clocks])


# --- the trusted constructor ---------------------------------------------------
#
# Why: a status is built for every clock of every case a sweep looks at, and
# attrs' generated __init__ sets a frozen instance's twelve fields through a
# bound ``object.__setattr__`` each: a quarter of a status's cost. Statuses are
# built here only from values this module computed, so the slots are filled
# directly (the pattern of custrecovery._case.next_case).

_new = object.__new__
_STATUS_SLOTS = (
    "clock",
    "phase",
    "as_of",
    "started_at",
    "due_at",
    "stopped_at",
    "breached_at",
    "pauses",
    "extended",
    "paused_seconds",
    "period",
    "start_given",
)
# Fail at import, not with a half-built status, if a field is added and not here.
if tuple(attrs.fields_dict(ClockStatus)) != _STATUS_SLOTS:
    raise RuntimeError("custrecovery.clocks._status._new_status no longer fills every field")
(
    _set_clock,
    _set_phase,
    _set_as_of,
    _set_started,
    _set_due,
    _set_stopped,
    _set_breached,
    _set_pauses,
    _set_extended,
    _set_paused,
    _set_period,
    _set_given,
) = (ClockStatus.__dict__[name].__set__ for name in _STATUS_SLOTS)


def _new_status(
    clock: Clock,
    phase: Phase,
    as_of: datetime,
    started_at: datetime | None,
    due_at: datetime | None,
    stopped_at: datetime | None,
    breached_at: datetime | None,
    pauses: tuple[Pause, ...],
    extended: bool,
    paused_seconds: float,
    period: int,
    start_given: bool,
) -> ClockStatus:
    """A :class:`ClockStatus` of checked values, built without running ``__init__``."""
    status: ClockStatus = _new(ClockStatus)
    _set_clock(status, clock)
    _set_phase(status, phase)
    _set_as_of(status, as_of)
    _set_started(status, started_at)
    _set_due(status, due_at)
    _set_stopped(status, stopped_at)
    _set_breached(status, breached_at)
    _set_pauses(status, pauses)
    _set_extended(status, extended)
    _set_paused(status, paused_seconds)
    _set_period(status, period)
    _set_given(status, start_given)
    return status


_Step = tuple[datetime, str, str]


def _steps(history: Sequence[Event]) -> list[_Step]:
    """(when, kind, state after) of each event: read once, shared by a set's clocks."""
    return [(event.operation.at, event.operation.kind, event.state) for event in history]


def _status(
    clock: Clock, steps: Sequence[_Step], as_of: datetime, start: date | datetime | None
) -> ClockStatus:
    calendar = clock.calendar
    duration = clock.duration
    # How time is measured and added: working seconds, or elapsed seconds.
    measure: Callable[[datetime, datetime], float]
    shift: Callable[[datetime, float], datetime]
    if duration._business:
        measure, shift = calendar._between, calendar._add
    else:
        measure, shift = _elapsed, _later
    given = None if start is None else _start_instant(start, calendar)
    plan = clock._plan
    kinds, states = plan.kinds.get, plan.states.get
    started_at: datetime | None = None
    due: datetime | None = None
    stopped_at: datetime | None = None
    breached_at: datetime | None = None
    paused_since: datetime | None = None
    pauses: list[Pause] = []
    paused_amount = 0.0  # time spent paused in this period, in the unit's measure
    extended = False
    period = 0
    state: str | None = None
    extension = clock.extension
    events = iter(steps)

    # Until the clock starts: find its start (an event, or the given instant).
    pending: _Step | None = None  # an event read here that belongs to the running clock
    for at, kind, new_state in events:
        if at > as_of:  # aware instants compare correctly whatever their zones
            events = iter(())
            break
        if given is not None:
            if at >= given:
                pending = (at, kind, new_state)  # the given start came first
                break
        elif kinds(kind, 0) & START or (new_state != state and states(new_state, 0) & START):
            started_at = utc(at)
            due = _deadline(duration, calendar, started_at)
            if states(new_state, 0) & PAUSE:
                paused_since = started_at
            state = new_state
            break
        state = new_state
    if given is not None and given <= as_of:
        started_at, due = given, _deadline(duration, calendar, given)
        if state is not None and states(state, 0) & PAUSE:
            paused_since = given
    if started_at is None:
        events = iter(())
    elif pending is not None:
        events = itertools.chain((pending,), events)

    # While it runs: each event that concerns the clock, in time order (the desk
    # keeps histories in time order, so a deadline passed between two events
    # that do not concern the clock is found at the next one that does).
    for at, kind, new_state in events:
        if at > as_of:
            break
        bits = kinds(kind, 0)
        if new_state != state:
            state_bits = states(new_state, 0)
            bits |= state_bits & ~PAUSE
            now_paused = bool(state_bits & PAUSE)
            state = new_state
        else:
            now_paused = paused_since is not None
        if not bits and now_paused is (paused_since is not None):
            continue
        assert due is not None
        assert started_at is not None
        if breached_at is None and paused_since is None and at > due:
            breached_at = due
        if bits & STOP:
            at = utc(at)
            if paused_since is not None:
                pauses.append(Pause(paused_since, at))
                paused_since = None
            stopped_at = at
            break
        if breached_at is not None:
            continue  # failed stays failed: only a stop is still recorded
        if bits & RESTART:
            at = utc(at)
            if paused_since is not None:
                pauses.append(Pause(paused_since, at))
            period += 1
            started_at, paused_amount, extended = at, 0.0, False
            due = _deadline(duration, calendar, at)
            paused_since = at if now_paused else None
            continue
        if bits & EXTEND and not extended and extension is not None:
            extended = True
            longer = _deadline(extension.to, calendar, started_at)
            due = shift(longer, paused_amount)
        if paused_since is None:
            if now_paused:
                paused_since = utc(at)
        elif not now_paused:
            at = utc(at)
            amount = measure(paused_since, at)
            paused_amount += amount
            due = shift(due, amount)
            pauses.append(Pause(paused_since, at))
            paused_since = None

    if started_at is None:
        phase = Phase.NOT_STARTED
    elif breached_at is not None:
        phase = Phase.BREACHED
    elif stopped_at is not None:
        phase = Phase.MET
    else:
        assert due is not None
        if paused_since is None and as_of > due:
            phase, breached_at = Phase.BREACHED, due
        elif paused_since is None:
            phase = Phase.RUNNING
        else:
            phase = Phase.PAUSED
            pauses.append(Pause(paused_since, None))
            so_far = measure(paused_since, as_of)
            paused_amount += so_far
            due = shift(due, so_far)
    return _new_status(
        clock,
        phase,
        as_of,
        started_at,
        due,
        stopped_at,
        breached_at,
        tuple(pauses),
        extended,
        paused_amount,
        period,
        given is not None and started_at == given and period == 0,
    )
