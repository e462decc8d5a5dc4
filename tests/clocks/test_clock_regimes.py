"""The built-in regimes on worked dates: DISP 3 days and 8 weeks, PSD 15/35, CFPB 15/60.

Every expected date is written out from the rule's own wording and checked
again against ``holidays``' own working-day helper and ``zoneinfo``, not
against what the clocks print.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import Phase
from custrecovery.clocks import cfpb_clocks
from custrecovery.clocks import clock_set_status
from custrecovery.clocks import clock_status
from custrecovery.clocks import fca_disp_clocks
from custrecovery.clocks import fca_disp_payment_services_clocks
from tests.clocks._ops import AGENT
from tests.clocks._ops import AcceptResolution
from tests.clocks._ops import Acknowledge
from tests.clocks._ops import Assess
from tests.clocks._ops import Investigate
from tests.clocks._ops import ProposeResolution
from tests.clocks._ops import SendHoldingReply
from tests.clocks._ops import appended
from tests.clocks._ops import received

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
ENG = holidays.country_holidays("GB", subdiv="ENG")
CAL = BusinessCalendar()
DISP = fca_disp_clocks(calendar=CAL)
PSD = fca_disp_payment_services_clocks(calendar=CAL)
CFPB = cfpb_clocks()


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def close_of(day: date) -> datetime:
    """17:00 on ``day`` in London, by zoneinfo."""
    return datetime.combine(day, time(17), tzinfo=LONDON)


def receipt_day(at: datetime) -> date:
    """DISP 1.5's receipt day by holidays: after 17:00 or on a non-working day, the next."""
    local = at.astimezone(LONDON)
    day = local.date()
    if ENG.is_working_day(day) and local.time() < time(17):
        return day
    return ENG.get_nth_working_day(day, 1)


# (case, received in London, due: close of business on this day) -- DISP 1.5.2R's
# "close of business on the third business day following the day on which it is received".
THREE_DAYS = [
    ("ordinary week", london(2026, 11, 4, 10), date(2026, 11, 9)),
    ("Friday afternoon over a weekend", london(2026, 11, 6, 16, 59), date(2026, 11, 11)),
    ("Christmas 2026, Boxing Day substitute Mon 28", london(2026, 12, 23, 10), date(2026, 12, 30)),
    ("after close of business", london(2026, 12, 23, 18), date(2026, 12, 31)),
    ("Christmas Eve", london(2026, 12, 24, 10), date(2026, 12, 31)),
    ("New Year's Day 2027, a Friday", london(2026, 12, 31, 12), date(2027, 1, 6)),
    (
        "Easter 2027: Good Friday, Easter Monday, BST starts",
        london(2027, 3, 25, 10),
        date(2027, 4, 1),
    ),
    ("received on a Saturday, GMT returns Sunday", london(2026, 10, 24, 10), date(2026, 10, 29)),
    ("Friday before the autumn change", london(2026, 10, 23, 10), date(2026, 10, 28)),
    ("Christmas 2027 and New Year 2028 substitutes", london(2027, 12, 30, 10), date(2028, 1, 5)),
]


@pytest.mark.parametrize(("story", "at", "due_day"), THREE_DAYS, ids=[t[0] for t in THREE_DAYS])
def test_disp_three_day_window_closes_at_close_of_the_third_business_day(
    story: str, at: datetime, due_day: date
) -> None:
    """DISP 1.5.2R: the window ends at 17:00 London time on the 3rd business day after receipt."""
    assert ENG.get_nth_working_day(receipt_day(at), 3) == due_day  # the worked date, checked
    status = clock_status(DISP.clock("summary_resolution"), received(at), as_of=at)
    assert status.phase is Phase.RUNNING
    assert status.due_at == close_of(due_day)


