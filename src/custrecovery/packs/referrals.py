"""Referral policies: the rules of seed article 000 that the referral packs are built from.

Rules
-----
Seed article 000 (referring customers to competitors): when you cannot meet a
need, help the customer reach someone who can, even a rival. Degrees of help,
worst to best: ending the call (never a referral: a refusal); giving names and
numbers; calling a firm that confirms it can help; connecting the customer live.

* Each industry accepts referrals from a least :class:`ReferralDegree` up; a
  ``refer`` below it is refused with the degree required (``veto_operation``). The desk's
  :class:`~custrecovery.lifecycle.LifecycleRules` keep their own minimum
  (a confirmed receiver by default): the stricter of the two applies.
* The customer must be told why this firm cannot help and how to reach the
  other one (a :class:`~custrecovery.operations.ReferralNotice`: the lifecycle
  refuses a referral without one); each industry adds what else it must say
  (``must_tell``), which its refusals and follow-ups repeat.
* A pack refuses only what the lifecycle would otherwise accept, so a
  referral the lifecycle refuses (no notice, no confirmation, a follow-up not
  later) keeps the lifecycle's own :class:`~custrecovery.errors.ReferralRefused`.
* In the :class:`Situation` values an industry lists (``refer_when``), a
  referral is required rather than an upsell or a vague promise: the pack
  suggests it as a follow-up for an open case in that situation that has not
  been referred yet.

Theory of operation: a :class:`ReferralPolicy` is a frozen value and an
ordinary plugin (``veto_operation``, ``suggest_follow_ups``). The case's
situation is read from its complaint's ``category`` (a :class:`Situation`
value); nothing else about the case is assumed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.errors import InvalidValue
from custrecovery.followups import FollowUpAction
from custrecovery.hookspecs import hookimpl
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree

__all__ = [
    "ReferralPolicy",
    "SEED_000",
    "Situation",
]

SEED_000: Final = "seed article 000 (referring customers to competitors)"
"""The source the referral packs' rules come from."""

_DONE: Final = frozenset(
    {"referred", "followed_up", "closed", "archived", "merged", "resolved", "recourse_given"}
)


class Situation(enum.Enum):
    """Why the firm cannot meet the need now (a complaint ``category``)."""

    OUT_OF_STOCK_NEEDED_NOW = "out of stock, needed now"
    FULLY_BOOKED_CANNOT_WAIT = "fully booked, customer cannot wait"
    OUTSIDE_PRACTICE = "outside the firm's practice"
    NOT_OFFERED = "not offered here"


def _text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    items = tuple(value)
    if not all(isinstance(item, str) and item.strip() for item in items):
        raise InvalidValue(f"must_tell must be non-empty texts, got {items!r}")
    return items


def _situations(value: Iterable[Situation]) -> frozenset[Situation]:
    items = frozenset(value)
    if not all(isinstance(item, Situation) for item in items):
        raise InvalidValue(f"refer_when must hold Situation values, got {sorted(map(str, items))}")
    return items


def _degree(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, ReferralDegree):
        raise InvalidValue(f"least_degree must be a ReferralDegree, got {value!r}")


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be non-empty text, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class ReferralPolicy:
    """One industry's referral rules, as a plugin (see the module's rules)."""

    plugin_name: str = attrs.field(validator=_name)
    industry: str = attrs.field(validator=_name)
    least_degree: ReferralDegree = attrs.field(validator=_degree)
    must_tell: tuple[str, ...] = attrs.field(converter=_text_tuple)
    """What the customer must be told, beyond why and how to reach the other firm."""
    refer_when: frozenset[Situation] = attrs.field(converter=_situations)
    """Situations in which a referral is required rather than an upsell or a promise."""
    source: str = attrs.field(default=SEED_000, validator=_name)

    def requires_referral(self, situation: Situation) -> bool:
        """Whether ``situation`` calls for a referral rather than an upsell or a promise."""
        return situation in self.refer_when

    def refusal(self, case: Case, operation: Operation) -> str | None:
        """Why this industry refuses ``operation`` on ``case``, or ``None``.

        Only a ``refer`` the lifecycle would otherwise accept is checked: one
        from a confirmed referral, with a notice and a later follow-up. The
        lifecycle refuses the others itself, with its own
        :class:`~custrecovery.errors.ReferralRefused`.
        """
        if (
            not isinstance(operation, Refer)
            or case.state != "referral_confirmed"
            or operation.notice is None
            or operation.follow_up_due <= operation.at
        ):
            return None
        if operation.degree < self.least_degree:
            return (
                f"{self.industry}: a referral must reach at least {self.least_degree.name}, "
                f"got {operation.degree.name} ({self.source})"
            )
        return None

    @property
    def tell(self) -> str:
        """Everything the customer must be told about a referral, as one line."""
        return "; ".join(("why we cannot help", "how to reach the other firm", *self.must_tell))

    @hookimpl
    def veto_operation(self, case: Case, operation: Operation) -> str | None:
        """Refuse a referral below the least degree (see :meth:`refusal`)."""
        return self.refusal(case, operation)

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        """Refer rather than upsell or promise; once confirmed, what to tell the customer."""
        if case.state == "referral_confirmed":
            return (
                FollowUpAction(
                    "owner",
                    f"refer the customer of case {case.case_id} (at least "
                    f"{self.least_degree.name}) and tell them {self.tell}",
                    f"{self.industry}: the other firm confirmed ({self.source})",
                    source=self.plugin_name,
                ),
            )
        try:
            situation = Situation(case.complaint.category)
        except ValueError:
            return ()
        if not self.requires_referral(situation) or case.state in _DONE:
            return ()
        return (
            FollowUpAction(
                "owner",
                f"refer the customer of case {case.case_id} to a firm that can help now "
                f"(at least {self.least_degree.name}), rather than upsell or promise",
                f"{self.industry}: {situation.value} ({self.source})",
                source=self.plugin_name,
            ),
        )
