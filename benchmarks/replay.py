"""What-if replay at scale: complaints per second per core, speed-up on workers, memory.

Run ``python -m benchmarks.replay`` from the repository root (``--json`` for one
JSON object, ``--quick`` for a smoke run whose figures mean nothing).

Every input here is **synthetic**: the bundled sample of 1,400 real CFPB
complaints repeated under fresh complaint ids
(:func:`custrecovery.replay.synthetic_cfpb`), so the rows are real rows and the
mix of companies, products and responses is the sample's. The CFPB clocks are
on (the default configuration), read at a fixed ``as_of``.

Figures, all from one run:

1. ``rows_per_second_one_core``: one process replays the speed file (after a
   warm-up that builds the desk); one process uses one core, so this is
   complaints per second per core. Target: at least
   :data:`TARGET_PER_CORE`.
2. ``pool_speedup``: the same file on a ``ProcessPoolExecutor`` of 2 workers
   (warmed up: each worker has built its desk), time alone / time pooled,
   1 MiB partitions. The three ways of running are timed in turn, 5 rounds, and
   the best of each is kept, so a burst of other load hits them alike.
   Target: at least :data:`TARGET_SPEEDUP` on 2 cores.
3. ``dask_speedup``: the same on a Dask ``LocalCluster`` of 2 worker processes
   (when ``distributed`` is installed), against the same one-process time.
4. ``rows_per_cpu_second`` and ``pool_cpu_efficiency``: the same work in CPU
   seconds rather than wall-clock seconds, which other load on the machine does
   not inflate: complaints per CPU-second alone, and alone CPU over the pool's
   (workers and driver); on 2 idle cores the pool's speed-up is at most twice
   its efficiency.
5. ``memory_ratio``: peak resident set (``VmHWM``, Linux) of a fresh
   interpreter replaying :data:`MEMORY_SIZES` rows in one process, largest over
   smallest. Target: at most :data:`TARGET_MEMORY_RATIO`.

The machine's other load moves the absolute figures, and the speed-ups need
idle cores: the 1-minute load average before and after is reported with them.
The ratios are taken within one run. A missed target is printed as missed, with its numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from collections.abc import Sequence
from concurrent.futures import Executor
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import Any
from typing import Final

from custrecovery.replay import ReplayConfig
from custrecovery.replay import replay
from custrecovery.replay import synthetic_cfpb

__all__ = [
    "MEMORY_SIZES",
    "TARGET_MEMORY_RATIO",
    "TARGET_PER_CORE",
    "TARGET_SPEEDUP",
    "collect",
    "main",
    "peak_rss_of_replay",
    "render",
]

SPEED_ROWS: Final = 100_000
QUICK_SPEED_ROWS: Final = 3_000
MEMORY_SIZES: Final = (10**5, 10**6)
QUICK_MEMORY_SIZES: Final = (10**3, 10**4)
TARGET_PER_CORE: Final = 20_000.0
TARGET_SPEEDUP: Final = 1.7
TARGET_MEMORY_RATIO: Final = 1.2
CONFIG: Final = ReplayConfig(as_of=datetime(2026, 1, 1, tzinfo=timezone.utc))
_ROOT: Final = Path(__file__).resolve().parent.parent


def _timed(path: Path, executor: Executor | None, partition_bytes: int) -> float:
    started = time.perf_counter()
    report = replay(path, CONFIG, executor=executor, partition_bytes=partition_bytes)
    seconds = time.perf_counter() - started
    if not report.reconciled or report.problems:
        raise RuntimeError(f"the synthetic file did not replay cleanly: {report.reconciliation}")
    return seconds


def _cpu_seconds(path: Path, partition_bytes: int) -> dict[str, float]:
    """CPU seconds (not wall-clock) of one replay alone and of one on a fresh pool of 2.

    CPU time does not count the time other processes hold the cores, so these
    figures stand on a busy machine. The pool's is its workers' (measured once
    they have exited) plus this process's.
    """
    started = time.process_time()
    _timed(path, None, partition_bytes)
    alone = time.process_time() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.process_time()
    with ProcessPoolExecutor(2) as pool:  # forked from here: the desk is already built
        _timed(path, pool, partition_bytes)
    driver = time.process_time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return {"alone": alone, "pool_workers": workers, "pool_driver": driver}


def peak_rss_of_replay(path: Path) -> dict[str, Any]:
    """Replay ``path`` in this process; peak RSS in bytes (``VmHWM``), rows and seconds."""
    started = time.perf_counter()
    report = replay(path, CONFIG)
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status")
    peak = 0
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    return {"rows": report.rows_read, "peak_rss_bytes": peak, "seconds": seconds}


def _memory_in_subprocess(path: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(_ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.replay", "--single-memory", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=_ROOT,
        env=env,
    )
    measured: dict[str, Any] = json.loads(result.stdout)
    return measured


def collect(*, quick: bool = False) -> dict[str, Any]:
    """Run the replay benchmark; figures and targets as one JSON-ready dict."""
    load_before = os.getloadavg()
    speed_rows = QUICK_SPEED_ROWS if quick else SPEED_ROWS
    sizes = QUICK_MEMORY_SIZES if quick else MEMORY_SIZES
    repeat = 1 if quick else 5
    partition_bytes = 256 << 10 if quick else 1 << 20
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        speed_file = synthetic_cfpb(Path(folder) / "speed.csv", speed_rows)
        executors: dict[str, Executor | None] = {"alone": None}
        executors["pool"] = stack.enter_context(ProcessPoolExecutor(2))
        dask_error: str | None = None
        try:
            from custrecovery.replay.dask import dask_executor

            executors["dask"] = stack.enter_context(dask_executor("local", workers=2))
        except Exception as error:  # no distributed, or a cluster that would not start
            dask_error = f"{type(error).__name__}: {error}"
        for executor in executors.values():  # warm-up: desks built, pages cached
            _timed(speed_file, executor, partition_bytes)
        # Interleaved, best of each: a burst of other load on the machine hits all three.
        times: dict[str, list[float]] = {name: [] for name in executors}
        for _ in range(repeat):
            for name, executor in executors.items():
                times[name].append(_timed(speed_file, executor, partition_bytes))
        alone, pooled = min(times["alone"]), min(times["pool"])
        dask_seconds = min(times["dask"]) if "dask" in times else None
        cpu = _cpu_seconds(speed_file, partition_bytes)
        speed_file.unlink()
        memory = []
        for size in sizes:
            path = synthetic_cfpb(Path(folder) / f"memory-{size}.csv", size)
            memory.append(_memory_in_subprocess(path))
            path.unlink()
    per_core = speed_rows / alone
    memory_ratio = memory[-1]["peak_rss_bytes"] / max(1, memory[0]["peak_rss_bytes"])
    return {
        "quick": quick,
        "input": "synthetic: the bundled CFPB sample repeated under fresh ids",
        "cpu_count": os.cpu_count(),
        "load_average_before_after": [load_before[0], os.getloadavg()[0]],
        "speed_rows": speed_rows,
        "seconds_one_process": alone,
        "rows_per_second_one_core": per_core,
        "cpu_seconds": cpu,
        "rows_per_cpu_second": speed_rows / cpu["alone"],
        "pool_cpu_efficiency": cpu["alone"] / (cpu["pool_workers"] + cpu["pool_driver"]),
        "seconds_pool_2": pooled,
        "pool_speedup": alone / pooled,
        "seconds_dask_2": dask_seconds,
        "dask_speedup": alone / dask_seconds if dask_seconds else None,
        "dask_error": dask_error,
        "memory": memory,
        "memory_ratio": memory_ratio,
        "targets": {
            "rows_per_second_one_core": TARGET_PER_CORE,
            "pool_speedup": TARGET_SPEEDUP,
            "memory_ratio": TARGET_MEMORY_RATIO,
        },
        "met": {
            "rows_per_second_one_core": per_core >= TARGET_PER_CORE,
            "pool_speedup": alone / pooled >= TARGET_SPEEDUP,
            "memory_ratio": memory_ratio <= TARGET_MEMORY_RATIO,
        },
    }


def render(report: Mapping[str, Any]) -> list[str]:
    """The report as lines of text (ratios first, each against its target)."""

    def verdict(name: str) -> str:
        return "met" if report["met"][name] else "MISSED"

    lines = [
        f"input: {report['input']} (CFPB clocks on)",
        f"complaints per second per core: {report['rows_per_second_one_core']:,.0f} "
        f"(target >= {TARGET_PER_CORE:,.0f}: {verdict('rows_per_second_one_core')}; "
        f"{report['speed_rows']:,} rows in {report['seconds_one_process']:.2f} s)",
        f"2-worker process pool speed-up: {report['pool_speedup']:.2f}x "
        f"(target >= {TARGET_SPEEDUP}: {verdict('pool_speedup')}; "
        f"{report['seconds_pool_2']:.2f} s; {report['cpu_count']} cores)",
    ]
    lines.append(
        f"CPU time (stands on a busy machine): {report['rows_per_cpu_second']:,.0f} "
        f"complaints per CPU-second alone; the 2-worker pool spends "
        f"1/{report['pool_cpu_efficiency']:.2f} of that CPU "
        f"(efficiency {report['pool_cpu_efficiency']:.2f}: on 2 idle cores its speed-up is at "
        f"most {2 * report['pool_cpu_efficiency']:.2f}x)"
    )
    before, after = report["load_average_before_after"]
    if max(before, after) > 0.5:
        lines.append(
            f"  (other load on this machine: load average {before:.1f} before, {after:.1f} after;"
            " speed-ups need idle cores)"
        )
    if report["dask_speedup"] is not None:
        lines.append(
            f"Dask LocalCluster(2) vs one process: {report['dask_speedup']:.2f}x "
            f"({report['seconds_dask_2']:.2f} s)"
        )
    else:
        lines.append(f"Dask LocalCluster(2): not run ({report['dask_error']})")
    small, large = report["memory"][0], report["memory"][-1]
    lines.append(
        f"peak RSS {large['rows']:,} rows / {small['rows']:,} rows: {report['memory_ratio']:.2f}x "
        f"(target <= {TARGET_MEMORY_RATIO}: {verdict('memory_ratio')}; "
        f"{small['peak_rss_bytes'] / 2**20:,.1f} MiB -> {large['peak_rss_bytes'] / 2**20:,.1f} MiB)"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.replay [--quick] [--json]``; returns 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replay")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--single-memory", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single_memory:
        print(json.dumps(peak_rss_of_replay(Path(args.single_memory))))
        return 0
    report = collect(quick=args.quick)
    print(json.dumps(report, indent=2) if args.json else "\n".join(render(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
