"""JSON for cases, events and values: round trips, the schema, bad input, conflicts.

The bad-input corpus starts from one known document (:func:`story`) and breaks
it one way per row; every row names the exact ``DataError.where`` and a piece of
its ``problem``, and checks that the failed load returned nothing and left the
input exactly as it was.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra yet
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from conftest import Listener
from custrecovery.boundaries import BoundaryDecision
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import AwaitCustomer
from custrecovery.operations import Close
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import Investigate
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Severity
from custrecovery.storage import FORMAT_VERSION
from custrecovery.storage import from_dict
from custrecovery.storage import to_dict
from custrecovery.testing._boundary_strategies import assessments
from custrecovery.testing._boundary_strategies import customer_histories
from custrecovery.testing._case_strategies import actors
from custrecovery.testing._case_strategies import carry_on
from custrecovery.testing._case_strategies import cases
from custrecovery.testing._case_strategies import complaints
from custrecovery.testing._money_strategies import compensation_facts
from custrecovery.testing._money_strategies import money

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
ALICE = cr.Actor("alice", "Alice", role="billing")
BOB = cr.Actor("bob", "Bob", role="tech support")
SCHEMA_PATH = Path(cr.__file__).parent / "storage" / "case.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
DESK = cr.Desk()
REOPEN_WINDOW = timedelta(days=14)
WINDOWED = cr.Desk(rules=LifecycleRules(reopen_window=REOPEN_WINDOW))
"""A desk whose rules reopen a closed case on a reply within 14 days (the default never does)."""

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Doc = dict[str, Any]


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + timedelta(minutes=minutes)


def story() -> cr.Case:
    """A fixed case: recorded, acknowledged, assessed, handed to Bob, goodwill offered.

    History: 0 record (alice), 1 acknowledge, 2 assess, 3 offer_handoff to bob,
    4 accept_handoff (bob), 5 offer_goodwill (bob). State ``assessed``, owner
    Bob, version 6.
    """
    complaint = cr.Complaint(
        "C-1",
        cr.Customer("cust-1", "Cara", contact="cara@example.com"),
        cr.Channel.PHONE,
        T0,
        "the router keeps dropping",
        claimed_loss=cr.Money("10.50", "EUR"),
    )
    rules = GoodwillRules(authority=AuthorityLimits({"tech support": cr.Money("50", "EUR")}))
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=cr.Money("40", "EUR"),
        time_lost=timedelta(seconds=5401),
    )
    decision = cr.Desk(goodwill=rules).decide_goodwill(facts, requested_by=BOB)
    case = DESK.record(complaint, by=ALICE, at=T0)
    return DESK.apply_all(
        case,
        [
            Acknowledge(by=ALICE, at=at(1)),
            Assess(by=ALICE, at=at(2), severity=Severity.HIGH),
            OfferHandoff(by=ALICE, at=at(3), to=BOB, reason="technical"),
            AcceptHandoff(by=BOB, at=at(4)),
            OfferGoodwill(by=BOB, at=at(5), decision=decision),
        ],
    )


STORY = story()
STORY_DOC: Doc = json.loads(cr.to_json(STORY))
"""The story's document as it comes back from storage (tuples are JSON arrays)."""


# --- strategies -----------------------------------------------------------------


@st.composite
def annotated_cases(draw: st.DrawFn, desk: cr.Desk = DESK) -> cr.Case:
    """A valid case from :func:`cases` on ``desk``, then maybe goodwill and boundary
    decisions."""
    case = draw(cases(desk))
    return _annotate(draw, desk, case)


def _annotate(draw: st.DrawFn, desk: cr.Desk, case: cr.Case) -> cr.Case:
    """``case`` with up to three goodwill or boundary decisions, if it is open and owned."""
    if case.state not in desk.lifecycle.owned_states or not desk.allowed(case):
        return case
    for _ in range(draw(st.integers(0, 3))):
        when = case.last_event_at + timedelta(minutes=draw(st.integers(0, 90)))
        op: Operation
        if draw(st.booleans()):
            facts = draw(compensation_facts())
            goodwill = desk.decide_goodwill(facts, requested_by=case.owner)
            if not goodwill.granted:
                continue
            op = OfferGoodwill(by=case.owner, at=when, decision=goodwill)
        else:
            boundary = (
                desk.decide_boundary(draw(customer_histories(max_contacts=6)), as_of=when)
                if draw(st.booleans())
                else BoundaryDecision.escalation(plugin="flaky-policy", error="timed out")
            )
            op = RecordBoundaryDecision(by=case.owner, at=when, decision=boundary)
        case = desk.apply(case, op)
    return case


_TO_CLOSED: tuple[Callable[[cr.Actor, datetime], Operation], ...] = (
    lambda by, when: Acknowledge(by=by, at=when),
    lambda by, when: Assess(by=by, at=when, severity=Severity.MEDIUM),
    lambda by, when: ProposeResolution(by=by, at=when, resolution="a refund"),
    lambda by, when: AcceptResolution(by=by, at=when),
    lambda by, when: Close(by=by, at=when),
)
"""The shortest way from ``received`` to ``closed``: the customer accepts a resolution."""


@st.composite
def reopened_cases(draw: st.DrawFn, max_steps: int = 12) -> cr.Case:
    """A case on :data:`WINDOWED` closed, reopened by someone's reply within the window,
    then carried on by up to ``max_steps`` accepted operations and maybe annotated.

    :func:`cases` reaches ``reopen_after_close`` only now and then (a walk must close
    first); this strategy makes every example exercise it.
    """
    complaint = draw(complaints())
    case = WINDOWED.record(complaint, by=draw(actors()), at=complaint.received_at)
    for make in _TO_CLOSED:
        when = case.last_event_at + timedelta(minutes=draw(st.integers(0, 600)))
        case = WINDOWED.apply(case, make(case.owner, when))
    closed_at = case.last_event_at
    reply = closed_at + draw(st.timedeltas(timedelta(0), REOPEN_WINDOW))
    case = WINDOWED.apply(case, ReopenAfterClose(by=draw(actors()), at=reply))
    return _annotate(draw, WINDOWED, carry_on(draw, WINDOWED, case, max_steps))


