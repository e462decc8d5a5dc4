"""custrecovery: customer-recovery policy as verifiable code."""

from custrecovery._case import Case
from custrecovery._case import CustomerNotice
from custrecovery._case import Event
from custrecovery._case import HandoffOffer
from custrecovery._case import Recourse
from custrecovery._case import Referral
from custrecovery._channel import Channel
from custrecovery._complaint import Complaint
from custrecovery._desk import Desk
from custrecovery._diagram import lifecycle_mermaid
from custrecovery._diagram import lifecycle_table
from custrecovery._errors import ClosingRefused
from custrecovery._errors import ConflictError
from custrecovery._errors import CurrencyMismatch
from custrecovery._errors import CustRecoveryError
from custrecovery._errors import DataError
from custrecovery._errors import InvalidLifecycle
from custrecovery._errors import InvalidValue
from custrecovery._errors import NotMyResponsibility
from custrecovery._errors import OperationRefused
from custrecovery._errors import PluginError
from custrecovery._errors import ReferralRefused
from custrecovery._lifecycle import STATES
from custrecovery._lifecycle import TRANSITIONS
from custrecovery._lifecycle import ComplaintLifecycle
from custrecovery._lifecycle import LifecycleRules
from custrecovery._lifecycle import StateSpec
from custrecovery._lifecycle import TransitionSpec
from custrecovery._lifecycle import build_lifecycle
from custrecovery._lifecycle import outcome_recorded
from custrecovery._money import Money
from custrecovery._operations import OPERATION_TYPES
from custrecovery._operations import AcceptHandoff
from custrecovery._operations import AcceptResolution
from custrecovery._operations import Acknowledge
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
from custrecovery._operations import OfferHandoff
from custrecovery._operations import OfferReferral
from custrecovery._operations import Operation
from custrecovery._operations import ProposeResolution
from custrecovery._operations import Record
from custrecovery._operations import RecordFollowUp
from custrecovery._operations import Refer
from custrecovery._operations import ReferralDegree
from custrecovery._operations import ReferralNotice
from custrecovery._operations import RejectResolution
from custrecovery._operations import Reopen
from custrecovery._operations import Severity
from custrecovery._operations import Unassign
from custrecovery._operations import WithdrawHandoff
from custrecovery._operations import WithdrawReferral
from custrecovery._parties import Actor
from custrecovery._parties import Customer
from custrecovery._verify import check_lifecycle
from custrecovery._verify import verify_lifecycle

__all__ = [
    "AcceptHandoff",
    "AcceptResolution",
    "Acknowledge",
    "Actor",
    "Assess",
    "AwaitCustomer",
    "Case",
    "Channel",
    "Close",
    "ClosingRefused",
    "ColdTransfer",
    "Complaint",
    "ComplaintLifecycle",
    "ConfirmReferral",
    "ConflictError",
    "CurrencyMismatch",
    "CustRecoveryError",
    "Customer",
    "CustomerNotice",
    "CustomerReplied",
    "DataError",
    "DeclineHandoff",
    "DeclineReferral",
    "Desk",
    "Disclaim",
    "Dismiss",
    "Event",
    "ExpireHandoff",
    "GiveRecourse",
    "HandoffOffer",
    "InvalidLifecycle",
    "InvalidValue",
    "Investigate",
    "LifecycleRules",
    "Money",
    "NotMyResponsibility",
    "OPERATION_TYPES",
    "OfferHandoff",
    "OfferReferral",
    "Operation",
    "OperationRefused",
    "PluginError",
    "ProposeResolution",
    "Record",
    "RecordFollowUp",
    "Recourse",
    "Refer",
    "Referral",
    "ReferralDegree",
    "ReferralNotice",
    "ReferralRefused",
    "RejectResolution",
    "Reopen",
    "STATES",
    "Severity",
    "StateSpec",
    "TRANSITIONS",
    "TransitionSpec",
    "Unassign",
    "WithdrawHandoff",
    "WithdrawReferral",
    "build_lifecycle",
    "check_lifecycle",
    "lifecycle_mermaid",
    "lifecycle_table",
    "outcome_recorded",
    "verify_lifecycle",
]
