"""Replaying stored case documents, and reading the policy configuration from TOML."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import custrecovery as cr
from custrecovery.errors import InvalidValue
from custrecovery.replay import ReplayConfig
from custrecovery.replay import replay
from tests.replay._helpers import AS_OF
from tests.replay._helpers import CONFIG
from tests.replay._helpers import goodwill_story

STORY = goodwill_story()


def write_documents(path: Path) -> Path:
    """A JSONL file: the story twice, a blank line, a line that is not JSON, a tampered one."""
    document = json.loads(cr.to_json(STORY))
    good = json.dumps(cr.case_to_dict(STORY))
    tampered = dict(document, state="closed")
    lines = [good, "", "{not json", json.dumps(tampered), good]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_documents_replay_with_goodwill_and_bad_lines(tmp_path: Path) -> None:
    """Good documents become cases with their goodwill; bad lines keep their line numbers."""
    path = write_documents(tmp_path / "cases.jsonl")
    report = replay(path, CONFIG)
    assert report.kind == "cases"
    assert (report.rows_read, report.cases) == (4, 2)
    assert [p.line for p in report.problems] == [3, 4]
    assert report.problems[0].problem.startswith("not JSON")
    assert "DataError" in report.problems[1].problem
    assert report.by_state == (("assessed", 2),)
    [goodwill] = report.goodwill
    assert (goodwill.category, goodwill.currency, goodwill.offers) == ("rail", "EUR", 2)
    assert goodwill.total == Decimal("80.00")
    assert report.reconciled


def test_a_stricter_policy_refuses_and_keeps_the_accepted_prefix(tmp_path: Path) -> None:
    """Under a lower authority limit the goodwill offer is refused; the case stops before it."""
    path = write_documents(tmp_path / "cases.jsonl")
    strict = ReplayConfig(as_of=AS_OF, authority={"agent": "1.00 EUR"})
    report = replay(path, strict)
    # The tampered document's history is refused before its stored state is compared.
    assert (report.cases, [p.line for p in report.problems]) == (3, [3])
    assert [(r.rule, r.count) for r in report.refusals] == [("OperationRefused", 3)]
    assert report.by_state == (("assessed", 3),)
    assert report.refusals[0].example.startswith(STORY.case_id)
    assert report.goodwill == ()
    assert report.reconciled


def test_documents_split_into_partitions_give_the_same_report(tmp_path: Path) -> None:
    """Line-sized partitions of a JSONL file give the one-partition report."""
    path = write_documents(tmp_path / "cases.jsonl")
    whole = replay(path, CONFIG)
    assert replay(path, CONFIG, partition_bytes=10).comparable() == whole.comparable()


def test_config_reads_the_documented_toml_layout(tmp_path: Path) -> None:
    """Every documented key is read into the configuration and the desk's rules."""
    path = tmp_path / "policy.toml"
    path.write_text(
        """
packs = []
clocks = ["cfpb", "fca-disp"]
check_duplicates = false
as_of = 2026-01-01T00:00:00Z

[rules]
min_referral_degree = "CONNECTED_LIVE"
reopen_window_days = 28

[goodwill]
rule = "sum"
caps = ["250 GBP"]

[goodwill.authority]
agent = "50.00 GBP"
""",
        encoding="utf-8",
    )
    config = ReplayConfig.from_toml(path)
    assert config.clocks == ("cfpb", "fca-disp")
    assert config.as_of == AS_OF
    assert config.goodwill_caps == ("250.00 GBP",)
    assert config.authority == (("agent", "50.00 GBP"),)
    desk = config.build_desk()
    assert next(s.name for s in desk.clock_sets) == "CFPB"
    assert desk.rules.reopen_window is not None
    assert desk.goodwill.rule == "sum"
    assert ReplayConfig.from_mapping(config.to_mapping() | {"as_of": AS_OF}) == config


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1", "unknown key"),
        ("clocks = ['nasa']", "unknown clock set"),
        ("[goodwill]\ncaps = ['ten']", "AMOUNT CURRENCY"),
        ("[rules]\nmin_referral_degree = 'SHRUG'", "unknown min_referral_degree"),
        ("[rules]\nspeed = 3", "unknown key"),
        ("as_of = 2026-01-01T00:00:00", "time zone"),
        ("plugins = ['no_such_module:thing']", "cannot load plugin"),
        ("entry_points = 'yes'", "true or false"),
        ("not toml at all [", "is not TOML"),
    ],
)
def test_bad_configuration_is_invalid_value_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    """A bad key, value or file raises InvalidValue saying what and where."""
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValue, match=message) as caught:
        ReplayConfig.from_toml(path).build_desk()
    assert "policy.toml" in str(caught.value) or message == "cannot load plugin"


def test_configuration_loads_plugins_by_module_and_attribute() -> None:
    """A plugin named module:attribute joins the desk (a class is instantiated)."""
    config = ReplayConfig(plugins=("tests.replay._helpers:RailDelayRepay",), clocks=())
    desk = config.build_desk()
    assert desk.clock_sets == ()
    assert "tests.rail_delay_repay" in desk.plugins.names
