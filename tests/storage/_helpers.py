"""Shared by the JSON tests: a known story, its document, the schema, and case strategies."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra yet
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.boundaries import BoundaryDecision
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.operations import ReopenAfterClose
from custrecovery.operations import Severity
from custrecovery.testing import actors
from custrecovery.testing import cases
from custrecovery.testing import compensation_facts
from custrecovery.testing import complaints
from custrecovery.testing import customer_histories
from custrecovery.testing import money
from custrecovery.testing._case_strategies import carry_on

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
    case = DESK.record(complaint, by=ALICE, at=T0)
    decision = cr.Desk(goodwill=rules).decide_goodwill(facts, requested_by=BOB, for_case=case)
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
            goodwill = desk.decide_goodwill(facts, requested_by=case.owner, for_case=case)
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


# --- sealing, as the documented algorithm says (independent of the library's code) ---


def _canon(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def reseal(doc: Any, key: bytes | None = None) -> Any:
    """``doc`` with its digest chain and head recomputed, as anyone without the key can.

    Tolerant of broken documents (it seals what it can), so corpus rows reach the
    checks behind the seal: the chain guards against edits, not against a rewriter
    who recomputes an unkeyed chain.
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("history"), list):
        return doc
    seal = doc.get("seal")
    algorithm = "blake2b-keyed-chain" if key is not None else "sha256-chain"
    if key is None and isinstance(seal, dict) and isinstance(seal.get("algorithm"), str):
        algorithm = seal["algorithm"]  # a row may claim a keyed seal; hashed without a key

    def digest(data: bytes) -> str:
        if key is None:
            return hashlib.sha256(data).hexdigest()
        return hashlib.blake2b(data, key=key, digest_size=32).hexdigest()

    header = {
        "format": "custrecovery.case",
        "format_version": doc.get("format_version"),
        "case_id": doc.get("case_id"),
        "provenance": doc.get("provenance"),
        "algorithm": algorithm,
    }
    try:
        previous = digest(b"custrecovery.case\n" + _canon(header))
        for event in doc["history"]:
            if isinstance(event, dict):
                body = {name: value for name, value in event.items() if name != "digest"}
                previous = digest(previous.encode() + b"\n" + _canon(body))
                if "digest" in event:  # a dropped key stays dropped
                    event["digest"] = previous
    except (TypeError, ValueError):
        return doc
    if isinstance(seal, dict):  # only the keys it has: a dropped key stays dropped
        fields = {
            "algorithm": algorithm,
            "events": len(doc["history"]),
            "head": digest(f"{previous}\nhead\n{len(doc['history'])}".encode()),
        }
        seal.update({name: value for name, value in fields.items() if name in seal})
    return doc
