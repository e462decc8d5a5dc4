"""Loading changed documents: unknown states and random mutations."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.errors import UntrustedCase
from custrecovery.operations import Investigate
from tests.storage._helpers import BOB
from tests.storage._helpers import DESK
from tests.storage._helpers import PROPERTY
from tests.storage._helpers import STORY
from tests.storage._helpers import Doc
from tests.storage._helpers import annotated_cases
from tests.storage._helpers import at
from tests.storage._helpers import reseal

# --- unknown states ---------------------------------------------------------------------


def _renamed(case: cr.Case, state: str) -> cr.Case:
    last = attrs.evolve(case.history[-1], state=state)
    return attrs.evolve(case, history=(*case.history[:-1], last))


def test_apply_to_a_case_with_an_edited_state_is_refused() -> None:
    """A case whose history was edited in memory (a renamed state) is refused, naming it."""
    stale = _renamed(STORY, "renamed_state")
    with pytest.raises(UntrustedCase, match="case 'C-1' was not built or loaded"):
        DESK.apply(stale, Investigate(by=BOB, at=at(10)))


def test_a_case_state_cannot_be_set_apart_from_its_history() -> None:
    """A case's state, owner and version are read from its history, not stored beside it."""
    assert "state" not in attrs.fields_dict(cr.Case)
    with pytest.raises(TypeError, match="unexpected keyword argument 'state'"):
        attrs.evolve(STORY, state="renamed_state")  # type: ignore[call-arg]


def test_replaying_a_renamed_state_names_it() -> None:
    """Replaying a history whose last event has an unknown state names that state."""
    with pytest.raises(cr.DataError) as caught:
        DESK.replay(_renamed(STORY, "renamed_state").history)
    assert caught.value.where == "$.history[5].state"
    assert (
        caught.value.problem == "stored state 'renamed_state' is not a state of ComplaintLifecycle"
    )


def test_replaying_an_empty_history_raises() -> None:
    """No events, no case."""
    with pytest.raises(cr.DataError) as caught:
        DESK.replay([])
    assert caught.value.where == "$.history"


# --- random mutations -------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _paths(node: object, prefix: Path_ = ()) -> list[Path_]:
    """Every path to a value inside a JSON document (the root excluded)."""
    found: list[Path_] = []
    if isinstance(node, dict):
        for key, child in node.items():
            found.append((*prefix, key))
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.append((*prefix, index))
            found += _paths(child, (*prefix, index))
    return found


def _parent(doc: Doc, path: Path_) -> Any:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    return target


_OTHER_JSON: st.SearchStrategy[object] = st.sampled_from(
    [None, True, False, 0, -1, 1.5, "", "x", [], {}]
)


Mutation = tuple[cr.Case, "str | Doc", str, Path_]


@st.composite
def mutated(draw: st.DrawFn) -> Mutation:
    """A valid case, its stored document broken one random way, how, and where."""
    case = draw(annotated_cases())
    doc: Doc = json.loads(cr.to_json(case))
    how = draw(st.sampled_from(["drop", "retype", "swap", "duplicate", "text", "truncate"]))
    if how == "truncate":
        text = cr.to_json(case)
        return case, text[: draw(st.integers(0, len(text) - 1))], how, ()
    if how in ("swap", "duplicate"):
        events = doc["history"]
        i = draw(st.integers(0, len(events) - 1))
        j = draw(st.integers(0, len(events) - 1).filter(lambda k: k != i or how == "duplicate"))
        if how == "swap" and i != j:
            events[i], events[j] = events[j], events[i]
        else:
            events.insert(j, copy.deepcopy(events[i]))
        return case, doc, how, ("history", i)
    paths = _paths(doc)
    if how == "text":
        paths = [p for p in paths if isinstance(_parent(doc, p)[p[-1]], str)]
        path = draw(st.sampled_from(paths))
        old = _parent(doc, path)[path[-1]]
        _parent(doc, path)[path[-1]] = draw(st.sampled_from(["", " ", old + "x", old[:-1]]))
        return case, doc, how, path
    path = draw(st.sampled_from(paths))
    parent = _parent(doc, path)
    if how == "drop":
        if isinstance(parent, list):
            assert isinstance(path[-1], int)
            parent.pop(path[-1])
        else:
            del parent[path[-1]]
    else:
        original = parent[path[-1]]
        value = draw(_OTHER_JSON.filter(lambda v: type(v) is not type(original)))
        parent[path[-1]] = value
    return case, doc, how, path


@PROPERTY
@given(mutated())
def test_random_mutations_load_equal_or_raise_the_library_error(example: Mutation) -> None:
    """A broken document raises CustRecoveryError or loads what it says, nothing else.

    A dropped key raises (every key in the document is one to_dict writes, so a
    default must not hide it); a dropped array item or a retyped value raises or
    loads a case that writes exactly the broken document (an object may become a
    null where it is optional); swapped or duplicated events and truncated text
    raise or load the original case; a changed string loads to a case that reads
    back the same.
    """
    case, broken, how, path = example
    try:
        if isinstance(broken, str):
            loaded = cr.from_json(cr.Case, broken, desk=DESK)
        else:
            # Resealed, as anyone can an unkeyed chain: the checks behind the seal answer.
            loaded = cr.case_from_dict(reseal(broken), desk=DESK)
    except cr.CustRecoveryError:
        return
    assert isinstance(loaded, cr.Case)
    restored: Doc = json.loads(cr.to_json(loaded))
    if how in ("drop", "retype"):
        assert not (how == "drop" and isinstance(path[-1], str)), f"dropped {path} loaded"
        assert restored == broken
    elif how == "text":
        # A changed string may be read in its canonical form ("10.5" -> "10.50").
        assert cr.case_from_dict(restored, desk=DESK) == loaded
    else:
        assert loaded == case
