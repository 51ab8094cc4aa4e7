"""The register file: created, checked and upgraded on open; refused when it is not ours."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from regiegroep import store
from regiegroep.errors import RegisterError, UserError
from regiegroep.budgets import Municipality
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


def test_a_failed_action_leaves_nothing_half_written(model_register):
    register = model_register
    good = complete_application(register.wijken()[0].id)
    bad = complete_application(9999)  # a neighbourhood that does not exist
    with pytest.raises(Exception):
        register.register_applications([good, bad])
    assert register.count() == 0
    assert register.db.execute("SELECT count(*) FROM applicant").fetchone()[0] == 0
    assert [e.action for e in register.events()] == ["municipality_set", "wijk_added",
                                                     "wijk_added", "budget_set", "budget_set"]


def test_the_schema_steps_are_listed_where_opening_checks_them():
    from regiegroep.store.migrations import migrations

    assert tuple(m.name for m in migrations._migrations) == store.MIGRATIONS


# SQLite's failures, by their error code, in words a volunteer can act on (store.user_error).

def _failure(code: int) -> sqlite3.Error:
    exc = sqlite3.OperationalError("what SQLite said")
    exc.sqlite_errorcode = code
    return exc


def test_a_read_only_register_says_so_and_changes_nothing(register):
    path = register.path
    register.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with Register(conn, path) as read_only:
        with pytest.raises(RegisterError, match="alleen-lezen") as caught:
            read_only.add_wijk("Rosmolenwijk")
        assert str(path) in str(caught.value)
    with Register.open(path) as again:
        assert [w.name for w in again.wijken()] == ["Kogerveld", "Poelenburg"]


def test_a_register_busy_in_another_program_says_so_and_changes_nothing(register):
    other = sqlite3.connect(register.path)
    other.execute("BEGIN IMMEDIATE")  # another copy of the app is writing
    register.conn.execute("PRAGMA busy_timeout = 0")  # do not wait five seconds for it
    try:
        with pytest.raises(UserError, match="bezig in een andere kopie van de app") as caught:
            register.add_wijk("Rosmolenwijk")
        assert not isinstance(caught.value, RegisterError)  # the register itself is fine
    finally:
        other.rollback()
        other.close()
    assert [w.name for w in register.wijken()] == ["Kogerveld", "Poelenburg"]
    register.add_wijk("Rosmolenwijk")  # once the other is done, it works
    assert len(register.wijken()) == 3


def test_a_full_disk_says_so_and_changes_nothing(register):
    pages = register.conn.execute("PRAGMA page_count").fetchone()[0]
    register.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(RegisterError, match="De schijf is vol"):
        register.set_municipality(Municipality("Zaanstad", "x" * 100_000))
    assert register.municipality().address == "Stadhuisplein 100"


def test_a_bug_is_not_dressed_up_as_a_problem_of_the_file(register):
    with pytest.raises(sqlite3.IntegrityError):
        with register.write():
            register.conn.execute("INSERT INTO wijk (id, name) VALUES (1, 'Dubbel')")
    assert store.user_error(_failure(sqlite3.SQLITE_CONSTRAINT), "r.sqlite") is None


@pytest.mark.parametrize(("code", "words"), [
    (sqlite3.SQLITE_CORRUPT, "beschadigd"),
    (sqlite3.SQLITE_NOTADB, "beschadigd"),
    (sqlite3.SQLITE_CANTOPEN, "gaat niet open"),
    (sqlite3.SQLITE_IOERR, "niet lezen of schrijven"),
    (sqlite3.SQLITE_IOERR | (3 << 8), "niet lezen of schrijven"),  # SQLITE_IOERR_WRITE
    (sqlite3.SQLITE_READONLY | (1 << 8), "alleen-lezen"),  # SQLITE_READONLY_RECOVERY
    (sqlite3.SQLITE_LOCKED, "bezig"),
])
def test_each_failure_of_the_file_has_its_own_words(code, words):
    error = store.user_error(_failure(code), "/data/r.sqlite")
    assert isinstance(error, UserError)
    assert words in str(error)
    assert "/data/r.sqlite" in str(error) or code == sqlite3.SQLITE_LOCKED


def test_opening_says_what_sqlite_said_when_nothing_fits():
    error = store.user_error(_failure(sqlite3.SQLITE_ERROR), "r.sqlite", opening=True)
    assert isinstance(error, RegisterError)
    assert "what SQLite said" in str(error)


def test_an_empty_file_is_not_made_a_register_unless_asked(tmp_path):
    """Issue 11, 5: opening an existing empty file without asking for a new register."""
    from regiegroep.errors import RegisterError
    from regiegroep.register import Register

    empty = tmp_path / "leeg.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(RegisterError, match="leeg"):
        Register.open(empty, create=False)
    assert empty.stat().st_size == 0
