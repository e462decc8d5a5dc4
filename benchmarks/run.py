"""Time every contender on the same four operations, in one run, against the dict table.

Why: absolute timings differ from machine to machine; ratios measured in the same
run do not. Run ``python -m benchmarks.run`` from the repository root
(``--json`` for one JSON object, ``--quick`` for a smoke run whose numbers mean
nothing).

Theory of operation. A contender is registered once, in :func:`contenders`, as
five things: a name and the four operations of :mod:`benchmarks.baselines`.
Each scenario is a ``timeit`` statement run in a namespace holding those
operations; the loop count is scaled until one repeat lasts about
:data:`TARGET_S`, then :data:`REPEAT` repeats are timed and the median
per-call time is kept. An accepted event changes the record, so that scenario
fires once on each record of a pool that the (untimed) ``timeit`` setup binds
afresh for each batch of :data:`POOL` calls. Every figure includes the same
``timeit`` loop overhead (tens of nanoseconds), which matters only next to the
dict table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from collections.abc import Sequence
from importlib import metadata
from typing import Any
from typing import Final
from typing import Generic
from typing import TypeVar
from typing import final

import attrs

from benchmarks.baselines import LOG
from benchmarks.baselines import DictTableBaseline
from benchmarks.baselines import StatechartBaseline
from benchmarks.baselines import TransitionsBaseline

__all__ = [
    "POOL",
    "REFERENCE",
    "REPEAT",
    "SCENARIOS",
    "TARGET_S",
    "Contender",
    "Scenario",
    "contenders",
    "main",
    "measure",
]

T = TypeVar("T")

REPEAT: Final = 7
TARGET_S: Final = 0.15
"""Seconds one repeat should last (auto-scaled into 0.1-0.2 s)."""
POOL: Final = 1000
"""Records bound per batch for the accepted-event scenario."""
REFERENCE: Final = "dict table"
"""The contender every ratio is relative to."""

_QUICK_REPEAT: Final = 3
_QUICK_TARGET_S: Final = 0.002
_QUICK_POOL: Final = 20

_STORED_STATE: Final = "investigating"
_ACCEPTED_EVENT: Final = "propose"
_REFUSED_EVENT: Final = "close"


@final
@attrs.frozen
class Contender(Generic[T]):
    """One way of running the lifecycle; ``T`` is whatever ``new_bound`` returns."""

    name: str
    new_bound: Callable[[str], T]
    """Bind to a record stored in the given state."""
    fire: Callable[[T, str], None]
    """Run one event, raising if it is refused."""
    refused: Callable[[T, str], object]
    """Run an event the state does not allow and catch the error."""
    replay: Callable[[Sequence[str]], object]
    """Bind a new record and run a whole event log."""


def contenders() -> list[Contender[Any]]:
    """Return every contender, built afresh; register new ones here."""
    statechart = StatechartBaseline()
    transitions = TransitionsBaseline()
    table = DictTableBaseline()
    return [
        Contender(
            statechart.name,
            statechart.new_bound,
            statechart.fire,
            statechart.refused,
            statechart.replay,
        ),
        Contender(
            transitions.name,
            transitions.new_bound,
            transitions.fire,
            transitions.refused,
            transitions.replay,
        ),
        Contender(table.name, table.new_bound, table.fire, table.refused, table.replay),
    ]


@final
@attrs.frozen
class Scenario:
    """One timed operation: a ``timeit`` statement, its setup, and its loop unit."""

    key: str
    """The name in the JSON output."""
    title: str
    """The column heading in the table."""
    stmt: str
    setup: str = "pass"
    pooled: bool = False
    """Whether each call consumes one record bound by the setup."""


SCENARIOS: Final = (
    Scenario("bind", "bind stored", "new_bound(STATE)"),
    Scenario(
        "accepted_event",
        "1 event",
        "fire(next(records), EVENT)",
        setup="records = iter([new_bound(STATE) for _ in range(POOL)])",
        pooled=True,
    ),
    Scenario(
        "refused_event",
        "refused event",
        "refused(record, REFUSED)",
        setup="record = new_bound(STATE)",
    ),
    Scenario("replay_7", "replay 7 events", "replay(LOG)"),
)
"""The four operations, in table order."""


def measure(
    contender: Contender[Any],
    scenario: Scenario,
    *,
    repeat: int = REPEAT,
    target_s: float = TARGET_S,
    pool: int = POOL,
) -> float:
    """Return the median per-call time of ``scenario`` on ``contender``, in microseconds."""
    namespace: dict[str, object] = {
        "new_bound": contender.new_bound,
        "fire": contender.fire,
        "refused": contender.refused,
        "replay": contender.replay,
        "STATE": _STORED_STATE,
        "EVENT": _ACCEPTED_EVENT,
        "REFUSED": _REFUSED_EVENT,
        "LOG": LOG,
        "POOL": pool,
    }
    timer = timeit.Timer(scenario.stmt, scenario.setup, globals=namespace)
    # A pooled scenario must run whole batches: the setup binds exactly `pool` records.
    unit = pool if scenario.pooled else 1

    def run(batches: int) -> float:
        if not scenario.pooled:
            return timer.timeit(batches)
        return math.fsum(timer.timeit(unit) for _ in range(batches))

    batches = _scale(run, target_s)
    per_call_us = [run(batches) / (batches * unit) * 1e6 for _ in range(repeat)]
    return statistics.median(per_call_us)


def _scale(run: Callable[[int], float], target_s: float) -> int:
    """Return how many batches make one repeat last about ``target_s``."""
    batches = 1
    while True:
        elapsed = run(batches)
        if elapsed >= target_s * 2 / 3:
            return batches
        # Aim at the target, but grow at most 100x per step: first timings are noisy.
        factor = min(100.0, target_s / elapsed) if elapsed > 0 else 100.0
        batches = max(batches + 1, math.ceil(batches * factor))


def _machine() -> dict[str, object]:
    """Describe where the figures were measured."""
    versions: dict[str, str] = {}
    for distribution in ("python-statemachine", "transitions", "custrecovery"):
        try:
            versions[distribution] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[distribution] = "not installed"
    return {
        "platform": platform.platform(),
        "processor": platform.machine(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu_count": os.cpu_count(),
        "versions": versions,
    }


def _table(figures: dict[str, dict[str, float]], ratios: dict[str, dict[str, float]]) -> list[str]:
    """Format the figures as aligned text lines, with each ratio to the reference."""
    header = ["contender", *(s.title for s in SCENARIOS)]
    rows = [
        [
            name,
            *(f"{figures[name][s.key]:.3f}  x{ratios[name][s.key]:.1f}" for s in SCENARIOS),
        ]
        for name in figures
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    return [line(header), "  ".join("-" * width for width in widths), *map(line, rows)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every scenario on every contender and print a table (or JSON); return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time the lifecycle baselines and report ratios to the dict table.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run; the figures mean nothing"
    )
    args = parser.parse_args(argv)
    repeat, target_s, pool = (
        (_QUICK_REPEAT, _QUICK_TARGET_S, _QUICK_POOL) if args.quick else (REPEAT, TARGET_S, POOL)
    )

    figures: dict[str, dict[str, float]] = {}
    for contender in contenders():
        figures[contender.name] = {
            scenario.key: measure(contender, scenario, repeat=repeat, target_s=target_s, pool=pool)
            for scenario in SCENARIOS
        }
    reference = figures[REFERENCE]
    ratios = {
        name: {key: value / reference[key] for key, value in row.items()}
        for name, row in figures.items()
    }

    if args.json:
        report = {"machine": _machine(), "figures_us": figures, "ratios": ratios}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        machine = _machine()
        print(f"{machine['python']} on {machine['platform']}, {machine['cpu_count']} CPUs")
        print(f"µs per call (median of {repeat} repeats)  xN: ratio to the {REFERENCE}, same run")
        print("\n".join(_table(figures, ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
