"""Synthetic CFPB exports for scale tests: the bundled sample repeated under fresh ids.

A file made this way is not real data: its rows are the 1,400 sample
complaints over and over, each copy under a new "Complaint ID" (so the
duplicate check passes), everything else unchanged. Say so wherever a figure
measured on one is reported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from custrecovery.errors import InvalidValue
from custrecovery.sources import cfpb_sample

__all__ = ["synthetic_cfpb"]

_FIRST_ID = 100_000_000


def synthetic_cfpb(target: Path | str, rows: int) -> Path:
    """Write ``rows`` complaints to ``target``: the bundled sample repeated under fresh ids.

    Ids count up from 100,000,000 (above every real CFPB id so far). Returns the path.
    """
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise InvalidValue(f"rows must be a non-negative int, got {rows!r}")
    with cfpb_sample() as sample:
        text = sample.read_text(encoding="utf-8-sig")
    header, *records = list(csv.reader(io.StringIO(text, newline="")))
    id_at = [name.strip() for name in header].index("Complaint ID")
    target = Path(target)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for n in range(rows):
            record = records[n % len(records)]
            record[id_at] = str(_FIRST_ID + n)
            writer.writerow(record)
    return target
