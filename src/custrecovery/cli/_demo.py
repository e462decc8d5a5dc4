"""The demo: the four source articles' scenarios, played end to end.

Each scenario prints the case's history so a person can follow who owned the
complaint at every step; refusals print their typed error and message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from typing import TextIO

from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.cases import Case
from custrecovery.cases import format_history
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Defaults
from custrecovery.desk import Desk
from custrecovery.errors import CustRecoveryError
from custrecovery.goodwill import Apology
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import ShareOfLoss
from custrecovery.goodwill import TimeLost
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.goodwill.decisions import Remedy
from custrecovery.lifecycle import LifecycleRules
from custrecovery.money import Money
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
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import OfferHandoff
from custrecovery.operations import OfferReferral
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.operations import RecordFollowUp
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.operations import RejectResolution
from custrecovery.operations import Severity
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["SCENARIOS", "run_scenarios"]

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


def goodwill_above_authority(desk: Desk, out: TextIO) -> Case:
    """A public complaint is taken private; goodwill above the agent's limit is approved."""
    goodwill_desk = Desk(
        goodwill=GoodwillRules(
            rule="sum",
            caps=(Money("150", "EUR"),),
            authority=AuthorityLimits(
                {
                    "agent": Money("25", "EUR"),
                    "team lead": Money("100", "EUR"),
                    "manager": Money("500", "EUR"),
                }
            ),
        ),
        defaults=Defaults(
            compensation_strategies=(
                Apology(),
                TimeLost(Money("12", "EUR"), remedy=Remedy.VOUCHER),
                ShareOfLoss(Decimal("0.8"), base="price"),
            )
        ),
        entry_points=False,
    )
    nika = Actor("nika", "Nika", role="agent", team="customer care")
    yas = Actor("yas", "Yasmin", role="team lead", team="customer care")
    complaint = Complaint(
        "AIR-5",
        Customer("c-5", "Mr Tehrani"),
        Channel.SOCIAL_MEDIA,
        _at(0),
        "Bag lost for three days; nobody answers",
        claimed_loss=None,
    )
    case = goodwill_desk.record(complaint, by=nika, at=_at(3))
    for action in goodwill_desk.follow_ups(case):
        out.write(f"  follow-up for {action.role}: {action.action} ({action.why})\n")
    facts = CompensationFacts(
        "EUR",
        failure=FailureKind.FAILED_SERVICE,
        price=Money("60.00", "EUR"),
        time_lost=timedelta(hours=3),
    )
    decision = goodwill_desk.decide_goodwill(facts, requested_by=nika)
    out.write(
        f"  proposed {decision.compensation.total}, within {nika.name}'s authority: "
        f"{decision.granted}\n"
    )
    for why in decision.explanations:
        out.write(f"    because {why}\n")
    _refused(
        out, lambda: goodwill_desk.apply(case, OfferGoodwill(by=nika, at=_at(5), decision=decision))
    )
    approved = goodwill_desk.approve_goodwill(decision, approver=yas)
    case = goodwill_desk.apply_all(
        case,
        [
            Acknowledge(by=nika, at=_at(5), note="moved to a private phone call"),
            Assess(by=nika, at=_at(6)),
            OfferGoodwill(by=nika, at=_at(7), decision=approved),
            ProposeResolution(
                by=nika,
                at=_at(8),
                resolution="bag delivered today by courier, "
                "apology, voucher for the time lost and a credit",
            ),
            AcceptResolution(by=nika, at=_at(30)),
        ],
    )
    for action in goodwill_desk.follow_ups(case):
        out.write(f"  follow-up for {action.role}: {action.action}\n")
    return goodwill_desk.apply(case, Close(by=nika, at=_at(31)))


