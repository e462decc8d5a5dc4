"""Demo stories about accountability: owner and worker, the directory, an owner who leaves.

A billing agent owns a complaint and gives the work to a support engineer,
then leaves the firm: the desk's directory says so, the scheduler lists the
case, nobody but her supervisor may take it, and the supervisor takes over at
once, the customer told.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TextIO

from custrecovery.cases import Case
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.directory import Person
from custrecovery.directory import StaticDirectory
from custrecovery.errors import CustRecoveryError
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import Investigate
from custrecovery.operations import TakeOver
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["agent_leaves"]


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
