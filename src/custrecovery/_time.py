"""Time values: every time is given by the caller and must be timezone-aware.

The library never reads the clock, so replaying a history gives the same result
on any machine on any day.

A time must also lie inside the calendar in UTC (years 1 to 9999): ``9999-12-31
23:00-05:00`` is in year 10000 in UTC, and comparing or converting it would
raise a bare ``OverflowError`` deep inside a rule.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timezone
from typing import Any

from custrecovery.errors import InvalidValue

__all__ = ["outside_calendar", "require_aware", "require_aware_argument"]


def outside_calendar(value: datetime) -> bool:
    """Whether the aware ``value`` lies outside years 1 to 9999 once in UTC."""
    # Only the first and last years can spill over: keep the common case one test.
    if value.year not in (1, 9999):
        return False
    try:
        value.astimezone(timezone.utc)
    except OverflowError:
        return True
    return False


def require_aware(instance: Any, attribute: Any, value: datetime) -> None:
    """attrs validator: refuse anything but a timezone-aware ``datetime``."""
    if not isinstance(value, datetime):
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be a datetime, "
            f"got {type(value).__name__}"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be timezone-aware, "
            f"got naive {value.isoformat()}"
        )
    if outside_calendar(value):
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} {value.isoformat()} lies outside "
            "the calendar in UTC (years 1 to 9999)"
        )


def require_aware_argument(value: object, *, where: str, name: str = "at") -> None:
    """Refuse a time argument that is not a timezone-aware ``datetime`` in the calendar."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue(f"{where}: {name} must be a timezone-aware datetime, got {value!r}")
    if outside_calendar(value):
        raise InvalidValue(
            f"{where}: {name} {value.isoformat()} lies outside the calendar in UTC "
            "(years 1 to 9999)"
        )
