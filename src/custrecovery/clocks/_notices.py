"""Notices that carry deadlines: acknowledgement, delay, summary resolution, final response.

Rules
-----
* FCA DISP 1.6.1R: a prompt written acknowledgement; the firm's procedure tells
  the complainant when to expect a final response: the acknowledgement states
  the deadline from the final-response clock's status.
* DISP 1.6.2R(2): if no final response is ready by the deadline, a written
  response explains why, says when one is expected, and tells the complainant
  they may now refer the complaint to the Financial Ombudsman Service.
* DISP 1.5.5R: a complaint resolved within three business days gets a summary
  resolution communication (it may be referred to the Ombudsman).
* DISP 1.6.2R(1), 1 Annex 3R: a final response names the Financial Ombudsman
  Service, its website, and the six-month limit for referring the complaint.
* Deadlines are shown on the calendar's wall clock: a day-counted deadline as
  "by the end of Wednesday 17 February 2027", a business-time one as
  "by 17:00 on Wednesday 30 December 2026 (Europe/London)".

These build plain text; sending it is the caller's business.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta

from custrecovery.cases import Case
from custrecovery.clocks._calendar import require_aware_instant
from custrecovery.clocks._declaration import Unit
from custrecovery.clocks._status import ClockStatus
from custrecovery.errors import InvalidValue

__all__ = [
    "FOS_WEBSITE",
    "acknowledgement_text",
    "delay_text",
    "describe_due",
    "final_response_text",
    "summary_resolution_text",
]

FOS_WEBSITE = "www.financial-ombudsman.org.uk"
"""The Financial Ombudsman Service's website, which DISP requires notices to give."""


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def describe_due(status: ClockStatus) -> str:
    """The deadline of ``status`` in words, on its calendar's wall clock."""
    due = status.due_at
    if due is None:
        raise InvalidValue(f"clock {status.clock.name!r} has not started: no deadline yet")
    calendar = status.clock.calendar
    if status.duration.unit in (Unit.CALENDAR_DAYS, Unit.WEEKS):
        # A day-counted deadline is the midnight that ends the last day.
        return f"by the end of {_day(calendar.local_date(due - timedelta(microseconds=1)))}"
    local = due.astimezone(calendar.zone)
    return f"by {local:%H:%M} on {_day(local.date())} ({calendar.time_zone})"


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{what} must be non-empty text, got {value!r}")
    return value


def _received(case: Case, calendar_status: ClockStatus) -> str:
    return _day(calendar_status.clock.calendar.local_date(case.complaint.received_at))


def acknowledgement_text(case: Case, final_response: ClockStatus, *, firm: str) -> str:
    """A written acknowledgement stating when the final response is due."""
    firm = _text(firm, "firm")
    due = describe_due(final_response)
    return (
        f"Dear {case.complaint.customer.name},\n\n"
        f"We received your complaint (reference {case.case_id}) on "
        f"{_received(case, final_response)}. {case.owner.name} is handling it and will "
        f"keep you informed of progress.\n\n"
        f"We will send you our final response {due}. If we cannot, we will write to "
        f"explain why and when to expect it, and you may then refer your complaint to "
        f"the Financial Ombudsman Service ({FOS_WEBSITE}).\n\n"
        f"{firm}"
    )


def delay_text(case: Case, final_response: ClockStatus, *, firm: str, reason: str) -> str:
    """The written response when the final response is late (DISP 1.6.2R(2))."""
    firm = _text(firm, "firm")
    reason = _text(reason, "reason")
    return (
        f"Dear {case.complaint.customer.name},\n\n"
        f"We are not yet in a position to give you our final response to your complaint "
        f"(reference {case.case_id}), which was due {describe_due(final_response)}. "
        f"The reason: {reason}.\n\n"
        f"You may now refer your complaint to the Financial Ombudsman Service "
        f"({FOS_WEBSITE}) if you are dissatisfied.\n\n"
        f"{firm}"
    )


def summary_resolution_text(case: Case, *, firm: str, resolved_on: datetime) -> str:
    """A summary resolution communication for the three-business-day path (DISP 1.5.5R)."""
    firm = _text(firm, "firm")
    require_aware_instant(resolved_on, "resolved_on")
    return (
        f"Dear {case.complaint.customer.name},\n\n"
        f"Thank you for raising your complaint (reference {case.case_id}). We consider it "
        f"resolved as of {_day(resolved_on.date())}, as you accepted our response.\n\n"
        f"If you later decide you are dissatisfied with the resolution, you may be able "
        f"to refer your complaint to the Financial Ombudsman Service ({FOS_WEBSITE}).\n\n"
        f"{firm}"
    )


def final_response_text(
    case: Case,
    *,
    firm: str,
    decision: str,
    sent_on: date,
    time_limits_waived: bool = False,
) -> str:
    """A DISP final response: the decision, the Ombudsman and its six-month limit."""
    firm = _text(firm, "firm")
    decision = _text(decision, "decision")
    if not isinstance(sent_on, date):
        raise InvalidValue(f"sent_on must be a date, got {sent_on!r}")
    waiver = (
        "We consent to the Ombudsman considering your complaint even if you refer it "
        "outside the time limits."
        if time_limits_waived
        else "We do not consent to the Ombudsman considering your complaint if you refer "
        "it outside these time limits."
    )
    return (
        f"Dear {case.complaint.customer.name},\n\n"
        f"This is our final response to your complaint (reference {case.case_id}).\n\n"
        f"{decision}\n\n"
        f"If you remain dissatisfied, you may refer your complaint to the Financial "
        f"Ombudsman Service, free of charge, within six months of the date of this letter "
        f"({_day(sent_on)}). {waiver} You can find out more at {FOS_WEBSITE}.\n\n"
        f"{firm}"
    )
