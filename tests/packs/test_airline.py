"""The airline pack: EU 261/2004 and UK 261, table-driven from the Regulation's text."""

from __future__ import annotations

import sys
from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.goodwill import GoodwillRules
from custrecovery.goodwill import Proposal
from custrecovery.goodwill import Remedy
from custrecovery.goodwill import decide_goodwill
from custrecovery.operations import OfferGoodwill
from custrecovery.packs.airline import EU261
from custrecovery.packs.airline import UK261
from custrecovery.packs.airline import AirlinePack
from custrecovery.packs.airline import Band
from custrecovery.packs.airline import Cancellation
from custrecovery.packs.airline import Care
from custrecovery.packs.airline import Claim
from custrecovery.packs.airline import Delay
from custrecovery.packs.airline import DeniedBoarding
from custrecovery.packs.airline import Downgrade
from custrecovery.packs.airline import Flight
from custrecovery.packs.airline import Reroute
from custrecovery.packs.airline import entitlement
from custrecovery.packs.airline import eu261_compensation
from custrecovery.packs.airline import flight_between
from custrecovery.packs.airline import great_circle_km
from tests.packs._helpers import AGENT
from tests.packs._helpers import DAY
from tests.packs._helpers import HOUR
from tests.packs._helpers import MIN
from tests.packs._helpers import at
from tests.packs._helpers import desk_with
from tests.packs._helpers import eur
from tests.packs._helpers import gbp
from tests.packs._helpers import open_case

SHORT = Flight(1000, intra_eu=True)
MEDIUM = Flight(2000, intra_eu=False)
LONG = Flight(6000, intra_eu=False)


# --- the short form, eu261_compensation (moved from tests/goodwill) ----------------------


@pytest.mark.parametrize(
    ("distance", "intra_eu", "delay", "rerouted", "extraordinary", "expected"),
    [
        (1000, True, 3 * HOUR, False, False, 250),
        (1500, False, 3 * HOUR, False, False, 250),
        (1000, True, 3 * HOUR - MIN, False, False, None),
        (1501, False, 3 * HOUR, False, False, 400),
        (3500, False, 5 * HOUR, False, False, 400),
        (5000, True, 3 * HOUR, False, False, 400),
        (3501, False, 3 * HOUR, False, False, 300),
        (6000, False, 4 * HOUR - MIN, False, False, 300),
        (6000, False, 4 * HOUR, False, False, 300),
        (6000, False, 4 * HOUR + MIN, False, False, 600),
        (6000, False, 9 * HOUR, False, True, None),
        (1000, True, 2 * HOUR, True, False, 125),
        (1000, True, 2 * HOUR + MIN, True, False, 250),
        (2000, True, 3 * HOUR, True, False, 200),
        (6000, False, 4 * HOUR, True, False, 300),
        (6000, False, 5 * HOUR, True, False, 600),
    ],
    ids=[
        "Art7(1)(a)-short-3h",
        "Art7(1)(a)-1500-boundary",
        "Sturgeon-short-under-3h",
        "Art7(1)(b)-medium",
        "Art7(1)(b)-3500-boundary",
        "Art7(1)(b)-intra-eu-long",
        "Sturgeon-para63-long-3h-half",
        "Sturgeon-para63-long-3h59-half",
        "Art7(2)(c)-does-not-exceed-4h-half",
        "Art7(1)(c)-long-4h01-full",
        "Art5(3)-extraordinary",
        "Art7(2)(a)-reroute-short-half",
        "Art7(2)(a)-reroute-short-full",
        "Art7(2)(b)-reroute-medium-half",
        "Art7(2)(c)-reroute-long-half",
        "Art7(2)(c)-reroute-long-full",
    ],
)
def test_eu261_short_form(
    distance: int,
    intra_eu: bool,
    delay: timedelta,
    rerouted: bool,
    extraordinary: bool,
    expected: int | None,
) -> None:
    """EU 261 bands, the 3-hour threshold, halving ("does not exceed") and Art. 5(3)."""
    proposal = eu261_compensation(
        distance,
        intra_eu=intra_eu,
        arrival_delay=delay,
        rerouted=rerouted,
        extraordinary=extraordinary,
    )
    assert (proposal and proposal.amount) == (None if expected is None else eur(expected))


