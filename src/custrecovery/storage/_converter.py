"""The cattrs converters behind case documents: exact round trips, errors with JSON paths.

Two converters share the same hooks: a fast one for the common shapes and a
detailed one that names the exact path of a problem. Decimals travel as strings,
datetimes as ISO 8601 with an offset, durations as seconds in a string; an enum
is stored by value and found by exact type and value.

Rules for the hooks (hostile input, issue 11):

* Decimal and duration strings follow :data:`custrecovery.money.DECIMAL_PATTERN`,
  checked before any ``Decimal`` or ``int`` is built; a duration is a whole
  number of microseconds within ``timedelta``'s range (``"1800.0000001"`` is
  refused, never rounded).
* A time matches ISO 8601 as :meth:`datetime.isoformat` writes it, with an
  offset, and lies inside the calendar in UTC.
* Messages speak JSON and the domain ("expected an event (an object), got an
  array"), never Python's types, and never echo more than a few dozen
  characters of the input.
* The fast pass's actor cache keeps only small actors: it is bounded in
  bytes as well as in entries.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any
from typing import TypeVar
from typing import get_args
from typing import get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_unstructure_fn
from cattrs.gen import override
from cattrs.strategies import configure_tagged_union
from cattrs.strategies import include_subclasses
from cattrs.v import format_exception

from custrecovery._time import outside_calendar
from custrecovery.errors import CustRecoveryError
from custrecovery.errors import DataError
from custrecovery.money import DECIMAL_PATTERN
from custrecovery.money import to_decimal
from custrecovery.operations import OPERATION_TYPES
from custrecovery.operations import Operation
from custrecovery.parties import Actor
from custrecovery.storage._limits import json_kind

__all__ = []


_T = TypeVar("_T")


def _strict(kind: type[Any], name: str) -> Callable[[object, type[Any]], Any]:
    def structure(value: object, cls: type[Any]) -> Any:
        if cls is not kind:
            # cattrs finds this hook by single dispatch, so an IntEnum or a StrEnum
            # lands here too: it is checked as an enum, never coerced.
            return _enum(value, cls)
        # Exact JSON types: bool is an int in Python but not in the format.
        if type(value) is not kind:
            raise TypeError(f"expected {name}, got {json_kind(value)}")
        return value

    return structure


def _decimal(value: object, _: type[Any]) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal string, got {json_kind(value)}")
    try:
        return to_decimal(value)
    except CustRecoveryError as error:
        raise ValueError(str(error)) from None


_DECIMAL = re.compile(DECIMAL_PATTERN)
TIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{6})?)?)?$"
)
"""Times as ``datetime.isoformat`` writes them; the schema's pattern requires the offset."""
_TIME = re.compile(TIME_PATTERN)
_EXAMPLE_TIME = "2026-11-02T09:00:00+00:00"


def _datetime(value: object, _: type[Any]) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 time, got {json_kind(value)}")
    match = _TIME.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{json_kind(value)} is not an ISO 8601 time with a UTC offset "
            f"(such as {_EXAMPLE_TIME})"
        )
    if match.group(2) is None:
        raise ValueError(f"time {value!r} has no UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date and time of the calendar") from None
    if outside_calendar(parsed):
        raise ValueError(f"time {value!r} lies outside the calendar in UTC (years 1 to 9999)")
    return parsed


def _seconds(value: timedelta) -> str:
    micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    # Fixed-point, never an exponent: "5400", "0.5".
    return format(Decimal(micro).scaleb(-6).normalize(), "f")


_MAX_MICROSECONDS = (timedelta.max.days * 86_400 + timedelta.max.seconds) * 1_000_000 + 999_999


def _timedelta(value: object, _: type[Any]) -> timedelta:
    if not isinstance(value, str):
        raise TypeError(f"expected a number of seconds as a string, got {json_kind(value)}")
    match = _DECIMAL.fullmatch(value)
    if match is None:
        raise ValueError(f"{json_kind(value)} is not a number of seconds (such as '5400' or '0.5')")
    # Integer arithmetic on at most 30 + 20 bounded digits: never an exponent.
    whole, fraction = match.group(1), (match.group(2) or ".")[1:]
    if fraction[6:].strip("0"):
        raise ValueError(f"{value!r} seconds is more precise than a microsecond")
    micro = int(whole) * 1_000_000 + int(fraction[:6].ljust(6, "0"))
    if micro > _MAX_MICROSECONDS:
        raise ValueError(f"{value!r} seconds is longer than any duration (999,999,999 days)")
    return timedelta(microseconds=-micro if value.startswith("-") else micro)


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
        shown = (
            repr(value)
            if isinstance(value, (str, int, list)) and len(repr(value)) <= 60
            else json_kind(value)
        )
        raise ValueError(f"{shown} is not a {cls.__name__} (one of {known})") from None


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
            raise TypeError(f"expected an array, got {json_kind(value)}")
        return base(value, kind)

    return structure


