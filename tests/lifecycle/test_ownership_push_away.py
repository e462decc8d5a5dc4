"""Ownership: "that's not my responsibility" operations are refused."""

from __future__ import annotations

import pytest

import custrecovery as cr
from tests.conftest import DAVE
from tests.lifecycle._helpers import PUSH_AWAY_KINDS
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at

# --- "that's not my responsibility" ----------------------------------------------------

_PUSH_STATES = (
    "received",
    "investigating",
    "resolution_rejected",
    "referred",
)
_PUSH = [(state, kind) for state in _PUSH_STATES for kind in PUSH_AWAY_KINDS]


@pytest.mark.parametrize(("state", "kind"), _PUSH, ids=[f"{s}-{k}" for s, k in _PUSH])
def test_push_away_refused(desk: cr.Desk, state: str, kind: str) -> None:
    """Disclaim, unassign, cold transfer and dismiss are refused, naming the warm handoff."""
    case = drive(desk, state)
    refusal = assert_refused(
        desk,
        case,
        make_op(kind, next_at(case)),
        cr.NotMyResponsibility,
        "offer_handoff",
        "'alice'",
    )
    if kind == "cold_transfer":
        assert "'bob' has not accepted" in refusal.reason


NOT_OPEN_PUSH = (
    "the case is no longer open, so there is nothing to push away; a reply from "
    "the customer reopens it or opens a new, linked case (Desk.handle_reply)"
)
_PUSH_NOT_OPEN = [
    (state, kind) for state in ("closed", "archived", "merged") for kind in PUSH_AWAY_KINDS
]


@pytest.mark.parametrize(
    ("state", "kind"), _PUSH_NOT_OPEN, ids=[f"{s}-{k}" for s, k in _PUSH_NOT_OPEN]
)
def test_push_away_refused_when_not_open(desk: cr.Desk, state: str, kind: str) -> None:
    """On a case that is no longer open, push-away is still refused, saying what a reply does."""
    case = drive(desk, state)
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), cr.NotMyResponsibility)
    assert refusal.reason == NOT_OPEN_PUSH


def test_push_away_refused_for_non_owner(desk: cr.Desk) -> None:
    """Even a colleague who does not own the case cannot dismiss it."""
    case = drive(desk, "investigating")
    assert_refused(
        desk, case, make_op("dismiss", next_at(case), by=DAVE), cr.NotMyResponsibility, "'alice'"
    )
