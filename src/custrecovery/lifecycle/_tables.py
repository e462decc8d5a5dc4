"""The lifecycle declared as two literal tables, and the class built from them.

``STATES`` and ``TRANSITIONS`` are literal tables. :func:`build_lifecycle`
turns such tables into a python-statemachine 3.x ``StateChart`` class with the
strict flags set, so the class is the single declaration: diagrams, the docs
table, static verification and both execution engines read it. Plugin authors
make variants by passing their own tables to :func:`build_lifecycle`, never by
subclassing (subclassing a python-statemachine class changes its parent's states).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any
from typing import final

import attrs
from statemachine import State
from statemachine import StateChart

from custrecovery.errors import InvalidValue
from custrecovery.lifecycle._rights import RIGHTS
from custrecovery.lifecycle._rights import RightSpec

if TYPE_CHECKING:
    pass
from custrecovery.lifecycle._rules import Validator
from custrecovery.lifecycle._rules import merge_target_recorded
from custrecovery.lifecycle._rules import no_open_handoff
from custrecovery.lifecycle._rules import outcome_recorded
from custrecovery.lifecycle._rules import referral_customer_told
from custrecovery.lifecycle._rules import referral_degree_sufficient
from custrecovery.lifecycle._rules import referral_follow_up_later
from custrecovery.lifecycle._rules import within_reopen_window

__all__ = [
    "ComplaintLifecycle",
    "STATES",
    "StateSpec",
    "TRANSITIONS",
    "TransitionSpec",
    "build_lifecycle",
]


@final
@attrs.frozen
class StateSpec:
    """One state of a lifecycle declaration."""

    id: str
    description: str
    initial: bool = attrs.field(default=False, kw_only=True)
    final: bool = attrs.field(default=False, kw_only=True)
    owned: bool = attrs.field(default=True, kw_only=True)
    """Whether a case in this state has an accountable owner (every state but ``new``)."""


def _names(value: Iterable[str]) -> tuple[str, ...]:
    # Typed converters: with plain ``tuple`` mypy cannot type the constructor.
    return tuple(value)


def _validators(value: Iterable[Validator]) -> tuple[Validator, ...]:
    return tuple(value)


@final
@attrs.frozen
class TransitionSpec:
    """One row of the transition table: ``event`` moves ``sources`` to ``target``."""

    event: str
    sources: tuple[str, ...] = attrs.field(converter=_names)
    target: str
    validators: tuple[Validator, ...] = attrs.field(default=(), converter=_validators, kw_only=True)


_CLOSE = (no_open_handoff, outcome_recorded)


_MERGE = (no_open_handoff, merge_target_recorded)


# Every stage where a case is open and owned: a duplicate can be merged from any.
_OPEN = (
    "received",
    "acknowledged",
    "assessed",
    "investigating",
    "awaiting_customer",
    "resolution_proposed",
    "resolved",
    "resolution_rejected",
    "recourse_given",
    "referral_offered",
    "referral_confirmed",
    "referred",
    "followed_up",
    "reopened",
)


_REFER = (referral_customer_told, referral_degree_sufficient, referral_follow_up_later)


STATES: tuple[StateSpec, ...] = (
    StateSpec(
        "new", "Not yet recorded: nobody in the firm knows of it.", initial=True, owned=False
    ),
    StateSpec("received", "Recorded; whoever recorded it owns it."),
    StateSpec("acknowledged", "The customer was told it was received, and by whom."),
    StateSpec("assessed", "Initial assessment done: severity, safety, complexity, impact."),
    StateSpec("investigating", "Being investigated."),
    StateSpec("awaiting_customer", "Waiting for the customer to answer a request."),
    StateSpec("resolution_proposed", "A resolution was proposed to the customer."),
    StateSpec("resolved", "The customer accepted the resolution."),
    StateSpec("resolution_rejected", "The customer rejected the decision; still open."),
    StateSpec("recourse_given", "The customer was told of internal and external recourse."),
    StateSpec("referral_offered", "Another firm was asked whether it can help."),
    StateSpec("referral_confirmed", "The other firm confirmed who will help and how."),
    StateSpec("referred", "The customer was referred; the owner awaits the follow-up."),
    StateSpec("followed_up", "A follow-up after recourse or referral was recorded."),
    StateSpec("reopened", "The problem came back before the case closed."),
    StateSpec(
        "closed",
        "Closed with an outcome on record; a reply within the reopen window reopens it.",
        owned=False,
    ),
    StateSpec(
        "archived", "Closed for good: a reply opens a new, linked case.", final=True, owned=False
    ),
    StateSpec(
        "merged", "A duplicate, merged into the case that carries on.", final=True, owned=False
    ),
)
"""The built-in lifecycle's states, in the order the docs list them."""


