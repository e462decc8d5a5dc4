"""Operations: what a caller asks to do to a case.

Every operation names who asks (``by``) and when (``at``, timezone-aware, given
by the caller). An accepted operation becomes an event in the case's history;
a refused one leaves no trace. The ``kind`` of an operation is the event name
the lifecycle declaration uses.

Three families:

* lifecycle operations move the case through the ISO 10002 stages and are
  declared in :mod:`custrecovery._lifecycle`;
* ownership operations (the warm handoff) change who is accountable, in any
  open stage, under the rules of :mod:`custrecovery._ownership`;
* refused operations ("not my responsibility": disclaim, unassign, a cold
  transfer, dismiss) exist so that a CRM button that tries them gets a typed
  refusal with the reason and the alternative; they are never accepted.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any
from typing import ClassVar
from typing import final

import attrs

from custrecovery._boundary_decisions import BoundaryDecision
from custrecovery._complaint import Complaint
from custrecovery._errors import InvalidValue
from custrecovery._goodwill import GoodwillDecision
from custrecovery._parties import Actor
from custrecovery._parties import non_empty
from custrecovery._time import require_aware

__all__ = [
    "ReopenAfterClose",
    "MergeInto",
    "Archive",
    "AbsorbDuplicate",
    "OPERATION_TYPES",
    "AcceptHandoff",
    "AcceptResolution",
    "Acknowledge",
    "Assess",
    "AwaitCustomer",
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
    "OfferGoodwill",
    "OfferHandoff",
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
    "Severity",
    "Unassign",
    "WithdrawHandoff",
    "WithdrawReferral",
]


def _is_actor(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Actor):
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be an Actor, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Operation:
    """Base of every operation: who asks, when, and an optional note (the why)."""

    kind: ClassVar[str] = ""
    family: ClassVar[str] = "lifecycle"
    establishes_owner: ClassVar[bool] = False
    """Whether accepting this operation makes ``by`` (or another named actor) the owner."""

    by: Actor = attrs.field(validator=_is_actor)
    at: datetime = attrs.field(validator=require_aware)
    note: str = ""

    @property
    def why(self) -> str:
        """The reason given for the operation, if any."""
        return self.note

    def details(self) -> str:
        """This operation's own fields (beyond who, when and why), for people to read."""
        parts = []
        for field in attrs.fields(type(self)):
            if field.name in _BASE_FIELDS:
                continue
            value = getattr(self, field.name)
            if isinstance(value, enum.Enum):
                value = value.name
            elif isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, Actor):
                value = value.actor_id
            elif isinstance(value, ReferralNotice):
                value = f"why: {value.why}; how to reach: {value.how_to_reach}"
            parts.append(f"{field.name}={value}")
        return ", ".join(parts)


_BASE_FIELDS = frozenset({"by", "at", "note", "complaint", "decision"})


# --- lifecycle operations -------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Record(Operation):
    """Record a complaint: whoever records it owns it until someone else accepts it."""

    kind: ClassVar[str] = "record"
    establishes_owner: ClassVar[bool] = True
    complaint: Complaint


@final
@attrs.frozen(kw_only=True)
class Acknowledge(Operation):
    """Tell the customer the complaint was received and who owns it."""

    kind: ClassVar[str] = "acknowledge"


