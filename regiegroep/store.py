"""The register file: one SQLite database per register, its schema and its safety checks.

Every connection runs in WAL mode with ``synchronous=FULL``, so a committed action survives
a power cut, and with foreign keys enforced. On open the file is checked with
``integrity_check`` (damage to pages and indexes) and ``foreign_key_check`` (rows pointing
nowhere): they catch different things. The schema is brought up to date by the sqlite-utils
migrations in ``regiegroep.migrations``, each in its own transaction with its bookkeeping row.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path


from .errors import RegisterError
from .i18n import _

# Written into the file header (PRAGMA application_id) so a register can be told apart
# from any other SQLite file: "RGGP".
APPLICATION_ID = 0x52474750

# The schema steps this version knows, in order (regiegroep.migrations defines them).
MIGRATIONS = ("m001_register", "m002_audit_chain", "m003_privacy", "m004_ordinances",
              "m005_decisions", "m006_completion_requests", "m007_check_progress",
              "m008_applicant_language", "m009_people", "m010_payments",
              "m011_reservation_cap_from_the_ordinance")
MIGRATION_SET = "regiegroep"

def schema_version() -> int:
    """The number of schema steps this version of the app knows (PRAGMA user_version)."""
    return len(MIGRATIONS)


def fold(text: str | None) -> str:
    """Text as search compares it: lower case, accents dropped (é -> e, ı -> i, ş -> s)."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    import unicodedata  # when first searching, not when opening

    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD_EXTRA))
    return _MARKS.sub("", decomposed)


_FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe"})
# Combining marks: Latin accents, and the Arabic vowel signs, which searches ignore too.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\u064b-\u065f\u0670]")


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


def _check(conn: sqlite3.Connection, path: str) -> None:
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:  # too damaged to even list the damage
        problems = [str(exc)]
    if problems != ["ok"]:
        raise RegisterError(
            _("The register {path} is damaged ({detail}). Do not work in it; restore the "
              "latest backup.").format(path=path, detail="; ".join(problems[:3]))
        )
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid = broken[0][0], broken[0][1]
        raise RegisterError(
            _("The register {path} has {count} records that point to records that do not "
              "exist (first: {table} {rowid}). Restore the latest backup.").format(
                path=path, count=len(broken), table=table, rowid=rowid)
        )


def open_connection(path: str | os.PathLike | None, *, create: bool = True,
                    check: bool = True) -> sqlite3.Connection:
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
    new = path is not None and not Path(path).exists()
    try:
        conn = sqlite3.connect(str(path) if path is not None else ":memory:")
        if new:
            # Residents' personal data: the owner alone may read the file (AVG/GDPR).
            os.chmod(path, 0o600)
    except sqlite3.Error as exc:
        raise RegisterError(
            _("Cannot open {path}: {reason}").format(path=shown, reason=exc)
        ) from None
    try:
        _open_checked(conn, shown, check)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_checked(conn: sqlite3.Connection, shown: str, check: bool) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise RegisterError(
            _("{path} is not a Regiegroep register (it is not a database file).").format(path=shown)
        ) from None
    if app_id != APPLICATION_ID and tables:
        raise RegisterError(
            _("{path} is not a Regiegroep register. Choose another file, or create a new "
              "register.").format(path=shown)
        )
    applied = set()
    if "_sqlite_migrations" in tables:
        applied = {row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
    if applied - set(MIGRATIONS) or version > schema_version():
        raise RegisterError(
            _("{path} was made by a newer version of Regiegroep. Install the newest version "
              "to open it; this version leaves the file untouched.").format(path=shown)
        )
    try:
        _configure(conn)
        if applied and (check or applied != set(MIGRATIONS)):
            _check(conn, shown)
        if applied != set(MIGRATIONS):
            from sqlite_utils import Database

            from .migrations import migrations

            db = Database(conn, recursive_triggers=False)
            migrations.apply(db)
            with db.atomic():
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {schema_version()}")
    except sqlite3.DatabaseError as exc:
        raise RegisterError(_describe(exc, shown)) from None


@contextlib.contextmanager
def _own_connection(path: str | os.PathLike):
    """A connection of its own to a register file, for checks in another thread."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        yield conn
    finally:
        conn.close()


def check_file(path: str | os.PathLike) -> None:
    """Run the integrity and foreign-key checks on a register file, on a connection of its own.

    Raises RegisterError describing the damage. Safe to call from another thread.
    """
    try:
        with _own_connection(path) as conn:
            _check(conn, str(path))
    except sqlite3.Error as exc:
        raise RegisterError(_describe(exc, str(path))) from None


def check_audit_file(path: str | os.PathLike):
    """Verify the audit trail of a register file on a connection of its own (any thread)."""
    from .audit import verify

    with _own_connection(path) as conn:
        return verify(conn)


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
