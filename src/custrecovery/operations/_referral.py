"""Referral operations: sending the customer to another firm that confirmed it can help.

A referral needs the receiving firm's confirmation and a notice to the customer
(why, and how to reach the firm); the referring owner stays accountable until
the follow-up is recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.operations._base import Operation
from custrecovery.operations._base import ReferralDegree
from custrecovery.operations._base import ReferralNotice
from custrecovery.parties import _non_empty

__all__ = [
    "ConfirmReferral",
    "DeclineReferral",
    "OfferReferral",
    "Refer",
    "WithdrawReferral",
]


@final
@attrs.frozen(kw_only=True)
class OfferReferral(Operation):
    """Ask another firm (even a competitor) whether it can help this customer."""

    kind: ClassVar[str] = "offer_referral"
    firm: str = attrs.field(validator=_non_empty)


@final
@attrs.frozen(kw_only=True)
class ConfirmReferral(Operation):
    """The other firm confirmed: who confirmed and what they can do."""

    kind: ClassVar[str] = "confirm_referral"
    confirmed_by: str = attrs.field(validator=_non_empty)
    can_do: str = attrs.field(validator=_non_empty)


@final
@attrs.frozen(kw_only=True)
class DeclineReferral(Operation):
    """The other firm cannot help; the case goes back to the investigation."""

    kind: ClassVar[str] = "decline_referral"


@final
@attrs.frozen(kw_only=True)
class WithdrawReferral(Operation):
    """The owner withdraws the referral; the case goes back to the investigation."""

    kind: ClassVar[str] = "withdraw_referral"


@final
@attrs.frozen(kw_only=True)
class Refer(Operation):
    """Refer the customer to the confirmed firm; the owner stays accountable until follow-up."""

    kind: ClassVar[str] = "refer"
    degree: ReferralDegree
    notice: ReferralNotice | None
    follow_up_due: datetime = attrs.field(validator=require_aware)