def windowed_cases() -> st.SearchStrategy[cr.Case]:
    """Cases on :data:`WINDOWED`: random walks, and walks that were reopened after closing."""
    return annotated_cases(WINDOWED) | reopened_cases()


def _complaints_with_loss() -> st.SearchStrategy[cr.Complaint]:
    return st.builds(
        attrs.evolve,
        complaints(),
        claimed_loss=st.none() | money(min_value=0, max_value=10_000),
    )


def _values() -> st.SearchStrategy[object]:
    """Values (not cases, not operations) with a :func:`to_dict` form."""
    boundary = st.builds(
        lambda history, when: DESK.decide_boundary(history, as_of=when),
        customer_histories(max_contacts=6),
        st.just(T0),
    )
    goodwill = st.builds(
        lambda facts, by: DESK.decide_goodwill(facts, requested_by=by),
        compensation_facts(),
        actors(),
    )
    events = annotated_cases().flatmap(lambda c: st.sampled_from(c.history))
    return st.one_of(
        money(),
        actors(),
        _complaints_with_loss(),
        compensation_facts(),
        assessments(),
        boundary,
        goodwill,
        events,
    )


# --- round trips ------------------------------------------------------------------


@PROPERTY
@given(annotated_cases())
def test_case_round_trips_through_a_dict(case: cr.Case) -> None:
    """Loading a case's document gives back an equal case."""
    assert cr.case_from_dict(cr.case_to_dict(case)) == case


@PROPERTY
@given(annotated_cases())
def test_case_round_trips_through_json_text(case: cr.Case) -> None:
    """Loading a case's JSON text gives back an equal case, which writes the same text."""
    text = cr.to_json(case)
    loaded = cr.from_json(cr.Case, text)
    assert loaded == case
    assert cr.to_json(loaded) == text


@PROPERTY
@given(annotated_cases())
def test_replaying_the_history_rebuilds_the_case(case: cr.Case) -> None:
    """A case is fully determined by its event history."""
    assert DESK.replay(case.history) == case
    assert DESK.replay(case.history, case_id=case.case_id) == case


@PROPERTY
@given(windowed_cases())
def test_windowed_case_round_trips_through_a_dict(case: cr.Case) -> None:
    """With a reopen window, loading a case's document under the same desk gives it back."""
    assert cr.case_from_dict(cr.case_to_dict(case), desk=WINDOWED) == case


@PROPERTY
@given(windowed_cases())
def test_windowed_case_round_trips_through_json_text(case: cr.Case) -> None:
    """With a reopen window, a case's JSON text loads back equal and writes the same text."""
    text = cr.to_json(case)
    loaded = cr.from_json(cr.Case, text, desk=WINDOWED)
    assert loaded == case
    assert cr.to_json(loaded) == text


@PROPERTY
@given(windowed_cases())
def test_replaying_a_windowed_history_rebuilds_the_case(case: cr.Case) -> None:
    """With a reopen window, a case (reopened ones included) is determined by its history."""
    assert WINDOWED.replay(case.history) == case
    assert WINDOWED.replay(case.history, case_id=case.case_id) == case


@PROPERTY
@given(reopened_cases())
def test_a_reopened_history_needs_the_window_to_replay(case: cr.Case) -> None:
    """Replayed under a desk without a reopen window, a reopened history is refused at the
    reopening event."""
    index = next(i for i, e in enumerate(case.history) if e.kind == "reopen_after_close")
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(cr.case_to_dict(case))
    assert caught.value.where == f"$.history[{index}].operation"
    assert "no reopen window is set" in caught.value.problem


@PROPERTY
@given(_values())
def test_values_round_trip(value: object) -> None:
    """Every value read back from its dict (and its JSON text) equals itself."""
    assert from_dict(type(value), to_dict(value)) == value
    assert cr.from_json(type(value), cr.to_json(value)) == value


@PROPERTY
@given(annotated_cases().flatmap(lambda c: st.sampled_from([e.operation for e in c.history])))
def test_operations_round_trip_through_the_tagged_union(op: Operation) -> None:
    """An operation read back as ``Operation`` (tagged by ``kind``) equals itself."""
    data = to_dict(op)
    assert data["kind"] == op.kind
    assert from_dict(Operation, data) == op


def test_an_operation_round_trips_through_its_own_class() -> None:
    """``from_dict(type(op), to_dict(op)) == op`` holds for operations too."""
    op = Acknowledge(by=ALICE, at=T0)
    assert from_dict(Acknowledge, to_dict(op)) == op


def test_an_operation_of_another_kind_is_refused_by_its_class() -> None:
    """Reading an 'assess' as an Acknowledge names the kind, not a missing field."""
    data = to_dict(Assess(by=ALICE, at=T0, severity=Severity.HIGH))
    with pytest.raises(cr.DataError) as caught:
        from_dict(Acknowledge, data)
    assert (caught.value.where, caught.value.problem) == (
        "$.kind",
        "expected kind 'acknowledge', got 'assess'",
    )


def test_the_document_format() -> None:
    """Money is an exact string, times carry their offset, operations are tagged."""
    loss = STORY_DOC["history"][0]["operation"]["complaint"]["claimed_loss"]
    assert loss == {"amount": "10.50", "currency": "EUR"}
    assert STORY_DOC["format"] == "custrecovery.case"
    assert STORY_DOC["format_version"] == FORMAT_VERSION == 1
    assert STORY_DOC["history"][1]["operation"]["at"] == "2026-11-02T09:01:00+00:00"
    assert [e["operation"]["kind"] for e in STORY_DOC["history"]] == [
        "record",
        "acknowledge",
        "assess",
        "offer_handoff",
        "accept_handoff",
        "offer_goodwill",
    ]
    facts = STORY_DOC["history"][5]["operation"]["decision"]["facts"]
    assert facts["time_lost"] == "5401"
    assert (STORY_DOC["state"], STORY_DOC["owner"]["actor_id"], STORY_DOC["version"]) == (
        "assessed",
        "bob",
        6,
    )


