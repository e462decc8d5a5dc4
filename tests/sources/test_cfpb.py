"""Tests for the CFPB complaint reader: the bundled sample and a corpus of broken rows."""

from __future__ import annotations

import csv
import gzip
import io
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO
from typing import cast
from typing import final

import attrs
import pytest

from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.sources import COLUMNS
from custrecovery.sources import CfpbComplaint
from custrecovery.sources import CfpbReadResult
from custrecovery.sources import RowProblem
from custrecovery.sources import cfpb_sample
from custrecovery.sources import load_cfpb
from custrecovery.sources import read_cfpb

HEADER = ",".join(f'"{c}"' if "," in c else c for c in COLUMNS)

GOOD: dict[str, str] = {
    "Date received": "2023-07-19",
    "Product": "Debt collection",
    "Sub-product": "Other debt",
    "Issue": "Attempts to collect debt not owed",
    "Sub-issue": "Debt is not yours",
    "Consumer complaint narrative": "",
    "Company public response": "",
    "Company": "EXAMPLE BANK, N.A.",
    "State": "LA",
    "ZIP code": "705XX",
    "Tags": "Older American, Servicemember",
    "Consumer consent provided?": "N/A",
    "Submitted via": "Web",
    "Date sent to company": "2023-07-20",
    "Company response to consumer": "Closed with explanation",
    "Timely response?": "Yes",
    "Consumer disputed?": "N/A",
    "Complaint ID": "1001",
}


def row(**changes: str) -> str:
    """Return one CSV line (no line end) for GOOD with ``changes`` (underscores for spaces)."""
    values = dict(GOOD)
    for key, text in changes.items():
        column = {c.replace(" ", "_").replace("?", "").replace("-", "_"): c for c in COLUMNS}[key]
        values[column] = text
    return line([values[c] for c in COLUMNS])


def line(values: list[str]) -> str:
    """Return ``values`` as one CSV record without its line end."""
    out = io.StringIO()
    # "\n" (not ""): the writer quotes fields holding its line terminator's characters.
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue().removesuffix("\n")


def fields(line: str) -> tuple[str, ...]:
    """Split one well-formed CSV line into its fields."""
    return tuple(next(csv.reader([line])))


