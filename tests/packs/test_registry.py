"""Every pack is an entry point, enabled by name only, and implements a hook."""

from __future__ import annotations

import pytest

import custrecovery as cr
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.packs import PACK_GROUP
from custrecovery.packs import available_packs
from custrecovery.packs import load_pack
from custrecovery.packs.hotel import GuestKind
from custrecovery.packs.hotel import HotelPack
from tests.packs._helpers import AGENT
from tests.packs._helpers import PACK_NAMES
from tests.packs._helpers import at
from tests.packs._helpers import confirmed_case
from tests.packs._helpers import desk_with


def test_every_pack_is_published() -> None:
    """The ``custrecovery.packs`` group lists the ten built-in packs."""
    assert PACK_GROUP == "custrecovery.packs"
    assert set(PACK_NAMES) <= set(available_packs())


@pytest.mark.parametrize("name", PACK_NAMES)
def test_each_pack_is_enabled_by_name(name: str) -> None:
    """``Desk(packs=[name])`` registers the pack under its name, next to the built-ins."""
    desk = desk_with(name)
    assert desk.plugins.names == ("custrecovery.defaults", name)
    assert load_pack(name) is not None


def test_installing_enables_nothing() -> None:
    """A desk without ``packs`` gets no pack: a hotel's desk does not get airline rules."""
    assert desk_with().plugins.names == ("custrecovery.defaults",)
    assert "airline" not in desk_with("hotel").plugins.names


def test_a_referral_refused_by_the_hotel_pack_is_accepted_without_it() -> None:
    """A confirmed-receiver referral is refused on a hotel desk (live only), accepted elsewhere."""
    notice = ReferralNotice("we are full", "Hotel Azadi, 2 Valiasr St")
    refer = Refer(
        by=AGENT,
        at=at(6),
        degree=ReferralDegree.CONFIRMED_RECEIVER,
        notice=notice,
        follow_up_due=at(600),
    )
    hotel = desk_with("hotel")
    with pytest.raises(cr.OperationRefused, match="CONNECTED_LIVE"):
        hotel.apply(confirmed_case(hotel), refer)
    plain = desk_with()
    assert plain.apply(confirmed_case(plain), refer).state == "referred"


def test_a_configured_pack_is_passed_as_a_plugin() -> None:
    """``Desk(plugins=[HotelPack(...)])`` uses the configured instance under the pack's name."""
    pack = HotelPack(do_not_walk={GuestKind.VIP})
    desk = cr.Desk(plugins=[pack], entry_points=False)
    assert desk.plugins.names == ("custrecovery.defaults", "hotel")
    assert load_pack("hotel") == HotelPack()
