"""Time every contender on the same four operations, in one run, against the dict table.

Why: absolute timings differ from machine to machine; ratios measured in the same
run do not. Run ``python -m benchmarks.run`` from the repository root
(``--json`` for one JSON object, ``--quick`` for a smoke run whose numbers mean
nothing); ``python -m benchmarks`` runs this, :mod:`benchmarks.memory` and
:mod:`benchmarks.importtime` in sequence.

Theory of operation. A contender is registered once, in :func:`contenders`, as
its name and the four operations of :mod:`benchmarks.baselines` (custrecovery's
desks come from :mod:`benchmarks.custrecovery_contenders`). Each scenario is a
``timeit`` statement run in a namespace holding those operations; the loop
count is scaled until one repeat lasts about :data:`TARGET_S`, then
:data:`REPEAT` repeats are timed and the median per-call time is kept. An
accepted event changes a baseline's record, so that scenario fires once on each
record of a pool that the (untimed) ``timeit`` setup fills afresh for each batch
of :data:`POOL` calls. Every figure includes the same ``timeit`` loop overhead
(tens of nanoseconds), which matters only next to the dict table.

After the main table, custrecovery's loading is timed for other history lengths
(:data:`LOADING`), and the issue's :data:`TARGETS` are checked on the compiled
engine (the default), each ratio taken from figures of this one run.
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
from collections.abc import Mapping
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from typing import Final
from typing import Generic
from typing import Literal
from typing import TypeVar
from typing import final

import attrs

from benchmarks.baselines import LOG
from benchmarks.baselines import DictTableBaseline
from benchmarks.baselines import StatechartBaseline
from benchmarks.baselines import TransitionsBaseline
from benchmarks.custrecovery_contenders import ENGINES
from benchmarks.custrecovery_contenders import CustRecoveryContender

__all__ = [
    "LOADING",
    "POOL",
    "REFERENCE",
    "REPEAT",
    "SCENARIOS",
    "TARGETS",
    "TARGET_S",
    "Contender",
    "Scenario",
    "Target",
    "collect",
    "contenders",
    "machine",
    "main",
    "measure",
    "render",
]

T = TypeVar("T")

REPEAT: Final = 7
TARGET_S: Final = 0.15
"""Seconds one repeat should last (auto-scaled into 0.1-0.2 s)."""
POOL: Final = 1000
"""Records bound per batch for the accepted-event scenario."""
REFERENCE: Final = "dict table"
"""The contender every ratio is relative to."""
STATECHART: Final = "python-statemachine"
TRANSITIONS: Final = "transitions"
COMPILED: Final = "custrecovery (compiled)"
"""The contender the targets are checked on (the desk's default engine)."""

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
    fire: Callable[[T, str], object]
    """Run one event, raising if it is refused."""
    refused: Callable[[T, str], object]
    """Run an event the state does not allow and catch the error."""
    replay: Callable[[Sequence[str]], object]
    """Bind a new record and run a whole event log."""
    pooled: Callable[[str], T] | None = None
    """What fills the accepted-event pool (``new_bound`` unless given): a contender
    whose ``fire`` never changes the record may reuse one."""


def contenders(
    custrecovery: Sequence[CustRecoveryContender] | None = None,
) -> list[Contender[Any]]:
    """Return every contender, built afresh unless custrecovery's desks are given."""
    statechart = StatechartBaseline()
    transitions = TransitionsBaseline()
    table = DictTableBaseline()
    desks = (
        [CustRecoveryContender(engine) for engine in ENGINES]
        if custrecovery is None
        else custrecovery
    )
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
        *(
            Contender(desk.name, desk.new_bound, desk.fire, desk.refused, desk.replay, desk.stored)
            for desk in desks
        ),
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
        setup="records = iter([pooled(STATE) for _ in range(POOL)])",
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

LOADING: Final = (
    Scenario("load_1_event", "load 1-event doc", "load(DOC_1)"),
    Scenario("load_4_events", "load 4-event doc", "load(DOC_4)"),
    Scenario("load_7_events", "load 7-event doc", "load(DOC_7)"),
    Scenario("accepted_on_fresh_case", "acknowledge fresh case", "apply(FRESH, ACKNOWLEDGE)"),
)
"""custrecovery only: loading documents of 1, 4 (= ``bind``) and 7 events, and an
accepted ``Acknowledge`` on a freshly recorded (1-event) case."""

LONG_HISTORIES: Final = (100, 1_000, 10_000)
"""The lengths of the one long case replayed (µs per event, compiled engine)."""
_QUICK_LONG_HISTORIES: Final = (100, 1_000)


@final
@attrs.frozen
class Target:
    """One of the issue's targets: a ratio of two figures of the same run."""

    key: str
    description: str
    numerator: tuple[str, str]
    """(contender, figure key) on top of the ratio."""
    denominator: tuple[str, str]
    comparison: Literal["<=", ">="]
    bound: float

    def check(self, figures: Mapping[str, Mapping[str, float]]) -> dict[str, object]:
        """The measured ratio, the target and whether it is met (JSON-ready)."""
        top = figures[self.numerator[0]][self.numerator[1]]
        ratio = top / figures[self.denominator[0]][self.denominator[1]]
        met = ratio <= self.bound if self.comparison == "<=" else ratio >= self.bound
        return {
            "description": self.description,
            "ratio": ratio,
            "target": f"{self.comparison} {self.bound:g}",
            "numerator": "/".join(self.numerator),
            "denominator": "/".join(self.denominator),
            "pass": met,
        }


_LOADED: Final = "custrecovery (compiled) loading"
"""Where the compiled desk's :data:`LOADING` figures sit among the figures."""

TARGETS: Final = (
    Target(
        "accepted_vs_dict_table",
        "accepted operation: custrecovery / dict table",
        (COMPILED, "accepted_event"),
        (REFERENCE, "accepted_event"),
        "<=",
        25,
    ),
    Target(
        "accepted_vs_transitions",
        "accepted operation: transitions / custrecovery (times faster)",
        (TRANSITIONS, "accepted_event"),
        (COMPILED, "accepted_event"),
        ">=",
        3,
    ),
    Target(
        "load_vs_statemachine_bind",
        "load the stored case (4-event doc, the baselines' stored state): "
        "python-statemachine bind / custrecovery load (times faster)",
        (STATECHART, "bind"),
        (COMPILED, "bind"),
        ">=",
        10,
    ),
    Target(
        "load_1_event_vs_statemachine_bind",
        "load a case stored right after record (1-event doc): "
        "python-statemachine bind / custrecovery load (times faster)",
        (STATECHART, "bind"),
        (_LOADED, "load_1_event"),
        ">=",
        10,
    ),
    Target(
        "load_7_events_vs_statemachine_bind",
        "load a closed case (7-event doc): "
        "python-statemachine bind / custrecovery load (times faster)",
        (STATECHART, "bind"),
        (_LOADED, "load_7_events"),
        ">=",
        10,
    ),
)
"""The issue's speed targets, checked on the compiled engine."""


def _time(
    scenario: Scenario,
    namespace: Mapping[str, object],
    *,
    repeat: int,
    target_s: float,
    pool: int,
) -> float:
    """Return the median per-call time of ``scenario`` run in ``namespace``, in microseconds."""
    timer = timeit.Timer(scenario.stmt, scenario.setup, globals={**namespace, "POOL": pool})
    # A pooled scenario must run whole batches: the setup binds exactly `pool` records.
    unit = pool if scenario.pooled else 1

    def run(batches: int) -> float:
        if not scenario.pooled:
            return timer.timeit(batches)
        return math.fsum(timer.timeit(unit) for _ in range(batches))

    batches = _scale(run, target_s)
    per_call_us = [run(batches) / (batches * unit) * 1e6 for _ in range(repeat)]
    return statistics.median(per_call_us)


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
        "pooled": contender.pooled or contender.new_bound,
        "fire": contender.fire,
        "refused": contender.refused,
        "replay": contender.replay,
        "STATE": _STORED_STATE,
        "EVENT": _ACCEPTED_EVENT,
        "REFUSED": _REFUSED_EVENT,
        "LOG": LOG,
    }
    return _time(scenario, namespace, repeat=repeat, target_s=target_s, pool=pool)


