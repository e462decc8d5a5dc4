"""What each command does: read the arguments, call the library, print the result.

Nothing here decides policy: the commands are thin layers over
:mod:`custrecovery.lifecycle`, :mod:`custrecovery.storage`,
:mod:`custrecovery.packs` and :mod:`custrecovery.replay`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from typing import TextIO

from custrecovery._imports import resolve
from custrecovery.errors import InvalidValue

__all__ = ["check", "lifecycle", "plugins", "replay", "schema", "verify"]


def _import(spec: str) -> Any:
    """The object named ``module:attribute`` (InvalidValue when it cannot be imported)."""
    return resolve(spec, what="the lifecycle")


def lifecycle(args: argparse.Namespace) -> int:
    """``custrecovery lifecycle``: the declaration as a table or a Mermaid diagram."""
    from custrecovery.lifecycle import lifecycle_mermaid
    from custrecovery.lifecycle import lifecycle_table

    machine = _import(args.lifecycle)
    if not isinstance(machine, type) or not hasattr(machine, "states_map"):
        raise InvalidValue(
            f"{args.lifecycle} is not a lifecycle class (build one with "
            f"custrecovery.lifecycle.build_lifecycle): {type(machine).__name__}"
        )
    render = lifecycle_table if args.format == "table" else lifecycle_mermaid
    sys.stdout.write(render(machine))
    return 0


def verify(args: argparse.Namespace) -> int:
    """``custrecovery verify``: the lifecycle's problems; 1 when there are any."""
    from custrecovery.lifecycle import verify_lifecycle

    machine = _import(args.lifecycle)
    if not isinstance(machine, type):
        raise InvalidValue(f"{args.lifecycle} is not a class: {machine!r}")
    problems = verify_lifecycle(machine)
    if args.json:
        result = {"lifecycle": args.lifecycle, "sound": not problems, "problems": list(problems)}
        print(json.dumps(result, indent=2))
    elif problems:
        print(f"{args.lifecycle} breaks the ownership rules:")
        for problem in problems:
            print(f"  - {problem}")
    else:
        print(f"{args.lifecycle} is sound: no ownership rule is broken.")
    return 1 if problems else 0


def _hooks(plugin: object) -> list[str]:
    """The hooks ``plugin`` implements, found the way a desk finds them."""
    import pluggy

    from custrecovery import hookspecs

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    manager.register(plugin)
    return sorted(caller.name for caller in manager.get_hookcallers(plugin) or ())


def plugins(args: argparse.Namespace) -> int:
    """``custrecovery plugins``: installed plugins and packs, with their hooks."""
    from importlib import metadata

    from custrecovery.packs import PACK_GROUP

    found: list[dict[str, Any]] = []
    for group, kind in (("custrecovery", "plugin"), (PACK_GROUP, "pack")):
        entries = sorted(metadata.entry_points(group=group), key=lambda e: e.name)
        for entry in entries:
            item: dict[str, Any] = {"kind": kind, "name": entry.name, "entry_point": entry.value}
            try:
                loaded = entry.load()
                plugin = loaded() if isinstance(loaded, type) else loaded
                item["hooks"] = _hooks(plugin)
            except Exception as error:  # a broken plugin is listed, not fatal
                item["error"] = f"{type(error).__name__}: {error}"
            found.append(item)
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    if not found:
        print("No plugins or packs installed.")
    for item in found:
        print(f"{item['kind']:<6} {item['name']:<16} {item['entry_point']}")
        if "error" in item:
            print(f"         fails to load: {item['error']}")
        else:
            print(f"         hooks: {', '.join(item['hooks']) or 'none'}")
    return 0


def schema(args: argparse.Namespace) -> int:
    """``custrecovery schema``: the JSON Schema of case documents."""
    from custrecovery.storage import case_schema

    print(json.dumps(case_schema(), indent=2, ensure_ascii=False))
    return 0


def _config(path: str | None) -> Any:
    from custrecovery.replay import ReplayConfig

    return ReplayConfig.from_toml(path) if path else ReplayConfig()


def check(args: argparse.Namespace) -> int:
    """``custrecovery check``: one result per document line; 1 when any fails."""
    from custrecovery.cli._check import check_documents
    from custrecovery.replay import desk_for

    desk = desk_for(_config(args.config))
    path = Path(args.documents)
    if not path.is_file():
        raise InvalidValue(f"no such file: {path}")
    failed = 0
    checked = 0
    with path.open("rb") as lines:
        for result in check_documents(lines, desk):
            checked += 1
            failed += not result.ok
            if args.json:
                print(json.dumps(result.to_dict()), flush=False)
            else:
                print(result.text())
    if not args.json:
        print(f"{checked:,} documents checked, {failed:,} failed")
    return 1 if failed else 0


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Any]:
    """The executor ``--workers``/``--dask`` ask for (``None``: this process)."""
    if args.workers < 1:
        raise InvalidValue(f"--workers must be at least 1, got {args.workers}")
    if args.dask:
        from custrecovery.replay.dask import dask_executor

        with dask_executor(args.dask, workers=args.workers) as executor:
            yield executor
    elif args.workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.workers) as executor:
            yield executor
    else:
        yield None


def replay(args: argparse.Namespace) -> int:
    """``custrecovery replay``: replay a file under a configuration and write the report."""
    import attrs

    from custrecovery.cli._progress import ProgressLine
    from custrecovery.replay import replay as run_replay
    from custrecovery.replay import report_html
    from custrecovery.replay import report_json
    from custrecovery.sources import cfpb_sample

    config = _config(args.config)
    if args.as_of:
        try:
            as_of = datetime.fromisoformat(args.as_of.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidValue(f"--as-of {args.as_of!r} is not an ISO 8601 instant") from None
        config = attrs.evolve(config, as_of=as_of)
    if args.partition_mb <= 0:
        raise InvalidValue(f"--partition-mb must be positive, got {args.partition_mb}")
    show = not args.no_progress and sys.stderr.isatty()
    drawer = ProgressLine(sys.stderr) if show else None
    with ExitStack() as stack:
        source = stack.enter_context(cfpb_sample()) if args.sample else Path(args.source)
        executor = stack.enter_context(_executor(args))
        try:
            report = run_replay(
                source,
                config,
                kind=args.kind,
                executor=executor,
                progress=drawer,
                partition_bytes=max(1, int(args.partition_mb * (1 << 20))),
            )
        finally:
            if drawer is not None:
                drawer.close()
    render = {"text": _text(args.top), "json": report_json, "html": report_html}[args.format]
    out: TextIO
    with ExitStack() as stack:
        if args.output:
            out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
        else:
            out = sys.stdout
        out.write(render(report))
    return 0


def _text(top: int) -> Any:
    from custrecovery.replay import report_text

    return lambda report: report_text(report, top=top)
