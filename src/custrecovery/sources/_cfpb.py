"""A streaming reader for the CFPB Consumer Complaint Database's CSV export.

Why: the US CFPB publishes millions of real complaints; a CRM importing them
must get typed values, learn exactly which lines are broken, and keep going.

Rules:

* The input is bytes in UTF-8, with or without a byte-order mark. The source is a
  path (a ``str`` is a file name, never CSV text), which may name a
  gzip-compressed export (``.csv.gz``; recognised by its magic number, whatever
  the name); or a binary stream, read as given; or, for compatibility, a text
  stream (its own decoding applies, and its text is encoded back to UTF-8).
* Input that is not UTF-8 text as a whole raises :class:`DataError` at ``line 1``
  on the first ``next()``: a UTF-16 or UTF-32 byte-order mark, a NUL byte in the
  first 64 KiB (UTF-16 without a mark, or binary data), gzip data in a stream, or
  an empty file. A source that fails later (corrupt gzip data, a text stream that
  cannot decode) raises DataError at the line reached, after the rows before it.
* A record ends at a line feed (LF or CRLF) outside a quoted field. A quoted field
  is one whose first character is ``"``; it ends at a ``"`` that is not doubled
  (``""`` is a quote inside it). A ``"`` later in an unquoted field is an ordinary
  character. Lines are counted by line feeds; line 1 is the header. (A quote left
  open runs to the end of the file, as in any CSV reader: that is one record.)
* Each record is decoded and parsed on its own, so a broken record never takes
  its neighbours with it. A record that is longer than ``max_record`` bytes,
  holds a NUL byte, is not UTF-8, is malformed CSV (text after a closing quote,
  a lone CR, a quote left open at the end of the file) or has a field longer than
  ``max_field`` characters becomes a :class:`RowProblem` with ``raw=()``; the
  next record is read as usual.
* Columns are found by header name, in any order; extra columns are ignored.
  A header lacking a required column raises :class:`DataError` (``where="line 1"``)
  when iteration starts; every column of :data:`COLUMNS` is required. A header
  that cannot be read (over a limit, not UTF-8, malformed) is a DataError too.
* Every field is stripped of surrounding whitespace, then mapped as
  :class:`CfpbComplaint` documents field by field. Masked ZIP codes (``705XX``,
  ``XXXXX``) are real values and are kept as given.
* A row that cannot be mapped becomes a :class:`RowProblem` naming its first
  physical line and every problem found in it (a bad value is quoted, cut to 40
  characters); the reader goes on with the next row. Blank lines (records of
  nothing but line ends) are skipped.
* A complaint id is 1 to 20 ASCII digits; ids compare as integers, so ``"007"``
  is the same id as ``"7"`` (each keeps its text as given). An id seen on an
  earlier good row is a problem (``check_duplicates=False`` turns this off: it
  is the one check whose memory grows with the file, about 100 bytes per complaint).
* Rows read: every record after the header except blank lines is one row, and
  each row is yielded exactly once, as a complaint or as a problem; so
  :attr:`CfpbReadResult.rows_read` equals the complaints plus the problems.

Theory of operation: the source is read in 64 KiB chunks into one byte buffer.
:func:`_record_ends` finds where the records in the buffer end with
``bytearray.find`` for line feeds, ``,"`` and quotes, tracking only whether the
scan is inside a quoted field; when the buffer ends first it says where to
resume, so at most a byte is scanned twice and time is linear in the input. Python
does work per quoted field (and per run of doubled quotes), never per byte:
plain text and line feeds pass at memchr speed. A record that grows past
``max_record`` bytes is dropped from the buffer as the scan goes on (one byte is
kept to tell whether a quote starts a field), so memory is bounded by
``max_record`` plus a chunk, never by a line; the scan still finds the record's
end, so reading resynchronises at the next record. Each complete record's bytes
are decoded as UTF-8 and handed, alone, to one long-lived ``csv.reader`` in
strict mode through a one-record feeder: if csv wanted more text than the record
(an unterminated quote at the end of the file) it gets none and reports an
error instead of swallowing the next record. Parsed dates are remembered (a
bounded dict), as an export repeats them. No clock is read.
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextlib import ExitStack
from datetime import date
from importlib import resources
from pathlib import Path
from typing import BinaryIO
from typing import Final
from typing import TextIO
from typing import final

from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.sources._cfpb_rows import _csv_problem
from custrecovery.sources._cfpb_rows import _field_too_long
from custrecovery.sources._cfpb_rows import _row
from custrecovery.sources._cfpb_rows import _too_long
from custrecovery.sources._cfpb_rows import _undecodable
from custrecovery.sources._cfpb_values import COLUMNS
from custrecovery.sources._cfpb_values import CfpbComplaint
from custrecovery.sources._cfpb_values import CfpbReadResult
from custrecovery.sources._cfpb_values import RowProblem
from custrecovery.sources._records import _chunks
from custrecovery.sources._records import _open
from custrecovery.sources._records import _split

__all__ = [
    "COLUMNS",
    "CfpbComplaint",
    "CfpbReadResult",
    "RowProblem",
    "cfpb_sample",
    "load_cfpb",
    "read_cfpb",
]

_SAMPLE: Final = "cfpb-complaints-sample.csv"
_MAX_FIELD: Final = 131_072
"""Default ``max_field``: csv's own default field limit, in characters."""
_MAX_RECORD: Final = 1 << 20
"""Default ``max_record``, in bytes: room for a ``max_field`` narrative of 4-byte characters."""


