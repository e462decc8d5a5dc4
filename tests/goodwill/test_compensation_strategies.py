"""Compensation: explanations, facts and proposals, and the built-in strategies."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill import Apology
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import MatchedRemedy
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.goodwill import ShareOfLoss
from custrecovery.goodwill import TimeLost
from custrecovery.money import Money
from tests.goodwill._helpers import HOUR
from tests.goodwill._helpers import MIN
from tests.goodwill._helpers import eur
from tests.goodwill._helpers import facts
from tests.goodwill._helpers import why

# --- Explanation -------------------------------------------------------------------------


def test_explanation_sorts_and_renders_facts() -> None:
    """Facts and thresholds become (name, text) pairs sorted by name."""
    explanation = Explanation(
        source="s", rule="r", facts={"b": eur(1), "a": 2}, thresholds={"cap": "x"}
    )
    assert explanation.facts == (("a", "2"), ("b", "1.00 EUR"))
    assert explanation.thresholds == (("cap", "x"),)


def test_explanation_is_the_same_whatever_the_input_order() -> None:
    """A mapping and pairs in any order give equal explanations; evolve keeps them equal."""
    one = Explanation(source="s", rule="r", facts={"a": "1", "b": "2"})
    two = Explanation(source="s", rule="r", facts=[("b", "2"), ("a", "1")])
    assert one == two
    assert hash(one) == hash(two)
    assert attrs.evolve(one) == one


def test_explanation_prints_one_line() -> None:
    """str(explanation) is one readable line naming source, rule, facts and thresholds."""
    text = str(Explanation(source="s", rule="r", facts={"a": "1"}, thresholds={"t": "2"}))
    assert text == "s: r [a=1] (thresholds: t=2)"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"source": "", "rule": "r"},
        {"source": "s", "rule": " "},
        {"source": "s", "rule": "r", "facts": "ab"},
        {"source": "s", "rule": "r", "facts": [("a", "1"), ("a", "2")]},
        {"source": "s", "rule": "r", "facts": {1: "x"}},
        {"source": "s", "rule": "r", "thresholds": [("a",)]},
    ],
    ids=["empty-source", "blank-rule", "string-facts", "duplicate", "non-str-name", "bad-pair"],
)
def test_malformed_explanations_are_refused(kwargs: dict[str, object]) -> None:
    """Blank texts, duplicate or non-text names and non-pairs raise InvalidValue."""
    with pytest.raises(InvalidValue):
        Explanation(**kwargs)  # type: ignore[arg-type]


# --- Facts and proposals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"price": Money(1, "USD")}, CurrencyMismatch),
        ({"loss": Money(1, "USD")}, CurrencyMismatch),
        ({"loss": eur(-1)}, InvalidValue),
        ({"time_lost": -MIN}, InvalidValue),
        ({"failure": "money"}, InvalidValue),
        ({"price": Decimal(1)}, InvalidValue),
    ],
    ids=[
        "price-currency",
        "loss-currency",
        "negative-loss",
        "negative-time",
        "str-failure",
        "bare",
    ],
)
def test_invalid_facts_are_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Facts in another currency, negative amounts or time, or wrong types are refused."""
    arguments: dict[str, object] = {"failure": FailureKind.MONEY, **kwargs}
    with pytest.raises(error):
        CompensationFacts("EUR", **arguments)  # type: ignore[arg-type]


def test_facts_hold_nothing_about_who_the_customer_is() -> None:
    """The facts name no customer, so no per-customer exception can be made (article 001);
    a pack's ``claim`` describes the failure (a flight's delay), read by the pack's rules."""
    names = {field.name for field in attrs.fields(CompensationFacts)}
    assert names == {"currency", "failure", "price", "loss", "time_lost", "category", "claim"}


@pytest.mark.parametrize(
    ("remedy", "amount"),
    [(Remedy.APOLOGY, eur(1)), (Remedy.EXCHANGE, eur(1)), (Remedy.CREDIT, eur(-1))],
    ids=["paid-apology", "paid-exchange", "negative-credit"],
)
def test_invalid_proposals_are_refused(remedy: Remedy, amount: Money) -> None:
    """Non-monetary remedies carry zero; no proposal is negative."""
    with pytest.raises(InvalidValue):
        Proposal(remedy, amount, why())


