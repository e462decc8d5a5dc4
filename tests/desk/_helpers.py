"""Shared by the plugin tests: a desk builder, outcomes, and the plugins used by the tests."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

import custrecovery as cr
from custrecovery import hookimpl
from custrecovery.goodwill import CompensationFacts
from custrecovery.goodwill import FailureKind
from custrecovery.operations import Operation
from tests.conftest import COMPLAINT

EUR_FACTS = CompensationFacts("EUR", failure=FailureKind.MONEY, loss=cr.Money("40.00", "EUR"))
PUBLIC_COMPLAINT = attrs.evolve(COMPLAINT, channel=cr.Channel.SOCIAL_MEDIA)


def _outcome(behaviour: object) -> object:
    """Raise ``behaviour`` if it is an exception, else return it."""
    if isinstance(behaviour, BaseException):
        raise behaviour
    return behaviour


def _desk(*plugins: object, **options: object) -> cr.Desk:
    return cr.Desk(plugins=plugins, entry_points=False, **options)  # type: ignore[arg-type]


class Broken:
    """A plugin named "broken"; each hook raises or returns what it was given."""

    plugin_name = "broken"


class VetoPlugin(Broken):
    def __init__(self, answer: object) -> None:
        self.answer = answer

    @hookimpl
    def veto_operation(self, operation: Operation) -> object:
        return _outcome(self.answer)


class Counter:
    """Counts (and keeps) the events it is notified of."""

    plugin_name = "counter"

    def __init__(self) -> None:
        self.events: list[cr.Event] = []

    @hookimpl
    def on_operation_accepted(self, case: cr.Case, event: cr.Event) -> None:
        self.events.append(event)


class Suggests:
    """Suggests one fixed follow-up, naming itself."""

    def __init__(self, name: str) -> None:
        self.plugin_name = name

    @hookimpl
    def suggest_follow_ups(self) -> Sequence[cr.FollowUpAction]:
        return [cr.FollowUpAction("owner", f"do what {self.plugin_name} says", "a test")]