def cfpb_sample() -> AbstractContextManager[Path]:
    """Return a context manager giving the path of the bundled sample.

    1,400 real complaints from the CFPB's public database (public domain);
    see ``custrecovery/sources/_data/README.md``.
    """
    return resources.as_file(resources.files("custrecovery.sources._data") / _SAMPLE)


def read_cfpb(
    source: Path | str | BinaryIO | TextIO,
    *,
    check_duplicates: bool = True,
    max_field: int = _MAX_FIELD,
    max_record: int = _MAX_RECORD,
) -> Iterator[CfpbComplaint | RowProblem]:
    """Yield each row of a CFPB CSV export as a complaint or a :class:`RowProblem`.

    ``source`` is a path (a ``str`` is a file name, not CSV text; gzip-compressed
    or not), a binary stream (preferred), or a text stream (accepted for
    compatibility; open it with ``newline=""``). A stream is not closed.

    ``max_field`` is the longest field, in characters (at most
    ``csv.field_size_limit()``, whose default it is); ``max_record`` the longest
    record, in bytes (default 1 MiB). A record over either is a problem, and
    memory stays bounded by them, except for the duplicate check (see the module
    rules). Raises :class:`InvalidValue` at once for a limit below 1 or a
    ``max_field`` above csv's limit, and :class:`DataError` on the first
    ``next()`` when the input is not UTF-8 text or its header lacks a column.
    """
    _check_limits(max_field, max_record)
    return _read_source(
        source,
        check_duplicates=check_duplicates,
        max_field=max_field,
        max_record=max_record,
        tally=_Tally(),
    )


def load_cfpb(
    source: Path | str | BinaryIO | TextIO,
    *,
    check_duplicates: bool = True,
    max_field: int = _MAX_FIELD,
    max_record: int = _MAX_RECORD,
) -> CfpbReadResult:
    """Read a whole export into memory, as :func:`read_cfpb` reads it, counting its rows.

    For samples and tests; takes the same source and keywords, and raises the same errors.
    """
    _check_limits(max_field, max_record)
    tally = _Tally()
    rows = _read_source(
        source,
        check_duplicates=check_duplicates,
        max_field=max_field,
        max_record=max_record,
        tally=tally,
    )
    complaints: list[CfpbComplaint] = []
    problems: list[RowProblem] = []
    for row in rows:
        if isinstance(row, RowProblem):
            problems.append(row)
        else:
            complaints.append(row)
    return CfpbReadResult(tuple(complaints), tuple(problems), tally.rows)


