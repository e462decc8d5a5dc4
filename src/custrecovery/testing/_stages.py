"""The stage table the conformance kit reads from a lifecycle class, and the built-in one.

:class:`StageTable` reads every stage move of a lifecycle class (and which are
guarded by validators the kit knows), so the same model checks the built-in
lifecycle and a plugin author's variant; :data:`BUILTIN_STAGES` is the
built-in lifecycle written out by hand, the independent oracle the kit checks
the class against.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery.lifecycle import RIGHTS
from custrecovery.lifecycle import RightSpec
from custrecovery.lifecycle import merge_target_recorded
from custrecovery.lifecycle import no_open_handoff
from custrecovery.lifecycle import outcome_recorded
from custrecovery.lifecycle import referral_customer_told
from custrecovery.lifecycle import referral_degree_sufficient
from custrecovery.lifecycle import referral_follow_up_later
from custrecovery.lifecycle import rights_of
from custrecovery.lifecycle import within_reopen_window

__all__ = ["BUILTIN_STAGES", "StageTable"]


_OPEN_STAGES = (
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
"""The built-in stages where a case is open and owned."""


BUILTIN_STAGES: Mapping[tuple[str, str], str] = {
    ("new", "record"): "received",
    ("received", "acknowledge"): "acknowledged",
    ("acknowledged", "assess"): "assessed",
    ("acknowledged", "await_customer"): "awaiting_customer",
    ("assessed", "investigate"): "investigating",
    ("assessed", "await_customer"): "awaiting_customer",
    ("assessed", "propose_resolution"): "resolution_proposed",
    ("assessed", "offer_referral"): "referral_offered",
    ("investigating", "await_customer"): "awaiting_customer",
    ("investigating", "propose_resolution"): "resolution_proposed",
    ("investigating", "offer_referral"): "referral_offered",
    ("awaiting_customer", "customer_replied"): "investigating",
    ("resolution_proposed", "accept_resolution"): "resolved",
    ("resolution_proposed", "reject_resolution"): "resolution_rejected",
    ("resolution_rejected", "investigate"): "investigating",
    ("resolution_rejected", "give_recourse"): "recourse_given",
    ("referral_offered", "confirm_referral"): "referral_confirmed",
    ("referral_offered", "decline_referral"): "investigating",
    ("referral_offered", "withdraw_referral"): "investigating",
    ("referral_confirmed", "withdraw_referral"): "investigating",
    ("referral_confirmed", "refer"): "referred",
    ("recourse_given", "record_follow_up"): "followed_up",
    ("referred", "record_follow_up"): "followed_up",
    ("recourse_given", "reopen"): "reopened",
    ("resolved", "reopen"): "reopened",
    ("followed_up", "reopen"): "reopened",
    ("reopened", "investigate"): "investigating",
    ("resolved", "close"): "closed",
    ("followed_up", "close"): "closed",
    ("closed", "reopen_after_close"): "reopened",
    ("closed", "archive"): "archived",
    **{(state, "merge_into"): "merged" for state in _OPEN_STAGES},
}
"""The built-in lifecycle's stages, ``{(state, kind): target}``, written out by hand."""


_PUSH_AWAY = frozenset({"disclaim", "unassign", "cold_transfer", "dismiss"})


_OWNERSHIP = frozenset(
    {
        "offer_handoff",
        "accept_handoff",
        "decline_handoff",
        "withdraw_handoff",
        "expire_handoff",
        "offer_on_behalf",
        "take_over",
        "assign_work",
        "clear_work",
    }
)


_ANNOTATIONS = frozenset(
    {"absorb_duplicate", "offer_goodwill", "record_boundary_decision", "split_into", "split_from"}
)


# Handoffs and annotations are on offer in every open stage and change no stage.
_SIDE = _OWNERSHIP | _ANNOTATIONS


_MERGE_KINDS = frozenset({"merge_into", "absorb_duplicate", "split_into", "split_from"})
"""Applied by ``Desk.merge`` (which checks the surviving case) or ``Desk.split`` (which
records the new cases) only; ``apply`` refuses them."""


# Validators whose rules the model encodes itself (close and refer, below).
_KNOWN_VALIDATORS = frozenset(
    {
        no_open_handoff,
        outcome_recorded,
        referral_customer_told,
        referral_degree_sufficient,
        referral_follow_up_later,
        merge_target_recorded,
        within_reopen_window,
    }
)


@final
@attrs.frozen(kw_only=True)
class StageTable:
    """What the model knows of a lifecycle's stages."""

    targets: Mapping[tuple[str, str], str]
    initial: str
    final: frozenset[str]
    open: frozenset[str]
    """Owned, non-final states: where handoffs and annotations are on offer."""
    guarded: frozenset[tuple[str, str]] = frozenset()
    """Transitions with validators the model does not know: they may refuse."""
    rights: Mapping[str, RightSpec] = attrs.field(
        factory=lambda: {spec.operation: spec for spec in RIGHTS}
    )
    """Who may perform each operation (the lifecycle's rights table)."""

    @classmethod
    def builtin(cls) -> StageTable:
        """The built-in lifecycle, from :data:`BUILTIN_STAGES`."""
        return cls(
            targets=BUILTIN_STAGES,
            initial="new",
            final=frozenset({"archived", "merged"}),
            open=frozenset(_OPEN_STAGES),
        )

    @classmethod
    def from_lifecycle(cls, lifecycle: type[Any]) -> StageTable:
        """Read a variant's stages from its class (built with ``build_lifecycle``)."""
        targets: dict[tuple[str, str], str] = {}
        guarded: set[tuple[str, str]] = set()
        for state in lifecycle.states_map.values():
            for transition in state.transitions:
                if transition.initial:
                    continue
                target = transition.target.id if transition.target is not None else state.id
                funcs = {spec.func for spec in transition.validators}
                for event in transition.events:
                    targets.setdefault((state.id, event.id), target)
                    if funcs - _KNOWN_VALIDATORS:
                        guarded.add((state.id, event.id))
        final = frozenset(s.id for s in lifecycle.states_map.values() if s.final)
        return cls(
            targets=targets,
            initial=lifecycle.initial_state.id,
            final=final,
            open=frozenset(lifecycle.owned_states) - final,
            guarded=frozenset(guarded),
            rights=rights_of(lifecycle),
        )

    def declared(self, state: str) -> frozenset[str]:
        """The lifecycle kinds declared from ``state``."""
        return frozenset(kind for source, kind in self.targets if source == state)
