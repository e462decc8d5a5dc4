"""Two engines that execute one lifecycle declaration.

* :class:`ReferenceEngine` binds a python-statemachine machine to the case's
  stage and sends the event: the library's reference semantics, selectable for
  debugging and used by the differential tests.
* :class:`CompiledEngine` reads the same class once into a lookup table
  ``(state, event) -> candidates`` and, for each candidate in declaration
  order, calls the *same* validator and condition callables the class holds:
  validators first (they raise to refuse), then conditions (all must hold),
  first match wins, exactly as python-statemachine's transition selection does
  for a flat machine.

Both answer one question, :meth:`target`: the state ``event`` leads to from
``state`` for this case and operation, or ``None`` when the declaration has no
transition for it. Neither changes anything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol
from typing import final

from statemachine.exceptions import TransitionNotAllowed

from custrecovery.errors import InvalidValue

if TYPE_CHECKING:
    from custrecovery.cases import Case
    from custrecovery.lifecycle import LifecycleRules
    from custrecovery.operations import Operation

__all__ = ["CompiledEngine", "Engine", "ReferenceEngine", "compile_table"]

_Check = Callable[..., Any]
_Candidate = tuple[tuple[_Check, ...], tuple[tuple[_Check, bool], ...], str]


class Engine(Protocol):
    """What the :class:`~custrecovery.Desk` needs from an engine."""

    def target(
        self, state: str, event: str, case: Case | None, op: Operation, rules: LifecycleRules
    ) -> str | None:
        """The state ``event`` leads to, ``None`` if not declared; validators may raise."""
        ...


def _callable(spec: Any, where: str) -> _Check:
    func = spec.func
    if not callable(func):
        raise InvalidValue(
            f"{where}: the compiled engine needs validators and conditions given as "
            f"callables, not {func!r}; use engine='reference' for this lifecycle"
        )
    return func  # type: ignore[no-any-return]


@functools.cache
def compile_table(machine_class: Any) -> dict[tuple[str, str], tuple[_Candidate, ...]]:
    """Read a flat lifecycle class into ``{(state, event): candidates}``, once per class."""
    table: dict[tuple[str, str], list[_Candidate]] = {}
    for state in machine_class.states_map.values():
        if state.parent is not None or state.states:
            raise InvalidValue(f"state {state.id!r}: the compiled engine runs flat lifecycles only")
        for transition in state.transitions:
            if transition.initial:
                continue
            where = f"{machine_class.__name__}: {transition}"
            validators = tuple(_callable(spec, where) for spec in transition.validators)
            conds = tuple(
                (_callable(spec, where), bool(spec.expected_value)) for spec in transition.cond
            )
            target = transition.target.id if transition.target is not None else state.id
            for event in transition.events:
                table.setdefault((state.id, event.id), []).append((validators, conds, target))
    return {key: tuple(rows) for key, rows in table.items()}


@final
class CompiledEngine:
    """Executes a lifecycle through a table compiled from its class."""

    def __init__(self, machine_class: Any) -> None:
        self._table = compile_table(machine_class)

    def target(
        self, state: str, event: str, case: Case | None, op: Operation, rules: LifecycleRules
    ) -> str | None:
        candidates = self._table.get((state, event))
        if candidates is None:
            return None
        for validators, conds, target in candidates:
            for validator in validators:
                validator(case, op, rules)
            if not conds:
                return target
            for cond, expected in conds:
                if bool(cond(case, op, rules)) is not expected:
                    break
            else:
                return target
        return None


@final
class _Slot:
    """The minimal model a python-statemachine machine writes its state to."""

    def __init__(self, state: str) -> None:
        self.state = state


@final
class ReferenceEngine:
    """Executes a lifecycle by sending the event to a python-statemachine machine."""

    def __init__(self, machine_class: type[Any]) -> None:
        self._machine_class = machine_class

    def target(
        self, state: str, event: str, case: Case | None, op: Operation, rules: LifecycleRules
    ) -> str | None:
        slot = _Slot(state)
        # One machine per case per operation: python-statemachine cannot rebind a
        # machine to another record (its issue #400).
        machine = self._machine_class(slot)
        try:
            machine.send(event, case=case, op=op, rules=rules)
        except TransitionNotAllowed:
            return None
        return slot.state
