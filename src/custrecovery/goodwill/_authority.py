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
  (:func:`custrecovery.goodwill.goodwill_refusal`): the recorded ``limit`` is
  the decision's claim, not the desk's rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery.errors import ApprovalRefused
from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.goodwill.decisions import AuthorityDecision
from custrecovery.goodwill.decisions import _name
from custrecovery.goodwill.decisions import _non_negative_money
from custrecovery.goodwill.decisions import _same_currency
from custrecovery.money import Money
from custrecovery.parties import _identity

__all__ = [
    "AuthorityLimits",
]


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
        _same_currency(total, limit.currency, "the total", against="the goodwill limits are")
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
        if _identity(approver_id) == _identity(decision.requester_id):
            raise ApprovalRefused(
                f"{approver_id!r} requested this goodwill and cannot approve it: "
                "a second person must"
            )
        return attrs.evolve(decision, approver_role=approver_role, approver_id=approver_id)
