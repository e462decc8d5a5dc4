"""Mapping one CFPB record to a complaint or a row problem, field by field.

Dates are ISO ``YYYY-MM-DD`` (parsed dates are kept in a bounded cache); a
complaint id is at most 20 ASCII digits and ids compare as integers; a value
shown in a problem is cut to a few dozen characters.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from typing import Final

from custrecovery.sources._cfpb_values import CfpbComplaint
from custrecovery.sources._cfpb_values import RowProblem

__all__ = []


_MAX_ID_DIGITS: Final = 20
"""The longest Complaint ID, in digits (the export's are 7 or 8 digits long)."""


_DATES_KEPT: Final = 4096
"""Parsed dates remembered while reading (an export has about 365 a year it spans)."""


_SHOWN: Final = 40
"""Characters of a bad value quoted in a problem; a longer value is cut short."""


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)


_TIMELY: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "": None}


_DISPUTED: Final[dict[str, bool | None]] = {"Yes": True, "No": False, "N/A": None, "": None}


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
