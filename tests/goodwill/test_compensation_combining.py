"""Combining compensation proposals: the rules, totals and the walk-through."""

from __future__ import annotations

import re

import pytest

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import Apology
from custrecovery.goodwill import CombinationRule
from custrecovery.goodwill import Compensation
from custrecovery.goodwill import CompensationStrategy
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import MatchedRemedy
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.goodwill import TimeLost
from custrecovery.goodwill import combine
from custrecovery.goodwill import compensate
from custrecovery.money import Money
from tests.goodwill._helpers import MIN
from tests.goodwill._helpers import eur
from tests.goodwill._helpers import facts
from tests.goodwill._helpers import why

# --- Combination -------------------------------------------------------------------------

APOLOGY = Proposal(Remedy.APOLOGY, eur(0), why("apology"))
TEN = Proposal(Remedy.CREDIT, eur(10), why("ten"))
THIRTY = Proposal(Remedy.REFUND, eur(30), why("thirty"))
TWENTY = Proposal(Remedy.VOUCHER, eur(20), why("twenty"))


@pytest.mark.parametrize(
    ("rule", "cap", "kept", "total"),
    [
        ("sum", None, [APOLOGY, TEN, THIRTY, TWENTY], eur(60)),
        ("largest", None, [APOLOGY, THIRTY], eur(30)),
        ("first", None, [APOLOGY, TEN], eur(10)),
        ("sum", eur(45), [APOLOGY, TEN, THIRTY, TWENTY], eur(45)),
        ("largest", eur(100), [APOLOGY, THIRTY], eur(30)),
        ("sum", eur(0), [APOLOGY, TEN, THIRTY, TWENTY], eur(0)),
    ],
    ids=["sum", "largest", "first", "sum-capped", "cap-not-reached", "zero-cap"],
)
def test_combination_rules(
    rule: CombinationRule, cap: Money | None, kept: list[Proposal], total: Money
) -> None:
    """Non-monetary proposals are kept; the rule picks the money; the cap clips the total."""
    result = combine([APOLOGY, TEN, None, THIRTY, TWENTY], currency="EUR", rule=rule, cap=cap)
    assert result.proposals == tuple(kept)
    assert result.total == total
    assert result.capped == (cap is not None and total < eur(60) and rule == "sum")
    if result.capped:
        assert result.explanations[-1].source == "combine"
        assert ("cap", str(cap)) in result.explanations[-1].thresholds


def test_largest_keeps_the_first_of_equals() -> None:
    """On a tie the strategy listed first wins."""
    other = Proposal(Remedy.VOUCHER, eur(10), why("other"))
    assert combine([TEN, other], currency="EUR", rule="largest").proposals == (TEN,)


@pytest.mark.parametrize(
    ("rule", "kept", "total"),
    [("largest", (TEN,), eur(10)), ("first", (TEN,), eur(10)), ("sum", (TEN, TEN), eur(20))],
)
def test_equal_proposals_are_kept_as_counted(
    rule: CombinationRule, kept: tuple[Proposal, ...], total: Money
) -> None:
    """Two equal proposals are two proposals: the kept ones are exactly those counted."""
    result = combine([TEN, TEN], currency="EUR", rule=rule)
    assert (result.proposals, result.total, result.uncapped_total) == (kept, total, total)


@pytest.mark.parametrize(
    ("proposals", "total", "uncapped", "problem"),
    [
        ((TEN,), eur(60), eur(60), "the uncapped total 60.00 EUR is not what the proposals"),
        ((TEN, TWENTY), eur(10), eur(10), "not what the proposals kept add up to (30.00 EUR)"),
        ((TEN,), eur(11), eur(10), "the total 11.00 EUR must be between zero and the uncapped"),
        ((TEN,), eur(-1), eur(10), "the total -1.00 EUR must be between zero"),
        ((TEN,), Money(10, "USD"), Money(10, "USD"), "ten's amount is 10.00 EUR"),
        ([TEN], eur(10), eur(10), "proposals must be a tuple of Proposal objects"),
        ((TEN,), 10, eur(10), "the totals must be Money"),
    ],
    ids=["inflated", "deflated", "above-uncapped", "negative", "currency", "list", "not-money"],
)
def test_a_compensation_cannot_claim_more_than_its_proposals(
    proposals: object, total: object, uncapped: Money, problem: str
) -> None:
    """A hand-built or stored compensation whose totals disagree with its proposals is refused."""
    with pytest.raises(InvalidValue, match=re.escape(problem)):
        Compensation(proposals, total, uncapped, ())  # type: ignore[arg-type]


def test_combining_nothing_gives_zero() -> None:
    """No proposals combine to a zero total in the requested currency."""
    result = combine([], currency="JPY")
    assert result.total == Money(0, "JPY")
    assert result.proposals == ()


@pytest.mark.parametrize(
    ("proposals", "cap", "rule", "error"),
    [
        ([TEN, Proposal(Remedy.CREDIT, Money(1, "USD"), why())], None, "sum", CurrencyMismatch),
        ([TEN], Money(5, "USD"), "sum", CurrencyMismatch),
        ([TEN], eur(-1), "sum", InvalidValue),
        ([TEN], None, "average", InvalidValue),
        (["ten"], None, "sum", InvalidValue),
    ],
    ids=["mixed-proposals", "cap-currency", "negative-cap", "unknown-rule", "not-a-proposal"],
)
def test_invalid_combinations_are_refused(
    proposals: list[object], cap: Money | None, rule: str, error: type[Exception]
) -> None:
    """Mixed currencies, negative caps, unknown rules and non-proposals are refused."""
    with pytest.raises(error):
        combine(proposals, currency="EUR", rule=rule, cap=cap)  # type: ignore[arg-type]


def test_compensate_walk_through() -> None:
    """A late repair with a loss: apology, refund, time credit, summed and capped at 150 % price."""
    the_facts = facts(failure=FailureKind.MONEY, price=eur(40), loss=eur(30), time_lost=90 * MIN)
    strategies: list[CompensationStrategy] = [Apology(), MatchedRemedy(), TimeLost(eur(20))]
    result = compensate(the_facts, strategies, rule="sum", cap=eur(60))
    assert [p.remedy for p in result.proposals] == [Remedy.APOLOGY, Remedy.REFUND, Remedy.CREDIT]
    assert result.uncapped_total == eur(60)
    assert result.total == eur(60)
    assert not result.capped
    assert [e.source for e in result.explanations] == ["apology", "matched_remedy", "time_lost"]
