"""The conformance kit: a stateful test that checks a desk against a tiny model.

:class:`LifecycleConformance` is a hypothesis ``RuleBasedStateMachine``. It
records one complaint, then applies operations, some drawn from what the case
allows now (these find bugs far more often) and some drawn at random (wrong
actors, refused kinds, operations dated before the last event). After every
step it compares the real case with :class:`CaseModel`, a few plain fields
updated by :func:`expect`, which is written from the documented rules and not
from the engine:

* whoever records a complaint owns it; only an accepted warm handoff changes
  the owner; one offer at a time, made by the owner to someone else, answered
  only by its receiver (accepted only until it expires), withdrawn only by the
  owner, expired only at its time;
* disclaim, unassign, cold transfer and dismiss raise ``NotMyResponsibility``;
* ``close`` needs no open offer and an outcome (acceptance, or recourse or a
  referral plus a follow-up), else ``ClosingRefused``; ``refer`` needs a notice,
  a sufficient degree and a later follow-up, else ``ReferralRefused``;
* a closed case has no open stage: only ``reopen_after_close`` (within the
  rules' window, else ``ReopenRefused``; the replier becomes owner) and
  ``archive``; ``merge_into`` needs no open offer and another case's id;
* handoffs and annotations are on offer in open stages only;
* the rights table decides who may perform each operation (``RightsRefused``):
  the owner assigns and clears the work (``assign_work``, ``clear_work``), the
  owner or the worker proposes a resolution, and only the owner's supervisor
  in the directory offers on the owner's behalf or takes over from an owner
  who left (without a directory, nobody); a new owner clears the worker;
* :class:`DirectoryConformance` runs the same checks on a desk with a
  directory (:class:`ConformanceDirectory`) in which the owner may leave the
  firm mid-case: a person who left may not act or receive, and their
  supervisor takes the case over;
* a split (``Desk.split``) is the owner's; each part starts with the same
  owner and records ``split_from``, the case records ``split_into``;
* a final state (archived, merged) is absorbing; an operation dated before the
  last event is refused;
* a refused operation raises a ``CustRecoveryError`` and leaves the case as it
  was; an accepted one appends exactly one event.

Stage targets come from :data:`BUILTIN_STAGES`, a literal table of the built-in
lifecycle, or, for a plugin author's variant, from the variant's own class
(:meth:`StageTable.from_lifecycle`); the ownership rules stay the model's own.
A transition guarded by validators the model does not know may refuse (with an
``OperationRefused``) but never accept what the model refuses.

Use it for your own lifecycle::

    TestMyLifecycle = conformance_tests(lambda: Desk(lifecycle=MyLifecycle))
"""

from __future__ import annotations

import copy
import unittest
from collections.abc import Callable
from datetime import timedelta
from typing import ClassVar
from typing import cast

import attrs
import hypothesis
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import initialize
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule

from custrecovery.cases import Case
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.directory import Directory
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import OperationRefused
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.operations import MergeInto
from custrecovery.operations import Operation
from custrecovery.operations import SplitInto
from custrecovery.parties import Actor
from custrecovery.testing._case_strategies import actors
from custrecovery.testing._case_strategies import complaints
from custrecovery.testing._case_strategies import operations
from custrecovery.testing._model import CaseModel
from custrecovery.testing._model import Expectation
from custrecovery.testing._model import expect
from custrecovery.testing._stages import _MERGE_KINDS
from custrecovery.testing._stages import _SIDE
from custrecovery.testing._stages import BUILTIN_STAGES
from custrecovery.testing._stages import StageTable

__all__ = [
    "BUILTIN_STAGES",
    "CaseModel",
    "Expectation",
    "LifecycleConformance",
    "StageTable",
    "conformance_tests",
    "expect",
]


