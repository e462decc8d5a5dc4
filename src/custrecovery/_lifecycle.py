"""The complaint lifecycle, declared once as data.

Rules
-----
* A complaint exists for the firm from the moment anyone records it
  (``new --record--> received``); from then on the case has exactly one
  accountable owner until it is closed. The owner is not a state: it is data
  that only the warm handoff (:mod:`custrecovery._ownership`) changes.
* The stages follow ISO 10002:2018: receipt, acknowledgement, initial
  assessment, investigation, response, communicating the decision, closing.
* A rejected decision keeps the complaint open; the customer is told of internal
  and external recourse, then a follow-up (a personal letter, a call) is recorded,
  and only then may the case close ("never let a call end unpleasantly").
* A referral to another firm needs that firm's confirmation and a notice to the
  customer (why, and how to reach the firm); the referring owner stays
  accountable until the follow-up is recorded.
* A customer's reply within the reopen window (``LifecycleRules.reopen_window``)
  reopens a closed case, owned by whoever received the reply; ``archive`` ends
  it for good, and a later reply opens a new case linked to it.
* A duplicate is merged into the case that carries on (``merge_into``); both
  histories are kept and the survivor records what it absorbed.
* Every transition that leaves the owned region carries a validator marked
  :func:`records_outcome`: into a final state (``archived``, ``merged``), or into
  ``closed``, the one *resting* state: unowned and not final, because a reply
  within the window reopens it under a new owner, and every way out of it either
  re-establishes an owner or ends the case (:mod:`custrecovery._verify`, rule 7).

Theory of operation
-------------------
``STATES`` and ``TRANSITIONS`` below are literal tables. :func:`build_lifecycle`
turns such tables into a python-statemachine 3.x ``StateChart`` class with the
strict flags set, so the class is the single declaration: diagrams, the docs
table, static verification (:mod:`custrecovery._verify`) and both execution
engines (:mod:`custrecovery._engine`) read it. Plugin authors make variants by
passing their own tables to :func:`build_lifecycle`, never by subclassing
(subclassing a python-statemachine class changes its parent's states).

Validators have the signature ``(case, op, rules) -> None`` and raise an
:class:`~custrecovery.OperationRefused` subclass; they do no I/O and call no hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar
from typing import cast
from typing import final

import attrs
from statemachine.io import create_machine_class_from_definition

from custrecovery._errors import ClosingRefused
from custrecovery._errors import InvalidValue
from custrecovery._errors import OperationRefused
from custrecovery._errors import ReferralRefused
from custrecovery._errors import ReopenRefused
from custrecovery._operations import MergeInto
from custrecovery._operations import Operation
from custrecovery._operations import Refer
from custrecovery._operations import ReferralDegree

if TYPE_CHECKING:
    from custrecovery._case import Case

__all__ = [
    "within_reopen_window",
    "records_outcome",
    "merge_target_recorded",
    "STATES",
    "TRANSITIONS",
    "ComplaintLifecycle",
    "LifecycleRules",
    "StateSpec",
    "TransitionSpec",
    "Validator",
    "build_lifecycle",
    "no_open_handoff",
    "outcome_recorded",
    "referral_customer_told",
    "referral_degree_sufficient",
    "referral_follow_up_later",
]


def _window(instance: object, attribute: object, value: timedelta | None) -> None:
    if value is not None and (not isinstance(value, timedelta) or value <= timedelta(0)):
        raise InvalidValue(f"reopen_window must be a positive timedelta or None, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class LifecycleRules:
    """Settings the lifecycle's validators read."""

    min_referral_degree: ReferralDegree = ReferralDegree.CONFIRMED_RECEIVER
    """The least a referral must reach (a plugin may require more)."""
    reopen_window: timedelta | None = attrs.field(default=None, validator=_window)
    """How long after closing a customer's reply reopens the case; ``None``: never.

    After the window a reply opens a new, linked case (:meth:`Desk.handle_reply`).
    """


Validator = Callable[["Case", Operation, LifecycleRules], None]
"""A lifecycle validator: raises an ``OperationRefused`` subclass to refuse."""


def _refuse(cls: type[OperationRefused], case: Case, op: Operation, reason: str) -> None:
    raise cls(reason, case_id=case.case_id, state=case.state, operation=op.kind)


_V = TypeVar("_V", bound=Callable[..., None])


def records_outcome(validator: _V) -> _V:
    """Mark a validator as one that guarantees an outcome is on record.

    :func:`~custrecovery.verify_lifecycle` requires one on every transition that
    leaves the owned region (into a final or a resting state). Mark your own only
    if it refuses unless an outcome is recorded.
    """
    validator.records_outcome = True  # type: ignore[attr-defined]
    return validator


