"""The firm's directory of people: who an actor is, their roles, whether they are active.

Rules
-----
* The firm supplies the directory (an HR system, an identity provider): any
  object with ``lookup(actor_id) -> Person | None`` (:class:`Directory`).
  :class:`StaticDirectory` is a ready-made one over a list of people.
* With a directory (``Desk(directory=...)``) the desk trusts it, not the
  caller: an actor unknown to it, or no longer active, may not act
  (:class:`~custrecovery.errors.RightsRefused`); the role an operation is
  performed in is one of the person's roles in the directory, and the history
  records that role, not the one the caller wrote on the :class:`~custrecovery.Actor`.
  Someone a case is offered or assigned to must be known and active too.
* The owner's supervisor is who the directory says; only a directory can say
  it, so a supervisor's offer on an absent owner's behalf and a take-over from
  an owner who left need one.
* Without a directory the desk keeps its earlier behaviour: it trusts the role
  the caller writes on the ``Actor`` (a CRM that authenticates its users and
  fills ``role`` from its own records is then the directory).
* :meth:`Desk.cases_with_inactive_owner <custrecovery.Desk.cases_with_inactive_owner>`
  lists the open cases whose owner has left, for a CRM's scheduler to give to
  their supervisors (``TakeOver``).

Theory of operation: this module holds values and the protocol only; the desk
(:mod:`custrecovery.desk`) consults the directory when it applies an operation,
never when it replays a stored history (the directory says who people are now,
not who they were then: the history records the role they acted in).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from typing import final
from typing import runtime_checkable

import attrs

from custrecovery.errors import InvalidValue
from custrecovery.parties import _identity
from custrecovery.parties import _non_empty

__all__ = [
    "Directory",
    "Person",
    "StaticDirectory",
]


def _roles(value: Iterable[str]) -> tuple[str, ...]:
    roles = tuple(value)
    if not roles or not all(isinstance(r, str) and r.strip() for r in roles):
        raise InvalidValue(f"a person has at least one non-empty role, got {roles!r}")
    return roles


@final
@attrs.frozen(kw_only=True)
class Person:
    """Someone in the firm as the directory knows them."""

    actor_id: str = attrs.field(validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    roles: tuple[str, ...] = attrs.field(converter=_roles)
    """The roles they may act in, the usual one first."""
    active: bool = True
    """False once they have left the firm (or are otherwise no longer able to act)."""
    supervisor_id: str | None = None
    """Who acts for them when they are away or gone."""


@runtime_checkable
class Directory(Protocol):
    """What a desk needs from the firm's directory of people."""

    def lookup(self, actor_id: str) -> Person | None:
        """The person with ``actor_id`` (compared as :meth:`Actor.is_same_person` does),
        or ``None`` if the firm does not know them."""
        ...


@final
class StaticDirectory:
    """A :class:`Directory` over a fixed list of people (for tests, demos, small firms)."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._people: dict[str, Person] = {}
        for person in people:
            key = _identity(person.actor_id)
            if key in self._people:
                raise InvalidValue(f"two people with actor id {person.actor_id!r}")
            self._people[key] = person

    def lookup(self, actor_id: str) -> Person | None:
        """The person with ``actor_id``, or ``None``."""
        return self._people.get(_identity(actor_id))

    def with_person(self, person: Person) -> StaticDirectory:
        """A new directory with ``person`` added or replaced (someone leaves, say)."""
        people = dict(self._people)
        people[_identity(person.actor_id)] = person
        return StaticDirectory(people.values())
