"""Peak memory while replaying a long event stream: it must not grow with the stream.

Why: a CRM rebuilds cases from an event store far larger than memory; replaying
must hold one case at a time. Run ``python -m benchmarks.memory`` from the
repository root (``--json`` for one JSON object, ``--quick`` for 10^3 and 10^4
events instead of 10^4, 10^5 and 10^6).

Theory of operation. :func:`event_stream` yields ``n`` stored events lazily, as
an event store read in case order would: cases of 7 events taking the flat path
``new`` to ``closed`` (the last case is cut short when ``n`` is not a multiple
of 7; a prefix of a history is a history). :func:`stream` groups the events by
case (``itertools.groupby``) and rebuilds each case with ``desk.replay``,
keeping only counts. Each ``n`` runs in a fresh interpreter
(``--single n``), so one size's allocations cannot hide another's:

1. import, build the desk and replay a warm-up stream (caches, lazy imports);
2. stream ``n`` events, timing them, and read the resident set size around the
   stream: ``resource.getrusage`` max RSS before and after (how far the
   process high-water mark rose: 0 when the stream fits in memory the process
   already used), and on Linux ``VmRSS`` before and the ``VmHWM`` high-water mark
   during the stream (reset first through ``/proc/self/clear_refs``). Linux
   keeps ``ru_maxrss`` across ``fork`` and ``exec``, so a child of a large
   process starts with its parent's high-water mark and its ``getrusage`` delta
   can read 0 while it grows; ``VmHWM`` belongs to the new process only;
3. stream ``n`` events again under ``tracemalloc``: its peak is the most Python
   memory alive at once during the stream.

Constant memory means the tracemalloc peak at the largest ``n`` is within
:data:`GROWTH_ALLOWED` of the peak at the smallest, and the RSS growth stays flat.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import operator
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from typing import Final

import custrecovery
from benchmarks.baselines import LOG
from benchmarks.custrecovery_contenders import Engine
from benchmarks.custrecovery_contenders import case_events

__all__ = [
    "FULL_SIZES",
    "GROWTH_ALLOWED",
    "QUICK_SIZES",
    "collect",
    "event_stream",
    "main",
    "measure_one",
    "render",
    "stream",
]

FULL_SIZES: Final = (10**4, 10**5, 10**6)
QUICK_SIZES: Final = (10**3, 10**4)
WARM_UP: Final = 2_000
"""Events replayed before anything is measured."""
GROWTH_ALLOWED: Final = 1.25
"""Largest/smallest tracemalloc peak ratio still counted as constant memory."""

_ROOT: Final = Path(__file__).resolve().parent.parent
_KIB: Final = 1 if sys.platform == "darwin" else 1024
"""Bytes per unit of ``ru_maxrss`` (bytes on macOS, KiB elsewhere)."""
_CASE_LENGTH: Final = len(LOG)
_STATUS: Final = Path("/proc/self/status")
_CLEAR_REFS: Final = Path("/proc/self/clear_refs")


def event_stream(n: int, *, prefix: str = "stream") -> Iterator[custrecovery.Event]:
    """``n`` stored events of consecutive 7-event cases, built one at a time."""
    cases, rest = divmod(n, _CASE_LENGTH)
    for index in range(cases + (1 if rest else 0)):
        length = _CASE_LENGTH if index < cases else rest
        yield from case_events(f"{prefix}-{index:07d}", length)


def stream(desk: custrecovery.Desk, events: Iterable[custrecovery.Event]) -> dict[str, int]:
    """Replay ``events`` case by case, keeping only counts of events, cases and closed cases."""
    counts = {"events": 0, "cases": 0, "closed": 0}
    for _, history in itertools.groupby(events, key=operator.attrgetter("case_id")):
        case = desk.replay(history)
        counts["events"] += case.version
        counts["cases"] += 1
        counts["closed"] += case.state == "closed"
    return counts


def _max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _KIB


def _proc_status(field: str) -> int | None:
    """A ``/proc/self/status`` memory field in bytes (``None`` off Linux)."""
    try:
        text = _STATUS.read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024  # always in kB
    return None


def _reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); whether it worked."""
    try:
        _CLEAR_REFS.write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def measure_one(n: int, *, engine: Engine = "compiled") -> dict[str, Any]:
    """Stream ``n`` events in this process; return counts, speed and peak memory."""
    desk = custrecovery.Desk(engine=engine, entry_points=False)
    stream(desk, event_stream(WARM_UP, prefix="warm-up"))
    gc.collect()
    max_rss_before = _max_rss_bytes()
    rss_before = _proc_status("VmRSS")
    peak_reset = _reset_peak_rss()
    started = time.perf_counter()
    counts = stream(desk, event_stream(n))
    elapsed = time.perf_counter() - started
    max_rss_after = _max_rss_bytes()
    peak_rss = _proc_status("VmHWM")
    if counts["events"] != n:
        raise AssertionError(f"replayed {counts['events']} events, not {n}")

    gc.collect()
    tracemalloc.start()
    baseline, _ = tracemalloc.get_traced_memory()
    stream(desk, event_stream(n))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "events": counts["events"],
        "cases": counts["cases"],
        "closed_cases": counts["closed"],
        "seconds": elapsed,
        "us_per_event": elapsed / n * 1e6,
        "tracemalloc_peak_bytes": peak - baseline,
        "max_rss_before_bytes": max_rss_before,
        "max_rss_delta_bytes": max_rss_after - max_rss_before,
        # Linux only: RSS before the stream, and its high-water mark during it.
        "rss_before_bytes": rss_before,
        "peak_rss_bytes": peak_rss,
        "peak_rss_reset": peak_reset,
        "rss_growth_bytes": (
            peak_rss - rss_before if peak_rss is not None and rss_before is not None else None
        ),
    }


