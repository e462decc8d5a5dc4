"""Shared fixtures: fixed aware times, the people in the stories, and a desk per engine."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import Literal

import pytest
from hypothesis import settings

import custrecovery as cr
from custrecovery.lifecycle import LifecycleRules

# A loaded CI machine can take longer than hypothesis' 200 ms default deadline for
# one example of the compensation and boundary properties; a slow example is not a
# failure, so no deadline. Loaded here, before any test module builds its settings,
# so every @settings(max_examples=200) inherits it and keeps its own example count.
settings.register_profile("custrecovery", deadline=None)
settings.load_profile("custrecovery")

# The folders' shared helpers (tests/<folder>/_helpers.py) assert too: rewrite them
# like test modules, so a failing helper assertion still shows its values.
pytest.register_assert_rewrite(
    "tests.desk._helpers",
    "tests.goodwill._helpers",
    "tests.lifecycle._helpers",
    "tests.storage._helpers",
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
"""Every story starts here: a Monday morning, in UTC."""

Engine = Literal["compiled", "reference"]
ENGINES: tuple[Engine, ...] = ("compiled", "reference")


def minutes(n: float) -> datetime:
    """``n`` minutes after :data:`T0`."""
    return T0 + timedelta(minutes=n)


ALICE = cr.Actor("alice", "Alice", role="billing", team="billing")
BOB = cr.Actor("bob", "Bob", role="tech support", team="support")
CAROL = cr.Actor("carol", "Carol", role="head of support", team="support")
DAVE = cr.Actor("dave", "Dave", role="engineer", team="network")
CUSTOMER = cr.Customer("cust-1", "Cara Customer", contact="cara@example.com")
COMPLAINT = cr.Complaint(
    "C-1", CUSTOMER, cr.Channel.PHONE, T0, "the router keeps dropping the connection"
)
DUPLICATE = cr.Complaint(
    "C-2", CUSTOMER, cr.Channel.EMAIL, T0, "my internet cuts out every evening"
)
"""The same customer's problem, complained of again by email: a duplicate of ``C-1``."""
OTHER_CUSTOMER = cr.Customer("cust-9", "Otto Other", contact="otto@example.com")
REOPEN_WINDOW = timedelta(days=14)
"""The reopen window of :func:`windowed_desk`."""


@pytest.fixture
def alice() -> cr.Actor:
    """Alice works in billing and is the first to hear of most complaints."""
    return ALICE


@pytest.fixture
def bob() -> cr.Actor:
    """Bob works in tech support."""
    return BOB


@pytest.fixture
def carol() -> cr.Actor:
    """Carol is head of support."""
    return CAROL


@pytest.fixture
def dave() -> cr.Actor:
    """Dave is an engineer who meets customers at conferences."""
    return DAVE


@pytest.fixture
def customer() -> cr.Customer:
    """The customer who complains."""
    return CUSTOMER


@pytest.fixture
def complaint() -> cr.Complaint:
    """A phone complaint received at ``T0``."""
    return COMPLAINT


@pytest.fixture(params=ENGINES)
def desk(request: pytest.FixtureRequest) -> cr.Desk:
    """A desk with the built-in lifecycle, once per engine."""
    return cr.Desk(engine=request.param)


def windowed(desk: cr.Desk, window: timedelta = REOPEN_WINDOW) -> cr.Desk:
    """A desk like ``desk`` (same engine) whose rules reopen a closed case within ``window``."""
    return cr.Desk(engine=desk.engine_name, rules=LifecycleRules(reopen_window=window))


@pytest.fixture(params=ENGINES)
def windowed_desk(request: pytest.FixtureRequest) -> cr.Desk:
    """A desk whose rules reopen a closed case on a reply within 14 days, once per engine."""
    return cr.Desk(engine=request.param, rules=LifecycleRules(reopen_window=REOPEN_WINDOW))


class Listener:
    """A plugin that keeps every notification: event id, kind, and the case's owner."""

    plugin_name = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[str, str, str]] = []

    @cr.hookimpl
    def on_operation_accepted(self, case: cr.Case, event: cr.Event) -> None:
        self.heard.append((event.event_id, event.kind, case.owner.actor_id))
