"""The hub's database: an embedded SQLite file by default, PostgreSQL for a ``postgresql://``
address; one schema and one set of queries (written with ``?`` placeholders) for both."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from ..errors import UserError
from ..i18n import _

DEFAULT_NAME = "hub.sqlite"
SCHEMA_VERSION = 2

# The table of millions of rows. Its package_id has no REFERENCES (schema 2): a foreign key
# is checked row by row, and on PostgreSQL that check was half the server's time receiving;
# the one writer (store.receive_bytes) stores a package and its rows in one transaction, and
# nothing deletes a package. Every number is BIGINT, so that PostgreSQL's binary COPY (a
# 4-byte column would take a too large number silently wrapped) refuses what does not fit.
_APPLICATION = """CREATE TABLE IF NOT EXISTS application (
    package_id BIGINT NOT NULL, sequence BIGINT NOT NULL,
    wijk TEXT NOT NULL, received_on TEXT NOT NULL, theme TEXT, route TEXT, status TEXT NOT NULL,
    decision TEXT, asked_cents BIGINT, granted_cents BIGINT NOT NULL,
    refusal_grounds TEXT NOT NULL, decided_on TEXT, deadline TEXT NOT NULL,
    within_term BIGINT, days_late BIGINT, referred BIGINT NOT NULL,
    vouchers BIGINT NOT NULL, issued_cents BIGINT NOT NULL, redeemed_cents BIGINT NOT NULL,
    cash_cents BIGINT NOT NULL, outstanding_cents BIGINT NOT NULL,
    expired_cents BIGINT NOT NULL, returned_cents BIGINT NOT NULL,
    completion_requests BIGINT NOT NULL, suspended_days BIGINT NOT NULL)"""
_WERE_INTEGER = ("within_term", "days_late", "referred", "vouchers", "completion_requests",
                 "suspended_days")

# {id}: the engine's own automatic key; {application}: the table above.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_key (
    fingerprint TEXT PRIMARY KEY, name TEXT NOT NULL, public_key TEXT NOT NULL,
    trusted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS package (
    id {id}, digest TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL REFERENCES group_key(fingerprint),
    register_id TEXT NOT NULL, municipality TEXT NOT NULL, group_name TEXT NOT NULL,
    year INTEGER NOT NULL, made_at TEXT NOT NULL, as_of TEXT NOT NULL,
    received_at TEXT NOT NULL, applications INTEGER NOT NULL,
    in_force INTEGER NOT NULL, superseded_by BIGINT REFERENCES package(id));
CREATE INDEX IF NOT EXISTS package_group_year ON package (register_id, year);
CREATE INDEX IF NOT EXISTS package_year ON package (year, in_force);
CREATE TABLE IF NOT EXISTS budget (
    package_id BIGINT NOT NULL REFERENCES package(id), wijk TEXT NOT NULL,
    amount_cents BIGINT NOT NULL, cost_reservation_cents BIGINT NOT NULL,
    ceiling_cents BIGINT NOT NULL, ordinance TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS budget_package ON budget (package_id);
CREATE TABLE IF NOT EXISTS ordinance (
    package_id BIGINT NOT NULL REFERENCES package(id), id TEXT NOT NULL, title TEXT NOT NULL,
    decision_term_weeks INTEGER NOT NULL, max_voucher_cents BIGINT NOT NULL,
    consultation_threshold_cents BIGINT NOT NULL, cash_limit_cents BIGINT NOT NULL,
    last_issue_date TEXT NOT NULL, last_completion_date TEXT NOT NULL,
    sha256 TEXT NOT NULL, text TEXT NOT NULL);
{application};
CREATE INDEX IF NOT EXISTS application_package ON application (package_id);
CREATE TABLE IF NOT EXISTS application_total (
    package_id BIGINT NOT NULL REFERENCES package(id), wijk TEXT NOT NULL, theme TEXT,
    route TEXT, decision TEXT, applications BIGINT NOT NULL, granted_cents BIGINT NOT NULL,
    issued_cents BIGINT NOT NULL, redeemed_cents BIGINT NOT NULL, cash_cents BIGINT NOT NULL,
    returned_cents BIGINT NOT NULL, expired_cents BIGINT NOT NULL,
    outstanding_cents BIGINT NOT NULL, decided BIGINT NOT NULL, in_time BIGINT NOT NULL,
    overdue BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS application_total_package ON application_total (package_id);
CREATE TABLE IF NOT EXISTS consultation (
    id {id}, package_id BIGINT NOT NULL REFERENCES package(id), wijk TEXT NOT NULL,
    title TEXT NOT NULL, form TEXT NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL,
    status TEXT NOT NULL, rule TEXT NOT NULL, codes_issued INTEGER NOT NULL,
    turnout_percent TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS consultation_package ON consultation (package_id);
CREATE TABLE IF NOT EXISTS consultation_turnout (
    consultation_id BIGINT NOT NULL REFERENCES consultation(id), channel TEXT NOT NULL,
    codes_used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS consultation_item (
    consultation_id BIGINT NOT NULL REFERENCES consultation(id), sequence BIGINT NOT NULL,
    cost_cents BIGINT NOT NULL, votes_for INTEGER NOT NULL, votes_against INTEGER NOT NULL,
    outcome TEXT);
"""


_INT2, _INT4 = 21, 23  # PostgreSQL's oids of smallint and integer


