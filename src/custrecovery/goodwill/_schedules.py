"""Fixed compensation schedules: tables by delay or by category.

A schedule never pays less for a longer delay: rows are sorted and must not
decrease; a table pays fixed amounts or shares of the price, never both.
Industry packs (:mod:`custrecovery.packs`) build their schedules from these.
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

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.goodwill.decisions import _monetary_remedy
from custrecovery.goodwill.decisions import _name
from custrecovery.goodwill.decisions import _non_negative_money
from custrecovery.goodwill.decisions import _non_negative_time
from custrecovery.goodwill.decisions import _rounding
from custrecovery.goodwill.decisions import _same_currency
from custrecovery.money import Money
from custrecovery.money import to_decimal

__all__ = [
    "CategoryTable",
    "ScheduleRow",
    "ScheduleTable",
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
