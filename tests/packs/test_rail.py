"""The rail pack: GB Delay Repay from its published bands, and the pack on a desk."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import Remedy
from custrecovery.money import Money
from custrecovery.packs.rail import GB_RAIL_DELAY_REPAY
from custrecovery.packs.rail import RailPack
from custrecovery.packs.rail import delay_repay_compensation
from tests.packs._helpers import AGENT
from tests.packs._helpers import HOUR
from tests.packs._helpers import MIN
from tests.packs._helpers import desk_with
from tests.packs._helpers import gbp


@pytest.mark.parametrize(
    ("delay", "expected"),
    [
        (14 * MIN, None),
        (15 * MIN, "2.50"),
        (29 * MIN + timedelta(seconds=59), "2.50"),
        (30 * MIN, "5.00"),
        (59 * MIN, "5.00"),
        (60 * MIN, "10.00"),
        (119 * MIN, "10.00"),
        (120 * MIN, "20.00"),
        (10 * HOUR, "20.00"),
    ],
    ids=[
        "under-15-nothing",
        "15-29-min-25%-single",
        "29:59-25%",
        "30-59-min-50%-single",
        "59-50%",
        "60-119-min-100%-single",
        "119-100%",
        "120+-min-100%-return",
        "600-100%-return",
    ],
)
def test_gb_rail_delay_repay(delay: timedelta, expected: str | None) -> None:
    """Delay Repay pays 25/50/100 % of a single, then a return (two singles by default)."""
    proposal = delay_repay_compensation(Money(10, "GBP"), delay)
    assert (proposal and proposal.amount) == (None if expected is None else gbp(expected))
    if proposal is not None:
        assert proposal.remedy is Remedy.REFUND


def test_delay_repay_uses_a_given_return_fare() -> None:
    """From 120 minutes a given return fare is paid instead of two singles."""
    single, ret = Money(10, "GBP"), Money(15, "GBP")
    late = delay_repay_compensation(single, 2 * HOUR, return_fare=ret)
    assert late is not None
    assert late.amount == ret
    early = delay_repay_compensation(single, HOUR, return_fare=ret)
    assert early is not None
    assert early.amount == single


def test_share_schedule_needs_a_price() -> None:
    """A share-of-price schedule proposes nothing when the price is unknown."""
    facts = CompensationFacts("GBP", failure=FailureKind.FAILED_SERVICE, time_lost=HOUR)
    assert GB_RAIL_DELAY_REPAY.propose(facts) is None


def test_a_rail_desk_pays_delay_repay() -> None:
    """``Desk(packs=["rail"])`` registers Delay Repay: a 45-minute delay pays half the single."""
    facts = CompensationFacts(
        "GBP", failure=FailureKind.FAILED_SERVICE, price=gbp(30), time_lost=45 * MIN
    )
    decision = desk_with("rail").decide_goodwill(facts, requested_by=AGENT)
    assert decision.compensation.total == gbp(15)
    assert "gb_rail_delay_repay" in [p.explanation.source for p in decision.compensation.proposals]
    assert RailPack().register_compensation_strategies() == (GB_RAIL_DELAY_REPAY,)
    assert desk_with().decide_goodwill(facts, requested_by=AGENT).compensation.total == gbp(0)
