"""The clock benchmark runs and reports every figure (no timing assertions)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

# pytest puts tests/clocks on sys.path, not the repository root that holds benchmarks/.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from benchmarks import clocks as clock_benchmark  # noqa: E402


def test_quick_run_reports_every_figure() -> None:
    """A quick run gives a finite, positive figure for each timing and both ratios."""
    figures = clock_benchmark.measure(quick=True)
    assert set(figures) == {
        "status_3_clocks_us",
        "status_3_clocks_distinct_cases_us",
        "regulatory_3_clocks_us",
        "desk_apply_us",
        "ratio",
        "ratio_distinct_cases",
    }
    assert all(math.isfinite(value) and value > 0 for value in figures.values())
