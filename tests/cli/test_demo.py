"""The demo: every scenario runs, and it shows its decisions with their reasons."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO

import pytest

import custrecovery as cr
from custrecovery.cli import _demo as demo
from custrecovery.cli._demo import SCENARIOS
from custrecovery.cli._demo import boundary_decision
from custrecovery.cli._demo import goodwill_above_authority
from custrecovery.cli._demo import run_scenarios


@pytest.fixture(scope="module")
def played() -> tuple[str, list[cr.Case]]:
    """The demo's printed output and its final cases, played once for this module."""
    out = io.StringIO()
    cases = run_scenarios(out, desk=cr.Desk(entry_points=False))
    return out.getvalue(), cases


def _section(text: str, number: int) -> list[str]:
    """The printed lines of scenario ``number``, up to the next scenario's heading."""
    start = text.index(f"\n== {number}. ")
    end = text.find("\n== ", start + 1)
    return text[start : end if end != -1 else len(text)].strip("\n").splitlines()[1:]


def _because(lines: list[str]) -> list[str]:
    """The explanation lines of a scenario's printed section."""
    return [line for line in lines if line.startswith("    because ")]


def test_every_scenario_runs_and_ends_in_a_case(played: tuple[str, list[cr.Case]]) -> None:
    """Each scenario prints its heading and returns a case."""
    text, cases = played
    assert len(cases) == len(SCENARIOS)
    for number, scenario in enumerate(SCENARIOS, start=1):
        assert f"== {number}. {(scenario.__doc__ or '').strip()}" in text


@pytest.mark.parametrize(
    ("scenario", "shown"),
    [
        (
            demo.hotel_walk,
            [
                "  refused (ReferralRefused): case 'HOTEL-1' in state 'referral_offered': 'refer' "
                "refused: the receiving firm has not confirmed it can help",
                "degree=CONNECTED_LIVE",
                "-> referred (owner: Nadia)",
                "-> closed (owner: Nadia)",
            ],
        ),
        (
            demo.billing_stays_on,
            [
                "  refused (NotMyResponsibility): case 'TEL-88' in state 'received': 'disclaim' "
                "refused",
                "  while the offer is open, the owner is still Leila",
                "accept_handoff     by Omid",
            ],
        ),
        (
            demo.conference_capture,
            [
                "offer_handoff      by Reza",
                "to=mina",
                "copy_customer=True",
                "-> received (owner: Mina)",
            ],
        ),
        (
            demo.rejected_with_recourse,
            [
                "  refused (ClosingRefused): case 'BANK-19'",
                "give_recourse",
                "action=personal letter",
                "-> closed (owner: Farah)",
            ],
        ),
        (
            demo.not_my_responsibility,
            [
                "  refused (NotMyResponsibility): case 'SHOP-3' in state 'received': 'dismiss' "
                "refused",
                "  case unchanged after the refusal: True (version 1)",
            ],
        ),
    ],
)
def test_the_lifecycle_scenarios_show_their_steps_and_refusals(
    played: tuple[str, list[cr.Case]],
    scenario: Callable[[cr.Desk, TextIO], cr.Case],
    shown: list[str],
) -> None:
    """Issue 2's scenarios print the refusal they provoke and the steps that follow it."""
    text, _ = played
    number = SCENARIOS.index(scenario) + 1
    section = "\n".join(_section(text, number))
    for piece in shown:
        assert piece in section


def test_the_boundary_decision_is_shown_with_its_explanations(
    played: tuple[str, list[cr.Case]],
) -> None:
    """The boundary scenario prints the decision, every policy's reason and the conflicts."""
    text, cases = played
    number = SCENARIOS.index(boundary_decision) + 1
    lines = _section(text, number)
    assert lines[0].startswith("  decision: RESTRICT_CONTACT; safeguards: owner kept True")
    because = _because(lines)
    assert [line.split(":", 1)[0] for line in because] == [
        "    because bends-rules",
        "    because complains-regardless",
        "    because never-satisfied",
    ]
    assert "8 complaints not judged justified in 90 days, more than 6" in because[1]
    assert "(thresholds: max_complaints=6, window=90 days" in because[1]
    conflicts = [line for line in lines if line.startswith("    conflict: ")]
    assert len(conflicts) == 2
    assert all("complains-regardless suggested restrict-contact" in c for c in conflicts)
    assert (
        "    why: complains-regardless: 8 complaints not judged justified in 90 days, more than 6"
        in lines
    )
    assert any(line.startswith("    appeal: Write to the complaints manager") for line in lines)
    assert any(line.startswith("    external recourse: ") and "ombudsman" in line for line in lines)
    recorded = cases[number - 1].history[1]
    assert recorded.kind == "record_boundary_decision"


