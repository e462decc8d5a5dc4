"""Fuzz tests for the CFPB reader: records of the bundled sample, mutated at random.

Each input is the sample's header and a few of its records, one of them mutated:
bytes flipped, inserted or deleted, quotes, NULs, invalid UTF-8, huge fields. The
reader must give only complaints and problems (or a DataError for the whole input),
count every row once, and read the good records around a broken one. Inputs are
small and the limits low, so each example takes well under a millisecond to read.
"""

from __future__ import annotations

import csv
import io
from typing import Final
from typing import final

from hypothesis import assume
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custrecovery.errors import DataError
from custrecovery.sources import CfpbComplaint
from custrecovery.sources import CfpbReadResult
from custrecovery.sources import RowProblem
from custrecovery.sources import cfpb_sample
from custrecovery.sources import load_cfpb
from custrecovery.sources import read_cfpb

with cfpb_sample() as _path:
    _HEADER, *RECORDS = _path.read_bytes().split(b"\n")[:-1]
HEADER: Final = _HEADER
"""The sample's header line, without its line feed."""
IDS: Final = [next(csv.reader([r.decode()]))[-1] for r in RECORDS]
"""Each sample record's Complaint ID (the last column), all distinct."""

MAX_FIELD: Final = 200
"""Above the sample's longest field (119 characters)."""
MAX_RECORD: Final = 1_000
"""Above the sample's longest record (497 bytes)."""
EXAMPLES: Final = 300
"""Per test; eight tests make 2,400 examples."""

QUOTE_OR_LF: Final = frozenset(b'"\n')
QUOTE, COMMA, NEWLINE = b'",\n'
SPECIAL: Final = (
    b'"',
    b'""',
    b",",
    b'","',
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xe9",
    b"\x80",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xef\xbb\xbf",
    "\u00e9\u20ac\U0001f600".encode(),
)
"""Bytes that break CSV or UTF-8, and some valid multi-byte characters."""
UNDECODABLE: Final = (b"\xff", b"\xc3", b"\xe9", b"\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80")

indices = st.lists(
    st.integers(min_value=0, max_value=len(RECORDS) - 1), min_size=2, max_size=5, unique=True
)
"""A few distinct sample records (so their ids are distinct too)."""
steps = st.one_of(st.none(), st.integers(min_value=1, max_value=300))
"""How many bytes the source gives per read: None for all at once."""


@final
class Trickle(io.BytesIO):
    """A binary stream giving at most ``step`` bytes per read, as a pipe may."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read(self, size: int | None = -1, /) -> bytes:
        """Return at most ``step`` bytes."""
        limit = self.step if size is None or size < 0 else min(size, self.step)
        return super().read(limit)


def stream(data: bytes, step: int | None) -> io.BytesIO:
    """Return ``data`` as a binary stream, read whole (``step=None``) or in small pieces."""
    return io.BytesIO(data) if step is None else Trickle(data, step)


def join(records: list[bytes]) -> bytes:
    """Return the sample header and ``records`` as one file."""
    return b"\n".join([HEADER, *records]) + b"\n"


def load(data: bytes, step: int | None, *, check_duplicates: bool = True) -> CfpbReadResult:
    """Read ``data`` with the fuzz limits, checking every row's type and the row count."""
    rows = list(
        read_cfpb(
            stream(data, step),
            check_duplicates=check_duplicates,
            max_field=MAX_FIELD,
            max_record=MAX_RECORD,
        )
    )
    assert all(type(row) in (CfpbComplaint, RowProblem) for row in rows)
    result = load_cfpb(
        stream(data, step),
        check_duplicates=check_duplicates,
        max_field=MAX_FIELD,
        max_record=MAX_RECORD,
    )
    assert result.rows_read == len(result.complaints) + len(result.problems) == len(rows)
    assert [p.line for p in result.problems] == sorted({p.line for p in result.problems})
    return result


