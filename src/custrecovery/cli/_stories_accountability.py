"""Demo stories about accountability: owner and worker, the directory, an owner who leaves.

A billing agent owns a complaint and gives the work to a support engineer,
then leaves the firm: the desk's directory says so, the scheduler lists the
case, nobody but her supervisor may take it, and the supervisor takes over at
once, the customer told. A complaint about a bill and a line fault is split in
two, and the fault handed to support while billing keeps the bill.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TextIO

from custrecovery.cases import Case
from custrecovery.cases import format_history
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.directory import Person
from custrecovery.directory import StaticDirectory
from custrecovery.errors import CustRecoveryError
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import Investigate
from custrecovery.operations import OfferHandoff
from custrecovery.operations import TakeOver
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["agent_leaves", "bill_and_fault_split"]


_T0 = datetime(2026, 11, 9, 8, 30, tzinfo=timezone.utc)


def _at(minutes: float) -> datetime:
    return _T0 + timedelta(minutes=minutes)


def _refused(out: TextIO, attempt: Callable[[], object]) -> None:
    try:
        attempt()
    except CustRecoveryError as error:
        out.write(f"  refused ({type(error).__name__}): {error}\n")
    else:  # pragma: no cover - the demo's refusals are part of its contract
        raise AssertionError("the demo expected a refusal")


_LEILA = Person(actor_id="leila", name="Leila", roles=("billing",), supervisor_id="sara")
_PEOPLE = StaticDirectory(
    [
        _LEILA,
        Person(actor_id="omid", name="Omid", roles=("tech support",), supervisor_id="sara"),
        Person(actor_id="sara", name="Sara", roles=("team lead", "manager")),
    ]
)


def agent_leaves(desk: Desk, out: TextIO) -> Case:
    """An agent leaves the firm mid-case and her supervisor takes over at once."""
    leila = Actor("leila", "Leila", role="billing")
    omid = Actor("omid", "Omid", role="tech support")
    sara = Actor("sara", "Sara", role="team lead")
    complaint = Complaint(
        "TEL-204",
        Customer("c-204", "Mrs Ahmadi", contact="+98 21 5550 0204"),
        Channel.PHONE,
        _at(0),
        "Broadband drops every evening; three engineer visits missed",
    )
    # The desk's rules with the firm's directory: roles and departures come from it.
    staffed = Desk(rules=desk.rules, goodwill=desk.goodwill, directory=_PEOPLE)
    case = staffed.record(complaint, by=leila, at=_at(1))
    case = staffed.apply_all(
        case,
        [
            Acknowledge(by=leila, at=_at(2)),
            Assess(by=leila, at=_at(5)),
            Investigate(by=leila, at=_at(6)),
            AssignWork(by=leila, at=_at(7), to=omid, note="line tests need support"),
        ],
    )
    out.write(f"  owner {case.owner.name}, worker {case.worker.name if case.worker else '-'}\n")
    # Leila resigns; the directory marks her inactive.
    gone = Desk(
        rules=desk.rules,
        goodwill=desk.goodwill,
        directory=_PEOPLE.with_person(
            Person(
                actor_id="leila",
                name="Leila",
                roles=("billing",),
                supervisor_id="sara",
                active=False,
            )
        ),
    )
    listed = gone.cases_with_inactive_owner([case])
    out.write(f"  scheduler: owner left on {', '.join(c.case_id for c in listed)}\n")
    _refused(out, lambda: gone.apply(case, Acknowledge(by=leila, at=_at(60))))
    _refused(out, lambda: gone.apply(case, TakeOver(by=omid, at=_at(60), reason="I can")))
    case = gone.apply(case, TakeOver(by=sara, at=_at(61), reason="Leila left the firm"))
    out.write(f"  owner now {case.owner.name}; never without one, never stuck\n")
    return case


def bill_and_fault_split(desk: Desk, out: TextIO) -> Case:
    """A complaint about a bill and a line fault is split, and the fault handed to support."""
    leila = Actor("leila", "Leila", role="billing")
    omid = Actor("omid", "Omid", role="tech support")
    complaint = Complaint(
        "TEL-310",
        Customer("c-310", "Mr Karimi", contact="karimi@example.com"),
        Channel.EMAIL,
        _at(0),
        "Charged twice this month, and the line has been dead since Friday",
    )
    case = desk.record(complaint, by=leila, at=_at(3))
    case = desk.apply(case, Acknowledge(by=leila, at=_at(4)))
    case, (fault,) = desk.split(
        case, [("TEL-310-fault", "The line has been dead since Friday")], by=leila, at=_at(6)
    )
    out.write(f"  split: {case.case_id} (the bill) and {fault.case_id} (the fault)\n")
    fault = desk.apply(
        fault, OfferHandoff(by=leila, at=_at(7), to=omid, reason="a line fault is support's")
    )
    fault = desk.apply(fault, AcceptHandoff(by=omid, at=_at(9)))
    owners = f"{case.case_id} owner {case.owner.name}; {fault.case_id} owner {fault.owner.name}"
    out.write(f"  {owners}\n")
    for line in format_history(fault).splitlines():
        out.write(f"  | {line}\n")
    return case
