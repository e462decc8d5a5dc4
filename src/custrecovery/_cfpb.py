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
import re
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

import attrs

from custrecovery._errors import DataError
from custrecovery._errors import InvalidValue

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
_CHUNK: Final = 1 << 16
"""Bytes (characters, for a text stream) asked of the source per read."""
_MAX_FIELD: Final = 131_072
"""Default ``max_field``: csv's own default field limit, in characters."""
_MAX_RECORD: Final = 1 << 20
"""Default ``max_record``, in bytes: room for a ``max_field`` narrative of 4-byte characters."""
_MAX_ID_DIGITS: Final = 20
"""The longest Complaint ID, in digits (the export's are 7 or 8 digits long)."""
_DATES_KEPT: Final = 4096
"""Parsed dates remembered while reading (an export has about 365 a year it spans)."""
_SHOWN: Final = 40
"""Characters of a bad value quoted in a problem; a longer value is cut short."""
_QUOTE: Final = ord('"')
_QUOTES: Final = re.compile(b'"+')
_GZIP_MAGIC: Final = b"\x1f\x8b"
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_WIDE_BOMS: Final = {
    b"\xff\xfe": "UTF-16 (or UTF-32) little-endian",
    b"\xfe\xff": "UTF-16 big-endian",
}
"""Byte-order marks of wide encodings (UTF-32 big-endian starts with NUL bytes)."""
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_TIMELY: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "": None}
_DISPUTED: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "N/A": None, "": None}


@final
@attrs.frozen
class CfpbComplaint:
    """One complaint as the CFPB publishes it, with typed values."""

    complaint_id: str
    """"Complaint ID": 1 to 20 ASCII digits as given; compared as integers ("007" is "7")."""
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
    """The fields as read; ``()`` when the record was not parsed into fields (over a
    limit, a NUL byte, not UTF-8, malformed CSV)."""


@final
@attrs.frozen
class CfpbReadResult:
    """Everything :func:`load_cfpb` read: the good complaints and the problems, in file order."""

    complaints: tuple[CfpbComplaint, ...]
    problems: tuple[RowProblem, ...]
    rows_read: int = attrs.field(
        default=attrs.Factory(
            lambda self: len(self.complaints) + len(self.problems), takes_self=True
        )
    )
    """Rows the reader read after the header, blank lines not counted (see the module
    rules): always ``len(complaints) + len(problems)``."""


def cfpb_sample() -> AbstractContextManager[Path]:
    """Return a context manager giving the path of the bundled sample.

    1,400 real complaints from the CFPB's public database (public domain);
    see ``custrecovery/_data/README.md``.
    """
    return resources.as_file(resources.files("custrecovery._data") / _SAMPLE)


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


class _Unreadable(Exception):
    """The source itself failed mid-way (corrupt gzip data, a text stream's decoding)."""


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


