"""Referral: referring a customer elsewhere, its guards and its stricter rules."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

import pytest

import custrecovery as cr
from custrecovery.errors import ReferralRefused
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from tests.conftest import ALICE
from tests.conftest import ENGINES
from tests.conftest import Engine
from tests.conftest import minutes
from tests.lifecycle._helpers import NOTICE
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at

# --- referral --------------------------------------------------------------------------


def _refer(
    at: datetime,
    *,
    degree: ReferralDegree = ReferralDegree.CONFIRMED_RECEIVER,
    notice: ReferralNotice | None = NOTICE,
    due_in: timedelta = timedelta(days=7),
) -> Refer:
    return Refer(by=ALICE, at=at, degree=degree, notice=notice, follow_up_due=at + due_in)


def test_referral_path_closes(desk: cr.Desk) -> None:
    """Offer, confirmation, referral with a notice, then a follow-up: the case closes."""
    case = drive(desk, "investigating")
    case = desk.apply(case, make_op("offer_referral", minutes(10)))
    assert case.referral is not None
    assert (case.state, case.referral.firm, case.referral.confirmed) == (
        "referral_offered",
        "NetCo",
        False,
    )
    case = desk.apply(case, make_op("confirm_referral", minutes(20)))
    assert case.referral is not None
    assert (case.state, case.referral.confirmed, case.referral.can_do) == (
        "referral_confirmed",
        True,
        "fix the line",
    )
    case = desk.apply(case, _refer(minutes(30)))
    assert case.referral is not None
    assert case.state == "referred"
    assert case.referral.degree is ReferralDegree.CONFIRMED_RECEIVER
    assert case.referral.follow_up_due == minutes(30) + timedelta(days=7)
    assert case.owner == ALICE
    assert len(case.notices) == 1
    assert "NetCo" in case.notices[0].what
    assert NOTICE.how_to_reach in case.notices[0].what
    case = desk.apply(case, make_op("record_follow_up", minutes(40)))
    case = desk.apply(case, make_op("close", minutes(50)))
    assert (case.state, case.owner, case.version) == ("closed", ALICE, 9)


_BAD_REFERRALS: list[tuple[str, Refer, str]] = [
    ("no-notice", _refer(minutes(30), notice=None), "has not been told"),
    (
        "names-given",
        _refer(minutes(30), degree=ReferralDegree.NAMES_GIVEN),
        "NAMES_GIVEN is below the required CONFIRMED_RECEIVER",
    ),
    ("follow-up-not-later", _refer(minutes(30), due_in=timedelta(0)), "not after the referral"),
]


@pytest.mark.parametrize(
    ("op", "fragment"),
    [(op, fragment) for _, op, fragment in _BAD_REFERRALS],
    ids=[name for name, _, _ in _BAD_REFERRALS],
)
def test_bad_referral_refused(desk: cr.Desk, op: Refer, fragment: str) -> None:
    """A referral without a notice, below the required degree or due too early is refused."""
    case = drive(desk, "referral_confirmed")
    assert_refused(desk, case, op, ReferralRefused, fragment)


@pytest.mark.parametrize("engine", ENGINES)
def test_stricter_rules_raise_the_referral_bar(engine: Engine) -> None:
    """With CONNECTED_LIVE required, a confirmed receiver is refused and a live one accepted."""
    rules = LifecycleRules(min_referral_degree=ReferralDegree.CONNECTED_LIVE)
    desk = cr.Desk(rules=rules, engine=engine)
    case = drive(desk, "referral_confirmed")
    assert_refused(
        desk,
        case,
        _refer(minutes(30)),
        ReferralRefused,
        "CONFIRMED_RECEIVER is below the required CONNECTED_LIVE",
    )
    live = desk.apply(case, _refer(minutes(30), degree=ReferralDegree.CONNECTED_LIVE))
    assert live.state == "referred"


def test_refer_before_confirmation_refused(desk: cr.Desk) -> None:
    """A referral the other firm has not confirmed is refused."""
    case = drive(desk, "referral_offered")
    assert_refused(desk, case, _refer(minutes(30)), ReferralRefused, "has not confirmed")


@pytest.mark.parametrize("kind", ["decline_referral", "withdraw_referral"])
def test_referral_ended_goes_back_to_investigating(desk: cr.Desk, kind: str) -> None:
    """A declined or withdrawn referral is forgotten and the investigation resumes."""
    case = drive(desk, "referral_offered")
    after = desk.apply(case, make_op(kind, next_at(case)))
    assert (after.state, after.referral) == ("investigating", None)