def test_an_offset_other_than_utc_survives() -> None:
    """A time written with +05:30 is read back as the same instant and offset."""
    ist = timezone(timedelta(hours=5, minutes=30))
    op = Acknowledge(by=ALICE, at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=ist))
    data = to_dict(op)
    assert data["at"] == "2026-01-02T03:04:05.000006+05:30"
    assert from_dict(Operation, data).at.utcoffset() == timedelta(hours=5, minutes=30)


def test_durations_are_plain_decimal_strings() -> None:
    """Durations are written as plain decimal seconds, never with an exponent."""
    assert to_dict(timedelta(minutes=90)) == "5400"
    assert to_dict(timedelta(minutes=1)) == "60"
    assert to_dict(timedelta(milliseconds=500)) == "0.5"
    assert to_dict(timedelta(microseconds=1)) == "0.000001"
    assert to_dict(timedelta(0)) == "0"
    assert from_dict(timedelta, "5400") == timedelta(minutes=90)


def _referred() -> cr.Case:
    case = DESK.apply_all(
        STORY,
        [
            Investigate(by=BOB, at=at(10)),
            OfferReferral(by=BOB, at=at(11), firm="Acme Fibre"),
            ConfirmReferral(by=BOB, at=at(12), confirmed_by="Jo", can_do="a new line"),
        ],
    )
    notice = ReferralNotice("they run the line", "call 0800 000 000")
    refer = Refer(
        by=BOB,
        at=at(13),
        degree=ReferralDegree.CONNECTED_LIVE,
        notice=notice,
        follow_up_due=at(60 * 24),
    )
    return DESK.apply(case, refer)


def test_a_loaded_referral_can_be_written_again() -> None:
    """A case with a 'refer' event, loaded from JSON, writes the same JSON again."""
    text = cr.to_json(_referred())
    assert cr.to_json(cr.from_json(cr.Case, text)) == text


def test_a_referral_degree_is_read_as_the_enum() -> None:
    """The degree read back is a ReferralDegree member."""
    assert type(from_dict(ReferralDegree, 2)) is ReferralDegree


@pytest.mark.parametrize(
    "degree",
    [
        0,
        7,
        -1,
        "2",
        pytest.param(True, id="true"),
        pytest.param(2.0, id="float"),
    ],
)
def test_an_unknown_referral_degree_is_refused(degree: object) -> None:
    """A degree that is not a ReferralDegree value (by value and JSON type) raises DataError."""
    with pytest.raises(cr.DataError) as caught:
        from_dict(ReferralDegree, degree)
    assert caught.value.where == "$"
    assert f"{degree!r} is not a" in caught.value.problem
    assert "ReferralDegree" in caught.value.problem


@pytest.mark.parametrize(
    "degree",
    [
        pytest.param(7, id="unknown"),
        pytest.param(True, id="true"),
        pytest.param(3.0, id="float"),
    ],
)
def test_a_stored_degree_must_be_a_degree(degree: object) -> None:
    """In a stored 'refer', a degree of the wrong value or JSON type is refused where it is."""
    doc = cr.case_to_dict(_referred())
    doc["history"][9]["operation"]["degree"] = degree
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(doc)
    assert caught.value.where == "$.history[9].operation.degree"
    assert f"{degree!r} is not a" in caught.value.problem


def test_a_referred_case_round_trips() -> None:
    """A case with a referral loads back equal, and its document is valid under the schema."""
    case = _referred()
    assert cr.case_from_dict(cr.case_to_dict(case)) == case
    VALIDATOR.validate(json.loads(cr.to_json(case)))


def _reopened() -> cr.Case:
    """The story resolved, closed, reopened by Alice's reply three days later, then
    investigated again by her (the reply made her owner)."""
    return WINDOWED.apply_all(
        WINDOWED.replay(STORY.history),
        [
            ProposeResolution(by=BOB, at=at(10), resolution="a new router"),
            AcceptResolution(by=BOB, at=at(11)),
            Close(by=BOB, at=at(12)),
            ReopenAfterClose(by=ALICE, at=at(12 + 3 * 24 * 60), note="it drops again"),
            Investigate(by=ALICE, at=at(13 + 3 * 24 * 60)),
        ],
    )


def test_a_reopened_case_round_trips() -> None:
    """A case reopened within the window loads back equal under the same desk, writes the
    same JSON again, and its document is valid under the schema."""
    case = _reopened()
    assert (case.state, case.owner, case.version) == ("investigating", ALICE, 11)
    assert [e.kind for e in case.history][-3:] == ["close", "reopen_after_close", "investigate"]
    text = cr.to_json(case)
    loaded = cr.from_json(cr.Case, text, desk=WINDOWED)
    assert loaded == case
    assert cr.to_json(loaded) == text
    assert cr.case_from_dict(cr.case_to_dict(case), desk=WINDOWED) == case
    reopen = json.loads(text)["history"][9]["operation"]
    assert (reopen["kind"], reopen["by"]["actor_id"], reopen["note"]) == (
        "reopen_after_close",
        "alice",
        "it drops again",
    )
    VALIDATOR.validate(json.loads(text))


def test_a_reopened_case_loaded_without_the_window_is_refused() -> None:
    """The same document loaded under the default desk (no window) raises a DataError
    at the reopening event."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, cr.to_json(_reopened()))
    assert caught.value.where == "$.history[9].operation"
    assert "no reopen window is set" in caught.value.problem


# --- the schema ---------------------------------------------------------------------


def test_the_schema_is_valid_draft_2020_12() -> None:
    """The shipped schema is itself a valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_names_every_operation_and_its_fields() -> None:
    """Each kind in OPERATION_TYPES is one branch of the union, with exactly its fields."""
    union = SCHEMA["$defs"]["Operation"]
    kinds: dict[str, Any] = {}
    for branch in union["oneOf"]:
        kind = branch["if"]["properties"]["kind"]["const"]
        kinds[kind] = SCHEMA["$defs"][branch["then"]["$ref"].rsplit("/", 1)[1]]
        assert kinds[kind]["properties"]["kind"] == {"const": kind}
        assert branch["else"] is False
    assert set(kinds) == set(OPERATION_TYPES) == set(union["properties"]["kind"]["enum"])
    for kind, cls in OPERATION_TYPES.items():
        fields = {f.name for f in attrs.fields(cls)} | {"kind"}
        assert set(kinds[kind]["properties"]) == fields, kind
        assert kinds[kind]["additionalProperties"] is False


