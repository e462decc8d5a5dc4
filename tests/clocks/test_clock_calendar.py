"""Business calendars: working days from ``holidays``, business time, wall-clock deadlines."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timezone
from zoneinfo import ZoneInfo

import holidays
import pytest

from custrecovery import InvalidValue
from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import Duration
from custrecovery.clocks import Unit
from custrecovery.clocks import deadline

LONDON = ZoneInfo("Europe/London")
ENG = holidays.country_holidays("GB", subdiv="ENG")
CAL = BusinessCalendar()


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday before Christmas
        (date(2026, 12, 25), False),  # Christmas Day, a Friday
        (date(2026, 12, 26), False),  # Boxing Day, a Saturday
        (date(2026, 12, 28), False),  # Boxing Day's substitute, Monday
        (date(2027, 1, 1), False),  # New Year's Day, a Friday
        (date(2027, 1, 4), True),
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday (England & Wales)
        (date(2027, 1, 2), False),  # a Saturday (2 January is a holiday in Scotland only)
        (date(2027, 12, 27), False),  # Christmas 2027 falls on a Saturday: substitute Monday
        (date(2027, 12, 28), False),  # Boxing Day 2027, a Sunday: substitute Tuesday
    ],
)
def test_business_days_are_holidays_working_days(day: date, working: bool) -> None:
    """A business day is exactly a working day of holidays' GB-ENG set, substitutes included."""
    assert CAL.is_business_day(day) is working
    assert ENG.is_working_day(day) is working


def test_scotland_differs_from_england() -> None:
    """A Scottish calendar has 4 January 2027 (2 January's substitute) off; England does not."""
    scotland = BusinessCalendar(subdiv="SCT")
    assert not scotland.is_business_day(date(2027, 1, 4))
    assert CAL.is_business_day(date(2027, 1, 4))


@pytest.mark.parametrize(
    ("start", "n"),
    [
        (date(2026, 12, 23), 3),
        (date(2026, 12, 31), 1),
        (date(2027, 3, 25), 5),
        (date(2026, 1, 1), 300),
    ],
)
def test_nth_business_day_agrees_with_holidays(start: date, n: int) -> None:
    """The n-th business day after a date is holidays' own get_nth_working_day."""
    assert CAL.nth_business_day_after(start, n) == ENG.get_nth_working_day(start, n)


def test_business_seconds_skip_nights_weekends_and_holidays() -> None:
    """Working time from Thursday 24 Dec 2026 16:00 to Tuesday 29 Dec 10:00 is 2 hours."""
    seconds = CAL.business_seconds(london(2026, 12, 24, 16), london(2026, 12, 29, 10))
    assert seconds == 2 * 3600


def test_adding_business_time_ending_at_close_gives_that_close() -> None:
    """Eight working hours from an opening end at that day's close, not the next opening."""
    assert CAL.add_business_seconds(london(2026, 11, 2, 9), 8 * 3600) == london(2026, 11, 2, 17)


def test_business_hours_over_the_spring_dst_change() -> None:
    """Working hours are wall-clock hours: 4 business hours from Fri 16:00 end Mon 12:00 BST."""
    # Clocks go forward on Sunday 29 March 2026; Monday's noon is 11:00 UTC.
    due = deadline(Duration(4, Unit.BUSINESS_HOURS), CAL, london(2026, 3, 27, 16))
    assert due == london(2026, 3, 30, 12)
    assert due == datetime(2026, 3, 30, 11, tzinfo=timezone.utc)


def test_received_after_close_counts_from_the_next_business_day() -> None:
    """DISP 1.5: received after close, or on a weekend, counts as the next business day."""
    assert CAL.receipt_day(london(2026, 12, 23, 16, 59)) == date(2026, 12, 23)
    assert CAL.receipt_day(london(2026, 12, 23, 18)) == date(2026, 12, 24)
    assert CAL.receipt_day(london(2026, 12, 24, 18)) == date(2026, 12, 29)
    assert CAL.receipt_day(london(2026, 10, 24, 10)) == date(2026, 10, 26)


