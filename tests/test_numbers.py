"""Turkish number parsing: exact, never float, and honest about what is not a number."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.numbers import NotANumber, format_tr, is_blank_or_dash, money_str, parse_money, parse_number


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1.234.567,89", Decimal("1234567.89")),
        ("125.000.000", Decimal("125000000")),
        ("2,5", Decimal("2.5")),
        ("70.2", Decimal("70.2")),  # Kocaeli's one stray English decimal point
        ("%100", Decimal("100")),
        ("% 99,45", Decimal("99.45")),
        ("1502,5", Decimal("1502.5")),
        ("277261", Decimal("277261")),
        ("339.844.036,00 ₺", Decimal("339844036.00")),
        ("124.300.000 TL", Decimal("124300000")),
        ("0,00", Decimal("0.00")),
        ("-1.000", Decimal("-1000")),
    ],
)
def test_documents_print_formats_parse_exactly(printed, expected):
    assert parse_number(printed) == expected


@pytest.mark.parametrize("printed", ["-", "", "  ", None, "–", "- -", "%"])
def test_dash_and_empty_mean_no_value(printed):
    assert parse_number(printed) is None
    assert is_blank_or_dash(printed)


@pytest.mark.parametrize("printed", ["Yok", "Devam ediyor", "1.2.3", "12,5,6", "1,234,567.89", "abc123"])
def test_text_that_is_not_a_number_is_refused_not_guessed(printed):
    with pytest.raises(NotANumber):
        parse_number(printed)


def test_money_is_decimal_never_float():
    value = parse_money("13.243,82")
    assert isinstance(value, Decimal)
    assert money_str(value) == "13243.82"
    # ten small amounts add up to the kuruş, which float arithmetic does not guarantee
    assert sum([parse_money("0,10")] * 10) == Decimal("1.00")


def _turkish(value: Decimal, decimals: int) -> str:
    """Print a non-negative Decimal the way the documents do: dot thousands, comma decimals."""
    q = value.quantize(Decimal(1).scaleb(-decimals))
    whole, _, frac = f"{q:f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{text},{frac}" if decimals else text


amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_any_amount_printed_with_kurus_parses_back_exactly(value):
    assert parse_money(_turkish(value, 2)) == value


@given(st.integers(min_value=0, max_value=10**13))
def test_any_integer_printed_with_dot_thousands_parses_back_exactly(n):
    assert parse_number(_turkish(Decimal(n), 0)) == Decimal(n)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=4))
def test_comma_decimals_parse_back(n, decimals):
    value = Decimal(n).scaleb(-decimals)
    assert parse_number(_turkish(value, decimals)) == value


@given(st.integers(min_value=0, max_value=100))
def test_percent_sign_is_decoration(n):
    assert parse_number(f"%{n}") == Decimal(n)


@given(amounts)
def test_contract_money_string_round_trips(value):
    assert Decimal(money_str(value)) == value
    assert "," not in money_str(value)


def test_display_format_is_turkish():
    assert format_tr(Decimal("1234567")) == "1.234.567"
    assert format_tr(Decimal("1234567.891"), 2) == "1.234.567,89"
    assert format_tr(None) == "–"
