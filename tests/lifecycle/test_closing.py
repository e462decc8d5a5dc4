"""Closing, reopening, archiving, and customer replies to open and closed cases."""

from __future__ import annotations

import copy
from datetime import timedelta

import attrs
import pytest

import custrecovery as cr
from custrecovery.cases import CustomerNotice
from custrecovery.cases import Recourse
from custrecovery.errors import ClosingRefused
from custrecovery.errors import ReopenRefused
from custrecovery.lifecycle import outcome_recorded
from custrecovery.operations import Archive
from custrecovery.operations import Close
from custrecovery.operations import Record
from custrecovery.operations import ReopenAfterClose
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import COMPLAINT
from tests.conftest import DAVE
from tests.conftest import REOPEN_WINDOW
from tests.conftest import T0
from tests.conftest import minutes
from tests.conftest import windowed
from tests.lifecycle._helpers import _TO_RESOLVED
from tests.lifecycle._helpers import CLOSING_RULE
from tests.lifecycle._helpers import LINEAGE_KINDS
from tests.lifecycle._helpers import OPEN_STATES
from tests.lifecycle._helpers import PATHS
from tests.lifecycle._helpers import SIDE_KINDS
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at
from tests.lifecycle._helpers import reply_to

# --- closing ---------------------------------------------------------------------------


def test_close_after_acceptance(desk: cr.Desk) -> None:
    """A case whose customer accepted the resolution closes."""
    case = drive(desk, "resolved")
    closed = desk.apply(case, make_op("close", next_at(case)))
    assert (closed.state, closed.customer_accepted, closed.owner) == ("closed", True, ALICE)


@pytest.mark.parametrize("state", ["resolution_rejected", "recourse_given"])
def test_close_without_follow_up_refused(desk: cr.Desk, state: str) -> None:
    """A rejected decision, even with recourse given, does not close without a follow-up."""
    case = drive(desk, state)
    assert_refused(
        desk, case, make_op("close", next_at(case)), ClosingRefused, "recorded follow-up"
    )


def test_close_after_recourse_and_follow_up(desk: cr.Desk) -> None:
    """Recourse information and a recorded follow-up let a rejected case close."""
    case = drive(desk, "followed_up")
    assert case.recourse == Recourse("ask for a review by carol", "the ombudsman")
    assert case.follow_up == "called back"
    closed = desk.apply(case, make_op("close", next_at(case)))
    assert closed.state == "closed"
    assert not closed.customer_accepted


def test_reopen_forgets_the_earlier_outcome(desk: cr.Desk) -> None:
    """A reopened case has no acceptance, recourse, follow-up or referral on record."""
    case = drive(desk, "followed_up")
    reopened = desk.apply(case, make_op("reopen", next_at(case)))
    assert (reopened.customer_accepted, reopened.recourse, reopened.follow_up) == (
        False,
        None,
        None,
    )
    assert reopened.referral is None


def test_close_refused_while_handoff_open(desk: cr.Desk) -> None:
    """A case does not close while a colleague is still being asked to take it."""
    case = drive(desk, "resolved")
    case = desk.apply(case, make_op("offer_handoff", next_at(case)))
    assert_refused(
        desk, case, make_op("close", next_at(case)), ClosingRefused, "'bob' is still open"
    )


# --- closed, reopened, archived ---------------------------------------------------------

_CLOSINGS = {
    "accepted": _TO_RESOLVED,
    "recourse": PATHS["followed_up"],
    "referral": (*PATHS["referred"], "record_follow_up"),
}


def close_by(desk: cr.Desk, how: str) -> cr.Case:
    """A case Alice drove to ``closed`` through one of the three outcomes of ``_CLOSINGS``."""
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    for step, kind in enumerate((*_CLOSINGS[how], "close"), start=1):
        case = desk.apply(case, make_op(kind, minutes(step)))
    assert case.state == "closed"
    return case


