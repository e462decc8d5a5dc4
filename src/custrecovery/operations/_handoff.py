"""Ownership operations: the warm handoff, and the "not my responsibility" refusals.

The warm handoff (offer, accept, decline, withdraw, expire) is the only way the
owner changes. Disclaim, unassign, a cold transfer and dismiss exist so that a
CRM button that tries them gets a typed refusal with the reason and the
alternative: they are never accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.operations._base import Operation
from custrecovery.operations._base import _is_actor
from custrecovery.parties import Actor
from custrecovery.parties import _non_empty

__all__ = [
    "AcceptHandoff",
    "ColdTransfer",
    "DeclineHandoff",
    "Disclaim",
    "Dismiss",
    "ExpireHandoff",
    "OfferHandoff",
    "Unassign",
    "WithdrawHandoff",
]


# --- ownership operations (the warm handoff) --------------------------------------


@final
@attrs.frozen(kw_only=True)
class OfferHandoff(Operation):
    """Offer the case to a colleague; the owner stays accountable until they accept."""

    kind: ClassVar[str] = "offer_handoff"
    family: ClassVar[str] = "ownership"
    to: Actor = attrs.field(validator=_is_actor)
    reason: str = attrs.field(validator=_non_empty)
    expires_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(require_aware)
    )
    copy_customer: bool = True
    """Whether the customer is told of the handoff (capture-and-route copies them)."""

    @property
    def why(self) -> str:
        return self.reason


@final
@attrs.frozen(kw_only=True)
class AcceptHandoff(Operation):
    """The offered colleague (``by``) accepts and becomes the owner."""

    kind: ClassVar[str] = "accept_handoff"
    family: ClassVar[str] = "ownership"
    establishes_owner: ClassVar[bool] = True


@final
@attrs.frozen(kw_only=True)
class DeclineHandoff(Operation):
    """The offered colleague declines; ownership stays where it was."""

    kind: ClassVar[str] = "decline_handoff"
    family: ClassVar[str] = "ownership"


@final
@attrs.frozen(kw_only=True)
class WithdrawHandoff(Operation):
    """The owner withdraws an open offer; ownership stays where it was."""

    kind: ClassVar[str] = "withdraw_handoff"
    family: ClassVar[str] = "ownership"


@final
@attrs.frozen(kw_only=True)
class ExpireHandoff(Operation):
    """An offer passed its expiry unanswered; ownership stays where it was."""

    kind: ClassVar[str] = "expire_handoff"
    family: ClassVar[str] = "ownership"


# --- refused operations ("that's not my responsibility") --------------------------


@final
@attrs.frozen(kw_only=True)
class Disclaim(Operation):
    """\"That's not my responsibility\": always refused."""

    kind: ClassVar[str] = "disclaim"
    family: ClassVar[str] = "refused"


@final
@attrs.frozen(kw_only=True)
class Unassign(Operation):
    """Remove the owner and leave the case in a queue: always refused."""

    kind: ClassVar[str] = "unassign"
    family: ClassVar[str] = "refused"


@final
@attrs.frozen(kw_only=True)
class ColdTransfer(Operation):
    """Make someone else the owner without their acceptance: always refused."""

    kind: ClassVar[str] = "cold_transfer"
    family: ClassVar[str] = "refused"
    to: Actor = attrs.field(validator=_is_actor)


@final
@attrs.frozen(kw_only=True)
class Dismiss(Operation):
    """\"Not our department\", end of conversation: always refused."""

    kind: ClassVar[str] = "dismiss"
    family: ClassVar[str] = "refused"
