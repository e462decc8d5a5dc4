"""Industry packs: one module per industry, each an ordinary plugin.

* :mod:`custrecovery.packs.airline`: EU 261/2004 compensation.
* :mod:`custrecovery.packs.rail`: GB rail Delay Repay.

Packs are loaded only when imported.
"""

__all__ = []
