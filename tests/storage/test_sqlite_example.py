"""The SQLAlchemy + SQLite example: two writers, one case, no lost update."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import Engine

import custrecovery as cr
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import Disclaim
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sqlite_crm.py"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
LEILA = cr.Actor("leila", "Leila", role="billing agent")
OMID = cr.Actor("omid", "Omid", role="support engineer")


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sqlite_crm_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # SQLAlchemy resolves the string annotations (Mapped[str]) in sys.modules[__module__].
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


crm = _load_example()


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def engines(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two engines (two writers' connections) on the same SQLite file."""
    url = f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    first, second = create_engine(url), create_engine(url)
    yield first, second
    first.dispose()
    second.dispose()


@pytest.fixture
def repos(engines: tuple[Engine, Engine]) -> tuple[Any, Any]:
    """Two repositories, one per writer, with a recorded case offered to Omid (version 2)."""
    one = crm.ComplaintRepository(engines[0], cr.Desk())
    two = crm.ComplaintRepository(engines[1], cr.Desk())
    complaint = cr.Complaint(
        "TEL-1", cr.Customer("c-1", "Ms Haddad"), cr.Channel.PHONE, T0, "line drops"
    )
    one.create(one.desk.record(complaint, by=LEILA, at=T0))
    one.apply("TEL-1", lambda c: OfferHandoff(by=LEILA, at=at(1), to=OMID, reason="tech"))
    return one, two


def _stored(engine: Engine, case_id: str) -> tuple[list[tuple[str, int, str]], tuple[Any, ...]]:
    with engine.connect() as connection:
        events = connection.execute(
            text(
                "SELECT event_id, version, kind FROM complaint_events "
                "WHERE complaint_id = :id ORDER BY version"
            ),
            {"id": case_id},
        ).all()
        row = connection.execute(
            text("SELECT state, owner_id, version FROM complaints WHERE complaint_id = :id"),
            {"id": case_id},
        ).one()
    return [(e[0], e[1], e[2]) for e in events], tuple(row)


def _assert_consistent(engine: Engine, case: cr.Case) -> None:
    """The events table holds each event once, versions 1..n, and the row says n."""
    events, row = _stored(engine, case.case_id)
    n = case.version
    assert [version for _, version, _ in events] == list(range(1, n + 1))
    assert [event_id for event_id, _, _ in events] == [e.event_id for e in case.history]
    assert [kind for _, _, kind in events] == [e.kind for e in case.history]
    assert row == (case.state, case.owner.actor_id, n)


def test_the_second_writer_conflicts_then_retries(
    repos: tuple[Any, Any], engines: tuple[Engine, Engine]
) -> None:
    """Both read version 2; the first save wins, the second gets ConflictError and retries."""
    one, two = repos
    first: cr.Case = one.load("TEL-1")
    second: cr.Case = two.load("TEL-1")
    assert first.version == second.version == 2

    accepted = one.desk.apply(first, AcceptHandoff(by=OMID, at=at(2)))
    one.save(first, accepted)
    acknowledged = two.desk.apply(second, Acknowledge(by=LEILA, at=at(2)))
    with pytest.raises(cr.ConflictError) as caught:
        two.save(second, acknowledged)
    assert (caught.value.case_id, caught.value.expected_version) == ("TEL-1", 2)
    assert caught.value.actual_version == 3
    _assert_consistent(engines[0], accepted)  # the losing save left no trace

    final: cr.Case = two.apply("TEL-1", lambda c: Acknowledge(by=c.owner, at=at(3)), retries=1)
    assert (final.version, final.state, final.owner) == (4, "acknowledged", OMID)
    assert [e.kind for e in final.history] == [
        "record",
        "offer_handoff",
        "accept_handoff",
        "acknowledge",
    ]
    _assert_consistent(engines[1], final)
    assert one.load("TEL-1") == final
    assert cr.case_from_dict(cr.case_to_dict(one.load("TEL-1")), desk=one.desk) == final


def test_apply_retries_after_losing_a_race(
    repos: tuple[Any, Any], engines: tuple[Engine, Engine]
) -> None:
    """A writer that loses a race inside ``apply`` reloads and applies to the new version."""
    one, two = repos
    calls: list[int] = []

    def acknowledge(case: cr.Case) -> Operation:
        calls.append(case.version)
        if len(calls) == 1:
            # The other writer commits between this writer's load and its save.
            one.apply("TEL-1", lambda c: AcceptHandoff(by=OMID, at=at(2)))
        return Acknowledge(by=case.owner, at=at(3))

    final: cr.Case = two.apply("TEL-1", acknowledge, retries=1)
    assert calls == [2, 3]
    assert (final.version, final.owner, final.state) == (4, OMID, "acknowledged")
    _assert_consistent(engines[0], final)
    assert one.load("TEL-1") == final


