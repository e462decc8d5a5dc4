"""The same flat complaint lifecycle, written three ways, to measure against.

Why: custrecovery's own engine must be judged against what a CRM developer
would otherwise write. Each baseline runs the one lifecycle below, with one
validator per transition that refuses to move a record without an owner, and
exposes the same four operations:

* ``new_bound(state)``: bind to a record whose state was stored earlier
  (an unknown stored state raises ``UnknownState`` at bind time);
* ``fire(bound, event)``: run one event, raising if it is refused;
* ``refused(bound, event)``: run an event the current state does not allow,
  catch the error and return it (raises ``AssertionError`` if it was accepted);
* ``replay(events)``: bind a new record and run a whole event log.

The three ways:

* :class:`StatechartBaseline`: python-statemachine 3.x, a ``StateChart`` built
  from a dict with ``create_machine_class_from_definition`` (never by
  subclassing: subclasses share State objects with their parent);
* :class:`TransitionsBaseline`: ``transitions`` 0.9, one shared ``Machine``
  for every record (``add_model`` per record would grow ``Machine.models``);
* :class:`DictTableBaseline`: a bare ``{(state, event): target}`` dict, the floor.

``transitions`` ships no type information: its ``Any`` stays in this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from typing import Final
from typing import final

import attrs
from statemachine import StateChart
from statemachine.exceptions import TransitionNotAllowed
from statemachine.io import create_machine_class_from_definition
from transitions import Machine
from transitions import MachineError

__all__ = [
    "EVENTS",
    "LOG",
    "STATES",
    "TABLE",
    "DictTableBaseline",
    "EventRefused",
    "OwnerMissing",
    "Record",
    "StatechartBaseline",
    "TransitionsBaseline",
    "UnknownState",
]

STATES: Final = (
    "new",
    "received",
    "acknowledged",
    "assessed",
    "investigating",
    "resolution_proposed",
    "resolved",
    "closed",
)
"""The states in lifecycle order; ``new`` is initial, ``closed`` is final."""

TABLE: Final[tuple[tuple[str, str, str], ...]] = (
    ("new", "record", "received"),
    ("received", "acknowledge", "acknowledged"),
    ("acknowledged", "assess", "assessed"),
    ("assessed", "investigate", "investigating"),
    ("investigating", "propose", "resolution_proposed"),
    ("resolution_proposed", "accept", "resolved"),
    ("resolved", "close", "closed"),
)
"""The transitions as ``(source, event, target)`` rows: the one declaration."""

EVENTS: Final = tuple(event for _, event, _ in TABLE)
"""The events in lifecycle order."""

LOG: Final = EVENTS
"""The 7-event log that takes a record from ``new`` to ``closed``."""


@final
@attrs.define
class Record:
    """A stored complaint: its state (written by the machine) and its owner."""

    state: str
    owner: str | None = "agent-1"


@final
class OwnerMissing(Exception):
    """The validator refused a transition because the record has no owner."""


@final
class EventRefused(Exception):
    """The dict table refused an event the record's state does not allow."""


@final
class UnknownState(Exception):
    """A stored state is not in the lifecycle (checked at bind time)."""


def _check_owner(record: Record, event: str) -> None:
    if record.owner is None:
        raise OwnerMissing(f"{event!r} refused: the record has no owner")


def _check_known(state: str) -> None:
    if state not in STATES:
        raise UnknownState(f"stored state {state!r} is not in the lifecycle")


