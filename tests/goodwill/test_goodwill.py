"""Goodwill on the desk: authority limits, caps, currencies, and two invariants.

The invariants are properties: the same facts give the same compensation whoever
asks, and no boundary policy a plugin registers, however broken, can make
``Desk.decide_boundary`` raise or drop a safeguard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from typing import Any
from typing import Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.boundaries import Assessment
from custrecovery.boundaries import BendsRules
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import ComplainsRegardless
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NeverSatisfied
from custrecovery.cases import format_history
from custrecovery.desk import Defaults
from custrecovery.errors import ApprovalRefused
from custrecovery.errors import CurrencyMismatch
from custrecovery.goodwill import Apology
from custrecovery.goodwill import AuthorityDecision
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CategoryTable
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import CompensationStrategy
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillDecision
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import MatchedRemedy
from custrecovery.goodwill import ShareOfLoss
from custrecovery.goodwill import TimeLost
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import GiveRecourse
from custrecovery.operations import Investigate
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.operations import RejectResolution
from custrecovery.storage import to_dict
from custrecovery.testing import assessments
from custrecovery.testing import compensation_facts
from custrecovery.testing import customer_histories
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.conftest import minutes

UTC = timezone.utc


def eur(amount: str) -> cr.Money:
    return cr.Money(amount, "EUR")


AGENT = cr.Actor("amir", "Amir", role="agent")
OTHER_AGENT = cr.Actor("aida", "Aida", role="agent")
MANAGER = cr.Actor("mona", "Mona", role="manager")
DIRECTOR = cr.Actor("dara", "Dara", role="director")

LIMITS = AuthorityLimits({"agent": eur("20"), "manager": eur("200"), "director": eur("1000")})

TABLE = CategoryTable(
    "goodwill-table",
    {"at-limit": eur("20"), "small": eur("15"), "medium": eur("150"), "large": eur("800")},
)


def _desk(goodwill: GoodwillRules, *strategies: CompensationStrategy) -> cr.Desk:
    defaults = Defaults(compensation_strategies=(Apology(), *strategies))
    return cr.Desk(defaults=defaults, goodwill=goodwill, entry_points=False)


def _facts(category: str = "", currency: str = "EUR") -> CompensationFacts:
    return CompensationFacts(currency, failure=FailureKind.MONEY, category=category)


@pytest.fixture
def desk() -> cr.Desk:
    """A desk paying from TABLE under LIMITS (agent 20, manager 200, director 1000 EUR)."""
    return _desk(GoodwillRules(authority=LIMITS), TABLE)


# --- authority ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "requester", "total", "granted", "approvers"),
    [
        ("small", AGENT, "15.00", True, ("agent", "manager", "director")),
        ("at-limit", AGENT, "20.00", True, ("agent", "manager", "director")),
        ("medium", AGENT, "150.00", False, ("manager", "director")),
        ("medium", MANAGER, "150.00", True, ("manager", "director")),
        ("large", AGENT, "800.00", False, ("director",)),
        ("large", MANAGER, "800.00", False, ("director",)),
        ("large", DIRECTOR, "800.00", True, ("director",)),
        ("none-listed", AGENT, "0.00", True, ("agent", "manager", "director")),
    ],
)
def test_authority_table(
    desk: cr.Desk,
    category: str,
    requester: cr.Actor,
    total: str,
    granted: bool,
    approvers: tuple[str, ...],
) -> None:
    """Within the requester's limit (inclusive) is granted at once; above it lists approvers."""
    decision = desk.decide_goodwill(_facts(category), requested_by=requester)
    assert decision.compensation.total == eur(total)
    assert decision.granted is granted
    assert decision.authority is not None
    assert decision.authority.within_authority is granted
    assert decision.authority.approver_roles == approvers
    assert decision.authority.limit == LIMITS.limit(requester.role)


def test_offer_above_the_limit_is_refused_naming_the_approvers(desk: cr.Desk) -> None:
    """``OfferGoodwill`` with an unapproved decision above the limit names who may approve."""
    case = desk.record(COMPLAINT, by=AGENT, at=T0)
    decision = desk.decide_goodwill(_facts("medium"), requested_by=AGENT, for_case=case)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, OfferGoodwill(by=AGENT, at=minutes(1), decision=decision))
    assert "150.00 EUR is above the requester's goodwill limit" in refused.value.reason
    assert "(manager, director)" in refused.value.reason
    assert case.version == 1


