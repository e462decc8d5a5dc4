"""Boundary decisions: what the firm does once its policies have looked at a customer.

Rules
-----
Sources: seed article 001 (set boundaries, back your employee, take a difficult
customer away from the others, do not make one customer a special exception) and
the unreasonable-complainant policies of the UK public ombudsmen (restrict only
channel, frequency or contact person, proportionately, with written notice of
why, for how long and how to appeal; review within 6 months; new complaints are
judged on their merits; the right to an ombudsman is never removed).

* The actions form a ladder, least to most restrictive (:class:`BoundaryAction`)::

      CONTINUE < TAKE_PRIVATE < BACK_EMPLOYEE < RESTRICT_CONTACT < PART_WAYS

* Combining assessments, the most restrictive suggestion wins; every policy that
  was overruled is named in ``conflicts`` with what it said, and so is what won:
  the policies that suggested the winning action, or, when it comes from the
  fail-closed floor alone, the policies whose failure escalated it.
* ``RESTRICT_CONTACT`` always carries a :class:`RestrictionNotice`, and only it
  does. A notice starts when it is decided, is reviewed at most 6 calendar months
  later, and ends no later than its review: a restriction never outlives its
  review, renewing it takes a new decision and a new notice. Every notice names
  the customer's external recourse (``external_recourse``, never blank, defaulted
  when a notice factory leaves it out), so no template can drop the ombudsman
  from what the customer is told.
* Three safeguards hold in every decision, ``PART_WAYS`` included, and cannot be
  constructed otherwise: the owner of any open case stays its owner, the customer
  keeps external recourse (ombudsman, regulator), and new complaints are judged on
  their merits.
* Fail-closed: a policy that raised or returned garbage turns the decision into an
  escalation to a person, naming the policy and the error. The action is then at
  least ``TAKE_PRIVATE`` (a senior person takes the customer's contact), never a
  silent ``CONTINUE``, and never a restriction imposed on the strength of the
  broken policy alone.

Theory of operation
-------------------
Policies (:mod:`custrecovery.boundaries`) each return an
:class:`Assessment`. :func:`combine_assessments` is a pure function of the set of
assessments and ``as_of``: inputs are sorted before use, so the same facts give
the same decision whoever asks and in whatever order the policies answered.
"""

from __future__ import annotations

import calendar
import enum
import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.explanations import _describe_error
from custrecovery.parties import _non_empty

__all__ = [
    "Assessment",
    "BoundaryAction",
    "BoundaryDecision",
    "MAX_REVIEW_MONTHS",
    "PolicyFailure",
    "RestrictionNotice",
]


MAX_REVIEW_MONTHS = 6
"""A restriction is reviewed at most this many calendar months after it starts."""


_EXTERNAL_RECOURSE = (
    "This restriction does not change your right to take any complaint to the "
    "ombudsman or regulator at any time."
)


@final
@functools.total_ordering
class BoundaryAction(enum.Enum):
    """What to do about a customer, declared least to most restrictive.

    The declaration order is the order: ``CONTINUE < TAKE_PRIVATE <
    BACK_EMPLOYEE < RESTRICT_CONTACT < PART_WAYS``, so ``max()`` picks the most
    restrictive.
    """

    CONTINUE = "continue"
    """Serve the customer as usual."""
    TAKE_PRIVATE = "take-private"
    """Take the customer away from other customers, with a senior person who listens."""
    BACK_EMPLOYEE = "back-employee"
    """Stand by the employee who kept to policy; no special exception for this customer."""
    RESTRICT_CONTACT = "restrict-contact"
    """Limit channel, frequency or contact person, with a written notice."""
    PART_WAYS = "part-ways"
    """Stop taking new business from the customer; the safeguards still hold."""

    @property
    def rank(self) -> int:
        """Position on the ladder, 0 for ``CONTINUE``."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, BoundaryAction):
            return NotImplemented
        return self.rank < other.rank


_RANK = {action: rank for rank, action in enumerate(BoundaryAction)}


def _add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar ``months``, the day clamped to the month's end.

    31 August plus 6 months is the last day of February.
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _require_aware_argument(value: object, *, where: str) -> None:
    """Refuse an ``as_of`` argument that is not a timezone-aware ``datetime``."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue(f"{where}: as_of must be a timezone-aware datetime, got {value!r}")


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _explanations(values: Iterable[Explanation]) -> tuple[Explanation, ...]:
    return tuple(values)