def load_or_error(data: bytes, step: int | None) -> CfpbReadResult | DataError:
    """Read ``data`` as :func:`load` does, or return the DataError it raised."""
    try:
        return load(data, step)
    except DataError as error:
        caught = error
    assert caught.where == "line 1"  # only the first chunk can make the input not text
    return caught


@st.composite
def mutation(draw: st.DrawFn, record: bytes, *, safe: bool = False) -> bytes:
    """Mutate ``record`` once or a few times; ``safe`` never adds or removes a quote or LF."""
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "huge"]))
        allowed = [i for i, byte in enumerate(record) if not (safe and byte in QUOTE_OR_LF)]
        if kind == "flip" and allowed:
            at = draw(st.sampled_from(allowed))
            value = draw(st.integers(0, 255).filter(lambda v: not (safe and v in QUOTE_OR_LF)))
            record = record[:at] + bytes([value]) + record[at + 1 :]
        elif kind == "insert":
            at = draw(st.integers(min_value=0, max_value=len(record)))
            piece = draw(st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=8)))
            if safe:
                piece = bytes(byte for byte in piece if byte not in QUOTE_OR_LF)
            record = record[:at] + piece + record[at:]
        elif kind == "delete" and record:
            at = draw(st.integers(min_value=0, max_value=len(record) - 1))
            end = draw(st.integers(min_value=at + 1, max_value=min(len(record), at + 20)))
            if not (safe and QUOTE_OR_LF & set(record[at:end])):
                record = record[:at] + record[end:]
        elif kind == "huge":
            record = replace_field(record, draw(huge_fields()), draw(st.integers(0, 17)))
    return record


BODIES: Final = ((b"x", 1), (b"a,b\n", 4), (b'say ""hi"" ', 9), ("\u00e9".encode(), 1))
"""Pieces of a huge quoted field, and how many characters each is once parsed."""


