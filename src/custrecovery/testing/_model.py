"""The conformance kit's model of a case: stage, owner, flags, and what each operation does.

:func:`expect` is the oracle: from a :class:`CaseModel` and an operation it says
whether the desk must accept it (and the model after it) or refuse it, and with
which error. :class:`StageTable` reads the stage moves from a lifecycle class, so
the same model checks the built-in lifecycle and a plugin author's variant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.directory import Directory
from custrecovery.errors import ClosingRefused
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import NotMyResponsibility
from custrecovery.errors import OperationRefused
from custrecovery.errors import ReferralRefused
from custrecovery.errors import ReopenRefused
from custrecovery.errors import RightsRefused
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import RightSpec
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import AssignWork
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.testing._stages import _MERGE_KINDS
from custrecovery.testing._stages import _OWNERSHIP
from custrecovery.testing._stages import _PUSH_AWAY
from custrecovery.testing._stages import _SIDE
from custrecovery.testing._stages import BUILTIN_STAGES
from custrecovery.testing._stages import StageTable

__all__ = ["BUILTIN_STAGES", "CaseModel", "Expectation", "StageTable", "expect"]


@final
@attrs.frozen(kw_only=True)
class CaseModel:
    """The model's whole view of a case: a handful of plain values."""

    case_id: str
    state: str
    owner: str
    offer_to: str | None = None
    offer_by: str | None = None
    offer_expires_at: datetime | None = None
    worker: str | None = None
    """Who the owner gave the work to, if anyone."""
    accepted: bool = False
    recourse: bool = False
    follow_up: bool = False
    referral: str | None = None
    """``None``, ``"offered"``, ``"confirmed"`` or ``"referred"``."""
    history: int = 1
    last_at: datetime
    closed_at: datetime | None = None
    """When the case was closed, while it stays closed."""
    merged_into: str | None = None
    merged_from: tuple[str, ...] = ()
    goodwill_offered: tuple[str, ...] = ()
    """The goodwill decisions offered on the case (each may be offered once)."""

    @classmethod
    def of(cls, case: Case) -> CaseModel:
        """The model's view of a real case (to compare with the model's prediction)."""
        offer = case.pending_handoff
        referral = case.referral
        stage = None
        if referral is not None:
            stage = (
                "referred"
                if referral.referred_at is not None
                else "confirmed"
                if referral.confirmed
                else "offered"
            )
        return cls(
            case_id=case.case_id,
            state=case.state,
            owner=case.owner.actor_id,
            offer_to=offer.to.actor_id if offer is not None else None,
            offer_by=offer.by.actor_id if offer is not None else None,
            worker=case.worker.actor_id if case.worker is not None else None,
            offer_expires_at=offer.expires_at if offer is not None else None,
            accepted=case.customer_accepted,
            recourse=case.recourse is not None,
            follow_up=case.follow_up is not None,
            referral=stage,
            history=len(case.history),
            last_at=case.last_event_at,
            closed_at=case.closed_at,
            merged_into=case.merged_into,
            merged_from=case.merged_from,
            goodwill_offered=tuple(
                str(event.operation.decision.decision_id)
                for event in case.history
                if isinstance(event.operation, OfferGoodwill)
            ),
        )


@final
@attrs.frozen(kw_only=True)
class Expectation:
    """What the model expects of one operation."""

    refusal: type[CustRecoveryError] | None = None
    """The error class expected, or ``None`` when the operation should be accepted."""
    after: CaseModel | None = None
    may_refuse: bool = False
    """Accepted by the model, but guarded by validators it does not know."""


# Lifecycle kinds' effects on the model's flags (stage changes come from the table).
_FLAGS: Mapping[str, Mapping[str, object]] = {
    "propose_resolution": {"accepted": False},
    "accept_resolution": {"accepted": True},
    "give_recourse": {"recourse": True},
    "record_follow_up": {"follow_up": True},
    "reopen": {"accepted": False, "recourse": False, "follow_up": False, "referral": None},
    "offer_referral": {"referral": "offered"},
    "confirm_referral": {"referral": "confirmed"},
    "decline_referral": {"referral": None},
    "withdraw_referral": {"referral": None},
    "refer": {"referral": "referred"},
    "reopen_after_close": {
        "accepted": False,
        "recourse": False,
        "follow_up": False,
        "referral": None,
    },
}


def _ownership(model: CaseModel, op: Operation) -> CaseModel | None:
    """The model after an ownership operation, or ``None`` if the rules refuse it."""
    who = op.by.actor_id
    offer_to = model.offer_to
    if isinstance(op, OfferHandoff | OfferOnBehalf):
        if offer_to is not None or op.to.actor_id == model.owner:
            return None
        if isinstance(op, OfferHandoff) and who != model.owner:
            return None
        if op.expires_at is not None and op.expires_at <= op.at:
            return None
        return attrs.evolve(
            model, offer_to=op.to.actor_id, offer_by=who, offer_expires_at=op.expires_at
        )
    if isinstance(op, AssignWork):
        if op.to.actor_id in (model.owner, model.worker):
            return None
        return attrs.evolve(model, worker=op.to.actor_id)
    if op.kind == "clear_work":
        return None if model.worker is None else attrs.evolve(model, worker=None)
    if op.kind == "take_over":
        if who == model.owner:
            return None
        return attrs.evolve(
            model, owner=who, worker=None, offer_to=None, offer_by=None, offer_expires_at=None
        )
    if offer_to is None:
        return None
    closed = attrs.evolve(model, offer_to=None, offer_by=None, offer_expires_at=None)
    if op.kind in ("accept_handoff", "decline_handoff"):
        if who != offer_to:
            return None
        expires = model.offer_expires_at
        if op.kind == "accept_handoff" and expires is not None and op.at > expires:
            return None  # an expired offer can no longer be accepted
        if op.kind == "accept_handoff":
            return attrs.evolve(closed, owner=who, worker=None)
        return closed
    if op.kind == "withdraw_handoff":
        return closed if who in (model.owner, model.offer_by) else None
    expires = model.offer_expires_at
    return closed if expires is not None and op.at >= expires else None