@pytest.mark.parametrize("how", list(_CLOSINGS))
def test_reopen_after_close_within_window(windowed_desk: cr.Desk, how: str) -> None:
    """A reply within the window reopens the case, owned by whoever received it, with every
    earlier outcome forgotten, so it must earn its closing again."""
    closed = close_by(windowed_desk, how)
    assert closed.closed_at == closed.last_event_at
    reply = ReopenAfterClose(by=BOB, at=closed.last_event_at + timedelta(days=3), note="again")
    reopened = windowed_desk.apply(closed, reply)
    assert (reopened.state, reopened.owner, reopened.version) == (
        "reopened",
        BOB,
        closed.version + 1,
    )
    assert (reopened.history[-1].operation, reopened.history[-1].owner) == (reply, BOB)
    assert reopened.history[:-1] == closed.history
    assert (
        reopened.customer_accepted,
        reopened.recourse,
        reopened.follow_up,
        reopened.referral,
        reopened.closed_at,
    ) == (False, None, None, None, None)
    assert reopened.notices == (
        *closed.notices,
        CustomerNotice(
            BOB,
            reply.at,
            "Bob (tech support) has reopened your complaint and is responsible for it.",
        ),
    )
    close = Close(by=BOB, at=next_at(reopened))
    with pytest.raises(ClosingRefused) as info:
        outcome_recorded(reopened, close, windowed_desk.rules)
    assert info.value.reason == CLOSING_RULE
    refusal = assert_refused(windowed_desk, reopened, close, ClosingRefused)
    assert refusal.reason == CLOSING_RULE
    assert windowed_desk.allowed(reopened) == {"investigate"} | (SIDE_KINDS - LINEAGE_KINDS)


def test_reopened_case_earns_a_new_close(windowed_desk: cr.Desk) -> None:
    """The new owner takes a reopened case to a new outcome, closes it, and the window
    starts again from that closing."""
    closed = close_by(windowed_desk, "recourse")
    first_close = closed.last_event_at
    case = windowed_desk.apply(closed, ReopenAfterClose(by=BOB, at=first_close + timedelta(1)))
    for kind in ("investigate", "propose_resolution", "accept_resolution", "close"):
        case = windowed_desk.apply(case, make_op(kind, next_at(case), by=BOB))
    assert (case.state, case.owner, case.customer_accepted) == ("closed", BOB, True)
    assert case.closed_at == first_close + timedelta(days=1, minutes=4)
    late_for_first = first_close + REOPEN_WINDOW + timedelta(days=1)
    again = windowed_desk.apply(case, ReopenAfterClose(by=CAROL, at=late_for_first))
    assert (again.state, again.owner) == ("reopened", CAROL)


def test_reopen_at_window_end_accepted(windowed_desk: cr.Desk) -> None:
    """A reply at the very end of the window still reopens the case."""
    closed = drive(windowed_desk, "closed")
    at = closed.last_event_at + REOPEN_WINDOW
    assert windowed_desk.apply(closed, ReopenAfterClose(by=DAVE, at=at)).owner == DAVE


def test_reopen_after_window_refused(windowed_desk: cr.Desk) -> None:
    """A reply one second after the window does not reopen the case: it needs a new one."""
    closed = drive(windowed_desk, "closed")
    late = closed.last_event_at + REOPEN_WINDOW + timedelta(seconds=1)
    refusal = assert_refused(
        windowed_desk, closed, ReopenAfterClose(by=BOB, at=late), ReopenRefused
    )
    assert refusal.reason == (
        "the window is 14 days, 0:00:00: a reply after it opens a new, linked case "
        "(Desk.handle_reply)"
    )


def test_reopen_without_window_refused(desk: cr.Desk) -> None:
    """Without a reopen window (the default) no reply reopens a closed case, however soon."""
    closed = drive(desk, "closed")
    refusal = assert_refused(
        desk, closed, ReopenAfterClose(by=BOB, at=next_at(closed)), ReopenRefused
    )
    assert refusal.reason == (
        "no reopen window is set: a reply after it opens a new, linked case (Desk.handle_reply)"
    )


