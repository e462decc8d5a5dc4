"""Replaying a stored history: every event checked again, in order, by the desk's rules.

Each event must belong to the case, carry the next version, not happen before
the event it follows, be accepted again by the lifecycle and ownership rules
(plugins are neither asked nor told: they may have changed since), and lead to
the stored state and owner. The first event that fails is named by its path
(``$.history[i]`` and the field) in a :class:`~custrecovery.errors.DataError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.errors import OperationRefused
from custrecovery.operations import Operation
from custrecovery.operations import Record

if TYPE_CHECKING:
    from custrecovery.desk._desk import Desk

__all__ = ["replay", "too_early"]


def too_early(case: Case, op: Operation) -> str:
    """Why ``op`` cannot follow ``case``'s last event: it happened before it."""
    return (
        f"it happened at {op.at.isoformat()}, before the case's last event at "
        f"{case.last_event_at.isoformat()} (operations are applied in time order)"
    )


def replay(desk: Desk, events: Iterable[Event], case_id: str | None) -> Case:
    """Rebuild a case from ``events`` under ``desk``'s rules (see the module's rules)."""
    case: Case | None = None
    for index, event in enumerate(events):
        where = f"$.history[{index}]"
        if not isinstance(event, Event):
            raise DataError(f"expected an Event, got {type(event).__name__}", where=where)
        case_id = case_id if case_id is not None else event.case_id
        if event.case_id != case_id:
            raise DataError(
                f"event belongs to case {event.case_id!r}, not {case_id!r}",
                where=f"{where}.case_id",
            )
        if event.version != index + 1:
            raise DataError(
                f"version {event.version} where {index + 1} was expected "
                "(a gap, a duplicate or events out of order)",
                where=f"{where}.version",
            )
        # The two checks _apply makes on the case, made here on the event to
        # name the exact place in the stored history.
        if event.state not in desk._states:
            raise DataError(desk._unknown_state(event.state), where=f"{where}.state")
        op = event.operation
        if case is not None and op.at < case.last_event_at:
            raise DataError(too_early(case, op), where=f"{where}.operation.at")
        try:
            if case is None:
                if type(op) is not Record:
                    raise DataError(
                        f"a history starts with 'record', not {op.kind!r}",
                        where=f"{where}.operation.kind",
                    )
                if op.complaint.complaint_id != case_id:
                    raise DataError(
                        f"complaint id {op.complaint.complaint_id!r} is not the case "
                        f"id {case_id!r}",
                        where=f"{where}.operation.complaint.complaint_id",
                    )
                case = desk._record(op, live=False)
            else:
                # Plugins may have changed since: replay re-checks the lifecycle
                # and ownership rules only, and notifies nobody.
                case = desk._apply(case, op, None, False, merging=True)
        except (OperationRefused, InvalidValue) as refusal:
            raise DataError(
                f"the rules refuse this event on replay: {refusal}",
                where=f"{where}.operation",
                refusal=refusal if isinstance(refusal, OperationRefused) else None,
            ) from None
        owner = case.owner
        if case.state != event.state or (owner is not event.owner and owner != event.owner):
            raise DataError(
                f"stored state/owner {event.state!r}/{event.owner.actor_id!r}, but replay "
                f"gives {case.state!r}/{case.owner.actor_id!r}",
                where=where,
            )
    if case is None:
        raise DataError("a history has at least its 'record' event", where="$.history")
    return case
