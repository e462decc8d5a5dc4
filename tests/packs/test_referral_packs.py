"""The referral packs (legal, retail, restaurant, garage): seed article 000 as policies."""

from __future__ import annotations

import pytest

import custrecovery as cr
from custrecovery.errors import InvalidValue
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.packs.garage import GARAGE
from custrecovery.packs.legal import LEGAL
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation
from custrecovery.packs.restaurant import RESTAURANT
from custrecovery.packs.retail import RETAIL
from tests.packs._helpers import AGENT
from tests.packs._helpers import at
from tests.packs._helpers import confirmed_case
from tests.packs._helpers import open_case

NOTICE = ReferralNotice("we do not act in this matter", "Firm B, 020 7946 0000")

# (pack, least degree, situations that require a referral), from seed article 000.
TABLE = [
    pytest.param(
        LEGAL, ReferralDegree.CONFIRMED_RECEIVER, {Situation.OUTSIDE_PRACTICE}, id="legal"
    ),
    pytest.param(
        RETAIL, ReferralDegree.CONFIRMED_RECEIVER, {Situation.OUT_OF_STOCK_NEEDED_NOW}, id="retail"
    ),
    pytest.param(
        RESTAURANT,
        ReferralDegree.NAMES_GIVEN,
        {Situation.NOT_OFFERED, Situation.FULLY_BOOKED_CANNOT_WAIT},
        id="restaurant",
    ),
    pytest.param(
        GARAGE, ReferralDegree.CONFIRMED_RECEIVER, {Situation.FULLY_BOOKED_CANNOT_WAIT}, id="garage"
    ),
]


@pytest.mark.parametrize(("pack", "least", "situations"), TABLE)
def test_the_table_of_referral_rules(
    pack: ReferralPolicy, least: ReferralDegree, situations: set[Situation]
) -> None:
    """Seed 000: each industry's least degree and the situations that require a referral."""
    assert pack.least_degree is least
    assert {s for s in Situation if pack.requires_referral(s)} == situations
    assert pack.must_tell


@pytest.mark.parametrize(("pack", "least", "situations"), TABLE)
def test_a_referral_below_the_least_degree_is_refused(
    pack: ReferralPolicy, least: ReferralDegree, situations: set[Situation]
) -> None:
    """Seed 000: a referral below the industry's least degree is refused, naming it."""
    rules = LifecycleRules(min_referral_degree=ReferralDegree.NAMES_GIVEN)
    desk = cr.Desk(packs=[pack.plugin_name], rules=rules, entry_points=False)
    for degree in ReferralDegree:
        case = confirmed_case(desk)
        refer = Refer(by=AGENT, at=at(6), degree=degree, notice=NOTICE, follow_up_due=at(600))
        if degree < least:
            with pytest.raises(cr.OperationRefused, match=f"at least {least.name}"):
                desk.apply(case, refer)
        else:
            assert desk.apply(case, refer).state == "referred"


def test_a_referral_without_a_notice_keeps_the_lifecycles_refusal() -> None:
    """The lifecycle refuses a referral without a notice (ReferralRefused); the pack defers."""
    desk = cr.Desk(packs=["legal"], entry_points=False)
    refer = Refer(
        by=AGENT, at=at(6), degree=ReferralDegree.NAMES_GIVEN, notice=None, follow_up_due=at(9)
    )
    with pytest.raises(cr.errors.ReferralRefused, match="has not been told"):
        desk.apply(confirmed_case(desk), refer)


def test_once_confirmed_the_pack_says_what_to_tell() -> None:
    """Seed 000: after the other firm confirms, the follow-up lists what the customer is told."""
    desk = cr.Desk(packs=["legal"], entry_points=False)
    (action,) = [a for a in desk.follow_ups(confirmed_case(desk)) if a.source == "legal"]
    assert "why we cannot help; how to reach the other firm; that this firm does not act" in (
        action.action
    )


@pytest.mark.parametrize(
    ("pack", "category", "suggested"),
    [
        (RETAIL, Situation.OUT_OF_STOCK_NEEDED_NOW.value, True),
        (RETAIL, Situation.OUTSIDE_PRACTICE.value, False),
        (LEGAL, Situation.OUTSIDE_PRACTICE.value, True),
        (GARAGE, Situation.FULLY_BOOKED_CANNOT_WAIT.value, True),
        (RESTAURANT, Situation.NOT_OFFERED.value, True),
        (RESTAURANT, "billing", False),
    ],
    ids=[
        "retail-out-of-stock-needed-now",
        "retail-other",
        "legal-outside-practice",
        "garage-fully-booked-cannot-wait",
        "restaurant-not-served",
        "restaurant-billing",
    ],
)
def test_refer_rather_than_upsell(pack: ReferralPolicy, category: str, suggested: bool) -> None:
    """Seed 000: in the listed situations the pack suggests a referral, not an upsell."""
    desk = cr.Desk(packs=[pack.plugin_name], entry_points=False)
    actions = [
        a for a in desk.follow_ups(open_case(desk, category)) if a.source == pack.plugin_name
    ]
    assert bool(actions) is suggested
    if suggested:
        assert "rather than upsell or promise" in actions[0].action


def test_no_suggestion_once_referred() -> None:
    """Once the customer is referred, the pack stops suggesting a referral."""
    desk = cr.Desk(packs=["retail"], entry_points=False)
    case = confirmed_case(desk, Situation.OUT_OF_STOCK_NEEDED_NOW.value)
    refer = Refer(
        by=AGENT,
        at=at(6),
        degree=ReferralDegree.CONFIRMED_RECEIVER,
        notice=NOTICE,
        follow_up_due=at(600),
    )
    case = desk.apply(case, refer)
    assert not [a for a in desk.follow_ups(case) if a.source == "retail"]


def test_a_policy_refuses_malformed_options() -> None:
    """A ReferralPolicy with a wrong degree, situation or empty text cannot be built."""
    good = {
        "plugin_name": "x",
        "industry": "x",
        "least_degree": ReferralDegree.NAMES_GIVEN,
        "must_tell": ("y",),
        "refer_when": (),
    }
    for bad in (
        {"least_degree": 2},
        {"must_tell": ("",)},
        {"refer_when": ("out of stock",)},
        {"industry": " "},
    ):
        with pytest.raises(InvalidValue):
            ReferralPolicy(**{**good, **bad})  # type: ignore[arg-type]
