"""What one partition counted: a mutable tally that merges, then becomes the report.

Rules:

* A tally holds counts keyed by small tuples, never a case: its size grows
  with the distinct companies, products, months and states, not with the rows.
  What grows with the rows is bounded and said: the bad rows (kept in full for
  the report) and, when duplicates are checked, the complaint ids (sorted,
  delta-encoded and compressed: a byte or two each for an export's ids), so
  partitions can be checked against each other.
* Tallies merge in any order and give the same report: "first" examples keep
  the smallest position in the file, and bad rows are sorted by line at the end.
"""

from __future__ import annotations

import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Final
from typing import final

from custrecovery.replay._config import ReplayConfig
from custrecovery.replay._report import ClockRow
from custrecovery.replay._report import ClockSummary
from custrecovery.replay._report import GoodwillTotal
from custrecovery.replay._report import RefusalCount
from custrecovery.replay._report import ReplayProblem
from custrecovery.replay._report import ReplayReport

__all__ = ["Tally"]

_MAX_ID: Final = (1 << 64) - 1
_CHUNK: Final = 1 << 14
"""Packed bytes unpacked at a time while the ids are merged."""

# (clock set, clock, phase, company, product, month)
ClockKey = tuple[str, str, str, str, str, str]


@final
class _Refusals:
    """Refusals by one rule: how many, and the first in file order."""

    __slots__ = ("count", "example", "position")

    def __init__(self, count: int, position: tuple[int, int], example: str) -> None:
        self.count, self.position, self.example = count, position, example

    def add(self, count: int, position: tuple[int, int], example: str) -> None:
        self.count += count
        if position < self.position:
            self.position, self.example = position, example


@final
class _Offers:
    """Goodwill offers in one category and currency."""

    __slots__ = ("offers", "total")

    def __init__(self, offers: int, total: Decimal) -> None:
        self.offers, self.total = offers, total