def _active(directory: Directory, actor_id: str) -> bool:
    person = directory.lookup(actor_id)
    return person is not None and person.active


def _rights_refusal(
    model: CaseModel,
    op: Operation,
    rights: Mapping[str, RightSpec],
    directory: Directory | None,
) -> type[CustRecoveryError] | None:
    """The error the rights table (and the directory, if any) gives ``op``, if any.

    The model reads the directory's people as they are, and holds the ones it
    uses to act as the actors the strategies draw (same name and role).
    """
    spec = rights.get(op.kind)
    if spec is None:
        return RightsRefused
    who, by = spec.who, op.by.actor_id
    roles: tuple[str, ...] = (op.by.role,)
    if directory is not None:
        to = getattr(op, "to", None)
        if not _active(directory, by) or (to is not None and not _active(directory, to.actor_id)):
            return RightsRefused
        person = directory.lookup(by)
        assert person is not None
        roles = person.roles
    if isinstance(who, frozenset):
        return None if set(roles) & who else RightsRefused
    if who == "owner":
        return None if by == model.owner else RightsRefused
    if who == "owner_or_worker":
        return None if by in (model.owner, model.worker) else RightsRefused
    if who == "owners_supervisor":
        # Only a directory says who the owner's supervisor is.
        owner = directory.lookup(model.owner) if directory is not None else None
        if owner is None or owner.supervisor_id != by:
            return RightsRefused
        if op.kind == "take_over" and owner.active:
            return OperationRefused  # the owner is still there: offer on their behalf
    return None


def _outcome_recorded(model: CaseModel) -> bool:
    return model.accepted or (model.follow_up and (model.recourse or model.referral is not None))


def _stage_refusal(
    model: CaseModel, op: Operation, target: str | None, rules: LifecycleRules
) -> type[CustRecoveryError] | None:
    """The error a lifecycle operation's documented rules raise, if any."""
    if op.kind == "close":
        if target is None or model.offer_to is not None or not _outcome_recorded(model):
            return ClosingRefused
    elif isinstance(op, Refer) and (
        target is None
        or op.notice is None
        or op.degree < rules.min_referral_degree
        or op.follow_up_due <= op.at
    ):
        return ReferralRefused
    if target is None:
        return OperationRefused
    if op.kind == "reopen_after_close":
        window, closed_at = rules.reopen_window, model.closed_at
        if window is None or closed_at is None or op.at - closed_at > window:
            return ReopenRefused
    elif op.kind == "archive":
        if not _outcome_recorded(model):
            return ClosingRefused
    elif isinstance(op, MergeInto) and (
        model.offer_to is not None or op.survivor_id == model.case_id
    ):
        return ClosingRefused
    return None


def expect(
    model: CaseModel,
    op: Operation,
    table: StageTable,
    rules: LifecycleRules,
    *,
    via_merge: bool = False,
    directory: Directory | None = None,
) -> Expectation:
    """What the documented rules say ``op`` does to a case the model sees as ``model``.

    ``via_merge``: ``op`` comes from ``Desk.merge`` (the only way a merge operation
    is accepted), not from ``Desk.apply``. ``directory``: the desk's directory of
    people, if it has one (who is active, who supervises whom).
    """
    if op.kind in _PUSH_AWAY:
        return Expectation(refusal=NotMyResponsibility)
    if op.at < model.last_at:
        return Expectation(refusal=OperationRefused)
    refused = _rights_refusal(model, op, table.rights, directory)
    if refused is not None:
        return Expectation(refusal=refused)
    if op.kind in _MERGE_KINDS and not via_merge:
        return Expectation(refusal=OperationRefused)
    if model.state in table.final:
        return Expectation(refusal=OperationRefused)
    step = attrs.evolve(model, history=model.history + 1, last_at=op.at, closed_at=None)
    if op.kind in _SIDE:
        after: CaseModel | None = None
        if model.state not in table.open:
            after = None
        elif op.kind in _OWNERSHIP:
            after = _ownership(step, op)
        elif isinstance(op, AbsorbDuplicate):
            after = attrs.evolve(step, merged_from=(*model.merged_from, op.duplicate_id))
        elif isinstance(op, OfferGoodwill):
            decision = op.decision
            if (
                decision.granted
                and decision.case_id == model.case_id
                and decision.case_version is not None
                and decision.case_version <= model.history
                and str(decision.decision_id) not in model.goodwill_offered
            ):
                after = attrs.evolve(
                    step, goodwill_offered=(*model.goodwill_offered, str(decision.decision_id))
                )
        else:
            after = step
        return Expectation(refusal=OperationRefused) if after is None else Expectation(after=after)
    target = table.targets.get((model.state, op.kind))
    refusal = _stage_refusal(model, op, target, rules)
    if refusal is not None or target is None:
        return Expectation(refusal=refusal or OperationRefused)
    changes = dict(_FLAGS.get(op.kind, {}))
    if op.kind == "close":
        changes["closed_at"] = op.at
    elif op.kind == "reopen_after_close":
        changes["owner"] = op.by.actor_id
        changes["worker"] = None
    elif isinstance(op, MergeInto):
        changes["merged_into"] = op.survivor_id
    return Expectation(
        after=attrs.evolve(step, state=target, **changes),  # type: ignore[arg-type]
        may_refuse=(model.state, op.kind) in table.guarded,
    )
