"""Business calendars: where and when a firm's working time is counted.

Rules
-----
* A calendar is a time zone (an IANA name read by :mod:`zoneinfo`), daily
  working hours on the wall clock, weekend days and the public holidays of a
  country and subdivision from the ``holidays`` package (substitute days
  included). Nothing is hand-written: FCA DISP's "business day" (not a
  Saturday, Sunday, Christmas Day, Good Friday or a bank holiday in that part
  of the UK) is ``holidays.country_holidays("GB", subdiv="ENG")``'s working day.
* Working hours are counted on the office's wall clock: an hour of working
  time is an hour on the clock on the wall, so a DST change (always at night in
  Europe/London) moves no deadline within the working day.
* Every instant given must be timezone-aware; every instant returned is in UTC.

Theory of operation
-------------------
Business time is a line: ``B(t)``, the working seconds from a fixed origin to
``t``, grows only within working hours on working days. Counting working time
between two instants is ``B(t1) - B(t0)``; adding working time to an instant is
the earliest instant where ``B`` reaches the sum. ``B`` is computed from the
*rank* of a day (how many working days come before it), looked up in a table
built a whole year at a time from the holiday set's own ``is_working_day`` and
kept for the life of the calendar; ranks never change once handed out, so ``B``
values, and the deadlines built from them, are memoised per calendar.

Costs are paid once per calendar: ``import holidays`` (~115 ms) happens when a
business unit is first counted, never at import of custrecovery, and the
holiday set (~135 ms for GB/ENG) is built once and reused. A calendar counting
only calendar days or weeks never imports ``holidays`` at all.
"""

from __future__ import annotations

import bisect
import threading
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone
from typing import TYPE_CHECKING
from typing import Any
from typing import final
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

import attrs

from custrecovery.errors import InvalidValue

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = ["BusinessCalendar", "require_aware_instant", "utc"]

_UTC = timezone.utc


