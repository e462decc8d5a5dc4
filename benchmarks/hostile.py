"""Loading crafted, hostile documents, against ``json.loads`` of the same text.

Why: issue 11 asks that any document be loaded or refused in time linear in its
size. Run ``python -m benchmarks.hostile`` from the repository root
(``--quick`` for a smoke run on small documents whose numbers mean nothing).

Theory of operation. For each size (about 1 KB, 100 KB and 10 MB) a family of
documents is built to be expensive for some step of loading: nesting just
within the depth limit, nesting beyond it at the very end, a duplicate key as
the last of many, a string over the limit at the end, a huge array of small
numbers, a string of escapes, a JSON number whose exponent overflows, and a
lone escaped surrogate at the end. Each is loaded as a case with
``from_json(Case, text, desk=...)`` (every one is refused with a
``DataError``) and parsed with plain ``json.loads``; each figure is the best
of ``REPEAT`` runs (the machine is shared: the best is the least disturbed).

Figures:

* ``crafted_<size>_ratio``: the worst family's time over ``json.loads`` of the
  same text (``json.loads`` refuses none of them: it has no limits);
* ``crafted_<size>_<family>_ratio``: each family's;
* ``valid_case_<size>_ratio``: for context, a *valid* case document of about
  that size (a long history) loaded in full, replay included, over
  ``json.loads``: the cost of the real work, not of hostility.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Final

import custrecovery
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import CustomerReplied
from custrecovery.operations import Investigate

__all__ = ["REPEAT", "SIZES", "crafted", "main", "measure", "valid_case"]

REPEAT: Final = 3
SIZES: Final = {"1KB": 1_000, "100KB": 100_000, "10MB": 10_000_000}
QUICK_SIZES: Final = {"1KB": 1_000, "100KB": 3_000, "10MB": 10_000}
T0: Final = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
AGENT: Final = custrecovery.Actor("agent-1", "Ann Agent", role="complaints handler")


def crafted(size: int) -> dict[str, str]:
    """The hostile documents of about ``size`` characters, by family."""
    n = max(1, size // 4)
    keys = max(1, size // 10)
    return {
        "deep_within_limit": "[" * 31 + "[0]," * (n - 1) + "[0]" + "]" * 31,
        "too_deep_at_end": "[" + "0," * (size // 2) + "[" * 40 + "]" * 40 + "]",
        "duplicate_key_at_end": "{" + ",".join(f'"k{i}":0' for i in range(keys)) + ',"k0":1}',
        "long_string_at_end": '["' + "x" * size + '"]',
        "small_numbers": "[" + "1," * (size // 2) + "1]",
        "escapes": '["' + "\\n" * (size // 2) + '"]',
        "exponent_overflow_at_end": "[" + "0," * (size // 2) + "1e999999]",
        "surrogate_at_end": '["' + "x" * size + '", "\\ud800"]',
    }


def valid_case(size: int) -> str:
    """A valid case document of about ``size`` characters: a history of requests to the
    customer and their replies."""
    desk = custrecovery.Desk(entry_points=False)
    complaint = custrecovery.Complaint(
        "bench-1", custrecovery.Customer("c-1", "Carl"), custrecovery.Channel.EMAIL, T0, "late"
    )
    case = desk.record(complaint, by=AGENT, at=T0)
    case = desk.apply_all(
        case, [Acknowledge(by=AGENT, at=T0), Assess(by=AGENT, at=T0), Investigate(by=AGENT, at=T0)]
    )
    text = custrecovery.to_json(case)
    step = 0
    while len(text) < size and case.version < 9_000:
        for _ in range(max(1, (size - len(text)) // 800)):
            step += 1
            at = T0 + timedelta(minutes=step)
            case = desk.apply(case, AwaitCustomer(by=AGENT, at=at, request="a statement"))
            case = desk.apply(case, CustomerReplied(by=AGENT, at=at))
        text = custrecovery.to_json(case)
    return text


def _best(call: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in seconds (a refusal counts as done)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(custrecovery.DataError):
            call()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(text: str, desk: custrecovery.Desk, repeat: int) -> float:
    """Loading ``text`` as a case over ``json.loads`` of it."""
    ours = _best(lambda: custrecovery.from_json(custrecovery.Case, text, desk=desk), repeat)
    return ours / _best(lambda: json.loads(text), repeat)


def measure(quick: bool) -> dict[str, float]:
    """The ratios of the module docs, by size and family."""
    desk = custrecovery.Desk(entry_points=False)
    warm = valid_case(1_000)  # builds the converters and the desk's tables once
    custrecovery.from_json(custrecovery.Case, warm, desk=desk)
    sizes = QUICK_SIZES if quick else SIZES
    repeat = 1 if quick else REPEAT
    figures: dict[str, float] = {}
    for label, size in sizes.items():
        worst = 0.0
        for family, text in crafted(size).items():
            ratio = _ratio(text, desk, repeat)
            figures[f"crafted_{label}_{family}_ratio"] = ratio
            worst = max(worst, ratio)
        figures[f"crafted_{label}_ratio"] = worst
        if size <= 100_000:  # a 10 MB history takes minutes to build
            figures[f"valid_case_{label}_ratio"] = _ratio(valid_case(size), desk, repeat)
    return figures


def collect(*, quick: bool = False) -> dict[str, float]:
    """The figures of :func:`measure` (the shape ``python -m benchmarks`` calls)."""
    return measure(quick)


def render(figures: dict[str, float]) -> list[str]:
    """The figures as text lines."""
    return [f"{name:48} {value:10.2f}" for name, value in figures.items()]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures as a table (or JSON with ``--json``); return 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    args = parser.parse_args(argv)
    figures = measure(args.quick)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, value in figures.items():
            print(f"{name:48} {value:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
