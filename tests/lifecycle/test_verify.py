"""Static verification of lifecycle declarations: the built-in one is sound, broken ones are caught.

Variants python-statemachine would refuse to build (an unreachable state, a
state with no way out to a final state) are built here with its own build-time
checks turned off, exactly the situation the verifier exists for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from statemachine.exceptions import InvalidDefinition
from statemachine.io import create_machine_class_from_definition

import custrecovery as cr
from custrecovery.errors import InvalidLifecycle
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import LifecycleRules
from custrecovery.lifecycle import StateSpec
from custrecovery.lifecycle import TransitionSpec
from custrecovery.lifecycle import Validator
from custrecovery.lifecycle import build_lifecycle
from custrecovery.lifecycle import check_lifecycle
from custrecovery.lifecycle import merge_target_recorded
from custrecovery.lifecycle import no_open_handoff
from custrecovery.lifecycle import outcome_recorded
from custrecovery.lifecycle import records_outcome
from custrecovery.lifecycle import verify_lifecycle
from custrecovery.lifecycle import within_reopen_window
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import Operation


def unchecked_lifecycle(
    name: str,
    states: Iterable[StateSpec],
    transitions: Iterable[TransitionSpec],
    *,
    owned: bool = True,
) -> type[Any]:
    """A lifecycle class from tables with python-statemachine's graph checks turned off."""
    state_list = list(states)
    definition: dict[str, Any] = {
        s.id: {"initial": s.initial, "final": s.final} for s in state_list
    }
    for spec in transitions:
        for source in spec.sources:
            on = definition[source].setdefault("on", {})
            on.setdefault(spec.event, []).append(
                {"target": spec.target, "validators": list(spec.validators)}
            )
    extra: dict[str, Any] = {}
    if owned:
        extra["owned_states"] = frozenset(s.id for s in state_list if s.owned)
    return create_machine_class_from_definition(
        name,
        states=definition,
        validate_disconnected_states=False,
        validate_trap_states=False,
        validate_final_reachability=False,
        **extra,
    )


def row(
    event: str, sources: tuple[str, ...], target: str, *validators: Validator
) -> TransitionSpec:
    """One transition row (TransitionSpec's typed converters let mypy check this call)."""
    return TransitionSpec(event, sources, target, validators=validators)


def _replace(event: str, *validators: Validator) -> tuple[TransitionSpec, ...]:
    """The built-in transitions with ``event``'s validators replaced by ``validators``."""
    return tuple(
        row(spec.event, spec.sources, spec.target, *validators) if spec.event == event else spec
        for spec in TRANSITIONS
    )


def _unfinal(state: StateSpec) -> StateSpec:
    """``state`` declared as not final."""
    return StateSpec(state.id, state.description, initial=state.initial, owned=state.owned)


def _enters(source: str, event: str, kind: str, target: str) -> str:
    """The rule-6 problem for ``source --event--> target``; ``kind`` is "final" or "unowned"."""
    return (
        f"{source} --{event}--> {target}: enters {kind} state {target!r} without a validator "
        "that records an outcome (such as outcome_recorded), so the case could lose its owner"
    )


def _rests(source: str, event: str, target: str, *flaws: str) -> str:
    """The rule-7 problem for ``source --event--> target`` into a state that is not resting."""
    return (
        f"{source} --{event}--> {target}: leaves the owned region into non-final state "
        f"{target!r}, which is not a resting state: " + "; ".join(flaws)
    )


_NO_WAY_BACK = (
    "no transition out of it takes the case back into an owned state "
    "(make it final, or add a way back that establishes an owner)"
)
_ON_TO_ARCHIVED = "closed --archive--> archived leads on to unowned non-final state 'archived'"
_CLOSE_SOURCES = next(spec.sources for spec in TRANSITIONS if spec.event == "close")
_MERGE_SOURCES = next(spec.sources for spec in TRANSITIONS if spec.event == "merge_into")


def test_builtin_lifecycle_is_sound() -> None:
    """The built-in lifecycle has no problems and passes the check."""
    assert verify_lifecycle(ComplaintLifecycle) == ()
    check_lifecycle(ComplaintLifecycle)


def test_rebuilt_builtin_is_sound() -> None:
    """Building the built-in tables again gives a sound class too."""
    assert verify_lifecycle(build_lifecycle("Again")) == ()


