"""An industry plugin for hotels: walked guests are connected live, compensated and logged.

A hotel that cannot honour a reservation "walks" the guest to another hotel.
This plugin adds three house rules to a :class:`custrecovery.Desk`:

* a walked guest is referred only when connected live to the other hotel
  (``veto_operation``);
* a walked guest gets one night refunded plus transport, in the booking's
  currency (``register_compensation_strategies``);
* every accepted operation is written to a log (``on_operation_accepted``).

This is how to write a plugin of your own; the hotel pack
(:mod:`custrecovery.packs.hotel`, ``Desk(packs=["hotel"])``) grew from it and
adds guests not to walk and the walking checklist: ``examples/hotel_pack.py``
uses the pack.

Run it: ``python examples/hotel_plugin.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import final

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.cases import format_history
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import CompensationStrategy
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import Severity

WALKED_GUEST = "walked guest"
"""The complaint (and compensation) category for a guest sent to another hotel."""


@final
class WalkedGuestRefund:
    """One night refunded (``facts.price``) plus transport, for walked guests only."""

    name = "walked-guest-refund"

    def __init__(self, transport: cr.Money) -> None:
        self.transport = transport

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The night and the transport, or ``None`` for other categories."""
        if facts.category != WALKED_GUEST or facts.price is None:
            return None
        # Money refuses to add another currency: the desk then escalates to a person.
        amount = facts.price + self.transport
        why = cr.Explanation(
            source=self.name,
            rule="a walked guest gets the night refunded and the transport paid",
            facts={"night": facts.price, "transport": self.transport},
        )
        return Proposal(Remedy.REFUND, amount, why)


@final
class HotelRules:
    """The hotel plugin: register an instance with ``Desk(plugins=[...])``."""

    plugin_name = "hotel-rules"

    def __init__(self, *, transport: cr.Money) -> None:
        self.strategy = WalkedGuestRefund(transport)
        self.log: list[str] = []

    @hookimpl
    def veto_operation(self, case: cr.Case, operation: Operation) -> str | None:
        """Refuse to refer a walked guest who is not connected live."""
        if (
            case.complaint.category == WALKED_GUEST
            and isinstance(operation, Refer)
            and operation.degree < ReferralDegree.CONNECTED_LIVE
        ):
            return "a walked guest is connected live to the other hotel"
        return None

    @hookimpl
    def register_compensation_strategies(self) -> Sequence[CompensationStrategy]:
        """The walked-guest refund."""
        return (self.strategy,)

    @hookimpl
    def on_operation_accepted(self, event: cr.Event) -> None:
        """Log the accepted operation (a real plugin would update the CRM)."""
        self.log.append(f"{event.event_id}: {event.kind} -> {event.state}")


def main() -> int:
    """Walk a guest to another hotel under the hotel's rules and print what happened."""
    start = datetime(2026, 11, 2, 21, 40, tzinfo=timezone.utc)

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    hotel = HotelRules(transport=cr.Money("18.00", "EUR"))
    desk = cr.Desk(plugins=[hotel], entry_points=False)
    nadia = cr.Actor("nadia", "Nadia", role="night manager")
    guest = cr.Customer("g-417", "Mr Rahimi")
    complaint = cr.Complaint(
        "HOTEL-2",
        guest,
        cr.Channel.IN_PERSON,
        at(0),
        "Booked room not available; the hotel is full",
        category=WALKED_GUEST,
    )
    case = desk.record(complaint, by=nadia, at=at(1))
    case = desk.apply_all(
        case,
        [
            Acknowledge(by=nadia, at=at(2), note="apologised in person"),
            Assess(by=nadia, at=at(3), severity=Severity.HIGH),
            OfferReferral(by=nadia, at=at(5), firm="Hotel Azadi"),
            ConfirmReferral(by=nadia, at=at(9), confirmed_by="Sara", can_do="a double room"),
        ],
    )
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=cr.Money("120.00", "EUR"),
        category=WALKED_GUEST,
    )
    decision = desk.decide_goodwill(facts, requested_by=nadia, for_case=case)
    case = desk.apply(case, OfferGoodwill(by=nadia, at=at(10), decision=decision))

    notice = ReferralNotice(why="we are full by our mistake", how_to_reach="taxi booked")
    for degree in (ReferralDegree.CONFIRMED_RECEIVER, ReferralDegree.CONNECTED_LIVE):
        refer = Refer(by=nadia, at=at(12), degree=degree, notice=notice, follow_up_due=at(720))
        try:
            case = desk.apply(case, refer)
        except cr.OperationRefused as refusal:
            print(f"refused ({degree.name}): {refusal.reason}")

    print(format_history(case))
    print(f"goodwill: {decision.compensation.total} (granted: {decision.granted})")
    for explanation in decision.explanations:
        print(f"  {explanation}")
    print("log:")
    for line in hotel.log:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
