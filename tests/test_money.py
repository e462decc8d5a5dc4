"""Money: exact amounts, minor units, explicit rounding and currency safety."""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from custrecovery.errors import CurrencyMismatch
from custrecovery.errors import InvalidValue
from custrecovery.money import MINOR_UNITS
from custrecovery.money import Money
from custrecovery.money import minor_units
from custrecovery.testing import currencies
from custrecovery.testing import money

REQUIRED_CURRENCIES = frozenset(
    {"EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
     "INR", "CNY", "BRL", "MXN", "ZAR", "AED", "SAR", "IRR", "KWD", "BHD", "JOD", "TND", "OMR"}
)  # fmt: skip


@pytest.mark.parametrize(
    ("currency", "places"),
    [("EUR", 2), ("USD", 2), ("JPY", 0), ("KWD", 3), ("BHD", 3), ("JOD", 3), ("TND", 3)],
    ids=lambda v: str(v),
)
def test_minor_units_table(currency: str, places: int) -> None:
    """Each currency has its ISO 4217 number of decimals."""
    assert minor_units(currency) == places


def test_required_currencies_are_known() -> None:
    """Every currency the project needs is in the table."""
    assert set(MINOR_UNITS) >= REQUIRED_CURRENCIES


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("10.5", "EUR", "10.50 EUR"),
        (Decimal("10.500"), "EUR", "10.50 EUR"),
        (10, "JPY", "10 JPY"),
        ("1.234", "KWD", "1.234 KWD"),
        ("-0", "EUR", "0.00 EUR"),
        (Decimal("1E+2"), "USD", "100.00 USD"),
        (-3, "CHF", "-3.00 CHF"),
    ],
    ids=["pad", "trailing-zeros", "jpy-int", "kwd", "negative-zero", "decimal-exponent", "debit"],
)
def test_amount_is_normalised(amount: Decimal | int | str, currency: str, shown: str) -> None:
    """A valid amount is stored at the currency's exponent and printed as ``amount CODE``."""
    assert str(Money(amount, currency)) == shown


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (10.5, "EUR", "10.5 is a float"),
        (True, "EUR", "True is a bool"),
        ("NaN", "EUR", "not a finite"),
        ("-Infinity", "EUR", "not a finite"),
        (Decimal("sNaN"), "EUR", "not a finite"),
        ("ten", "EUR", "not a decimal"),
        (None, "EUR", "not a Decimal"),
        ("10.005", "EUR", "more decimals than EUR"),
        ("1.5", "JPY", "more decimals than JPY"),
        ("1.2345", "KWD", "more decimals than KWD"),
        ("1", "eur", "unknown currency 'eur'"),
        ("1", "XXX", "unknown currency 'XXX'"),
        (Decimal("1E+60"), "EUR", "more than 30 digits before the decimal point"),
        (10**30, "EUR", "more than 30 digits before the decimal point"),
    ],
    ids=[
        "float",
        "bool",
        "nan",
        "infinity",
        "snan",
        "text",
        "none",
        "eur-3dp",
        "jpy-1dp",
        "kwd-4dp",
        "lower-case",
        "unknown",
        "huge",
        "huge-int",
    ],
)
def test_invalid_money_is_refused(amount: object, currency: str, message: str) -> None:
    """Floats, bools, non-finite amounts, extra decimals, unknown currencies raise InvalidValue."""
    with pytest.raises(InvalidValue, match=message):
        Money(amount, currency)  # type: ignore[arg-type]


def test_equal_values_are_equal_and_hash_alike() -> None:
    """Money is compared and hashed by value, whatever the input's exponent."""
    assert Money("10.5", "EUR") == Money("10.50", "EUR")
    assert hash(Money("10.5", "EUR")) == hash(Money(Decimal("10.500"), "EUR"))
    assert Money("10", "EUR") != Money("10", "USD")


def test_evolve_reruns_an_idempotent_converter() -> None:
    """attrs.evolve keeps a valid Money valid and normalised."""
    original = Money("3.1", "EUR")
    assert attrs.evolve(original) == original
    assert attrs.evolve(original, amount="4").amount == Decimal("4.00")
    with pytest.raises(InvalidValue):
        attrs.evolve(original, currency="JPY")


def test_zero_and_sign() -> None:
    """Money.zero is zero in its currency; negatives are flagged as debits."""
    assert Money.zero("JPY") == Money(0, "JPY")
    assert Money.zero("EUR").is_zero
    assert Money("-0.01", "EUR").is_negative
    assert not Money.zero("EUR").is_negative
    assert -Money("2", "EUR") == Money("-2", "EUR")


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
        lambda a, b: min(a, b),
        lambda a, b: max(a, b),
    ],
    ids=["add", "sub", "lt", "le", "gt", "ge", "min", "max"],
)
def test_mixed_currencies_are_refused(operation: object) -> None:
    """Arithmetic and ordering across currencies raise CurrencyMismatch."""
    assert callable(operation)
    with pytest.raises(CurrencyMismatch, match="EUR"):
        operation(Money(1, "EUR"), Money(1, "USD"))


def test_arithmetic_with_other_types_is_not_supported() -> None:
    """Adding or comparing Money with a plain number raises TypeError."""
    with pytest.raises(TypeError):
        Money(1, "EUR") + 1
    with pytest.raises(TypeError):
        Money(1, "EUR") < 1  # noqa: B015


def test_min_and_max_use_the_amounts() -> None:
    """min and max pick by amount within one currency."""
    small, large = Money("1.99", "EUR"), Money("2", "EUR")
    assert min(large, small) is small
    assert max(small, large) is large


