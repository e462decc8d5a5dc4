"""Plugins fail closed in every hook: boundaries, goodwill, vetoes, notices, follow-ups."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime

import attrs
import pytest

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.boundaries import Assessment
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import BoundaryDecision
from custrecovery.boundaries import CustomerHistory
from custrecovery.errors import ApprovalRefused
from custrecovery.errors import PluginWarning
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.operations import Acknowledge
from custrecovery.operations import OfferGoodwill
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.conftest import minutes
from tests.desk._helpers import EUR_FACTS
from tests.desk._helpers import PUBLIC_COMPLAINT
from tests.desk._helpers import Broken
from tests.desk._helpers import Counter
from tests.desk._helpers import VetoPlugin
from tests.desk._helpers import _desk
from tests.desk._helpers import _outcome

QUIET_HISTORY = CustomerHistory("cust-1")
"""A customer with no past contacts: every built-in policy says CONTINUE."""


def _safeguards_hold(decision: BoundaryDecision) -> bool:
    return (
        decision.owner_kept
        and decision.external_recourse_kept
        and decision.new_complaints_on_merits
    )


# --- plugins used by the tests ---------------------------------------------------------


class Policy:
    """A boundary policy whose ``assess`` raises or returns ``behaviour``."""

    name = "odd-policy"

    def __init__(self, behaviour: object) -> None:
        self.behaviour = behaviour

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> object:
        return _outcome(self.behaviour)


class Strategy:
    """A compensation strategy whose ``propose`` raises or returns ``behaviour``."""

    name = "odd-strategy"

    def __init__(self, behaviour: object) -> None:
        self.behaviour = behaviour

    def propose(self, facts: CompensationFacts) -> object:
        return _outcome(self.behaviour)


class BoundaryPlugin(Broken):
    def __init__(self, registered: object) -> None:
        self.registered = registered

    @hookimpl
    def register_boundary_policies(self) -> object:
        return _outcome(self.registered)


class CompensationPlugin(Broken):
    def __init__(self, registered: object) -> None:
        self.registered = registered

    @hookimpl
    def register_compensation_strategies(self) -> object:
        return _outcome(self.registered)


class NotifyPlugin(Broken):
    def __init__(self, error: BaseException) -> None:
        self.error = error

    @hookimpl
    def on_operation_accepted(self, event: cr.Event) -> None:
        raise self.error


class FollowUpPlugin(Broken):
    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def suggest_follow_ups(self, case: cr.Case) -> object:
        return _outcome(self.answer)


class Unprintable:
    """Garbage whose ``repr`` raises: still garbage, so still a failure of the plugin."""

    def __repr__(self) -> str:
        raise RuntimeError("cannot print me")


class UnprintableError(Exception):
    """An exception whose message cannot be turned into text."""

    def __str__(self) -> str:
        raise RuntimeError("cannot print me")


# --- failing closed: boundary policies --------------------------------------------------------


@pytest.mark.parametrize(
    "registered",
    [
        pytest.param(RuntimeError("boom"), id="registration-raises"),
        pytest.param(42, id="registration-returns-garbage"),
        pytest.param([None], id="registration-lists-a-non-policy"),
        pytest.param([Policy(RuntimeError("boom"))], id="assess-raises"),
        pytest.param([Policy("flagged!")], id="assess-returns-garbage"),
        pytest.param([Policy(BoundaryAction.PART_WAYS)], id="assess-returns-an-action"),
    ],
)
def test_broken_boundary_policy_escalates(registered: object) -> None:
    """A broken policy plugin makes the decision an escalation naming it, safeguards kept."""
    decision = _desk(BoundaryPlugin(registered)).decide_boundary(QUIET_HISTORY, as_of=T0)
    assert decision.escalate_to_human
    assert decision.escalation_reason is not None
    assert "'broken" in decision.escalation_reason
    # Take private, never CONTINUE, and never a restriction on the broken policy alone.
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert decision.notice is None
    assert _safeguards_hold(decision)
    # The built-in policies were still assessed.
    assert "never-satisfied" in {e.source for e in decision.explanations}


def test_working_boundary_plugin_does_not_escalate() -> None:
    """A plugin whose policy works is combined normally (the table above can fail)."""
    assessment = Assessment(
        "odd-policy", True, BoundaryAction.BACK_EMPLOYEE, cr.Explanation(source="s", rule="r")
    )
    decision = _desk(BoundaryPlugin([Policy(assessment)])).decide_boundary(QUIET_HISTORY, as_of=T0)
    assert not decision.escalate_to_human
    assert decision.action is BoundaryAction.BACK_EMPLOYEE


# --- failing closed: compensation strategies -------------------------------------------------

USD_PROPOSAL = Proposal(
    Remedy.CREDIT, cr.Money("50", "USD"), cr.Explanation(source="odd-strategy", rule="r")
)

BROKEN_STRATEGIES = [
    pytest.param(RuntimeError("boom"), id="registration-raises"),
    pytest.param(42, id="registration-returns-garbage"),
    pytest.param([Strategy(RuntimeError("boom"))], id="propose-raises"),
    pytest.param([Strategy("fifty euros")], id="propose-returns-garbage"),
    pytest.param([Strategy(USD_PROPOSAL)], id="propose-in-another-currency"),
]


@pytest.mark.parametrize("registered", BROKEN_STRATEGIES)
def test_broken_strategy_escalates_and_pays_nothing(registered: object) -> None:
    """A broken strategy escalates the decision naming the plugin; nothing is paid for it."""
    decision = _desk(CompensationPlugin(registered)).decide_goodwill(EUR_FACTS, requested_by=ALICE)
    assert decision.escalate_to_human
    assert not decision.granted
    assert decision.failures
    assert all(f.source.startswith("broken") for f in decision.failures)
    assert decision.compensation.total == cr.Money("0.00", "EUR")
    assert [p.remedy for p in decision.compensation.proposals] == [Remedy.APOLOGY]


@pytest.mark.parametrize("registered", BROKEN_STRATEGIES)
def test_escalated_goodwill_needs_a_second_person(registered: object) -> None:
    """An escalated decision is refused until someone other than the requester approves it."""
    desk = _desk(CompensationPlugin(registered))
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    decision = desk.decide_goodwill(EUR_FACTS, requested_by=ALICE, for_case=case)
    with pytest.raises(cr.OperationRefused, match="a compensation plugin failed"):
        desk.apply(case, OfferGoodwill(by=ALICE, at=T0, decision=decision))
    with pytest.raises(ApprovalRefused, match="cannot approve"):
        desk.approve_goodwill(decision, approver=ALICE)
    approved = desk.approve_goodwill(decision, approver=BOB)
    assert approved.granted
    assert approved.approved_by == BOB
    case = desk.apply(case, OfferGoodwill(by=ALICE, at=T0, decision=approved))
    assert case.version == 2


# --- failing closed: veto_operation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "refusal", "message"),
    [
        pytest.param(
            RuntimeError("boom"), cr.EscalationRequired, "raised RuntimeError: boom", id="raises"
        ),
        pytest.param(42, cr.EscalationRequired, "returned 42", id="returns-garbage"),
        pytest.param("  ", cr.EscalationRequired, "returned '  '", id="returns-blank-text"),
        pytest.param(
            "closed on Sundays", cr.OperationRefused, "closed on Sundays", id="gives-a-reason"
        ),
    ],
)
def test_veto_refuses_and_leaves_the_case_unchanged(
    answer: object, refusal: type[cr.OperationRefused], message: str
) -> None:
    """A veto refuses with its reason; a broken veto escalates; either way the case stays."""
    desk = _desk(VetoPlugin(answer))
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    before = attrs.evolve(case)
    with pytest.raises(cr.OperationRefused) as refused:
        desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    assert type(refused.value) is refusal
    assert "plugin 'broken'" in refused.value.reason
    assert message in refused.value.reason
    assert (refused.value.case_id, refused.value.state) == ("C-1", "received")
    assert case == before
    assert case.version == 1


def test_veto_returning_none_lets_the_rules_decide() -> None:
    """A veto answering ``None`` lets the operation through."""
    desk = _desk(VetoPlugin(None))
    case = desk.apply(desk.record(COMPLAINT, by=ALICE, at=T0), Acknowledge(by=ALICE, at=T0))
    assert case.state == "acknowledged"


# --- failing closed: notifications ------------------------------------------------------------


def test_failing_notification_warns_and_the_operation_stands() -> None:
    """An ``on_operation_accepted`` that raises is a PluginWarning; the case is returned."""
    counter = Counter()
    # Registered last, the broken plugin is called first: the counter must still hear.
    desk = _desk(counter, NotifyPlugin(RuntimeError("mail server down")))
    with pytest.warns(PluginWarning, match="plugin 'broken'.*mail server down"):
        case = desk.record(COMPLAINT, by=ALICE, at=T0)
    with pytest.warns(PluginWarning, match=r"C-1#2"):
        case = desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    assert case.state == "acknowledged"
    assert case.version == 2
    assert [e.version for e in counter.events] == [1, 2]


# --- failing closed: follow-ups ---------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(RuntimeError("boom"), id="raises"),
        pytest.param(42, id="returns-garbage"),
        pytest.param(None, id="returns-none"),
        pytest.param(["call the customer"], id="lists-text"),
    ],
)
def test_broken_follow_ups_ask_a_supervisor(answer: object) -> None:
    """Broken follow-up suggestions become a supervisor review naming the plugin."""
    desk = _desk(FollowUpPlugin(answer))
    actions = desk.follow_ups(desk.record(PUBLIC_COMPLAINT, by=ALICE, at=T0))
    supervisor = [a for a in actions if a.role == "supervisor"]
    assert len(supervisor) == 1
    assert supervisor[0].source == "broken"
    assert "plugin 'broken'" in supervisor[0].why
    assert "review case C-1" in supervisor[0].action
    # The built-in suggestions are still there.
    assert any(a.role == "brand manager" for a in actions)


# --- failing closed: garbage that cannot even be printed ------------------------------------


def _unprintable_boundary() -> object:
    return _desk(BoundaryPlugin([Policy(Unprintable())])).decide_boundary(QUIET_HISTORY, as_of=T0)


def _unprintable_goodwill() -> object:
    return _desk(CompensationPlugin([Strategy(Unprintable())])).decide_goodwill(
        EUR_FACTS, requested_by=ALICE
    )


def _unprintable_veto() -> object:
    desk = _desk(VetoPlugin(Unprintable()))
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    try:
        desk.apply(case, Acknowledge(by=ALICE, at=T0))
    except cr.EscalationRequired as escalation:
        return escalation
    return None


def _unprintable_notification() -> object:
    desk = _desk(NotifyPlugin(UnprintableError()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        return desk.record(COMPLAINT, by=ALICE, at=T0)


def _unprintable_follow_ups() -> object:
    desk = _desk(FollowUpPlugin([Unprintable()]))
    return desk.follow_ups(desk.record(COMPLAINT, by=ALICE, at=T0))


@pytest.mark.parametrize(
    "attempt",
    [
        _unprintable_boundary,
        _unprintable_goodwill,
        _unprintable_veto,
        _unprintable_notification,
        _unprintable_follow_ups,
    ],
    ids=["boundary", "goodwill", "veto", "notification", "follow-ups"],
)
def test_unprintable_garbage_still_fails_closed(attempt: Callable[[], object]) -> None:
    """Garbage whose repr (or an error whose str) raises is still handled fail-closed."""
    assert attempt() is not None


class NamelessStrategy:
    """A strategy whose ``name`` property raises."""

    @property
    def name(self) -> str:
        raise RuntimeError("no name")

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        return None


def test_strategy_with_a_broken_name_escalates() -> None:
    """A strategy whose ``name`` raises escalates the decision instead of raising."""
    decision = _desk(CompensationPlugin([NamelessStrategy()])).decide_goodwill(
        EUR_FACTS, requested_by=ALICE
    )
    assert decision.escalate_to_human
