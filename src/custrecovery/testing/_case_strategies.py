"""Hypothesis strategies for cases, operations and the people involved.

For users' own property tests: draw complaints, actors and, above all,
operations that fit a given case, either ones the case is likely to accept
(``enabled_only=True``) or anything at all, refused operations included.

Theory of operation
-------------------
Actors come from a small fixed pool (:data:`ACTOR_POOL`) so that handoffs
between the same people happen often. :func:`operations` picks a kind, then
fills the kind's fields: for an enabled draw it fills them the way the rules
ask (the offered actor answers the offer, a referral tells the customer and
reaches the required degree, an expiry is waited for); for a random draw it
fills them with anything, wrong actors and missing notices included. Times
never go backwards from the case's last event, so a refusal is always about
the rules, never about the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta
from datetime import timezone

from hypothesis import strategies as st

from custrecovery.cases import Case
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.errors import OperationRefused
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import ClearWork
from custrecovery.operations import ColdTransfer
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import DeclineHandoff
from custrecovery.operations import ExpireHandoff
from custrecovery.operations import GiveRecourse
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Severity
from custrecovery.operations import WithdrawHandoff
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = [
    "ACTOR_POOL",
    "actors",
    "aware_datetimes",
    "carry_on",
    "cases",
    "complaints",
    "customers",
    "operation_kinds",
    "operations",
]

ACTOR_POOL: tuple[Actor, ...] = (
    Actor("alice", "Alice", role="billing", team="accounts"),
    Actor("bob", "Bob", role="tech support", team="network"),
    Actor("chen", "Chen", role="engineer", team="platform"),
    Actor("dana", "Dana", role="complaints desk"),
)
"""The actors :func:`actors` draws from: few, so handoffs between them recur."""

_CASE_IDS = ("C-1", "C-2", "C-42")
_ZONES = (
    timezone.utc,
    timezone(timedelta(hours=1), "CET"),
    timezone(timedelta(hours=-5), "EST"),
    timezone(timedelta(hours=5, minutes=30), "IST"),
)
_PHRASES = (
    "router keeps dropping",
    "billed twice",
    "engineer never came",
    "refund the fee",
    "call back tomorrow",
    "Ombudsman Services",
    "appeals team",
    "Acme Telecom",
)


# Built once: building strategies on every step costs far more than drawing from them.
_TEXTS: st.SearchStrategy[str] = st.sampled_from(_PHRASES) | st.text(
    min_size=1, max_size=12
).filter(lambda s: bool(s.strip()))
"""Mostly fixed phrases (fast, readable examples), sometimes arbitrary text."""
_NOTES: st.SearchStrategy[str] = st.sampled_from(("", "", "customer called again"))
_DELAYS: st.SearchStrategy[int] = st.integers(0, 600)
"""Minutes between two operations (zero included: same-minute events)."""
_EXPIRIES: st.SearchStrategy[int | None] = st.none() | st.integers(1, 600)
_ANY_EXPIRIES: st.SearchStrategy[int | None] = st.none() | st.integers(-60, 600)
_DUE_DAYS: st.SearchStrategy[int] = st.integers(1, 30)
_ANY_DUE_DAYS: st.SearchStrategy[int] = st.integers(-2, 30)
_BOOLS: st.SearchStrategy[bool] = st.booleans()
_QUARTERS: st.SearchStrategy[int] = st.integers(0, 3)
_SEVERITIES: st.SearchStrategy[Severity] = st.sampled_from(Severity)
_DEGREES: st.SearchStrategy[ReferralDegree] = st.sampled_from(ReferralDegree)


def aware_datetimes(
    *,
    min_value: datetime = datetime(2020, 1, 1),
    max_value: datetime = datetime(2040, 1, 1),
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with fixed UTC offsets (no DST gaps), between naive bounds."""
    return st.datetimes(min_value, max_value, timezones=st.sampled_from(_ZONES))


def actors(pool: tuple[Actor, ...] = ACTOR_POOL) -> st.SearchStrategy[Actor]:
    """An actor from a small pool (by default :data:`ACTOR_POOL`)."""
    return _ACTORS if pool is ACTOR_POOL else st.sampled_from(pool)


_ACTORS: st.SearchStrategy[Actor] = st.sampled_from(ACTOR_POOL)


