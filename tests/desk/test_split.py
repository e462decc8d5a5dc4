"""Splitting a complaint about several problems into linked cases (Desk.split)."""

from __future__ import annotations

import copy

import pytest

import custrecovery as cr
from custrecovery.directory import Person
from custrecovery.directory import StaticDirectory
from custrecovery.errors import RightsRefused
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AssignWork
from custrecovery.operations import Close
from custrecovery.operations import OfferHandoff
from custrecovery.operations import ProposeResolution
from custrecovery.operations import SplitFrom
from custrecovery.operations import SplitInto
from custrecovery.storage import case_from_dict
from custrecovery.storage import case_to_dict
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import COMPLAINT
from tests.conftest import DAVE
from tests.conftest import minutes

PARTS = [("C-1-fault", "the line drops every evening")]


def _assessed(desk: cr.Desk) -> cr.Case:
    case = desk.record(COMPLAINT, by=ALICE, at=minutes(1))
    return desk.apply_all(
        case, [Acknowledge(by=ALICE, at=minutes(2)), Assess(by=ALICE, at=minutes(3))]
    )


def test_a_split_makes_linked_cases_with_the_same_owner() -> None:
    """Each part starts with the case's owner; both histories record the split; the
    customer is told on each case."""
    desk = cr.Desk()
    case, (part,) = desk.split(_assessed(desk), PARTS, by=ALICE, at=minutes(4))
    assert (case.state, case.owner, case.version) == ("assessed", ALICE, 4)
    assert case.history.last.operation == SplitInto(
        by=ALICE, at=minutes(4), part_ids=("C-1-fault",)
    )
    assert (part.case_id, part.complaint.summary, part.owner) == (
        "C-1-fault",
        "the line drops every evening",
        ALICE,
    )
    assert part.complaint.customer == COMPLAINT.customer
    assert part.complaint.received_at == COMPLAINT.received_at
    assert [e.kind for e in part.history] == ["record", "split_from"]
    assert part.history.last.operation == SplitFrom(by=ALICE, at=minutes(4), original_id="C-1")
    assert "C-1-fault besides C-1; Alice stays responsible for each" in case.notices[-1].what
    assert part.notices[-1].what == (
        "This case handles one problem of your complaint C-1; Alice is responsible for it."
    )


def test_a_part_is_handed_on_on_its_own() -> None:
    """The fault is handed to support; the bill stays with its owner (merging is unchanged)."""
    desk = cr.Desk()
    case, (fault,) = desk.split(_assessed(desk), PARTS, by=ALICE, at=minutes(4))
    fault = desk.apply(fault, OfferHandoff(by=ALICE, at=minutes(5), to=BOB, reason="line fault"))
    fault = desk.apply(fault, AcceptHandoff(by=BOB, at=minutes(6)))
    assert (case.owner, fault.owner) == (ALICE, BOB)


def test_only_the_owner_splits_and_a_refusal_changes_nothing() -> None:
    """A colleague (even the worker) may not split the owner's complaint."""
    desk = cr.Desk()
    case = desk.apply(_assessed(desk), AssignWork(by=ALICE, at=minutes(4), to=DAVE))
    snapshot = copy.deepcopy(case)
    with pytest.raises(RightsRefused) as refusal:
        desk.split(case, PARTS, by=DAVE, at=minutes(5))
    assert (refusal.value.operation, refusal.value.right) == ("split_into", "owner")
    assert case == snapshot


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        ([], "at least one"),
        ([("C-1", "again")], "reuse the case's own id"),
        ([("C-7", "a"), ("C-7", "b")], "names a case twice"),
        (["C-7"], r"a \(case_id, summary\) pair"),
    ],
    ids=["none", "own-id", "twice", "not-a-pair"],
)
def test_malformed_parts_are_refused(parts: list[tuple[str, str]], problem: str) -> None:
    """A split names at least one new, distinct case id with a summary each."""
    desk = cr.Desk()
    with pytest.raises(cr.InvalidValue, match=problem):
        desk.split(_assessed(desk), parts, by=ALICE, at=minutes(4))


def test_a_closed_case_is_not_split() -> None:
    """A closed case has nobody acting on it: a reply reopens it, then it may be split."""
    desk = cr.Desk()
    case = desk.apply_all(
        _assessed(desk),
        [
            ProposeResolution(by=ALICE, at=minutes(4), resolution="credit"),
            AcceptResolution(by=ALICE, at=minutes(5)),
            Close(by=ALICE, at=minutes(6)),
        ],
    )
    with pytest.raises(cr.OperationRefused, match="no accountable owner"):
        desk.split(case, PARTS, by=ALICE, at=minutes(7))


@pytest.mark.parametrize(
    "op",
    [
        SplitInto(by=ALICE, at=minutes(4), part_ids=("C-1-fault",)),
        SplitFrom(by=ALICE, at=minutes(4), original_id="C-0"),
    ],
    ids=["split_into", "split_from"],
)
def test_apply_refuses_the_split_operations(op: SplitInto | SplitFrom) -> None:
    """Only Desk.split applies the split operations, and allowed() does not offer them."""
    desk = cr.Desk()
    case = _assessed(desk)
    assert op.kind not in desk.allowed(case)
    with pytest.raises(cr.OperationRefused, match=r"applied by Desk\.split"):
        desk.apply(case, op)


def test_an_owner_who_left_splits_nothing() -> None:
    """With a directory, an owner who left cannot record the parts: their supervisor takes over
    first."""
    people = StaticDirectory(
        [
            Person(actor_id="alice", name="Alice", roles=("billing",), active=False),
            Person(actor_id="dave", name="Dave", roles=("engineer",)),
        ]
    )
    case = _assessed(cr.Desk())
    desk = cr.Desk(directory=people)
    with pytest.raises(RightsRefused, match="no longer active"):
        desk.split(case, PARTS, by=ALICE, at=minutes(4))


def test_split_cases_round_trip_and_replay() -> None:
    """Both sides of a split are stored and replayed to the same cases."""
    desk = cr.Desk()
    case, (part,) = desk.split(_assessed(desk), PARTS, by=ALICE, at=minutes(4))
    assert case_from_dict(case_to_dict(case), desk=desk) == case
    assert case_from_dict(case_to_dict(part), desk=desk) == part
