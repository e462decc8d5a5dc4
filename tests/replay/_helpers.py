"""Shared by the replay tests: a fixed ``as_of``, a messy CFPB file, and a one-pass oracle."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import OfferGoodwill
from custrecovery.packs.rail import GB_RAIL_DELAY_REPAY
from custrecovery.replay import ReplayConfig
from custrecovery.sources import COLUMNS
from custrecovery.sources import RowProblem
from custrecovery.sources import cfpb_sample
from custrecovery.sources import read_cfpb

AS_OF = datetime(2026, 1, 1, tzinfo=timezone.utc)
CONFIG = ReplayConfig(as_of=AS_OF)


def sample_records(count: int) -> list[list[str]]:
    """The first ``count`` records of the bundled sample, as fields in COLUMNS order."""
    with cfpb_sample() as path:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    return rows[1 : count + 1]


def write_messy_csv(path: Path) -> Path:
    """A CFPB file with bad rows spread over it: bad dates, unknown values, short
    records, a quoted narrative with line feeds and quotes, and complaint ids repeated
    near and far (so that small partitions split them).
    """
    records = sample_records(300)
    narrative = COLUMNS.index("Consumer complaint narrative")
    id_at = COLUMNS.index("Complaint ID")
    received = COLUMNS.index("Date received")
    timely = COLUMNS.index("Timely response?")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, record in enumerate(records):
        record = list(record)
        if n % 17 == 3:
            record[narrative] = 'I wrote "twice",\nthen\n"again", and,\nwaited'
        if n % 41 == 5:
            record[received] = "2023-13-45"
        if n % 53 == 7:
            record[timely] = "Maybe"
        if n % 29 == 11:
            record[id_at] = records[n // 3][id_at]  # a repeat of an earlier (or own) id
        if n % 61 == 13:
            writer.writerow(record[:5])  # a truncated record
            continue
        if n == 250:
            record[id_at] = "007"
        if n == 280:
            record[id_at] = "7"  # the same id as "007"
            record[received] = "yesterday"  # and a bad date too
        writer.writerow(record)
    path.write_bytes(out.getvalue().encode())
    return path


def one_pass_problems(path: Path) -> list[tuple[int, str]]:
    """The bad rows one pass of the reader finds, as (line, problem)."""
    return [(row.line, row.problem) for row in read_cfpb(path) if isinstance(row, RowProblem)]


class RailDelayRepay:
    """A test plugin proposing GB rail Delay Repay (so goodwill has an amount)."""

    plugin_name = "tests.rail_delay_repay"

    @hookimpl
    def register_compensation_strategies(self) -> list[object]:
        """The Delay Repay schedule."""
        return [GB_RAIL_DELAY_REPAY]


def goodwill_story() -> cr.Case:
    """A case recorded, acknowledged, assessed and offered 40.00 EUR of goodwill by Bob."""
    t0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    alice = cr.Actor("alice", "Alice", role="agent", team="rail")
    rules = GoodwillRules(authority=AuthorityLimits({"agent": cr.Money("50", "EUR")}))
    desk = cr.Desk(plugins=[RailDelayRepay()], goodwill=rules, entry_points=False)
    complaint = cr.Complaint(
        "R-1", cr.Customer("c-1", "Cara"), cr.Channel.PHONE, t0, "train late", category="rail"
    )
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=cr.Money("40", "EUR"),
        time_lost=timedelta(minutes=90),
    )
    case = desk.record(complaint, by=alice, at=t0)
    decision = desk.decide_goodwill(facts, requested_by=alice, for_case=case)
    return desk.apply_all(
        case,
        [
            Acknowledge(by=alice, at=t0 + timedelta(minutes=1)),
            Assess(by=alice, at=t0 + timedelta(minutes=2)),
            OfferGoodwill(by=alice, at=t0 + timedelta(minutes=3), decision=decision),
        ],
    )
