"""Every public method that takes a time refuses a naive one with InvalidValue (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

import custrecovery as cr
from custrecovery import clocks
from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import RestrictionNotice
from custrecovery.boundaries import combine_assessments
from custrecovery.boundaries import decide
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import ProposeResolution

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
NAIVE = datetime(2026, 11, 3, 9, 0)
ALICE = cr.Actor("alice", "Alice", role="billing")
DESK = cr.Desk(rules=LifecycleRules(reopen_window=timedelta(days=14)), entry_points=False)
CUSTOMER = cr.Customer("cust-1", "Cara")


def _complaint(complaint_id: str = "C-1", received_at: datetime = T0) -> cr.Complaint:
    return cr.Complaint(complaint_id, CUSTOMER, cr.Channel.EMAIL, received_at, "late refund")


OPEN = DESK.record(_complaint(), by=ALICE, at=T0)
OTHER = DESK.record(_complaint("C-2"), by=ALICE, at=T0)
CLOSED = DESK.apply_all(
    OPEN,
    [
        Acknowledge(by=ALICE, at=T0),
        Assess(by=ALICE, at=T0),
        ProposeResolution(by=ALICE, at=T0, resolution="a refund"),
        AcceptResolution(by=ALICE, at=T0),
        Close(by=ALICE, at=T0),
    ],
)
SERVICE = clocks.service_level_clocks(clocks.DEFAULT_SERVICE_LEVELS["high"], severity="high")
HISTORY = CustomerHistory(customer_id="cust-1", contacts=())
DESK_FIX = pytest.mark.xfail(strict=True, raises=AssertionError, reason="desk fix pending")

CALLS: list[tuple[str, Callable[[], object]]] = [
    ("Complaint.received_at", lambda: _complaint(received_at=NAIVE)),
    ("operation.at (Desk.apply)", lambda: DESK.apply(OPEN, Acknowledge(by=ALICE, at=NAIVE))),
    ("Desk.record", lambda: DESK.record(_complaint("C-3"), by=ALICE, at=NAIVE)),
    (
        "Desk.capture_and_route",
        lambda: DESK.capture_and_route(
            _complaint("C-4"), by=ALICE, to=cr.Actor("bob", "Bob"), at=NAIVE, reason="billing"
        ),
    ),
    (
        "Desk.handle_reply (closed case)",
        lambda: DESK.handle_reply(CLOSED, by=ALICE, at=NAIVE, summary="again", follow_up_id="C-5"),
    ),
    (
        "Desk.handle_reply (open case)",
        lambda: DESK.handle_reply(OPEN, by=ALICE, at=NAIVE, summary="again", follow_up_id="C-6"),
    ),
    ("Desk.merge", lambda: DESK.merge(OTHER, OPEN, by=ALICE, at=NAIVE)),
    ("Desk.split", lambda: DESK.split(OPEN, [("C-7", "the line fault")], by=ALICE, at=NAIVE)),
    ("Desk.decide_boundary", lambda: DESK.decide_boundary(HISTORY, as_of=NAIVE)),
    ("Desk.clock_status as_of", lambda: DESK.clock_status(OPEN, as_of=NAIVE)),
    ("Desk.clock_status start", lambda: DESK.clock_status(OPEN, as_of=T0, start=NAIVE)),
    ("Desk.sweep", lambda: DESK.sweep([OPEN], as_of=NAIVE)),
    ("clocks.clock_set_status", lambda: clocks.clock_set_status(SERVICE, OPEN, as_of=NAIVE)),
    ("clocks.clock_status", lambda: clocks.clock_status(SERVICE.clocks[0], OPEN, as_of=NAIVE)),
    (
        "clocks.clock_status start",
        lambda: clocks.clock_status(SERVICE.clocks[0], OPEN, as_of=T0, start=NAIVE),
    ),
    (
        "clocks.sweep",
        lambda: clocks.sweep([OPEN], as_of=NAIVE, clock_sets=[SERVICE]),
    ),
    (
        "clocks.deadline",
        lambda: clocks.deadline(SERVICE.clocks[0].duration, SERVICE.clocks[0].calendar, NAIVE),
    ),
    ("boundaries.decide", lambda: decide(HISTORY, as_of=NAIVE)),
    ("boundaries.combine_assessments", lambda: combine_assessments([], as_of=NAIVE)),
    ("ContactRecord.received_at", lambda: ContactRecord(case_id="C-1", received_at=NAIVE)),
    (
        "RestrictionNotice.starts",
        lambda: RestrictionNotice(("email",), "why", NAIVE, T0, T0, "appeal"),
    ),
]
"""Every public entry point that takes a time, called with a naive one."""

PENDING: dict[str, pytest.MarkDecorator] = {}
"""Rows whose fix lives in files this change does not own (listed in the change's report)."""


@pytest.mark.parametrize(
    "call",
    [pytest.param(call, id=name, marks=PENDING.get(name, ())) for name, call in CALLS],
)
def test_a_naive_time_is_refused(call: Callable[[], object]) -> None:
    """A time without a UTC offset is the caller's mistake: InvalidValue, nothing done."""
    try:
        call()
    except cr.InvalidValue:
        return
    except Exception as error:  # the table records what else is raised
        raise AssertionError(f"raised {type(error).__name__}: {error}") from None
    raise AssertionError("accepted a naive time")


def test_the_table_covers_every_desk_method_that_takes_a_time() -> None:
    """Each public Desk method with a time parameter has a row."""
    import inspect

    timed = {
        name
        for name, member in inspect.getmembers(cr.Desk, inspect.isfunction)
        if not name.startswith("_")
        and {"at", "as_of", "start"} & set(inspect.signature(member).parameters)
    }
    rows = {name.split(" ")[0].removeprefix("Desk.") for name, _ in CALLS}
    assert timed <= rows, timed - rows