@pytest.mark.parametrize(
    ("amount", "currency", "factor", "rounding", "expected"),
    [
        ("10.00", "EUR", Decimal("0.125"), decimal.ROUND_HALF_EVEN, "1.25"),
        ("1.00", "EUR", Decimal("0.125"), decimal.ROUND_HALF_EVEN, "0.12"),
        ("1.00", "EUR", Decimal("0.135"), decimal.ROUND_HALF_EVEN, "0.14"),
        ("1.00", "EUR", Decimal("0.125"), decimal.ROUND_HALF_UP, "0.13"),
        ("1.00", "EUR", Decimal("0.129"), decimal.ROUND_DOWN, "0.12"),
        ("101", "JPY", Decimal("0.5"), decimal.ROUND_HALF_EVEN, "50"),
        ("1.001", "KWD", 3, decimal.ROUND_HALF_EVEN, "3.003"),
        ("2.50", "EUR", -1, decimal.ROUND_HALF_EVEN, "-2.50"),
    ],
    ids=["exact", "half-even-down", "half-even-up", "half-up", "down", "jpy", "kwd-int", "neg"],
)
def test_scaled_rounds_once_explicitly(
    amount: str, currency: str, factor: Decimal | int, rounding: str, expected: str
) -> None:
    """scaled multiplies exactly, then rounds once to the minor unit with the named rounding."""
    result = Money(amount, currency).scaled(factor, rounding=rounding)
    assert result == Money(expected, currency)


@pytest.mark.parametrize(
    ("factor", "rounding", "message"),
    [(0.5, decimal.ROUND_HALF_EVEN, "float"), (Decimal(1), "ROUND_SIDEWAYS", "rounding")],
    ids=["float-factor", "bad-rounding"],
)
def test_scaled_refuses_floats_and_unknown_roundings(
    factor: object, rounding: str, message: str
) -> None:
    """A float factor or an unknown rounding raises InvalidValue."""
    with pytest.raises(InvalidValue, match=message):
        Money(1, "EUR").scaled(factor, rounding=rounding)  # type: ignore[arg-type]


def test_sums_too_large_to_be_exact_are_refused() -> None:
    """A sum beyond the largest amount (30 digits before the point) raises instead of
    rounding."""
    big = Money(Decimal("9" * 30), "EUR")
    with pytest.raises(InvalidValue, match="more than 30 digits"):
        big + big


@settings(max_examples=200)
@given(money())
def test_str_round_trips(value: Money) -> None:
    """Parsing ``str(money)`` gives the same Money back."""
    amount, currency = str(value).split(" ")
    assert Money(amount, currency) == value
    assert Money(value.amount, value.currency) == value


@settings(max_examples=200)
@given(money())
def test_stored_exponent_is_the_minor_unit(value: Money) -> None:
    """Every Money is stored with exactly its currency's number of decimals."""
    assert value.amount.as_tuple().exponent == -minor_units(value.currency)


@settings(max_examples=200)
@given(st.data(), currencies())
def test_addition_laws(data: st.DataObject, currency: str) -> None:
    """Addition is commutative, associative, has zero as identity and subtraction undoes it."""
    a, b, c = (data.draw(money(currency)) for _ in range(3))
    assert a + b == b + a
    assert (a + b) + c == a + (b + c)
    assert a + Money.zero(currency) == a
    assert a + b - b == a
    assert a - a == Money.zero(currency)
    assert (a + b).currency == currency


@settings(max_examples=200)
@given(st.data(), currencies())
def test_ordering_follows_the_amount(data: st.DataObject, currency: str) -> None:
    """Comparisons agree with the amounts and with each other."""
    a, b = data.draw(money(currency)), data.draw(money(currency))
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (not a > b)
    assert (a >= b) == (b <= a)
    assert min(a, b) <= max(a, b)


@settings(max_examples=200)
@given(money(min_value=-1000, max_value=1000), st.integers(min_value=-5, max_value=5))
def test_scaling_by_an_int_is_repeated_addition(value: Money, factor: int) -> None:
    """Scaling by an integer is exact and equals adding the amount that many times."""
    expected = Money.zero(value.currency)
    for _ in range(abs(factor)):
        expected = expected + value
    assert value.scaled(factor) == (expected if factor >= 0 else -expected)


@settings(max_examples=200)
@given(money(), st.decimals(min_value=0, max_value=10, places=4))
def test_scaled_is_within_half_a_minor_unit(value: Money, factor: Decimal) -> None:
    """scaled with HALF_EVEN is never more than half a minor unit from the exact product."""
    half_unit = Decimal(1).scaleb(-minor_units(value.currency)) / 2
    assert abs(value.scaled(factor).amount - value.amount * factor) <= half_unit


@pytest.mark.parametrize(
    "text",
    [
        "1_800",
        " 1800 ",
        "1800 ",
        "\u0661\u0668\u0660\u0660",  # Arabic-Indic digits
        "\uff11\uff18",  # full-width digits
        "1e3",
        "1E+2",
        "+5",
        "01",
        ".5",
        "5.",
        "1800\n",
        "--1",
        "1" * 31,
        "0." + "1" * 21,
        "1e999999",
        "",
    ],
)
def test_only_the_strict_grammar_is_money(text: str) -> None:
    """A decimal string outside DECIMAL_PATTERN (spaces, underscores, exponents, other
    digits, leading zeros, too many digits) is refused, never read some other way."""
    with pytest.raises(InvalidValue, match="not a decimal number"):
        Money(text, "EUR")


@pytest.mark.parametrize("text", ["0", "-0", "12.5", "-12.50", "1" * 30, "0." + "0" * 20])
def test_the_strict_grammar_accepts_plain_decimals(text: str) -> None:
    """Plain decimal strings within the grammar's bounds are amounts (up to the currency's
    decimals)."""
    assert Money(text, "EUR").amount == Decimal(text)