def test_the_goodwill_proposal_is_shown_with_its_explanations(
    played: tuple[str, list[cr.Case]],
) -> None:
    """The goodwill scenario prints the total, each strategy's reason and the refusal."""
    text, _ = played
    number = SCENARIOS.index(goodwill_above_authority) + 1
    lines = _section(text, number)
    assert "  proposed 84.00 EUR, within Nika's authority: False" in lines
    because = _because(lines)
    assert [line.split(":", 1)[0] for line in because] == [
        "    because apology",
        "    because time_lost",
        "    because share_of_loss",
    ]
    assert "[amount=36.00 EUR, time_lost=3:00:00]" in because[1]
    assert "share_in_sweet_spot=yes" in because[2]
    assert any(
        "84.00 EUR is above the requester's goodwill limit: approval by one of "
        "(team lead, manager)" in line
        for line in lines
    )
    assert "approved_by=yas" in text


def test_the_pack_scenario_enables_the_airline_pack(played: tuple[str, list[cr.Case]]) -> None:
    """The pack scenario enables the airline pack by name and shows its rules at work."""
    text, cases = played
    number = SCENARIOS.index(demo.airline_delay) + 1
    lines = _section(text, number)
    assert lines[0] == "  packs enabled: airline"
    assert any(line.endswith("(eu261 Art. 14(2))") for line in lines)
    assert "  owed: 300.00 EUR; care: calls, meals; refund option: False" in lines
    assert any("Sturgeon (C-402/07) para. 63 with Art. 7(2)(c)" in line for line in _because(lines))
    assert (
        "  refused (OperationRefused): case 'FLY-604' in state 'acknowledged': 'offer_goodwill' "
        "refused: plugin 'airline': eu261 Art. 7(3): compensation is paid in money; vouchers "
        "only with the passenger's signed agreement"
    ) in lines
    assert "       resolution=300.00 EUR by bank transfer" in lines
    assert cases[number - 1].state == "closed"


def test_the_clock_scenario_shows_a_disp_case_met_and_one_breached(
    played: tuple[str, list[cr.Case]],
) -> None:
    """The DISP scenario acknowledges with the due date (after Christmas and New Year), meets
    the eight weeks on one case and breaches them on the other, which the sweep escalates."""
    text, _ = played
    number = SCENARIOS.index(demo.disp_deadlines) + 1
    lines = _section(text, number)
    assert any("final response by the end of Monday 15 February 2027" in line for line in lines)
    met = lines.index("  case BANK-71, as of 22 Feb 2027:")
    late = lines.index("  case BANK-72, as of 22 Feb 2027:")
    assert lines[met + 1] == "  FCA DISP final_response: met, due Tue 16 Feb 2027 00:00"
    assert lines[late + 1] == "  FCA DISP final_response: breached, due Tue 16 Feb 2027 00:00"
    assert any("Financial Ombudsman Service" in line and "six months" in line for line in lines)
    sweep = [line for line in lines if line.startswith("  sweep: ")]
    assert sweep
    assert all("BANK-72" in line for line in sweep)


def test_the_accountability_scenario_shows_a_supervisor_taking_over(
    played: tuple[str, list[cr.Case]],
) -> None:
    """The agent who left may not act, a colleague may not take her case, her supervisor does,
    and the customer is told who is responsible now."""
    text, cases = played
    number = SCENARIOS.index(demo.agent_leaves) + 1
    lines = _section(text, number)
    assert "  owner Leila, worker Omid" in lines
    assert "  scheduler: owner left on TEL-204" in lines
    assert (
        "  refused (RightsRefused): case 'TEL-204' in state 'investigating': 'acknowledge' "
        "refused: actor 'leila' is no longer active"
    ) in lines
    assert any("'take_over' refused: only the owner's supervisor (sara)" in line for line in lines)
    assert any("take_over          by Sara (team lead)" in line for line in lines)
    assert any(
        "Leila can no longer handle your complaint (Leila left the firm); Sara (team lead) is "
        "now responsible for it." in line
        for line in lines
    )
    case = cases[number - 1]
    assert (case.owner.actor_id, case.worker) == ("sara", None)


def test_the_split_scenario_hands_the_fault_to_support(
    played: tuple[str, list[cr.Case]],
) -> None:
    """The bill and the fault become two linked cases; the fault is handed to support and the
    bill stays with billing; the customer is told of the split."""
    text, cases = played
    number = SCENARIOS.index(demo.bill_and_fault_split) + 1
    lines = _section(text, number)
    assert "  split: TEL-310 (the bill) and TEL-310-fault (the fault)" in lines
    assert "  TEL-310 owner Leila; TEL-310-fault owner Omid" in lines
    assert any("split_from         by Leila (billing)" in line for line in lines)
    assert any("split_into         by Leila (billing)" in line for line in lines)
    assert any(
        "each is handled as its own case: TEL-310-fault besides TEL-310; Leila stays "
        "responsible for each." in line
        for line in lines
    )
    assert cases[number - 1].owner.actor_id == "leila"