def _measure_in_subprocess(n: int, engine: Engine) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.memory", "--single", str(n), "--engine", engine]
    done = subprocess.run(command, cwd=_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def collect(*, quick: bool = False, engine: Engine = "compiled") -> dict[str, Any]:
    """Stream each size in its own interpreter; return the report (JSON-ready)."""
    sizes = QUICK_SIZES if quick else FULL_SIZES
    rows = {str(n): _measure_in_subprocess(n, engine) for n in sizes}
    peaks = [row["tracemalloc_peak_bytes"] for row in rows.values()]
    growth = peaks[-1] / peaks[0]
    return {
        "engine": engine,
        "quick": quick,
        "case_length": _CASE_LENGTH,
        "sizes": list(sizes),
        "streams": rows,
        "target": {
            "description": "tracemalloc peak at the largest stream / at the smallest",
            "ratio": growth,
            "target": f"<= {GROWTH_ALLOWED:g}",
            "pass": growth <= GROWTH_ALLOWED,
        },
        "median_us_per_event": statistics.median(row["us_per_event"] for row in rows.values()),
    }


def _kib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1024:,.0f} KiB"


def render(report: Mapping[str, Any]) -> list[str]:
    """Format a :func:`collect` report as text lines."""
    header = [
        "events",
        "cases",
        "µs/event",
        "tracemalloc peak",
        "ru_maxrss delta",
        "RSS before",
        "VmHWM growth",
    ]
    rows = [
        [
            f"{int(n):,}",
            f"{row['cases']:,}",
            f"{row['us_per_event']:.1f}",
            _kib(row["tracemalloc_peak_bytes"]),
            _kib(row["max_rss_delta_bytes"]),
            _kib(row["rss_before_bytes"]),
            _kib(row["rss_growth_bytes"]),
        ]
        for n, row in report["streams"].items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        f"replaying a stream of {report['case_length']}-event cases, custrecovery "
        f"({report['engine']}), each size in a fresh interpreter"
        + ("  [--quick]" if report["quick"] else ""),
        "",
        "  ".join(cell.rjust(width) for cell, width in zip(header, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    lines += [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    target = report["target"]
    lines += [
        "",
        f"constant memory: peak ratio largest/smallest {target['ratio']:.2f} "
        f"(target {target['target']}): {'PASS' if target['pass'] else 'MISS'}",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every size and print a table (or JSON); return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory",
        description="Peak memory while replaying 10^4, 10^5 and 10^6 events.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 events only")
    parser.add_argument("--engine", choices=("compiled", "reference"), default="compiled")
    parser.add_argument(
        "--single", type=int, metavar="N", help=argparse.SUPPRESS
    )  # one size, in this process: what collect() runs in each subprocess
    args = parser.parse_args(argv)
    if args.single is not None:
        print(json.dumps(measure_one(args.single, engine=args.engine)))
        return 0
    report = collect(quick=args.quick, engine=args.engine)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print("\n".join(render(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