def boundary_decision(desk: Desk, out: TextIO) -> Case:
    """A customer who complains regardless gets a proportionate, explained boundary."""
    ali = Actor("ali", "Ali", role="store manager")
    contacts = tuple(
        ContactRecord(
            case_id=f"OLD-{n}", received_at=_at(-60 * 24 * 7 * n - 60), justified=(n == 3)
        )
        for n in range(1, 10)
    )
    history = CustomerHistory("c-9", contacts)
    decision = desk.decide_boundary(history, as_of=_at(0))
    out.write(
        f"  decision: {decision.action.name}; safeguards: owner kept "
        f"{decision.owner_kept}, external recourse kept {decision.external_recourse_kept}, "
        f"new complaints on merits {decision.new_complaints_on_merits}\n"
    )
    for why in decision.explanations:
        out.write(f"    because {why}\n")
    for conflict in decision.conflicts:
        out.write(f"    conflict: {conflict}\n")
    if decision.notice is not None:
        notice = decision.notice
        out.write(
            f"  notice: channels {', '.join(notice.channels)} until "
            f"{notice.until:%Y-%m-%d}, review {notice.review_on:%Y-%m-%d}\n"
            f"    why: {notice.why}\n"
            f"    appeal: {notice.how_to_appeal}\n"
            f"    external recourse: {notice.external_recourse}\n"
        )
    complaint = Complaint(
        "SHOP-9",
        Customer("c-9", "Mrs Ahmadi"),
        Channel.IN_PERSON,
        _at(0),
        "Tenth complaint this quarter about queue times",
    )
    case = desk.record(complaint, by=ali, at=_at(1))
    return desk.apply_all(
        case,
        [
            RecordBoundaryDecision(by=ali, at=_at(2), decision=decision),
            Acknowledge(by=ali, at=_at(3), note="judged on its merits like any other complaint"),
        ],
    )


def reply_after_close(desk: Desk, out: TextIO) -> Case:
    """A reply within the reopen window reopens the case; a later one opens a linked case."""
    window_desk = Desk(rules=LifecycleRules(reopen_window=timedelta(days=14)), entry_points=False)
    hana = Actor("hana", "Hana", role="complaints handler")
    kian = Actor("kian", "Kian", role="night agent")
    customer = Customer("c-44", "Ms Moradi")
    complaint = Complaint("WEB-44", customer, Channel.WEB_FORM, _at(0), "Refund not received")
    case = window_desk.record(complaint, by=hana, at=_at(1))
    case = window_desk.apply_all(
        case,
        [
            Acknowledge(by=hana, at=_at(2)),
            Assess(by=hana, at=_at(3)),
            ProposeResolution(by=hana, at=_at(4), resolution="refund re-sent"),
            AcceptResolution(by=hana, at=_at(5)),
            Close(by=hana, at=_at(6)),
        ],
    )
    reopened = window_desk.handle_reply(
        case, by=kian, at=_at(60 * 24 * 3), summary="refund still missing", follow_up_id="WEB-45"
    )
    out.write(
        f"  reply after 3 days: case {reopened.case_id} {reopened.state}, "
        f"owner {reopened.owner.name}\n"
    )
    late = window_desk.handle_reply(
        case, by=kian, at=_at(60 * 24 * 30), summary="another question", follow_up_id="WEB-46"
    )
    out.write(
        f"  reply after 30 days: new case {late.case_id} ({late.state}) follows up "
        f"{late.complaint.follows_up}, owner {late.owner.name}\n"
    )
    # The reopened case and a duplicate the customer filed meanwhile become one.
    duplicate = window_desk.record(
        Complaint("MAIL-9", customer, Channel.EMAIL, _at(60 * 24 * 3), "Where is my refund?"),
        by=hana,
        at=_at(60 * 24 * 3 + 5),
    )
    merged, survivor = window_desk.merge(duplicate, reopened, by=kian, at=_at(60 * 24 * 3 + 9))
    out.write(
        f"  duplicate {merged.case_id} is {merged.state} into {merged.merged_into}; "
        f"{survivor.case_id} absorbed {', '.join(survivor.merged_from)} "
        f"(its owner {merged.owner.name} is notified)\n"
    )
    return survivor


SCENARIOS: tuple[Callable[[Desk, TextIO], Case], ...] = (
    hotel_walk,
    billing_stays_on,
    conference_capture,
    rejected_with_recourse,
    not_my_responsibility,
    goodwill_above_authority,
    boundary_decision,
    reply_after_close,
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
