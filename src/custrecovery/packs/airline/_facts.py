"""The airline pack's typed facts: regimes, distance bands, flights and disruptions.

Rules
-----
* Distance bands (Art. 7(1)): up to 1,500 km; intra-EU flights over 1,500 km
  and all other flights of 1,500-3,500 km; all other flights. The same bands
  set the care thresholds (Art. 6(1)), the reroute reductions (Art. 7(2)) and,
  with the percentages of Art. 10(2), downgrade refunds.
* Distances are great-circle kilometres (the method Art. 7(4) names), from the
  airports' IATA codes (the optional ``airportsdata`` package, loaded on first
  use) or as the caller gives them.
* Durations are non-negative ``timedelta`` values; a distance is a positive int.
"""

from __future__ import annotations

import enum
import importlib
import math
from datetime import timedelta
from decimal import Decimal
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.errors import InvalidValue
from custrecovery.money import Money

__all__ = [
    "Band",
    "Cancellation",
    "Delay",
    "DeniedBoarding",
    "Downgrade",
    "EU261",
    "Flight",
    "Regime",
    "Reroute",
    "UK261",
    "flight_between",
    "great_circle_km",
]


class Band(enum.Enum):
    """Art. 7(1) distance bands; each names its care threshold and its Art. 10(2) refund."""

    SHORT = "up to 1,500 km"
    MEDIUM = "intra-EU over 1,500 km, or 1,500-3,500 km"
    LONG = "over 3,500 km, not intra-EU"

    @property
    def hours(self) -> int:
        """Hours of delay that start care (Art. 6(1)) and bound the halving (Art. 7(2))."""
        return {Band.SHORT: 2, Band.MEDIUM: 3, Band.LONG: 4}[self]

    @property
    def downgrade_share(self) -> Decimal:
        """Share of the ticket price refunded on a downgrade (Art. 10(2)): 30/50/75 %."""
        return {
            Band.SHORT: Decimal("0.30"),
            Band.MEDIUM: Decimal("0.50"),
            Band.LONG: Decimal("0.75"),
        }[self]


