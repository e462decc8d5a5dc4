"""Rail: GB Delay Repay, as a pack a desk enables by name (``Desk(packs=["rail"])``).

Rules
-----
National Rail Delay Repay (the train operators' National Rail Conditions of
Travel and their Delay Repay schemes): 15-29 min 25 %, 30-59 min 50 %,
60-119 min 100 % of a single fare, 120 min or more 100 % of a return (twice
the single unless given). Paid as a refund in the fare's currency.

Theory of operation: :data:`GB_RAIL_DELAY_REPAY` is a
:class:`~custrecovery.goodwill.ScheduleTable` on the single fare
(``facts.price``) and the delay (``facts.time_lost``); :class:`RailPack`
registers it as a compensation strategy, so a rail desk's goodwill decisions
pay Delay Repay where the facts reach a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import final

import attrs

from custrecovery.errors import CurrencyMismatch
from custrecovery.goodwill import ScheduleRow
from custrecovery.goodwill import ScheduleTable
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import FailureKind
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.hookspecs import hookimpl
from custrecovery.money import Money

__all__ = [
    "GB_RAIL_DELAY_REPAY",
    "RailPack",
    "delay_repay_compensation",
]


GB_RAIL_DELAY_REPAY = ScheduleTable(
    "gb_rail_delay_repay",
    [
        ScheduleRow(timedelta(minutes=15), share_of_price=Decimal("0.25")),
        ScheduleRow(timedelta(minutes=30), share_of_price=Decimal("0.5")),
        ScheduleRow(timedelta(minutes=60), share_of_price=Decimal(1)),
        # 100 % of a return, the return taken as two singles (the price is a single).
        ScheduleRow(timedelta(minutes=120), share_of_price=Decimal(2)),
    ],
    remedy=Remedy.REFUND,
    rule=(
        "GB rail Delay Repay: 15-29 min 25%, 30-59 min 50%, 60-119 min 100% of a single; "
        "120+ min 100% of a return"
    ),
)
"""GB rail Delay Repay as a schedule on the single fare (``facts.price``)."""


def delay_repay_compensation(
    single_fare: Money, delay: timedelta, *, return_fare: Money | None = None
) -> Proposal | None:
    """GB rail Delay Repay for a journey ``delay`` late; a return is two singles unless given."""
    facts = CompensationFacts(
        single_fare.currency,
        failure=FailureKind.FAILED_SERVICE,
        price=single_fare,
        time_lost=delay,
    )
    proposal = GB_RAIL_DELAY_REPAY.propose(facts)
    if proposal is None or return_fare is None or delay < timedelta(minutes=120):
        return proposal
    if return_fare.currency != single_fare.currency:
        raise CurrencyMismatch(
            f"return_fare is {return_fare}, the single fare is in {single_fare.currency}"
        )
    return attrs.evolve(proposal, amount=return_fare)


@final
@attrs.frozen(kw_only=True)
class RailPack:
    """The rail pack: Delay Repay as a compensation strategy (entry point ``rail``)."""

    schedule: ScheduleTable = GB_RAIL_DELAY_REPAY
    plugin_name: str = "rail"

    @hookimpl
    def register_compensation_strategies(self) -> Sequence[ScheduleTable]:
        """The Delay Repay schedule."""
        return (self.schedule,)
