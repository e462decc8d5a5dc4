"""Hostile input (issue 11): loading limits, located refusals, one grammar, and fuzzing."""

from __future__ import annotations

import collections
import contextlib
import copy
import gc
import json
import re
import time
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra yet
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import custrecovery as cr
from custrecovery.money import DECIMAL_PATTERN
from custrecovery.money import Money
from custrecovery.storage import LoadingLimits
from custrecovery.storage import from_dict
from custrecovery.storage import to_dict
from tests.storage._helpers import DESK
from tests.storage._helpers import SCHEMA
from tests.storage._helpers import STORY
from tests.storage._helpers import STORY_DOC
from tests.storage._helpers import Doc
from tests.storage._helpers import reseal

TEXT = cr.to_json(STORY)
FAST = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# --- JSON text: refused before the expensive step, located -------------------------------


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        pytest.param(
            "[" * 1000 + "]" * 1000, "(line 1 column 33)", "nested deeper than 32", id="deep-arrays"
        ),
        pytest.param(
            '{"a":' * 1000 + "1" + "}" * 1000,
            "(line 1 column 161)",
            "nested deeper than 32",
            id="deep-objects",
        ),
        pytest.param(
            "[" * 100_000, "(line 1 column 33)", "nested deeper than 32", id="deep-unclosed"
        ),
        pytest.param(
            '{"format": "a", "format": "b"}',
            "$.format (line 1 column 17)",
            "duplicate key 'format'",
            id="duplicate-key",
        ),
        pytest.param(
            '{"a": {"b": 1, "b": 1}}',
            "$.a.b (line 1 column 16)",
            "duplicate key 'b'",
            id="duplicate-nested-key",
        ),
        pytest.param(
            '["\\ud800"]',
            "$[0] (line 1 column 2)",
            "a lone surrogate is not text",
            id="escaped-surrogate",
        ),
        pytest.param(
            '["\ud800"]', "line 1 column 3", "a lone surrogate is not text", id="raw-surrogate"
        ),
        pytest.param(
            '{"a": NaN}',
            "$.a (line 1 column 7)",
            "NaN and infinities are not JSON numbers",
            id="nan",
        ),
        pytest.param("[Infinity]", "$[0] (line 1 column 2)", "NaN and infinities", id="infinity"),
        pytest.param(
            "[-Infinity]", "$[0] (line 1 column 2)", "NaN and infinities", id="minus-infinity"
        ),
        pytest.param(
            "[1, 1e999990]",
            "$[1] (line 1 column 5)",
            "the number is too large",
            id="json-number-exponent",
        ),
        pytest.param(
            '{"v":\n ' + "9" * 5000 + "}",
            "$.v (line 2 column 2)",
            "a number longer than 20 digits",
            id="integer-5000-digits",
        ),
        pytest.param(
            '{"a": "' + "x" * 100_001 + '"}',
            "$.a (line 1 column 7)",
            "a string of 100001 characters",
            id="long-string",
        ),
        pytest.param(
            b'{"a": "\xc3"}',
            "line 1 column 8",
            "not valid JSON: the bytes are not UTF-8",
            id="bad-utf8",
        ),
        pytest.param(42, "$", "expected JSON text (str or bytes), got int", id="not-text"),
    ],
)
def test_hostile_text_is_refused_where_it_is(text: Any, where: str, problem: str) -> None:
    """Deep nesting, duplicate keys, surrogates, constants, long numbers and strings are
    DataErrors naming the line and column (and the path), never a bare Python error."""
    with pytest.raises(cr.DataError) as caught:
        cr.from_json(cr.Case, text, desk=DESK)
    assert caught.value.where.endswith(where)
    assert caught.value.problem.startswith(problem)
    with pytest.raises(cr.DataError):
        cr.from_json(cr.Money, text)


def test_a_document_over_the_size_limit_is_refused_before_parsing() -> None:
    """Text longer than max_bytes is refused at once, whatever it holds."""
    limits = LoadingLimits(max_bytes=len(TEXT) - 1)
    for text in (TEXT, TEXT.encode()):
        with pytest.raises(cr.DataError, match=r"LoadingLimits\.max_bytes"):
            cr.from_json(cr.Case, text, desk=DESK, limits=limits)
    with pytest.raises(cr.DataError, match=r"LoadingLimits\.max_bytes") as caught:
        cr.case_from_dict(STORY_DOC, desk=DESK, limits=LoadingLimits(max_bytes=1000))
    assert caught.value.where.startswith("$.history")
    with pytest.raises(cr.DataError, match=r"LoadingLimits\.max_bytes") as whole:
        cr.case_from_dict(STORY_DOC, desk=DESK, limits=LoadingLimits(max_bytes=2000))
    assert whole.value.where == "$.history"


