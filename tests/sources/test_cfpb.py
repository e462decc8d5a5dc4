"""Tests for the CFPB complaint reader: the bundled sample and a corpus of broken rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import final

import attrs
import pytest

from custrecovery.errors import DataError
from custrecovery.sources import COLUMNS
from custrecovery.sources import CfpbComplaint
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
    """Read CSV text; return the good complaint ids and the (line, problem) pairs."""
    result = load_cfpb(io.StringIO(text, newline=""))
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