def _is(kind: type, what: str) -> Any:
    def check(instance: Any, attribute: Any, value: object) -> None:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise InvalidValue(
                f"{type(instance).__name__}.{attribute.name} must be {what}, got {value!r}"
            )

    return check


def _each(kind: type, what: str) -> Any:
    def check(instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, kind):
                raise InvalidValue(
                    f"{type(instance).__name__}.{attribute.name} must hold only {what}, "
                    f"got {item!r}"
                )

    return check


def _non_empty_each(instance: Any, attribute: Any, value: tuple[object, ...]) -> None:
    if not value:
        raise InvalidValue(f"{type(instance).__name__}.{attribute.name} must not be empty")
    for item in value:
        _non_empty(instance, attribute, item)  # type: ignore[arg-type]


def _optional_text(instance: Any, attribute: Any, value: object) -> None:
    if value is not None:
        _non_empty(instance, attribute, value)  # type: ignore[arg-type]


def _always_true(instance: Any, attribute: Any, value: object) -> None:
    if value is not True:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} is a safeguard and is always True; "
            f"got {value!r}"
        )


def _review_within_limit(instance: RestrictionNotice, attribute: Any, value: datetime) -> None:
    limit = _add_months(instance.starts, MAX_REVIEW_MONTHS)
    if not instance.starts < value <= limit:
        raise InvalidValue(
            f"RestrictionNotice.review_on must be after starts and at most {MAX_REVIEW_MONTHS} "
            f"months later ({limit.isoformat()}), got {value.isoformat()}"
        )


def _until_within_review(instance: RestrictionNotice, attribute: Any, value: datetime) -> None:
    if not instance.starts < value <= instance.review_on:
        raise InvalidValue(
            "RestrictionNotice.until must be after starts and no later than review_on "
            f"({instance.review_on.isoformat()}), got {value.isoformat()}"
        )


@final
@attrs.frozen
class RestrictionNotice:
    """The written notice that must accompany ``RESTRICT_CONTACT``.

    ``until`` is no later than ``review_on``, and ``review_on`` is at most
    :data:`MAX_REVIEW_MONTHS` calendar months after ``starts``.
    """

    channels: tuple[str, ...] = attrs.field(converter=_strings, validator=_non_empty_each)
    """The channels the customer may still use, e.g. ``("email",)``."""
    why: str = attrs.field(validator=_non_empty)
    starts: datetime = attrs.field(validator=require_aware)
    until: datetime = attrs.field(validator=[require_aware, _until_within_review])
    review_on: datetime = attrs.field(validator=[require_aware, _review_within_limit])
    how_to_appeal: str = attrs.field(validator=_non_empty)
    named_contact: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    """The one person who handles the customer's contacts, if restricted to one."""
    set_times: str | None = attrs.field(default=None, kw_only=True, validator=_optional_text)
    """When contact is taken, e.g. "Tuesdays 10:00-12:00", if restricted in frequency."""
    external_recourse: str = attrs.field(
        default=_EXTERNAL_RECOURSE, kw_only=True, validator=_non_empty
    )
    """The outside body the customer may still go to (a safeguard: never blank)."""


def _not_flagged_continues(instance: Assessment, attribute: Any, value: BoundaryAction) -> None:
    if not instance.flagged and value is not BoundaryAction.CONTINUE:
        raise InvalidValue(
            f"Assessment by {instance.policy!r} is not flagged but suggests {value.name}; "
            "an unflagged assessment suggests CONTINUE"
        )


@final
@attrs.frozen
class Assessment:
    """One policy's view of one customer's history as of a given time."""

    policy: str = attrs.field(validator=_non_empty)
    flagged: bool = attrs.field(validator=_is(bool, "a bool"))
    suggested: BoundaryAction = attrs.field(
        validator=[_is(BoundaryAction, "a BoundaryAction"), _not_flagged_continues]
    )
    explanation: Explanation = attrs.field(validator=_is(Explanation, "an Explanation"))


