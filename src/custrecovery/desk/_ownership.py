"""Ownership: who is accountable for a case, and the only ways that can change.

Rules (seed article 003, "that's not my responsibility")
--------------------------------------------------------
* Whoever records a complaint owns it, whatever their role.
* Ownership changes only by a warm handoff: the owner offers the case to a
  colleague (``offer_handoff``), and the colleague accepts it
  (``accept_handoff``). Until then the owner stays accountable.
* An offer can be declined by its receiver, withdrawn by the owner, or expire
  (only at or after its ``expires_at``); in each case ownership stays put and
  the history records it. An offer past its ``expires_at`` can no longer be
  accepted.
* Only one offer is open at a time; the owner cannot offer the case to
  themselves; only the owner may offer (or their supervisor, on their behalf),
  only the owner or who made the offer may withdraw it, and only the named
  receiver may accept or decline.
* Disclaiming, unassigning, a cold transfer and dismissing are never accepted:
  each raises :class:`~custrecovery.NotMyResponsibility` naming the alternative.
* Owner and worker (OTRS's owner beside the responsible): the owner may give
  the work to a colleague (``assign_work``), move it to another or take it
  back (``clear_work``) and stays accountable throughout; the worker is never
  the owner, and is cleared whenever the owner changes. Who may assign, and
  who may do the working operations, is the rights table's
  (:mod:`custrecovery.lifecycle`).
* An absent owner: their supervisor may offer the case on their behalf
  (``offer_on_behalf``, an offer like any other; the owner stays accountable
  until it is accepted, and the owner or the supervisor who made it may
  withdraw it); an owner who has left the firm is replaced at once by their
  supervisor (``take_over``). Who the supervisor is, and whether the owner has
  left, the firm's directory says (:mod:`custrecovery.desk._rights`).
* These operations are allowed in every owned, non-final state of the lifecycle.

Theory of operation
-------------------
:data:`CHECKS` maps each ownership operation to a small function that raises
when the operation is not allowed; the effects live with every other effect in
:mod:`custrecovery.desk._effects`. Nothing here changes a case.
"""

from __future__ import annotations

from collections.abc import Callable

from custrecovery.cases import Case
from custrecovery.errors import NotMyResponsibility
from custrecovery.errors import OperationRefused
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AssignWork
from custrecovery.operations import ClearWork
from custrecovery.operations import ColdTransfer
from custrecovery.operations import DeclineHandoff
from custrecovery.operations import ExpireHandoff
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferOnBehalf
from custrecovery.operations import Operation
from custrecovery.operations import TakeOver
from custrecovery.operations import WithdrawHandoff

__all__ = ["CHECKS", "REFUSALS", "check_ownership_operation", "refuse_pushing_away"]


def _refuse(case: Case, op: Operation, reason: str) -> OperationRefused:
    return OperationRefused(reason, case_id=case.case_id, state=case.state, operation=op.kind)


def _check_offer(case: Case, op: Operation) -> None:
    assert isinstance(op, OfferHandoff | OfferOnBehalf)
    if case.pending_handoff is not None:
        raise _refuse(
            case,
            op,
            f"an offer to {case.pending_handoff.to.actor_id!r} is already "
            "open: it must be answered or withdrawn first",
        )
    if isinstance(op, OfferHandoff) and not op.by.is_same_person(case.owner):
        raise _refuse(
            case,
            op,
            f"only the owner {case.owner.actor_id!r} can offer the case, not {op.by.actor_id!r}",
        )
    if op.to.is_same_person(case.owner):
        raise _refuse(case, op, f"{op.to.actor_id!r} already owns the case")
    if op.expires_at is not None and op.expires_at <= op.at:
        raise _refuse(case, op, "the offer would expire before it is made")


def _check_answer(case: Case, op: Operation) -> None:
    offer = case.pending_handoff
    if offer is None:
        raise _refuse(case, op, "no handoff offer is open")
    if not op.by.is_same_person(offer.to):
        raise _refuse(
            case,
            op,
            f"the offer was made to {offer.to.actor_id!r}; only they can "
            f"answer it, not {op.by.actor_id!r}",
        )


