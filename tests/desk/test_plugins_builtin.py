"""Built-in plugins and plugin managers: defaults, referral degree, feedback, replay."""

from __future__ import annotations

from datetime import timedelta

import pytest

import custrecovery as cr
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NeverSatisfied
from custrecovery.desk import Defaults
from custrecovery.desk import MinimumReferralDegree
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferReferral
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import Severity
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.conftest import minutes
from tests.desk._helpers import EUR_FACTS
from tests.desk._helpers import PUBLIC_COMPLAINT
from tests.desk._helpers import Counter
from tests.desk._helpers import Suggests
from tests.desk._helpers import VetoPlugin
from tests.desk._helpers import _desk

# --- built-in plugins and plugin managers --------------------------------------------------


def _referral_confirmed(desk: cr.Desk) -> cr.Case:
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    return desk.apply_all(
        case,
        [
            Acknowledge(by=ALICE, at=minutes(1)),
            Assess(by=ALICE, at=minutes(2), severity=Severity.HIGH),
            OfferReferral(by=ALICE, at=minutes(3), firm="Other Telecom"),
            ConfirmReferral(by=ALICE, at=minutes(4), confirmed_by="Sara", can_do="a line"),
        ],
    )


def _refer(degree: ReferralDegree) -> Refer:
    return Refer(
        by=ALICE,
        at=minutes(5),
        degree=degree,
        notice=ReferralNotice(why="we cannot help", how_to_reach="they will call"),
        follow_up_due=minutes(60 * 24),
    )


def test_minimum_referral_degree_refuses_a_lower_degree() -> None:
    """``MinimumReferralDegree(CONNECTED_LIVE)`` refuses a CONFIRMED_RECEIVER referral."""
    desk = _desk(MinimumReferralDegree(ReferralDegree.CONNECTED_LIVE))
    case = _referral_confirmed(desk)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, _refer(ReferralDegree.CONFIRMED_RECEIVER))
    assert type(refused.value) is cr.OperationRefused
    assert "plugin 'minimum-referral-degree'" in refused.value.reason
    assert "CONFIRMED_RECEIVER" in refused.value.reason
    assert desk.apply(case, _refer(ReferralDegree.CONNECTED_LIVE)).state == "referred"


def test_without_minimum_referral_degree_a_confirmed_receiver_suffices() -> None:
    """The default desk accepts a CONFIRMED_RECEIVER referral (the veto is opt-in)."""
    desk = _desk()
    case = _referral_confirmed(desk)
    assert desk.apply(case, _refer(ReferralDegree.CONFIRMED_RECEIVER)).state == "referred"


def _rejections(count: int) -> CustomerHistory:
    return CustomerHistory(
        "cust-1",
        [
            ContactRecord(
                case_id=f"R-{i}",
                received_at=T0 - timedelta(days=i + 1),
                justified=False,
                resolution_offered=True,
                resolution_reasonable=True,
                customer_accepted=False,
            )
            for i in range(count)
        ],
    )


def test_custom_defaults_change_the_boundary_decision() -> None:
    """``Defaults`` with a lower NeverSatisfied threshold flags two rejections in a row."""
    history = _rejections(2)
    assert _desk().decide_boundary(history, as_of=T0).action is BoundaryAction.CONTINUE
    strict = Defaults(boundary_policies=(NeverSatisfied(rejections_in_a_row=2),))
    decision = _desk(defaults=strict).decide_boundary(history, as_of=T0)
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert not decision.escalate_to_human


def test_custom_brand_role_is_used_in_follow_ups() -> None:
    """``Defaults(brand_role=...)`` names who watches public complaints."""
    desk = _desk(defaults=Defaults(brand_role="social media lead"))
    roles = {a.role for a in desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))}
    assert roles == {"social media lead", "owner"}


def _resolved(complaint: cr.Complaint) -> cr.Case:
    desk = _desk()
    return desk.apply_all(
        desk.record(complaint, by=ALICE, at=T0),
        [
            Acknowledge(by=ALICE, at=minutes(1)),
            Assess(by=ALICE, at=minutes(2)),
            ProposeResolution(by=ALICE, at=minutes(3), resolution="a new router"),
            AcceptResolution(by=ALICE, at=minutes(4)),
        ],
    )