@final
@attrs.frozen
class PolicyFailure:
    """A policy that raised or returned something that is not an :class:`Assessment`."""

    plugin: str = attrs.field(validator=_non_empty)
    error: str = attrs.field(validator=_non_empty)

    @classmethod
    def from_error(cls, *, plugin: str, error: BaseException | str) -> PolicyFailure:
        """Describe ``error`` (an exception, or what went wrong in words) of ``plugin``."""
        if isinstance(error, BaseException):
            return cls(plugin, _describe_error(error))
        return cls(plugin, error)

    def explanation(self) -> Explanation:
        """The failure as an :class:`Explanation`, for the person the decision goes to."""
        return Explanation(
            source=self.plugin,
            rule="the policy failed, so a person decides (fail-closed)",
            facts={"error": self.error},
            thresholds={},
        )


def _notice_matches_action(instance: BoundaryDecision, attribute: Any, value: object) -> None:
    restricting = instance.action is BoundaryAction.RESTRICT_CONTACT
    if restricting and not isinstance(value, RestrictionNotice):
        raise InvalidValue(f"RESTRICT_CONTACT needs a RestrictionNotice, got {value!r}")
    if not restricting and value is not None:
        raise InvalidValue(f"only RESTRICT_CONTACT carries a notice, not {instance.action.name}")


def _reason_matches_escalation(instance: BoundaryDecision, attribute: Any, value: object) -> None:
    if instance.escalate_to_human:
        _optional_text(instance, attribute, value)
        if value is None:
            raise InvalidValue("an escalation to a person needs an escalation_reason")
        if instance.action is BoundaryAction.CONTINUE:
            raise InvalidValue(
                "an escalation never continues silently: action must not be CONTINUE"
            )
    elif value is not None:
        raise InvalidValue("escalation_reason is only given when escalate_to_human is True")


@final
@attrs.frozen
class BoundaryDecision:
    """The combined decision about one customer, with its reasons and safeguards.

    ``owner_kept``, ``external_recourse_kept`` and ``new_complaints_on_merits``
    are always True; passing anything else raises :class:`~custrecovery.InvalidValue`.
    """

    action: BoundaryAction = attrs.field(validator=_is(BoundaryAction, "a BoundaryAction"))
    notice: RestrictionNotice | None = attrs.field(
        default=None, kw_only=True, validator=_notice_matches_action
    )
    explanations: tuple[Explanation, ...] = attrs.field(
        default=(),
        kw_only=True,
        converter=_explanations,
        validator=_each(Explanation, "Explanations"),
    )
    conflicts: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=_strings, validator=_each(str, "strings")
    )
    """One line per overruled policy: what it suggested and what won."""
    escalate_to_human: bool = attrs.field(
        default=False, kw_only=True, validator=_is(bool, "a bool")
    )
    escalation_reason: str | None = attrs.field(
        default=None, kw_only=True, validator=_reason_matches_escalation
    )
    owner_kept: bool = attrs.field(default=True, kw_only=True, validator=_always_true)
    """The owner of any open case stays accountable for it."""
    external_recourse_kept: bool = attrs.field(default=True, kw_only=True, validator=_always_true)
    """The customer keeps the right to go to an ombudsman or regulator."""
    new_complaints_on_merits: bool = attrs.field(default=True, kw_only=True, validator=_always_true)
    """Every new complaint is assessed on its own merits."""

    @classmethod
    def escalation(cls, *, plugin: str, error: BaseException | str) -> BoundaryDecision:
        """The fail-closed decision: ``plugin`` failed with ``error``, so a person decides."""
        failure = PolicyFailure.from_error(plugin=plugin, error=error)
        return cls(
            BoundaryAction.TAKE_PRIVATE,
            explanations=(failure.explanation(),),
            escalate_to_human=True,
            escalation_reason=_escalation_reason((failure,)),
        )


def _escalation_reason(failures: Iterable[PolicyFailure]) -> str:
    listed = "; ".join(f"policy {f.plugin!r} failed: {f.error}" for f in failures)
    return f"{listed}; a person must decide"
