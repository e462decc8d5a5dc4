"""Effects: how each accepted operation changes a case.

Each effect is a small function ``(case, op) -> dict`` returning the fields to
change; :func:`apply_effect` builds the next event (new state, next version,
the owner) and the new case through the desk's trusted constructor
(:func:`custrecovery.desk._minting.next_case`): the owner it passes is the last
event's or the operation's ``by``, both already validated Actors. Effects run
only after every check passed, and they never raise for a valid operation.
The owner changes in exactly four places: ``record`` (the recorder),
``accept_handoff`` (the colleague who accepted), ``reopen_after_close``
(whoever received the customer's reply) and ``take_over`` (the supervisor of
an owner who left). Each of those also clears the worker: the work goes back
to the new owner, who assigns it again if they wish (``assign_work``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from custrecovery.cases import Case
from custrecovery.cases import CaseDetails
from custrecovery.cases import CustomerNotice
from custrecovery.cases import HandoffOffer
from custrecovery.cases import Recourse
from custrecovery.cases import Referral
from custrecovery.cases import _check_owner
from custrecovery.desk._minting import next_case
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import AssignWork
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import GiveRecourse
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import Refer
from custrecovery.operations import SplitFrom
from custrecovery.operations import SplitInto
from custrecovery.operations import TakeOver

__all__ = ["EFFECTS", "apply_effect"]

_Changes = dict[str, Any]


_NO_CHANGES: _Changes = {}  # never mutated: apply_effect pops only from a non-empty dict


def _nothing(case: Case, op: Operation) -> _Changes:
    return _NO_CHANGES


def _offer_handoff(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, OfferHandoff)
    changes: _Changes = {
        "pending_handoff": HandoffOffer(op.to, op.by, op.at, op.reason, op.expires_at)
    }
    if op.copy_customer:
        what = (
            f"{op.to.name} ({op.to.role}) has been asked to take over your complaint "
            f"({op.reason}); {op.by.name} stays responsible until they confirm."
        )
        changes["notices"] = case.notices.appended(CustomerNotice(op.by, op.at, what))
    return changes


def _accept_handoff(case: Case, op: Operation) -> _Changes:
    offer = case.pending_handoff
    assert offer is not None
    what = f"{op.by.name} ({op.by.role}) is now responsible for your complaint."
    return {
        "owner": op.by,
        "worker": None,
        "pending_handoff": None,
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _offer_on_behalf(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, OfferOnBehalf)
    owner = case.owner
    what = (
        f"{owner.name} is away: {op.by.name} ({op.by.role}) has asked {op.to.name} "
        f"({op.to.role}) to take over your complaint ({op.reason}); {owner.name} stays "
        "responsible until they confirm."
    )
    return {
        "pending_handoff": HandoffOffer(op.to, op.by, op.at, op.reason, op.expires_at),
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _take_over(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, TakeOver)
    what = (
        f"{case.owner.name} can no longer handle your complaint ({op.reason}); "
        f"{op.by.name} ({op.by.role}) is now responsible for it."
    )
    return {
        "owner": op.by,
        "worker": None,
        "pending_handoff": None,
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _assign_work(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, AssignWork)
    what = (
        f"{op.to.name} ({op.to.role}) is working on your complaint; "
        f"{case.owner.name} stays responsible for it."
    )
    return {
        "worker": op.to,
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _split_into(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, SplitInto)
    what = (
        f"Your complaint covers more than one problem, so each is handled as its own case: "
        f"{', '.join(op.part_ids)} besides {case.case_id}; {case.owner.name} stays "
        "responsible for each."
    )
    return {"notices": case.notices.appended(CustomerNotice(op.by, op.at, what))}


def _split_from(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, SplitFrom)
    what = (
        f"This case handles one problem of your complaint {op.original_id}; "
        f"{case.owner.name} is responsible for it."
    )
    return {"notices": case.notices.appended(CustomerNotice(op.by, op.at, what))}


def _clear_work(case: Case, op: Operation) -> _Changes:
    return {"worker": None}


def _close_offer(case: Case, op: Operation) -> _Changes:
    return {"pending_handoff": None}


def _propose(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, ProposeResolution)
    return {"resolution": op.resolution, "customer_accepted": False}


def _accept(case: Case, op: Operation) -> _Changes:
    return {"customer_accepted": True}


def _reopen(case: Case, op: Operation) -> _Changes:
    # A reopened case must earn its closing again.
    return {"customer_accepted": False, "recourse": None, "follow_up": None, "referral": None}


def _recourse(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, GiveRecourse)
    what = f"Internal recourse: {op.internal}. External recourse: {op.external}."
    return {
        "recourse": Recourse(op.internal, op.external),
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _follow_up(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, RecordFollowUp)
    return {"follow_up": op.action}


def _offer_referral(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, OfferReferral)
    return {"referral": Referral(op.firm, op.by, op.at)}


def _confirm_referral(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, ConfirmReferral)
    assert case.referral is not None
    return {"referral": attrs.evolve(case.referral, confirmed_by=op.confirmed_by, can_do=op.can_do)}


def _end_referral(case: Case, op: Operation) -> _Changes:
    return {"referral": None}


def _refer(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, Refer)
    assert case.referral is not None
    assert op.notice is not None
    referral = attrs.evolve(
        case.referral,
        degree=op.degree,
        notice=op.notice,
        referred_at=op.at,
        follow_up_due=op.follow_up_due,
    )
    what = (
        f"Referred to {referral.firm}: {op.notice.why}. How to reach them: {op.notice.how_to_reach}"
    )
    return {
        "referral": referral,
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _reopen_after_close(case: Case, op: Operation) -> _Changes:
    what = f"{op.by.name} ({op.by.role}) has reopened your complaint and is responsible for it."
    return {
        **_reopen(case, op),
        "owner": op.by,
        "worker": None,
        "notices": case.notices.appended(CustomerNotice(op.by, op.at, what)),
    }


def _merge_into(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, MergeInto)
    return {"merged_into": op.survivor_id}


def _absorb(case: Case, op: Operation) -> _Changes:
    assert isinstance(op, AbsorbDuplicate)
    return {"merged_from": (*case.merged_from, op.duplicate_id)}


EFFECTS: dict[str, Callable[[Case, Operation], _Changes]] = {
    "acknowledge": _nothing,
    "assess": _nothing,
    "investigate": _nothing,
    "await_customer": _nothing,
    "customer_replied": _nothing,
    "propose_resolution": _propose,
    "accept_resolution": _accept,
    "reject_resolution": _nothing,
    "give_recourse": _recourse,
    "record_follow_up": _follow_up,
    "close": _nothing,
    "reopen": _reopen,
    "offer_referral": _offer_referral,
    "confirm_referral": _confirm_referral,
    "decline_referral": _end_referral,
    "withdraw_referral": _end_referral,
    "refer": _refer,
    "offer_handoff": _offer_handoff,
    "accept_handoff": _accept_handoff,
    "decline_handoff": _close_offer,
    "withdraw_handoff": _close_offer,
    "expire_handoff": _close_offer,
    "offer_on_behalf": _offer_on_behalf,
    "take_over": _take_over,
    "assign_work": _assign_work,
    "clear_work": _clear_work,
    "split_into": _split_into,
    "split_from": _split_from,
    "record_boundary_decision": _nothing,
    "offer_goodwill": _nothing,
    "reopen_after_close": _reopen_after_close,
    "archive": _nothing,
    "merge_into": _merge_into,
    "absorb_duplicate": _absorb,
}
"""The effect of every operation that can be accepted on an existing case."""


def _with(details: CaseDetails, changes: _Changes) -> CaseDetails:
    # attrs.evolve reads every field through a loop; on the hot path one
    # explicit constructor call is about twice as fast.
    get = changes.get
    return CaseDetails(
        pending_handoff=get("pending_handoff", details.pending_handoff),
        referral=get("referral", details.referral),
        recourse=get("recourse", details.recourse),
        follow_up=get("follow_up", details.follow_up),
        notices=get("notices", details.notices),
        merged_into=get("merged_into", details.merged_into),
        merged_from=get("merged_from", details.merged_from),
        worker=get("worker", details.worker),
    )


def apply_effect(case: Case, op: Operation, state: str) -> Case:
    """The case after ``op`` was accepted and moved it to ``state``."""
    owner = case.owner
    resolution = case.resolution
    accepted = case.customer_accepted
    details = case.details
    changes = EFFECTS[op.kind](case, op)
    if changes:
        if "owner" in changes:
            # The owner changes in four effects, each to a validated actor; the
            # trusted constructor below does not check it, so it is checked here.
            owner = changes.pop("owner")
            _check_owner(owner)
        resolution = changes.pop("resolution", resolution)
        accepted = changes.pop("customer_accepted", accepted)
        if changes:
            details = _with(details, changes)
    return next_case(case, op, state, owner, resolution, accepted, details)
