"""The complaint lifecycle as a desk runs it, on both engines.

Tables first (every declared transition, every undeclared pair, every
operation on a closed or ended case, every "push it away" operation, the
warm-handoff rules), then the order of checks, the closing, reopening,
referral and merging guards, replies, time rules, and walk-throughs that
assert the whole case after each step (h11 ``test_state.py`` style).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta

import attrs
import pytest

import custrecovery as cr
from conftest import ALICE
from conftest import BOB
from conftest import CAROL
from conftest import COMPLAINT
from conftest import CUSTOMER
from conftest import DAVE
from conftest import DUPLICATE
from conftest import ENGINES
from conftest import OTHER_CUSTOMER
from conftest import REOPEN_WINDOW
from conftest import T0
from conftest import Engine
from conftest import Listener
from conftest import minutes
from conftest import windowed
from custrecovery.boundaries import CustomerHistory
from custrecovery.cases import CustomerNotice
from custrecovery.cases import HandoffOffer
from custrecovery.cases import Recourse
from custrecovery.errors import ClosingRefused
from custrecovery.errors import ReferralRefused
from custrecovery.errors import ReopenRefused
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import outcome_recorded
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Archive
from custrecovery.operations import Assess
from custrecovery.operations import AwaitCustomer
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
from custrecovery.operations import Unassign
from custrecovery.operations import WithdrawHandoff
from custrecovery.operations import WithdrawReferral

NOTICE = ReferralNotice(
    "they run the building's network and can fix the line",
    "call 0800 000 000 and quote C-1",
)

_DECIDING_DESK = cr.Desk(entry_points=False)
GOODWILL = _DECIDING_DESK.decide_goodwill(
    CompensationFacts("EUR", failure=FailureKind.NEGLECT), requested_by=ALICE
)
"""A granted goodwill decision (an apology) that Alice may offer."""
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

ALL_STATES = tuple(s.id for s in STATES)
FINAL_STATES = tuple(s.id for s in STATES if s.final)
OPEN_STATES = tuple(s.id for s in STATES if s.owned and not s.final)
DECLARED = frozenset((source, row.event) for row in TRANSITIONS for source in row.sources)
LIFECYCLE_KINDS = tuple(kind for kind, cls in OPERATION_TYPES.items() if cls.family == "lifecycle")
OWNERSHIP_KINDS = frozenset(
    kind for kind, cls in OPERATION_TYPES.items() if cls.family == "ownership"
)
ANNOTATION_KINDS = frozenset(
    kind for kind, cls in OPERATION_TYPES.items() if cls.family == "annotation"
)
SIDE_KINDS = OWNERSHIP_KINDS | ANNOTATION_KINDS
"""Operations that leave the stage as it is: allowed only while the case is open and owned."""
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
        case = desk.apply(case, make_op(kind, minutes(step)))
    assert case.state == state
    return case


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


# --- the helpers themselves ------------------------------------------------------------


def test_paths_cover_every_state_but_new() -> None:
    """The path table reaches every declared state a recorded case can be in."""
    assert set(PATHS) == set(ALL_STATES) - {"new"}
    assert {"closed", "archived", "merged"} <= set(PATHS)


def test_state_families() -> None:
    """``archived`` and ``merged`` are final; ``closed`` is neither final nor owned."""
    assert FINAL_STATES == ("archived", "merged")
    assert "closed" not in OPEN_STATES
    assert "closed" not in FINAL_STATES
    assert len(OPEN_STATES) == 14
    assert sorted(ANNOTATION_KINDS) == [
        "absorb_duplicate",
        "offer_goodwill",
        "record_boundary_decision",
    ]


def test_factories_cover_every_operation_type() -> None:
    """There is a factory for every operation kind, building that kind."""
    assert set(_FACTORIES) == set(OPERATION_TYPES)
    for kind, cls in OPERATION_TYPES.items():
        assert type(make_op(kind, T0)) is cls


@pytest.mark.parametrize("state", list(PATHS), ids=list(PATHS))
def test_drive_reaches_state(desk: cr.Desk, state: str) -> None:
    """Each known path leads to its state, one version per step."""
    case = drive(desk, state)
    assert case.version == len(PATHS[state]) + 1
    assert case.owner == ALICE


# --- every declared transition ---------------------------------------------------------

_ROWS = [(source, row.event, row.target) for row in TRANSITIONS for source in row.sources]


@pytest.mark.parametrize(
    ("source", "event", "target"), _ROWS, ids=[f"{s}-{e}" for s, e, _ in _ROWS]
)
def test_declared_transition(desk: cr.Desk, source: str, event: str, target: str) -> None:
    """Every row of TRANSITIONS, applied from its source, reaches its target."""
    if event == "record":
        case = desk.record(COMPLAINT, by=ALICE, at=T0)
        assert (source, case.state, case.version) == ("new", target, 1)
        return
    if event == "reopen_after_close":
        desk = windowed(desk)  # without a window no reply reopens (tested below)
    case = drive(desk, source)
    after = desk.apply(case, make_op(event, next_at(case)))
    assert after.state == target
    assert after.version == case.version + 1
    assert after.history[-1].kind == event
    assert after.owner == case.owner


# --- every undeclared (state, operation) pair ------------------------------------------

_UNDECLARED = [
    (state, kind)
    for state in (*OPEN_STATES, "closed")
    for kind in LIFECYCLE_KINDS
    if kind != "record" and (state, kind) not in DECLARED
]


def _undeclared_refusal(state: str, kind: str) -> tuple[type[cr.OperationRefused], str]:
    """The exact error and reason for ``kind`` where the table does not offer it."""
    if kind == "close" and state == "closed":
        return ClosingRefused, "the case is already closed"
    if kind == "close":
        return ClosingRefused, CLOSING_RULE
    if kind == "refer":
        if state == "referral_offered":
            return ReferralRefused, "the receiving firm has not confirmed it can help"
        return ReferralRefused, "no firm has been asked and has confirmed it can help"
    return cr.OperationRefused, not_allowed(state)


@pytest.mark.parametrize(("state", "kind"), _UNDECLARED, ids=[f"{s}-{k}" for s, k in _UNDECLARED])
def test_undeclared_operation_refused(desk: cr.Desk, state: str, kind: str) -> None:
    """A lifecycle operation the table does not offer in a state is refused, changing nothing."""
    case = drive(desk, state)
    error, reason = _undeclared_refusal(state, kind)
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), error)
    assert refusal.reason == reason


def test_undeclared_table_is_large() -> None:
    """The refusal table really covers most pairs (guards against an empty parametrization)."""
    assert len(_UNDECLARED) > 250
    assert ("closed", "close") in _UNDECLARED
    assert ("received", "archive") in _UNDECLARED
    assert ("investigating", "reopen_after_close") in _UNDECLARED
    assert ("closed", "merge_into") in _UNDECLARED
    assert not any(kind == "merge_into" for state, kind in _UNDECLARED if state != "closed")


def test_undeclared_lists_what_is_allowed(desk: cr.Desk) -> None:
    """A plain refusal names the operations the state does allow."""
    case = drive(desk, "received")
    assert_refused(
        desk,
        case,
        make_op("assess", next_at(case)),
        cr.OperationRefused,
        "(allowed: acknowledge, merge_into)",
    )


def test_closed_lists_reopen_and_archive(desk: cr.Desk) -> None:
    """On a closed case a plain refusal names the only two ways on: archive or reopen."""
    case = drive(desk, "closed")
    refusal = assert_refused(desk, case, make_op("investigate", next_at(case)), cr.OperationRefused)
    assert refusal.reason == "not allowed in this state (allowed: archive, reopen_after_close)"


def test_record_on_existing_case_is_invalid(desk: cr.Desk) -> None:
    """``record`` is not an operation on an existing case: it is a caller mistake."""
    case = drive(desk, "investigating")
    with pytest.raises(cr.InvalidValue, match="expected an operation on an existing case"):
        desk.apply(case, make_op("record", next_at(case)))


_SIDE = sorted(SIDE_KINDS)


@pytest.mark.parametrize("kind", _SIDE, ids=_SIDE)
def test_closed_case_has_no_owner_to_act(desk: cr.Desk, kind: str) -> None:
    """On a closed case no handoff or annotation is accepted: nobody is accountable now."""
    case = drive(desk, "closed")
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == NO_OWNER


_ENDED_KINDS = [k for k in OPERATION_TYPES if k != "record" and k not in PUSH_AWAY_KINDS]
_ENDED = [(state, kind) for state in FINAL_STATES for kind in _ENDED_KINDS]


@pytest.mark.parametrize(("state", "kind"), _ENDED, ids=[f"{s}-{k}" for s, k in _ENDED])
def test_nothing_accepted_when_ended(windowed_desk: cr.Desk, state: str, kind: str) -> None:
    """An archived or merged case refuses every operation as ended, with a plain refusal.

    Even ``close``, ``refer`` and ``reopen_after_close`` (within the window) get the
    plain ``OperationRefused``, not their usual subclasses.
    """
    case = drive(windowed_desk, state)
    refusal = assert_refused(windowed_desk, case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == ENDED


def test_ended_table_covers_every_family() -> None:
    """The ended table tries lifecycle, ownership and annotation operations alike."""
    families = {OPERATION_TYPES[kind].family for kind in _ENDED_KINDS}
    assert families == {"lifecycle", "ownership", "annotation"}
    assert len(_ENDED) == 2 * (len(OPERATION_TYPES) - 1 - len(PUSH_AWAY_KINDS))


# --- "that's not my responsibility" ----------------------------------------------------

_PUSH_STATES = (
    "received",
    "investigating",
    "resolution_rejected",
    "referred",
)
_PUSH = [(state, kind) for state in _PUSH_STATES for kind in PUSH_AWAY_KINDS]


@pytest.mark.parametrize(("state", "kind"), _PUSH, ids=[f"{s}-{k}" for s, k in _PUSH])
def test_push_away_refused(desk: cr.Desk, state: str, kind: str) -> None:
    """Disclaim, unassign, cold transfer and dismiss are refused, naming the warm handoff."""
    case = drive(desk, state)
    refusal = assert_refused(
        desk,
        case,
        make_op(kind, next_at(case)),
        cr.NotMyResponsibility,
        "offer_handoff",
        "'alice'",
    )
    if kind == "cold_transfer":
        assert "'bob' has not accepted" in refusal.reason


NOT_OPEN_PUSH = (
    "the case is no longer open, so there is nothing to push away; a reply from "
    "the customer reopens it or opens a new, linked case (Desk.handle_reply)"
)
_PUSH_NOT_OPEN = [
    (state, kind) for state in ("closed", "archived", "merged") for kind in PUSH_AWAY_KINDS
]


@pytest.mark.parametrize(
    ("state", "kind"), _PUSH_NOT_OPEN, ids=[f"{s}-{k}" for s, k in _PUSH_NOT_OPEN]
)
def test_push_away_refused_when_not_open(desk: cr.Desk, state: str, kind: str) -> None:
    """On a case that is no longer open, push-away is still refused, saying what a reply does."""
    case = drive(desk, state)
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), cr.NotMyResponsibility)
    assert refusal.reason == NOT_OPEN_PUSH


def test_push_away_refused_for_non_owner(desk: cr.Desk) -> None:
    """Even a colleague who does not own the case cannot dismiss it."""
    case = drive(desk, "investigating")
    assert_refused(
        desk, case, make_op("dismiss", next_at(case), by=DAVE), cr.NotMyResponsibility, "'alice'"
    )


# --- closing ---------------------------------------------------------------------------


def test_close_after_acceptance(desk: cr.Desk) -> None:
    """A case whose customer accepted the resolution closes."""
    case = drive(desk, "resolved")
    closed = desk.apply(case, make_op("close", next_at(case)))
    assert (closed.state, closed.customer_accepted, closed.owner) == ("closed", True, ALICE)


@pytest.mark.parametrize("state", ["resolution_rejected", "recourse_given"])
def test_close_without_follow_up_refused(desk: cr.Desk, state: str) -> None:
    """A rejected decision, even with recourse given, does not close without a follow-up."""
    case = drive(desk, state)
    assert_refused(
        desk, case, make_op("close", next_at(case)), ClosingRefused, "recorded follow-up"
    )


def test_close_after_recourse_and_follow_up(desk: cr.Desk) -> None:
    """Recourse information and a recorded follow-up let a rejected case close."""
    case = drive(desk, "followed_up")
    assert case.recourse == Recourse("ask for a review by carol", "the ombudsman")
    assert case.follow_up == "called back"
    closed = desk.apply(case, make_op("close", next_at(case)))
    assert closed.state == "closed"
    assert not closed.customer_accepted


def test_reopen_forgets_the_earlier_outcome(desk: cr.Desk) -> None:
    """A reopened case has no acceptance, recourse, follow-up or referral on record."""
    case = drive(desk, "followed_up")
    reopened = desk.apply(case, make_op("reopen", next_at(case)))
    assert (reopened.customer_accepted, reopened.recourse, reopened.follow_up) == (
        False,
        None,
        None,
    )
    assert reopened.referral is None


def test_close_refused_while_handoff_open(desk: cr.Desk) -> None:
    """A case does not close while a colleague is still being asked to take it."""
    case = drive(desk, "resolved")
    case = desk.apply(case, make_op("offer_handoff", next_at(case)))
    assert_refused(
        desk, case, make_op("close", next_at(case)), ClosingRefused, "'bob' is still open"
    )


# --- referral --------------------------------------------------------------------------


def _refer(
    at: datetime,
    *,
    degree: ReferralDegree = ReferralDegree.CONFIRMED_RECEIVER,
    notice: ReferralNotice | None = NOTICE,
    due_in: timedelta = timedelta(days=7),
) -> Refer:
    return Refer(by=ALICE, at=at, degree=degree, notice=notice, follow_up_due=at + due_in)


def test_referral_path_closes(desk: cr.Desk) -> None:
    """Offer, confirmation, referral with a notice, then a follow-up: the case closes."""
    case = drive(desk, "investigating")
    case = desk.apply(case, make_op("offer_referral", minutes(10)))
    assert case.referral is not None
    assert (case.state, case.referral.firm, case.referral.confirmed) == (
        "referral_offered",
        "NetCo",
        False,
    )
    case = desk.apply(case, make_op("confirm_referral", minutes(20)))
    assert case.referral is not None
    assert (case.state, case.referral.confirmed, case.referral.can_do) == (
        "referral_confirmed",
        True,
        "fix the line",
    )
    case = desk.apply(case, _refer(minutes(30)))
    assert case.referral is not None
    assert case.state == "referred"
    assert case.referral.degree is ReferralDegree.CONFIRMED_RECEIVER
    assert case.referral.follow_up_due == minutes(30) + timedelta(days=7)
    assert case.owner == ALICE
    assert len(case.notices) == 1
    assert "NetCo" in case.notices[0].what
    assert NOTICE.how_to_reach in case.notices[0].what
    case = desk.apply(case, make_op("record_follow_up", minutes(40)))
    case = desk.apply(case, make_op("close", minutes(50)))
    assert (case.state, case.owner, case.version) == ("closed", ALICE, 9)


_BAD_REFERRALS: list[tuple[str, Refer, str]] = [
    ("no-notice", _refer(minutes(30), notice=None), "has not been told"),
    (
        "names-given",
        _refer(minutes(30), degree=ReferralDegree.NAMES_GIVEN),
        "NAMES_GIVEN is below the required CONFIRMED_RECEIVER",
    ),
    ("follow-up-not-later", _refer(minutes(30), due_in=timedelta(0)), "not after the referral"),
]


@pytest.mark.parametrize(
    ("op", "fragment"),
    [(op, fragment) for _, op, fragment in _BAD_REFERRALS],
    ids=[name for name, _, _ in _BAD_REFERRALS],
)
def test_bad_referral_refused(desk: cr.Desk, op: Refer, fragment: str) -> None:
    """A referral without a notice, below the required degree or due too early is refused."""
    case = drive(desk, "referral_confirmed")
    assert_refused(desk, case, op, ReferralRefused, fragment)


@pytest.mark.parametrize("engine", ENGINES)
def test_stricter_rules_raise_the_referral_bar(engine: Engine) -> None:
    """With CONNECTED_LIVE required, a confirmed receiver is refused and a live one accepted."""
    rules = LifecycleRules(min_referral_degree=ReferralDegree.CONNECTED_LIVE)
    desk = cr.Desk(rules=rules, engine=engine)
    case = drive(desk, "referral_confirmed")
    assert_refused(
        desk,
        case,
        _refer(minutes(30)),
        ReferralRefused,
        "CONFIRMED_RECEIVER is below the required CONNECTED_LIVE",
    )
    live = desk.apply(case, _refer(minutes(30), degree=ReferralDegree.CONNECTED_LIVE))
    assert live.state == "referred"


def test_refer_before_confirmation_refused(desk: cr.Desk) -> None:
    """A referral the other firm has not confirmed is refused."""
    case = drive(desk, "referral_offered")
    assert_refused(desk, case, _refer(minutes(30)), ReferralRefused, "has not confirmed")


@pytest.mark.parametrize("kind", ["decline_referral", "withdraw_referral"])
def test_referral_ended_goes_back_to_investigating(desk: cr.Desk, kind: str) -> None:
    """A declined or withdrawn referral is forgotten and the investigation resumes."""
    case = drive(desk, "referral_offered")
    after = desk.apply(case, make_op(kind, next_at(case)))
    assert (after.state, after.referral) == ("investigating", None)


# --- warm handoff ----------------------------------------------------------------------

_OFFER_TO_BOB = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="technical")
_OFFER_EXPIRING = OfferHandoff(
    by=ALICE, at=minutes(10), to=BOB, reason="technical", expires_at=minutes(40)
)

_HANDOFF_REFUSALS: list[tuple[str, tuple[Operation, ...], Operation, str]] = [
    (
        "offer-by-non-owner",
        (),
        OfferHandoff(by=BOB, at=minutes(20), to=CAROL, reason="escalate"),
        "only the owner 'alice' can offer the case, not 'bob'",
    ),
    (
        "offer-to-self",
        (),
        OfferHandoff(by=ALICE, at=minutes(20), to=ALICE, reason="mine"),
        "'alice' already owns the case",
    ),
    (
        "offer-expiring-before-made",
        (),
        OfferHandoff(by=ALICE, at=minutes(20), to=BOB, reason="x", expires_at=minutes(20)),
        "would expire before it is made",
    ),
    (
        "second-offer-while-open",
        (_OFFER_TO_BOB,),
        OfferHandoff(by=ALICE, at=minutes(20), to=CAROL, reason="escalate"),
        "an offer to 'bob' is already open",
    ),
    (
        "accept-by-someone-else",
        (_OFFER_TO_BOB,),
        AcceptHandoff(by=CAROL, at=minutes(20)),
        "only they can answer it, not 'carol'",
    ),
    (
        "decline-by-someone-else",
        (_OFFER_TO_BOB,),
        DeclineHandoff(by=ALICE, at=minutes(20)),
        "only they can answer it, not 'alice'",
    ),
    (
        "accept-without-offer",
        (),
        AcceptHandoff(by=BOB, at=minutes(20)),
        "no handoff offer is open",
    ),
    (
        "withdraw-by-non-owner",
        (_OFFER_TO_BOB,),
        WithdrawHandoff(by=BOB, at=minutes(20)),
        "only the owner 'alice' can withdraw",
    ),
    (
        "withdraw-without-offer",
        (),
        WithdrawHandoff(by=ALICE, at=minutes(20)),
        "no handoff offer is open",
    ),
    (
        "expire-before-expiry",
        (_OFFER_EXPIRING,),
        ExpireHandoff(by=ALICE, at=minutes(39)),
        "not yet at",
    ),
    (
        "expire-without-expiry",
        (_OFFER_TO_BOB,),
        ExpireHandoff(by=ALICE, at=minutes(90)),
        "has no expiry",
    ),
    (
        "expire-without-offer",
        (),
        ExpireHandoff(by=ALICE, at=minutes(90)),
        "no handoff offer is open",
    ),
    (
        "accept-after-expiry",
        (_OFFER_EXPIRING,),
        AcceptHandoff(by=BOB, at=minutes(40) + timedelta(seconds=1)),
        "the offer expired at 2026-11-02T09:40:00+00:00: the owner must offer the case again",
    ),
]


@pytest.mark.parametrize(
    ("setup", "op", "fragment"),
    [row[1:] for row in _HANDOFF_REFUSALS],
    ids=[row[0] for row in _HANDOFF_REFUSALS],
)
def test_handoff_refused(
    desk: cr.Desk, setup: Sequence[Operation], op: Operation, fragment: str
) -> None:
    """A warm-handoff operation that breaks an ownership rule is refused, changing nothing."""
    case = desk.apply_all(drive(desk, "investigating"), setup)
    assert_refused(desk, case, op, cr.OperationRefused, fragment)
    assert case.owner == ALICE


_ANSWERS: list[tuple[str, Operation, cr.Actor, int]] = [
    ("accept", AcceptHandoff(by=BOB, at=minutes(40)), BOB, 2),
    ("decline", DeclineHandoff(by=BOB, at=minutes(40)), ALICE, 1),
    ("withdraw", WithdrawHandoff(by=ALICE, at=minutes(40)), ALICE, 1),
    ("expire-at-expiry", ExpireHandoff(by=CAROL, at=minutes(40)), ALICE, 1),
]


@pytest.mark.parametrize(
    ("answer", "owner", "notices"),
    [row[1:] for row in _ANSWERS],
    ids=[row[0] for row in _ANSWERS],
)
def test_handoff_answered(desk: cr.Desk, answer: Operation, owner: cr.Actor, notices: int) -> None:
    """Only acceptance changes the owner; every answer clears the offer and keeps the stage."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_EXPIRING)
    assert case.pending_handoff == HandoffOffer(BOB, ALICE, minutes(10), "technical", minutes(40))
    assert (case.owner, len(case.notices)) == (ALICE, 1)
    after = desk.apply(case, answer)
    assert after.owner == owner
    assert after.pending_handoff is None
    assert len(after.notices) == notices
    assert (after.state, after.version) == ("investigating", case.version + 1)
    assert after.history[-1].kind == answer.kind
    assert after.history[-1].owner == owner


