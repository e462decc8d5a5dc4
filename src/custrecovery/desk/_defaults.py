"""Built-in behaviour, written as ordinary plugins.

:class:`Defaults` is registered first by every :class:`~custrecovery.Desk`
unless the caller passes ``defaults=None`` or denies ``"custrecovery.defaults"``.
Pass your own instance to change thresholds without writing a plugin:
``Desk(defaults=Defaults(boundary_policies=(NeverSatisfied(rejections_in_a_row=2),)))``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any
from typing import final

import attrs

from custrecovery.boundaries import default_policies
from custrecovery.cases import Case
from custrecovery.errors import InvalidValue
from custrecovery.followups import FollowUpAction
from custrecovery.followups import _private_first_actions
from custrecovery.goodwill import Apology
from custrecovery.hookspecs import hookimpl
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.operations import ReferralDegree

__all__ = ["Defaults", "MinimumReferralDegree"]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Defaults:
    """The built-in plugin: boundary policies, an apology, and "private first" follow-ups."""

    boundary_policies: tuple[Any, ...] = attrs.field(
        factory=lambda: tuple(default_policies()), converter=_tuple
    )
    compensation_strategies: tuple[Any, ...] = attrs.field(
        factory=lambda: (Apology(),), converter=_tuple
    )
    brand_role: str = "brand manager"
    """Who answers for the brand when a complaint is made in public."""
    regulatory_role: str = "regulatory complaints lead"
    """Who answers a complaint made through a regulator or an ombudsman."""

    @hookimpl
    def register_boundary_policies(self) -> Sequence[Any]:
        return self.boundary_policies

    @hookimpl
    def register_compensation_strategies(self) -> Sequence[Any]:
        return self.compensation_strategies

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        return _private_first_actions(
            case, brand_role=self.brand_role, regulatory_role=self.regulatory_role
        )


def _degree(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, ReferralDegree):
        raise InvalidValue(f"MinimumReferralDegree.degree must be a ReferralDegree, got {value!r}")


@final
@attrs.frozen
class MinimumReferralDegree:
    """A plugin requiring referrals to reach at least ``degree`` (an industry rule).

    For example, a hotel group may require every walked guest to be connected
    live: ``Desk(plugins=[MinimumReferralDegree(ReferralDegree.CONNECTED_LIVE)])``.
    """

    degree: ReferralDegree = attrs.field(validator=_degree)
    plugin_name: str = attrs.field(default="minimum-referral-degree", kw_only=True)

    @hookimpl
    def veto_operation(self, operation: Operation) -> str | None:
        if isinstance(operation, Refer) and operation.degree < self.degree:
            return (
                f"referral degree {operation.degree.name} is below the "
                f"{self.degree.name} this firm requires"
            )
        return None
