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

import enum
import functools
import importlib.resources
import json
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from decimal import InvalidOperation
from functools import partial
from typing import Any
from typing import TypeVar
from typing import cast
from typing import get_args
from typing import get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.strategies import configure_tagged_union
from cattrs.strategies import include_subclasses
from cattrs.v import format_exception

from custrecovery.cases import Case
from custrecovery.cases import Event
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import DataError
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import Operation
from custrecovery.parties import Actor

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

_T = TypeVar("_T")


def _strict(kind: type[Any], name: str) -> Callable[[object, type[Any]], Any]:
    def structure(value: object, cls: type[Any]) -> Any:
        if cls is not kind:
            # cattrs finds this hook by single dispatch, so an IntEnum or a StrEnum
            # lands here too: it is checked as an enum, never coerced.
            return _enum(value, cls)
        # Exact JSON types: bool is an int in Python but not in the format.
        if type(value) is not kind:
            raise TypeError(f"expected {name}, got {type(value).__name__} {value!r}")
        return value

    return structure


def _decimal(value: object, _: type[Any]) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal string, got {type(value).__name__} {value!r}")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None


def _datetime(value: object, _: type[Any]) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 time, got {type(value).__name__} {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    return parsed


def _seconds(value: timedelta) -> str:
    micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    # Fixed-point, never an exponent: "5400", "0.5".
    return format(Decimal(micro).scaleb(-6).normalize(), "f")


def _timedelta(value: object, _: type[Any]) -> timedelta:
    seconds = _decimal(value, Decimal)
    if not seconds.is_finite():
        raise ValueError(f"not a number of seconds: {value!r}")
    return timedelta(microseconds=int(seconds.scaleb(6)))


def _kind(cls: Any) -> str:
    kind: str = cls.kind
    return kind


@functools.cache
def _enum_members(cls: type[enum.Enum]) -> dict[tuple[type[Any], object], enum.Enum]:
    return {(type(member.value), member.value): member for member in cls}


def _enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    # Enums are checked by value and by the JSON type of their values: an IntEnum
    # is not just any int (the int hook would accept 7), and true is not 1.
    try:
        return _enum_members(cls)[type(value), value]
    except (KeyError, TypeError):  # TypeError: an unhashable value, a list say
        known = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{value!r} is not a {cls.__name__} (one of {known})") from None


def _is_tuple_type(kind: Any) -> bool:
    return get_origin(kind) is tuple


def _tuple_factory(kind: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
    """Tuples are JSON arrays only: a string or an object is not a list of things."""
    args = get_args(kind)
    if len(args) == 2 and args[1] is Ellipsis:
        base = homogenous_tuple_structure_factory(kind, converter)
    else:
        hooks = [converter.get_structure_hook(arg) for arg in args]

        def base(value: Any, _: Any) -> tuple[Any, ...]:
            if len(value) != len(hooks):
                raise ValueError(f"expected {len(hooks)} items, got {len(value)}")
            return tuple(
                hook(item, arg) for hook, item, arg in zip(hooks, value, args, strict=True)
            )

    def structure(value: object, _: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, got {type(value).__name__} {value!r}")
        return base(value, kind)

    return structure


def _all_keys_factory(cls: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
    """An attrs class's hook that also refuses a dict missing one of its keys.

    Every key to_dict writes is required on the way back: a field with a default
    would otherwise quietly take it, and a dropped key would load as a different
    value. Unknown keys are the generated hook's business (``forbid_extra_keys``).
    """
    base = converter.gen_structure_attrs_fromdict(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    expected = frozenset(field.alias for field in fields)
    # A missing required field is the generated hook's to report, at its own path.
    defaulted = frozenset(field.alias for field in fields if field.default is not attrs.NOTHING)

    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, Mapping):
            # Otherwise the generated hook fails on ``value.keys()`` or ``in value``.
            raise TypeError(
                f"expected a {cls.__name__} object, got {type(value).__name__} {value!r}"
            )
        if type(value) is dict and value.keys() != expected:
            missing = defaulted - value.keys()
            if missing:
                raise ValueError(f"missing key {min(missing)!r}")
        return base(value, kind)

    return structure


@functools.cache
def _converter(*, detailed: bool) -> cattrs.Converter:
    """The converter, built on first use (building it costs ~0.1 s of import time).

    The fast one (``detailed=False``) loads valid data; when it fails, the
    same data goes through the detailed one only to say where the problem is.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=detailed,
        # JSON has arrays, not tuples: a dict made by to_dict is plain JSON data.
        unstruct_collection_overrides={tuple: list, Sequence: list},
    )
    # cattrs looks these up by single dispatch before any predicate hook, so they
    # are registered the same way (and the hooks send enum subclasses to _enum).
    for kind, what in ((str, "a string"), (int, "an integer"), (bool, "true or false")):
        converter.register_structure_hook(kind, _strict(kind, what))
    converter.register_structure_hook(enum.Enum, _enum)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(datetime, _datetime)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    # Durations are seconds as an exact decimal string ("5400", "0.5").
    converter.register_structure_hook(timedelta, _timedelta)
    converter.register_unstructure_hook(timedelta, _seconds)
    converter.register_structure_hook_factory(_is_tuple_type, _tuple_factory)
    converter.register_structure_hook_factory(attrs.has, _all_keys_factory)
    include_subclasses(
        Operation,
        converter,
        union_strategy=partial(configure_tagged_union, tag_name="kind", tag_generator=_kind),
    )
    tagged = converter.get_structure_hook(Operation)

    def operation(value: object, _: Any) -> Operation:
        # The tagged union includes the abstract base (kind ""): only real kinds load.
        if not isinstance(value, dict):
            raise TypeError(f"expected an operation object, got {type(value).__name__}")
        if "kind" not in value:
            raise ValueError("the operation has no 'kind'")
        if value["kind"] not in OPERATION_TYPES:
            raise ValueError(f"unknown operation kind {value['kind']!r}")
        result: Operation = tagged(value, Operation)
        return result

    if detailed:
        converter.register_structure_hook(Operation, operation)
    else:
        _register_fast_paths(converter)
    return converter


# --- the fast pass's shortcuts ----------------------------------------------------
#
# Why: loading a case structures every event of its history, and two thirds of
# an event's cost was its two actors (``by`` and ``owner``, nearly always the
# same few people) and the tagged union's dispatch. These hooks are registered
# on the fast converter only and accept only the plain, well-typed shape
# to_dict writes; anything else raises, and the detailed converter (which has
# none of them) says what is wrong and where.

_ACTOR_KEYS = frozenset(attrs.fields_dict(Actor))


@functools.lru_cache(maxsize=4096)
def _actor(actor_id: str, name: str, role: str, team: str) -> Actor:
    # Actors are immutable values compared by value: one object per distinct
    # stored actor is indistinguishable from one per mention, and the cache is
    # bounded so a long stream of distinct people cannot grow it.
    return Actor(actor_id, name, role=role, team=team)


def _fast_actor(value: object, _: Any) -> Actor:
    if type(value) is dict and value.keys() == _ACTOR_KEYS:
        actor_id, name, role, team = value["actor_id"], value["name"], value["role"], value["team"]
        if type(actor_id) is type(name) is type(role) is type(team) is str:
            return _actor(actor_id, name, role, team)
    raise ValueError("not a plain actor object")


def _register_fast_paths(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(Actor, _fast_actor)
    # Each kind straight to its class's own hook (not the union's, which every
    # subclass gets from include_subclasses), the tag taken out first: the class
    # hooks forbid unknown keys, and "kind" is not a field.
    hooks = {
        kind: (cls, _all_keys_factory(cls, converter)) for kind, cls in OPERATION_TYPES.items()
    }

    def operation(value: object, _: Any) -> Operation:
        if type(value) is not dict:
            raise TypeError("not an operation object")
        fields = dict(value)
        kind = fields.pop("kind", None)
        entry = hooks.get(kind) if type(kind) is str else None
        if entry is None:
            raise ValueError("not a known operation kind")
        cls, hook = entry
        result: Operation = hook(fields, cls)
        return result

    converter.register_structure_hook(Operation, operation)


_LOAD_ERRORS = (
    cattrs.BaseValidationError,
    # The fast converter raises this for an unknown key; it is no BaseValidationError.
    cattrs.ForbiddenExtraKeysError,
    CustRecoveryError,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
)
"""What broken data makes cattrs and the value classes raise."""


def _structure(data: Any, cls: type[_T], path: str) -> _T:
    try:
        value = _converter(detailed=False).structure(data, cls)
    except _LOAD_ERRORS:
        # Valid data takes the fast pass; broken data goes through the detailed
        # converter only to say where it is broken.
        try:
            value = _converter(detailed=True).structure(data, cls)
        except _LOAD_ERRORS as error:
            raise _problem(error, path) from None
    return value


def _unstructure(value: Any) -> Any:
    return _converter(detailed=False).unstructure(value)


def _format(error: BaseException, kind: type[Any] | None) -> str:
    if isinstance(error, KeyError) and kind is not None and kind is not Operation:
        return "required field missing"
    if isinstance(error, KeyError):
        return f"unknown operation kind {error.args[0]!r}" if error.args else "missing 'kind'"
    if isinstance(error, (TypeError, ValueError, CustRecoveryError)) and str(error):
        return str(error)
    return format_exception(error, kind)


def _problem(error: BaseException, path: str) -> DataError:
    if isinstance(error, DataError):
        return error
    if isinstance(error, cattrs.BaseValidationError):
        messages = cattrs.transform_error(error, path=path, format_exception=_format)
        first = messages[0] if messages else str(error)
        problem, _, where = first.rpartition(" @ ")
        return DataError(problem or first, where=where or path)
    return DataError(f"{type(error).__name__}: {error}", where=path)


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