@PROPERTY
@given(annotated_cases())
def test_every_case_document_validates_against_the_schema(case: cr.Case) -> None:
    """What case_to_dict writes is valid under the shipped schema."""
    VALIDATOR.validate(json.loads(cr.to_json(case)))


@PROPERTY
@given(windowed_cases())
def test_every_windowed_case_document_validates_against_the_schema(case: cr.Case) -> None:
    """What case_to_dict writes for cases with a reopen window, reopened ones included, is
    valid under the shipped schema."""
    VALIDATOR.validate(json.loads(cr.to_json(case)))


def test_the_story_validates_against_the_schema() -> None:
    """The fixed story, goodwill decision included, is valid under the schema."""
    VALIDATOR.validate(STORY_DOC)


def test_case_to_dict_is_plain_json_data() -> None:
    """The dict case_to_dict returns is what JSON text reads back: lists, not tuples."""
    doc = cr.case_to_dict(STORY)
    assert doc == json.loads(cr.to_json(STORY))
    VALIDATOR.validate(doc)


def test_a_whole_minutes_duration_validates_against_the_schema() -> None:
    """A case whose goodwill facts lost exactly 90 minutes is valid under the schema."""
    doc = copy.deepcopy(STORY_DOC)
    doc["history"][5]["operation"]["decision"]["facts"]["time_lost"] = to_dict(
        timedelta(minutes=90)
    )
    VALIDATOR.validate(doc)


def _put(path: tuple[str | int, ...], value: object) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _drop(path: tuple[str | int, ...]) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


OP1 = ("history", 1, "operation")
LOSS = ("history", 0, "operation", "complaint", "claimed_loss")


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_put((*LOSS, "amount"), 10.5), id="amount-as-number"),
        pytest.param(_put((*LOSS, "currency"), "eur"), id="lower-case-currency"),
        pytest.param(_put((*OP1, "at"), "2026-11-02T09:01:00"), id="naive-time"),
        pytest.param(_put((*OP1, "kind"), "zap"), id="unknown-kind"),
        pytest.param(_put((*OP1, "colour"), "red"), id="extra-key"),
        pytest.param(_drop(("format_version",)), id="no-format-version"),
        pytest.param(_put(("history",), []), id="empty-history"),
        pytest.param(_put(("history", 0, "version"), "1"), id="version-as-string"),
    ],
)
def test_broken_documents_fail_the_schema(mutate: Callable[[Doc], None]) -> None:
    """Documents the library refuses are refused by the schema too."""
    doc = copy.deepcopy(STORY_DOC)
    mutate(doc)
    assert not VALIDATOR.is_valid(doc)
    with pytest.raises(cr.DataError):
        cr.case_from_dict(doc)


# --- the bad-input corpus -------------------------------------------------------------


def _duplicate_event(doc: Doc) -> None:
    doc["history"].insert(2, copy.deepcopy(doc["history"][1]))


def _drop_event(doc: Doc) -> None:
    del doc["history"][2]


def _start_without_record(doc: Doc) -> None:
    first = copy.deepcopy(doc["history"][1])
    first["version"] = 1
    doc["history"] = [first]


def _goodwill_of(doc: Doc, amount: str) -> dict[str, Any]:
    """The story's goodwill decision with a credit of ``amount`` EUR added to its apology:
    a compensation consistent in itself, whose authority record the caller then edits."""
    decision: dict[str, Any] = doc["history"][5]["operation"]["decision"]
    compensation = decision["compensation"]
    total = {"amount": amount, "currency": "EUR"}
    credit = {"source": "credit", "rule": "a credit", "facts": [], "thresholds": []}
    compensation["proposals"].append({"remedy": "credit", "amount": total, "explanation": credit})
    compensation["explanations"].append(credit)
    compensation["total"] = compensation["uncapped_total"] = total
    return decision


def _inflate_compensation(doc: Doc) -> None:
    # A total its proposals do not add up to: refused before any authority is looked at.
    compensation = doc["history"][5]["operation"]["decision"]["compensation"]
    compensation["total"] = compensation["uncapped_total"] = {"amount": "60.00", "currency": "EUR"}


def _refuse_goodwill(doc: Doc) -> None:
    # A consistent decision above the limit, never approved: replay refuses it.
    authority = _goodwill_of(doc, "60.00")["authority"]
    authority.update(
        total={"amount": "60.00", "currency": "EUR"}, within_authority=False, approver_roles=[]
    )


def _forge_within_authority(doc: Doc) -> None:
    _goodwill_of(doc, "100.00")["authority"]["total"] = {"amount": "100.00", "currency": "EUR"}


def _authority_for_another_total(doc: Doc) -> None:
    _goodwill_of(doc, "0.00")["authority"]["total"] = {"amount": "10.00", "currency": "EUR"}


