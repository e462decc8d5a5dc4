"""Exact money: a decimal amount in one ISO 4217 currency.

Rules
-----
Sources: ISO 4217 (currency codes and their minor units); the stack notes on
py-moneyed, which prints ``€ 10.00`` while storing ``10.005`` and accepts floats.

* An amount is a :class:`~decimal.Decimal`, an ``int`` or a decimal string.
  Floats and bools are refused (a float is already rounded in binary); so are
  NaN and the infinities.
* A decimal string follows one strict grammar, :data:`DECIMAL_PATTERN`, shared
  with the stored format and its JSON Schema: ASCII digits, an optional minus,
  no leading zeros, no exponent, no spaces, no underscores, at most
  :data:`INTEGER_DIGITS` digits before the point and :data:`FRACTION_DIGITS`
  after it (``"-12.50"``, never ``" 12.5"``, ``"1_250"``, ``"1e3"`` or ``"١٢"``).
  The grammar is checked before any :class:`~decimal.Decimal` is built, so a
  hostile ``"1e999999"`` costs nothing. A Decimal or int amount is bounded the
  same way: fewer than :data:`INTEGER_DIGITS` digits before the point.
* The currency is an upper-case ISO 4217 code from :data:`MINOR_UNITS`. The
  amount may not have more decimals than the currency's minor units
  (``10.005 EUR`` is refused, ``100.5 JPY`` too); it is stored at exactly that
  exponent, so ``Money("10.5", "EUR") == Money("10.50", "EUR")`` and both print
  ``10.50 EUR``.
* Negative amounts exist (a debit); :attr:`Money.is_negative` says so.
* ``+``, ``-`` and ordering need the same currency, else
  :class:`~custrecovery.CurrencyMismatch`. Equality across currencies is False.
* Arithmetic is exact: a result that needs more than 50 significant digits
  raises :class:`~custrecovery.InvalidValue` instead of rounding quietly. The
  only rounding is the explicit one in :meth:`Money.scaled`.
"""

from __future__ import annotations

import decimal
import re
from decimal import ROUND_HALF_EVEN
from decimal import Decimal
from types import MappingProxyType
from typing import Any
from typing import final

import attrs

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue

__all__ = [
    "DECIMAL_PATTERN",
    "FRACTION_DIGITS",
    "INTEGER_DIGITS",
    "MINOR_UNITS",
    "Money",
    "minor_units",
]

INTEGER_DIGITS = 30
"""The most digits a decimal may have before its point (amounts below 10**30)."""
FRACTION_DIGITS = 20
"""The most digits a decimal string may have after its point."""
# "$(?!\n)": in Python (and so in Python's JSON Schema validators) "$" also matches
# before a final newline; ECMA-262 regexes never do. The lookahead makes "1\n" fail
# in both, so every validator of the schema agrees with the library.
DECIMAL_PATTERN = (
    rf"^-?(0|[1-9][0-9]{{0,{INTEGER_DIGITS - 1}}})(\.[0-9]{{1,{FRACTION_DIGITS}}})?$(?!\n)"
)
"""The one grammar of decimal strings: amounts, durations, the JSON Schema's patterns."""
_DECIMAL = re.compile(DECIMAL_PATTERN)
_LIMIT = 10**INTEGER_DIGITS

MINOR_UNITS: MappingProxyType[str, int] = MappingProxyType(
    {
        # ISO 4217 minor units; three-decimal dinars/rials matter for rounding tests.
        "AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CNY": 2,
        "CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "INR": 2,
        "IRR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2,
        "NOK": 2, "NZD": 2, "OMR": 3, "PLN": 2, "SAR": 2, "SEK": 2, "SGD": 2,
        "TND": 3, "TRY": 2, "USD": 2, "ZAR": 2,
    }
)  # fmt: skip
"""Currency code -> number of decimals of its minor unit (ISO 4217)."""

_ROUNDINGS = frozenset(
    {
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
        decimal.ROUND_05UP,
    }
)

# Traps Inexact so that no sum, difference or product is ever rounded silently;
# the caller's thread-local context (which may have prec=6) is never consulted.
_EXACT = decimal.Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
# For the one deliberate rounding (to the minor unit): only too-large results trap.
_ROUNDING = decimal.Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)


def minor_units(currency: str) -> int:
    """The number of decimals of ``currency``'s minor unit (``JPY`` -> 0, ``KWD`` -> 3)."""
    try:
        return MINOR_UNITS[currency]
    except (KeyError, TypeError):
        raise InvalidValue(
            f"unknown currency {currency!r}: expected an upper-case ISO 4217 code "
            f"such as 'EUR' (known: {', '.join(sorted(MINOR_UNITS))})"
        ) from None


