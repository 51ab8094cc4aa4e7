"""The register file: one SQLite database per register, its schema and its safety checks.

Every connection runs in WAL mode with ``synchronous=FULL``, so a committed action survives
a power cut, and with foreign keys enforced. On open the file is checked with
``integrity_check`` (damage to pages and indexes) and ``foreign_key_check`` (rows pointing
nowhere): they catch different things. The schema is brought up to date by sqlite-utils
migrations, each in its own transaction with its bookkeeping row.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from pathlib import Path

from sqlite_utils import Database, Migrations

from .errors import RegisterError
from .i18n import _

# Written into the file header (PRAGMA application_id) so a register can be told apart
# from any other SQLite file: "RGGP".
APPLICATION_ID = 0x52474750

migrations = Migrations("regiegroep")


def _run(db: Database, *statements: str) -> None:
    # Statements one by one: executescript() would commit the migration's transaction.
    for statement in statements:
        db.execute(statement)


@migrations()
def m001_register(db: Database) -> None:
    """The register: municipality, neighbourhoods, budgets, members, applicants, applications."""
    _run(
        db,
        """CREATE TABLE municipality (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            steering_group_name TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE wijk (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> '')
        )""",
        # Art. 2.2-2.5: per neighbourhood and year an amount, a cost reservation of at most
        # 10% of it, and a subsidy ceiling no higher than what is left after the reservation.
        """CREATE TABLE budget (
            id INTEGER PRIMARY KEY,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            cost_reservation_cents INTEGER NOT NULL DEFAULT 0
                CHECK (cost_reservation_cents >= 0 AND cost_reservation_cents * 10 <= amount_cents),
            ceiling_cents INTEGER NOT NULL
                CHECK (ceiling_cents >= 0 AND ceiling_cents <= amount_cents - cost_reservation_cents),
            UNIQUE (wijk_id, year)
        )""",
        """CREATE TABLE member (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member')),
            wijk_id INTEGER REFERENCES wijk(id),
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE applicant (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('resident', 'group', 'legal_entity')),
            name TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        )""",
        # Art. 4.2 a-d and Art. 4.4: the moment of receipt and the sequence number.
        """CREATE TABLE application (
            id INTEGER PRIMARY KEY,
            sequence INTEGER NOT NULL UNIQUE CHECK (sequence > 0),
            received_at TEXT NOT NULL,
            year INTEGER NOT NULL,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            applicant_id INTEGER NOT NULL REFERENCES applicant(id),
            signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
            title TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            execution TEXT NOT NULL DEFAULT '',
            planning TEXT NOT NULL DEFAULT '',
            liveability TEXT NOT NULL DEFAULT '',
            cost_estimate_cents INTEGER CHECK (cost_estimate_cents >= 0),
            vouchers_requested INTEGER CHECK (vouchers_requested >= 1),
            other_subsidy INTEGER CHECK (other_subsidy IN (0, 1)),
            other_subsidy_details TEXT NOT NULL DEFAULT '',
            theme TEXT CHECK (theme IN ('housing', 'work', 'learning', 'integration', 'safety', 'other')),
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            deleted_reason TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX application_by_receipt ON application (received_at, sequence)",
        "CREATE INDEX application_by_wijk ON application (wijk_id, received_at)",
        "CREATE INDEX application_by_year ON application (year, received_at)",
        "CREATE INDEX application_by_status ON application (status, received_at)",
        "CREATE INDEX application_by_theme ON application (theme, received_at)",
        "CREATE INDEX application_by_applicant ON application (applicant_id)",
        """CREATE TABLE cost_line (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            position INTEGER NOT NULL,
            description TEXT NOT NULL,
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            UNIQUE (application_id, position)
        )""",
        # Scans of the signed form, quotes, photos; the hash shows a file is the one received.
        """CREATE TABLE attachment (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            kind TEXT NOT NULL CHECK (kind IN ('signed_form', 'quote', 'photo', 'other')),
            filename TEXT NOT NULL,
            media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX attachment_by_application ON attachment (application_id)",
        # What happened to the register, by whom: deletions are never silent.
        """CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            application_id INTEGER REFERENCES application(id),
            details TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX event_by_application ON event (application_id)",
        # Search as you type across title, applicant and description. Trigrams find any part
        # of a word, which Dutch compounds need ("cafe" finds "Buurtcafé"); the text is folded
        # (lower case, no accents) by regiegroep_fold, registered on every connection.
        """CREATE VIRTUAL TABLE application_search USING fts5(
            title, applicant, description, tokenize = 'trigram'
        )""",
        """CREATE TRIGGER application_search_insert AFTER INSERT ON application BEGIN
            INSERT INTO application_search (rowid, title, applicant, description)
            SELECT new.id, regiegroep_fold(new.title),
                   regiegroep_fold(a.name || ' ' || a.contact_person), regiegroep_fold(new.description)
            FROM applicant a WHERE a.id = new.applicant_id;
        END""",
        """CREATE TRIGGER application_search_update
        AFTER UPDATE OF title, description, applicant_id ON application BEGIN
            DELETE FROM application_search WHERE rowid = old.id;
            INSERT INTO application_search (rowid, title, applicant, description)
            SELECT new.id, regiegroep_fold(new.title),
                   regiegroep_fold(a.name || ' ' || a.contact_person), regiegroep_fold(new.description)
            FROM applicant a WHERE a.id = new.applicant_id;
        END""",
        """CREATE TRIGGER application_search_delete AFTER DELETE ON application BEGIN
            DELETE FROM application_search WHERE rowid = old.id;
        END""",
        """CREATE TRIGGER applicant_search_update
        AFTER UPDATE OF name, contact_person ON applicant BEGIN
            UPDATE application_search
            SET applicant = regiegroep_fold(new.name || ' ' || new.contact_person)
            WHERE rowid IN (SELECT id FROM application WHERE applicant_id = new.id);
        END""",
    )