def test_offer_within_the_limit_is_accepted_at_once(desk: cr.Desk) -> None:
    """A granted decision is offered without anyone's approval."""
    case = desk.record(COMPLAINT, by=AGENT, at=T0)
    decision = desk.decide_goodwill(_facts("small"), requested_by=AGENT, for_case=case)
    case = desk.apply(case, OfferGoodwill(by=AGENT, at=minutes(1), decision=decision))
    assert case.history[-1].kind == "offer_goodwill"
    with pytest.raises(ApprovalRefused, match="no approval needed"):
        desk.approve_goodwill(decision, approver=MANAGER)


@pytest.mark.parametrize(
    ("category", "approver"),
    [("medium", OTHER_AGENT), ("large", MANAGER)],
    ids=["agent-for-150", "manager-for-800"],
)
def test_approval_by_a_lower_limit_is_refused(
    desk: cr.Desk, category: str, approver: cr.Actor
) -> None:
    """An approver whose role's limit is below the total cannot approve it."""
    decision = desk.decide_goodwill(_facts(category), requested_by=AGENT)
    with pytest.raises(ApprovalRefused, match=f"role '{approver.role}' has a limit"):
        desk.approve_goodwill(decision, approver=approver)


def test_self_approval_is_refused(desk: cr.Desk) -> None:
    """The requester cannot approve their own request, even in a role that could."""
    decision = desk.decide_goodwill(_facts("large"), requested_by=MANAGER)
    promoted = cr.Actor(MANAGER.actor_id, MANAGER.name, role="director")
    for approver in (MANAGER, promoted):
        with pytest.raises(ApprovalRefused, match="cannot approve"):
            desk.approve_goodwill(decision, approver=approver)
    assert desk.approve_goodwill(decision, approver=DIRECTOR).granted


def test_approved_goodwill_is_offered_and_names_the_approver(desk: cr.Desk) -> None:
    """After a second person approves, the offer is accepted and its event names them."""
    case = desk.record(COMPLAINT, by=AGENT, at=T0)
    decision = desk.decide_goodwill(_facts("medium"), requested_by=AGENT, for_case=case)
    approved = desk.approve_goodwill(decision, approver=MANAGER)
    assert approved.granted
    assert approved.compensation == decision.compensation
    assert approved.authority is not None
    assert (approved.authority.approver_role, approved.authority.approver_id) == (
        "manager",
        "mona",
    )
    case = desk.apply(case, OfferGoodwill(by=AGENT, at=minutes(1), decision=approved))
    event = case.history[-1]
    assert isinstance(event.operation, OfferGoodwill)
    assert event.operation.decision.approved_by == MANAGER
    assert "approved_by=mona" in format_history(case)
    with pytest.raises(ApprovalRefused, match="already approved"):
        desk.approve_goodwill(approved, approver=DIRECTOR)


def test_unknown_requester_role_is_refused(desk: cr.Desk) -> None:
    """A requester whose role has no limit is an invalid value, not a silent zero."""
    intern = cr.Actor("ivo", "Ivo", role="intern")
    with pytest.raises(cr.InvalidValue, match="unknown role 'intern'"):
        desk.decide_goodwill(_facts("small"), requested_by=intern)


# --- forged decisions: the desk checks its own limits ----------------------------------------

GENEROUS = AuthorityLimits({"agent": eur("1000"), "manager": eur("1000"), "director": eur("1000")})
"""Limits another desk might have: anyone may give up to 1000 EUR."""


def test_a_decision_forging_within_authority_cannot_be_built(desk: cr.Desk) -> None:
    """An AuthorityDecision claiming 100 EUR is within a 10 EUR limit raises InvalidValue."""
    with pytest.raises(cr.InvalidValue, match=r"within_authority=True, but 100\.00 EUR"):
        AuthorityDecision(eur("100.00"), "agent", "amir", eur("10.00"), True, ("agent", "manager"))
    decision = desk.decide_goodwill(_facts("medium"), requested_by=AGENT)
    assert decision.authority is not None
    with pytest.raises(cr.InvalidValue, match="within_authority"):
        attrs.evolve(decision.authority, within_authority=True)


