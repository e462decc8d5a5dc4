"""Legal: a firm asked about a matter outside its practice refers the client on.

Rules
-----
Seed article 000: a corporate-only law firm called about a neighbour's lawsuit
helps the caller reach a firm that practises in that area. Least degree: a
firm that confirmed it can take the matter
(:attr:`ReferralDegree.CONFIRMED_RECEIVER`); the client is
told that this firm does not act in the matter and has given no advice on it,
and any time limit the firm knows of. A matter outside the firm's practice
requires a referral.
"""

from __future__ import annotations

from typing import Final

from custrecovery.operations import ReferralDegree
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation

__all__ = [
    "LEGAL",
]

LEGAL: Final = ReferralPolicy(
    plugin_name="legal",
    industry="legal",
    least_degree=ReferralDegree.CONFIRMED_RECEIVER,
    must_tell=(
        "that this firm does not act in the matter and has given no advice on it",
        "any time limit the firm knows of",
    ),
    refer_when={Situation.OUTSIDE_PRACTICE},
)
"""The legal pack (entry point ``legal``)."""
