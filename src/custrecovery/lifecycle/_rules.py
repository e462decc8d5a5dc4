"""The lifecycle's rules: :class:`LifecycleRules` and the validators transitions carry.

Validators have the signature ``(case, op, rules) -> None`` and raise an
:class:`~custrecovery.errors.OperationRefused` subclass; they do no I/O and
call no hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import TypeVar
from typing import final

import attrs

from custrecovery.errors import ClosingRefused
from custrecovery.errors import InvalidValue
from custrecovery.errors import OperationRefused
from custrecovery.errors import ReferralRefused
from custrecovery.errors import ReopenRefused
from custrecovery.operations import MergeInto
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree

if TYPE_CHECKING:
    from custrecovery.cases import Case

__all__ = [
    "LifecycleRules",
    "Validator",
    "merge_target_recorded",
    "no_open_handoff",
    "outcome_recorded",
    "records_outcome",
    "referral_customer_told",
    "referral_degree_sufficient",
    "referral_follow_up_later",
    "within_reopen_window",
]


def _window(instance: object, attribute: object, value: timedelta | None) -> None:
    if value is not None and (not isinstance(value, timedelta) or value <= timedelta(0)):
        raise InvalidValue(f"reopen_window must be a positive timedelta or None, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class LifecycleRules:
    """Settings the lifecycle's validators read."""

    min_referral_degree: ReferralDegree = ReferralDegree.CONFIRMED_RECEIVER
    """The least a referral must reach (a plugin may require more)."""
    reopen_window: timedelta | None = attrs.field(default=None, validator=_window)
    """How long after closing a customer's reply reopens the case; ``None``: never.

    After the window a reply opens a new, linked case (:meth:`Desk.handle_reply`).
    """


Validator = Callable[["Case", Operation, LifecycleRules], None]
"""A lifecycle validator: raises an ``OperationRefused`` subclass to refuse."""


def _refuse(cls: type[OperationRefused], case: Case, op: Operation, reason: str) -> None:
    raise cls(reason, case_id=case.case_id, state=case.state, operation=op.kind)


_V = TypeVar("_V", bound=Callable[..., None])


def records_outcome(validator: _V) -> _V:
    """Mark a validator as one that guarantees an outcome is on record.

    :func:`~custrecovery.verify_lifecycle` requires one on every transition that
    leaves the owned region (into a final or a resting state). Mark your own only
    if it refuses unless an outcome is recorded.
    """
    validator.records_outcome = True  # type: ignore[attr-defined]
    return validator


@records_outcome
def outcome_recorded(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A case closes on acceptance, or after recourse or a referral and a follow-up."""
    if case.customer_accepted:
        return
    if case.follow_up is not None and (case.recourse is not None or case.referral is not None):
        return
    _refuse(
        ClosingRefused,
        case,
        op,
        "a case closes only when the customer accepted the resolution, or after "
        "recourse information or a referral and a recorded follow-up",
    )


@records_outcome
def merge_target_recorded(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A merged-away case names the survivor that carries on, and is not merged into itself."""
    if not isinstance(op, MergeInto) or op.survivor_id == case.case_id:
        _refuse(ClosingRefused, case, op, "a case is merged only into another case that carries on")


def within_reopen_window(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A closed case reopens only within the rules' reopen window."""
    closed_at = case.closed_at
    window = rules.reopen_window
    # op.at - closed_at, never closed_at + window: near year 9999 the sum would
    # leave the calendar (OverflowError); a difference of two times never does.
    if window is None or closed_at is None or op.at - closed_at > window:
        limit = "no reopen window is set" if window is None else f"the window is {window}"
        _refuse(
            ReopenRefused,
            case,
            op,
            f"{limit}: a reply after it opens a new, linked case (Desk.handle_reply)",
        )


def no_open_handoff(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A case does not close while a colleague is still being asked to take it."""
    if case.pending_handoff is not None:
        _refuse(
            ClosingRefused,
            case,
            op,
            f"a handoff to {case.pending_handoff.to.actor_id!r} is still open: "
            "let it be accepted, declined or withdrawn first",
        )


def referral_customer_told(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """The customer must be told why, and how to reach the other firm."""
    if isinstance(op, Refer) and op.notice is None:
        _refuse(
            ReferralRefused,
            case,
            op,
            "the customer has not been told why and how to reach the other firm",
        )


def referral_degree_sufficient(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A referral reaches at least the minimum degree the rules ask for."""
    if isinstance(op, Refer) and op.degree < rules.min_referral_degree:
        _refuse(
            ReferralRefused,
            case,
            op,
            f"referral degree {op.degree.name} is below the required "
            f"{rules.min_referral_degree.name}",
        )


def referral_follow_up_later(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """The referral's follow-up is due after the referral itself."""
    if isinstance(op, Refer) and op.follow_up_due <= op.at:
        _refuse(
            ReferralRefused,
            case,
            op,
            f"the follow-up is due {op.follow_up_due.isoformat()}, "
            f"not after the referral at {op.at.isoformat()}",
        )
