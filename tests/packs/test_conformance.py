"""The conformance kit passes on a desk with each pack enabled.

Packs that guard ``refer`` (a least referral degree, or DISP 1.7's wording)
declare it to the kit's model as a guarded transition: the model then lets
the desk refuse a referral it would accept, and still checks that nothing it
refuses is accepted. Their desks take the lowest lifecycle minimum degree, so
that every degree refusal the kit meets is the pack's own: a plugin's veto
runs before the lifecycle's validators, so under the default minimum a
``refer`` below it would meet the pack's ``OperationRefused`` where the model
expects the lifecycle's ``ReferralRefused`` (``docs/pack-authors.md``, section 4).
"""

from __future__ import annotations

import unittest

import attrs
import hypothesis

import custrecovery as cr
from custrecovery.lifecycle import LifecycleRules
from custrecovery.operations import ReferralDegree
from custrecovery.testing import LifecycleConformance
from custrecovery.testing import StageTable
from tests.packs._helpers import PACK_NAMES

SETTINGS = hypothesis.settings(max_examples=40, stateful_step_count=20, deadline=None)
"""Fewer examples per pack than the core's run (ten packs), the same rules checked."""

GUARDING_REFER = frozenset({"hotel", "legal", "retail", "restaurant", "garage", "finance-uk"})
"""Packs whose ``veto_operation`` may refuse a referral the lifecycle accepts."""

REFER_GUARDED = attrs.evolve(
    StageTable.builtin(), guarded=frozenset({("referral_confirmed", "refer")})
)
LOWEST_MINIMUM = LifecycleRules(min_referral_degree=ReferralDegree.NAMES_GIVEN)


def _conforms(pack: str) -> type[unittest.TestCase]:
    guarded = pack in GUARDING_REFER
    rules = LOWEST_MINIMUM if guarded else LifecycleRules()

    def make_desk() -> cr.Desk:
        return cr.Desk(packs=[pack], rules=rules, entry_points=False)

    machine = LifecycleConformance.for_desk(make_desk, name=f"Conformance[{pack}]")
    if guarded:
        machine.stage_table_override = REFER_GUARDED
    test_case = machine.TestCase
    test_case.settings = SETTINGS
    test_case.__doc__ = f"A desk with the {pack} pack does what the documented rules say."
    return test_case


TestAirlineConforms = _conforms("airline")
TestFinanceUkConforms = _conforms("finance-uk")
TestFinanceUsConforms = _conforms("finance-us")
TestGarageConforms = _conforms("garage")
TestHotelConforms = _conforms("hotel")
TestLegalConforms = _conforms("legal")
TestRailConforms = _conforms("rail")
TestRestaurantConforms = _conforms("restaurant")
TestRetailConforms = _conforms("retail")
TestTelecomsUkConforms = _conforms("telecoms-uk")


CHECKED = {
    "airline": TestAirlineConforms,
    "finance-uk": TestFinanceUkConforms,
    "finance-us": TestFinanceUsConforms,
    "garage": TestGarageConforms,
    "hotel": TestHotelConforms,
    "legal": TestLegalConforms,
    "rail": TestRailConforms,
    "restaurant": TestRestaurantConforms,
    "retail": TestRetailConforms,
    "telecoms-uk": TestTelecomsUkConforms,
}


def test_every_pack_is_checked() -> None:
    """Every published pack has its conformance class above."""
    assert set(CHECKED) == set(PACK_NAMES)
    assert all(pack in str(test.__doc__) for pack, test in CHECKED.items())
