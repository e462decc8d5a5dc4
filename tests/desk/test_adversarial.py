"""Regressions from an adversarial review through public names only (issue 10 and 11)."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import datetime
from datetime import timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.clocks import Duration
from custrecovery.clocks import Unit
from custrecovery.desk import Defaults
from custrecovery.goodwill import Apology
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CategoryTable
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import Acknowledge
from custrecovery.operations import Disclaim
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import ReopenAfterClose
from tests.conftest import ALICE
from tests.conftest import COMPLAINT
from tests.conftest import DUPLICATE
from tests.conftest import T0
from tests.conftest import minutes

MALLORY = cr.Actor("mallory", "Mallory", role="billing")


def eur(amount: str) -> cr.Money:
    return cr.Money(amount, "EUR")


@attrs.frozen(kw_only=True)
class Grab(ReopenAfterClose):  # type: ignore[misc]
    """A reopening dressed up as an annotation."""

    family = "annotation"


@attrs.frozen(kw_only=True)
class QuietDisclaim(Disclaim):  # type: ignore[misc]
    """A disclaimer dressed up as an ownership operation."""

    family = "ownership"


@pytest.mark.parametrize(
    "op",
    [Grab(by=MALLORY, at=T0), QuietDisclaim(by=ALICE, at=T0)],
    ids=["reopen-as-annotation", "disclaim-as-ownership"],
)
def test_an_operation_subclass_is_refused_and_changes_nothing(op: Any) -> None:
    """Only the declared operation classes are applied: a subclass claiming another family
    is refused before it can take the case."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    before = copy.deepcopy(case)
    with pytest.raises(cr.InvalidValue, match="not a subclass"):
        desk.apply(case, op)
    assert case == before
    assert case.owner == ALICE


def test_an_actor_subclass_is_not_an_actor() -> None:
    """An Actor subclass (which could claim to be anyone) cannot act in an operation."""

    @attrs.frozen
    class Ghost(cr.Actor):  # type: ignore[misc]
        def is_same_person(self, other: cr.Actor) -> bool:
            return True

    with pytest.raises(cr.InvalidValue, match="must be an Actor"):
        OfferHandoff(by=Ghost("mallory", "M"), at=T0, to=MALLORY, reason="x")


