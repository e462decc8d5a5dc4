"""Documentation rendered from a lifecycle class, so docs cannot drift from code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from custrecovery.lifecycle._rights import rights_of

__all__ = ["lifecycle_mermaid", "lifecycle_rights", "lifecycle_table"]


def lifecycle_mermaid(machine_class: type[Any]) -> str:
    """The lifecycle as a mermaid ``stateDiagram-v2`` (python-statemachine's renderer)."""
    return f"{machine_class:mermaid}".rstrip() + "\n"


def lifecycle_table(machine_class: type[Any]) -> str:
    """The transition table as Markdown: state, event, validators, target, owned, who may."""
    owned: frozenset[str] = getattr(machine_class, "owned_states", frozenset())
    rights = rights_of(machine_class)
    rows = [("State", "Event", "Validators", "Target", "Target owned", "Who may")]
    for state in machine_class.states_map.values():
        for transition in state.transitions:
            if transition.initial:
                continue
            target = transition.target.id if transition.target is not None else state.id
            checks = ", ".join(spec.attr_name for spec in transition.validators) or "-"
            for event in transition.events:
                spec = rights.get(event.id)
                who = spec.describe() if spec is not None else "nobody"
                rows.append(
                    (state.id, event.id, checks, target, "yes" if target in owned else "no", who)
                )
    return _markdown(rows)


def lifecycle_rights(machine_class: type[Any]) -> str:
    """The rights table as Markdown: every operation kind and who may perform it."""
    rows = [("Operation", "Who may")]
    rows += [(kind, spec.describe()) for kind, spec in sorted(rights_of(machine_class).items())]
    return _markdown(rows)


def _markdown(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines) + "\n"
