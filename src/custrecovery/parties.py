"""The people involved: the customer who complains and the actors who handle it.

An *actor* is anyone in the firm (any role, any team: the engineer at a
conference counts as much as the complaints desk). Actors are compared by
value; ``actor_id`` is what identifies an accountable owner.

An ``actor_id`` has no white space and no control, format (zero-width),
separator or other default-ignorable characters, and two ids that differ only by
case or Unicode compatibility form name the same person
(:meth:`Actor.is_same_person`, NFKC-casefolded), so ``"LEILA"`` cannot approve
what ``"leila"`` asked for. Look-alike letters from other scripts (a Cyrillic
U+0430 for a Latin ``a``) are different ids: a firm that needs more resolves
actors through its directory of people.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from typing import final

import attrs

from custrecovery.errors import InvalidValue

__all__ = [
    "Actor",
    "Customer",
]


def _non_empty(instance: Any, attribute: Any, value: str) -> None:
    """attrs validator: a non-blank string (exactly ``str``: a subclass could override
    how ids compare)."""
    if type(value) is not str or not value.strip():
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty string, got {value!r}"
        )


# Control, format (zero-width joiners and spaces, bidi marks), any space or line and
# paragraph separator, private use, lone surrogates and unassigned code points:
# invisible or ambiguous in an id.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn"})
# Default-ignorable marks that are not format characters (Unicode's
# Default_Ignorable_Code_Point outside Cf): the combining grapheme joiner, the Hangul
# and Khmer fillers, the Mongolian free variation selectors and the variation selectors.
_IGNORABLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
    | set(range(0x180B, 0x1810))
    | set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
)


def _actor_id(instance: Any, attribute: Any, value: str) -> None:
    """attrs validator: an identifier a person can read and nobody can spoof by spacing."""
    _non_empty(instance, attribute, value)
    if value != value.strip():
        raise InvalidValue(f"Actor.actor_id {value!r} has white space around it")
    if any(char.isspace() for char in value):
        raise InvalidValue(f"Actor.actor_id {value!r} contains white space")
    for char in value:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES or ord(char) in _IGNORABLE:
            raise InvalidValue(
                f"Actor.actor_id {value!r} contains an invisible or control character "
                f"(U+{ord(char):04X})"
            )


def _identity(actor_id: str) -> str:
    """What makes two actor ids the same person: NFKC-normalised and casefolded."""
    return unicodedata.normalize("NFKC", actor_id).casefold()


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

    actor_id: str = attrs.field(validator=_actor_id)
    name: str = attrs.field(validator=_non_empty)
    role: str = attrs.field(default="staff", kw_only=True, validator=_non_empty)
    team: str = attrs.field(default="", kw_only=True)

    def is_same_person(self, other: Actor) -> bool:
        """Whether ``other`` names the same person: ids equal once NFKC-casefolded."""
        return _identity(self.actor_id) == _identity(other.actor_id)

    def __str__(self) -> str:
        team = f", {self.team}" if self.team else ""
        return f"{self.name} ({self.role}{team})"
