"""The command line: ``custrecovery <command>`` (or ``python -m custrecovery <command>``).

Rules: every command is a thin layer over the library; help is plain text;
what a machine reads is available as JSON; exit statuses are documented in
:data:`EXIT_CODES` and in every ``--help``. Commands import what they need when
they run, so ``custrecovery --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from collections.abc import Sequence
from importlib import metadata
from typing import Final

__all__ = ["EXIT_CODES", "build_parser", "command_help", "main"]

EXIT_CODES: Final = {
    0: "success (for replay: the report was written, bad rows included)",
    1: "findings: verify found a broken lifecycle, check found a failing document",
    2: "usage: unknown command or option, bad argument",
    3: "bad input: unreadable file, bad configuration, a plugin or pack that fails to load",
    130: "interrupted (Ctrl-C)",
}
"""Exit statuses of every command."""

_EPILOG = "exit statuses:\n" + "\n".join(
    f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES.items()
)

_DESCRIPTION = """\
custrecovery: customer-recovery policy as verifiable code.

Play the demo, print and verify lifecycles, list plugins and packs, print the
case-document schema, check stored case documents, and replay complaint data
under a policy configuration (what-if replay)."""


def _version() -> str:
    try:
        return metadata.version("custrecovery")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree run
        return "unknown"


def build_parser(*, width: int | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``custrecovery`` command.

    ``width`` fixes the help's line width (default: the terminal's), as the
    generated docs page does.
    """
    return _build(width)[0]


def command_help(*, width: int = 88) -> dict[str, str]:
    """The help text of the command (key ``""``) and of each subcommand, ``width`` wide."""
    parser, commands = _build(width)
    return {"": parser.format_help()} | {
        name: command.format_help() for name, command in commands.items()
    }