@final
class StatechartBaseline:
    """python-statemachine 3.x ``StateChart``, one machine per bound record."""

    name: Final = "python-statemachine"

    def __init__(self) -> None:
        states: dict[str, Any] = {state: {} for state in STATES}
        states["new"]["initial"] = True
        states["closed"]["final"] = True
        for source, event, target in TABLE:
            states[source].setdefault("on", {})[event] = [
                {"target": target, "validators": [self._validator]}
            ]
        self.machine_class: type[StateChart[Record]] = create_machine_class_from_definition(
            "ComplaintLifecycleBaseline",
            states,
            # Plain StateChart silently ignores refused and unknown events and turns
            # callback exceptions into events; a CRM needs both to raise.
            allow_event_without_transition=False,
            catch_errors_as_events=False,
        )

    @staticmethod
    def _validator(model: Record, event: object) -> None:
        # python-statemachine injects arguments by parameter name.
        _check_owner(model, str(event))

    def new_bound(self, state: str) -> StateChart[Record]:
        """Bind a new machine to a record stored in ``state``."""
        # The library accepts an unknown stored state and fails later with a KeyError.
        _check_known(state)
        return self.machine_class(model=Record(state))

    def fire(self, bound: StateChart[Record], event: str) -> None:
        """Send ``event``; raises ``TransitionNotAllowed`` or ``OwnerMissing``."""
        bound.send(event)

    def refused(self, bound: StateChart[Record], event: str) -> Exception:
        """Send a refused ``event`` and return the error it raised."""
        try:
            bound.send(event)
        except TransitionNotAllowed as error:
            return error
        raise AssertionError(f"{event!r} was accepted")

    def replay(self, events: Sequence[str]) -> StateChart[Record]:
        """Run ``events`` on a new record from ``new``."""
        bound = self.new_bound("new")
        for event in events:
            bound.send(event)
        return bound


@final
class TransitionsBaseline:
    """``transitions`` 0.9, one shared ``Machine`` driving every record."""

    name: Final = "transitions"

    def __init__(self) -> None:
        # model=None: records are not added to the machine (add_model would keep
        # each one in Machine.models); events are triggered with the record instead.
        self._machine: Any = Machine(
            model=None,
            states=list(STATES),
            initial="new",
            transitions=[
                {
                    "trigger": event,
                    "source": source,
                    "dest": target,
                    "conditions": [self._validator],
                }
                for source, event, target in TABLE
            ],
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        self._events: dict[str, Any] = dict(self._machine.events)

    @staticmethod
    def _validator(event_data: Any) -> bool:
        # A condition that raises instead of returning False: like a validator,
        # the caller learns why and the state is unchanged.
        _check_owner(event_data.model, event_data.event.name)
        return True

    def new_bound(self, state: str) -> Record:
        """Return a record stored in ``state``; the shared machine needs no binding."""
        _check_known(state)
        return Record(state)

    def fire(self, bound: Record, event: str) -> None:
        """Trigger ``event``; raises ``MachineError`` or ``OwnerMissing``."""
        if not self._events[event].trigger(bound):
            raise MachineError(f"{event!r} did not run from {bound.state!r}")

    def refused(self, bound: Record, event: str) -> Exception:
        """Trigger a refused ``event`` and return the error it raised."""
        try:
            self._events[event].trigger(bound)
        except MachineError as error:
            return error
        raise AssertionError(f"{event!r} was accepted")

    def replay(self, events: Sequence[str]) -> Record:
        """Run ``events`` on a new record from ``new``."""
        bound = self.new_bound("new")
        for event in events:
            self.fire(bound, event)
        return bound


@final
class DictTableBaseline:
    """A bare ``{(state, event): target}`` dict: the floor every engine is compared to."""

    name: Final = "dict table"

    def __init__(self) -> None:
        self._table: dict[tuple[str, str], str] = {
            (source, event): target for source, event, target in TABLE
        }

    def new_bound(self, state: str) -> Record:
        """Return a record stored in ``state``."""
        _check_known(state)
        return Record(state)

    def fire(self, bound: Record, event: str) -> None:
        """Move ``bound`` by ``event``; raises ``EventRefused`` or ``OwnerMissing``."""
        target = self._table.get((bound.state, event))
        if target is None:
            raise EventRefused(f"{event!r} refused in state {bound.state!r}")
        _check_owner(bound, event)
        bound.state = target

    def refused(self, bound: Record, event: str) -> Exception:
        """Fire a refused ``event`` and return the error it raised."""
        try:
            self.fire(bound, event)
        except EventRefused as error:
            return error
        raise AssertionError(f"{event!r} was accepted")

    def replay(self, events: Sequence[str]) -> Record:
        """Run ``events`` on a new record from ``new``."""
        bound = self.new_bound("new")
        for event in events:
            self.fire(bound, event)
        return bound
