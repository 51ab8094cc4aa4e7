"""The faster paths give what their definitions give: a row's seal written by SQLite is the
seal Python writes, amounts from cents, serials' check characters, audit details, the
deadline of the year report's rows and the application a round of decisions checks."""

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiegroep import seals

# Any text SQLite can hold: every code point but the surrogates (Python cannot write a lone
# one to SQLite), so NUL, control characters, U+2028, combining marks and astral ones too.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
VALUE = st.one_of(st.none(), TEXT, st.integers(-2**63, 2**63 - 1))
NAMES = ["id", "a", 'we"ird\'name', "Zeta", "é", "x y"]


def _table(conn, name, columns):
    conn.execute(f"CREATE TABLE {name} ("
                 + ", ".join(seals._quoted(c) + (" INTEGER PRIMARY KEY" if c == "id" else "")
                             for c in columns) + ")")


def _rows_of(draw_rows, columns):
    return [dict(zip(columns, row)) for row in draw_rows]


@given(st.integers(-10**40, 10**40))
def test_amounts_from_cents_are_the_division_by_a_hundred(cents):
    from regiegroep.money import from_cents

    try:
        want = (Decimal(cents) / 100).quantize(Decimal("0.01"))
    except InvalidOperation:
        with pytest.raises(InvalidOperation):
            from_cents(cents)
        return
    got = from_cents(cents)
    assert got == want and str(got) == str(want)


def test_amounts_too_large_for_cents_are_refused_not_rounded():
    from regiegroep.money import from_cents

    for cents in (10**28, 12345678901234567890123456789, -10**29):
        with pytest.raises(InvalidOperation):
            from_cents(cents)
    assert str(from_cents(10**28 - 1)) == "99999999999999999999999999.99"
    assert str(from_cents(-5)) == "-0.05" and str(from_cents(0)) == "0.00"


@given(st.one_of(st.text(st.sampled_from("34679ACDEFGHJKMNPRTUWXY"), min_size=1, max_size=30),
                st.text(st.sampled_from("34679ACDEFGHJKMNPRTUWXY"), min_size=990,
                        max_size=1100)))
@settings(max_examples=60)
def test_check_sums_are_their_definition_for_any_length(body):
    from regiegroep import serials

    def weighted(plain, first):
        return sum((position + first) * serials._VALUE[char]
                   for position, char in enumerate(reversed(plain)))

    assert serials._weighted_sum(body) == weighted(body, 2)
    assert serials._checks(body) == (weighted(body, 1) % serials.MODULUS == 0)
    whole = body + serials.check_character(body)
    assert weighted(whole, 1) % serials.MODULUS == 0 and serials._checks(whole)


def test_a_check_character_of_a_long_body_counts_every_character():
    from regiegroep import serials

    # Only the first character differs, a thousand characters before the check.
    assert serials.check_character("7" + "4" * 1000) != serials.check_character("9" + "4" * 1000)