def _check_limits(max_field: int, max_record: int) -> None:
    for name, limit in (("max_field", max_field), ("max_record", max_record)):
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidValue(f"{name} must be a positive int, got {limit!r}")
    ceiling = csv.field_size_limit()
    if max_field > ceiling:
        raise InvalidValue(
            f"max_field={max_field} is above csv.field_size_limit() ({ceiling}); raise that first"
        )


@final
class _Tally:
    """What the reader counted, for :class:`CfpbReadResult`."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows = 0


def _read_source(
    source: Path | str | BinaryIO | TextIO,
    *,
    check_duplicates: bool,
    max_field: int,
    max_record: int,
    tally: _Tally,
) -> Iterator[CfpbComplaint | RowProblem]:
    with ExitStack() as stack:
        read: Callable[[int], bytes | str] = (
            _open(Path(source), stack) if isinstance(source, (str, Path)) else source.read
        )
        records = _split(_chunks(read), max_record)
        yield from _read(
            records,
            check_duplicates=check_duplicates,
            max_field=max_field,
            max_record=max_record,
            tally=tally,
        )


@final
class _Feeder:
    """An iterator handing ``csv.reader`` one record at a time, then nothing."""

    __slots__ = ("record",)

    def __init__(self) -> None:
        self.record: str | None = None

    def __iter__(self) -> _Feeder:
        return self

    def __next__(self) -> str:
        record = self.record
        if record is None:
            raise StopIteration
        self.record = None
        return record


def _read(
    records: Iterator[tuple[int, bytearray | int]],
    *,
    check_duplicates: bool,
    max_field: int,
    max_record: int,
    tally: _Tally,
) -> Iterator[CfpbComplaint | RowProblem]:
    feeder = _Feeder()
    # strict=True: malformed quoting raises csv.Error instead of being guessed at.
    reader = csv.reader(feeder, strict=True)
    header = _header(next(records, None), feeder, reader, max_record)
    pick = _columns(header)
    width = len(header)
    check_length = max_field < csv.field_size_limit()  # else csv checks it itself
    seen: dict[int, int] = {}
    dates: dict[str, date] = {}
    for line, record in records:
        if isinstance(record, int):
            tally.rows += 1
            yield RowProblem(line, _too_long(record, max_record), ())
            continue
        if b"\0" in record:
            tally.rows += 1
            yield RowProblem(line, "record holds a NUL byte (binary data)", ())
            continue
        try:
            feeder.record = record.decode()
        except UnicodeDecodeError as error:
            tally.rows += 1
            yield RowProblem(line, _undecodable(record, error, line), ())
            continue
        try:
            fields = next(reader)
        except csv.Error as error:
            tally.rows += 1
            yield RowProblem(line, _csv_problem(error, max_field), ())
            continue
        if not fields:  # a blank line
            continue
        tally.rows += 1
        if check_length and max(map(len, fields)) > max_field:
            yield RowProblem(line, _field_too_long(max_field), ())
            continue
        row = _row(line, tuple(fields), pick, width, seen, dates)
        if check_duplicates and isinstance(row, CfpbComplaint):
            seen[int(row.complaint_id)] = line
        yield row


def _header(
    first: tuple[int, bytearray | int] | None,
    feeder: _Feeder,
    reader: Iterator[list[str]],
    max_record: int,
) -> list[str]:
    if first is None:
        raise DataError("empty file: no header", where="line 1")
    line, record = first
    if isinstance(record, int):
        raise DataError(f"unreadable header: {_too_long(record, max_record)}", where="line 1")
    try:
        feeder.record = record.decode()
        return next(reader, [])
    except UnicodeDecodeError as error:
        problem = _undecodable(record, error, line)
    except csv.Error as error:
        problem = str(error)
    raise DataError(f"unreadable header: {problem}", where="line 1")


def _columns(header: list[str]) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """Return a function picking the fields of :data:`COLUMNS`, in that order, from a row."""
    names = [name.strip() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise DataError(
            "header lacks required column(s): " + ", ".join(repr(m) for m in missing),
            where="line 1",
        )
    # A repeated column name keeps its first position.
    return operator.itemgetter(*(names.index(column) for column in COLUMNS))