def _shown(value: object, limit: int = 40) -> str:
    """``repr(value)``, cut to about ``limit`` characters (hostile input can be huge)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= limit + 2 else f"{text[:limit]}..."


def to_decimal(value: Decimal | int | str) -> Decimal:
    """``value`` as a finite Decimal below ``10**INTEGER_DIGITS``; a string must match
    :data:`DECIMAL_PATTERN`. Anything else (floats, bools, NaN, infinities, ``" 1"``,
    ``"1e3"``) raises InvalidValue."""
    if isinstance(value, (bool, float)):
        raise InvalidValue(f"{value!r} is a {type(value).__name__}: give a Decimal, int or str")
    if isinstance(value, str):
        # The grammar first: its digits are bounded, so no hostile string reaches Decimal.
        if _DECIMAL.fullmatch(value) is None:
            if value in ("NaN", "-NaN", "Infinity", "-Infinity", "inf", "-inf", "nan"):
                raise InvalidValue(f"{value!r} is not a finite number")
            raise InvalidValue(
                f"{_shown(value)} is not a decimal number: digits 0-9 with an optional "
                f"minus and point, at most {INTEGER_DIGITS} digits before the point and "
                f"{FRACTION_DIGITS} after (such as '-12.50')"
            )
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValue(f"{value!r} is not a finite number")
        if not value.is_zero() and value.adjusted() >= INTEGER_DIGITS:
            raise InvalidValue(_too_large(value))
        return value
    if isinstance(value, int):
        if not -_LIMIT < value < _LIMIT:
            raise InvalidValue(_too_large(value))
        return Decimal(value)
    raise InvalidValue(f"{_shown(value)} is not a Decimal, int or decimal str")


def _too_large(value: Decimal | int) -> str:
    # Never str() a huge int: that alone is quadratic (and capped at 4300 digits).
    what = f"{value:.3E}" if isinstance(value, Decimal) else "the integer"
    return f"{what} has more than {INTEGER_DIGITS} digits before the decimal point"


def check_rounding(rounding: str) -> None:
    """Raise InvalidValue unless ``rounding`` is one of the ``decimal.ROUND_*`` constants."""
    if rounding not in _ROUNDINGS:
        raise InvalidValue(f"unknown rounding {rounding!r}: use a decimal.ROUND_* constant")


def _exactly(operation: str, compute: Any, *args: Decimal) -> Decimal:
    try:
        result: Decimal = compute(*args)
    except decimal.DecimalException:
        shown = ", ".join(str(a) for a in args)
        raise InvalidValue(f"{operation} of {shown} needs more than 50 digits") from None
    return result


def _known_currency(instance: Money, attribute: Any, value: str) -> None:
    minor_units(value)


def _fits_minor_unit(instance: Money, attribute: Any, value: Decimal) -> None:
    places = minor_units(instance.currency)
    quantum = Decimal(1).scaleb(-places)
    rounded = _exactly("rounding", _ROUNDING.quantize, value, quantum)
    if rounded != value:
        raise InvalidValue(
            f"{value} has more decimals than {instance.currency} allows ({places}); "
            "round it explicitly first"
        )


@final
@attrs.frozen(order=False)
class Money:
    """An exact amount of one currency, stored at the currency's minor-unit exponent."""

    amount: Decimal = attrs.field(converter=to_decimal, validator=_fits_minor_unit)
    currency: str = attrs.field(validator=_known_currency)

    def __attrs_post_init__(self) -> None:
        # The converter of ``amount`` runs before ``currency`` is set, so the
        # exponent is normalised here, after the validators proved it is exact.
        quantum = Decimal(1).scaleb(-minor_units(self.currency))
        normal = _EXACT.quantize(self.amount, quantum)
        if normal.is_zero():
            normal = normal.copy_abs()  # no "-0.00 EUR"
        object.__setattr__(self, "amount", normal)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in ``currency``."""
        return cls(0, currency)

    @property
    def is_negative(self) -> bool:
        """True for a debit (an amount below zero)."""
        return self.amount < 0

    @property
    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return self.amount.is_zero()

    def scaled(self, factor: Decimal | int, *, rounding: str = ROUND_HALF_EVEN) -> Money:
        """This amount times ``factor``, rounded once with ``rounding`` to the minor unit."""
        check_rounding(rounding)
        exact = _exactly("multiplication", _EXACT.multiply, self.amount, to_decimal(factor))
        quantum = Decimal(1).scaleb(-minor_units(self.currency))
        rounded = _exactly("rounding", lambda d: d.quantize(quantum, rounding, _ROUNDING), exact)
        return Money(rounded, self.currency)

    def _same_currency(self, other: Money, operation: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot {operation} {self} and {other}: currencies differ")

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "add")
        return Money(_exactly("addition", _EXACT.add, self.amount, other.amount), self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "subtract")
        total = _exactly("subtraction", _EXACT.subtract, self.amount, other.amount)
        return Money(total, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount >= other.amount

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"
