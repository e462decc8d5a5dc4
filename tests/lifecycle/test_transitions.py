"""Lifecycle tables: declared transitions, undeclared pairs, ended cases, what is allowed."""

from __future__ import annotations

import pytest

import custrecovery as cr
from custrecovery.errors import ClosingRefused
from custrecovery.errors import ReferralRefused
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.operations import OPERATION_TYPES
from tests.conftest import ALICE
from tests.conftest import COMPLAINT
from tests.conftest import T0
from tests.conftest import windowed
from tests.lifecycle._helpers import _FACTORIES
from tests.lifecycle._helpers import ANNOTATION_KINDS
from tests.lifecycle._helpers import CLOSING_RULE
from tests.lifecycle._helpers import DECLARED
from tests.lifecycle._helpers import ENDED
from tests.lifecycle._helpers import LINEAGE_KINDS
from tests.lifecycle._helpers import NO_OWNER
from tests.lifecycle._helpers import OPEN_STATES
from tests.lifecycle._helpers import PATHS
from tests.lifecycle._helpers import PUSH_AWAY_KINDS
from tests.lifecycle._helpers import SIDE_KINDS
from tests.lifecycle._helpers import apply_kind
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import declared_in
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at
from tests.lifecycle._helpers import not_allowed

ALL_STATES = tuple(s.id for s in STATES)
FINAL_STATES = tuple(s.id for s in STATES if s.final)
LIFECYCLE_KINDS = tuple(kind for kind, cls in OPERATION_TYPES.items() if cls.family == "lifecycle")


# --- the helpers themselves ------------------------------------------------------------


def test_paths_cover_every_state_but_new() -> None:
    """The path table reaches every declared state a recorded case can be in."""
    assert set(PATHS) == set(ALL_STATES) - {"new"}
    assert {"closed", "archived", "merged"} <= set(PATHS)


def test_state_families() -> None:
    """``archived`` and ``merged`` are final; ``closed`` is neither final nor owned."""
    assert FINAL_STATES == ("archived", "merged")
    assert "closed" not in OPEN_STATES
    assert "closed" not in FINAL_STATES
    assert len(OPEN_STATES) == 14
    assert sorted(ANNOTATION_KINDS) == [
        "absorb_duplicate",
        "offer_goodwill",
        "record_boundary_decision",
        "split_from",
        "split_into",
    ]


def test_factories_cover_every_operation_type() -> None:
    """There is a factory for every operation kind, building that kind."""
    assert set(_FACTORIES) == set(OPERATION_TYPES)
    for kind, cls in OPERATION_TYPES.items():
        assert type(make_op(kind, T0)) is cls


@pytest.mark.parametrize("state", list(PATHS), ids=list(PATHS))
def test_drive_reaches_state(desk: cr.Desk, state: str) -> None:
    """Each known path leads to its state, one version per step."""
    case = drive(desk, state)
    assert case.version == len(PATHS[state]) + 1
    assert case.owner == ALICE


# --- every declared transition ---------------------------------------------------------

_ROWS = [(source, row.event, row.target) for row in TRANSITIONS for source in row.sources]


@pytest.mark.parametrize(
    ("source", "event", "target"), _ROWS, ids=[f"{s}-{e}" for s, e, _ in _ROWS]
)
def test_declared_transition(desk: cr.Desk, source: str, event: str, target: str) -> None:
    """Every row of TRANSITIONS, applied from its source, reaches its target."""
    if event == "record":
        case = desk.record(COMPLAINT, by=ALICE, at=T0)
        assert (source, case.state, case.version) == ("new", target, 1)
        return
    if event == "reopen_after_close":
        desk = windowed(desk)  # without a window no reply reopens (tested below)
    case = drive(desk, source)
    after = apply_kind(desk, case, event, next_at(case))
    assert after.state == target
    assert after.version == case.version + 1
    assert after.history[-1].kind == event
    assert after.owner == case.owner


# --- every undeclared (state, operation) pair ------------------------------------------

_UNDECLARED = [
    (state, kind)
    for state in (*OPEN_STATES, "closed")
    for kind in LIFECYCLE_KINDS
    if kind != "record" and (state, kind) not in DECLARED
]


def _undeclared_refusal(state: str, kind: str) -> tuple[type[cr.OperationRefused], str]:
    """The exact error and reason for ``kind`` where the table does not offer it."""
    if kind == "close" and state == "closed":
        return ClosingRefused, "the case is already closed"
    if kind == "close":
        return ClosingRefused, CLOSING_RULE
    if kind == "refer":
        if state == "referral_offered":
            return ReferralRefused, "the receiving firm has not confirmed it can help"
        return ReferralRefused, "no firm has been asked and has confirmed it can help"
    return cr.OperationRefused, not_allowed(state)


@pytest.mark.parametrize(("state", "kind"), _UNDECLARED, ids=[f"{s}-{k}" for s, k in _UNDECLARED])
def test_undeclared_operation_refused(desk: cr.Desk, state: str, kind: str) -> None:
    """A lifecycle operation the table does not offer in a state is refused, changing nothing."""
    case = drive(desk, state)
    error, reason = _undeclared_refusal(state, kind)
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), error)
    assert refusal.reason == reason