TRANSITIONS: tuple[TransitionSpec, ...] = (
    TransitionSpec("record", ["new"], "received"),
    TransitionSpec("acknowledge", ["received"], "acknowledged"),
    TransitionSpec("assess", ["acknowledged"], "assessed"),
    TransitionSpec("investigate", ["assessed", "resolution_rejected", "reopened"], "investigating"),
    TransitionSpec(
        "await_customer", ["acknowledged", "assessed", "investigating"], "awaiting_customer"
    ),
    TransitionSpec("customer_replied", ["awaiting_customer"], "investigating"),
    TransitionSpec("propose_resolution", ["assessed", "investigating"], "resolution_proposed"),
    TransitionSpec("accept_resolution", ["resolution_proposed"], "resolved"),
    TransitionSpec("reject_resolution", ["resolution_proposed"], "resolution_rejected"),
    TransitionSpec("give_recourse", ["resolution_rejected"], "recourse_given"),
    TransitionSpec("offer_referral", ["assessed", "investigating"], "referral_offered"),
    TransitionSpec("confirm_referral", ["referral_offered"], "referral_confirmed"),
    TransitionSpec("decline_referral", ["referral_offered"], "investigating"),
    TransitionSpec(
        "withdraw_referral", ["referral_offered", "referral_confirmed"], "investigating"
    ),
    TransitionSpec("refer", ["referral_confirmed"], "referred", validators=_REFER),
    TransitionSpec("record_follow_up", ["recourse_given", "referred"], "followed_up"),
    TransitionSpec("reopen", ["resolved", "recourse_given", "followed_up"], "reopened"),
    TransitionSpec("close", ["resolved", "followed_up"], "closed", validators=_CLOSE),
    TransitionSpec(
        "reopen_after_close", ["closed"], "reopened", validators=(within_reopen_window,)
    ),
    TransitionSpec("archive", ["closed"], "archived", validators=(outcome_recorded,)),
    TransitionSpec("merge_into", _OPEN, "merged", validators=_MERGE),
)
"""The built-in lifecycle's transitions: event, source states, target, validators."""


def build_lifecycle(
    name: str,
    *,
    states: Iterable[StateSpec] = STATES,
    transitions: Iterable[TransitionSpec] = TRANSITIONS,
    rights: Iterable[RightSpec] = RIGHTS,
) -> type[Any]:
    """Build a strict python-statemachine ``StateChart`` class from lifecycle tables.

    The class carries ``owned_states``, ``state_descriptions`` and ``rights`` (the
    rights table by operation kind) so that the verifier, the docs, the desk and
    the engines can read everything from it. Two rows for one operation in
    ``rights`` raise :class:`~custrecovery.InvalidValue`.
    Raises python-statemachine's ``InvalidDefinition`` for a malformed table
    (an unknown state, no initial state, an unreachable state, a trap state).
    """
    state_list = list(states)
    rights_by_kind: dict[str, RightSpec] = {}
    for spec in rights:
        if spec.operation in rights_by_kind:
            raise InvalidValue(f"the rights table has two rows for {spec.operation!r}")
        rights_by_kind[spec.operation] = spec
    by_id = {
        s.id: State(name=s.id.replace("_", " "), value=s.id, initial=s.initial, final=s.final)
        for s in state_list
    }
    events: dict[str, Any] = {}
    for row in transitions:
        for source in (*row.sources, row.target):
            if source not in by_id:
                raise InvalidValue(f"transition {row.event!r} names unknown state {source!r}")
        for source in row.sources:
            taken = by_id[source].to(
                by_id[row.target], event=row.event, validators=list(row.validators)
            )
            events[row.event] = events[row.event] | taken if row.event in events else taken
    # The metaclass python-statemachine builds every class with, called directly:
    # its declarative core, without the document loader (statemachine.io), which
    # would double the cost of importing the lifecycle.
    metaclass: Any = type(StateChart)
    machine: type[Any] = metaclass(
        name,
        (StateChart,),
        {
            **by_id,
            **events,
            # Plain StateChart silently ignores events it cannot take and turns
            # callback exceptions into events; a refused operation must raise instead.
            "allow_event_without_transition": False,
            "catch_errors_as_events": False,
            # Only action callbacks would see the state mid-step; we have none, but a
            # plugin author's variant might.
            "atomic_configuration_update": True,
            "owned_states": frozenset(s.id for s in state_list if s.owned),
            "state_descriptions": {s.id: s.description for s in state_list},
            "rights": rights_by_kind,
        },
    )
    return machine


ComplaintLifecycle: type[Any] = build_lifecycle("ComplaintLifecycle")
"""The built-in lifecycle class (a python-statemachine ``StateChart``)."""
ComplaintLifecycle.__doc__ = (
    "The built-in complaint lifecycle: ISO 10002 stages, warm referrals, a closing "
    "guard, a reopen window and merging; built by build_lifecycle from STATES, "
    "TRANSITIONS and RIGHTS."
)