def customers() -> st.SearchStrategy[Customer]:
    """A customer with a short id, a name and maybe a contact."""
    return st.builds(
        Customer,
        st.sampled_from(("cust-1", "cust-2", "cust-3")),
        st.sampled_from(("Cara", "Dev", "Erin")),
        contact=st.sampled_from(("", "cara@example.com", "+44 20 7946 0000")),
    )


def complaints() -> st.SearchStrategy[Complaint]:
    """A complaint received on any channel at an aware time."""
    return st.builds(
        Complaint,
        st.sampled_from(_CASE_IDS),
        customers(),
        st.sampled_from(Channel),
        aware_datetimes(),
        _TEXTS,
        remedy_sought=st.sampled_from(("", "a refund", "an apology")),
        category=st.sampled_from(("", "billing", "service")),
    )


def operation_kinds(*, include_record: bool = False) -> st.SearchStrategy[str]:
    """Any operation kind the library knows, refused ones included (``record`` on request)."""
    kinds = sorted(k for k in OPERATION_TYPES if include_record or k != "record")
    return st.sampled_from(kinds)


def _later(start: datetime) -> st.SearchStrategy[datetime]:
    """``start`` plus a small non-negative delay."""
    return _DELAYS.map(lambda m: start + timedelta(minutes=m))


_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    AwaitCustomer.kind: ("request",),
    ProposeResolution.kind: ("resolution",),
    GiveRecourse.kind: ("internal", "external"),
    RecordFollowUp.kind: ("action",),
    OfferReferral.kind: ("firm",),
    ConfirmReferral.kind: ("confirmed_by", "can_do"),
    "take_over": ("reason",),
    "split_from": ("original_id",),
}
"""Kind-specific text fields that no rule judges."""


def _draw_actor(draw: st.DrawFn) -> Actor:
    return draw(_ACTORS)


def _draw_refer(draw: st.DrawFn, desk: Desk, by: Actor, at: datetime, *, enabled: bool) -> Refer:
    notice: ReferralNotice | None
    if enabled:
        least = desk.rules.min_referral_degree
        degree = max(draw(_DEGREES), least)
        notice = ReferralNotice(draw(_TEXTS), draw(_TEXTS))
        due = at + timedelta(days=draw(_DUE_DAYS))
    else:
        degree = draw(_DEGREES)
        notice = ReferralNotice(draw(_TEXTS), draw(_TEXTS)) if draw(_BOOLS) else None
        due = at + timedelta(days=draw(_ANY_DUE_DAYS))
    return Refer(by=by, at=at, note=draw(_NOTES), degree=degree, notice=notice, follow_up_due=due)


def _draw_offer(
    draw: st.DrawFn, case: Case, by: Actor, at: datetime, *, enabled: bool, kind: str
) -> Operation:
    if enabled:
        others = [a for a in ACTOR_POOL if a.actor_id != case.owner.actor_id]
        to = draw(st.sampled_from(others)) if others else _draw_actor(draw)
        delay = draw(_EXPIRIES)
    else:
        to = _draw_actor(draw)
        delay = draw(_ANY_EXPIRIES)
    expires_at = None if delay is None else at + timedelta(minutes=delay)
    if kind == OfferOnBehalf.kind:
        return OfferOnBehalf(
            by=by, at=at, note=draw(_NOTES), to=to, reason=draw(_TEXTS), expires_at=expires_at
        )
    return OfferHandoff(
        by=by,
        at=at,
        note=draw(_NOTES),
        to=to,
        reason=draw(_TEXTS),
        expires_at=expires_at,
        copy_customer=draw(_BOOLS),
    )


def _draw_assign(
    draw: st.DrawFn, case: Case, by: Actor, at: datetime, *, enabled: bool
) -> Operation:
    taken = {case.owner.actor_id}
    if case.worker is not None:
        taken.add(case.worker.actor_id)
    others = [a for a in ACTOR_POOL if a.actor_id not in taken]
    to = draw(st.sampled_from(others)) if enabled and others else _draw_actor(draw)
    return AssignWork(by=by, at=at, note=draw(_NOTES), to=to)


def _owner_active(desk: Desk, case: Case) -> bool:
    directory = desk.directory
    owner = directory.lookup(case.owner.actor_id) if directory is not None else None
    return owner is None or owner.active


def _supervisor(desk: Desk, case: Case) -> Actor | None:
    """The owner's supervisor as the desk's directory says, if it has one."""
    directory = desk.directory
    owner = directory.lookup(case.owner.actor_id) if directory is not None else None
    if owner is None or owner.supervisor_id is None:
        return None
    return next((a for a in ACTOR_POOL if a.is_same_person(Actor(owner.supervisor_id, "?"))), None)


