"""custrecovery: customer-recovery policy as verifiable code.

The front door holds what a newcomer needs on day one: the :class:`Desk` that
applies operations, the :class:`Case` and :class:`Event` it builds, the values a
complaint is made of, the root errors and :data:`hookimpl`. Everything else
lives in the public module of its concept:

=================================  ====================================================
:mod:`custrecovery.operations`     every operation a caller can ask a desk for
:mod:`custrecovery.lifecycle`      the tables, build, verification and diagrams
:mod:`custrecovery.boundaries`     unreasonable-customer policies and decisions
:mod:`custrecovery.goodwill`       strategies, combining, authority, schedules
:mod:`custrecovery.packs`          industry packs, one module each
:mod:`custrecovery.desk`           the desk and its built-in plugin
:mod:`custrecovery.storage`        case documents, the schema, loading
:mod:`custrecovery.sources`        readers of outside data (the CFPB export)
:mod:`custrecovery.replay`         replaying outside data through the lifecycle
:mod:`custrecovery.errors`         the whole exception hierarchy
:mod:`custrecovery.hookspecs`      the plugin contract
:mod:`custrecovery.testing`        strategies and the conformance kit
=================================  ====================================================

``import custrecovery`` loads the core only; storage, sources, replay, packs,
the command line and the testing kit load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING
from typing import Any

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.complaints import Channel
from custrecovery.complaints import Complaint
from custrecovery.desk import Desk
from custrecovery.errors import ConflictError
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import DataError
from custrecovery.errors import EscalationRequired
from custrecovery.errors import InvalidValue
from custrecovery.errors import NotMyResponsibility
from custrecovery.errors import OperationRefused
from custrecovery.errors import PluginError
from custrecovery.explanations import Explanation
from custrecovery.followups import FollowUpAction
from custrecovery.hookspecs import hookimpl
from custrecovery.money import Money
from custrecovery.parties import Actor
from custrecovery.parties import Customer

if TYPE_CHECKING:
    from custrecovery.storage import case_from_dict
    from custrecovery.storage import case_to_dict
    from custrecovery.storage import from_json
    from custrecovery.storage import to_json

__all__ = [
    "Actor",
    "Case",
    "Channel",
    "Complaint",
    "ConflictError",
    "CustRecoveryError",
    "Customer",
    "DataError",
    "Desk",
    "EscalationRequired",
    "Event",
    "Explanation",
    "FollowUpAction",
    "InvalidValue",
    "Money",
    "NotMyResponsibility",
    "OperationRefused",
    "PluginError",
    "case_from_dict",
    "case_to_dict",
    "from_json",
    "hookimpl",
    "to_json",
]

# Front-door names whose module loads on first use (PEP 562): storage pulls in
# cattrs and JSON, which a desk that never stores a case does not need.
_LAZY = {
    "case_from_dict": "custrecovery.storage",
    "case_to_dict": "custrecovery.storage",
    "from_json": "custrecovery.storage",
    "to_json": "custrecovery.storage",
}
# Where each name of 0.1.0's top level lives now, so an old import fails with
# the new one in its message instead of a bare AttributeError.
_MOVED = {
    "custrecovery.boundaries": (
        "Assessment BendsRules BoundaryAction BoundaryDecision BoundaryPolicy "
        "ComplainsRegardless ContactRecord CustomerHistory DEFAULT_NOTICE_TEMPLATE "
        "MAX_REVIEW_MONTHS NeverSatisfied NoticeFactory NoticeTemplate PolicyFailure "
        "RestrictionNotice combine_assessments decide default_policies"
    ),
    "custrecovery.cases": "CustomerNotice HandoffOffer Recourse Referral format_history",
    "custrecovery.desk": "Defaults MinimumReferralDegree",
    "custrecovery.errors": (
        "ApprovalRefused ClosingRefused CurrencyMismatch InvalidLifecycle PluginWarning "
        "ReferralRefused ReopenRefused"
    ),
    "custrecovery.goodwill": (
        "Apology AuthorityDecision AuthorityLimits CategoryTable Compensation "
        "CompensationFacts CompensationStrategy FailureKind GoodwillDecision GoodwillRules "
        "MatchedRemedy Proposal Remedy ScheduleRow ScheduleTable ShareOfLoss TimeLost "
        "combine compensate"
    ),
    "custrecovery.lifecycle": (
        "ComplaintLifecycle LifecycleRules STATES StateSpec TRANSITIONS TransitionSpec "
        "build_lifecycle check_lifecycle lifecycle_mermaid lifecycle_table "
        "outcome_recorded records_outcome verify_lifecycle"
    ),
    "custrecovery.money": "MINOR_UNITS minor_units",
    "custrecovery.operations": (
        "AbsorbDuplicate AcceptHandoff AcceptResolution Acknowledge Archive Assess "
        "AwaitCustomer Close ColdTransfer ConfirmReferral CustomerReplied DeclineHandoff "
        "DeclineReferral Disclaim Dismiss ExpireHandoff GiveRecourse Investigate MergeInto "
        "OPERATION_TYPES OfferGoodwill OfferHandoff OfferReferral Operation "
        "ProposeResolution Record RecordBoundaryDecision RecordFollowUp Refer "
        "ReferralDegree ReferralNotice RejectResolution Reopen ReopenAfterClose Severity "
        "Unassign WithdrawHandoff WithdrawReferral"
    ),
    "custrecovery.packs.airline": "eu261_compensation",
    "custrecovery.packs.rail": "GB_RAIL_DELAY_REPAY delay_repay_compensation",
    "custrecovery.replay": "CfpbReplaySummary replay_cfpb",
    "custrecovery.sources": (
        "CfpbComplaint CfpbReadResult RowProblem cfpb_sample load_cfpb read_cfpb"
    ),
    "custrecovery.storage": "FORMAT_VERSION case_schema from_dict to_dict",
}


# Under TYPE_CHECKING mypy sees the lazy names imported above, and no catch-all
# __getattr__ that would hide a misspelt or moved name.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
            globals()[name] = value  # later look-ups skip this function
            return value
        for new_home, names in _MOVED.items():
            if name in names.split():
                raise AttributeError(
                    f"custrecovery.{name} moved in 0.2.0: import it from {new_home} "
                    f"(from {new_home} import {name})"
                )
        raise AttributeError(f"module 'custrecovery' has no attribute {name!r}")

    def __dir__() -> list[str]:
        # The public names only (not this module's own imports such as Any).
        return sorted(__all__)