def measure_loading(
    desk: CustRecoveryContender,
    scenario: Scenario,
    *,
    repeat: int = REPEAT,
    target_s: float = TARGET_S,
) -> float:
    """Return the median per-call time of a :data:`LOADING` scenario, in microseconds."""
    namespace: dict[str, object] = {
        "load": desk.load,
        "apply": desk.apply,
        "DOC_1": desk.document(1),
        "DOC_4": desk.document(4),
        "DOC_7": desk.document(7),
        "FRESH": desk.stored("received"),
        "ACKNOWLEDGE": desk.acknowledge_operation(),
    }
    return _time(scenario, namespace, repeat=repeat, target_s=target_s, pool=1)


def measure_long_replay(
    desk: CustRecoveryContender,
    events: int,
    *,
    repeat: int = REPEAT,
    target_s: float = TARGET_S,
) -> float:
    """Return the median time to replay one stored case of ``events`` events, per event (µs)."""
    scenario = Scenario(f"replay_{events}", f"replay {events} events", "replay(HISTORY)")
    namespace = {"replay": desk.desk.replay, "HISTORY": desk.long_history(events)}
    return _time(scenario, namespace, repeat=repeat, target_s=target_s, pool=1) / events


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


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "cpu model"):
            return value.strip()
    return platform.processor() or "unknown"


def machine() -> dict[str, object]:
    """Describe where the figures were measured."""
    versions: dict[str, str] = {}
    for distribution in (
        "custrecovery",
        "python-statemachine",
        "transitions",
        "attrs",
        "cattrs",
        "pluggy",
    ):
        try:
            versions[distribution] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[distribution] = "not installed"
    return {
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpu_model": _cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu_count": os.cpu_count(),
        "versions": versions,
    }