def test_expired_offer_is_made_again_then_accepted(desk: cr.Desk) -> None:
    """After an offer expired unanswered, the owner offers again and the colleague accepts."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_EXPIRING)
    case = desk.apply(case, ExpireHandoff(by=ALICE, at=minutes(41)))
    assert (case.owner, case.pending_handoff) == (ALICE, None)
    case = desk.apply(case, OfferHandoff(by=ALICE, at=minutes(42), to=BOB, reason="again"))
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(43)))
    assert (case.owner, case.pending_handoff, case.state) == (BOB, None, "investigating")


def test_accept_tells_the_customer_twice(desk: cr.Desk) -> None:
    """The customer hears of the offer and of the acceptance, from the right people."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_TO_BOB)
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(20)))
    offer, acceptance = case.notices
    assert (offer.by, offer.at) == (ALICE, minutes(10))
    assert "Bob (tech support) has been asked" in offer.what
    assert "Alice stays responsible" in offer.what
    assert (acceptance.by, acceptance.at) == (BOB, minutes(20))
    assert "Bob (tech support) is now responsible" in acceptance.what


def test_offer_without_copying_customer(desk: cr.Desk) -> None:
    """An offer that does not copy the customer adds no notice."""
    case = drive(desk, "investigating")
    op = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="x", copy_customer=False)
    assert desk.apply(case, op).notices == ()


