"""The one place the clock tests import operations and build cases (rewritten when they move).

Every clock test builds its cases here, through a real :class:`custrecovery.Desk`
where the lifecycle allows the story, and by appending events directly where a
story needs an operation the core does not have yet (a holding reply).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar
from typing import final

import attrs

from custrecovery import Actor
from custrecovery import Case
from custrecovery import Channel
from custrecovery import Complaint
from custrecovery import Customer
from custrecovery import Desk
from custrecovery import Event
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import Close
from custrecovery.operations import CustomerReplied
from custrecovery.operations import Investigate
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Record
from custrecovery.operations import RejectResolution
from custrecovery.operations import Severity

__all__ = [
    "AGENT",
    "AcceptResolution",
    "Acknowledge",
    "Assess",
    "AwaitCustomer",
    "Close",
    "CustomerReplied",
    "Investigate",
    "Operation",
    "ProposeResolution",
    "Record",
    "RejectResolution",
    "SendHoldingReply",
    "Severity",
    "appended",
    "desk",
    "event",
    "history_of",
    "received",
]

AGENT = Actor("ann", "Ann Agent", role="complaints handler")
CUSTOMER = Customer("cust-1", "Cara Customer", contact="cara@example.com")


@final
@attrs.frozen(kw_only=True)
class SendHoldingReply(Operation):
    """A holding reply (DISP 1.6.2AR): no core operation has this kind yet."""

    kind: ClassVar[str] = "send_holding_reply"


def desk() -> Desk:
    """A desk with the built-in plugin only."""
    return Desk(entry_points=False)


def received(at: datetime, case_id: str = "C-1", *, on: Desk | None = None) -> Case:
    """A complaint received and recorded at ``at`` by :data:`AGENT`."""
    complaint = Complaint(case_id, CUSTOMER, Channel.EMAIL, at, "the payment never arrived")
    return (on or desk()).record(complaint, by=AGENT, at=at)


def appended(case: Case, operation: Operation, state: str | None = None) -> Case:
    """``case`` with one more event for ``operation`` (state unchanged unless given)."""
    new = Event(case.case_id, case.version + 1, operation, state or case.state, case.owner)
    return Case(complaint=case.complaint, history=(*case.history, new))


def event(version: int, operation: Operation, state: str) -> Event:
    """A stored event of case ``C-1`` owned by :data:`AGENT`."""
    return Event("C-1", version, operation, state, AGENT)


def history_of(steps: Sequence[tuple[Operation, str]], start: datetime) -> tuple[Event, ...]:
    """A ``record`` at ``start`` followed by ``(operation, state after)`` steps."""
    complaint = Complaint("C-1", CUSTOMER, Channel.EMAIL, start, "the payment never arrived")
    first = event(1, Record(by=AGENT, at=start, complaint=complaint), "received")
    rest = (event(i, op, state) for i, (op, state) in enumerate(steps, start=2))
    return (first, *rest)
