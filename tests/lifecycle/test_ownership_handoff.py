"""Ownership: warm handoffs offered, refused, answered and expired."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

import custrecovery as cr
from custrecovery.cases import HandoffOffer
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import DeclineHandoff
from custrecovery.operations import ExpireHandoff
from custrecovery.operations import OfferHandoff
from custrecovery.operations import Operation
from custrecovery.operations import WithdrawHandoff
from tests.conftest import ALICE
from tests.conftest import BOB
from tests.conftest import CAROL
from tests.conftest import minutes
from tests.lifecycle._helpers import OPEN_STATES
from tests.lifecycle._helpers import assert_refused
from tests.lifecycle._helpers import drive
from tests.lifecycle._helpers import make_op
from tests.lifecycle._helpers import next_at

# --- warm handoff ----------------------------------------------------------------------

_OFFER_TO_BOB = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="technical")
_OFFER_EXPIRING = OfferHandoff(
    by=ALICE, at=minutes(10), to=BOB, reason="technical", expires_at=minutes(40)
)

_HANDOFF_REFUSALS: list[tuple[str, tuple[Operation, ...], Operation, str]] = [
    (
        "offer-by-non-owner",
        (),
        OfferHandoff(by=BOB, at=minutes(20), to=CAROL, reason="escalate"),
        "only the owner 'alice' can offer the case, not 'bob'",
    ),
    (
        "offer-to-self",
        (),
        OfferHandoff(by=ALICE, at=minutes(20), to=ALICE, reason="mine"),
        "'alice' already owns the case",
    ),
    (
        "offer-expiring-before-made",
        (),
        OfferHandoff(by=ALICE, at=minutes(20), to=BOB, reason="x", expires_at=minutes(20)),
        "would expire before it is made",
    ),
    (
        "second-offer-while-open",
        (_OFFER_TO_BOB,),
        OfferHandoff(by=ALICE, at=minutes(20), to=CAROL, reason="escalate"),
        "an offer to 'bob' is already open",
    ),
    (
        "accept-by-someone-else",
        (_OFFER_TO_BOB,),
        AcceptHandoff(by=CAROL, at=minutes(20)),
        "only they can answer it, not 'carol'",
    ),
    (
        "decline-by-someone-else",
        (_OFFER_TO_BOB,),
        DeclineHandoff(by=ALICE, at=minutes(20)),
        "only they can answer it, not 'alice'",
    ),
    (
        "accept-without-offer",
        (),
        AcceptHandoff(by=BOB, at=minutes(20)),
        "no handoff offer is open",
    ),
    (
        "withdraw-by-non-owner",
        (_OFFER_TO_BOB,),
        WithdrawHandoff(by=BOB, at=minutes(20)),
        "only the owner 'alice' can withdraw",
    ),
    (
        "withdraw-without-offer",
        (),
        WithdrawHandoff(by=ALICE, at=minutes(20)),
        "no handoff offer is open",
    ),
    (
        "expire-before-expiry",
        (_OFFER_EXPIRING,),
        ExpireHandoff(by=ALICE, at=minutes(39)),
        "not yet at",
    ),
    (
        "expire-without-expiry",
        (_OFFER_TO_BOB,),
        ExpireHandoff(by=ALICE, at=minutes(90)),
        "has no expiry",
    ),
    (
        "expire-without-offer",
        (),
        ExpireHandoff(by=ALICE, at=minutes(90)),
        "no handoff offer is open",
    ),
    (
        "accept-after-expiry",
        (_OFFER_EXPIRING,),
        AcceptHandoff(by=BOB, at=minutes(40) + timedelta(seconds=1)),
        "the offer expired at 2026-11-02T09:40:00+00:00: the owner must offer the case again",
    ),
]


@pytest.mark.parametrize(
    ("setup", "op", "fragment"),
    [row[1:] for row in _HANDOFF_REFUSALS],
    ids=[row[0] for row in _HANDOFF_REFUSALS],
)
def test_handoff_refused(
    desk: cr.Desk, setup: Sequence[Operation], op: Operation, fragment: str
) -> None:
    """A warm-handoff operation that breaks an ownership rule is refused, changing nothing."""
    case = desk.apply_all(drive(desk, "investigating"), setup)
    assert_refused(desk, case, op, cr.OperationRefused, fragment)
    assert case.owner == ALICE


_ANSWERS: list[tuple[str, Operation, cr.Actor, int]] = [
    ("accept", AcceptHandoff(by=BOB, at=minutes(40)), BOB, 2),
    ("decline", DeclineHandoff(by=BOB, at=minutes(40)), ALICE, 1),
    ("withdraw", WithdrawHandoff(by=ALICE, at=minutes(40)), ALICE, 1),
    ("expire-at-expiry", ExpireHandoff(by=CAROL, at=minutes(40)), ALICE, 1),
]


@pytest.mark.parametrize(
    ("answer", "owner", "notices"),
    [row[1:] for row in _ANSWERS],
    ids=[row[0] for row in _ANSWERS],
)
def test_handoff_answered(desk: cr.Desk, answer: Operation, owner: cr.Actor, notices: int) -> None:
    """Only acceptance changes the owner; every answer clears the offer and keeps the stage."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_EXPIRING)
    assert case.pending_handoff == HandoffOffer(BOB, ALICE, minutes(10), "technical", minutes(40))
    assert (case.owner, len(case.notices)) == (ALICE, 1)
    after = desk.apply(case, answer)
    assert after.owner == owner
    assert after.pending_handoff is None
    assert len(after.notices) == notices
    assert (after.state, after.version) == ("investigating", case.version + 1)
    assert after.history[-1].kind == answer.kind
    assert after.history[-1].owner == owner


