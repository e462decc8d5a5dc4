"""The goodwill values operations carry: facts, proposals, compensation, authority, decisions.

Rules
-----
* Amounts are exact :class:`~custrecovery.Money`, never negative, in the facts'
  currency.
* A :class:`Compensation`'s totals are what its kept proposals add up to, capped
  as it records, or it cannot be built.
* An :class:`AuthorityDecision` is consistent with itself or cannot be built:
  ``within_authority`` is exactly ``total <= limit``, in one currency, and the
  requester's role is among the approver roles exactly when it is within.
* A :class:`GoodwillDecision` agrees with its own authority record or cannot be
  built: the authority is for the compensation's total, names the requester and
  their role, and records the same approver as ``approved_by``. An approval is
  recorded only where one is needed, and never by the requester.

These are values: they import no strategy, combination or desk logic, so the
operations that carry them stay at the bottom of the layers.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from typing import Literal
from typing import final

import attrs

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.money import Money
from custrecovery.money import check_rounding
from custrecovery.money import minor_units
from custrecovery.parties import Actor
from custrecovery.parties import _identity

__all__ = [
    "AuthorityDecision",
    "CombinationRule",
    "Compensation",
    "CompensationFacts",
    "FailureKind",
    "GoodwillDecision",
    "Proposal",
    "Remedy",
]


CombinationRule = Literal["largest", "sum", "first"]
"""How proposals combine: keep the largest, add them all, or keep the first that answers."""


class FailureKind(enum.Enum):
    """What failed, which decides the matching remedy (Roschk & Gelbrich 2014)."""

    MONEY = "money"
    FLAWED_PRODUCT = "flawed_product"
    FAILED_SERVICE = "failed_service"
    NEGLECT = "neglect"


class Remedy(enum.Enum):
    """What the customer is given."""

    APOLOGY = "apology"
    CREDIT = "credit"
    REFUND = "refund"
    VOUCHER = "voucher"
    FREE_SERVICE = "free_service"
    EXCHANGE = "exchange"
    REPERFORMANCE = "reperformance"
    ATTENTION = "attention"
    """A senior person follows the case up personally."""

    @property
    def is_monetary(self) -> bool:
        """True when the remedy has a money value (credit, refund, voucher, free service)."""
        return self in _MONETARY


_MONETARY = frozenset({Remedy.CREDIT, Remedy.REFUND, Remedy.VOUCHER, Remedy.FREE_SERVICE})


def _instance_of(kind: type, what: str) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidValue(f"{attribute.name} must be {what}, got {value!r}")

    return check


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be non-empty text, got {value!r}")


def _optional_money(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Money):
        raise InvalidValue(f"{attribute.name} must be Money or None, got {value!r}")
    if value.is_negative:
        raise InvalidValue(f"{attribute.name} may not be negative, got {value}")
    if value.currency != instance.currency:
        raise CurrencyMismatch(f"{attribute.name} is {value}, the facts are in {instance.currency}")


def _non_negative_time(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, timedelta) or value < timedelta(0):
        raise InvalidValue(f"{attribute.name} must be a non-negative timedelta, got {value!r}")


def _rounding(instance: Any, attribute: Any, value: Any) -> None:
    check_rounding(value)


def _one_of(*allowed: str) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value not in allowed:
            raise InvalidValue(f"{attribute.name} must be one of {allowed}, got {value!r}")

    return check


def _monetary_remedy(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Remedy) or not value.is_monetary:
        raise InvalidValue(f"{attribute.name} must be a monetary Remedy, got {value!r}")


@final
@attrs.frozen
class CompensationFacts:
    """What is known about one failure, in one currency."""

    currency: str = attrs.field(validator=lambda i, a, v: minor_units(v))
    failure: FailureKind = attrs.field(
        kw_only=True, validator=_instance_of(FailureKind, "a FailureKind")
    )
    price: Money | None = attrs.field(default=None, kw_only=True, validator=_optional_money)
    loss: Money | None = attrs.field(default=None, kw_only=True, validator=_optional_money)
    """The claimed or assessed loss."""
    time_lost: timedelta = attrs.field(
        default=timedelta(0), kw_only=True, validator=_non_negative_time
    )
    category: str = attrs.field(default="", kw_only=True, validator=_instance_of(str, "a str"))
    claim: object | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False, metadata={"stored": False}
    )
    """A pack's typed facts for this failure (an airline's flight disruption, say),
    read by the strategy the pack registers, so the desk can decide, and decide
    again when the goodwill is offered. Kept in memory: it takes no part in
    equality, and a stored document does not keep it (replay re-checks authority,
    not amounts)."""


def _proposal_amount(instance: Proposal, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.is_negative:
        raise InvalidValue(f"a proposal's amount is non-negative Money, got {value!r}")
    if not instance.remedy.is_monetary and not value.is_zero:
        raise InvalidValue(f"{instance.remedy.name} is not monetary: its amount must be zero")


@final
@attrs.frozen
class Proposal:
    """One strategy's offer: a remedy, its money value (zero if non-monetary) and why."""

    remedy: Remedy = attrs.field(validator=_instance_of(Remedy, "a Remedy"))
    amount: Money = attrs.field(validator=_proposal_amount)
    explanation: Explanation = attrs.field(validator=_instance_of(Explanation, "an Explanation"))