@records_outcome
def outcome_recorded(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A case closes on acceptance, or after recourse or a referral and a follow-up."""
    if case.customer_accepted:
        return
    if case.follow_up is not None and (case.recourse is not None or case.referral is not None):
        return
    _refuse(
        ClosingRefused,
        case,
        op,
        "a case closes only when the customer accepted the resolution, or after "
        "recourse information or a referral and a recorded follow-up",
    )


@records_outcome
def merge_target_recorded(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A merged-away case names the survivor that carries on, and is not merged into itself."""
    if not isinstance(op, MergeInto) or op.survivor_id == case.case_id:
        _refuse(ClosingRefused, case, op, "a case is merged only into another case that carries on")


def within_reopen_window(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A closed case reopens only within the rules' reopen window."""
    closed_at = case.closed_at
    window = rules.reopen_window
    if window is None or closed_at is None or op.at > closed_at + window:
        limit = "no reopen window is set" if window is None else f"the window is {window}"
        _refuse(
            ReopenRefused,
            case,
            op,
            f"{limit}: a reply after it opens a new, linked case (Desk.handle_reply)",
        )


def no_open_handoff(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A case does not close while a colleague is still being asked to take it."""
    if case.pending_handoff is not None:
        _refuse(
            ClosingRefused,
            case,
            op,
            f"a handoff to {case.pending_handoff.to.actor_id!r} is still open: "
            "let it be accepted, declined or withdrawn first",
        )


def referral_customer_told(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """The customer must be told why, and how to reach the other firm."""
    if isinstance(op, Refer) and op.notice is None:
        _refuse(
            ReferralRefused,
            case,
            op,
            "the customer has not been told why and how to reach the other firm",
        )


def referral_degree_sufficient(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """A referral reaches at least the minimum degree the rules ask for."""
    if isinstance(op, Refer) and op.degree < rules.min_referral_degree:
        _refuse(
            ReferralRefused,
            case,
            op,
            f"referral degree {op.degree.name} is below the required "
            f"{rules.min_referral_degree.name}",
        )


def referral_follow_up_later(case: Case, op: Operation, rules: LifecycleRules) -> None:
    """The referral's follow-up is due after the referral itself."""
    if isinstance(op, Refer) and op.follow_up_due <= op.at:
        _refuse(
            ReferralRefused,
            case,
            op,
            f"the follow-up is due {op.follow_up_due.isoformat()}, "
            f"not after the referral at {op.at.isoformat()}",
        )


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


def build_lifecycle(
    name: str,
    *,
    states: Iterable[StateSpec] = STATES,
    transitions: Iterable[TransitionSpec] = TRANSITIONS,
) -> type[Any]:
    """Build a strict python-statemachine ``StateChart`` class from lifecycle tables.

    The class carries ``owned_states`` and ``state_descriptions`` so that the
    verifier, the docs and the engines can read everything from it.
    Raises python-statemachine's ``InvalidDefinition`` for a malformed table
    (an unknown state, no initial state, an unreachable state, a trap state).
    """
    state_list = list(states)
    ids = {s.id for s in state_list}
    definition: dict[str, dict[str, Any]] = {
        s.id: {"name": s.id.replace("_", " "), "initial": s.initial, "final": s.final}
        for s in state_list
    }
    for row in transitions:
        for source in (*row.sources, row.target):
            if source not in ids:
                raise InvalidValue(f"transition {row.event!r} names unknown state {source!r}")
        for source in row.sources:
            on = definition[source].setdefault("on", {})
            on.setdefault(row.event, []).append(
                {"target": row.target, "validators": list(row.validators)}
            )
    return create_machine_class_from_definition(
        name,
        states=cast("dict[str, Any]", definition),
        # Plain StateChart silently ignores events it cannot take and turns
        # callback exceptions into events; a refused operation must raise instead.
        allow_event_without_transition=False,
        catch_errors_as_events=False,
        # Only action callbacks would see the state mid-step; we have none, but a
        # plugin author's variant might.
        atomic_configuration_update=True,
        owned_states=frozenset(s.id for s in state_list if s.owned),
        state_descriptions={s.id: s.description for s in state_list},
    )


ComplaintLifecycle: type[Any] = build_lifecycle("ComplaintLifecycle")
"""The built-in lifecycle class (a python-statemachine ``StateChart``)."""
ComplaintLifecycle.__doc__ = (
    "The built-in complaint lifecycle: ISO 10002 stages, warm referrals, a closing "
    "guard, a reopen window and merging; built by build_lifecycle from STATES and "
    "TRANSITIONS."
)