CORPUS = [
    # (id, mutation, where, piece of the problem)
    (
        "unknown-event-kind",
        _put((*OP1, "kind"), "zap"),
        "$.history[1].operation",
        "unknown operation kind 'zap'",
    ),
    (
        "naive-timestamp",
        _put(("history", 2, "operation", "at"), "2026-11-02T09:02:00"),
        "$.history[2].operation.at",
        "time '2026-11-02T09:02:00' has no UTC offset",
    ),
    (
        "unparsable-timestamp",
        _put(("history", 2, "operation", "at"), "yesterday"),
        "$.history[2].operation.at",
        "Invalid isoformat string: 'yesterday'",
    ),
    (
        "out-of-order-timestamps",
        _put(("history", 2, "operation", "at"), "2026-11-02T08:00:00+00:00"),
        "$.history[2].operation.at",
        "before the case's last event at 2026-11-02T09:01:00+00:00",
    ),
    (
        "event-for-another-case",
        _put(("history", 2, "case_id"), "C-2"),
        "$.history[2].case_id",
        "event belongs to case 'C-2', not 'C-1'",
    ),
    (
        "duplicate-event",
        _duplicate_event,
        "$.history[2].version",
        "version 2 where 3 was expected",
    ),
    ("version-gap", _drop_event, "$.history[2].version", "version 4 where 3 was expected"),
    (
        "unknown-currency",
        _put((*LOSS, "currency"), "XXX"),
        "$.history[0].operation.complaint.claimed_loss",
        "unknown currency 'XXX'",
    ),
    (
        "lower-case-currency",
        _put((*LOSS, "currency"), "eur"),
        "$.history[0].operation.complaint.claimed_loss",
        "unknown currency 'eur'",
    ),
    (
        "too-many-decimals",
        _put((*LOSS, "amount"), "10.505"),
        "$.history[0].operation.complaint.claimed_loss",
        "10.505 has more decimals than EUR allows (2)",
    ),
    (
        "decimals-for-yen",
        _put(LOSS, {"amount": "100.5", "currency": "JPY"}),
        "$.history[0].operation.complaint.claimed_loss",
        "100.5 has more decimals than JPY allows (0)",
    ),
    (
        "amount-as-json-number",
        _put((*LOSS, "amount"), 10.5),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "expected a decimal string, got float 10.5",
    ),
    (
        "amount-not-a-number",
        _put((*LOSS, "amount"), "ten"),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "not a decimal number: 'ten'",
    ),
    (
        "amount-nan",
        _put((*LOSS, "amount"), "NaN"),
        "$.history[0].operation.complaint.claimed_loss",
        "is not a finite number",
    ),
    (
        "int-for-str",
        _put((*OP1, "by", "actor_id"), 5),
        "$.history[1].operation.by.actor_id",
        "expected a string, got int 5",
    ),
    (
        "null-for-str",
        _put((*OP1, "note"), None),
        "$.history[1].operation.note",
        "expected a string, got NoneType None",
    ),
    (
        "str-for-int",
        _put(("history", 0, "version"), "1"),
        "$.history[0].version",
        "expected an integer, got str '1'",
    ),
    (
        "bool-for-int",
        _put(("history", 0, "version"), True),
        "$.history[0].version",
        "expected an integer, got bool True",
    ),
    (
        "int-for-bool",
        _put(("history", 3, "operation", "copy_customer"), 1),
        "$.history[3].operation.copy_customer",
        "expected true or false, got int 1",
    ),
    (
        "blank-actor-id",
        _put((*OP1, "by", "actor_id"), " "),
        "$.history[1].operation.by",
        "Actor.actor_id must be a non-empty string",
    ),
    ("missing-field", _drop((*OP1, "by")), "$.history[1].operation.by", "required field missing"),
    (
        "missing-complaint-field",
        _drop(("history", 0, "operation", "complaint", "summary")),
        "$.history[0].operation.complaint.summary",
        "required field missing",
    ),
    (
        "missing-defaulted-key",
        _drop((*OP1, "note")),
        "$.history[1].operation",
        "missing key 'note'",
    ),
    (
        "missing-optional-money",
        _drop(LOSS),
        "$.history[0].operation.complaint",
        "missing key 'claimed_loss'",
    ),
    (
        "missing-actor-team",
        _drop((*OP1, "by", "team")),
        "$.history[1].operation.by",
        "missing key 'team'",
    ),
    ("missing-top-level-key", _drop(("owner",)), "$", "missing keys ['owner']"),
    ("unknown-top-level-key", _put(("colour",), "red"), "$", "unknown keys ['colour']"),
    (
        "unknown-operation-key",
        _put((*OP1, "colour"), "red"),
        "$.history[1].operation",
        "extra fields found (colour)",
    ),
    (
        "unknown-event-key",
        _put(("history", 1, "colour"), "red"),
        "$.history[1]",
        "extra fields found (colour)",
    ),
    (
        "wrong-format",
        _put(("format",), "custrecovery.ticket"),
        "$.format",
        "not a case document: format 'custrecovery.ticket'",
    ),
    ("wrong-format-version", _put(("format_version",), 2), "$.format_version", "is not 1"),
    ("empty-history", _put(("history",), []), "$.history", "history must be a non-empty list"),
    ("history-not-a-list", _put(("history",), {}), "$.history", "non-empty list"),
    (
        "history-not-starting-with-record",
        _start_without_record,
        "$.history[0].operation.kind",
        "a history starts with 'record', not 'acknowledge'",
    ),
    (
        "stored-state-not-in-lifecycle",
        _put(("state",), "renamed_state"),
        "$.state",
        "stored state 'renamed_state' but the history gives 'assessed'",
    ),
    (
        "event-state-not-in-lifecycle",
        _put(("history", 5, "state"), "renamed_state"),
        "$.history[5].state",
        "stored state 'renamed_state' is not a state of ComplaintLifecycle",
    ),
    (
        "stored-owner-mismatch",
        _put(("owner",), to_dict(ALICE)),
        "$.owner",
        "but the history gives 'bob'",
    ),
    (
        "stored-version-mismatch",
        _put(("version",), 5),
        "$.version",
        "stored version 5 but the history gives 6",
    ),
    (
        "rules-refuse-on-replay",
        _put(("history", 4, "operation", "by"), to_dict(ALICE)),
        "$.history[4].operation",
        "the offer was made to 'bob'; only they can answer it, not 'alice'",
    ),
    (
        "ungranted-goodwill-on-replay",
        _refuse_goodwill,
        "$.history[5].operation",
        "above the requester's goodwill limit",
    ),
    (
        "forged-within-authority",
        _forge_within_authority,
        "$.history[5].operation.decision.authority",
        "within_authority=True, but 100.00 EUR is above the limit 50.00 EUR",
    ),
    (
        "authority-for-another-total",
        _authority_for_another_total,
        "$.history[5].operation.decision",
        "the authority was checked for 10.00 EUR, but the compensation is 0.00 EUR",
    ),
    (
        "compensation-above-its-proposals",
        _inflate_compensation,
        "$.history[5].operation.decision.compensation",
        "the uncapped total 60.00 EUR is not what the proposals kept add up to (0.00 EUR)",
    ),
    (
        "event-owner-mismatch",
        _put(("history", 1, "owner"), to_dict(BOB)),
        "$.history[1]",
        "stored state/owner 'acknowledged'/'bob', but replay gives 'acknowledged'/'alice'",
    ),
    (
        "unknown-severity",
        _put(("history", 2, "operation", "severity"), "urgent"),
        "$.history[2].operation.severity",
        "'urgent' is not a Severity (one of 'low', 'medium', 'high', 'critical')",
    ),
    (
        "customer-not-an-object",
        _put(("history", 0, "operation", "complaint", "customer"), "not a customer"),
        "$.history[0].operation.complaint.customer",
        "expected a Customer object, got str 'not a customer'",
    ),
    (
        "customer-null",
        _put(("history", 0, "operation", "complaint", "customer"), None),
        "$.history[0].operation.complaint.customer",
        "expected a Customer object, got NoneType None",
    ),
    (
        "unknown-channel",
        _put(("history", 0, "operation", "complaint", "channel"), "pigeon"),
        "$.history[0].operation.complaint.channel",
        "'pigeon' is not a Channel (one of 'phone', 'email',",
    ),
    (
        "channel-as-array",
        _put(("history", 0, "operation", "complaint", "channel"), ["email"]),
        "$.history[0].operation.complaint.channel",
        "['email'] is not a Channel (one of 'phone', 'email',",
    ),
    (
        "actor-with-an-extra-key",
        _put(("history", 1, "owner", "badge"), "A-7"),
        "$.history[1].owner",
        "extra fields found (badge)",
    ),
    (
        "actor-without-team",
        _drop(("history", 1, "operation", "by", "team")),
        "$.history[1].operation.by",
        "missing key 'team'",
    ),
    (
        "actor-id-not-a-string",
        _put(("history", 1, "operation", "by", "actor_id"), 7),
        "$.history[1].operation.by.actor_id",
        "expected a string, got int 7",
    ),
    (
        "complaint-of-another-case",
        _put(("history", 0, "operation", "complaint", "complaint_id"), "C-9"),
        "$.history[0].operation.complaint.complaint_id",
        "complaint id 'C-9' is not the case id 'C-1'",
    ),
    (
        "recorded-before-received",
        _put(("history", 0, "operation", "at"), "2026-11-02T08:59:00+00:00"),
        "$.history[0].operation",
        "before it was received",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "where", "problem"),
    [pytest.param(m, w, p, id=i) for i, m, w, p in CORPUS],
)
def test_bad_input_raises_a_data_error_naming_where(
    mutate: Callable[[Doc], None], where: str, problem: str
) -> None:
    """Broken history raises DataError at the exact path; the input is left as it was."""
    doc = copy.deepcopy(STORY_DOC)
    mutate(doc)
    before = copy.deepcopy(doc)
    loaded: cr.Case | None = None
    with pytest.raises(cr.DataError) as caught:
        loaded = cr.case_from_dict(doc)
    assert loaded is None
    assert doc == before
    assert caught.value.where == where
    assert problem in caught.value.problem
    assert str(caught.value) == f"{where}: {caught.value.problem}"
    # JSON text gives the same answer as the dict.
    with pytest.raises(cr.DataError) as again:
        cr.from_json(cr.Case, json.dumps(doc))
    assert (again.value.where, again.value.problem) == (where, caught.value.problem)