def _draw_operation(
    draw: st.DrawFn, desk: Desk, case: Case, kind: str, *, enabled: bool
) -> Operation:
    """An operation of ``kind`` for ``case``, filled to pass the rules if ``enabled``."""
    offer = case.pending_handoff
    start = case.last_event_at
    if (
        enabled
        and kind == ExpireHandoff.kind
        and offer is not None
        and offer.expires_at is not None
    ):
        start = max(start, offer.expires_at)
    delay = timedelta(minutes=draw(_DELAYS))
    window = desk.rules.reopen_window
    if enabled and kind == ReopenAfterClose.kind and window is not None:
        delay = min(delay, window)
    at = start + delay
    if enabled and kind == AcceptHandoff.kind and offer is not None and offer.expires_at:
        # An expired offer can no longer be accepted: answer it in time.
        at = max(start, min(at, offer.expires_at))
    if not enabled:
        by = case.owner if draw(_BOOLS) else _draw_actor(draw)
    elif kind in (AcceptHandoff.kind, DeclineHandoff.kind):
        by = offer.to if offer is not None else _draw_actor(draw)
    elif kind == ReopenAfterClose.kind:
        # Whoever hears the customer's reply owns the reopened case: anyone.
        by = _draw_actor(draw)
    elif kind in ("offer_on_behalf", "take_over"):
        by = _supervisor(desk, case) or _draw_actor(draw)
    elif case.worker is not None and kind == "propose_resolution" and draw(_BOOLS):
        by = case.worker  # the worker does the working operations the rights allow
    else:
        by = case.owner
    if kind == Refer.kind:
        return _draw_refer(draw, desk, by, at, enabled=enabled)
    if kind in (OfferHandoff.kind, OfferOnBehalf.kind):
        return _draw_offer(draw, case, by, at, enabled=enabled, kind=kind)
    if kind == AssignWork.kind:
        return _draw_assign(draw, case, by, at, enabled=enabled)
    if kind == MergeInto.kind:
        others = [i for i in _CASE_IDS if i != case.case_id] if enabled else list(_CASE_IDS)
        return MergeInto(by=by, at=at, note=draw(_NOTES), survivor_id=draw(st.sampled_from(others)))
    if kind == AbsorbDuplicate.kind:
        return AbsorbDuplicate(
            by=by,
            at=at,
            note=draw(_NOTES),
            duplicate_id=draw(st.sampled_from(_CASE_IDS)),
            duplicate_owner=_draw_actor(draw),
            duplicate_events=draw(_DUE_DAYS),
        )
    if kind == ColdTransfer.kind:
        return ColdTransfer(by=by, at=at, note=draw(_NOTES), to=_draw_actor(draw))
    fields: dict[str, object] = {name: draw(_TEXTS) for name in _TEXT_FIELDS.get(kind, ())}
    if kind == "split_into":
        fields["part_ids"] = (f"{case.case_id}-part",)
    if kind == Assess.kind:
        fields["severity"] = draw(_SEVERITIES)
    return OPERATION_TYPES[kind](by=by, at=at, note=draw(_NOTES), **fields)


def _likely_kinds(desk: Desk, case: Case) -> list[str]:
    """The kinds ``desk`` allows now, minus ownership operations the open offer rules out."""
    offer = case.pending_handoff
    unlikely: set[str] = set()
    if offer is None:
        unlikely |= {AcceptHandoff.kind, DeclineHandoff.kind, WithdrawHandoff.kind}
        unlikely.add(ExpireHandoff.kind)
    else:
        unlikely |= {OfferHandoff.kind, OfferOnBehalf.kind, "close"}
        if offer.expires_at is None:
            unlikely.add(ExpireHandoff.kind)
    if case.worker is None:
        unlikely.add(ClearWork.kind)
    if _supervisor(desk, case) is None:
        # Only a directory names the owner's supervisor: without one these are refused.
        unlikely |= {OfferOnBehalf.kind, "take_over"}
    elif _owner_active(desk, case):
        unlikely.add("take_over")  # the owner is still there: offer on their behalf
    unlikely |= _NEEDS_A_DECISION
    return _ordered(k for k in desk.allowed(case) if k not in unlikely and k in OPERATION_TYPES)