@pytest.mark.parametrize("state", OPEN_STATES, ids=OPEN_STATES)
def test_handoff_in_every_open_state(desk: cr.Desk, state: str) -> None:
    """A warm handoff works in every open stage and never moves the stage."""
    case = drive(desk, state)
    case = desk.apply(case, make_op("offer_handoff", next_at(case)))
    case = desk.apply(case, make_op("accept_handoff", next_at(case), by=BOB))
    assert (case.state, case.owner, case.pending_handoff) == (state, BOB, None)


# --- time ------------------------------------------------------------------------------

_LATE_KINDS = ("propose_resolution", "offer_handoff", "disclaim")


@pytest.mark.parametrize("kind", _LATE_KINDS, ids=_LATE_KINDS)
def test_out_of_order_time_refused(desk: cr.Desk, kind: str) -> None:
    """An operation dated before the case's last event is refused, whatever it is."""
    case = drive(desk, "investigating")
    early = case.last_event_at - timedelta(seconds=1)
    assert_refused(
        desk, case, make_op(kind, early), cr.OperationRefused, "before the case's last event"
    )


def test_same_time_accepted(desk: cr.Desk) -> None:
    """An operation at the same instant as the last event is in order."""
    case = drive(desk, "investigating")
    assert desk.apply(case, make_op("propose_resolution", case.last_event_at)).version == 5


