"""The case: a complaint, its stage, its accountable owner and its history.

A case is an immutable value. Operations never change a case in place: an
accepted operation returns a new case one version on, with one more event in
its history; a refused one raises and the caller still holds the old case,
exactly as it was.

Invariants (checked when a case is built, so no code path can break them):

* ``owner`` is always an :class:`~custrecovery.Actor`: there is no ownerless case;
* ``version == len(history)``, and event ``i`` (1-based) has version ``i``;
* the last event's state and owner are the case's state and owner.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from typing import final

import attrs

from custrecovery._complaint import Complaint
from custrecovery._errors import InvalidValue
from custrecovery._operations import Operation
from custrecovery._operations import ReferralDegree
from custrecovery._operations import ReferralNotice
from custrecovery._parties import Actor
from custrecovery._time import require_aware

__all__ = ["Case", "CaseDetails", "CustomerNotice", "Event", "HandoffOffer", "Recourse", "Referral"]


@final
@attrs.frozen
class HandoffOffer:
    """An open offer of the case to a colleague, not yet answered."""

    to: Actor
    by: Actor
    at: datetime = attrs.field(validator=require_aware)
    reason: str
    expires_at: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(require_aware)
    )


@final
@attrs.frozen
class CustomerNotice:
    """Something the customer was told: who told them, when, and what."""

    by: Actor
    at: datetime = attrs.field(validator=require_aware)
    what: str


@final
@attrs.frozen
class Recourse:
    """Recourse information given after the customer rejected the decision."""

    internal: str
    external: str


@final
@attrs.frozen
class Referral:
    """A referral to another firm, as far as it has gone."""

    firm: str
    offered_by: Actor
    offered_at: datetime = attrs.field(validator=require_aware)
    confirmed_by: str | None = None
    can_do: str | None = None
    degree: ReferralDegree | None = None
    notice: ReferralNotice | None = None
    referred_at: datetime | None = None
    follow_up_due: datetime | None = None

    @property
    def confirmed(self) -> bool:
        """Whether the receiving firm confirmed it can help."""
        return self.confirmed_by is not None


@final
@attrs.frozen
class Event:
    """One accepted operation: what, who, when, why, and the case after it."""

    case_id: str
    version: int
    """The case's version after this event (the first event is version 1)."""
    operation: Operation
    state: str
    """The case's state after this event."""
    owner: Actor
    """The case's accountable owner after this event."""

    @property
    def event_id(self) -> str:
        """Unique within a firm: the case id and the version."""
        return f"{self.case_id}#{self.version}"

    @property
    def kind(self) -> str:
        """What happened (the operation's kind)."""
        return self.operation.kind

    @property
    def by(self) -> Actor:
        """Who did it."""
        return self.operation.by

    @property
    def at(self) -> datetime:
        """When it happened."""
        return self.operation.at

    @property
    def why(self) -> str:
        """The reason given, if any."""
        return self.operation.why


def _check_history(case: Case, attribute: Any, history: tuple[Event, ...]) -> None:
    if case.version != len(history):
        raise InvalidValue(f"case version {case.version} but {len(history)} events in history")
    if not history:
        raise InvalidValue("a case has at least its 'record' event")
    last = history[-1]
    # Identity first: on the hot path the event and the case share these objects.
    if last.state != case.state or (last.owner is not case.owner and last.owner != case.owner):
        raise InvalidValue(
            f"case state/owner {case.state!r}/{case.owner.actor_id!r} differ from the last "
            f"event's {last.state!r}/{last.owner.actor_id!r}"
        )


def _is_actor(instance: Any, attribute: Any, value: Any) -> None:
    # The ownership invariant at the type level: no None, no placeholder.
    if not isinstance(value, Actor):
        raise InvalidValue(f"a case must always have an owner (an Actor), got {value!r}")


@final
@attrs.frozen(kw_only=True)
class CaseDetails:
    """What a case has gathered besides its stage and owner (changes rarely)."""

    pending_handoff: HandoffOffer | None = None
    referral: Referral | None = None
    resolution: str | None = None
    """The resolution last proposed to the customer."""
    customer_accepted: bool = False
    recourse: Recourse | None = None
    follow_up: str | None = None
    notices: tuple[CustomerNotice, ...] = ()
    """Everything the customer was told about who handles their complaint."""
    merged_into: str | None = None
    """For a merged-away duplicate: the case that carries on."""
    merged_from: tuple[str, ...] = ()
    """For a survivor: the duplicates merged into it."""


_NO_DETAILS = CaseDetails()


@final
@attrs.frozen(kw_only=True)
class Case:
    """A complaint being handled. Immutable: operations return a new case."""

    case_id: str
    complaint: Complaint
    state: str
    owner: Actor = attrs.field(validator=_is_actor)
    version: int
    # The fields that change rarely live together, so the hot path (one
    # operation, one new case) builds a small object.
    details: CaseDetails = _NO_DETAILS
    history: tuple[Event, ...] = attrs.field(validator=_check_history)

    @property
    def pending_handoff(self) -> HandoffOffer | None:
        """An open offer of the case to a colleague, if any."""
        return self.details.pending_handoff

    @property
    def referral(self) -> Referral | None:
        """The referral to another firm, as far as it has gone."""
        return self.details.referral

    @property
    def resolution(self) -> str | None:
        """The resolution last proposed to the customer."""
        return self.details.resolution

    @property
    def customer_accepted(self) -> bool:
        """Whether the customer accepted the resolution."""
        return self.details.customer_accepted

    @property
    def recourse(self) -> Recourse | None:
        """Recourse information given after a rejected decision."""
        return self.details.recourse

    @property
    def follow_up(self) -> str | None:
        """The follow-up recorded after recourse or referral."""
        return self.details.follow_up

    @property
    def notices(self) -> tuple[CustomerNotice, ...]:
        """Everything the customer was told about who handles their complaint."""
        return self.details.notices

    @property
    def merged_into(self) -> str | None:
        """For a merged-away duplicate: the case that carries on."""
        return self.details.merged_into

    @property
    def merged_from(self) -> tuple[str, ...]:
        """For a survivor: the duplicates merged into it."""
        return self.details.merged_from

    @property
    def last_event_at(self) -> datetime:
        """When the last accepted operation happened."""
        return self.history[-1].at

    @property
    def closed_at(self) -> datetime | None:
        """When the case was last closed, if it is closed now."""
        last = self.history[-1]
        return last.at if last.kind == "close" else None
