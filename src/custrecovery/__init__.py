"""custrecovery: customer-recovery policy as verifiable code."""

from custrecovery._authority import AuthorityDecision
from custrecovery._authority import AuthorityLimits
from custrecovery._boundary_decisions import DEFAULT_NOTICE_TEMPLATE
from custrecovery._boundary_decisions import MAX_REVIEW_MONTHS
from custrecovery._boundary_decisions import Assessment
from custrecovery._boundary_decisions import BoundaryAction
from custrecovery._boundary_decisions import BoundaryDecision
from custrecovery._boundary_decisions import NoticeFactory
from custrecovery._boundary_decisions import NoticeTemplate
from custrecovery._boundary_decisions import PolicyFailure
from custrecovery._boundary_decisions import RestrictionNotice
from custrecovery._boundary_decisions import combine_assessments
from custrecovery._boundary_policies import BendsRules
from custrecovery._boundary_policies import BoundaryPolicy
from custrecovery._boundary_policies import ComplainsRegardless
from custrecovery._boundary_policies import ContactRecord
from custrecovery._boundary_policies import CustomerHistory
from custrecovery._boundary_policies import NeverSatisfied
from custrecovery._boundary_policies import decide
from custrecovery._boundary_policies import default_policies
from custrecovery._case import Case
from custrecovery._case import CustomerNotice
from custrecovery._case import Event
from custrecovery._case import HandoffOffer
from custrecovery._case import Recourse
from custrecovery._case import Referral
from custrecovery._cfpb import CfpbComplaint
from custrecovery._cfpb import CfpbReadResult
from custrecovery._cfpb import RowProblem
from custrecovery._cfpb import cfpb_sample
from custrecovery._cfpb import load_cfpb
from custrecovery._cfpb import read_cfpb
from custrecovery._cfpb_replay import CfpbReplaySummary
from custrecovery._cfpb_replay import replay_cfpb
from custrecovery._channel import Channel
from custrecovery._compensation import Apology
from custrecovery._compensation import Compensation
from custrecovery._compensation import CompensationFacts
from custrecovery._compensation import CompensationStrategy
from custrecovery._compensation import FailureKind
from custrecovery._compensation import MatchedRemedy
from custrecovery._compensation import Proposal
from custrecovery._compensation import Remedy
from custrecovery._compensation import ShareOfLoss
from custrecovery._compensation import TimeLost
from custrecovery._compensation import combine
from custrecovery._compensation import compensate
from custrecovery._complaint import Complaint
from custrecovery._defaults import Defaults
from custrecovery._defaults import MinimumReferralDegree
from custrecovery._desk import Desk
from custrecovery._diagram import lifecycle_mermaid
from custrecovery._diagram import lifecycle_table
from custrecovery._errors import ApprovalRefused
from custrecovery._errors import ClosingRefused
from custrecovery._errors import ConflictError
from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import CustRecoveryError
from custrecovery._errors import DataError
from custrecovery._errors import EscalationRequired
from custrecovery._errors import InvalidLifecycle
from custrecovery._errors import InvalidValue
from custrecovery._errors import NotMyResponsibility
from custrecovery._errors import OperationRefused
from custrecovery._errors import PluginError
from custrecovery._errors import PluginWarning
from custrecovery._errors import ReferralRefused
from custrecovery._errors import ReopenRefused
from custrecovery._explain import Explanation
from custrecovery._followups import FollowUpAction
from custrecovery._goodwill import GoodwillDecision
from custrecovery._goodwill import GoodwillRules
from custrecovery._json import FORMAT_VERSION
from custrecovery._json import case_from_dict
from custrecovery._json import case_schema
from custrecovery._json import case_to_dict
from custrecovery._json import from_dict
from custrecovery._json import from_json
from custrecovery._json import to_dict
from custrecovery._json import to_json
from custrecovery._lifecycle import STATES
from custrecovery._lifecycle import TRANSITIONS
from custrecovery._lifecycle import ComplaintLifecycle
from custrecovery._lifecycle import LifecycleRules
from custrecovery._lifecycle import StateSpec
from custrecovery._lifecycle import TransitionSpec
from custrecovery._lifecycle import build_lifecycle
from custrecovery._lifecycle import outcome_recorded
from custrecovery._lifecycle import records_outcome
from custrecovery._money import MINOR_UNITS
from custrecovery._money import Money
from custrecovery._money import minor_units
from custrecovery._operations import OPERATION_TYPES
from custrecovery._operations import AbsorbDuplicate
from custrecovery._operations import AcceptHandoff
from custrecovery._operations import AcceptResolution
from custrecovery._operations import Acknowledge
from custrecovery._operations import Archive
from custrecovery._operations import Assess
from custrecovery._operations import AwaitCustomer
from custrecovery._operations import Close
from custrecovery._operations import ColdTransfer
from custrecovery._operations import ConfirmReferral
from custrecovery._operations import CustomerReplied
from custrecovery._operations import DeclineHandoff
from custrecovery._operations import DeclineReferral
from custrecovery._operations import Disclaim
from custrecovery._operations import Dismiss
from custrecovery._operations import ExpireHandoff
from custrecovery._operations import GiveRecourse
from custrecovery._operations import Investigate
from custrecovery._operations import MergeInto
from custrecovery._operations import OfferGoodwill
from custrecovery._operations import OfferHandoff
from custrecovery._operations import OfferReferral
from custrecovery._operations import Operation
from custrecovery._operations import ProposeResolution
from custrecovery._operations import Record
from custrecovery._operations import RecordBoundaryDecision
from custrecovery._operations import RecordFollowUp
from custrecovery._operations import Refer
from custrecovery._operations import ReferralDegree
from custrecovery._operations import ReferralNotice
from custrecovery._operations import RejectResolution
from custrecovery._operations import Reopen
from custrecovery._operations import ReopenAfterClose
from custrecovery._operations import Severity
from custrecovery._operations import Unassign
from custrecovery._operations import WithdrawHandoff
from custrecovery._operations import WithdrawReferral
from custrecovery._parties import Actor
from custrecovery._parties import Customer
from custrecovery._report import format_history
from custrecovery._schedules import GB_RAIL_DELAY_REPAY
from custrecovery._schedules import CategoryTable
from custrecovery._schedules import ScheduleRow
from custrecovery._schedules import ScheduleTable
from custrecovery._schedules import delay_repay_compensation
from custrecovery._schedules import eu261_compensation
from custrecovery._verify import check_lifecycle
from custrecovery._verify import verify_lifecycle
from custrecovery.hookspecs import hookimpl

