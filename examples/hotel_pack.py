"""The hotel pack on a desk: choose whom to walk, connect them live, pay the walk.

A full hotel must walk one of two guests. The hotel's own configuration of
the pack (:class:`custrecovery.packs.hotel.HotelPack`) says a VIP is never
walked, so the other guest is; the referral is connected live to a rival
that confirmed a room, and the walking hotel pays the room and the taxi.

Run it: ``python examples/hotel_pack.py``.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import custrecovery as cr
from custrecovery.cases import format_history
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferReferral
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import Severity
from custrecovery.packs.hotel import WALKED_GUEST
from custrecovery.packs.hotel import Guest
from custrecovery.packs.hotel import GuestKind
from custrecovery.packs.hotel import HotelPack


def main() -> int:
    """Walk the guest the hotel's rules allow, and print what happened."""
    start = datetime(2026, 11, 2, 21, 40, tzinfo=timezone.utc)

    def at(minutes: int) -> datetime:
        return start + timedelta(minutes=minutes)

    pack = HotelPack(do_not_walk={GuestKind.VIP}, transport=cr.Money("18.00", "EUR"))
    desk = cr.Desk(plugins=[pack], entry_points=False)
    guests = {"Ms Tehrani": Guest(vip=True), "Mr Rahimi": Guest(nights=2)}
    walked = ""
    for name, guest in guests.items():
        reason = pack.reason_not_to_walk(guest)
        print(f"{name}: {reason or 'may be walked'}")
        if reason is None and not walked:
            walked = name
    print(f"walking {walked}: " + "; ".join(pack.walk_plan(guests[walked])))

    nadia = cr.Actor("nadia", "Nadia", role="night manager")
    complaint = cr.Complaint(
        "HOTEL-3",
        cr.Customer("g-417", walked),
        cr.Channel.IN_PERSON,
        at(0),
        "Booked room not available; the hotel is full",
        category=WALKED_GUEST,
    )
    case = desk.apply_all(
        desk.record(complaint, by=nadia, at=at(1)),
        [
            Acknowledge(by=nadia, at=at(2), note="apologised in person"),
            Assess(by=nadia, at=at(3), severity=Severity.HIGH),
            OfferReferral(by=nadia, at=at(5), firm="Hotel Azadi"),
            ConfirmReferral(by=nadia, at=at(9), confirmed_by="Sara", can_do="a double room"),
        ],
    )
    for action in desk.follow_ups(case):
        if action.source == "hotel":
            print(f"follow-up: {action.action}")
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=cr.Money("140.00", "EUR"),
        category=WALKED_GUEST,
    )
    decision = desk.decide_goodwill(facts, requested_by=nadia, for_case=case)
    case = desk.apply(case, OfferGoodwill(by=nadia, at=at(10), decision=decision))

    notice = ReferralNotice(
        "we are full by our mistake; we pay your room and the taxi",
        "Hotel Azadi, 2 Valiasr St; the taxi is at the door",
    )
    for degree in (ReferralDegree.CONFIRMED_RECEIVER, ReferralDegree.CONNECTED_LIVE):
        refer = Refer(by=nadia, at=at(12), degree=degree, notice=notice, follow_up_due=at(720))
        try:
            case = desk.apply(case, refer)
        except cr.OperationRefused as refusal:
            print(f"refused ({degree.name}): {refusal.reason}")

    print(format_history(case))
    print(f"the hotel pays: {decision.compensation.total} (granted: {decision.granted})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
