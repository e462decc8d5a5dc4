"""Service-level clocks: business hours, pauses awaiting the customer, updates every N hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from custrecovery import Case
from custrecovery import InvalidValue
from custrecovery.clocks import DEFAULT_SERVICE_LEVELS
from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import Duration
from custrecovery.clocks import Phase
from custrecovery.clocks import ServiceLevel
from custrecovery.clocks import Unit
from custrecovery.clocks import clock_status
from custrecovery.clocks import service_level_clocks
from custrecovery.clocks import service_level_sets
from custrecovery.clocks import severity_of
from tests.clocks._ops import AGENT
from tests.clocks._ops import Acknowledge
from tests.clocks._ops import Assess
from tests.clocks._ops import AwaitCustomer
from tests.clocks._ops import CustomerReplied
from tests.clocks._ops import Investigate
from tests.clocks._ops import ProposeResolution
from tests.clocks._ops import Severity
from tests.clocks._ops import appended
from tests.clocks._ops import received

LONDON = ZoneInfo("Europe/London")
CAL = BusinessCalendar()
HIGH = service_level_clocks(DEFAULT_SERVICE_LEVELS["high"], severity="high", calendar=CAL)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def investigating(at: datetime) -> Case:
    """A case received at ``at``, acknowledged, assessed and under investigation."""
    case = received(at)
    case = appended(case, Acknowledge(by=AGENT, at=at.replace(minute=10)), "acknowledged")
    case = appended(case, Assess(by=AGENT, at=at.replace(minute=20)), "assessed")
    return appended(case, Investigate(by=AGENT, at=at.replace(minute=30)), "investigating")


def paused(case: Case, start: datetime, end: datetime) -> Case:
    """``case`` awaiting the customer from ``start`` until their reply at ``end``."""
    case = appended(
        case, AwaitCustomer(by=AGENT, at=start, request="a statement"), "awaiting_customer"
    )
    return appended(case, CustomerReplied(by=AGENT, at=end), "investigating")


def test_resolution_without_pause_counts_working_hours_over_the_weekend() -> None:
    """16 business hours from Fri 6 Nov 2026 10:00: 7 on Friday, 8 on Monday, due Tue 10:00."""
    status = clock_status(
        HIGH.clock("resolution"),
        investigating(london(2026, 11, 6, 10)),
        as_of=london(2026, 11, 9, 12),
    )
    assert status.phase is Phase.RUNNING
    assert status.due_at == london(2026, 11, 10, 10)


def test_a_pause_across_a_weekend_costs_only_its_working_hours() -> None:
    """Awaiting the customer Fri 15:00 to Mon 11:00 adds 4 working hours: due Tue 14:00."""
    case = paused(
        investigating(london(2026, 11, 6, 10)), london(2026, 11, 6, 15), london(2026, 11, 9, 11)
    )
    status = clock_status(HIGH.clock("resolution"), case, as_of=london(2026, 11, 9, 12))
    assert status.due_at == london(2026, 11, 10, 14)
    assert status.paused_seconds == 4 * 3600
    assert "pauses=2026-11-06T15:00:00+00:00 to 2026-11-09T11:00:00+00:00" in str(
        status.explanation
    )
    assert [(p.started, p.ended) for p in status.pauses] == [
        (london(2026, 11, 6, 15), london(2026, 11, 9, 11))
    ]


def test_a_pause_entirely_outside_working_hours_changes_nothing() -> None:
    """Awaiting the customer from Friday 17:30 to Monday 08:30 leaves the deadline where it was."""
    case = paused(
        investigating(london(2026, 11, 6, 10)),
        london(2026, 11, 6, 17, 30),
        london(2026, 11, 9, 8, 30),
    )
    status = clock_status(HIGH.clock("resolution"), case, as_of=london(2026, 11, 9, 12))
    assert status.due_at == london(2026, 11, 10, 10)


def test_a_paused_clock_reports_the_deadline_if_it_resumed_now() -> None:
    """While awaiting the customer the clock is paused and its projected deadline moves on."""
    case = investigating(london(2026, 11, 6, 10))
    case = appended(
        case, AwaitCustomer(by=AGENT, at=london(2026, 11, 6, 15), request="x"), "awaiting_customer"
    )
    status = clock_status(HIGH.clock("resolution"), case, as_of=london(2026, 11, 9, 11))
    assert status.phase is Phase.PAUSED
    assert status.due_at == london(2026, 11, 10, 14)
    assert status.pauses[-1].ended is None
    assert status.share_used == pytest.approx(5 / 16)


def test_first_response_met_by_the_acknowledgement() -> None:
    """The acknowledgement ten minutes after receipt meets the first-response clock."""
    status = clock_status(
        HIGH.clock("first_response"),
        investigating(london(2026, 11, 6, 10)),
        as_of=london(2026, 11, 9),
    )
    assert status.phase is Phase.MET
    assert status.stopped_at == london(2026, 11, 6, 10, 10)


def test_updates_restart_the_update_clock() -> None:
    """Each update to the customer starts a new period of 4 business hours."""
    case = investigating(london(2026, 11, 9, 9))
    case = appended(
        case,
        ProposeResolution(by=AGENT, at=london(2026, 11, 9, 12), resolution="a refund"),
        "resolution_proposed",
    )
    status = clock_status(HIGH.clock("update"), case, as_of=london(2026, 11, 9, 12, 30))
    assert status.period == 1
    assert status.phase is Phase.PAUSED  # awaiting the customer's answer to the proposal


def test_a_missed_update_stays_breached_after_a_later_update() -> None:
    """An update after the period ran out does not undo the breach."""
    case = investigating(london(2026, 11, 9, 9))
    late = london(2026, 11, 9, 15)  # 4 business hours from 09:10 ran out at 13:10
    case = appended(
        case, ProposeResolution(by=AGENT, at=late, resolution="a refund"), "resolution_proposed"
    )
    status = clock_status(HIGH.clock("update"), case, as_of=london(2026, 11, 9, 16))
    assert status.phase is Phase.BREACHED
    assert status.breached_at == london(2026, 11, 9, 13, 10)


def test_warning_at_the_configured_share() -> None:
    """The resolution clock warns once 75% of its 16 working hours are used."""
    case = investigating(london(2026, 11, 9, 9))
    early = clock_status(HIGH.clock("resolution"), case, as_of=london(2026, 11, 10, 12, 59))
    late = clock_status(HIGH.clock("resolution"), case, as_of=london(2026, 11, 10, 13))
    assert not early.warning
    assert late.warning


def test_sets_per_severity_and_the_case_severity() -> None:
    """One set per severity, chosen by the severity of the latest assessment."""
    sets = service_level_sets(calendar=CAL)
    assert sorted(sets) == ["critical", "high", "low", "medium"]
    assert "update" not in sets["low"].names
    case = received(london(2026, 11, 9, 9))
    assert severity_of(case) is None
    case = appended(case, Assess(by=AGENT, at=london(2026, 11, 9, 10), severity=Severity.CRITICAL))
    assert severity_of(case) == "critical"


def test_bad_service_levels_are_refused() -> None:
    """A service level needs durations, and a set a severity name."""
    with pytest.raises(InvalidValue):
        ServiceLevel(first_response=4, resolution=Duration(1, Unit.HOURS))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        service_level_clocks(DEFAULT_SERVICE_LEVELS["low"], severity=" ")
