"""Shared by the lifecycle tests: operation factories, paths to every state, assertions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta

import attrs
import pytest

import custrecovery as cr
from custrecovery.boundaries import CustomerHistory
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Archive
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import ClearWork
from custrecovery.operations import Close
from custrecovery.operations import ColdTransfer
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import CustomerReplied
from custrecovery.operations import DeclineHandoff
from custrecovery.operations import DeclineReferral
from custrecovery.operations import Disclaim
from custrecovery.operations import Dismiss
from custrecovery.operations import ExpireHandoff
from custrecovery.operations import GiveRecourse
from custrecovery.operations import Investigate
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Record
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import RejectResolution
from custrecovery.operations import Reopen
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Severity
from custrecovery.operations import SplitFrom
from custrecovery.operations import SplitInto
from custrecovery.operations import TakeOver
from custrecovery.operations import Unassign
from custrecovery.operations import WithdrawHandoff
from custrecovery.operations import WithdrawReferral
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import DAVE
from tests.conftest import T0
from tests.conftest import minutes

NOTICE = ReferralNotice(
    "they run the building's network and can fix the line",
    "call 0800 000 000 and quote C-1",
)

_DECIDING_DESK = cr.Desk(entry_points=False)
GOODWILL = _DECIDING_DESK.decide_goodwill(
    CompensationFacts("EUR", failure=FailureKind.NEGLECT),
    requested_by=ALICE,
    for_case=_DECIDING_DESK.record(COMPLAINT, by=ALICE, at=T0),
)
"""A granted goodwill decision (an apology) that Alice may offer once on case C-1."""
BOUNDARY = _DECIDING_DESK.decide_boundary(CustomerHistory("c1", ()), as_of=T0)
"""A boundary decision about a customer with no history: carry on."""

_Factory = Callable[[cr.Actor, datetime], Operation]

_FACTORIES: dict[str, _Factory] = {
    "record": lambda by, at: Record(by=by, at=at, complaint=COMPLAINT),
    "acknowledge": lambda by, at: Acknowledge(by=by, at=at),
    "assess": lambda by, at: Assess(by=by, at=at, severity=Severity.HIGH),
    "investigate": lambda by, at: Investigate(by=by, at=at),
    "await_customer": lambda by, at: AwaitCustomer(by=by, at=at, request="router model"),
    "customer_replied": lambda by, at: CustomerReplied(by=by, at=at),
    "propose_resolution": lambda by, at: ProposeResolution(
        by=by, at=at, resolution="replace the router"
    ),
    "accept_resolution": lambda by, at: AcceptResolution(by=by, at=at),
    "reject_resolution": lambda by, at: RejectResolution(by=by, at=at),
    "give_recourse": lambda by, at: GiveRecourse(
        by=by, at=at, internal="ask for a review by carol", external="the ombudsman"
    ),
    "record_follow_up": lambda by, at: RecordFollowUp(by=by, at=at, action="called back"),
    "close": lambda by, at: Close(by=by, at=at),
    "reopen": lambda by, at: Reopen(by=by, at=at),
    "reopen_after_close": lambda by, at: ReopenAfterClose(by=by, at=at),
    "archive": lambda by, at: Archive(by=by, at=at),
    "merge_into": lambda by, at: MergeInto(by=by, at=at, survivor_id="C-9"),
    "offer_referral": lambda by, at: OfferReferral(by=by, at=at, firm="NetCo"),
    "confirm_referral": lambda by, at: ConfirmReferral(
        by=by, at=at, confirmed_by="Nina at NetCo", can_do="fix the line"
    ),
    "decline_referral": lambda by, at: DeclineReferral(by=by, at=at),
    "withdraw_referral": lambda by, at: WithdrawReferral(by=by, at=at),
    "refer": lambda by, at: Refer(
        by=by,
        at=at,
        degree=ReferralDegree.CONFIRMED_RECEIVER,
        notice=NOTICE,
        follow_up_due=at + timedelta(days=7),
    ),
    "offer_handoff": lambda by, at: OfferHandoff(by=by, at=at, to=BOB, reason="technical"),
    "offer_on_behalf": lambda by, at: OfferOnBehalf(by=by, at=at, to=BOB, reason="owner away"),
    "take_over": lambda by, at: TakeOver(by=by, at=at, reason="the owner left the firm"),
    "assign_work": lambda by, at: AssignWork(by=by, at=at, to=BOB),
    "clear_work": lambda by, at: ClearWork(by=by, at=at),
    "split_into": lambda by, at: SplitInto(by=by, at=at, part_ids=("C-1-b",)),
    "split_from": lambda by, at: SplitFrom(by=by, at=at, original_id="C-0"),
    "accept_handoff": lambda by, at: AcceptHandoff(by=by, at=at),
    "decline_handoff": lambda by, at: DeclineHandoff(by=by, at=at),
    "withdraw_handoff": lambda by, at: WithdrawHandoff(by=by, at=at),
    "expire_handoff": lambda by, at: ExpireHandoff(by=by, at=at),
    "offer_goodwill": lambda by, at: OfferGoodwill(by=by, at=at, decision=GOODWILL),
    "record_boundary_decision": lambda by, at: RecordBoundaryDecision(
        by=by, at=at, decision=BOUNDARY
    ),
    "absorb_duplicate": lambda by, at: AbsorbDuplicate(
        by=by, at=at, duplicate_id="C-9", duplicate_owner=DAVE, duplicate_events=3
    ),
    "disclaim": lambda by, at: Disclaim(by=by, at=at),
    "unassign": lambda by, at: Unassign(by=by, at=at),
    "cold_transfer": lambda by, at: ColdTransfer(by=by, at=at, to=BOB),
    "dismiss": lambda by, at: Dismiss(by=by, at=at),
}


def make_op(kind: str, at: datetime, by: cr.Actor = ALICE) -> Operation:
    """A valid operation of ``kind`` by ``by`` at ``at``."""
    return _FACTORIES[kind](by, at)


_TO_INVESTIGATING = ("acknowledge", "assess", "investigate")
_TO_PROPOSED = (*_TO_INVESTIGATING, "propose_resolution")
_TO_REJECTED = (*_TO_PROPOSED, "reject_resolution")
_TO_RESOLVED = (*_TO_PROPOSED, "accept_resolution")
_TO_REFERRAL_OFFERED = (*_TO_INVESTIGATING, "offer_referral")

PATHS: dict[str, tuple[str, ...]] = {
    "received": (),
    "acknowledged": ("acknowledge",),
    "assessed": ("acknowledge", "assess"),
    "investigating": _TO_INVESTIGATING,
    "awaiting_customer": (*_TO_INVESTIGATING, "await_customer"),
    "resolution_proposed": _TO_PROPOSED,
    "resolved": _TO_RESOLVED,
    "resolution_rejected": _TO_REJECTED,
    "recourse_given": (*_TO_REJECTED, "give_recourse"),
    "followed_up": (*_TO_REJECTED, "give_recourse", "record_follow_up"),
    "reopened": (*_TO_RESOLVED, "reopen"),
    "referral_offered": _TO_REFERRAL_OFFERED,
    "referral_confirmed": (*_TO_REFERRAL_OFFERED, "confirm_referral"),
    "referred": (*_TO_REFERRAL_OFFERED, "confirm_referral", "refer"),
    "closed": (*_TO_RESOLVED, "close"),
    "archived": (*_TO_RESOLVED, "close", "archive"),
    "merged": (*_TO_INVESTIGATING, "merge_into"),
}
"""A known path (after ``record`` by Alice at ``T0``) to every state a case can be in.

