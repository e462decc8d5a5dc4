"""What-if replay of a CFPB export partition: each row mapped to a case and replayed.

Rows are read by :mod:`custrecovery.sources` from a byte range of the file; a complaint
id seen again in the same partition is a bad row naming the line of its first sight, and
ids that may repeat across partitions are settled by an exact second pass.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from datetime import time as dtime
from datetime import timezone
from pathlib import Path

from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.parties import Actor
from custrecovery.replay._cfpb import cfpb_complaint
from custrecovery.replay._cfpb import cfpb_operations
from custrecovery.replay._common import _DATE_COLUMN
from custrecovery.replay._common import _DUPLICATE
from custrecovery.replay._common import _ID_COLUMN
from custrecovery.replay._common import _MAX_ID_DIGITS
from custrecovery.replay._common import PROGRESS_ROWS
from custrecovery.replay._common import _columns
from custrecovery.replay._common import _range_bytes
from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._partitions import Partition
from custrecovery.replay._tally import Tally
from custrecovery.sources import CfpbComplaint
from custrecovery.sources import RowProblem
from custrecovery.sources import read_cfpb

__all__ = []


def _replay_cfpb(
    partition: Partition,
    config: ReplayConfig,
    desk: Desk,
    tally: Tally,
    earlier: dict[int, int],
    on_rows: Callable[[int], None] | None,
) -> None:
    source: Path | io.BytesIO
    if partition.whole:
        source = Path(partition.path)
    else:
        source = io.BytesIO(partition.header + _range_bytes(partition))
    columns = _columns(partition.header) if partition.header else []
    id_at = columns.index(_ID_COLUMN) if _ID_COLUMN in columns else -1
    width = len(columns)
    offset = partition.lines_before
    as_of = config.as_of
    assert as_of is not None
    check = config.check_duplicates and not partition.whole
    here = _locate(partition, list(earlier)) if earlier else {}
    actors: dict[str, Actor] = {}
    months: dict[date, str] = {}
    starts: dict[date, datetime] = {}
    states, responses, clocks = tally.states, tally.responses, tally.clocks
    clock_status = desk.clock_status
    record, apply_all = desk.record, desk.apply_all
    index = partition.index
    rows = 0
    for row in read_cfpb(source, check_duplicates=config.check_duplicates):
        rows += 1
        if on_rows is not None and rows % PROGRESS_ROWS == 0:
            on_rows(rows)
        if type(row) is RowProblem:
            line, text = row.line + offset, row.problem
            if check and id_at >= 0 and len(row.raw) == width:
                complaint_id = _readable_id(row.raw[id_at])
                if complaint_id is not None:
                    tally.problem_ids.append((complaint_id, line))
                    if complaint_id in earlier:
                        text = _with_duplicate(text, row.raw[id_at].strip(), earlier[complaint_id])
            tally.problems.append((line, text))
            continue
        assert isinstance(row, CfpbComplaint)
        if check:
            number = int(row.complaint_id)
            first = earlier.get(number)
            if first is not None:
                line = here.get(number, 0)
                tally.problems.append((line, _duplicate(row, first)))
                continue
            tally.add_id(number)
        company = row.company
        actor = actors.get(company)
        if actor is None:
            actor = actors[company] = Actor(
                "complaints-desk", "Complaints desk", role="complaints handler", team=company
            )
        complaint = cfpb_complaint(row)
        case = record(complaint, by=actor, at=complaint.received_at)
        try:
            case = apply_all(case, cfpb_operations(row, actor))
        except CustRecoveryError as error:
            tally.refuse(type(error).__name__, (index, rows), f"{row.complaint_id}: {error}")
        tally.cases += 1
        tally.events += case.version
        states[case.state] += 1
        responses[row.company_response] += 1
        received = row.date_received
        month = months.get(received)
        if month is None:
            month = months[received] = received.isoformat()[:7]
        product = row.product
        # The export has dates only: the clocks start at midnight UTC of the day
        # the CFPB sent the complaint, the instant the mapping acknowledges it
        # (a bare date would start them at midnight in New York, after it).
        sent = row.date_sent_to_company or received
        start = starts.get(sent)
        if start is None:
            start = starts[sent] = datetime.combine(sent, dtime(0, 0), tzinfo=timezone.utc)
        for set_name, statuses in clock_status(case, as_of=as_of, start=start).items():
            for status in statuses:
                clocks[
                    (set_name, status.clock.name, status.phase.value, company, product, month)
                ] += 1
    tally.rows = rows


def _locate(partition: Partition, ids: Iterator[int] | list[int]) -> dict[int, int]:
    """The line of the first good row holding each of ``ids`` in ``partition``.

    Complaints do not carry their line, so the reader is asked: a row holding
    only the id (and a valid date) is appended for each id, and the reader's
    own duplicate message names the line of the first. Runs in the rare case
    of an id repeated across partitions only.
    """
    columns = _columns(partition.header)
    date_at, id_at = columns.index(_DATE_COLUMN), columns.index(_ID_COLUMN)
    body = partition.header + _range_bytes(partition)
    if not body.endswith(b"\n"):
        body += b"\n"
    real_lines = body.count(b"\n")
    extra = []
    for complaint_id in ids:
        fields = [""] * len(columns)
        fields[date_at], fields[id_at] = "2000-01-01", str(complaint_id)
        extra.append(",".join(fields))
    found: dict[int, int] = {}
    source = io.BytesIO(body + "\n".join(extra).encode() + b"\n")
    for row in read_cfpb(source):
        if isinstance(row, RowProblem) and row.line > real_lines:
            match = _DUPLICATE.match(row.problem)
            if match is not None:
                found[int(row.raw[id_at])] = int(match.group(2)) + partition.lines_before
    return found


def _readable_id(text: str) -> int | None:
    text = text.strip()
    if text and text.isdigit() and text.isascii() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


def _duplicate(row: CfpbComplaint, first: int) -> str:
    return f"duplicate Complaint ID {row.complaint_id!r} (first on line {first})"


def _with_duplicate(problem: str, id_text: str, first: int) -> str:
    """The reader's message for a bad row had the earlier partition's id been seen."""
    lead = f"duplicate Complaint ID {id_text!r} (first on line {first})"
    match = _DUPLICATE.match(problem)
    if match is not None:
        return lead + problem[match.end() :]
    return f"{lead}; {problem}" if problem else lead


def _tagged_ids(tally: Tally, index: int) -> Iterator[tuple[int, int]]:
    """(id, partition index) for the good rows of one partition, in id order."""
    for complaint_id in tally.iter_ids():
        yield complaint_id, index


def _repeats(
    partitions: dict[int, Partition], ids: dict[int, Tally]
) -> dict[int, tuple[tuple[int, int], ...]]:
    """For each partition holding an id a good row of an earlier partition holds:
    those ids and the line of their first good row (empty when there are none).

    Each partition's reader saw only its own rows. A k-way merge of the sorted
    ids finds an id held by good rows of two partitions; a bad row's id is
    looked up in the partitions before it.
    """
    order = sorted(ids)
    streams = [_tagged_ids(ids[index], index) for index in order]
    later: dict[int, dict[int, int]] = {}  # partition -> {id: partition of its first good row}
    last_id, first_index = -1, -1
    for complaint_id, index in heapq.merge(*streams):
        if complaint_id == last_id:
            later.setdefault(index, {})[complaint_id] = first_index
        else:
            last_id, first_index = complaint_id, index
    for index in order:
        for complaint_id, _ in ids[index].problem_ids:
            for before in order:
                if before >= index:
                    break
                if ids[before].has_id(complaint_id):
                    later.setdefault(index, {}).setdefault(complaint_id, before)
                    break
    if not later:
        return {}
    wanted: dict[int, set[int]] = {}
    for repeated in later.values():
        for complaint_id, before in repeated.items():
            wanted.setdefault(before, set()).add(complaint_id)
    lines: dict[int, int] = {}
    for before, ids_wanted in wanted.items():
        lines.update(_locate(partitions[before], sorted(ids_wanted)))
    return {
        index: tuple(sorted((cid, lines.get(cid, 0)) for cid in repeated))
        for index, repeated in later.items()
    }