@pytest.mark.parametrize(
    ("distance", "delay"),
    [(0, HOUR), (True, HOUR), (1000, -MIN)],
    ids=["zero-km", "bool-km", "negative-delay"],
)
def test_eu261_refuses_malformed_input(distance: int, delay: timedelta) -> None:
    """A non-positive distance or a negative delay raises InvalidValue."""
    with pytest.raises(InvalidValue):
        eu261_compensation(distance, intra_eu=True, arrival_delay=delay)


# --- cancellations: Art. 5(1)(c) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice", "reroute", "expected"),
    [
        (14 * DAY, None, 0),
        (14 * DAY - MIN, None, 400),
        (10 * DAY, Reroute(departs_early=2 * HOUR, arrives_late=4 * HOUR - MIN), 0),
        (10 * DAY, Reroute(departs_early=2 * HOUR + MIN, arrives_late=HOUR), 200),
        (10 * DAY, Reroute(departs_early=HOUR, arrives_late=4 * HOUR), 400),
        (7 * DAY, Reroute(departs_early=2 * HOUR, arrives_late=3 * HOUR), 0),
        (7 * DAY - MIN, Reroute(departs_early=HOUR, arrives_late=2 * HOUR - MIN), 0),
        (6 * DAY, Reroute(departs_early=HOUR + MIN, arrives_late=HOUR), 200),
        (6 * DAY, Reroute(departs_early=HOUR, arrives_late=2 * HOUR), 200),
        (6 * DAY, Reroute(arrives_late=3 * HOUR), 200),
        (6 * DAY, Reroute(arrives_late=3 * HOUR + MIN), 400),
        (DAY, None, 400),
    ],
    ids=[
        "5(1)(c)(i)-14-days-nothing",
        "5(1)(c)(i)-just-under-14-days-owed",
        "5(1)(c)(ii)-2h-early-under-4h-late-nothing",
        "5(1)(c)(ii)-over-2h-early-owed-7(2)-halved",
        "5(1)(c)(ii)-exactly-4h-late-owed",
        "5(1)(c)(ii)-7-days-nothing",
        "5(1)(c)(iii)-1h-early-under-2h-late-nothing",
        "5(1)(c)(iii)-over-1h-early-owed-halved",
        "5(1)(c)(iii)-exactly-2h-late-owed-halved",
        "7(2)(b)-3h-late-halved",
        "7(2)(b)-over-3h-late-full",
        "no-reroute-full",
    ],
)
def test_cancellation_notice_and_reroute(
    notice: timedelta, reroute: Reroute | None, expected: int
) -> None:
    """Art. 5(1)(c): the notice and the reroute decide whether Art. 7 is owed, Art. 7(2) halves."""
    result = entitlement(Cancellation(flight=MEDIUM, notice=notice, reroute=reroute))
    assert result.compensation == eur(expected)
    assert result.refund_option
    assert {Care.MEALS, Care.CALLS} <= result.care


def test_cancellation_in_extraordinary_circumstances_owes_care_only() -> None:
    """Art. 5(3): no compensation in extraordinary circumstances; care (Art. 9) is still owed."""
    result = entitlement(Cancellation(flight=LONG, notice=DAY, extraordinary=True, overnight=True))
    assert result.compensation == eur(0)
    assert result.care == frozenset(Care)


# --- denied boarding: Art. 4 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("volunteered", "extraordinary", "reroute", "expected"),
    [
        (False, False, None, 600),
        (False, True, None, 600),
        (False, False, Reroute(arrives_late=4 * HOUR), 300),
        (True, False, None, 0),
    ],
    ids=[
        "4(3)-against-their-will-at-once",
        "Finnair-C-22-11-extraordinary-does-not-excuse",
        "7(2)(c)-reroute-halved",
        "4(1)-volunteer-gets-what-is-agreed",
    ],
)
def test_denied_boarding(
    volunteered: bool, extraordinary: bool, reroute: Reroute | None, expected: int
) -> None:
    """Art. 4(3) pays at once, whatever the circumstances (Finnair); volunteers agree their own."""
    boarding = DeniedBoarding(
        flight=LONG, volunteered=volunteered, extraordinary=extraordinary, reroute=reroute
    )
    result = entitlement(boarding)
    assert result.compensation == eur(expected)
    assert result.refund_option


# --- care and the refund option: Art. 6, 8, 9 --------------------------------------------


