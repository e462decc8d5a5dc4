"""Goodwill decisions: strategies from every plugin, combined, within authority.

Rules
-----
* The amount depends on the facts and the desk's :class:`GoodwillRules` only,
  never on who asks: the requester's role decides whether a second person
  must approve, not what is offered (seed article 001: no special exception).
* A strategy that raises, returns something other than a ``Proposal`` or
  ``None``, or proposes in another currency, is left out and the decision is
  escalated to a person, naming the plugin and the error: it is not granted
  until someone other than the requester approves it.
* With :class:`~custrecovery.AuthorityLimits`, a total above the requester's
  limit needs the approval of a second person whose role's limit covers it.
* A :class:`GoodwillDecision` agrees with its own authority record or cannot be
  built: the authority is for the compensation's total, names the requester and
  their role, and records the same approver as ``approved_by``. An approval is
  recorded only where one is needed, and never by the requester.
* A decision is a claim, not a permission: before goodwill is given,
  :func:`goodwill_refusal` checks it again against the desk's own
  :class:`~custrecovery.AuthorityLimits` (the requester's limit, whether the
  total is within it, and the approver's limit), so a decision built by hand,
  or made at a desk with more generous limits, pays nothing it should not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

import attrs

from custrecovery.errors import ApprovalRefused
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.explanations import _describe_error
from custrecovery.explanations import _describe_result
from custrecovery.explanations import _name_of
from custrecovery.goodwill._authority import AuthorityLimits
from custrecovery.goodwill._combining import combine
from custrecovery.goodwill.decisions import CombinationRule
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import GoodwillDecision
from custrecovery.goodwill.decisions import Proposal
from custrecovery.money import Money
from custrecovery.parties import Actor

__all__ = [
    "GoodwillRules",
    "approve_goodwill",
    "decide_goodwill",
    "goodwill_refusal",
]


def _caps(value: Iterable[Money]) -> tuple[Money, ...]:
    caps = tuple(value)
    if not all(isinstance(cap, Money) and not cap.is_negative for cap in caps):
        raise InvalidValue(f"caps must be non-negative Money values, got {caps!r}")
    if len({cap.currency for cap in caps}) != len(caps):
        raise InvalidValue("at most one cap per currency")
    return caps


@final
@attrs.frozen(kw_only=True)
class GoodwillRules:
    """How a desk combines goodwill proposals and who may grant them."""

    rule: CombinationRule = "largest"
    caps: tuple[Money, ...] = attrs.field(default=(), converter=_caps)
    """At most one cap per currency; the total never exceeds the cap in its currency."""
    authority: AuthorityLimits | None = None

    def cap_for(self, currency: str) -> Money | None:
        """The cap in ``currency``, if one is set."""
        return next((cap for cap in self.caps if cap.currency == currency), None)


def approve_goodwill(
    decision: GoodwillDecision, approver: Actor, limits: AuthorityLimits | None
) -> GoodwillDecision:
    """``decision`` approved by a second person, or :class:`~custrecovery.ApprovalRefused`."""
    if approver.is_same_person(decision.requested_by):
        raise ApprovalRefused(
            f"{approver.actor_id!r} requested this goodwill and cannot approve it: "
            "a second person must"
        )
    if decision.approved_by is not None:
        raise ApprovalRefused(f"already approved by {decision.approved_by.actor_id!r}")
    authority = decision.authority
    if authority is not None and limits is not None and not authority.within_authority:
        authority = limits.approve(authority, approver.role, approver.actor_id)
    elif not decision.escalate_to_human:
        raise ApprovalRefused("this goodwill is within authority: no approval needed")
    elif limits is not None and limits.limit(approver.role) < decision.compensation.total:
        # An escalation is approved by someone whose own limit covers the total.
        raise ApprovalRefused(
            f"role {approver.role!r} has a limit of {limits.limit(approver.role)}, "
            f"lower than {decision.compensation.total}"
        )
    return attrs.evolve(
        decision, authority=authority, approved_by=approver, approved_for=decision.terms_digest
    )


def goodwill_refusal(decision: GoodwillDecision, limits: AuthorityLimits | None) -> str | None:
    """Why ``decision`` may not be given at a desk with ``limits``, or ``None`` if it may.

    The decision's own authority record is not trusted: with ``limits``, the
    requester's limit, whether the total is within it, and the approver's
    limit are looked up again in ``limits``. A decision never checked against
    any limits is refused by a desk that has them.
    """
    if limits is not None:
        problem = _against_limits(decision, limits)
        if problem is not None:
            return problem
    if decision.granted:
        return None
    if decision.escalate_to_human:
        return "a compensation plugin failed: a person must approve this goodwill first"
    roles = ", ".join(decision.authority.approver_roles) if decision.authority else ""
    return (
        f"{decision.compensation.total} is above the requester's goodwill limit: "
        f"approval by one of ({roles or 'no role'}) is required first"
    )


def _against_limits(decision: GoodwillDecision, limits: AuthorityLimits) -> str | None:
    authority = decision.authority
    total = decision.compensation.total
    if authority is None:
        return (
            "the decision was not checked against this desk's goodwill limits: "
            "decide it with this desk's decide_goodwill"
        )
    try:
        limit = limits.limit(authority.role)
        within = total <= limit
    except InvalidValue as error:  # an unknown role, or limits in another currency
        return f"the decision does not fit this desk's goodwill limits: {error}"
    if authority.limit != limit or authority.within_authority is not within:
        where = "within" if within else "above"
        return (
            f"the decision records a limit of {authority.limit} for role {authority.role!r}, "
            f"but this desk's limit is {limit}, and {total} is {where} it"
        )
    approver = decision.approved_by
    if approver is not None:
        try:
            approver_limit = limits.limit(approver.role)
        except InvalidValue as error:
            return f"the approver does not fit this desk's goodwill limits: {error}"
        if approver_limit < total:
            return (
                f"approver {approver.actor_id!r}'s role {approver.role!r} has a limit of "
                f"{approver_limit} at this desk, lower than {total}"
            )
    return None


def _not_a_proposal(proposal: object) -> str | None:
    """Why ``proposal`` cannot be paid as it is, or None (see decide_goodwill)."""
    if type(proposal) is not Proposal:
        return f"{_describe_result(proposal)}, not a Proposal"
    amount: object = proposal.amount  # typed Money, but a plugin may put anything there
    if type(amount) is not Money:
        return f"proposed a {type(amount).__name__}, not Money"
    try:
        attrs.validate(proposal)
        attrs.validate(proposal.amount)
    except Exception as error:
        return f"returned an inconsistent Proposal ({_describe_error(error)})"
    return None


def _failure(plugin: str, problem: str) -> Explanation:
    return Explanation(
        source=plugin,
        rule="a compensation strategy failed: escalated to a person, nothing paid for it",
        facts={"problem": problem},
    )


def decide_goodwill(
    facts: CompensationFacts,
    strategies: Iterable[tuple[str, object]],
    *,
    requested_by: Actor,
    rules: GoodwillRules,
    case_id: str | None = None,
    case_version: int | None = None,
) -> GoodwillDecision:
    """Ask every ``(plugin, strategy)``, combine fail-closed, and check authority.

    A strategy given as an exception stands for a plugin whose registration
    failed. Nothing here depends on who asks except the authority check.
    ``case_id`` and ``case_version`` bind the decision to the case it is for.
    """
    if not isinstance(facts, CompensationFacts):
        raise InvalidValue(f"expected CompensationFacts, got {type(facts).__name__}")
    proposals: list[Proposal] = []
    failures: list[Explanation] = []
    for plugin, strategy in strategies:
        if isinstance(strategy, BaseException):
            failures.append(_failure(plugin, str(strategy)))
            continue
        label = f"{plugin}:{_name_of(strategy)}"
        try:
            name = strategy.name  # type: ignore[attr-defined]
        except Exception as error:  # a strategy that breaks its contract goes to a person
            failures.append(_failure(label, f"its name {_describe_result(error)}"))
            continue
        if not isinstance(name, str) or not name.strip():
            failures.append(_failure(label, f"its name is {_describe_result(name)}"))
            continue
        try:
            proposal = strategy.propose(facts)  # type: ignore[attr-defined]
        except Exception as error:  # fail closed: a broken strategy goes to a person
            failures.append(_failure(label, _describe_result(error)))
            continue
        if proposal is None:
            continue
        # Exactly a Proposal holding exactly Money, valid now: a subclass could
        # override comparisons or arithmetic and pay more than the limits see.
        problem = _not_a_proposal(proposal)
        if problem is not None:
            failures.append(_failure(label, problem))
        elif proposal.amount.currency != facts.currency:
            failures.append(
                _failure(label, f"proposed {proposal.amount} for facts in {facts.currency}")
            )
        else:
            proposals.append(proposal)
    compensation = combine(
        proposals, currency=facts.currency, rule=rules.rule, cap=rules.cap_for(facts.currency)
    )
    authority = None
    if rules.authority is not None:
        authority = rules.authority.check(
            compensation.total, requested_by.role, requester_id=requested_by.actor_id
        )
    return GoodwillDecision(
        facts=facts,
        compensation=compensation,
        requested_by=requested_by,
        authority=authority,
        failures=tuple(failures),
        case_id=case_id,
        case_version=case_version,
    )
