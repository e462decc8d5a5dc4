"""Smoke tests for the benchmarks: they run and report every figure (no timing assertions)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import custrecovery

# pytest puts tests/ on sys.path, not the repository root that holds benchmarks/.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from benchmarks import importtime  # noqa: E402
from benchmarks import memory  # noqa: E402
from benchmarks import replay  # noqa: E402
from benchmarks.baselines import LOG  # noqa: E402
from benchmarks.baselines import OwnerMissing  # noqa: E402
from benchmarks.baselines import Record  # noqa: E402
from benchmarks.custrecovery_contenders import ENGINES  # noqa: E402
from benchmarks.custrecovery_contenders import CustRecoveryContender  # noqa: E402
from benchmarks.run import LOADING  # noqa: E402
from benchmarks.run import REFERENCE  # noqa: E402
from benchmarks.run import SCENARIOS  # noqa: E402
from benchmarks.run import TARGETS  # noqa: E402
from benchmarks.run import Contender  # noqa: E402
from benchmarks.run import contenders  # noqa: E402
from benchmarks.run import main  # noqa: E402

_BASELINES = [c for c in contenders() if not c.name.startswith("custrecovery")]


def record_of(bound: object) -> Record:
    """Return the stored record behind a baseline's bound object."""
    # python-statemachine binds a machine around the record; the others use the record.
    record = getattr(bound, "model", bound)
    assert isinstance(record, Record)
    return record


def assert_positive(value: object) -> None:
    """A figure is a finite, positive float."""
    assert isinstance(value, float)
    assert math.isfinite(value)
    assert value > 0


def test_quick_json_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """A quick JSON run gives a positive figure and ratio for every contender and scenario."""
    assert main(["--quick", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    names = [c.name for c in contenders()]
    keys = [s.key for s in SCENARIOS]
    assert set(report) == {
        "machine",
        "method",
        "figures_us",
        "ratios",
        "custrecovery_us",
        "statechart_bind_over_load",
        "long_replay_us_per_event",
        "targets",
    }
    assert report["machine"]["cpu_count"] >= 1
    assert report["machine"]["cpu_model"]
    assert "custrecovery (compiled)" in names
    assert "custrecovery (reference)" in names
    for section in ("figures_us", "ratios"):
        assert list(report[section]) == names
        for name in names:
            assert list(report[section][name]) == keys
            for value in report[section][name].values():
                assert_positive(value)
    assert set(report["ratios"][REFERENCE].values()) == {1.0}
    for engine in ENGINES:
        row = report["custrecovery_us"][f"custrecovery ({engine})"]
        assert list(row) == [s.key for s in LOADING]
        for value in row.values():
            assert_positive(value)
    assert list(report["long_replay_us_per_event"]) == ["100", "1000"]
    for value in report["long_replay_us_per_event"].values():
        assert_positive(value)
    assert list(report["targets"]) == [t.key for t in TARGETS]
    for check in report["targets"].values():
        assert_positive(check["ratio"])
        assert isinstance(check["pass"], bool)


def test_quick_table_run_prints_every_contender(capsys: pytest.CaptureFixture[str]) -> None:
    """A quick table run prints one row per contender and a verdict per target."""
    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert all(c.name in out for c in contenders())
    assert all(t.key in out for t in TARGETS)
    assert out.count("PASS") + out.count("MISS") == len(TARGETS)


@pytest.mark.parametrize("contender", _BASELINES, ids=lambda c: c.name)
def test_baselines_run_the_same_lifecycle(contender: Contender[Any]) -> None:
    """Every baseline replays the log to closed, refuses out-of-order events and needs an owner."""
    assert record_of(contender.replay(LOG)).state == "closed"
    bound = contender.new_bound("investigating")
    assert isinstance(contender.refused(bound, "close"), Exception)
    record = record_of(bound)
    record.owner = None
    with pytest.raises(OwnerMissing):
        contender.fire(bound, "propose")
    assert record.state == "investigating"


@pytest.mark.parametrize("engine", ENGINES)
def test_custrecovery_contender_runs_the_same_flat_path(engine: Any) -> None:
    """custrecovery loads, applies, refuses and replays the baselines' path through its API."""
    desk = CustRecoveryContender(engine)
    case = desk.new_bound("investigating")
    assert (case.state, case.version) == ("investigating", 4)
    after = desk.fire(case, "propose")
    assert (after.state, after.version, after.history[-1].kind) == (
        "resolution_proposed",
        5,
        "propose_resolution",
    )
    assert case.version == 4  # the case given is unchanged
    assert isinstance(desk.refused(case, "close"), custrecovery.OperationRefused)
    replayed = desk.replay(LOG)
    assert (replayed.state, replayed.version) == ("closed", len(LOG))
    assert [desk.load(desk.document(n)).version for n in (1, 4, 7)] == [1, 4, 7]


def test_memory_stream_replays_exactly_n_events() -> None:
    """The stream holds n events in 7-event cases, the last one cut short."""
    desk = custrecovery.Desk(entry_points=False)
    counts = memory.stream(desk, memory.event_stream(30))
    assert counts == {"events": 30, "cases": 5, "closed": 4}


def test_memory_quick_json_reports_positive_peaks() -> None:
    """A quick memory run reports a positive peak and speed for each size."""
    report = _module_json("benchmarks.memory")
    assert report["sizes"] == list(memory.QUICK_SIZES)
    for n, row in report["streams"].items():
        assert row["events"] == int(n)
        assert row["tracemalloc_peak_bytes"] > 0
        assert row["max_rss_delta_bytes"] >= 0
        assert_positive(row["us_per_event"])
    assert_positive(report["target"]["ratio"])


def test_importtime_quick_json_reports_every_dependency() -> None:
    """A quick import-time run times custrecovery and each direct dependency."""
    report = _module_json("benchmarks.importtime")
    assert list(report["cumulative_us"]) == ["custrecovery", *importtime.DEPENDENCIES]
    for value in report["cumulative_us"].values():
        assert_positive(value)
    assert report["forbidden_loaded"] == []
    assert report["unexpected"] == []
    assert report["lazy_loaded"] == []
    assert_positive(report["baseline"]["cumulative_us"])
    assert_positive(report["ratio"])


def test_parse_importtime_reads_self_cumulative_and_depth() -> None:
    """The parser keeps each module's first line and its nesting depth."""
    output = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:        10 |         10 |     attr",
            "import time:        20 |         30 |   attrs",
            "import time:       100 |        130 | custrecovery",
        ]
    )
    assert importtime.parse_importtime(output) == {
        "attr": (10, 10, 2),
        "attrs": (20, 30, 1),
        "custrecovery": (100, 130, 0),
    }