_ACCOUNTABILITY = frozenset({"assign_work", "clear_work", "offer_on_behalf", "take_over"})


def _ordered(kinds: Iterable[str]) -> list[str]:
    """Sorted, the accountability operations last: hypothesis favours the first
    choices, and the handoffs, where an owner is most easily lost, come first."""
    return sorted(kinds, key=lambda kind: (kind in _ACCOUNTABILITY, kind))


def operations(desk: Desk, case: Case, *, enabled_only: bool) -> st.SearchStrategy[Operation]:
    """An operation on ``case``, at or after its last event.

    With ``enabled_only=True`` the kind is one ``desk.allowed(case)`` offers and
    the offer rules leave open, and its fields are filled to be accepted (the
    offered actor answers, a referral carries a notice and a sufficient degree,
    an expiry waits for the offer's ``expires_at``); a lifecycle validator, such
    as the one on ``close``, may still refuse it. The strategy is empty when the
    case allows nothing (it has ended: archived or merged). With
    ``enabled_only=False`` any kind is drawn, with any actor and fields that may
    break the rules. Neither draws ``record``, nor the operations that carry a
    goodwill or boundary decision (``offer_goodwill``, ``record_boundary_decision``).
    """
    kinds = _likely_kinds(desk, case) if enabled_only else _ANY_KINDS
    if not kinds:
        return st.nothing()
    return _operations(desk, case, kinds, enabled=enabled_only)


_NEEDS_A_DECISION = frozenset({"offer_goodwill", "record_boundary_decision"})
"""Kinds carrying a goodwill or boundary decision: those come from their own strategies."""
_ANY_KINDS: list[str] = _ordered(set(OPERATION_TYPES) - {"record"} - _NEEDS_A_DECISION)
_ENDINGS = frozenset({"merge_into", "archive"})
"""Kinds that end a case for good."""
_RARE = _ENDINGS | {"absorb_duplicate"}
_ANSWERS = frozenset(
    {AcceptHandoff.kind, DeclineHandoff.kind, WithdrawHandoff.kind, ExpireHandoff.kind}
)
"""The ways an open handoff offer can be answered."""
"""Drawn one time in four at most, so that walks reach the later stages."""


@st.composite
def _operations(
    draw: st.DrawFn, desk: Desk, case: Case, kinds: list[str], *, enabled: bool
) -> Operation:
    answers = [k for k in kinds if k in _ANSWERS]
    if enabled and case.pending_handoff is not None and answers and draw(_BOOLS):
        # An open offer is answered half the time: the handoff rules are where an
        # owner is most easily lost, so the walk must exercise every answer.
        kinds = answers
    elif enabled and "take_over" in kinds and draw(_BOOLS):
        # The owner left the firm (only then is a take-over likely): half the time
        # their supervisor takes over, so the walk does not stall on refusals.
        kinds = ["take_over"]
    elif enabled:
        # Stages first, three times in four: handoffs are always on offer and would
        # otherwise crowd out the walk through the lifecycle.
        stages = [k for k in kinds if OPERATION_TYPES[k].family == "lifecycle"]
        if stages and draw(_QUARTERS) > 0:
            kinds = stages
    common = [k for k in kinds if k not in _RARE]
    if common and draw(_QUARTERS) > 0:
        kinds = common
    kind = draw(st.sampled_from(kinds))
    return _draw_operation(draw, desk, case, kind, enabled=enabled)


def cases(desk: Desk | None = None, max_steps: int = 20) -> st.SearchStrategy[Case]:
    """A valid case: a recorded complaint after up to ``max_steps`` accepted operations."""
    make: Callable[[], Desk] = (lambda: desk) if desk is not None else Desk

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        the_desk = make()
        complaint = draw(complaints())
        recorded_at = draw(_later(complaint.received_at))
        case = the_desk.record(complaint, by=draw(actors()), at=recorded_at, note=draw(_NOTES))
        return carry_on(draw, the_desk, case, max_steps)

    return build()


def carry_on(draw: st.DrawFn, desk: Desk, case: Case, max_steps: int) -> Case:
    """``case`` after up to ``max_steps`` more accepted operations drawn on ``desk``."""
    for _ in range(draw(st.integers(0, max_steps))):
        if not desk.allowed(case):
            break
        op = draw(operations(desk, case, enabled_only=True))
        try:
            case = desk.apply(case, op)
        except OperationRefused:
            # A lifecycle validator (closing too early) said no: draw another step.
            continue
    return case
