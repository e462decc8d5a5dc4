"""What sealing a history costs: writing and loading a case document, with and without it.

Why: issue 10 asks that sealing add at most 30 % to writing a document and
checking it at most 30 % to loading one. Run ``python -m benchmarks.integrity``
from the repository root (``--quick`` for a smoke run whose numbers mean nothing).

Theory of operation. One 10-event case is built through a desk (record,
acknowledge, assess, investigate, two requests to the customer and their
replies, a proposal and its rejection). Each figure is the best per-call time
of ``REPEAT`` timed repeats, the repeats of all figures interleaved (the
machine is shared: the best is the least disturbed, and interleaving spreads a
disturbance over every figure). The baselines are the same format-2 document
without its digests and head, written or loaded the same way: what storing
cost before sealing, with the loading limits still checked.

Figures (microseconds per call, and ratios):

* ``write_unsealed_us``: the document's dict without digests, then
  ``json.dumps`` (as ``to_json`` wrote it before sealing);
* ``write_sealed_us`` / ``write_keyed_us``: ``to_json(case)`` (SHA-256 chain) /
  ``to_json(case, seal_key=...)`` (keyed BLAKE2b chain);
* ``load_unchecked_us``: ``from_json(Case, text, desk=...)`` with the chain's
  hashes not computed (the private switch the loader keeps for this baseline;
  each event is still encoded canonically, as the limits of a dict need);
* ``load_sealed_us`` / ``load_keyed_us``: ``from_json`` checking the chain;
* ``write_ratio``, ``write_keyed_ratio``, ``load_ratio``, ``load_keyed_ratio``:
  sealed over unsealed (the issue's target: at most 1.30).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import datetime
from datetime import timezone
from typing import Any
from typing import Final

import custrecovery
from benchmarks import clocks
from benchmarks._timing import best_us
from custrecovery.storage import _documents
from custrecovery.storage import _limits
from custrecovery.storage import _text
from custrecovery.storage._converter import _unstructure

__all__ = ["KEY", "REPEAT", "build_case", "main", "measure"]

REPEAT: Final = 7
KEY: Final = b"a benchmark seal key of 32 bytes"
T0: Final = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)


def build_case(desk: custrecovery.Desk) -> custrecovery.Case:
    """A 10-event case, left with its resolution rejected (the clocks benchmark's)."""
    return clocks.build_case(desk, T0, "bench-0")


def _unsealed_text(case: custrecovery.Case) -> str:
    """The document without digests or head, written as to_json wrote before sealing."""
    document: dict[str, Any] = {
        "format": "custrecovery.case",
        "format_version": 2,
        "case_id": case.case_id,
        "provenance": {"lifecycle": None, "fingerprint": case._minted_by},
        "seal": {"algorithm": "sha256-chain", "events": case.version, "head": "0" * 64},
        "state": case.state,
        "owner": _unstructure(case.owner),
        "version": case.version,
        "history": [_unstructure(event) for event in case.history],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


def measure(quick: bool) -> dict[str, float]:
    """Microseconds per call for each figure of the module docs, and the ratios."""
    desk = custrecovery.Desk(entry_points=False)
    case = build_case(desk)
    sealed = custrecovery.to_json(case)
    keyed = custrecovery.to_json(case, seal_key=KEY)
    limits = _limits.DEFAULT_LIMITS
    none: frozenset[str] = frozenset()

    def load_unchecked() -> object:
        # What from_json does, but with the chain's hashes not computed or compared.
        data = _text.parse_json(sealed, limits)
        return _documents._load(data, desk, None, none, False, limits, False, checked=True)

    assert custrecovery.from_json(custrecovery.Case, keyed, desk=desk, seal_key=KEY) == case
    assert load_unchecked() == case
    figures = best_us(
        {
            "write_unsealed_us": lambda: _unsealed_text(case),
            "write_sealed_us": lambda: custrecovery.to_json(case),
            "write_keyed_us": lambda: custrecovery.to_json(case, seal_key=KEY),
            "load_unchecked_us": load_unchecked,
            "load_sealed_us": lambda: custrecovery.from_json(custrecovery.Case, sealed, desk=desk),
            "load_keyed_us": lambda: custrecovery.from_json(
                custrecovery.Case, keyed, desk=desk, seal_key=KEY
            ),
        },
        repeat=REPEAT,
        quick=quick,
    )
    figures["write_ratio"] = figures["write_sealed_us"] / figures["write_unsealed_us"]
    figures["write_keyed_ratio"] = figures["write_keyed_us"] / figures["write_unsealed_us"]
    figures["load_ratio"] = figures["load_sealed_us"] / figures["load_unchecked_us"]
    figures["load_keyed_ratio"] = figures["load_keyed_us"] / figures["load_unchecked_us"]
    return figures


def collect(*, quick: bool = False) -> dict[str, float]:
    """The figures of :func:`measure` (the shape ``python -m benchmarks`` calls)."""
    return measure(quick)


def render(figures: dict[str, float]) -> list[str]:
    """The figures as text lines."""
    return [f"{name:24} {value:10.2f}" for name, value in figures.items()]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures as a table (or JSON with ``--json``); return 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.integrity", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    args = parser.parse_args(argv)
    figures = measure(args.quick)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, value in figures.items():
            print(f"{name:24} {value:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