def test_the_corpus_is_large_and_every_row_is_broken_on_its_own() -> None:
    """At least 20 kinds of broken input, all distinct; the unbroken story loads."""
    assert len(CORPUS) >= 20
    assert len({row[0] for row in CORPUS}) == len(CORPUS)
    assert cr.case_from_dict(copy.deepcopy(STORY_DOC)) == STORY


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        pytest.param(
            '{"format": "custrecovery.case", "format_',
            "line 1 column 33",
            "Unterminated string starting at",
            id="truncated-in-a-string",
        ),
        pytest.param(
            cr.to_json(STORY)[:-1],
            f"line 1 column {len(cr.to_json(STORY))}",
            "Expecting ',' delimiter",
            id="truncated-last-brace",
        ),
        pytest.param(
            "\n".join(cr.to_json(STORY, indent=1).splitlines()[:3]),
            # ' "format": "custrecovery.case",' is line 3, 31 characters long.
            "line 3 column 32",
            "Expecting property name enclosed in double quotes",
            id="truncated-after-three-lines",
        ),
        pytest.param("", "line 1 column 1", "Expecting value", id="empty-text"),
        pytest.param("[1, 2", "line 1 column 6", "Expecting", id="truncated-list"),
        pytest.param("[]", "$", "a case document is an object, got list", id="not-an-object"),
        pytest.param("null", "$", "a case document is an object, got NoneType", id="null"),
    ],
)
def test_bad_json_text_raises_a_data_error(text: str, where: str, problem: str) -> None:
    """Truncated or non-object JSON text raises DataError with its line and column."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, text)
    assert caught.value.where == where
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(b"\xff\xfe{", id="not-utf8-bytes"),
        pytest.param('{"version": ' + "9" * 5000 + "}", id="integer-too-long"),
    ],
)
def test_undecodable_text_raises_a_data_error(text: str | bytes) -> None:
    """Text json cannot decode at all is a DataError too, not a bare ValueError."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, text)
    assert caught.value.where == "$"
    assert caught.value.problem.startswith("not valid JSON: ")