@pytest.mark.parametrize(
    ("flight", "departure_delay", "care", "refund"),
    [
        (SHORT, 2 * HOUR - MIN, False, False),
        (SHORT, 2 * HOUR, True, False),
        (Flight(2000, intra_eu=True), 3 * HOUR - MIN, False, False),
        (Flight(2000, intra_eu=True), 3 * HOUR, True, False),
        (MEDIUM, 3 * HOUR, True, False),
        (LONG, 4 * HOUR - MIN, False, False),
        (LONG, 4 * HOUR, True, False),
        (LONG, 5 * HOUR - MIN, True, False),
        (LONG, 5 * HOUR, True, True),
    ],
    ids=[
        "6(1)(a)-short-under-2h",
        "6(1)(a)-short-2h",
        "6(1)(b)-intra-eu-under-3h",
        "6(1)(b)-intra-eu-3h",
        "6(1)(b)-medium-3h",
        "6(1)(c)-long-under-4h",
        "6(1)(c)-long-4h",
        "6(1)(iii)-under-5h-no-refund",
        "6(1)(iii)-5h-refund-option",
    ],
)
def test_care_and_refund_by_band(
    flight: Flight, departure_delay: timedelta, care: bool, refund: bool
) -> None:
    """Art. 6(1): care from 2/3/4 h of delay by band; the Art. 8 refund option from 5 h."""
    result = entitlement(
        Delay(flight=flight, departure_delay=departure_delay, arrival_delay=departure_delay)
    )
    assert (result.care == {Care.MEALS, Care.CALLS}) is care
    assert result.refund_option is refund


def test_an_overnight_delay_adds_hotel_and_transport() -> None:
    """Art. 9(1)(b)-(c): a hotel and transport when a night's stay becomes necessary."""
    delay = Delay(flight=SHORT, departure_delay=9 * HOUR, arrival_delay=9 * HOUR, overnight=True)
    assert entitlement(delay).care == frozenset(Care)


# --- downgrades: Art. 10(2) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("flight", "expected"),
    [
        (Flight(1500, intra_eu=False), "60.00"),
        (Flight(5000, intra_eu=True), "100.00"),
        (Flight(3500, intra_eu=False), "100.00"),
        (Flight(3501, intra_eu=False), "150.00"),
    ],
    ids=["10(2)(a)-30%", "10(2)(b)-intra-eu-50%", "10(2)(b)-1500-3500-50%", "10(2)(c)-75%"],
)
def test_downgrade_refund(flight: Flight, expected: str) -> None:
    """Art. 10(2): 30 / 50 / 75 % of the ticket price by band."""
    result = entitlement(Downgrade(flight=flight, ticket_price=eur(200)))
    assert result.compensation == eur(expected)


# --- UK 261 and the bands ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("flight", "expected"),
    [(SHORT, 220), (MEDIUM, 350), (LONG, 520)],
    ids=["UK261-7(1)(a)-220", "UK261-7(1)(b)-350", "UK261-7(1)(c)-520"],
)
def test_uk261_pays_in_gbp(flight: Flight, expected: int) -> None:
    """UK 261 keeps the structure and pays GBP 220 / 350 / 520."""
    delay = Delay(flight=flight, departure_delay=5 * HOUR, arrival_delay=5 * HOUR)
    assert entitlement(delay, regime=UK261).compensation == gbp(expected)


def test_bands_name_their_hours_and_refund_shares() -> None:
    """Each band carries its Art. 6(1) / 7(2) hours and its Art. 10(2) share."""
    assert [b.hours for b in Band] == [2, 3, 4]
    assert [str(b.downgrade_share) for b in Band] == ["0.30", "0.50", "0.75"]


# --- distances ------------------------------------------------------------------------------


def test_great_circle_distance() -> None:
    """Haversine distances in whole kilometres; a quarter meridian is about 10,008 km."""
    assert great_circle_km(0, 0, 0, 0) == 0
    assert great_circle_km(0, 0, 90, 0) == 10008
    with pytest.raises(InvalidValue):
        great_circle_km(91, 0, 0, 0)


def test_flights_from_iata_codes() -> None:
    """With airportsdata installed, LHR-JFK is LONG and CDG-FCO is intra-EU and SHORT."""
    pytest.importorskip("airportsdata")
    london_new_york = flight_between("LHR", "JFK")
    assert 5500 < london_new_york.distance_km < 5600
    assert london_new_york.band is Band.LONG
    paris_rome = flight_between("cdg", "FCO")
    assert paris_rome.intra_eu
    assert paris_rome.band is Band.SHORT
    with pytest.raises(InvalidValue, match="unknown IATA"):
        flight_between("LHR", "ZZZ")