def test_unchecked_builder_matches_builtin() -> None:
    """The test's own unchecked builder gives a sound class from the built-in tables."""
    assert verify_lifecycle(unchecked_lifecycle("Plain", STATES, TRANSITIONS)) == ()


def test_unchecked_flags_really_turn_checks_off() -> None:
    """python-statemachine refuses an unreachable state unless its checks are turned off."""
    states = (*STATES, StateSpec("limbo", "Nobody gets here."))
    transitions = (*TRANSITIONS, row("investigate", ("limbo",), "investigating"))
    with pytest.raises(InvalidDefinition, match="unreachable states"):
        build_lifecycle("Strict", states=states, transitions=transitions)
    assert "limbo" in unchecked_lifecycle("Lax", states, transitions).states_map


_LIMBO_STATES = (*STATES, StateSpec("limbo", "Nobody gets here."))
_UNOWNED_LIMBO = (
    *STATES,
    StateSpec("limbo", "Nobody owns it, nothing ends it.", owned=False),
)
_BACKDOOR_ENTRY = "limbo --archive--> closed enters it without a validator that records an outcome"
_BACKDOOR_EXIT = "limbo --archive--> closed leads on to unowned non-final state 'closed'"
_CLOSE_INTO_LIMBO = row("close", ("resolved",), "limbo", no_open_handoff, outcome_recorded)
_STUCK_STATES = (*STATES, StateSpec("stuck", "No way out."))

