"""Operations: what a caller asks to do to a case.

Every operation names who asks (``by``) and when (``at``, timezone-aware, given
by the caller). An accepted operation becomes an event in the case's history;
a refused one leaves no trace. The ``kind`` of an operation is the event name
the lifecycle declaration uses.

Three families:

* lifecycle operations move the case through the ISO 10002 stages and are
  declared in :mod:`custrecovery.lifecycle`;
* ownership operations (the warm handoff) change who is accountable, in any
  open stage, under the desk's ownership rules; the accountability operations
  (assign or clear the work, a supervisor's offer on an absent owner's behalf,
  a supervisor's take-over from an owner who left) are ownership operations too;
* refused operations ("not my responsibility": disclaim, unassign, a cold
  transfer, dismiss) exist so that a CRM button that tries them gets a typed
  refusal with the reason and the alternative; they are never accepted.
"""

from custrecovery.operations._accountability import AssignWork
from custrecovery.operations._accountability import ClearWork
from custrecovery.operations._accountability import OfferOnBehalf
from custrecovery.operations._accountability import SplitFrom
from custrecovery.operations._accountability import SplitInto
from custrecovery.operations._accountability import TakeOver
from custrecovery.operations._annotations import OfferGoodwill
from custrecovery.operations._annotations import RecordBoundaryDecision
from custrecovery.operations._base import Operation
from custrecovery.operations._base import ReferralDegree
from custrecovery.operations._base import ReferralNotice
from custrecovery.operations._base import Severity
from custrecovery.operations._handoff import AcceptHandoff
from custrecovery.operations._handoff import ColdTransfer
from custrecovery.operations._handoff import DeclineHandoff
from custrecovery.operations._handoff import Disclaim
from custrecovery.operations._handoff import Dismiss
from custrecovery.operations._handoff import ExpireHandoff
from custrecovery.operations._handoff import OfferHandoff
from custrecovery.operations._handoff import Unassign
from custrecovery.operations._handoff import WithdrawHandoff
from custrecovery.operations._referral import ConfirmReferral
from custrecovery.operations._referral import DeclineReferral
from custrecovery.operations._referral import OfferReferral
from custrecovery.operations._referral import Refer
from custrecovery.operations._referral import WithdrawReferral
from custrecovery.operations._registry import OPERATION_TYPES
from custrecovery.operations._working import AbsorbDuplicate
from custrecovery.operations._working import AcceptResolution
from custrecovery.operations._working import Acknowledge
from custrecovery.operations._working import Archive
from custrecovery.operations._working import Assess
from custrecovery.operations._working import AwaitCustomer
from custrecovery.operations._working import Close
from custrecovery.operations._working import CustomerReplied
from custrecovery.operations._working import GiveRecourse
from custrecovery.operations._working import Investigate
from custrecovery.operations._working import MergeInto
from custrecovery.operations._working import ProposeResolution
from custrecovery.operations._working import Record
from custrecovery.operations._working import RecordFollowUp
from custrecovery.operations._working import RejectResolution
from custrecovery.operations._working import Reopen
from custrecovery.operations._working import ReopenAfterClose

__all__ = [
    "AbsorbDuplicate",
    "AcceptHandoff",
    "AcceptResolution",
    "Acknowledge",
    "Archive",
    "Assess",
    "AssignWork",
    "AwaitCustomer",
    "ClearWork",
    "Close",
    "ColdTransfer",
    "ConfirmReferral",
    "CustomerReplied",
    "DeclineHandoff",
    "DeclineReferral",
    "Disclaim",
    "Dismiss",
    "ExpireHandoff",
    "GiveRecourse",
    "Investigate",
    "MergeInto",
    "OPERATION_TYPES",
    "OfferGoodwill",
    "OfferHandoff",
    "OfferOnBehalf",
    "OfferReferral",
    "Operation",
    "ProposeResolution",
    "Record",
    "RecordBoundaryDecision",
    "RecordFollowUp",
    "Refer",
    "ReferralDegree",
    "ReferralNotice",
    "RejectResolution",
    "Reopen",
    "ReopenAfterClose",
    "Severity",
    "SplitFrom",
    "SplitInto",
    "TakeOver",
    "Unassign",
    "WithdrawHandoff",
    "WithdrawReferral",
]
