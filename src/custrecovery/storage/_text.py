"""Parsing JSON text safely: bounded before ``json.loads`` runs, every problem located.

Rules
-----
* Text is UTF-8 (bytes) or a ``str``; a lone surrogate, raw or escaped
  (``"\\ud800"``), is not text and is refused.
* The size, the nesting depth and every number are bounded by
  :class:`~custrecovery.storage.LoadingLimits` *before* the expensive step
  each would hurt: the depth before ``json.loads`` (which recurses, so ~1,000
  levels would raise a bare ``RecursionError``), a number's digits before
  ``int()`` or ``float()`` see it.
* Duplicate keys in an object are refused (JSON leaves them undefined; Python
  keeps the last one, another reader the first).
* ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON and are refused.
* Every refusal is a :class:`~custrecovery.DataError` whose ``where`` is
  ``line L column C`` and, when the text parsed that far, the JSON path.

Theory of operation. The fast path is C-speed string operations and one
``json.loads``. :func:`~custrecovery.storage._limits.skeleton` collapses escaped
backslashes and quotes, splits the text on quotes (the odd pieces are strings,
whose longest bounds every string's length) and keeps only the brackets,
digits, commas and colons outside them;
:func:`~custrecovery.storage._limits.depth_within` removes innermost ``[]`` and
``{}`` pairs one level per round, so the text is at most ``max_depth`` deep if
nothing is left after ``max_depth`` rounds. ``json.loads`` then runs with hooks
that count digits, refuse constants and overflowing numbers, and refuse
duplicates. When anything is flagged, :func:`_locate` re-reads the text with a
small iterative tokenizer (linear, never recursive; a run of numbers and
separators is one regex match) to name the first offending value's line,
column and path. Refused documents pay for that second reading; good ones
never do.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from custrecovery.errors import DataError
from custrecovery.storage._limits import LoadingLimits
from custrecovery.storage._limits import Refusal
from custrecovery.storage._limits import depth_within
from custrecovery.storage._limits import long_number_problem
from custrecovery.storage._limits import render_path
from custrecovery.storage._limits import skeleton

__all__ = ["parse_json", "position"]

_PIECE = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[\[\]{}]|[^"\[\]{}]+')
_NUMBER_AT = re.compile(r"-?[0-9][0-9.]*[eE][-+]?[0-9]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A \\uD800-\\uDFFF escape (maybe a pair, maybe escaped itself): the tokenizer decides.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_INFINITIES = (float("inf"), float("-inf"))
_TOO_LARGE = "the number is too large for a JSON number (beyond 1.8e308)"


def position(text: str, index: int) -> str:
    """``line L column C`` (both from 1) of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line} column {column}"


class _Hooks:
    """``json.loads`` hooks that refuse duplicates, long numbers and constants."""

    def __init__(self, limits: LoadingLimits) -> None:
        self.limit = limits.max_number_digits

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise Refusal("duplicate key", ())
        return result

    def integer(self, text: str) -> int:
        if len(text) > self.limit:
            raise Refusal("number too long", ())
        return int(text)

    def number(self, text: str) -> float:
        if len(text) > self.limit:
            raise Refusal("number too long", ())
        value = float(text)
        if value in _INFINITIES:
            raise Refusal(_TOO_LARGE, ())
        return value

    def constant(self, text: str) -> Any:
        raise Refusal("not JSON", ())


