"""Lifecycle operations: the ISO 10002 stages a case moves through, from record to archive.

Each is declared as a transition in :mod:`custrecovery.lifecycle`; a refused one
leaves no trace.
"""

from __future__ import annotations

from typing import ClassVar
from typing import final

import attrs

from custrecovery.complaints import Complaint
from custrecovery.operations._base import Operation
from custrecovery.operations._base import Severity
from custrecovery.operations._base import _is_actor
from custrecovery.parties import Actor
from custrecovery.parties import _non_empty

__all__ = [
    "AbsorbDuplicate",
    "AcceptResolution",
    "Acknowledge",
    "Archive",
    "Assess",
    "AwaitCustomer",
    "Close",
    "CustomerReplied",
    "GiveRecourse",
    "Investigate",
    "MergeInto",
    "ProposeResolution",
    "Record",
    "RecordFollowUp",
    "RejectResolution",
    "Reopen",
    "ReopenAfterClose",
]


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
    request: str = attrs.field(validator=_non_empty)


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
    resolution: str = attrs.field(validator=_non_empty)


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
    internal: str = attrs.field(validator=_non_empty)
    external: str = attrs.field(validator=_non_empty)


@final
@attrs.frozen(kw_only=True)
class RecordFollowUp(Operation):
    """A concrete follow-up after recourse or referral (a personal letter, a call)."""

    kind: ClassVar[str] = "record_follow_up"
    action: str = attrs.field(validator=_non_empty)


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
    survivor_id: str = attrs.field(validator=_non_empty)


@final
@attrs.frozen(kw_only=True)
class AbsorbDuplicate(Operation):
    """The survivor of a merge records the duplicate it absorbed and whose it was."""

    kind: ClassVar[str] = "absorb_duplicate"
    family: ClassVar[str] = "annotation"
    duplicate_id: str = attrs.field(validator=_non_empty)
    duplicate_owner: Actor = attrs.field(validator=_is_actor)
    duplicate_events: int
