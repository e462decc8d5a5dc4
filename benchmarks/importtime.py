"""What ``import custrecovery`` costs, and what it pulls in.

Why: a CRM imports the library in every worker; it must not pay for what only
tests, examples or extras need (hypothesis, SQLAlchemy, docs tooling). Run
``python -m benchmarks.importtime`` from the repository root (``--json`` for
one JSON object, ``--quick`` for fewer runs).

Theory of operation. ``python -X importtime -c "import custrecovery"`` runs in
a fresh interpreter :data:`RUNS` times; from each run's output this reads the
cumulative microseconds of ``custrecovery`` and of each direct dependency
(:data:`DEPENDENCIES`) where it is first imported (inside custrecovery's import,
so its share of the same total), and keeps the median over the runs. The
baseline, ``import attrs, pluggy, statemachine`` alone (:data:`BASELINE`), runs
in fresh interpreters interleaved with those runs, and the report gives the
ratio of the medians (target: :data:`TARGET_RATIO`). Every run has bytecode
caching on (``PYTHONDONTWRITEBYTECODE`` removed from its environment, one warm
run first), as users run. A second interpreter lists the top-level modules
``import custrecovery`` adds to ``sys.modules``; each one is classed as standard
library, custrecovery, a direct dependency, a dependency of those (from the
installed metadata), or *unexpected*. The unexpected list should be empty, and
so should the list of lazy modules (:data:`LAZY`) that the import loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from typing import Final

__all__ = [
    "BASELINE",
    "DEPENDENCIES",
    "LAZY",
    "TARGET_RATIO",
    "FORBIDDEN",
    "RUNS",
    "collect",
    "main",
    "parse_importtime",
    "render",
]

DEPENDENCIES: Final = {
    "attrs": "attrs",
    "pluggy": "pluggy",
    "statemachine": "python-statemachine",
}
"""Top-level module of each direct dependency the import loads, and its distribution."""
BASELINE: Final = "import attrs, pluggy, statemachine"
"""What the import is compared with: the dependencies the front door needs, alone."""
TARGET_RATIO: Final = 1.3
"""Issue 9's target: ``import custrecovery`` at most this multiple of :data:`BASELINE`."""
LAZY: Final = frozenset(
    {
        "cattrs",
        "holidays",
        "custrecovery.storage",
        "custrecovery.sources",
        "custrecovery.replay",
        "custrecovery.packs",
        "custrecovery.cli",
        "custrecovery.testing",
    }
)
"""Modules that load on first use, never with ``import custrecovery``."""
FORBIDDEN: Final = frozenset(
    {
        "hypothesis",
        "sqlalchemy",
        "jsonschema",
        "pytest",
        "_pytest",
        "sphinx",
        "myst_parser",
        "furo",
        "docutils",
        "transitions",
        "mypy",
    }
)
"""Modules only tests, examples, benchmarks or docs need."""
RUNS: Final = 7
_QUICK_RUNS: Final = 2

_ROOT: Final = Path(__file__).resolve().parent.parent
_LINE: Final = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")
_LIST_MODULES: Final = (
    "import sys; before = set(sys.modules); import custrecovery; "
    "print('\\n'.join(sorted(set(sys.modules) - before)))"
)


def parse_importtime(output: str) -> dict[str, tuple[int, int, int]]:
    """``{module: (self µs, cumulative µs, depth)}`` from ``-X importtime`` output."""
    parsed: dict[str, tuple[int, int, int]] = {}
    for line in output.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue  # the header line
        own, cumulative, indent, module = match.groups()
        # The first line for a module is where it is imported; later ones cannot occur.
        parsed.setdefault(module, (int(own), int(cumulative), (len(indent) - 1) // 2))
    return parsed


def _environment() -> dict[str, str]:
    # Users run with bytecode caching on; this machine's environment turns it off.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _importtime_once(statement: str = "import custrecovery") -> dict[str, tuple[int, int, int]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_environment(),
    )
    parsed = parse_importtime(done.stderr)
    if statement == "import custrecovery" and "custrecovery" not in parsed:
        raise RuntimeError(f"no custrecovery line in -X importtime output:\n{done.stderr}")
    return parsed


def _baseline_us(run: Mapping[str, tuple[int, int, int]]) -> int:
    # Top-level lines only: a dependency another one imported is inside its figure.
    return sum(cumulative for own, cumulative, depth in run.values() if depth == 0)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(distribution: str) -> list[str]:
    """The distributions ``distribution`` requires outside its extras."""
    try:
        requires = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in requires:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec.strip())
        if match:
            names.append(_normalise(match.group(0)))
    return names


def _closure(roots: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = [_normalise(root) for root in roots]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_requirements(name))
    return seen