def collect(*, quick: bool = False) -> dict[str, Any]:
    """Time every scenario on every contender; return the report (JSON-ready)."""
    repeat, target_s, pool = (
        (_QUICK_REPEAT, _QUICK_TARGET_S, _QUICK_POOL) if quick else (REPEAT, TARGET_S, POOL)
    )
    desks = [CustRecoveryContender(engine) for engine in ENGINES]
    figures: dict[str, dict[str, float]] = {}
    for contender in contenders(desks):
        figures[contender.name] = {
            scenario.key: measure(contender, scenario, repeat=repeat, target_s=target_s, pool=pool)
            for scenario in SCENARIOS
        }
    loading: dict[str, dict[str, float]] = {
        desk.name: {
            scenario.key: measure_loading(desk, scenario, repeat=repeat, target_s=target_s)
            for scenario in LOADING
        }
        for desk in desks
    }
    lengths = _QUICK_LONG_HISTORIES if quick else LONG_HISTORIES
    (compiled,) = (desk for desk in desks if desk.engine == "compiled")
    long_replay = {
        str(events): measure_long_replay(compiled, events, repeat=repeat, target_s=target_s)
        for events in lengths
    }
    reference = figures[REFERENCE]
    ratios = {
        name: {key: value / reference[key] for key, value in row.items()}
        for name, row in figures.items()
    }
    statechart_bind = figures[STATECHART]["bind"]
    loading_vs_statechart = {
        name: {key: statechart_bind / value for key, value in row.items() if key.startswith("load")}
        for name, row in loading.items()
    }
    every = {**figures, **{f"{name} loading": row for name, row in loading.items()}}
    return {
        "machine": machine(),
        "method": {
            "repeat": repeat,
            "statistic": "median",
            "target_seconds_per_repeat": target_s,
            "pool": pool,
            "quick": quick,
            "stored_state": _STORED_STATE,
            "accepted_event": _ACCEPTED_EVENT,
            "refused_event": _REFUSED_EVENT,
            "log": list(LOG),
        },
        "figures_us": figures,
        "ratios": ratios,
        "custrecovery_us": loading,
        "statechart_bind_over_load": loading_vs_statechart,
        "long_replay_us_per_event": long_replay,
        "targets": {target.key: target.check(every) for target in TARGETS},
    }


def _align(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    return [line(header), "  ".join("-" * width for width in widths), *map(line, rows)]


def render(report: Mapping[str, Any]) -> list[str]:
    """Format a :func:`collect` report as text lines: three tables and the targets."""
    figures: dict[str, dict[str, float]] = report["figures_us"]
    ratios: dict[str, dict[str, float]] = report["ratios"]
    loading: dict[str, dict[str, float]] = report["custrecovery_us"]
    over: dict[str, dict[str, float]] = report["statechart_bind_over_load"]
    about = report["machine"]
    method = report["method"]
    lines = [
        f"{about['python']} on {about['platform']}, {about['cpu_model']}, "
        f"{about['cpu_count']} CPUs",
        f"µs per call (median of {method['repeat']} repeats)  xN: ratio to the {REFERENCE}, "
        "same run" + ("  [--quick: the figures mean nothing]" if method["quick"] else ""),
        "",
    ]
    lines += _align(
        ["contender", *(s.title for s in SCENARIOS)],
        [
            [name, *(f"{row[s.key]:.3f}  x{ratios[name][s.key]:.1f}" for s in SCENARIOS)]
            for name, row in figures.items()
        ],
    )
    lines += [
        "",
        f"custrecovery loading a stored document (µs; /psm: python-statemachine bind "
        f"{figures[STATECHART]['bind']:.1f} µs divided by it)",
        "",
    ]
    lines += _align(
        ["contender", *(s.title for s in LOADING)],
        [
            [
                name,
                *(
                    f"{row[s.key]:.2f}"
                    + (f"  /psm {over[name][s.key]:.2f}" if s.key in over[name] else "")
                    for s in LOADING
                ),
            ]
            for name, row in loading.items()
        ],
    )
    long_replay: dict[str, float] = report["long_replay_us_per_event"]
    shortest = long_replay[min(long_replay, key=int)]
    lines += ["", f"replaying one long stored case ({COMPILED}; µs per event)", ""]
    lines += _align(
        ["events in the case", "µs per event", "vs the shortest"],
        [
            [f"{int(events):,}", f"{per_event:.2f}", f"x{per_event / shortest:.2f}"]
            for events, per_event in long_replay.items()
        ],
    )
    lines += ["", f"targets (on {COMPILED}, ratios from this run)", ""]
    lines += _align(
        ["target", "measured", "wanted", "result"],
        [
            [
                key,
                f"{check['ratio']:.2f}x",
                f"{check['target']}x",
                "PASS" if check["pass"] else "MISS",
            ]
            for key, check in report["targets"].items()
        ],
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run every scenario on every contender and print a table (or JSON); return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time the lifecycle baselines and custrecovery; report ratios and targets.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run; the figures mean nothing"
    )
    args = parser.parse_args(argv)
    report = collect(quick=args.quick)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print("\n".join(render(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