@final
class Severity(enum.Enum):
    """ISO 10002 initial assessment: how serious the complaint is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@final
@attrs.frozen(kw_only=True)
class Assess(Operation):
    """Initial assessment: severity, safety, complexity and impact."""

    kind: ClassVar[str] = "assess"
    severity: Severity = Severity.MEDIUM


@final
@attrs.frozen(kw_only=True)
class Investigate(Operation):
    """Start (or resume) the investigation."""

    kind: ClassVar[str] = "investigate"


@final
@attrs.frozen(kw_only=True)
class AwaitCustomer(Operation):
    """Ask the customer for something and wait (an SLA clock would pause here)."""

    kind: ClassVar[str] = "await_customer"
    request: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class CustomerReplied(Operation):
    """The customer answered what was asked; the investigation resumes."""

    kind: ClassVar[str] = "customer_replied"


@final
@attrs.frozen(kw_only=True)
class ProposeResolution(Operation):
    """Propose a resolution (the firm's decision) to the customer."""

    kind: ClassVar[str] = "propose_resolution"
    resolution: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class AcceptResolution(Operation):
    """The customer accepted the proposed resolution (recorded by ``by``)."""

    kind: ClassVar[str] = "accept_resolution"


@final
@attrs.frozen(kw_only=True)
class RejectResolution(Operation):
    """The customer rejected the decision; the complaint stays open (ISO 10002)."""

    kind: ClassVar[str] = "reject_resolution"


@final
@attrs.frozen(kw_only=True)
class GiveRecourse(Operation):
    """Tell the customer of internal and external recourse (an ombudsman, a regulator)."""

    kind: ClassVar[str] = "give_recourse"
    internal: str = attrs.field(validator=non_empty)
    external: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class RecordFollowUp(Operation):
    """A concrete follow-up after recourse or referral (a personal letter, a call)."""

    kind: ClassVar[str] = "record_follow_up"
    action: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class Close(Operation):
    """Close the case: only on acceptance, or after recourse or referral and a follow-up."""

    kind: ClassVar[str] = "close"


@final
@attrs.frozen(kw_only=True)
class Reopen(Operation):
    """The problem came back before the case was closed."""

    kind: ClassVar[str] = "reopen"


@final
@attrs.frozen(kw_only=True)
class ReopenAfterClose(Operation):
    """The customer replied to a closed case within the reopen window.

    Whoever receives the reply (``by``) owns the reopened case: the moment you
    learn of the problem, it is yours.
    """

    kind: ClassVar[str] = "reopen_after_close"
    establishes_owner: ClassVar[bool] = True


@final
@attrs.frozen(kw_only=True)
class Archive(Operation):
    """Archive a closed case: it can no longer be reopened (replies open a new case)."""

    kind: ClassVar[str] = "archive"


@final
@attrs.frozen(kw_only=True)
class MergeInto(Operation):
    """This case duplicates ``survivor_id``; it ends here and points to the survivor."""

    kind: ClassVar[str] = "merge_into"
    survivor_id: str = attrs.field(validator=non_empty)


@final
class ReferralDegree(enum.IntEnum):
    """How far the firm went to connect the customer with another firm (seed article 000).

    Worst to best. Ending the call with "it is out of scope" is not a degree: it
    is a refusal (:class:`Dismiss`).
    """

    NAMES_GIVEN = 1
    """Gave names and numbers of firms that can help."""
    CONFIRMED_RECEIVER = 2
    """Called a firm and it confirmed it can help."""
    CONNECTED_LIVE = 3
    """Connected the customer to that firm live (a conference call, a walk across)."""


@final
@attrs.frozen(kw_only=True)
class OfferReferral(Operation):
    """Ask another firm (even a competitor) whether it can help this customer."""

    kind: ClassVar[str] = "offer_referral"
    firm: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class ConfirmReferral(Operation):
    """The other firm confirmed: who confirmed and what they can do."""

    kind: ClassVar[str] = "confirm_referral"
    confirmed_by: str = attrs.field(validator=non_empty)
    can_do: str = attrs.field(validator=non_empty)


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
@attrs.frozen
class ReferralNotice:
    """What the customer was told about a referral: why, and how to reach the firm."""

    why: str = attrs.field(validator=non_empty)
    how_to_reach: str = attrs.field(validator=non_empty)


@final
@attrs.frozen(kw_only=True)
class Refer(Operation):
    """Refer the customer to the confirmed firm; the owner stays accountable until follow-up."""

    kind: ClassVar[str] = "refer"
    degree: ReferralDegree
    notice: ReferralNotice | None
    follow_up_due: datetime = attrs.field(validator=require_aware)


# --- ownership operations (the warm handoff) --------------------------------------


@final
@attrs.frozen(kw_only=True)
class OfferHandoff(Operation):
    """Offer the case to a colleague; the owner stays accountable until they accept."""

    kind: ClassVar[str] = "offer_handoff"
    family: ClassVar[str] = "ownership"
    to: Actor = attrs.field(validator=_is_actor)
    reason: str = attrs.field(validator=non_empty)
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


# --- annotations: decisions recorded in the history, no change of stage or owner ---


@final
@attrs.frozen(kw_only=True)
class RecordBoundaryDecision(Operation):
    """Record a boundary decision about the customer, with its explanations."""

    kind: ClassVar[str] = "record_boundary_decision"
    family: ClassVar[str] = "annotation"
    decision: BoundaryDecision

    def details(self) -> str:
        decision = self.decision
        parts = [f"action={decision.action.name}"]
        if decision.notice is not None:
            parts.append(f"review_on={decision.notice.review_on.date().isoformat()}")
        if decision.escalate_to_human:
            parts.append(f"escalated: {decision.escalation_reason}")
        parts += [f"[{e.source}] {e.rule}" for e in decision.explanations]
        return "; ".join(parts)


@final
@attrs.frozen(kw_only=True)
class OfferGoodwill(Operation):
    """Offer the goodwill a granted decision allows (within authority, or approved)."""

    kind: ClassVar[str] = "offer_goodwill"
    family: ClassVar[str] = "annotation"
    decision: GoodwillDecision

    def details(self) -> str:
        decision = self.decision
        remedies = ", ".join(p.remedy.name for p in decision.compensation.proposals)
        parts = [f"total={decision.compensation.total}", f"remedies={remedies or 'none'}"]
        if decision.approved_by is not None:
            parts.append(f"approved_by={decision.approved_by.actor_id}")
        parts += [f"[{e.source}] {e.rule}" for e in decision.explanations]
        return "; ".join(parts)


@final
@attrs.frozen(kw_only=True)
class AbsorbDuplicate(Operation):
    """The survivor of a merge records the duplicate it absorbed and whose it was."""

    kind: ClassVar[str] = "absorb_duplicate"
    family: ClassVar[str] = "annotation"
    duplicate_id: str = attrs.field(validator=non_empty)
    duplicate_owner: Actor = attrs.field(validator=_is_actor)
    duplicate_events: int


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
        RecordBoundaryDecision,
        OfferGoodwill,
        AbsorbDuplicate,
        Disclaim,
        Unassign,
        ColdTransfer,
        Dismiss,
    )
}
"""Every operation type by its ``kind``: the tagged union the history is made of."""
