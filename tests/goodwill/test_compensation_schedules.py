"""Compensation schedules: rows, category tables, delay repay and EU261."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import CategoryTable
from custrecovery.goodwill import Remedy
from custrecovery.goodwill import ScheduleRow
from custrecovery.goodwill import ScheduleTable
from custrecovery.money import Money
from custrecovery.packs.airline import eu261_compensation
from custrecovery.packs.rail import GB_RAIL_DELAY_REPAY
from custrecovery.packs.rail import delay_repay_compensation
from tests.goodwill._helpers import HOUR
from tests.goodwill._helpers import MIN
from tests.goodwill._helpers import eur
from tests.goodwill._helpers import facts

# --- Schedules ---------------------------------------------------------------------------


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
    ids=["14", "15", "29:59", "30", "59", "60", "119", "120", "600"],
)
def test_gb_rail_delay_repay(delay: timedelta, expected: str | None) -> None:
    """Delay Repay pays 25/50/100 % of a single, then a return (two singles by default)."""
    proposal = delay_repay_compensation(Money(10, "GBP"), delay)
    assert (proposal and proposal.amount) == (None if expected is None else Money(expected, "GBP"))
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
    assert GB_RAIL_DELAY_REPAY.propose(facts(time_lost=HOUR)) is None


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


@pytest.mark.parametrize(
    ("distance", "intra_eu", "delay", "rerouted", "extraordinary", "expected"),
    [
        (1000, True, 3 * HOUR, False, False, 250),
        (1500, False, 3 * HOUR, False, False, 250),
        (1000, True, 3 * HOUR - MIN, False, False, None),
        (1501, False, 3 * HOUR, False, False, 400),
        (3500, False, 5 * HOUR, False, False, 400),
        (5000, True, 3 * HOUR, False, False, 400),
        (3501, False, 3 * HOUR, False, False, 300),
        (6000, False, 4 * HOUR - MIN, False, False, 300),
        (6000, False, 4 * HOUR, False, False, 600),
        (6000, False, 9 * HOUR, False, True, None),
        (1000, True, 2 * HOUR, True, False, 125),
        (1000, True, 2 * HOUR + MIN, True, False, 250),
        (2000, True, 3 * HOUR, True, False, 200),
        (6000, False, 4 * HOUR, True, False, 300),
        (6000, False, 5 * HOUR, True, False, 600),
    ],
    ids=[
        "short-3h",
        "1500-boundary",
        "short-under-3h",
        "medium",
        "3500-boundary",
        "intra-eu-long",
        "long-3h-half",
        "long-3h59-half",
        "long-4h",
        "extraordinary",
        "reroute-short-half",
        "reroute-short-full",
        "reroute-medium-half",
        "reroute-long-half",
        "reroute-long-full",
    ],
)
def test_eu261(
    distance: int,
    intra_eu: bool,
    delay: timedelta,
    rerouted: bool,
    extraordinary: bool,
    expected: int | None,
) -> None:
    """EU 261 bands, the 3-hour delay threshold, halving and extraordinary circumstances."""
    proposal = eu261_compensation(
        distance,
        intra_eu=intra_eu,
        arrival_delay=delay,
        rerouted=rerouted,
        extraordinary=extraordinary,
    )
    assert (proposal and proposal.amount) == (None if expected is None else eur(expected))


@pytest.mark.parametrize(
    ("distance", "delay"),
    [(0, HOUR), (True, HOUR), (1000, -MIN)],
    ids=["zero-km", "bool-km", "negative-delay"],
)
def test_eu261_refuses_malformed_input(distance: int, delay: timedelta) -> None:
    """A non-positive distance or a negative delay raises InvalidValue."""
    with pytest.raises(InvalidValue):
        eu261_compensation(distance, intra_eu=True, arrival_delay=delay)