def _build(width: int | None) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.RawDescriptionHelpFormatter(prog, width=width)

    commands: dict[str, argparse.ArgumentParser] = {}

    def _command(
        sub: argparse._SubParsersAction[argparse.ArgumentParser],
        name: str,
        summary: str,
        description: str,
    ) -> argparse.ArgumentParser:
        commands[name] = sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog=_EPILOG,
            formatter_class=formatter,
        )
        return commands[name]

    parser = argparse.ArgumentParser(
        prog="custrecovery",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = _command(
        sub,
        "demo",
        "play the source scenarios and replay the bundled CFPB sample",
        "Play the source articles' scenarios end to end, then replay the bundled\n"
        "sample of 1,400 real CFPB complaints through the lifecycle.",
    )
    demo.add_argument(
        "--cfpb", metavar="CSV", help="a CFPB export to replay instead of the bundled sample"
    )

    lifecycle = _command(
        sub,
        "lifecycle",
        "print the lifecycle declaration as a table or a Mermaid diagram",
        "Print the lifecycle's transitions as a Markdown table, or its state\n"
        "diagram as Mermaid text, generated from the declaration.",
    )
    lifecycle.add_argument("--format", choices=["table", "mermaid"], default="table")
    lifecycle.add_argument(
        "--lifecycle",
        metavar="MODULE:ATTRIBUTE",
        default="custrecovery.lifecycle:ComplaintLifecycle",
        help="the lifecycle class to print (default: %(default)s)",
    )

    verify = _command(
        sub,
        "verify",
        "verify a lifecycle class against the ownership rules",
        "Import a lifecycle class and check it statically: every way it breaks\n"
        "the ownership rules (an ownerless state, a way out without an outcome on\n"
        "record, ...) is printed. Exit status 1 when it is not sound.",
    )
    verify.add_argument(
        "lifecycle",
        metavar="MODULE:ATTRIBUTE",
        nargs="?",
        default="custrecovery.lifecycle:ComplaintLifecycle",
        help="the lifecycle class (default: %(default)s)",
    )
    verify.add_argument("--json", action="store_true", help="print the result as JSON")

    plugins = _command(
        sub,
        "plugins",
        "list installed plugins and packs, and the hooks each implements",
        "List the plugins installed under the 'custrecovery' entry-point group and\n"
        "the industry packs under 'custrecovery.packs', with the hooks each one\n"
        "implements. A plugin that fails to load is listed with its error.",
    )
    plugins.add_argument("--json", action="store_true", help="print the list as JSON")

    _command(
        sub,
        "schema",
        "print the JSON Schema of stored case documents",
        "Print the JSON Schema (draft 2020-12) of the case documents that\n"
        "custrecovery writes, for integrators in other languages.",
    )

    check = _command(
        sub,
        "check",
        "check stored case documents (JSONL), one result per line",
        "Check each case document of a JSONL file (one document per line): its\n"
        "history is replayed under the configured desk and must give the stored\n"
        "state, version and owner. Each line gets a result; exit status 1 when any\n"
        "document fails.",
    )
    check.add_argument("documents", metavar="JSONL", help="the case documents, one per line")
    check.add_argument("--config", metavar="TOML", help="the desk configuration (as for replay)")
    check.add_argument("--json", action="store_true", help="one JSON object per line")

    replay = _command(
        sub,
        "replay",
        "replay a CFPB export or case documents under a policy configuration",
        "Replay complaint data through a desk built from a configuration file:\n"
        "a CFPB export (CSV of any size, .csv.gz too) or JSONL of case documents.\n"
        "The report gives cases by state, each clock's outcomes (met, breached;\n"
        "by company, product and month), refusals by rule, goodwill totals,\n"
        "boundary decisions, bad rows with their lines, and a reconciliation line\n"
        "(rows read = cases + bad rows). Run it twice with two configurations to\n"
        "compare two policies.\n\n"
        "Progress (rows per second, time left) is drawn on stderr when it is a\n"
        "terminal.",
    )
    source = replay.add_mutually_exclusive_group(required=True)
    source.add_argument("source", metavar="FILE", nargs="?", help="the input file")
    source.add_argument(
        "--sample", action="store_true", help="replay the bundled sample of 1,400 CFPB complaints"
    )
    replay.add_argument("--config", metavar="TOML", help="the policy configuration file")
    replay.add_argument(
        "--kind",
        choices=["cfpb", "cases"],
        help="the input's kind (default: cases for .jsonl/.ndjson, else cfpb)",
    )
    replay.add_argument(
        "--format", choices=["text", "json", "html"], default="text", help="report format"
    )
    replay.add_argument("--output", "-o", metavar="FILE", help="write the report here, not stdout")
    replay.add_argument(
        "--as-of",
        metavar="ISO-8601",
        help="read the clocks at this instant (overrides the configuration; default: now)",
    )
    replay.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="run on N local processes (default: 1, this process)",
    )
    replay.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster (a scheduler address, or 'local' for a local "
        "cluster of --workers processes); needs the dask extra",
    )
    replay.add_argument(
        "--partition-mb", type=float, default=4.0, metavar="MB", help="partition size (default: 4)"
    )
    replay.add_argument("--top", type=int, default=10, metavar="N", help="rows per text table")
    replay.add_argument("--no-progress", action="store_true", help="draw no progress")
    return parser, commands


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see :data:`EXIT_CODES`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from custrecovery.cli import _commands
    from custrecovery.errors import CustRecoveryError

    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "demo": _demo,
        "lifecycle": _commands.lifecycle,
        "verify": _commands.verify,
        "plugins": _commands.plugins,
        "schema": _commands.schema,
        "check": _commands.check,
        "replay": _commands.replay,
    }
    try:
        return commands[args.command](args)
    except CustRecoveryError as error:
        where = getattr(error, "where", None)
        print(
            f"custrecovery {args.command}: {type(error).__name__}: {error}"
            + (f" (at {where})" if where and str(where) not in str(error) else ""),
            file=sys.stderr,
        )
        return 3
    except OSError as error:
        print(f"custrecovery {args.command}: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"custrecovery {args.command}: interrupted", file=sys.stderr)
        return 130


def _demo(args: argparse.Namespace) -> int:
    from custrecovery.cli._demo import run_scenarios

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
