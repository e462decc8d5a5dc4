"""Compensation schedules: rows and category tables (Delay Repay and EU261: tests/packs)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import CategoryTable
from custrecovery.goodwill import ScheduleRow
from custrecovery.goodwill import ScheduleTable
from custrecovery.money import Money
from tests.goodwill._helpers import HOUR
from tests.goodwill._helpers import MIN
from tests.goodwill._helpers import eur
from tests.goodwill._helpers import facts

# --- Schedules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([], InvalidValue),
        ([ScheduleRow(HOUR, amount=eur(5)), ScheduleRow(2 * HOUR, amount=eur(4))], InvalidValue),
        ([ScheduleRow(HOUR, amount=eur(5)), ScheduleRow(HOUR, amount=eur(6))], InvalidValue),
        (
            [ScheduleRow(HOUR, amount=eur(5)), ScheduleRow(2 * HOUR, share_of_price=Decimal(1))],
            InvalidValue,
        ),
        (
            [ScheduleRow(HOUR, amount=eur(5)), ScheduleRow(2 * HOUR, amount=Money(6, "USD"))],
            CurrencyMismatch,
        ),
    ],
    ids=["empty", "decreasing", "duplicate", "mixed-kinds", "mixed-currencies"],
)
def test_invalid_schedules_are_refused(rows: list[ScheduleRow], error: type[Exception]) -> None:
    """Schedules are non-empty, rising, one kind and one currency."""
    with pytest.raises(error):
        ScheduleTable("bad", rows)


def test_schedule_row_has_exactly_one_payment() -> None:
    """A row pays either a fixed amount or a share of the price, not both or neither."""
    with pytest.raises(InvalidValue):
        ScheduleRow(HOUR)
    with pytest.raises(InvalidValue):
        ScheduleRow(HOUR, amount=eur(1), share_of_price=Decimal(1))


def test_schedule_picks_the_highest_row_reached() -> None:
    """The row with the largest min_delay not above the time lost pays; rows may come unsorted."""
    table = ScheduleTable(
        "ofcom-like", [ScheduleRow(2 * HOUR, amount=eur(25)), ScheduleRow(HOUR, amount=eur(8))]
    )
    assert table.propose(facts(time_lost=59 * MIN)) is None
    for lost, expected in [(HOUR, eur(8)), (119 * MIN, eur(8)), (3 * HOUR, eur(25))]:
        proposal = table.propose(facts(time_lost=lost))
        assert proposal is not None
        assert proposal.amount == expected


def test_category_table() -> None:
    """A category table pays the listed amount for the facts' category, else nothing."""
    table = CategoryTable("missed-visit", {"repair": eur(25), "billing": eur(5)})
    proposal = table.propose(facts(category="repair"))
    assert proposal is not None
    assert proposal.amount == eur(25)
    assert table.propose(facts(category="other")) is None