@pytest.mark.parametrize("complaint", [COMPLAINT, PUBLIC_COMPLAINT], ids=["phone", "public"])
def test_a_resolved_case_asks_for_feedback_with_a_way_back_in(complaint: cr.Complaint) -> None:
    """After an accepted resolution, the owner sends "five stars, or call us first"."""
    case = _resolved(complaint)
    assert case.state == "resolved"
    assert _desk().follow_ups(case) == (
        cr.FollowUpAction(
            "owner",
            "send a feedback request: we expect five stars; if not, call us first",
            "end every contact on a concrete next step, and keep the private channel the easiest",
        ),
    )


def test_no_feedback_request_before_the_resolution_is_accepted() -> None:
    """An open, unresolved case gets no feedback request."""
    desk = _desk()
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    assert not any("five stars" in a.action for a in desk.follow_ups(case))


def test_desk_without_defaults_has_no_builtin_plugin() -> None:
    """``Desk(defaults=None)`` registers no plugin: no policies, strategies or follow-ups."""
    desk = _desk(defaults=None)
    assert desk.plugins.names == ()
    assert desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0)) == ()
    decision = desk.decide_goodwill(EUR_FACTS, requested_by=ALICE)
    assert decision.compensation.proposals == ()
    boundary = desk.decide_boundary(_rejections(5), as_of=T0)
    assert boundary.action is BoundaryAction.CONTINUE
    assert boundary.explanations == ()


def test_denying_the_defaults_by_name_drops_them() -> None:
    """``deny=["custrecovery.defaults"]`` leaves only the plugins given."""
    desk = _desk(Suggests("mine"), deny=["custrecovery.defaults"])
    assert desk.plugins.names == ("mine",)


def test_each_desk_owns_its_plugins() -> None:
    """Two desks with different plugins do not affect each other, in either order."""
    strict = _desk(VetoPlugin("no acknowledgements here"))
    lenient = _desk()
    also_strict = _desk(VetoPlugin("no acknowledgements here"))
    case = lenient.record(COMPLAINT, by=ALICE, at=T0)
    assert lenient.apply(case, Acknowledge(by=ALICE, at=T0)).state == "acknowledged"
    for desk in (strict, also_strict):
        with pytest.raises(cr.OperationRefused, match="no acknowledgements here"):
            desk.apply(case, Acknowledge(by=ALICE, at=T0))
    assert lenient.plugins.names == ("custrecovery.defaults",)
    assert strict.plugins.names == ("custrecovery.defaults", "broken")


def test_follow_ups_come_in_pluggy_order() -> None:
    """Follow-ups are collected last-registered first, the built-in plugin last."""
    desk = _desk(Suggests("first"), Suggests("second"))
    actions = desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))
    assert [a.action for a in actions] == [
        "do what second says",
        "do what first says",
        "monitor and answer the public social_media post about case C-1",
        "invite the customer to a private channel (phone, email) to continue",
    ]


def test_replay_notifies_nobody() -> None:
    """``Desk.replay`` sends no notifications; ``record`` and ``apply`` send one each."""
    counter = Counter()
    desk = _desk(counter)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    case = desk.apply_all(
        case,
        [
            OfferHandoff(by=ALICE, at=minutes(1), to=BOB, reason="technical fault"),
            AcceptHandoff(by=BOB, at=minutes(2)),
            Acknowledge(by=BOB, at=minutes(3)),
        ],
    )
    assert len(counter.events) == 4
    assert counter.events[-1] == case.history[-1]
    assert desk.replay(case.history) == case
    assert len(counter.events) == 4


def test_replay_skips_vetoes_added_since() -> None:
    """A veto added after the fact does not break replaying an accepted history."""
    desk = _desk()
    case = desk.apply(desk.record(COMPLAINT, by=CAROL, at=T0), Acknowledge(by=CAROL, at=T0))
    assert _desk(VetoPlugin("not any more")).replay(case.history) == case
