"""Airline: EU 261/2004 compensation.

Rules
-----
Art. 7 with CJEU *Sturgeon* (C-402/07): EUR 250 / 400 / 600 by distance band,
owed from 3 h of arrival delay, halved for a reroute arriving within 2 / 3 / 4 h
by band (and for 3-4 h delays on non-intra-EU flights over 3,500 km); nothing
for extraordinary circumstances. Cancellation-notice exemptions are not modelled.
"""

from __future__ import annotations

from datetime import timedelta

from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.money import Money

__all__ = [
    "eu261_compensation",
]


# (upper distance in km or None, amount in EUR, arrival within this many hours halves it)
_EU261_BANDS = ((1500, 250, 2), (3500, 400, 3), (None, 600, 4))


def eu261_compensation(
    distance_km: int,
    *,
    intra_eu: bool,
    arrival_delay: timedelta,
    extraordinary: bool = False,
    rerouted: bool = False,
) -> Proposal | None:
    """Compensation under EU 261/2004 Art. 7, in EUR, or ``None`` when none is owed.

    Without ``rerouted``, a delayed flight: owed from 3 h of arrival delay
    (*Sturgeon*), halved for a non-intra-EU flight over 3,500 km delayed less
    than 4 h. With ``rerouted`` (cancellation or denied boarding), owed in full,
    halved when the reroute arrives within 2/3/4 h of schedule by band. Not
    modelled: the notice-period exemptions for cancellations. Extraordinary
    circumstances: none (care is still owed).
    """
    if isinstance(distance_km, bool) or not isinstance(distance_km, int) or distance_km <= 0:
        raise InvalidValue(f"distance_km must be a positive int, got {distance_km!r}")
    if not isinstance(arrival_delay, timedelta) or arrival_delay < timedelta(0):
        raise InvalidValue(f"arrival_delay must be a non-negative timedelta, got {arrival_delay!r}")
    if extraordinary:
        return None
    if distance_km <= 1500:
        band = 0
    elif intra_eu or distance_km <= 3500:
        band = 1  # intra-EU flights over 1,500 km get EUR 400 whatever the distance
    else:
        band = 2
    _, full, halving_hours = _EU261_BANDS[band]
    if rerouted:
        halved = arrival_delay <= timedelta(hours=halving_hours)
        rule = f"Art. 7(1)-(2): rerouted, halved when arriving within {halving_hours} h"
    else:
        if arrival_delay < timedelta(hours=3):
            return None
        halved = band == 2 and arrival_delay < timedelta(hours=4)
        rule = "Art. 7 with Sturgeon (C-402/07): arrival delay of 3 h or more"
    amount = Money(full // 2 if halved else full, "EUR")
    why = Explanation(
        source="eu261",
        rule=rule + (", halved" if halved else ""),
        facts={
            "distance_km": distance_km,
            "intra_eu": intra_eu,
            "arrival_delay": arrival_delay,
            "rerouted": rerouted,
        },
        thresholds={"full_amount": Money(full, "EUR"), "halving_hours": halving_hours},
    )
    # Paid in money: vouchers only with the passenger's signed agreement (Art. 7(3)).
    return Proposal(Remedy.CREDIT, amount, why)
