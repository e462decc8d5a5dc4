"""Finance (UK): the FCA DISP clocks and DISP 1.7 forwarding to a responsible firm.

Rules
-----
* The FCA DISP clock set (:func:`~custrecovery.clocks.fca_disp_clocks`): the
  three-business-day summary-resolution window, eight weeks for a final
  response (payment services: :class:`FinanceUkPack` with
  ``payment_services=True``, 15 business days, 35 after a holding reply).
* DISP 1.7: a complaint (or the part of it) for which another firm is solely
  or jointly responsible may be forwarded to that firm promptly, in writing,
  telling the complainant why and giving the other firm's contact details;
  where jointly responsible, the firm still handles its own part. A referral
  on a finance-uk desk must say which (a :class:`Forwarding` writes the
  notice), and a jointly-responsible referral is followed up with "handle your
  own part".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from typing import Final
from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.clocks import ClockSet
from custrecovery.clocks import fca_disp_clocks
from custrecovery.clocks import fca_disp_payment_services_clocks
from custrecovery.errors import InvalidValue
from custrecovery.followups import FollowUpAction
from custrecovery.hookspecs import hookimpl
from custrecovery.operations import Operation
from custrecovery.operations import Refer
from custrecovery.operations import ReferralNotice

__all__ = [
    "FinanceUkPack",
    "Forwarding",
    "JOINTLY",
    "SOLELY",
]

SOLELY: Final = "solely responsible"
"""The words a DISP 1.7 notice uses for a firm solely responsible."""
JOINTLY: Final = "jointly responsible"
"""The words a DISP 1.7 notice uses for a firm jointly responsible."""


def _text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be non-empty text, got {value!r}")


def _bool(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValue(f"{attribute.name} must be a bool, got {value!r}")


@final
@attrs.frozen(kw_only=True)
class Forwarding:
    """Forwarding a complaint under DISP 1.7: to whom, their contact details, and why."""

    firm: str = attrs.field(validator=_text)
    contact: str = attrs.field(validator=_text)
    """The other firm's contact details, given to the complainant."""
    why: str = attrs.field(validator=_text)
    jointly: bool = attrs.field(validator=_bool)
    """Jointly responsible (this firm keeps handling its own part) or solely."""

    def notice(self) -> ReferralNotice:
        """The notice to the complainant: why, who is responsible, and the contact details."""
        share = JOINTLY if self.jointly else SOLELY
        why = f"{self.why}; {self.firm} is {share} (DISP 1.7)"
        if self.jointly:
            why += "; we keep handling our own part of your complaint"
        return ReferralNotice(why, f"{self.firm}: {self.contact}")


_CLOSED: Final = frozenset({"closed", "archived", "merged"})


@final
@attrs.frozen(kw_only=True)
class FinanceUkPack:
    """The finance-uk pack: DISP clocks and DISP 1.7 forwarding rules."""

    payment_services: bool = attrs.field(default=False, validator=_bool)
    plugin_name: str = "finance-uk"

    @hookimpl
    def register_clock_sets(self) -> Sequence[ClockSet]:
        """The FCA DISP clocks (for payment services, the 15/35-business-day set)."""
        if self.payment_services:
            return (fca_disp_payment_services_clocks(),)
        return (fca_disp_clocks(),)

    @hookimpl
    def veto_operation(self, case: Case, operation: Operation) -> str | None:
        """Refuse a referral whose notice does not say "solely" or "jointly responsible".

        Only a ``refer`` the lifecycle would otherwise accept is checked (from
        a confirmed referral, with a notice and a later follow-up): the
        lifecycle refuses the others with its own ``ReferralRefused``.
        """
        if (
            not isinstance(operation, Refer)
            or case.state != "referral_confirmed"
            or operation.notice is None
            or operation.follow_up_due <= operation.at
        ):
            return None
        if SOLELY not in operation.notice.why and JOINTLY not in operation.notice.why:
            return (
                "DISP 1.7: forward only to a firm solely or jointly responsible, and tell "
                "the complainant which and why (use Forwarding.notice())"
            )
        return None

    @hookimpl
    def suggest_follow_ups(self, case: Case) -> Sequence[FollowUpAction]:
        """After forwarding to a jointly responsible firm, handle this firm's own part."""
        referral = case.referral
        if (
            referral is None
            or referral.notice is None
            or JOINTLY not in referral.notice.why
            or case.state in _CLOSED
        ):
            return ()
        return (
            FollowUpAction(
                "owner",
                f"keep handling this firm's own part of case {case.case_id}, forwarded in "
                f"part to {referral.firm}",
                "DISP 1.7: where jointly responsible, the firm handles its own part",
                source=self.plugin_name,
            ),
        )
