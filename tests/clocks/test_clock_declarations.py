"""Clock declarations are validated values; plugin answers are checked and fail closed."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Sequence
from datetime import datetime
from datetime import timezone
from typing import Any
from typing import overload

import pytest

from custrecovery import InvalidValue
from custrecovery import PluginError
from custrecovery.clocks import BusinessCalendar
from custrecovery.clocks import Clock
from custrecovery.clocks import ClockSet
from custrecovery.clocks import Duration
from custrecovery.clocks import Extension
from custrecovery.clocks import Trigger
from custrecovery.clocks import Unit
from custrecovery.clocks import cfpb_clocks
from custrecovery.clocks import clock_set_status
from custrecovery.clocks import clock_status
from custrecovery.clocks import collect_clock_sets
from custrecovery.clocks import fca_disp_clocks
from tests.clocks._ops import received

CAL = BusinessCalendar()
T = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)


def clock(**changes: Any) -> Clock:
    """A valid clock with ``changes`` applied."""
    fields: dict[str, Any] = {
        "name": "c",
        "rule": "answer in 2 days",
        "source": "house rule 1",
        "duration": Duration(2, Unit.CALENDAR_DAYS),
        "calendar": CAL,
        "starts": Trigger(events=["record"]),
    }
    fields.update(changes)
    return Clock(**fields)


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"source": " "},
        {"duration": 2},
        {"calendar": "GB"},
        {"starts": ["record"]},
        {"pauses_in": "awaiting_customer"},
        {"warn_at": 1.0},
        {"warn_at": 0},
        {"escalate": "yes"},
        {
            "extension": Extension(
                on=Trigger(events=["x"]), to=Duration(1, Unit.CALENDAR_DAYS), rule="shorter"
            )
        },
        {
            "extension": Extension(
                on=Trigger(events=["x"]), to=Duration(5, Unit.BUSINESS_DAYS), rule="other unit"
            )
        },
    ],
)
def test_bad_clocks_are_refused(changes: dict[str, Any]) -> None:
    """A malformed clock declaration raises InvalidValue."""
    with pytest.raises(InvalidValue):
        clock(**changes)


@pytest.mark.parametrize(
    ("amount", "unit"), [(0, Unit.HOURS), (1.5, Unit.HOURS), (True, Unit.HOURS), (3, "days")]
)
def test_bad_durations_are_refused(amount: object, unit: object) -> None:
    """A duration is a positive int amount of a Unit."""
    with pytest.raises(InvalidValue):
        Duration(amount, unit)  # type: ignore[arg-type]


def test_clock_sets_need_unique_clock_names() -> None:
    """Two clocks under one name in a set are refused, as is an empty set."""
    with pytest.raises(InvalidValue, match="unique"):
        ClockSet(name="s", clocks=[clock(), clock()])
    with pytest.raises(InvalidValue):
        ClockSet(name="s", clocks=[])
    with pytest.raises(InvalidValue, match="no clock"):
        fca_disp_clocks(calendar=CAL).clock("nope")


def test_durations_and_triggers_read_as_words() -> None:
    """Durations and triggers print as the rule would say them."""
    assert str(Duration(1, Unit.WEEKS)) == "1 week"
    assert str(Duration(15, Unit.BUSINESS_DAYS)) == "15 business days"
    assert (
        str(Trigger(events=["record"], states=["closed"])) == "event 'record' or entering 'closed'"
    )
    assert str(Trigger()) == "never"


def test_status_refuses_naive_times_and_garbage() -> None:
    """Status needs an aware as_of, a clock and a case or events."""
    case = received(T)
    with pytest.raises(InvalidValue):
        clock_status(clock(), case, as_of=datetime(2026, 11, 3))
    with pytest.raises(InvalidValue):
        clock_status(clock(), ["record"], as_of=T)  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        clock_status("c", case, as_of=T)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        clock_set_status(cfpb_clocks(), case, as_of=T, start="2026-11-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        clock_set_status(cfpb_clocks(), case, as_of=T, start=datetime(2026, 11, 1))


def test_every_status_explains_itself() -> None:
    """The explanation names the clock, rule, source, start and thresholds."""
    status = clock_status(clock(), received(T), as_of=T)
    text = str(status.explanation)
    assert text.startswith("house rule 1: answer in 2 days")
    for part in (
        "clock=c",
        "phase=running",
        "started=2026-11-02T10:00:00+00:00",
        "duration=2 calendar days",
    ):
        assert part in text


DISP = fca_disp_clocks(calendar=CAL)
CFPB = cfpb_clocks()


class BrokenSequence(Sequence[object]):
    """A sequence that raises when read."""

    def __len__(self) -> int:
        return 1

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[object]: ...
    def __getitem__(self, index: int | slice) -> object:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[object]:
        raise RuntimeError("boom")


def test_collect_keeps_good_answers_in_order() -> None:
    """Good answers are kept in call order with the plugin that gave each."""
    collected = collect_clock_sets([("uk", [DISP]), ("us", (CFPB,)), ("none", [])])
    assert collected.check() == (DISP, CFPB)
    assert collected.sources == (("FCA DISP", "uk"), ("CFPB", "us"))
    assert collected.problems == ()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, "returned None"),
        ("FCA DISP", "returned 'FCA DISP'"),
        (ValueError("bad config"), "raised ValueError: bad config"),
        ([DISP, "CFPB"], "not ClockSet values"),
        (BrokenSequence(), "RuntimeError: boom"),
    ],
)
def test_collect_fails_closed_naming_the_plugin(answer: object, expected: str) -> None:
    """Garbage, an exception or one bad item is a PluginError naming the plugin; none is used."""
    collected = collect_clock_sets([("good", [CFPB]), ("bad", answer)])
    assert collected.clock_sets == (CFPB,)
    (problem,) = collected.problems
    assert isinstance(problem, PluginError)
    assert problem.plugin == "bad"
    assert problem.hook == "register_clock_sets"
    assert expected in problem.problem
    with pytest.raises(PluginError, match="bad"):
        collected.check()


def test_collect_refuses_two_sets_under_one_name() -> None:
    """A clock-set name registered twice is a problem naming both plugins."""
    collected = collect_clock_sets([("first", [DISP]), ("second", [fca_disp_clocks()])])
    assert collected.clock_sets == (DISP,)
    (problem,) = collected.problems
    assert problem.plugin == "second"
    assert "'first'" in problem.problem


def test_collect_refuses_what_is_not_pairs() -> None:
    """The results must be (plugin, answer) pairs."""
    with pytest.raises(InvalidValue):
        collect_clock_sets("abc")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        collect_clock_sets([("a", [DISP], "extra")])  # type: ignore[list-item]