# --- Strategies --------------------------------------------------------------------------


@pytest.mark.parametrize("failure", list(FailureKind), ids=lambda f: f.value)
def test_apology_is_always_offered_for_free(failure: FailureKind) -> None:
    """An apology is proposed for every failure, at zero cost."""
    proposal = Apology().propose(facts(failure=failure))
    assert proposal.remedy is Remedy.APOLOGY
    assert proposal.amount == eur(0)


@pytest.mark.parametrize(
    ("rate", "lost", "expected"),
    [
        (eur(15), 20 * MIN, eur(5)),
        (eur(1), MIN, eur("0.02")),
        (eur("10.01"), 90 * MIN, eur("15.02")),
        (eur("10.03"), 90 * MIN, eur("15.04")),
        (Money(1001, "JPY"), 30 * MIN, Money(500, "JPY")),
        (Money("1.001", "KWD"), 3 * HOUR, Money("3.003", "KWD")),
        (eur(12), timedelta(days=1), eur(288)),
    ],
    ids=["third-hour", "minute", "half-even-up", "half-even-down", "jpy-tie", "kwd", "day"],
)
def test_time_lost_pays_the_hourly_value_exactly(
    rate: Money, lost: timedelta, expected: Money
) -> None:
    """Time lost is paid pro rata, rounded once HALF_EVEN to the minor unit."""
    currency = rate.currency
    the_facts = CompensationFacts(currency, failure=FailureKind.NEGLECT, time_lost=lost)
    proposal = TimeLost(rate).propose(the_facts)
    assert proposal is not None
    assert (proposal.remedy, proposal.amount) == (Remedy.CREDIT, expected)


@pytest.mark.parametrize(
    ("lost", "minimum"),
    [(timedelta(0), 0), (9 * MIN, 10)],
    ids=["no-time", "below-minimum"],
)
def test_time_lost_proposes_nothing_without_time(lost: timedelta, minimum: int) -> None:
    """No time lost, or less than the minimum, gives no time-lost proposal."""
    strategy = TimeLost(eur(10), minimum_minutes=minimum)
    assert strategy.propose(facts(time_lost=lost)) is None


def test_time_lost_options() -> None:
    """The remedy is configurable but monetary; the rate's currency must match the facts."""
    voucher = TimeLost(eur(10), remedy=Remedy.VOUCHER).propose(facts(time_lost=HOUR))
    assert voucher is not None
    assert voucher.remedy is Remedy.VOUCHER
    with pytest.raises(InvalidValue):
        TimeLost(eur(10), remedy=Remedy.APOLOGY)
    with pytest.raises(InvalidValue):
        TimeLost(eur(10), minimum_minutes=-1)
    with pytest.raises(CurrencyMismatch):
        TimeLost(Money(10, "USD")).propose(facts(time_lost=HOUR))


@pytest.mark.parametrize(
    ("share", "cap_share"),
    [
        (Decimal(0), Decimal("1.5")),
        (Decimal("-0.1"), Decimal("1.5")),
        (Decimal("1.6"), Decimal("1.5")),
        (Decimal("0.5"), Decimal(0)),
        (Decimal("0.5"), Decimal("1.51")),
        (Decimal(3), Decimal(3)),
    ],
    ids=["zero", "negative", "above-cap", "zero-cap", "cap-above-150", "cap-300"],
)
def test_share_outside_the_range_is_refused(share: Decimal, cap_share: Decimal) -> None:
    """A share outside (0, cap_share], or a cap_share outside (0, 1.5], is refused."""
    with pytest.raises(InvalidValue, match="share"):
        ShareOfLoss(share, cap_share=cap_share)


def test_a_cap_above_150_percent_names_the_research() -> None:
    """The refusal of a 300 % cap says why: beyond about 150 % compensation stops helping."""
    with pytest.raises(InvalidValue, match=r"cap_share must be in \(0, 1\.5\], got 3"):
        ShareOfLoss(Decimal("0.8"), cap_share=Decimal(3))
    assert ShareOfLoss(Decimal("1.5"), cap_share=Decimal("1.5")).cap_share == Decimal("1.5")


