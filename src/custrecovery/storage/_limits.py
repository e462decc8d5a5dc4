"""Loading limits: how big, deep and long a stored document may be before any work on it.

Rules
-----
* Every loader takes a :class:`LoadingLimits` (``limits=``; the defaults when
  omitted). A document over any limit is refused with a
  :class:`~custrecovery.DataError` whose ``where`` is the JSON path of the first
  offending value (and, for JSON text, its line and column).
* The limits are checked *before* anything expensive: before ``json.loads``
  recurses, before any ``Decimal`` or ``int`` arithmetic, before cattrs
  structures a value or a desk replays an event. Loading or refusing a document
  takes time linear in its size.
* Decimal strings (amounts, durations) always follow the one grammar of
  :data:`custrecovery.money.DECIMAL_PATTERN`, shared with ``Money`` and the JSON
  Schema; the limits here bound JSON numbers, strings, nesting, size and history.

Theory of operation: :func:`check_data` walks plain data (what ``json.loads``
returns, or a caller's dict) once, depth first, with the path kept as a list and
rendered only for the error. JSON text is checked by :mod:`._text` first.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any
from typing import final

import attrs

from custrecovery.errors import InvalidValue

__all__ = [
    "LoadingLimits",
    "long_number_problem",
    "Refusal",
    "canonical",
    "check_data",
    "depth_within",
    "encoded",
    "skeleton",
    "texts_within",
    "json_kind",
    "render_path",
]

_MAX_DEPTH_CEILING = 200
"""Deeper than this, cattrs and the desk would meet Python's recursion limit."""


def _positive(instance: object, attribute: Any, value: object) -> None:
    if type(value) is not int or value < 1:
        raise InvalidValue(f"LoadingLimits.{attribute.name} must be a positive int, got {value!r}")


def _depth(instance: object, attribute: Any, value: int) -> None:
    if value > _MAX_DEPTH_CEILING:
        raise InvalidValue(
            f"LoadingLimits.max_depth must be at most {_MAX_DEPTH_CEILING}, got {value}"
        )


@final
@attrs.frozen(kw_only=True)
class LoadingLimits:
    """How much a loader accepts before it refuses a document (see docs/storing.md).

    Pass one as ``limits=`` to :func:`~custrecovery.storage.case_from_dict`,
    :func:`~custrecovery.storage.from_json`, :func:`~custrecovery.storage.from_dict`
    or :func:`~custrecovery.storage.verify_document`.
    """

    max_bytes: int = attrs.field(default=16 * 1024 * 1024, validator=_positive)
    """The largest document: bytes of JSON text (characters of a ``str``); for a dict,
    its JSON size as counted while walking it."""
    max_depth: int = attrs.field(default=32, validator=[_positive, _depth])
    """The deepest nesting of objects and arrays (a case document needs about 12)."""
    max_string_length: int = attrs.field(default=100_000, validator=_positive)
    """The longest string, in characters (keys included)."""
    max_number_digits: int = attrs.field(default=20, validator=_positive)
    """The most characters in a JSON number (``-``, digits, point and exponent)."""
    max_events: int = attrs.field(default=10_000, validator=_positive)
    """The longest history a case document may hold."""


DEFAULT_LIMITS = LoadingLimits()

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_A_NUMBER = "NaN and infinities are not JSON numbers"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Path = list[str | int]


class Refusal(Exception):  # internal signal, turned into a DataError
    """A limit or well-formedness rule broken at ``path`` (internal: becomes a DataError)."""

    def __init__(self, problem: str, path: Path | tuple[str | int, ...]) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = tuple(path)


def render_path(path: tuple[str | int, ...] | list[str | int], root: str = "$") -> str:
    """``("history", 3, "at")`` as ``$.history[3].at`` (odd keys quoted)."""
    parts = [root]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _IDENTIFIER.fullmatch(key):
            parts.append(f".{key}")
        else:
            shown = key if len(key) <= 40 else key[:40] + "..."
            parts.append("[" + repr(shown).replace("'", '"') + "]")
    return "".join(parts)


