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
from collections.abc import Mapping
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import ClassVar
from typing import cast
from typing import final

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
from custrecovery.errors import ClosingRefused
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import NotMyResponsibility
from custrecovery.errors import OperationRefused
from custrecovery.errors import ReferralRefused
from custrecovery.errors import ReopenRefused
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import merge_target_recorded
from custrecovery.lifecycle import no_open_handoff
from custrecovery.lifecycle import outcome_recorded
from custrecovery.lifecycle import referral_customer_told
from custrecovery.lifecycle import referral_degree_sufficient
from custrecovery.lifecycle import referral_follow_up_later
from custrecovery.lifecycle import within_reopen_window
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.parties import Actor
from custrecovery.testing._case_strategies import actors
from custrecovery.testing._case_strategies import complaints
from custrecovery.testing._case_strategies import operations

__all__ = [
    "BUILTIN_STAGES",
    "CaseModel",
    "Expectation",
    "LifecycleConformance",
    "StageTable",
    "conformance_tests",
    "expect",
]

_OPEN_STAGES = (
    "received",
    "acknowledged",
    "assessed",
    "investigating",
    "awaiting_customer",
    "resolution_proposed",
    "resolved",
    "resolution_rejected",
    "recourse_given",
    "referral_offered",
    "referral_confirmed",
    "referred",
    "followed_up",
    "reopened",
)
"""The built-in stages where a case is open and owned."""

BUILTIN_STAGES: Mapping[tuple[str, str], str] = {
    ("new", "record"): "received",
    ("received", "acknowledge"): "acknowledged",
    ("acknowledged", "assess"): "assessed",
    ("acknowledged", "await_customer"): "awaiting_customer",
    ("assessed", "investigate"): "investigating",
    ("assessed", "await_customer"): "awaiting_customer",
    ("assessed", "propose_resolution"): "resolution_proposed",
    ("assessed", "offer_referral"): "referral_offered",
    ("investigating", "await_customer"): "awaiting_customer",
    ("investigating", "propose_resolution"): "resolution_proposed",
    ("investigating", "offer_referral"): "referral_offered",
    ("awaiting_customer", "customer_replied"): "investigating",
    ("resolution_proposed", "accept_resolution"): "resolved",
    ("resolution_proposed", "reject_resolution"): "resolution_rejected",
    ("resolution_rejected", "investigate"): "investigating",
    ("resolution_rejected", "give_recourse"): "recourse_given",
    ("referral_offered", "confirm_referral"): "referral_confirmed",
    ("referral_offered", "decline_referral"): "investigating",
    ("referral_offered", "withdraw_referral"): "investigating",
    ("referral_confirmed", "withdraw_referral"): "investigating",
    ("referral_confirmed", "refer"): "referred",
    ("recourse_given", "record_follow_up"): "followed_up",
    ("referred", "record_follow_up"): "followed_up",
    ("recourse_given", "reopen"): "reopened",
    ("resolved", "reopen"): "reopened",
    ("followed_up", "reopen"): "reopened",
    ("reopened", "investigate"): "investigating",
    ("resolved", "close"): "closed",
    ("followed_up", "close"): "closed",
    ("closed", "reopen_after_close"): "reopened",
    ("closed", "archive"): "archived",
    **{(state, "merge_into"): "merged" for state in _OPEN_STAGES},
}
"""The built-in lifecycle's stages, ``{(state, kind): target}``, written out by hand."""

_PUSH_AWAY = frozenset({"disclaim", "unassign", "cold_transfer", "dismiss"})
_OWNERSHIP = frozenset(
    {"offer_handoff", "accept_handoff", "decline_handoff", "withdraw_handoff", "expire_handoff"}
)
_ANNOTATIONS = frozenset({"absorb_duplicate", "offer_goodwill", "record_boundary_decision"})
# Handoffs and annotations are on offer in every open stage and change no stage.
_SIDE = _OWNERSHIP | _ANNOTATIONS
# Validators whose rules the model encodes itself (close and refer, below).
_KNOWN_VALIDATORS = frozenset(
    {
        no_open_handoff,
        outcome_recorded,
        referral_customer_told,
        referral_degree_sufficient,
        referral_follow_up_later,
        merge_target_recorded,
        within_reopen_window,
    }
)