def test_one_command_runs_everything_quickly() -> None:
    """``python -m benchmarks --quick`` runs the four benchmarks and exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    titles = ("Speed", "Memory", "Import", "Replay", "Clocks", "Integrity", "Hostile input")
    for title in (f"== {name} ==" for name in titles):
        assert title in done.stdout


def test_replay_quick_json_reports_every_ratio() -> None:
    """A quick replay run reports rows per second per core, both speed-ups and a memory ratio."""
    report = _module_json("benchmarks.replay")
    assert "synthetic" in report["input"]
    for figure in ("rows_per_second_one_core", "pool_speedup", "memory_ratio"):
        assert_positive(report[figure])
    assert report["dask_speedup"] is None or report["dask_speedup"] > 0
    assert [row["rows"] for row in report["memory"]] == list(replay.QUICK_MEMORY_SIZES)
    assert set(report["met"]) == set(report["targets"])


def _module_json(module: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick", "--json"],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_hostile_quick_run_reports_every_size_and_family() -> None:
    """The hostile-input benchmark reports a positive ratio per size and family."""
    from benchmarks import hostile

    figures = hostile.measure(quick=True)
    families = hostile.crafted(100)
    for size in hostile.SIZES:
        assert_positive(figures[f"crafted_{size}_ratio"])
        for family in families:
            assert_positive(figures[f"crafted_{size}_{family}_ratio"])
    assert_positive(figures["valid_case_1KB_ratio"])


def test_every_crafted_document_is_refused_with_a_data_error() -> None:
    """Each crafted document is refused, with a DataError, never loaded or a bare error."""
    from benchmarks import hostile

    desk = custrecovery.Desk(entry_points=False)
    for family, text in hostile.crafted(2_000).items():
        with pytest.raises(custrecovery.DataError):
            custrecovery.from_json(custrecovery.Case, text, desk=desk)
        assert family


def test_integrity_quick_run_reports_every_figure() -> None:
    """The sealing benchmark reports positive times and ratios."""
    from benchmarks import integrity

    figures = integrity.measure(quick=True)
    for name in (
        "write_unsealed_us",
        "write_sealed_us",
        "write_keyed_us",
        "load_unchecked_us",
        "load_sealed_us",
        "load_keyed_us",
        "write_ratio",
        "write_keyed_ratio",
        "load_ratio",
        "load_keyed_ratio",
    ):
        assert_positive(figures[name])