NAIVE = datetime(2026, 11, 2, 9, 0)


def test_naive_complaint_time_invalid() -> None:
    """A complaint's receipt time must be timezone-aware."""
    with pytest.raises(cr.InvalidValue, match="received_at must be timezone-aware"):
        cr.Complaint("C-2", CUSTOMER, cr.Channel.EMAIL, NAIVE, "late invoice")


_BAD_COMPLAINT_FIELDS: list[tuple[str, dict[str, object], str]] = [
    (
        "customer-a-string",
        {"customer": "not a customer"},
        "Complaint.customer must be a Customer, got 'not a customer'",
    ),
    ("customer-none", {"customer": None}, "Complaint.customer must be a Customer, got None"),
    (
        "customer-an-actor",
        {"customer": ALICE},
        f"Complaint.customer must be a Customer, got {ALICE!r}",
    ),
    ("channel-a-string", {"channel": "phone"}, "Complaint.channel must be a Channel, got 'phone'"),
    (
        "claimed-loss-a-string",
        {"claimed_loss": "10 EUR"},
        "Complaint.claimed_loss must be Money or None, got '10 EUR'",
    ),
    (
        "blank-id",
        {"complaint_id": " "},
        "Complaint.complaint_id must be a non-empty string, got ' '",
    ),
    ("blank-summary", {"summary": ""}, "Complaint.summary must be a non-empty string, got ''"),
]


@pytest.mark.parametrize(
    ("changes", "message"),
    [row[1:] for row in _BAD_COMPLAINT_FIELDS],
    ids=[row[0] for row in _BAD_COMPLAINT_FIELDS],
)
def test_complaint_field_of_the_wrong_kind_invalid(
    changes: dict[str, object], message: str
) -> None:
    """A complaint refuses a field of the wrong type or a blank text with InvalidValue."""
    fields: dict[str, object] = {
        "complaint_id": "C-2",
        "customer": CUSTOMER,
        "channel": cr.Channel.EMAIL,
        "received_at": T0,
        "summary": "late invoice",
        **changes,
    }
    with pytest.raises(cr.InvalidValue) as caught:
        cr.Complaint(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message


_KINDS = sorted(OPERATION_TYPES)


@pytest.mark.parametrize("kind", _KINDS, ids=_KINDS)
def test_naive_operation_time_invalid(kind: str) -> None:
    """Every operation refuses a naive ``at`` when it is built."""
    with pytest.raises(cr.InvalidValue, match=r"\.at must be timezone-aware"):
        make_op(kind, NAIVE)


def test_naive_follow_up_due_invalid() -> None:
    """A referral's follow-up date must be timezone-aware."""
    with pytest.raises(cr.InvalidValue, match="follow_up_due must be timezone-aware"):
        Refer(
            by=ALICE,
            at=T0,
            degree=ReferralDegree.CONNECTED_LIVE,
            notice=NOTICE,
            follow_up_due=NAIVE,
        )


def test_naive_handoff_expiry_invalid() -> None:
    """A handoff offer's expiry must be timezone-aware."""
    with pytest.raises(
        cr.InvalidValue,
        match=r"^OfferHandoff\.expires_at must be timezone-aware, got naive 2026-11-03T00:00:00$",
    ):
        OfferHandoff(by=ALICE, at=T0, to=BOB, reason="technical", expires_at=datetime(2026, 11, 3))


def test_naive_offer_expiry_in_case_invalid() -> None:
    """An open offer recorded on a case must expire at a timezone-aware time too."""
    with pytest.raises(cr.InvalidValue, match=r"HandoffOffer\.expires_at must be timezone-aware"):
        HandoffOffer(BOB, ALICE, T0, "technical", datetime(2026, 11, 3))


@pytest.mark.parametrize("window", [timedelta(0), timedelta(days=-1)], ids=["zero", "negative"])
def test_reopen_window_must_be_positive(window: timedelta) -> None:
    """A reopen window is a positive duration, or ``None`` for never."""
    with pytest.raises(
        cr.InvalidValue, match=r"^reopen_window must be a positive timedelta or None, got "
    ):
        LifecycleRules(reopen_window=window)
    assert LifecycleRules().reopen_window is None


def test_record_before_receipt_invalid(desk: cr.Desk) -> None:
    """A complaint cannot be recorded before it was received."""
    with pytest.raises(cr.InvalidValue, match="before it was received"):
        desk.record(COMPLAINT, by=ALICE, at=T0 - timedelta(minutes=1))


def test_record_makes_the_recorder_owner(desk: cr.Desk) -> None:
    """Whoever records a complaint owns it, whatever their role."""
    case = desk.record(COMPLAINT, by=DAVE, at=T0)
    assert snapshot(case) == {
        "state": "received",
        "owner": "dave",
        "version": 1,
        "pending_to": None,
        "notices": 0,
        "history": ("record",),
    }
    assert case.case_id == COMPLAINT.complaint_id
    assert case.complaint == COMPLAINT


# --- allowed ---------------------------------------------------------------------------

_ALLOWED_STATES = list(PATHS)


@pytest.mark.parametrize("state", _ALLOWED_STATES, ids=_ALLOWED_STATES)
def test_allowed_matches_table(desk: cr.Desk, state: str) -> None:
    """The desk offers the table's events, plus handoffs and annotations while open and owned."""
    side = SIDE_KINDS if state in OPEN_STATES else frozenset()
    assert desk.allowed(drive(desk, state)) == declared_in(state) | side


def test_allowed_in_investigating_literal(desk: cr.Desk) -> None:
    """In ``investigating`` the offered lifecycle events are exactly these four."""
    allowed = desk.allowed(drive(desk, "investigating")) - SIDE_KINDS
    assert allowed == {"await_customer", "propose_resolution", "offer_referral", "merge_into"}


def test_allowed_when_closed(desk: cr.Desk) -> None:
    """A closed case offers archiving and reopening only: no handoff, no annotation."""
    assert desk.allowed(drive(desk, "closed")) == {"archive", "reopen_after_close"}


@pytest.mark.parametrize("state", FINAL_STATES, ids=FINAL_STATES)
def test_allowed_empty_when_ended(desk: cr.Desk, state: str) -> None:
    """An archived or merged case offers nothing."""
    assert desk.allowed(drive(desk, state)) == frozenset()


# --- events ----------------------------------------------------------------------------


def test_event_fields(desk: cr.Desk) -> None:
    """Each event says which, what, who, when, why, and the case after it."""
    case = drive(desk, "investigating")
    op = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="router fault", note="n")
    case = desk.apply(case, op)
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(11), note="on it"))
    offer, accept = case.history[-2:]
    assert (offer.event_id, offer.kind, offer.by, offer.at, offer.why) == (
        "C-1#5",
        "offer_handoff",
        ALICE,
        minutes(10),
        "router fault",
    )
    assert (offer.version, offer.state, offer.owner, offer.operation) == (
        5,
        "investigating",
        ALICE,
        op,
    )
    assert (accept.event_id, accept.kind, accept.by, accept.why, accept.owner) == (
        "C-1#6",
        "accept_handoff",
        BOB,
        "on it",
        BOB,
    )
    first = case.history[0]
    assert (first.event_id, first.kind, first.by, first.at, first.state, first.owner) == (
        "C-1#1",
        "record",
        ALICE,
        T0,
        "received",
        ALICE,
    )
    assert [e.version for e in case.history] == list(range(1, case.version + 1))


