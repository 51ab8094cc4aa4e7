"""A trail that binds the register (issue 11.6): a record edited with another program is
found by `audit verify`, which names it; a register rewritten with its trail is found by
the fingerprint kept beside each backup (`audit verify --expect`)."""

import shutil
import sqlite3

import pytest

from regiegroep.trust import audit, backup
from regiegroep import demo
from regiegroep.cli import main
from regiegroep.register import Register


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("seals") / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    return path


def _tamper(example, tmp_path, sql, params=()):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    conn = sqlite3.connect(copy)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")  # whoever edits the file can drop the guards
    changed = conn.execute(sql, params).rowcount
    conn.commit()
    assert changed == 1
    verdict = audit.verify(conn)
    conn.close()
    return verdict


def _first(example, table, where=""):
    conn = sqlite3.connect(example)
    row = conn.execute(f"SELECT id FROM {table} {where} ORDER BY id LIMIT 1").fetchone()
    conn.close()
    return row[0]


TAMPERINGS = {
    "a decision's amount changed": ("UPDATE decision SET amount_granted_cents = coalesce("
                                    "amount_granted_cents, 0) + 100000 WHERE id = {decision}",
                                    "besluit {decision} is buiten de app gewijzigd"),
    "a decision deleted": ("DELETE FROM decision WHERE id = {decision}",
                           "besluit {decision} is buiten de app verwijderd"),
    "a payment deleted": ("DELETE FROM payment WHERE id = {payment}",
                          "betaling {payment} is buiten de app verwijderd"),
    "a cost changed": ("UPDATE cost_line SET amount_cents = amount_cents + 50000 WHERE id = "
                       "{cost_line}", "kostenpost {cost_line} is buiten de app gewijzigd"),
    "a name changed": ("UPDATE applicant SET name = 'Iemand Anders' WHERE id = {applicant}",
                       "aanvrager {applicant} is buiten de app gewijzigd"),
    "a budget changed": ("UPDATE budget SET amount_cents = amount_cents + 100 WHERE id = {budget}",
                         "budget {budget} is buiten de app gewijzigd"),
    "a PIN hash swapped": ("UPDATE member SET pin_hash = (SELECT pin_hash FROM member AS m "
                           "WHERE m.pin_hash IS NOT NULL AND m.id <> member.id LIMIT 1) "
                           "WHERE id = {member}",
                           "persoon {member} is buiten de app gewijzigd"),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_each_direct_edit_of_the_records_is_found_and_named(example, tmp_path, tampering):
    ids = {"decision": _first(example, "decision"), "payment": _first(example, "payment"),
           "cost_line": _first(example, "cost_line"), "applicant": _first(example, "applicant"),
           "budget": _first(example, "budget"),
           "member": _first(example, "member", "WHERE pin_hash IS NOT NULL")}
    sql, named = TAMPERINGS[tampering]
    verdict = _tamper(example, tmp_path, sql.format(**ids))
    assert not verdict.intact
    assert named.format(**ids) in str(verdict)


def test_an_untouched_register_and_its_own_changes_pass(example, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    with Register.open(copy) as reg:
        app = reg.applications(limit=1)[0]
        app.title = "Een andere titel"
        reg.update_application(app)
        reg.delete_application(app.id, "Dubbel")
        verdict = audit.verify(reg.conn)
    assert verdict.intact, str(verdict)


def test_a_rewritten_register_is_found_by_the_fingerprint_beside_its_backup(
        example, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    made = backup.make_backup(copy, tmp_path / "backups")
    mark = backup.fingerprint_in_name(made)
    assert len(mark) == 20 and made.name.endswith(f"-{mark}.sqlite")
    assert main(["audit", "verify", "--db", str(copy), "--expect", mark]) == 0
    assert mark in capsys.readouterr().out
    # Rewrite a decision and seal it again with the same recipe: verify alone passes...
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER decision_never_changed") if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'decision_never_changed'").fetchone() else None
    conn.execute("UPDATE decision SET amount_granted_cents = coalesce(amount_granted_cents, 0) + 100 "
                 "WHERE id = (SELECT min(id) FROM decision)")
    from regiegroep.trust import seals

    seals.seal_all(conn)
    conn.commit()
    conn.close()
    assert main(["audit", "verify", "--db", str(copy)]) == 0
    # ...but not against the fingerprint kept beside the backup.
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(copy), "--expect", mark]) == 1
    assert mark in capsys.readouterr().err


def test_backups_named_with_their_fingerprint_rotate_as_before(example, tmp_path):
    import datetime as dt

    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    folder = tmp_path / "backups"
    new = backup.make_backup(copy, folder, dt.datetime(2020, 1, 1, 12))
    old = backup.make_backup(copy, folder, dt.datetime(2020, 1, 1, 11))
    assert [path for _m, path in backup.backups(folder, "copy")] == [old, new]
    assert backup.rotate(folder, "copy", today=dt.date(2020, 1, 1), register=new) == [old]
    assert main(["backup", "--db", str(copy), "--to", str(folder)]) == 0
    assert len(backup.backups(folder, "copy")) == 1  # the same day: the newest is kept