def _forged_limit(facts: CompensationFacts, case: cr.Case) -> GoodwillDecision:
    """The agent's decision with its authority rewritten to claim a 1000 EUR limit."""
    decision = _desk(GoodwillRules(authority=LIMITS), TABLE).decide_goodwill(
        facts, requested_by=AGENT, for_case=case
    )
    assert decision.authority is not None
    claimed = attrs.evolve(
        decision.authority,
        limit=eur("1000"),
        within_authority=True,
        approver_roles=("agent", *decision.authority.approver_roles),
    )
    return attrs.evolve(decision, authority=claimed)


def _decided_generously(facts: CompensationFacts, case: cr.Case) -> GoodwillDecision:
    return _desk(GoodwillRules(authority=GENEROUS), TABLE).decide_goodwill(
        facts, requested_by=AGENT, for_case=case
    )


def _decided_without_limits(facts: CompensationFacts, case: cr.Case) -> GoodwillDecision:
    return _desk(GoodwillRules(), TABLE).decide_goodwill(facts, requested_by=AGENT, for_case=case)


def _approved_by_generous_manager(facts: CompensationFacts, case: cr.Case) -> GoodwillDecision:
    # The agent's limit is the same there; only the manager's is higher.
    limits = attrs.evolve(LIMITS, limits={**dict(LIMITS.limits), "manager": eur("1000")})
    elsewhere = _desk(GoodwillRules(authority=limits), TABLE)
    decision = elsewhere.decide_goodwill(facts, requested_by=AGENT, for_case=case)
    return elsewhere.approve_goodwill(decision, approver=MANAGER)


@pytest.mark.parametrize(
    ("make", "category", "reason"),
    [
        pytest.param(
            _forged_limit,
            "medium",
            "records a limit of 1000.00 EUR for role 'agent', but this desk's limit is 20.00 EUR",
            id="forged-limit",
        ),
        pytest.param(
            _decided_generously,
            "medium",
            "this desk's limit is 20.00 EUR, and 150.00 EUR is above it",
            id="decided-at-a-more-generous-desk",
        ),
        pytest.param(
            _decided_without_limits,
            "small",
            "not checked against this desk's goodwill limits",
            id="never-checked",
        ),
        pytest.param(
            _approved_by_generous_manager,
            "large",
            "'manager' has a limit of 200.00 EUR at this desk, lower than 800.00 EUR",
            id="approver-too-low-here",
        ),
    ],
)
def test_offer_is_checked_against_the_desks_own_limits(
    desk: cr.Desk,
    make: Callable[[CompensationFacts, cr.Case], GoodwillDecision],
    category: str,
    reason: str,
) -> None:
    """A decision whose authority this desk's limits do not give is refused; nothing changes."""
    case = desk.record(COMPLAINT, by=AGENT, at=T0)
    decision = make(_facts(category), case)
    assert decision.granted  # it claims to be givable ...
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, OfferGoodwill(by=AGENT, at=minutes(1), decision=decision))
    assert reason in refused.value.reason  # ... but not by this desk's rules
    assert case.version == 1


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param(
            {"requested_by": MANAGER}, "but 'mona' ('manager') requested it", id="other-requester"
        ),
        pytest.param(
            {"approved_by": DIRECTOR}, "but the authority records 'mona'", id="other-approver"
        ),
        pytest.param({"approved_by": None}, "records an approval by 'mona'", id="approval-dropped"),
    ],
)
def test_a_decision_disagreeing_with_its_authority_cannot_be_built(
    desk: cr.Desk, changes: dict[str, Any], problem: str
) -> None:
    """The requester and approver of a decision are those its authority record names."""
    approved = desk.approve_goodwill(
        desk.decide_goodwill(_facts("medium"), requested_by=AGENT), approver=MANAGER
    )
    with pytest.raises(cr.InvalidValue, match=re.escape(problem)):
        attrs.evolve(approved, **changes)


def test_an_approval_where_none_is_needed_cannot_be_built(desk: cr.Desk) -> None:
    """A decision within authority records no approver, and never the requester."""
    decision = desk.decide_goodwill(_facts("small"), requested_by=AGENT)
    with pytest.raises(cr.InvalidValue, match="no approval is recorded"):
        attrs.evolve(decision, approved_by=MANAGER)
    with pytest.raises(cr.InvalidValue, match="second person"):
        attrs.evolve(decision, approved_by=AGENT)


