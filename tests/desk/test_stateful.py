"""The conformance kit against the real desk, and against desks with seeded bugs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis.stateful import run_state_machine_as_test

import custrecovery as cr
from custrecovery.cases import Case
from custrecovery.desk import _effects
from custrecovery.desk import _ownership
from custrecovery.errors import InvalidLifecycle
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import TransitionSpec
from custrecovery.lifecycle import build_lifecycle
from custrecovery.operations import AssignWork
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.testing import BUILTIN_STAGES
from custrecovery.testing import DirectoryConformance
from custrecovery.testing import LifecycleConformance
from custrecovery.testing import StageTable
from custrecovery.testing import conformance_tests

SETTINGS = hypothesis.settings(max_examples=200, stateful_step_count=30, deadline=None)
RULES = LifecycleRules(reopen_window=timedelta(hours=4))
"""A reopen window shorter than the strategies' longest pause, so replies land on both sides."""

MUTANT_SETTINGS = hypothesis.settings(
    max_examples=400,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
    # Finding the bug is the point; shrinking the example to its minimum takes minutes.
    phases=[Phase.generate],
)
"""Deterministic, so a seeded bug is found (or missed) the same way on every run."""

TestCompiledDeskConforms = conformance_tests(
    lambda: cr.Desk(engine="compiled", rules=RULES), settings=SETTINGS
)
TestCompiledDeskConforms.__doc__ = "The compiled engine's desk does what the documented rules say."

TestReferenceDeskConforms = conformance_tests(
    lambda: cr.Desk(engine="reference", rules=RULES), settings=SETTINGS
)
TestReferenceDeskConforms.__doc__ = (
    "The reference engine's desk does what the documented rules say."
)


TestDirectoryDeskConforms = DirectoryConformance.TestCase
TestDirectoryDeskConforms.settings = SETTINGS
TestDirectoryDeskConforms.__doc__ = (
    "A desk with a directory, whose owners may leave mid-case, does what the rules say."
)


def test_hand_written_stages_match_the_declaration() -> None:
    """The model's hand-written stage table is the built-in lifecycle's table."""
    read = StageTable.from_lifecycle(ComplaintLifecycle)
    assert dict(read.targets) == dict(BUILTIN_STAGES)
    assert read.final == StageTable.builtin().final
    assert read.open == StageTable.builtin().open
    assert read.guarded == frozenset()


def test_conformance_tests_carries_its_settings() -> None:
    """``conformance_tests`` returns a test case class with the settings it was given."""
    test_case = conformance_tests(settings=SETTINGS)
    assert test_case.settings is SETTINGS  # type: ignore[attr-defined]
    assert hasattr(test_case, "runTest")


# --- seeded bugs: the kit must catch each one ---------------------------------


def _offer_is_a_cold_transfer(case: Case, op: Operation) -> dict[str, Any]:
    assert isinstance(op, OfferHandoff)
    return {"owner": op.to, "pending_handoff": None}


def _decline_takes_the_case(case: Case, op: Operation) -> dict[str, Any]:
    return {"owner": op.by, "pending_handoff": None}


def _expiry_hands_the_case_over(case: Case, op: Operation) -> dict[str, Any]:
    assert case.pending_handoff is not None
    return {"owner": case.pending_handoff.to, "pending_handoff": None}


def _acceptance_drops_the_owner(case: Case, op: Operation) -> dict[str, Any]:
    # The seeded bug the issue names: the case is left with no owner at all.
    return {"owner": None, "pending_handoff": None}


def _assignment_hands_over_accountability(case: Case, op: Operation) -> dict[str, Any]:
    # The seeded bug: assigning the work also gives away the accountability.
    assert isinstance(op, AssignWork)
    return {"owner": op.to, "worker": op.to}


def _take_over_forgets_the_owner(case: Case, op: Operation) -> dict[str, Any]:
    # The seeded bug the issue names: the supervisor takes over, but the owner stays
    # the person who left (the case is stuck with nobody able to act).
    return {"worker": None, "pending_handoff": None}


def _withdraw_crashes(case: Case, op: Operation) -> None:
    raise KeyError(op.kind)


EFFECT_MUTANTS: dict[str, tuple[str, Callable[..., Any], str]] = {
    "offer-is-a-cold-transfer": ("offer_handoff", _offer_is_a_cold_transfer, "owner"),
    "decline-takes-the-case": ("decline_handoff", _decline_takes_the_case, "owner"),
    "expiry-hands-the-case-over": ("expire_handoff", _expiry_hands_the_case_over, "owner"),
    "acceptance-drops-the-owner": ("accept_handoff", _acceptance_drops_the_owner, "owner"),
    "assignment-hands-over-accountability": (
        "assign_work",
        _assignment_hands_over_accountability,
        "owner",
    ),
}


@pytest.mark.parametrize("name", sorted(EFFECT_MUTANTS))
def test_conformance_catches_a_wrong_owner(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A handoff effect that moves the owner without an acceptance fails the conformance run."""
    kind, mutant, expected = EFFECT_MUTANTS[name]
    monkeypatch.setitem(_effects.EFFECTS, kind, mutant)
    with pytest.raises(AssertionError, match=expected) as failure:
        run_state_machine_as_test(LifecycleConformance, settings=MUTANT_SETTINGS)
    assert kind in str(failure.value)


def test_directory_conformance_catches_a_take_over_that_forgets_the_owner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A take-over that leaves the departed owner in place fails the directory conformance run."""
    monkeypatch.setitem(_effects.EFFECTS, "take_over", _take_over_forgets_the_owner)
    with pytest.raises(AssertionError, match="owner") as failure:
        run_state_machine_as_test(DirectoryConformance, settings=MUTANT_SETTINGS)
    assert "take_over" in str(failure.value)


def test_conformance_catches_a_non_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ownership check that crashes with a bare KeyError fails the conformance run."""
    monkeypatch.setitem(_ownership.CHECKS, "withdraw_handoff", _withdraw_crashes)
    with pytest.raises(AssertionError, match="raised KeyError, not a CustRecoveryError"):
        run_state_machine_as_test(LifecycleConformance, settings=MUTANT_SETTINGS)


def _close_without_outcome() -> type[Any]:
    # The seeded bug: closing straight from the investigation, with no validator.
    rows = (*TRANSITIONS, TransitionSpec("close", ["investigating"], "closed"))
    return build_lifecycle("CloseWithoutOutcome", transitions=rows)


def test_a_desk_refuses_a_lifecycle_that_fails_verification() -> None:
    """A variant that closes an investigation without an outcome cannot run on a desk."""
    with pytest.raises(InvalidLifecycle, match="CloseWithoutOutcome"):
        cr.Desk(lifecycle=_close_without_outcome())


def test_conformance_catches_closing_without_an_outcome() -> None:
    """The same variant, run with verification turned off, fails the conformance run."""
    variant = _close_without_outcome()
    machine = LifecycleConformance.for_desk(lambda: cr.Desk(lifecycle=variant, verify=False))
    with pytest.raises(AssertionError, match=r"'close'.*ClosingRefused"):
        run_state_machine_as_test(machine, settings=MUTANT_SETTINGS)
