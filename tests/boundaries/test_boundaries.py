"""Boundary policies and decisions: thresholds, exclusions, windows, safeguards, fail-closed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custrecovery.boundaries import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries import Assessment
from custrecovery.boundaries import BendsRules
from custrecovery.boundaries import BoundaryAction
from custrecovery.boundaries import BoundaryDecision
from custrecovery.boundaries import BoundaryPolicy
from custrecovery.boundaries import ComplainsRegardless
from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.boundaries import NeverSatisfied
from custrecovery.boundaries import NoticeTemplate
from custrecovery.boundaries import PolicyFailure
from custrecovery.boundaries import RestrictionNotice
from custrecovery.boundaries import combine_assessments
from custrecovery.boundaries import decide
from custrecovery.boundaries.decisions import _add_months
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.testing import assessments
from custrecovery.testing import contact_records
from custrecovery.testing import customer_histories

UTC = timezone.utc
AS_OF = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
A_SECOND = timedelta(seconds=1)


def contact(n: int, age: timedelta = timedelta(days=1), **fields: Any) -> ContactRecord:
    """Contact number ``n`` received ``age`` before AS_OF, other fields as given."""
    return ContactRecord(case_id=f"C-{n:03}", received_at=AS_OF - age, **fields)


def history(*contacts: ContactRecord) -> CustomerHistory:
    """A history of the given contacts for one customer."""
    return CustomerHistory("CUST-1", contacts)


REJECTED = {"resolution_offered": True, "resolution_reasonable": True, "customer_accepted": False}
REJECTED_UNREASONABLE = {**REJECTED, "resolution_reasonable": False}
ACCEPTED = {**REJECTED, "customer_accepted": True}
PENDING = {**REJECTED, "customer_accepted": None}


def run(*kinds: dict[str, Any]) -> list[ContactRecord]:
    """Contacts of the given kinds, oldest first, one day apart."""
    return [contact(i, timedelta(days=len(kinds) - i), **k) for i, k in enumerate(kinds)]


# ---------------------------------------------------------------- NeverSatisfied

NEVER_SATISFIED_TABLE = [
    pytest.param(run(REJECTED, REJECTED), False, 2, id="below"),
    pytest.param(run(REJECTED, REJECTED, REJECTED), True, 3, id="at"),
    pytest.param(run(REJECTED, REJECTED, REJECTED, REJECTED), True, 4, id="above"),
    pytest.param(
        run(REJECTED, {**REJECTED, "justified": True}, REJECTED), False, 2, id="justified-excluded"
    ),
    pytest.param(
        run(REJECTED, {**REJECTED, "justified": False}, {**REJECTED, "justified": None}),
        True,
        3,
        id="unjustified-and-unassessed-count",
    ),
    pytest.param(
        run(REJECTED, REJECTED_UNREASONABLE, REJECTED), False, 2, id="unreasonable-excluded"
    ),
    pytest.param(
        run(REJECTED, REJECTED_UNREASONABLE, REJECTED, REJECTED),
        True,
        3,
        id="excluded-is-skipped-not-a-break",
    ),
    pytest.param(
        run(REJECTED, REJECTED, REJECTED, ACCEPTED), False, 0, id="acceptance-ends-the-run"
    ),
    pytest.param(
        run(REJECTED, ACCEPTED, REJECTED, REJECTED), False, 2, id="run-counts-after-acceptance"
    ),
    pytest.param(run(REJECTED, PENDING, REJECTED, REJECTED), True, 3, id="pending-offer-skipped"),
    pytest.param(run(), False, 0, id="empty-history"),
]


@pytest.mark.parametrize(("contacts", "flagged", "count"), NEVER_SATISFIED_TABLE)
def test_never_satisfied_table(contacts: list[ContactRecord], flagged: bool, count: int) -> None:
    """NeverSatisfied flags from 3 reasonable offers rejected in a row, justified ones excluded."""
    result = NeverSatisfied().assess(history(*contacts), as_of=AS_OF)
    assert result.flagged is flagged
    facts = dict(result.explanation.facts)
    assert facts["rejected_in_a_row"] == str(count)
    expected = BoundaryAction.TAKE_PRIVATE if flagged else BoundaryAction.CONTINUE
    assert result.suggested is expected


def test_never_satisfied_ignores_contacts_after_as_of() -> None:
    """A rejection received after as_of does not complete the run."""
    later = ContactRecord(case_id="C-LATE", received_at=AS_OF + A_SECOND, **REJECTED)
    result = NeverSatisfied().assess(history(*run(REJECTED, REJECTED), later), as_of=AS_OF)
    assert not result.flagged


def test_never_satisfied_custom_threshold_and_action() -> None:
    """A configured threshold and suggestion are used and cited in the explanation."""
    policy = NeverSatisfied(rejections_in_a_row=1, suggests=BoundaryAction.BACK_EMPLOYEE)
    result = policy.assess(history(*run(REJECTED)), as_of=AS_OF)
    assert (result.flagged, result.suggested) == (True, BoundaryAction.BACK_EMPLOYEE)
    assert dict(result.explanation.thresholds) == {"rejections_in_a_row": "1"}
    assert dict(result.explanation.facts)["cases"] == "C-000"


# ---------------------------------------------------------------- ComplainsRegardless

WINDOW_90 = timedelta(days=90)


def complaints(n: int, *, age: timedelta = timedelta(days=1), **fields: Any) -> list[ContactRecord]:
    """``n`` complaints, all received ``age`` before AS_OF."""
    return [contact(i, age, **fields) for i in range(n)]


COMPLAINS_TABLE = [
    pytest.param(complaints(5), False, 5, id="just-below"),
    pytest.param(complaints(6), False, 6, id="at"),
    pytest.param(complaints(7), True, 7, id="above"),
    pytest.param([*complaints(6), contact(99, justified=True)], False, 6, id="justified-excluded"),
    pytest.param(complaints(7, justified=None), True, 7, id="unassessed-count"),
    pytest.param(complaints(7, justified=False), True, 7, id="unjustified-count"),
    pytest.param(
        [*complaints(6), contact(99, WINDOW_90)], False, 6, id="exactly-window-old-is-out"
    ),
    pytest.param(
        [*complaints(6), contact(99, WINDOW_90 - A_SECOND)], True, 7, id="just-inside-window"
    ),
    pytest.param([*complaints(6), contact(99, timedelta(0))], True, 7, id="at-as-of-is-in"),
    pytest.param([*complaints(6), contact(99, -A_SECOND)], False, 6, id="after-as-of-is-out"),
]


@pytest.mark.parametrize(("contacts", "flagged", "count"), COMPLAINS_TABLE)
def test_complains_regardless_table(
    contacts: list[ContactRecord], flagged: bool, count: int
) -> None:
    """ComplainsRegardless flags more than 6 unjustified complaints in the 90 days to as_of."""
    result = ComplainsRegardless().assess(history(*contacts), as_of=AS_OF)
    assert result.flagged is flagged
    assert dict(result.explanation.facts)["complaints_counted"] == str(count)
    expected = BoundaryAction.RESTRICT_CONTACT if flagged else BoundaryAction.CONTINUE
    assert result.suggested is expected


def test_complains_regardless_explains_rule_facts_and_thresholds() -> None:
    """The explanation names the policy, counts what was left out and cites the thresholds."""
    contacts = [*complaints(7), contact(99, justified=True)]
    result = ComplainsRegardless().assess(history(*contacts), as_of=AS_OF)
    facts = dict(result.explanation.facts)
    assert result.explanation.source == "complains-regardless"
    assert "more than 6" in result.explanation.rule
    assert (facts["justified_left_out"], facts["window_start"]) == (
        "1",
        (AS_OF - WINDOW_90).isoformat(),
    )
    assert dict(result.explanation.thresholds) == {
        "max_complaints": "6",
        "window": str(WINDOW_90),
    }


# ---------------------------------------------------------------- BendsRules

OUTSIDE: dict[str, Any] = {"exception_requested": True}
WITHIN: dict[str, Any] = {"exception_requested": True, "exception_within_policy": True}
WINDOW_180 = timedelta(days=180)

BENDS_TABLE = [
    pytest.param(complaints(2, **OUTSIDE), False, 2, id="just-below"),
    pytest.param(complaints(3, **OUTSIDE), False, 3, id="at"),
    pytest.param(complaints(4, **OUTSIDE), True, 4, id="above"),
    pytest.param(
        [*complaints(3, **OUTSIDE), contact(99, **WITHIN)], False, 3, id="within-policy-excluded"
    ),
    pytest.param([*complaints(3, **OUTSIDE), contact(99)], False, 3, id="no-request-excluded"),
    pytest.param(
        [*complaints(3, **OUTSIDE), contact(99, WINDOW_180, **OUTSIDE)],
        False,
        3,
        id="exactly-window-old-is-out",
    ),
    pytest.param(
        [*complaints(3, **OUTSIDE), contact(99, WINDOW_180 - A_SECOND, **OUTSIDE)],
        True,
        4,
        id="just-inside-window",
    ),
]


@pytest.mark.parametrize(("contacts", "flagged", "count"), BENDS_TABLE)
def test_bends_rules_table(contacts: list[ContactRecord], flagged: bool, count: int) -> None:
    """BendsRules flags more than 3 requests for exceptions outside policy in 180 days."""
    result = BendsRules().assess(history(*contacts), as_of=AS_OF)
    assert result.flagged is flagged
    assert dict(result.explanation.facts)["requests_outside_policy"] == str(count)
    expected = BoundaryAction.BACK_EMPLOYEE if flagged else BoundaryAction.CONTINUE
    assert result.suggested is expected


# ---------------------------------------------------------------- invalid values

NAIVE = datetime(2024, 6, 1, 12, 0)
ONE: Any = 1
NOT_A_RECORD: Any = "not a record"

INVALID_VALUES = [
    pytest.param(lambda: ContactRecord(case_id="C", received_at=NAIVE), id="naive-received-at"),
    pytest.param(lambda: ContactRecord(case_id="", received_at=AS_OF), id="empty-case-id"),
    pytest.param(
        lambda: ContactRecord(case_id="C", received_at=AS_OF, customer_accepted=True),
        id="accepted-without-offer",
    ),
    pytest.param(
        lambda: ContactRecord(case_id="C", received_at=AS_OF, resolution_reasonable=True),
        id="reasonable-without-offer",
    ),
    pytest.param(
        lambda: ContactRecord(case_id="C", received_at=AS_OF, exception_within_policy=True),
        id="within-policy-without-request",
    ),
    pytest.param(
        lambda: ContactRecord(case_id="C", received_at=AS_OF, justified=ONE),
        id="justified-not-bool",
    ),
    pytest.param(lambda: CustomerHistory("CUST", (NOT_A_RECORD,)), id="history-garbage"),
    pytest.param(lambda: NeverSatisfied(rejections_in_a_row=0), id="zero-threshold"),
    pytest.param(lambda: ComplainsRegardless(window=timedelta(0)), id="empty-window"),
    pytest.param(lambda: BendsRules(suggests=BoundaryAction.CONTINUE), id="suggests-continue"),
    pytest.param(lambda: NeverSatisfied().assess(history(), as_of=NAIVE), id="naive-as-of"),
    pytest.param(lambda: combine_assessments([], as_of=NAIVE), id="naive-as-of-combine"),
    pytest.param(
        lambda: Assessment("p", False, BoundaryAction.PART_WAYS, _explanation("p")),
        id="unflagged-but-restrictive",
    ),
    pytest.param(lambda: NoticeTemplate(months=7), id="template-over-6-months"),
]


def _explanation(source: str, rule: str = "rule") -> Explanation:
    """A minimal explanation from ``source``."""
    return Explanation(source=source, rule=rule, facts={}, thresholds={})


@pytest.mark.parametrize("build", INVALID_VALUES)
def test_invalid_values_are_refused(build: Any) -> None:
    """Malformed caller values raise InvalidValue."""
    with pytest.raises(InvalidValue):
        build()


# ---------------------------------------------------------------- notices

SIX_MONTHS = _add_months(AS_OF, 6)


def notice(**changes: Any) -> RestrictionNotice:
    """A valid notice starting at AS_OF, with ``changes`` applied."""
    fields: dict[str, Any] = {
        "channels": ("email",),
        "why": "too many complaints",
        "starts": AS_OF,
        "until": SIX_MONTHS,
        "review_on": SIX_MONTHS,
        "how_to_appeal": "write to the manager",
    }
    return RestrictionNotice(**{**fields, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"review_on": SIX_MONTHS + A_SECOND}, id="review-after-6-months"),
        pytest.param({"until": SIX_MONTHS + A_SECOND}, id="until-after-review"),
        pytest.param({"until": AS_OF}, id="until-not-after-start"),
        pytest.param({"review_on": AS_OF, "until": AS_OF}, id="review-not-after-start"),
        pytest.param({"how_to_appeal": " "}, id="blank-appeal"),
        pytest.param({"external_recourse": " "}, id="blank-external-recourse"),
        pytest.param({"channels": ()}, id="no-channel"),
        pytest.param({"why": ""}, id="no-reason"),
        pytest.param({"starts": NAIVE}, id="naive-start"),
    ],
)
def test_restriction_notice_refuses(changes: dict[str, Any]) -> None:
    """A notice with a review beyond 6 months, a late end or missing text is refused."""
    with pytest.raises(InvalidValue):
        notice(**changes)


def test_restriction_notice_at_the_limits_is_accepted() -> None:
    """A review exactly 6 calendar months after the start, ending at the review, is accepted."""
    made = notice(named_contact="Sam", set_times="Tuesdays 10-12")
    assert (made.review_on, made.until) == (datetime(2024, 12, 1, 12, 0, tzinfo=UTC),) * 2


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        pytest.param(
            datetime(2023, 8, 31, tzinfo=UTC), datetime(2024, 2, 29, tzinfo=UTC), id="leap"
        ),
        pytest.param(
            datetime(2022, 8, 31, tzinfo=UTC), datetime(2023, 2, 28, tzinfo=UTC), id="feb"
        ),
        pytest.param(
            datetime(2024, 7, 15, tzinfo=UTC), datetime(2025, 1, 15, tzinfo=UTC), id="year"
        ),
    ],
)
def test_add_months_clamps_to_month_end(start: datetime, expected: datetime) -> None:
    """Six calendar months later keeps the day, clamped to the end of a shorter month."""
    assert _add_months(start, 6) == expected


# ---------------------------------------------------------------- decisions


def assessment(policy: str, action: BoundaryAction) -> Assessment:
    """An assessment by ``policy`` suggesting ``action``."""
    return Assessment(
        policy, action is not BoundaryAction.CONTINUE, action, _explanation(policy, f"{policy}!")
    )


def test_action_ladder_order() -> None:
    """The actions are ordered least to most restrictive, as documented."""
    assert sorted(BoundaryAction, reverse=True) == [
        BoundaryAction.PART_WAYS,
        BoundaryAction.RESTRICT_CONTACT,
        BoundaryAction.BACK_EMPLOYEE,
        BoundaryAction.TAKE_PRIVATE,
        BoundaryAction.CONTINUE,
    ]
    assert BoundaryAction.TAKE_PRIVATE >= BoundaryAction.TAKE_PRIVATE > BoundaryAction.CONTINUE
    assert BoundaryAction.BACK_EMPLOYEE <= BoundaryAction.RESTRICT_CONTACT


def test_actions_do_not_compare_with_other_values() -> None:
    """Ordering an action against a non-action is a TypeError, not a silent answer."""
    other: Any = 2
    with pytest.raises(TypeError):
        sorted([BoundaryAction.PART_WAYS, other])


def test_most_restrictive_wins_and_conflicts_name_who_said_what() -> None:
    """The most restrictive suggestion wins and each overruled policy is named in conflicts."""
    decision = combine_assessments(
        [assessment("b", BoundaryAction.BACK_EMPLOYEE), assessment("a", BoundaryAction.CONTINUE)],
        as_of=AS_OF,
    )
    assert decision.action is BoundaryAction.BACK_EMPLOYEE
    assert decision.conflicts == (
        "a suggested continue (a!); b suggested back-employee, which is more restrictive and wins",
    )
    assert [e.source for e in decision.explanations] == ["a", "b"]
    assert (decision.notice, decision.escalate_to_human) == (None, False)


@pytest.mark.parametrize(
    ("failures", "named"),
    [
        pytest.param([PolicyFailure("broken", "boom")], "policy 'broken'", id="one"),
        pytest.param(
            [PolicyFailure("z-bad", "boom"), PolicyFailure("a-bad", "bad")],
            "policies 'a-bad', 'z-bad'",
            id="two",
        ),
    ],
)
def test_a_conflict_won_by_the_escalation_names_the_failed_policy(
    failures: list[PolicyFailure], named: str
) -> None:
    """When only the fail-closed floor outranks a policy, the conflict names who failed."""
    decision = combine_assessments(
        [assessment("p", BoundaryAction.CONTINUE), *failures], as_of=AS_OF
    )
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert decision.conflicts == (
        f"p suggested continue (p!); the escalation because {named} failed suggested "
        "take-private, which is more restrictive and wins",
    )


def test_no_assessments_continue_without_conflict() -> None:
    """With nothing to go on, the decision is CONTINUE with no conflicts."""
    decision = combine_assessments([], as_of=AS_OF)
    assert (decision.action, decision.conflicts, decision.explanations) == (
        BoundaryAction.CONTINUE,
        (),
        (),
    )


def test_restrict_contact_gets_the_default_notice() -> None:
    """RESTRICT_CONTACT gets an email-only notice reviewed in 6 months, naming the policy."""
    decision = combine_assessments(
        [assessment("vol", BoundaryAction.RESTRICT_CONTACT)], as_of=AS_OF
    )
    assert decision.notice is not None
    assert (decision.notice.channels, decision.notice.starts, decision.notice.review_on) == (
        ("email",),
        AS_OF,
        SIX_MONTHS,
    )
    assert decision.notice.why == "vol: vol!"
    assert "ombudsman" in decision.notice.how_to_appeal


def _notice_without_recourse(
    reasons: tuple[Assessment, ...], *, as_of: datetime
) -> RestrictionNotice:
    """A custom notice factory that says nothing about external recourse."""
    return RestrictionNotice(("phone",), "rude", as_of, SIX_MONTHS, SIX_MONTHS, "write to us")


def _notice_blanking_recourse(
    reasons: tuple[Assessment, ...], *, as_of: datetime
) -> RestrictionNotice:
    """A custom notice factory that tries to blank the external recourse."""
    return RestrictionNotice(
        ("phone",), "rude", as_of, SIX_MONTHS, SIX_MONTHS, "write to us", external_recourse=""
    )


def test_every_notice_names_external_recourse() -> None:
    """A notice names external recourse: by default, as configured, or refusing a blank."""
    restrict = [assessment("vol", BoundaryAction.RESTRICT_CONTACT)]
    default = combine_assessments(restrict, as_of=AS_OF).notice
    assert default is not None
    assert "ombudsman" in default.external_recourse
    named = NoticeTemplate(external_recourse="the Financial Ombudsman Service")
    configured = combine_assessments(restrict, as_of=AS_OF, notice_factory=named).notice
    assert configured is not None
    assert configured.external_recourse == "the Financial Ombudsman Service"
    custom = combine_assessments(restrict, as_of=AS_OF, notice_factory=_notice_without_recourse)
    assert custom.notice is not None
    assert custom.notice.external_recourse == default.external_recourse
    with pytest.raises(InvalidValue, match="external_recourse"):
        combine_assessments(restrict, as_of=AS_OF, notice_factory=_notice_blanking_recourse)
    with pytest.raises(InvalidValue, match="external_recourse"):
        NoticeTemplate(external_recourse=" ")


def test_restrict_contact_uses_the_given_template() -> None:
    """A configured template sets the channel, contact person and review period."""
    template = NoticeTemplate(channels=["phone"], named_contact="Sam", months=3)
    decision = combine_assessments(
        [assessment("vol", BoundaryAction.RESTRICT_CONTACT)], as_of=AS_OF, notice_factory=template
    )
    assert decision.notice == attrs.evolve(
        DEFAULT_NOTICE_TEMPLATE((assessment("vol", BoundaryAction.RESTRICT_CONTACT),), as_of=AS_OF),
        channels=("phone",),
        named_contact="Sam",
        until=_add_months(AS_OF, 3),
        review_on=_add_months(AS_OF, 3),
    )


def test_part_ways_keeps_the_safeguards() -> None:
    """Even PART_WAYS keeps the owner, external recourse and merits-based new complaints."""
    decision = combine_assessments([assessment("x", BoundaryAction.PART_WAYS)], as_of=AS_OF)
    assert decision.action is BoundaryAction.PART_WAYS
    assert decision.owner_kept
    assert decision.external_recourse_kept
    assert decision.new_complaints_on_merits


@pytest.mark.parametrize(
    "field", ["owner_kept", "external_recourse_kept", "new_complaints_on_merits"]
)
def test_safeguards_cannot_be_switched_off(field: str) -> None:
    """Constructing a decision with a safeguard False raises InvalidValue."""
    switched_off: dict[str, Any] = {field: False}
    with pytest.raises(InvalidValue, match=field):
        BoundaryDecision(BoundaryAction.PART_WAYS, **switched_off)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"action": BoundaryAction.RESTRICT_CONTACT}, id="restrict-without-notice"),
        pytest.param(
            {"action": BoundaryAction.PART_WAYS, "notice": notice()}, id="notice-without-restrict"
        ),
        pytest.param(
            {"action": BoundaryAction.TAKE_PRIVATE, "escalate_to_human": True},
            id="escalation-without-reason",
        ),
        pytest.param(
            {
                "action": BoundaryAction.CONTINUE,
                "escalate_to_human": True,
                "escalation_reason": "x",
            },
            id="escalation-that-continues",
        ),
        pytest.param(
            {"action": BoundaryAction.CONTINUE, "escalation_reason": "x"},
            id="reason-without-escalation",
        ),
    ],
)
def test_inconsistent_decisions_are_refused(fields: dict[str, Any]) -> None:
    """A decision whose notice or escalation does not match its action is refused."""
    with pytest.raises(InvalidValue):
        BoundaryDecision(**fields)


def test_escalation_names_the_plugin_and_the_error() -> None:
    """The fail-closed decision escalates to a person, naming the plugin and the error."""
    decision = BoundaryDecision.escalation(plugin="acme", error=KeyError("missing"))
    assert decision.escalate_to_human
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert decision.escalation_reason == (
        "policy 'acme' failed: KeyError: 'missing'; a person must decide"
    )
    assert decision.explanations[0].source == "acme"


def test_garbage_among_assessments_escalates() -> None:
    """Something that is not an Assessment escalates and never continues silently."""
    garbage: Any = "flagged!"
    decision = combine_assessments([garbage, assessment("a", BoundaryAction.CONTINUE)], as_of=AS_OF)
    assert decision.escalate_to_human
    assert decision.action is BoundaryAction.TAKE_PRIVATE
    assert decision.escalation_reason is not None
    assert "'flagged!'" in decision.escalation_reason


class Exploding:
    """A policy that raises."""

    name = "exploding"

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Assessment:
        """Raise, as a buggy plugin would."""
        raise RuntimeError("boom")


class Lying:
    """A policy that returns garbage."""

    name = "lying"

    def assess(self, history: CustomerHistory, *, as_of: datetime) -> Any:
        """Return something that is not an Assessment."""
        return {"flagged": False}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(Exploding(), "policy 'exploding' failed: RuntimeError: boom", id="raises"),
        pytest.param(Lying(), "policy 'lying' failed: returned {'flagged': False}", id="garbage"),
    ],
)
def test_decide_fails_closed(policy: BoundaryPolicy, expected: str) -> None:
    """A policy that raises or returns garbage escalates; the other policies still count."""
    contacts = complaints(7)
    decision = decide(history(*contacts), as_of=AS_OF, policies=[policy, ComplainsRegardless()])
    assert decision.escalate_to_human
    assert decision.escalation_reason is not None
    assert decision.escalation_reason.startswith(expected)
    assert decision.action is BoundaryAction.RESTRICT_CONTACT
    assert decision.notice is not None


def test_decide_with_the_built_in_policies() -> None:
    """decide runs the three built-ins: a frequent complainant's contact is restricted."""
    decision = decide(history(*complaints(7)), as_of=AS_OF)
    assert decision.action is BoundaryAction.RESTRICT_CONTACT
    assert [e.source for e in decision.explanations] == [
        "bends-rules",
        "complains-regardless",
        "never-satisfied",
    ]
    assert len(decision.conflicts) == 2


