"""TODO cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from typing import final

import attrs

from custrecovery._time import require_aware
from custrecovery.complaints import Complaint
from custrecovery.errors import InvalidValue
from custrecovery.operations import Operation
from custrecovery.operations import ReferralDegree
from custrecovery.operations import ReferralNotice
from custrecovery.parties import Actor

__all__ = [
    "Case",
    "CaseDetails",
    "CustomerNotice",
    "Event",
    "HandoffOffer",
    "Recourse",
    "Referral",
    "format_history",
]


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


def _check_owner(value: object) -> None:
    """Raise unless ``value`` can own a case: the ownership invariant at the type level
    (an :class:`~custrecovery.Actor`; no None, no placeholder)."""
    if not isinstance(value, Actor):
        raise InvalidValue(f"a case must always have an owner (an Actor), got {value!r}")


def _is_actor(instance: Any, attribute: Any, value: Any) -> None:
    _check_owner(value)


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
    owner: Actor = attrs.field(validator=_is_actor)
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
    if not history:
        raise InvalidValue("a case has at least its 'record' event")
    last = history[-1]
    if last.version != len(history):
        raise InvalidValue(f"the last event has version {last.version}, but {len(history)} events")
    if last.case_id != case.complaint.complaint_id:
        raise InvalidValue(
            f"the last event belongs to case {last.case_id!r}, not {case.complaint.complaint_id!r}"
        )


@final
@attrs.frozen(kw_only=True)
class CaseDetails:
    """What a case has gathered besides its stage, owner and resolution (changes rarely)."""

    pending_handoff: HandoffOffer | None = None
    referral: Referral | None = None
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
@attrs.frozen(kw_only=True, repr=False)
class Case:
    """A complaint being handled. Immutable: operations return a new case.

    Its stage, owner and version are those of its last event, so they can never
    disagree with its history.
    """

    complaint: Complaint
    history: tuple[Event, ...] = attrs.field(validator=_check_history)
    # The two fields the common path changes (propose, accept) sit on the case;
    # those that change rarely live together in ``details``, so one operation
    # builds one small case and one event, and rebuilds ``details`` only when
    # it touches them.
    resolution: str | None = None
    """The resolution last proposed to the customer."""
    customer_accepted: bool = False
    """Whether the customer accepted it."""
    details: CaseDetails = _NO_DETAILS

    @property
    def case_id(self) -> str:
        """The case's id: its complaint's."""
        return self.complaint.complaint_id

    @property
    def state(self) -> str:
        """The lifecycle state the case is in (its last event's)."""
        return self.history[-1].state

    @property
    def owner(self) -> Actor:
        """The accountable owner (its last event's): never missing."""
        return self.history[-1].owner

    @property
    def version(self) -> int:
        """How many operations were accepted: the number of events."""
        return len(self.history)

    def __repr__(self) -> str:
        return (
            f"Case(case_id={self.case_id!r}, state={self.state!r}, "
            f"owner={self.owner.actor_id!r}, version={self.version})"
        )

    @property
    def pending_handoff(self) -> HandoffOffer | None:
        """An open offer of the case to a colleague, if any."""
        return self.details.pending_handoff

    @property
    def referral(self) -> Referral | None:
        """The referral to another firm, as far as it has gone."""
        return self.details.referral

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


# --- the desk's trusted constructors ----------------------------------------------
#
# Why: an accepted operation builds one event and one case, and attrs' generated
# ``__init__`` re-runs every validator through a bound ``object.__setattr__`` per
# field: about a third of the operation's cost. The desk builds these two from
# values that already passed the same checks (the owner is the last event's or
# the operation's ``by``, both validated Actors; the event's version is
# ``len(history) + 1`` and its case id the last event's), so it fills the slots
# directly (apply_effect checks an owner that changes). Anything else, a stored
# history above all, goes through the validating constructors. The conformance
# kit (custrecovery.testing, run by tests/test_stateful.py) checks after every
# step that the case and each event pass ``attrs.validate``.

_new = object.__new__


_EVENT_SLOTS = ("case_id", "version", "operation", "state", "owner")


_CASE_SLOTS = ("complaint", "history", "resolution", "customer_accepted", "details")
# _next_case must fill every slot: fail at import, not with a half-built case, if a
# field is added to either class and not here.
if set(attrs.fields_dict(Event)) != set(_EVENT_SLOTS) or set(attrs.fields_dict(Case)) != set(
    _CASE_SLOTS
):
    raise RuntimeError("custrecovery.cases.next_case no longer fills every field of Event/Case")


_set_event = tuple(Event.__dict__[name].__set__ for name in _EVENT_SLOTS)


_set_case = tuple(Case.__dict__[name].__set__ for name in _CASE_SLOTS)


def _next_case(
    case: Case,
    operation: Operation,
    state: str,
    owner: Actor,
    resolution: str | None,
    customer_accepted: bool,
    details: CaseDetails,
) -> Case:
    """``case`` one event on: ``operation`` moved it to ``state`` under ``owner``.

    Only for values the desk has checked (see above); builds without validators.
    """
    history = case.history
    last = history[-1]
    event = _new(Event)
    s_id, s_version, s_operation, s_state, s_owner = _set_event
    s_id(event, last.case_id)
    s_version(event, len(history) + 1)
    s_operation(event, operation)
    s_state(event, state)
    s_owner(event, owner)
    new = _new(Case)
    s_complaint, s_history, s_resolution, s_accepted, s_details = _set_case
    s_complaint(new, case.complaint)
    s_history(new, (*history, event))
    s_resolution(new, resolution)
    s_accepted(new, customer_accepted)
    s_details(new, details)
    return new


def format_history(case: Case) -> str:
    """One line per event: version, time, operation, who, resulting state and owner.

    The reason given (if any) follows on an indented line.
    """
    lines = [
        f"case {case.case_id}: {case.complaint.summary} "
        f"[{case.complaint.channel.value}, customer {case.complaint.customer.name}]"
    ]
    for event in case.history:
        lines.append(
            f"  v{event.version:<2} {event.at:%Y-%m-%d %H:%M} {event.kind:<18} "
            f"by {event.by!s:<32} -> {event.state} (owner: {event.owner.name})"
        )
        details = event.operation.details()
        if details:
            lines.append(f"       {details}")
        if event.why:
            lines.append(f"       why: {event.why}")
    for notice in case.notices:
        lines.append(f"  told the customer {notice.at:%Y-%m-%d %H:%M}: {notice.what}")
    return "\n".join(lines)
