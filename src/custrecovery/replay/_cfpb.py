"""Replay CFPB complaint exports through the lifecycle.

Each row of the CFPB database's export becomes a case, recorded by the
company's complaints desk and moved as far as the export's own columns allow,
and no further: the library never closes a case the customer did not accept.

Mapping (CFPB "Company response to consumer" and "Consumer disputed?"):

=================================  ==========  =================================
response                           disputed    operations after acknowledge
=================================  ==========  =================================
Closed with (non-)monetary relief,  No          assess, propose, accept, close
with explanation, without relief,   Yes         assess, propose, reject, recourse
Closed                                          (the CFPB), follow-up, close
\\                                  N/A, blank  assess, propose: awaiting the
                                                customer's answer
In progress                         any         assess, investigate
Untimely response                   any         nothing more: acknowledged only
=================================  ==========  =================================

Times: a date becomes midnight UTC of that day; the acknowledgement happens
when the complaint was sent to the company, later steps one hour apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import GiveRecourse
from custrecovery.operations import Investigate
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import RejectResolution
from custrecovery.parties import Actor
from custrecovery.parties import Customer
from custrecovery.sources import CfpbComplaint
from custrecovery.sources import RowProblem

__all__ = ["CfpbReplaySummary", "cfpb_operations", "replay_cfpb"]

_CLOSED = frozenset(
    {
        "Closed with explanation",
        "Closed with monetary relief",
        "Closed with non-monetary relief",
        "Closed without relief",
        "Closed",
    }
)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def cfpb_complaint(row: CfpbComplaint) -> Complaint:
    """The complaint facts of one CFPB row (the CFPB portal is a regulator channel)."""
    where = " ".join(part for part in (row.state, row.zip_code) if part) or "unknown"
    return Complaint(
        row.complaint_id,
        Customer(f"cfpb-{row.complaint_id}", f"consumer ({where})"),
        Channel.REGULATOR,
        _midnight(row.date_received),
        f"{row.product}: {row.issue}",
        remedy_sought=row.sub_issue or "",
        category=row.product,
    )


def cfpb_operations(row: CfpbComplaint, desk_actor: Actor) -> list[Operation]:
    """The operations the export's columns justify, in time order (see module docs)."""
    start = _midnight(row.date_sent_to_company or row.date_received)
    steps = (start + timedelta(hours=hour) for hour in range(100))
    by = desk_actor
    ops: list[Operation] = [Acknowledge(by=by, at=next(steps))]
    response = row.company_response
    if response in _CLOSED:
        ops += [
            Assess(by=by, at=next(steps)),
            ProposeResolution(by=by, at=next(steps), resolution=response),
        ]
        if row.disputed is False:
            ops += [AcceptResolution(by=by, at=next(steps)), Close(by=by, at=next(steps))]
        elif row.disputed is True:
            ops += [
                RejectResolution(by=by, at=next(steps)),
                GiveRecourse(
                    by=by,
                    at=next(steps),
                    internal="review by the company's complaints manager",
                    external="the Consumer Financial Protection Bureau",
                ),
                RecordFollowUp(by=by, at=next(steps), action="letter confirming recourse"),
                Close(by=by, at=next(steps)),
            ]
    elif response == "In progress":
        ops += [Assess(by=by, at=next(steps)), Investigate(by=by, at=next(steps))]
    return ops


@final
@attrs.frozen
class CfpbReplaySummary:
    """What a replay did: cases by final state, refusals and unreadable rows."""

    cases: int
    events: int
    by_state: tuple[tuple[str, int], ...]
    by_response: tuple[tuple[str, int], ...]
    refused: tuple[tuple[str, str], ...]
    """(complaint id, error) for rows the rules refused; the case is left as it was."""
    problems: tuple[RowProblem, ...]


def _cases(
    rows: Iterable[CfpbComplaint | RowProblem],
    desk: Desk,
    refused: list[tuple[str, str]],
    problems: list[RowProblem],
) -> Iterator[tuple[CfpbComplaint, Case]]:
    for row in rows:
        if isinstance(row, RowProblem):
            problems.append(row)
            continue
        actor = Actor(
            "complaints-desk", "Complaints desk", role="complaints handler", team=row.company
        )
        case = desk.record(cfpb_complaint(row), by=actor, at=_midnight(row.date_received))
        try:
            case = desk.apply_all(case, cfpb_operations(row, actor))
        except CustRecoveryError as error:
            refused.append((row.complaint_id, f"{type(error).__name__}: {error}"))
        yield row, case


def replay_cfpb(
    rows: Iterable[CfpbComplaint | RowProblem], *, desk: Desk | None = None
) -> CfpbReplaySummary:
    """Replay rows from :func:`~custrecovery.read_cfpb`, streaming: one case at a time."""
    desk = desk if desk is not None else Desk()
    refused: list[tuple[str, str]] = []
    problems: list[RowProblem] = []
    states: Counter[str] = Counter()
    responses: Counter[str] = Counter()
    events = 0
    for row, case in _cases(rows, desk, refused, problems):
        states[case.state] += 1
        responses[row.company_response] += 1
        events += case.version
    return CfpbReplaySummary(
        cases=sum(states.values()),
        events=events,
        by_state=tuple(sorted(states.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_response=tuple(sorted(responses.items(), key=lambda kv: (-kv[1], kv[0]))),
        refused=tuple(refused),
        problems=tuple(problems),
    )