@final
class Tally:
    """Counts from one partition (or several, merged)."""

    def __init__(self, index: int = 0) -> None:
        self.index = index
        self.rows = 0
        self.cases = 0
        self.events = 0
        self.states: Counter[str] = Counter()
        self.responses: Counter[str] = Counter()
        self.clocks: Counter[ClockKey] = Counter()
        self.refusals: dict[str, _Refusals] = {}
        self.goodwill: dict[tuple[str, str], _Offers] = {}
        self.boundaries: Counter[str] = Counter()
        self.problems: list[tuple[int, str]] = []
        self.ids = array("Q")
        """Complaint ids of the good rows, until :meth:`seal` packs them."""
        self.packed_ids = b""
        self.big_ids: list[int] = []
        """Ids above 2**64 - 1 (up to 20 digits), kept apart."""
        self.problem_ids: list[tuple[int, int]] = []
        """(id, line) of bad rows whose id is readable: they may duplicate another partition."""

    def refuse(self, rule: str, position: tuple[int, int], example: str) -> None:
        """Count a refusal by ``rule``; keep the example first in the file."""
        entry = self.refusals.get(rule)
        if entry is None:
            self.refusals[rule] = _Refusals(1, position, example)
        else:
            entry.add(1, position, example)

    def offer(self, category: str, currency: str, amount: Decimal) -> None:
        """Count a goodwill offer."""
        entry = self.goodwill.get((category, currency))
        if entry is None:
            self.goodwill[(category, currency)] = _Offers(1, amount)
        else:
            entry.offers += 1
            entry.total += amount

    def add_id(self, complaint_id: int) -> None:
        """Remember a good row's id for the check across partitions."""
        if complaint_id <= _MAX_ID:
            self.ids.append(complaint_id)
        else:
            self.big_ids.append(complaint_id)

    def seal(self) -> Tally:
        """Sort and pack the ids once the partition is done; return self.

        Packed: the sorted ids' differences, zlib-compressed. Ids close together
        (as in an export) take a byte or two each instead of eight, so the ids
        kept for the duplicate check barely grow with the file.
        """
        ordered = sorted(self.ids)
        deltas = array("Q", [b - a for a, b in zip([0, *ordered], ordered, strict=False)])
        self.packed_ids = zlib.compress(deltas.tobytes(), 1)
        self.ids = array("Q")
        self.big_ids.sort()
        return self

    def iter_ids(self) -> Iterator[int]:
        """The good rows' ids in increasing order, unpacked a chunk at a time."""
        unpack = zlib.decompressobj()
        data = memoryview(self.packed_ids)
        running, rest = 0, b""
        for at in range(0, len(data), _CHUNK):
            raw = rest + unpack.decompress(data[at : at + _CHUNK])
            whole = len(raw) - len(raw) % 8
            deltas = array("Q")
            deltas.frombytes(raw[:whole])
            rest = raw[whole:]
            for delta in deltas:
                running += delta
                yield running
        yield from self.big_ids

    def ids_only(self) -> Tally:
        """A tally holding only this one's ids (what the duplicate check needs)."""
        light = Tally(self.index)
        light.packed_ids, light.big_ids = self.packed_ids, self.big_ids
        light.problem_ids = self.problem_ids
        return light

    def has_id(self, complaint_id: int) -> bool:
        """Whether a good row of this partition has ``complaint_id`` (after :meth:`seal`)."""
        for known in self.iter_ids():
            if known >= complaint_id:
                return known == complaint_id
        return False

    def merge(self, other: Tally) -> None:
        """Add ``other``'s counts to this tally (ids are not merged)."""
        self.rows += other.rows
        self.cases += other.cases
        self.events += other.events
        self.states.update(other.states)
        self.responses.update(other.responses)
        self.clocks.update(other.clocks)
        self.boundaries.update(other.boundaries)
        self.problems += other.problems
        for rule, theirs in other.refusals.items():
            entry = self.refusals.get(rule)
            if entry is None:
                self.refusals[rule] = _Refusals(theirs.count, theirs.position, theirs.example)
            else:
                entry.add(theirs.count, theirs.position, theirs.example)
        for key, offered in other.goodwill.items():
            mine = self.goodwill.get(key)
            if mine is None:
                self.goodwill[key] = _Offers(offered.offers, offered.total)
            else:
                mine.offers += offered.offers
                mine.total += offered.total

    def report(
        self,
        *,
        source: str,
        kind: str,
        config: ReplayConfig,
        fingerprint: str,
        as_of: datetime,
        partitions: int,
        seconds: float,
    ) -> ReplayReport:
        """The report these counts make."""
        return ReplayReport(
            source=source,
            kind=kind,
            config=config,
            fingerprint=fingerprint,
            as_of=as_of,
            rows_read=self.rows,
            cases=self.cases,
            events=self.events,
            by_state=_sorted(self.states),
            by_response=_sorted(self.responses),
            clocks=_clock_summaries(self.clocks),
            refusals=tuple(
                sorted(
                    (
                        RefusalCount(rule, entry.count, entry.example)
                        for rule, entry in self.refusals.items()
                    ),
                    key=lambda r: (-r.count, r.rule),
                )
            ),
            goodwill=tuple(
                GoodwillTotal(category, currency, entry.offers, entry.total)
                for (category, currency), entry in sorted(self.goodwill.items())
            ),
            boundaries=_sorted(self.boundaries),
            problems=tuple(ReplayProblem(line, text) for line, text in sorted(self.problems)),
            partitions=partitions,
            seconds=seconds,
        )


def _sorted(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _clock_summaries(clocks: Counter[ClockKey]) -> tuple[ClockSummary, ...]:
    # (set, clock) -> dimension -> key -> [met, breached, open]
    tables: dict[tuple[str, str], list[dict[str, list[int]]]] = {}
    for (clock_set, clock, phase, company, product, month), count in clocks.items():
        dims = tables.setdefault((clock_set, clock), [{}, {}, {}, {}])
        column = 0 if phase == "met" else 1 if phase == "breached" else 2
        for dim, key_value in enumerate(("", company, product, month)):
            dims[dim].setdefault(key_value, [0, 0, 0])[column] += count
    summaries = []
    for (clock_set, clock), (total, by_company, by_product, by_month) in sorted(tables.items()):
        met, breached, still_open = total[""]
        summaries.append(
            ClockSummary(
                clock_set=clock_set,
                clock=clock,
                met=met,
                breached=breached,
                open=still_open,
                by_company=_rows(by_company),
                by_product=_rows(by_product),
                by_month=tuple(ClockRow(k, *v) for k, v in sorted(by_month.items())),
            )
        )
    return tuple(summaries)


def _rows(table: dict[str, list[int]]) -> tuple[ClockRow, ...]:
    rows = [ClockRow(key, *counts) for key, counts in table.items()]
    return tuple(sorted(rows, key=lambda r: (-r.breached, -r.total, r.key)))
