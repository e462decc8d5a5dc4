"""Plugins fail closed when the desk is built, and while their answers are read (issue 11)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pluggy
import pytest

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.operations import Acknowledge
from custrecovery.operations import Operation
from tests.conftest import ALICE
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.desk._helpers import EUR_FACTS
from tests.desk._helpers import _desk

other_project = pluggy.HookimplMarker("someone-else")


class ForeignMarker:
    """A veto marked with another project's marker: it would never be called."""

    plugin_name = "foreign-veto"

    @other_project
    def veto_operation(self, operation: Operation) -> str:
        return "never"


class Unmarked:
    """A veto function nobody marked as a hook."""

    plugin_name = "unmarked-veto"

    def veto_operation(self, operation: Operation) -> str:
        return "never"


class Wrapper:
    """A notification declared as a new-style hook wrapper."""

    plugin_name = "wrapping-listener"

    @hookimpl(wrapper=True)
    def on_operation_accepted(self, case: cr.Case, event: cr.Event) -> Iterator[None]:
        yield None


class OldWrapper:
    """A veto declared as an old-style hook wrapper."""

    plugin_name = "old-wrapper"

    @hookimpl(hookwrapper=True)
    def veto_operation(self, operation: Operation) -> Iterator[None]:
        yield None


@pytest.mark.parametrize(
    ("plugin", "name", "problem"),
    [
        (ForeignMarker(), "foreign-veto", "implements no custrecovery hook"),
        (Unmarked(), "unmarked-veto", "implements no custrecovery hook"),
        (42, "<unnamed 42>", "implements no custrecovery hook"),
        (Wrapper(), "wrapping-listener", "hook wrappers are not supported"),
        (OldWrapper(), "old-wrapper", "hook wrappers are not supported"),
    ],
)
def test_a_plugin_that_would_do_nothing_or_wrap_refuses_the_desk(
    plugin: object, name: str, problem: str
) -> None:
    """A plugin implementing no hook of this project, or wrapping one, fails the desk's build."""
    with pytest.raises(cr.PluginError) as info:
        _desk(plugin)
    assert problem in info.value.problem
    assert name in info.value.plugin


class ExplodingText(str):
    """A veto answer whose strip() runs the plugin's code and fails."""

    __slots__ = ()

    def strip(self, chars: str | None = None) -> str:
        raise RuntimeError("strip exploded")


class StrSubclassVeto:
    plugin_name = "tricky-veto"

    @hookimpl
    def veto_operation(self, operation: Operation) -> str:
        return ExplodingText("no")


def test_a_veto_answer_that_is_not_exactly_text_escalates() -> None:
    """A ``str`` subclass as a veto is not trusted: the operation escalates, naming the plugin."""
    desk = _desk(StrSubclassVeto())
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    before = copy.deepcopy(case)
    with pytest.raises(cr.EscalationRequired, match="tricky-veto"):
        desk.apply(case, Acknowledge(by=ALICE, at=T0))
    assert case == before


class ExplodingList(list[Any]):
    """A registration answer whose iteration runs the plugin's code and fails."""

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("iteration exploded")


class BadPolicies:
    plugin_name = "bad-policies"

    @hookimpl
    def register_boundary_policies(self) -> list[Any]:
        return ExplodingList([object()])


class BadStrategies:
    plugin_name = "bad-strategies"

    @hookimpl
    def register_compensation_strategies(self) -> list[Any]:
        return ExplodingList([object()])


def test_a_registration_list_that_cannot_be_read_escalates_the_boundary_decision() -> None:
    """A policy list whose iteration raises makes the decision an escalation naming the plugin."""
    desk = _desk(BadPolicies())
    history = CustomerHistory("cust-1", (ContactRecord(case_id="C-1", received_at=T0),))
    decision = desk.decide_boundary(history, as_of=T0)
    assert decision.escalate_to_human
    assert decision.action is not BoundaryAction.CONTINUE
    assert decision.escalation_reason is not None
    assert "bad-policies" in decision.escalation_reason
    assert "could not be read" in decision.escalation_reason


def test_a_registration_list_that_cannot_be_read_escalates_goodwill() -> None:
    """A strategy list whose iteration raises escalates the goodwill decision, paying nothing."""
    desk = _desk(BadStrategies())
    decision = desk.decide_goodwill(EUR_FACTS, requested_by=ALICE)
    assert decision.escalate_to_human
    assert not decision.granted
    assert any(
        "bad-strategies" in str(f.facts) or "bad-strategies" in f.rule for f in decision.failures
    )


@pytest.mark.parametrize(
    ("packs", "problem"),
    [
        ("rail", "packs takes a list, got the string"),
        (["no-such-pack"], "no pack named 'no-such-pack' is installed"),
        ([""], "a pack name must be non-empty text"),
    ],
)
def test_a_pack_that_cannot_be_enabled_refuses_the_desk(packs: Any, problem: str) -> None:
    """A pack name that is not installed (or not a name) fails the desk's build, never silently."""
    with pytest.raises(cr.PluginError, match=problem):
        cr.Desk(packs=packs, entry_points=False)
