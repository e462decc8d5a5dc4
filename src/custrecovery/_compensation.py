"""Goodwill compensation: strategies that propose, a combination that decides, authority limits.

Rules
-----
Sources: seed articles 001 (within policy, no special exception for one customer;
Zappos' empowered representatives) and 002 (always give something for the
customer's lost time); Wirtz & Mattila 2004 and Roschk & Kaiser 2013 (apology
first); Roschk & Gelbrich 2014 (match the remedy to what was lost); Gelbrich,
Gäthke & Grégoire 2015 and Haesevoets et al. 2017 (gains largest between 60 % and
120 % of the price, turning down beyond about 150 %); GB rail Delay Repay;
Regulation (EC) 261/2004 Art. 7 with CJEU *Sturgeon* (C-402/07).

* A strategy reads :class:`CompensationFacts` and proposes at most one
  :class:`Proposal`, or ``None`` when it has nothing to offer. Amounts are
  exact :class:`~custrecovery.Money`, never negative, always in the facts'
  currency; every rounding is to the minor unit, named, HALF_EVEN by default.
* Non-monetary remedies (apology, exchange, re-performance, attention) carry
  a zero amount and are always kept when combining.
* Combining the monetary proposals: ``"largest"`` keeps the largest (the first
  on a tie), ``"sum"`` keeps all, ``"first"`` keeps the first. A ``cap`` clips
  the total and says so in an explanation. Mixed currencies raise
  :class:`~custrecovery.CurrencyMismatch`.
* ``"largest"`` and ``"sum"`` never pay less for a larger loss or more time
  lost (with strategies that are each monotonic, as the built-ins are).
  ``"first"`` is a priority order, not a measure: the first strategy *that
  answers* decides, so when an earlier strategy starts answering (a time-lost
  credit once its minimum is reached) its smaller amount replaces a larger
  later one, and more time lost can pay less. It is monotonic only while the
  same strategies answer. Choose it to say "this strategy's answer, if it has
  one, is the policy"; choose ``"largest"`` for "never less for a worse failure".
* Schedules never pay less for a longer delay: their rows must not decrease.
* Authority: each role has a goodwill limit. A total within the requester's
  limit is granted at once (the empowered representative); above it, a second
  person whose role's limit covers the total must approve, and is recorded.

Theory of operation
-------------------
Everything here is a pure function of its arguments: no clock, no randomness,
no plugin calls. The same facts and the same strategies in the same order give
the same :class:`Compensation`, whoever asks and whenever (article 001: no
per-customer exception outside policy). A plugin layer wraps these classes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import timedelta
from decimal import ROUND_DOWN
from decimal import ROUND_HALF_EVEN
from decimal import Decimal
from fractions import Fraction
from typing import Any
from typing import Literal
from typing import Protocol
from typing import final

import attrs

from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import InvalidValue
from custrecovery._explain import Explanation
from custrecovery._money import Money
from custrecovery._money import check_rounding
from custrecovery._money import minor_units
from custrecovery._money import to_decimal

__all__ = [
    "Apology",
    "Compensation",
    "CompensationFacts",
    "CompensationStrategy",
    "FailureKind",
    "MatchedRemedy",
    "Proposal",
    "Remedy",
    "ShareOfLoss",
    "TimeLost",
    "combine",
    "compensate",
]

CombinationRule = Literal["largest", "sum", "first"]


class FailureKind(enum.Enum):
    """What failed, which decides the matching remedy (Roschk & Gelbrich 2014)."""

    MONEY = "money"
    FLAWED_PRODUCT = "flawed_product"
    FAILED_SERVICE = "failed_service"
    NEGLECT = "neglect"


class Remedy(enum.Enum):
    """What the customer is given."""

    APOLOGY = "apology"
    CREDIT = "credit"
    REFUND = "refund"
    VOUCHER = "voucher"
    FREE_SERVICE = "free_service"
    EXCHANGE = "exchange"
    REPERFORMANCE = "reperformance"
    ATTENTION = "attention"
    """A senior person follows the case up personally."""

    @property
    def is_monetary(self) -> bool:
        """True when the remedy has a money value (credit, refund, voucher, free service)."""
        return self in _MONETARY


_MONETARY = frozenset({Remedy.CREDIT, Remedy.REFUND, Remedy.VOUCHER, Remedy.FREE_SERVICE})


def _instance_of(kind: type, what: str) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidValue(f"{attribute.name} must be {what}, got {value!r}")

    return check


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be non-empty text, got {value!r}")


def _optional_money(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Money):
        raise InvalidValue(f"{attribute.name} must be Money or None, got {value!r}")
    if value.is_negative:
        raise InvalidValue(f"{attribute.name} may not be negative, got {value}")
    if value.currency != instance.currency:
        raise CurrencyMismatch(f"{attribute.name} is {value}, the facts are in {instance.currency}")


def _non_negative_time(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, timedelta) or value < timedelta(0):
        raise InvalidValue(f"{attribute.name} must be a non-negative timedelta, got {value!r}")


def _rounding(instance: Any, attribute: Any, value: Any) -> None:
    check_rounding(value)


def _one_of(*allowed: str) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value not in allowed:
            raise InvalidValue(f"{attribute.name} must be one of {allowed}, got {value!r}")

    return check


def _monetary_remedy(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Remedy) or not value.is_monetary:
        raise InvalidValue(f"{attribute.name} must be a monetary Remedy, got {value!r}")


@final
@attrs.frozen
class CompensationFacts:
    """What is known about one failure, in one currency."""

    currency: str = attrs.field(validator=lambda i, a, v: minor_units(v))
    failure: FailureKind = attrs.field(
        kw_only=True, validator=_instance_of(FailureKind, "a FailureKind")
    )
    price: Money | None = attrs.field(default=None, kw_only=True, validator=_optional_money)
    loss: Money | None = attrs.field(default=None, kw_only=True, validator=_optional_money)
    """The claimed or assessed loss."""
    time_lost: timedelta = attrs.field(
        default=timedelta(0), kw_only=True, validator=_non_negative_time
    )
    category: str = attrs.field(default="", kw_only=True, validator=_instance_of(str, "a str"))


def _proposal_amount(instance: Proposal, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.is_negative:
        raise InvalidValue(f"a proposal's amount is non-negative Money, got {value!r}")
    if not instance.remedy.is_monetary and not value.is_zero:
        raise InvalidValue(f"{instance.remedy.name} is not monetary: its amount must be zero")


@final
@attrs.frozen
class Proposal:
    """One strategy's offer: a remedy, its money value (zero if non-monetary) and why."""

    remedy: Remedy = attrs.field(validator=_instance_of(Remedy, "a Remedy"))
    amount: Money = attrs.field(validator=_proposal_amount)
    explanation: Explanation = attrs.field(validator=_instance_of(Explanation, "an Explanation"))


