"""The built-in compensation strategies: apology, time lost, share of loss, matched remedy.

A strategy reads :class:`~custrecovery.goodwill.CompensationFacts` and proposes
at most one :class:`~custrecovery.goodwill.Proposal`, or ``None``. Every
rounding is to the minor unit, named, HALF_EVEN by default.
"""

from __future__ import annotations

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

from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.goodwill.decisions import _monetary_remedy
from custrecovery.goodwill.decisions import _name
from custrecovery.goodwill.decisions import _non_negative_money
from custrecovery.goodwill.decisions import _one_of
from custrecovery.goodwill.decisions import _rounding
from custrecovery.goodwill.decisions import _same_currency
from custrecovery.money import Money
from custrecovery.money import minor_units
from custrecovery.money import to_decimal

__all__ = [
    "Apology",
    "CompensationStrategy",
    "MatchedRemedy",
    "ShareOfLoss",
    "TimeLost",
]


class CompensationStrategy(Protocol):
    """Anything with a ``name`` that proposes a remedy for some facts (or ``None``)."""

    @property
    def name(self) -> str:
        """The strategy's name, cited in its explanations."""
        ...

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The offer for ``facts``, or ``None`` when this strategy has nothing to give."""
        ...


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
