"""The airline pack as a plugin: the voucher rule and the passenger's notice of rights.

Rules
-----
* Art. 7(3): compensation is paid in money; an offer of goodwill that pays in
  vouchers is refused unless each voucher records the passenger's signed
  agreement (``signed_voucher_agreement=True`` in its explanation's facts, as
  :meth:`Entitlement.proposal` writes it).
* Art. 15: what the Regulation owes cannot be limited: an offer that pays a
  claim less than its entitlement (a desk's goodwill cap cut it) is refused.
* Art. 14(2): a passenger denied boarding, cancelled or delayed by at least
  2 h is given written notice of their rights; Art. 9: care while waiting. The
  pack suggests both for open cases in the disruption categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.errors import InvalidValue
from custrecovery.followups import FollowUpAction
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.hookspecs import hookimpl
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import Operation
from custrecovery.packs.airline._facts import EU261
from custrecovery.packs.airline._facts import Regime
from custrecovery.packs.airline._rules import Claim
from custrecovery.packs.airline._rules import entitlement

__all__ = [
    "AirlinePack",
    "DISRUPTION_CATEGORIES",
]

DISRUPTION_CATEGORIES: Final = frozenset(
    {"flight delay", "flight cancellation", "denied boarding", "downgrade"}
)
"""Complaint categories the airline pack's follow-ups read."""

_CLOSED: Final = frozenset({"closed", "archived", "merged"})


@final
@attrs.frozen(kw_only=True)
class AirlinePack:
    """The airline pack: ``Desk(packs=["airline"])``, or an instance for UK 261."""

    regime: Regime = EU261
    plugin_name: str = "airline"

    @hookimpl
    def register_compensation_strategies(self) -> Sequence[object]:
        """The regime's claims, read from ``CompensationFacts.claim``."""
        return (_ClaimStrategy(self.regime),)

    @hookimpl
    def veto_operation(self, operation: Operation) -> str | None:
        """Refuse goodwill paid in vouchers without the passenger's signed agreement."""
        if not isinstance(operation, OfferGoodwill):
            return None
        for proposal in operation.decision.compensation.proposals:
            if proposal.remedy is Remedy.VOUCHER and (
                ("signed_voucher_agreement", "True") not in proposal.explanation.facts
            ):
                return (
                    f"{self.regime.name} Art. 7(3): compensation is paid in money; "
                    "vouchers only with the passenger's signed agreement"
                )
        claim = operation.decision.facts.claim
        if type(claim) is Claim and claim.regime == self.regime:
            owed = entitlement(claim.disruption, regime=self.regime).compensation
            paid = operation.decision.compensation.total
            if paid.currency == owed.currency and paid < owed:
                # A desk's goodwill cap must not cut what the Regulation owes.
                return (
                    f"{self.regime.name} Art. 15: the {owed} this claim is owed cannot be "
                    f"limited; the decision pays {paid} (a cap cut it): pay the full amount"
                )
        return None

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        """Care and the written notice of rights for an open flight-disruption case."""
        if case.complaint.category not in DISRUPTION_CATEGORIES or case.state in _CLOSED:
            return ()
        actions = [
            FollowUpAction(
                "owner",
                f"give the passenger of case {case.case_id} the written notice of their "
                "rights to compensation and assistance",
                f"{self.regime.name} Art. 14(2)",
                source=self.plugin_name,
            )
        ]
        if case.complaint.category != "downgrade":
            actions.append(
                FollowUpAction(
                    "owner",
                    "offer care while the passenger waits: meals, two calls or e-mails, "
                    "a hotel and transport if a night's stay is needed",
                    f"{self.regime.name} Art. 9: care is owed even in extraordinary circumstances",
                    source=self.plugin_name,
                )
            )
        return tuple(actions)


@final
@attrs.frozen
class _ClaimStrategy:
    """Proposes what a :class:`Claim` in ``facts.claim`` is owed under ``regime``."""

    regime: Regime

    @property
    def name(self) -> str:
        return f"{self.regime.name}-claims"

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        claim = facts.claim
        if type(claim) is not Claim or claim.regime != self.regime:
            return None
        if facts.currency != self.regime.currency:
            # A statutory claim in the wrong currency is not "nothing owed": fail, so
            # the decision goes to a person instead of paying zero.
            raise InvalidValue(
                f"a {self.regime.name} claim is paid in {self.regime.currency}, "
                f"not {facts.currency}"
            )
        return claim.propose(facts)