@final
@attrs.frozen(kw_only=True)
class StageTable:
    """What the model knows of a lifecycle's stages."""

    targets: Mapping[tuple[str, str], str]
    initial: str
    final: frozenset[str]
    open: frozenset[str]
    """Owned, non-final states: where handoffs and annotations are on offer."""
    guarded: frozenset[tuple[str, str]] = frozenset()
    """Transitions with validators the model does not know: they may refuse."""

    @classmethod
    def builtin(cls) -> StageTable:
        """The built-in lifecycle, from :data:`BUILTIN_STAGES`."""
        return cls(
            targets=BUILTIN_STAGES,
            initial="new",
            final=frozenset({"archived", "merged"}),
            open=frozenset(_OPEN_STAGES),
        )

    @classmethod
    def from_lifecycle(cls, lifecycle: type[Any]) -> StageTable:
        """Read a variant's stages from its class (built with ``build_lifecycle``)."""
        targets: dict[tuple[str, str], str] = {}
        guarded: set[tuple[str, str]] = set()
        for state in lifecycle.states_map.values():
            for transition in state.transitions:
                if transition.initial:
                    continue
                target = transition.target.id if transition.target is not None else state.id
                funcs = {spec.func for spec in transition.validators}
                for event in transition.events:
                    targets.setdefault((state.id, event.id), target)
                    if funcs - _KNOWN_VALIDATORS:
                        guarded.add((state.id, event.id))
        final = frozenset(s.id for s in lifecycle.states_map.values() if s.final)
        return cls(
            targets=targets,
            initial=lifecycle.initial_state.id,
            final=final,
            open=frozenset(lifecycle.owned_states) - final,
            guarded=frozenset(guarded),
        )

    def declared(self, state: str) -> frozenset[str]:
        """The lifecycle kinds declared from ``state``."""
        return frozenset(kind for source, kind in self.targets if source == state)


@final
@attrs.frozen(kw_only=True)
class CaseModel:
    """The model's whole view of a case: a handful of plain values."""

    case_id: str
    state: str
    owner: str
    offer_to: str | None = None
    offer_expires_at: datetime | None = None
    accepted: bool = False
    recourse: bool = False
    follow_up: bool = False
    referral: str | None = None
    """``None``, ``"offered"``, ``"confirmed"`` or ``"referred"``."""
    history: int = 1
    last_at: datetime
    closed_at: datetime | None = None
    """When the case was closed, while it stays closed."""
    merged_into: str | None = None
    merged_from: tuple[str, ...] = ()

    @classmethod
    def of(cls, case: Case) -> CaseModel:
        """The model's view of a real case (to compare with the model's prediction)."""
        offer = case.pending_handoff
        referral = case.referral
        stage = None
        if referral is not None:
            stage = (
                "referred"
                if referral.referred_at is not None
                else "confirmed"
                if referral.confirmed
                else "offered"
            )
        return cls(
            case_id=case.case_id,
            state=case.state,
            owner=case.owner.actor_id,
            offer_to=offer.to.actor_id if offer is not None else None,
            offer_expires_at=offer.expires_at if offer is not None else None,
            accepted=case.customer_accepted,
            recourse=case.recourse is not None,
            follow_up=case.follow_up is not None,
            referral=stage,
            history=len(case.history),
            last_at=case.last_event_at,
            closed_at=case.closed_at,
            merged_into=case.merged_into,
            merged_from=case.merged_from,
        )


@final
@attrs.frozen(kw_only=True)
class Expectation:
    """What the model expects of one operation."""

    refusal: type[CustRecoveryError] | None = None
    """The error class expected, or ``None`` when the operation should be accepted."""
    after: CaseModel | None = None
    may_refuse: bool = False
    """Accepted by the model, but guarded by validators it does not know."""


# Lifecycle kinds' effects on the model's flags (stage changes come from the table).
_FLAGS: Mapping[str, Mapping[str, object]] = {
    "propose_resolution": {"accepted": False},
    "accept_resolution": {"accepted": True},
    "give_recourse": {"recourse": True},
    "record_follow_up": {"follow_up": True},
    "reopen": {"accepted": False, "recourse": False, "follow_up": False, "referral": None},
    "offer_referral": {"referral": "offered"},
    "confirm_referral": {"referral": "confirmed"},
    "decline_referral": {"referral": None},
    "withdraw_referral": {"referral": None},
    "refer": {"referral": "referred"},
    "reopen_after_close": {
        "accepted": False,
        "recourse": False,
        "follow_up": False,
        "referral": None,
    },
}


