"""Refusals for operations the lifecycle does not offer, in the domain's words.

A close that is not allowed is a :class:`~custrecovery.errors.ClosingRefused`
saying what closing needs; a referral without the other firm's confirmation a
:class:`~custrecovery.errors.ReferralRefused`; anything out of a final state
says the case has ended.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping

from custrecovery.cases import Case
from custrecovery.errors import ClosingRefused
from custrecovery.errors import OperationRefused
from custrecovery.errors import ReferralRefused
from custrecovery.operations import Operation

__all__ = ["not_declared"]


def not_declared(
    case: Case, op: Operation, *, final: Collection[str], not_allowed: Mapping[str, str]
) -> OperationRefused:
    """The typed refusal for an operation the lifecycle does not offer in ``case``'s state."""
    where = {"case_id": case.case_id, "state": case.state, "operation": op.kind}
    if case.state in final:
        return OperationRefused(
            "the case has ended (archived or merged); nothing more can happen to it", **where
        )
    if op.kind == "close" and case.state == "closed":
        return ClosingRefused("the case is already closed", **where)
    if op.kind == "close":
        return ClosingRefused(
            "a case closes only when the customer accepted the resolution, or after "
            "recourse information or a referral and a recorded follow-up",
            **where,
        )
    if op.kind == "refer":
        reason = (
            "the receiving firm has not confirmed it can help"
            if case.state == "referral_offered"
            else "no firm has been asked and has confirmed it can help"
        )
        return ReferralRefused(reason, **where)
    return OperationRefused(not_allowed[case.state], **where)
