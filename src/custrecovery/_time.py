"""Time values: every time is given by the caller and must be timezone-aware.

The library never reads the clock, so replaying a history gives the same result
on any machine on any day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from custrecovery.errors import InvalidValue

__all__ = ["require_aware", "require_aware_argument"]


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


def require_aware_argument(value: object, *, where: str, name: str = "at") -> None:
    """Refuse a time argument that is not a timezone-aware ``datetime``."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue(f"{where}: {name} must be a timezone-aware datetime, got {value!r}")
