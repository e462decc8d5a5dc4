"""Differential tests: the compiled engine and the reference engine never disagree."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.cases import Case
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import build_lifecycle
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.testing import actors
from custrecovery.testing import complaints
from custrecovery.testing import operations
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import minutes

STEPS = 20
RULES = LifecycleRules(reopen_window=timedelta(hours=4))


class NotAcknowledgedByOwner(cr.OperationRefused):
    """A plugin author's refusal: the current owner has not acknowledged the complaint."""


def acknowledged_by_owner(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A plugin author's rule: only an owner who acknowledged the complaint assesses it."""
    if not any(e.kind == "acknowledge" and e.by == case.owner for e in case.history):
        raise NotAcknowledgedByOwner(
            f"{case.owner.actor_id!r} has not acknowledged the complaint themselves",
            case_id=case.case_id,
            state=case.state,
            operation=op.kind,
        )


AcknowledgedAssessLifecycle = build_lifecycle(
    "AcknowledgedAssessLifecycle",
    transitions=[
        attrs.evolve(row, validators=(*row.validators, acknowledged_by_owner))
        if row.event == "assess"
        else row
        for row in TRANSITIONS
    ],
)


def _outcome(desk: cr.Desk, case: Case, op: Operation) -> tuple[Any, ...]:
    """What ``desk`` does with ``op``: the new case, or the refusal's type and message."""
    try:
        return ("accepted", desk.apply(case, op))
    except cr.CustRecoveryError as refusal:
        return ("refused", type(refusal), str(refusal))


def _run_both(data: st.DataObject, compiled: cr.Desk, reference: cr.Desk) -> None:
    """Record one complaint on both desks, then feed both the same operations."""
    complaint = data.draw(complaints(), label="complaint")
    by = data.draw(actors(), label="recorded_by")
    at = complaint.received_at + timedelta(minutes=data.draw(st.integers(0, 600)))
    case = compiled.record(complaint, by=by, at=at)
    assert reference.record(complaint, by=by, at=at) == case
    for _ in range(STEPS):
        assert compiled.allowed(case) == reference.allowed(case)
        enabled = data.draw(st.booleans(), label="enabled") and bool(compiled.allowed(case))
        op = data.draw(operations(compiled, case, enabled_only=enabled), label="op")
        got = _outcome(compiled, case, op)
        assert got == _outcome(reference, case, op)
        if got[0] == "accepted":
            case = got[1]
    # Replaying the history through the other engine gives the same case.
    assert reference.replay(case.history) == case


@given(data=st.data())
@settings(max_examples=500, deadline=None)
def test_engines_agree_on_the_builtin_lifecycle(data: st.DataObject) -> None:
    """Both engines give the same state, owner, history, error type and message at every step."""
    _run_both(
        data,
        cr.Desk(engine="compiled", rules=RULES),
        cr.Desk(engine="reference", rules=RULES),
    )


@given(data=st.data())
@settings(max_examples=200, deadline=None)
def test_engines_agree_on_a_plugin_variant(data: st.DataObject) -> None:
    """Both engines agree on a variant whose ``assess`` carries an extra validator."""
    _run_both(
        data,
        cr.Desk(lifecycle=AcknowledgedAssessLifecycle, engine="compiled"),
        cr.Desk(lifecycle=AcknowledgedAssessLifecycle, engine="reference"),
    )


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_variant_validator_refuses_an_owner_who_did_not_acknowledge(engine: Any) -> None:
    """In the variant, a new owner who did not acknowledge the complaint cannot assess it."""
    desk = cr.Desk(lifecycle=AcknowledgedAssessLifecycle, engine=engine)
    case = desk.record(COMPLAINT, by=ALICE, at=minutes(0))
    case = desk.apply(case, Acknowledge(by=ALICE, at=minutes(1)))
    handed = desk.apply_all(
        case,
        [
            OfferHandoff(by=ALICE, at=minutes(2), to=BOB, reason="technical"),
            AcceptHandoff(by=BOB, at=minutes(3)),
        ],
    )
    with pytest.raises(NotAcknowledgedByOwner, match="'bob' has not acknowledged"):
        desk.apply(handed, Assess(by=BOB, at=minutes(4)))
    assert desk.apply(case, Assess(by=ALICE, at=minutes(4))).state == "assessed"