_VARIANTS: list[tuple[str, type[Any], tuple[str, ...]]] = [
    (
        "unreachable-state",
        unchecked_lifecycle(
            "Unreachable",
            _LIMBO_STATES,
            (*TRANSITIONS, row("investigate", ("limbo",), "investigating")),
        ),
        ("state 'limbo' cannot be reached from the initial state",),
    ),
    (
        "no-path-to-final",
        unchecked_lifecycle(
            "Stuck",
            _STUCK_STATES,
            (
                *TRANSITIONS,
                row("await_customer", ("received",), "stuck"),
                row("customer_replied", ("stuck",), "stuck"),
            ),
        ),
        ("state 'stuck' has no path to a final state",),
    ),
    (
        "trap-state",
        unchecked_lifecycle(
            "Trap",
            _STUCK_STATES,
            (*TRANSITIONS, row("await_customer", ("received",), "stuck")),
        ),
        ("state 'stuck' has no path to a final state",),
    ),
    (
        "acknowledge-from-new",
        build_lifecycle(
            "AckFromNew",
            transitions=(*TRANSITIONS, row("acknowledge", ("new",), "received")),
        ),
        (
            "new --acknowledge--> received: enters owned state 'received' but "
            "'acknowledge' does not establish an owner",
        ),
    ),
    (
        "disclaim-back-to-new",
        build_lifecycle(
            "Disclaiming",
            transitions=(*TRANSITIONS, row("disclaim", ("received",), "new")),
        ),
        (
            "received --disclaim--> new: 'disclaim' is a refused operation, not a lifecycle stage",
            "received --disclaim--> new: enters unowned state 'new' without a validator that "
            "records an outcome (such as outcome_recorded), so the case could lose its owner",
            _rests(
                "received",
                "disclaim",
                "new",
                "it is the initial state, where a case is not yet recorded",
            ),
        ),
    ),
    (
        # The outcome is on record, but nobody owns the case and nothing brings it back.
        "close-into-limbo",
        build_lifecycle(
            "Limbo",
            states=_UNOWNED_LIMBO,
            transitions=(
                *TRANSITIONS,
                _CLOSE_INTO_LIMBO,
                row("archive", ("limbo",), "archived", outcome_recorded),
            ),
        ),
        (
            "resolved --close--> limbo: leaves the owned region into non-final state 'limbo', "
            "which is not a resting state: no transition out of it takes the case back into an "
            "owned state (make it final, or add a way back that establishes an owner)",
        ),
    ),
    (
        # A way back that establishes no owner is rule 5's; rule 7 sees the way back.
        "limbo-back-without-owner",
        build_lifecycle(
            "ColdLimbo",
            states=_UNOWNED_LIMBO,
            transitions=(
                *TRANSITIONS,
                _CLOSE_INTO_LIMBO,
                row("investigate", ("limbo",), "investigating"),
            ),
        ),
        (
            "limbo --investigate--> investigating: enters owned state 'investigating' but "
            "'investigate' does not establish an owner",
        ),
    ),
    (
        # ``closed`` stops being a resting state once it leads on to another unowned one.
        "closed-leads-on-to-limbo",
        build_lifecycle(
            "Drifting",
            states=_UNOWNED_LIMBO,
            transitions=(
                *TRANSITIONS,
                row("await_customer", ("closed",), "limbo"),
                row("reopen_after_close", ("limbo",), "reopened", within_reopen_window),
            ),
        ),
        tuple(
            _rests(
                source,
                "close",
                "closed",
                "closed --await_customer--> limbo leads on to unowned non-final state 'limbo'",
            )
            for source in _CLOSE_SOURCES
        ),
    ),
    (
        # Resting in ``closed`` without an outcome: reached from the unowned ``limbo``.
        "closed-entered-without-outcome",
        build_lifecycle(
            "Backdoor",
            states=_UNOWNED_LIMBO,
            transitions=(
                *TRANSITIONS,
                _CLOSE_INTO_LIMBO,
                row("reopen_after_close", ("limbo",), "reopened", within_reopen_window),
                row("archive", ("limbo",), "closed"),
            ),
        ),
        (
            _rests("resolved", "close", "closed", _BACKDOOR_ENTRY),
            _rests("resolved", "close", "limbo", _BACKDOOR_EXIT),
            _rests("followed_up", "close", "closed", _BACKDOOR_ENTRY),
        ),
    ),
    (
        "close-without-outcome-recorded",
        build_lifecycle("LooseClose", transitions=_replace("close", no_open_handoff)),
        (
            "resolved --close--> closed: enters unowned state 'closed' without a validator "
            "that records an outcome (such as outcome_recorded), so the case could lose its owner",
            "followed_up --close--> closed: enters unowned state 'closed' without a validator "
            "that records an outcome (such as outcome_recorded), so the case could lose its owner",
        ),
    ),
    (
        "close-from-investigating",
        build_lifecycle(
            "Hasty", transitions=(*TRANSITIONS, row("close", ("investigating",), "closed"))
        ),
        (_enters("investigating", "close", "unowned", "closed"),),
    ),
    (
        "archive-without-outcome-recorded",
        build_lifecycle("LooseArchive", transitions=_replace("archive")),
        (_enters("closed", "archive", "final", "archived"),),
    ),
    (
        "archive-with-unmarked-validator",
        build_lifecycle("WindowArchive", transitions=_replace("archive", within_reopen_window)),
        (_enters("closed", "archive", "final", "archived"),),
    ),
    (
        "merge-without-target-recorded",
        build_lifecycle("LooseMerge", transitions=_replace("merge_into", no_open_handoff)),
        tuple(_enters(source, "merge_into", "final", "merged") for source in _MERGE_SOURCES),
    ),
    (
        "reopen-after-close-without-owner",
        build_lifecycle(
            "ColdReopen", transitions=(*TRANSITIONS, row("reopen", ("closed",), "reopened"))
        ),
        (
            "closed --reopen--> reopened: enters owned state 'reopened' but 'reopen' does not "
            "establish an owner",
        ),
    ),
    (
        "unknown-event",
        build_lifecycle(
            "Escalating",
            transitions=(
                *TRANSITIONS,
                row("escalate", ("investigating",), "investigating"),
            ),
        ),
        ("investigating --escalate--> investigating: no operation type for event 'escalate'",),
    ),
    (
        "no-owned-states",
        unchecked_lifecycle("Unowned", STATES, TRANSITIONS, owned=False),
        (
            "Unowned declares no owned_states "
            "(build it with custrecovery.lifecycle.build_lifecycle)",
        ),
    ),
    (
        # Every way out of the owned region still carries a marked validator, but
        # ``merged`` and ``closed`` are now unowned states a case is left in for good.
        "no-final-state",
        unchecked_lifecycle("Endless", [_unfinal(s) for s in STATES], TRANSITIONS),
        (
            "no final state: a case could never close",
            *(
                f"state {state!r} has no path to a final state"
                for state in sorted(s.id for s in STATES)
            ),
            *(
                _rests(source, "close", "closed", _ON_TO_ARCHIVED)
                if spec.event == "close"
                else _rests(source, "merge_into", "merged", _NO_WAY_BACK)
                for source in (s.id for s in STATES)
                for spec in TRANSITIONS
                if source in spec.sources and spec.event in ("close", "merge_into")
            ),
        ),
    ),
    (
        # Without ``archived`` as a final state, ``closed`` and ``archived`` lead nowhere
        # (``reopen_after_close`` still leads back, so ``closed`` can reach ``merged``),
        # and ``closed`` leads on to the unowned, non-final ``archived``.
        "archived-not-final",
        unchecked_lifecycle(
            "Hoarding",
            [_unfinal(s) if s.id == "archived" else s for s in STATES],
            TRANSITIONS,
        ),
        (
            "state 'archived' has no path to a final state",
            *(_rests(source, "close", "closed", _ON_TO_ARCHIVED) for source in _CLOSE_SOURCES),
        ),
    ),
]


