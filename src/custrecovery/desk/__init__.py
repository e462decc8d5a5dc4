"""The desk: the one place that applies operations to cases.

A :class:`Desk` owns its plugin manager, its lifecycle and its rules; it checks
every operation against the lifecycle, the ownership rules and its plugins'
vetoes, and builds the next case. :class:`Defaults` is the built-in plugin a
desk registers unless told otherwise.
"""

from custrecovery.desk._defaults import Defaults
from custrecovery.desk._defaults import MinimumReferralDegree
from custrecovery.desk._desk import Desk

__all__ = [
    "Defaults",
    "Desk",
    "MinimumReferralDegree",
]