def test_case_rejects_broken_history(desk: cr.Desk) -> None:
    """A case whose last event's version or case id disagrees with its history cannot be
    built, nor one with no history, nor one whose owner is not an Actor."""
    case = drive(desk, "investigating")
    with pytest.raises(cr.InvalidValue, match="last event has version 4, but 3 events"):
        attrs.evolve(case, history=case.history[1:])
    stranger = attrs.evolve(case.history[-1], case_id="C-other")
    with pytest.raises(cr.InvalidValue, match="belongs to case 'C-other', not 'C-1'"):
        attrs.evolve(case, history=(*case.history[:-1], stranger))
    with pytest.raises(cr.InvalidValue, match="at least its 'record' event"):
        attrs.evolve(case, history=())
    with pytest.raises(cr.InvalidValue, match="always have an owner"):
        attrs.evolve(case.history[-1], owner=None)  # type: ignore[arg-type]


def test_state_owner_and_version_are_read_from_the_history(desk: cr.Desk) -> None:
    """A case's state, owner and version are its last event's and its number of events."""
    case = drive(desk, "investigating")
    at = case.last_event_at
    case = desk.apply(case, OfferHandoff(by=ALICE, at=at, to=BOB, reason="billing"))
    case = desk.apply(case, AcceptHandoff(by=BOB, at=at))
    assert (case.state, case.owner, case.version) == ("investigating", BOB, 6)
    assert [e.kind for e in case.history[-2:]] == ["offer_handoff", "accept_handoff"]
    assert repr(case) == "Case(case_id='C-1', state='investigating', owner='bob', version=6)"


# --- order of checks -------------------------------------------------------------------


class VetoEverything:
    """A plugin that refuses every operation it is asked about."""

    plugin_name = "freezer"

    @cr.hookimpl
    def veto_operation(self, operation: Operation) -> str | None:
        return "the account is frozen for audit"


def vetoing(desk: cr.Desk) -> cr.Desk:
    """A desk like ``desk`` (same engine) with :class:`VetoEverything` installed."""
    return cr.Desk(engine=desk.engine_name, plugins=[VetoEverything()], entry_points=False)


def in_unknown_state(case: cr.Case) -> cr.Case:
    """``case`` as a store might hold it after a lifecycle lost a state: in ``limbo``."""
    last = attrs.evolve(case.history[-1], state="limbo")
    return attrs.evolve(case, history=(*case.history[:-1], last))


@pytest.mark.parametrize("kind", ["investigate", "offer_handoff", "disclaim", "archive"])
def test_unknown_stored_state_is_data_error_first(desk: cr.Desk, kind: str) -> None:
    """A case in a state the lifecycle does not know is broken data, whatever is asked, and
    even when the operation is also out of time order or a push-away."""
    case = in_unknown_state(drive(desk, "investigating"))
    before = copy.deepcopy(case)
    early = case.last_event_at - timedelta(minutes=1)
    with pytest.raises(cr.DataError) as info:
        desk.apply(case, make_op(kind, early))
    assert type(info.value) is cr.DataError
    assert str(info.value) == (
        "case 'C-1': stored state 'limbo' is not a state of ComplaintLifecycle"
    )
    assert case == before


@pytest.mark.parametrize("state", ["investigating", "closed", "archived", "merged"])
def test_time_order_before_everything_else(desk: cr.Desk, state: str) -> None:
    """An out-of-order push-away is refused for its time, not as a push-away, in any state."""
    case = drive(desk, state)
    early = case.last_event_at - timedelta(seconds=1)
    refusal = assert_refused(desk, case, make_op("dismiss", early), cr.OperationRefused)
    assert "before the case's last event" in refusal.reason


@pytest.mark.parametrize("state", ["investigating", "closed", "archived", "merged"])
def test_push_away_refused_before_plugin_vetoes(desk: cr.Desk, state: str) -> None:
    """A push-away is refused as such even when a plugin would veto it, in any state."""
    case = drive(desk, state)
    assert_refused(vetoing(desk), case, make_op("unassign", next_at(case)), cr.NotMyResponsibility)


_VETO_FIRST = [
    ("investigating", "close"),  # would be ClosingRefused (not declared)
    ("referral_confirmed", "refer"),  # would be accepted
    ("closed", "offer_handoff"),  # would be refused: no accountable owner
    ("closed", "reopen_after_close"),  # would be ReopenRefused (no window)
    ("archived", "archive"),  # would be refused: the case has ended
    ("merged", "offer_goodwill"),  # would be refused: the case has ended
]


