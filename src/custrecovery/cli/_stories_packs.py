"""Demo story about industry packs: an airline's desk enables the airline pack by name.

A long-haul flight arrives four hours late. The airline's desk (its own, with
``Desk(packs=["airline"])``; the demo's shared desk enables no pack) works out
the EU 261 entitlement from typed facts, suggests care and the notice of
rights, refuses to pay in vouchers without the passenger's signed agreement,
and pays in money.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

import attrs

from custrecovery.cases import Case
from custrecovery.cli._stories_ownership import _at
from custrecovery.cli._stories_ownership import _refused
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import TimeLost
from custrecovery.goodwill import decide_goodwill
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.goodwill.decisions import Remedy
from custrecovery.money import Money
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import Investigate
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Severity
from custrecovery.packs.airline import Claim
from custrecovery.packs.airline import Delay
from custrecovery.packs.airline import Flight
from custrecovery.packs.airline import entitlement
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["airline_delay"]


def airline_delay(desk: Desk, out: TextIO) -> Case:
    """An airline's desk enables the airline pack: a long-haul delay, care, money not vouchers."""
    airline = Desk(packs=["airline"], entry_points=False)
    enabled = [name for name in airline.plugins.names if name != "custrecovery.defaults"]
    out.write(f"  packs enabled: {', '.join(enabled)}\n")
    ana = Actor("ana", "Ana", role="customer relations", team="airline")
    complaint = Complaint(
        "FLY-604",
        Customer("p-604", "Mr Jafari", contact="jafari@example.com"),
        Channel.EMAIL,
        _at(0),
        "Frankfurt to Tehran arrived four hours late; nothing to eat at the gate",
        remedy_sought="compensation",
        category="flight delay",
    )
    case = airline.apply(
        airline.record(complaint, by=ana, at=_at(1)), Acknowledge(by=ana, at=_at(2))
    )
    for action in airline.follow_ups(case):
        if action.source == "airline":
            out.write(f"  follow-up: {action.action} ({action.why})\n")

    delay = Delay(
        flight=Flight(3781, intra_eu=False),
        departure_delay=timedelta(hours=4, minutes=10),
        arrival_delay=timedelta(hours=4),
    )
    owed = entitlement(delay)
    care = ", ".join(sorted(item.name.lower() for item in owed.care))
    out.write(f"  owed: {owed.compensation}; care: {care}; refund option: {owed.refund_option}\n")
    for explanation in owed.explanations:
        out.write(f"    because {explanation}\n")

    facts = CompensationFacts(
        "EUR", failure=FailureKind.FAILED_SERVICE, time_lost=delay.arrival_delay
    )
    rules = GoodwillRules()
    # An agent's own voucher offer, outside the desk: the pack's Art. 7(3) veto refuses it.
    vouchers = decide_goodwill(
        facts,
        [("agent", TimeLost(Money("75", "EUR"), remedy=Remedy.VOUCHER))],
        requested_by=ana,
        rules=rules,
        case_id=case.case_id,
        case_version=case.version,
    )
    _refused(out, lambda: airline.apply(case, OfferGoodwill(by=ana, at=_at(5), decision=vouchers)))
    # The claim decided at the desk: the pack's registered strategy reads facts.claim.
    money = airline.decide_goodwill(
        attrs.evolve(facts, claim=Claim(disruption=delay)), requested_by=ana, for_case=case
    )
    return airline.apply_all(
        case,
        [
            OfferGoodwill(by=ana, at=_at(6), decision=money),
            Assess(by=ana, at=_at(7), severity=Severity.MEDIUM),
            Investigate(by=ana, at=_at(8), note="the delay was the airline's own: no exemption"),
            ProposeResolution(
                by=ana, at=_at(9), resolution=f"{money.compensation.total} by bank transfer"
            ),
            AcceptResolution(by=ana, at=_at(60), note="the passenger accepted by email"),
            Close(by=ana, at=_at(61)),
        ],
    )
