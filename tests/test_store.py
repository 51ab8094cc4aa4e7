"""The register file: created, checked and upgraded on open; refused when it is not ours."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from regiegroep import store
from regiegroep.errors import RegisterError
from regiegroep.register import Register

from .conftest import complete_application

SAMPLES = Path(__file__).parent / "registers"


def test_new_register_is_created_with_wal_and_full_sync(tmp_path):
    path = tmp_path / "sub" / "new.sqlite"
    with Register.open(path) as reg:
        conn = reg.db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.schema_version()
        assert {"application", "applicant", "wijk", "budget", "event"} <= set(reg.db.table_names())
    assert path.exists()


def test_reopening_applies_nothing_and_keeps_data(register):
    register.register_application(complete_application(register.wijken()[0].id))
    path = register.path
    register.close()
    with Register.open(path) as again:
        assert again.count() == 1


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "letter.sqlite"
    path.write_bytes(b"Dear steering group, " * 200)
    with pytest.raises(RegisterError, match="geen Regiegroep-register|not a Regiegroep"):
        Register.open(path)
    assert path.read_bytes().startswith(b"Dear steering group")


def test_another_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(RegisterError):
        Register.open(path)
    assert path.read_bytes() == before


def test_a_register_from_a_newer_version_is_refused(register):
    path = register.path
    with register.db.atomic():
        register.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('regiegroep', 'm999_from_the_future', '2030-01-01')")
    register.close()
    with pytest.raises(RegisterError, match="nieuwere versie"):
        Register.open(path)


def test_missing_file_is_not_created_when_asked_not_to(tmp_path):
    with pytest.raises(RegisterError, match="Er is geen register"):
        Register.open(tmp_path / "nothing.sqlite", create=False)
    assert not (tmp_path / "nothing.sqlite").exists()


def test_rows_pointing_nowhere_are_found_on_open(register):
    path = register.path
    register.db.conn.execute("PRAGMA foreign_keys = OFF")
    with register.db.atomic():
        register.db.execute("INSERT INTO budget (wijk_id, year, amount_cents, ceiling_cents) "
                            "VALUES (99, 2026, 100, 100)")
    register.close()
    with pytest.raises(RegisterError, match="budget"):
        Register.open(path)
    with pytest.raises(RegisterError):
        store.check_file(path)


def test_a_damaged_file_is_found_on_open(register, tmp_path):
    for i in range(40):
        register.register_application(complete_application(register.wijken()[0].id))
    path = register.path
    page_size = register.db.execute("PRAGMA page_size").fetchone()[0]
    root = register.db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'application_by_status'").fetchone()[0]
    register.close()
    data = bytearray(path.read_bytes())
    # Scribble over one index page; the file header stays intact.
    start = (root - 1) * page_size
    data[start:start + page_size] = b"\x5a" * page_size
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(bytes(data))
    with pytest.raises(RegisterError, match="beschadigd|damaged|verwijzen"):
        Register.open(damaged)


def test_samples_of_every_released_schema_open_and_upgrade(tmp_path):
    samples = sorted(SAMPLES.glob("*.sqlite"))
    assert samples, "keep a sample register of every released schema in tests/registers"
    for sample in samples:
        copy = tmp_path / sample.name
        shutil.copy(sample, copy)
        with Register.open(copy) as reg:
            assert reg.count() > 0
            assert reg.budgets()
            assert reg.db.conn.execute("PRAGMA user_version").fetchone()[0] == store.schema_version()
            app = reg.applications(limit=1)[0]
            assert reg.application(app.id).title


def test_a_failed_action_leaves_nothing_half_written(register):
    good = complete_application(register.wijken()[0].id)
    bad = complete_application(9999)  # a neighbourhood that does not exist
    with pytest.raises(Exception):
        register.register_applications([good, bad])
    assert register.count() == 0
    assert register.db.execute("SELECT count(*) FROM applicant").fetchone()[0] == 0
    assert [e.action for e in register.events()] == ["municipality_set", "wijk_added",
                                                     "wijk_added", "budget_set", "budget_set"]


def test_the_schema_steps_are_listed_where_opening_checks_them():
    from regiegroep.migrations import migrations

    assert tuple(m.name for m in migrations._migrations) == store.MIGRATIONS