@pytest.mark.parametrize(
    ("limits", "where", "problem"),
    [
        pytest.param(
            LoadingLimits(max_depth=5),
            "$.history[0].operation.complaint.claimed_loss",
            "nested deeper than 5",
            id="depth",
        ),
        pytest.param(
            LoadingLimits(max_events=5),
            "$.history",
            "a history of 6 events, over the limit of 5",
            id="events",
        ),
        pytest.param(
            LoadingLimits(max_string_length=20),
            "$.provenance.fingerprint",
            "a string of 71 characters",
            id="string",
        ),
    ],
)
def test_the_limits_are_configurable(limits: LoadingLimits, where: str, problem: str) -> None:
    """Tighter limits refuse the story, dict or text alike, naming the path."""
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(STORY_DOC, desk=DESK, limits=limits)
    assert caught.value.where.startswith(where)
    assert caught.value.problem.startswith(problem)
    with pytest.raises(cr.DataError) as again:
        cr.from_json(cr.Case, TEXT, desk=DESK, limits=limits)
    assert again.value.problem.startswith(problem)


@pytest.mark.parametrize(
    "fields",
    [
        {"max_depth": 0},
        {"max_depth": 201},
        {"max_bytes": -1},
        {"max_events": 1.5},
        {"max_string_length": True},
    ],
)
def test_limits_are_positive_ints(fields: dict[str, Any]) -> None:
    """A limit that is not a positive int (or too deep for Python) is the caller's mistake."""
    with pytest.raises(cr.InvalidValue, match="LoadingLimits"):
        LoadingLimits(**fields)


def test_the_default_limits_load_the_story() -> None:
    """Every document the library writes loads under the default limits."""
    assert cr.case_from_dict(STORY_DOC, desk=DESK, limits=LoadingLimits()) == STORY


# --- plain data: what a dict may hold ---------------------------------------------------


def test_a_mapping_that_is_not_a_dict_missing_a_key_is_refused() -> None:
    """An OrderedDict missing a key with a default is refused, like a dict, not defaulted."""
    data = collections.OrderedDict(to_dict(STORY.history[1].operation))
    del data["note"]
    with pytest.raises(cr.DataError) as caught:
        from_dict(cr.operations.Operation, data)
    assert caught.value.problem == "missing key 'note'"
    doc = copy.deepcopy(STORY_DOC)
    doc["history"][1]["operation"] = data
    with pytest.raises(cr.DataError) as loaded:
        cr.case_from_dict(reseal(doc), desk=DESK)
    assert (loaded.value.where, loaded.value.problem) == (
        "$.history[1].operation",
        "missing key 'note'",
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param({1: "x"}, "an object key must be a string", id="int-key"),
        pytest.param({"a": {1, 2}}, "not JSON data", id="set"),
        pytest.param({"a": b"bytes"}, "not JSON data", id="bytes"),
        pytest.param({"a": float("inf")}, "NaN and infinities", id="infinity"),
        pytest.param({"a": 10**5000}, "a number longer than 20 digits", id="huge-int"),
    ],
)
def test_data_that_is_not_json_is_refused(value: Any, problem: str) -> None:
    """Python values JSON cannot hold are DataErrors naming where they are."""
    with pytest.raises(cr.DataError) as caught:
        from_dict(cr.Money, value)
    assert problem in caught.value.problem
    assert caught.value.where.startswith("$")


def test_a_cycle_is_refused_not_followed() -> None:
    """A self-referencing dict is refused at the depth limit instead of recursing forever."""
    loop: dict[str, Any] = {}
    loop["a"] = loop
    with pytest.raises(cr.DataError, match="nested deeper than 32"):
        from_dict(cr.Money, loop)


# --- messages in the domain's words -----------------------------------------------------

_PYTHON_WORDS = re.compile(
    r"NoneType|\bdict\b|\blist\b|\bstr\b|\bint\b|\bfloat\b|\bbool\b|isoformat|"
    r"Traceback|object at 0x|a Event|Error:"
)