None of them needs a reopen window: ``reopened`` is reached by ``reopen`` here, and
by ``reopen_after_close`` in the tests that set a window.
"""
OPEN_STATES = tuple(s.id for s in STATES if s.owned and not s.final)
DECLARED = frozenset((source, row.event) for row in TRANSITIONS for source in row.sources)
OWNERSHIP_KINDS = frozenset(
    kind for kind, cls in OPERATION_TYPES.items() if cls.family == "ownership"
)
ANNOTATION_KINDS = frozenset(
    kind for kind, cls in OPERATION_TYPES.items() if cls.family == "annotation"
)
SIDE_KINDS = OWNERSHIP_KINDS | ANNOTATION_KINDS
"""Operations that leave the stage as it is: allowed only while the case is open and owned."""
MERGE_KINDS = frozenset({"merge_into", "absorb_duplicate"})
"""Applied by ``Desk.merge`` only: ``Desk.apply`` refuses them, and ``allowed`` omits them."""
SPLIT_KINDS = frozenset({"split_into", "split_from"})
"""Applied by ``Desk.split`` only: ``Desk.apply`` refuses them, and ``allowed`` omits them."""
LINEAGE_KINDS = MERGE_KINDS | SPLIT_KINDS
PUSH_AWAY_KINDS = ("disclaim", "unassign", "cold_transfer", "dismiss")
ENDED = "the case has ended (archived or merged); nothing more can happen to it"
NO_OWNER = "the case has no accountable owner in this state"
CLOSING_RULE = (
    "a case closes only when the customer accepted the resolution, or after "
    "recourse information or a referral and a recorded follow-up"
)


def declared_in(state: str) -> frozenset[str]:
    """The events the transition table offers in ``state``."""
    return frozenset(event for source, event in DECLARED if source == state)


def not_allowed(state: str) -> str:
    """The reason a plain refusal gives for an event ``state`` does not offer."""
    return f"not allowed in this state (allowed: {', '.join(sorted(declared_in(state)))})"


def drive(desk: cr.Desk, state: str, complaint: cr.Complaint = COMPLAINT) -> cr.Case:
    """A case Alice recorded at ``T0`` and drove to ``state``, one minute per step."""
    case = desk.record(complaint, by=ALICE, at=T0)
    for step, kind in enumerate(PATHS[state], start=1):
        if kind == "merge_into":  # only Desk.merge applies it, with the survivor in hand
            survivor = desk.record(
                attrs.evolve(complaint, complaint_id="C-9"), by=DAVE, at=minutes(step)
            )
            case, _ = desk.merge(case, survivor, by=ALICE, at=minutes(step))
            continue
        case = desk.apply(case, make_op(kind, minutes(step)))
    assert case.state == state
    return case


def apply_kind(
    desk: cr.Desk, case: cr.Case, kind: str, at: datetime, by: cr.Actor = ALICE
) -> cr.Case:
    """``case`` after an operation of ``kind``: through ``Desk.merge`` for the merge kinds
    (merging ``case`` into a new case C-9, or a new duplicate C-9 into ``case``)."""
    if kind not in MERGE_KINDS:
        return desk.apply(case, make_op(kind, at, by=by))
    other = desk.record(attrs.evolve(case.complaint, complaint_id="C-9"), by=DAVE, at=at)
    if kind == "merge_into":
        merged, _ = desk.merge(case, other, by=by, at=at)
        return merged
    _, survivor = desk.merge(other, case, by=by, at=at)
    return survivor


def next_at(case: cr.Case, n: int = 1) -> datetime:
    """``n`` minutes after the case's last event."""
    return case.last_event_at + timedelta(minutes=n)


