"""Walk-throughs that assert the whole case after each step (h11 ``test_state.py`` style)."""

from __future__ import annotations

from datetime import timedelta

import pytest

import custrecovery as cr
from custrecovery.errors import ClosingRefused
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Archive
from custrecovery.operations import Assess
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import Close
from custrecovery.operations import CustomerReplied
from custrecovery.operations import Disclaim
from custrecovery.operations import Dismiss
from custrecovery.operations import Investigate
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Unassign
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import COMPLAINT
from tests.conftest import DAVE
from tests.conftest import T0
from tests.conftest import Listener
from tests.conftest import minutes
from tests.lifecycle._helpers import ENDED
from tests.lifecycle._helpers import NO_OWNER
from tests.lifecycle._helpers import PATHS
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import next_at
from tests.lifecycle._helpers import not_allowed
from tests.lifecycle._helpers import reply_to
from tests.lifecycle._helpers import snapshot

# --- walk-throughs ---------------------------------------------------------------------


def test_walk_through_billing_to_tech_support(desk: cr.Desk) -> None:
    """Billing hears a technical complaint and stays owner until tech support accepts it."""
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    kinds = ["record"]
    expected: dict[str, object] = {
        "state": "received",
        "owner": "alice",
        "version": 1,
        "pending_to": None,
        "notices": 0,
        "history": ("record",),
    }
    assert snapshot(case) == expected

    def step(op: Operation, **changes: object) -> None:
        nonlocal case
        case = desk.apply(case, op)
        expected.update(changes)
        kinds.append(op.kind)
        expected["version"] = len(kinds)
        expected["history"] = tuple(kinds)
        assert snapshot(case) == expected

    step(Acknowledge(by=ALICE, at=minutes(1)), state="acknowledged")
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Disclaim(by=ALICE, at=minutes(2), note="not billing"))
    assert snapshot(case) == expected
    step(
        OfferHandoff(by=ALICE, at=minutes(2), to=BOB, reason="router fault"),
        pending_to="bob",
        notices=1,
    )
    with pytest.raises(ClosingRefused):
        desk.apply(case, Close(by=ALICE, at=minutes(3)))
    with pytest.raises(cr.OperationRefused):
        desk.apply(case, AcceptHandoff(by=CAROL, at=minutes(3)))
    assert snapshot(case) == expected
    step(AcceptHandoff(by=BOB, at=minutes(4)), owner="bob", pending_to=None, notices=2)
    step(Assess(by=BOB, at=minutes(5)), state="assessed")
    step(Investigate(by=BOB, at=minutes(6)), state="investigating")
    step(AwaitCustomer(by=BOB, at=minutes(7), request="router model"), state="awaiting_customer")
    step(CustomerReplied(by=BOB, at=minutes(8)), state="investigating")
    step(
        ProposeResolution(by=BOB, at=minutes(9), resolution="replace router"),
        state="resolution_proposed",
    )
    step(AcceptResolution(by=BOB, at=minutes(10)), state="resolved")
    step(Close(by=BOB, at=minutes(11)), state="closed")
    assert expected["version"] == 11
    assert case.resolution == "replace router"
    assert case.customer_accepted
    assert [e.owner.actor_id for e in case.history] == ["alice"] * 3 + ["bob"] * 8


def test_walk_through_conference_capture_and_route(desk: cr.Desk) -> None:
    """An engineer who hears a complaint at a conference records it and routes it warmly."""
    heard = cr.Complaint(
        "C-7",
        cr.Customer("cust-7", "Gus", contact="gus@example.com"),
        cr.Channel.IN_PERSON,
        T0,
        "billing charged me twice",
    )
    case = desk.capture_and_route(heard, by=DAVE, to=ALICE, at=minutes(5), reason="billing")
    assert snapshot(case) == {
        "state": "received",
        "owner": "dave",
        "version": 2,
        "pending_to": "alice",
        "notices": 1,
        "history": ("record", "offer_handoff"),
    }
    assert case.history[-1].event_id == "C-7#2"
    assert case.notices[0].by == DAVE
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Unassign(by=DAVE, at=minutes(6)))
    case = desk.apply(case, AcceptHandoff(by=ALICE, at=minutes(30)))
    assert snapshot(case) == {
        "state": "received",
        "owner": "alice",
        "version": 3,
        "pending_to": None,
        "notices": 2,
        "history": ("record", "offer_handoff", "accept_handoff"),
    }
    case = desk.apply(case, Acknowledge(by=ALICE, at=minutes(31)))
    assert snapshot(case) == {
        "state": "acknowledged",
        "owner": "alice",
        "version": 4,
        "pending_to": None,
        "notices": 2,
        "history": ("record", "offer_handoff", "accept_handoff", "acknowledge"),
    }


