"""Demo story about clocks: FCA DISP deadlines on a UK bank's desk, one met and one breached.

The desk enables the ``finance-uk`` pack, whose clock set is the FCA's DISP rules
on the England and Wales calendar: a final response within eight weeks of receipt,
or the summary-resolution path by the close of the third business day.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TextIO

from custrecovery.cases import Case
from custrecovery.clocks import acknowledgement_text
from custrecovery.clocks import final_response_text
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Investigate
from custrecovery.operations import ProposeResolution
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["disp_deadlines"]

_RECEIVED = datetime(2026, 12, 21, 10, 0, tzinfo=timezone.utc)  # a Monday before Christmas


def _status_lines(desk: Desk, case: Case, as_of: datetime, out: TextIO) -> None:
    # The summary-resolution clock is a path a firm may take, not a deadline it owes:
    # the story shows the final-response deadline.
    for name, statuses in desk.clock_status(case, as_of=as_of).items():
        for status in statuses:
            if status.clock.name != "final_response":
                continue
            due = f"due {status.due_at:%a %d %b %Y %H:%M}" if status.due_at else "no deadline"
            out.write(f"  {name} {status.clock.name}: {status.phase.value}, {due}\n")


def disp_deadlines(desk: Desk, out: TextIO) -> Case:
    """A UK bank's desk counts DISP deadlines in business days: one case met, one breached."""
    bank = Desk(packs=["finance-uk"], entry_points=False)
    ravi = Actor("ravi", "Ravi", role="complaints handler", team="retail banking")
    customer = Customer("b-71", "Ms Ahmadi", contact="ahmadi@example.com")
    met = bank.record(
        Complaint("BANK-71", customer, Channel.PHONE, _RECEIVED, "Card payment taken twice"),
        by=ravi,
        at=_RECEIVED,
    )
    met = bank.apply(met, Acknowledge(by=ravi, at=_RECEIVED + timedelta(hours=1)))
    ((final, *_),) = [
        [s for s in statuses if "final" in s.clock.name]
        for statuses in bank.clock_status(met, as_of=met.last_event_at).values()
    ]
    out.write("  " + acknowledgement_text(met, final, firm="North Bank").replace("\n", "\n  "))
    out.write("\n")
    met = bank.apply_all(
        met,
        [
            Assess(by=ravi, at=_RECEIVED + timedelta(days=2)),
            Investigate(by=ravi, at=_RECEIVED + timedelta(days=3)),
            ProposeResolution(
                by=ravi, at=_RECEIVED + timedelta(days=10), resolution="the duplicate refunded"
            ),
            AcceptResolution(by=ravi, at=_RECEIVED + timedelta(days=11)),
        ],
    )
    as_of = _RECEIVED + timedelta(weeks=9)
    out.write(f"  case {met.case_id}, as of {as_of:%d %b %Y}:\n")
    _status_lines(bank, met, as_of, out)
    response = final_response_text(
        met,
        firm="North Bank",
        decision="we refunded the duplicate payment",
        sent_on=(_RECEIVED + timedelta(days=11)).date(),
    )
    ombudsman = next(line for line in response.splitlines() if "Ombudsman" in line)
    out.write(f"  final response: ...{ombudsman[:160]}...\n")

    late = bank.record(
        Complaint("BANK-72", customer, Channel.EMAIL, _RECEIVED, "Standing order not paid"),
        by=ravi,
        at=_RECEIVED,
    )
    late = bank.apply_all(
        late,
        [
            Acknowledge(by=ravi, at=_RECEIVED + timedelta(hours=2)),
            Assess(by=ravi, at=_RECEIVED + timedelta(days=5)),
            Investigate(by=ravi, at=_RECEIVED + timedelta(days=6)),
        ],
    )
    out.write(f"  case {late.case_id}, as of {as_of:%d %b %Y}:\n")
    _status_lines(bank, late, as_of, out)
    for action in bank.sweep([met, late], as_of=as_of):
        out.write(f"  sweep: {action.kind.value} for {action.role}: {action.action}\n")
    return late