def json_kind(value: object) -> str:
    """``value`` in JSON's words: ``null``, ``true``, ``the number 5``, ``an array``..."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value) if abs(value) < 1e30 else "too large to show"
        return f"the number {text}"
    if isinstance(value, str):
        return (
            f"the string {value!r}" if len(value) <= 40 else f"a string of {len(value)} characters"
        )
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return f"something that is not JSON data ({type(value).__name__})"


_CANON = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def _no_default(value: object) -> object:
    raise TypeError(f"not JSON data: {type(value).__name__}")


def _c_encoder() -> Any:
    """The C encoder ``JSONEncoder.encode`` would build on every call, built once.

    (No circular-reference markers: a cycle ends in a RecursionError, caught.)
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    basestring = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or basestring is None:  # no C accelerator: the slow, equal path
        return None
    return make(None, _no_default, basestring, None, ":", ",", True, False, False)


_C_ENCODE = _c_encoder()


def _encode(value: Any) -> str:
    if _C_ENCODE is None or isinstance(value, str):
        return _CANON.encode(value)
    return "".join(_C_ENCODE(value, 0))


# What the skeleton keeps: quotes, brackets, and the digits and separators of numbers.
_DELETE = bytes(i for i in range(256) if chr(i) not in '"[]{}0123456789,:')
_NUMBERS = b"0123456789,:"


def canonical(value: Any) -> str:
    """The canonical JSON text of plain data (sorted keys, no spaces, Unicode as is)."""
    return _encode(value)


def skeleton(data: bytes, *, lengths: bool = True) -> tuple[bytes, int]:
    """What lies outside the strings of UTF-8 JSON ``data`` (its brackets, digits,
    commas and colons), and at least the length of its longest string (0 without
    ``lengths``: a text no longer than the string limit needs none).

    C-speed: escaped backslashes and quotes become one byte, the text is split on
    quotes (the odd pieces are strings; an unterminated string's tail is one of
    them), and everything outside them but brackets, digits, commas and colons
    is deleted. A string's piece has at least as many bytes as the string has
    characters.
    """
    if b"\\" in data:
        # Left to right, as JSON pairs them: an escaped backslash, then an escaped
        # quote, each becomes one byte; other escapes keep two (an overestimate).
        data = data.replace(b"\\\\", b"_").replace(b'\\"', b"_")
    if not lengths:  # delete first: the pieces to split are then tiny
        return b"".join(data.translate(None, _DELETE).split(b'"')[0::2]), 0
    pieces = data.split(b'"')
    longest = max(map(len, pieces[1::2]), default=0)
    return b"".join(pieces[0::2]).translate(None, _DELETE), longest


def depth_within(bones: bytes, max_depth: int) -> bool:
    """True if the :func:`skeleton` ``bones`` nests no deeper than ``max_depth``.

    False means deeper, or brackets that do not pair up (broken JSON). Each
    round removes exactly one level, every innermost ``[]`` and ``{}`` pair
    (``[]`` pairs are marked first, so removing them cannot make a ``{}`` pair
    within the same round): at most ``max_depth`` rounds of C-speed replaces.
    """
    brackets = bones.translate(None, _NUMBERS)
    if len(brackets) <= 2 * max_depth:
        return True  # n brackets nest at most n / 2 deep
    for _ in range(max_depth):
        fewer = brackets.replace(b"[]", b"\0").replace(b"{}", b"").replace(b"\0", b"")
        if not fewer:
            return True
        if len(fewer) == len(brackets):
            return False  # unbalanced: broken JSON, for the parser to report
        brackets = fewer
    return False


@functools.lru_cache(maxsize=16)
def _long_number(digits: int) -> re.Pattern[bytes]:
    return re.compile(f"[0-9]{{{digits + 1}}}".encode("ascii"))


def check_data(data: Any, limits: LoadingLimits, path: tuple[str | int, ...] = ()) -> bytes:
    """The canonical text of ``data`` in UTF-8; raise :class:`Refusal` unless it is
    plain JSON data within ``limits`` (``path``: where ``data`` sits in its document).

    Plain JSON data: dicts with string keys, lists (or tuples), strings without
    lone surrogates, ints, finite floats, booleans and None. The check is the C
    encoder plus a few C-speed scans of its text; only data they flag is walked
    in Python, to name the exact path.
    """
    try:
        encoded: bytes | None = _encode(data).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError: a surrogate
        encoded = None
    if encoded is not None:
        if len(encoded) > limits.max_bytes:
            raise Refusal(_too_big(limits), path)
        bones, longest = skeleton(encoded, lengths=len(encoded) > limits.max_string_length)
        if longest <= limits.max_string_length and _bones_within(bones, limits, len(path)):
            return encoded
    # Flagged (or not JSON at all): the walk names the exact place, or clears it.
    bound = 10**limits.max_number_digits
    _walk(data, 1 + len(path), list(path), limits, bound, [limits.max_bytes])
    if encoded is None:  # the encoder refused what the walk let through
        raise Refusal("not plain JSON data", path)
    return encoded


