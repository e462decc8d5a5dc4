"""A customer's contact history: the facts boundary policies read.

Each :class:`ContactRecord` is one contact (a complaint, a rejected offer, a
request for an exception); :class:`CustomerHistory` holds them sorted, so the
same facts give the same decision in whatever order they were gathered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.errors import InvalidValue
from custrecovery.parties import _non_empty

__all__ = [
    "ContactRecord",
    "CustomerHistory",
]


def _bool(instance: Any, attribute: Any, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidValue(f"ContactRecord.{attribute.name} must be a bool, got {value!r}")


def _bool_or_none(instance: Any, attribute: Any, value: object) -> None:
    if value is not None:
        _bool(instance, attribute, value)


def _needs_offer(instance: ContactRecord, attribute: Any, value: bool | None) -> None:
    if value is not None and not instance.resolution_offered:
        raise InvalidValue(
            f"ContactRecord {instance.case_id!r}: {attribute.name} is only known "
            "when a resolution was offered"
        )


def _needs_request(instance: ContactRecord, attribute: Any, value: bool) -> None:
    if value and not instance.exception_requested:
        raise InvalidValue(
            f"ContactRecord {instance.case_id!r}: exception_within_policy needs exception_requested"
        )


@final
@attrs.frozen(kw_only=True)
class ContactRecord:
    """One past complaint or contact of a customer, with how it was judged.

    ``resolution_reasonable`` and ``customer_accepted`` stay None unless a
    resolution was offered; ``exception_within_policy`` is True only for a request.
    """

    case_id: str = attrs.field(validator=_non_empty)
    received_at: datetime = attrs.field(validator=require_aware)
    justified: bool | None = attrs.field(default=None, validator=_bool_or_none)
    """Whether the complaint was judged justified; None until assessed."""
    resolution_offered: bool = attrs.field(default=False, validator=_bool)
    resolution_reasonable: bool | None = attrs.field(
        default=None, validator=[_bool_or_none, _needs_offer]
    )
    customer_accepted: bool | None = attrs.field(
        default=None, validator=[_bool_or_none, _needs_offer]
    )
    exception_requested: bool = attrs.field(default=False, validator=_bool)
    """The customer asked for a rule to be bent for them."""
    exception_within_policy: bool = attrs.field(default=False, validator=[_bool, _needs_request])
    """What they asked for is something policy allows anyway."""


def _tri(value: bool | None) -> int:
    return -1 if value is None else int(value)


def _record_key(c: ContactRecord) -> tuple[object, ...]:
    # Every field takes part, so equal inputs sort identically whatever their order.
    return (
        c.received_at,
        c.case_id,
        _tri(c.justified),
        c.resolution_offered,
        _tri(c.resolution_reasonable),
        _tri(c.customer_accepted),
        c.exception_requested,
        c.exception_within_policy,
    )


def _sorted_contacts(contacts: Iterable[ContactRecord]) -> tuple[ContactRecord, ...]:
    contacts = tuple(contacts)
    for c in contacts:
        if not isinstance(c, ContactRecord):
            raise InvalidValue(f"CustomerHistory.contacts must hold ContactRecords, got {c!r}")
    return tuple(sorted(contacts, key=_record_key))


@final
@attrs.frozen
class CustomerHistory:
    """A customer's past contacts, kept sorted by time (then case id)."""

    customer_id: str = attrs.field(validator=_non_empty)
    contacts: tuple[ContactRecord, ...] = attrs.field(default=(), converter=_sorted_contacts)

    def up_to(self, as_of: datetime) -> tuple[ContactRecord, ...]:
        """The contacts received at or before ``as_of``."""
        return tuple(c for c in self.contacts if c.received_at <= as_of)

    def within(self, window: timedelta, *, as_of: datetime) -> tuple[ContactRecord, ...]:
        """The contacts received in the ``window`` ending at ``as_of`` (included)."""
        return tuple(c for c in self.up_to(as_of) if c.received_at > as_of - window)
