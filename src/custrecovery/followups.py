"""Follow-up actions: the concrete next step every contact should end on.

Rules (seed article 002 and the research in DOMAIN.md section 4)
----------------------------------------------------------------
* A complaint made on a public channel (social media, a review site, the press)
  is flagged to a brand-responsible role, and the customer is invited to
  continue on a private channel: customers go public after a second failure, so
  the private channel must be the easiest.
* A complaint made through a regulator or an ombudsman is the customer's outside
  recourse, not a public post: it goes to the role responsible for regulatory
  complaints, and the customer is never invited to move it elsewhere.
* After a resolution is accepted, ask for feedback with a way back in:
  "we expect five stars; if not, call us first".
"""

from __future__ import annotations

from typing import final

import attrs

from custrecovery.cases import Case
from custrecovery.parties import _non_empty

__all__ = [
    "FollowUpAction",
]


@final
@attrs.frozen
class FollowUpAction:
    """Who should do what next on a case, and why."""

    role: str = attrs.field(validator=_non_empty)
    """The role that should act (``"owner"`` for the case's owner)."""
    action: str = attrs.field(validator=_non_empty)
    why: str = attrs.field(validator=_non_empty)
    source: str = attrs.field(default="custrecovery", kw_only=True)
    """The plugin that suggested it."""


def _private_first_actions(
    case: Case,
    *,
    brand_role: str = "brand manager",
    regulatory_role: str = "regulatory complaints lead",
) -> list[FollowUpAction]:
    """The built-in "private first" follow-ups for a case."""
    actions: list[FollowUpAction] = []
    channel = case.complaint.channel
    if channel.is_outside_recourse and case.state not in ("resolved", "closed"):
        actions.append(
            FollowUpAction(
                regulatory_role,
                f"answer the {channel.value} about case {case.case_id} within its deadline, "
                "and keep the customer informed of their right to take it further",
                "a complaint made through a regulator or ombudsman is the customer's "
                "outside recourse: it is answered, never steered away from",
            )
        )
    if channel.is_public and case.state not in ("resolved", "closed"):
        actions.append(
            FollowUpAction(
                brand_role,
                f"monitor and answer the public {channel.value} post about case {case.case_id}",
                "someone must own threats to the brand (seed article 002)",
            )
        )
        actions.append(
            FollowUpAction(
                "owner",
                "invite the customer to a private channel (phone, email) to continue",
                "a complaint handled privately is resolved before it spreads",
            )
        )
    if case.state == "resolved":
        actions.append(
            FollowUpAction(
                "owner",
                "send a feedback request: we expect five stars; if not, call us first",
                "end every contact on a concrete next step, and keep the private "
                "channel the easiest",
            )
        )
    return actions