def _check_withdraw(case: Case, op: Operation) -> None:
    offer = case.pending_handoff
    if offer is None:
        raise _refuse(case, op, "no handoff offer is open")
    if not op.by.is_same_person(case.owner) and not op.by.is_same_person(offer.by):
        maker = "" if offer.by.is_same_person(case.owner) else f" or {offer.by.actor_id!r}"
        raise _refuse(
            case, op, f"only the owner {case.owner.actor_id!r}{maker} can withdraw the offer"
        )


def _check_expire(case: Case, op: Operation) -> None:
    offer = case.pending_handoff
    if offer is None:
        raise _refuse(case, op, "no handoff offer is open")
    if offer.expires_at is None:
        raise _refuse(case, op, "the open offer has no expiry; withdraw it instead")
    if op.at < offer.expires_at:
        raise _refuse(
            case,
            op,
            f"the offer expires at {offer.expires_at.isoformat()}, not yet at {op.at.isoformat()}",
        )


def _check_accept(case: Case, op: Operation) -> None:
    _check_answer(case, op)
    offer = case.pending_handoff
    assert offer is not None
    if offer.expires_at is not None and op.at > offer.expires_at:
        raise _refuse(
            case,
            op,
            f"the offer expired at {offer.expires_at.isoformat()}: the owner must offer "
            "the case again",
        )


def _check_assign(case: Case, op: Operation) -> None:
    assert isinstance(op, AssignWork)
    if op.to.is_same_person(case.owner):
        raise _refuse(
            case,
            op,
            f"{op.to.actor_id!r} owns the case and does its work unless they assign it",
        )
    worker = case.worker
    if worker is not None and op.to.is_same_person(worker):
        raise _refuse(case, op, f"{op.to.actor_id!r} is already working on the case")


def _check_clear(case: Case, op: Operation) -> None:
    if case.worker is None:
        raise _refuse(case, op, "nobody but the owner is working on the case")


def _check_take_over(case: Case, op: Operation) -> None:
    assert isinstance(op, TakeOver)
    if op.by.is_same_person(case.owner):
        raise _refuse(case, op, f"{op.by.actor_id!r} already owns the case")


CHECKS: dict[str, Callable[[Case, Operation], None]] = {
    OfferHandoff.kind: _check_offer,
    AcceptHandoff.kind: _check_accept,
    DeclineHandoff.kind: _check_answer,
    WithdrawHandoff.kind: _check_withdraw,
    ExpireHandoff.kind: _check_expire,
    OfferOnBehalf.kind: _check_offer,
    TakeOver.kind: _check_take_over,
    AssignWork.kind: _check_assign,
    ClearWork.kind: _check_clear,
}

REFUSALS: dict[str, str] = {
    "disclaim": '"that\'s not my responsibility" is not an answer: {owner} owns this case '
    "until a colleague accepts it; offer a warm handoff (offer_handoff) instead",
    "unassign": "a case is never left without an owner: {owner} stays owner until a "
    "colleague accepts it (offer_handoff, then accept_handoff)",
    "cold_transfer": "{to} has not accepted the case: offer it to them (offer_handoff); "
    "{owner} stays owner until they accept",
    "dismiss": 'a complaint is never dismissed as "not our department": {owner} keeps it; '
    "route it to a colleague (offer_handoff) or refer the customer to a firm "
    "that has confirmed it can help (offer_referral)",
}
"""Why each "push it away" operation is refused, and what to do instead."""


def refuse_pushing_away(case: Case, op: Operation, *, open_: bool) -> NotMyResponsibility:
    """The typed refusal for disclaim, unassign, cold transfer and dismiss.

    ``open_`` says whether the case is open and owned; a case that is not has
    nobody to push it away from, and the refusal says what a reply does instead.
    """
    if open_:
        to = op.to.actor_id if isinstance(op, ColdTransfer) else ""
        reason = REFUSALS[op.kind].format(owner=repr(case.owner.actor_id), to=repr(to))
    else:
        reason = (
            "the case is no longer open, so there is nothing to push away; a reply from "
            "the customer reopens it or opens a new, linked case (Desk.handle_reply)"
        )
    return NotMyResponsibility(reason, case_id=case.case_id, state=case.state, operation=op.kind)


def check_ownership_operation(case: Case, op: Operation) -> None:
    """Raise :class:`~custrecovery.OperationRefused` unless ``op`` is allowed now."""
    CHECKS[op.kind](case, op)