def require_aware_instant(value: object, what: str) -> datetime:
    """``value`` if it is a timezone-aware datetime; :class:`InvalidValue` otherwise."""
    if not isinstance(value, datetime):
        raise InvalidValue(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value


def utc(value: datetime) -> datetime:
    """An aware instant in UTC (arithmetic on UTC instants is real elapsed time)."""
    return value if value.tzinfo is _UTC else value.astimezone(_UTC)


def _zone(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidValue(f"time_zone must be an IANA time-zone name, got {value!r}")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(f"unknown time zone {value!r}") from None


def _wall_time(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise InvalidValue(
            f"{attribute.name} must be a wall-clock time without zone, got {value!r}"
        )


def _hours(instance: BusinessCalendar, attribute: Any, value: time) -> None:
    _wall_time(instance, attribute, value)
    if value <= instance.opens:
        raise InvalidValue(f"closes ({value}) must be after opens ({instance.opens})")


def _country(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha() or not value.isupper():
        raise InvalidValue(f"country must be an ISO 3166 alpha-2 code like 'GB', got {value!r}")


def _subdiv(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValue(f"subdiv must be a subdivision code or None, got {value!r}")


def _weekend(value: object) -> frozenset[int] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidValue(f"weekend must be weekday numbers (Monday 0 .. Sunday 6), got {value!r}")
    days = frozenset(value)
    if not days or any(type(d) is not int or not 0 <= d <= 6 for d in days) or len(days) == 7:
        raise InvalidValue(f"weekend must be 1 to 6 weekday numbers (Monday 0), got {value!r}")
    return days


_MEMO_LIMIT = 8192
"""Entries kept per memo before it is cleared: a sweep over many cases stays bounded."""


@final
class _Cover:
    """The working days of whole years, as one snapshot that is never changed.

    ``rank`` maps each covered day's ordinal to its *absolute* rank: the number
    of working days between the calendar's first covered day and it (negative
    for days covered later but earlier than that). Covering more years builds a
    new snapshot whose ranks agree with the old one's, so a ``B`` value once
    computed stays true, and a reader holding the old snapshot stays consistent.
    """

    __slots__ = ("first_year", "last_year", "offset", "rank", "working", "working_set")

    def __init__(
        self, first_year: int, last_year: int, working: list[int], rank: dict[int, int], offset: int
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.working = working
        """Working-day ordinals, sorted; ``working[i]`` has rank ``i + offset``."""
        self.working_set = frozenset(working)
        self.rank = rank
        self.offset = offset


_NOTHING_COVERED = _Cover(0, -1, [], {}, 0)


@final
class _Cache:
    """What a calendar learns once and keeps: its zone, holidays, working days, memos.

    Threads may share a calendar: the cover is swapped as one snapshot under a
    lock (building it is the only slow path), and the memos hold values that
    never change, so a race costs at most a computation done twice.
    """

    __slots__ = ("added", "cover", "deadlines", "holidays", "lock", "values", "zone")

    def __init__(self) -> None:
        self.zone: ZoneInfo | None = None
        self.holidays: HolidayBase | None = None
        self.cover = _NOTHING_COVERED
        self.lock = threading.Lock()
        self.values: dict[datetime, int] = {}
        """Memo of ``B(instant)``."""
        self.added: dict[tuple[datetime, int], datetime] = {}
        """Memo of ``add_business_seconds``."""
        self.deadlines: dict[tuple[tuple[str, int], datetime], datetime] = {}
        """Memo of deadlines by ((unit, amount), start), filled by the walk."""


@final
@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """A time zone, working hours, weekend days and public holidays.

    The default is a firm in England & Wales open 09:00-17:00, the FCA's
    business days. Build one per desk or process and reuse it: it keeps its
    holiday set and working days once computed.
    """

    time_zone: str = attrs.field(default="Europe/London", validator=_zone)
    """IANA time-zone name of the office whose wall clock counts."""
    opens: time = attrs.field(default=time(9), validator=_wall_time)
    closes: time = attrs.field(default=time(17), validator=_hours)
    """Close of business: a business-day deadline ends at this time."""
    country: str = attrs.field(default="GB", validator=_country)
    subdiv: str | None = attrs.field(default="ENG", validator=_subdiv)
    """Subdivision: for GB, ``ENG`` (England & Wales), ``SCT``, ``NIR``, ``WLS``."""
    weekend: frozenset[int] | None = attrs.field(default=None, converter=_weekend)
    """Weekday numbers (Monday 0); ``None``: the country's own weekend from ``holidays``.

    A firm's own weekend changes which days it works, not the public holidays:
    those, and their substitute days, stay the country's.
    """
    _cache: _Cache = attrs.field(
        factory=_Cache, init=False, eq=False, hash=False, repr=False, alias="_cache"
    )

    # --- the zone and the holiday set, built lazily and once ---------------------

    @property
    def zone(self) -> ZoneInfo:
        """The time zone."""
        zone = self._cache.zone
        if zone is None:
            zone = self._cache.zone = ZoneInfo(self.time_zone)
        return zone

    @property
    def holidays(self) -> HolidayBase:
        """The public-holiday set (built on first use, then reused)."""
        found = self._cache.holidays
        if found is None:
            import holidays  # lazily: ~115 ms, paid only by calendars that count business time

            try:
                found = holidays.country_holidays(self.country, subdiv=self.subdiv)
            except NotImplementedError as error:
                raise InvalidValue(f"no public holidays for {self.where}: {error}") from None
            self._cache.holidays = found
        return found

    def _working_day(self, day: date) -> bool:
        # Called only while covering, under the cache's lock: ``holidays`` fills
        # a year into its set the first time it is asked about it.
        found = self.holidays
        if self.weekend is None:
            return bool(found.is_working_day(day))
        # A firm's own weekend: public holidays (and their substitute days) are
        # still the country's, computed with the country's weekend.
        return day.weekday() not in self.weekend and day not in found

    @property
    def where(self) -> str:
        """``GB-ENG``: the country and subdivision whose holidays count."""
        return f"{self.country}-{self.subdiv}" if self.subdiv else self.country

    def __str__(self) -> str:
        return (
            f"{self.where} business days, {self.opens:%H:%M}-{self.closes:%H:%M} {self.time_zone}"
        )

    # --- working days ---------------------------------------------------------

    def _cover(self, year: int) -> _Cover:
        """The snapshot of working days covering ``year`` (extending it if needed)."""
        cover = self._cache.cover
        if cover.first_year <= year <= cover.last_year:
            return cover
        with self._cache.lock:
            cover = self._cache.cover  # another thread may have covered it meanwhile
            if cover.first_year <= year <= cover.last_year:
                return cover
            empty = cover.last_year < cover.first_year
            first = year if empty else min(year, cover.first_year)
            last = year if empty else max(year, cover.last_year)
            if first < 1 or last > 9998:
                raise InvalidValue(f"year {year} is outside the calendar")
            working: list[int] = []
            rank: dict[int, int] = {}
            for n in range(date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal() + 1):
                rank[n] = len(working)
                if self._working_day(date.fromordinal(n)):
                    working.append(n)
            # Keep the ranks already handed out: shift so the old first day keeps its rank.
            shift = 0
            if not empty:
                old_first = date(cover.first_year, 1, 1).toordinal()
                shift = cover.rank[old_first] - rank[old_first]
            if shift:
                rank = {n: r + shift for n, r in rank.items()}
            cover = _Cover(first, last, working, rank, shift)
            self._cache.cover = cover
            return cover

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (not a weekend day or a public holiday)."""
        return day.toordinal() in self._cover(day.year).working_set

    def nth_business_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` >= 1; ``day`` itself never counts)."""
        if n < 1:
            raise InvalidValue(f"n must be at least 1, got {n}")
        cover = self._cover(day.year)
        while True:
            i = bisect.bisect_right(cover.working, day.toordinal()) + n - 1
            if i < len(cover.working):
                return date.fromordinal(cover.working[i])
            cover = self._cover(cover.last_year + 1)

    # --- business time: B(t) and its inverse ------------------------------------

    def _value(self, instant: datetime) -> int:
        """``B``: working seconds from the covered origin to ``instant`` (memoised)."""
        cache = self._cache
        found = cache.values.get(instant)
        if found is not None:
            return found
        local = instant.astimezone(cache.zone or self.zone)
        ordinal = local.toordinal()
        cover = cache.cover
        rank = cover.rank.get(ordinal)
        if rank is None:
            cover = self._cover(local.year)
            rank = cover.rank[ordinal]
        opens, closes = _seconds(self.opens), _seconds(self.closes)
        length = closes - opens
        found = rank * length
        if ordinal in cover.working_set:
            second = local.hour * 3600 + local.minute * 60 + local.second
            found += min(max(second - opens, 0), length)
        if len(cache.values) >= _MEMO_LIMIT:
            cache.values.clear()
        cache.values[instant] = found
        return found

    def business_seconds(self, start: datetime, end: datetime) -> int:
        """Working seconds between two aware instants (0 if ``end`` is not after ``start``)."""
        require_aware_instant(start, "start")
        require_aware_instant(end, "end")
        return self._between(start, end)

    def _between(self, start: datetime, end: datetime) -> int:
        if end <= start:
            return 0
        # The memo is read here directly: this runs for every pause of every status.
        values = self._cache.values
        first = values.get(start)
        if first is None:
            first = self._value(start)
        last = values.get(end)
        if last is None:
            last = self._value(end)
        return last - first

    def add_business_seconds(self, start: datetime, seconds: int) -> datetime:
        """The earliest instant by which ``seconds`` of working time have passed since ``start``.

        Zero seconds returns ``start`` itself; a positive amount ending exactly at
        close of business returns that close, not the next opening.
        """
        require_aware_instant(start, "start")
        if type(seconds) is not int or seconds < 0:
            raise InvalidValue(f"seconds must be a non-negative int, got {seconds!r}")
        return self._add(start, seconds)

    def _add(self, start: datetime, seconds: float) -> datetime:
        seconds = int(seconds)  # working time is counted in whole seconds
        if seconds <= 0:
            return utc(start)
        cache = self._cache
        key = (start, seconds)
        found = cache.added.get(key)
        if found is not None:
            return found
        target = self._value(start) + seconds
        opens, closes = _seconds(self.opens), _seconds(self.closes)
        length = closes - opens
        rank, within = divmod(target, length)
        if within == 0:  # exactly at a close: the earlier day's close, not the next opening
            rank, within = rank - 1, length
        cover = cache.cover
        while rank - cover.offset >= len(cover.working):
            cover = self._cover(cover.last_year + 1)
        wall = datetime.combine(date.fromordinal(cover.working[rank - cover.offset]), self.opens)
        found = self.at_wall(wall + timedelta(seconds=within))
        if len(cache.added) >= _MEMO_LIMIT:
            cache.added.clear()
        cache.added[key] = found
        return found

    # --- wall clock ---------------------------------------------------------------

    def at_wall(self, wall: datetime) -> datetime:
        """The UTC instant of a naive wall-clock time in this calendar's zone."""
        return wall.replace(tzinfo=self.zone).astimezone(_UTC)

    def close_of(self, day: date) -> datetime:
        """Close of business on ``day`` (UTC)."""
        return self.at_wall(datetime.combine(day, self.closes))

    def end_of(self, day: date) -> datetime:
        """The end of ``day`` on the wall clock: the following midnight (UTC)."""
        return self.at_wall(datetime.combine(day + timedelta(days=1), time(0)))

    def start_of(self, day: date) -> datetime:
        """The start of ``day`` on the wall clock: its midnight (UTC)."""
        return self.at_wall(datetime.combine(day, time(0)))

    def local_date(self, instant: datetime) -> date:
        """The date on the office's wall calendar at ``instant``."""
        return instant.astimezone(self.zone).date()

    def receipt_day(self, instant: datetime) -> date:
        """The business day a complaint received at ``instant`` counts as received on.

        DISP 1.5: a complaint received on a day other than a business day, or after
        close of business, may be treated as received on the next business day.
        """
        local = require_aware_instant(instant, "received").astimezone(self.zone)
        day = local.date()
        if self.is_business_day(day) and local.time() < self.closes:
            return day
        return self.nth_business_day_after(day, 1)


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second