def test_the_dst_change_moves_the_utc_time_of_close_of_business() -> None:
    """Close of business is 17:00 on the wall clock: 16:00 UTC in BST, 17:00 UTC in GMT."""
    before = clock_status(
        DISP.clock("summary_resolution"),
        received(london(2027, 3, 25, 10)),
        as_of=london(2027, 3, 25, 10),
    )
    after = clock_status(
        DISP.clock("summary_resolution"),
        received(london(2026, 10, 23, 10)),
        as_of=london(2026, 10, 23, 10),
    )
    assert before.due_at is not None
    assert after.due_at is not None
    assert (before.due_at.hour, after.due_at.hour) == (16, 17)


def test_resolved_within_three_days_meets_the_summary_path() -> None:
    """Acceptance by close of the 3rd business day meets the window (summary resolution)."""
    case = received(london(2026, 12, 23, 10))
    case = appended(
        case, ProposeResolution(by=AGENT, at=london(2026, 12, 29, 11), resolution="refund")
    )
    case = appended(case, AcceptResolution(by=AGENT, at=london(2026, 12, 30, 16, 59)), "resolved")
    window, final = clock_set_status(DISP, case, as_of=london(2027, 1, 4, 9))
    assert window.phase is Phase.MET
    assert final.phase is Phase.MET  # the proposal was a final response too


def test_acceptance_after_the_window_is_no_summary_resolution() -> None:
    """Acceptance one minute after close of the 3rd business day leaves the window breached."""
    case = received(london(2026, 12, 23, 10))
    case = appended(case, AcceptResolution(by=AGENT, at=london(2026, 12, 30, 17, 1)), "resolved")
    status = clock_status(DISP.clock("summary_resolution"), case, as_of=london(2027, 1, 4))
    assert status.phase is Phase.BREACHED
    assert status.breached_at == close_of(date(2026, 12, 30))
    assert not status.clock.escalate  # a window that closes, not a duty failed


@pytest.mark.parametrize(
    ("at", "due_day"),
    [
        (london(2026, 11, 2, 10), date(2026, 12, 28)),
        (london(2026, 12, 23, 18), date(2027, 2, 17)),  # weeks count from the day itself
        (london(2026, 3, 2, 10), date(2026, 4, 27)),  # across the spring DST change
    ],
)
def test_disp_final_response_is_due_by_the_end_of_the_day_eight_weeks_on(
    at: datetime, due_day: date
) -> None:
    """DISP 1.6.2R: eight weeks of receipt end at midnight London time after the same weekday."""
    assert due_day == at.date() + timedelta(weeks=8)
    status = clock_status(DISP.clock("final_response"), received(at), as_of=at)
    assert status.due_at == datetime.combine(due_day + timedelta(days=1), time(0), tzinfo=LONDON)


def test_disp_final_response_breached_after_eight_weeks_and_the_customer_is_told() -> None:
    """No final response after eight weeks: breached, and the customer must be told."""
    case = received(london(2026, 11, 2, 10))
    status = clock_status(DISP.clock("final_response"), case, as_of=london(2026, 12, 29, 0, 1))
    assert status.phase is Phase.BREACHED
    assert status.clock.tell_customer
    assert status.clock.escalate


def fifteen_and_thirty_five(at: datetime) -> tuple[date, date]:
    """PSD's 15th and 35th business days after receipt, worked with holidays."""
    day = receipt_day(at)
    return ENG.get_nth_working_day(day, 15), ENG.get_nth_working_day(day, 35)


def test_psd_fifteen_business_days_over_christmas() -> None:
    """DISP 1.6.2AR: received Wed 23 Dec 2026, the final response is due 17:00 Mon 18 Jan 2027."""
    at = london(2026, 12, 23, 10)
    assert fifteen_and_thirty_five(at) == (date(2027, 1, 18), date(2027, 2, 15))
    status = clock_status(PSD.clock("final_response"), received(at), as_of=at)
    assert status.due_at == close_of(date(2027, 1, 18))
    assert not status.extended