def test_flights_from_iata_codes_without_airportsdata(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the optional package, the error says how to install it or give the distance."""
    monkeypatch.setitem(sys.modules, "airportsdata", None)
    with pytest.raises(InvalidValue, match=r"custrecovery\[airline\]"):
        flight_between("LHR", "JFK")


# --- properties -----------------------------------------------------------------------------

flights = st.builds(Flight, st.integers(min_value=1, max_value=20000), intra_eu=st.booleans())
durations = st.integers(min_value=0, max_value=48 * 60).map(lambda m: timedelta(minutes=m))
reroutes = st.none() | st.builds(Reroute, departs_early=durations, arrives_late=durations)
disruptions = st.one_of(
    st.builds(
        Delay,
        flight=flights,
        departure_delay=durations,
        arrival_delay=durations,
        extraordinary=st.booleans(),
        overnight=st.booleans(),
    ),
    st.builds(
        Cancellation,
        flight=flights,
        notice=st.integers(min_value=0, max_value=30).map(lambda d: timedelta(days=d)),
        reroute=reroutes,
        extraordinary=st.booleans(),
    ),
    st.builds(
        DeniedBoarding,
        flight=flights,
        volunteered=st.booleans(),
        reroute=reroutes,
        extraordinary=st.booleans(),
    ),
)


@settings(max_examples=200, deadline=None)
@given(disruptions)
def test_never_above_600_eur(disruption: Delay | Cancellation | DeniedBoarding) -> None:
    """No Art. 7 disruption pays more than EUR 600 (or GBP 520 under UK 261)."""
    assert entitlement(disruption).compensation <= eur(600)
    assert entitlement(disruption, regime=UK261).compensation <= gbp(520)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=20000),
    st.integers(min_value=1, max_value=20000),
    st.booleans(),
    st.integers(min_value=0, max_value=48 * 60),
)
def test_monotonic_in_distance_band(a: int, b: int, intra_eu: bool, late: int) -> None:
    """A longer flight never falls in a lower band, nor pays less unless the reduction applies.

    The one exception is the Regulation's own: a LONG-band delay of 3 to 4 h is halved
    (EUR 300) while a MEDIUM-band one is not (EUR 400); see the test below.
    """
    near, far = Flight(min(a, b), intra_eu=intra_eu), Flight(max(a, b), intra_eu=intra_eu)
    assert list(Band).index(near.band) <= list(Band).index(far.band)
    assert EU261.amount(near.band) <= EU261.amount(far.band)
    delay = timedelta(minutes=late)
    pays = [
        entitlement(Delay(flight=f, departure_delay=delay, arrival_delay=delay)).compensation
        for f in (near, far)
    ]
    halved = far.band is Band.LONG and 3 * HOUR <= delay <= 4 * HOUR
    assert pays[0] <= pays[1] or (halved and pays[1] == eur(300))


def test_the_long_haul_reduction_pays_less_than_medium_haul() -> None:
    """Sturgeon para. 63 with Art. 7(2)(c): 3-4 h late, 3,501 km pays EUR 300, 3,500 km EUR 400."""
    late = 3 * HOUR
    medium, long = (
        entitlement(
            Delay(flight=Flight(km, intra_eu=False), departure_delay=late, arrival_delay=late)
        ).compensation
        for km in (3500, 3501)
    )
    assert (medium, long) == (eur(400), eur(300))


@settings(max_examples=200, deadline=None)
@given(flights, durations, st.integers(min_value=14, max_value=60))
def test_zero_under_each_exemption(flight: Flight, delay: timedelta, days: int) -> None:
    """Extraordinary circumstances (Art. 5(3)), 14 days' notice (Art. 5(1)(c)(i)) and
    volunteering (Art. 4(1)) each pay nothing under Art. 7."""
    zero = eur(0)
    extraordinary = Delay(
        flight=flight, departure_delay=delay, arrival_delay=delay, extraordinary=True
    )
    assert entitlement(extraordinary).compensation == zero
    told = Cancellation(flight=flight, notice=timedelta(days=days))
    assert entitlement(told).compensation == zero
    volunteer = DeniedBoarding(flight=flight, volunteered=True)
    assert entitlement(volunteer).compensation == zero


# --- the plugin -------------------------------------------------------------------------------


_FACTS = CompensationFacts("EUR", failure=FailureKind.FAILED_SERVICE, category="flight delay")


def _offer(strategy: object, case: cr.Case) -> OfferGoodwill:
    """An offer decided outside the desk, with ``strategy`` alone (bound to ``case``)."""
    decision = decide_goodwill(
        _FACTS,
        [("claims", strategy)],
        requested_by=AGENT,
        rules=GoodwillRules(),
        case_id=case.case_id,
        case_version=case.version,
    )
    return OfferGoodwill(by=AGENT, at=at(5), decision=decision)


LONG_DELAY = Delay(flight=LONG, departure_delay=6 * HOUR, arrival_delay=6 * HOUR)


@pytest.mark.parametrize(
    ("signed", "remedy"),
    [(False, Remedy.CREDIT), (True, Remedy.VOUCHER)],
    ids=["7(3)-money", "7(3)-voucher-with-signed-agreement"],
)
def test_a_claim_is_paid_in_money_or_agreed_vouchers(signed: bool, remedy: Remedy) -> None:
    """Art. 7(3): a claim pays money, or vouchers with the signed agreement; both are offered."""
    desk = desk_with("airline")
    case = open_case(desk, "flight delay")
    claim = Claim(disruption=LONG_DELAY, signed_voucher_agreement=signed)
    decision = desk.decide_goodwill(
        attrs.evolve(_FACTS, claim=claim), requested_by=AGENT, for_case=case
    )
    (proposal,) = [p for p in decision.compensation.proposals if p.remedy.is_monetary]
    assert (proposal.remedy, proposal.amount) == (remedy, eur(600))
    offer = OfferGoodwill(by=AGENT, at=at(5), decision=decision)
    assert desk.apply(case, offer).version == 2


def test_an_unsigned_voucher_is_refused() -> None:
    """Art. 7(3): goodwill in vouchers without a signed agreement is refused on an airline desk."""
    voucher = Proposal(Remedy.VOUCHER, eur(600), Explanation(source="x", rule="a voucher"))

    class Vouchers:
        name = "vouchers"

        def propose(self, facts: CompensationFacts) -> Proposal:
            return voucher

    desk = desk_with("airline")
    case = open_case(desk, "flight delay")
    with pytest.raises(cr.OperationRefused, match=r"Art\. 7\(3\)"):
        desk.apply(case, _offer(Vouchers(), case))
    plain = desk_with()
    other = open_case(plain, "flight delay")
    # Without the pack nothing says "money, not vouchers"; the desk still pays only what
    # it decides itself, and it has no voucher strategy.
    with pytest.raises(cr.OperationRefused, match="this desk decides"):
        plain.apply(other, _offer(Vouchers(), other))


def test_a_claim_proposes_only_in_its_currency() -> None:
    """A UK 261 claim proposes nothing for facts in euros, and GBP 520 for facts in pounds."""
    claim = Claim(disruption=LONG_DELAY, regime=UK261)
    assert claim.name == "uk261-claim"
    assert claim.propose(CompensationFacts("EUR", failure=FailureKind.FAILED_SERVICE)) is None
    gbp_facts = CompensationFacts("GBP", failure=FailureKind.FAILED_SERVICE)
    proposal = claim.propose(gbp_facts)
    assert proposal is not None
    assert proposal.amount == gbp(520)
    with pytest.raises(InvalidValue):
        Claim(disruption="a delay")  # type: ignore[arg-type]


def test_a_volunteer_is_assisted_under_article_8_only() -> None:
    """Art. 4(1): a volunteer gets the Art. 8 choice, not Art. 9 care or Art. 7 compensation."""
    result = entitlement(DeniedBoarding(flight=SHORT, volunteered=True))
    assert (result.compensation, result.care, result.refund_option) == (eur(0), frozenset(), True)


def test_follow_ups_name_care_and_the_notice_of_rights() -> None:
    """Art. 14(2) and Art. 9 follow-ups for an open disruption case; none for other cases."""
    desk = desk_with("airline")
    actions = [
        a for a in desk.follow_ups(open_case(desk, "flight cancellation")) if a.source == "airline"
    ]
    assert [a.why.split(":")[0] for a in actions] == ["eu261 Art. 14(2)", "eu261 Art. 9"]
    assert not [a for a in desk.follow_ups(open_case(desk, "billing")) if a.source == "airline"]
    uk = cr.Desk(plugins=[AirlinePack(regime=UK261)], entry_points=False)
    assert any(a.why.startswith("uk261") for a in uk.follow_ups(open_case(uk, "downgrade")))
    assert EU261.amount(Band.LONG) == eur(600)
