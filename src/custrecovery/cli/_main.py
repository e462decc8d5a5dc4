"""Command line: ``python -m custrecovery demo`` and friends."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="custrecovery", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="play the source scenarios and replay the bundled CFPB sample"
    )
    demo.add_argument(
        "--cfpb", metavar="CSV", help="a CFPB export to replay instead of the bundled sample"
    )
    lifecycle = sub.add_parser("lifecycle", help="print the lifecycle declaration")
    lifecycle.add_argument("--format", choices=["table", "mermaid"], default="table")
    args = parser.parse_args(argv)

    from custrecovery.cli._demo import run_scenarios
    from custrecovery.lifecycle import ComplaintLifecycle
    from custrecovery.lifecycle import lifecycle_mermaid
    from custrecovery.lifecycle import lifecycle_table

    if args.command == "lifecycle":
        render = lifecycle_table if args.format == "table" else lifecycle_mermaid
        sys.stdout.write(render(ComplaintLifecycle))
        return 0
    run_scenarios(sys.stdout)
    _replay(args.cfpb)
    return 0


def _replay(path: str | None) -> None:
    from contextlib import nullcontext
    from pathlib import Path

    from custrecovery.replay import replay_cfpb
    from custrecovery.sources import cfpb_sample
    from custrecovery.sources import read_cfpb

    source = nullcontext(Path(path)) if path else cfpb_sample()
    with source as csv_path:
        out = sys.stdout
        out.write(f"\n== Replaying CFPB complaints from {csv_path.name}\n")
        summary = replay_cfpb(read_cfpb(csv_path))
    out.write(f"  {summary.cases} cases, {summary.events} accepted events\n")
    out.write("  company responses:\n")
    for response, count in summary.by_response:
        out.write(f"    {count:>6}  {response}\n")
    out.write("  cases by state after replay (never closed without the customer's answer):\n")
    for state, count in summary.by_state:
        out.write(f"    {count:>6}  {state}\n")
    out.write(f"  refused by the rules: {len(summary.refused)}\n")
    for complaint_id, error in summary.refused[:10]:
        out.write(f"    {complaint_id}: {error}\n")
    out.write(f"  unreadable rows: {len(summary.problems)}\n")
    for problem in summary.problems[:10]:
        out.write(f"    line {problem.line}: {problem.problem}\n")