class Sly(str):
    """Text that equals everything."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = str.__hash__


def test_a_str_subclass_is_not_an_id() -> None:
    """Ids are exactly str: one that equals everything is refused where it is given."""
    with pytest.raises(cr.InvalidValue):
        cr.Customer(Sly("c-1"), "Cara")
    with pytest.raises(cr.InvalidValue):
        cr.Actor(Sly("ana"), "Ana")
    with pytest.raises(cr.PluginError):
        cr.Desk(packs=[Sly("zzz")], entry_points=False)


TABLE = CategoryTable("goodwill-table", {"voucher": eur("40")})
LIMITS = AuthorityLimits({"agent": eur("50"), "manager": eur("500")})
ANA = cr.Actor("ana", "Ana", role="agent")
BOSS = cr.Actor("boss", "Boss", role="manager")
FACTS = CompensationFacts("EUR", failure=FailureKind.MONEY, category="voucher")


class Raiser:
    name = "raiser"

    def propose(self, facts: CompensationFacts) -> None:
        raise ZeroDivisionError("boom")


class RaisingPlugin:
    plugin_name = "raising"

    @hookimpl
    def register_compensation_strategies(self) -> list[object]:
        return [Raiser()]


def test_a_plugin_failure_cannot_be_edited_out_of_the_decision() -> None:
    """A decision whose failures were removed is still refused: the desk decides again and its
    broken plugin sends the goodwill to a person."""
    desk = cr.Desk(
        defaults=Defaults(compensation_strategies=(Apology(), TABLE)),
        plugins=[RaisingPlugin()],
        goodwill=GoodwillRules(authority=LIMITS),
        entry_points=False,
    )
    case = desk.record(COMPLAINT, by=ANA, at=T0)
    decision = desk.decide_goodwill(FACTS, requested_by=ANA, for_case=case)
    assert decision.escalate_to_human
    with pytest.raises(cr.OperationRefused, match="a person must approve"):
        desk.apply(
            case, OfferGoodwill(by=ANA, at=minutes(1), decision=attrs.evolve(decision, failures=()))
        )


@pytest.mark.parametrize("variant", ["ana\u034f", "ana\ufe0f", "a na", "ana\u00a0x", "ana\u180b"])
def test_invisible_or_spaced_id_variants_are_refused(variant: str) -> None:
    """Combining joiners, variation selectors and any space inside an id are refused."""
    with pytest.raises(cr.InvalidValue, match="actor_id"):
        cr.Actor(variant, "Ana", role="manager")


def test_an_approval_is_bound_to_its_terms() -> None:
    """An approval carried over to other facts or another spelling of the requester does not
    build, so one approval cannot pay twice under another name."""
    desk = cr.Desk(
        defaults=Defaults(compensation_strategies=(Apology(), TABLE)),
        goodwill=GoodwillRules(
            authority=AuthorityLimits({"agent": eur("10"), "manager": eur("500")})
        ),
        entry_points=False,
    )
    case = desk.record(COMPLAINT, by=ANA, at=T0)
    approved = desk.approve_goodwill(
        desk.decide_goodwill(FACTS, requested_by=ANA, for_case=case), approver=BOSS
    )
    with pytest.raises(cr.InvalidValue, match="approval was given for other terms"):
        attrs.evolve(approved, facts=attrs.evolve(FACTS, category="other"))
    upper = cr.Actor("ANA", "Ana", role="agent")
    same_person = desk.decide_goodwill(FACTS, requested_by=upper, for_case=case)
    assert same_person.decision_id == approved.decision_id


class NamedAirline:
    plugin_name = "airline"

    @hookimpl
    def suggest_follow_ups(self, case: cr.Case) -> list[cr.FollowUpAction]:
        return []


def test_a_requested_pack_is_never_skipped() -> None:
    """A plugin taking a requested pack's name, a denied pack, or None as a plugin fails the
    desk's build instead of leaving the pack out silently."""
    with pytest.raises(cr.PluginError, match="already on the desk"):
        cr.Desk(plugins=[NamedAirline()], packs=["airline"], entry_points=False)
    with pytest.raises(cr.PluginError, match="excludes it"):
        cr.Desk(packs=["hotel"], deny=["hotel"], entry_points=False)
    with pytest.raises(cr.PluginError, match="None is not a plugin"):
        cr.Desk(plugins=[None], entry_points=False)


def test_a_statutory_claim_in_the_wrong_currency_escalates() -> None:
    """An EU 261 claim decided in GBP goes to a person instead of paying 0.00."""
    from custrecovery.packs.airline import Claim
    from custrecovery.packs.airline import DeniedBoarding
    from custrecovery.packs.airline import Flight

    desk = cr.Desk(packs=["airline"], entry_points=False)
    case = desk.record(COMPLAINT, by=ANA, at=T0)
    claim = Claim(disruption=DeniedBoarding(flight=Flight(4000, intra_eu=False), volunteered=False))
    facts = CompensationFacts("GBP", failure=FailureKind.FAILED_SERVICE, claim=claim)
    decision = desk.decide_goodwill(facts, requested_by=ANA, for_case=case)
    assert decision.escalate_to_human


def test_clocks_refuse_deadlines_off_the_calendar_and_endless_durations() -> None:
    """A deadline after year 9999 is a typed error, and no clock runs longer than ten years."""
    desk = cr.Desk(packs=["finance-us"], entry_points=False)
    late = datetime(9999, 12, 1, tzinfo=timezone.utc)
    complaint = attrs.evolve(COMPLAINT, received_at=late)
    case = desk.record(complaint, by=ANA, at=late)
    with pytest.raises(cr.InvalidValue, match="outside the calendar"):
        desk.clock_status(case, as_of=late)
    with pytest.raises(cr.InvalidValue, match="longer than any clock runs"):
        Duration(100_000, Unit.BUSINESS_DAYS)