class CompensationStrategy(Protocol):
    """Anything with a ``name`` that proposes a remedy for some facts (or ``None``)."""

    @property
    def name(self) -> str:
        """The strategy's name, cited in its explanations."""
        ...

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The offer for ``facts``, or ``None`` when this strategy has nothing to give."""
        ...


def _same_currency(money: Money, currency: str, what: str) -> None:
    if money.currency != currency:
        raise CurrencyMismatch(f"{what} is {money}, the facts are in {currency}")


@final
@attrs.frozen
class Apology:
    """Always proposes an apology, first and free (Wirtz & Mattila 2004)."""

    name: str = attrs.field(default="apology", kw_only=True, validator=_name)

    def propose(self, facts: CompensationFacts) -> Proposal:
        """An apology, whatever the facts."""
        why = Explanation(
            source=self.name,
            rule="an apology is always offered, first (Wirtz & Mattila 2004)",
            facts={"failure": facts.failure.value},
        )
        return Proposal(Remedy.APOLOGY, Money.zero(facts.currency), why)


_HOUR_IN_MICROSECONDS = 3_600_000_000


def _rate_times(rate: Money, time: timedelta) -> Money:
    # Hours are a rational number (20 minutes is 1/3 h, not a finite decimal):
    # compute exactly with Fraction and round once; round() on a Fraction is HALF_EVEN.
    places = minor_units(rate.currency)
    hours = Fraction(time // timedelta(microseconds=1), _HOUR_IN_MICROSECONDS)
    units = round(Fraction(rate.amount) * hours * 10**places)
    return Money(Decimal(units).scaleb(-places), rate.currency)


def _non_negative_money(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.is_negative:
        raise InvalidValue(f"{attribute.name} must be non-negative Money, got {value!r}")


@final
@attrs.frozen
class TimeLost:
    """Pays for the customer's lost time at ``value_per_hour`` (article 002).

    The amount is exact in the time lost and rounded once, HALF_EVEN, to the
    minor unit. ``None`` when no time (or less than ``minimum_minutes``) was lost.
    """

    value_per_hour: Money = attrs.field(validator=_non_negative_money)
    remedy: Remedy = attrs.field(default=Remedy.CREDIT, kw_only=True, validator=_monetary_remedy)
    minimum_minutes: int = attrs.field(default=0, kw_only=True)
    name: str = attrs.field(default="time_lost", kw_only=True, validator=_name)

    @minimum_minutes.validator
    def _check_minimum(self, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValue(f"minimum_minutes must be a non-negative int, got {value!r}")

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """Credit for ``facts.time_lost`` at the configured hourly value."""
        _same_currency(self.value_per_hour, facts.currency, "value_per_hour")
        minimum = timedelta(minutes=self.minimum_minutes)
        if facts.time_lost <= timedelta(0) or facts.time_lost < minimum:
            return None
        amount = _rate_times(self.value_per_hour, facts.time_lost)
        why = Explanation(
            source=self.name,
            rule="always give something for the customer's lost time (article 002)",
            facts={"time_lost": facts.time_lost, "amount": amount},
            thresholds={
                "value_per_hour": self.value_per_hour,
                "minimum_minutes": self.minimum_minutes,
            },
        )
        return Proposal(self.remedy, amount, why)


_SWEET_SPOT = (Decimal("0.6"), Decimal("1.2"))
_MAX_CAP_SHARE = Decimal("1.5")
"""Beyond about 150 % of the price, more compensation lowers satisfaction again."""


@final
@attrs.frozen
class ShareOfLoss:
    """Pays ``share`` of the loss (or of the price), never more than ``cap_share`` of the price.

    Research (Gelbrich, Gäthke & Grégoire 2015; Haesevoets et al. 2017): the gain
    in satisfaction is largest between 60 % and 120 % of the price and turns down
    beyond about 150 %. The cap is ``cap_share`` of the price when the price is
    known and not zero, else of the base. ``cap_share`` must lie in ``(0, 1.5]``
    (a larger cap would pay for a loss of goodwill, not a gain: it raises
    :class:`~custrecovery.InvalidValue`), and ``share`` in ``(0, cap_share]``.
    The explanation records whether ``share`` lies in the 60-120 % sweet spot
    and, when the price is known, what share of the price the amount is.
    """

    share: Decimal = attrs.field(converter=to_decimal)
    cap_share: Decimal = attrs.field(default=Decimal("1.5"), kw_only=True, converter=to_decimal)
    base: Literal["loss", "price"] = attrs.field(
        default="loss", kw_only=True, validator=_one_of("loss", "price")
    )
    remedy: Remedy = attrs.field(default=Remedy.CREDIT, kw_only=True, validator=_monetary_remedy)
    rounding: str = attrs.field(default=ROUND_HALF_EVEN, kw_only=True, validator=_rounding)
    name: str = attrs.field(default="share_of_loss", kw_only=True, validator=_name)

    @share.validator
    def _check_share(self, attribute: Any, value: Decimal) -> None:
        if not 0 < self.cap_share <= _MAX_CAP_SHARE:
            raise InvalidValue(
                f"cap_share must be in (0, {_MAX_CAP_SHARE}], got {self.cap_share}: beyond "
                "about 150 % of the price compensation stops helping (Gelbrich et al. 2015)"
            )
        if not 0 < value <= self.cap_share:
            raise InvalidValue(
                f"share must be in (0, {self.cap_share}], got {value}: beyond about 150 % "
                "of the price compensation stops helping (Gelbrich et al. 2015)"
            )

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """``share`` of the base, capped; ``None`` when the base is unknown or zero."""
        base = facts.loss if self.base == "loss" else facts.price
        if base is None or base.is_zero:
            return None
        reference = facts.price if facts.price is not None and not facts.price.is_zero else base
        # Rounded down so the cap is never exceeded by rounding.
        cap = reference.scaled(self.cap_share, rounding=ROUND_DOWN)
        amount = min(base.scaled(self.share, rounding=self.rounding), cap)
        low, high = _SWEET_SPOT
        facts_seen: dict[str, object] = {
            self.base: base,
            "price": facts.price or "unknown",
            "amount": amount,
            "share_in_sweet_spot": "yes" if low <= self.share <= high else "no",
        }
        if facts.price is not None and not facts.price.is_zero:
            of_price = amount.amount / facts.price.amount
            facts_seen["amount_of_price"] = f"{of_price:.1%}"
            facts_seen["amount_in_sweet_spot"] = "yes" if low <= of_price <= high else "no"
        why = Explanation(
            source=self.name,
            rule=(
                f"{self.share:%} of the {self.base}, capped at {self.cap_share:%} of the "
                f"{'price' if reference is facts.price else self.base}: gains peak between "
                "60% and 120% of the price and turn down beyond about 150% "
                "(Gelbrich, Gäthke & Grégoire 2015; Haesevoets et al. 2017)"
            ),
            facts=facts_seen,
            thresholds={
                "share": self.share,
                "cap_share": self.cap_share,
                "cap": cap,
                "sweet_spot": f"{_SWEET_SPOT[0]:%}-{_SWEET_SPOT[1]:%} of the price",
            },
        )
        return Proposal(self.remedy, amount, why)


_MATCH: Mapping[FailureKind, tuple[Remedy, str]] = {
    FailureKind.MONEY: (Remedy.REFUND, "money for money: refund the loss"),
    FailureKind.FLAWED_PRODUCT: (Remedy.EXCHANGE, "exchange for a flawed product"),
    FailureKind.FAILED_SERVICE: (Remedy.REPERFORMANCE, "re-performance for a failed service"),
    FailureKind.NEGLECT: (
        Remedy.ATTENTION,
        "attention (a senior follow-up) with the apology for neglect",
    ),
}


@final
@attrs.frozen
class MatchedRemedy:
    """Proposes the remedy that matches what failed (Roschk & Gelbrich 2014).

    Money for money (a refund of the loss; ``None`` if no loss is known), an
    exchange for a flawed product, re-performance for a failed service, and
    attention for neglect (combine with :class:`Apology` for the apology).
    """

    name: str = attrs.field(default="matched_remedy", kw_only=True, validator=_name)

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The matching remedy for ``facts.failure``."""
        remedy, rule = _MATCH[facts.failure]
        amount = Money.zero(facts.currency)
        if remedy is Remedy.REFUND:
            if facts.loss is None or facts.loss.is_zero:
                return None
            amount = facts.loss
        why = Explanation(
            source=self.name,
            rule=f"{rule} (Roschk & Gelbrich 2014)",
            facts={"failure": facts.failure.value, "amount": amount},
        )
        return Proposal(remedy, amount, why)


