"""Merging duplicate cases: the survivor, the notices, and every refusal."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

import attrs
import pytest

import custrecovery as cr
from custrecovery.errors import ClosingRefused
from custrecovery.operations import AbsorbDuplicate
from custrecovery.operations import Acknowledge
from custrecovery.operations import MergeInto
from custrecovery.operations import OfferHandoff
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import DAVE
from tests.conftest import DUPLICATE
from tests.conftest import OTHER_CUSTOMER
from tests.conftest import Listener
from tests.conftest import minutes
from tests.lifecycle._helpers import ENDED
from tests.lifecycle._helpers import NO_OWNER
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import next_at

# --- merging duplicates -----------------------------------------------------------------


def duplicate_pair(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    """Bob's duplicate ``C-2`` (acknowledged) and Alice's ``C-1`` (investigating)."""
    survivor = drive(desk, "investigating")
    duplicate = desk.record(DUPLICATE, by=BOB, at=minutes(1))
    duplicate = desk.apply(duplicate, Acknowledge(by=BOB, at=minutes(2)))
    return duplicate, survivor


def test_merge(desk: cr.Desk) -> None:
    """The duplicate ends in ``merged`` pointing to the survivor; the survivor records what it
    absorbed and whose it was; both histories are kept and both owners stay."""
    duplicate, survivor = duplicate_pair(desk)
    merged, kept = desk.merge(duplicate, survivor, by=CAROL, at=minutes(10))
    assert (merged.state, merged.owner, merged.version, merged.merged_into) == (
        "merged",
        BOB,
        3,
        "C-1",
    )
    assert merged.history[:-1] == duplicate.history
    assert merged.history[-1].operation == MergeInto(by=CAROL, at=minutes(10), survivor_id="C-1")
    assert (kept.state, kept.owner, kept.version, kept.merged_from) == (
        "investigating",
        ALICE,
        5,
        ("C-2",),
    )
    assert kept.history[:-1] == survivor.history
    assert kept.history[-1].operation == AbsorbDuplicate(
        by=CAROL, at=minutes(10), duplicate_id="C-2", duplicate_owner=BOB, duplicate_events=2
    )
    assert (merged.merged_from, kept.merged_into) == ((), None)
    assert desk.allowed(merged) == frozenset()


def test_merge_tells_the_duplicates_owner(desk: cr.Desk) -> None:
    """After both merge steps are accepted, plugins hear of the survivor's absorb (naming the
    duplicate's owner) and of the duplicate's merge, whose case is still owned by that owner:
    the hook through which a CRM tells them."""
    listener = Listener()
    duplicate, survivor = duplicate_pair(desk)
    desk = cr.Desk(engine=desk.engine_name, plugins=[listener], entry_points=False)
    merged, kept = desk.merge(duplicate, survivor, by=CAROL, at=minutes(10))
    assert listener.heard == [
        ("C-1#5", "absorb_duplicate", "alice"),
        ("C-2#3", "merge_into", "bob"),
    ]
    absorbed = kept.history[-1].operation
    assert isinstance(absorbed, AbsorbDuplicate)
    assert absorbed.duplicate_owner == merged.owner == BOB


def test_survivor_absorbs_several_duplicates(desk: cr.Desk) -> None:
    """A survivor lists every duplicate merged into it, in order."""
    duplicate, survivor = duplicate_pair(desk)
    _, survivor = desk.merge(duplicate, survivor, by=ALICE, at=minutes(10))
    third = desk.record(attrs.evolve(DUPLICATE, complaint_id="C-3"), by=DAVE, at=minutes(11))
    merged, survivor = desk.merge(third, survivor, by=ALICE, at=minutes(12))
    assert survivor.merged_from == ("C-2", "C-3")
    assert (merged.merged_into, merged.owner) == ("C-1", DAVE)


@pytest.mark.parametrize("survivor_id", ["C-7", "NO-SUCH"])
def test_merge_into_applied_on_its_own_is_refused(desk: cr.Desk, survivor_id: str) -> None:
    """A ``merge_into`` (or ``absorb_duplicate``) given to ``apply`` is refused and changes
    nothing: only ``Desk.merge`` sees the survivor, so no case ends merged into nothing."""
    case = drive(desk, "resolution_rejected")
    refusal = assert_refused(
        desk,
        case,
        MergeInto(by=ALICE, at=next_at(case), survivor_id=survivor_id),
        cr.OperationRefused,
    )
    assert refusal.reason == (
        "merge_into is applied by Desk.merge, which checks the surviving case "
        "(it exists, is open and is the same customer's)"
    )
    absorb = AbsorbDuplicate(
        by=ALICE, at=next_at(case), duplicate_id="C-8", duplicate_owner=ALICE, duplicate_events=2
    )
    assert_refused(desk, case, absorb, cr.OperationRefused, "applied by Desk.merge")


def test_merge_into_itself_refused(desk: cr.Desk) -> None:
    """A case is never merged into itself: it would end with nobody carrying on."""
    case = drive(desk, "investigating")
    op = MergeInto(by=ALICE, at=next_at(case), survivor_id="C-1")
    refusal = assert_refused(desk, case, op, ClosingRefused)
    assert refusal.reason == "a case is merged only into another case that carries on"


_Pair = Callable[[cr.Desk], tuple[cr.Case, cr.Case]]


def _other_customer(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    other = attrs.evolve(DUPLICATE, customer=OTHER_CUSTOMER)
    return desk.record(other, by=BOB, at=minutes(1)), drive(desk, "investigating")


def _handoff_open(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    duplicate, survivor = duplicate_pair(desk)
    offer = OfferHandoff(by=BOB, at=minutes(3), to=ALICE, reason="she has the original")
    return desk.apply(duplicate, offer), survivor


def _states(duplicate: str, survivor: str) -> _Pair:
    return lambda desk: (drive(desk, duplicate, DUPLICATE), drive(desk, survivor))


def _into_itself(desk: cr.Desk) -> tuple[cr.Case, cr.Case]:
    case = drive(desk, "investigating")
    return case, case


_HANDOFF_STILL_OPEN = (
    "a handoff to 'alice' is still open: let it be accepted, declined or withdrawn first"
)
_MERGE_REFUSALS: list[tuple[str, _Pair, datetime, type[cr.OperationRefused], str, str, str]] = [
    # (id, pair, at, error, refused side, refused operation, reason)
    (
        "other-customer",
        _other_customer,
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        "case 'C-1' is about another customer",
    ),
    (
        "handoff-open-on-duplicate",
        _handoff_open,
        minutes(30),
        ClosingRefused,
        "duplicate",
        "merge_into",
        _HANDOFF_STILL_OPEN,
    ),
    (
        "into-itself",
        _into_itself,
        minutes(30),
        ClosingRefused,
        "duplicate",
        "merge_into",
        "a case is merged only into another case that carries on",
    ),
    (
        "duplicate-closed",
        _states("closed", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        "not allowed in this state (allowed: archive, reopen_after_close)",
    ),
    (
        "duplicate-archived",
        _states("archived", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        ENDED,
    ),
    (
        "duplicate-merged",
        _states("merged", "investigating"),
        minutes(30),
        cr.OperationRefused,
        "duplicate",
        "merge_into",
        ENDED,
    ),
    (
        "survivor-closed",
        _states("investigating", "closed"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        NO_OWNER,
    ),
    (
        "survivor-archived",
        _states("investigating", "archived"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        ENDED,
    ),
    (
        "survivor-merged",
        _states("investigating", "merged"),
        minutes(30),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        ENDED,
    ),
    (
        "before-survivor-last-event",
        duplicate_pair,
        minutes(2),
        cr.OperationRefused,
        "survivor",
        "absorb_duplicate",
        "it happened at 2026-11-02T09:02:00+00:00, before the case's last event at "
        "2026-11-02T09:03:00+00:00 (operations are applied in time order)",
    ),
]


@pytest.mark.parametrize(
    ("pair", "at", "error", "side", "operation", "reason"),
    [row[1:] for row in _MERGE_REFUSALS],
    ids=[row[0] for row in _MERGE_REFUSALS],
)
def test_merge_refused_changes_neither(
    desk: cr.Desk,
    pair: _Pair,
    at: datetime,
    error: type[cr.OperationRefused],
    side: str,
    operation: str,
    reason: str,
) -> None:
    """A merge either side refuses raises exactly that refusal and leaves both cases as they
    were."""
    duplicate, survivor = pair(desk)
    before = copy.deepcopy((duplicate, survivor))
    with pytest.raises(cr.OperationRefused) as info:
        desk.merge(duplicate, survivor, by=CAROL, at=at)
    refusal = info.value
    refused = duplicate if side == "duplicate" else survivor
    assert type(refusal) is error
    assert (refusal.case_id, refusal.state, refusal.operation, refusal.reason) == (
        refused.case_id,
        refused.state,
        operation,
        reason,
    )
    assert (duplicate, survivor) == before
