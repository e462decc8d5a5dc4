"""The sweep's due actions and the notices that carry deadlines."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from custrecovery import Case
from custrecovery import FollowUpAction
from custrecovery import InvalidValue
from custrecovery.clocks import FOS_WEBSITE
from custrecovery.clocks import ActionKind
from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import ClockSet
from custrecovery.clocks import acknowledgement_text
from custrecovery.clocks import cfpb_clocks
from custrecovery.clocks import clock_status
from custrecovery.clocks import delay_text
from custrecovery.clocks import describe_due
from custrecovery.clocks import fca_disp_clocks
from custrecovery.clocks import final_response_text
from custrecovery.clocks import service_level_sets
from custrecovery.clocks import severity_of
from custrecovery.clocks import summary_resolution_text
from custrecovery.clocks import sweep
from tests.clocks._ops import AGENT
from tests.clocks._ops import Acknowledge
from tests.clocks._ops import Assess
from tests.clocks._ops import ProposeResolution
from tests.clocks._ops import Severity
from tests.clocks._ops import appended
from tests.clocks._ops import received

LONDON = ZoneInfo("Europe/London")
CAL = BusinessCalendar()
DISP = fca_disp_clocks(calendar=CAL)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def case_received(at: datetime, case_id: str) -> Case:
    """A case received and acknowledged (10 minutes later) at ``at``."""
    case = received(at, case_id)
    return appended(case, Acknowledge(by=AGENT, at=at.replace(minute=10)), "acknowledged")


def test_sweep_warns_escalates_and_tells_the_customer() -> None:
    """A case at 80% of eight weeks is warned; one past them is escalated and its customer told."""
    fresh = case_received(london(2026, 11, 2, 10), "C-fresh")
    warned = case_received(london(2026, 9, 15, 10), "C-warned")
    late = case_received(london(2026, 9, 1, 10), "C-late")
    answered = appended(
        case_received(london(2026, 9, 1, 10), "C-done"),
        ProposeResolution(by=AGENT, at=london(2026, 9, 20, 10), resolution="refund"),
        "resolution_proposed",
    )
    as_of = london(2026, 11, 2, 12)
    actions = sweep([fresh, warned, late, answered], as_of=as_of, clock_sets=[DISP])
    got = [(a.case_id, a.clock, a.kind, a.role) for a in actions]
    assert got == [
        ("C-late", "final_response", ActionKind.ESCALATE, "supervisor"),
        ("C-late", "final_response", ActionKind.TELL_CUSTOMER, "owner"),
        ("C-warned", "final_response", ActionKind.WARN_OWNER, "owner"),
    ]
    assert all(a.explanation.source == "FCA DISP 1.6.2R" for a in actions)
    assert actions[0].owner == AGENT


def test_a_closed_window_is_not_escalated() -> None:
    """The three-day window running out asks for nothing: the ordinary route applies."""
    case = case_received(london(2026, 11, 2, 10), "C-1")
    actions = sweep([case], as_of=london(2026, 11, 6, 12), clock_sets=[DISP])
    assert actions == ()


def test_sweep_takes_clock_sets_per_case_and_explicit_starts() -> None:
    """Clock sets can be chosen per case, and a CFPB start given by case id."""
    case = received(datetime(2026, 11, 1, tzinfo=ZoneInfo("America/New_York")), "CFPB-1")
    cfpb = cfpb_clocks()

    def choose(case: Case) -> list[ClockSet]:
        """Every case here is a CFPB complaint."""
        return [cfpb]

    as_of = datetime(2026, 12, 11, tzinfo=ZoneInfo("America/New_York"))
    given = sweep([case], as_of=as_of, clock_sets=choose, starts={"CFPB-1": date(2026, 12, 1)})
    assert [a.kind for a in given] == []
    from_record = sweep([case], as_of=as_of, clock_sets=choose)
    assert [(a.clock, a.kind) for a in from_record] == [("response", ActionKind.ESCALATE)]


def test_actions_convert_to_follow_ups() -> None:
    """A clock action is also a FollowUpAction naming its clock set as the source."""
    case = case_received(london(2026, 9, 1, 10), "C-late")
    action = sweep([case], as_of=london(2026, 11, 2), clock_sets=[DISP])[0]
    follow_up = action.as_follow_up()
    assert isinstance(follow_up, FollowUpAction)
    assert follow_up.source == "clocks:FCA DISP"
    assert "FCA DISP 1.6.2R" in follow_up.why


def test_sweep_refuses_naive_times_and_garbage() -> None:
    """A naive as_of, a non-case or a string of clock sets is refused."""
    case = case_received(london(2026, 9, 1, 10), "C-1")
    with pytest.raises(InvalidValue):
        sweep([case], as_of=datetime(2026, 11, 2), clock_sets=[DISP])
    with pytest.raises(InvalidValue):
        sweep(["C-1"], as_of=london(2026, 11, 2), clock_sets=[DISP])  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        sweep([case], as_of=london(2026, 11, 2), clock_sets="DISP")  # type: ignore[arg-type]


def test_acknowledgement_states_when_the_final_response_is_due() -> None:
    """The acknowledgement names the owner and the eight-week deadline in words."""
    case = case_received(london(2026, 12, 23, 10), "C-1")
    status = clock_status(DISP.clock("final_response"), case, as_of=london(2026, 12, 23, 11))
    text = acknowledgement_text(case, status, firm="Example Bank")
    assert "by the end of Wednesday 17 February 2027" in text
    assert "Wednesday 23 December 2026" in text
    assert AGENT.name in text
    assert FOS_WEBSITE in text


def test_business_day_deadlines_are_described_at_close_of_business() -> None:
    """A business-day deadline reads as 17:00 on the day, in the calendar's zone."""
    case = case_received(london(2026, 12, 23, 10), "C-1")
    status = clock_status(DISP.clock("summary_resolution"), case, as_of=london(2026, 12, 23, 11))
    assert describe_due(status) == "by 17:00 on Wednesday 30 December 2026 (Europe/London)"