def _stored(field: attrs.Attribute[Any]) -> bool:
    """Whether a field is part of stored documents (``metadata={"stored": False}``: not)."""
    return bool(field.metadata.get("stored", True))


def _unstored_omitted(cls: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    """An attrs class's unstructure hook leaving out its in-memory-only fields."""
    omit: dict[str, Any] = {
        field.name: override(omit=True) for field in attrs.fields(cls) if not _stored(field)
    }
    hook: Callable[[Any], Any] = make_dict_unstructure_fn(cls, converter, **omit)
    return hook


def _has_unstored(cls: Any) -> bool:
    return attrs.has(cls) and not all(_stored(field) for field in attrs.fields(cls))


def _all_keys_factory(cls: Any, converter: cattrs.Converter) -> Callable[[object, Any], Any]:
    """An attrs class's hook that also refuses a dict missing one of its keys.

    Every key to_dict writes is required on the way back: a field with a default
    would otherwise quietly take it, and a dropped key would load as a different
    value. Unknown keys are the generated hook's business (``forbid_extra_keys``).
    """
    base = converter.gen_structure_attrs_fromdict(cls)
    fields = [field for field in attrs.fields(cls) if field.init and _stored(field)]
    expected = frozenset(field.alias for field in fields)
    # A missing required field is the generated hook's to report, at its own path.
    defaulted = frozenset(field.alias for field in fields if field.default is not attrs.NOTHING)

    noun = _noun(cls)

    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, Mapping):
            # Otherwise the generated hook fails on ``value.keys()`` or ``in value``.
            raise TypeError(f"expected {noun} (an object), got {json_kind(value)}")
        # Any mapping, not only a dict: an OrderedDict missing a key must not get
        # the default quietly either.
        if value.keys() != expected:
            odd = [key for key in value if type(key) is not str]
            if odd:
                raise ValueError(f"an object key must be a string, got {json_kind(odd[0])}")
            missing = defaulted - value.keys()
            if missing:
                raise ValueError(f"missing key {min(missing)!r}")
        return base(value, kind)

    return structure


def _noun(cls: type[Any]) -> str:
    """``CompensationFacts`` as "compensation facts", with an article."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


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
    converter.register_unstructure_hook_factory(_has_unstored, _unstored_omitted)
    include_subclasses(
        Operation,
        converter,
        union_strategy=partial(configure_tagged_union, tag_name="kind", tag_generator=_kind),
    )
    tagged = converter.get_structure_hook(Operation)

    def operation(value: object, _: Any) -> Operation:
        # The tagged union includes the abstract base (kind ""): only real kinds load.
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an operation (an object), got {json_kind(value)}")
        if "kind" not in value:
            raise ValueError("the operation has no 'kind'")
        kind = value["kind"]
        if type(kind) is not str or kind not in OPERATION_TYPES:
            shown = repr(kind) if type(kind) is str and len(kind) <= 40 else json_kind(kind)
            raise ValueError(f"unknown operation kind {shown}")
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


_CACHED_ACTOR_CHARACTERS = 256
"""Only actors this small are cached: 4096 entries then hold at most ~4 MB."""


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
            # Bounded in bytes too: documents whose actors have 10 MB names must
            # not stay resident after loading (they are built, not cached).
            if len(actor_id) + len(name) + len(role) + len(team) <= _CACHED_ACTOR_CHARACTERS:
                return _actor(actor_id, name, role, team)
            return Actor(actor_id, name, role=role, team=team)
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
        return _domain(str(error))
    return format_exception(error, kind)


def _domain(message: str) -> str:
    """A message cut to a readable length (a value class may echo a huge input)."""
    return message if len(message) <= 300 else message[:300] + "..."


def _problem(error: BaseException, path: str) -> DataError:
    if isinstance(error, DataError):
        return error
    if isinstance(error, cattrs.BaseValidationError):
        messages = cattrs.transform_error(error, path=path, format_exception=_format)
        first = messages[0] if messages else str(error)
        problem, _, where = first.rpartition(" @ ")
        return DataError(problem or first, where=where or path)
    if isinstance(error, (TypeError, ValueError, CustRecoveryError)) and str(error):
        return DataError(_domain(str(error)), where=path)
    return DataError(f"not a valid value ({_domain(str(error)) or 'malformed'})", where=path)
