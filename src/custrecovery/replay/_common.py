"""Shared by the replay paths: the progress granularity, CFPB column names, byte ranges,
and how one replayed case is counted in the tally."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from typing import Any
from typing import Final

from custrecovery.cases import Case
from custrecovery.desk import Desk
from custrecovery.replay._partitions import Partition
from custrecovery.replay._tally import Tally

__all__ = ["PROGRESS_ROWS"]


PROGRESS_ROWS: Final = 8192
"""Rows between progress reports inside a partition run in this process."""


_ID_COLUMN: Final = "Complaint ID"


_DATE_COLUMN: Final = "Date received"


_MAX_ID_DIGITS: Final = 20


_DUPLICATE: Final = re.compile(
    r"duplicate Complaint ID ('(?:[^'\\]|\\.)*') \(first on line (\d+)\)"
)


def _range_bytes(partition: Partition) -> bytes:
    with open(partition.path, "rb") as file:
        file.seek(partition.start)
        return file.read(partition.size)


def _columns(header: bytes) -> list[str]:
    text = header.decode("utf-8-sig", errors="replace")
    return [name.strip() for name in next(csv.reader([text.rstrip("\r\n")]), [])]


def _count_case(case: Case, desk: Desk, tally: Tally, as_of: datetime) -> None:
    tally.cases += 1
    tally.events += case.version
    tally.states[case.state] += 1
    complaint = case.complaint
    category = complaint.category or "(none)"
    company = case.owner.team or "(none)"
    month = complaint.received_at.date().isoformat()[:7]
    for event in case.history:
        operation: Any = event.operation
        if operation.kind == "offer_goodwill":
            total = operation.decision.compensation.total
            tally.offer(category, total.currency, total.amount)
        elif operation.kind == "record_boundary_decision":
            tally.boundaries[operation.decision.action.name] += 1
    for set_name, statuses in desk.clock_status(case, as_of=as_of).items():
        for status in statuses:
            key = (set_name, status.clock.name, status.phase.value, company, category, month)
            tally.clocks[key] += 1
