"""The case: a complaint, its stage, its accountable owner and its history.

A case is an immutable value. Operations never change a case in place: an
accepted operation returns a new case one version on, with one more event in
its history; a refused one raises and the caller still holds the old case,
exactly as it was.

Invariants, held by construction so no code path can break them:

* a case's state, owner and version are *read from* its history (the last
  event's state and owner, the number of events), never stored beside it, so
  they cannot disagree with it;
* every event's owner is an :class:`~custrecovery.Actor` (checked when the
  event is built): there is no ownerless case;
* the history is not empty, its last event carries version ``len(history)``
  and belongs to the case (checked when the case is built; the versions of
  earlier events are checked where histories come from outside, by
  :meth:`~custrecovery.Desk.replay`);
* the history is a :class:`History`, immutable whatever the caller passed
  (a list is copied), so nobody can change a case's past from outside.

A desk builds only on cases it produced or loaded itself (it marks them when it
builds them): a case made by hand or changed with ``attrs.evolve`` is a value a
test can compare, never one a desk will apply an operation to.

Theory of operation: a :class:`History`, like the notices, is a persistent
sequence (a chain): appending shares the whole prefix and costs O(1); ``len``,
the last event and ``[-1]`` are O(1); the first other look-up walks the chain
back once and keeps the tuple. So a desk replaying a history of n events does
O(n) work, not O(n²).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from typing import cast
from typing import final

import attrs

from custrecovery._chain import Chain
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
    "History",
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
    if type(value) is not Actor:
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


@final
class History(Chain[Event]):
    """A case's events, oldest first: an immutable sequence that appends in O(1).

    Compares equal to a tuple or a History with the same events. ``len``, ``[-1]``
    and :attr:`last` are O(1); iterating or other indexing builds the tuple once.
    """

    __slots__ = ()

    def __init__(self, events: Iterable[Event] = ()) -> None:
        events = tuple(events)
        if not all(type(event) is Event for event in events):
            raise InvalidValue("a history holds Event values only")
        super().__init__(events)

    def appended(self, item: Event) -> History:
        """A new history: these events and then ``item`` (an Event). This one is unchanged."""
        if type(item) is not Event:
            raise InvalidValue(f"a history holds Event values only, got {type(item).__name__}")
        # Chain.appended builds a node of type(self): a History.
        return cast("History", super().appended(item))

    @property
    def last(self) -> Event:
        """The latest event (every case has at least one)."""
        if self._last is None:
            raise IndexError("an empty history has no last event")
        return self._last


def _to_history(events: Iterable[Event]) -> History:
    return events if isinstance(events, History) else History(events)


def _check_history(case: Case, attribute: Any, history: History) -> None:
    if not history:
        raise InvalidValue("a case has at least its 'record' event")
    last = history.last
    if last.version != len(history):
        raise InvalidValue(f"the last event has version {last.version}, but {len(history)} events")
    if last.case_id != case.complaint.complaint_id:
        raise InvalidValue(
            f"the last event belongs to case {last.case_id!r}, not {case.complaint.complaint_id!r}"
        )


def _to_chain(notices: Iterable[CustomerNotice]) -> Chain[CustomerNotice]:
    return notices if isinstance(notices, Chain) else Chain(notices)


@final
@attrs.frozen(kw_only=True)
class CaseDetails:
    """What a case has gathered besides its stage, owner and resolution (changes rarely)."""

    pending_handoff: HandoffOffer | None = None
    referral: Referral | None = None
    recourse: Recourse | None = None
    follow_up: str | None = None
    notices: Chain[CustomerNotice] = attrs.field(factory=Chain, converter=_to_chain)
    """Everything the customer was told about who handles their complaint, oldest first."""
    merged_into: str | None = None
    """For a merged-away duplicate: the case that carries on."""
    merged_from: tuple[str, ...] = ()
    """For a survivor: the duplicates merged into it."""
    worker: Actor | None = None
    """Who the owner gave the work to, if anyone; the owner stays accountable."""


_NO_DETAILS = CaseDetails()


@final
@attrs.frozen(kw_only=True, repr=False)
class Case:
    """A complaint being handled. Immutable: operations return a new case.

    Its stage, owner and version are those of its last event, so they can never
    disagree with its history.
    """

    complaint: Complaint
    history: History = attrs.field(converter=_to_history, validator=_check_history)
    # The two fields the common path changes (propose, accept) sit on the case;
    # those that change rarely live together in ``details``, so one operation
    # builds one small case and one event, and rebuilds ``details`` only when
    # it touches them.
    resolution: str | None = None
    """The resolution last proposed to the customer."""
    customer_accepted: bool = False
    """Whether the customer accepted it."""
    details: CaseDetails = _NO_DETAILS
    # Which desk built this case (its private token); None for a case built by
    # hand or with attrs.evolve. A desk builds only on its own cases.
    _minted_by: object = attrs.field(default=None, init=False, eq=False, hash=False, repr=False)

    @property
    def case_id(self) -> str:
        """The case's id: its complaint's."""
        return self.complaint.complaint_id

    @property
    def state(self) -> str:
        """The lifecycle state the case is in (its last event's)."""
        return self.history._last.state  # type: ignore[union-attr]

    @property
    def owner(self) -> Actor:
        """The accountable owner (its last event's): never missing."""
        return self.history._last.owner  # type: ignore[union-attr]

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
    def worker(self) -> Actor | None:
        """Who the owner gave the work to (never without the owner, who stays accountable)."""
        return self.details.worker

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
    def notices(self) -> Chain[CustomerNotice]:
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
        return self.history._last.at  # type: ignore[union-attr]

    @property
    def closed_at(self) -> datetime | None:
        """When the case was last closed, if it is closed now."""
        last = self.history.last
        return last.at if last.kind == "close" else None


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
