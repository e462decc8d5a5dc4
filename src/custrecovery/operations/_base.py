"""The base of every operation, and the values operations carry (severity, referral degree).

Every operation names who asks (``by``) and when (``at``, timezone-aware, given
by the caller). Its ``kind`` is the event name the lifecycle declaration uses.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from typing import ClassVar
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.errors import InvalidValue
from custrecovery.parties import Actor
from custrecovery.parties import _non_empty

__all__ = [
    "Operation",
    "ReferralDegree",
    "ReferralNotice",
    "Severity",
]


def _is_actor(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # Exactly an Actor: a subclass could override how people are compared.
    if type(value) is not Actor:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be an Actor, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Operation:
    """Base of every operation: who asks, when, and an optional note (the why)."""

    kind: ClassVar[str] = ""
    family: ClassVar[str] = "lifecycle"
    establishes_owner: ClassVar[bool] = False
    """Whether accepting this operation makes ``by`` (or another named actor) the owner."""

    by: Actor = attrs.field(validator=_is_actor)
    at: datetime = attrs.field(validator=require_aware)
    note: str = ""

    @property
    def why(self) -> str:
        """The reason given for the operation, if any."""
        return self.note

    def details(self) -> str:
        """This operation's own fields (beyond who, when and why), for people to read."""
        parts = []
        for field in attrs.fields(type(self)):
            if field.name in _BASE_FIELDS:
                continue
            value = getattr(self, field.name)
            if isinstance(value, enum.Enum):
                value = value.name
            elif isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, Actor):
                value = value.actor_id
            elif isinstance(value, tuple):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, ReferralNotice):
                value = f"why: {value.why}; how to reach: {value.how_to_reach}"
            parts.append(f"{field.name}={value}")
        return ", ".join(parts)


_BASE_FIELDS = frozenset({"by", "at", "note", "complaint", "decision"})


@final
class Severity(enum.Enum):
    """ISO 10002 initial assessment: how serious the complaint is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@final
class ReferralDegree(enum.IntEnum):
    """How far the firm went to connect the customer with another firm (seed article 000).

    Worst to best. Ending the call with "it is out of scope" is not a degree: it
    is a refusal (:class:`Dismiss`).
    """

    NAMES_GIVEN = 1
    """Gave names and numbers of firms that can help."""
    CONFIRMED_RECEIVER = 2
    """Called a firm and it confirmed it can help."""
    CONNECTED_LIVE = 3
    """Connected the customer to that firm live (a conference call, a walk across)."""


@final
@attrs.frozen
class ReferralNotice:
    """What the customer was told about a referral: why, and how to reach the firm."""

    why: str = attrs.field(validator=_non_empty)
    how_to_reach: str = attrs.field(validator=_non_empty)
