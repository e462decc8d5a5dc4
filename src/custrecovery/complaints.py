"""Complaints: what a customer said, where, when, and what they say it cost them.

Rules
-----
* A complaint has an id, a customer, a :class:`Channel`, an aware receipt time
  and a non-empty summary; anything else raises :class:`~custrecovery.InvalidValue`.
* ``claimed_loss`` is :class:`~custrecovery.Money` or ``None``, never negative
  (a loss is what the customer says they lost, as in
  :class:`~custrecovery.goodwill.CompensationFacts`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.errors import InvalidValue
from custrecovery.money import Money
from custrecovery.parties import Customer
from custrecovery.parties import _non_empty

__all__ = [
    "Channel",
    "Complaint",
]


@final
class Channel(enum.Enum):
    """Where a complaint was made."""

    PHONE = "phone"
    EMAIL = "email"
    WEB_FORM = "web_form"
    IN_PERSON = "in_person"
    OWNED_FORUM = "owned_forum"
    POSTAL_MAIL = "postal_mail"
    SOCIAL_MEDIA = "social_media"
    REVIEW_SITE = "review_site"
    PRESS = "press"
    REGULATOR = "regulator"
    """Made to (or passed on by) a regulator: not public, and never steered away."""
    OMBUDSMAN = "ombudsman"
    """Made to (or passed on by) an ombudsman or other outside scheme."""

    @property
    def is_public(self) -> bool:
        """Whether other people can see what is said on this channel (social, reviews, press)."""
        return self in _PUBLIC

    @property
    def is_outside_recourse(self) -> bool:
        """Whether the complaint came through a regulator or ombudsman: the customer's
        outside recourse, which the firm answers and never invites them to leave."""
        return self in _OUTSIDE


_PUBLIC = frozenset({Channel.SOCIAL_MEDIA, Channel.REVIEW_SITE, Channel.PRESS})
_OUTSIDE = frozenset({Channel.REGULATOR, Channel.OMBUDSMAN})


def _is_customer(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Customer):
        raise InvalidValue(f"Complaint.customer must be a Customer, got {value!r}")


def _is_channel(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Channel):
        raise InvalidValue(f"Complaint.channel must be a Channel, got {value!r}")


def _is_money_or_none(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Money):
        raise InvalidValue(f"Complaint.claimed_loss must be Money or None, got {value!r}")
    if value is not None and value.is_negative:
        raise InvalidValue(f"Complaint.claimed_loss may not be negative, got {value}")


@final
@attrs.frozen
class Complaint:
    """An expression of dissatisfaction, justified or not (FCA DISP 1 glossary)."""

    complaint_id: str = attrs.field(validator=_non_empty)
    """Unique id (ISO 10002: every complaint gets one at receipt)."""
    customer: Customer = attrs.field(validator=_is_customer)
    channel: Channel = attrs.field(validator=_is_channel)
    received_at: datetime = attrs.field(validator=require_aware)
    summary: str = attrs.field(validator=_non_empty)
    remedy_sought: str = attrs.field(default="", kw_only=True)
    category: str = attrs.field(default="", kw_only=True)
    claimed_loss: Money | None = attrs.field(
        default=None, kw_only=True, validator=_is_money_or_none
    )
    follows_up: str | None = attrs.field(default=None, kw_only=True)
    """The id of an earlier, archived or expired case this complaint continues."""
