"""Integrity in memory (issue 10): no side door to the owner rule, goodwill pays once."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import attrs
import pytest

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.cases import Event
from custrecovery.cases import HandoffOffer
from custrecovery.desk import Defaults
from custrecovery.errors import UntrustedCase
from custrecovery.goodwill import Apology
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CategoryTable
from custrecovery.goodwill import Compensation
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import OfferGoodwill
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import DUPLICATE
from tests.conftest import T0
from tests.conftest import minutes

MALLORY = cr.Actor("mallory", "Mallory", role="billing")


def eur(amount: str) -> cr.Money:
    return cr.Money(amount, "EUR")


# --- break 2: a desk builds only on its own cases ----------------------------------------


def _forged_owner(case: cr.Case) -> cr.Case:
    forged = Event(
        case.case_id, case.version + 1, AcceptHandoff(by=MALLORY, at=T0), case.state, MALLORY
    )
    return attrs.evolve(case, history=(*case.history, forged))


def _forged_offer(case: cr.Case) -> cr.Case:
    offer = HandoffOffer(MALLORY, case.owner, T0, "forged")
    return attrs.evolve(case, details=attrs.evolve(case.details, pending_handoff=offer))


def _hand_built(case: cr.Case) -> cr.Case:
    return cr.Case(complaint=case.complaint, history=list(case.history))


@pytest.mark.parametrize(
    "forge",
    [_forged_owner, _forged_offer, _hand_built],
    ids=["appended-accept", "evolved-pending-offer", "hand-built-from-a-list"],
)
def test_a_case_changed_outside_the_desk_is_never_built_on(forge: Any) -> None:
    """An evolved or hand-built case is refused before anything runs; the real one is unchanged."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    forged = forge(case)
    before = copy.deepcopy(forged)
    with pytest.raises(UntrustedCase, match="was not built or loaded under this desk's rules"):
        desk.apply(forged, AcceptHandoff(by=MALLORY, at=minutes(1)))
    assert forged == before
    assert desk.apply(case, Acknowledge(by=ALICE, at=minutes(1))).owner == ALICE


