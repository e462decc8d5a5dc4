"""Shared by the compensation tests: euro amounts, facts and explanations."""

from __future__ import annotations

from datetime import timedelta

from custrecovery.explanations import Explanation
from custrecovery.goodwill import AuthorityLimits
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.money import Money

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


def facts(
    *,
    failure: FailureKind = FailureKind.FAILED_SERVICE,
    price: Money | None = None,
    loss: Money | None = None,
    time_lost: timedelta = timedelta(0),
    category: str = "",
) -> CompensationFacts:
    return CompensationFacts(
        "EUR", failure=failure, price=price, loss=loss, time_lost=time_lost, category=category
    )


def why(source: str = "test") -> Explanation:
    return Explanation(source=source, rule="a rule")


LIMITS = AuthorityLimits(
    {"agent": eur(50), "lead": eur(200), "manager": eur(1000), "supervisor": eur(200)}
)
