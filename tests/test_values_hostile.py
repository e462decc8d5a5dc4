"""Hostile values (issue 11): negative losses, and times at the edge of the calendar."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

import custrecovery as cr
from custrecovery.errors import ReopenRefused
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import ProposeResolution
from custrecovery.operations import ReopenAfterClose

ALICE = cr.Actor("alice", "Alice", role="billing")
WINDOW = timedelta(days=14)
DESK = cr.Desk(rules=LifecycleRules(reopen_window=WINDOW), entry_points=False)
NEAR_THE_END = datetime(9999, 12, 25, 9, 0, tzinfo=timezone.utc)


def _complaint(received_at: datetime, *, claimed_loss: cr.Money | None = None) -> cr.Complaint:
    return cr.Complaint(
        "C-9999",
        cr.Customer("c", "Cara"),
        cr.Channel.EMAIL,
        received_at,
        "late",
        claimed_loss=claimed_loss,
    )


def _closed(at: datetime, desk: cr.Desk = DESK) -> cr.Case:
    """A case recorded and closed at ``at`` on ``desk`` (the customer accepted a refund)."""
    case = desk.record(_complaint(at), by=ALICE, at=at)
    return desk.apply_all(
        case,
        [
            Acknowledge(by=ALICE, at=at),
            Assess(by=ALICE, at=at),
            ProposeResolution(by=ALICE, at=at, resolution="a refund"),
            AcceptResolution(by=ALICE, at=at),
            Close(by=ALICE, at=at),
        ],
    )


@pytest.mark.parametrize(
    ("amount", "accepted"),
    [("-5.00", False), ("-0.01", False), ("0", True), ("0.00", True), ("5.00", True)],
)
def test_a_claimed_loss_is_never_negative(amount: str, accepted: bool) -> None:
    """A complaint's claimed loss is refused below zero, as CompensationFacts refuses it."""
    loss = cr.Money(amount, "EUR")
    if accepted:
        assert _complaint(NEAR_THE_END, claimed_loss=loss).claimed_loss == loss
    else:
        with pytest.raises(cr.InvalidValue, match="claimed_loss may not be negative"):
            _complaint(NEAR_THE_END, claimed_loss=loss)


@pytest.mark.parametrize(
    ("window", "closed_at", "reply_at", "reopened"),
    [
        (WINDOW, NEAR_THE_END, NEAR_THE_END + timedelta(days=1), True),
        (WINDOW, NEAR_THE_END, datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc), True),
        (timedelta(days=3_000_000), datetime(2000, 1, 1, tzinfo=timezone.utc), NEAR_THE_END, True),
        (timedelta(days=1), NEAR_THE_END, NEAR_THE_END + timedelta(days=2), False),
    ],
    ids=["a-day-later", "last-minute-of-9999", "window-beyond-the-calendar", "after-the-window"],
)
def test_a_reopen_window_reaching_past_year_9999_is_checked_not_overflowed(
    window: timedelta, closed_at: datetime, reply_at: datetime, reopened: bool
) -> None:
    """When closing time plus the window lies past the calendar's end, a reply is judged
    by how long after closing it came (no OverflowError computing close + window)."""
    desk = cr.Desk(rules=LifecycleRules(reopen_window=window), entry_points=False)
    closed = _closed(closed_at, desk)
    if reopened:
        assert desk.apply(closed, ReopenAfterClose(by=ALICE, at=reply_at)).state == "reopened"
    else:
        with pytest.raises(ReopenRefused):
            desk.apply(closed, ReopenAfterClose(by=ALICE, at=reply_at))


def test_handle_reply_near_year_9999_reopens() -> None:
    """Desk.handle_reply on a case closed days before the calendar ends reopens it."""
    closed = _closed(NEAR_THE_END)
    reply = DESK.handle_reply(
        closed, by=ALICE, at=NEAR_THE_END + timedelta(days=3), summary="still late",
        follow_up_id="C-10000",
    )  # fmt: skip
    assert reply.state == "reopened"


def test_a_case_near_year_9999_is_stored_and_loaded() -> None:
    """Such a case round-trips through storage: loading replays the window check too."""
    closed = _closed(NEAR_THE_END)
    case = DESK.apply(closed, ReopenAfterClose(by=ALICE, at=NEAR_THE_END + timedelta(days=3)))
    assert cr.from_json(cr.Case, cr.to_json(case), desk=DESK) == case


@pytest.mark.parametrize(
    "when",
    [
        datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
        datetime(1, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=5))),
    ],
    ids=["after-9999-in-utc", "before-year-1-in-utc"],
)
def test_a_time_outside_the_calendar_in_utc_is_refused(when: datetime) -> None:
    """A time whose UTC instant lies outside years 1 to 9999 is refused when it is given,
    not met later as a bare OverflowError."""
    with pytest.raises(cr.InvalidValue, match="outside the calendar"):
        Acknowledge(by=ALICE, at=when)
    with pytest.raises(cr.InvalidValue, match="outside the calendar"):
        _complaint(when)
