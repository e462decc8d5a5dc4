"""Hypothesis strategies for money and compensation facts.

``st.builds(Money)`` would draw NaN, infinities and too many decimals; these
strategies draw a whole number of minor units instead, so every value is a valid
:class:`~custrecovery.Money` (``JPY`` has no decimals, ``KWD`` three).
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

from hypothesis import strategies as st

from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.money import MINOR_UNITS
from custrecovery.money import Money
from custrecovery.money import to_decimal

__all__ = ["compensation_facts", "currencies", "money"]

DEFAULT_BOUND = Decimal(1_000_000_000)
"""The largest amount drawn, in major units, unless bounds are given."""


def currencies() -> st.SearchStrategy[str]:
    """Any currency code custrecovery knows."""
    return st.sampled_from(sorted(MINOR_UNITS))


@st.composite
def _money(
    draw: st.DrawFn,
    currency: str | None,
    min_value: Decimal,
    max_value: Decimal,
) -> Money:
    code = draw(currencies()) if currency is None else currency
    scale = 10 ** MINOR_UNITS[code]
    low = math.ceil(min_value * scale)
    high = math.floor(max_value * scale)
    units = draw(st.integers(min_value=low, max_value=high))
    return Money(Decimal(units).scaleb(-MINOR_UNITS[code]), code)


def money(
    currency: str | None = None,
    *,
    min_value: Decimal | int | str | None = None,
    max_value: Decimal | int | str | None = None,
) -> st.SearchStrategy[Money]:
    """Valid :class:`~custrecovery.Money` in ``currency`` (any if None), within the bounds.

    The bounds are in major units and inclusive; they default to minus and plus
    one thousand million.
    """
    low = -DEFAULT_BOUND if min_value is None else to_decimal(min_value)
    high = DEFAULT_BOUND if max_value is None else to_decimal(max_value)
    if low > high:
        raise ValueError(f"min_value {low} is above max_value {high}")
    if currency is not None and currency not in MINOR_UNITS:
        raise ValueError(f"unknown currency {currency!r}")
    return _money(currency, low, high)


@st.composite
def compensation_facts(
    draw: st.DrawFn,
    currency: str | None = None,
    *,
    max_amount: Decimal | int = 100_000,
    max_time_lost: timedelta = timedelta(days=7),
) -> CompensationFacts:
    """Valid :class:`~custrecovery.CompensationFacts`: non-negative amounts, any failure."""
    code = draw(currencies()) if currency is None else currency
    amounts = money(code, min_value=0, max_value=max_amount)
    return CompensationFacts(
        code,
        failure=draw(st.sampled_from(FailureKind)),
        price=draw(st.none() | amounts),
        loss=draw(st.none() | amounts),
        time_lost=draw(st.timedeltas(min_value=timedelta(0), max_value=max_time_lost)),
        category=draw(st.sampled_from(["", "billing", "delivery", "repair"])),
    )