@pytest.mark.parametrize(
    ("machine_class", "problems"),
    [row[1:] for row in _VARIANTS],
    ids=[row[0] for row in _VARIANTS],
)
def test_broken_variant_caught(machine_class: type[Any], problems: tuple[str, ...]) -> None:
    """Each broken lifecycle variant is reported with exactly these problems."""
    assert verify_lifecycle(machine_class) == problems


@pytest.mark.parametrize(
    ("machine_class", "problems"),
    [row[1:] for row in _VARIANTS],
    ids=[row[0] for row in _VARIANTS],
)
def test_check_lifecycle_lists_all_problems(
    machine_class: type[Any], problems: tuple[str, ...]
) -> None:
    """check_lifecycle raises InvalidLifecycle naming the class and listing every problem."""
    with pytest.raises(InvalidLifecycle) as info:
        check_lifecycle(machine_class)
    error = info.value
    assert error.name == machine_class.__name__
    assert error.problems == problems
    message = str(error)
    assert message.startswith(
        f"lifecycle {machine_class.__name__!r} has {len(problems)} problem(s):\n"
    )
    for problem in problems:
        assert f"\n- {problem}" in message


_NOT_STAGES = ["offer_handoff", "accept_handoff", "offer_goodwill", "absorb_duplicate"]


@pytest.mark.parametrize("event", _NOT_STAGES)
def test_side_operation_as_stage_caught(event: str) -> None:
    """An ownership or annotation operation declared as a lifecycle event is reported in
    plain English."""
    family = OPERATION_TYPES[event].family
    variant = build_lifecycle(
        "SideStage", transitions=(*TRANSITIONS, row(event, ("investigating",), "investigating"))
    )
    assert verify_lifecycle(variant) == (
        f"investigating --{event}--> investigating: {event!r} is an {family} "
        "operation, not a lifecycle stage",
    )


@pytest.mark.parametrize("event", _NOT_STAGES)
def test_side_operation_as_stage_reported(event: str) -> None:
    """An ownership or annotation operation declared as a lifecycle event is reported as not
    a stage, and nothing else is reported."""
    family = OPERATION_TYPES[event].family
    assert family in ("ownership", "annotation")
    variant = build_lifecycle(
        "SideStage2", transitions=(*TRANSITIONS, row(event, ("investigating",), "investigating"))
    )
    (problem,) = verify_lifecycle(variant)
    assert problem.startswith(f"investigating --{event}--> investigating: {event!r} is a")
    assert problem.endswith(f" {family} operation, not a lifecycle stage")


def test_refused_event_as_stage_reported() -> None:
    """A "push it away" operation declared as an event is reported with its article right."""
    variant = build_lifecycle(
        "Dismissive",
        transitions=(*TRANSITIONS, row("dismiss", ("investigating",), "investigating")),
    )
    assert verify_lifecycle(variant) == (
        "investigating --dismiss--> investigating: 'dismiss' is a refused operation, "
        "not a lifecycle stage",
    )


def test_own_marked_validator_accepted() -> None:
    """A plugin author's validator marked with records_outcome satisfies rule 6."""

    @records_outcome
    def survivor_named(case: cr.Case, op: Operation, rules: LifecycleRules) -> None:
        """Stands in for a check that refuses unless the survivor is on record."""

    assert getattr(survivor_named, "records_outcome", False) is True
    assert getattr(no_open_handoff, "records_outcome", False) is False
    assert getattr(merge_target_recorded, "records_outcome", False) is True
    assert getattr(outcome_recorded, "records_outcome", False) is True
    variant = build_lifecycle("OwnMerge", transitions=_replace("merge_into", survivor_named))
    assert verify_lifecycle(variant) == ()