def test_rows_sealed_at_the_end_of_a_build_are_sealed_as_actions_seal_them(tmp_path):
    """The example seals its rows once, when it is written: the same seals the actions
    would have left, and the app's own actions after it seal theirs again as they go."""
    from regiegroep.trust import seals

    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 30)
    conn = sqlite3.connect(path)
    # One seal per row (voting codes: one per consultation, seals.GROUPED).
    rows = sum(conn.execute(f"SELECT count(DISTINCT {seals._key(t)}) FROM {t}").fetchone()[0]
               for t in seals.SEALED)
    # and one per protective trigger (issue 23.1)
    rows += conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM row_seal").fetchone()[0] == rows
    assert seals.differences(conn) is None
    assert seals.fingerprint(conn, sealed=True) == seals.fingerprint(conn)
    conn.close()
    with Register.open(path) as register:
        with register.sealed_at_the_end():
            register.add_member("Nina de Boer", "member", actor="command line")
        register.add_member("Sem Kok", "member", actor="command line")
        assert seals.differences(register.conn) is None


def test_the_sealed_fingerprint_orders_seals_by_number_as_the_rows_fingerprint_does(tmp_path):
    """The year report's fingerprint (from the seals, ordered by SQLite) is the one `audit
    verify --expect` recomputes, also past id 9 (where "10" sorts before "9" as text), and a
    seal named otherwise (written outside the app) is ordered by the one rule too."""
    import hashlib

    from regiegroep.trust import seals

    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 30)
    conn = sqlite3.connect(path)

    def by_hand() -> str:
        digest = hashlib.sha256(conn.execute("SELECT hash FROM audit_head").fetchone()[0]
                                .encode("ascii"))
        for table in seals._sealed_kinds(conn):
            pairs = conn.execute("SELECT row_key, hash FROM row_seal WHERE tbl = ?",
                                 [table]).fetchall()
            for key, row_hash in sorted(pairs, key=lambda kv: seals._order(kv[0])):
                digest.update(f"|{table}:{key}:{row_hash}".encode("utf-8"))
        return digest.hexdigest()

    assert conn.execute("SELECT count(*) FROM application").fetchone()[0] >= 10
    assert seals.fingerprint(conn, sealed=True) == by_hand() == seals.fingerprint(conn)
    conn.execute("INSERT INTO row_seal VALUES ('application', 'x7', 'f00'), "
                 "('application', '07', 'ba5')")
    assert seals.fingerprint(conn, sealed=True) == by_hand()
    conn.close()


def test_seals_written_by_sqlite_are_the_seals_of_their_definition(tmp_path):
    """A row's seal is the hash of json.dumps([table, row], sort_keys=True,
    ensure_ascii=False, default=str), bytes as hex: also for quotes, control characters,
    other scripts, and values only another program writes (a real number, bytes)."""
    import hashlib
    import json

    from regiegroep.trust import seals

    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    conn = sqlite3.connect(path)
    odd = ''.join(map(chr, range(32))) + '"\\ é ı ş 🙂 \u2028 \x7f \'%s'
    conn.execute("DROP TRIGGER IF EXISTS decision_never_changed")
    conn.execute("UPDATE applicant SET address = ? WHERE id = 1", [odd])
    conn.execute("UPDATE application SET execution = ? WHERE id = 2", [odd])

    def by_definition(table: str, key) -> str:
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", [key])
        columns = [d[0] for d in cursor.description]
        row = {c: v.hex() if isinstance(v, bytes) else v for c, v in zip(columns, cursor.fetchone())}
        text = json.dumps([table, row], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    assert seals._hashes(conn, "applicant")["1"] == by_definition("applicant", 1)
    assert seals._hashes(conn, "application", [2])["2"] == by_definition("application", 2)
    conn.execute("UPDATE application SET cost_estimate_cents = 12.5 WHERE id = 3")
    conn.execute("UPDATE decision SET reasons = x'00ff' WHERE id = (SELECT min(id) FROM decision)")
    decision = conn.execute("SELECT min(id) FROM decision").fetchone()[0]
    assert seals._hashes(conn, "application")["3"] == by_definition("application", 3)
    assert seals._hashes(conn, "decision")[str(decision)] == by_definition("decision", decision)
    assert seals._hashes(conn, "application") == seals._hashes_in_python(conn, "application")
    for table in seals._tables(conn):
        assert seals._hashes(conn, table) == seals._hashes_in_python(conn, table)
    seals.seal_all(conn)  # written by SQLite where it can, by Python where it cannot
    assert seals.differences(conn) is None
    assert conn.execute("SELECT hash FROM row_seal WHERE tbl = 'applicant' AND row_key = '1'"
                        ).fetchone()[0] == by_definition("applicant", 1)
    assert conn.execute("SELECT hash FROM row_seal WHERE tbl = 'decision' AND row_key = ?",
                        [str(decision)]).fetchone()[0] == by_definition("decision", decision)
    conn.close()


def test_an_sqlite_that_quotes_otherwise_leaves_the_seals_to_python(tmp_path, monkeypatch):
    """Where this process's SQLite would not write a seal's text as its definition does
    (a json_quote of another version), Python writes every seal: the very same seals."""
    from regiegroep.trust import seals

    assert seals._sqlite_quotes_as_python()  # the SQLite the suite runs on writes them
    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    conn = sqlite3.connect(path)
    written = conn.execute("SELECT tbl, row_key, hash FROM row_seal ORDER BY 1, 2").fetchall()
    monkeypatch.setattr(seals, "_sqlite_quotes_as_python", lambda: False)
    monkeypatch.setattr(seals, "_texts_by_sqlite", None)  # not asked at all
    seals.seal_all(conn)
    assert conn.execute("SELECT tbl, row_key, hash FROM row_seal ORDER BY 1, 2").fetchall() == written
    assert seals.differences(conn) is None
    conn.close()