@pytest.mark.parametrize(
    ("mutate", "where", "problem"),
    [
        pytest.param(
            _put(("format_version",), True),
            "$.format_version",
            "expected an integer, got True",
            id="bool-for-format-version",
        ),
        pytest.param(
            _put(("version",), 6.0),
            "$.version",
            "expected an integer, got 6.0",
            id="float-for-stored-version",
        ),
        pytest.param(_put(("case_id",), None), "$.case_id", "expected a string", id="null-case-id"),
        pytest.param(_put(("case_id",), 7), "$.case_id", "expected a string", id="int-case-id"),
        pytest.param(_put(("history", 1), 0), "$.history[1]", "int", id="event-not-an-object"),
        pytest.param(_put(("history", 1), []), "$.history[1]", "list", id="event-is-a-list"),
        pytest.param(
            _put(OP1, None),
            "$.history[1].operation",
            "expected an operation object, got NoneType",
            id="operation-not-an-object",
        ),
        pytest.param(
            _put((*OP1, "by"), "alice"),
            "$.history[1].operation.by",
            "str",
            id="actor-is-a-string",
        ),
        pytest.param(
            _put(LOSS, True),
            "$.history[0].operation.complaint.claimed_loss",
            "bool",
            id="optional-money-is-true",
        ),
        pytest.param(
            _put(("history", 0, "operation", "kind"), ""),
            "$.history[0].operation",
            "unknown operation kind ''",
            id="empty-kind-on-record",
        ),
        pytest.param(
            _put((*OP1, "kind"), ""),
            "$.history[1].operation",
            "unknown operation kind ''",
            id="empty-kind",
        ),
        pytest.param(
            _drop((*OP1, "kind")),
            "$.history[1].operation",
            "the operation has no 'kind'",
            id="no-kind",
        ),
    ],
)
def test_more_bad_input_raises_a_data_error(
    mutate: Callable[[Doc], None], where: str, problem: str
) -> None:
    """Wrong types at the top level and non-object events are DataErrors naming them."""
    doc = copy.deepcopy(STORY_DOC)
    mutate(doc)
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(doc)
    assert caught.value.where == where
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("cls", "data", "where", "problem"),
    [
        pytest.param(
            Operation,
            {"by": to_dict(ALICE), "at": "2026-11-02T09:00:00+00:00"},
            "$",
            "the operation has no 'kind'",
            id="op-without-kind",
        ),
        pytest.param(
            Operation,
            {"by": to_dict(ALICE), "at": "2026-11-02T09:00:00+00:00", "kind": "zap"},
            "$",
            "unknown operation kind 'zap'",
            id="op-unknown-kind",
        ),
        pytest.param(
            Acknowledge,
            {"by": to_dict(ALICE), "at": "2026-11-02T09:00:00+00:00"},
            "$",
            "the operation has no 'kind'",
            id="concrete-op-without-kind",
        ),
        pytest.param(
            Operation, "acknowledge", "$", "expected an operation object, got str", id="op-str"
        ),
        pytest.param(cr.Money, 5, "$", "int", id="money-from-int"),
        pytest.param(cr.Event, [], "$", "list", id="event-from-list"),
        pytest.param(
            cr.Complaint,
            {**to_dict(STORY.complaint), "customer": "not a customer"},
            "$.customer",
            "expected a Customer object, got str 'not a customer'",
            id="complaint-with-a-string-customer",
        ),
    ],
)
def test_from_dict_raises_a_data_error_for_malformed_values(
    cls: type[Any], data: object, where: str, problem: str
) -> None:
    """from_dict on malformed data raises DataError, whatever the shape."""
    with pytest.raises(cr.DataError) as caught:
        from_dict(cls, data)
    assert caught.value.where == where
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        pytest.param("conflicts", "ab", "expected an array, got str 'ab'", id="string-for-array"),
        pytest.param(
            "conflicts", {"x": 1}, "expected an array, got dict {'x': 1}", id="object-for-array"
        ),
        pytest.param(
            "explanations", "", "expected an array, got str ''", id="empty-string-for-array"
        ),
    ],
)
def test_a_string_or_object_is_not_an_array(field: str, value: object, problem: str) -> None:
    """A string or an object where the format has an array is a DataError naming the field."""
    data = to_dict(BoundaryDecision.escalation(plugin="p", error="boom"))
    with pytest.raises(cr.DataError) as caught:
        from_dict(BoundaryDecision, {**data, field: value})
    assert (caught.value.where, caught.value.problem) == (f"$.{field}", problem)


def test_from_dict_values_name_the_path() -> None:
    """A malformed value names the field inside it."""
    with pytest.raises(cr.DataError) as caught:
        from_dict(cr.Money, {"amount": 1, "currency": "EUR"})
    assert (caught.value.where, caught.value.problem) == (
        "$.amount",
        "expected a decimal string, got int 1",
    )
    with pytest.raises(cr.DataError) as unknown:
        from_dict(Severity, "urgent")
    assert unknown.value.where == "$"


def test_cases_are_loaded_with_case_from_dict_only() -> None:
    """from_dict refuses the Case type and points to case_from_dict."""
    with pytest.raises(TypeError, match="case_from_dict"):
        from_dict(cr.Case, STORY_DOC)


# --- unknown states ---------------------------------------------------------------------


def _renamed(case: cr.Case, state: str) -> cr.Case:
    last = attrs.evolve(case.history[-1], state=state)
    return attrs.evolve(case, history=(*case.history[:-1], last))


def test_apply_to_a_case_in_an_unknown_state_raises_a_data_error() -> None:
    """A case whose state the lifecycle does not know is refused, naming the state."""
    stale = _renamed(STORY, "renamed_state")
    with pytest.raises(cr.DataError) as caught:
        DESK.apply(stale, Investigate(by=BOB, at=at(10)))
    assert caught.value.where == "case 'C-1'"
    assert "stored state 'renamed_state' is not a state of ComplaintLifecycle" in (
        caught.value.problem
    )


def test_a_case_state_cannot_be_set_apart_from_its_history() -> None:
    """A case's state, owner and version are read from its history, not stored beside it."""
    assert "state" not in attrs.fields_dict(cr.Case)
    with pytest.raises(TypeError, match="unexpected keyword argument 'state'"):
        attrs.evolve(STORY, state="renamed_state")  # type: ignore[call-arg]


def test_replaying_a_renamed_state_names_it() -> None:
    """Replaying a history whose last event has an unknown state names that state."""
    with pytest.raises(cr.DataError) as caught:
        DESK.replay(_renamed(STORY, "renamed_state").history)
    assert caught.value.where == "$.history[5].state"
    assert (
        caught.value.problem == "stored state 'renamed_state' is not a state of ComplaintLifecycle"
    )


def test_replaying_an_empty_history_raises() -> None:
    """No events, no case."""
    with pytest.raises(cr.DataError) as caught:
        DESK.replay([])
    assert caught.value.where == "$.history"


# --- random mutations -------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _paths(node: object, prefix: Path_ = ()) -> list[Path_]:
    """Every path to a value inside a JSON document (the root excluded)."""
    found: list[Path_] = []
    if isinstance(node, dict):
        for key, child in node.items():
            found.append((*prefix, key))
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.append((*prefix, index))
            found += _paths(child, (*prefix, index))
    return found