def data_dir() -> Path:
    """The data folder the app uses (README): ``REGIEGROEP_DATA_DIR`` or the platform's."""
    override = os.environ.get("REGIEGROEP_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Regiegroep" / "Regiegroep"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Regiegroep" / "Regiegroep"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "Regiegroep" / "Regiegroep"


def is_postgresql(address: str | None) -> bool:
    return bool(address) and address.startswith(("postgresql://", "postgres://"))


class Database:
    """One connection; ``sql`` is written once with ``?`` placeholders for both engines."""

    def __init__(self, address: str | os.PathLike | None = None):
        address = str(address) if address is not None else None
        self.postgresql = is_postgresql(address)
        self._copy_types: dict[tuple, list[int]] = {}
        if self.postgresql:
            try:
                import psycopg
            except ImportError:
                raise UserError(_("PostgreSQL needs the psycopg package: pip install "
                                  "\"psycopg[binary]\".")) from None
            try:
                self.conn = psycopg.connect(address, autocommit=True)
            except psycopg.Error as exc:
                raise UserError(_("Cannot reach the PostgreSQL database: {reason}").format(
                    reason=str(exc).strip())) from None
            self.label = address.split("@")[-1]
        else:
            path = Path(address) if address else data_dir() / DEFAULT_NAME
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(path, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = FULL")
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.conn.execute("PRAGMA cache_size = -131072")
            except (OSError, sqlite3.Error) as exc:
                raise UserError(_("Cannot open the hub's file {path}: {reason}").format(
                    path=path, reason=exc)) from None
            self.label = str(path)
        self._schema()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgresql else sql

    def _schema(self) -> None:
        ident = ("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" if self.postgresql
                 else "INTEGER PRIMARY KEY")
        with self.transaction():
            for statement in _SCHEMA.format(id=ident, application=_APPLICATION).split(";"):
                if statement.strip():
                    self.execute(statement)
            found = self.one("SELECT value FROM hub_meta WHERE key = 'schema'")
            if found is None:
                self.execute("INSERT INTO hub_meta (key, value) VALUES ('schema', ?)",
                             [str(SCHEMA_VERSION)])
            elif int(found[0]) > SCHEMA_VERSION:
                raise UserError(_("This hub was made by a newer version of Regiegroep; "
                                  "update the app first."))
            elif int(found[0]) < 2:
                self._to_schema_2()
                self.execute("UPDATE hub_meta SET value = ? WHERE key = 'schema'", ["2"])

    def _to_schema_2(self) -> None:
        """The application table of schema 1 as schema 2 has it (see _APPLICATION); once,
        in the transaction that opens the hub."""
        if self.postgresql:
            self.execute("ALTER TABLE application DROP CONSTRAINT IF EXISTS "
                         "application_package_id_fkey, " + ", ".join(
                             f"ALTER COLUMN {c} TYPE BIGINT" for c in _WERE_INTEGER))
            return
        # SQLite drops a constraint only with its table: the rows move to a new one.
        self.execute("ALTER TABLE application RENAME TO application_schema_1")
        self.execute(_APPLICATION)
        self.execute("INSERT INTO application SELECT * FROM application_schema_1")
        self.execute("DROP TABLE application_schema_1")
        self.execute("CREATE INDEX application_package ON application (package_id)")

    @contextlib.contextmanager
    def transaction(self):
        """One transaction: all of it, or nothing."""
        if self.postgresql:
            with self.conn.transaction():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self):
        """Many transactions that need not each wait for the disk (receiving packages): each
        is whole or absent after a power cut, and when the batch ends one last commit waits
        for the disk, making all of them durable before anything is reported."""
        if self.postgresql:
            self.conn.execute("SET synchronous_commit = off")
        else:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            if self.postgresql:
                self.conn.execute("SET synchronous_commit = on")
            else:
                self.conn.execute("PRAGMA synchronous = FULL")
            # A synchronous commit flushes the log up to it: every commit before it too.
            with self.transaction():
                self.execute("INSERT INTO hub_meta (key, value) VALUES ('flushed', ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             [str(id(self))])

    def execute(self, sql: str, params=()):
        return self.conn.execute(self._sql(sql), params)

    def all(self, sql: str, params=()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def one(self, sql: str, params=()):
        return self.execute(sql, params).fetchone()

    def insert(self, sql: str, params=()) -> int:
        """Insert one row and return its id."""
        if self.postgresql:
            return self.conn.execute(self._sql(sql) + " RETURNING id", params).fetchone()[0]
        return self.conn.execute(sql, params).lastrowid

    def bulk(self, table: str, columns: tuple[str, ...], rows, binary: bool = False) -> None:
        """Many rows at once: PostgreSQL's COPY, SQLite's executemany. ``binary``: PostgreSQL's
        binary COPY (the server parses no text; the table's numbers must all be BIGINT)."""
        if self.postgresql:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            types = self._types(table, columns) if binary else None
            with self.conn.cursor() as cur:
                with cur.copy(sql + " (FORMAT BINARY)" if binary else sql) as copy:
                    if binary:
                        copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
            return
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' * len(columns))})", rows)

    def _types(self, table: str, columns: tuple[str, ...]) -> list[int]:
        """The type (oid) of each of ``columns`` of ``table``, read from the server once."""
        key = (table, columns)
        if key not in self._copy_types:
            found = dict(self.all(
                "SELECT attname, atttypid::bigint FROM pg_attribute WHERE attrelid = "
                "?::regclass AND attnum > 0 AND NOT attisdropped", [table]))
            types = [found[c] for c in columns]
            if _INT4 in types or _INT2 in types:  # would wrap a number too large for them
                raise RuntimeError(f"binary COPY into {table}: make its numbers BIGINT")
            self._copy_types[key] = types
        return self._copy_types[key]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
