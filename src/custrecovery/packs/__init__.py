"""Industry packs: one module per industry, each an ordinary plugin a desk enables by name.

* :mod:`custrecovery.packs.airline`: EU 261/2004 compensation.
* :mod:`custrecovery.packs.rail`: GB rail Delay Repay.

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
