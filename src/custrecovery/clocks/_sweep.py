"""The sweep: what a CRM's scheduler should do now about every open clock.

Rules
-----
* A running or paused clock past its ``warn_at`` share: **warn the owner**.
* A breached clock not yet stopped: **escalate to the supervisor** (unless the
  clock is a window that merely closes, ``escalate=False``) and, where the
  clock says so (DISP 1.6.2R), **tell the customer of the delay**.
* A clock that stopped, met or breached, asks for nothing more: its breach is
  history, kept in its status.
* The sweep reads no clock and sends nothing: it returns values, each with the
  status's explanation, for the scheduler to deliver (and to de-duplicate
  between runs: the same state gives the same actions).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.clocks._calendar import require_aware_instant
from custrecovery.clocks._declaration import ClockSet
from custrecovery.clocks._status import ClockStatus
from custrecovery.clocks._status import Phase
from custrecovery.clocks._walk import clock_set_status
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.followups import FollowUpAction
from custrecovery.parties import Actor

__all__ = ["ActionKind", "ClockAction", "actions_for", "sweep"]


@final
class ActionKind(enum.Enum):
    """What a clock asks someone to do."""

    WARN_OWNER = "warn the owner"
    ESCALATE = "escalate to the supervisor"
    TELL_CUSTOMER = "tell the customer of the delay"


@final
@attrs.frozen(kw_only=True)
class ClockAction:
    """One thing a scheduler should do about one clock on one case, and why."""

    case_id: str
    kind: ActionKind
    role: str
    """Who acts: ``"owner"`` or the supervisor role given to the sweep."""
    owner: Actor
    """The case's accountable owner now."""
    clock_set: str
    clock: str
    due_at: datetime
    action: str
    """What to do, in words."""
    explanation: Explanation

    def as_follow_up(self) -> FollowUpAction:
        """The same action as a :class:`~custrecovery.FollowUpAction`."""
        return FollowUpAction(
            self.role, self.action, str(self.explanation), source=f"clocks:{self.clock_set}"
        )


def actions_for(
    case: Case, statuses: Iterable[ClockStatus], *, clock_set: str, supervisor: str = "supervisor"
) -> list[ClockAction]:
    """The actions the statuses of one case's clocks ask for (see the module rules)."""
    actions: list[ClockAction] = []
    for status in statuses:
        clock = status.clock
        due = status.due_at
        if due is None:
            continue
        what = f"{clock.name} on case {case.case_id}"
        wanted: list[tuple[ActionKind, str, str]] = []
        if status.phase in (Phase.RUNNING, Phase.PAUSED) and status.warning:
            wanted.append(
                (ActionKind.WARN_OWNER, "owner", f"{what} is due {due.isoformat()}: act before")
            )
        if status.phase is Phase.BREACHED and status.stopped_at is None:
            if clock.escalate:
                wanted.append(
                    (
                        ActionKind.ESCALATE,
                        supervisor,
                        f"{what} was due {due.isoformat()} and is breached: "
                        f"take it up with {case.owner.name}",
                    )
                )
            if clock.tell_customer:
                wanted.append(
                    (
                        ActionKind.TELL_CUSTOMER,
                        "owner",
                        f"write to the customer of case {case.case_id}: why the response is "
                        f"late, when to expect it, and their recourse ({clock.source})",
                    )
                )
        actions.extend(
            ClockAction(
                case_id=case.case_id,
                kind=kind,
                role=role,
                owner=case.owner,
                clock_set=clock_set,
                clock=clock.name,
                due_at=due,
                action=action,
                explanation=status.explanation,
            )
            for kind, role, action in wanted
        )
    return actions


ClockSets = Sequence[ClockSet] | Callable[[Case], Iterable[ClockSet]]
"""The clock sets to apply: the same for every case, or chosen per case."""


def sweep(
    cases: Iterable[Case],
    *,
    as_of: datetime,
    clock_sets: ClockSets,
    starts: Mapping[str, date | datetime] | None = None,
    supervisor: str = "supervisor",
) -> tuple[ClockAction, ...]:
    """Every due action on ``cases`` at ``as_of``, soonest deadline first.

    ``clock_sets`` is a sequence applied to every case, or a function choosing
    them per case (by severity, by regulator). ``starts`` gives explicit clock
    starts by case id (a CFPB complaint's date sent to the company).
    """
    require_aware_instant(as_of, "as_of")
    checked: object = clock_sets  # typed, but a caller may pass anything
    if not callable(checked) and (
        isinstance(checked, (str, bytes)) or not isinstance(checked, Sequence)
    ):
        raise InvalidValue(f"clock_sets must be clock sets or a function, got {clock_sets!r}")
    starts = starts or {}
    actions: list[ClockAction] = []
    for case in cases:
        if not isinstance(case, Case):
            raise InvalidValue(f"sweep takes cases, got {case!r}")
        chosen = clock_sets(case) if callable(clock_sets) else clock_sets
        start = starts.get(case.case_id)
        for clock_set in chosen:
            statuses = clock_set_status(clock_set, case, as_of=as_of, start=start)
            actions += actions_for(case, statuses, clock_set=clock_set.name, supervisor=supervisor)
    actions.sort(key=lambda a: (a.due_at, a.case_id, a.clock_set, a.clock, a.kind.value))
    return tuple(actions)