def test_undeclared_table_is_large() -> None:
    """The refusal table really covers most pairs (guards against an empty parametrization)."""
    assert len(_UNDECLARED) > 250
    assert ("closed", "close") in _UNDECLARED
    assert ("received", "archive") in _UNDECLARED
    assert ("investigating", "reopen_after_close") in _UNDECLARED
    assert ("closed", "merge_into") in _UNDECLARED
    assert not any(kind == "merge_into" for state, kind in _UNDECLARED if state != "closed")


def test_undeclared_lists_what_is_allowed(desk: cr.Desk) -> None:
    """A plain refusal names the operations the state does allow."""
    case = drive(desk, "received")
    assert_refused(
        desk,
        case,
        make_op("assess", next_at(case)),
        cr.OperationRefused,
        "(allowed: acknowledge, merge_into)",
    )


def test_closed_lists_reopen_and_archive(desk: cr.Desk) -> None:
    """On a closed case a plain refusal names the only two ways on: archive or reopen."""
    case = drive(desk, "closed")
    refusal = assert_refused(desk, case, make_op("investigate", next_at(case)), cr.OperationRefused)
    assert refusal.reason == "not allowed in this state (allowed: archive, reopen_after_close)"


def test_record_on_existing_case_is_invalid(desk: cr.Desk) -> None:
    """``record`` is not an operation on an existing case: it is a caller mistake."""
    case = drive(desk, "investigating")
    with pytest.raises(cr.InvalidValue, match="expected an operation on an existing case"):
        desk.apply(case, make_op("record", next_at(case)))


# Without a directory nobody holds the owner's-supervisor right, so these are refused
# by the rights check first (RightsRefused); tests/desk/test_accountability.py tries
# them on closed and ended cases with a directory.
_SUPERVISOR_KINDS = frozenset({"offer_on_behalf", "take_over"})
_SIDE = sorted(SIDE_KINDS - _SUPERVISOR_KINDS)


@pytest.mark.parametrize("kind", _SIDE, ids=_SIDE)
def test_closed_case_has_no_owner_to_act(desk: cr.Desk, kind: str) -> None:
    """On a closed case no handoff or annotation is accepted: nobody is accountable now."""
    case = drive(desk, "closed")
    refusal = assert_refused(desk, case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == NO_OWNER


_ENDED_KINDS = [
    k
    for k in OPERATION_TYPES
    if k != "record" and k not in PUSH_AWAY_KINDS and k not in _SUPERVISOR_KINDS
]
_ENDED = [(state, kind) for state in FINAL_STATES for kind in _ENDED_KINDS]


@pytest.mark.parametrize(("state", "kind"), _ENDED, ids=[f"{s}-{k}" for s, k in _ENDED])
def test_nothing_accepted_when_ended(windowed_desk: cr.Desk, state: str, kind: str) -> None:
    """An archived or merged case refuses every operation as ended, with a plain refusal.

    Even ``close``, ``refer`` and ``reopen_after_close`` (within the window) get the
    plain ``OperationRefused``, not their usual subclasses.
    """
    case = drive(windowed_desk, state)
    refusal = assert_refused(windowed_desk, case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == ENDED


def test_ended_table_covers_every_family() -> None:
    """The ended table tries lifecycle, ownership and annotation operations alike."""
    families = {OPERATION_TYPES[kind].family for kind in _ENDED_KINDS}
    assert families == {"lifecycle", "ownership", "annotation"}
    assert len(_ENDED) == 2 * (
        len(OPERATION_TYPES) - 1 - len(PUSH_AWAY_KINDS) - len(_SUPERVISOR_KINDS)
    )


# --- allowed ---------------------------------------------------------------------------

_ALLOWED_STATES = list(PATHS)


@pytest.mark.parametrize("state", _ALLOWED_STATES, ids=_ALLOWED_STATES)
def test_allowed_matches_table(desk: cr.Desk, state: str) -> None:
    """The desk offers the table's events, plus handoffs and annotations while open and owned."""
    side = SIDE_KINDS if state in OPEN_STATES else frozenset()
    assert desk.allowed(drive(desk, state)) == (declared_in(state) | side) - LINEAGE_KINDS


def test_allowed_in_investigating_literal(desk: cr.Desk) -> None:
    """In ``investigating`` apply offers exactly these three lifecycle events (merging is
    Desk.merge's)."""
    allowed = desk.allowed(drive(desk, "investigating")) - SIDE_KINDS
    assert allowed == {"await_customer", "propose_resolution", "offer_referral"}


def test_allowed_when_closed(desk: cr.Desk) -> None:
    """A closed case offers archiving and reopening only: no handoff, no annotation."""
    assert desk.allowed(drive(desk, "closed")) == {"archive", "reopen_after_close"}


@pytest.mark.parametrize("state", FINAL_STATES, ids=FINAL_STATES)
def test_allowed_empty_when_ended(desk: cr.Desk, state: str) -> None:
    """An archived or merged case offers nothing."""
    assert desk.allowed(drive(desk, state)) == frozenset()
