"""Replaying a source under a configuration: partitions in, one report out.

Rules:

* :func:`replay` takes a file (a CFPB CSV export, ``.csv.gz`` too, or JSONL of
  case documents), a :class:`ReplayConfig` and, optionally, any
  :class:`concurrent.futures.Executor`; ``None`` runs every partition in this
  process. The report is the same however it ran
  (:meth:`ReplayReport.comparable`).
* Work goes out as byte ranges (:class:`Partition`) with the frozen
  configuration; a worker builds its desk once per process
  (:func:`desk_for`), reads its range from the file, and sends back one
  :class:`Tally`: one object, so an engine that serialises lists element by
  element (Dask) sends one message.
* ``as_of`` is fixed before any partition leaves, so every worker reads the
  clocks at the same instant.
* A CFPB row becomes a case as :func:`replay_cfpb` makes it (same mapping,
  same operations), and its clocks are read with the export's "Date sent to
  company" as their start. A case document is loaded with
  :func:`~custrecovery.storage.case_from_dict` under the configured desk: a
  document the new rules refuse counts as a refusal, and its case as the
  longest prefix of its history they accept.
* Bad rows are reported with their line in the whole file and the rest is
  processed. Duplicate complaint ids are found across partitions too, with
  the very messages the reader gives in one pass (see :func:`_repeats`).
* Progress is reported through a callback once per partition (and, in this
  process, every :data:`PROGRESS_ROWS` rows): never per record.

Theory of operation: the planner yields partitions while it scans, and the
driver keeps a bounded window of them in flight, so scanning, reading and
merging overlap and memory stays bounded by the window, not by the file. Each
tally is merged into the running total as it arrives; only its ids are kept
(sorted, delta-encoded, compressed: a byte or two per complaint). Then, if
duplicates are checked, the partitions' ids are merged (a k-way merge); if an
id repeats across partitions (rare: ids are unique in real exports) the file
is replayed a second time, each partition told which of its ids came earlier
and on which line, so the report is exactly one pass's (at twice the time, in
that case only).
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import re
import time
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import Executor
from concurrent.futures import Future
from concurrent.futures import wait
from datetime import date
from datetime import datetime
from datetime import time as dtime
from datetime import timezone
from pathlib import Path
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.errors import OperationRefused
from custrecovery.parties import Actor
from custrecovery.replay._cfpb import cfpb_complaint
from custrecovery.replay._cfpb import cfpb_operations
from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._config import desk_for
from custrecovery.replay._partitions import DEFAULT_PARTITION_BYTES
from custrecovery.replay._partitions import Kind
from custrecovery.replay._partitions import Partition
from custrecovery.replay._partitions import plan_partitions
from custrecovery.replay._report import ReplayReport
from custrecovery.replay._tally import Tally
from custrecovery.sources import CfpbComplaint
from custrecovery.sources import RowProblem
from custrecovery.sources import read_cfpb
from custrecovery.storage import case_from_dict
from custrecovery.storage import from_dict

__all__ = ["PROGRESS_ROWS", "ReplayProgress", "replay", "run_partition"]

PROGRESS_ROWS: Final = 8192
"""Rows between progress reports inside a partition run in this process."""

_ID_COLUMN: Final = "Complaint ID"
_DATE_COLUMN: Final = "Date received"
_MAX_ID_DIGITS: Final = 20
_DUPLICATE: Final = re.compile(
    r"duplicate Complaint ID ('(?:[^'\\]|\\.)*') \(first on line (\d+)\)"
)


@final
@attrs.frozen
class ReplayProgress:
    """How far a replay has gone: passed to the ``progress`` callback once per chunk."""

    rows: int
    """Rows read so far."""
    bytes_done: int
    """Bytes of the input in finished partitions."""
    bytes_total: int
    """The input's size in bytes (of the file as stored: compressed for ``.gz``)."""
    seconds: float
    """Wall-clock time since the replay started."""

    @property
    def rows_per_second(self) -> float:
        """The rate so far."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Time left at the rate so far, by bytes; ``None`` until it can be told."""
        if self.bytes_done <= 0 or self.bytes_total <= 0 or self.seconds <= 0:
            return None
        return max(0.0, self.seconds * (self.bytes_total - self.bytes_done) / self.bytes_done)


Progress = Callable[[ReplayProgress], None]


@final
@attrs.frozen
class _Task:
    """One unit of work: a partition under a configuration (what a worker receives)."""

    partition: Partition
    config: ReplayConfig
    earlier: tuple[tuple[int, int], ...] = ()
    """(id, line) of complaint ids a good row of an earlier partition holds."""


