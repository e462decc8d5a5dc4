"""Checks before the desk records an annotation: goodwill pays once, and only what the desk would.

Rules
-----
* A goodwill decision is offered on the case it was decided for
  (``decision.case_id``), never on another; an unbound decision is refused.
* A decision is offered once: an earlier ``offer_goodwill`` event in the case's
  history with the same decision (case and version it was decided at) refuses a
  second, on replay too. (Offering it on another case is refused by the first
  rule, so one approval can never pay twice anywhere.)
* The decision's authority record is a claim: it is checked again against the
  desk's own limits (:func:`~custrecovery.goodwill.goodwill_refusal`, on replay too).
* When the desk's plugins are asked (not on replay: they may have changed since),
  the desk decides again from the decision's facts with its own strategies, caps
  and limits, and refuses any difference in what would be paid, so a hand-built
  compensation pays nothing the desk would not.
"""

from __future__ import annotations

from collections.abc import Callable

from custrecovery.cases import Case
from custrecovery.errors import OperationRefused
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import goodwill_refusal
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import Operation

__all__ = ["check_annotation"]

Rederive = Callable[[GoodwillDecision], GoodwillDecision]
"""Decide again, at this desk, for the decision's facts and requester."""


def check_annotation(
    case: Case, op: Operation, limits: AuthorityLimits | None, rederive: Rederive | None
) -> None:
    """Raise :class:`~custrecovery.OperationRefused` if ``op`` may not be recorded on ``case``."""
    if not isinstance(op, OfferGoodwill):
        return
    reason = _goodwill_problem(case, op.decision, limits, rederive)
    if reason is not None:
        raise OperationRefused(reason, case_id=case.case_id, state=case.state, operation=op.kind)


def _goodwill_problem(
    case: Case,
    decision: GoodwillDecision,
    limits: AuthorityLimits | None,
    rederive: Rederive | None,
) -> str | None:
    if decision.case_id is None or decision.case_version is None:
        return (
            "the goodwill decision is not bound to a case: decide it for this case "
            "(Desk.decide_goodwill(..., for_case=case))"
        )
    if decision.case_id != case.case_id:
        return f"the goodwill decision was made for case {decision.case_id!r}, not this one"
    if decision.case_version > case.version:
        return (
            f"the goodwill decision was made at version {decision.case_version}, "
            f"after this case's version {case.version}"
        )
    for event in case.history:
        earlier = event.operation
        if isinstance(earlier, OfferGoodwill) and earlier.decision.decision_id == (
            decision.decision_id
        ):
            return (
                f"goodwill decision {decision.decision_id} was already offered "
                f"(event {event.event_id}): an approval pays once"
            )
    refusal = goodwill_refusal(decision, limits)
    if refusal is not None:
        return refusal
    if rederive is not None:
        fresh = rederive(decision)
        if fresh.compensation != decision.compensation:
            return (
                f"this desk decides {fresh.compensation.total} for these facts, but the "
                f"decision offers {decision.compensation.total}: decide it again at this desk"
            )
        if fresh.escalate_to_human and decision.approved_by is None:
            # A plugin fails for these facts here: a person decides, whatever the
            # decision in hand says about failures.
            return (
                "a compensation plugin fails for these facts at this desk: a person must "
                "approve this goodwill first"
            )
    return None