@pytest.mark.parametrize(
    ("value", "cls"),
    [
        ([], cr.Event),
        ("yesterday", cr.Event),
        ({**to_dict(STORY.history[1]), "operation": []}, cr.Event),
        ({**to_dict(STORY.history[1].operation), "at": "yesterday"}, cr.operations.Acknowledge),
        ({**to_dict(STORY.history[1].operation), "at": None}, cr.operations.Acknowledge),
        ({**to_dict(STORY.history[1].operation), "note": 5}, cr.operations.Acknowledge),
        ({**to_dict(STORY.history[1].operation), "by": True}, cr.operations.Acknowledge),
        ({"amount": 1.5, "currency": "EUR"}, cr.Money),
        ({"amount": "1", "currency": ["EUR"]}, cr.Money),
    ],
)
def test_messages_never_leak_python_internals(value: Any, cls: type[Any]) -> None:
    """Refusals speak JSON and the domain: no Python type names, no parser internals."""
    with pytest.raises(cr.DataError) as caught:
        from_dict(cls, value)
    assert not _PYTHON_WORDS.search(caught.value.problem), caught.value.problem
    assert caught.value.where.startswith("$")


def test_a_huge_value_is_never_echoed_whole() -> None:
    """A refused value is shown cut short: a 10 MB string does not come back in the message."""
    doc = copy.deepcopy(STORY_DOC)
    doc["history"][1]["operation"]["at"] = "x" * 50_000
    with pytest.raises(cr.DataError) as caught:
        cr.case_from_dict(reseal(doc), desk=DESK)
    assert len(str(caught.value)) < 400


# --- one grammar: the library, Money and the schema agree -------------------------------

