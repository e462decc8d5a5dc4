"""Airline: EU 261/2004 complete (and UK 261 in GBP), as a pack a desk enables by name.

Rules
-----
Regulation (EC) No 261/2004 with the CJEU's *Sturgeon* (C-402/07) and *Finnair*
(C-22/11); the article of each rule is in :mod:`custrecovery.packs.airline._rules`
and in every :class:`~custrecovery.Explanation` the rules produce:

* compensation (Art. 7) by distance band for delays of 3 h or more, cancellations
  not exempted by their notice (Art. 5(1)(c)) and denied boarding (Art. 4(3));
  halved for a reroute arriving within 2 / 3 / 4 h ("does not exceed") and for
  LONG-band delays of 3 to 4 h; none in extraordinary circumstances (Art. 5(3)),
  which never excuse denied boarding;
* care (Art. 9) from 2 / 3 / 4 h of delay by band, the refund option (Art. 8) from
  5 h, downgrade refunds (Art. 10(2)), vouchers only with a signed agreement;
* :data:`UK261`: the same structure in GBP (220 / 350 / 520).

Theory of operation
-------------------
Typed facts (:class:`Flight`, :class:`Delay`, :class:`Cancellation`,
:class:`DeniedBoarding`, :class:`Downgrade`) go in; :func:`entitlement` gives an
:class:`Entitlement` (compensation, care, the refund option, the reasons), which
:meth:`Entitlement.proposal` turns into a goodwill proposal (:class:`Claim`
is the same as a compensation strategy, for a goodwill decision). Distances come from
the caller or, with the optional ``airportsdata`` package (``pip install
"custrecovery[airline]"``), from IATA codes (:func:`flight_between`). The plugin
(:class:`AirlinePack`, entry point ``airline``) refuses vouchers without a
signed agreement and suggests care and the notice of rights.
"""

from custrecovery.packs.airline._facts import EU261
from custrecovery.packs.airline._facts import UK261
from custrecovery.packs.airline._facts import Band
from custrecovery.packs.airline._facts import Cancellation
from custrecovery.packs.airline._facts import Delay
from custrecovery.packs.airline._facts import DeniedBoarding
from custrecovery.packs.airline._facts import Downgrade
from custrecovery.packs.airline._facts import Flight
from custrecovery.packs.airline._facts import Regime
from custrecovery.packs.airline._facts import Reroute
from custrecovery.packs.airline._facts import flight_between
from custrecovery.packs.airline._facts import great_circle_km
from custrecovery.packs.airline._plugin import DISRUPTION_CATEGORIES
from custrecovery.packs.airline._plugin import AirlinePack
from custrecovery.packs.airline._rules import Care
from custrecovery.packs.airline._rules import Claim
from custrecovery.packs.airline._rules import Disruption
from custrecovery.packs.airline._rules import Entitlement
from custrecovery.packs.airline._rules import entitlement
from custrecovery.packs.airline._rules import eu261_compensation

__all__ = [
    "AirlinePack",
    "Band",
    "Cancellation",
    "Care",
    "Claim",
    "DISRUPTION_CATEGORIES",
    "Delay",
    "DeniedBoarding",
    "Disruption",
    "Downgrade",
    "EU261",
    "Entitlement",
    "Flight",
    "Regime",
    "Reroute",
    "UK261",
    "entitlement",
    "eu261_compensation",
    "flight_between",
    "great_circle_km",
]
