"""The demo: the four source articles' scenarios, played end to end.

Each scenario prints the case's history so a person can follow who owned the
complaint at every step; refusals print their typed error and message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from custrecovery.cases import Case
from custrecovery.cases import format_history
from custrecovery.cli._stories_accountability import agent_leaves
from custrecovery.cli._stories_accountability import bill_and_fault_split
from custrecovery.cli._stories_clocks import disp_deadlines
from custrecovery.cli._stories_ownership import billing_stays_on
from custrecovery.cli._stories_ownership import conference_capture
from custrecovery.cli._stories_ownership import hotel_walk
from custrecovery.cli._stories_ownership import not_my_responsibility
from custrecovery.cli._stories_ownership import rejected_with_recourse
from custrecovery.cli._stories_packs import airline_delay
from custrecovery.cli._stories_policies import boundary_decision
from custrecovery.cli._stories_policies import goodwill_above_authority
from custrecovery.cli._stories_policies import reply_after_close
from custrecovery.desk import Desk

__all__ = [
    "SCENARIOS",
    "agent_leaves",
    "airline_delay",
    "bill_and_fault_split",
    "billing_stays_on",
    "boundary_decision",
    "conference_capture",
    "disp_deadlines",
    "goodwill_above_authority",
    "hotel_walk",
    "not_my_responsibility",
    "rejected_with_recourse",
    "reply_after_close",
    "run_scenarios",
]


SCENARIOS: tuple[Callable[[Desk, TextIO], Case], ...] = (
    hotel_walk,
    billing_stays_on,
    conference_capture,
    rejected_with_recourse,
    not_my_responsibility,
    goodwill_above_authority,
    boundary_decision,
    reply_after_close,
    airline_delay,
    disp_deadlines,
    agent_leaves,
    bill_and_fault_split,
)


def run_scenarios(out: TextIO, *, desk: Desk | None = None) -> list[Case]:
    """Play every scenario, printing each history; returns the final cases."""
    desk = desk if desk is not None else Desk()
    cases = []
    for number, scenario in enumerate(SCENARIOS, start=1):
        out.write(f"\n== {number}. {(scenario.__doc__ or '').strip()}\n")
        case = scenario(desk, out)
        out.write(format_history(case) + "\n")
        cases.append(case)
    return cases
