"""The order of checks: data errors, time, push-away refusals, then plugin vetoes."""

from __future__ import annotations

import copy
from datetime import timedelta

import attrs
import pytest

import custrecovery as cr
from custrecovery.errors import UntrustedCase
from custrecovery.operations import Operation
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at

# --- order of checks -------------------------------------------------------------------


class VetoEverything:
    """A plugin that refuses every operation it is asked about."""

    plugin_name = "freezer"

    @cr.hookimpl
    def veto_operation(self, operation: Operation) -> str | None:
        return "the account is frozen for audit"


def vetoing(desk: cr.Desk) -> cr.Desk:
    """A desk like ``desk`` (same engine) with :class:`VetoEverything` installed."""
    return cr.Desk(engine=desk.engine_name, plugins=[VetoEverything()], entry_points=False)


def in_unknown_state(case: cr.Case) -> cr.Case:
    """``case`` as a store might hold it after a lifecycle lost a state: in ``limbo``."""
    last = attrs.evolve(case.history[-1], state="limbo")
    return attrs.evolve(case, history=(*case.history[:-1], last))


@pytest.mark.parametrize("kind", ["investigate", "offer_handoff", "disclaim", "archive"])
def test_altered_history_is_refused_first(desk: cr.Desk, kind: str) -> None:
    """A case whose history was altered after the desk built it (here: a state the lifecycle
    does not know) is refused before anything else, whatever is asked, and even when the
    operation is also out of time order or a push-away."""
    case = in_unknown_state(drive(desk, "investigating"))
    before = copy.deepcopy(case)
    early = case.last_event_at - timedelta(minutes=1)
    with pytest.raises(UntrustedCase) as info:
        desk.apply(case, make_op(kind, early))
    assert str(info.value).startswith("case 'C-1' was not built or loaded under this desk's rules")
    assert case == before


@pytest.mark.parametrize("state", ["investigating", "closed", "archived", "merged"])
def test_push_away_refused_before_time_order(desk: cr.Desk, state: str) -> None:
    """An out-of-order push-away is still refused as "not my responsibility", in any state:
    it is refused before every check but the type checks."""
    case = drive(desk, state)
    early = case.last_event_at - timedelta(seconds=1)
    assert_refused(desk, case, make_op("dismiss", early), cr.NotMyResponsibility)


@pytest.mark.parametrize("state", ["investigating", "closed", "archived", "merged"])
def test_push_away_refused_before_plugin_vetoes(desk: cr.Desk, state: str) -> None:
    """A push-away is refused as such even when a plugin would veto it, in any state."""
    case = drive(desk, state)
    assert_refused(vetoing(desk), case, make_op("unassign", next_at(case)), cr.NotMyResponsibility)


_VETO_FIRST = [
    ("investigating", "close"),  # would be ClosingRefused (not declared)
    ("referral_confirmed", "refer"),  # would be accepted
    ("closed", "offer_handoff"),  # would be refused: no accountable owner
    ("closed", "reopen_after_close"),  # would be ReopenRefused (no window)
    ("archived", "archive"),  # would be refused: the case has ended
    ("merged", "offer_goodwill"),  # would be refused: the case has ended
]


@pytest.mark.parametrize(("state", "kind"), _VETO_FIRST, ids=[f"{s}-{k}" for s, k in _VETO_FIRST])
def test_plugin_veto_before_lifecycle_and_ownership(desk: cr.Desk, state: str, kind: str) -> None:
    """A plugin's veto is heard before the lifecycle, ownership and ended-case rules."""
    case = drive(desk, state)
    refusal = assert_refused(vetoing(desk), case, make_op(kind, next_at(case)), cr.OperationRefused)
    assert refusal.reason == "plugin 'freezer': the account is frozen for audit"
