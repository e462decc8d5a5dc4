"""The status of a clock: its phase, deadline, pauses and explanation, as a value.

Rules
-----
* A status is a value: it holds the instants (all UTC) that
  :mod:`custrecovery.clocks._walk` found in a history, and derives the rest
  (time left, share used, warning, explanation) when asked.
* Every status explains itself: the clock, its rule and source, the start (and
  whether it was given), the deadline, the stop or breach, and the pauses.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from typing import NamedTuple
from typing import final

import attrs

from custrecovery.clocks._declaration import Clock
from custrecovery.clocks._declaration import Duration
from custrecovery.explanations import Explanation

__all__ = ["ClockStatus", "Pause", "Phase", "elapsed", "new_status"]


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
            measure = elapsed
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


def elapsed(start: datetime, end: datetime) -> float:
    """Elapsed seconds from ``start`` to ``end``."""
    return (end - start).total_seconds()


# --- the trusted constructor ---------------------------------------------------
#
# Why: a status is built for every clock of every case a sweep looks at, and
# attrs' generated __init__ sets a frozen instance's twelve fields through a
# bound ``object.__setattr__`` each: a quarter of a status's cost. The walk
# (custrecovery.clocks._walk) builds statuses only from values it computed, so
# the slots are filled directly (the pattern of custrecovery._case.next_case).

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
    raise RuntimeError("custrecovery.clocks._status.new_status no longer fills every field")
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


def new_status(
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