def test_capture_and_route_to_self_refused(desk: cr.Desk) -> None:
    """Capturing a complaint and routing it to oneself is refused (no silent self-offer),
    and plugins hear of nothing: the record is not half-done."""
    listener = Listener()
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    with pytest.raises(cr.OperationRefused, match="'dave' already owns the case"):
        desk.capture_and_route(COMPLAINT, by=DAVE, to=DAVE, at=T0, reason="mine")
    assert listener.heard == []


def test_capture_and_route_notifies_both_steps_once_both_are_accepted(desk: cr.Desk) -> None:
    """A routed capture tells plugins of the record, then of the offer, in that order."""
    listener = Listener()
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    case = desk.capture_and_route(COMPLAINT, by=DAVE, to=ALICE, at=T0, reason="billing")
    assert listener.heard == [
        ("C-1#1", "record", "dave"),
        ("C-1#2", "offer_handoff", "dave"),
    ]
    assert (case.owner, case.pending_handoff is not None) == (DAVE, True)


def test_walk_through_closed_reopened_archived(windowed_desk: cr.Desk) -> None:
    """A case closes, the customer writes back within the window and Bob reopens and owns it,
    it closes again and is archived; then nothing more happens to it and the next reply
    opens a new, linked case."""
    desk = windowed_desk
    case = drive(desk, "resolved")
    kinds = ["record", *PATHS["resolved"]]
    expected: dict[str, object] = {
        "state": "resolved",
        "owner": "alice",
        "version": 6,
        "pending_to": None,
        "notices": 0,
        "history": tuple(kinds),
    }
    assert snapshot(case) == expected

    def step(op: Operation, **changes: object) -> None:
        nonlocal case
        case = desk.apply(case, op)
        expected.update(changes)
        kinds.append(op.kind)
        expected["version"] = len(kinds)
        expected["history"] = tuple(kinds)
        assert snapshot(case) == expected

    def refused(op: Operation, error: type[cr.OperationRefused], reason: str) -> None:
        assert assert_refused(desk, case, op, error).reason == reason
        assert snapshot(case) == expected

    step(Close(by=ALICE, at=minutes(10)), state="closed")
    assert desk.allowed(case) == {"archive", "reopen_after_close"}
    refused(Investigate(by=ALICE, at=minutes(11)), cr.OperationRefused, not_allowed("closed"))
    refused(
        OfferHandoff(by=ALICE, at=minutes(11), to=BOB, reason="x"), cr.OperationRefused, NO_OWNER
    )
    step(
        ReopenAfterClose(by=BOB, at=minutes(10) + timedelta(days=5)),
        state="reopened",
        owner="bob",
        notices=1,
    )
    day6 = minutes(10) + timedelta(days=6)
    step(Investigate(by=BOB, at=day6), state="investigating")
    step(ProposeResolution(by=BOB, at=day6, resolution="new router"), state="resolution_proposed")
    step(AcceptResolution(by=BOB, at=day6), state="resolved")
    step(Close(by=BOB, at=day6), state="closed")
    step(Archive(by=CAROL, at=day6 + timedelta(days=1)), state="archived")
    assert desk.allowed(case) == frozenset()
    day8 = day6 + timedelta(days=2)
    refused(ReopenAfterClose(by=BOB, at=day8), cr.OperationRefused, ENDED)
    refused(Close(by=BOB, at=day8), cr.OperationRefused, ENDED)
    with pytest.raises(cr.NotMyResponsibility):
        desk.apply(case, Dismiss(by=BOB, at=day8))
    assert snapshot(case) == expected
    assert [e.owner.actor_id for e in case.history] == ["alice"] * 7 + ["bob"] * 6
    follow_up = reply_to(desk, case, day8)
    assert (follow_up.case_id, follow_up.complaint.follows_up, follow_up.owner) == (
        "C-1-reply",
        "C-1",
        BOB,
    )
    assert snapshot(case) == expected


def test_reply_to_a_merged_duplicate_goes_to_the_survivor(desk: cr.Desk) -> None:
    """A reply to a merged-away duplicate is refused, naming the survivor, so no new duplicate."""
    case = drive(desk, "merged")
    assert case.merged_into is not None
    with pytest.raises(cr.OperationRefused) as caught:
        desk.handle_reply(case, by=BOB, at=next_at(case), summary="any news?", follow_up_id="C-9")
    assert caught.value.reason == (
        f"the case was merged into {case.merged_into!r}: handle the reply there"
    )
    assert caught.value.operation == "handle_reply"