def _parent(doc: Doc, path: Path_) -> Any:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    return target


_OTHER_JSON: st.SearchStrategy[object] = st.sampled_from(
    [None, True, False, 0, -1, 1.5, "", "x", [], {}]
)


Mutation = tuple[cr.Case, "str | Doc", str, Path_]


@st.composite
def mutated(draw: st.DrawFn) -> Mutation:
    """A valid case, its stored document broken one random way, how, and where."""
    case = draw(annotated_cases())
    doc: Doc = json.loads(cr.to_json(case))
    how = draw(st.sampled_from(["drop", "retype", "swap", "duplicate", "text", "truncate"]))
    if how == "truncate":
        text = cr.to_json(case)
        return case, text[: draw(st.integers(0, len(text) - 1))], how, ()
    if how in ("swap", "duplicate"):
        events = doc["history"]
        i = draw(st.integers(0, len(events) - 1))
        j = draw(st.integers(0, len(events) - 1).filter(lambda k: k != i or how == "duplicate"))
        if how == "swap" and i != j:
            events[i], events[j] = events[j], events[i]
        else:
            events.insert(j, copy.deepcopy(events[i]))
        return case, doc, how, ("history", i)
    paths = _paths(doc)
    if how == "text":
        paths = [p for p in paths if isinstance(_parent(doc, p)[p[-1]], str)]
        path = draw(st.sampled_from(paths))
        old = _parent(doc, path)[path[-1]]
        _parent(doc, path)[path[-1]] = draw(st.sampled_from(["", " ", old + "x", old[:-1]]))
        return case, doc, how, path
    path = draw(st.sampled_from(paths))
    parent = _parent(doc, path)
    if how == "drop":
        if isinstance(parent, list):
            assert isinstance(path[-1], int)
            parent.pop(path[-1])
        else:
            del parent[path[-1]]
    else:
        original = parent[path[-1]]
        value = draw(_OTHER_JSON.filter(lambda v: type(v) is not type(original)))
        parent[path[-1]] = value
    return case, doc, how, path


@PROPERTY
@given(mutated())
def test_random_mutations_load_equal_or_raise_the_library_error(example: Mutation) -> None:
    """A broken document raises CustRecoveryError or loads what it says, nothing else.

    A dropped key raises (every key in the document is one to_dict writes, so a
    default must not hide it); a dropped array item or a retyped value raises or
    loads a case that writes exactly the broken document (an object may become a
    null where it is optional); swapped or duplicated events and truncated text
    raise or load the original case; a changed string loads to a case that reads
    back the same.
    """
    case, broken, how, path = example
    try:
        if isinstance(broken, str):
            loaded = cr.from_json(cr.Case, broken)
        else:
            loaded = cr.case_from_dict(broken)
    except cr.CustRecoveryError:
        return
    assert isinstance(loaded, cr.Case)
    restored: Doc = json.loads(cr.to_json(loaded))
    if how in ("drop", "retype"):
        assert not (how == "drop" and isinstance(path[-1], str)), f"dropped {path} loaded"
        assert restored == broken
    elif how == "text":
        # A changed string may be read in its canonical form ("10.5" -> "10.50").
        assert cr.case_from_dict(restored) == loaded
    else:
        assert loaded == case


# --- optimistic concurrency ----------------------------------------------------------------


def test_a_stale_version_raises_a_conflict_and_changes_nothing() -> None:
    """Applying to a version other than the one expected raises ConflictError."""
    listener = Listener()
    desk = cr.Desk(plugins=[listener])
    before = copy.deepcopy(cr.case_to_dict(STORY))
    with pytest.raises(cr.ConflictError) as caught:
        desk.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=STORY.version - 1)
    conflict = caught.value
    assert (conflict.case_id, conflict.expected_version, conflict.actual_version) == ("C-1", 5, 6)
    assert "expected version 5, found 6" in str(conflict)
    assert cr.case_to_dict(STORY) == before
    assert listener.heard == []


@pytest.mark.parametrize("expected", ["6", 6.0, True])
def test_an_expected_version_that_is_not_an_int_is_refused(expected: object) -> None:
    """``expected_version`` is an int: a string, a float or a bool is a caller's mistake,
    never compared (``6.0 == 6`` would let it through)."""
    with pytest.raises(cr.InvalidValue, match="expected_version must be an int"):
        DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=expected)  # type: ignore[arg-type]


def test_the_current_version_is_accepted() -> None:
    """Applying with the case's own version moves it one version on."""
    after = DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=STORY.version)
    assert (after.version, after.state) == (7, "investigating")


def test_two_writers_one_wins_the_other_conflicts() -> None:
    """Two writers read version 6; once the first saved 7, the second's stale copy conflicts."""
    first = DESK.apply(STORY, Investigate(by=BOB, at=at(10)), expected_version=6)
    with pytest.raises(cr.ConflictError) as caught:
        DESK.apply(STORY, Investigate(by=BOB, at=at(11)), expected_version=first.version)
    assert (caught.value.expected_version, caught.value.actual_version) == (7, 6)
    retried = DESK.apply(first, AwaitCustomer(by=BOB, at=at(11), request="router model"))
    assert retried.version == 8


def test_errors_survive_pickling() -> None:
    """DataError and ConflictError keep their fields across processes."""
    import pickle

    data = pickle.loads(pickle.dumps(cr.DataError("bad", where="$.history[3].at")))
    assert (data.where, data.problem) == ("$.history[3].at", "bad")
    conflict = pickle.loads(
        pickle.dumps(cr.ConflictError(case_id="C-1", expected_version=2, actual_version=3))
    )
    assert (conflict.expected_version, conflict.actual_version) == (2, 3)


def test_decimal_amounts_stay_exact() -> None:
    """An amount with many digits is written and read back exactly."""
    amount = cr.Money(Decimal("123456789012345678.91"), "EUR")
    assert to_dict(amount) == {"amount": "123456789012345678.91", "currency": "EUR"}
    assert cr.from_json(cr.Money, cr.to_json(amount)) == amount
