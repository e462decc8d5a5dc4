"""What a passenger is owed for one disruption under EU 261 (or UK 261).

Rules (Regulation (EC) No 261/2004, with the CJEU's readings)
-------------------------------------------------------------
* Art. 7(1): 250 / 400 / 600 by band (UK 261: GBP 220 / 350 / 520).
* Delay: owed from 3 h of arrival delay (CJEU C-402/07 *Sturgeon*); for a
  LONG-band flight delayed 3 h to 4 h, halved (*Sturgeon* para. 63 with
  Art. 7(2)(c)).
* Cancellation, Art. 5(1)(c): nothing if told 14 days or more ahead; nothing
  if told 7-13 days ahead and rerouted departing no more than 2 h early and
  arriving less than 4 h late; nothing if told under 7 days ahead and rerouted
  departing no more than 1 h early and arriving less than 2 h late.
* Denied boarding against the passenger's will (Art. 4(3)): Art. 7 at once;
  extraordinary circumstances do not excuse it (CJEU C-22/11 *Finnair*).
  Volunteers (Art. 4(1)) get the benefits they agree, and the Art. 8 choice.
* Art. 7(2): a reroute arriving no more than 2 / 3 / 4 h late by band
  ("does not exceed": exactly 4 h is halved) halves the compensation.
* Art. 5(3): extraordinary circumstances: no compensation, care still owed.
* Care (Art. 9): meals and two calls or emails from 2 / 3 / 4 h of departure
  delay by band (Art. 6(1)); a hotel and transport when a night's stay
  becomes necessary; always on a cancellation or a denied boarding against
  the passenger's will (a volunteer is assisted under Art. 8 only).
* Art. 8: the choice of a refund within seven days or a reroute, on a
  cancellation or denied boarding, and from 5 h of delay (Art. 6(1)(iii)).
* Art. 10(2): a downgrade refunds 30 / 50 / 75 % of the ticket price by band.
* Art. 7(3): paid in money; in travel vouchers only with the passenger's
  signed agreement.

Theory of operation: :func:`entitlement` is a pure function from one typed
disruption to an :class:`Entitlement`; each rule that fires adds an
:class:`~custrecovery.Explanation` quoting its article.
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import Any
from typing import final

import attrs

from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.money import Money
from custrecovery.packs.airline._facts import EU261
from custrecovery.packs.airline._facts import Band
from custrecovery.packs.airline._facts import Cancellation
from custrecovery.packs.airline._facts import Delay
from custrecovery.packs.airline._facts import DeniedBoarding
from custrecovery.packs.airline._facts import Downgrade
from custrecovery.packs.airline._facts import Flight
from custrecovery.packs.airline._facts import Regime
from custrecovery.packs.airline._facts import Reroute

__all__ = [
    "Care",
    "Claim",
    "Disruption",
    "Entitlement",
    "entitlement",
    "eu261_compensation",
]

Disruption = Delay | Cancellation | DeniedBoarding | Downgrade
"""Any of the disruptions :func:`entitlement` reads."""

HOUR = timedelta(hours=1)


class Care(enum.Enum):
    """The right to care (Art. 9)."""

    MEALS = "meals and refreshments in reasonable relation to the waiting time"
    CALLS = "two telephone calls, telex or fax messages, or e-mails"
    HOTEL = "hotel accommodation"
    TRANSPORT = "transport between the airport and the place of accommodation"


def _care(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(c, Care) for c in value):
        raise InvalidValue(f"care must be a frozenset of Care, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Entitlement:
    """What one disruption entitles the passenger to, with every reason."""

    compensation: Money
    """The Art. 7 amount (zero when none is owed); for a downgrade, the Art. 10 refund."""
    care: frozenset[Care] = attrs.field(validator=_care)
    refund_option: bool
    """Whether the passenger may choose a refund within seven days (Art. 8(1)(a))."""
    explanations: tuple[Explanation, ...]

    def proposal(self, *, signed_voucher_agreement: bool = False) -> Proposal | None:
        """The compensation as a goodwill :class:`Proposal` (``None`` when nothing is owed).

        Paid in money; as a voucher only with the passenger's signed agreement
        (Art. 7(3)), recorded in the explanation's facts.
        """
        if self.compensation.is_zero:
            return None
        remedy = Remedy.VOUCHER if signed_voucher_agreement else Remedy.CREDIT
        why = self.explanations[-1]
        why = Explanation(
            source=why.source,
            rule=why.rule,
            facts=(*why.facts, ("signed_voucher_agreement", str(signed_voucher_agreement))),
            thresholds=why.thresholds,
        )
        return Proposal(remedy, self.compensation, why)


def _of(kinds: tuple[type, ...]) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kinds):
            names = " or ".join(kind.__name__ for kind in kinds)
            raise InvalidValue(f"{attribute.name} must be a {names}, got {value!r}")

    return check


@final
@attrs.frozen(kw_only=True)
class Claim:
    """One passenger's claim as a goodwill compensation strategy.

    Give it to :func:`custrecovery.goodwill.decide_goodwill` (or register it
    from a plugin of your own) to turn the claim into a goodwill decision; it
    proposes only for facts in the regime's currency.
    """

    disruption: Disruption = attrs.field(
        validator=_of((Delay, Cancellation, DeniedBoarding, Downgrade))
    )
    regime: Regime = attrs.field(default=EU261, validator=_of((Regime,)))
    signed_voucher_agreement: bool = attrs.field(default=False, validator=_of((bool,)))

    @property
    def name(self) -> str:
        """The strategy's name: the regime's, as ``eu261-claim``."""
        return f"{self.regime.name}-claim"

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """What :func:`entitlement` owes, as a proposal; ``None`` in another currency."""
        if facts.currency != self.regime.currency:
            return None
        owed = entitlement(self.disruption, regime=self.regime)
        return owed.proposal(signed_voucher_agreement=self.signed_voucher_agreement)


def _why(regime: Regime, rule: str, **facts: object) -> Explanation:
    return Explanation(source=regime.name, rule=rule, facts=facts)


def _halved(regime: Regime, band: Band, reroute: Reroute | None) -> tuple[Money, str]:
    full = regime.amount(band)
    if reroute is not None and reroute.arrives_late <= band.hours * HOUR:
        return (
            Money(full.amount / 2, full.currency),
            f"Art. 7(2): rerouted, arriving not more than {band.hours} h late: halved",
        )
    return full, "Art. 7(1): compensation in full"


def _exempt_by_notice(cancelled: Cancellation) -> str | None:
    notice, reroute = cancelled.notice, cancelled.reroute
    if notice >= timedelta(days=14):
        return "Art. 5(1)(c)(i): told at least two weeks before the scheduled departure"
    if reroute is None:
        return None
    if (
        notice >= timedelta(days=7)
        and reroute.departs_early <= 2 * HOUR
        and reroute.arrives_late < 4 * HOUR
    ):
        return (
            "Art. 5(1)(c)(ii): told 7-13 days ahead, rerouted leaving no more than 2 h "
            "early and arriving less than 4 h late"
        )
    if (
        notice < timedelta(days=7)
        and reroute.departs_early <= HOUR
        and reroute.arrives_late < 2 * HOUR
    ):
        return (
            "Art. 5(1)(c)(iii): told under 7 days ahead, rerouted leaving no more than 1 h "
            "early and arriving less than 2 h late"
        )
    return None


_MEALS_AND_CALLS = frozenset({Care.MEALS, Care.CALLS})
_NIGHT = frozenset({Care.HOTEL, Care.TRANSPORT})


def entitlement(disruption: Disruption, *, regime: Regime = EU261) -> Entitlement:
    """What ``disruption`` entitles the passenger to under ``regime`` (see the rules)."""
    if not isinstance(regime, Regime):
        raise InvalidValue(f"regime must be a Regime, got {regime!r}")
    if isinstance(disruption, Downgrade):
        return _downgrade(disruption, regime)
    if not isinstance(disruption, Delay | Cancellation | DeniedBoarding):
        raise InvalidValue(
            f"expected a Delay, Cancellation, DeniedBoarding or Downgrade, got {disruption!r}"
        )
    band = disruption.flight.band
    zero = Money.zero(regime.currency)
    night = _NIGHT if disruption.overnight else frozenset()
    reasons: list[Explanation] = []
    if isinstance(disruption, Delay):
        care: frozenset[Care] = frozenset()
        if disruption.departure_delay >= band.hours * HOUR:
            care = _MEALS_AND_CALLS | night
            reasons.append(_why(regime, f"Art. 6(1), Art. 9: care from {band.hours} h of delay"))
        refund = disruption.departure_delay >= 5 * HOUR
        if refund:
            reasons.append(_why(regime, "Art. 6(1)(iii), Art. 8(1)(a): refund option from 5 h"))
        amount, rule = _delay_compensation(disruption, regime, band)
    elif isinstance(disruption, DeniedBoarding) and disruption.volunteered:
        care, refund = frozenset(), True
        reasons.append(_why(regime, "Art. 4(1): a volunteer is assisted under Art. 8"))
        amount, rule = _cancellation_or_boarding(disruption, regime, band)
    else:
        care, refund = _MEALS_AND_CALLS | night, True
        reasons.append(_why(regime, "Art. 8 and Art. 9: refund or reroute, and care"))
        amount, rule = _cancellation_or_boarding(disruption, regime, band)
    reasons.append(
        Explanation(
            source=regime.name,
            rule=rule,
            facts={"distance_km": disruption.flight.distance_km, "band": band.name},
            thresholds={"full_amount": regime.amount(band), "band_hours": band.hours},
        )
    )
    return Entitlement(
        compensation=amount if amount is not None else zero,
        care=care,
        refund_option=refund,
        explanations=tuple(reasons),
    )


def _delay_compensation(delay: Delay, regime: Regime, band: Band) -> tuple[Money | None, str]:
    if delay.extraordinary:
        return None, "Art. 5(3): extraordinary circumstances: no compensation (care still owed)"
    if delay.arrival_delay < 3 * HOUR:
        return None, "Sturgeon (C-402/07): arrival delay under 3 h: no compensation"
    if band is Band.LONG and delay.arrival_delay <= 4 * HOUR:
        full = regime.amount(band)
        return (
            Money(full.amount / 2, full.currency),
            "Sturgeon (C-402/07) para. 63 with Art. 7(2)(c): over 3,500 km, 3-4 h late: halved",
        )
    return regime.amount(band), "Sturgeon (C-402/07): arrival delay of 3 h or more"


def _cancellation_or_boarding(
    disruption: Cancellation | DeniedBoarding, regime: Regime, band: Band
) -> tuple[Money | None, str]:
    if isinstance(disruption, DeniedBoarding):
        if disruption.volunteered:
            return None, "Art. 4(1): a volunteer gets the benefits agreed, not Art. 7"
        # Finnair (C-22/11): extraordinary circumstances do not excuse denied boarding.
        amount, rule = _halved(regime, band, disruption.reroute)
        return amount, f"Art. 4(3): denied boarding, compensated at once; {rule}"
    exempt = _exempt_by_notice(disruption)
    if exempt is not None:
        return None, exempt + ": no compensation"
    if disruption.extraordinary:
        return None, "Art. 5(3): extraordinary circumstances: no compensation (care still owed)"
    amount, rule = _halved(regime, band, disruption.reroute)
    return amount, f"Art. 5(1)(c): cancelled; {rule}"


def _downgrade(downgrade: Downgrade, regime: Regime) -> Entitlement:
    band = downgrade.flight.band
    share = band.downgrade_share
    refund = downgrade.ticket_price.scaled(share)
    why = Explanation(
        source=regime.name,
        rule=f"Art. 10(2): downgraded, {share:.0%} of the ticket price refunded",
        facts={"distance_km": downgrade.flight.distance_km, "band": band.name},
        thresholds={"ticket_price": downgrade.ticket_price, "share": share},
    )
    return Entitlement(
        compensation=refund, care=frozenset(), refund_option=False, explanations=(why,)
    )


def eu261_compensation(
    distance_km: int,
    *,
    intra_eu: bool,
    arrival_delay: timedelta,
    extraordinary: bool = False,
    rerouted: bool = False,
) -> Proposal | None:
    """Compensation under EU 261/2004 Art. 7, in EUR, or ``None`` when none is owed.

    The short form of :func:`entitlement`. Without ``rerouted``, a delay (owed
    from 3 h of arrival delay, halved for a LONG-band flight up to 4 h late);
    with it, a denied boarding (or a cancellation no notice exempts) whose
    reroute arrives ``arrival_delay`` late (halved when that does not exceed
    2 / 3 / 4 h by band). Extraordinary circumstances: none (care still owed;
    :func:`entitlement` with a :class:`DeniedBoarding` applies *Finnair*).
    """
    if isinstance(distance_km, bool) or not isinstance(distance_km, int) or distance_km <= 0:
        raise InvalidValue(f"distance_km must be a positive int, got {distance_km!r}")
    if not isinstance(arrival_delay, timedelta) or arrival_delay < timedelta(0):
        raise InvalidValue(f"arrival_delay must be a non-negative timedelta, got {arrival_delay!r}")
    if extraordinary:
        return None
    flight = Flight(distance_km, intra_eu=intra_eu)
    disruption: Disruption
    if rerouted:
        reroute = Reroute(arrives_late=arrival_delay)
        disruption = DeniedBoarding(flight=flight, volunteered=False, reroute=reroute)
    else:
        disruption = Delay(
            flight=flight, departure_delay=arrival_delay, arrival_delay=arrival_delay
        )
    return entitlement(disruption).proposal()
