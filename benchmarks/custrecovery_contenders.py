"""custrecovery's own desk as a contender, driven through the public API only.

Why: the issue's targets compare custrecovery with the raw libraries of
:mod:`benchmarks.baselines` on the same flat path, so this module exposes the
same four operations as the baselines, on a
``custrecovery.Desk(engine=..., entry_points=False)`` (the built-in
``Defaults`` plugin stays registered, as in a CRM):

* ``new_bound(state)``: load a case **from its stored document**, i.e.
  ``custrecovery.case_from_dict(doc, desk=desk)`` of the document
  ``case_to_dict`` wrote for a case in ``state``. Loading replays the stored
  history (the format has no trusted snapshot), so its cost grows with the
  number of events; in the main table ``state`` is the baselines' stored state,
  ``investigating``: a 4-event document (record, acknowledge, assess,
  investigate). :meth:`CustRecoveryContender.load` times other lengths (the
  1-event document of a case stored right after ``record``, the 7-event
  document of a closed case). The document is the parsed JSON (a ``dict``, as
  a JSON column hands it over); ``json.loads`` is not included.
* ``fire(case, event)``: ``desk.apply(case, op)`` of the lifecycle operation for
  ``event`` (``propose`` is ``ProposeResolution``): the typed checks (time
  order, operation family, final state, the declared transition and its
  validators), the effect, the new event and case (the owner carried over or
  the operation's validated ``by``), the history append and the plugins'
  notification. Cases are immutable, so the
  case it returns is new and the one given is unchanged.
* ``refused(case, event)``: ``desk.apply`` of an operation the state does not
  allow, catching :class:`custrecovery.OperationRefused`.
* ``replay(events)``: ``desk.replay(history)`` of the stored 7-event history
  that takes a case from ``new`` to ``closed`` (the events already built;
  loading a 7-event document adds their parsing).

Every operation happens one minute after the one before it on the path, so
the time-order check passes for the path's own order.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Any
from typing import Final
from typing import Literal
from typing import final

import custrecovery
from benchmarks.baselines import EVENTS
from benchmarks.baselines import LOG
from benchmarks.baselines import STATES
from benchmarks.baselines import TABLE
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import Investigate
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Record
from custrecovery.operations import WithdrawHandoff

__all__ = [
    "AGENT",
    "ENGINES",
    "T0",
    "CustRecoveryContender",
    "Engine",
    "case_events",
    "complaint",
    "operation",
]

Engine = Literal["compiled", "reference"]
ENGINES: Final[tuple[Engine, ...]] = ("compiled", "reference")

T0: Final = datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc)
"""When every benchmark complaint is received and recorded."""
AGENT: Final = custrecovery.Actor("agent-1", "Ann Agent", role="complaints handler")
COLLEAGUE: Final = custrecovery.Actor("agent-2", "Bo Colleague", role="complaints handler")
CUSTOMER: Final = custrecovery.Customer("cust-1", "Carl Customer")
CASE_ID: Final = "bench-0001"

# The baselines name the flat path's events after the lifecycle's, shortened.
_OPERATION_TYPES: Final[Mapping[str, type[Operation]]] = {
    "acknowledge": Acknowledge,
    "assess": Assess,
    "investigate": Investigate,
    "propose": ProposeResolution,
    "accept": AcceptResolution,
    "close": Close,
}


def at(step: int) -> datetime:
    """When the ``step``-th event of the path (0: ``record``) happens."""
    return T0 + timedelta(minutes=step)


def complaint(case_id: str) -> custrecovery.Complaint:
    """A complaint whose id is ``case_id`` (a case's id is its complaint's)."""
    return custrecovery.Complaint(
        case_id, CUSTOMER, custrecovery.Channel.EMAIL, T0, "The parcel never arrived"
    )


def operation(event: str) -> Operation:
    """The operation for a baseline ``event`` other than ``record``, at its step on the path."""
    step = EVENTS.index(event)
    cls = _OPERATION_TYPES[event]
    if cls is ProposeResolution:
        return ProposeResolution(by=AGENT, at=at(step), resolution="A full refund")
    return cls(by=AGENT, at=at(step))


_OPERATIONS: Final[Mapping[str, Operation]] = {
    event: operation(event) for event in EVENTS if event != "record"
}


def case_events(case_id: str, length: int = len(LOG)) -> Iterator[custrecovery.Event]:
    """The first ``length`` stored events of a case taking the flat path, built lazily.

    The events are what a store would hold: the same values ``Desk.record`` and
    ``Desk.apply`` append, built without a desk (the replay checks them).
    """
    record = Record(by=AGENT, at=T0, complaint=complaint(case_id))
    ops = (record, *(_OPERATIONS[event] for event in EVENTS[1:]))
    for version, (op, (_, _, state)) in enumerate(zip(ops[:length], TABLE, strict=False), 1):
        yield custrecovery.Event(case_id, version, op, state, AGENT)


@final
class CustRecoveryContender:
    """One ``custrecovery.Desk`` exposing the baselines' four operations."""

    def __init__(self, engine: Engine) -> None:
        self.engine: Final = engine
        self.name: Final = f"custrecovery ({engine})"
        self.desk: Final = custrecovery.Desk(engine=engine, entry_points=False)
        cases = self._path()
        # The stored form of a case in each state of the path: its document.
        self.documents: Final[Mapping[str, dict[str, Any]]] = {
            state: custrecovery.case_to_dict(case) for state, case in cases.items()
        }
        self._cases: Final = cases
        self._histories: Final = {LOG: cases["closed"].history}

    def _path(self) -> dict[str, custrecovery.Case]:
        """The case after each event of the flat path, keyed by its state."""
        case = self.desk.record(complaint(CASE_ID), by=AGENT, at=T0)
        cases = {case.state: case}
        for event in EVENTS[1:]:
            case = self.desk.apply(case, _OPERATIONS[event])
            cases[case.state] = case
        if list(cases) != list(STATES[1:]):
            raise AssertionError(f"the flat path went through {list(cases)}, not {STATES[1:]}")
        return cases

    def document(self, events: int) -> dict[str, Any]:
        """The stored document of the case after the path's first ``events`` events."""
        return self.documents[STATES[events]]

    def load(self, document: Mapping[str, Any]) -> custrecovery.Case:
        """Load a case from its stored document (replays its history)."""
        return custrecovery.case_from_dict(document, desk=self.desk)

    def new_bound(self, state: str) -> custrecovery.Case:
        """Load the case stored in ``state`` from its document."""
        try:
            document = self.documents[state]
        except KeyError:
            raise ValueError(f"no stored case in state {state!r}") from None
        return custrecovery.case_from_dict(document, desk=self.desk)

    def stored(self, state: str) -> custrecovery.Case:
        """The case in ``state``, already loaded: the accepted-event scenario's pool.

        Cases are immutable and ``apply`` returns a new one, so the pool may hold
        the same case many times; loading each (``new_bound``) is timed apart.
        """
        return self._cases[state]

    def fire(self, case: custrecovery.Case, event: str) -> custrecovery.Case:
        """Apply the operation for ``event``; raises ``OperationRefused`` if refused."""
        return self.desk.apply(case, _OPERATIONS[event])

    def apply(self, case: custrecovery.Case, op: Operation) -> custrecovery.Case:
        """Apply ``op`` to ``case`` (the public call ``fire`` makes)."""
        return self.desk.apply(case, op)

    def refused(self, case: custrecovery.Case, event: str) -> custrecovery.OperationRefused:
        """Apply an operation the state does not allow and return the refusal."""
        try:
            self.desk.apply(case, _OPERATIONS[event])
        except custrecovery.OperationRefused as refusal:
            return refusal
        raise AssertionError(f"{event!r} was accepted in state {case.state!r}")

    def replay(self, events: Sequence[str]) -> custrecovery.Case:
        """Replay the stored history of the case that took ``events`` (the 7-event log)."""
        return self.desk.replay(self._histories[tuple(events)])

    def long_history(self, events: int) -> Sequence[custrecovery.Event]:
        """The stored history of one case with ``events`` events (``events`` odd or even).

        Recorded, then offered to a colleague and withdrawn, again and again, a
        second apart: a long-running complaint that was handed about but never
        moved on, so every event is accepted again on replay.
        """
        case = self.desk.record(complaint("long-0001"), by=AGENT, at=T0)
        step = 0
        while case.version < events:
            step += 1
            at = T0 + timedelta(seconds=step)
            op: Operation = (
                OfferHandoff(by=AGENT, at=at, to=COLLEAGUE, reason="shift change")
                if case.pending_handoff is None
                else WithdrawHandoff(by=AGENT, at=at)
            )
            case = self.desk.apply(case, op)
        return case.history

    def acknowledge_operation(self) -> Operation:
        """The ``Acknowledge`` accepted on a freshly recorded case."""
        return _OPERATIONS["acknowledge"]
