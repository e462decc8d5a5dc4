"""JSON round trips for cases, events and values, and the document format."""

from __future__ import annotations

import json
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import Investigate
from custrecovery.operations import OfferReferral
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Severity
from custrecovery.storage import FORMAT_VERSION
from custrecovery.storage import from_dict
from custrecovery.storage import to_dict
from custrecovery.testing import actors
from custrecovery.testing import assessments
from custrecovery.testing import compensation_facts
from custrecovery.testing import customer_histories
from custrecovery.testing import money
from tests.storage._helpers import ALICE
from tests.storage._helpers import BOB
from tests.storage._helpers import DESK
from tests.storage._helpers import PROPERTY
from tests.storage._helpers import STORY
from tests.storage._helpers import STORY_DOC
from tests.storage._helpers import T0
from tests.storage._helpers import VALIDATOR
from tests.storage._helpers import WINDOWED
from tests.storage._helpers import _complaints_with_loss
from tests.storage._helpers import annotated_cases
from tests.storage._helpers import at
from tests.storage._helpers import reopened_cases
from tests.storage._helpers import reseal
from tests.storage._helpers import windowed_cases


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
    assert cr.case_from_dict(cr.case_to_dict(case), desk=DESK) == case


@PROPERTY
@given(annotated_cases())
def test_case_round_trips_through_json_text(case: cr.Case) -> None:
    """Loading a case's JSON text gives back an equal case, which writes the same text."""
    text = cr.to_json(case)
    loaded = cr.from_json(cr.Case, text, desk=DESK)
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
    """Replayed under a desk without a reopen window (its fingerprint accepted as a
    migration), a reopened history is refused at the reopening event."""
    index = next(i for i, e in enumerate(case.history) if e.kind == "reopen_after_close")
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(
            cr.case_to_dict(case), desk=DESK, accept_fingerprints=[WINDOWED.fingerprint]
        )
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
    assert STORY_DOC["format_version"] == FORMAT_VERSION == 2
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
    assert cr.to_json(cr.from_json(cr.Case, text, desk=DESK)) == text


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
        cr.case_from_dict(reseal(doc), desk=DESK)
    assert caught.value.where == "$.history[9].operation.degree"
    assert f"{degree!r} is not a" in caught.value.problem


def test_a_referred_case_round_trips() -> None:
    """A case with a referral loads back equal, and its document is valid under the schema."""
    case = _referred()
    assert cr.case_from_dict(cr.case_to_dict(case), desk=DESK) == case
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
    """The same document loaded under the default desk (no window), its fingerprint
    accepted as a migration, raises a DataError at the reopening event."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(
            cr.Case, cr.to_json(_reopened()), desk=DESK, accept_fingerprints=[WINDOWED.fingerprint]
        )
    assert caught.value.where == "$.history[9].operation"
    assert "no reopen window is set" in caught.value.problem
