"""Authority limits on compensation: checks and second-person approvals."""

from __future__ import annotations

import attrs
import pytest

from custrecovery.errors import ApprovalRefused
from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import AuthorityLimits
from custrecovery.money import Money
from tests.goodwill._helpers import LIMITS
from tests.goodwill._helpers import eur

# --- Authority ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "role", "within", "approvers"),
    [
        (eur(50), "agent", True, ("agent", "lead", "supervisor", "manager")),
        (eur("50.01"), "agent", False, ("lead", "supervisor", "manager")),
        (eur(500), "lead", False, ("manager",)),
        (eur(5000), "manager", False, ()),
    ],
    ids=["at-limit", "just-above", "lead-above", "beyond-everyone"],
)
def test_authority_check(total: Money, role: str, within: bool, approvers: tuple[str, ...]) -> None:
    """Within a role's limit it is granted at once; above, the covering roles are listed."""
    decision = LIMITS.check(total, role, requester_id="r1")
    assert decision.within_authority is within
    assert decision.granted is within
    assert decision.approver_roles == approvers


def test_approval_by_a_second_person_is_recorded() -> None:
    """A higher-limit approver who is not the requester grants the goodwill and is recorded."""
    decision = LIMITS.check(eur(120), "agent", requester_id="ana")
    approved = LIMITS.approve(decision, "lead", "bo")
    assert approved.granted
    assert (approved.approver_role, approved.approver_id) == ("lead", "bo")
    assert (approved.requester_id, approved.total) == ("ana", eur(120))


@pytest.mark.parametrize(
    ("total", "approver_role", "approver_id", "message"),
    [
        (eur(120), "lead", "ana", "second person"),
        (eur(300), "lead", "bo", "lower than"),
        (eur(120), "agent", "bo", "lower than"),
        (eur(20), "lead", "bo", "no approval needed"),
        (eur(120), "lead", " ", "identified"),
    ],
    ids=["same-person", "limit-too-low", "same-role-too-low", "within-authority", "anonymous"],
)
def test_improper_approvals_are_refused(
    total: Money, approver_role: str, approver_id: str, message: str
) -> None:
    """The requester, a role with a lower limit, or an unneeded approval is refused."""
    decision = LIMITS.check(total, "agent", requester_id="ana")
    with pytest.raises(ApprovalRefused, match=message):
        LIMITS.approve(decision, approver_role, approver_id)


def test_approval_cannot_be_given_twice() -> None:
    """An approved decision cannot be approved again."""
    approved = LIMITS.approve(LIMITS.check(eur(120), "agent", requester_id="ana"), "lead", "bo")
    with pytest.raises(ApprovalRefused, match="already"):
        LIMITS.approve(approved, "manager", "cy")


def test_a_forged_self_approval_cannot_be_built() -> None:
    """Building a decision approved by its own requester raises InvalidValue."""
    decision = LIMITS.check(eur(120), "agent", requester_id="ana")
    with pytest.raises(InvalidValue, match="second person"):
        attrs.evolve(decision, approver_role="lead", approver_id="ana")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: LIMITS.check(eur(1), "intern", requester_id="x"), InvalidValue),
        (lambda: LIMITS.check(Money(1, "USD"), "agent", requester_id="x"), CurrencyMismatch),
        (lambda: LIMITS.check(eur(-1), "agent", requester_id="x"), InvalidValue),
        (lambda: AuthorityLimits({}), InvalidValue),
        (lambda: AuthorityLimits({"a": eur(1), "b": Money(1, "USD")}), CurrencyMismatch),
        (lambda: AuthorityLimits({"a": eur(-1)}), InvalidValue),
    ],
    ids=["unknown-role", "currency", "negative", "no-roles", "mixed-limits", "negative-limit"],
)
def test_invalid_authority_use_is_refused(call: object, error: type[Exception]) -> None:
    """Unknown roles, other currencies, negative totals and malformed limits are refused."""
    assert callable(call)
    with pytest.raises(error):
        call()