def test_a_history_given_as_a_list_cannot_change_afterwards() -> None:
    """A case built from a list keeps its own immutable history: appending to the list later
    changes neither its owner nor its version."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    events = list(case.history)
    built = cr.Case(complaint=case.complaint, history=events)
    events.append(Event(case.case_id, 2, AcceptHandoff(by=MALLORY, at=T0), "received", MALLORY))
    assert (built.owner, built.version) == (ALICE, 1)


def test_a_desk_under_other_rules_does_not_build_on_the_case() -> None:
    """A case built under one goodwill policy is refused by a desk with other limits, and
    accepted by a desk with the same rules (another engine, other plugins)."""
    lenient = cr.Desk(entry_points=False)
    case = lenient.record(COMPLAINT, by=ALICE, at=T0)
    strict = cr.Desk(
        entry_points=False, goodwill=GoodwillRules(authority=AuthorityLimits({"billing": eur("5")}))
    )
    with pytest.raises(UntrustedCase):
        strict.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    same_rules = cr.Desk(entry_points=False, engine="reference", defaults=None)
    assert same_rules.apply(case, Acknowledge(by=ALICE, at=minutes(1))).version == 2
    assert strict.replay(case.history) == case  # replaying adopts it under the strict rules


# --- break 3: an approval pays once -----------------------------------------------------------

TABLE = CategoryTable("goodwill-table", {"voucher": eur("400")})
LIMITS = AuthorityLimits(
    {"billing": eur("100"), "tech support": eur("100"), "manager": eur("1000")}
)
MANAGER = cr.Actor("mona", "Mona", role="manager")
FACTS = CompensationFacts("EUR", failure=FailureKind.MONEY, category="voucher")


def _goodwill_desk(**rules: Any) -> cr.Desk:
    defaults = Defaults(compensation_strategies=(Apology(), TABLE))
    return cr.Desk(
        defaults=defaults,
        goodwill=GoodwillRules(authority=LIMITS, **rules),
        entry_points=False,
    )


def test_one_approval_pays_once_on_any_case() -> None:
    """An approved 400 EUR decision is offered once; again on the same case, or on another case
    by another agent, it is refused, and the cases stay as they were."""
    desk = _goodwill_desk()
    case_a = desk.record(COMPLAINT, by=ALICE, at=T0)
    case_b = desk.record(DUPLICATE, by=BOB, at=T0)
    approved = desk.approve_goodwill(
        desk.decide_goodwill(FACTS, requested_by=ALICE, for_case=case_a), approver=MANAGER
    )
    assert approved.compensation.total == eur("400")
    case_a = desk.apply(case_a, OfferGoodwill(by=ALICE, at=minutes(1), decision=approved))
    for attempt in range(2):
        with pytest.raises(cr.OperationRefused, match="already offered") as info:
            desk.apply(case_a, OfferGoodwill(by=ALICE, at=minutes(2 + attempt), decision=approved))
        assert "an approval pays once" in info.value.reason
    with pytest.raises(cr.OperationRefused, match="made for case 'C-1', not this one"):
        desk.apply(case_b, OfferGoodwill(by=BOB, at=minutes(2), decision=approved))
    paid = [e for e in case_a.history if e.kind == "offer_goodwill"]
    assert len(paid) == 1
    assert desk.replay(case_a.history) == case_a


def test_a_decision_offered_twice_in_a_stored_history_does_not_replay() -> None:
    """A history in which one decision pays twice is refused on replay, naming the event."""
    desk = _goodwill_desk()
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    approved = desk.approve_goodwill(
        desk.decide_goodwill(FACTS, requested_by=ALICE, for_case=case), approver=MANAGER
    )
    case = desk.apply(case, OfferGoodwill(by=ALICE, at=minutes(1), decision=approved))
    second = OfferGoodwill(by=ALICE, at=minutes(2), decision=approved)
    forged = (*case.history, Event(case.case_id, 3, second, case.state, case.owner))
    with pytest.raises(cr.DataError, match="already offered") as info:
        desk.replay(forged)
    assert info.value.where == "$.history[2].operation"


def test_an_unbound_decision_is_not_offered() -> None:
    """A decision not bound to a case (decided without for_case) is refused, naming the fix."""
    desk = _goodwill_desk()
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    decision = desk.decide_goodwill(
        CompensationFacts("EUR", failure=FailureKind.NEGLECT), requested_by=ALICE
    )
    with pytest.raises(cr.OperationRefused, match="not bound to a case"):
        desk.apply(case, OfferGoodwill(by=ALICE, at=minutes(1), decision=decision))


# --- break 4: the desk re-derives what it pays ------------------------------------------------


def _hand_built_decision(case: cr.Case, amount: str, facts: CompensationFacts) -> Any:
    why = cr.Explanation(source="hand", rule="generous")
    compensation = Compensation(
        proposals=(Proposal(Remedy.CREDIT, eur(amount), why),),
        total=eur(amount),
        uncapped_total=eur(amount),
        explanations=(why,),
    )
    return (
        cr.Desk(entry_points=False)
        .decide_goodwill(facts, requested_by=ALICE, for_case=case)
        .__class__(
            facts=facts,
            compensation=compensation,
            requested_by=ALICE,
            case_id=case.case_id,
            case_version=case.version,
        )
    )


@pytest.mark.parametrize(
    ("facts", "amount", "decided"),
    [
        (FACTS, "99.00", "50.00 EUR"),
        (CompensationFacts("EUR", failure=FailureKind.NEGLECT), "99.00", "0.00 EUR"),
    ],
    ids=["above-the-cap", "facts-worth-nothing"],
)
def test_an_offer_pays_only_what_the_desk_itself_decides(
    facts: CompensationFacts, amount: str, decided: str
) -> None:
    """A hand-built compensation above what the desk decides (its cap, or facts it values at
    nothing) is refused, naming both amounts."""
    desk = cr.Desk(
        defaults=Defaults(compensation_strategies=(Apology(), TABLE)),
        goodwill=GoodwillRules(caps=(eur("50"),)),
        entry_points=False,
    )
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    decision = _hand_built_decision(case, amount, facts)
    with pytest.raises(cr.OperationRefused) as info:
        desk.apply(case, OfferGoodwill(by=ALICE, at=minutes(1), decision=decision))
    assert f"this desk decides {decided} for these facts" in info.value.reason
    assert f"offers {amount} EUR" in info.value.reason


# --- break 5: a plugin's Money subclass --------------------------------------------------------


class CheapLookingMoney(cr.Money):  # type: ignore[misc]
    """Money that claims to be no more than anything."""

    def __le__(self, other: object) -> bool:
        return True

    def __lt__(self, other: object) -> bool:
        return True


class Sneaky:
    plugin_name = "sneaky-strategy"
    name = "sneaky"

    @hookimpl
    def register_compensation_strategies(self) -> list[Any]:
        return [self]

    def propose(self, facts: CompensationFacts) -> Proposal:
        amount = object.__new__(CheapLookingMoney)
        object.__setattr__(amount, "amount", Decimal("100000.00"))
        object.__setattr__(amount, "currency", "EUR")
        return (
            Proposal(
                Remedy.CREDIT, eur("1.00"), cr.Explanation(source="s", rule="r")
            ).__class__.__new__(Proposal)
            if False
            else _proposal_with(amount)
        )


def _proposal_with(amount: Any) -> Proposal:
    proposal = object.__new__(Proposal)
    object.__setattr__(proposal, "remedy", Remedy.CREDIT)
    object.__setattr__(proposal, "amount", amount)
    object.__setattr__(proposal, "explanation", cr.Explanation(source="sneaky", rule="trust me"))
    return proposal


def test_a_money_subclass_from_a_plugin_escalates_and_pays_nothing() -> None:
    """A proposal holding a Money subclass is not paid: the decision escalates naming the plugin."""
    desk = cr.Desk(plugins=[Sneaky()], goodwill=GoodwillRules(authority=LIMITS), entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    decision = desk.decide_goodwill(FACTS, requested_by=ALICE, for_case=case)
    assert decision.escalate_to_human
    assert decision.compensation.total == eur("0.00")
    assert any("sneaky" in str(f) and "not Money" in str(f) for f in decision.failures)


# --- break 6: self-approval with an id variant -------------------------------------------------


@pytest.mark.parametrize("variant", ["leila ", " leila", "leila\u200b", "lei\u00adla", "lei\nla"])
def test_an_actor_id_with_spacing_or_invisible_characters_is_refused(variant: str) -> None:
    """An id with surrounding space or an invisible or control character is not an id."""
    with pytest.raises(cr.InvalidValue, match="actor_id"):
        cr.Actor(variant, "Leila", role="manager")


@pytest.mark.parametrize("variant", ["LEILA", "Leila", "\uff4c\uff45\uff49\uff4c\uff41"])
def test_self_approval_under_another_spelling_is_refused(variant: str) -> None:
    """The requester cannot approve their own request under a case or width variant of their id."""
    desk = _goodwill_desk()
    leila = cr.Actor("leila", "Leila", role="billing")
    case = desk.record(COMPLAINT, by=leila, at=T0)
    decision = desk.decide_goodwill(FACTS, requested_by=leila, for_case=case)
    with pytest.raises(cr.errors.ApprovalRefused, match="cannot approve"):
        desk.approve_goodwill(decision, approver=cr.Actor(variant, "Leila", role="manager"))


def test_a_currency_mismatch_names_the_right_side() -> None:
    """Facts in USD at a desk whose limits are in EUR: the message says the limits are in EUR."""
    desk = _goodwill_desk()
    facts = CompensationFacts("USD", failure=FailureKind.MONEY, category="voucher")
    with pytest.raises(cr.errors.CurrencyMismatch) as info:
        desk.decide_goodwill(facts, requested_by=ALICE)
    assert "the goodwill limits are in EUR" in str(info.value)
    assert "the facts are in" not in str(info.value)


# --- break 9: replies -------------------------------------------------------------------------


def test_a_reply_cannot_reuse_an_id_of_the_cases_lineage() -> None:
    """A follow-up case cannot take the id of the case it follows (a duplicate event id)."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    closed_early = attrs.evolve(case)  # untrusted: refused before anything else
    with pytest.raises(UntrustedCase):
        desk.handle_reply(closed_early, by=BOB, at=minutes(5), summary="?", follow_up_id="R-1")
    from tests.lifecycle._helpers import drive

    archived = drive(desk, "archived")
    with pytest.raises(cr.InvalidValue, match="already used by case 'C-1'"):
        desk.handle_reply(
            archived, by=BOB, at=archived.last_event_at, summary="again", follow_up_id="C-1"
        )
    follow_up = desk.handle_reply(
        archived, by=BOB, at=archived.last_event_at, summary="again", follow_up_id="C-1-R"
    )
    assert follow_up.complaint.follows_up == "C-1"


