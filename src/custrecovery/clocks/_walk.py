"""Walking a history: a clock's status from a case's history and an ``as_of`` time.

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
current deadline and the time spent paused; each event is looked up in the
clock's plan (its triggers as bits per event kind and per entered state) and
events that concern the clock are handled in a fixed order: breach by the
clock, stop, restart, extension, pause or resume. A clock set's clocks share
one read of the history. Deadlines come from the calendar, which caches
working days and memoises business time; deadlines from a start are memoised
per calendar too.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import timedelta

from custrecovery.cases import Case
from custrecovery.cases import Event
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
from custrecovery.clocks._status import ClockStatus
from custrecovery.clocks._status import Pause
from custrecovery.clocks._status import Phase
from custrecovery.clocks._status import elapsed
from custrecovery.clocks._status import new_status
from custrecovery.errors import InvalidValue

__all__ = ["clock_set_status", "clock_status", "deadline"]


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
    if not isinstance(duration, Duration):
        raise InvalidValue(f"expected a Duration, got {duration!r}")
    if not isinstance(calendar, BusinessCalendar):
        raise InvalidValue(f"expected a BusinessCalendar, got {calendar!r}")
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


# A named tuple's own constructor is Python code; tuple.__new__ builds the same
# value in half the time, and pauses are built on the hot path.
_pause: Callable[[tuple[datetime, datetime | None]], Pause] = functools.partial(
    tuple.__new__, Pause
)


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
    try:
        return _status(clock, _steps(_history(case)), as_of, start)
    except OverflowError:
        raise _off_calendar(clock.name) from None


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
    try:
        return tuple([_status(clock, steps, as_of, start) for clock in clock_set.clocks])
    except OverflowError:
        raise _off_calendar(clock_set.name) from None


def _off_calendar(what: str) -> InvalidValue:
    # Zero-cost until it happens: a deadline past year 9999 is a typed error, not a crash.
    return InvalidValue(f"{what}: a deadline falls outside the calendar (after year 9999)")


_Step = tuple[datetime, str, str]


def _steps(history: Sequence[Event]) -> list[_Step]:
    """(when, kind, state after) of each event: read once, shared by a set's clocks."""
    return [((op := event.operation).at, op.kind, event.state) for event in history]


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
        measure, shift = elapsed, _later
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
                pauses.append(_pause((paused_since, at)))
                paused_since = None
            stopped_at = at
            break
        if breached_at is not None:
            continue  # failed stays failed: only a stop is still recorded
        if bits & RESTART:
            at = utc(at)
            if paused_since is not None:
                pauses.append(_pause((paused_since, at)))
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
            pauses.append(_pause((paused_since, at)))
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
            pauses.append(_pause((paused_since, None)))
            so_far = measure(paused_since, as_of)
            paused_amount += so_far
            due = shift(due, so_far)
    return new_status(
        clock,
        phase,
        as_of,
        started_at,
        due,
        stopped_at,
        breached_at,
        tuple(pauses) if pauses else (),
        extended,
        paused_amount,
        period,
        given is not None and started_at == given and period == 0,
    )
