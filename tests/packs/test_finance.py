"""The finance packs: the DISP and CFPB clock sets, and DISP 1.7 forwarding."""

from __future__ import annotations

import pytest

import custrecovery as cr
from custrecovery.errors import InvalidValue
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.packs.finance_uk import FinanceUkPack
from custrecovery.packs.finance_uk import Forwarding
from tests.packs._helpers import AGENT
from tests.packs._helpers import at
from tests.packs._helpers import confirmed_case
from tests.packs._helpers import desk_with


@pytest.mark.parametrize(
    ("pack", "clock_set"),
    [("finance-uk", "FCA DISP"), ("finance-us", "CFPB")],
    ids=["DISP-1.6", "CFPB-15-and-60-days"],
)
def test_each_finance_pack_registers_its_clocks(pack: str, clock_set: str) -> None:
    """The finance packs register the regulator's clock set; a desk without them has none."""
    assert [c.name for c in desk_with(pack).clock_sets] == [clock_set]
    assert desk_with().clock_sets == ()


def test_payment_services_use_their_own_clocks() -> None:
    """``FinanceUkPack(payment_services=True)``: the 15/35-business-day set."""
    desk = cr.Desk(plugins=[FinanceUkPack(payment_services=True)], entry_points=False)
    (clock_set,) = desk.clock_sets
    assert "payment" in clock_set.name.lower()


def _refer(notice: ReferralNotice) -> Refer:
    return Refer(
        by=AGENT,
        at=at(6),
        degree=ReferralDegree.CONFIRMED_RECEIVER,
        notice=notice,
        follow_up_due=at(600),
    )


@pytest.mark.parametrize(
    ("jointly", "keeps_own_part"),
    [(False, False), (True, True)],
    ids=["DISP-1.7-solely-responsible", "DISP-1.7-jointly-responsible-handles-own-part"],
)
def test_disp_1_7_forwarding(jointly: bool, keeps_own_part: bool) -> None:
    """DISP 1.7: tell the complainant why and the other firm's contact details; where jointly
    responsible, the firm keeps handling its own part."""
    forwarding = Forwarding(
        firm="Acme Payments Ltd",
        contact="complaints@acme.example, 0300 000 0000",
        why="the card payment was processed by Acme",
        jointly=jointly,
    )
    notice = forwarding.notice()
    assert "Acme Payments Ltd: complaints@acme.example" in notice.how_to_reach
    assert ("jointly responsible" if jointly else "solely responsible") in notice.why
    desk = desk_with("finance-uk")
    case = desk.apply(confirmed_case(desk), _refer(notice))
    actions = [a for a in desk.follow_ups(case) if a.source == "finance-uk"]
    assert bool(actions) is keeps_own_part


def test_a_forwarding_that_does_not_say_who_is_responsible_is_refused() -> None:
    """DISP 1.7: a referral must say whether the other firm is solely or jointly responsible."""
    desk = desk_with("finance-uk")
    with pytest.raises(cr.OperationRefused, match=r"DISP 1\.7"):
        desk.apply(confirmed_case(desk), _refer(ReferralNotice("not us", "Acme, 0300")))
    with pytest.raises(InvalidValue):
        Forwarding(firm="Acme", contact="", why="x", jointly=True)