def test_a_duplicate_is_absorbed_once() -> None:
    """Merging a stale copy of an already merged duplicate again is refused."""
    desk = cr.Desk(entry_points=False)
    duplicate = desk.apply(desk.record(DUPLICATE, by=ALICE, at=T0), Acknowledge(by=ALICE, at=T0))
    survivor = desk.record(COMPLAINT, by=ALICE, at=T0)
    other_copy = desk.replay(duplicate.history)
    _, survivor = desk.merge(duplicate, survivor, by=ALICE, at=minutes(1))
    with pytest.raises(cr.OperationRefused, match="already absorbed"):
        desk.merge(other_copy, survivor, by=ALICE, at=minutes(2))


def test_an_accepted_handoff_needs_the_offer_to_the_same_person() -> None:
    """The ownership rules compare people by their ids, not by the caller's own method."""
    desk = cr.Desk(entry_points=False)
    case = desk.record(COMPLAINT, by=ALICE, at=T0)
    case = desk.apply(case, OfferHandoff(by=ALICE, at=T0, to=ANA, reason="x"))
    with pytest.raises(cr.OperationRefused):
        desk.apply(case, AcceptHandoff(by=MALLORY, at=T0))


@pytest.mark.parametrize(
    ("line", "problem"),
    [("[" * 100_000 + "]" * 100_000, "nested too deeply"), ("{", "Expecting")],
    ids=["deep", "broken"],
)
def test_the_cli_reports_a_hostile_document_line_without_a_traceback(
    tmp_path: Path, line: str, problem: str
) -> None:
    """``check`` and ``replay`` report a line nested 100,000 deep as a problem of that line."""
    path = tmp_path / "docs.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for command in (
        ["check", str(path)],
        ["replay", str(path), "--kind", "cases", "--no-progress"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "custrecovery", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in done.stderr
        assert problem in done.stdout + done.stderr


def test_a_goodwill_cap_cannot_cut_a_statutory_claim() -> None:
    """Art. 15: an airline desk refuses to offer a capped amount for an EU 261 claim."""
    from custrecovery.packs.airline import Claim
    from custrecovery.packs.airline import DeniedBoarding
    from custrecovery.packs.airline import Flight

    desk = cr.Desk(
        packs=["airline"], goodwill=GoodwillRules(caps=(eur("100"),)), entry_points=False
    )
    case = desk.record(COMPLAINT, by=ANA, at=T0)
    claim = Claim(disruption=DeniedBoarding(flight=Flight(4000, intra_eu=False), volunteered=False))
    facts = CompensationFacts("EUR", failure=FailureKind.FAILED_SERVICE, claim=claim)
    decision = desk.decide_goodwill(facts, requested_by=ANA, for_case=case)
    assert decision.compensation.total == eur("100.00")
    with pytest.raises(cr.OperationRefused, match=r"Art\. 15"):
        desk.apply(case, OfferGoodwill(by=ANA, at=minutes(1), decision=decision))


def test_with_a_directory_goodwill_authority_comes_from_it() -> None:
    """A requester or approver who writes a higher role on their Actor gets the authority of
    the role the directory gives them; someone it does not know cannot approve."""
    from custrecovery.directory import Person
    from custrecovery.directory import StaticDirectory

    people = StaticDirectory(
        [
            Person(actor_id="ana", name="Ana", roles=("agent",)),
            Person(actor_id="bob", name="Bob", roles=("agent",)),
            Person(actor_id="boss", name="Boss", roles=("manager",)),
        ]
    )
    desk = cr.Desk(
        defaults=Defaults(compensation_strategies=(Apology(), TABLE)),
        goodwill=GoodwillRules(
            authority=AuthorityLimits({"agent": eur("10"), "manager": eur("500")})
        ),
        directory=people,
        entry_points=False,
    )
    case = desk.record(COMPLAINT, by=ANA, at=T0)
    boasting = cr.Actor("ana", "Ana", role="manager")
    decision = desk.decide_goodwill(FACTS, requested_by=boasting, for_case=case)
    assert decision.requested_by.role == "agent"
    assert not decision.granted
    with pytest.raises(cr.errors.ApprovalRefused, match="limit"):
        desk.approve_goodwill(decision, approver=cr.Actor("bob", "Bob", role="manager"))
    with pytest.raises(cr.errors.ApprovalRefused, match="not known to the directory"):
        desk.approve_goodwill(decision, approver=cr.Actor("eve", "Eve", role="manager"))
    assert desk.approve_goodwill(decision, approver=BOSS).granted