def test_a_reply_with_a_naive_time_is_refused() -> None:
    """handle_reply refuses a time without a time zone, even on an open case."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.raises(cr.InvalidValue, match="timezone-aware"):
        desk.handle_reply(case, by=BOB, at=T0.replace(tzinfo=None), summary="?", follow_up_id="C-2")


# --- break 13: a regulator is not a public post ------------------------------------------------


@pytest.mark.parametrize("channel", [cr.Channel.REGULATOR, cr.Channel.OMBUDSMAN])
def test_a_complaint_through_a_regulator_goes_to_the_regulatory_role(channel: cr.Channel) -> None:
    """A complaint made through a regulator or ombudsman goes to the regulatory complaints role,
    and the customer is never invited to move it to a private channel."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(attrs.evolve(COMPLAINT, channel=channel), by=ALICE, at=T0)
    actions = desk.follow_ups(case)
    assert not channel.is_public
    assert [a.role for a in actions] == ["regulatory complaints lead"]
    assert not any("private" in a.action for a in actions)


@pytest.mark.parametrize(
    "channel", [cr.Channel.SOCIAL_MEDIA, cr.Channel.REVIEW_SITE, cr.Channel.PRESS]
)
def test_a_public_post_is_still_invited_to_a_private_channel(channel: cr.Channel) -> None:
    """Public social, review and press channels keep the brand role and the private invitation."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(attrs.evolve(COMPLAINT, channel=channel), by=ALICE, at=T0)
    actions = desk.follow_ups(case)
    assert [a.role for a in actions] == ["brand manager", "owner"]
    assert "private channel" in actions[1].action