_DECIMAL_SCHEMA = jsonschema.Draft202012Validator(
    {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/decimal"}
)
_CHARS = st.sampled_from([*"0123456789-.eE+_ \n", "\u0661", "\uff11", "\u00b2"])


def _library_accepts(text: str) -> bool:
    try:
        from_dict(cr.Money, {"amount": text, "currency": "KWD"})
    except cr.DataError as error:
        return "more decimals than KWD" in error.problem
    return True


@settings(FAST, max_examples=1000)
@given(st.from_regex(DECIMAL_PATTERN, fullmatch=True) | st.text(_CHARS, max_size=40))
def test_the_library_and_the_schema_accept_the_same_decimals(text: str) -> None:
    """A decimal string is accepted by the library (and Money) exactly when the shipped
    JSON Schema accepts it: one grammar, ASCII only, bounded digits."""
    schema_ok = _DECIMAL_SCHEMA.is_valid(text)
    assert _library_accepts(text) == schema_ok, text
    try:
        Money(text, "KWD")
        money_ok = True
    except cr.InvalidValue as error:
        money_ok = "more decimals than KWD" in str(error)
    assert money_ok == schema_ok, text


def test_the_schema_uses_the_one_grammar() -> None:
    """Amounts and durations in the schema use DECIMAL_PATTERN itself."""
    defs = SCHEMA["$defs"]
    assert defs["decimal"]["pattern"] == defs["duration"]["pattern"] == DECIMAL_PATTERN
    assert defs["Money"]["properties"]["amount"] == {"$ref": "#/$defs/decimal"}


# --- time linear in the size -----------------------------------------------------------


def _crafted(size: int) -> dict[str, str]:
    """Documents of about ``size`` characters built to be expensive (see benchmarks/hostile.py)."""
    ones = max(1, size // 4)
    return {
        "deep-at-the-limit": ("[" * 31 + "[0]," * (size // 4 // 32) + "0" + "]" * 31),
        "many-keys-then-a-duplicate": "{"
        + ",".join(f'"k{i}":0' for i in range(size // 8))
        + ',"k0":1}',
        "long-string-at-the-end": '["' + "x" * size + '"]',
        "escapes": '["' + "\\n" * (size // 2) + '"]',
        "many-small-numbers": "[" + "1," * ones + "1]",
    }


def test_hostile_documents_cost_time_linear_in_their_size() -> None:
    """Crafted documents 100 times larger take at most ~300 times longer (linear, with room
    for a busy machine), and every one is loaded or refused with a DataError."""

    def worst(size: int) -> float:
        slowest = 0.0
        for text in _crafted(size).values():
            start = time.perf_counter()
            with contextlib.suppress(cr.DataError):
                cr.from_json(cr.Case, text, desk=DESK)
            slowest = max(slowest, time.perf_counter() - start)
        return slowest

    worst(10_000)  # warm up
    small = min(worst(10_000) for _ in range(3))
    large = min(worst(1_000_000) for _ in range(2))
    assert large < max(300 * small, 0.5), (small, large)


def test_big_actor_names_do_not_stay_resident() -> None:
    """Loading documents whose actors have huge names (30 documents, 90,000-character names)
    keeps none of them in the actor caches: they are bounded in bytes, not only entries."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]

    def rename(node: Any, index: int) -> None:
        if isinstance(node, dict):
            if "actor_id" in node:
                node["name"] = f"{node['actor_id']}-{index}-" + "N" * 90_000
            for child in node.values():
                rename(child, index)
        elif isinstance(node, list):
            for child in node:
                rename(child, index)

    for index in range(30):
        doc = copy.deepcopy(STORY_DOC)
        rename(doc, index)
        assert cr.case_from_dict(reseal(doc), desk=DESK).owner.name.endswith("N")
        del doc
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 1_000_000


# --- fuzzing: only typed errors or good loads -------------------------------------------


def _load_any(text: str | bytes) -> None:
    """Load ``text`` as a case: it either loads or raises the library's own error."""
    try:
        case = cr.from_json(cr.Case, text, desk=DESK)
    except cr.CustRecoveryError as error:
        where = error.where if isinstance(error, cr.DataError) else "not a DataError"
        assert where  # any library error will do; a DataError says where
        return
    assert isinstance(case, cr.Case)


@settings(FAST, max_examples=1000)
@given(st.data())
def test_fuzz_bytes(data: st.DataObject) -> None:
    """Random byte edits of a valid document load or raise the library's errors only."""
    raw = bytearray(TEXT.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        how = data.draw(st.sampled_from(["flip", "insert", "delete", "dup"]))
        if how == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif how == "insert":
            raw[at:at] = data.draw(
                st.sampled_from([b"[", b"{", b'"', b"\\", b",", b"-", b"\xff", b"\\ud800"])
            )
        elif how == "delete":
            del raw[at]
        else:
            raw[at:at] = raw[at : at + data.draw(st.integers(1, 30))]
    _load_any(bytes(raw))


_HOSTILE_NUMBERS = st.sampled_from(
    ["1e999990", "1e30", "1e9999999", "1800.0000001", "1_800", " 1800 ", "\u0661", "-0", "0",
     "9" * 31, "-" + "9" * 30, "NaN", "Infinity", "0.0000001", "99999999999999999999.999999"]
)  # fmt: skip


@settings(FAST, max_examples=500)
@given(st.data())
def test_fuzz_numbers(data: st.DataObject) -> None:
    """Every string or number of a valid document replaced by a hostile number (resealed)
    loads or raises the library's errors only."""
    doc: Doc = json.loads(TEXT)
    targets: list[tuple[Any, Any]] = []

    def collect(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in list(items):
            if isinstance(child, (dict, list)):
                collect(child)
            elif key != "digest":
                targets.append((node, key))

    collect(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        node, key = data.draw(st.sampled_from(targets))
        value = data.draw(_HOSTILE_NUMBERS)
        as_number = re.fullmatch(r"-?[0-9]+", value) is not None and data.draw(st.booleans())
        node[key] = int(value) if as_number else value
    _load_any(json.dumps(reseal(doc), ensure_ascii=False))


@settings(FAST, max_examples=500)
@given(st.data())
def test_fuzz_structure(data: st.DataObject) -> None:
    """Random structural edits (nesting, duplication, removal, retyping; resealed) load or
    raise the library's errors only."""
    doc: Doc = json.loads(TEXT)
    containers: list[Any] = []

    def collect(node: Any) -> None:
        containers.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (dict, list)):
                collect(child)

    collect(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        node = data.draw(st.sampled_from(containers))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            continue
        key = data.draw(st.sampled_from(keys))
        how = data.draw(st.sampled_from(["wrap", "drop", "null", "copy", "list", "deep"]))
        if how == "wrap":
            node[key] = [node[key]]
        elif how == "drop":
            del node[key]
        elif how == "null":
            node[key] = None
        elif how == "copy":
            node[key] = copy.deepcopy(data.draw(st.sampled_from(containers)))
        elif how == "list":
            node[key] = [1, "2", None, {}]
        else:
            deep: Any = 0
            for _ in range(data.draw(st.integers(1, 60))):
                deep = [deep]
            node[key] = deep
        if how in ("drop", "copy"):
            break  # the containers list may now hold detached nodes
    _load_any(json.dumps(reseal(doc), ensure_ascii=False))
