"""Rights: who may perform each operation, declared as data beside the transition table.

Rules
-----
* Every operation a desk can accept has one row in the rights table; an
  operation with no row, or whose row names no role, is one nobody may perform,
  and :func:`~custrecovery.lifecycle.verify_lifecycle` reports it.
* ``who`` is one of:

  - ``"anyone"``: any actor (recording a complaint: whoever learns of it);
  - ``"owner"``: the case's accountable owner;
  - ``"owner_or_worker"``: the owner, or the colleague the owner gave the work to;
  - ``"owners_supervisor"``: the owner's supervisor, as the firm's directory says
    (:mod:`custrecovery.directory`); without a directory nobody has this right;
  - a set of roles: an actor acting in one of them.

* Rights add to the other rules, never replace them: the warm-handoff rules
  (only the named receiver accepts), the closing guard and the goodwill
  authority limits (approving goodwill: as ``AuthorityLimits`` say) still apply.
* The default :data:`RIGHTS` keeps the earlier behaviour for every operation
  that existed before rights ("anyone": the handoff rules still say who
  offers, answers and withdraws), except that only the owner or the worker may
  propose a resolution; the new operations get the narrowest right that works.

Theory of operation
-------------------
:func:`~custrecovery.lifecycle.build_lifecycle` stores the table on the class as
``rights`` (operation kind to :class:`RightSpec`), like ``owned_states``, so the
verifier, the docs, the desk's fingerprint and the desk itself all read the one
declaration. The desk checks rights after the time checks and before plugin
vetoes; a refusal is a :class:`~custrecovery.errors.RightsRefused` naming the
operation, the right and the actor's role.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.errors import InvalidValue

__all__ = ["RELATIONS", "RIGHTS", "RightSpec", "rights_of"]

RELATIONS: Final = frozenset({"anyone", "owner", "owner_or_worker", "owners_supervisor"})
"""The rights that name a relation to the case rather than a set of roles."""


def _who(value: str | Iterable[str]) -> str | frozenset[str]:
    if isinstance(value, str):
        if value not in RELATIONS:
            raise InvalidValue(
                f"a right is one of {', '.join(sorted(RELATIONS))} or a set of roles, got {value!r}"
            )
        return value
    return frozenset(value)


@final
@attrs.frozen
class RightSpec:
    """One row of the rights table: who may perform ``operation`` (an operation kind)."""

    operation: str
    who: str | frozenset[str] = attrs.field(converter=_who)
    """A relation (:data:`RELATIONS`) or a set of roles."""

    def describe(self) -> str:
        """The right as people read it: ``owner``, or ``role manager or supervisor``."""
        if isinstance(self.who, str):
            return self.who
        return "role " + (" or ".join(sorted(self.who)) or "(none)")


_ANYONE = (
    "record",
    "acknowledge",
    "assess",
    "investigate",
    "await_customer",
    "customer_replied",
    "accept_resolution",
    "reject_resolution",
    "give_recourse",
    "record_follow_up",
    "close",
    "reopen",
    "reopen_after_close",
    "archive",
    "merge_into",
    "absorb_duplicate",
    "offer_referral",
    "confirm_referral",
    "decline_referral",
    "withdraw_referral",
    "refer",
    # The handoff rules name who offers (the owner), answers (the receiver),
    # withdraws (the owner, or the supervisor who made the offer) or expires an
    # offer (anyone, at its time); a firm's table may narrow them by role.
    "offer_handoff",
    "accept_handoff",
    "decline_handoff",
    "withdraw_handoff",
    "expire_handoff",
    "record_boundary_decision",
    "offer_goodwill",  # the goodwill authority limits decide who may offer how much
)

RIGHTS: tuple[RightSpec, ...] = (
    *(RightSpec(kind, "anyone") for kind in _ANYONE),
    RightSpec("propose_resolution", "owner_or_worker"),
    RightSpec("assign_work", "owner"),
    RightSpec("clear_work", "owner"),
    RightSpec("offer_on_behalf", "owners_supervisor"),
    RightSpec("take_over", "owners_supervisor"),
    RightSpec("split_into", "owner"),
    # Recorded on each part by Desk.split, once the owner's split was allowed.
    RightSpec("split_from", "anyone"),
)
"""The built-in rights table: who may perform each operation (see the module's rules)."""


def rights_of(lifecycle: type[Any]) -> Mapping[str, RightSpec]:
    """A lifecycle class's rights by operation kind (the built-in table if it has none)."""
    rights: Mapping[str, RightSpec] | None = getattr(lifecycle, "rights", None)
    if rights is None:
        return _DEFAULT
    return rights


_DEFAULT: Mapping[str, RightSpec] = {spec.operation: spec for spec in RIGHTS}
