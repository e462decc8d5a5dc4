"""Events and history, annotations in every open state, and replaying a history."""

from __future__ import annotations

import attrs
import pytest

import custrecovery as cr
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import ReopenAfterClose
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import DAVE
from tests.conftest import DUPLICATE
from tests.conftest import T0
from tests.conftest import minutes
from tests.conftest import windowed
from tests.lifecycle._helpers import ANNOTATION_KINDS
from tests.lifecycle._helpers import GOODWILL
from tests.lifecycle._helpers import OPEN_STATES
from tests.lifecycle._helpers import apply_kind
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import next_at

# --- events ----------------------------------------------------------------------------


def test_event_fields(desk: cr.Desk) -> None:
    """Each event says which, what, who, when, why, and the case after it."""
    case = drive(desk, "investigating")
    op = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="router fault", note="n")
    case = desk.apply(case, op)
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(11), note="on it"))
    offer, accept = case.history[-2:]
    assert (offer.event_id, offer.kind, offer.by, offer.at, offer.why) == (
        "C-1#5",
        "offer_handoff",
        ALICE,
        minutes(10),
        "router fault",
    )
    assert (offer.version, offer.state, offer.owner, offer.operation) == (
        5,
        "investigating",
        ALICE,
        op,
    )
    assert (accept.event_id, accept.kind, accept.by, accept.why, accept.owner) == (
        "C-1#6",
        "accept_handoff",
        BOB,
        "on it",
        BOB,
    )
    first = case.history[0]
    assert (first.event_id, first.kind, first.by, first.at, first.state, first.owner) == (
        "C-1#1",
        "record",
        ALICE,
        T0,
        "received",
        ALICE,
    )
    assert [e.version for e in case.history] == list(range(1, case.version + 1))


def test_case_rejects_broken_history(desk: cr.Desk) -> None:
    """A case whose last event's version or case id disagrees with its history cannot be
    built, nor one with no history, nor one whose owner is not an Actor."""
    case = drive(desk, "investigating")
    with pytest.raises(cr.InvalidValue, match="last event has version 4, but 3 events"):
        attrs.evolve(case, history=case.history[1:])
    stranger = attrs.evolve(case.history[-1], case_id="C-other")
    with pytest.raises(cr.InvalidValue, match="belongs to case 'C-other', not 'C-1'"):
        attrs.evolve(case, history=(*case.history[:-1], stranger))
    with pytest.raises(cr.InvalidValue, match="at least its 'record' event"):
        attrs.evolve(case, history=())
    with pytest.raises(cr.InvalidValue, match="always have an owner"):
        attrs.evolve(case.history[-1], owner=None)  # type: ignore[arg-type]


def test_state_owner_and_version_are_read_from_the_history(desk: cr.Desk) -> None:
    """A case's state, owner and version are its last event's and its number of events."""
    case = drive(desk, "investigating")
    at = case.last_event_at
    case = desk.apply(case, OfferHandoff(by=ALICE, at=at, to=BOB, reason="billing"))
    case = desk.apply(case, AcceptHandoff(by=BOB, at=at))
    assert (case.state, case.owner, case.version) == ("investigating", BOB, 6)
    assert [e.kind for e in case.history[-2:]] == ["offer_handoff", "accept_handoff"]
    assert repr(case) == "Case(case_id='C-1', state='investigating', owner='bob', version=6)"


# --- annotations ------------------------------------------------------------------------

# The split annotations are the owner's and tell the customer: tests/desk/test_split.py.
_ANNOTATE = [
    (state, kind)
    for state in OPEN_STATES
    for kind in sorted(ANNOTATION_KINDS - {"split_into", "split_from"})
]


@pytest.mark.parametrize(("state", "kind"), _ANNOTATE, ids=[f"{s}-{k}" for s, k in _ANNOTATE])
def test_annotation_in_every_open_state(desk: cr.Desk, state: str, kind: str) -> None:
    """A goodwill offer, a boundary decision or an absorbed duplicate is recorded in every
    open stage, by anyone, without moving the stage or the owner."""
    case = drive(desk, state)
    after = apply_kind(desk, case, kind, next_at(case), by=CAROL)
    assert (after.state, after.owner, after.version) == (state, ALICE, case.version + 1)
    assert after.history[-1].kind == kind
    assert (after.history[-1].by, after.history[-1].owner) == (CAROL, ALICE)
    merged_from = ("C-9",) if kind == "absorb_duplicate" else ()
    assert after.details == attrs.evolve(case.details, merged_from=merged_from)


def test_goodwill_awaiting_approval_refused(desk: cr.Desk) -> None:
    """Goodwill a person must still approve (a plugin failed) is not offered yet."""
    case = drive(desk, "investigating")
    escalated = attrs.evolve(GOODWILL, failures=GOODWILL.explanations)
    assert not escalated.granted
    op = OfferGoodwill(by=ALICE, at=next_at(case), decision=escalated)
    refusal = assert_refused(desk, case, op, cr.OperationRefused)
    assert refusal.reason == (
        "a compensation plugin failed: a person must approve this goodwill first"
    )


# --- replay -----------------------------------------------------------------------------


def test_replay_reopen_and_merge(windowed_desk: cr.Desk) -> None:
    """Histories with a reopening, an absorption and a merge replay to the same cases."""
    closed = drive(windowed_desk, "closed")
    reopened = windowed_desk.apply(closed, ReopenAfterClose(by=BOB, at=next_at(closed)))
    duplicate = windowed_desk.record(DUPLICATE, by=DAVE, at=minutes(1))
    merged, survivor = windowed_desk.merge(duplicate, reopened, by=BOB, at=next_at(reopened))
    for case in (reopened, merged, survivor):
        assert windowed_desk.replay(case.history) == case


def test_replay_without_the_window_refuses_the_reopening(desk: cr.Desk) -> None:
    """A history reopened under a window does not replay on a desk without one."""
    window_desk = windowed(desk)
    closed = drive(window_desk, "closed")
    reopened = window_desk.apply(closed, ReopenAfterClose(by=BOB, at=next_at(closed)))
    with pytest.raises(cr.DataError) as info:
        desk.replay(reopened.history)
    assert info.value.where == f"$.history[{closed.version}].operation"
    assert info.value.problem == (
        "the rules refuse this event on replay: case 'C-1' in state 'closed': "
        "'reopen_after_close' refused: no reopen window is set: a reply after it opens "
        "a new, linked case (Desk.handle_reply)"
    )
