"""Authority limits: who may give how much goodwill without asking (two-person rule).

Rules
-----
* Each role has a goodwill limit, all in one currency.
* A total within the requester's limit is granted at once: the empowered
  representative (seed article 001, the Zappos model).
* Above it, a second person whose role's limit covers the total must approve;
  the approval names them. The requester can never approve their own request.
* An :class:`AuthorityDecision` is consistent with itself or cannot be built:
  ``within_authority`` is exactly ``total <= limit``, in one currency, and the
  requester's role is among the approver roles exactly when it is within. A desk
  still checks a decision against its own limits before giving anything
  (:func:`custrecovery._goodwill.goodwill_refusal`): the recorded ``limit`` is
  the decision's claim, not the desk's rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery._compensation import _name
from custrecovery._compensation import _non_negative_money
from custrecovery._compensation import _same_currency
from custrecovery._errors import ApprovalRefused
from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import InvalidValue
from custrecovery._money import Money

__all__ = ["AuthorityDecision", "AuthorityLimits"]


def _role_limits(value: Mapping[str, Money]) -> tuple[tuple[str, Money], ...]:
    return tuple(sorted(dict(value).items()))


def _check_limits(instance: Any, attribute: Any, value: tuple[tuple[str, Money], ...]) -> None:
    if not value:
        raise InvalidValue("AuthorityLimits needs at least one role")
    for role, limit in value:
        _name(instance, attribute, role)
        _non_negative_money(instance, attribute, limit)
    if len({limit.currency for _, limit in value}) > 1:
        raise CurrencyMismatch("goodwill limits are in more than one currency")


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _check_within(instance: AuthorityDecision, attribute: Any, value: Any) -> None:
    total, limit = instance.total, instance.limit
    if not isinstance(total, Money) or total.is_negative:
        raise InvalidValue(f"AuthorityDecision.total must be non-negative Money, got {total!r}")
    if not isinstance(limit, Money) or limit.is_negative:
        raise InvalidValue(f"AuthorityDecision.limit must be non-negative Money, got {limit!r}")
    _same_currency(total, limit.currency, "the total")
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
    if value == instance.requester_id:
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


@final
@attrs.frozen
class AuthorityLimits:
    """Each role's goodwill limit, all in one currency (the empowered-representative model)."""

    limits: tuple[tuple[str, Money], ...] = attrs.field(
        converter=_role_limits, validator=_check_limits
    )

    def limit(self, role: str) -> Money:
        """The goodwill limit of ``role``; an unknown role raises InvalidValue."""
        for name, limit in self.limits:
            if name == role:
                return limit
        known = ", ".join(name for name, _ in self.limits)
        raise InvalidValue(f"unknown role {role!r} (known: {known})")

    def check(self, total: Money, role: str, *, requester_id: str) -> AuthorityDecision:
        """Whether ``role`` may give ``total`` alone, and which roles could approve it."""
        limit = self.limit(role)
        if not isinstance(total, Money) or total.is_negative:
            raise InvalidValue(f"total must be non-negative Money, got {total!r}")
        _same_currency(total, limit.currency, "the total")
        covering = sorted(
            ((lim.amount, name) for name, lim in self.limits if lim >= total),
        )
        return AuthorityDecision(
            total,
            role,
            requester_id,
            limit,
            total <= limit,
            tuple(name for _, name in covering),
        )

    def approve(
        self, decision: AuthorityDecision, approver_role: str, approver_id: str
    ) -> AuthorityDecision:
        """Record a second person's approval of ``decision``, or raise :class:`ApprovalRefused`."""
        if decision.within_authority:
            raise ApprovalRefused(
                f"{decision.total} is within the limit of {decision.role!r}: no approval needed"
            )
        if decision.approver_id is not None:
            raise ApprovalRefused(f"already approved by {decision.approver_id!r}")
        approver_limit = self.limit(approver_role)
        if approver_limit < decision.total:
            raise ApprovalRefused(
                f"role {approver_role!r} has a limit of {approver_limit}, "
                f"lower than {decision.total}"
            )
        if not isinstance(approver_id, str) or not approver_id.strip():
            raise ApprovalRefused(f"the approver must be identified, got {approver_id!r}")
        if approver_id == decision.requester_id:
            raise ApprovalRefused(
                f"{approver_id!r} requested this goodwill and cannot approve it: "
                "a second person must"
            )
        return attrs.evolve(decision, approver_role=approver_role, approver_id=approver_id)
