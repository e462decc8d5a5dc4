"""A directory of the strategies' actors, for conformance runs with a directory.

:class:`ConformanceDirectory` holds the people of :data:`ACTOR_POOL` (same
names and roles, so the desk records them as drawn) with a supervisor each, and
lets a run mark one as having left the firm (:meth:`ConformanceDirectory.leave`).
It is mutable on purpose: people leave in the middle of a case, and the desk
must then refuse them and let their supervisor take over.
"""

from __future__ import annotations

from typing import final

import attrs

from custrecovery.directory import Person
from custrecovery.testing._case_strategies import ACTOR_POOL

__all__ = ["SUPERVISORS", "ConformanceDirectory"]

SUPERVISORS: dict[str, str] = {"alice": "dana", "bob": "dana", "chen": "dana", "dana": "chen"}
"""Who supervises whom among :data:`ACTOR_POOL` (everyone has a supervisor)."""


@final
class ConformanceDirectory:
    """A :class:`~custrecovery.directory.Directory` of :data:`ACTOR_POOL`, everyone active
    at first; :meth:`leave` marks someone inactive."""

    def __init__(self) -> None:
        self._people = {
            actor.actor_id: Person(
                actor_id=actor.actor_id,
                name=actor.name,
                roles=(actor.role,),
                supervisor_id=SUPERVISORS.get(actor.actor_id),
            )
            for actor in ACTOR_POOL
        }

    def lookup(self, actor_id: str) -> Person | None:
        """The person with ``actor_id`` (ids of the pool are lower case)."""
        return self._people.get(actor_id.casefold())

    def leave(self, actor_id: str) -> None:
        """``actor_id`` has left the firm: inactive from now on."""
        self._people[actor_id] = attrs.evolve(self._people[actor_id], active=False)

    def everyone_active(self) -> bool:
        """Whether nobody has left yet."""
        return all(person.active for person in self._people.values())

    def active(self, actor_id: str) -> bool:
        """Whether ``actor_id`` is a known, active person."""
        person = self.lookup(actor_id)
        return person is not None and person.active