class LifecycleConformance(RuleBasedStateMachine):
    """Checks a real :class:`~custrecovery.Desk` against :class:`CaseModel`, step by step.

    Subclass and override :meth:`make_desk` (or use :meth:`for_desk`) to check
    your own lifecycle variant or rules.
    """

    stage_table_override: ClassVar[StageTable | None] = None
    """Set to give the model your variant's stages by hand instead of reading its class."""

    def __init__(self) -> None:
        super().__init__()
        self.desk = self.make_desk()
        self.table = self.stage_table(self.desk)
        self._case: Case | None = None
        self._model: CaseModel | None = None

    @classmethod
    def make_desk(cls) -> Desk:
        """The desk under test (override for a variant, other rules or another engine)."""
        return Desk()

    @classmethod
    def stage_table(cls, desk: Desk) -> StageTable:
        """The model's stages: the hand-written table for the built-in lifecycle."""
        if cls.stage_table_override is not None:
            return cls.stage_table_override
        if desk.lifecycle is ComplaintLifecycle:
            return StageTable.builtin()
        return StageTable.from_lifecycle(desk.lifecycle)

    @classmethod
    def for_desk(
        cls, make_desk: Callable[[], Desk], *, name: str | None = None
    ) -> type[LifecycleConformance]:
        """A subclass checking the desks ``make_desk`` returns."""

        def _make(_: type[LifecycleConformance]) -> Desk:
            return make_desk()

        members = {"make_desk": classmethod(_make)}
        return cast(
            "type[LifecycleConformance]", type(name or f"{cls.__name__}ForDesk", (cls,), members)
        )

    @property
    def case(self) -> Case:
        """The case as the desk last returned it."""
        assert self._case is not None, "no complaint recorded yet"
        return self._case

    @property
    def model(self) -> CaseModel:
        """The model's view of the case."""
        assert self._model is not None, "no complaint recorded yet"
        return self._model

    def _is_open(self) -> bool:
        return self._model is not None and self._model.state not in self.table.final

    @initialize(complaint=complaints(), by=actors(), delay=st.integers(0, 600))
    def record(self, complaint: Complaint, by: Actor, delay: int) -> None:
        """Whoever records a complaint owns the new case."""
        at = complaint.received_at + timedelta(minutes=delay)
        self._case = self.desk.record(complaint, by=by, at=at)
        state = self.table.targets[(self.table.initial, "record")]
        self._model = CaseModel(
            case_id=complaint.complaint_id, state=state, owner=by.actor_id, last_at=at
        )
        assert self.case.history[0].operation.by == by

    @precondition(_is_open)
    @rule(data=st.data())
    def enabled_operation(self, data: st.DataObject) -> None:
        """Apply an operation the case allows now, filled to pass the rules."""
        self.check(data.draw(operations(self.desk, self.case, enabled_only=True), label="op"))

    @precondition(lambda self: self._case is not None)
    @rule(data=st.data(), past=st.integers(-600, 4200))
    def random_operation(self, data: st.DataObject, past: int) -> None:
        """Apply any operation: refused kinds, wrong actors, sometimes a past time."""
        op = data.draw(operations(self.desk, self.case, enabled_only=False), label="op")
        if past < 0:
            op = attrs.evolve(op, at=self.case.last_event_at + timedelta(minutes=past))
        self.check(op)

    @precondition(_is_open)
    @rule(by=actors(), delay=st.integers(0, 600))
    def merge_into_a_survivor(self, by: Actor, delay: int) -> None:
        """Merge the case into a newer one of the same customer (Desk.merge, the only way)."""
        before = self.case
        snapshot = copy.deepcopy(before)
        at = before.last_event_at + timedelta(minutes=delay)
        complaint = attrs.evolve(
            before.complaint, complaint_id=f"{before.case_id}-survivor-{before.version}"
        )
        directory = self.desk.directory
        if directory is not None and not _is_active(directory, by.actor_id):
            return  # someone who left records no survivor (tested elsewhere)
        survivor = self.desk.record(complaint, by=by, at=at)
        op = MergeInto(by=by, at=at, survivor_id=survivor.case_id)
        expected = expect(
            self.model, op, self.table, self.desk.rules, via_merge=True, directory=directory
        )
        try:
            merged, _ = self.desk.merge(before, survivor, by=by, at=at)
        except CustRecoveryError as error:
            self._check_refusal(op, error, expected, before, snapshot)
            return
        assert expected.refusal is None, (
            f"Desk.merge merged a case in state {before.state!r}; the rules refuse it "
            f"({expected.refusal.__name__})"
        )
        assert expected.after is not None
        observed = CaseModel.of(merged)
        assert observed == expected.after, f"after merge: desk {observed!r} != model"
        self._case = merged
        self._model = expected.after

    @precondition(_is_open)
    @rule(by=actors(), delay=st.integers(0, 600))
    def split_off_a_part(self, by: Actor, delay: int) -> None:
        """Split a second problem off the complaint (Desk.split, the only way): the part
        starts with the case's owner, and both histories record the split."""
        before = self.case
        snapshot = copy.deepcopy(before)
        at = before.last_event_at + timedelta(minutes=delay)
        directory = self.desk.directory
        if directory is not None and not _is_active(directory, before.owner.actor_id):
            return  # an owner who left records no part (tested elsewhere)
        part_id = f"{before.case_id}-part-{before.version}"
        op = SplitInto(by=by, at=at, part_ids=(part_id,))
        expected = expect(
            self.model, op, self.table, self.desk.rules, via_merge=True, directory=directory
        )
        try:
            split, (part,) = self.desk.split(before, [(part_id, "a second problem")], by=by, at=at)
        except CustRecoveryError as error:
            self._check_refusal(op, error, expected, before, snapshot)
            return
        assert expected.refusal is None, (
            f"Desk.split split a case in state {before.state!r} by {by.actor_id!r}; the rules "
            f"refuse it ({expected.refusal.__name__})"
        )
        assert expected.after is not None
        observed = CaseModel.of(split)
        assert observed == expected.after, f"after split: desk {observed!r} != model"
        assert part.owner.actor_id == self.model.owner, "a split-off part has another owner"
        assert [e.kind for e in part.history] == ["record", "split_from"]
        assert part.worker is None
        self._case = split
        self._model = expected.after

    def check(self, op: Operation) -> None:
        """Apply ``op`` to the real case and compare the outcome with the model's."""
        before = self.case
        snapshot = copy.deepcopy(before)
        directory = self.desk.directory
        expected = expect(self.model, op, self.table, self.desk.rules, directory=directory)
        try:
            after = self.desk.apply(before, op)
        except CustRecoveryError as error:
            self._check_refusal(op, error, expected, before, snapshot)
            return
        except Exception as bug:
            raise AssertionError(
                f"{op.kind!r} raised {type(bug).__name__}, not a CustRecoveryError: {bug}"
            ) from bug
        assert isinstance(after.owner, Actor), (
            f"after {op.kind!r} the case has no owner (its owner is {after.owner!r})"
        )
        assert self.model.state not in self.table.final, (
            f"a case in final state {self.model.state!r} accepted {op.kind!r}"
        )
        assert expected.refusal is None, (
            f"the desk accepted {op.kind!r} by {op.by.actor_id!r} in state {before.state!r}; "
            f"the rules refuse it ({expected.refusal.__name__}); owner now "
            f"{after.owner.actor_id!r}"
        )
        assert expected.after is not None
        assert after.history[:-1] == before.history, "accepting rewrote earlier history"
        assert after.history[-1].operation == op, "the last event is not the operation"
        observed = CaseModel.of(after)
        assert observed.owner == expected.after.owner, (
            f"after {op.kind!r} the owner is {observed.owner!r}, "
            f"the rules say {expected.after.owner!r}"
        )
        assert observed == expected.after, (
            f"after {op.kind!r}: desk {observed!r} != model {expected.after!r}"
        )
        self._case = after
        self._model = expected.after

    @staticmethod
    def _check_refusal(
        op: Operation,
        refusal: CustRecoveryError,
        expected: Expectation,
        before: Case,
        snapshot: Case,
    ) -> None:
        """A refusal is one the model expects, and leaves the case as it was."""
        assert before == snapshot, f"refused {op.kind!r} changed the case it was given"
        if expected.refusal is not None:
            assert isinstance(refusal, expected.refusal), (
                f"{op.kind!r} refused with {type(refusal).__name__}, "
                f"expected {expected.refusal.__name__}: {refusal}"
            )
            return
        assert expected.may_refuse, (
            f"the desk refused {op.kind!r} in state {before.state!r}, which the rules "
            f"accept: {type(refusal).__name__}: {refusal}"
        )
        assert isinstance(refusal, OperationRefused), (
            f"an unknown validator refused {op.kind!r} with {type(refusal).__name__}, "
            "not an OperationRefused"
        )

    @invariant()
    def owner_is_always_present(self) -> None:
        """Once recorded, the case has an owner, and it is the model's owner."""
        if self._case is not None:
            assert isinstance(self.case.owner, Actor), "the case has no owner"
            assert self.case.owner.actor_id == self.model.owner, (
                f"owner {self.case.owner.actor_id!r}, the rules say {self.model.owner!r}"
            )

    @invariant()
    def worker_is_never_the_owner(self) -> None:
        """A worker, if any, is someone other than the owner, who stays accountable."""
        if self._case is not None and self.case.worker is not None:
            assert not self.case.worker.is_same_person(self.case.owner), (
                f"{self.case.owner.actor_id!r} is both owner and worker"
            )

    @invariant()
    def history_counts_accepted_operations(self) -> None:
        """The history holds one event per accepted operation; version is its length."""
        if self._case is not None:
            assert len(self.case.history) == self.model.history
            assert [e.version for e in self.case.history] == list(
                range(1, len(self.case.history) + 1)
            )

    @invariant()
    def case_passes_its_own_validators(self) -> None:
        """The case and every event pass their validators, and every event is the case's.

        The desk builds cases and events without re-running validators (on values
        it has checked): this proves that shortcut builds nothing the validating
        constructors would refuse.
        """
        if self._case is not None:
            case = self.case
            for event in case.history:
                attrs.validate(event)
                assert event.case_id == case.case_id, f"{event.event_id} in {case.case_id}"
            attrs.validate(case)

    @invariant()
    def allowed_matches_model(self) -> None:
        """The desk offers the declared stages, plus handoffs and annotations while open."""
        if self._case is not None:
            state = self.model.state
            side = _SIDE if state in self.table.open else frozenset()
            expected = (self.table.declared(state) | side) - _MERGE_KINDS
            assert self.desk.allowed(self.case) == expected


def _is_active(directory: Directory, actor_id: str) -> bool:
    person = directory.lookup(actor_id)
    return person is not None and person.active


def conformance_tests(
    make_desk: Callable[[], Desk] | None = None,
    *,
    settings: hypothesis.settings | None = None,
) -> type[unittest.TestCase]:
    """A test case class running :class:`LifecycleConformance` against ``make_desk()``.

    ``TestMine = conformance_tests(lambda: Desk(lifecycle=Mine))`` in a test
    module is enough for pytest or unittest to run it.
    """
    machine = (
        LifecycleConformance if make_desk is None else LifecycleConformance.for_desk(make_desk)
    )
    test_case = machine.TestCase
    test_case.settings = (
        settings
        if settings is not None
        else hypothesis.settings(max_examples=200, stateful_step_count=30, deadline=None)
    )
    return test_case
