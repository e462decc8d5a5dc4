"""What the CFPB reader yields: a complaint as the export has it, a row problem, a result."""

from __future__ import annotations

from datetime import date
from typing import Final
from typing import final

import attrs

__all__ = ["COLUMNS", "CfpbComplaint", "CfpbReadResult", "RowProblem"]


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