def schema_version() -> int:
    """The number of schema steps this version of the app knows."""
    return len(migrations._migrations)


def fold(text: str | None) -> str:
    """Text as search compares it: lower case, accents dropped (é -> e, ı -> i, ş -> s)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe"})


def _configure(conn: sqlite3.Connection) -> None:
    conn.create_function("regiegroep_fold", 1, fold, deterministic=True)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal" and not _is_memory(conn):
        raise RegisterError(
            _("The register cannot be opened safely on this drive (no write-ahead log). "
              "Copy it to the computer's own disk and open it there.")
        )
    conn.execute("PRAGMA synchronous = FULL")


def _is_memory(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA database_list").fetchone()[2] == ""


def _check(db: Database, path: str) -> None:
    try:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:  # too damaged to even list the damage
        problems = [str(exc)]
    if problems != ["ok"]:
        raise RegisterError(
            _("The register {path} is damaged ({detail}). Do not work in it; restore the "
              "latest backup.").format(path=path, detail="; ".join(problems[:3]))
        )
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid = broken[0][0], broken[0][1]
        raise RegisterError(
            _("The register {path} has {count} records that point to records that do not "
              "exist (first: {table} {rowid}). Restore the latest backup.").format(
                path=path, count=len(broken), table=table, rowid=rowid)
        )


def open_database(path: str | os.PathLike | None, *, create: bool = True,
                  check: bool = True) -> Database:
    """Open (or create) the register file at ``path`` and bring its schema up to date.

    ``None`` opens a register in memory, for tests. Raises RegisterError with a message for
    the user when the file is not a register, comes from a newer version of the app, is
    damaged or cannot be written. ``check=False`` leaves the integrity checks to the caller,
    who runs ``check_file`` (the app does, in the background, so a large register shows at
    once); the checks still run before any migration changes the file.
    """
    shown = str(path) if path is not None else ":memory:"
    if path is not None:
        p = Path(path)
        if p.is_dir():
            raise RegisterError(_("{path} is a folder, not a register file.").format(path=shown))
        if not p.exists():
            if not create:
                raise RegisterError(_("There is no register at {path}.").format(path=shown))
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RegisterError(
                    _("Cannot create the folder for {path}: {reason}").format(
                        path=shown, reason=exc.strerror or exc)
                ) from None
    try:
        conn = sqlite3.connect(str(path) if path is not None else ":memory:")
    except sqlite3.Error as exc:
        raise RegisterError(
            _("Cannot open {path}: {reason}").format(path=shown, reason=exc)
        ) from None
    db = Database(conn)
    try:
        _open_checked(db, shown, check)
    except BaseException:
        conn.close()
        raise
    return db


def _open_checked(db: Database, shown: str, check: bool) -> None:
    conn = db.conn
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {t for t in db.table_names() if not t.startswith("sqlite_")}
    except sqlite3.DatabaseError:
        raise RegisterError(
            _("{path} is not a Regiegroep register (it is not a database file).").format(path=shown)
        ) from None
    if app_id != APPLICATION_ID and tables:
        raise RegisterError(
            _("{path} is not a Regiegroep register. Choose another file, or create a new "
              "register.").format(path=shown)
        )
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    if applied - known or conn.execute("PRAGMA user_version").fetchone()[0] > schema_version():
        raise RegisterError(
            _("{path} was made by a newer version of Regiegroep. Install the newest version "
              "to open it; this version leaves the file untouched.").format(path=shown)
        )
    try:
        _configure(conn)
        if applied and (check or applied != known):
            _check(db, shown)
        if applied != known:
            migrations.apply(db)
            with db.atomic():
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {schema_version()}")
    except sqlite3.DatabaseError as exc:
        raise RegisterError(_describe(exc, shown)) from None


def check_file(path: str | os.PathLike) -> None:
    """Run the integrity and foreign-key checks on a register file, on a connection of its own.

    Raises RegisterError describing the damage. Safe to call from another thread.
    """
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        _check(Database(conn), str(path))
    except sqlite3.Error as exc:
        raise RegisterError(_describe(exc, str(path))) from None
    finally:
        conn.close()


def _describe(exc: sqlite3.Error, shown: str) -> str:
    """Turn an SQLite failure into something a volunteer can act on."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return _("The register {path} cannot be written (read-only). Copy it to a folder "
                 "where you may save files.").format(path=shown)
    if "disk is full" in text or "full" in text:
        return _("The disk is full. Free some space and try again; nothing was lost.")
    if "malformed" in text or "corrupt" in text:
        return _("The register {path} is damaged ({detail}). Do not work in it; restore the "
                 "latest backup.").format(path=shown, detail=exc)
    if "locked" in text or "busy" in text:
        return _("The register {path} is busy in another program. Close it there and try "
                 "again.").format(path=shown)
    return _("Cannot open {path}: {reason}").format(path=shown, reason=exc)