def read_text(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """Read CSV text from a text stream; return the good ids and the (line, problem) pairs."""
    return outcome(load_cfpb(io.StringIO(text, newline="")))


def read_bytes(
    data: bytes, *, max_field: int = 131_072, max_record: int = 1 << 20
) -> tuple[list[str], list[tuple[int, str]]]:
    """Read CSV bytes from a binary stream; return the good ids and the (line, problem) pairs."""
    result = load_cfpb(io.BytesIO(data), max_field=max_field, max_record=max_record)
    assert result.rows_read == len(result.complaints) + len(result.problems)
    return outcome(result)


def outcome(result: CfpbReadResult) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the good complaint ids and the (line, problem) pairs of ``result``."""
    return (
        [c.complaint_id for c in result.complaints],
        [(p.line, p.problem) for p in result.problems],
    )


@final
@attrs.frozen
class Case:
    """Lines after the header, and what the reader must make of them."""

    name: str
    lines: tuple[str, ...]
    problems: tuple[tuple[int, str], ...]
    ids: tuple[str, ...] = ("1", "2")


A = row(Complaint_ID="1")
B = row(Complaint_ID="2")
EXPECTED_DATE = "(expected YYYY-MM-DD)"

CASES = (
    Case(
        "truncated record",
        (A, line(list(fields(row(Complaint_ID="3"))[:10])), B),
        ((3, "truncated record: 10 fields, expected 18"),),
    ),
    Case(
        "extra column",
        (A, row(Complaint_ID="3") + ",surplus", B),
        ((3, "extra fields: 19 fields, expected 18"),),
    ),
    Case(
        "impossible date",
        (A, row(Date_received="2023-02-30", Complaint_ID="3"), B),
        ((3, f"Date received '2023-02-30' is not a date {EXPECTED_DATE}"),),
    ),
    Case(
        "US-style date",
        (A, row(Date_received="07/19/2023", Complaint_ID="3"), B),
        ((3, f"Date received '07/19/2023' is not a date {EXPECTED_DATE}"),),
    ),
    Case(
        "blank date received",
        (A, row(Date_received="", Complaint_ID="3"), B),
        ((3, "empty Date received"),),
    ),
    Case(
        "bad date sent",
        (A, row(Date_sent_to_company="soon", Complaint_ID="3"), B),
        ((3, f"Date sent to company 'soon' is not a date {EXPECTED_DATE}"),),
    ),
    Case(
        "sent before received",
        (A, row(Date_sent_to_company="2023-07-18", Complaint_ID="3"), B),
        ((3, "Date sent to company 2023-07-18 is before Date received 2023-07-19"),),
    ),
    Case(
        "unknown timely value",
        (A, row(Timely_response="Maybe", Complaint_ID="3"), B),
        ((3, "unknown Timely response? value 'Maybe' (expected one of 'Yes', 'No', '')"),),
    ),
    Case(
        "lower-case disputed value",
        (A, row(Consumer_disputed="yes", Complaint_ID="3"), B),
        (
            (
                3,
                "unknown Consumer disputed? value 'yes' (expected one of 'Yes', 'No', 'N/A', '')",
            ),
        ),
    ),
    Case(
        "blank complaint id",
        (A, row(Complaint_ID="  "), B),
        ((3, "empty Complaint ID"),),
    ),
    Case(
        "non-numeric complaint id",
        (A, row(Complaint_ID="CX-3"), B),
        ((3, "Complaint ID 'CX-3' is not a number"),),
    ),
    Case(
        "duplicate complaint id",
        (A, B, row(Complaint_ID="1")),
        ((4, "duplicate Complaint ID '1' (first on line 2)"),),
    ),
    Case(
        "several problems in one row",
        (A, row(Complaint_ID="", Timely_response="Y"), B),
        (
            (
                3,
                "empty Complaint ID; "
                "unknown Timely response? value 'Y' (expected one of 'Yes', 'No', '')",
            ),
        ),
    ),
    Case(
        "quoted newlines before a broken row",
        (row(Complaint_ID="1", Consumer_complaint_narrative="first\nsecond\nthird"), "junk", B),
        ((5, "truncated record: 1 fields, expected 18"),),
    ),
    Case(
        "blank lines are skipped but counted",
        (A, "", "", row(Complaint_ID="3", Timely_response="?"), B),
        ((5, "unknown Timely response? value '?' (expected one of 'Yes', 'No', '')"),),
    ),
    Case(
        "quoted first field",
        (A, '"' + row(Complaint_ID="3").replace(",", '",', 1), B),
        (),
        ids=("1", "3", "2"),
    ),
    Case(
        "quoted first field with a line feed in it",
        (A, row(Date_received="2023-07-19\nx", Complaint_ID="3"), B),
        ((3, f"Date received '2023-07-19\\nx' is not a date {EXPECTED_DATE}"),),
    ),
    Case(
        "text after a closing quote",
        (A, row(Complaint_ID="3").replace('"EXAMPLE BANK, N.A."', '"EXAMPLE" BANK'), B),
        ((3, "malformed CSV: ',' expected after '\"'"),),
    ),
    Case(
        "unterminated quote at end of file",
        (A, B, '2023-07-19,Debt collection,"Other debt', "more"),
        ((4, "unterminated quoted field at end of file"),),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_row_is_reported_with_its_line_and_reading_goes_on(case: Case) -> None:
    """Each broken row is reported with its first line and problem; good rows around it survive."""
    text = "\n".join([HEADER, *case.lines]) + "\n"
    assert read_text(text) == (list(case.ids), list(case.problems))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_binary_stream_reads_broken_rows_as_a_text_stream_does(case: Case) -> None:
    """The same broken rows read from bytes give the same complaints and problems."""
    text = "\n".join([HEADER, *case.lines]) + "\n"
    assert read_bytes(text.encode()) == (list(case.ids), list(case.problems))


def test_crlf_line_ends_count_physical_lines() -> None:
    """CRLF files, with a CRLF inside a quoted field, report the right line."""
    lines = [HEADER, row(Complaint_ID="1", Issue="a\r\nb"), row(Complaint_ID="x"), B]
    assert read_text("\r\n".join(lines) + "\r\n") == (
        ["1", "2"],
        [(4, "Complaint ID 'x' is not a number")],
    )


def test_problem_keeps_the_raw_fields() -> None:
    """A problem carries the row's fields exactly as read."""
    broken = row(Complaint_ID="", State=" TX ")
    (problem,) = load_cfpb(io.StringIO(f"{HEADER}\n{broken}\n", newline="")).problems
    assert problem == RowProblem(2, "empty Complaint ID", fields(broken))


def test_good_row_maps_every_column() -> None:
    """A good row becomes a complaint with each documented mapping applied."""
    text = f"{HEADER}\n{row(Date_sent_to_company='', Timely_response='', Sub_product='')}\n"
    (complaint,) = load_cfpb(io.StringIO(text, newline="")).complaints
    assert complaint == CfpbComplaint(
        complaint_id="1001",
        date_received=date(2023, 7, 19),
        date_sent_to_company=None,
        product="Debt collection",
        sub_product=None,
        issue="Attempts to collect debt not owed",
        sub_issue="Debt is not yours",
        narrative=None,
        company_public_response=None,
        company="EXAMPLE BANK, N.A.",
        state="LA",
        zip_code="705XX",
        tags=("Older American", "Servicemember"),
        consumer_consent=None,
        submitted_via="Web",
        company_response="Closed with explanation",
        timely=None,
        disputed=None,
    )


def test_yes_no_values_map_to_booleans() -> None:
    """Yes and No become True and False in both yes/no columns."""
    text = f"{HEADER}\n{row(Timely_response='No', Consumer_disputed='Yes')}\n"
    (complaint,) = load_cfpb(io.StringIO(text, newline="")).complaints
    assert (complaint.timely, complaint.disputed) == (False, True)


def test_columns_are_found_by_name() -> None:
    """Columns may come in any order, and unknown columns are ignored."""
    columns = ["Extra", *reversed(COLUMNS)]
    values = ["x", *reversed(fields(row()))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([columns, values])
    (complaint,) = load_cfpb(io.StringIO(out.getvalue(), newline="")).complaints
    assert (complaint.complaint_id, complaint.company) == ("1001", "EXAMPLE BANK, N.A.")


def test_header_without_required_columns_raises() -> None:
    """A header lacking columns raises DataError at line 1 naming each missing column."""
    header = ",".join(c for c in COLUMNS if c not in ("Complaint ID", "Tags"))
    with pytest.raises(DataError) as caught:
        load_cfpb(io.StringIO(header + "\n", newline=""))
    assert caught.value.where == "line 1"
    assert caught.value.problem == "header lacks required column(s): 'Tags', 'Complaint ID'"


def test_empty_file_raises() -> None:
    """An empty file has no header and raises DataError."""
    with pytest.raises(DataError, match="empty file"):
        load_cfpb(io.StringIO(""))


def test_duplicate_check_can_be_turned_off() -> None:
    """With check_duplicates=False a repeated id is returned twice."""
    text = f"{HEADER}\n{A}\n{A}\n"
    result = load_cfpb(io.StringIO(text, newline=""), check_duplicates=False)
    assert [c.complaint_id for c in result.complaints] == ["1", "1"]


def test_reader_streams_and_leaves_a_stream_open() -> None:
    """read_cfpb yields rows one at a time and does not close a stream it was given."""
    stream = io.StringIO(f"{HEADER}\n{A}\nbroken\n{B}\n", newline="")
    rows = read_cfpb(stream)
    first = next(rows)
    assert isinstance(first, CfpbComplaint)
    assert first.complaint_id == "1"
    assert [type(r).__name__ for r in rows] == ["RowProblem", "CfpbComplaint"]
    assert not stream.closed


def test_path_and_str_sources_skip_a_byte_order_mark(tmp_path: Path) -> None:
    """A file named by Path or str is read as UTF-8 with or without a byte-order mark."""
    path = tmp_path / "export.csv"
    path.write_text(f"\ufeff{HEADER}\n{A}\n", encoding="utf-8")
    assert load_cfpb(path) == load_cfpb(str(path))
    assert [c.complaint_id for c in load_cfpb(path).complaints] == ["1"]


def test_bundled_sample_reads_cleanly() -> None:
    """The bundled sample holds 1,400 good complaints and no problems."""
    with cfpb_sample() as path:
        result = load_cfpb(path)
    assert (len(result.complaints), len(result.problems)) == (1400, 0)
    assert len({c.complaint_id for c in result.complaints}) == 1400


def test_bundled_sample_keeps_real_messiness() -> None:
    """Masked ZIPs, tags, N/A disputes and old complaints in the sample map as documented."""
    with cfpb_sample() as path:
        complaints = load_cfpb(path).complaints
    zips = {c.zip_code for c in complaints}
    assert {"XXXXX", "705XX"} <= zips
    assert sum(c.tags == ("Older American", "Servicemember") for c in complaints) == 8
    assert sum(c.disputed is None for c in complaints) == 1392
    assert sum(c.timely is False for c in complaints) == 1
    assert all(c.narrative is None for c in complaints)
    assert min(c.date_received for c in complaints) == date(2012, 1, 13)
    assert sum(c.state is None for c in complaints) == 10


# Bytes: every record is decoded and parsed on its own ------------------------------------


@final
@attrs.frozen
class ByteCase:
    """Records after the header, as bytes, the limits to read them with, and the outcome."""

    name: str
    lines: tuple[bytes, ...]
    problems: tuple[tuple[int, str], ...]
    ids: tuple[str, ...] = ("1", "2")
    max_field: int = 131_072
    max_record: int = 1 << 20


def b(text: str) -> bytes:
    """Encode ``text`` as UTF-8."""
    return text.encode()


def over_max_record(text: str, limit: int) -> str:
    """Return the problem of the record ``text`` (and its line feed) over ``max_record=limit``."""
    return f"record of {len(b(text)) + 1:,} bytes is longer than max_record ({limit:,} bytes)"


AB, BB = b(A), b(B)
PAST_FIRST_CHUNK = b(row(Complaint_ID="1", Consumer_complaint_narrative="x" * 70_000))
"""Row 1 with a narrative pushing what follows past the first 64 KiB (not checked for NULs)."""
SPANNING_ROW = row(Consumer_complaint_narrative='a,"b"\n' * 500, Complaint_ID="3")
"""Row 3 with a narrative of 500 lines, with commas and quotes in them."""
LONG_ROW = row(Consumer_complaint_narrative="y" * 2_000, Complaint_ID="3")
"""Row 3 with a narrative of 2,000 characters."""
LONG_ID = "9" * 5_000
"""An id beyond int()'s 4,300-digit limit."""

BYTE_CASES = (
    ByteCase(
        "latin-1 byte",
        (AB, row(Company="Caf\xe9", Complaint_ID="3").encode("latin-1"), BB),
        ((3, "not UTF-8: byte 0xE9 on line 3 (invalid continuation byte)"),),
    ),
    ByteCase(
        "bad byte on a later line of a quoted field",
        (AB, row(Issue="a\nb\xe9", Complaint_ID="3").encode("latin-1"), BB),
        ((3, "not UTF-8: byte 0xE9 on line 4 (invalid continuation byte)"),),
    ),
    ByteCase(
        "Windows-1252 curly quote",
        (AB, b(row(Company="x", Complaint_ID="3")).replace(b",x,", b",\x93x\x94,"), BB),
        ((3, "not UTF-8: byte 0x93 on line 3 (invalid start byte)"),),
    ),
    ByteCase(
        "UTF-8 sequence cut by the line end",
        (AB, b(row(Complaint_ID="3")) + b"\xc3", BB),
        ((3, "not UTF-8: byte 0xC3 on line 3 (invalid continuation byte)"),),
    ),
    ByteCase(
        "NUL byte after the first chunk",
        (PAST_FIRST_CHUNK, b(row(State="L\0A", Complaint_ID="3")), BB),
        ((3, "record holds a NUL byte (binary data)"),),
    ),
    ByteCase(
        "Complaint ID of 21 digits",
        (AB, b(row(Complaint_ID="1" * 21)), BB),
        ((3, "Complaint ID of 21 digits is longer than 20"),),
    ),
    ByteCase(
        "Complaint ID beyond int()'s digit limit",
        (AB, b(row(Complaint_ID=LONG_ID)), BB),
        ((3, "Complaint ID of 5,000 digits is longer than 20"),),
    ),
    ByteCase(
        "Complaint ID of 20 digits",
        (AB, b(row(Complaint_ID="9" * 20)), BB),
        (),
        ids=("1", "9" * 20, "2"),
    ),
    ByteCase(
        "leading zeros repeat an id: ids compare as integers",
        (AB, BB, b(row(Complaint_ID="007")), b(row(Complaint_ID="7")), b(row(Complaint_ID="02"))),
        (
            (5, "duplicate Complaint ID '7' (first on line 4)"),
            (6, "duplicate Complaint ID '02' (first on line 3)"),
        ),
        ids=("1", "2", "007"),
    ),
    ByteCase(
        "non-ASCII digits are not a number",
        (AB, b(row(Complaint_ID="\u0663")), BB),
        ((3, "Complaint ID '\u0663' is not a number"),),
    ),
    ByteCase(
        "quoted field over csv's limit, with newlines in it",
        (AB, b(row(Consumer_complaint_narrative="x\n" * 70_000, Complaint_ID="3")), BB),
        ((3, "a field is longer than max_field (131,072 characters)"),),
    ),
    ByteCase(
        "unquoted field over csv's limit",
        (AB, b(row(Consumer_complaint_narrative="x" * 131_073, Complaint_ID="3")), BB),
        ((3, "a field is longer than max_field (131,072 characters)"),),
    ),
    ByteCase(
        "field of exactly max_field characters",
        (AB, b(row(Consumer_complaint_narrative="\xe9" * 131_072, Complaint_ID="3")), BB),
        (),
        ids=("1", "3", "2"),
    ),
    ByteCase(
        "field over a smaller max_field",
        (AB, b(row(Consumer_complaint_narrative="x" * 41, Complaint_ID="3")), BB),
        ((3, "a field is longer than max_field (40 characters)"),),
        max_field=40,
    ),
    ByteCase(
        "record over max_record",
        (AB, b(LONG_ROW), BB),
        (
            (
                3,
                over_max_record(LONG_ROW, 1_000),
            ),
        ),
        max_record=1_000,
    ),
    ByteCase(
        "record over max_record across lines, then a broken row: lines stay right",
        (
            AB,
            b(SPANNING_ROW),
            b(row(Complaint_ID="x")),
            BB,
        ),
        (
            (
                3,
                over_max_record(SPANNING_ROW, 1_000),
            ),
            (504, "Complaint ID 'x' is not a number"),
        ),
        max_record=1_000,
    ),
    ByteCase(
        "long bad value is cut short in the message",
        (AB, b(row(Date_received="2" * 100, Complaint_ID="3")), BB),
        ((3, f"Date received {'2' * 40!r}... (100 characters) is not a date {EXPECTED_DATE}"),),
    ),
    ByteCase(
        "lone CR in an unquoted field",
        (AB, b(row(Issue="ab", Complaint_ID="3")).replace(b",ab,", b",a\rb,"), BB),
        (
            (
                3,
                "malformed CSV: new-line character seen in unquoted field - "
                "do you need to open the file in universal-newline mode?",
            ),
        ),
    ),
    ByteCase(
        "quote inside an unquoted field is an ordinary character",
        (AB, b(row(Company="x", Complaint_ID="3")).replace(b",x,", b',O"Brien,'), BB),
        (),
        ids=("1", "3", "2"),
    ),
    ByteCase(
        "CRLF line ends and a CRLF in a quoted field",
        (AB + b"\r", b(row(Issue="a\r\nb", Complaint_ID="x")) + b"\r", BB + b"\r"),
        ((3, "Complaint ID 'x' is not a number"),),
    ),
    ByteCase(
        "last record without a line end",
        (AB, BB.removesuffix(b"\n") + b"\n" + b(row(Complaint_ID="3")).rstrip(b"\n")),
        (),
        ids=("1", "2", "3"),
    ),
)


@pytest.mark.parametrize("case", BYTE_CASES, ids=[c.name for c in BYTE_CASES])
def test_broken_record_is_a_problem_and_every_record_after_it_is_read(case: ByteCase) -> None:
    """A record that cannot be decoded, is over a limit or has a bad id is one problem, no crash."""
    data = b"\n".join([b(HEADER), *case.lines]) + b"\n"
    assert read_bytes(data, max_field=case.max_field, max_record=case.max_record) == (
        list(case.ids),
        list(case.problems),
    )


@final
class OneByte(io.BytesIO):
    """A binary stream giving one byte per read, so that every record crosses reads."""

    def read(self, size: int | None = -1, /) -> bytes:
        """Return the next byte."""
        return super().read(1)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_reading_one_byte_at_a_time_gives_the_same_rows(case: Case) -> None:
    """Records split across reads at every byte are read as when they come whole."""
    data = b("\n".join([HEADER, *case.lines]) + "\n")
    assert load_cfpb(OneByte(data)) == load_cfpb(io.BytesIO(data))


def test_latin1_file_by_path_keeps_the_good_rows_around_the_bad_one(tmp_path: Path) -> None:
    """A latin-1 byte in a file read by path is a problem on its line, not a crash."""
    path = tmp_path / "export.csv"
    lines = [HEADER, A, row(State="\xc9", Complaint_ID="3"), B]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    assert outcome(load_cfpb(path)) == (
        ["1", "2"],
        [(3, "not UTF-8: byte 0xC9 on line 3 (invalid continuation byte)")],
    )


@final
@attrs.frozen
class NotText:
    """Input that is not UTF-8 CSV at all, and the DataError it raises at line 1."""

    name: str
    data: bytes
    problem: str
    max_record: int = 1 << 20


CSV_TEXT = f"{HEADER}\n{A}\n"
NOT_TEXT = (
    NotText(
        "UTF-16 with a byte-order mark",
        CSV_TEXT.encode("utf-16"),
        "UTF-16 (or UTF-32) little-endian text (byte-order mark); re-encode as UTF-8",
    ),
    NotText(
        "UTF-16 big-endian with a byte-order mark",
        ("\ufeff" + CSV_TEXT).encode("utf-16-be"),
        "UTF-16 big-endian text (byte-order mark); re-encode as UTF-8",
    ),
    NotText(
        "UTF-32 with a byte-order mark",
        CSV_TEXT.encode("utf-32"),
        "UTF-16 (or UTF-32) little-endian text (byte-order mark); re-encode as UTF-8",
    ),
    NotText(
        "UTF-16 without a byte-order mark",
        CSV_TEXT.encode("utf-16-le"),
        "binary data, not UTF-8 text (a NUL byte at offset 1; UTF-16 without a mark?)",
    ),
    NotText(
        "binary data",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        "binary data, not UTF-8 text (a NUL byte at offset 8; UTF-16 without a mark?)",
    ),
    NotText(
        "gzip data in a stream",
        gzip.compress(CSV_TEXT.encode()),
        "gzip-compressed data; pass the path, or a gzip.open() stream",
    ),
    NotText(
        "latin-1 header",
        CSV_TEXT.replace("Product", "Pr\xf6duct").encode("latin-1"),
        "unreadable header: not UTF-8: byte 0xF6 on line 1 (invalid start byte)",
    ),
    NotText(
        "malformed header",
        b'"Date" received,Product\n',
        "unreadable header: ',' expected after '\"'",
    ),
    NotText(
        "header over max_record",
        CSV_TEXT.encode(),
        f"unreadable header: record of {len(HEADER) + 1} bytes "
        "is longer than max_record (100 bytes)",
        max_record=100,
    ),
    NotText("empty file", b"", "empty file: no header"),
    NotText("only a byte-order mark", b"\xef\xbb\xbf", "empty file: no header"),
)


@pytest.mark.parametrize("case", NOT_TEXT, ids=[c.name for c in NOT_TEXT])
def test_input_that_is_not_utf8_csv_raises_data_error_at_line_1(case: NotText) -> None:
    """UTF-16, binary or compressed bytes, or an unreadable header, raise DataError at line 1."""
    with pytest.raises(DataError) as caught:
        load_cfpb(io.BytesIO(case.data), max_record=case.max_record)
    assert (caught.value.where, caught.value.problem) == ("line 1", case.problem)


def test_gzip_path_reads_as_the_plain_file(tmp_path: Path) -> None:
    """A gzip-compressed export named by path is decompressed as it is read."""
    text = f"\ufeff{HEADER}\n{A}\nbroken\n{B}\n"
    plain, packed = tmp_path / "export.csv", tmp_path / "export.csv.gz"
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(gzip.compress(text.encode()))
    assert load_cfpb(packed) == load_cfpb(str(packed)) == load_cfpb(plain)
    assert outcome(load_cfpb(packed)) == (
        ["1", "2"],
        [(3, "truncated record: 1 fields, expected 18")],
    )


def ids_until_error(rows: Iterator[CfpbComplaint | RowProblem]) -> tuple[list[str], DataError]:
    """Read complaint ids from ``rows`` until a DataError; return them and the error."""
    ids: list[str] = []
    try:
        for item in rows:
            assert isinstance(item, CfpbComplaint)
            ids.append(item.complaint_id)
    except DataError as error:
        return ids, error
    raise AssertionError("no DataError raised")


def test_corrupt_gzip_raises_data_error_after_the_rows_before_it(tmp_path: Path) -> None:
    """A truncated gzip export yields its readable rows, then raises DataError."""
    path = tmp_path / "export.csv.gz"
    rows = "".join(row(Complaint_ID=str(n)) + "\n" for n in range(1, 2_001))
    path.write_bytes(gzip.compress(f"{HEADER}\n{rows}".encode(), mtime=0)[:-5_000])
    ids, error = ids_until_error(read_cfpb(path))
    assert ids == [str(n) for n in range(1, len(ids) + 1)]
    assert error.problem.startswith("corrupt gzip data: ")
    assert error.where == f"line {len(ids) + 2}"


def test_text_stream_that_cannot_decode_raises_data_error() -> None:
    """A text stream whose own decoding fails raises DataError, not UnicodeDecodeError."""
    rows = "".join(row(Complaint_ID=str(n)) + "\n" for n in range(1, 400))
    bad = row(State="\xc9", Complaint_ID="400")
    data = f"{HEADER}\n{rows}{bad}\n".encode("latin-1")
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    ids, error = ids_until_error(read_cfpb(stream))
    assert ids == [str(n) for n in range(1, len(ids) + 1)]
    assert error.problem.startswith("the text stream could not decode its input: ")
    assert error.where == f"line {len(ids) + 2}"


def test_every_source_reads_the_sample_alike() -> None:
    """A path, a binary stream, a text stream and a gzip stream give the same result."""
    with cfpb_sample() as path:
        by_path = load_cfpb(path)
        data = path.read_bytes()
    assert load_cfpb(io.BytesIO(data)) == by_path
    assert load_cfpb(io.StringIO(data.decode(), newline="")) == by_path
    with gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(data))) as unpacked:
        assert load_cfpb(cast(BinaryIO, unpacked)) == by_path
    assert by_path.rows_read == 1400