def _ownership(model: CaseModel, op: Operation) -> CaseModel | None:
    """The model after an ownership operation, or ``None`` if the rules refuse it."""
    who = op.by.actor_id
    offer_to = model.offer_to
    if isinstance(op, OfferHandoff):
        if offer_to is not None or who != model.owner or op.to.actor_id == model.owner:
            return None
        if op.expires_at is not None and op.expires_at <= op.at:
            return None
        return attrs.evolve(model, offer_to=op.to.actor_id, offer_expires_at=op.expires_at)
    if offer_to is None:
        return None
    closed = attrs.evolve(model, offer_to=None, offer_expires_at=None)
    if op.kind in ("accept_handoff", "decline_handoff"):
        if who != offer_to:
            return None
        expires = model.offer_expires_at
        if op.kind == "accept_handoff" and expires is not None and op.at > expires:
            return None  # an expired offer can no longer be accepted
        return attrs.evolve(closed, owner=who) if op.kind == "accept_handoff" else closed
    if op.kind == "withdraw_handoff":
        return closed if who == model.owner else None
    expires = model.offer_expires_at
    return closed if expires is not None and op.at >= expires else None


def _outcome_recorded(model: CaseModel) -> bool:
    return model.accepted or (model.follow_up and (model.recourse or model.referral is not None))


def _stage_refusal(
    model: CaseModel, op: Operation, target: str | None, rules: LifecycleRules
) -> type[CustRecoveryError] | None:
    """The error a lifecycle operation's documented rules raise, if any."""
    if op.kind == "close":
        if target is None or model.offer_to is not None or not _outcome_recorded(model):
            return ClosingRefused
    elif isinstance(op, Refer) and (
        target is None
        or op.notice is None
        or op.degree < rules.min_referral_degree
        or op.follow_up_due <= op.at
    ):
        return ReferralRefused
    if target is None:
        return OperationRefused
    if op.kind == "reopen_after_close":
        window, closed_at = rules.reopen_window, model.closed_at
        if window is None or closed_at is None or op.at > closed_at + window:
            return ReopenRefused
    elif op.kind == "archive":
        if not _outcome_recorded(model):
            return ClosingRefused
    elif isinstance(op, MergeInto) and (
        model.offer_to is not None or op.survivor_id == model.case_id
    ):
        return ClosingRefused
    return None


def expect(
    model: CaseModel, op: Operation, table: StageTable, rules: LifecycleRules
) -> Expectation:
    """What the documented rules say ``op`` does to a case the model sees as ``model``."""
    if op.at < model.last_at:
        return Expectation(refusal=OperationRefused)
    if op.kind in _PUSH_AWAY:
        return Expectation(refusal=NotMyResponsibility)
    if model.state in table.final:
        return Expectation(refusal=OperationRefused)
    step = attrs.evolve(model, history=model.history + 1, last_at=op.at, closed_at=None)
    if op.kind in _SIDE:
        after: CaseModel | None = None
        if model.state not in table.open:
            after = None
        elif op.kind in _OWNERSHIP:
            after = _ownership(step, op)
        elif isinstance(op, AbsorbDuplicate):
            after = attrs.evolve(step, merged_from=(*model.merged_from, op.duplicate_id))
        elif not isinstance(op, OfferGoodwill) or op.decision.granted:
            after = step
        return Expectation(refusal=OperationRefused) if after is None else Expectation(after=after)
    target = table.targets.get((model.state, op.kind))
    refusal = _stage_refusal(model, op, target, rules)
    if refusal is not None or target is None:
        return Expectation(refusal=refusal or OperationRefused)
    changes = dict(_FLAGS.get(op.kind, {}))
    if op.kind == "close":
        changes["closed_at"] = op.at
    elif op.kind == "reopen_after_close":
        changes["owner"] = op.by.actor_id
    elif isinstance(op, MergeInto):
        changes["merged_into"] = op.survivor_id
    return Expectation(
        after=attrs.evolve(step, state=target, **changes),  # type: ignore[arg-type]
        may_refuse=(model.state, op.kind) in table.guarded,
    )


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

    def check(self, op: Operation) -> None:
        """Apply ``op`` to the real case and compare the outcome with the model's."""
        before = self.case
        snapshot = copy.deepcopy(before)
        expected = expect(self.model, op, self.table, self.desk.rules)
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
            expected = self.table.declared(state) | side
            assert self.desk.allowed(self.case) == expected


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