def test_a_calendar_counting_only_days_never_imports_holidays() -> None:
    """Importing the clocks and counting calendar days leaves ``holidays`` unimported."""
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from custrecovery.clocks import BusinessCalendar, Duration, Unit, deadline\n"
        "deadline(Duration(15, Unit.CALENDAR_DAYS), BusinessCalendar(),"
        " datetime(2026, 12, 1, tzinfo=timezone.utc))\n"
        "print('holidays' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_holiday_set_is_built_once() -> None:
    """A calendar keeps its holiday set: asking twice gives the same object."""
    calendar = BusinessCalendar()
    assert calendar.holidays is calendar.holidays


def test_calendars_compare_by_settings_not_by_cache() -> None:
    """Two calendars with the same settings are equal, whatever each has cached."""
    warm = BusinessCalendar()
    warm.is_business_day(date(2026, 1, 1))
    assert warm == BusinessCalendar()
    assert hash(warm) == hash(BusinessCalendar())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"time_zone": "Mars/Olympus"},
        {"time_zone": ""},
        {"opens": time(17), "closes": time(9)},
        {"opens": "09:00"},
        {"country": "gb"},
        {"country": "GBR"},
        {"subdiv": " "},
        {"weekend": [7]},
        {"weekend": "56"},
        {"weekend": range(7)},
    ],
)
def test_bad_calendar_settings_are_refused(kwargs: dict[str, object]) -> None:
    """A malformed calendar setting raises InvalidValue."""
    with pytest.raises(InvalidValue):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_unknown_country_is_refused_on_first_use() -> None:
    """A country holidays does not know raises InvalidValue when the calendar is first used."""
    with pytest.raises(InvalidValue, match="no public holidays"):
        BusinessCalendar(country="XX", subdiv=None).is_business_day(date(2026, 1, 5))


def test_naive_times_are_refused() -> None:
    """Business time refuses naive datetimes."""
    with pytest.raises(InvalidValue, match="timezone-aware"):
        CAL.business_seconds(datetime(2026, 1, 5, 9), london(2026, 1, 5, 10))


def test_a_custom_weekend_is_honoured() -> None:
    """A Friday-Saturday weekend makes Sunday a business day, Friday not; holidays stay."""
    calendar = BusinessCalendar(weekend={4, 5})
    assert calendar.is_business_day(date(2026, 11, 8))  # a Sunday
    assert not calendar.is_business_day(date(2026, 11, 6))  # a Friday
    # Public holidays stay the country's, substitutes included: Monday 28 Dec 2026.
    assert not calendar.is_business_day(date(2026, 12, 28))
    assert calendar.is_business_day(date(2026, 12, 27))  # a Sunday, and no holiday


def test_covering_an_earlier_year_later_changes_no_answer() -> None:
    """Business time is the same whichever years a calendar happened to cover first."""
    start, end = london(2025, 12, 30, 10), london(2026, 1, 6, 12)
    fresh = BusinessCalendar()
    warm = BusinessCalendar()
    warm.business_seconds(london(2026, 6, 1, 9), london(2026, 6, 2, 9))  # covers 2026 only
    later = warm.add_business_seconds(london(2026, 6, 1, 9), 20 * 3600)
    assert warm.business_seconds(start, end) == fresh.business_seconds(start, end)
    assert warm.add_business_seconds(start, 9 * 3600) == fresh.add_business_seconds(start, 9 * 3600)
    assert later == fresh.add_business_seconds(london(2026, 6, 1, 9), 20 * 3600)


def test_threads_sharing_a_calendar_get_the_same_answers() -> None:
    """Four threads covering different years of one calendar agree with a calendar of their own."""
    shared = BusinessCalendar()
    starts = [london(year, 3, 27, 16) for year in (2031, 2024, 2029, 2026)] * 5

    def due(calendar: BusinessCalendar, start: datetime) -> datetime:
        """Twenty business hours after ``start``."""
        return calendar.add_business_seconds(start, 20 * 3600)

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda start: due(shared, start), starts))
    assert got == [due(BusinessCalendar(), start) for start in starts]
