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

from regiegroep.trust import seals

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
    from regiegroep.vouchers import serials

    def weighted(plain, first):
        return sum((position + first) * serials._VALUE[char]
                   for position, char in enumerate(reversed(plain)))

    assert serials._weighted_sum(body) == weighted(body, 2)
    assert serials._checks(body) == (weighted(body, 1) % serials.MODULUS == 0)
    whole = body + serials.check_character(body)
    assert weighted(whole, 1) % serials.MODULUS == 0 and serials._checks(whole)


def test_a_check_character_of_a_long_body_counts_every_character():
    from regiegroep.vouchers import serials

    # Only the first character differs, a thousand characters before the check.
    assert serials.check_character("7" + "4" * 1000) != serials.check_character("9" + "4" * 1000)


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), TEXT,
              st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12)


@given(st.dictionaries(TEXT, JSONISH, max_size=6))
@settings(max_examples=200)
def test_audit_details_are_the_text_json_dumps_writes(details):
    from regiegroep.trust.audit import details_text

    assert details_text(details) == json.dumps(details)


def test_audit_details_refuse_what_json_dumps_refuses():
    from regiegroep.trust.audit import details_text

    for bad in ({"amount": Decimal("1.00")}, {"when": dt.date(2026, 1, 1)}):
        with pytest.raises(TypeError):
            json.dumps(bad)
        with pytest.raises(TypeError):
            details_text(bad)
    assert details_text({1: None, "n": float("nan"), "€": ["é"]}) == \
        json.dumps({1: None, "n": float("nan"), "€": ["é"]})


@given(st.lists(st.integers(-2**63, 2**63)))
def test_lists_of_numbers_are_written_as_json_dumps_writes_them(numbers):
    from regiegroep.deciding import _numbers

    assert _numbers(numbers) == json.dumps(numbers)
    assert _numbers(tuple(numbers)) == json.dumps(list(numbers))


@settings(max_examples=300, deadline=None)
@given(received=st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)),
       days=st.integers(0, 200), weeks=st.integers(1, 52), runs_on=st.booleans())
def test_the_year_reports_deadline_is_decision_deadlines(received, days, weeks, runs_on):
    from regiegroep.rules.deadlines import decision_day, decision_deadline
    from regiegroep.rules import model_ordinance

    ordinance = dataclasses.replace(model_ordinance(), decision_term_weeks=weeks,
                                    terms_extend_over_holidays=runs_on)
    suspended = [(received, received + dt.timedelta(days=days))] if days else []
    assert decision_day(received, ordinance, days) == \
        decision_deadline(received, ordinance, suspended).date


def test_a_round_of_decisions_reads_what_the_full_application_says(register):
    """decide_many reads only some columns of an application: every field the checks ask
    (completeness, conflicts, route, dates) is what the full read gives."""
    from regiegroep.deciding.conflicts import applicant_names
    from regiegroep.applications.lookups import to_decide
    from regiegroep.model import gaps

    from .accounts_example import fill

    fill(register)
    conn = register.conn
    # Applications lacking something each, the applicant's kind and contact person too.
    ids = [row[0] for row in conn.execute("SELECT id FROM application ORDER BY id")]
    changes = ["UPDATE applicant SET kind = 'group', contact_person = '' WHERE id = "
               "(SELECT applicant_id FROM application WHERE id = ?)",
               "UPDATE application SET other_subsidy = 1, other_subsidy_details = ' ' WHERE id = ?",
               "UPDATE application SET other_subsidy = NULL, signed = 0 WHERE id = ?",
               "UPDATE application SET cost_estimate_cents = NULL WHERE id = ?",
               "UPDATE applicant SET name = '  ', phone = '' WHERE id = "
               "(SELECT applicant_id FROM application WHERE id = ?)"]
    for change, app_id in zip(changes, ids[1:]):
        conn.execute(change, [app_id])
    read = to_decide(register, ids)
    assert sorted(read) == ids
    seen_gaps = set()
    for app_id in ids:
        full, part = register.application(app_id), read[app_id]
        assert gaps(part) == gaps(full)
        seen_gaps.add(bool(gaps(full)))
        assert applicant_names(part) == applicant_names(full)
        for field in ("id", "sequence", "received_at", "wijk_id", "year", "cost_estimate",
                      "status", "signed", "vouchers_requested", "other_subsidy"):
            assert getattr(part, field) == getattr(full, field), field
    assert seen_gaps == {True, False}


def test_sqlite_quotes_every_character_as_the_seals_encoder_does():
    """Every code point a text in SQLite can hold, not only the ones checked at start."""
    conn = sqlite3.connect(":memory:")
    for start in range(0, 0x110000, 0x4000):
        text = "".join(chr(c) for c in range(start, min(start + 0x4000, 0x110000))
                       if not 0xD800 <= c < 0xE000)
        assert conn.execute("SELECT json_quote(?)", [text]).fetchone()[0] == \
            seals._ENCODE(text), hex(start)
    conn.close()


def test_replaced_records_are_dataclasses_replace():
    from regiegroep.deciding.decision import Decision, Kind
    from regiegroep.model import replaced
    from regiegroep.vouchers.payments import Payment, Way

    decision = Decision(Kind.GRANTED, dt.date(2026, 3, 2), (1, 2),
                        amount_granted=Decimal("150.00"), refusal_grounds={"a": "x"})
    changes = {"id": 7, "reasons": "Het plan is goed.", "ordinance_id": "o"}
    made = replaced(decision, **changes)
    assert made == dataclasses.replace(decision, **changes) and type(made) is Decision
    assert decision.id is None  # the record replaced is left as it was
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.id = 8
    with pytest.raises(TypeError):
        replaced(decision, nothing=1)
    with pytest.raises(TypeError):
        dataclasses.replace(decision, nothing=1)
    payment = Payment("7KM4RXA9CDEF", dt.date(2026, 4, 1), Way.CASH, Decimal("12.50"))
    assert replaced(payment, id=3, iban="NL91") == dataclasses.replace(payment, id=3, iban="NL91")
