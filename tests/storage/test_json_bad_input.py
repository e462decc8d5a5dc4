"""The bad-input corpus: every broken document raises a DataError naming where.

The corpus starts from one known document (:func:`story`) and breaks it one way
per row; every row names the exact ``DataError.where`` and a piece of its
``problem``, and checks that the failed load returned nothing and left the input
exactly as it was.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

import custrecovery as cr
from custrecovery.boundaries import BoundaryDecision
from custrecovery.operations import Acknowledge
from custrecovery.operations import Operation
from custrecovery.operations import Severity
from custrecovery.storage import from_dict
from custrecovery.storage import to_dict
from tests.storage._helpers import ALICE
from tests.storage._helpers import BOB
from tests.storage._helpers import DESK
from tests.storage._helpers import LOSS
from tests.storage._helpers import OP1
from tests.storage._helpers import STORY
from tests.storage._helpers import STORY_DOC
from tests.storage._helpers import Doc
from tests.storage._helpers import _drop
from tests.storage._helpers import _put
from tests.storage._helpers import reseal

TIME_LOST = ("history", 5, "operation", "decision", "facts", "time_lost")

# --- the bad-input corpus -------------------------------------------------------------


def mutate_copy(mutate: Callable[[Doc], None]) -> Doc:
    """A copy of the story's document, broken by ``mutate``."""
    doc = copy.deepcopy(STORY_DOC)
    mutate(doc)
    return doc


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
        "the string 'yesterday' is not an ISO 8601 time with a UTC offset",
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
        "expected a decimal string, got the number 10.5",
    ),
    (
        "amount-not-a-number",
        _put((*LOSS, "amount"), "ten"),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "'ten' is not a decimal number",
    ),
    (
        "amount-nan",
        _put((*LOSS, "amount"), "NaN"),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "is not a finite number",
    ),
    (
        "int-for-str",
        _put((*OP1, "by", "actor_id"), 5),
        "$.history[1].operation.by.actor_id",
        "expected a string, got the number 5",
    ),
    (
        "null-for-str",
        _put((*OP1, "note"), None),
        "$.history[1].operation.note",
        "expected a string, got null",
    ),
    (
        "str-for-int",
        _put(("history", 0, "version"), "1"),
        "$.history[0].version",
        "expected an integer, got the string '1'",
    ),
    (
        "bool-for-int",
        _put(("history", 0, "version"), True),
        "$.history[0].version",
        "expected an integer, got true",
    ),
    (
        "int-for-bool",
        _put(("history", 3, "operation", "copy_customer"), 1),
        "$.history[3].operation.copy_customer",
        "expected true or false, got the number 1",
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
    ("wrong-format-version", _put(("format_version",), 3), "$.format_version", "is not 2"),
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
        "expected a customer (an object), got the string 'not a customer'",
    ),
    (
        "customer-null",
        _put(("history", 0, "operation", "complaint", "customer"), None),
        "$.history[0].operation.complaint.customer",
        "expected a customer (an object), got null",
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
        "expected a string, got the number 7",
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
    # --- hostile input (issue 11): numbers, durations, text, calendars, provenance ---
    *[
        (
            f"duration-{name}",
            _put(TIME_LOST, text),
            "$.history[5].operation.decision.facts.time_lost",
            f"the string {text!r} is not a number of seconds",
        )
        for name, text in [
            ("huge-exponent", "1e999990"),
            ("exponent", "1e30"),
            ("decimal-overflow", "1e9999999"),
            ("underscore", "1_800"),
            ("spaces", " 1800 "),
            ("arabic-indic-digits", "\u0661\u0668\u0660\u0660"),
            ("leading-zero", "01800"),
            ("too-many-digits", "1" * 31),
        ]
    ],
    (
        "duration-below-a-microsecond",
        _put(TIME_LOST, "1800.0000001"),
        "$.history[5].operation.decision.facts.time_lost",
        "'1800.0000001' seconds is more precise than a microsecond",
    ),
    (
        "duration-beyond-any-timedelta",
        _put(TIME_LOST, "9" * 30),
        "$.history[5].operation.decision.facts.time_lost",
        "is longer than any duration",
    ),
    (
        "amount-with-underscore",
        _put((*LOSS, "amount"), "1_800"),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "'1_800' is not a decimal number",
    ),
    (
        "amount-with-spaces",
        _put((*LOSS, "amount"), " 18 "),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "' 18 ' is not a decimal number",
    ),
    (
        "amount-exponent",
        _put((*LOSS, "amount"), "1e30"),
        "$.history[0].operation.complaint.claimed_loss.amount",
        "'1e30' is not a decimal number",
    ),
    (
        "negative-claimed-loss",
        _put((*LOSS, "amount"), "-5.00"),
        "$.history[0].operation.complaint",
        "Complaint.claimed_loss may not be negative",
    ),
    (
        "lone-surrogate",
        _put((*OP1, "note"), "\ud800"),
        "$.history[1].operation.note",
        "a lone surrogate is not text",
    ),
    (
        "string-too-long",
        _put((*OP1, "note"), "x" * 100_001),
        "$.history[1].operation.note",
        "a string of 100001 characters, over the limit of 100000",
    ),
    (
        "integer-too-long",
        _put(("history", 1, "version"), 10**25),
        "$.history[1].version",
        "a number longer than 20 digits",
    ),
    (
        "time-beyond-the-calendar",
        _put(("history", 1, "operation", "at"), "9999-12-31T23:00:00-05:00"),
        "$.history[1].operation.at",
        "lies outside the calendar in UTC",
    ),
    (
        "time-with-z",
        _put(("history", 1, "operation", "at"), "2026-11-02T09:01:00Z"),
        "$.history[1].operation.at",
        "is not an ISO 8601 time with a UTC offset",
    ),
    (
        "month-13",
        _put(("history", 1, "operation", "at"), "2026-13-02T09:01:00+00:00"),
        "$.history[1].operation.at",
        "is not a date and time of the calendar",
    ),
    (
        "another-desks-fingerprint",
        _put(("provenance", "fingerprint"), "sha256:" + "0" * 64),
        "$.provenance.fingerprint",
        "pass accept_fingerprints=[...] to migrate it",
    ),
    (
        "malformed-fingerprint",
        _put(("provenance", "fingerprint"), "md5:abc"),
        "$.provenance.fingerprint",
        "expected a desk fingerprint",
    ),
    (
        "keyed-seal-without-a-key",
        _put(("seal", "algorithm"), "blake2b-keyed-chain"),
        "$.seal.algorithm",
        "pass the firm's seal_key",
    ),
    (
        "too-many-events",
        _put(("history",), [{}] * 10_001),
        "$.history",
        "a history of 10001 events, over the limit of 10000",
    ),
    (
        "nan-number",
        _put(("history", 1, "version"), float("nan")),
        "$.history[1].version",
        "NaN and infinities are not JSON numbers",
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
    doc = reseal(mutate_copy(mutate))
    before = copy.deepcopy(doc)
    loaded: cr.Case | None = None
    with pytest.raises(cr.DataError) as caught:
        loaded = cr.case_from_dict(doc, desk=DESK)
    assert loaded is None
    assert doc == before
    assert caught.value.where == where
    assert problem in caught.value.problem
    assert str(caught.value) == f"{where}: {caught.value.problem}"
    # JSON text gives the same answer as the dict (limits also name the line and column).
    with pytest.raises(cr.DataError) as again:
        cr.from_json(cr.Case, json.dumps(doc), desk=DESK)
    assert again.value.problem == caught.value.problem
    assert again.value.where == where or again.value.where.startswith(f"{where} (line ")


def test_the_corpus_is_large_and_every_row_is_broken_on_its_own() -> None:
    """At least 20 kinds of broken input, all distinct; the unbroken story loads."""
    assert len(CORPUS) >= 20
    assert len({row[0] for row in CORPUS}) == len(CORPUS)
    assert cr.case_from_dict(copy.deepcopy(STORY_DOC), desk=DESK) == STORY


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
        pytest.param("[]", "$", "a case document is an object, got an array", id="not-an-object"),
        pytest.param("null", "$", "a case document is an object, got null", id="null"),
        # Hostile text (issue 11): refused before the expensive step, located.
        pytest.param(
            "[" * 1000 + "]" * 1000,
            "$" + "[0]" * 32 + " (line 1 column 33)",
            "nested deeper than 32 objects and arrays",
            id="nested-1000-deep",
        ),
        pytest.param(
            '{"format": "a", "format": "b"}',
            "$.format (line 1 column 17)",
            "duplicate key 'format'",
            id="duplicate-key",
        ),
        pytest.param(
            '{"note": "\\ud800"}',
            "$.note (line 1 column 10)",
            "a lone surrogate is not text",
            id="escaped-lone-surrogate",
        ),
        pytest.param('{"a": NaN}', "$.a (line 1 column 7)", "NaN and infinities", id="nan"),
        pytest.param(
            '{"a": 1e999990}', "$.a (line 1 column 7)", "the number is too large", id="overflow"
        ),
    ],
)
def test_bad_json_text_raises_a_data_error(text: str, where: str, problem: str) -> None:
    """Truncated or non-object JSON text raises DataError with its line and column."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, text, desk=DESK)
    assert caught.value.where == where
    assert problem in caught.value.problem


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        pytest.param(
            b"\xff\xfe{",
            "line 1 column 1",
            "not valid JSON: the bytes are not UTF-8",
            id="not-utf8",
        ),
        pytest.param(
            '{"version": ' + "9" * 5000 + "}",
            "$.version (line 1 column 13)",
            "a number longer than 20 digits",
            id="integer-too-long",
        ),
    ],
)
def test_undecodable_text_raises_a_data_error(text: str | bytes, where: str, problem: str) -> None:
    """Text json cannot decode at all is a located DataError too, not a bare ValueError."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, text, desk=DESK)
    assert caught.value.where == where
    assert caught.value.problem.startswith(problem)


