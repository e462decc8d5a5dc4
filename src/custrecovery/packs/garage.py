"""Garage: fully booked for a traveller in a hurry: call rivals to find one that can help.

Rules
-----
Seed article 000: a garage fully booked for a traveller who cannot wait calls
other garages until one can do the repair. Least degree: a garage that
confirmed it can do the repair (:attr:`ReferralDegree.CONFIRMED_RECEIVER`);
the customer is told what the other garage confirmed it can do and when.
"""

from __future__ import annotations

from typing import Final

from custrecovery.operations import ReferralDegree
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation

__all__ = [
    "GARAGE",
]

GARAGE: Final = ReferralPolicy(
    plugin_name="garage",
    industry="garage",
    least_degree=ReferralDegree.CONFIRMED_RECEIVER,
    must_tell=("what the other garage confirmed it can do, and when",),
    refer_when={Situation.FULLY_BOOKED_CANNOT_WAIT},
)
"""The garage pack (entry point ``garage``)."""