def test_psd_holding_reply_moves_the_deadline_to_thirty_five_business_days() -> None:
    """A holding reply within the 15 days moves the deadline to 17:00 Mon 15 Feb 2027."""
    at = london(2026, 12, 23, 10)
    case = appended(received(at), SendHoldingReply(by=AGENT, at=london(2027, 1, 15, 12)))
    status = clock_status(PSD.clock("final_response"), case, as_of=london(2027, 1, 20))
    assert status.phase is Phase.RUNNING
    assert status.extended
    assert status.due_at == close_of(date(2027, 2, 15))
    assert "holding reply" in str(status.explanation)


def test_psd_holding_reply_after_fifteen_days_is_too_late() -> None:
    """A holding reply after the 15 days does not undo the breach: failed stays failed."""
    at = london(2026, 12, 23, 10)
    case = appended(received(at), SendHoldingReply(by=AGENT, at=london(2027, 1, 19, 9)))
    status = clock_status(PSD.clock("final_response"), case, as_of=london(2027, 1, 20))
    assert status.phase is Phase.BREACHED
    assert not status.extended
    assert status.breached_at == close_of(date(2027, 1, 18))


def end_of_day_in_new_york(day: date) -> datetime:
    """Midnight after ``day`` in New York, by zoneinfo."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=NEW_YORK)


def test_cfpb_fifteen_and_sixty_days_from_the_date_sent() -> None:
    """CFPB: sent 1 Dec 2026, a response is due by the end of 16 Dec and a final one of 30 Jan."""
    case = received(datetime(2026, 11, 30, 15, tzinfo=NEW_YORK))
    response, final = clock_set_status(
        CFPB, case, as_of=datetime(2026, 12, 10, tzinfo=NEW_YORK), start=date(2026, 12, 1)
    )
    assert response.due_at == end_of_day_in_new_york(date(2026, 12, 1) + timedelta(days=15))
    assert final.due_at == end_of_day_in_new_york(date(2026, 12, 1) + timedelta(days=60))
    assert final.due_at == end_of_day_in_new_york(date(2027, 1, 30))
    assert response.start_given
    assert response.started_at == datetime(2026, 12, 1, tzinfo=NEW_YORK)
    assert "given" in str(response.explanation)


def test_cfpb_in_progress_response_meets_the_fifteen_days_only() -> None:
    """An 'in progress' response (investigate) meets the 15 days; the 60 keep running."""
    sent = datetime(2026, 12, 1, tzinfo=NEW_YORK)
    case = received(sent)
    case = appended(case, Acknowledge(by=AGENT, at=sent + timedelta(hours=1)), "acknowledged")
    case = appended(case, Assess(by=AGENT, at=sent + timedelta(days=3)), "assessed")
    case = appended(case, Investigate(by=AGENT, at=sent + timedelta(days=10)), "investigating")
    response, final = clock_set_status(CFPB, case, as_of=sent + timedelta(days=40))
    assert response.phase is Phase.MET
    assert final.phase is Phase.RUNNING


def test_cfpb_start_before_as_of_only() -> None:
    """A given start after ``as_of`` leaves the clock not started."""
    case = received(datetime(2026, 11, 30, tzinfo=NEW_YORK))
    status = clock_status(
        CFPB.clock("response"),
        case,
        as_of=datetime(2026, 11, 30, 12, tzinfo=NEW_YORK),
        start=date(2026, 12, 1),
    )
    assert status.phase is Phase.NOT_STARTED
    assert status.due_at is None
    assert status.time_left is None


def test_time_left_counts_down_and_goes_negative_once_breached() -> None:
    """Time left is the elapsed time to the deadline; negative while a breach stays open."""
    case = received(london(2026, 11, 2, 10))
    clock = DISP.clock("final_response")
    running = clock_status(clock, case, as_of=london(2026, 12, 27, 12))
    assert running.time_left == timedelta(hours=36)
    breached = clock_status(clock, case, as_of=london(2026, 12, 30))
    assert breached.time_left == timedelta(days=-1)
    answered = appended(
        case, ProposeResolution(by=AGENT, at=london(2026, 12, 1), resolution="a refund")
    )
    assert clock_status(clock, answered, as_of=london(2026, 12, 30)).time_left is None
