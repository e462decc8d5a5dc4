"""A streaming reader for the CFPB Consumer Complaint Database's CSV export.

Why: the US CFPB publishes millions of real complaints; a CRM importing them
must get typed values, learn exactly which lines are broken, and keep going.

Rules:

* Columns are found by header name, in any order; extra columns are ignored.
  A header lacking a required column raises :class:`DataError` (``where="line 1"``)
  when iteration starts; every column of :data:`COLUMNS` is required.
* Every field is stripped of surrounding whitespace, then mapped as
  :class:`CfpbComplaint` documents field by field. Masked ZIP codes (``705XX``,
  ``XXXXX``) are real values and are kept as given.
* A row that cannot be mapped becomes a :class:`RowProblem` naming its first
  physical line and every problem found in it; the reader goes on with the next row.
  Blank lines are skipped.
* A complaint id seen on an earlier good row is a problem
  (``check_duplicates=False`` turns this off: it is the one check whose memory
  grows with the file, about 100 bytes per complaint).

Theory of operation: :func:`read_cfpb` is a generator over ``csv.reader`` in
strict mode, so malformed quoting (including an unterminated quote at the end of
the file) is reported instead of silently swallowed. ``reader.line_num`` is the
last physical line read; a record starts on the line after the previous one
ended, which is right even when quoted fields span lines. No clock is read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextlib import ExitStack
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Final
from typing import TextIO
from typing import final

import attrs

from custrecovery.errors import DataError

__all__ = [
    "COLUMNS",
    "CfpbComplaint",
    "CfpbReadResult",
    "RowProblem",
    "cfpb_sample",
    "load_cfpb",
    "read_cfpb",
]

COLUMNS: Final = (
    "Date received",
    "Product",
    "Sub-product",
    "Issue",
    "Sub-issue",
    "Consumer complaint narrative",
    "Company public response",
    "Company",
    "State",
    "ZIP code",
    "Tags",
    "Consumer consent provided?",
    "Submitted via",
    "Date sent to company",
    "Company response to consumer",
    "Timely response?",
    "Consumer disputed?",
    "Complaint ID",
)
"""The export's columns, in the export's order."""

_SAMPLE: Final = "cfpb-complaints-sample.csv"
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_DIGITS: Final = re.compile(r"\d+\Z", re.ASCII)
_TIMELY: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "": None}
_DISPUTED: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "N/A": None, "": None}


@final
@attrs.frozen
class CfpbComplaint:
    """One complaint as the CFPB publishes it, with typed values."""

    complaint_id: str
    """"Complaint ID": ASCII digits, never blank (a blank or non-numeric id is a problem)."""
    date_received: date
    """"Date received", ``YYYY-MM-DD``; required."""
    date_sent_to_company: date | None
    """"Date sent to company"; blank -> None; never before ``date_received``."""
    product: str
    """"Product"; kept as given (blank stays "")."""
    sub_product: str | None
    """"Sub-product"; blank -> None."""
    issue: str
    """"Issue"; kept as given (blank stays "")."""
    sub_issue: str | None
    """"Sub-issue"; blank -> None."""
    narrative: str | None
    """"Consumer complaint narrative"; blank (the consumer did not consent) -> None."""
    company_public_response: str | None
    """"Company public response"; blank -> None."""
    company: str
    """"Company"; kept as given."""
    state: str | None
    """"State": a postal code, or a territory's name; blank -> None."""
    zip_code: str | None
    """"ZIP code"; masked values ("705XX", "XXXXX") kept as given; blank -> None."""
    tags: tuple[str, ...]
    """"Tags", split on commas ("Older American, Servicemember"); blank -> ()."""
    consumer_consent: str | None
    """"Consumer consent provided?" as given; blank and "N/A" -> None (nothing asked)."""
    submitted_via: str
    """"Submitted via" (Web, Phone, Referral, Postal mail, ...); kept as given."""
    company_response: str
    """"Company response to consumer" ("Closed with explanation", "In progress", ...)."""
    timely: bool | None
    """"Timely response?": Yes -> True, No -> False, blank -> None; anything else is a problem."""
    disputed: bool | None
    """"Consumer disputed?": Yes -> True, No -> False, N/A and blank -> None; else a problem."""


@final
@attrs.frozen
class RowProblem:
    """A row that could not be read, and why; the reader went on after it."""

    line: int
    """The first physical line of the row (line 1 is the header)."""
    problem: str
    """What is wrong; several problems are joined with "; "."""
    raw: tuple[str, ...]
    """The fields as read ("()" when the CSV itself could not be parsed)."""


@final
@attrs.frozen
class CfpbReadResult:
    """Everything :func:`load_cfpb` read: the good complaints and the problems, in file order."""

    complaints: tuple[CfpbComplaint, ...]
    problems: tuple[RowProblem, ...]


def cfpb_sample() -> AbstractContextManager[Path]:
    """Return a context manager giving the path of the bundled sample.

    1,400 real complaints from the CFPB's public database (public domain);
    see ``custrecovery/sources/_data/README.md``.
    """
    return resources.as_file(resources.files("custrecovery.sources._data") / _SAMPLE)


