"""The hotel pack: walking a guest, who may be walked, and the pack's configuration."""

from __future__ import annotations

import pytest

import custrecovery as cr
from custrecovery.errors import InvalidValue
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import Remedy
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.packs.hotel import WALK_OBLIGATIONS
from custrecovery.packs.hotel import WALKED_GUEST
from custrecovery.packs.hotel import Guest
from custrecovery.packs.hotel import GuestKind
from custrecovery.packs.hotel import HotelPack
from custrecovery.packs.hotel import WalkCost
from tests.packs._helpers import AGENT
from tests.packs._helpers import at
from tests.packs._helpers import confirmed_case
from tests.packs._helpers import desk_with
from tests.packs._helpers import eur
from tests.packs._helpers import open_case

NOTICE = ReferralNotice("we are full by our mistake", "Hotel Azadi, 2 Valiasr St; taxi booked")


@pytest.mark.parametrize(
    ("degree", "notice", "refused"),
    [
        (ReferralDegree.CONFIRMED_RECEIVER, NOTICE, "CONNECTED_LIVE"),
        (ReferralDegree.CONNECTED_LIVE, None, "has not been told"),
        (ReferralDegree.CONNECTED_LIVE, NOTICE, None),
    ],
    ids=["confirmed-not-live-refused", "live-without-notice-lifecycle-refuses", "live"],
)
def test_a_walked_guest_is_connected_live(
    degree: ReferralDegree, notice: ReferralNotice | None, refused: str | None
) -> None:
    """Walking a guest: connected live to a hotel that confirmed, with the walk explained."""
    desk = desk_with("hotel")
    case = confirmed_case(desk, WALKED_GUEST)
    refer = Refer(by=AGENT, at=at(6), degree=degree, notice=notice, follow_up_due=at(600))
    if refused is None:
        assert desk.apply(case, refer).state == "referred"
    else:
        with pytest.raises(cr.OperationRefused, match=refused):
            desk.apply(case, refer)


@pytest.mark.parametrize(
    ("guest", "walk"),
    [
        (Guest(), True),
        (Guest(vip=True), False),
        (Guest(family=True), False),
        (Guest(nights=3), False),
        (Guest(contracted_group=True), False),
    ],
    ids=["single-night-guest", "VIP", "family", "multi-night", "contracted-group"],
)
def test_guests_not_to_walk_by_default(guest: Guest, walk: bool) -> None:
    """By default VIPs, families, multi-night stays and contracted groups are not walked."""
    assert (HotelPack().reason_not_to_walk(guest) is None) is walk


def test_a_hotel_chooses_its_own_list() -> None:
    """``HotelPack(do_not_walk=...)``: a hotel that walks families but never VIPs."""
    pack = HotelPack(do_not_walk={GuestKind.VIP})
    assert pack.reason_not_to_walk(Guest(family=True, nights=2)) is None
    reason = pack.reason_not_to_walk(Guest(vip=True, family=True))
    assert reason == "do not walk this guest (VIP): walk another guest"
    with pytest.raises(InvalidValue):
        HotelPack(do_not_walk={"VIP"})  # type: ignore[arg-type]


def test_the_walk_plan() -> None:
    """A walked guest gets the room, transport, a call and messages; multi-night, brought back."""
    pack = HotelPack()
    assert pack.walk_plan(Guest()) == WALK_OBLIGATIONS
    assert pack.walk_plan(Guest(nights=2))[-1] == "brought back to this hotel the next day"


def test_the_hotel_pays_the_room_and_the_transport() -> None:
    """The walked guest's other room and transport are paid by the walking hotel."""
    facts = CompensationFacts(
        "EUR", failure=FailureKind.FAILED_SERVICE, price=eur("140.00"), category=WALKED_GUEST
    )
    desk = cr.Desk(plugins=[HotelPack(transport=eur(18))], entry_points=False)
    decision = desk.decide_goodwill(facts, requested_by=AGENT)
    (proposal,) = [p for p in decision.compensation.proposals if p.remedy.is_monetary]
    assert (proposal.remedy, proposal.amount) == (Remedy.FREE_SERVICE, eur("158.00"))
    assert WalkCost().propose(facts) is not None
    other = CompensationFacts("EUR", failure=FailureKind.FAILED_SERVICE, price=eur(1))
    assert WalkCost().propose(other) is None


def test_follow_ups_list_what_a_walked_guest_is_owed() -> None:
    """An open walked-guest case gets the walking checklist; other cases do not."""
    desk = desk_with("hotel")
    (action,) = [a for a in desk.follow_ups(open_case(desk, WALKED_GUEST)) if a.source == "hotel"]
    assert all(item in action.action for item in WALK_OBLIGATIONS)
    assert not [a for a in desk.follow_ups(open_case(desk, "billing")) if a.source == "hotel"]
