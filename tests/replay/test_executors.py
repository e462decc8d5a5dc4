"""Replays on a local process pool and on a real Dask LocalCluster give the one-process report."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from custrecovery.replay import replay
from tests.replay._helpers import CONFIG
from tests.replay._helpers import one_pass_problems
from tests.replay._helpers import write_messy_csv


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CFPB file with bad rows, duplicates among them."""
    return write_messy_csv(tmp_path_factory.mktemp("executors") / "messy.csv")


def test_process_pool_gives_the_one_process_report(messy: Path) -> None:
    """Two worker processes, small partitions: the same report, bad rows and all."""
    alone = replay(messy, CONFIG, partition_bytes=8_000)
    with ProcessPoolExecutor(2) as executor:
        pooled = replay(messy, CONFIG, partition_bytes=8_000, executor=executor)
    assert pooled.partitions > 2
    assert pooled.comparable() == alone.comparable()
    assert [(p.line, p.problem) for p in pooled.problems] == one_pass_problems(messy)


def test_dask_local_cluster_gives_the_one_process_report(messy: Path) -> None:
    """A real LocalCluster of two worker processes gives the one-process report."""
    pytest.importorskip("distributed")
    from custrecovery.replay.dask import dask_executor

    alone = replay(messy, CONFIG, partition_bytes=8_000)
    with dask_executor("local", workers=2) as executor:
        distributed = replay(messy, CONFIG, partition_bytes=8_000, executor=executor)
    assert distributed.partitions > 2
    assert distributed.comparable() == alone.comparable()