def _open(path: Path, stack: ExitStack) -> Callable[[int], bytes]:
    raw = stack.enter_context(path.open("rb"))
    if raw.peek(len(_GZIP_MAGIC))[: len(_GZIP_MAGIC)] != _GZIP_MAGIC:
        return raw.read
    # Imported only for compressed exports: `import custrecovery` stays light.
    import gzip
    import zlib

    unpacked = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))

    def read(size: int) -> bytes:
        try:
            return unpacked.read(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise _Unreadable(f"corrupt gzip data: {error}") from error

    return read


def _chunks(read: Callable[[int], bytes | str]) -> Iterator[bytes]:
    """Yield the source's bytes in chunks, the first checked for being UTF-8 text."""
    first = _next_chunk(read)
    while 0 < len(first) < len(_UTF8_BOM):  # a short read (a pipe) must not split a mark
        more = _next_chunk(read)
        if not more:
            break
        first += more
    yield _checked(first)
    while chunk := _next_chunk(read):
        yield chunk


def _next_chunk(read: Callable[[int], bytes | str]) -> bytes:
    try:
        chunk = read(_CHUNK)
    except UnicodeDecodeError as error:  # a text stream's own decoding: it cannot go on
        raise _Unreadable(f"the text stream could not decode its input: {error}") from error
    if isinstance(chunk, str):
        # surrogatepass: a lone surrogate (from errors="surrogateescape") survives
        # encoding and fails the record's UTF-8 decoding, so that row is a problem.
        return chunk.encode("utf-8", "surrogatepass")
    return chunk


def _checked(first: bytes) -> bytes:
    """Return the first chunk without a UTF-8 byte-order mark; raise if it is not text."""
    wide = _WIDE_BOMS.get(first[:2])
    if wide is not None:
        raise DataError(f"{wide} text (byte-order mark); re-encode as UTF-8", where="line 1")
    if first[:2] == _GZIP_MAGIC:
        raise DataError(
            "gzip-compressed data; pass the path, or a gzip.open() stream", where="line 1"
        )
    nul = first.find(b"\0")
    if nul >= 0:
        raise DataError(
            f"binary data, not UTF-8 text (a NUL byte at offset {nul}; UTF-16 without a mark?)",
            where="line 1",
        )
    return first.removeprefix(_UTF8_BOM)


def _record_ends(buf: bytearray, start: int, pos: int, quoted: bool) -> tuple[list[int], int, bool]:
    """Find the ends of the complete records in ``buf`` from ``start``, scanning on from ``pos``.

    Return ``(ends, pos, quoted)``: each end is just past a record's line feed;
    ``pos`` and ``quoted`` say where to resume the scan of the record after the
    last end once more bytes are in the buffer.
    """
    ends: list[int] = []
    find = buf.find
    size = len(buf)
    newline = -1  # the first line feed from pos on, once found (a quoted field may pass it)
    while True:
        if quoted:
            quote = find(b'"', pos)
            if quote < 0:
                return ends, size, True
            after = quote + 1
            if after < size and buf[after] != _QUOTE:
                pos = after  # the closing quote, as usual
            elif after + 1 < size and buf[after + 1] != _QUOTE:
                pos = after + 1  # a doubled quote: a quote in the field
                continue
            else:
                # A run of quotes: pairs are quotes in the field; an odd one out closes it.
                run = _QUOTES.match(buf, quote)
                assert run is not None  # buf[quote] is a quote
                run_end = run.end()
                pos = run_end - (run_end - quote) % 2
                if pos == size or pos + 1 == size:  # the next bytes may lengthen the run
                    return ends, pos, True
                if pos == run_end:
                    continue
                pos += 1
            quoted = False
        if newline < pos:
            newline = find(b"\n", pos)
        stop = size if newline < 0 else newline
        # Only a quote that begins a field opens a quoted one (as in csv): one after
        # a comma, or the record's first byte. pos - 1 is the byte before pos (a comma
        # there may precede a quote that has just arrived) unless pos starts the record.
        if pos == start and buf.startswith(b'"', pos):
            quote = pos
        else:
            comma = find(b',"', pos - 1 if pos > start else pos, stop)
            quote = comma + 1 if comma >= 0 else -1
        if quote >= 0:
            quoted = True
            pos = quote + 1
        elif newline >= 0:
            start = pos = newline + 1
            ends.append(start)
        else:
            return ends, size, False


def _split(chunks: Iterator[bytes], max_record: int) -> Iterator[tuple[int, bytearray | int]]:
    """Yield each record's first line and its bytes, or its length when over ``max_record``.

    The bytes of a record over ``max_record`` are dropped as the scan goes on.
    """
    buf = bytearray()
    line = 1
    start = pos = 0
    quoted = False
    dropped = dropped_lines = 0  # of the current record, once it is over max_record
    while True:
        ends, pos, quoted = _record_ends(buf, start, pos, quoted)
        for end in ends:
            size = dropped + end - start
            yield line, (size if size > max_record else buf[start:end])
            line += dropped_lines + buf.count(b"\n", start, end)
            dropped = dropped_lines = 0
            start = end
        del buf[:start]  # cheap: a bytearray drops its front without copying
        pos -= start
        start = 0
        if dropped or len(buf) > max_record:
            # Keep the byte before pos: it tells whether a quote there begins a field.
            # buf[0] is then never a record's start, and pos stays at 1 or beyond.
            drop = max(pos - 1, 0)
            dropped += drop
            dropped_lines += buf.count(b"\n", 0, drop)
            del buf[:drop]
            pos -= drop
        try:
            chunk = next(chunks, b"")
        except _Unreadable as error:
            raise DataError(str(error), where=f"line {line + dropped_lines}") from error
        if chunk:
            buf += chunk
            continue
        if buf or dropped:  # the last record has no line feed, or leaves a quote open
            size = dropped + len(buf)
            yield line, (size if size > max_record else buf[:])
        return


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


def _too_long(size: int, max_record: int) -> str:
    return f"record of {size:,} bytes is longer than max_record ({max_record:,} bytes)"


def _field_too_long(max_field: int) -> str:
    return f"a field is longer than max_field ({max_field:,} characters)"


def _undecodable(record: bytearray, error: UnicodeDecodeError, line: int) -> str:
    where = line + record.count(b"\n", 0, error.start)
    return f"not UTF-8: byte 0x{record[error.start]:02X} on line {where} ({error.reason})"


def _csv_problem(error: csv.Error, max_field: int) -> str:
    message = str(error)
    if message == "unexpected end of data":
        return "unterminated quoted field at end of file"
    if message.startswith("field larger than field limit"):
        return _field_too_long(max_field)
    return f"malformed CSV: {message}"


def _show(text: str) -> str:
    """Quote a bad value for a problem message, cut short when long."""
    if len(text) <= _SHOWN:
        return repr(text)
    return f"{text[:_SHOWN]!r}... ({len(text):,} characters)"


def _row(
    line: int,
    raw: tuple[str, ...],
    pick: Callable[[tuple[str, ...]], tuple[str, ...]],
    width: int,
    seen: dict[int, int],
    dates: dict[str, date],
) -> CfpbComplaint | RowProblem:
    if len(raw) < width:
        return RowProblem(line, f"truncated record: {len(raw)} fields, expected {width}", raw)
    if len(raw) > width:
        return RowProblem(line, f"extra fields: {len(raw)} fields, expected {width}", raw)
    # In the order of COLUMNS.
    (
        received_text,
        product,
        sub_product,
        issue,
        sub_issue,
        narrative,
        public_response,
        company,
        state,
        zip_code,
        tags,
        consent,
        submitted_via,
        sent_text,
        company_response,
        timely_text,
        disputed_text,
        complaint_id,
    ) = map(str.strip, pick(raw))
    problems: list[str] = []

    if not complaint_id:
        problems.append("empty Complaint ID")
    elif not (complaint_id.isdigit() and complaint_id.isascii()):
        problems.append(f"Complaint ID {_show(complaint_id)} is not a number")
    elif len(complaint_id) > _MAX_ID_DIGITS:
        problems.append(
            f"Complaint ID of {len(complaint_id):,} digits is longer than {_MAX_ID_DIGITS}"
        )
    elif int(complaint_id) in seen:
        first = seen[int(complaint_id)]
        problems.append(f"duplicate Complaint ID {complaint_id!r} (first on line {first})")

    # Dates repeat from row to row: most are found in ``dates`` (a date is never false).
    received = dates.get(received_text) or _date(
        received_text, "Date received", problems, dates, required=True
    )
    sent = dates.get(sent_text) or _date(
        sent_text, "Date sent to company", problems, dates, required=False
    )
    if received is not None and sent is not None and sent < received:
        problems.append(f"Date sent to company {sent} is before Date received {received}")
    timely = _TIMELY.get(timely_text)
    if timely is None and timely_text not in _TIMELY:
        _unknown(timely_text, "Timely response?", _TIMELY, problems)
    disputed = _DISPUTED.get(disputed_text)
    if disputed is None and disputed_text not in _DISPUTED:
        _unknown(disputed_text, "Consumer disputed?", _DISPUTED, problems)

    if problems or received is None:
        return RowProblem(line, "; ".join(problems), raw)
    # Positional, in the order of CfpbComplaint's fields: keywords would cost half a
    # microsecond a row, a tenth of reading the sample.
    return CfpbComplaint(
        complaint_id,
        received,
        sent,
        product,
        sub_product or None,
        issue,
        sub_issue or None,
        narrative or None,
        public_response or None,
        company,
        state or None,
        zip_code or None,
        tuple(tag.strip() for tag in tags.split(",") if tag.strip()) if tags else (),
        None if consent in ("", "N/A") else consent,
        submitted_via,
        company_response,
        timely,
        disputed,
    )


def _date(
    text: str, column: str, problems: list[str], dates: dict[str, date], *, required: bool
) -> date | None:
    if not text:
        if required:
            problems.append(f"empty {column}")
        return None
    if _ISO_DATE.match(text):
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if len(dates) >= _DATES_KEPT:  # bounded, whatever the file's dates
                dates.clear()
            dates[text] = parsed
            return parsed
    problems.append(f"{column} {_show(text)} is not a date (expected YYYY-MM-DD)")
    return None


def _unknown(text: str, column: str, choices: dict[str, bool | None], problems: list[str]) -> None:
    expected = ", ".join(repr(choice) for choice in choices)
    problems.append(f"unknown {column} value {_show(text)} (expected one of {expected})")