def test_without_retries_the_conflict_reaches_the_caller(
    repos: tuple[Any, Any], engines: tuple[Engine, Engine]
) -> None:
    """With ``retries=0`` the loser's ConflictError is raised and nothing of it is stored."""
    one, two = repos

    def acknowledge(case: cr.Case) -> Operation:
        if case.version == 2:
            one.apply("TEL-1", lambda c: AcceptHandoff(by=OMID, at=at(2)))
        return Acknowledge(by=case.owner, at=at(3))

    with pytest.raises(cr.ConflictError) as caught:
        two.apply("TEL-1", acknowledge)
    assert (caught.value.expected_version, caught.value.actual_version) == (2, 3)
    _assert_consistent(engines[1], one.load("TEL-1"))
    assert one.load("TEL-1").version == 3


def test_a_refused_operation_stores_nothing(
    repos: tuple[Any, Any], engines: tuple[Engine, Engine]
) -> None:
    """An operation the rules refuse raises before the save, so the tables are unchanged."""
    one, _ = repos
    before: cr.Case = one.load("TEL-1")
    with pytest.raises(cr.NotMyResponsibility):
        one.apply("TEL-1", lambda c: Disclaim(by=LEILA, at=at(2)))
    _assert_consistent(engines[0], before)


def test_demo_runs_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``main`` on a given file prints the race and exits 0."""
    assert crm.main([str(tmp_path / "demo.sqlite3")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "worker 1 saved version 3: owner Omid",
        "worker 2 conflict: case 'TEL-88': expected version 2, found 3; reload the case and retry",
        "worker 2 retried: version 4, state acknowledged",
        "events stored: ['record', 'offer_handoff', 'accept_handoff', 'acknowledge']",
    ]


def test_example_runs_from_the_command_line(tmp_path: Path) -> None:
    """``python examples/sqlite_crm.py FILE`` exits 0, prints the race, and leaves a sound file."""
    path = tmp_path / "cli.sqlite3"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "worker 2 conflict: case 'TEL-88': expected version 2, found 3" in done.stdout
    assert "worker 2 retried: version 4, state acknowledged" in done.stdout
    engine = create_engine(f"sqlite:///{path}")
    try:
        repo = crm.ComplaintRepository(engine, cr.Desk())
        case: cr.Case = repo.load("TEL-88")
        _assert_consistent(engine, case)
        assert (case.version, case.owner.actor_id) == (4, "omid")
    finally:
        engine.dispose()


def _run_cli(path: Path) -> subprocess.CompletedProcess[str]:
    """``python examples/sqlite_crm.py path``, captured."""
    return subprocess.run(
        [sys.executable, str(EXAMPLE), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_main_runs_twice_on_the_same_file(tmp_path: Path) -> None:
    """A second run on the same file records a new complaint and leaves the first untouched."""
    path = tmp_path / "twice.sqlite3"
    first, second = _run_cli(path), _run_cli(path)
    assert (first.returncode, first.stderr) == (0, "")
    assert (second.returncode, second.stderr) == (0, "")
    assert "already holds" not in first.stdout
    assert second.stdout.splitlines() == [
        "the file already holds TEL-88: this run records TEL-88-2",
        "worker 1 saved version 3: owner Omid",
        "worker 2 conflict: case 'TEL-88-2': expected version 2, found 3; "
        "reload the case and retry",
        "worker 2 retried: version 4, state acknowledged",
        "events stored: ['record', 'offer_handoff', 'accept_handoff', 'acknowledge']",
    ]
    engine = create_engine(f"sqlite:///{path}")
    try:
        repo = crm.ComplaintRepository(engine, cr.Desk())
        for case_id in ("TEL-88", "TEL-88-2"):
            case: cr.Case = repo.load(case_id)
            _assert_consistent(engine, case)
            assert (case.version, case.state, case.owner.actor_id) == (4, "acknowledged", "omid")
        assert not repo.exists("TEL-88-3")
    finally:
        engine.dispose()


def test_main_in_process_counts_up_the_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each further in-process run on one file records the next free id."""
    path = str(tmp_path / "thrice.sqlite3")
    assert crm.main([path]) == crm.main([path]) == crm.main([path]) == 0
    firsts = [line for line in capsys.readouterr().out.splitlines() if "already" in line]
    assert firsts == [
        "the file already holds TEL-88: this run records TEL-88-2",
        "the file already holds TEL-88: this run records TEL-88-3",
    ]
