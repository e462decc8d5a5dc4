"""Demo stories about ownership: who owns a complaint, and how it is handed on or referred.

A hotel walks a guest to a rival it called; billing hands a fault to support
warmly; a complaint heard at a conference is owned by whoever heard it; a
rejected decision ends with recourse and a follow-up; "not my responsibility"
is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TextIO

from custrecovery.cases import Case
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.operations import AcceptHandoff
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import Disclaim
from custrecovery.operations import Dismiss
from custrecovery.operations import GiveRecourse
from custrecovery.operations import Investigate
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferReferral
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import RejectResolution
from custrecovery.operations import Severity
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = [
    "billing_stays_on",
    "conference_capture",
    "hotel_walk",
    "not_my_responsibility",
    "rejected_with_recourse",
]


_T0 = datetime(2026, 11, 2, 21, 40, tzinfo=timezone.utc)


def _at(minutes: float) -> datetime:
    return _T0 + timedelta(minutes=minutes)


def _refused(out: TextIO, attempt: Callable[[], object]) -> None:
    try:
        attempt()
    except CustRecoveryError as error:
        out.write(f"  refused ({type(error).__name__}): {error}\n")
    else:  # pragma: no cover - the demo's refusals are part of its contract
        raise AssertionError("the demo expected a refusal")


def hotel_walk(desk: Desk, out: TextIO) -> Case:
    """A full hotel forgot a reservation and walks the guest to a rival it has called."""
    nadia = Actor("nadia", "Nadia", role="night manager", team="front office")
    guest = Customer("g-417", "Mr Rahimi", contact="+98 21 5550 0417")
    complaint = Complaint(
        "HOTEL-1",
        guest,
        Channel.IN_PERSON,
        _at(0),
        "Reservation for tonight was lost; the hotel is full",
        remedy_sought="a room tonight",
    )
    case = desk.record(complaint, by=nadia, at=_at(1))
    case = desk.apply_all(
        case,
        [
            Acknowledge(by=nadia, at=_at(2), note="apologised in person"),
            Assess(
                by=nadia, at=_at(3), severity=Severity.HIGH, note="no room left in any category"
            ),
            OfferReferral(
                by=nadia,
                at=_at(5),
                firm="Hotel Azadi (rival, 600 m away)",
                note="we cannot meet the need tonight",
            ),
        ],
    )
    _refused(
        out,
        lambda: desk.apply(
            case,
            Refer(
                by=nadia,
                at=_at(6),
                degree=ReferralDegree.NAMES_GIVEN,
                notice=None,
                follow_up_due=_at(60 * 12),
            ),
        ),
    )
    case = desk.apply_all(
        case,
        [
            ConfirmReferral(
                by=nadia,
                at=_at(12),
                confirmed_by="Azadi duty manager Sara",
                can_do="a comparable double room tonight at our expense",
            ),
            Refer(
                by=nadia,
                at=_at(15),
                degree=ReferralDegree.CONNECTED_LIVE,
                notice=ReferralNotice(
                    why="our hotel is full tonight by our mistake",
                    how_to_reach="Hotel Azadi, 600 m north; taxi booked; ask for Sara",
                ),
                follow_up_due=_at(60 * 12),
            ),
            RecordFollowUp(
                by=nadia,
                at=_at(60 * 11),
                action="called the guest at breakfast; "
                "room booked back here for tomorrow with an upgrade",
            ),
            Close(by=nadia, at=_at(60 * 11 + 5)),
        ],
    )
    return case


def billing_stays_on(desk: Desk, out: TextIO) -> Case:
    """Billing receives a technical problem and stays on until tech support accepts."""
    leila = Actor("leila", "Leila", role="billing agent", team="billing")
    omid = Actor("omid", "Omid", role="support engineer", team="technical support")
    customer = Customer("c-88", "Ms Haddad", contact="haddad@example.com")
    complaint = Complaint(
        "TEL-88", customer, Channel.PHONE, _at(0), "Internet drops every evening since the upgrade"
    )
    case = desk.record(complaint, by=leila, at=_at(0))
    _refused(
        out,
        lambda: desk.apply(case, Disclaim(by=leila, at=_at(1), note="this is a technical matter")),
    )
    case = desk.apply_all(
        case,
        [
            Acknowledge(by=leila, at=_at(1)),
            OfferHandoff(by=leila, at=_at(2), to=omid, reason="technical fault, not billing"),
        ],
    )
    out.write(f"  while the offer is open, the owner is still {case.owner.name}\n")
    case = desk.apply_all(
        case,
        [
            AcceptHandoff(by=omid, at=_at(6), note="on the line; Leila may leave"),
            Assess(by=omid, at=_at(8)),
            Investigate(by=omid, at=_at(9)),
            ProposeResolution(by=omid, at=_at(20), resolution="line card replaced remotely"),
            AcceptResolution(by=omid, at=_at(25)),
            Close(by=omid, at=_at(26)),
        ],
    )
    return case


def conference_capture(desk: Desk, out: TextIO) -> Case:
    """An engineer hears a complaint at a conference and routes it, copying the customer."""
    reza = Actor("reza", "Reza", role="engineer", team="R&D")
    mina = Actor("mina", "Mina", role="head of sales support", team="sales support")
    customer = Customer("c-7", "Dr Karimi", contact="karimi@example.org")
    complaint = Complaint(
        "CONF-7",
        customer,
        Channel.IN_PERSON,
        _at(0),
        "Support policy leaves weekend outages unanswered",
    )
    case = desk.capture_and_route(
        complaint, by=reza, to=mina, at=_at(5), reason="support policy belongs to sales support"
    )
    return desk.apply_all(
        case,
        [
            AcceptHandoff(by=mina, at=_at(60 * 3)),
            Acknowledge(by=mina, at=_at(60 * 3 + 1)),
        ],
    )


def rejected_with_recourse(desk: Desk, out: TextIO) -> Case:
    """A customer rejects the resolution, gets recourse information and a personal letter."""
    farah = Actor("farah", "Farah", role="complaints handler", team="customer care")
    customer = Customer("c-19", "Mr Nouri")
    complaint = Complaint(
        "BANK-19", customer, Channel.EMAIL, _at(0), "Charged twice for one transfer"
    )
    case = desk.record(complaint, by=farah, at=_at(1))
    case = desk.apply_all(
        case,
        [
            Acknowledge(by=farah, at=_at(2)),
            Assess(by=farah, at=_at(3)),
            Investigate(by=farah, at=_at(4)),
            ProposeResolution(by=farah, at=_at(60), resolution="refund of the duplicate fee"),
            RejectResolution(by=farah, at=_at(90), note="wants compensation for the overdraft"),
        ],
    )
    _refused(out, lambda: desk.apply(case, Close(by=farah, at=_at(91))))
    case = desk.apply_all(
        case,
        [
            GiveRecourse(
                by=farah,
                at=_at(95),
                internal="review by the head of customer care",
                external="Financial Ombudsman Service within 6 months",
            ),
            RecordFollowUp(
                by=farah,
                at=_at(120),
                action="personal letter summarising the decision and both routes of recourse",
            ),
            Close(by=farah, at=_at(121)),
        ],
    )
    return case


def not_my_responsibility(desk: Desk, out: TextIO) -> Case:
    """An attempted "not my responsibility" is refused; the case is unchanged."""
    sam = Actor("sam", "Sam", role="sales assistant", team="electronics shop")
    customer = Customer("c-3", "Ms Sadeghi")
    complaint = Complaint(
        "SHOP-3", customer, Channel.IN_PERSON, _at(0), "Needs a charger today; out of stock"
    )
    case = desk.record(complaint, by=sam, at=_at(0))
    before = case
    _refused(out, lambda: desk.apply(case, Dismiss(by=sam, at=_at(1), note="not our department")))
    out.write(f"  case unchanged after the refusal: {case == before} (version {case.version})\n")
    # Rather than upsell or promise, refer (seed article 000).
    case = desk.apply_all(
        case,
        [
            Acknowledge(by=sam, at=_at(1)),
            Assess(by=sam, at=_at(2), severity=Severity.LOW),
            OfferReferral(by=sam, at=_at(3), firm="Pars Electronics (rival, same street)"),
            ConfirmReferral(
                by=sam,
                at=_at(6),
                confirmed_by="Pars sales desk",
                can_do="two chargers in stock; holding one",
            ),
            Refer(
                by=sam,
                at=_at(7),
                degree=ReferralDegree.CONFIRMED_RECEIVER,
                notice=ReferralNotice(
                    why="we are out of stock until Thursday",
                    how_to_reach="Pars Electronics, No. 12; ask for the "
                    "charger held for Ms Sadeghi",
                ),
                follow_up_due=_at(60 * 24),
            ),
            RecordFollowUp(by=sam, at=_at(60 * 20), action="texted: she got the charger"),
            Close(by=sam, at=_at(60 * 20 + 1)),
        ],
    )
    return case
