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

import time
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import Executor
from concurrent.futures import Future
from concurrent.futures import wait
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import final

import attrs

from custrecovery.errors import InvalidValue
from custrecovery.replay._cfpb_rows import _repeats
from custrecovery.replay._cfpb_rows import _replay_cfpb
from custrecovery.replay._common import PROGRESS_ROWS
from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._config import desk_for
from custrecovery.replay._documents import _replay_documents
from custrecovery.replay._partitions import DEFAULT_PARTITION_BYTES
from custrecovery.replay._partitions import Kind
from custrecovery.replay._partitions import Partition
from custrecovery.replay._partitions import plan_partitions
from custrecovery.replay._report import ReplayReport
from custrecovery.replay._tally import Tally

__all__ = ["PROGRESS_ROWS", "ReplayProgress", "replay", "run_partition"]


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