@pytest.mark.parametrize(
    ("mutate", "where", "problem"),
    [
        pytest.param(
            _put(("format_version",), True),
            "$.format_version",
            "expected an integer, got true",
            id="bool-for-format-version",
        ),
        pytest.param(
            _put(("version",), 6.0),
            "$.version",
            "expected an integer, got the number 6.0",
            id="float-for-stored-version",
        ),
        pytest.param(_put(("case_id",), None), "$.case_id", "expected a string", id="null-case-id"),
        pytest.param(_put(("case_id",), 7), "$.case_id", "expected a string", id="int-case-id"),
        pytest.param(
            _put(("history", 1), 0), "$.history[1]", "the number 0", id="event-not-an-object"
        ),
        pytest.param(_put(("history", 1), []), "$.history[1]", "an array", id="event-is-a-list"),
        pytest.param(
            _put(OP1, None),
            "$.history[1].operation",
            "expected an operation (an object), got null",
            id="operation-not-an-object",
        ),
        pytest.param(
            _put((*OP1, "by"), "alice"),
            "$.history[1].operation.by",
            "the string 'alice'",
            id="actor-is-a-string",
        ),
        pytest.param(
            _put(LOSS, True),
            "$.history[0].operation.complaint.claimed_loss",
            "true",
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
    doc = reseal(mutate_copy(mutate))
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(doc, desk=DESK)
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
            Operation,
            "acknowledge",
            "$",
            "expected an operation (an object), got the string",
            id="op-str",
        ),
        pytest.param(cr.Money, 5, "$", "the number 5", id="money-from-int"),
        pytest.param(
            cr.Event, [], "$", "expected an event (an object), got an array", id="event-from-list"
        ),
        pytest.param(
            cr.Complaint,
            {**to_dict(STORY.complaint), "customer": "not a customer"},
            "$.customer",
            "expected a customer (an object), got the string 'not a customer'",
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
        pytest.param(
            "conflicts", "ab", "expected an array, got the string 'ab'", id="string-for-array"
        ),
        pytest.param(
            "conflicts", {"x": 1}, "expected an array, got an object", id="object-for-array"
        ),
        pytest.param(
            "explanations", "", "expected an array, got the string ''", id="empty-string-for-array"
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
        "expected a decimal string, got the number 1",
    )
    with pytest.raises(cr.DataError) as unknown:
        from_dict(Severity, "urgent")
    assert unknown.value.where == "$"


def test_cases_are_loaded_with_case_from_dict_only() -> None:
    """from_dict refuses the Case type and points to case_from_dict."""
    with pytest.raises(TypeError, match="case_from_dict"):
        from_dict(cr.Case, STORY_DOC)
