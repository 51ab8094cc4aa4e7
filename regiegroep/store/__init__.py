"""The store: the register file and the unit of work every room shares.

Offers the rooms a public, typed API on ``Store`` (``regiegroep.register.Register`` is one):
``write()`` (one action, one transaction, the write lock taken first, its rows sealed at
the end), ``event()`` and ``audit()`` (the action's audit entries, inside its transaction),
``require()`` and ``require_read()`` (what the person signed in may do and see, the table
of regiegroep.trust.access, asked where the data is), ``who()`` (whom the record names),
``now()`` (the clock), ``fold()`` (text as search compares it) and ``user_error()`` (SQLite's
failures as words). ``store.migrations`` holds the schema, step by step.

The register file: one SQLite database per register, its schema and its safety checks.

Here too: one transaction per action (``Store.write``), the write lock taken at its start,
with its entries appended to the audit trail, and SQLite's failures turned by their error
code into messages a user can act on (``user_error``).

Every connection runs in WAL mode with ``synchronous=FULL``, so a committed action survives
a power cut, and with foreign keys enforced. On open the file is checked with
``integrity_check`` (damage to pages and indexes) and ``foreign_key_check`` (rows pointing
nowhere): they catch different things. The schema is brought up to date by the sqlite-utils
migrations in ``regiegroep.store.migrations``, each in its own transaction with its bookkeeping row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import AccessDenied, RegisterError, UserError
from ..i18n import _

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..trust.access import Permission, Read

# Written into the file header (PRAGMA application_id) so a register can be told apart
# from any other SQLite file: "RGGP".
APPLICATION_ID = 0x52474750

# The schema steps this version knows, in order (regiegroep.store.migrations defines them).
MIGRATIONS = ("m001_register", "m002_audit_chain", "m003_privacy", "m004_ordinances",
              "m005_decisions", "m006_completion_requests", "m007_check_progress",
              "m008_applicant_language", "m009_people", "m010_payments",
              "m011_reservation_cap_from_the_ordinance", "m012_town_and_group_contact",
              "m013_vouchers", "m014_consultations", "m015_row_seals", "m016_kiosk",
              "m017_paper_entries_without_codes_and_cancelling", "m018_kiosk_votes",
              "m020_voucher_holders_anonymised", "m021_consultations_sealed",
              "m022_money_and_letters_sealed", "m025_paper_sheet_check",
              "m026_kiosk_sent_packages_kept", "m027_kiosk_signing_keys", "m028_letters_sent",
              "m029_objections", "m030_consultation_meeting")
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
    # Removed rows (anonymised applicants, deleted scans) are overwritten, not left readable
    # in the file's free pages (AVG/GDPR).
    conn.execute("PRAGMA secure_delete = ON")
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
        from ..files import not_a_regular_file

        if not_a_regular_file(p):
            # A FIFO would hang SQLite, a device would be written into (issue 23.2).
            raise RegisterError(_("{path} is a device, a pipe or a socket, not a register "
                                  "file; nothing was changed.").format(path=shown))
        if p.exists() and not create and p.stat().st_size == 0:
            # An empty file is no register, and only "new register" makes one (stat only:
            # the file is never opened outside SQLite).
            raise RegisterError(_("{path} is an empty file, not a register; nothing was "
                                  "changed.").format(path=shown))
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
        raise user_error(exc, shown, opening=True) from None
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
    if app_id != APPLICATION_ID and (tables or _has_pages(conn)):
        # Only a new, empty file becomes a register; an SQLite file another program wrote,
        # even one without tables, is left byte for byte as it is (issue 23.3).
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
                from ..trust import seals

                # A step may have changed sealed rows (a new column): seal them as it left them.
                seals.seal_all(conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {schema_version()}")
    except sqlite3.DatabaseError as exc:
        raise user_error(exc, shown, opening=True) from None


def _has_pages(conn: sqlite3.Connection) -> bool:
    """Whether the database holds anything at all (a file just made by connecting has no
    page; reading this changes nothing)."""
    return conn.execute("PRAGMA page_count").fetchone()[0] > 0


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
        raise user_error(exc, str(path), opening=True) from None


def check_audit_file(path: str | os.PathLike):
    """Verify the audit trail of a register file on a connection of its own (any thread)."""
    from ..trust.audit import verify

    with _own_connection(path) as conn:
        return verify(conn)


def user_error(exc: sqlite3.Error, shown: str, *, opening: bool = False) -> UserError | None:
    """What to tell a volunteer when SQLite fails, chosen by its error code.

    Opening a register, every failure says something (at worst what SQLite said). In an
    action, failures of the file or the disk do, and any other failure is a bug: None, and
    the caller raises the original error.
    """
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary code
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        if opening:
            return RegisterError(_("The register {path} is busy in another program. Close it "
                                   "there and try again.").format(path=shown))
        return UserError(_("The register is busy in another copy of the app or another "
                           "program; nothing was changed. Try again in a moment."))
    if code == sqlite3.SQLITE_READONLY:
        return RegisterError(_("The register {path} cannot be written (read-only). Copy it to "
                               "a folder where you may save files.").format(path=shown))
    if code == sqlite3.SQLITE_FULL:
        return RegisterError(_("The disk is full. Free some space and try again; nothing was "
                               "lost."))
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return RegisterError(_("The register {path} is damaged ({detail}). Do not work in it; "
                               "restore the latest backup.").format(path=shown, detail=exc))
    if code == sqlite3.SQLITE_CANTOPEN:
        return RegisterError(_("The register {path} cannot be opened: the file or its folder "
                               "is missing or may not be read. Check that the drive is "
                               "connected, then try again.").format(path=shown))
    if code == sqlite3.SQLITE_IOERR:
        return RegisterError(_("The disk could not read or write the register {path} "
                               "({detail}). Check that the drive is still connected and try "
                               "again; if it keeps happening, restore the latest backup.")
                             .format(path=shown, detail=exc))
    if opening:
        return RegisterError(_("Cannot open {path}: {reason}").format(path=shown, reason=exc))
    return None


# ------------------------------------------------------------------ actions and their trail

# Who acts when nobody signs in: the command-line tools are run by whoever holds the file.
COMMAND_LINE = "command line"
DESKTOP = "desktop"


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


class Event(NamedTuple):
    id: int
    at: str
    actor: str
    action: str
    application_id: int | None
    details: dict


class Access(NamedTuple):
    """What a room function asks of the person signed in: one of ``does`` (access.GRANTS)
    and every one of ``reads`` (access.READS); or, with ``open_because``, nothing, and why."""

    does: tuple = ()
    reads: tuple = ()
    open_because: str | None = None


def _guard(function, access: Access):
    inner = getattr(function, "access", None)
    if inner is not None:  # stacked: @requires over @reads, or the other way round
        function = function.__wrapped__
        access = Access(access.does or inner.does, access.reads + inner.reads)

    @functools.wraps(function)
    def guarded(store: "Store", *args, **kwargs):
        if access.does:
            store.require(*access.does)
        if access.reads:
            store.require_read(*access.reads)
        return function(store, *args, **kwargs)

    guarded.access = access
    return guarded


def requires(*permissions: "Permission"):
    """A room function that acts: the person signed in needs one of ``permissions``,
    checked before the function runs, however it is called (the register's method, the
    room's function, another room)."""
    return lambda function: _guard(function, Access(does=permissions))


def reads(*records: "Read"):
    """A room function that reads ``records``: the person signed in must be allowed every
    one of them, checked before the function runs."""
    return lambda function: _guard(function, Access(reads=records))


def open_to_all(because: str):
    """A room function anyone may call, also the kiosk and nobody signed in, and why (the
    sign-in page, what is public under Art. 7)."""
    def mark(function):
        function.access = Access(open_because=because)
        return function
    return mark


class Store:
    """An open register file: its connection, one transaction per action, the audit trail."""

    def __init__(self, conn: sqlite3.Connection, path: str | os.PathLike | None = None):
        from ..trust.access import Session

        self.conn = conn
        self.path = Path(path) if path is not None else None
        # Who acts: whoever holds the file until someone signs in (regiegroep.trust.access).
        self.session: Session = Session(DESKTOP)
        self._depth = 0  # nesting of _write()
        self._sealing = False  # whether this connection notes the rows it touches (seals.py)
        self._seal_later = False  # inside _sealed_at_the_end

    @functools.cached_property
    def db(self) -> "Database":
        """sqlite-utils over the same connection, for transactions (``with db.atomic()``).

        Made on the first change, not on open: reading the register does not need it, and
        importing it would add a tenth of a second to showing the first rows.
        """
        from sqlite_utils import Database

        return Database(self.conn, recursive_triggers=False)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ who acts
    # Every room asks these before it reads or writes: what the person signed in may do is
    # the table in regiegroep.trust.access, checked where the data is, not only on screen.

    def require(self, *permissions: "Permission") -> None:
        """Refuse an action the person signed in may not take (access.GRANTS): one of
        ``permissions`` is enough."""
        if not any(self.session.may(p) for p in permissions):
            self._refuse_nobody()
            raise AccessDenied(_("{name} may not do this here ({permission}); ask a member of "
                                 "the steering group.").format(
                name=self.session.name, permission=permissions[0].label))

    def require_read(self, *records: "Read") -> None:
        """Refuse a read the person signed in may not do (access.READS): every read of the
        core asks this first, so a hidden screen is never the only guard."""
        for record in records:
            if not self.session.may_read(record):
                self._refuse_nobody()
                raise AccessDenied(_("{name} may not see this here ({record}); ask a member of "
                                     "the steering group.").format(
                    name=self.session.name, record=record.label))

    def _refuse_nobody(self) -> None:
        if not self.session.name:
            raise AccessDenied(_("Nobody is signed in: sign in first."))

    def who(self, actor: str) -> str:
        """Who the record names: the person signed in, else the given source."""
        return self.session.name if self.session.role else actor

    # ------------------------------------------------------------- the unit of work

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One action, one transaction, holding the write lock from its start.

        Taking the lock first means a second copy of the app, or a command run beside it,
        waits its turn (up to the busy timeout) instead of failing halfway; if it still
        cannot write, the user is told the register is busy, and nothing was changed. A
        full disk, a read-only or damaged file is said plainly too (``user_error``).
        """
        from ..trust import seals

        try:
            # Outside any transaction, so a rollback keeps them.
            if not self._sealing and not self._seal_later:
                seals.install(self.conn)
                self._sealing = True
            with self.db.atomic():
                if self._depth == 0:
                    # A write that changes nothing: the lock is ours before anything is read.
                    from ..trust import audit

                    audit.take_write_lock(self.conn)
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                if self._depth == 0 and not self._seal_later:  # its rows, sealed with it
                    seals.seal_touched(self.conn)
        except sqlite3.DatabaseError as exc:
            error = user_error(exc, str(self.path) if self.path is not None else ":memory:")
            if error is None:
                raise
            raise error from None

    @property
    def sealing_at_the_end(self) -> bool:
        """Whether the register is being built in one go (``sealed_at_the_end``): its rows are
        sealed at the end, so there is no seal to compare a row with yet."""
        return self._seal_later

    @contextlib.contextmanager
    def sealed_at_the_end(self) -> Iterator[None]:
        """Many actions that build a new register in one go, for a file nobody works in until
        they are done (the example register): every row is sealed once, at the end, as it
        then is. Those are the very seals the actions would have left one by one, without
        hashing a row again each time a later action touches it."""
        from ..trust import seals

        if self._sealing:
            seals.uninstall(self.conn)
            self._sealing = False
        self._seal_later = True
        try:
            yield
        finally:
            self._seal_later = False
            with self.write():
                seals.seal_all(self.conn)

    def audit(self, rows: list[tuple]) -> None:
        """Append entries to the audit trail, inside the change's own transaction."""
        from ..trust import audit  # on the first change: reading needs no hashing

        audit.append(self.conn, rows)

    def event(self, actor: str, action: str, application_id: int | None, details: dict) -> None:
        """Record a change in the audit trail, inside the change's own transaction."""
        import json

        self.audit([(now(), self.who(actor), action, application_id,
                     json.dumps(details, default=str))])

    def warm_up(self) -> None:
        """Read the file's first pages of the register's main tables into SQLite's cache,
        while the sign-in page waits; nothing is returned, so nobody reads anything."""
        for table in ("application", "applicant", "decision"):
            self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()

    # ------------------------------------------------------------------ settings

    def setting(self, key: str) -> str | None:
        """A setting of the group (the ``setting`` table, which only the store writes): each
        room reads and sets its own keys through these two, with its own rights checked."""
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        """Set a setting, inside the caller's action (``write()``), audited by the caller."""
        self.conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def events(self, application_id: int | None = None) -> list[Event]:
        """The audit trail's entries, oldest first; with ``application_id``, its own."""
        from ..trust.access import Read

        self.require_read(Read.AUDIT)
        return self.trail(application_id)

    def trail(self, application_id: int | None = None) -> list[Event]:
        """The trail's entries, for the core's own use (a person's data, AVG art. 15)."""
        import json

        sql = "SELECT id, at, actor, action, application_id, details FROM event"
        params: list = []
        if application_id is not None:
            sql += " WHERE application_id = ?"
            params.append(application_id)
        return [Event(i, at, actor, action, a, json.loads(d))
                for i, at, actor, action, a, d in self.conn.execute(sql + " ORDER BY id", params)]