@pytest.mark.parametrize("how", list(_CLOSINGS))
def test_archive_keeps_the_outcome_and_ends_the_case(desk: cr.Desk, how: str) -> None:
    """Archiving a closed case keeps its owner and outcome on record and ends it."""
    closed = close_by(desk, how)
    archived = desk.apply(closed, Archive(by=CAROL, at=next_at(closed)))
    assert (archived.state, archived.owner, archived.version) == (
        "archived",
        ALICE,
        closed.version + 1,
    )
    assert archived.details == closed.details
    assert archived.closed_at is None
    assert desk.allowed(archived) == frozenset()


# --- replies ----------------------------------------------------------------------------


@pytest.mark.parametrize("state", OPEN_STATES, ids=OPEN_STATES)
def test_reply_to_open_case_returns_it_unchanged(windowed_desk: cr.Desk, state: str) -> None:
    """A reply to an open case is part of that case's work: the very same case comes back."""
    case = drive(windowed_desk, state)
    before = copy.deepcopy(case)
    assert reply_to(windowed_desk, case, next_at(case)) is case
    assert case == before


def test_reply_within_window_reopens(windowed_desk: cr.Desk) -> None:
    """A reply to a closed case within the window reopens it, owned by who received it."""
    closed = drive(windowed_desk, "closed")
    at = closed.last_event_at + timedelta(days=2)
    reopened = reply_to(windowed_desk, closed, at)
    assert (reopened.case_id, reopened.state, reopened.owner) == ("C-1", "reopened", BOB)
    assert reopened.history[-1].operation == ReopenAfterClose(by=BOB, at=at, note="it drops again")
    assert reopened.version == closed.version + 1


_NEW_CASE_REPLIES: list[tuple[str, timedelta | None, str, timedelta]] = [
    ("closed-after-window", REOPEN_WINDOW, "closed", REOPEN_WINDOW + timedelta(seconds=1)),
    ("closed-without-window", None, "closed", timedelta(minutes=1)),
    ("archived-within-window", REOPEN_WINDOW, "archived", timedelta(minutes=1)),
]


@pytest.mark.parametrize(
    ("window", "state", "delay"),
    [row[1:] for row in _NEW_CASE_REPLIES],
    ids=[row[0] for row in _NEW_CASE_REPLIES],
)
def test_reply_opens_a_new_linked_case(
    desk: cr.Desk, window: timedelta | None, state: str, delay: timedelta
) -> None:
    """A reply that cannot reopen the case opens a new one, owned by who received it and
    linked to the old one, which stays as it was."""
    desk = desk if window is None else windowed(desk, window)
    old = drive(desk, state)
    before = copy.deepcopy(old)
    at = old.last_event_at + delay
    new = reply_to(desk, old, at)
    assert (new.case_id, new.state, new.owner, new.version) == ("C-1-reply", "received", BOB, 1)
    assert new.complaint == attrs.evolve(
        COMPLAINT,
        complaint_id="C-1-reply",
        received_at=at,
        summary="it drops again",
        follows_up="C-1",
    )
    assert new.history[0].operation == Record(
        by=BOB, at=at, note="follows up case C-1", complaint=new.complaint
    )
    assert old == before


def test_reply_dated_before_the_close_refused(windowed_desk: cr.Desk) -> None:
    """A reply dated before the case's last event is a time-order refusal, not a new case."""
    closed = drive(windowed_desk, "closed")
    with pytest.raises(cr.OperationRefused) as info:
        reply_to(windowed_desk, closed, closed.last_event_at - timedelta(minutes=1))
    assert type(info.value) is cr.OperationRefused
    assert "before the case's last event" in info.value.reason