def test_approved_goodwill_replays_under_the_same_limits(desk: cr.Desk) -> None:
    """An approved offer replays to the same case; a desk with a lower limit refuses it."""
    recorded = desk.record(COMPLAINT, by=AGENT, at=T0)
    approved = desk.approve_goodwill(
        desk.decide_goodwill(_facts("medium"), requested_by=AGENT, for_case=recorded),
        approver=MANAGER,
    )
    within = desk.decide_goodwill(_facts("small"), requested_by=AGENT, for_case=recorded)
    case = desk.apply_all(
        recorded,
        [
            OfferGoodwill(by=AGENT, at=minutes(1), decision=approved),
            OfferGoodwill(by=AGENT, at=minutes(2), decision=within),
        ],
    )
    assert desk.replay(case.history) == case
    assert cr.case_from_dict(to_dict(case), desk=desk) == case
    stricter = _desk(GoodwillRules(authority=AuthorityLimits({"agent": eur("5")})))
    with pytest.raises(cr.DataError, match=r"this desk's limit is 5\.00 EUR"):
        stricter.replay(case.history)


# --- caps and currencies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "price", "total", "capped"),
    [
        ("EUR", "100.00", "50.00", True),
        ("EUR", "40.00", "40.00", False),
        ("JPY", "9000", "5000", True),
        ("GBP", "900.00", "900.00", False),
    ],
)
def test_caps_apply_per_currency(currency: str, price: str, total: str, capped: bool) -> None:
    """Each currency is capped by its own cap; a currency without one is not capped."""
    rules = GoodwillRules(caps=[eur("50"), cr.Money("5000", "JPY")])
    desk = _desk(rules, ShareOfLoss(Decimal(1), base="price"))
    facts = CompensationFacts(currency, failure=FailureKind.MONEY, price=cr.Money(price, currency))
    decision = desk.decide_goodwill(facts, requested_by=AGENT)
    assert decision.compensation.total == cr.Money(total, currency)
    assert decision.compensation.capped is capped
    assert decision.compensation.uncapped_total == cr.Money(price, currency)
    assert any(e.source == "combine" for e in decision.explanations) is capped


@pytest.mark.parametrize(
    "caps",
    [
        pytest.param([eur("50"), eur("60")], id="two-caps-in-one-currency"),
        pytest.param([eur("-1")], id="negative-cap"),
    ],
)
def test_invalid_caps_are_refused(caps: list[cr.Money]) -> None:
    """At most one non-negative cap per currency."""
    with pytest.raises(cr.InvalidValue):
        GoodwillRules(caps=caps)


def test_facts_in_another_currency_than_the_limits_mismatch(desk: cr.Desk) -> None:
    """Facts in GBP checked against EUR limits raise CurrencyMismatch."""
    with pytest.raises(CurrencyMismatch):
        desk.decide_goodwill(_facts("small", currency="GBP"), requested_by=AGENT)


def test_limits_in_two_currencies_mismatch() -> None:
    """Authority limits must all be in one currency."""
    with pytest.raises(CurrencyMismatch):
        AuthorityLimits({"agent": eur("20"), "manager": cr.Money("200", "GBP")})


def test_facts_amounts_in_another_currency_mismatch() -> None:
    """A price in USD on facts in EUR raises CurrencyMismatch."""
    with pytest.raises(CurrencyMismatch):
        CompensationFacts("EUR", failure=FailureKind.MONEY, price=cr.Money("5", "USD"))


# --- consistency: the amount never depends on who asks ----------------------------------------

STRATEGIES: tuple[CompensationStrategy, ...] = (
    TABLE,
    TimeLost(eur("12")),
    ShareOfLoss(Decimal("0.8")),
    ShareOfLoss(Decimal("1.1"), base="price", name="share_of_price"),
    MatchedRemedy(),
)


