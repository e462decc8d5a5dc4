"""What a replay found, as one frozen value, and its JSON form.

Rules:

* A :class:`ReplayReport` is plain data: counts, sorted tables and the bad
  rows; it holds no case and no desk, so it is the same whether the replay ran
  in one process or on a cluster, and two reports compare with ``==``
  (:meth:`ReplayReport.comparable` drops the timings and partition count).
* Tables are sorted by count, largest first, then by key, so equal replays give
  equal reports.
* It reconciles: every row read is a case or a bad row
  (:attr:`ReplayReport.reconciled`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from typing import final

import attrs

from custrecovery.replay._config import ReplayConfig

__all__ = [
    "ClockRow",
    "ClockSummary",
    "GoodwillTotal",
    "RefusalCount",
    "ReplayProblem",
    "ReplayReport",
]


@final
@attrs.frozen
class ClockRow:
    """One clock's outcomes for one company, product or month."""

    key: str
    met: int
    breached: int
    open: int
    """Running, paused or not started at ``as_of``."""

    @property
    def total(self) -> int:
        """Cases the clock was read on."""
        return self.met + self.breached + self.open


@final
@attrs.frozen(kw_only=True)
class ClockSummary:
    """Where one clock stood at ``as_of`` over all cases, and broken down."""

    clock_set: str
    clock: str
    met: int
    breached: int
    open: int
    by_company: tuple[ClockRow, ...]
    by_product: tuple[ClockRow, ...]
    by_month: tuple[ClockRow, ...]
    """By month received (``YYYY-MM``), in calendar order."""


@final
@attrs.frozen
class RefusalCount:
    """How often one rule (the refusal's error type) refused an operation."""

    rule: str
    count: int
    example: str
    """The first refusal seen in file order: ``"<case id>: <message>"``."""


@final
@attrs.frozen
class GoodwillTotal:
    """Goodwill offered in one complaint category and currency."""

    category: str
    currency: str
    offers: int
    total: Decimal


@final
@attrs.frozen
class ReplayProblem:
    """A row that could not be replayed, with its line in the input file."""

    line: int
    problem: str


def _sorted_counts(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@final
@attrs.frozen(kw_only=True)
class ReplayReport:
    """What replaying one source under one configuration gave."""

    source: str
    """The input's file name."""
    kind: str
    """``"cfpb"`` (a CFPB export) or ``"cases"`` (JSONL case documents)."""
    config: ReplayConfig
    fingerprint: str
    """The desk's fingerprint: which lifecycle and rules the replay ran under."""
    as_of: datetime
    """When the clocks were read."""
    rows_read: int
    cases: int
    events: int
    by_state: tuple[tuple[str, int], ...]
    by_response: tuple[tuple[str, int], ...]
    """CFPB "Company response to consumer" counts (empty for case documents)."""
    clocks: tuple[ClockSummary, ...]
    refusals: tuple[RefusalCount, ...]
    goodwill: tuple[GoodwillTotal, ...]
    boundaries: tuple[tuple[str, int], ...]
    """Boundary decisions on record, by action."""
    problems: tuple[ReplayProblem, ...]
    """Bad rows in line order."""
    partitions: int = 1
    seconds: float = 0.0

    @property
    def reconciled(self) -> bool:
        """Whether every row read is a case or a bad row."""
        return self.rows_read == self.cases + len(self.problems)

    @property
    def reconciliation(self) -> str:
        """The reconciliation line: ``rows read N = cases C + bad rows P``."""
        sign = "=" if self.reconciled else "!="
        return (
            f"rows read {self.rows_read:,} {sign} cases {self.cases:,} "
            f"+ bad rows {len(self.problems):,}"
        )

    @property
    def rows_per_second(self) -> float:
        """Rows read per second of wall-clock time."""
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0

    def comparable(self) -> ReplayReport:
        """This report without what depends on how it ran (timing, partitions)."""
        return attrs.evolve(self, partitions=1, seconds=0.0)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (amounts as decimal strings)."""
        return {
            "source": self.source,
            "kind": self.kind,
            "config": self.config.to_mapping(),
            "fingerprint": self.fingerprint,
            "as_of": self.as_of.isoformat(),
            "rows_read": self.rows_read,
            "cases": self.cases,
            "bad_rows": len(self.problems),
            "reconciled": self.reconciled,
            "events": self.events,
            "by_state": dict(self.by_state),
            "by_response": dict(self.by_response),
            "clocks": [_clock_dict(summary) for summary in self.clocks],
            "refusals": [attrs.asdict(refusal) for refusal in self.refusals],
            "goodwill": [
                {
                    "category": g.category,
                    "currency": g.currency,
                    "offers": g.offers,
                    "total": str(g.total),
                }
                for g in self.goodwill
            ],
            "boundaries": dict(self.boundaries),
            "problems": [attrs.asdict(problem) for problem in self.problems],
            "partitions": self.partitions,
            "seconds": round(self.seconds, 3),
        }


def _clock_dict(summary: ClockSummary) -> dict[str, Any]:
    def rows(table: tuple[ClockRow, ...]) -> list[dict[str, Any]]:
        return [attrs.asdict(row) for row in table]

    return {
        "clock_set": summary.clock_set,
        "clock": summary.clock,
        "met": summary.met,
        "breached": summary.breached,
        "open": summary.open,
        "by_company": rows(summary.by_company),
        "by_product": rows(summary.by_product),
        "by_month": rows(summary.by_month),
    }
