"""The docs' table and diagram are rendered from the lifecycle class and match its tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from statemachine.exceptions import InvalidDefinition

from custrecovery.lifecycle import RIGHTS
from custrecovery.lifecycle import STATES
from custrecovery.lifecycle import TRANSITIONS
from custrecovery.lifecycle import ComplaintLifecycle
from custrecovery.lifecycle import StateSpec
from custrecovery.lifecycle import TransitionSpec
from custrecovery.lifecycle import build_lifecycle
from custrecovery.lifecycle import lifecycle_mermaid
from custrecovery.lifecycle import lifecycle_table
from custrecovery.lifecycle import verify_lifecycle

ROOT = Path(__file__).resolve().parents[2]

TABLE = lifecycle_table(ComplaintLifecycle)
MERMAID = lifecycle_mermaid(ComplaintLifecycle)
OWNED = frozenset(s.id for s in STATES if s.owned)
RIGHTS_BY_KIND = {spec.operation: spec for spec in RIGHTS}
ROWS = [(source, spec) for spec in TRANSITIONS for source in spec.sources]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table_rows() -> list[list[str]]:
    header, rule, *body = TABLE.splitlines()
    assert _cells(header) == [
        "State",
        "Event",
        "Validators",
        "Target",
        "Target owned",
        "Who may",
    ]
    assert set(rule) <= {"|", "-", " "}
    return [_cells(line) for line in body]


def _label(event: str) -> str:
    # python-statemachine names an event after its id: underscores become spaces
    # and only the first letter is capitalised ("record_follow_up" -> "Record follow up").
    return event.replace("_", " ").capitalize()


def test_table_has_one_row_per_source_and_event() -> None:
    """The Markdown table has exactly one row per (source, event) of TRANSITIONS."""
    found = [(state, event, target) for state, event, _, target, _, _ in _table_rows()]
    expected = [(source, spec.event, spec.target) for source, spec in ROWS]
    assert len(found) == len(expected)
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(
    ("source", "spec"), ROWS, ids=[f"{source}-{spec.event}" for source, spec in ROWS]
)
def test_table_row_matches_declaration(source: str, spec: TransitionSpec) -> None:
    """Each table row names the row's validators, whether its target is owned, and who may."""
    (row,) = [r for r in _table_rows() if (r[0], r[1]) == (source, spec.event)]
    validators = ", ".join(v.__name__ for v in spec.validators) or "-"
    assert row == [
        source,
        spec.event,
        validators,
        spec.target,
        "yes" if spec.target in OWNED else "no",
        RIGHTS_BY_KIND[spec.event].describe(),
    ]


def test_table_names_the_guards() -> None:
    """The close and refer rows show their validators by name."""
    rows = {(r[0], r[1]): r[2] for r in _table_rows()}
    assert rows[("resolved", "close")] == "no_open_handoff, outcome_recorded"
    assert rows[("referral_confirmed", "refer")] == (
        "referral_customer_told, referral_degree_sufficient, referral_follow_up_later"
    )
    assert rows[("new", "record")] == "-"
    assert rows[("closed", "reopen_after_close")] == "within_reopen_window"
    assert rows[("closed", "archive")] == "outcome_recorded"
    merges = {state: v for (state, event), v in rows.items() if event == "merge_into"}
    assert len(merges) == 14
    assert set(merges.values()) == {"no_open_handoff, merge_target_recorded"}


def test_table_rows_for_the_end_of_a_case() -> None:
    """The table has the rows that leave ``closed`` and those that merge a duplicate away."""
    rows = {(r[0], r[1]): (r[3], r[4]) for r in _table_rows()}
    assert rows[("closed", "reopen_after_close")] == ("reopened", "yes")
    assert rows[("closed", "archive")] == ("archived", "no")
    assert rows[("reopened", "merge_into")] == ("merged", "no")
    assert not any(state in ("archived", "merged") for state, _ in rows)
    assert len(rows) == len(ROWS) == 45


def test_table_columns_are_aligned() -> None:
    """Every line of the table has the same width, so it reads as a table in plain text."""
    assert TABLE.endswith("\n")
    assert len({len(line) for line in TABLE.splitlines()}) == 1