def assert_refused(
    desk: cr.Desk,
    case: cr.Case,
    op: Operation,
    error: type[cr.OperationRefused],
    *fragments: str,
) -> cr.OperationRefused:
    """``op`` raises exactly ``error`` naming case, state and operation, and changes nothing."""
    before = copy.deepcopy(case)
    with pytest.raises(cr.OperationRefused) as info:
        desk.apply(case, op)
    refusal = info.value
    assert type(refusal) is error
    message = str(refusal)
    assert message.startswith(
        f"case {case.case_id!r} in state {case.state!r}: {op.kind!r} refused: "
    )
    assert (refusal.case_id, refusal.state, refusal.operation) == (
        case.case_id,
        case.state,
        op.kind,
    )
    for fragment in fragments:
        assert fragment in message
    assert case == before
    assert case.version == before.version == len(case.history)
    return refusal


def snapshot(case: cr.Case) -> dict[str, object]:
    """The whole case as plain values, for walk-through assertions."""
    return {
        "state": case.state,
        "owner": case.owner.actor_id,
        "version": case.version,
        "pending_to": None if case.pending_handoff is None else case.pending_handoff.to.actor_id,
        "notices": len(case.notices),
        "history": tuple(e.kind for e in case.history),
    }


def reply_to(desk: cr.Desk, case: cr.Case, at: datetime) -> cr.Case:
    """Bob receives the customer's reply to ``case`` at ``at``."""
    return desk.handle_reply(
        case, by=BOB, at=at, summary="it drops again", follow_up_id="C-1-reply"
    )