@settings(max_examples=200, deadline=None)
@given(
    facts=compensation_facts("EUR", max_amount=2_000, max_time_lost=timedelta(hours=30)),
    category=st.sampled_from(["", "small", "medium", "large"]),
    rule=st.sampled_from(["largest", "sum", "first"]),
    cap=st.none() | st.sampled_from([eur("0"), eur("25"), eur("500")]),
    requesters=st.permutations([AGENT, MANAGER, DIRECTOR, OTHER_AGENT]),
)
def test_same_facts_same_compensation_whoever_asks(
    facts: CompensationFacts,
    category: str,
    rule: Literal["largest", "sum", "first"],
    cap: cr.Money | None,
    requesters: list[cr.Actor],
) -> None:
    """Different requesters (roles and ids) and repeated calls get the same compensation."""
    rules = GoodwillRules(
        rule=rule,
        caps=() if cap is None else (cap,),
        authority=LIMITS,
    )
    desk = _desk(rules, *STRATEGIES)
    facts = attrs.evolve(facts, category=category)
    first = desk.decide_goodwill(facts, requested_by=requesters[0])
    for requester in [*requesters, requesters[0]]:
        again = desk.decide_goodwill(facts, requested_by=requester)
        assert again.compensation == first.compensation
        assert again.failures == first.failures == ()
        assert again.facts == facts
        assert again.requested_by == requester
        # Only whether it may be given at once depends on who asks.
        assert again.granted is (first.compensation.total <= LIMITS.limit(requester.role))
    if cap is not None:
        assert first.compensation.total <= cap


# --- boundary safeguards: whatever the plugins register ---------------------------------------

ERRORS = st.builds(
    lambda kind, message: kind(message),
    st.sampled_from(
        [RuntimeError, ValueError, KeyError, TypeError, AttributeError, cr.InvalidValue]
    ),
    st.text(max_size=8),
) | st.builds(lambda message: cr.DataError(message, where="$"), st.text(max_size=8))
"""Exceptions a broken policy or plugin raises (fresh ones, with any message)."""

NOT_A_SEQUENCE = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.builds(object),
    st.sets(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(BoundaryAction),
)
"""What a broken ``register_boundary_policies`` returns instead of a sequence."""

NOT_AN_ASSESSMENT = NOT_A_SEQUENCE | st.text(max_size=5) | st.lists(st.integers(), max_size=3)
"""What a broken policy's ``assess`` returns instead of an Assessment."""

RESTRICTIVE = st.sampled_from([a for a in BoundaryAction if a is not BoundaryAction.CONTINUE])


class FixedPolicy:
    """A policy that raises or returns ``behaviour`` (garbage, or a valid Assessment)."""

    def __init__(self, name: str, behaviour: object) -> None:
        self.name = name
        self.behaviour = behaviour

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> object:
        if isinstance(self.behaviour, BaseException):
            raise self.behaviour
        return self.behaviour


class NamelessPolicy:
    """A policy whose ``name`` raises; its ``assess`` works."""

    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment

    @property
    def name(self) -> str:
        raise RuntimeError("no name")

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        return self.assessment


class PolicyPlugin:
    """Registers ``registered`` as its boundary policies (or raises it)."""

    def __init__(self, plugin_name: str, registered: object) -> None:
        self.plugin_name = plugin_name
        self.registered = registered

    @hookimpl
    def register_boundary_policies(self) -> object:
        if isinstance(self.registered, BaseException):
            raise self.registered
        return self.registered


@st.composite
def _policy(draw: st.DrawFn) -> tuple[object, bool]:
    """A policy (or something in its place) and whether it works."""
    kind = draw(st.sampled_from(["builtin", "fixed", "nameless", "raises", "garbage", "object"]))
    if kind == "builtin":
        builtin = draw(
            st.one_of(
                st.builds(
                    NeverSatisfied, rejections_in_a_row=st.integers(1, 4), suggests=RESTRICTIVE
                ),
                st.builds(
                    ComplainsRegardless,
                    max_complaints=st.integers(1, 8),
                    window=st.timedeltas(timedelta(days=1), timedelta(days=365)),
                    suggests=RESTRICTIVE,
                ),
                st.builds(BendsRules, max_requests=st.integers(1, 4), suggests=RESTRICTIVE),
            )
        )
        return builtin, True
    if kind == "fixed":
        return FixedPolicy("fixed", draw(assessments())), True
    if kind == "nameless":
        return NamelessPolicy(draw(assessments())), True
    if kind == "raises":
        return FixedPolicy("raises", draw(ERRORS)), False
    if kind == "garbage":
        return FixedPolicy("garbage", draw(NOT_AN_ASSESSMENT)), False
    return draw(NOT_A_SEQUENCE), False  # not a policy at all: no assess()