def test_rows_read_counts_rows_but_not_blank_lines() -> None:
    """rows_read counts every record after the header, good or not, except blank lines."""
    data = f"{HEADER}\n\n{A}\r\n\r\nbroken\n\n{B}\n\n".encode()
    result = load_cfpb(io.BytesIO(data))
    assert (result.rows_read, len(result.complaints), len(result.problems)) == (3, 2, 1)


def test_result_built_by_hand_counts_its_rows() -> None:
    """A CfpbReadResult built without rows_read counts its complaints and problems."""
    problem = RowProblem(2, "broken", ())
    assert CfpbReadResult((), (problem, problem)).rows_read == 2


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_field": 0}, "max_field must be a positive int, got 0"),
        ({"max_record": -1}, "max_record must be a positive int, got -1"),
        ({"max_record": True}, "max_record must be a positive int, got True"),
        ({"max_field": 131_073}, r"max_field=131073 is above csv.field_size_limit\(\) \(131072\)"),
    ],
)
def test_bad_limits_are_refused_at_the_call(limits: dict[str, int], message: str) -> None:
    """A limit below 1, not an int, or a max_field above csv's own limit raises InvalidValue."""
    with pytest.raises(InvalidValue, match=message):
        read_cfpb(io.BytesIO(b""), **limits)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match=message):
        load_cfpb(io.BytesIO(b""), **limits)  # type: ignore[arg-type]


