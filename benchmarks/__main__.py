"""Run every benchmark in sequence: ``python -m benchmarks [--quick] [--json]``.

Speed (:mod:`benchmarks.run`), memory while streaming (:mod:`benchmarks.memory`),
import cost (:mod:`benchmarks.importtime`) and what-if replay at scale
(:mod:`benchmarks.replay`: complaints per second per core, 2-worker speed-up,
Dask, memory growth), clock status against an operation
(:mod:`benchmarks.clocks`), sealing's cost (:mod:`benchmarks.integrity`) and
the worst crafted documents against ``json.loads`` (:mod:`benchmarks.hostile`),
from the repository root. With ``--json`` the reports are printed as one JSON
object keyed ``run``, ``memory``, ``importtime``, ``replay``, ``clocks``,
``integrity`` and ``hostile``; ``--quick`` is a smoke run whose figures mean nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from benchmarks import clocks
from benchmarks import hostile
from benchmarks import importtime
from benchmarks import integrity
from benchmarks import memory
from benchmarks import replay
from benchmarks import run


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print their tables (or one JSON object); return 0."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Speed, streaming memory and import cost of custrecovery, in one run.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--quick", action="store_true", help="a fast smoke run; the figures mean nothing"
    )
    args = parser.parse_args(argv)
    if args.json:
        report = {
            "run": run.collect(quick=args.quick),
            "memory": memory.collect(quick=args.quick),
            "importtime": importtime.collect(quick=args.quick),
            "replay": replay.collect(quick=args.quick),
            "clocks": clocks.collect(quick=args.quick),
            "integrity": integrity.collect(quick=args.quick),
            "hostile": hostile.collect(quick=args.quick),
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    sections = (
        ("Speed", run.collect, run.render),
        ("Memory", memory.collect, memory.render),
        ("Import", importtime.collect, importtime.render),
        ("Replay", replay.collect, replay.render),
        ("Clocks", clocks.collect, clocks.render),
        ("Integrity", integrity.collect, integrity.render),
        ("Hostile input", hostile.collect, hostile.render),
    )
    for index, (title, collect, render) in enumerate(sections):
        print(("\n" if index else "") + f"== {title} ==\n", flush=True)
        print("\n".join(render(collect(quick=args.quick))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
