"""The facts of a complaint, as received (ISO 10002 "receipt").

Recorded once and never changed: what happened to it afterwards lives in the
case's history, not here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from typing import final

import attrs

from custrecovery._channel import Channel
from custrecovery._errors import InvalidValue
from custrecovery._money import Money
from custrecovery._parties import Customer
from custrecovery._parties import non_empty
from custrecovery._time import require_aware

__all__ = ["Complaint"]


def _is_customer(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Customer):
        raise InvalidValue(f"Complaint.customer must be a Customer, got {value!r}")


def _is_channel(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Channel):
        raise InvalidValue(f"Complaint.channel must be a Channel, got {value!r}")


def _is_money_or_none(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Money):
        raise InvalidValue(f"Complaint.claimed_loss must be Money or None, got {value!r}")


@final
@attrs.frozen
class Complaint:
    """An expression of dissatisfaction, justified or not (FCA DISP 1 glossary)."""

    complaint_id: str = attrs.field(validator=non_empty)
    """Unique id (ISO 10002: every complaint gets one at receipt)."""
    customer: Customer = attrs.field(validator=_is_customer)
    channel: Channel = attrs.field(validator=_is_channel)
    received_at: datetime = attrs.field(validator=require_aware)
    summary: str = attrs.field(validator=non_empty)
    remedy_sought: str = attrs.field(default="", kw_only=True)
    category: str = attrs.field(default="", kw_only=True)
    claimed_loss: Money | None = attrs.field(
        default=None, kw_only=True, validator=_is_money_or_none
    )
    follows_up: str | None = attrs.field(default=None, kw_only=True)
    """The id of an earlier, archived or expired case this complaint continues."""
