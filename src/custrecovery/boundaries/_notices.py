"""Restriction notices: what the customer is told when contact is restricted.

A :class:`NoticeFactory` writes the notice; :class:`NoticeTemplate` is the
built-in one. Every notice names why, for how long, how to appeal, when it is
reviewed (at most 6 months) and the customer's external recourse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from typing import Protocol
from typing import final

import attrs

from custrecovery.boundaries.decisions import _EXTERNAL_RECOURSE
from custrecovery.boundaries.decisions import MAX_REVIEW_MONTHS
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import RestrictionNotice
from custrecovery.boundaries.decisions import _add_months
from custrecovery.boundaries.decisions import _non_empty_each
from custrecovery.boundaries.decisions import _optional_text
from custrecovery.boundaries.decisions import _strings
from custrecovery.errors import InvalidValue
from custrecovery.parties import _non_empty

__all__ = [
    "DEFAULT_NOTICE_TEMPLATE",
    "NoticeFactory",
    "NoticeTemplate",
]


class NoticeFactory(Protocol):
    """Builds the notice for a ``RESTRICT_CONTACT`` decision from the assessments asking for it."""

    def __call__(
        self, reasons: tuple[Assessment, ...], *, as_of: datetime
    ) -> RestrictionNotice: ...


def _months(instance: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        raise InvalidValue(f"NoticeTemplate.months must be an int from 1 to 6, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class NoticeTemplate:
    """A :class:`NoticeFactory` with sensible defaults: email only, reviewed in 6 months.

    The notice starts at ``as_of``, ends at its review, and its ``why`` names each
    policy asking for the restriction and the rule it applied.
    """

    channels: tuple[str, ...] = attrs.field(
        default=("email",), converter=_strings, validator=_non_empty_each
    )
    months: int = attrs.field(default=MAX_REVIEW_MONTHS, validator=_months)
    named_contact: str | None = attrs.field(default=None, validator=_optional_text)
    set_times: str | None = attrs.field(default=None, validator=_optional_text)
    how_to_appeal: str = attrs.field(
        default=(
            "Write to the complaints manager within 28 days saying why the restriction "
            "should not apply; someone not involved in the decision reviews it. You can "
            "still take any complaint to the ombudsman or regulator."
        ),
        validator=_non_empty,
    )
    external_recourse: str = attrs.field(default=_EXTERNAL_RECOURSE, validator=_non_empty)
    """Name the firm's own ombudsman or regulator here; it cannot be left blank."""

    def __call__(self, reasons: tuple[Assessment, ...], *, as_of: datetime) -> RestrictionNotice:
        review = _add_months(as_of, self.months)
        why = "; ".join(f"{a.policy}: {a.explanation.rule}" for a in reasons)
        return RestrictionNotice(
            self.channels,
            why or "contact restricted",
            as_of,
            review,
            review,
            self.how_to_appeal,
            named_contact=self.named_contact,
            set_times=self.set_times,
            external_recourse=self.external_recourse,
        )


DEFAULT_NOTICE_TEMPLATE = NoticeTemplate()
"""The notice factory :func:`combine_assessments` uses unless told otherwise."""
