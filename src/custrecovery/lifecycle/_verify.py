"""Static verification of a lifecycle declaration.

Rules checked (each problem is reported with the states and event involved):

1. the class declares which states are owned (``owned_states``);
2. every state is reachable from the initial state;
3. every non-final state can reach a final state;
4. every event is an operation the library knows, and no event is an
   ownership operation (ownership is data, not a stage) or a refused one;
5. no transition enters an owned state from an unowned one unless its
   operation establishes an owner (``record``);
6. every transition that leaves the owned region (``close``) or enters a final
   state carries a validator marked :func:`~custrecovery.records_outcome` (such
   as ``outcome_recorded``);
7. a transition that leaves the owned region enters a final state or a
   *resting* state. A resting state is an unowned, non-final state other than
   the initial one (the built-in ``closed``) such that:

   a. every transition into it carries a validator marked
      :func:`~custrecovery.records_outcome`, so a case only ever rests there with
      an outcome on record (rule 6 reports entries from owned states, rule 7
      those from other unowned states; a self-transition falls under b);
   b. every transition out of it enters an owned state or a final state, never
      another unowned non-final state (itself included): by rules 5 and 6 the
      first kind establishes an owner (``reopen_after_close``), the second
      records an outcome (``archive``);
   c. at least one transition out of it enters an owned state: a state the case
      can only leave to end for good should itself be final.

   Otherwise each transition from the owned region into it is reported, with
   every condition the state fails.

8. every operation the lifecycle can accept (its events, and the ownership
   operations and annotations) has a row in the rights table that some role
   may meet (not an empty set of roles).

Together: from recording to its end a case is owned, resting with an outcome on
record until someone takes it up again, or ended in a final state with an
outcome on record; it never sits ownerless without an outcome, and it comes
back to the owned region only through an operation that establishes an owner.

python-statemachine checks 2 and 3 itself when a class is built with its
default settings; they are checked here again because a class may be built
with those checks turned off.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping
from typing import Any

from custrecovery.errors import InvalidLifecycle
from custrecovery.lifecycle._rights import rights_of
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import Operation

__all__ = ["check_lifecycle", "verify_lifecycle"]


def _edges(machine_class: type[Any]) -> list[tuple[str, str, str, tuple[Any, ...]]]:
    edges = []
    for state in machine_class.states_map.values():
        for transition in state.transitions:
            if transition.initial:
                continue
            target = transition.target.id if transition.target is not None else state.id
            funcs = tuple(spec.func for spec in transition.validators)
            for event in transition.events:
                edges.append((state.id, event.id, target, funcs))
    return edges


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _reaches(start: set[str], step: Mapping[str, set[str]]) -> set[str]:
    seen = set(start)
    todo = list(start)
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def verify_lifecycle(
    machine_class: type[Any],
    *,
    operation_types: Mapping[str, type[Operation]] = OPERATION_TYPES,
) -> tuple[str, ...]:
    """Every way ``machine_class`` breaks the ownership rules; empty when it is sound."""
    problems: list[str] = []
    owned = getattr(machine_class, "owned_states", None)
    if owned is None:
        return (
            f"{machine_class.__name__} declares no owned_states "
            "(build it with custrecovery.lifecycle.build_lifecycle)",
        )
    states = machine_class.states_map
    final = {s for s, st in states.items() if st.final}
    edges = _edges(machine_class)
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for source, _, target, _ in edges:
        forward.setdefault(source, set()).add(target)
        backward.setdefault(target, set()).add(source)

    for state in sorted(set(states) - _reaches({machine_class.initial_state.id}, forward)):
        problems.append(f"state {state!r} cannot be reached from the initial state")
    if not final:
        problems.append("no final state: a case could never close")
    for state in sorted(set(states) - final - _reaches(final, backward)):
        problems.append(f"state {state!r} has no path to a final state")

    for source, event, target, funcs in edges:
        step = f"{source} --{event}--> {target}"
        op_type = operation_types.get(event)
        if op_type is None:
            problems.append(f"{step}: no operation type for event {event!r}")
            continue
        if op_type.family != "lifecycle":
            problems.append(
                f"{step}: {event!r} is {_article(op_type.family)} {op_type.family} operation, "
                "not a lifecycle stage"
            )
        if source not in owned and target in owned and not op_type.establishes_owner:
            problems.append(
                f"{step}: enters owned state {target!r} but {event!r} does not establish an owner"
            )
        leaves = source in owned and target not in owned
        if (leaves or target in final) and not _records_outcome(funcs):
            where = f"final state {target!r}" if target in final else f"unowned state {target!r}"
            problems.append(
                f"{step}: enters {where} without a validator that records an outcome "
                "(such as outcome_recorded), so the case could lose its owner"
            )

    initial = machine_class.initial_state.id
    for source, event, target, _ in edges:
        if source in owned and target not in owned and target not in final:
            flaws = _resting_flaws(target, initial, owned, final, edges)
            if flaws:
                problems.append(
                    f"{source} --{event}--> {target}: leaves the owned region into non-final "
                    f"state {target!r}, which is not a resting state: " + "; ".join(flaws)
                )
    problems += _rights_problems(machine_class, edges, operation_types)
    return tuple(problems)


def _rights_problems(
    machine_class: type[Any],
    edges: list[tuple[str, str, str, tuple[Any, ...]]],
    operation_types: Mapping[str, type[Operation]],
) -> list[str]:
    """Rule 8: operations the lifecycle can accept that nobody may perform."""
    rights = rights_of(machine_class)
    side = {k for k, cls in operation_types.items() if cls.family in ("ownership", "annotation")}
    # Events that are no operation, or a refused one, rule 4 reports already.
    stages = {e for _, e, _, _ in edges if e in operation_types}
    stages = {e for e in stages if operation_types[e].family != "refused"}
    problems = []
    for kind in sorted(stages | side):
        spec = rights.get(kind)
        if spec is None:
            problems.append(f"operation {kind!r} has no row in the rights table: nobody may do it")
        elif spec.who == frozenset():
            problems.append(f"operation {kind!r}: its right names no role, so nobody may do it")
    return problems


def _records_outcome(funcs: tuple[Any, ...]) -> bool:
    return any(getattr(func, "records_outcome", False) for func in funcs)


def _resting_flaws(
    state: str,
    initial: str,
    owned: Collection[str],
    final: Collection[str],
    edges: list[tuple[str, str, str, tuple[Any, ...]]],
) -> list[str]:
    """Why the unowned, non-final ``state`` is not a resting state (rule 7); empty if it is."""
    if state == initial:
        return ["it is the initial state, where a case is not yet recorded"]
    flaws = []
    for source, event, target, funcs in edges:
        step = f"{source} --{event}--> {target}"
        # Entries from owned states are rule 6's; a self-transition is condition b's.
        entry = target == state and source != state and source not in owned
        if entry and not _records_outcome(funcs):
            flaws.append(f"{step} enters it without a validator that records an outcome")
        if source == state and target not in owned and target not in final:
            flaws.append(f"{step} leads on to unowned non-final state {target!r}")
    if not any(source == state and target in owned for source, _, target, _ in edges):
        flaws.append(
            "no transition out of it takes the case back into an owned state "
            "(make it final, or add a way back that establishes an owner)"
        )
    return flaws


def check_lifecycle(
    machine_class: type[Any],
    *,
    operation_types: Mapping[str, type[Operation]] = OPERATION_TYPES,
) -> None:
    """Raise :class:`~custrecovery.InvalidLifecycle` listing every problem, if any."""
    problems = verify_lifecycle(machine_class, operation_types=operation_types)
    if problems:
        raise InvalidLifecycle(machine_class.__name__, problems)