def test_mermaid_is_a_state_diagram() -> None:
    """The diagram is a mermaid stateDiagram-v2 with the initial and both final markers."""
    lines = MERMAID.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert "    [*] --> new" in lines
    assert [line for line in lines if line.endswith(" --> [*]")] == [
        "    archived --> [*]",
        "    merged --> [*]",
    ]
    assert MERMAID.endswith("\n")


_STATES = [s.id for s in STATES]


@pytest.mark.parametrize("state", _STATES, ids=_STATES)
def test_mermaid_names_every_state(state: str) -> None:
    """Every state id appears in the diagram, with its readable name when it has one."""
    assert any(state in line.split() for line in MERMAID.splitlines())
    if "_" in state:
        assert f'    state "{state.replace("_", " ")}" as {state}' in MERMAID


@pytest.mark.parametrize(
    ("source", "spec"), ROWS, ids=[f"{source}-{spec.event}" for source, spec in ROWS]
)
def test_mermaid_draws_every_transition(source: str, spec: TransitionSpec) -> None:
    """Every (source, event) is an edge labelled with the event's capitalised name."""
    assert f"    {source} --> {spec.target} : {_label(spec.event)}\n" in MERMAID


def test_mermaid_labels_are_title_cased_not_ids() -> None:
    """python-statemachine labels edges with readable names, not raw event ids."""
    assert ": Record follow up" in MERMAID
    assert "record_follow_up" not in MERMAID


def test_mermaid_edge_count_matches_table() -> None:
    """The diagram has one edge per table row (plus the initial and final markers)."""
    edges = [line for line in MERMAID.splitlines() if " --> " in line and "[*]" not in line]
    assert len(edges) == len(ROWS)


def _without_reopened() -> tuple[TransitionSpec, ...]:
    """The built-in transitions with ``reopened`` gone: rows into it dropped, and it removed
    from the sources of the rows that keep others (``merge_into``, ``investigate``); with no
    way back, ``closed`` is final, so ``archive`` goes too."""
    specs = []
    for spec in TRANSITIONS:
        sources = tuple(source for source in spec.sources if source != "reopened")
        if spec.target not in ("reopened", "archived") and sources:
            specs.append(
                TransitionSpec(spec.event, sources, spec.target, validators=spec.validators)
            )
    return tuple(specs)


def test_variant_renders_its_own_rows() -> None:
    """A lifecycle variant's table and diagram show the variant, not the built-in."""
    # A closed case that can never come back is final (verify_lifecycle's rule 7).
    states = tuple(
        StateSpec(s.id, s.description, final=True, owned=False) if s.id == "closed" else s
        for s in STATES
        if s.id not in ("reopened", "archived")
    )
    variant = build_lifecycle("NoReopen", states=states, transitions=_without_reopened())
    assert verify_lifecycle(variant) == ()
    table, mermaid = lifecycle_table(variant), lifecycle_mermaid(variant)
    assert "| reopen " not in table
    assert "| reopen_after_close " not in table
    assert ": Reopen" not in mermaid
    assert "reopened" not in mermaid
    assert "archived" not in mermaid
    assert "    closed --> [*]" in mermaid
    assert "    investigating --> merged : Merge into" in mermaid
    assert "| reopen " in TABLE
    assert "| reopen_after_close " in TABLE
    assert ": Reopen" in MERMAID
    assert "    closed --> reopened : Reopen after close" in MERMAID


def test_dropping_a_state_leaves_merge_unreachable_if_rows_go_whole() -> None:
    """Dropping every row that mentions ``reopened`` also drops ``merge_into`` (it lists
    ``reopened`` among its sources), and python-statemachine refuses the orphaned ``merged``."""
    states = tuple(s for s in STATES if s.id != "reopened")
    specs = tuple(spec for spec in TRANSITIONS if "reopened" not in (spec.target, *spec.sources))
    with pytest.raises(InvalidDefinition, match=r"Disconnected states: \['merged'\]"):
        build_lifecycle("NoReopenNoMerge", states=states, transitions=specs)


def test_lifecycle_page_is_up_to_date() -> None:
    """docs/lifecycle.md is what ``python docs/regenerate.py`` renders from the lifecycle now."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "regenerate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    page = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert TABLE in page
    assert MERMAID.rstrip() in page
