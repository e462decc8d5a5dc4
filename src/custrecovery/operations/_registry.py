"""Every operation kind, by the name stored in a case's history."""

from __future__ import annotations

from custrecovery.operations._accountability import AssignWork
from custrecovery.operations._accountability import ClearWork
from custrecovery.operations._accountability import OfferOnBehalf
from custrecovery.operations._accountability import SplitFrom
from custrecovery.operations._accountability import SplitInto
from custrecovery.operations._accountability import TakeOver
from custrecovery.operations._annotations import OfferGoodwill
from custrecovery.operations._annotations import RecordBoundaryDecision
from custrecovery.operations._base import Operation
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
    "OPERATION_TYPES",
]


OPERATION_TYPES: dict[str, type[Operation]] = {
    cls.kind: cls
    for cls in (
        Record,
        Acknowledge,
        Assess,
        Investigate,
        AwaitCustomer,
        CustomerReplied,
        ProposeResolution,
        AcceptResolution,
        RejectResolution,
        GiveRecourse,
        RecordFollowUp,
        Close,
        Reopen,
        ReopenAfterClose,
        Archive,
        MergeInto,
        OfferReferral,
        ConfirmReferral,
        DeclineReferral,
        WithdrawReferral,
        Refer,
        OfferHandoff,
        AcceptHandoff,
        DeclineHandoff,
        WithdrawHandoff,
        ExpireHandoff,
        AssignWork,
        ClearWork,
        OfferOnBehalf,
        TakeOver,
        RecordBoundaryDecision,
        OfferGoodwill,
        AbsorbDuplicate,
        SplitInto,
        SplitFrom,
        Disclaim,
        Unassign,
        ColdTransfer,
        Dismiss,
    )
}
"""Every operation type by its ``kind``: the tagged union the history is made of."""
