"""Properties of clock status over arbitrary histories (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custrecovery import Event
from custrecovery.clocks import DEFAULT_SERVICE_LEVELS
from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import Clock
from custrecovery.clocks import Phase
from custrecovery.clocks import cfpb_clocks
from custrecovery.clocks import clock_status
from custrecovery.clocks import fca_disp_clocks
from custrecovery.clocks import fca_disp_payment_services_clocks
from custrecovery.clocks import service_level_clocks
from tests.clocks._ops import AGENT
from tests.clocks._ops import AcceptResolution
from tests.clocks._ops import Acknowledge
from tests.clocks._ops import AwaitCustomer
from tests.clocks._ops import Close
from tests.clocks._ops import CustomerReplied
from tests.clocks._ops import Investigate
from tests.clocks._ops import Operation
from tests.clocks._ops import ProposeResolution
from tests.clocks._ops import RejectResolution
from tests.clocks._ops import SendHoldingReply
from tests.clocks._ops import history_of

CAL = BusinessCalendar()
CLOCKS: list[Clock] = [
    *fca_disp_clocks(calendar=CAL).clocks,
    *fca_disp_payment_services_clocks(calendar=CAL).clocks,
    *cfpb_clocks().clocks,
    *service_level_clocks(DEFAULT_SERVICE_LEVELS["high"], severity="high", calendar=CAL).clocks,
]
PAUSING = [clock for clock in CLOCKS if clock.pauses_in]

Step = Callable[[datetime], tuple[Operation, str]]
MENU: list[Step] = [
    lambda at: (Acknowledge(by=AGENT, at=at), "acknowledged"),
    lambda at: (Investigate(by=AGENT, at=at), "investigating"),
    lambda at: (AwaitCustomer(by=AGENT, at=at, request="a statement"), "awaiting_customer"),
    lambda at: (CustomerReplied(by=AGENT, at=at), "investigating"),
    lambda at: (ProposeResolution(by=AGENT, at=at, resolution="a refund"), "resolution_proposed"),
    lambda at: (RejectResolution(by=AGENT, at=at), "resolution_rejected"),
    lambda at: (AcceptResolution(by=AGENT, at=at), "resolved"),
    lambda at: (Close(by=AGENT, at=at), "closed"),
    lambda at: (SendHoldingReply(by=AGENT, at=at), "investigating"),
]
# Weighted towards the pause states, so pauses happen often.
CHOICES = st.sampled_from([0, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8])
GAPS = st.integers(min_value=0, max_value=8 * 24 * 60)  # minutes, up to 8 days


@st.composite
def histories(draw: st.DrawFn) -> tuple[Event, ...]:
    """A record somewhere in 2026-2027 followed by up to 12 steps at random gaps."""
    start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(
        minutes=draw(st.integers(min_value=0, max_value=700 * 24 * 60))
    )
    at = start
    steps = []
    for choice in draw(st.lists(st.tuples(CHOICES, GAPS), max_size=12)):
        index, gap = choice
        at += timedelta(minutes=gap)
        steps.append(MENU[index](at))
    return history_of(steps, start)


def times(history: tuple[Event, ...]) -> list[datetime]:
    """Every event's time, and a week after the last."""
    return [*(e.at for e in history), history[-1].at + timedelta(days=7)]


@settings(max_examples=150)
@given(histories(), st.sampled_from(PAUSING), st.integers(min_value=0, max_value=60 * 24 * 30))
def test_a_pause_never_makes_a_deadline_earlier(
    history: tuple[Event, ...], clock: Clock, later: int
) -> None:
    """The same clock without pause states is never due later than with them."""
    as_of = history[-1].at + timedelta(minutes=later)
    with_pauses = clock_status(clock, history, as_of=as_of)
    without = clock_status(attrs.evolve(clock, pauses_in=()), history, as_of=as_of)
    assert (with_pauses.due_at is None) == (without.due_at is None)
    if with_pauses.due_at is not None and without.due_at is not None:
        assert with_pauses.due_at >= without.due_at
    if without.phase is not Phase.BREACHED:
        assert with_pauses.phase is not Phase.BREACHED


@settings(max_examples=150)
@given(histories(), st.sampled_from(CLOCKS))
def test_later_events_never_turn_breached_into_met(
    history: tuple[Event, ...], clock: Clock
) -> None:
    """Once a clock is breached at some time, it is breached at every later time."""
    phases = [clock_status(clock, history, as_of=t).phase for t in times(history)]
    if Phase.BREACHED in phases:
        first = phases.index(Phase.BREACHED)
        assert set(phases[first:]) == {Phase.BREACHED}


@settings(max_examples=150)
@given(histories(), st.sampled_from(CLOCKS), st.integers(min_value=0, max_value=13))
def test_status_depends_only_on_history_clock_and_as_of(
    history: tuple[Event, ...], clock: Clock, cut: int
) -> None:
    """Status ignores events after as_of, the as_of's zone, and the calendar's warm caches."""
    as_of = times(history)[min(cut, len(history))]
    status = clock_status(clock, history, as_of=as_of)
    seen = tuple(e for e in history if e.at <= as_of)
    cold = attrs.evolve(clock, calendar=attrs.evolve(clock.calendar))  # same settings, no caches
    assert clock_status(clock, seen, as_of=as_of) == status
    assert clock_status(cold, history, as_of=as_of) == status
    assert clock_status(clock, history, as_of=as_of.astimezone(ZoneInfo("Asia/Tokyo"))) == status
    assert clock_status(clock, history, as_of=as_of) == status