def _classify(modules: Iterable[str]) -> dict[str, list[str]]:
    direct = set(DEPENDENCIES) | {"attr"}  # attrs ships both attr and attrs
    providers = metadata.packages_distributions()
    transitive = _closure(DEPENDENCIES.values()) - {_normalise(d) for d in DEPENDENCIES.values()}
    classes: dict[str, list[str]] = {
        "custrecovery": [],
        "direct_dependencies": [],
        "their_dependencies": [],
        "stdlib": [],
        "unexpected": [],
    }
    for module in sorted(modules):
        if module == "custrecovery":
            classes["custrecovery"].append(module)
        elif module in direct:
            classes["direct_dependencies"].append(module)
        elif module in sys.stdlib_module_names:
            classes["stdlib"].append(module)
        elif {_normalise(d) for d in providers.get(module, [])} & transitive:
            classes["their_dependencies"].append(module)
        else:
            classes["unexpected"].append(module)
    return classes


def _loaded_modules() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LIST_MODULES],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_environment(),
    )
    return done.stdout.split()


def collect(*, quick: bool = False) -> dict[str, Any]:
    """Time ``import custrecovery`` in fresh interpreters; return the report (JSON-ready)."""
    _importtime_once()  # warm: write the bytecode caches
    _importtime_once(BASELINE)
    runs = []
    baselines = []
    for _ in range(_QUICK_RUNS if quick else RUNS):
        runs.append(_importtime_once())
        baselines.append(_baseline_us(_importtime_once(BASELINE)))

    def median(module: str, column: int) -> float:
        return float(statistics.median(run[module][column] if module in run else 0 for run in runs))

    total = median("custrecovery", 1)
    dependencies = {module: median(module, 1) for module in DEPENDENCIES}
    own = {
        module: median(module, 0)
        for module in sorted({m for run in runs for m in run if m.startswith("custrecovery")})
    }
    slowest_own = dict(sorted(own.items(), key=lambda item: -item[1])[:8])
    modules = _loaded_modules()
    classes = _classify({m.partition(".")[0] for m in modules})
    loaded = {m for classed in classes.values() for m in classed}
    baseline = float(statistics.median(baselines))
    return {
        "runs": len(runs),
        "quick": quick,
        "command": 'python -X importtime -c "import custrecovery"',
        "cumulative_us": {"custrecovery": total, **dependencies},
        "share_of_custrecovery": {module: us / total for module, us in dependencies.items()},
        "baseline": {"command": BASELINE, "cumulative_us": baseline},
        "ratio": total / baseline,
        "target_ratio": TARGET_RATIO,
        "lazy_loaded": sorted(
            lazy for lazy in LAZY if any(m == lazy or m.startswith(lazy + ".") for m in modules)
        ),
        "custrecovery_modules_self_us": slowest_own,
        "modules_loaded": classes,
        "unexpected": classes["unexpected"],
        "forbidden_loaded": sorted(loaded & FORBIDDEN),
    }


def render(report: Mapping[str, Any]) -> list[str]:
    """Format a :func:`collect` report as text lines."""
    cumulative: dict[str, float] = report["cumulative_us"]
    share: dict[str, float] = report["share_of_custrecovery"]
    width = max(len(m) for m in [*cumulative, *report["custrecovery_modules_self_us"]])
    lines = [
        f"{report['command']}: median of {report['runs']} fresh interpreters"
        + ("  [--quick]" if report["quick"] else ""),
        "(a dependency's figure is its cumulative time inside custrecovery's import)",
        "",
        f"{'module'.ljust(width)}  {'cumulative µs':>13}  {'share':>6}",
        f"{'-' * width}  {'-' * 13}  {'-' * 6}",
    ]
    for module, us in cumulative.items():
        part = f"{share[module]:.0%}" if module in share else "100%"
        lines.append(f"{module.ljust(width)}  {us:>13,.0f}  {part:>6}")
    baseline = report["baseline"]
    lines += [
        "",
        f"baseline `{baseline['command']}`: {baseline['cumulative_us']:,.0f} µs (median)",
        f"ratio import custrecovery / baseline: {report['ratio']:.2f}x "
        f"(target <= {report['target_ratio']}x)",
        "",
        "slowest custrecovery modules by self time (µs, median):",
    ]
    lines += [
        f"  {module.ljust(width)}  {us:>10,.0f}"
        for module, us in report["custrecovery_modules_self_us"].items()
    ]
    classes: dict[str, list[str]] = report["modules_loaded"]
    lines += [
        "",
        "top-level modules `import custrecovery` loads:",
        f"  direct dependencies: {', '.join(classes['direct_dependencies']) or 'none'}",
        f"  their dependencies: {', '.join(classes['their_dependencies']) or 'none'}",
        f"  standard library: {len(classes['stdlib'])} modules",
        f"  unexpected (should be empty): {', '.join(report['unexpected']) or 'none'}",
        f"  test/docs/extras modules: {', '.join(report['forbidden_loaded']) or 'none'}",
        f"  lazy modules loaded (should be none): {', '.join(report['lazy_loaded']) or 'none'}",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the import and print a table (or JSON); return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.importtime",
        description='Report python -X importtime -c "import custrecovery".',
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help=f"{_QUICK_RUNS} runs, not {RUNS}")
    args = parser.parse_args(argv)
    report = collect(quick=args.quick)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print("\n".join(render(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