def test_expired_offer_is_made_again_then_accepted(desk: cr.Desk) -> None:
    """After an offer expired unanswered, the owner offers again and the colleague accepts."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_EXPIRING)
    case = desk.apply(case, ExpireHandoff(by=ALICE, at=minutes(41)))
    assert (case.owner, case.pending_handoff) == (ALICE, None)
    case = desk.apply(case, OfferHandoff(by=ALICE, at=minutes(42), to=BOB, reason="again"))
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(43)))
    assert (case.owner, case.pending_handoff, case.state) == (BOB, None, "investigating")


def test_accept_tells_the_customer_twice(desk: cr.Desk) -> None:
    """The customer hears of the offer and of the acceptance, from the right people."""
    case = desk.apply(drive(desk, "investigating"), _OFFER_TO_BOB)
    case = desk.apply(case, AcceptHandoff(by=BOB, at=minutes(20)))
    offer, acceptance = case.notices
    assert (offer.by, offer.at) == (ALICE, minutes(10))
    assert "Bob (tech support) has been asked" in offer.what
    assert "Alice stays responsible" in offer.what
    assert (acceptance.by, acceptance.at) == (BOB, minutes(20))
    assert "Bob (tech support) is now responsible" in acceptance.what


def test_offer_without_copying_customer(desk: cr.Desk) -> None:
    """An offer that does not copy the customer adds no notice."""
    case = drive(desk, "investigating")
    op = OfferHandoff(by=ALICE, at=minutes(10), to=BOB, reason="x", copy_customer=False)
    assert desk.apply(case, op).notices == ()


@pytest.mark.parametrize("state", OPEN_STATES, ids=OPEN_STATES)
def test_handoff_in_every_open_state(desk: cr.Desk, state: str) -> None:
    """A warm handoff works in every open stage and never moves the stage."""
    case = drive(desk, state)
    case = desk.apply(case, make_op("offer_handoff", next_at(case)))
    case = desk.apply(case, make_op("accept_handoff", next_at(case), by=BOB))
    assert (case.state, case.owner, case.pending_handoff) == (state, BOB, None)