def test_share_refuses_floats_and_unknown_options() -> None:
    """A float share, an unknown base or an unknown rounding is refused."""
    with pytest.raises(InvalidValue, match="float"):
        ShareOfLoss(0.8)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="base"):
        ShareOfLoss(Decimal("0.8"), base="profit")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="rounding"):
        ShareOfLoss(Decimal("0.8"), rounding="ROUND_SIDEWAYS")


@pytest.mark.parametrize(
    ("strategy", "price", "loss", "expected"),
    [
        (ShareOfLoss(Decimal("0.8")), None, eur(100), eur(80)),
        (ShareOfLoss(Decimal("1.2")), eur(100), eur(50), eur(60)),
        (ShareOfLoss(Decimal("1.5")), eur(40), eur(100), eur(60)),
        (ShareOfLoss(Decimal("0.6"), base="price"), eur("9.99"), None, eur("5.99")),
        (ShareOfLoss(Decimal("0.5"), cap_share=Decimal("0.5")), None, eur(10), eur(5)),
        (ShareOfLoss(Decimal("0.8")), eur(10), None, None),
        (ShareOfLoss(Decimal("0.8")), None, eur(0), None),
    ],
    ids=["no-price", "of-loss", "capped-by-price", "of-price", "custom-cap", "no-loss", "zero"],
)
def test_share_of_loss(
    strategy: ShareOfLoss, price: Money | None, loss: Money | None, expected: Money | None
) -> None:
    """A share of the base, never above cap_share of the price; nothing without a base."""
    proposal = strategy.propose(facts(price=price, loss=loss))
    assert (proposal and proposal.amount) == expected


def test_share_explanation_cites_the_research() -> None:
    """The explanation cites the 60-120 % sweet spot and the 150 % turn-down."""
    proposal = ShareOfLoss(Decimal("0.8")).propose(facts(loss=eur(10)))
    assert proposal is not None
    assert "60% and 120%" in proposal.explanation.rule
    assert "150%" in proposal.explanation.rule
    assert ("cap_share", "1.5") in proposal.explanation.thresholds


@pytest.mark.parametrize(
    ("share", "price", "in_band", "of_price", "amount_in_band"),
    [
        ("0.8", None, "yes", None, None),
        ("0.5", None, "no", None, None),
        ("1.2", eur(100), "yes", "60.0%", "yes"),
        ("1.5", eur(10), "no", "150.0%", "no"),
        ("0.6", eur(200), "yes", "15.0%", "no"),
    ],
    ids=["in-band", "below-band", "at-top", "above-band-capped", "in-band-of-loss-small-of-price"],
)
def test_share_explanation_says_whether_it_is_in_the_sweet_spot(
    share: str, price: Money | None, in_band: str, of_price: str | None, amount_in_band: str | None
) -> None:
    """The facts say whether the share, and the amount as a share of the price, is in 60-120 %."""
    proposal = ShareOfLoss(Decimal(share)).propose(facts(price=price, loss=eur(50)))
    assert proposal is not None
    seen = dict(proposal.explanation.facts)
    assert seen["share_in_sweet_spot"] == in_band
    assert seen.get("amount_of_price") == of_price
    assert seen.get("amount_in_sweet_spot") == amount_in_band


@pytest.mark.parametrize(
    ("failure", "loss", "remedy", "amount"),
    [
        (FailureKind.MONEY, eur(42), Remedy.REFUND, eur(42)),
        (FailureKind.FLAWED_PRODUCT, eur(42), Remedy.EXCHANGE, eur(0)),
        (FailureKind.FAILED_SERVICE, None, Remedy.REPERFORMANCE, eur(0)),
        (FailureKind.NEGLECT, None, Remedy.ATTENTION, eur(0)),
    ],
    ids=lambda v: getattr(v, "name", str(v)),
)
def test_matched_remedy(
    failure: FailureKind, loss: Money | None, remedy: Remedy, amount: Money
) -> None:
    """The remedy matches what failed (Roschk & Gelbrich 2014)."""
    proposal = MatchedRemedy().propose(facts(failure=failure, loss=loss))
    assert proposal is not None
    assert (proposal.remedy, proposal.amount) == (remedy, amount)
    assert "Roschk & Gelbrich 2014" in proposal.explanation.rule


def test_money_for_money_needs_a_loss() -> None:
    """A money failure without a known loss gets no matched refund."""
    assert MatchedRemedy().propose(facts(failure=FailureKind.MONEY)) is None
