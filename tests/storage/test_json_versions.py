"""Optimistic concurrency with expected versions, pickled errors and exact amounts."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

import custrecovery as cr
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import Investigate
from custrecovery.storage import to_dict
from tests.conftest import Listener
from tests.storage._helpers import BOB
from tests.storage._helpers import DESK
from tests.storage._helpers import STORY
from tests.storage._helpers import at

# --- optimistic concurrency ----------------------------------------------------------------


def test_a_stale_version_raises_a_conflict_and_changes_nothing() -> None:
    """Applying to a version other than the one expected raises ConflictError."""
    listener = Listener()
    desk = cr.Desk(plugins=[listener])
    before = copy.deepcopy(cr.case_to_dict(STORY))
    with pytest.raises(cr.ConflictError) as caught:
        desk.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=STORY.version - 1)
    conflict = caught.value
    assert (conflict.case_id, conflict.expected_version, conflict.actual_version) == ("C-1", 5, 6)
    assert "expected version 5, found 6" in str(conflict)
    assert cr.case_to_dict(STORY) == before
    assert listener.heard == []


@pytest.mark.parametrize("expected", ["6", 6.0, True])
def test_an_expected_version_that_is_not_an_int_is_refused(expected: object) -> None:
    """``expected_version`` is an int: a string, a float or a bool is a caller's mistake,
    never compared (``6.0 == 6`` would let it through)."""
    with pytest.raises(cr.InvalidValue, match="expected_version must be an int"):
        DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=expected)  # type: ignore[arg-type]


def test_the_current_version_is_accepted() -> None:
    """Applying with the case's own version moves it one version on."""
    after = DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=STORY.version)
    assert (after.version, after.state) == (7, "investigating")


def test_two_writers_one_wins_the_other_conflicts() -> None:
    """Two writers read version 6; once the first saved 7, the second's stale copy conflicts."""
    first = DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=6)
    with pytest.raises(cr.ConflictError) as caught:
        DESK.apply(STORY, Investigate(by=BOB, at=at(11)), expected_version=first.version)
    assert (caught.value.expected_version, caught.value.actual_version) == (7, 6)
    retried = DESK.apply(first, AwaitCustomer(by=BOB, at=at(11), request="router model"))
    assert retried.version == 8


def test_errors_survive_pickling() -> None:
    """DataError and ConflictError keep their fields across processes."""
    import pickle

    data = pickle.loads(pickle.dumps(cr.DataError("bad", where="$.history[3].at")))
    assert (data.where, data.problem) == ("$.history[3].at", "bad")
    conflict = pickle.loads(
        pickle.dumps(cr.ConflictError(case_id="C-1", expected_version=2, actual_version=3))
    )
    assert (conflict.expected_version, conflict.actual_version) == (2, 3)


def test_decimal_amounts_stay_exact() -> None:
    """An amount with many digits is written and read back exactly."""
    amount = cr.Money(Decimal("123456789012345678.91"), "EUR")
    assert to_dict(amount) == {"amount": "123456789012345678.91", "currency": "EUR"}
    assert cr.from_json(cr.Money, cr.to_json(amount)) == amount