def _proposals(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, Proposal) for p in value):
        raise InvalidValue(f"proposals must be a tuple of Proposal objects, got {value!r}")


def _totals(instance: Any, attribute: Any, uncapped: Any) -> None:
    # The totals are what the kept proposals add up to, capped: a compensation
    # cannot claim more than its own reasons (a hand-built or stored one included).
    total = instance.total
    if not isinstance(total, Money) or not isinstance(uncapped, Money):
        raise InvalidValue(f"the totals must be Money, got {total!r} and {uncapped!r}")
    for proposal in instance.proposals:
        _same_currency(proposal.amount, total.currency, f"{proposal.explanation.source}'s amount")
    _same_currency(uncapped, total.currency, "the uncapped total")
    counted = sum((p.amount for p in instance.proposals), Money.zero(total.currency))
    if uncapped != counted:
        raise InvalidValue(
            f"the uncapped total {uncapped} is not what the proposals kept add up to ({counted})"
        )
    if total.is_negative or total > uncapped:
        raise InvalidValue(f"the total {total} must be between zero and the uncapped {uncapped}")


@final
@attrs.frozen
class Compensation:
    """The combined result: the proposals kept, their total (capped) and every reason.

    Consistent by construction: ``uncapped_total`` is the sum of the kept proposals'
    amounts (non-monetary ones count zero), ``total`` lies between zero and it.
    """

    proposals: tuple[Proposal, ...] = attrs.field(validator=_proposals)
    total: Money
    uncapped_total: Money = attrs.field(validator=_totals)
    explanations: tuple[Explanation, ...]

    @property
    def capped(self) -> bool:
        """True when the cap lowered the total."""
        return self.total != self.uncapped_total


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
