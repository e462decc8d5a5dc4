"""Industry packs: one module per industry, each an ordinary plugin a desk enables by name.

* ``airline`` (:mod:`custrecovery.packs.airline`): EU 261/2004 complete, UK 261.
* ``hotel`` (:mod:`custrecovery.packs.hotel`): walking a guest; configurable.
* ``rail`` (:mod:`custrecovery.packs.rail`): GB rail Delay Repay.
* ``telecoms-uk`` (:mod:`custrecovery.packs.telecoms_uk`): Ofcom automatic compensation.
* ``legal``, ``retail``, ``restaurant``, ``garage`` (:mod:`custrecovery.packs.legal`
  and its siblings): seed article 000's referral rules.
* ``finance-uk`` (:mod:`custrecovery.packs.finance_uk`): FCA DISP clocks, DISP 1.7.
* ``finance-us`` (:mod:`custrecovery.packs.finance_us`): the CFPB clocks.

:mod:`custrecovery.packs.referrals` holds the referral policy the legal,
retail, restaurant, garage and hotel packs are built from.

Packs are published under the ``custrecovery.packs`` entry-point group
(:data:`PACK_GROUP`), custrecovery's own and third-party ones alike, and a desk
enables them by name: ``Desk(packs=["rail"])``. Installing a pack enables
nothing by itself. Pack modules load only when a desk enables them or code
imports them.
"""

from custrecovery.packs._registry import PACK_GROUP
from custrecovery.packs._registry import available_packs
from custrecovery.packs._registry import load_pack

__all__ = [
    "PACK_GROUP",
    "available_packs",
    "load_pack",
]
