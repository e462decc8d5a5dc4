"""Demo stories about policies: goodwill above an agent's authority, a boundary decision,
and a reply after closing (reopened, then merged with a duplicate).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from custrecovery.boundaries import ContactRecord
from custrecovery.boundaries import CustomerHistory
from custrecovery.cases import Case
from custrecovery.cli._stories_ownership import _at
from custrecovery.cli._stories_ownership import _refused
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Defaults
from custrecovery.desk import Desk
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
from custrecovery.operations import AcceptResolution
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import Close
from custrecovery.operations import OfferGoodwill
from custrecovery.operations import ProposeResolution
from custrecovery.operations import RecordBoundaryDecision
from custrecovery.parties import Actor
from custrecovery.parties import Customer

__all__ = ["boundary_decision", "goodwill_above_authority", "reply_after_close"]


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
    decision = goodwill_desk.decide_goodwill(facts, requested_by=nika, for_case=case)
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
