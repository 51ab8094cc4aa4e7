"""The audit trail: every change on record, chained so any tampering is found."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from regiegroep.trust import audit
from regiegroep import demo
from regiegroep.register import Register

from .conftest import complete_application

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    with Register.open(path) as reg:
        app = reg.applications(limit=1)[0]
        app.title = "Gewijzigde titel"
        reg.update_application(app)
        reg.delete_application(app.id, "Dubbel")
        reg.restore_application(app.id)
    return path


def entries(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id FROM event ORDER BY id").fetchall()
    conn.close()
    return [r[0] for r in rows]


def tampered(example, tmp_path, *statements):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    conn = sqlite3.connect(copy)
    # Whoever edits the file directly can drop the guards first; the chain still tells.
    conn.execute("DROP TRIGGER event_append_only_update")
    conn.execute("DROP TRIGGER event_append_only_delete")
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    verdict = audit.verify(conn)
    conn.close()
    return verdict


def test_every_change_is_on_record_and_the_chain_is_intact(example):
    with Register.open(example) as reg:
        verdict = audit.verify(reg.conn)
        actions = [e.action for e in reg.events()]
    assert verdict.intact and verdict.entries == len(actions)
    assert actions[-3:] == ["changed", "deleted", "restored"]
    assert actions.count("registered") == 12
    assert "intact" in str(verdict) or "in orde" in str(verdict)


def test_the_trail_refuses_edits_and_deletions(example, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    conn = sqlite3.connect(copy)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE event SET actor = 'someone else' WHERE id = 3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM event WHERE id = 3")
    conn.close()


def test_changing_deleting_or_reordering_any_single_entry_is_found(example, tmp_path):
    ids = entries(example)
    cases = 0
    for entry in ids:
        changed = tampered(example, tmp_path, (
            "UPDATE event SET details = json_set(details, '$.forged', 1) WHERE id = ?", [entry]))
        assert not changed.intact and changed.first_broken == entry
        moved_in_time = tampered(example, tmp_path, (
            "UPDATE event SET at = '2001-01-01T00:00:00' WHERE id = ?", [entry]))
        assert not moved_in_time.intact and moved_in_time.first_broken == entry
        deleted = tampered(example, tmp_path, ("DELETE FROM event WHERE id = ?", [entry]))
        assert not deleted.intact and deleted.first_broken == entry
        cases += 3
        if entry != ids[-1]:
            # Reorder: the entry and the next swap places (contents and hashes together).
            swapped = tampered(
                example, tmp_path,
                ("UPDATE event SET id = -1 WHERE id = ?", [entry]),
                ("UPDATE event SET id = ? WHERE id = ?", [entry, entry + 1]),
                ("UPDATE event SET id = ? WHERE id = -1", [entry + 1]))
            assert not swapped.intact and swapped.first_broken == entry
            cases += 1
    assert cases == 4 * len(ids) - 1 > 100


def test_rewriting_an_entry_with_a_fresh_hash_is_found_by_the_next(example, tmp_path):
    conn = sqlite3.connect(example)
    entry_id, at, actor, action, app_id, details, prev = conn.execute(
        "SELECT id, at, actor, action, application_id, details, prev_hash FROM event "
        "WHERE id = 5").fetchone()
    conn.close()
    forged = json.dumps({"forged": True})
    digest = audit.entry_hash(prev, entry_id, at, actor, action, app_id, forged)
    verdict = tampered(example, tmp_path, (
        "UPDATE event SET details = ?, hash = ? WHERE id = 5", [forged, digest]))
    assert not verdict.intact and verdict.first_broken == 6


def test_the_command_line_names_the_first_broken_entry(example, tmp_path):
    ok = subprocess.run([str(SCRIPT), "audit", "verify", "--db", str(example)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "intact" in ok.stdout
    tampered(example, tmp_path, ("UPDATE event SET actor = 'iemand' WHERE id = 7", []))
    broken = subprocess.run([str(SCRIPT), "audit", "verify", "--db", str(tmp_path / "copy.sqlite")],
                            capture_output=True, text=True)
    assert broken.returncode == 1
    assert "7" in broken.stderr and "Traceback" not in broken.stderr


def test_an_import_is_one_step_in_the_chain(register, tmp_path):
    register.register_applications([complete_application(register.wijken()[0].id)
                                    for _i in range(5)], source="test")
    verdict = audit.verify(register.conn)
    assert verdict.intact and verdict.entries == len(register.events())


def test_an_entry_hash_is_that_of_its_canonical_text_whatever_it_holds():
    """The hash covers the previous hash and the entry as compact JSON (``canonical``):
    also for quotes, control characters and other scripts in what was recorded."""
    import hashlib

    from regiegroep.trust import audit

    odd = "".join(map(chr, range(40))) + '"\\ é ı ş 🙂 \u2028 \x7f \'%s%d'
    for entry in [(1, "2026-01-01T10:00:00", "command line", "registered", None, "{}"),
                  (2 ** 40, odd, odd, odd, 5, '{"title": "%s"}' % odd),
                  (3, "x", "y", "z", True, "{}")]:
        previous = "ab" * 32
        assert audit.entry_hash(previous, *entry) == hashlib.sha256(
            previous.encode("ascii") + audit.canonical(*entry)).hexdigest()
