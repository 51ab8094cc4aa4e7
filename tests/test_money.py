from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from regiegroep.errors import UserError
from regiegroep.i18n import format_money
from regiegroep.money import as_text, from_cents, parse_amount, to_cents


@pytest.mark.parametrize("typed, euros", [
    ("12500", "12500.00"), ("12.500", "12500.00"), ("12.500,00", "12500.00"),
    ("12500,5", "12500.50"), ("12,500.00", "12500.00"), ("€ 1.850,-", "1850.00"),
    ("1.250.000", "1250000.00"), ("0,50", "0.50"), ("12500.50", "12500.50"),
    ("€1.850,00", "1850.00"), (" 14000 ", "14000.00"), ("1 850,00", "1850.00"),
])
def test_amounts_as_people_type_them(typed, euros):
    assert parse_amount(typed) == Decimal(euros)


@pytest.mark.parametrize("typed", ["abc", "-5", "12,3456", "1.2.3", "12.50.0", "", "1234.567", "5,"])
def test_not_an_amount_is_refused_with_a_message(typed):
    with pytest.raises(UserError) as info:
        parse_amount(typed)
    assert str(info.value)


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_babel_formatted_amounts_read_back(cents):
    amount = from_cents(cents)
    for locale in ("nl_NL", "en_GB", "de_DE"):
        text = format_decimal(amount, format="#,##0.00", locale=locale)
        assert parse_amount(text) == amount
    assert parse_amount(format_money(amount)) == amount


@given(st.text(max_size=20))
def test_any_text_is_an_amount_or_a_user_error(text):
    try:
        value = parse_amount(text)
    except UserError:
        return
    assert value >= 0 and value == value.quantize(Decimal("0.01"))


def test_cents_round_trip_and_export_text():
    assert to_cents(Decimal("12500.00")) == 1250000
    assert from_cents(1250000) == Decimal("12500.00")
    assert as_text(Decimal("12500")) == "12500.00"
    with pytest.raises(ValueError):
        to_cents(Decimal("0.001"))


def test_money_in_dutch_and_english():
    assert format_money(Decimal("12500"), "nl") == "€\u00a012.500,00"
    assert format_money(Decimal("12500"), "en") == "€12,500.00"


def test_absurdly_large_amounts_are_typing_mistakes():
    # Found by the fuzz test: 27 digits do not fit Decimal's precision with cents.
    with pytest.raises(UserError, match="duizend miljoen"):
        parse_amount("100000000000000000000000000")
    assert parse_amount("999.999.999,99") == Decimal("999999999.99")


def test_an_amount_with_more_than_cents_is_refused_with_a_message():
    with pytest.raises(UserError, match="twee decimalen"):
        to_cents(Decimal("99.999"))