@pytest.mark.parametrize(("state", "kind"), _VETO_FIRST, ids=[f"{s}-{k}" for s, k in _VETO_FIRST])
def test_plugin_veto_before_lifecycle_and_ownership(desk: cr.Desk, state: str, kind: str) -> None:
    """A plugin's veto is heard before the lifecycle, ownership and ended-case rules."""
    case = drive(desk, state)
    refusal = assert_refused(vetoing(desk), case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == "plugin 'freezer': the account is frozen for audit"


# --- closed, reopened, archived ---------------------------------------------------------

_CLOSINGS = {
    "accepted": _TO_RESOLVED,
    "recourse": PATHS["followed_up"],
    "referral": (*PATHS["referred"], "record_follow_up"),
}


def close_by(desk: cr.Desk, how: str) -> cr.Case:
    """A case Alice drove to ``closed`` through one of the three outcomes of ``_CLOSINGS``."""
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    for step, kind in enumerate((*_CLOSINGS[how], "close"), start=1):
        case = desk.apply(case, make_op(kind, minutes(step)))
    assert case.state == "closed"
    return case


@pytest.mark.parametrize("how", list(_CLOSINGS))
def test_reopen_after_close_within_window(windowed_desk: cr.Desk, how: str) -> None:
    """A reply within the window reopens the case, owned by whoever received it, with every
    earlier outcome forgotten, so it must earn its closing again."""
    closed = close_by(windowed_desk, how)
    assert closed.closed_at == closed.last_event_at
    reply = ReopenAfterClose(by=BOB, at=closed.last_event_at + timedelta(days=3), note="again")
    reopened = windowed_desk.apply(closed, reply)
    assert (reopened.state, reopened.owner, reopened.version) == (
        "reopened",
        BOB,
        closed.version + 1,
    )
    assert (reopened.history[-1].operation, reopened.history[-1].owner) == (reply, BOB)
    assert reopened.history[:-1] == closed.history
    assert (
        reopened.customer_accepted,
        reopened.recourse,
        reopened.follow_up,
        reopened.referral,
        reopened.closed_at,
    ) == (False, None, None, None, None)
    assert reopened.notices == (
        *closed.notices,
        CustomerNotice(
            BOB,
            reply.at,
            "Bob (tech support) has reopened your complaint and is responsible for it.",
        ),
    )
    close = Close(by=BOB, at=next_at(reopened))
    with pytest.raises(ClosingRefused) as info:
        outcome_recorded(reopened, close, windowed_desk.rules)
    assert info.value.reason == CLOSING_RULE
    refusal = assert_refused(windowed_desk, reopened, close, ClosingRefused)
    assert refusal.reason == CLOSING_RULE
    assert windowed_desk.allowed(reopened) == {"investigate", "merge_into"} | SIDE_KINDS


def test_reopened_case_earns_a_new_close(windowed_desk: cr.Desk) -> None:
    """The new owner takes a reopened case to a new outcome, closes it, and the window
    starts again from that closing."""
    closed = close_by(windowed_desk, "recourse")
    first_close = closed.last_event_at
    case = windowed_desk.apply(closed, ReopenAfterClose(by=BOB, at=first_close + timedelta(1)))
    for kind in ("investigate", "propose_resolution", "accept_resolution", "close"):
        case = windowed_desk.apply(case, make_op(kind, next_at(case), by=BOB))
    assert (case.state, case.owner, case.customer_accepted) == ("closed", BOB, True)
    assert case.closed_at == first_close + timedelta(days=1, minutes=4)
    late_for_first = first_close + REOPEN_WINDOW + timedelta(days=1)
    again = windowed_desk.apply(case, ReopenAfterClose(by=CAROL, at=late_for_first))
    assert (again.state, again.owner) == ("reopened", CAROL)


def test_reopen_at_window_end_accepted(windowed_desk: cr.Desk) -> None:
    """A reply at the very end of the window still reopens the case."""
    closed = drive(windowed_desk, "closed")
    at = closed.last_event_at + REOPEN_WINDOW
    assert windowed_desk.apply(closed, ReopenAfterClose(by=DAVE, at=at)).owner == DAVE


def test_reopen_after_window_refused(windowed_desk: cr.Desk) -> None:
    """A reply one second after the window does not reopen the case: it needs a new one."""
    closed = drive(windowed_desk, "closed")
    late = closed.last_event_at + REOPEN_WINDOW + timedelta(seconds=1)
    refusal = assert_refused(
        windowed_desk, closed, ReopenAfterClose(by=BOB, at=late), ReopenRefused
    )
    assert refusal.reason == (
        "the window is 14 days, 0:00:00: a reply after it opens a new, linked case "
        "(Desk.handle_reply)"
    )


def test_reopen_without_window_refused(desk: cr.Desk) -> None:
    """Without a reopen window (the default) no reply reopens a closed case, however soon."""
    closed = drive(desk, "closed")
    refusal = assert_refused(
        desk, closed, ReopenAfterClose(by=BOB, at=next_at(closed)), ReopenRefused
    )
    assert refusal.reason == (
        "no reopen window is set: a reply after it opens a new, linked case (Desk.handle_reply)"
    )


@pytest.mark.parametrize("how", list(_CLOSINGS))
def test_archive_keeps_the_outcome_and_ends_the_case(desk: cr.Desk, how: str) -> None:
    """Archiving a closed case keeps its owner and outcome on record and ends it."""
    closed = close_by(desk, how)
    archived = desk.apply(closed, Archive(by=CAROL, at=next_at(closed)))
    assert (archived.state, archived.owner, archived.version) == (
        "archived",
        ALICE,
        closed.version + 1,
    )
    assert archived.details == closed.details
    assert archived.closed_at is None
    assert desk.allowed(archived) == frozenset()


# --- replies ----------------------------------------------------------------------------


def reply_to(desk: cr.Desk, case: cr.Case, at: datetime) -> cr.Case:
    """Bob receives the customer's reply to ``case`` at ``at``."""
    return desk.handle_reply(
        case, by=BOB, at=at, summary="it drops again", follow_up_id="C-1-reply"
    )


@pytest.mark.parametrize("state", OPEN_STATES, ids=OPEN_STATES)
def test_reply_to_open_case_returns_it_unchanged(windowed_desk: cr.Desk, state: str) -> None:
    """A reply to an open case is part of that case's work: the very same case comes back."""
    case = drive(windowed_desk, state)
    before = copy.deepcopy(case)
    assert reply_to(windowed_desk, case, next_at(case)) is case
    assert case == before


def test_reply_within_window_reopens(windowed_desk: cr.Desk) -> None:
    """A reply to a closed case within the window reopens it, owned by who received it."""
    closed = drive(windowed_desk, "closed")
    at = closed.last_event_at + timedelta(days=2)
    reopened = reply_to(windowed_desk, closed, at)
    assert (reopened.case_id, reopened.state, reopened.owner) == ("C-1", "reopened", BOB)
    assert reopened.history[-1].operation == ReopenAfterClose(by=BOB, at=at, note="it drops again")
    assert reopened.version == closed.version + 1


_NEW_CASE_REPLIES: list[tuple[str, timedelta | None, str, timedelta]] = [
    ("closed-after-window", REOPEN_WINDOW, "closed", REOPEN_WINDOW + timedelta(seconds=1)),
    ("closed-without-window", None, "closed", timedelta(minutes=1)),
    ("archived-within-window", REOPEN_WINDOW, "archived", timedelta(minutes=1)),
]


@pytest.mark.parametrize(
    ("window", "state", "delay"),
    [row[1:] for row in _NEW_CASE_REPLIES],
    ids=[row[0] for row in _NEW_CASE_REPLIES],
)
def test_reply_opens_a_new_linked_case(
    desk: cr.Desk, window: timedelta | None, state: str, delay: timedelta
) -> None:
    """A reply that cannot reopen the case opens a new one, owned by who received it and
    linked to the old one, which stays as it was."""
    desk = desk if window is None else windowed(desk, window)
    old = drive(desk, state)
    before = copy.deepcopy(old)
    at = old.last_event_at + delay
    new = reply_to(desk, old, at)
    assert (new.case_id, new.state, new.owner, new.version) == ("C-1-reply", "received", BOB, 1)
    assert new.complaint == attrs.evolve(
        COMPLAINT,
        complaint_id="C-1-reply",
        received_at=at,
        summary="it drops again",
        follows_up="C-1",
    )
    assert new.history[0].operation == Record(
        by=BOB, at=at, note="follows up case C-1", complaint=new.complaint
    )
    assert old == before


def test_reply_dated_before_the_close_refused(windowed_desk: cr.Desk) -> None:
    """A reply dated before the case's last event is a time-order refusal, not a new case."""
    closed = drive(windowed_desk, "closed")
    with pytest.raises(cr.OperationRefused) as info:
        reply_to(windowed_desk, closed, closed.last_event_at - timedelta(minutes=1))
    assert type(info.value) is cr.OperationRefused
    assert "before the case's last event" in info.value.reason


# --- merging duplicates -----------------------------------------------------------------


def duplicate_pair(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    """Bob's duplicate ``C-2`` (acknowledged) and Alice's ``C-1`` (investigating)."""
    survivor = drive(desk, "investigating")
    duplicate = desk.record(DUPLICATE, by=BOB, at=minutes(1))
    duplicate = desk.apply(duplicate, Acknowledge(by=BOB, at=minutes(2)))
    return duplicate, survivor


def test_merge(desk: cr.Desk) -> None:
    """The duplicate ends in ``merged`` pointing to the survivor; the survivor records what it
    absorbed and whose it was; both histories are kept and both owners stay."""
    duplicate, survivor = duplicate_pair(desk)
    merged, kept = desk.merge(duplicate, survivor, by=CAROL, at=minutes(10))
    assert (merged.state, merged.owner, merged.version, merged.merged_into) == (
        "merged",
        BOB,
        3,
        "C-1",
    )
    assert merged.history[:-1] == duplicate.history
    assert merged.history[-1].operation == MergeInto(by=CAROL, at=minutes(10), survivor_id="C-1")
    assert (kept.state, kept.owner, kept.version, kept.merged_from) == (
        "investigating",
        ALICE,
        5,
        ("C-2",),
    )
    assert kept.history[:-1] == survivor.history
    assert kept.history[-1].operation == AbsorbDuplicate(
        by=CAROL, at=minutes(10), duplicate_id="C-2", duplicate_owner=BOB, duplicate_events=2
    )
    assert (merged.merged_from, kept.merged_into) == ((), None)
    assert desk.allowed(merged) == frozenset()


def test_merge_tells_the_duplicates_owner(desk: cr.Desk) -> None:
    """After both merge steps are accepted, plugins hear of the survivor's absorb (naming the
    duplicate's owner) and of the duplicate's merge, whose case is still owned by that owner:
    the hook through which a CRM tells them."""
    listener = Listener()
    duplicate, survivor = duplicate_pair(desk)
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    merged, kept = desk.merge(duplicate, survivor, by=CAROL, at=minutes(10))
    assert listener.heard == [
        ("C-1#5", "absorb_duplicate", "alice"),
        ("C-2#3", "merge_into", "bob"),
    ]
    absorbed = kept.history[-1].operation
    assert isinstance(absorbed, AbsorbDuplicate)
    assert absorbed.duplicate_owner == merged.owner == BOB


def test_survivor_absorbs_several_duplicates(desk: cr.Desk) -> None:
    """A survivor lists every duplicate merged into it, in order."""
    duplicate, survivor = duplicate_pair(desk)
    _, survivor = desk.merge(duplicate, survivor, by=ALICE, at=minutes(10))
    third = desk.record(attrs.evolve(DUPLICATE, complaint_id="C-3"), by=DAVE, at=minutes(11))
    merged, survivor = desk.merge(third, survivor, by=ALICE, at=minutes(12))
    assert survivor.merged_from == ("C-2", "C-3")
    assert (merged.merged_into, merged.owner) == ("C-1", DAVE)


def test_merge_into_directly_names_the_survivor(desk: cr.Desk) -> None:
    """A ``merge_into`` applied on its own ends the case, pointing to the named survivor."""
    case = drive(desk, "resolution_rejected")
    merged = desk.apply(case, MergeInto(by=ALICE, at=next_at(case), survivor_id="C-7"))
    assert (merged.state, merged.merged_into, merged.owner) == ("merged", "C-7", ALICE)


def test_merge_into_itself_refused(desk: cr.Desk) -> None:
    """A case is never merged into itself: it would end with nobody carrying on."""
    case = drive(desk, "investigating")
    op = MergeInto(by=ALICE, at=next_at(case), survivor_id="C-1")
    refusal = assert_refused(desk, case, op, ClosingRefused)
    assert refusal.reason == "a case is merged only into another case that carries on"


_Pair = Callable[[cr.Desk], tuple[cr.Case, cr.Case]]


def _other_customer(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    other = attrs.evolve(DUPLICATE, customer=OTHER_CUSTOMER)
    return desk.record(other, by=BOB, at=minutes(1)), drive(desk, "investigating")


def _handoff_open(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    duplicate, survivor = duplicate_pair(desk)
    offer = OfferHandoff(by=BOB, at=minutes(3), to=ALICE, reason="she has the original")
    return desk.apply(duplicate, offer), survivor


def _states(duplicate: str, survivor: str) -> _Pair:
    return lambda desk: (drive(desk, duplicate, DUPLICATE), drive(desk, survivor))


def _into_itself(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    case = drive(desk, "investigating")
    return case, case


_HANDOFF_STILL_OPEN = (
    "a handoff to 'alice' is still open: let it be accepted, declined or withdrawn first"
)
_MERGE_REFUSALS: list[tuple[str, _Pair, datetime, type[cr.OperationRefused], str, str, str]] = [
    # (id, pair, at, error, refused side, refused operation, reason)
    (
        "other-customer",
        _other_customer,
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        "case 'C-1' is about another customer",
    ),
    (
        "handoff-open-on-duplicate",
        _handoff_open,
        minutes(30),
        ClosingRefused,
        "duplicate",
        "merge_into",
        _HANDOFF_STILL_OPEN,
    ),
    (
        "into-itself",
        _into_itself,
        minutes(30),
        ClosingRefused,
        "duplicate",
        "merge_into",
        "a case is merged only into another case that carries on",
    ),
    (
        "duplicate-closed",
        _states("closed", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        "not allowed in this state (allowed: archive, reopen_after_close)",
    ),
    (
        "duplicate-archived",
        _states("archived", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        ENDED,
    ),
    (
        "duplicate-merged",
        _states("merged", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        ENDED,
    ),
    (
        "survivor-closed",
        _states("investigating", "closed"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        NO_OWNER,
    ),
    (
        "survivor-archived",
        _states("investigating", "archived"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        ENDED,
    ),
    (
        "survivor-merged",
        _states("investigating", "merged"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        ENDED,
    ),
    (
        "before-survivor-last-event",
        duplicate_pair,
        minutes(2),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        "it happened at 2026-11-02T09:02:00+00:00, before the case's last event at "
        "2026-11-02T09:03:00+00:00 (operations are applied in time order)",
    ),
]


@pytest.mark.parametrize(
    ("pair", "at", "error", "side", "operation", "reason"),
    [row[1:] for row in _MERGE_REFUSALS],
    ids=[row[0] for row in _MERGE_REFUSALS],
)
def test_merge_refused_changes_neither(
    desk: cr.Desk,
    pair: _Pair,
    at: datetime,
    error: type[cr.OperationRefused],
    side: str,
    operation: str,
    reason: str,
) -> None:
    """A merge either side refuses raises exactly that refusal and leaves both cases as they
    were."""
    duplicate, survivor = pair(desk)
    before = copy.deepcopy((duplicate, survivor))
    with pytest.raises(cr.OperationRefused) as info:
        desk.merge(duplicate, survivor, by=CAROL, at=at)
    refusal = info.value
    refused = duplicate if side == "duplicate" else survivor
    assert type(refusal) is error
    assert (refusal.case_id, refusal.state, refusal.operation, refusal.reason) == (
        refused.case_id,
        refused.state,
        operation,
        reason,
    )
    assert (duplicate, survivor) == before


# --- annotations ------------------------------------------------------------------------

_ANNOTATE = [(state, kind) for state in OPEN_STATES for kind in sorted(ANNOTATION_KINDS)]


@pytest.mark.parametrize(("state", "kind"), _ANNOTATE, ids=[f"{s}-{k}" for s, k in _ANNOTATE])
def test_annotation_in_every_open_state(desk: cr.Desk, state: str, kind: str) -> None:
    """A goodwill offer, a boundary decision or an absorbed duplicate is recorded in every
    open stage, by anyone, without moving the stage or the owner."""
    case = drive(desk, state)
    op = make_op(kind, next_at(case), by=CAROL)
    after = desk.apply(case, op)
    assert (after.state, after.owner, after.version) == (state, ALICE, case.version + 1)
    assert (after.history[-1].operation, after.history[-1].owner) == (op, ALICE)
    merged_from = ("C-9",) if kind == "absorb_duplicate" else ()
    assert after.details == attrs.evolve(case.details, merged_from=merged_from)


def test_goodwill_awaiting_approval_refused(desk: cr.Desk) -> None:
    """Goodwill a person must still approve (a plugin failed) is not offered yet."""
    case = drive(desk, "investigating")
    escalated = attrs.evolve(GOODWILL, failures=GOODWILL.explanations)
    assert not escalated.granted
    op = OfferGoodwill(by=ALICE, at=next_at(case), decision=escalated)
    refusal = assert_refused(desk, case, op, cr.OperationRefused)
    assert refusal.reason == (
        "a compensation plugin failed: a person must approve this goodwill first"
    )


# --- replay -----------------------------------------------------------------------------


def test_replay_reopen_and_merge(windowed_desk: cr.Desk) -> None:
    """Histories with a reopening, an absorption and a merge replay to the same cases."""
    closed = drive(windowed_desk, "closed")
    reopened = windowed_desk.apply(closed, ReopenAfterClose(by=BOB, at=next_at(closed)))
    duplicate = windowed_desk.record(DUPLICATE, by=DAVE, at=minutes(1))
    merged, survivor = windowed_desk.merge(duplicate, reopened, by=BOB, at=next_at(reopened))
    for case in (reopened, merged, survivor):
        assert windowed_desk.replay(case.history) == case


def test_replay_without_the_window_refuses_the_reopening(desk: cr.Desk) -> None:
    """A history reopened under a window does not replay on a desk without one."""
    closed = drive(desk, "closed")
    reopened = windowed(desk).apply(closed, ReopenAfterClose(by=BOB, at=next_at(closed)))
    with pytest.raises(cr.DataError) as info:
        desk.replay(reopened.history)
    assert info.value.where == f"$.history[{closed.version}].operation"
    assert info.value.problem == (
        "the rules refuse this event on replay: case 'C-1' in state 'closed': "
        "'reopen_after_close' refused: no reopen window is set: a reply after it opens "
        "a new, linked case (Desk.handle_reply)"
    )


# --- walk-throughs ---------------------------------------------------------------------


def test_walk_through_billing_to_tech_support(desk: cr.Desk) -> None:
    """Billing hears a technical complaint and stays owner until tech support accepts it."""
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    kinds = ["record"]
    expected: dict[str, object] = {
        "state": "received",
        "owner": "alice",
        "version": 1,
        "pending_to": None,
        "notices": 0,
        "history": ("record",),
    }
    assert snapshot(case) == expected

    def step(op: Operation, **changes: object) -> None:
        nonlocal case
        case = desk.apply(case, op)
        expected.update(changes)
        kinds.append(op.kind)
        expected["version"] = len(kinds)
        expected["history"] = tuple(kinds)
        assert snapshot(case) == expected

    step(Acknowledge(by=ALICE, at=minutes(1)), state="acknowledged")
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Disclaim(by=ALICE, at=minutes(2), note="not billing"))
    assert snapshot(case) == expected
    step(
        OfferHandoff(by=ALICE, at=minutes(2), to=BOB, reason="router fault"),
        pending_to="bob",
        notices=1,
    )
    with pytest.raises(ClosingRefused):
        desk.apply(case, Close(by=ALICE, at=minutes(3)))
    with pytest.raises(cr.OperationRefused):
        desk.apply(case, AcceptHandoff(by=CAROL, at=minutes(3)))
    assert snapshot(case) == expected
    step(AcceptHandoff(by=BOB, at=minutes(4)), owner="bob", pending_to=None, notices=2)
    step(Assess(by=BOB, at=minutes(5)), state="assessed")
    step(Investigate(by=BOB, at=minutes(6)), state="investigating")
    step(AwaitCustomer(by=BOB, at=minutes(7), request="router model"), state="awaiting_customer")
    step(CustomerReplied(by=BOB, at=minutes(8)), state="investigating")
    step(
        ProposeResolution(by=BOB, at=minutes(9), resolution="replace router"),
        state="resolution_proposed",
    )
    step(AcceptResolution(by=BOB, at=minutes(10)), state="resolved")
    step(Close(by=BOB, at=minutes(11)), state="closed")
    assert expected["version"] == 11
    assert case.resolution == "replace router"
    assert case.customer_accepted
    assert [e.owner.actor_id for e in case.history] == ["alice"] * 3 + ["bob"] * 8


def test_walk_through_conference_capture_and_route(desk: cr.Desk) -> None:
    """An engineer who hears a complaint at a conference records it and routes it warmly."""
    heard = cr.Complaint(
        "C-7",
        cr.Customer("cust-7", "Gus", contact="gus@example.com"),
        cr.Channel.IN_PERSON,
        T0,
        "billing charged me twice",
    )
    case = desk.capture_and_route(heard, by=DAVE, to=ALICE, at=minutes(5), reason="billing")
    assert snapshot(case) == {
        "state": "received",
        "owner": "dave",
        "version": 2,
        "pending_to": "alice",
        "notices": 1,
        "history": ("record", "offer_handoff"),
    }
    assert case.history[-1].event_id == "C-7#2"
    assert case.notices[0].by == DAVE
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Unassign(by=DAVE, at=minutes(6)))
    case = desk.apply(case, AcceptHandoff(by=ALICE, at=minutes(30)))
    assert snapshot(case) == {
        "state": "received",
        "owner": "alice",
        "version": 3,
        "pending_to": None,
        "notices": 2,
        "history": ("record", "offer_handoff", "accept_handoff"),
    }
    case = desk.apply(case, Acknowledge(by=ALICE, at=minutes(31)))
    assert snapshot(case) == {
        "state": "acknowledged",
        "owner": "alice",
        "version": 4,
        "pending_to": None,
        "notices": 2,
        "history": ("record", "offer_handoff", "accept_handoff", "acknowledge"),
    }


def test_capture_and_route_to_self_refused(desk: cr.Desk) -> None:
    """Capturing a complaint and routing it to oneself is refused (no silent self-offer),
    and plugins hear of nothing: the record is not half-done."""
    listener = Listener()
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    with pytest.raises(cr.OperationRefused, match="'dave' already owns the case"):
        desk.capture_and_route(COMPLAINT, by=DAVE, to=DAVE, at=T0, reason="mine")
    assert listener.heard == []


def test_capture_and_route_notifies_both_steps_once_both_are_accepted(desk: cr.Desk) -> None:
    """A routed capture tells plugins of the record, then of the offer, in that order."""
    listener = Listener()
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    case = desk.capture_and_route(COMPLAINT, by=DAVE, to=ALICE, at=T0, reason="billing")
    assert listener.heard == [
        ("C-1#1", "record", "dave"),
        ("C-1#2", "offer_handoff", "dave"),
    ]
    assert (case.owner, case.pending_handoff is not None) == (DAVE, True)


def test_walk_through_closed_reopened_archived(windowed_desk: cr.Desk) -> None:
    """A case closes, the customer writes back within the window and Bob reopens and owns it,
    it closes again and is archived; then nothing more happens to it and the next reply
    opens a new, linked case."""
    desk = windowed_desk
    case = drive(desk, "resolved")
    kinds = ["record", *PATHS["resolved"]]
    expected: dict[str, object] = {
        "state": "resolved",
        "owner": "alice",
        "version": 6,
        "pending_to": None,
        "notices": 0,
        "history": tuple(kinds),
    }
    assert snapshot(case) == expected

    def step(op: Operation, **changes: object) -> None:
        nonlocal case
        case = desk.apply(case, op)
        expected.update(changes)
        kinds.append(op.kind)
        expected["version"] = len(kinds)
        expected["history"] = tuple(kinds)
        assert snapshot(case) == expected

    def refused(op: Operation, error: type[cr.OperationRefused], reason: str) -> None:
        assert assert_refused(desk, case, op, error).reason == reason
        assert snapshot(case) == expected

    step(Close(by=ALICE, at=minutes(10)), state="closed")
    assert desk.allowed(case) == {"archive", "reopen_after_close"}
    refused(Investigate(by=ALICE, at=minutes(11)), cr.OperationRefused, not_allowed("closed"))
    refused(
        OfferHandoff(by=ALICE, at=minutes(11), to=BOB, reason="x"), cr.OperationRefused, NO_OWNER
    )
    step(
        ReopenAfterClose(by=BOB, at=minutes(10) + timedelta(days=5)),
        state="reopened",
        owner="bob",
        notices=1,
    )
    day6 = minutes(10) + timedelta(days=6)
    step(Investigate(by=BOB, at=day6), state="investigating")
    step(ProposeResolution(by=BOB, at=day6, resolution="new router"), state="resolution_proposed")
    step(AcceptResolution(by=BOB, at=day6), state="resolved")
    step(Close(by=BOB, at=day6), state="closed")
    step(Archive(by=CAROL, at=day6 + timedelta(days=1)), state="archived")
    assert desk.allowed(case) == frozenset()
    day8 = day6 + timedelta(days=2)
    refused(ReopenAfterClose(by=BOB, at=day8), cr.OperationRefused, ENDED)
    refused(Close(by=BOB, at=day8), cr.OperationRefused, ENDED)
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Dismiss(by=BOB, at=day8))
    assert snapshot(case) == expected
    assert [e.owner.actor_id for e in case.history] == ["alice"] * 7 + ["bob"] * 6
    follow_up = reply_to(desk, case, day8)
    assert (follow_up.case_id, follow_up.complaint.follows_up, follow_up.owner) == (
        "C-1-reply",
        "C-1",
        BOB,
    )
    assert snapshot(case) == expected


def test_reply_to_a_merged_duplicate_goes_to_the_survivor(desk: cr.Desk) -> None:
    """A reply to a merged-away duplicate is refused, naming the survivor, so no new duplicate."""
    case = drive(desk, "merged")
    assert case.merged_into is not None
    with pytest.raises(cr.OperationRefused) as caught:
        desk.handle_reply(case, by=BOB, at=next_at(case), summary="any news?", follow_up_id="C-9")
    assert caught.value.reason == (
        f"the case was merged into {case.merged_into!r}: handle the reply there"
    )
    assert caught.value.operation == "handle_reply"