def read_cfpb(
    source: Path | str | TextIO, *, check_duplicates: bool = True
) -> Iterator[CfpbComplaint | RowProblem]:
    """Yield each row of a CFPB CSV export as a complaint or a :class:`RowProblem`.

    ``source`` is a path (a ``str`` is a file name, not CSV text; read as UTF-8,
    with or without a byte-order mark) or a text stream opened with
    ``newline=""``; a stream is not closed. Memory stays constant except for
    the duplicate check (see the module rules). Raises :class:`DataError` on the
    first ``next()`` when the file is empty or its header lacks a column.
    """
    with ExitStack() as stack:
        if isinstance(source, (str, Path)):
            stream: TextIO = stack.enter_context(open(source, encoding="utf-8-sig", newline=""))
        else:
            stream = source
        yield from _read(stream, check_duplicates=check_duplicates)


def load_cfpb(source: Path | str | TextIO, *, check_duplicates: bool = True) -> CfpbReadResult:
    """Read a whole export into memory: a convenience for samples and tests."""
    return _collect(read_cfpb(source, check_duplicates=check_duplicates))


def _collect(rows: Iterable[CfpbComplaint | RowProblem]) -> CfpbReadResult:
    complaints: list[CfpbComplaint] = []
    problems: list[RowProblem] = []
    for row in rows:
        if isinstance(row, RowProblem):
            problems.append(row)
        else:
            complaints.append(row)
    return CfpbReadResult(tuple(complaints), tuple(problems))


def _read(stream: TextIO, *, check_duplicates: bool) -> Iterator[CfpbComplaint | RowProblem]:
    # strict=True: malformed quoting raises csv.Error instead of being guessed at.
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("empty file: no header", where="line 1") from None
    except csv.Error as error:
        raise DataError(f"unreadable header: {error}", where="line 1") from None
    index = _column_index(header)
    seen: dict[int, int] = {}
    ended = reader.line_num
    while True:
        start = ended + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RowProblem(start, _csv_problem(error), ())
            if reader.line_num == ended:  # the reader made no progress: stop, never spin
                return
            ended = reader.line_num
            continue
        ended = reader.line_num
        if not fields:  # a blank line
            continue
        row = _row(start, tuple(fields), index, len(header), seen)
        if check_duplicates and isinstance(row, CfpbComplaint):
            seen[int(row.complaint_id)] = start
        yield row


def _column_index(header: list[str]) -> dict[str, int]:
    names = [name.strip() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise DataError(
            "header lacks required column(s): " + ", ".join(repr(m) for m in missing),
            where="line 1",
        )
    # A repeated column name keeps its first position.
    return {column: names.index(column) for column in COLUMNS}


def _csv_problem(error: csv.Error) -> str:
    if str(error) == "unexpected end of data":
        return "unterminated quoted field at end of file"
    return f"malformed CSV: {error}"


def _row(
    line: int,
    raw: tuple[str, ...],
    index: dict[str, int],
    width: int,
    seen: dict[int, int],
) -> CfpbComplaint | RowProblem:
    if len(raw) < width:
        return RowProblem(line, f"truncated record: {len(raw)} fields, expected {width}", raw)
    if len(raw) > width:
        return RowProblem(line, f"extra fields: {len(raw)} fields, expected {width}", raw)
    value = {column: raw[position].strip() for column, position in index.items()}
    problems: list[str] = []

    complaint_id = value["Complaint ID"]
    if not complaint_id:
        problems.append("empty Complaint ID")
    elif not _DIGITS.match(complaint_id):
        problems.append(f"Complaint ID {complaint_id!r} is not a number")
    elif int(complaint_id) in seen:
        first = seen[int(complaint_id)]
        problems.append(f"duplicate Complaint ID {complaint_id!r} (first on line {first})")

    received = _date(value, "Date received", problems, required=True)
    sent = _date(value, "Date sent to company", problems, required=False)
    if received is not None and sent is not None and sent < received:
        problems.append(f"Date sent to company {sent} is before Date received {received}")
    timely = _choice(value, "Timely response?", _TIMELY, problems)
    disputed = _choice(value, "Consumer disputed?", _DISPUTED, problems)

    if problems or received is None:
        return RowProblem(line, "; ".join(problems), raw)
    consent = value["Consumer consent provided?"]
    return CfpbComplaint(
        complaint_id=complaint_id,
        date_received=received,
        date_sent_to_company=sent,
        product=value["Product"],
        sub_product=value["Sub-product"] or None,
        issue=value["Issue"],
        sub_issue=value["Sub-issue"] or None,
        narrative=value["Consumer complaint narrative"] or None,
        company_public_response=value["Company public response"] or None,
        company=value["Company"],
        state=value["State"] or None,
        zip_code=value["ZIP code"] or None,
        tags=tuple(tag.strip() for tag in value["Tags"].split(",") if tag.strip()),
        consumer_consent=None if consent in ("", "N/A") else consent,
        submitted_via=value["Submitted via"],
        company_response=value["Company response to consumer"],
        timely=timely,
        disputed=disputed,
    )


def _date(
    value: dict[str, str], column: str, problems: list[str], *, required: bool
) -> date | None:
    text = value[column]
    if not text:
        if required:
            problems.append(f"empty {column}")
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problems.append(f"{column} {text!r} is not a date (expected YYYY-MM-DD)")
    return None


def _choice(
    value: dict[str, str], column: str, choices: dict[str, bool | None], problems: list[str]
) -> bool | None:
    text = value[column]
    if text in choices:
        return choices[text]
    expected = ", ".join(repr(choice) for choice in choices)
    problems.append(f"unknown {column} value {text!r} (expected one of {expected})")
    return None