@st.composite
def policy_plugins(draw: st.DrawFn) -> tuple[list[PolicyPlugin], list[str]]:
    """Plugins registering policies, broken or not, and the names of the broken ones."""
    plugins: list[PolicyPlugin] = []
    broken: list[str] = []
    for index in range(draw(st.integers(0, 4))):
        name = f"plugin-{index}"
        how = draw(st.sampled_from(["raises", "not-a-sequence", "policies"]))
        if how == "raises":
            plugins.append(PolicyPlugin(name, draw(ERRORS)))
            broken.append(name)
        elif how == "not-a-sequence":
            plugins.append(PolicyPlugin(name, draw(NOT_A_SEQUENCE)))
            broken.append(name)
        else:
            drawn = draw(st.lists(_policy(), max_size=4))
            plugins.append(PolicyPlugin(name, [policy for policy, _ in drawn]))
            if not all(works for _, works in drawn):
                broken.append(name)
    return plugins, broken


@settings(max_examples=200, deadline=None)
@given(
    drawn=policy_plugins(),
    history=customer_histories(),
    as_of=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2025, 6, 1), timezones=st.just(UTC)
    ),
)
def test_boundary_safeguards_hold_whatever_plugins_register(
    drawn: tuple[list[PolicyPlugin], list[str]], history: CustomerHistory, as_of: datetime
) -> None:
    """``decide_boundary`` never raises, keeps the safeguards, and escalates every failure."""
    plugins, broken = drawn
    desk = cr.Desk(plugins=plugins, entry_points=False)
    decision = desk.decide_boundary(history, as_of=as_of)
    assert decision.owner_kept is True
    assert decision.external_recourse_kept is True
    assert decision.new_complaints_on_merits is True
    assert decision.escalate_to_human is bool(broken)
    if decision.escalate_to_human:
        assert decision.action is not BoundaryAction.CONTINUE
        assert decision.escalation_reason is not None
        for name in broken:
            assert f"'{name}" in decision.escalation_reason
    assert (decision.notice is not None) is (decision.action is BoundaryAction.RESTRICT_CONTACT)


STAGES: dict[str, tuple[Operation, ...]] = {
    "received": (),
    "acknowledged": (Acknowledge(by=ALICE, at=minutes(1)),),
    "resolution_rejected": (
        Acknowledge(by=ALICE, at=minutes(1)),
        Assess(by=ALICE, at=minutes(2)),
        Investigate(by=ALICE, at=minutes(3)),
        ProposeResolution(by=ALICE, at=minutes(4), resolution="a refund of the fee"),
        RejectResolution(by=ALICE, at=minutes(5), note="wants more"),
    ),
}
"""Open cases at three points of the lifecycle; recourse is given only after a rejection."""


@settings(max_examples=200, deadline=None)
@given(
    drawn=policy_plugins(),
    history=customer_histories(),
    stage=st.sampled_from(sorted(STAGES)),
)
def test_a_recorded_boundary_decision_leaves_the_safeguards_in_force(
    drawn: tuple[list[PolicyPlugin], list[str]], history: CustomerHistory, stage: str
) -> None:
    """Whatever the plugins decide, recording it keeps the owner, recourse and new complaints."""
    plugins, _ = drawn
    desk = cr.Desk(plugins=plugins, entry_points=False)
    plain = cr.Desk(entry_points=False)
    case = desk.apply_all(desk.record(COMPLAINT, by=ALICE, at=T0), STAGES[stage])
    assert case.state == stage
    history = attrs.evolve(history, customer_id=COMPLAINT.customer.customer_id)
    decision = desk.decide_boundary(history, as_of=minutes(10))
    after = desk.apply(case, RecordBoundaryDecision(by=ALICE, at=minutes(10), decision=decision))
    # The owner stays, and nothing else about the case moves.
    assert (after.owner, after.state, after.version) == (case.owner, case.state, case.version + 1)
    # The customer keeps recourse: offered exactly where it was before the decision.
    assert ("give_recourse" in desk.allowed(after)) is (stage == "resolution_rejected")
    if stage == "resolution_rejected":
        recourse = GiveRecourse(
            by=ALICE, at=minutes(11), internal="the complaints manager", external="the ombudsman"
        )
        given_after = desk.apply(after, recourse)
        assert (given_after.state, given_after.owner) == ("recourse_given", ALICE)
    if decision.notice is not None:
        assert decision.notice.external_recourse.strip()
    # A new complaint from the same customer is recorded as on a desk with no policies.
    fresh = attrs.evolve(COMPLAINT, complaint_id="C-NEW", received_at=minutes(12))
    assert desk.record(fresh, by=BOB, at=minutes(12)) == plain.record(fresh, by=BOB, at=minutes(12))
