"""The JSON schema: valid, covering every operation, and failing broken documents."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra yet
import pytest
from hypothesis import given

import custrecovery as cr
from custrecovery.operations import OPERATION_TYPES
from custrecovery.storage import to_dict
from tests.storage._helpers import DESK
from tests.storage._helpers import LOSS
from tests.storage._helpers import OP1
from tests.storage._helpers import PROPERTY
from tests.storage._helpers import SCHEMA
from tests.storage._helpers import STORY
from tests.storage._helpers import STORY_DOC
from tests.storage._helpers import VALIDATOR
from tests.storage._helpers import Doc
from tests.storage._helpers import _drop
from tests.storage._helpers import _put
from tests.storage._helpers import annotated_cases
from tests.storage._helpers import windowed_cases

# --- the schema ---------------------------------------------------------------------


def test_the_schema_is_valid_draft_2020_12() -> None:
    """The shipped schema is itself a valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_names_every_operation_and_its_fields() -> None:
    """Each kind in OPERATION_TYPES is one branch of the union, with exactly its fields."""
    union = SCHEMA["$defs"]["Operation"]
    kinds: dict[str, Any] = {}
    for branch in union["oneOf"]:
        kind = branch["if"]["properties"]["kind"]["const"]
        kinds[kind] = SCHEMA["$defs"][branch["then"]["$ref"].rsplit("/", 1)[1]]
        assert kinds[kind]["properties"]["kind"] == {"const": kind}
        assert branch["else"] is False
    assert set(kinds) == set(OPERATION_TYPES) == set(union["properties"]["kind"]["enum"])
    for kind, cls in OPERATION_TYPES.items():
        fields = {f.name for f in attrs.fields(cls)} | {"kind"}
        assert set(kinds[kind]["properties"]) == fields, kind
        assert kinds[kind]["additionalProperties"] is False


@PROPERTY
@given(annotated_cases())
def test_every_case_document_validates_against_the_schema(case: cr.Case) -> None:
    """What case_to_dict writes is valid under the shipped schema."""
    VALIDATOR.validate(json.loads(cr.to_json(case)))


@PROPERTY
@given(windowed_cases())
def test_every_windowed_case_document_validates_against_the_schema(case: cr.Case) -> None:
    """What case_to_dict writes for cases with a reopen window, reopened ones included, is
    valid under the shipped schema."""
    VALIDATOR.validate(json.loads(cr.to_json(case)))


def test_the_story_validates_against_the_schema() -> None:
    """The fixed story, goodwill decision included, is valid under the schema."""
    VALIDATOR.validate(STORY_DOC)


def test_case_to_dict_is_plain_json_data() -> None:
    """The dict case_to_dict returns is what JSON text reads back: lists, not tuples."""
    doc = cr.case_to_dict(STORY)
    assert doc == json.loads(cr.to_json(STORY))
    VALIDATOR.validate(doc)


def test_a_whole_minutes_duration_validates_against_the_schema() -> None:
    """A case whose goodwill facts lost exactly 90 minutes is valid under the schema."""
    doc = copy.deepcopy(STORY_DOC)
    doc["history"][5]["operation"]["decision"]["facts"]["time_lost"] = to_dict(
        timedelta(minutes=90)
    )
    VALIDATOR.validate(doc)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_put((*LOSS, "amount"), 10.5), id="amount-as-number"),
        pytest.param(_put((*LOSS, "currency"), "eur"), id="lower-case-currency"),
        pytest.param(_put((*OP1, "at"), "2026-11-02T09:01:00"), id="naive-time"),
        pytest.param(_put((*OP1, "kind"), "zap"), id="unknown-kind"),
        pytest.param(_put((*OP1, "colour"), "red"), id="extra-key"),
        pytest.param(_drop(("format_version",)), id="no-format-version"),
        pytest.param(_put(("history",), []), id="empty-history"),
        pytest.param(_put(("history", 0, "version"), "1"), id="version-as-string"),
    ],
)
def test_broken_documents_fail_the_schema(mutate: Callable[[Doc], None]) -> None:
    """Documents the library refuses are refused by the schema too."""
    doc = copy.deepcopy(STORY_DOC)
    mutate(doc)
    assert not VALIDATOR.is_valid(doc)
    with pytest.raises(cr.DataError):
        cr.case_from_dict(doc, desk=DESK)
