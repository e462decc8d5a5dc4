"""The ``custrecovery`` command, run as a user runs it: ``python -m custrecovery ...``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import custrecovery as cr
from custrecovery.cli import EXIT_CODES
from tests.replay._helpers import goodwill_story
from tests.replay._helpers import one_pass_problems
from tests.replay._helpers import write_messy_csv

ROOT = Path(__file__).resolve().parent.parent.parent
AS_OF = "2026-01-01T00:00:00Z"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m custrecovery *args``; the tests package is importable (for plugins)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "custrecovery", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_version_and_help_are_plain_text() -> None:
    """--version prints the version; every help is plain text listing the exit statuses."""
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("custrecovery ")
    for command in ("", "demo", "lifecycle", "verify", "plugins", "schema", "check", "replay"):
        shown = run(*([command] if command else []), "--help")
        assert shown.returncode == 0, shown.stderr
        assert "exit statuses:" in shown.stdout
        for markup in ("``", ":func:", ":class:", ":mod:"):
            assert markup not in shown.stdout


def test_usage_error_exits_2() -> None:
    """An unknown command is a usage error."""
    assert run("frobnicate").returncode == 2
    assert 2 in EXIT_CODES


def test_replay_sample_as_text_ends_with_the_reconciliation() -> None:
    """The README's one-line replay prints the report and the reconciliation line."""
    result = run("replay", "--sample", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "Cases by state:" in result.stdout
    assert result.stdout.rstrip().endswith("rows read 1,400 = cases 1,400 + bad rows 0")
    assert result.stderr == ""  # stderr is not a terminal: no progress drawn


def test_replay_bad_rows_as_json_with_two_workers(tmp_path: Path) -> None:
    """JSON output on two worker processes lists every bad row with its one-pass line."""
    messy = write_messy_csv(tmp_path / "messy.csv")
    result = run(
        "replay", str(messy), "--format", "json", "--as-of", AS_OF,
        "--workers", "2", "--partition-mb", "0.01",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["reconciled"] is True
    assert report["partitions"] > 2
    problems = [(p["line"], p["problem"]) for p in report["problems"]]
    assert problems == one_pass_problems(messy)


def test_replay_writes_an_html_page(tmp_path: Path) -> None:
    """--format html -o writes a self-contained page with charts."""
    page = tmp_path / "report.html"
    result = run("replay", "--sample", "--as-of", AS_OF, "--format", "html", "-o", str(page))
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert "<svg" in text
    assert "<script" not in text


def test_two_policies_compare_by_running_twice(tmp_path: Path) -> None:
    """Two configuration files over the same documents give two reports that differ."""
    documents = tmp_path / "cases.jsonl"
    documents.write_text(json.dumps(cr.case_to_dict(goodwill_story())) + "\n", encoding="utf-8")
    lenient = tmp_path / "lenient.toml"
    lenient.write_text('[goodwill.authority]\nagent = "50 EUR"\n', encoding="utf-8")
    strict = tmp_path / "strict.toml"
    strict.write_text('[goodwill.authority]\nagent = "5 EUR"\n', encoding="utf-8")
    reports = []
    for config in (lenient, strict):
        result = run("replay", str(documents), "--config", str(config), "--format", "json")
        assert result.returncode == 0, result.stderr
        reports.append(json.loads(result.stdout))
    assert [len(r["refusals"]) for r in reports] == [0, 1]
    assert [len(r["goodwill"]) for r in reports] == [1, 0]


def test_bad_configuration_and_missing_file_exit_3(tmp_path: Path) -> None:
    """A bad configuration or a missing input is bad input: status 3, a message on stderr."""
    config = tmp_path / "bad.toml"
    config.write_text("clocks = ['nasa']\n", encoding="utf-8")
    result = run("replay", "--sample", "--config", str(config))
    assert result.returncode == 3
    assert "unknown clock set" in result.stderr
    missing = run("replay", str(tmp_path / "nope.csv"))
    assert missing.returncode == 3
    assert "no such file" in missing.stderr


def test_check_reports_each_document_line(tmp_path: Path) -> None:
    """check gives one result per line, FAILED where replay disagrees, and status 1."""
    good = json.dumps(cr.case_to_dict(goodwill_story()))
    tampered = json.dumps(dict(json.loads(good), version=99))
    documents = tmp_path / "cases.jsonl"
    documents.write_text(f"{good}\n\n{tampered}\nnot json\n", encoding="utf-8")
    result = run("check", str(documents))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "line 1: ok R-1"
    assert lines[1].startswith("line 3: FAILED R-1 [replay] DataError")
    assert lines[2].startswith("line 4: FAILED ? [json]")
    assert lines[3] == "3 documents checked, 2 failed"
    as_json = run("check", str(documents), "--json")
    results = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(r["line"], r["ok"]) for r in results] == [(1, True), (3, False), (4, False)]
    only_good = tmp_path / "good.jsonl"
    only_good.write_text(good + "\n", encoding="utf-8")
    assert run("check", str(only_good)).returncode == 0


def test_verify_lifecycle_sound_and_not_a_class() -> None:
    """verify says the built-in lifecycle is sound (status 0); a non-class is bad input."""
    sound = run("verify", "--json")
    assert sound.returncode == 0
    assert json.loads(sound.stdout)["sound"] is True
    assert run("verify", "custrecovery.lifecycle:STATES").returncode == 3
    assert run("verify", "no.such.module:Thing").returncode == 3


def test_verify_a_broken_lifecycle_exits_1() -> None:
    """A lifecycle that breaks the ownership rules is listed with status 1."""
    result = run("verify", "tests.cli._lifecycles:Unowned")
    assert result.returncode == 1, result.stderr
    assert "breaks the ownership rules" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "mermaid"])
def test_lifecycle_prints_table_and_diagram(fmt: str) -> None:
    """lifecycle prints the generated table or Mermaid text."""
    result = run("lifecycle", "--format", fmt)
    assert result.returncode == 0
    assert ("stateDiagram" in result.stdout) == (fmt == "mermaid")


def test_schema_and_plugins_print_json() -> None:
    """schema prints the case JSON Schema; plugins --json is a JSON list."""
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    plugins = run("plugins", "--json")
    assert plugins.returncode == 0
    assert isinstance(json.loads(plugins.stdout), list)
