"""Retail: out of stock when the customer needs it now: refer, do not upsell or promise.

Rules
-----
Seed article 000: an electronics shop out of stock when the customer needs the
item now refers them to a shop that has it, rather than selling them something
else or promising a delivery date it cannot keep. Least degree: a shop that
confirmed it has the item (:attr:`ReferralDegree.CONFIRMED_RECEIVER`); the
customer is told where the item is held and for how long.
"""

from __future__ import annotations

from typing import Final

from custrecovery.operations import ReferralDegree
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation

__all__ = [
    "RETAIL",
]

RETAIL: Final = ReferralPolicy(
    plugin_name="retail",
    industry="retail",
    least_degree=ReferralDegree.CONFIRMED_RECEIVER,
    must_tell=("where the item is held and for how long",),
    refer_when={Situation.OUT_OF_STOCK_NEEDED_NOW},
)
"""The retail pack (entry point ``retail``)."""
