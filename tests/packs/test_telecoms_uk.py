"""The telecoms-uk pack: Ofcom automatic compensation from its dated rate table."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custrecovery.errors import InvalidValue
from custrecovery.packs.telecoms_uk import OFCOM_RATES
from custrecovery.packs.telecoms_uk import Failure
from custrecovery.packs.telecoms_uk import ofcom_compensation
from custrecovery.packs.telecoms_uk import rates_on
from tests.packs._helpers import desk_with
from tests.packs._helpers import gbp
from tests.packs._helpers import open_case

ON = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("reported", "fixed", "expected"),
    [
        (date(2024, 5, 6), date(2024, 5, 8), None),
        (date(2024, 5, 6), date(2024, 5, 9), "9.76"),
        (date(2024, 5, 10), date(2024, 5, 14), None),
        (date(2024, 5, 10), date(2024, 5, 16), "19.52"),
        (date(2024, 5, 24), date(2024, 5, 29), None),
        (date(2024, 5, 24), date(2024, 5, 31), "19.52"),
    ],
    ids=[
        "fixed-on-the-second-working-day",
        "one-day-late",
        "friday-report-weekend-not-working-days",
        "friday-report-two-days-late",
        "spring-bank-holiday-not-a-working-day",
        "spring-bank-holiday-two-days-late",
    ],
)
def test_delayed_repair(reported: date, fixed: date, expected: str | None) -> None:
    """Each calendar day unfixed after the end of the second working day after the report."""
    proposal = ofcom_compensation(Failure.DELAYED_REPAIR, on=ON, reported=reported, fixed=fixed)
    assert (proposal and proposal.amount) == (None if expected is None else gbp(expected))


@pytest.mark.parametrize(
    ("promised", "started", "expected"),
    [
        (date(2024, 5, 6), date(2024, 5, 6), None),
        (date(2024, 5, 6), date(2024, 5, 7), "6.10"),
        (date(2024, 5, 6), date(2024, 5, 13), "42.70"),
    ],
    ids=["on-the-promised-day", "a-day-late-promised-day-counts", "a-week-late"],
)
def test_delayed_provision(promised: date, started: date, expected: str | None) -> None:
    """Each calendar day from the promised date (included) until the service starts."""
    proposal = ofcom_compensation(
        Failure.DELAYED_PROVISION, on=ON, promised=promised, started=started
    )
    assert (proposal and proposal.amount) == (None if expected is None else gbp(expected))


@pytest.mark.parametrize(
    ("on", "appointments", "expected"),
    [
        (date(2019, 4, 1), 1, "25.00"),
        (date(2024, 3, 31), 2, "50.00"),
        (date(2024, 4, 1), 1, "30.50"),
        (ON, 0, None),
    ],
    ids=["2019-rate", "day-before-2024-rates", "2024-rate", "none-missed"],
)
def test_missed_appointment(on: date, appointments: int, expected: str | None) -> None:
    """A fixed amount per missed appointment, at the rates in force on the day."""
    proposal = ofcom_compensation(Failure.MISSED_APPOINTMENT, on=on, appointments=appointments)
    assert (proposal and proposal.amount) == (None if expected is None else gbp(expected))


def test_the_table_is_dated_and_sourced() -> None:
    """Every row has an effective date and a source; none is in force before April 2019."""
    assert [row.effective for row in OFCOM_RATES] == sorted(row.effective for row in OFCOM_RATES)
    assert all(row.source for row in OFCOM_RATES)
    assert rates_on(date(2020, 1, 1)).repair_per_day == gbp(8)
    with pytest.raises(InvalidValue, match="no Ofcom rates in force"):
        rates_on(date(2019, 3, 31))


def test_malformed_facts_are_refused() -> None:
    """A repair without dates, or fixed before it was reported, raises InvalidValue."""
    with pytest.raises(InvalidValue):
        ofcom_compensation(Failure.DELAYED_REPAIR, on=ON)
    with pytest.raises(InvalidValue):
        ofcom_compensation(
            Failure.DELAYED_REPAIR, on=ON, reported=date(2024, 5, 9), fixed=date(2024, 5, 8)
        )
    with pytest.raises(InvalidValue):
        ofcom_compensation(Failure.MISSED_APPOINTMENT, on=ON, appointments=-1)


@settings(max_examples=100, deadline=None)
@given(st.dates(date(2024, 4, 1), date(2025, 12, 31)), st.integers(0, 60), st.integers(0, 60))
def test_a_later_fix_never_pays_less(reported: date, a: int, b: int) -> None:
    """Delayed-repair compensation never falls as the fix comes later."""
    from datetime import timedelta

    pays = [
        ofcom_compensation(
            Failure.DELAYED_REPAIR, on=ON, reported=reported, fixed=reported + timedelta(days=d)
        )
        for d in sorted((a, b))
    ]
    amounts = [gbp(0) if p is None else p.amount for p in pays]
    assert amounts[0] <= amounts[1]


def test_the_pack_reminds_that_it_is_automatic() -> None:
    """For an open case in a scheme category the pack suggests crediting without a claim."""
    desk = desk_with("telecoms-uk")
    (action,) = [
        a for a in desk.follow_ups(open_case(desk, "delayed repair")) if a.source == "telecoms-uk"
    ]
    assert "without waiting for a claim" in action.action
    assert not [a for a in desk.follow_ups(open_case(desk, "billing")) if a.source == "telecoms-uk"]