def parse_json(text: str | bytes | bytearray, limits: LoadingLimits) -> Any:
    """The JSON data in ``text``, within ``limits``; else a located DataError."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > limits.max_bytes:
            raise DataError(_too_big(len(text), limits), where="$ (line 1 column 1)")
        raw = bytes(text)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            good = raw[: error.start].decode("utf-8")
            raise DataError(
                f"not valid JSON: the bytes are not UTF-8 (byte {error.start})",
                where=position(good, len(good)),
            ) from None
    elif not isinstance(text, str):
        raise DataError(f"expected JSON text (str or bytes), got {type(text).__name__}", where="$")
    elif len(text) > limits.max_bytes:
        raise DataError(_too_big(len(text), limits), where="$ (line 1 column 1)")
    if not text.isascii():
        match = _SURROGATE.search(text)
        if match is not None:
            raise DataError(
                "a lone surrogate is not text (not valid Unicode)",
                where=position(text, match.start()),
            )
    utf8 = text.encode("utf-8")
    bones, longest = skeleton(utf8, lengths=len(utf8) > limits.max_string_length)
    if not depth_within(bones, limits.max_depth):
        _locate(text, limits)  # raises if too deep; broken JSON goes on to json.loads
    hooks = _Hooks(limits)
    try:
        data = json.loads(
            text,
            object_pairs_hook=hooks.pairs,
            parse_int=hooks.integer,
            parse_float=hooks.number,
            parse_constant=hooks.constant,
        )
    except json.JSONDecodeError as error:
        raise DataError(
            f"not valid JSON: {error.msg}", where=f"line {error.lineno} column {error.colno}"
        ) from None
    except (Refusal, ValueError, RecursionError) as error:
        _locate(text, limits)
        # _locate finds what the hooks refused; this is only a fallback.
        problem = error.problem if isinstance(error, Refusal) else "too deep or too long"
        raise DataError(f"not valid JSON: {problem}", where="$") from None
    # What the hooks cannot see: strings (their length, escaped surrogates).
    if longest > limits.max_string_length or _SURROGATE_ESCAPE.search(text) is not None:
        _locate(text, limits)
    return data


def _too_big(size: int, limits: LoadingLimits) -> str:
    return (
        f"the document is {size} bytes, over the limit of {limits.max_bytes} "
        "(LoadingLimits.max_bytes)"
    )


def _refuse(text: str, index: int, path: list[str | int], problem: str) -> DataError:
    return DataError(problem, where=f"{render_path(path)} ({position(text, index)})")


def _check_literal(
    text: str, start: int, token: str, found: re.Match[str], path: list[str | int],
    limits: LoadingLimits,
) -> None:  # fmt: skip
    """Raise if the suspicious literal ``found`` in ``token`` (at ``start``) is bad."""
    where = start + found.start()
    literal = found.group()
    if "Infinity" in literal or literal == "NaN":
        raise _refuse(text, where, path, "NaN and infinities are not JSON numbers")
    if len(literal) > limits.max_number_digits:
        raise _refuse(text, where, path, long_number_problem(limits))
    # An exponent: the whole number it belongs to must fit a float.
    begin = found.start()
    while begin > 0 and token[begin - 1] in "-0123456789.":
        begin -= 1
    number = _NUMBER_AT.match(token, begin)
    if number is not None:
        try:
            too_large = float(number.group()) in _INFINITIES
        except ValueError:
            too_large = False
        if too_large:
            raise _refuse(text, start + begin, path, _TOO_LARGE)


@functools.lru_cache(maxsize=16)
def _bad_literal(digits: int) -> re.Pattern[str]:
    """A number longer than ``digits`` characters, a constant, or an exponent."""
    return re.compile(rf"[-0-9.eE+]{{{digits + 1},}}|-?Infinity|NaN|[0-9.][eE][-+]?[0-9]")


def _locate(text: str, limits: LoadingLimits) -> None:
    """Raise a DataError at the first value of ``text`` that breaks a rule or a limit.

    Returns quietly if it finds none (broken JSON it leaves to ``json.loads``).
    Iterative and linear: a stack of frames, one per open object or array; a
    stretch of numbers, commas and colons is one match, checked by a regex.
    """
    # A frame: [is_object, index, keys seen, expecting a key].
    stack: list[list[Any]] = []
    path: list[str | int] = []
    bad = _bad_literal(limits.max_number_digits)
    for match in _PIECE.finditer(text):
        token = match.group()
        start = match.start()
        first = token[0]
        frame = stack[-1] if stack else None
        if first == '"':
            if "\\" in token:
                try:
                    value = json.loads(token)
                except ValueError:
                    return
            else:
                value = token[1:-1]
            if not value.isascii() and _SURROGATE.search(value):
                raise _refuse(text, start, path, "a lone surrogate is not text (not valid Unicode)")
            if len(value) > limits.max_string_length:
                raise _refuse(
                    text,
                    start,
                    path,
                    f"a string of {len(value)} characters, over the limit of "
                    f"{limits.max_string_length} (LoadingLimits.max_string_length)",
                )
            if frame is not None and frame[0] and frame[3]:
                if value in frame[2]:
                    raise _refuse(
                        text,
                        start,
                        [*path[:-1], value],
                        f"duplicate key {value[:40]!r}: each key appears once in an object",
                    )
                frame[2].add(value)
                frame[3] = False
                path[-1] = value
        elif first in "[{":
            if len(stack) >= limits.max_depth:
                raise _refuse(
                    text,
                    start,
                    path,
                    f"nested deeper than {limits.max_depth} objects and arrays "
                    "(LoadingLimits.max_depth)",
                )
            is_object = first == "{"
            stack.append([is_object, 0, set(), True])
            path.append("" if is_object else 0)
        elif first in "]}":
            if not stack:
                return
            stack.pop()
            path.pop()
        else:  # numbers, literals, commas, colons and blanks
            for found in bad.finditer(token):
                if frame is not None and not frame[0]:
                    path[-1] = frame[1] + token.count(",", 0, found.start())
                _check_literal(text, start, token, found, path, limits)
            if frame is not None and "," in token:
                if frame[0]:
                    frame[3] = True
                else:
                    frame[1] += token.count(",")
                    path[-1] = frame[1]
    return