# ---------------------------------------------------------------- properties

ANYTHING = st.one_of(
    assessments(),
    st.builds(PolicyFailure, st.sampled_from(["x", "y"]), st.sampled_from(["boom", "bad"])),
)


@settings(max_examples=200)
@given(st.lists(ANYTHING, max_size=6))
def test_safeguards_always_hold(inputs: list[Assessment | PolicyFailure]) -> None:
    """Whatever the assessments and failures, every safeguard of the decision is True."""
    decision = combine_assessments(inputs, as_of=AS_OF)
    assert decision.owner_kept is True
    assert decision.external_recourse_kept is True
    assert decision.new_complaints_on_merits is True


@settings(max_examples=200)
@given(st.lists(ANYTHING, max_size=6))
def test_combined_action_is_the_maximum(inputs: list[Assessment | PolicyFailure]) -> None:
    """The action is the most restrictive suggestion, at least TAKE_PRIVATE after a failure."""
    decision = combine_assessments(inputs, as_of=AS_OF)
    suggested = [a.suggested for a in inputs if isinstance(a, Assessment)]
    failed = any(isinstance(a, PolicyFailure) for a in inputs)
    floor = [BoundaryAction.TAKE_PRIVATE] if failed else [BoundaryAction.CONTINUE]
    assert decision.action is max([*suggested, *floor])
    assert decision.escalate_to_human is failed
    overruled = [a for a in inputs if isinstance(a, Assessment) and a.suggested < decision.action]
    assert len(decision.conflicts) == len(overruled)
    winners = {
        a.policy for a in inputs if isinstance(a, Assessment) and a.suggested is decision.action
    }
    for conflict in decision.conflicts:
        won = conflict.split("); ", 1)[1]
        assert not won.startswith(" ")  # every conflict names what won
        if not winners:
            assert won.startswith("the escalation because polic")