def kind_of(path: Path) -> Kind:
    """``"cases"`` for ``.jsonl``/``.ndjson`` (optionally ``.gz``), else ``"cfpb"``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes = suffixes[:-1]
    return "cases" if suffixes[-1:] in ([".jsonl"], [".ndjson"]) else "cfpb"


def replay(
    source: Path | str,
    config: ReplayConfig | None = None,
    *,
    kind: Kind | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    max_in_flight: int = 16,
) -> ReplayReport:
    """Replay the file ``source`` under ``config`` and return the report.

    ``kind`` is ``"cfpb"`` (a CFPB CSV export, plain or gzip-compressed) or
    ``"cases"`` (JSONL of case documents, one per line); by default it follows
    the file name (:func:`kind_of`). ``executor`` runs the partitions (a
    :class:`~concurrent.futures.ProcessPoolExecutor`, a Dask client's
    ``get_executor(pure=False)``, ...): its workers must see the same path and
    import ``custrecovery``; ``None`` runs them here. ``progress`` is called
    once per finished partition (and every :data:`PROGRESS_ROWS` rows in this
    process). Raises :class:`~custrecovery.InvalidValue` for a file that cannot
    be opened, :class:`~custrecovery.DataError` when the input as a whole is
    unreadable (a CSV header lacking a column), and the desk's errors for a
    configuration that does not build.
    """
    config = config if config is not None else ReplayConfig()
    path = Path(source)
    if not path.is_file():
        raise InvalidValue(f"no such file: {path}")
    if partition_bytes < 1 or max_in_flight < 1:
        raise InvalidValue("partition_bytes and max_in_flight must be positive")
    kind = kind if kind is not None else kind_of(path)
    if kind not in ("cfpb", "cases"):
        raise InvalidValue(f"kind must be 'cfpb' or 'cases', got {kind!r}")
    if config.as_of is None:  # fixed once, before any worker starts
        config = attrs.evolve(config, as_of=datetime.now(timezone.utc))
    desk = desk_for(config)  # a configuration that does not build fails here, once
    started = time.perf_counter()
    total_bytes = path.stat().st_size
    partitions: dict[int, Partition] = {}
    ids: dict[int, Tally] = {}  # per partition: its ids only, for the duplicate check
    merged = Tally()
    done = [0, 0]  # rows, bytes

    def report_progress(rows: int, finished_bytes: int) -> None:
        if progress is not None:
            seconds = time.perf_counter() - started
            progress(ReplayProgress(rows, finished_bytes, total_bytes, seconds))

    def finished(partition: Partition, tally: Tally) -> None:
        # Counts merge at once, so memory does not grow with the partitions.
        merged.merge(tally)
        ids[partition.index] = tally.ids_only()
        done[0] += tally.rows
        done[1] += partition.size + (partition.start if partition.index == 0 else 0)
        report_progress(done[0], done[1])

    def planned() -> Iterator[_Task]:
        for partition in plan_partitions(path, kind, target=partition_bytes):
            partitions[partition.index] = partition
            yield _Task(partition, config)

    _run_all(executor, planned(), finished, report_progress, done, max_in_flight)
    if config.check_duplicates and kind == "cfpb" and len(ids) > 1:
        earlier = _repeats(partitions, ids)
        if earlier:
            # Rare (ids are unique in real exports): replay again, each partition told
            # which of its ids came earlier, so every count and message is one pass's.
            merged = Tally()
            done[:] = [0, 0]
            tasks = (
                _Task(partitions[index], config, earlier.get(index, ()))
                for index in sorted(partitions)
            )
            _run_all(executor, tasks, finished, report_progress, done, max_in_flight)
    assert config.as_of is not None
    return merged.report(
        source=path.name,
        kind=kind,
        config=config,
        fingerprint=desk.fingerprint,
        as_of=config.as_of,
        partitions=len(partitions),
        seconds=time.perf_counter() - started,
    )


def _partial_progress(report: Callable[[int, int], None], done: list[int]) -> Callable[[int], None]:
    """Report rows read inside the running partition, on top of those done."""
    base_rows, base_bytes = done[0], done[1]
    return lambda rows: report(base_rows + rows, base_bytes)


def _run_all(
    executor: Executor | None,
    tasks: Iterator[_Task],
    finished: Callable[[Partition, Tally], None],
    report_progress: Callable[[int, int], None],
    done: list[int],
    max_in_flight: int,
) -> None:
    """Run ``tasks`` here or on ``executor`` (at most ``max_in_flight`` at a time)."""
    if executor is None:
        for task in tasks:
            finished(task.partition, _run(task, _partial_progress(report_progress, done)))
        return
    in_flight: dict[Future[Tally], Partition] = {}

    def collect(futures: set[Future[Tally]]) -> None:
        for future in sorted(futures, key=lambda f: in_flight[f].index):
            finished(in_flight.pop(future), future.result())

    try:
        for task in tasks:
            in_flight[executor.submit(run_partition, task)] = task.partition
            if len(in_flight) >= max_in_flight:
                ready, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                collect(ready)
        while in_flight:
            ready, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            collect(ready)
    finally:
        for future in in_flight:
            future.cancel()


def run_partition(task: _Task) -> Tally:
    """Replay one partition (what a worker runs); returns its tally."""
    return _run(task, None)


def _run(task: _Task, on_rows: Callable[[int], None] | None) -> Tally:
    partition, config = task.partition, task.config
    desk = desk_for(config)
    tally = Tally(partition.index)
    if partition.kind == "cfpb":
        _replay_cfpb(partition, config, desk, tally, dict(task.earlier), on_rows)
    else:
        _replay_documents(partition, config, desk, tally, on_rows)
    return tally.seal()


def _range_bytes(partition: Partition) -> bytes:
    with open(partition.path, "rb") as file:
        file.seek(partition.start)
        return file.read(partition.size)


def _columns(header: bytes) -> list[str]:
    text = header.decode("utf-8-sig", errors="replace")
    return [name.strip() for name in next(csv.reader([text.rstrip("\r\n")]), [])]


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


def _replay_documents(
    partition: Partition,
    config: ReplayConfig,
    desk: Desk,
    tally: Tally,
    on_rows: Callable[[int], None] | None,
) -> None:
    as_of = config.as_of
    assert as_of is not None
    line = partition.lines_before
    rows = 0
    for raw in _document_lines(partition):
        line += 1
        if not raw.strip():
            continue
        rows += 1
        if on_rows is not None and rows % PROGRESS_ROWS == 0:
            on_rows(rows)
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError) as error:
            # RecursionError: json.loads recurses, and a line may nest a thousand deep.
            why = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            tally.problems.append((line, f"not JSON: {why}"))
            continue
        try:
            case = case_from_dict(
                document, desk=desk, accept_fingerprints=_own_fingerprint(document), legacy=True
            )
        except CustRecoveryError as error:
            refusal = _refusal(error)
            prefix = _accepted_prefix(document, desk) if refusal is not None else None
            if refusal is None or prefix is None:
                tally.problems.append((line, f"{type(error).__name__}: {error}"))
                continue
            tally.refuse(
                type(refusal).__name__, (partition.index, rows), f"{prefix.case_id}: {refusal}"
            )
            case = prefix
        _count_case(case, desk, tally, as_of)
    tally.rows = rows


def _refusal(error: CustRecoveryError) -> OperationRefused | None:
    """The rule's refusal behind a load error, if the rules (not the data) refused.

    Loading reports a refused event as a DataError naming the event, carrying
    the rule's refusal (``DataError.refusal``).
    """
    if isinstance(error, OperationRefused):
        return error
    return error.refusal if isinstance(error, DataError) else None


def _document_lines(partition: Partition) -> Iterator[bytes]:
    if partition.whole:
        with open(partition.path, "rb") as file:
            if file.peek(2)[:2] == b"\x1f\x8b":
                import gzip

                with gzip.open(file, "rb") as unpacked:
                    yield from unpacked
                return
            yield from file
        return
    yield from io.BytesIO(_range_bytes(partition))


def _accepted_prefix(document: dict[str, Any], desk: Desk) -> Case | None:
    """The case made of the longest start of the history the desk accepts, if any."""
    try:
        # A stored event carries its chain digest beside the event's own fields; the
        # seal was checked by the load that failed, so the prefix is read without it.
        events = [
            from_dict(Event, {k: v for k, v in raw.items() if k != "digest"})
            for raw in document["history"]
        ]
    except (CustRecoveryError, KeyError, TypeError):
        return None
    # Replay once: the refusal names the first event the desk does not accept
    # ($.history[i]...), so the accepted prefix is the events before it (linear).
    try:
        return desk.replay(events, case_id=document["case_id"])
    except DataError as error:
        first = _first_refused(error.where)
        if first is None or first < 1:
            return None
        try:
            return desk.replay(events[:first], case_id=document["case_id"])
        except CustRecoveryError:
            return None
    except CustRecoveryError:
        return None


def _first_refused(where: str) -> int | None:
    """The index ``i`` of a ``$.history[i]...`` path, or None."""
    match = re.match(r"\$\.history\[(\d+)\]", where or "")
    return int(match.group(1)) if match else None


def _own_fingerprint(document: object) -> tuple[str, ...]:
    """The fingerprint a document says it was written under (what-if replay accepts it:
    replaying a firm's history under new rules is the point)."""
    provenance = document.get("provenance") if isinstance(document, dict) else None
    found = provenance.get("fingerprint") if isinstance(provenance, dict) else None
    return (found,) if isinstance(found, str) else ()


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
