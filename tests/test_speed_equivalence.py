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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(st.integers(-2**63, 2**63 - 1), VALUE, VALUE, VALUE),
                     max_size=6, unique_by=lambda r: r[0]),
       width=st.integers(0, 3))
def test_seals_written_by_sqlite_are_pythons_for_every_value(rows, width):
    assert seals._sqlite_quotes_as_python()
    columns = ["id", 'we"ird\'name', "Zeta", "é"][:1 + width]
    conn = sqlite3.connect(":memory:")
    _table(conn, "decision", columns)
    conn.executemany(f"INSERT INTO decision VALUES ({','.join('?' * len(columns))})",
                     [row[:len(columns)] for row in rows])
    by_python = seals._hashes_in_python(conn, "decision")
    assert seals._hashes(conn, "decision") == by_python
    keys = [row[0] for row in rows[:3]] + [12345]
    assert seals._hashes(conn, "decision", keys) == seals._hashes_in_python(conn, "decision", keys)
    # And as seal_all writes them, by SQLite in one statement.
    conn.execute("CREATE TABLE row_seal (tbl TEXT NOT NULL, row_key TEXT NOT NULL, "
                 "hash TEXT NOT NULL, PRIMARY KEY (tbl, row_key)) WITHOUT ROWID")
    conn.execute("CREATE TABLE audit_head (id INTEGER PRIMARY KEY, hash TEXT)")
    seals.seal_all(conn)
    assert dict(conn.execute("SELECT row_key, hash FROM row_seal")) == by_python
    assert seals.differences(conn) is None
    # The sealed fingerprint (ordered by SQLite) is the one recomputed from the rows,
    # negative ids and ids past 2**31 included.
    assert seals.fingerprint(conn, sealed=True) == seals.fingerprint(conn)
    conn.close()


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 3), TEXT, st.one_of(st.none(), TEXT)),
                     max_size=8))
def test_grouped_voting_code_seals_written_by_sqlite_are_pythons(rows):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE voting_code (consultation_id INTEGER, code TEXT, used_at TEXT)")
    conn.executemany("INSERT INTO voting_code VALUES (?, ?, ?)", rows)
    assert seals._hashes(conn, "voting_code") == seals._hashes_in_python(conn, "voting_code")
    assert (seals._hashes(conn, "voting_code", [1, 3])
            == seals._hashes_in_python(conn, "voting_code", [1, 3]))
    conn.close()


@pytest.mark.parametrize("encoding", ["UTF-16le", "UTF-16be"])
def test_a_register_file_in_utf16_is_sealed_as_its_definition_says(encoding):
    """SQLite's text of a row is in the file's encoding: the seal is over UTF-8."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA encoding = '{encoding}'")
    _table(conn, "decision", ["id", "a"])
    conn.executemany("INSERT INTO decision VALUES (?, ?)", [(1, "Jan é 😀"), (2, None)])
    text = json.dumps(["decision", {"a": "Jan é 😀", "id": 1}], sort_keys=True,
                      ensure_ascii=False, default=str)
    assert seals._hashes(conn, "decision")["1"] == hashlib.sha256(text.encode()).hexdigest()
    assert seals._hashes(conn, "decision") == seals._hashes_in_python(conn, "decision")
    conn.execute("CREATE TABLE row_seal (tbl TEXT NOT NULL, row_key TEXT NOT NULL, "
                 "hash TEXT NOT NULL, PRIMARY KEY (tbl, row_key)) WITHOUT ROWID")
    seals.seal_all(conn)
    assert dict(conn.execute("SELECT row_key, hash FROM row_seal")) == \
        seals._hashes_in_python(conn, "decision")
    conn.close()


def test_seal_touched_on_updates_and_deletes_gives_pythons_seals():
    conn = sqlite3.connect(":memory:")
    _table(conn, "decision", ["id", "a", "b"])
    conn.execute("CREATE TABLE row_seal (tbl TEXT NOT NULL, row_key TEXT NOT NULL, "
                 "hash TEXT NOT NULL, PRIMARY KEY (tbl, row_key)) WITHOUT ROWID")
    seals.install(conn)
    conn.executemany("INSERT INTO decision VALUES (?, ?, ?)",
                     [(-7, "a\x00b\r", 2**62), (2**40, "\u2028e\u0301", None), (3, "", -1)])
    seals.seal_touched(conn)
    conn.execute("UPDATE decision SET a = '😀\U0010ffff' WHERE id = -7")
    conn.execute("DELETE FROM decision WHERE id = 3")
    seals.seal_touched(conn)
    assert dict(conn.execute("SELECT row_key, hash FROM row_seal")) == \
        seals._hashes_in_python(conn, "decision")
    conn.close()


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


