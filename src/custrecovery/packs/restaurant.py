"""Restaurant: a dish it does not serve, or no table for a guest who cannot wait.

Rules
-----
Seed article 000: a restaurant asked for a dish it does not serve points the
guest to a place that serves it. Least degree: names given
(:attr:`ReferralDegree.NAMES_GIVEN`); the guest is told the other place's
name and address. A dish not offered here, or a full house for a guest who
cannot wait, requires a referral rather than a vague "maybe later". (The
desk's own :class:`~custrecovery.lifecycle.LifecycleRules` ask for a
confirmed receiver by default; a restaurant's desk that accepts names lowers
``min_referral_degree`` to match.)
"""

from __future__ import annotations

from typing import Final

from custrecovery.operations import ReferralDegree
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation

__all__ = [
    "RESTAURANT",
]

RESTAURANT: Final = ReferralPolicy(
    plugin_name="restaurant",
    industry="restaurant",
    least_degree=ReferralDegree.NAMES_GIVEN,
    must_tell=("the other place's name and address",),
    refer_when={Situation.NOT_OFFERED, Situation.FULLY_BOOKED_CANNOT_WAIT},
)
"""The restaurant pack (entry point ``restaurant``)."""
