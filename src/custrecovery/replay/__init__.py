"""Replaying outside complaint data through the lifecycle (what-if replay).

Loaded lazily: ``import custrecovery`` does not import it.
"""

from custrecovery.replay._cfpb import CfpbReplaySummary
from custrecovery.replay._cfpb import replay_cfpb

__all__ = [
    "CfpbReplaySummary",
    "replay_cfpb",
]