def _positive_int(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidValue(f"{attribute.name} must be a positive int, got {value!r}")


def _duration(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, timedelta) or value < timedelta(0):
        raise InvalidValue(f"{attribute.name} must be a non-negative timedelta, got {value!r}")


def _bool(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValue(f"{attribute.name} must be a bool, got {value!r}")


def _amounts(instance: Any, attribute: Any, value: Any) -> None:
    if not (isinstance(value, tuple) and len(value) == 3):
        raise InvalidValue(f"{attribute.name} must be three Money amounts, got {value!r}")
    if not all(isinstance(m, Money) and m.currency == instance.currency for m in value):
        raise InvalidValue(f"{attribute.name} must be Money in {instance.currency}, got {value!r}")
    if not value[0] < value[1] < value[2]:
        raise InvalidValue(f"{attribute.name} must rise with the band, got {value!r}")


@final
@attrs.frozen
class Regime:
    """A compensation regime: its name, currency and the Art. 7(1) amounts by band."""

    name: str
    currency: str
    amounts: tuple[Money, Money, Money] = attrs.field(validator=_amounts)
    source: str = attrs.field(kw_only=True)

    def amount(self, band: Band) -> Money:
        """The full Art. 7(1) amount for ``band``."""
        return self.amounts[list(Band).index(band)]


EU261: Final = Regime(
    "eu261",
    "EUR",
    (Money(250, "EUR"), Money(400, "EUR"), Money(600, "EUR")),
    source="Regulation (EC) No 261/2004, Art. 7(1)",
)
"""EU 261/2004: EUR 250 / 400 / 600."""

UK261: Final = Regime(
    "uk261",
    "GBP",
    (Money(220, "GBP"), Money(350, "GBP"), Money(520, "GBP")),
    source="Regulation (EC) No 261/2004 as retained and amended in UK law (UK 261), Art. 7(1)",
)
"""UK 261 (the retained regulation as amended for the UK): GBP 220 / 350 / 520."""


@final
@attrs.frozen
class Flight:
    """A flight's great-circle distance and whether it is intra-EU (for UK 261: domestic)."""

    distance_km: int = attrs.field(validator=_positive_int)
    intra_eu: bool = attrs.field(kw_only=True, validator=_bool)

    @property
    def band(self) -> Band:
        """The Art. 7(1) band: intra-EU flights over 1,500 km are MEDIUM whatever the distance."""
        if self.distance_km <= 1500:
            return Band.SHORT
        if self.intra_eu or self.distance_km <= 3500:
            return Band.MEDIUM
        return Band.LONG


@final
@attrs.frozen(kw_only=True)
class Reroute:
    """The alternative flight offered: how early it leaves and how late it arrives."""

    departs_early: timedelta = attrs.field(default=timedelta(0), validator=_duration)
    """How much earlier than the scheduled departure it leaves (zero if not earlier)."""
    arrives_late: timedelta = attrs.field(validator=_duration)
    """How much later than the scheduled arrival it reaches the final destination."""


def _optional_reroute(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, Reroute):
        raise InvalidValue(f"{attribute.name} must be a Reroute or None, got {value!r}")


def _flight(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Flight):
        raise InvalidValue(f"{attribute.name} must be a Flight, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Delay:
    """A delayed flight (Art. 6; compensation from 3 h of arrival delay under *Sturgeon*)."""

    flight: Flight = attrs.field(validator=_flight)
    departure_delay: timedelta = attrs.field(validator=_duration)
    """How late it left: starts care (Art. 6(1)) and, from 5 h, the refund option."""
    arrival_delay: timedelta = attrs.field(validator=_duration)
    """How late it reached the final destination: decides compensation."""
    extraordinary: bool = attrs.field(default=False, validator=_bool)
    overnight: bool = attrs.field(default=False, validator=_bool)
    """A stay of one or more nights became necessary (hotel and transport, Art. 9(1)(b)-(c))."""


@final
@attrs.frozen(kw_only=True)
class Cancellation:
    """A cancelled flight (Art. 5): how far ahead the passenger was told, and the reroute."""

    flight: Flight = attrs.field(validator=_flight)
    notice: timedelta = attrs.field(validator=_duration)
    """How long before the scheduled departure the passenger was told."""
    reroute: Reroute | None = attrs.field(default=None, validator=_optional_reroute)
    extraordinary: bool = attrs.field(default=False, validator=_bool)
    overnight: bool = attrs.field(default=False, validator=_bool)


@final
@attrs.frozen(kw_only=True)
class DeniedBoarding:
    """Boarding denied (Art. 4): a volunteer gets what was agreed; others Art. 7 at once."""

    flight: Flight = attrs.field(validator=_flight)
    volunteered: bool = attrs.field(validator=_bool)
    reroute: Reroute | None = attrs.field(default=None, validator=_optional_reroute)
    extraordinary: bool = attrs.field(default=False, validator=_bool)
    """Recorded, but it excuses nothing (CJEU C-22/11 *Finnair*)."""
    overnight: bool = attrs.field(default=False, validator=_bool)


def _price(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.is_negative:
        raise InvalidValue(f"{attribute.name} must be non-negative Money, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Downgrade:
    """A passenger placed in a lower class than the ticket (Art. 10(2))."""

    flight: Flight = attrs.field(validator=_flight)
    ticket_price: Money = attrs.field(validator=_price)


# --- distances --------------------------------------------------------------------------

EARTH_RADIUS_KM: Final = 6371.0088  # the IUGG mean radius

# The EU member states and the other states the Regulation applies in (EEA and
# Switzerland), as ISO 3166 alpha-2 codes: a flight between two of them is intra-EU.
_EU_AREA: Final = frozenset(
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
        *("IS", "LI", "NO", "CH"),
    }
)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """The great-circle distance in whole kilometres (haversine, rounded to nearest)."""
    for value, limit in ((lat1, 90), (lat2, 90), (lon1, 180), (lon2, 180)):
        if not isinstance(value, int | float) or not -limit <= value <= limit:
            raise InvalidValue(f"coordinates must be degrees within +-{limit}, got {value!r}")
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h))))


def _airports() -> Any:
    try:
        module = importlib.import_module("airportsdata")
    except ImportError as error:
        raise InvalidValue(
            "distances from IATA codes need the optional airportsdata package: "
            'pip install "custrecovery[airline]", or give the distance yourself'
        ) from error
    return module.load("IATA")


def flight_between(origin: str, destination: str, *, intra_eu: bool | None = None) -> Flight:
    """The :class:`Flight` between two airports by IATA code (needs ``airportsdata``).

    ``intra_eu`` defaults to whether both airports are in the EU, the EEA or
    Switzerland; pass it to decide yourself (for UK 261, whether it is domestic).
    """
    airports = _airports()
    found = []
    for code in (origin, destination):
        airport = airports.get(code.upper()) if isinstance(code, str) else None
        if airport is None:
            raise InvalidValue(f"unknown IATA airport code {code!r}")
        found.append(airport)
    a, b = found
    distance = great_circle_km(float(a["lat"]), float(a["lon"]), float(b["lat"]), float(b["lon"]))
    if intra_eu is None:
        intra_eu = a["country"] in _EU_AREA and b["country"] in _EU_AREA
    return Flight(max(distance, 1), intra_eu=intra_eu)