def _same_currency(
    money: Money, currency: str, what: str, *, against: str = "the facts are"
) -> None:
    if money.currency != currency:
        raise CurrencyMismatch(f"{what} is {money}, {against} in {currency}")


def _non_negative_money(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.is_negative:
        raise InvalidValue(f"{attribute.name} must be non-negative Money, got {value!r}")


def _proposals(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, Proposal) for p in value):
        raise InvalidValue(f"proposals must be a tuple of Proposal objects, got {value!r}")


def _totals(instance: Any, attribute: Any, uncapped: Any) -> None:
    # The totals are what the kept proposals add up to, capped: a compensation
    # cannot claim more than its own reasons (a hand-built or stored one included).
    total = instance.total
    if not isinstance(total, Money) or not isinstance(uncapped, Money):
        raise InvalidValue(f"the totals must be Money, got {total!r} and {uncapped!r}")
    for proposal in instance.proposals:
        _same_currency(proposal.amount, total.currency, f"{proposal.explanation.source}'s amount")
    _same_currency(uncapped, total.currency, "the uncapped total")
    counted = sum((p.amount for p in instance.proposals), Money.zero(total.currency))
    if uncapped != counted:
        raise InvalidValue(
            f"the uncapped total {uncapped} is not what the proposals kept add up to ({counted})"
        )
    if total.is_negative or total > uncapped:
        raise InvalidValue(f"the total {total} must be between zero and the uncapped {uncapped}")


@final
@attrs.frozen
class Compensation:
    """The combined result: the proposals kept, their total (capped) and every reason.

    Consistent by construction: ``uncapped_total`` is the sum of the kept proposals'
    amounts (non-monetary ones count zero), ``total`` lies between zero and it.
    """

    proposals: tuple[Proposal, ...] = attrs.field(validator=_proposals)
    total: Money
    uncapped_total: Money = attrs.field(validator=_totals)
    explanations: tuple[Explanation, ...]

    @property
    def capped(self) -> bool:
        """True when the cap lowered the total."""
        return self.total != self.uncapped_total


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_within(instance: AuthorityDecision, attribute: Any, value: Any) -> None:
    total, limit = instance.total, instance.limit
    if not isinstance(total, Money) or total.is_negative:
        raise InvalidValue(f"AuthorityDecision.total must be non-negative Money, got {total!r}")
    if not isinstance(limit, Money) or limit.is_negative:
        raise InvalidValue(f"AuthorityDecision.limit must be non-negative Money, got {limit!r}")
    _same_currency(total, limit.currency, "the total", against="the limit is")
    if not isinstance(value, bool):
        raise InvalidValue(f"within_authority must be a bool, got {value!r}")
    if value != (total <= limit):
        where = "within" if total <= limit else "above"
        raise InvalidValue(
            f"within_authority={value}, but {total} is {where} the limit {limit} "
            f"of role {instance.role!r}"
        )


def _check_approver_roles(
    instance: AuthorityDecision, attribute: Any, value: tuple[str, ...]
) -> None:
    for role in value:
        _name(instance, attribute, role)
    if (instance.role in value) != instance.within_authority:
        raise InvalidValue(
            f"role {instance.role!r} covers {instance.total} exactly when the total is "
            f"within its limit {instance.limit}: approver_roles {value!r} disagree"
        )


def _check_approver(instance: AuthorityDecision, attribute: Any, value: str | None) -> None:
    if (value is None) != (instance.approver_role is None):
        raise InvalidValue("an approval names both the approver's role and id, or neither")
    if value is None:
        return
    _name(instance, attribute, value)
    if instance.within_authority:
        raise InvalidValue("a total within the requester's authority needs no approval")
    if _identity(value) == _identity(instance.requester_id):
        raise InvalidValue("the approver must be a second person, not the requester")
    if instance.approver_role not in instance.approver_roles:
        raise InvalidValue(f"role {instance.approver_role!r} may not approve {instance.total}")


@final
@attrs.frozen
class AuthorityDecision:
    """Whether ``requester_id`` (in ``role``) may give ``total``, and who approved it if needed.

    Built by :meth:`AuthorityLimits.check`; :meth:`AuthorityLimits.approve`
    returns a copy with the approver recorded.
    """

    total: Money
    role: str = attrs.field(validator=_name)
    requester_id: str = attrs.field(validator=_name)
    limit: Money
    within_authority: bool = attrs.field(validator=_check_within)
    approver_roles: tuple[str, ...] = attrs.field(
        converter=_str_tuple, validator=_check_approver_roles
    )
    """Roles whose limit covers ``total``, lowest limit first."""
    approver_role: str | None = attrs.field(default=None, kw_only=True)
    approver_id: str | None = attrs.field(default=None, kw_only=True, validator=_check_approver)

    @property
    def granted(self) -> bool:
        """True when the total may be given: within authority, or approved by a second person."""
        return self.within_authority or self.approver_id is not None