__all__ = [
    "AbsorbDuplicate",
    "AcceptHandoff",
    "AcceptResolution",
    "Acknowledge",
    "Actor",
    "Apology",
    "ApprovalRefused",
    "Archive",
    "Assess",
    "Assessment",
    "AuthorityDecision",
    "AuthorityLimits",
    "AwaitCustomer",
    "BendsRules",
    "BoundaryAction",
    "BoundaryDecision",
    "BoundaryPolicy",
    "Case",
    "CategoryTable",
    "CfpbComplaint",
    "CfpbReadResult",
    "CfpbReplaySummary",
    "Channel",
    "Close",
    "ClosingRefused",
    "ColdTransfer",
    "Compensation",
    "CompensationFacts",
    "CompensationStrategy",
    "ComplainsRegardless",
    "Complaint",
    "ComplaintLifecycle",
    "ConfirmReferral",
    "ConflictError",
    "ContactRecord",
    "CurrencyMismatch",
    "CustRecoveryError",
    "Customer",
    "CustomerHistory",
    "CustomerNotice",
    "CustomerReplied",
    "DEFAULT_NOTICE_TEMPLATE",
    "DataError",
    "DeclineHandoff",
    "DeclineReferral",
    "Defaults",
    "Desk",
    "Disclaim",
    "Dismiss",
    "EscalationRequired",
    "Event",
    "ExpireHandoff",
    "Explanation",
    "FORMAT_VERSION",
    "FailureKind",
    "FollowUpAction",
    "GB_RAIL_DELAY_REPAY",
    "GiveRecourse",
    "GoodwillDecision",
    "GoodwillRules",
    "HandoffOffer",
    "InvalidLifecycle",
    "InvalidValue",
    "Investigate",
    "LifecycleRules",
    "MAX_REVIEW_MONTHS",
    "MINOR_UNITS",
    "MatchedRemedy",
    "MergeInto",
    "MinimumReferralDegree",
    "Money",
    "NeverSatisfied",
    "NotMyResponsibility",
    "NoticeFactory",
    "NoticeTemplate",
    "OPERATION_TYPES",
    "OfferGoodwill",
    "OfferHandoff",
    "OfferReferral",
    "Operation",
    "OperationRefused",
    "PluginError",
    "PluginWarning",
    "PolicyFailure",
    "Proposal",
    "ProposeResolution",
    "Record",
    "RecordBoundaryDecision",
    "RecordFollowUp",
    "Recourse",
    "Refer",
    "Referral",
    "ReferralDegree",
    "ReferralNotice",
    "ReferralRefused",
    "RejectResolution",
    "Remedy",
    "Reopen",
    "ReopenAfterClose",
    "ReopenRefused",
    "RestrictionNotice",
    "RowProblem",
    "STATES",
    "ScheduleRow",
    "ScheduleTable",
    "Severity",
    "ShareOfLoss",
    "StateSpec",
    "TRANSITIONS",
    "TimeLost",
    "TransitionSpec",
    "Unassign",
    "WithdrawHandoff",
    "WithdrawReferral",
    "build_lifecycle",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "cfpb_sample",
    "check_lifecycle",
    "combine",
    "combine_assessments",
    "compensate",
    "decide",
    "default_policies",
    "delay_repay_compensation",
    "eu261_compensation",
    "format_history",
    "from_dict",
    "from_json",
    "hookimpl",
    "lifecycle_mermaid",
    "lifecycle_table",
    "load_cfpb",
    "minor_units",
    "outcome_recorded",
    "read_cfpb",
    "records_outcome",
    "replay_cfpb",
    "to_dict",
    "to_json",
    "verify_lifecycle",
]
