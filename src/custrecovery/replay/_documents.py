"""What-if replay of stored case documents (JSONL): each line loaded under the configured desk.

A document written under other rules is replayed under the configured ones (its own
fingerprint is accepted: that is the point of a what-if replay); when the rules refuse
an event, the case counts up to the event before it and the refusal is counted by rule.
A line that is not JSON, or nests too deeply, is a bad line with its number.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import DataError
from custrecovery.errors import OperationRefused
from custrecovery.replay._common import PROGRESS_ROWS
from custrecovery.replay._common import _count_case
from custrecovery.replay._common import _range_bytes
from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._partitions import Partition
from custrecovery.replay._tally import Tally
from custrecovery.storage import case_from_dict
from custrecovery.storage import from_dict

__all__ = []


def _replay_documents(
    partition: Partition,
    config: ReplayConfig,
    desk: Desk,
    tally: Tally,
    on_rows: Callable[[int], None] | None,
) -> None:
    as_of = config.as_of
    assert as_of is not None
    line = partition.lines_before
    rows = 0
    for raw in _document_lines(partition):
        line += 1
        if not raw.strip():
            continue
        rows += 1
        if on_rows is not None and rows % PROGRESS_ROWS == 0:
            on_rows(rows)
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError) as error:
            # RecursionError: json.loads recurses, and a line may nest a thousand deep.
            why = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            tally.problems.append((line, f"not JSON: {why}"))
            continue
        try:
            case = case_from_dict(
                document, desk=desk, accept_fingerprints=_own_fingerprint(document), legacy=True
            )
        except CustRecoveryError as error:
            refusal = _refusal(error)
            prefix = _accepted_prefix(document, desk) if refusal is not None else None
            if refusal is None or prefix is None:
                tally.problems.append((line, f"{type(error).__name__}: {error}"))
                continue
            tally.refuse(
                type(refusal).__name__, (partition.index, rows), f"{prefix.case_id}: {refusal}"
            )
            case = prefix
        _count_case(case, desk, tally, as_of)
    tally.rows = rows


def _refusal(error: CustRecoveryError) -> OperationRefused | None:
    """The rule's refusal behind a load error, if the rules (not the data) refused.

    Loading reports a refused event as a DataError naming the event, carrying
    the rule's refusal (``DataError.refusal``).
    """
    if isinstance(error, OperationRefused):
        return error
    return error.refusal if isinstance(error, DataError) else None


def _document_lines(partition: Partition) -> Iterator[bytes]:
    if partition.whole:
        with open(partition.path, "rb") as file:
            if file.peek(2)[:2] == b"\x1f\x8b":
                import gzip

                with gzip.open(file, "rb") as unpacked:
                    yield from unpacked
                return
            yield from file
        return
    yield from io.BytesIO(_range_bytes(partition))


def _accepted_prefix(document: dict[str, Any], desk: Desk) -> Case | None:
    """The case made of the longest start of the history the desk accepts, if any."""
    try:
        # A stored event carries its chain digest beside the event's own fields; the
        # seal was checked by the load that failed, so the prefix is read without it.
        events = [
            from_dict(Event, {k: v for k, v in raw.items() if k != "digest"})
            for raw in document["history"]
        ]
    except (CustRecoveryError, KeyError, TypeError):
        return None
    # Replay once: the refusal names the first event the desk does not accept
    # ($.history[i]...), so the accepted prefix is the events before it (linear).
    try:
        return desk.replay(events, case_id=document["case_id"])
    except DataError as error:
        first = _first_refused(error.where)
        if first is None or first < 1:
            return None
        try:
            return desk.replay(events[:first], case_id=document["case_id"])
        except CustRecoveryError:
            return None
    except CustRecoveryError:
        return None


def _first_refused(where: str) -> int | None:
    """The index ``i`` of a ``$.history[i]...`` path, or None."""
    match = re.match(r"\$\.history\[(\d+)\]", where or "")
    return int(match.group(1)) if match else None


def _own_fingerprint(document: object) -> tuple[str, ...]:
    """The fingerprint a document says it was written under (what-if replay accepts it:
    replaying a firm's history under new rules is the point)."""
    provenance = document.get("provenance") if isinstance(document, dict) else None
    found = provenance.get("fingerprint") if isinstance(provenance, dict) else None
    return (found,) if isinstance(found, str) else ()
