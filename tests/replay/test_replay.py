"""The replay engine: reports reconcile, bad rows keep their lines, partitions change nothing."""

from __future__ import annotations

import gzip
import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from custrecovery.errors import DataError
from custrecovery.errors import InvalidValue
from custrecovery.replay import ReplayConfig
from custrecovery.replay import ReplayProgress
from custrecovery.replay import plan_partitions
from custrecovery.replay import replay
from custrecovery.replay import replay_cfpb
from custrecovery.replay import report_html
from custrecovery.replay import report_json
from custrecovery.replay import report_text
from custrecovery.replay import synthetic_cfpb
from custrecovery.sources import cfpb_sample
from custrecovery.sources import read_cfpb
from tests.replay._helpers import AS_OF
from tests.replay._helpers import CONFIG
from tests.replay._helpers import one_pass_problems
from tests.replay._helpers import write_messy_csv


@pytest.fixture(scope="module")
def sample() -> Path:
    """The bundled sample's path."""
    with cfpb_sample() as path:
        return path


def test_sample_report_reconciles_and_matches_the_streaming_replay(sample: Path) -> None:
    """Replaying the sample gives the streaming replay's states, with rows = cases + bad rows."""
    report = replay(sample, CONFIG)
    summary = replay_cfpb(read_cfpb(sample))
    assert report.reconciled
    assert (report.rows_read, report.cases, report.problems) == (1400, 1400, ())
    assert report.by_state == summary.by_state
    assert report.by_response == summary.by_response
    assert report.events == summary.events
    assert report.as_of == AS_OF
    assert "rows read 1,400 = cases 1,400 + bad rows 0" in report_text(report)


def test_sample_clocks_are_read_per_clock_company_product_and_month(sample: Path) -> None:
    """Each CFPB clock counts every case once, overall and in each breakdown."""
    report = replay(sample, CONFIG)
    assert [(c.clock_set, c.clock) for c in report.clocks] == [
        ("CFPB", "final_response"),
        ("CFPB", "response"),
    ]
    for summary in report.clocks:
        assert summary.met + summary.breached + summary.open == 1400
        for table in (summary.by_company, summary.by_product, summary.by_month):
            assert sum(row.total for row in table) == 1400
        assert [row.key for row in summary.by_month] == sorted(r.key for r in summary.by_month)
    response = report.clocks[1]
    assert response.breached == 0  # every mapped response comes within hours


@pytest.mark.parametrize("target", [1, 997, 20_000, 1 << 30])
def test_partitions_give_the_one_pass_report(sample: Path, target: int) -> None:
    """However small the partitions, the report is the one-partition report."""
    whole = replay(sample, CONFIG, partition_bytes=1 << 30)
    assert replay(sample, CONFIG, partition_bytes=target).comparable() == whole.comparable()


@pytest.mark.parametrize("target", [50, 4_000, 1 << 30])
def test_bad_rows_keep_their_lines_and_messages_across_partitions(
    tmp_path: Path, target: int
) -> None:
    """Bad rows (duplicates split across partitions too) are the reader's one-pass rows."""
    path = write_messy_csv(tmp_path / "messy.csv")
    expected = one_pass_problems(path)
    assert any("duplicate" in problem for _, problem in expected)
    report = replay(path, CONFIG, partition_bytes=target)
    assert [(p.line, p.problem) for p in report.problems] == expected
    assert report.reconciled
    assert report.partitions > 1 or target == 1 << 30


def test_partitions_cover_the_file_at_record_starts(tmp_path: Path) -> None:
    """Partitions cover every byte once, and no cut falls inside a quoted field."""
    path = write_messy_csv(tmp_path / "messy.csv")
    data = path.read_bytes()
    parts = list(plan_partitions(path, "cfpb", target=100))
    assert parts[0].start == len(parts[0].header) == data.index(b"\n") + 1
    assert all(a.stop == b.start for a, b in itertools.pairwise(parts))
    assert parts[-1].stop == len(data)
    for part in parts[1:]:
        assert data[part.start - 1 : part.start] == b"\n"
        assert data[: part.start].count(b'"') % 2 == 0  # outside quotes (this file's quoting)
        assert part.lines_before == data[: part.start].count(b"\n") - 1


def test_gzip_export_is_one_partition_with_the_same_report(tmp_path: Path) -> None:
    """A .csv.gz export cannot be cut: it is read whole and gives the plain file's report."""
    path = write_messy_csv(tmp_path / "messy.csv")
    packed = tmp_path / "messy.csv.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    plain = replay(path, CONFIG, partition_bytes=500)
    whole = replay(packed, CONFIG, partition_bytes=500)
    assert whole.partitions == 1
    assert attrs_without_source(whole) == attrs_without_source(plain)


def attrs_without_source(report: object) -> object:
    """A report's comparable form with the file name left out."""
    import attrs

    from custrecovery.replay import ReplayReport

    assert isinstance(report, ReplayReport)
    return attrs.evolve(report.comparable(), source="")


def test_any_executor_gives_the_same_report(sample: Path) -> None:
    """A thread pool (any Executor) gives the in-process report."""
    alone = replay(sample, CONFIG, partition_bytes=30_000)
    with ThreadPoolExecutor(2) as executor:
        pooled = replay(sample, CONFIG, partition_bytes=30_000, executor=executor)
    assert pooled.comparable() == alone.comparable()


def test_progress_is_reported_per_partition_not_per_row(sample: Path) -> None:
    """The progress callback runs once per partition, with growing counts."""
    seen: list[ReplayProgress] = []
    report = replay(sample, CONFIG, partition_bytes=50_000, progress=seen.append)
    assert len(seen) == report.partitions < report.rows_read
    assert seen[-1].rows == 1400
    assert seen[-1].bytes_done == seen[-1].bytes_total == sample.stat().st_size
    assert [p.rows for p in seen] == sorted(p.rows for p in seen)
    assert seen[-1].seconds_left == 0.0


def test_as_of_defaults_to_the_start_of_the_run(sample: Path) -> None:
    """Without as_of, the clocks are read at one instant, reported."""
    report = replay(sample, ReplayConfig(), partition_bytes=100_000)
    assert report.as_of.tzinfo is not None
    assert report.config.as_of == report.as_of


def test_missing_file_and_bad_header_raise_typed_errors(tmp_path: Path) -> None:
    """A missing file is InvalidValue; a header lacking columns is DataError."""
    with pytest.raises(InvalidValue, match="no such file"):
        replay(tmp_path / "nope.csv", CONFIG)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="header lacks"):
        replay(bad, CONFIG)


def test_renderings_carry_the_report(sample: Path) -> None:
    """Text, JSON and HTML all carry the counts; HTML has inline SVG and no script."""
    import json

    report = replay(sample, CONFIG)
    data = json.loads(report_json(report))
    assert data["rows_read"] == data["cases"] == 1400
    assert data["reconciled"] is True
    assert data["clocks"][0]["by_product"][0]["key"]
    page = report_html(report)
    assert page.count("<svg") == 4
    assert "<script" not in page
    assert "http" not in page.replace("http-equiv", "")


def test_synthetic_file_repeats_the_sample_under_fresh_ids(tmp_path: Path) -> None:
    """The synthetic file has the rows asked for, no duplicates, and reconciles."""
    path = synthetic_cfpb(tmp_path / "syn.csv", 3000)
    report = replay(path, CONFIG, partition_bytes=200_000)
    assert (report.rows_read, report.cases, len(report.problems)) == (3000, 3000, 0)
