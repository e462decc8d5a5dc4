"""Annotations: operations that record a decision on a case without moving it.

A boundary decision and a goodwill offer carry the decision value they record
(:mod:`custrecovery.boundaries.decisions`, :mod:`custrecovery.goodwill.decisions`).
"""

from __future__ import annotations

from typing import ClassVar
from typing import final

import attrs

from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.operations._base import Operation

__all__ = [
    "OfferGoodwill",
    "RecordBoundaryDecision",
]


# --- annotations: decisions recorded in the history, no change of stage or owner ---


@final
@attrs.frozen(kw_only=True)
class RecordBoundaryDecision(Operation):
    """Record a boundary decision about the customer, with its explanations."""

    kind: ClassVar[str] = "record_boundary_decision"
    family: ClassVar[str] = "annotation"
    decision: BoundaryDecision

    def details(self) -> str:
        decision = self.decision
        parts = [f"action={decision.action.name}"]
        if decision.notice is not None:
            parts.append(f"review_on={decision.notice.review_on.date().isoformat()}")
        if decision.escalate_to_human:
            parts.append(f"escalated: {decision.escalation_reason}")
        parts += [f"[{e.source}] {e.rule}" for e in decision.explanations]
        return "; ".join(parts)


@final
@attrs.frozen(kw_only=True)
class OfferGoodwill(Operation):
    """Offer the goodwill a granted decision allows (within authority, or approved)."""

    kind: ClassVar[str] = "offer_goodwill"
    family: ClassVar[str] = "annotation"
    decision: GoodwillDecision

    def details(self) -> str:
        decision = self.decision
        remedies = ", ".join(p.remedy.name for p in decision.compensation.proposals)
        parts = [f"total={decision.compensation.total}", f"remedies={remedies or 'none'}"]
        if decision.approved_by is not None:
            parts.append(f"approved_by={decision.approved_by.actor_id}")
        parts += [f"[{e.source}] {e.rule}" for e in decision.explanations]
        return "; ".join(parts)