def encoded(data: Any) -> bytes | None:
    """The canonical UTF-8 text of ``data``, or None if it is not plain JSON data."""
    try:
        return _encode(data).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return None


def texts_within(texts: list[bytes], limits: LoadingLimits, enclosing: int) -> bool:
    """Whether the canonical ``texts`` of sibling values ``enclosing`` levels deep are
    certainly within ``limits`` (one C-speed pass over all of them; False: look closer)."""
    joined = b"[" + b",".join(texts) + b"]"
    if len(joined) > limits.max_bytes:
        return False
    bones, longest = skeleton(joined, lengths=len(joined) > limits.max_string_length)
    return longest <= limits.max_string_length and _bones_within(bones, limits, enclosing - 1)


def _bones_within(bones: bytes, limits: LoadingLimits, enclosing: int) -> bool:
    return _long_number(limits.max_number_digits).search(bones) is None and depth_within(
        bones, limits.max_depth - enclosing
    )


def _string(value: str, path: Path, limits: LoadingLimits, budget: list[int]) -> None:
    length = len(value)
    if length > limits.max_string_length:
        raise Refusal(
            f"a string of {length} characters, over the limit of {limits.max_string_length} "
            "(LoadingLimits.max_string_length)",
            path,
        )
    if not value.isascii() and _SURROGATE.search(value) is not None:
        raise Refusal("a lone surrogate is not text (not valid Unicode)", path)
    budget[0] -= length + 2
    if budget[0] < 0:
        raise Refusal(_too_big(limits), path)


def long_number_problem(limits: LoadingLimits) -> str:
    return (
        f"a number longer than {limits.max_number_digits} digits (LoadingLimits.max_number_digits)"
    )


def _too_big(limits: LoadingLimits) -> str:
    return f"the document is larger than {limits.max_bytes} bytes (LoadingLimits.max_bytes)"


def _walk(
    value: Any, depth: int, path: Path, limits: LoadingLimits, bound: int, budget: list[int]
) -> None:
    kind = type(value)
    if kind is str:
        _string(value, path, limits, budget)
        return
    if kind is dict or kind is list or isinstance(value, (Mapping, list, tuple)):
        if depth > limits.max_depth:
            raise Refusal(
                f"nested deeper than {limits.max_depth} objects and arrays "
                "(LoadingLimits.max_depth)",
                path,
            )
        budget[0] -= 2
        if not isinstance(value, (dict, list, tuple)):
            raise Refusal(f"not JSON data: {type(value).__name__}", path)
        if isinstance(value, dict):
            for key, child in value.items():
                if type(key) is not str:
                    raise Refusal(f"an object key must be a string, got {json_kind(key)}", path)
                path.append(key)
                _string(key, path, limits, budget)
                _walk(child, depth + 1, path, limits, bound, budget)
                path.pop()
        else:
            path.append(0)
            for index, child in enumerate(value):
                path[-1] = index
                _walk(child, depth + 1, path, limits, bound, budget)
            path.pop()
        return
    budget[0] -= 8
    if budget[0] < 0:
        raise Refusal(_too_big(limits), path)
    if kind is int:
        if not -bound < value < bound:
            raise Refusal(
                long_number_problem(limits),
                path,
            )
    elif kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise Refusal(_NOT_A_NUMBER, path)
    elif value is None or kind is bool:
        pass
    elif isinstance(value, int) and not isinstance(value, bool):
        raise Refusal(f"not JSON data: {type(value).__name__}", path)
    else:
        raise Refusal(
            "not JSON data (an object, array, string, number, true, false or null), "
            f"got {type(value).__name__}",
            path,
        )
