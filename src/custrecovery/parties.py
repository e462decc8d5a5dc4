"""The people involved: the customer who complains and the actors who handle it.

An *actor* is anyone in the firm (any role, any team: the engineer at a
conference counts as much as the complaints desk). Actors are compared by
value; ``actor_id`` is what identifies an accountable owner.
"""

from __future__ import annotations

from typing import Any
from typing import final

import attrs

from custrecovery.errors import InvalidValue

__all__ = [
    "Actor",
    "Customer",
]


def _non_empty(instance: Any, attribute: Any, value: str) -> None:
    """attrs validator: a non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty string, got {value!r}"
        )


@final
@attrs.frozen
class Customer:
    """The person or organisation who complained."""

    customer_id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    contact: str = attrs.field(default="", kw_only=True)
    """How to reach them (email, phone); recorded by whoever first hears of the problem."""


@final
@attrs.frozen
class Actor:
    """Someone in the firm who can own, hand on or act on a complaint."""

    actor_id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    role: str = attrs.field(default="staff", kw_only=True, validator=_non_empty)
    team: str = attrs.field(default="", kw_only=True)

    def __str__(self) -> str:
        team = f", {self.team}" if self.team else ""
        return f"{self.name} ({self.role}{team})"
