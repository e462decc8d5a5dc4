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
    sub.add_parser("demo", help="play the source scenarios and replay the bundled CFPB sample")
    lifecycle = sub.add_parser("lifecycle", help="print the lifecycle declaration")
    lifecycle.add_argument("--format", choices=["table", "mermaid"], default="table")
    args = parser.parse_args(argv)

    from custrecovery._demo import run_scenarios
    from custrecovery._diagram import lifecycle_mermaid
    from custrecovery._diagram import lifecycle_table
    from custrecovery._lifecycle import ComplaintLifecycle

    if args.command == "lifecycle":
        render = lifecycle_table if args.format == "table" else lifecycle_mermaid
        sys.stdout.write(render(ComplaintLifecycle))
        return 0
    run_scenarios(sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
