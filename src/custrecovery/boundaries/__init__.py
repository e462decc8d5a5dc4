"""Boundaries: proportionate, explained decisions about unreasonable customers.

Policies (:class:`NeverSatisfied`, :class:`ComplainsRegardless`, :class:`BendsRules`
or a plugin's) each read a :class:`CustomerHistory` and return an
:class:`Assessment`; :func:`decide` runs them fail-closed and
:func:`combine_assessments` makes one :class:`BoundaryDecision`. A decision never
removes the owner of an open case or the customer's outside recourse, and a
restriction always carries a :class:`RestrictionNotice`.

The decision values live in :mod:`custrecovery.boundaries.decisions`, the bottom
layer that operations may import; everything is re-exported here.
"""

from custrecovery.boundaries._combining import combine_assessments
from custrecovery.boundaries._history import ContactRecord
from custrecovery.boundaries._history import CustomerHistory
from custrecovery.boundaries._notices import DEFAULT_NOTICE_TEMPLATE
from custrecovery.boundaries._notices import NoticeFactory
from custrecovery.boundaries._notices import NoticeTemplate
from custrecovery.boundaries._policies import BendsRules
from custrecovery.boundaries._policies import BoundaryPolicy
from custrecovery.boundaries._policies import ComplainsRegardless
from custrecovery.boundaries._policies import NeverSatisfied
from custrecovery.boundaries._policies import decide
from custrecovery.boundaries._policies import default_policies
from custrecovery.boundaries.decisions import MAX_REVIEW_MONTHS
from custrecovery.boundaries.decisions import Assessment
from custrecovery.boundaries.decisions import BoundaryAction
from custrecovery.boundaries.decisions import BoundaryDecision
from custrecovery.boundaries.decisions import PolicyFailure
from custrecovery.boundaries.decisions import RestrictionNotice

__all__ = [
    "Assessment",
    "BendsRules",
    "BoundaryAction",
    "BoundaryDecision",
    "BoundaryPolicy",
    "ComplainsRegardless",
    "ContactRecord",
    "CustomerHistory",
    "DEFAULT_NOTICE_TEMPLATE",
    "MAX_REVIEW_MONTHS",
    "NeverSatisfied",
    "NoticeFactory",
    "NoticeTemplate",
    "PolicyFailure",
    "RestrictionNotice",
    "combine_assessments",
    "decide",
    "default_policies",
]
