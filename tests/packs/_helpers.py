"""Shared by the pack tests: times, people, complaints and desks with one pack enabled."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import custrecovery as cr
from custrecovery.money import Money
from custrecovery.operations import Acknowledge
from custrecovery.operations import Assess
from custrecovery.operations import ConfirmReferral
from custrecovery.operations import OfferReferral
from custrecovery.operations import Severity

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
AGENT = cr.Actor("agent", "Agent", role="agent")

PACK_NAMES = (
    "airline",
    "finance-uk",
    "finance-us",
    "garage",
    "hotel",
    "legal",
    "rail",
    "restaurant",
    "retail",
    "telecoms-uk",
)
"""Every pack custrecovery publishes, by entry-point name."""


def at(minutes: float) -> datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + timedelta(minutes=minutes)


def eur(amount: str | int) -> Money:
    """Euros."""
    return Money(amount, "EUR")


def gbp(amount: str | int) -> Money:
    """Pounds sterling."""
    return Money(amount, "GBP")


def desk_with(*packs: str, plugins: tuple[object, ...] = ()) -> cr.Desk:
    """A desk with only the built-ins, the given packs and plugins (no installed plugins)."""
    return cr.Desk(packs=list(packs), plugins=plugins, entry_points=False)


def confirmed_case(desk: cr.Desk, category: str = "") -> cr.Case:
    """A case whose referral the receiving firm has confirmed."""
    complaint = cr.Complaint(
        "P-1",
        cr.Customer("c-1", "Ms Karimi"),
        cr.Channel.PHONE,
        T0,
        "Cannot be helped here",
        category=category,
    )
    case = desk.record(complaint, by=AGENT, at=at(1))
    return desk.apply_all(
        case,
        [
            Acknowledge(by=AGENT, at=at(2)),
            Assess(by=AGENT, at=at(3), severity=Severity.MEDIUM),
            OfferReferral(by=AGENT, at=at(4), firm="Other firm"),
            ConfirmReferral(by=AGENT, at=at(5), confirmed_by="Sam", can_do="help today"),
        ],
    )


def open_case(desk: cr.Desk, category: str) -> cr.Case:
    """A just-recorded case in ``category``."""
    complaint = cr.Complaint(
        "P-2", cr.Customer("c-2", "Mr Moradi"), cr.Channel.PHONE, T0, "A problem", category=category
    )
    return desk.record(complaint, by=AGENT, at=at(1))