@final
class Generated:
    """A binary stream of ``chunks`` made on demand: the whole input is never in memory."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def read(self, size: int = -1) -> bytes:
        """Return the next chunk (each is at most 64 KiB), or b"" at the end."""
        return next(self._chunks, b"")


def test_one_huge_line_costs_bounded_memory_and_the_next_row_is_read() -> None:
    """A 50 MB record is dropped as it streams by: memory stays near max_record, not the line."""
    before, after = b(row(Consumer_complaint_narrative="@\n", Complaint_ID="3")).split(b"@")
    assert before.endswith(b',"')
    # 60 kB of narrative, with commas, newlines and doubled quotes in it.
    piece = b"words, and more words\n" * 2_700 + b'a ""quoted"" word\n'
    pieces = 50_000_000 // len(piece) + 1

    def chunks() -> Iterator[bytes]:
        yield b(f"{HEADER}\n{A}\n") + before
        for _ in range(pieces):
            yield piece
        yield after + b"\n" + b(row(Complaint_ID="x")) + b"\n" + BB

    size = len(before) + pieces * len(piece) + len(after) + 1
    lines = pieces * piece.count(b"\n") + after.count(b"\n") + 1
    tracemalloc.start()
    try:
        result = load_cfpb(cast(BinaryIO, Generated(chunks())))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 50_000_000
    assert peak < 4 * (1 << 20)
    assert outcome(result) == (
        ["1", "2"],
        [
            (3, f"record of {size:,} bytes is longer than max_record (1,048,576 bytes)"),
            (3 + lines, "Complaint ID 'x' is not a number"),
        ],
    )


def test_binary_stream_is_left_open() -> None:
    """read_cfpb streams rows from a binary stream and does not close it."""
    stream = io.BytesIO(b(f"{HEADER}\n{A}\nbroken\n{B}\n"))
    rows = read_cfpb(stream)
    assert isinstance(next(rows), CfpbComplaint)
    assert [type(r).__name__ for r in rows] == ["RowProblem", "CfpbComplaint"]
    assert not stream.closed