def _check_authority(
    instance: GoodwillDecision, attribute: Any, value: AuthorityDecision | None
) -> None:
    if value is None:
        return
    if not isinstance(value, AuthorityDecision):
        raise InvalidValue(f"authority must be an AuthorityDecision or None, got {value!r}")
    total = instance.compensation.total
    if value.total != total:
        raise InvalidValue(
            f"the authority was checked for {value.total}, but the compensation is {total}"
        )
    requester = instance.requested_by
    if (value.requester_id, value.role) != (requester.actor_id, requester.role):
        raise InvalidValue(
            f"the authority was checked for {value.requester_id!r} as {value.role!r}, but "
            f"{requester.actor_id!r} ({requester.role!r}) requested it"
        )


def _check_approved_by(instance: GoodwillDecision, attribute: Any, value: Actor | None) -> None:
    authority = instance.authority
    needs_approval = instance.escalate_to_human or (
        authority is not None and not authority.within_authority
    )
    if value is None:
        if authority is not None and authority.approver_id is not None:
            raise InvalidValue(
                f"the authority records an approval by {authority.approver_id!r}, "
                "but approved_by is None"
            )
        if instance.approved_for is not None:
            raise InvalidValue("approved_for is set, but nobody approved the decision")
        return
    if type(value) is not Actor:
        raise InvalidValue(f"approved_by must be an Actor or None, got {value!r}")
    if value.is_same_person(instance.requested_by):
        raise InvalidValue("the approver must be a second person, not the requester")
    if not needs_approval:
        raise InvalidValue("this goodwill is within authority: no approval is recorded")
    if authority is not None and not authority.within_authority:
        recorded = (authority.approver_id, authority.approver_role)
        if recorded != (value.actor_id, value.role):
            raise InvalidValue(
                f"approved_by is {value.actor_id!r} ({value.role!r}), but the authority "
                f"records {recorded[0]!r} ({recorded[1]!r})"
            )
    if instance.approved_for != instance.terms_digest:
        raise InvalidValue(
            "the approval was given for other terms (case, requester, facts or amount): "
            "approve this decision itself"
        )


def _check_binding(instance: GoodwillDecision, attribute: Any, value: str | None) -> None:
    version = instance.case_version
    if value is None and version is None:
        return
    if type(value) is not str or not value.strip():
        raise InvalidValue(f"case_id must be a case id or None, got {value!r}")
    if type(version) is not int or version < 1:
        raise InvalidValue(f"case_version must be a positive int with case_id, got {version!r}")


@final
@attrs.frozen(kw_only=True)
class GoodwillDecision:
    """What to offer for some facts, why, and whether it may be given yet."""

    facts: CompensationFacts
    compensation: Compensation
    requested_by: Actor
    authority: AuthorityDecision | None = attrs.field(default=None, validator=_check_authority)
    failures: tuple[Explanation, ...] = ()
    """Strategies that failed (plugin and error); any failure escalates the decision."""
    approved_by: Actor | None = attrs.field(default=None, validator=_check_approved_by)
    case_id: str | None = attrs.field(default=None, kw_only=True, validator=_check_binding)
    """The case this goodwill was decided for; a desk offers it on that case only."""
    case_version: int | None = attrs.field(default=None, kw_only=True)
    approved_for: str | None = attrs.field(default=None, kw_only=True)
    """The terms (:attr:`terms_digest`) the approver approved: an approval cannot be
    carried over to other facts, another amount, requester or case."""
    """The case's version when it was decided: with ``case_id``, the decision's identity.

    A desk offers a decision once: a second offer of the same decision, on this
    case or any other, is refused (on replay too)."""

    @property
    def terms_digest(self) -> str:
        """A digest of what the decision grants: the case and version it was decided
        at, the requester (as a person), the facts and the compensation."""
        terms = (
            f"{self.case_id}|{self.case_version}|{_identity(self.requested_by.actor_id)}|"
            f"{self.facts!r}|{self.compensation.total}|{self.compensation.proposals!r}"
        )
        return hashlib.sha256(terms.encode("utf-8")).hexdigest()

    @property
    def decision_id(self) -> str | None:
        """What one approval pays for: ``"<case>@v<version>#<terms digest>"``, or None for
        a decision bound to no case. The same terms are paid once."""
        if self.case_id is None:
            return None
        return f"{self.case_id}@v{self.case_version}#{self.terms_digest[:16]}"

    @property
    def escalate_to_human(self) -> bool:
        """Whether a plugin failed, so a person must review before anything is given."""
        return bool(self.failures)

    @property
    def granted(self) -> bool:
        """Whether the total may be given now."""
        if self.escalate_to_human:
            return self.approved_by is not None
        return self.authority is None or self.authority.granted

    @property
    def explanations(self) -> tuple[Explanation, ...]:
        """Every reason: the proposals kept, the cap, and the failures."""
        return self.compensation.explanations + self.failures
