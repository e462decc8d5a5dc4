"""Hotel: walking a guest (overbooking) as a warm referral the hotel stays accountable for.

Rules
-----
Industry practice for walking a guest (DOMAIN.md section 3; seed article 000's
hotel that calls rivals until a room is found):

* the referral is connected live to a receiving hotel that confirmed the room
  (:attr:`ReferralDegree.CONNECTED_LIVE`; the lifecycle already requires the
  confirmation); a lesser referral is refused;
* the walking hotel pays a comparable or better nearby room and the transport
  there, gives the guest a free call, forwards calls and messages, and brings a
  multi-night guest back the next day;
* some guests are not walked: by default VIPs, families, multi-night stays and
  contracted groups (:class:`GuestKind`); a hotel chooses its own list with
  ``HotelPack(do_not_walk=...)``.

Theory of operation: :class:`HotelPack` is a frozen value and an ordinary
plugin. Its ``veto_operation`` checks referrals, its compensation strategy pays
the other room and the transport for ``"walked guest"`` facts, and its
follow-ups list what a walked guest is owed. Which guests may be walked is a
pure question about typed facts (:meth:`HotelPack.reason_not_to_walk`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.errors import InvalidValue
from custrecovery.explanations import Explanation
from custrecovery.followups import FollowUpAction
from custrecovery.goodwill.decisions import CompensationFacts
from custrecovery.goodwill.decisions import Proposal
from custrecovery.goodwill.decisions import Remedy
from custrecovery.hookspecs import hookimpl
from custrecovery.money import Money
from custrecovery.operations import Operation
from custrecovery.operations import ReferralDegree
from custrecovery.packs.referrals import ReferralPolicy
from custrecovery.packs.referrals import Situation

__all__ = [
    "Guest",
    "GuestKind",
    "HotelPack",
    "WALKED_GUEST",
    "WALK_OBLIGATIONS",
    "WalkCost",
]

WALKED_GUEST: Final = "walked guest"
"""The complaint (and compensation) category for a guest walked to another hotel."""

WALK_OBLIGATIONS: Final = (
    "a comparable or better room nearby, paid by this hotel",
    "transport to the other hotel, paid by this hotel",
    "a free phone call",
    "calls and messages forwarded to the other hotel",
)
"""What every walked guest is owed (a multi-night guest is also brought back next day)."""


class GuestKind(enum.Enum):
    """Kinds of guest a hotel may choose not to walk."""

    VIP = "VIP"
    FAMILY = "family"
    MULTI_NIGHT = "multi-night stay"
    CONTRACTED_GROUP = "contracted group"


def _nights(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(f"nights must be a positive int, got {value!r}")


def _bool(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValue(f"{attribute.name} must be a bool, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Guest:
    """What the front desk knows about a guest it may have to walk."""

    nights: int = attrs.field(default=1, validator=_nights)
    vip: bool = attrs.field(default=False, validator=_bool)
    family: bool = attrs.field(default=False, validator=_bool)
    contracted_group: bool = attrs.field(default=False, validator=_bool)

    @property
    def kinds(self) -> frozenset[GuestKind]:
        """The kinds this guest is."""
        flags = {
            GuestKind.VIP: self.vip,
            GuestKind.FAMILY: self.family,
            GuestKind.MULTI_NIGHT: self.nights > 1,
            GuestKind.CONTRACTED_GROUP: self.contracted_group,
        }
        return frozenset(kind for kind, flag in flags.items() if flag)


def _kinds(value: Iterable[GuestKind]) -> frozenset[GuestKind]:
    kinds = frozenset(value)
    if not all(isinstance(kind, GuestKind) for kind in kinds):
        raise InvalidValue(f"do_not_walk must hold GuestKind values, got {value!r}")
    return kinds


def _optional_money(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and (not isinstance(value, Money) or value.is_negative):
        raise InvalidValue(f"{attribute.name} must be non-negative Money or None, got {value!r}")


@final
@attrs.frozen
class WalkCost:
    """Pays the other hotel's room (``facts.price``) and the transport, for walked guests."""

    transport: Money | None = attrs.field(default=None, validator=_optional_money)
    name: str = "walked-guest-cost"

    def propose(self, facts: CompensationFacts) -> Proposal | None:
        """The room and the transport, or ``None`` for other categories or without a price."""
        if facts.category != WALKED_GUEST or facts.price is None:
            return None
        # A transport cost in another currency raises: the desk escalates to a person.
        amount = facts.price if self.transport is None else facts.price + self.transport
        why = Explanation(
            source=self.name,
            rule="a walked guest's room at the other hotel and the transport are paid",
            facts={"room": facts.price, "transport": self.transport or "none"},
        )
        return Proposal(Remedy.FREE_SERVICE, amount, why)


@final
@attrs.frozen(kw_only=True)
class HotelPack:
    """The hotel pack; ``HotelPack()`` is what the ``hotel`` entry point enables."""

    do_not_walk: frozenset[GuestKind] = attrs.field(default=frozenset(GuestKind), converter=_kinds)
    """Kinds of guest never walked (default: all of :class:`GuestKind`)."""
    transport: Money | None = attrs.field(default=None, validator=_optional_money)
    """The transport cost :class:`WalkCost` adds to the room."""
    plugin_name: str = "hotel"

    @property
    def referrals(self) -> ReferralPolicy:
        """The hotel's referral rules: connected live, with the walk explained."""
        return ReferralPolicy(
            plugin_name=self.plugin_name,
            industry="hotel",
            least_degree=ReferralDegree.CONNECTED_LIVE,
            must_tell=(
                "the other hotel's name and address",
                "that this hotel pays the room and the transport",
            ),
            refer_when={Situation.FULLY_BOOKED_CANNOT_WAIT},
            source="walking a guest: seed article 000 and industry practice",
        )

    def reason_not_to_walk(self, guest: Guest) -> str | None:
        """Why ``guest`` is not to be walked under this hotel's list, or ``None``."""
        protected = sorted(kind.value for kind in guest.kinds & self.do_not_walk)
        if protected:
            return f"do not walk this guest ({', '.join(protected)}): walk another guest"
        return None

    def walk_plan(self, guest: Guest) -> tuple[str, ...]:
        """What walking ``guest`` owes them, in order."""
        plan: tuple[str, ...] = WALK_OBLIGATIONS
        if guest.nights > 1:
            plan += ("brought back to this hotel the next day",)
        return plan

    @hookimpl
    def veto_operation(self, case: Case, operation: Operation) -> str | None:
        """Refuse a referral that is not connected live (see :meth:`ReferralPolicy.refusal`)."""
        return self.referrals.refusal(case, operation)

    @hookimpl
    def register_compensation_strategies(self) -> Sequence[WalkCost]:
        """The walked guest's room and transport."""
        return (WalkCost(self.transport),)

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        """What a walked guest is owed, while their case is open."""
        if case.complaint.category != WALKED_GUEST or case.state in (
            "closed",
            "archived",
            "merged",
        ):
            return ()
        return (
            FollowUpAction(
                "owner",
                "make sure the walked guest has: "
                + "; ".join(
                    (
                        *WALK_OBLIGATIONS,
                        "if staying more than one night, a return to this hotel tomorrow",
                    )
                ),
                "the walking hotel stays accountable for the guest throughout",
                source=self.plugin_name,
            ),
        )
