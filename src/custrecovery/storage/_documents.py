"""JSON for cases, events and values, built on cattrs.

Format rules
------------
* A case document is ``{"format": "custrecovery.case", "format_version": 1, ...}``
  holding the case's snapshot fields (for a CRM's own columns) and its full
  ``history``. Loading a case *replays* the history through a
  :class:`~custrecovery.Desk` and then checks the stored snapshot against the
  replayed case, so a stored case can never disagree with its own history.
* Money is ``{"amount": "10.50", "currency": "EUR"}``: the amount an exact
  decimal string, never a JSON number.
* Times are ISO 8601 with an offset; a time without one is refused. Durations
  are seconds as an exact decimal string.
* Operations are a tagged union on ``"kind"`` (the lifecycle's event names).
* Unknown keys, wrong types, unknown kinds or enum values are refused.

Every problem raises :class:`~custrecovery.DataError` whose ``where`` is a path
such as ``$.history[3].operation.at``; nothing is half-built.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Mapping
from typing import Any
from typing import cast

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.errors import DataError
from custrecovery.operations import Operation
from custrecovery.parties import Actor
from custrecovery.storage._converter import _T
from custrecovery.storage._converter import _structure
from custrecovery.storage._converter import _unstructure

__all__ = [
    "FORMAT_VERSION",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]

FORMAT_VERSION = 1
"""The version of the case document format this library writes and reads."""


def to_dict(value: Any) -> Any:
    """Plain JSON-ready data for any custrecovery value, operation or event."""
    if isinstance(value, Case):
        return case_to_dict(value)
    return _unstructure(value)


def from_dict(cls: type[_T], data: Any) -> _T:
    """Build a value of type ``cls`` from :func:`to_dict` data (not a case: see below)."""
    if cls is Case:
        raise TypeError("use case_from_dict(data, desk=...) for cases")
    if isinstance(cls, type) and issubclass(cls, Operation) and cls is not Operation:
        # Operations are written with their kind: read them through the union.
        operation = _structure(data, Operation, "$")
        if not isinstance(operation, cls):
            raise DataError(f"expected kind {cls.kind!r}, got {operation.kind!r}", where="$.kind")
        return operation
    return _structure(data, cls, "$")


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case document: format header, snapshot fields and full history."""
    return {
        "format": "custrecovery.case",
        "format_version": FORMAT_VERSION,
        "case_id": case.case_id,
        "state": case.state,
        "owner": _unstructure(case.owner),
        "version": case.version,
        "history": [_unstructure(event) for event in case.history],
    }


_DOCUMENT_KEYS = frozenset(
    {"format", "format_version", "case_id", "state", "owner", "version", "history"}
)


@functools.lru_cache(maxsize=4096)
def _actor_document(actor: Actor) -> Any:
    # The stored owner is compared with the replayed one as written: the same
    # few people own case after case, so their written form is kept.
    return _unstructure(actor)


def case_from_dict(data: Any, *, desk: Any = None) -> Case:
    """Load a case by replaying its stored history; check the snapshot against it.

    ``desk`` is the :class:`~custrecovery.Desk` whose lifecycle and rules the
    history is replayed under (a default ``Desk()`` when omitted).
    """
    from custrecovery.desk import Desk

    desk = desk if desk is not None else Desk()
    if not isinstance(data, Mapping):
        raise DataError(f"a case document is an object, got {type(data).__name__}", where="$")
    if data.keys() != _DOCUMENT_KEYS:
        missing = sorted(_DOCUMENT_KEYS - data.keys())
        extra = sorted(data.keys() - _DOCUMENT_KEYS)
        raise DataError(f"missing keys {missing}, unknown keys {extra}", where="$")
    if data["format"] != "custrecovery.case":
        raise DataError(f"not a case document: format {data['format']!r}", where="$.format")
    for key in ("format_version", "version"):
        if type(data[key]) is not int:
            raise DataError(f"expected an integer, got {data[key]!r}", where=f"$.{key}")
    if data["format_version"] != FORMAT_VERSION:
        raise DataError(
            f"format_version {data['format_version']!r} is not {FORMAT_VERSION}",
            where="$.format_version",
        )
    if type(data["case_id"]) is not str:
        raise DataError(f"expected a string, got {data['case_id']!r}", where="$.case_id")
    history = data["history"]
    if not isinstance(history, list) or not history:
        raise DataError("history must be a non-empty list", where="$.history")
    events = [_structure(raw, Event, f"$.history[{index}]") for index, raw in enumerate(history)]
    case: Case = desk.replay(events, case_id=data["case_id"])
    for key in ("state", "version"):
        if data[key] != getattr(case, key):
            raise DataError(
                f"stored {key} {data[key]!r} but the history gives {getattr(case, key)!r}",
                where=f"$.{key}",
            )
    if data["owner"] != _actor_document(case.owner):
        raise DataError(
            f"stored owner {data['owner']!r} but the history gives {case.owner.actor_id!r}",
            where="$.owner",
        )
    return case


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the case document :func:`case_to_dict` writes.

    Shipped as ``custrecovery/storage/case.schema.json`` for integrators in
    other languages.
    """
    text = importlib.resources.files("custrecovery").joinpath("storage/case.schema.json")
    schema: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return schema


def to_json(value: Any, *, indent: int | None = None) -> str:
    """JSON text for a case, event, operation or value."""
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False, sort_keys=True)


def from_json(cls: type[_T], text: str | bytes, *, desk: Any = None) -> _T:
    """Parse JSON text into ``cls`` (cases are replayed under ``desk``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            f"not valid JSON: {error.msg}", where=f"line {error.lineno} column {error.colno}"
        ) from None
    except (UnicodeDecodeError, ValueError) as error:  # bad bytes; an absurdly long integer
        raise DataError(f"not valid JSON: {error}", where="$") from None
    if cls is Case:
        return cast(_T, case_from_dict(data, desk=desk))
    return from_dict(cls, data)