def test_own_resting_state_accepted() -> None:
    """An unowned non-final state entered only with an outcome on record, left only by
    re-establishing an owner or ending the case, passes like the built-in ``closed``."""
    variant = build_lifecycle(
        "OwnRest",
        states=_UNOWNED_LIMBO,
        transitions=(
            *TRANSITIONS,
            _CLOSE_INTO_LIMBO,
            row("reopen_after_close", ("limbo",), "reopened", within_reopen_window),
            row("archive", ("limbo",), "archived", outcome_recorded),
        ),
    )
    assert verify_lifecycle(variant) == ()


def test_builtin_closed_is_a_resting_state() -> None:
    """The built-in lifecycle leaves the owned region only into ``closed`` (non-final) or
    ``merged`` (final), and leaves ``closed`` only by reopening (an owner) or archiving."""
    states = ComplaintLifecycle.states_map
    owned = ComplaintLifecycle.owned_states
    left_into = {
        t.target.id
        for state in owned
        for t in states[state].transitions
        if t.target is not None and t.target.id not in owned
    }
    assert left_into == {"closed", "merged"}
    assert not states["closed"].final
    ways_out = {(e.id, t.target.id) for t in states["closed"].transitions for e in t.events}
    assert ways_out == {("reopen_after_close", "reopened"), ("archive", "archived")}
    assert OPERATION_TYPES["reopen_after_close"].establishes_owner


def test_transition_spec_converts_its_collections() -> None:
    """TransitionSpec stores sources and validators as tuples, whatever iterable it is given."""
    spec = TransitionSpec("close", ["resolved"], "closed", validators=[no_open_handoff])
    assert (spec.sources, spec.validators) == (("resolved",), (no_open_handoff,))
    assert TransitionSpec("a", ("b",), "c").validators == ()


def test_custom_operation_types() -> None:
    """An event is accepted when the caller's operation types know it."""
    variant = build_lifecycle(
        "Escalating2",
        transitions=(
            *TRANSITIONS,
            row("investigate", ("investigating",), "investigating"),
        ),
    )
    assert verify_lifecycle(variant) == ()
    known = {k: v for k, v in OPERATION_TYPES.items() if k != "investigate"}
    assert len(verify_lifecycle(variant, operation_types=known)) == 4


def test_build_lifecycle_unknown_state() -> None:
    """A transition naming an unknown state is a caller mistake, named in the message."""
    with pytest.raises(cr.InvalidValue, match="transition 'escalate' names unknown state 'limbo'"):
        build_lifecycle(
            "Bad",
            transitions=(*TRANSITIONS, row("escalate", ("limbo",), "closed")),
        )


def test_build_lifecycle_unknown_target() -> None:
    """An unknown target state is refused the same way as an unknown source."""
    with pytest.raises(cr.InvalidValue, match="names unknown state 'nowhere'"):
        build_lifecycle(
            "Bad2",
            transitions=(*TRANSITIONS, row("reopen", ("resolved",), "nowhere")),
        )


def test_desk_refuses_class_without_owned_states() -> None:
    """A desk will not run a lifecycle that does not say which states are owned."""
    unowned = unchecked_lifecycle("Unowned2", STATES, TRANSITIONS, owned=False)
    with pytest.raises(cr.InvalidValue, match="Unowned2 declares no owned_states"):
        cr.Desk(lifecycle=unowned)


def test_built_class_carries_declaration() -> None:
    """The built class carries the owned states and descriptions of its tables."""
    owned = {s.id for s in STATES if s.owned}
    assert ComplaintLifecycle.owned_states == owned
    assert ComplaintLifecycle.state_descriptions == {s.id: s.description for s in STATES}
    assert {"new", "closed", "archived", "merged"}.isdisjoint(owned)
    assert "reopened" in owned


def test_final_states_are_archived_and_merged() -> None:
    """The built class ends in ``archived`` or ``merged``; ``closed`` can still reopen."""
    states = ComplaintLifecycle.states_map
    assert {s for s, st in states.items() if st.final} == {"archived", "merged"}
    assert {t.target.id for t in states["closed"].transitions} == {"reopened", "archived"}