@settings(max_examples=200)
@given(st.lists(ANYTHING, max_size=6), st.randoms(use_true_random=False))
def test_combination_ignores_input_order(
    inputs: list[Assessment | PolicyFailure], rnd: random.Random
) -> None:
    """The same assessments in any order give the same decision."""
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    assert combine_assessments(shuffled, as_of=AS_OF) == combine_assessments(inputs, as_of=AS_OF)


@settings(max_examples=200)
@given(customer_histories(), st.randoms(use_true_random=False))
def test_decide_is_deterministic(made: CustomerHistory, rnd: random.Random) -> None:
    """The same history and as_of give the same decision, however the contacts were listed."""
    contacts = list(made.contacts)
    rnd.shuffle(contacts)
    again = CustomerHistory(made.customer_id, contacts)
    as_of = datetime(2024, 10, 1, tzinfo=UTC)
    assert again == made
    assert decide(again, as_of=as_of) == decide(made, as_of=as_of)


@settings(max_examples=200)
@given(st.lists(assessments(), max_size=6), st.integers(1, 6))
def test_restrict_contact_always_has_a_notice(inputs: Sequence[Assessment], months: int) -> None:
    """RESTRICT_CONTACT always carries a notice reviewed at most 6 months after as_of."""
    decision = combine_assessments(
        inputs, as_of=AS_OF, notice_factory=NoticeTemplate(months=months)
    )
    if decision.action is BoundaryAction.RESTRICT_CONTACT:
        assert decision.notice is not None
        assert AS_OF < decision.notice.review_on <= SIX_MONTHS
        assert decision.notice.until <= decision.notice.review_on
        assert "ombudsman" in decision.notice.external_recourse
    else:
        assert decision.notice is None


@settings(max_examples=200)
@given(customer_histories(), st.lists(contact_records(), max_size=10))
def test_justified_complaints_never_make_a_customer_unreasonable(
    made: CustomerHistory, extra: list[ContactRecord]
) -> None:
    """Adding complaints judged justified never raises what ComplainsRegardless suggests."""
    justified = [attrs.evolve(c, justified=True, case_id=f"J{c.case_id}") for c in extra]
    policy = ComplainsRegardless(max_complaints=2)
    as_of = datetime(2024, 10, 1, tzinfo=UTC)
    before = policy.assess(made, as_of=as_of)
    after = policy.assess(
        attrs.evolve(made, contacts=made.contacts + tuple(justified)), as_of=as_of
    )
    assert after.flagged is before.flagged


@settings(max_examples=200)
@given(customer_histories())
def test_history_is_sorted_by_time(made: CustomerHistory) -> None:
    """A history's contacts are kept in order of receipt."""
    times = [c.received_at for c in made.contacts]
    assert times == sorted(times)
