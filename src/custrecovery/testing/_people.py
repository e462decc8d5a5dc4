"""A directory of the strategies' actors, and the conformance run on a desk with it.

:class:`ConformanceDirectory` holds the people of :data:`ACTOR_POOL` (same
names and roles, so the desk records them as drawn) with a supervisor each, and
lets a run mark one as having left the firm (:meth:`ConformanceDirectory.leave`).
It is mutable on purpose: people leave in the middle of a case, and the desk
must then refuse them and let their supervisor take over.
:class:`DirectoryConformance` is :class:`LifecycleConformance` on a desk with
such a directory, with one more rule: the owner leaves.
"""

from __future__ import annotations

from typing import final

import attrs
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule

from custrecovery.desk import Desk
from custrecovery.directory import Person
from custrecovery.testing._case_strategies import ACTOR_POOL
from custrecovery.testing._stateful import LifecycleConformance

__all__ = ["SUPERVISORS", "ConformanceDirectory", "DirectoryConformance"]

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


class DirectoryConformance(LifecycleConformance):
    """:class:`LifecycleConformance` on a desk with a directory in which people leave.

    The desk gets a fresh :class:`ConformanceDirectory` per run (override
    :meth:`make_desk_with` for other rules); a rule marks the case's owner as
    having left the firm, after which only their supervisor's take-over (or an
    offer on their behalf) moves the case on.
    """

    def __init__(self) -> None:
        self.people = ConformanceDirectory()
        super().__init__()
        self.desk = self.make_desk_with(self.people)
        self.table = self.stage_table(self.desk)

    @classmethod
    def make_desk_with(cls, directory: ConformanceDirectory) -> Desk:
        """The desk under test, given the run's directory."""
        return Desk(directory=directory)

    @precondition(
        lambda self: (
            self._model is not None
            and self._model.state in self.table.open
            and self.people.everyone_active()
        )
    )
    @rule()
    def owner_leaves(self) -> None:
        """The owner leaves the firm mid-case (the directory marks them inactive); once a run."""
        self.people.leave(self.model.owner)

    @invariant()
    def a_case_with_an_owner_who_left_is_listed(self) -> None:
        """The desk lists an open case whose owner left, for their supervisor to take over."""
        if self._case is not None:
            listed = self.desk.cases_with_inactive_owner([self.case]) == (self.case,)
            should = self.model.state in self.table.open and not self.people.active(
                self.model.owner
            )
            assert listed == should, f"listed={listed}, owner left and case open={should}"
