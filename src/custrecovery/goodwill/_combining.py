"""Combining proposals into one compensation: largest, sum or first, then the cap.

Non-monetary remedies are always kept. ``"largest"`` and ``"sum"`` never pay
less for a worse failure; ``"first"`` is a priority order (see the package's rules).
"""

from __future__ import annotations

from collections.abc import Iterable

from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill._strategies import CompensationStrategy
from custrecovery.goodwill.decisions import CombinationRule
from custrecovery.goodwill.decisions import Compensation
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import _same_currency
from custrecovery.money import Money
from custrecovery.money import minor_units

__all__ = [
    "combine",
    "compensate",
]


def combine(
    proposals: Iterable[Proposal | None],
    *,
    currency: str,
    rule: CombinationRule = "sum",
    cap: Money | None = None,
) -> Compensation:
    """Combine proposals under ``rule`` and clip the total at ``cap``; ``None`` items are skipped.

    Non-monetary proposals are always kept; ``rule`` chooses among the monetary
    ones. The total is never negative and never above ``cap``. ``"first"`` keeps
    the first monetary proposal in order, so it is not monotonic in the facts
    when an earlier strategy starts or stops answering (see the module rules).
    """
    minor_units(currency)
    if rule not in ("largest", "sum", "first"):
        raise InvalidValue(f"rule must be 'largest', 'sum' or 'first', got {rule!r}")
    offered = [p for p in proposals if p is not None]
    for proposal in offered:
        if not isinstance(proposal, Proposal):
            raise InvalidValue(f"expected Proposal objects, got {proposal!r}")
        _same_currency(proposal.amount, currency, f"{proposal.explanation.source}'s amount")
    # Positions, not values: two equal proposals are two proposals, and only the
    # ones chosen count (and are kept).
    monetary = [i for i, p in enumerate(offered) if p.remedy.is_monetary]
    if rule == "sum":
        positions = monetary
    elif rule == "first":
        positions = monetary[:1]
    else:
        # max() keeps the first of equal amounts, so the order of strategies decides ties.
        positions = [max(monetary, key=lambda i: offered[i].amount.amount)] if monetary else []
    chosen = [offered[i] for i in positions]
    counted = set(positions)
    kept = tuple(p for i, p in enumerate(offered) if not p.remedy.is_monetary or i in counted)
    uncapped = sum((p.amount for p in chosen), Money.zero(currency))
    explanations = [p.explanation for p in kept]
    total = uncapped
    if cap is not None:
        if not isinstance(cap, Money) or cap.is_negative:
            raise InvalidValue(f"cap must be non-negative Money, got {cap!r}")
        _same_currency(cap, currency, "cap")
        if uncapped > cap:
            total = cap
            explanations.append(
                Explanation(
                    source="combine",
                    rule=f"the total of the {rule!r} combination is capped",
                    facts={"uncapped_total": uncapped},
                    thresholds={"cap": cap},
                )
            )
    return Compensation(kept, total, uncapped, tuple(explanations))


def compensate(
    facts: CompensationFacts,
    strategies: Iterable[CompensationStrategy],
    *,
    rule: CombinationRule = "sum",
    cap: Money | None = None,
) -> Compensation:
    """Ask each strategy in order and :func:`combine` their proposals in ``facts.currency``."""
    return combine(
        (strategy.propose(facts) for strategy in strategies),
        currency=facts.currency,
        rule=rule,
        cap=cap,
    )
