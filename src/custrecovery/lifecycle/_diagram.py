"""Documentation rendered from a lifecycle class, so docs cannot drift from code."""

from __future__ import annotations

from typing import Any

__all__ = ["lifecycle_mermaid", "lifecycle_table"]


def lifecycle_mermaid(machine_class: type[Any]) -> str:
    """The lifecycle as a mermaid ``stateDiagram-v2`` (python-statemachine's renderer)."""
    return f"{machine_class:mermaid}".rstrip() + "\n"


def lifecycle_table(machine_class: type[Any]) -> str:
    """The transition table as Markdown: state, event, validators, target, owned."""
    owned: frozenset[str] = getattr(machine_class, "owned_states", frozenset())
    rows = [("State", "Event", "Validators", "Target", "Target owned")]
    for state in machine_class.states_map.values():
        for transition in state.transitions:
            if transition.initial:
                continue
            target = transition.target.id if transition.target is not None else state.id
            checks = ", ".join(spec.attr_name for spec in transition.validators) or "-"
            for event in transition.events:
                rows.append(
                    (state.id, event.id, checks, target, "yes" if target in owned else "no")
                )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines) + "\n"