@st.composite
def huge_fields(draw: st.DrawFn) -> bytes:
    """A field over MAX_FIELD characters: quoted (with commas, LFs and quotes) or not."""
    size = draw(st.integers(min_value=MAX_FIELD + 1, max_value=3 * MAX_RECORD))
    if draw(st.booleans()):
        body, characters = draw(st.sampled_from(BODIES))
        return b'"' + body * (size // characters + 1) + b'"'
    return b"y" * size


def step(state: str, byte: int) -> str:
    """Return csv's state after ``byte``: "start" (of a field), "plain" (in an unquoted
    field), "quoted" (in a quoted one), "quote" (one seen in it), or "end" (of a record)."""
    if state == "quoted":
        return "quote" if byte == QUOTE else "quoted"
    if byte == NEWLINE:
        return "end"
    if byte == COMMA:
        return "start"
    if byte == QUOTE and state in ("start", "quote"):
        return "quoted"  # a quote opening a field, or the second of a doubled one
    return "plain"


def one_record(record: bytes) -> bool:
    """Tell whether ``record`` is one CSV record: no line feed ends it early, no quote is open."""
    state = "start"
    for byte in record:
        state = step(state, byte)
        if state == "end":
            return False
    return state != "quoted"


def record_lines(body: bytes) -> list[int]:
    """Return the first line of each record of ``body`` (line 2 on) that csv gives fields."""
    lines: list[int] = []
    line, start, state = 2, 0, "start"
    for at, byte in enumerate(body):
        state = step(state, byte)
        if state == "end":
            if body[start : at + 1].strip(b"\r\n"):
                lines.append(line)
            line += body.count(b"\n", start, at + 1)
            start, state = at + 1, "start"
    if body[start:].strip(b"\r\n"):
        lines.append(line)
    return lines


def replace_field(record: bytes, field: bytes, column: int) -> bytes:
    """Return ``record`` with its field ``column`` replaced (an unquoted sample field)."""
    fields = split_fields(record)
    fields[column % len(fields)] = field
    return b",".join(fields)


def split_fields(record: bytes) -> list[bytes]:
    """Split a sample record into its raw fields, quotes kept (sample fields hold no quotes)."""
    parts = record.split(b",")
    fields: list[bytes] = []
    for part in parts:
        last = fields[-1] if fields else b""
        if last.startswith(b'"') and (last == b'"' or not last.endswith(b'"')):
            fields[-1] += b"," + part  # a comma inside a quoted field
        else:
            fields.append(part)
    return fields


@settings(max_examples=EXAMPLES)
@given(st.data(), indices, steps)
def test_any_mutation_gives_typed_rows_and_keeps_the_rows_before_it(
    data: st.DataObject, chosen: list[int], step: int | None
) -> None:
    """Whatever a mutation does, rows are typed, counted once, and the rows before it are read."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    records[at] = data.draw(mutation(records[at]))
    result = load_or_error(join(records), step)
    if isinstance(result, DataError):
        assert b"\x00" in records[at]  # a NUL byte in the first chunk: binary input
        return
    assert [c.complaint_id for c in result.complaints[:at]] == [IDS[i] for i in chosen[:at]]
    assert all(p.line >= at + 2 for p in result.problems)


@settings(max_examples=EXAMPLES)
@given(st.data(), indices, st.integers(min_value=1, max_value=300))
def test_any_mutation_reads_alike_in_any_chunking(
    data: st.DataObject, chosen: list[int], step: int
) -> None:
    """Reading a mutated file whole or a few bytes at a time gives the same rows."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    records[at] = data.draw(mutation(records[at]))
    whole = load_or_error(join(records), None)
    pieces = load_or_error(join(records), step)
    if isinstance(whole, DataError):  # a NUL in the first chunk; a trickle's first is shorter
        assert b"\x00" in records[at]
        return
    assert pieces == whole


@settings(max_examples=EXAMPLES)
@given(st.data(), indices, steps)
def test_mutation_keeping_quotes_and_line_feeds_spares_every_other_row(
    data: st.DataObject, chosen: list[int], step: int | None
) -> None:
    """A broken record whose quotes and line feeds are intact leaves every other row readable."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    records[at] = data.draw(mutation(records[at], safe=True))
    assume(one_record(records[at]))  # a deletion can still make a closing quote open a field
    if b"\x00" in records[at]:
        step = 64  # a NUL in the first chunk is binary input; a short first read avoids it
    result = load(join(records), step, check_duplicates=False)
    others = [IDS[i] for n, i in enumerate(chosen) if n != at]
    ids = [c.complaint_id for c in result.complaints]
    assert result.rows_read == len(records)
    assert [p.line for p in result.problems] in ([], [at + 2])
    if result.problems:
        assert ids == others
    else:
        assert ids[:at] + ids[at + 1 :] == others


@settings(max_examples=EXAMPLES)
@given(st.data(), indices, steps, huge_fields())
def test_huge_field_is_one_problem_and_later_lines_stay_right(
    data: st.DataObject, chosen: list[int], step: int | None, field: bytes
) -> None:
    """A field over max_field, or a record over max_record, is one problem; later rows are read."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    records[at] = replace_field(records[at], field, data.draw(st.integers(0, 17)))
    result = load(join([*records, b"sentinel"]), step)
    extra_lines = records[at].count(b"\n")
    assert [c.complaint_id for c in result.complaints] == [
        IDS[i] for n, i in enumerate(chosen) if n != at
    ]
    (problem, sentinel) = result.problems
    assert problem.line == at + 2
    if len(records[at]) + 1 > MAX_RECORD:
        assert problem.problem == (
            f"record of {len(records[at]) + 1:,} bytes is longer than max_record (1,000 bytes)"
        )
    else:
        assert problem.problem == "a field is longer than max_field (200 characters)"
    assert sentinel.line == len(records) + 2 + extra_lines


@settings(max_examples=EXAMPLES)
@given(st.data(), indices, steps, st.sampled_from([*UNDECODABLE, b"\x00"]))
def test_undecodable_byte_or_nul_is_one_problem_on_its_line(
    data: st.DataObject, chosen: list[int], step: int | None, bad: bytes
) -> None:
    """Invalid UTF-8 or a NUL byte in a record is a problem naming it; the others are read."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    where = data.draw(st.integers(min_value=0, max_value=len(records[at])))
    records[at] = records[at][:where] + bad + records[at][where:]
    if bad == b"\x00":
        step = 64  # a NUL in the first chunk is binary input; a short first read avoids it
    result = load(join(records), step)
    assert [c.complaint_id for c in result.complaints] == [
        IDS[i] for n, i in enumerate(chosen) if n != at
    ]
    ((line, problem),) = [(p.line, p.problem) for p in result.problems]
    assert line == at + 2
    if bad == b"\x00":
        assert problem == "record holds a NUL byte (binary data)"
    else:
        assert problem.startswith(f"not UTF-8: byte 0x{bad[0]:02X} on line {at + 2} (")


@settings(max_examples=EXAMPLES)
@given(st.data(), indices)
def test_text_stream_reads_valid_utf8_as_bytes_do(data: st.DataObject, chosen: list[int]) -> None:
    """A mutated file that is still UTF-8 reads the same from a text stream as from bytes."""
    at = data.draw(st.integers(min_value=0, max_value=len(chosen) - 1))
    records = [RECORDS[i] for i in chosen]
    records[at] = data.draw(mutation(records[at]))
    raw = join(records)
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        text = raw.decode(errors="surrogateescape")  # lone surrogates: problems, not crashes
    as_bytes = load_or_error(raw, None)
    try:
        as_text = load_cfpb(io.StringIO(text, newline=""), max_field=200, max_record=1_000)
    except DataError:
        as_text = None
    assert (as_text is None) == isinstance(as_bytes, DataError)
    if as_text is None:
        return
    if raw == text.encode(errors="surrogatepass"):
        assert as_text == as_bytes
    else:  # lone surrogates are re-encoded differently, but stay problems of their rows
        assert isinstance(as_bytes, CfpbReadResult)
        assert as_text.rows_read == as_bytes.rows_read


ID_TEXTS: Final = st.one_of(
    st.from_regex(r"0{0,3}[1-9][0-9]{0,2}", fullmatch=True),
    st.from_regex(r"[0-9]{19,30}", fullmatch=True),
    st.sampled_from(["", "x1", "\u0661", "1.0", "-1", " 7 "]),
)
"""Complaint ID texts: small numbers with leading zeros, long ones, and not numbers."""


@settings(max_examples=EXAMPLES)
@given(st.lists(ID_TEXTS, min_size=1, max_size=8), steps)
def test_complaint_ids_compare_as_integers(ids: list[str], step: int | None) -> None:
    """Ids are 1 to 20 ASCII digits; the first of each integer value is kept, later ones refused."""
    base = RECORDS[0].rsplit(b",", 1)[0]
    result = load(join([base + b"," + text.encode() for text in ids]), step)
    kept: dict[int, str] = {}
    for text in ids:
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= 20:
            kept.setdefault(int(digits), digits)
    assert [c.complaint_id for c in result.complaints] == list(kept.values())
    assert result.rows_read == len(ids)


@settings(max_examples=EXAMPLES)
@given(st.binary(max_size=400) | st.lists(st.sampled_from(SPECIAL)).map(b"".join), steps)
def test_random_bytes_after_the_header_are_split_as_csv_does(body: bytes, step: int | None) -> None:
    """Any bytes after a good header are split into records as csv would, each one problem."""
    result = load_or_error(HEADER + b"\n" + body, step)
    if isinstance(result, DataError):
        assert b"\x00" in body
        return
    assert result.complaints == ()  # random bytes make no complaint
    assert [p.line for p in result.problems] == record_lines(body)
