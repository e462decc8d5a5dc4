"""Fixed compensation schedules: tables by delay or category, GB rail Delay Repay, EU 261.

Rules
-----
* A schedule never pays less for a longer delay: rows are sorted and must not
  decrease; a table pays fixed amounts or shares of the price, never both.
* GB rail Delay Repay: 15-29 min 25 %, 30-59 min 50 %, 60-119 min 100 % of a
  single fare, 120 min or more 100 % of a return (twice the single unless given).
* EU 261/2004 Art. 7 with CJEU *Sturgeon*: EUR 250 / 400 / 600 by distance band,
  owed from 3 h of arrival delay, halved for a reroute arriving within 2 / 3 / 4 h
  by band (and for 3-4 h delays on non-intra-EU flights over 3,500 km); nothing
  for extraordinary circumstances. Cancellation-notice exemptions are not modelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import timedelta
from decimal import ROUND_HALF_EVEN
from decimal import Decimal
from typing import Any
from typing import final

import attrs

from custrecovery._compensation import CompensationFacts
from custrecovery._compensation import FailureKind
from custrecovery._compensation import Proposal
from custrecovery._compensation import Remedy
from custrecovery._compensation import _monetary_remedy
from custrecovery._compensation import _name
from custrecovery._compensation import _non_negative_money
from custrecovery._compensation import _non_negative_time
from custrecovery._compensation import _rounding
from custrecovery._compensation import _same_currency
from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import InvalidValue
from custrecovery._explain import Explanation
from custrecovery._money import Money
from custrecovery._money import to_decimal

__all__ = [
    "GB_RAIL_DELAY_REPAY",
    "CategoryTable",
    "ScheduleRow",
    "ScheduleTable",
    "delay_repay_compensation",
    "eu261_compensation",
]


@final
@attrs.frozen
class ScheduleRow:
    """From ``min_delay`` on, pay a fixed ``amount`` or ``share_of_price`` (exactly one)."""

    min_delay: timedelta = attrs.field(validator=_non_negative_time)
    amount: Money | None = attrs.field(default=None, kw_only=True)
    share_of_price: Decimal | None = attrs.field(
        default=None,
        kw_only=True,
        converter=attrs.converters.optional(to_decimal),
    )

    @amount.validator
    def _exactly_one(self, attribute: Any, value: Any) -> None:
        if (value is None) == (self.share_of_price is None):
            raise InvalidValue("a schedule row has exactly one of amount and share_of_price")
        if value is not None:
            _non_negative_money(self, attribute, value)
        if self.share_of_price is not None and self.share_of_price < 0:
            raise InvalidValue(f"share_of_price may not be negative, got {self.share_of_price}")


def _level(row: ScheduleRow) -> Decimal:
    if row.amount is not None:
        return row.amount.amount
    return row.share_of_price if row.share_of_price is not None else Decimal(0)


def _sorted_rows(rows: Iterable[ScheduleRow]) -> tuple[ScheduleRow, ...]:
    return tuple(sorted(rows, key=lambda row: row.min_delay))


def _rising_rows(instance: Any, attribute: Any, rows: tuple[ScheduleRow, ...]) -> None:
    if not rows or not all(isinstance(row, ScheduleRow) for row in rows):
        raise InvalidValue(f"a schedule needs one or more ScheduleRow, got {rows!r}")
    if len({row.min_delay for row in rows}) != len(rows):
        raise InvalidValue("two schedule rows have the same min_delay")
    if len({row.amount is None for row in rows}) > 1:
        raise InvalidValue("mix of fixed and share-of-price rows: use one kind per schedule")
    if len({row.amount.currency for row in rows if row.amount is not None}) > 1:
        raise CurrencyMismatch("schedule rows are in more than one currency")
    levels = [_level(row) for row in rows]
    if levels != sorted(levels):
        raise InvalidValue("a longer delay may not pay less: row amounts must not decrease")


@final
@attrs.frozen
class ScheduleTable:
    """A fixed schedule keyed by time lost: the highest row reached pays.

    ``None`` when no row is reached, or when a share-of-price row is reached
    and the price is unknown.
    """

    name: str = attrs.field(validator=_name)
    rows: tuple[ScheduleRow, ...] = attrs.field(converter=_sorted_rows, validator=_rising_rows)
    remedy: Remedy = attrs.field(default=Remedy.CREDIT, kw_only=True, validator=_monetary_remedy)
    rule: str = attrs.field(default="fixed schedule by time lost", kw_only=True, validator=_name)
    rounding: str = attrs.field(default=ROUND_HALF_EVEN, kw_only=True, validator=_rounding)

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The highest row whose ``min_delay`` is at most ``facts.time_lost``."""
        reached = [row for row in self.rows if row.min_delay <= facts.time_lost]
        if not reached:
            return None
        row = reached[-1]
        if row.amount is not None:
            _same_currency(row.amount, facts.currency, f"{self.name} row")
            amount = row.amount
        elif facts.price is None:
            return None
        else:
            amount = facts.price.scaled(row.share_of_price or 0, rounding=self.rounding)
        shown = row.amount if row.amount is not None else f"{row.share_of_price:%} of the price"
        why = Explanation(
            source=self.name,
            rule=self.rule,
            facts={"time_lost": facts.time_lost, "price": facts.price or "unknown"},
            thresholds={"min_delay": row.min_delay, "pays": shown},
        )
        return Proposal(self.remedy, amount, why)


