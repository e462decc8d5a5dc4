"""Smoke tests for the benchmarks: they run and report every figure (no timing assertions)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

# pytest puts tests/ on sys.path, not the repository root that holds benchmarks/.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from benchmarks.baselines import LOG  # noqa: E402
from benchmarks.baselines import OwnerMissing  # noqa: E402
from benchmarks.baselines import Record  # noqa: E402
from benchmarks.run import REFERENCE  # noqa: E402
from benchmarks.run import SCENARIOS  # noqa: E402
from benchmarks.run import Contender  # noqa: E402
from benchmarks.run import contenders  # noqa: E402
from benchmarks.run import main  # noqa: E402


def record_of(bound: object) -> Record:
    """Return the stored record behind a baseline's bound object."""
    # python-statemachine binds a machine around the record; the others use the record.
    record = getattr(bound, "model", bound)
    assert isinstance(record, Record)
    return record


def test_quick_json_run_reports_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """A quick JSON run gives a positive figure and ratio for every contender and scenario."""
    assert main(["--quick", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    names = [c.name for c in contenders()]
    keys = [s.key for s in SCENARIOS]
    assert set(report) == {"machine", "figures_us", "ratios"}
    assert report["machine"]["cpu_count"] >= 1
    for section in ("figures_us", "ratios"):
        assert list(report[section]) == names
        for name in names:
            assert list(report[section][name]) == keys
            for value in report[section][name].values():
                assert isinstance(value, float)
                assert math.isfinite(value)
                assert value > 0
    assert set(report["ratios"][REFERENCE].values()) == {1.0}


def test_quick_table_run_prints_every_contender(capsys: pytest.CaptureFixture[str]) -> None:
    """A quick table run prints one row per contender."""
    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert all(c.name in out for c in contenders())


@pytest.mark.parametrize("contender", contenders(), ids=lambda c: c.name)
def test_contenders_run_the_same_lifecycle(contender: Contender[Any]) -> None:
    """Every contender replays the log to closed, refuses out-of-order events and needs an owner."""
    assert record_of(contender.replay(LOG)).state == "closed"
    bound = contender.new_bound("investigating")
    assert isinstance(contender.refused(bound, "close"), Exception)
    record = record_of(bound)
    record.owner = None
    with pytest.raises(OwnerMissing):
        contender.fire(bound, "propose")
    assert record.state == "investigating"