def test_final_response_names_the_ombudsman_and_six_months() -> None:
    """A DISP final response names the Financial Ombudsman Service and the six-month limit."""
    case = case_received(london(2026, 12, 23, 10), "C-1")
    text = final_response_text(
        case, firm="Example Bank", decision="We uphold your complaint.", sent_on=date(2027, 1, 8)
    )
    assert "Financial Ombudsman Service" in text
    assert "within six months" in text
    assert "Friday 8 January 2027" in text
    assert "do not consent" in text


def test_delay_and_summary_resolution_texts() -> None:
    """The delay letter gives the reason and the Ombudsman; the summary says it is resolved."""
    case = case_received(london(2026, 9, 1, 10), "C-1")
    status = clock_status(DISP.clock("final_response"), case, as_of=london(2026, 11, 2))
    delay = delay_text(case, status, firm="Example Bank", reason="we await a report")
    assert "we await a report" in delay
    assert "Financial Ombudsman Service" in delay
    summary = summary_resolution_text(case, firm="Example Bank", resolved_on=london(2026, 9, 2))
    assert "resolved" in summary
    assert FOS_WEBSITE in summary


def test_notices_refuse_an_unstarted_clock_and_blank_text() -> None:
    """No deadline, no acknowledgement; a blank firm or decision is refused."""
    case = case_received(london(2026, 12, 23, 10), "C-1")
    status = clock_status(DISP.clock("final_response"), case, as_of=london(2026, 12, 1))
    with pytest.raises(InvalidValue, match="not started"):
        acknowledgement_text(case, status, firm="Example Bank")
    with pytest.raises(InvalidValue):
        final_response_text(case, firm=" ", decision="x", sent_on=date(2027, 1, 8))
    with pytest.raises(InvalidValue, match="timezone-aware"):
        summary_resolution_text(case, firm="Example Bank", resolved_on=datetime(2026, 12, 24))


def test_sweep_chooses_service_levels_by_severity() -> None:
    """A critical case is held to the critical service level, a low one to the low level."""
    sets = service_level_sets(calendar=CAL)

    def by_severity(case: Case) -> list[ClockSet]:
        """The service level of the case's assessed severity (medium until assessed)."""
        return [sets[severity_of(case) or "medium"]]

    start = london(2026, 11, 9, 9)
    critical = appended(
        received(start, "C-critical"),
        Assess(by=AGENT, at=start.replace(minute=5), severity=Severity.CRITICAL),
        "assessed",
    )
    low = appended(
        received(start, "C-low"),
        Assess(by=AGENT, at=start.replace(minute=5), severity=Severity.LOW),
        "assessed",
    )
    actions = sweep([critical, low], as_of=london(2026, 11, 9, 15), clock_sets=by_severity)
    assert {(a.case_id, a.clock_set, a.clock, a.kind) for a in actions} == {
        ("C-critical", "service level (critical)", "first_response", ActionKind.ESCALATE),
        ("C-critical", "service level (critical)", "resolution", ActionKind.WARN_OWNER),
    }