def _category_amounts(value: Mapping[str, Money]) -> tuple[tuple[str, Money], ...]:
    return tuple(sorted(dict(value).items()))


@final
@attrs.frozen
class CategoryTable:
    """A fixed amount per complaint category (``facts.category``); ``None`` if not listed."""

    name: str = attrs.field(validator=_name)
    amounts: tuple[tuple[str, Money], ...] = attrs.field(converter=_category_amounts)
    remedy: Remedy = attrs.field(default=Remedy.CREDIT, kw_only=True, validator=_monetary_remedy)

    @amounts.validator
    def _check_amounts(self, attribute: Any, value: tuple[tuple[str, Money], ...]) -> None:
        for category, amount in value:
            _non_negative_money(self, attribute, amount)
            if not isinstance(category, str):
                raise InvalidValue(f"categories are strings, got {category!r}")

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The amount listed for ``facts.category``."""
        for category, amount in self.amounts:
            if category == facts.category:
                _same_currency(amount, facts.currency, f"{self.name}[{category!r}]")
                why = Explanation(
                    source=self.name,
                    rule="fixed amount for the category",
                    facts={"category": category},
                    thresholds={"pays": amount},
                )
                return Proposal(self.remedy, amount, why)
        return None


GB_RAIL_DELAY_REPAY = ScheduleTable(
    "gb_rail_delay_repay",
    [
        ScheduleRow(timedelta(minutes=15), share_of_price=Decimal("0.25")),
        ScheduleRow(timedelta(minutes=30), share_of_price=Decimal("0.5")),
        ScheduleRow(timedelta(minutes=60), share_of_price=Decimal(1)),
        # 100 % of a return, the return taken as two singles (the price is a single).
        ScheduleRow(timedelta(minutes=120), share_of_price=Decimal(2)),
    ],
    remedy=Remedy.REFUND,
    rule=(
        "GB rail Delay Repay: 15-29 min 25%, 30-59 min 50%, 60-119 min 100% of a single; "
        "120+ min 100% of a return"
    ),
)
"""GB rail Delay Repay as a schedule on the single fare (``facts.price``)."""


def delay_repay_compensation(
    single_fare: Money, delay: timedelta, *, return_fare: Money | None = None
) -> Proposal | None:
    """GB rail Delay Repay for a journey ``delay`` late; a return is two singles unless given."""
    facts = CompensationFacts(
        single_fare.currency,
        failure=FailureKind.FAILED_SERVICE,
        price=single_fare,
        time_lost=delay,
    )
    proposal = GB_RAIL_DELAY_REPAY.propose(facts)
    if proposal is None or return_fare is None or delay < timedelta(minutes=120):
        return proposal
    _same_currency(return_fare, single_fare.currency, "return_fare")
    return attrs.evolve(proposal, amount=return_fare)


# (upper distance in km or None, amount in EUR, arrival within this many hours halves it)
_EU261_BANDS = ((1500, 250, 2), (3500, 400, 3), (None, 600, 4))


def eu261_compensation(
    distance_km: int,
    *,
    intra_eu: bool,
    arrival_delay: timedelta,
    extraordinary: bool = False,
    rerouted: bool = False,
) -> Proposal | None:
    """Compensation under EU 261/2004 Art. 7, in EUR, or ``None`` when none is owed.

    Without ``rerouted``, a delayed flight: owed from 3 h of arrival delay
    (*Sturgeon*), halved for a non-intra-EU flight over 3,500 km delayed less
    than 4 h. With ``rerouted`` (cancellation or denied boarding), owed in full,
    halved when the reroute arrives within 2/3/4 h of schedule by band. Not
    modelled: the notice-period exemptions for cancellations. Extraordinary
    circumstances: none (care is still owed).
    """
    if isinstance(distance_km, bool) or not isinstance(distance_km, int) or distance_km <= 0:
        raise InvalidValue(f"distance_km must be a positive int, got {distance_km!r}")
    if not isinstance(arrival_delay, timedelta) or arrival_delay < timedelta(0):
        raise InvalidValue(f"arrival_delay must be a non-negative timedelta, got {arrival_delay!r}")
    if extraordinary:
        return None
    if distance_km <= 1500:
        band = 0
    elif intra_eu or distance_km <= 3500:
        band = 1  # intra-EU flights over 1,500 km get EUR 400 whatever the distance
    else:
        band = 2
    _, full, halving_hours = _EU261_BANDS[band]
    if rerouted:
        halved = arrival_delay <= timedelta(hours=halving_hours)
        rule = f"Art. 7(1)-(2): rerouted, halved when arriving within {halving_hours} h"
    else:
        if arrival_delay < timedelta(hours=3):
            return None
        halved = band == 2 and arrival_delay < timedelta(hours=4)
        rule = "Art. 7 with Sturgeon (C-402/07): arrival delay of 3 h or more"
    amount = Money(full // 2 if halved else full, "EUR")
    why = Explanation(
        source="eu261",
        rule=rule + (", halved" if halved else ""),
        facts={
            "distance_km": distance_km,
            "intra_eu": intra_eu,
            "arrival_delay": arrival_delay,
            "rerouted": rerouted,
        },
        thresholds={"full_amount": Money(full, "EUR"), "halving_hours": halving_hours},
    )
    # Paid in money: vouchers only with the passenger's signed agreement (Art. 7(3)).
    return Proposal(Remedy.CREDIT, amount, why)
