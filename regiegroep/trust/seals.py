"""Seals: the register's records bound to its audit trail (issue 11.6; Art. 2, 5, 6, 9).

The trail (regiegroep.trust.audit) shows who changed what; a seal shows that the records are
still what the register's own actions wrote. Every row of the records that carry money and
trust (decisions, payments, budgets, people and their PIN hashes, ordinances, applications,
their cost lines and applicants, the consultations' records, and since m022 vouchers,
refused payments, completion requests, attachments, check answers, settings, the
municipality, neighbourhoods, the group's contact, the signing and kiosk keys) has its hash
in ``row_seal``, as have the protective triggers (by their SQL), written in the same
transaction as the action that wrote the row: each connection of the app has temporary
triggers (``install``) that note which rows an action touched, and ``seal_touched`` seals
them just before the action commits. Whoever edits the file with another program leaves
the seals as they were, and ``differences`` names the first row that no longer fits.

Whoever can rewrite everything can recompute everything: ``fingerprint`` (the trail's
newest hash with the hash of every sealed row) is written beside every backup and checked
by ``regiegroep audit verify --expect``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3

from ..i18n import _

# The sealed tables, in the order they are checked. The consultation's (Art. 5.3-5.5) since
# m021: its count must be beyond dispute.
SEALED = ("decision", "payment", "budget", "member", "ordinance", "application", "cost_line",
          "applicant", "consultation", "consultation_item", "consultation_cancellation",
          "voting_code", "ballot", "meeting_tally", "consultation_result",
          # Since m022 (issue 23.1): what carries money, rights and the letters' facts too.
          "voucher", "payment_refusal", "completion_request", "attachment", "check_progress",
          "setting", "municipality", "wijk", "group_contact", "signing_key", "kiosk_key",
          "kiosk_public", "kiosk_received",
          # Since m028-m029: the day a letter was posted (the objection term counts from it)
          # and the objections received (Awb 6, 7).
          "letter_sent", "objection")
# Not a table: the register's protective triggers (their SQL, by name), sealed after the
# tables so that a changed row is named before the guard that was dropped to change it.
TRIGGERS = "sqlite_trigger"

# How a table names its rows in the seals, where not by its id. Voting codes are sealed
# per consultation, all of its codes in one seal (GROUPED): a seal named after a code would
# put the code's hash in row_seal, and nothing holds a code's hash but voting_code.
KEYS = {"consultation_item": ("consultation_id", "application_id"),
        "meeting_tally": ("consultation_id", "application_id"),
        "consultation_cancellation": ("consultation_id",), "ballot": ("key",),
        "voting_code": ("consultation_id",), "setting": ("key",),
        "check_progress": ("application_id",), "signing_key": ("kid",),
        "kiosk_received": ("package_id",), "letter_sent": ("decision_id",)}
GROUPED = {"voting_code"}
# Columns a seal leaves out: an attachment's bytes are bound by its sealed sha256, which
# ``differences`` checks against them (hashing every scan into every seal would not add to it).
OMITTED = {"attachment": ("data",)}


def _key(table: str, row: str = "") -> str:
    """The SQL naming a row of ``table`` as its seal does (``row``: "new." or "old.")."""
    return " || ':' || ".join(f"{row}{column}" for column in KEYS.get(table, ("id",)))


def _labels() -> dict[str, str]:
    return {"decision": _("decision"), "payment": _("payment"), "budget": _("budget"),
            "member": _("person"), "ordinance": _("ordinance"), "application": _("application"),
            "cost_line": _("cost line"), "applicant": _("applicant"),
            "consultation": _("consultation"), "consultation_item": _("initiative on a consultation"),
            "consultation_cancellation": _("consultation's cancellation"),
            "voting_code": _("voting codes of consultation"), "ballot": _("ballot"),
            "meeting_tally": _("meeting tally"), "consultation_result": _("consultation's result"),
            "voucher": _("voucher"), "payment_refusal": _("refused payment"),
            "completion_request": _("completion request"), "attachment": _("attachment"),
            "check_progress": _("check answers of application"), "setting": _("setting"),
            "municipality": _("municipality"), "wijk": _("neighbourhood"),
            "group_contact": _("the group's contact"), "signing_key": _("signing key"),
            "kiosk_key": _("kiosk key pair"), "kiosk_public": _("kiosk package"),
            "kiosk_received": _("received kiosk package"),
            "letter_sent": _("sending day of the letter on decision"),
            "objection": _("objection"),
            TRIGGERS: _("protective rule")}


def _plain(value):
    if isinstance(value, bytes):
        return value.hex()
    return value


_BYTES = {bytes}
# The encoding of every seal since m015: json.dumps([table, row], sort_keys=True,
# ensure_ascii=False, default=str), bytes as hex. One encoder made once, and the columns put
# in sorted order once per query, give the very same text without sorting every row again.
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _hashes(conn: sqlite3.Connection, table: str, keys: list | None = None) -> dict[str, str]:
    """{key: hash} of the table's rows (all, or those with these keys), each row named as
    KEYS says (by its id unless there); a GROUPED table's rows with one key share one seal,
    over all of them in a fixed order."""
    if table == TRIGGERS:
        return _trigger_hashes(conn, keys)
    if not _sqlite_writes(conn):
        return _hashes_in_python(conn, table, keys)
    cursor = _texts_by_sqlite(conn, table, keys)
    sha256 = hashlib.sha256
    grouped: dict[str, list[bytes]] | None = {} if table in GROUPED else None
    found = {}
    for key, text in cursor:
        if text is None:  # a real number or bytes: only Python encodes those as a seal does
            cursor.close()
            return _hashes_in_python(conn, table, keys)
        if grouped is None:
            found[str(key)] = sha256(text).hexdigest()
        else:
            grouped.setdefault(str(key), []).append(text)
    for seal_key, texts in (grouped or {}).items():
        # UTF-8 bytes sort as their characters do: the order of the texts in Python.
        found[seal_key] = sha256(b"\n".join(sorted(texts))).hexdigest()
    return found


def _trigger_hashes(conn: sqlite3.Connection, keys: list | None = None) -> dict[str, str]:
    """{name: hash of its SQL} of the register's own triggers (not a connection's temporary
    ones): dropping or rewriting a guard is as much a change as editing a row."""
    found = {name: hashlib.sha256(sql.encode("utf-8")).hexdigest() for name, sql in conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'")}
    if keys is not None:
        wanted = {str(k) for k in keys}
        found = {k: v for k, v in found.items() if k in wanted}
    return found


def _texts_by_sqlite(conn: sqlite3.Connection, table: str,
                     keys: list | None) -> sqlite3.Cursor:
    """(key, seal text in UTF-8) of the rows (see _text_sql)."""
    return _select(conn, table, _text_sql(conn, table), keys)


def _select(conn: sqlite3.Connection, table: str, what: str,
            keys: list | None) -> sqlite3.Cursor:
    """SELECT the seal's key and ``what`` of the table's rows (all, or those with these keys)."""
    key = _key(table)
    sql = f"SELECT {key}, {what} FROM {table}"
    params: list = []
    if keys is not None:
        sql += f" WHERE {key} IN ({','.join('?' * len(keys))})"
        params = [str(k) for k in keys] if table in KEYS else keys
    return conn.execute(sql, params)


def _sqlite_writes(conn: sqlite3.Connection) -> bool:
    """Whether SQLite writes this register's seal texts: they are UTF-8, and SQLite's text
    of a row is in the file's encoding (UTF-8 in every register the app made)."""
    return (_sqlite_quotes_as_python()
            and conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8")


@functools.cache
def _sqlite_quotes_as_python() -> bool:
    """Whether this process's SQLite writes seal texts as _ENCODE does: it has JSON functions
    and its json_quote and whole numbers give the very same text for every kind of
    character a text can hold (a later SQLite that wrote them otherwise would otherwise make
    every row look changed; then Python writes them all)."""
    probe = "".join(map(chr, range(128))) + "é€😀\u2028\u2029\ufeff\U0010ffff'"
    numbers = [0, -1, 2**63 - 1, -2**63]
    conn = sqlite3.connect(":memory:")
    try:
        quoted = conn.execute("SELECT json_quote(?)", [probe]).fetchone()[0]
        written = [conn.execute("SELECT ? || ''", [n]).fetchone()[0] for n in numbers]
    except sqlite3.OperationalError:  # an SQLite without JSON functions
        return False
    finally:
        conn.close()
    return quoted == _ENCODE(probe) and written == [_ENCODE(n) for n in numbers]


def _text_sql(conn: sqlite3.Connection, table: str) -> str:
    """The SQL of a row's seal text in UTF-8, written by SQLite itself: json_quote writes
    text, whole numbers and NULL exactly as _ENCODE does, so the text is the very same, at
    a fraction of the cost. The text is NULL where a row holds a real number or bytes
    (only another program writes those there)."""
    parts = []
    for i, name in enumerate(sorted(_columns(conn, table))):
        lead = ("[" + _ENCODE(table) + ", {") if i == 0 else ", "
        column = _quoted(name)
        # A real number or bytes gives NULL, and so the whole text.
        parts.append(f"{_literal(lead + _ENCODE(name) + ': ')} || CASE typeof({column}) "
                     f"WHEN 'text' THEN json_quote({column}) WHEN 'integer' THEN {column} "
                     "WHEN 'null' THEN 'null' END")
    return f"CAST({' || '.join(parts)} || '}}]' AS BLOB)"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    omitted = OMITTED.get(table, ())
    return [d[0] for d in conn.execute(f"SELECT * FROM {table} LIMIT 0").description
            if d[0] not in omitted]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _texts_in_python(conn: sqlite3.Connection, table: str, keys: list | None = None):
    """(key, seal text) of the rows, encoded in Python (the definition of a seal's text)."""
    cursor = _select(conn, table, ", ".join(map(_quoted, _columns(conn, table))), keys)
    columns = [d[0] for d in cursor.description][1:]
    order = sorted(range(len(columns)), key=columns.__getitem__)
    names = [columns[i] for i in order]
    encode = _ENCODE
    for row in cursor:
        values = [row[1 + i] for i in order]
        if not _BYTES.isdisjoint(map(type, values)):
            values = list(map(_plain, values))
        yield str(row[0]), encode([table, dict(zip(names, values))])


def _hashes_in_python(conn: sqlite3.Connection, table: str,
                      keys: list | None = None) -> dict[str, str]:
    """What _hashes gives, every row's text encoded in Python."""
    sha256 = hashlib.sha256
    if table not in GROUPED:
        return {key: sha256(text.encode("utf-8")).hexdigest()
                for key, text in _texts_in_python(conn, table, keys)}
    grouped: dict[str, list[str]] = {}
    for key, text in _texts_in_python(conn, table, keys):
        grouped.setdefault(key, []).append(text)
    return {key: sha256("\n".join(sorted(texts)).encode("utf-8")).hexdigest()
            for key, texts in grouped.items()}


def install(conn: sqlite3.Connection) -> None:
    """Temporary triggers on this connection only: they note the rows its actions touch.

    Another program's edits do not fire them, so its changes stay unsealed."""
    # A plain note per row written, repeats and all (seal_touched reads them once): a
    # look-up per row in the trigger made a large import several times slower.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (tbl TEXT NOT NULL, row_id NOT NULL)")
    for table in _tables(conn):
        for event, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")),
                            ("DELETE", ("old",))):
            notes = " ".join(f"INSERT INTO touched VALUES ('{table}', {_key(table, r + '.')});"
                             for r in rows)
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS seal_{table}_{event.lower()} "
                         f"AFTER {event} ON main.{table} BEGIN {notes} END")


def uninstall(conn: sqlite3.Connection) -> None:
    """Take this connection's triggers away again (``install`` puts them back)."""
    for table in SEALED:
        for event in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS temp.seal_{table}_{event}")
    conn.execute("DELETE FROM temp.touched")


def seal_touched(conn: sqlite3.Connection) -> None:
    """Seal the rows this connection's action touched, inside its transaction."""
    touched: dict[str, list] = {}
    for table, row_id in conn.execute("SELECT DISTINCT tbl, row_id FROM temp.touched"):
        touched.setdefault(table, []).append(row_id)
    if not touched:
        return
    for table, keys in touched.items():
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            hashes = _hashes(conn, table, part)
            gone = [str(k) for k in part if str(k) not in hashes]
            conn.executemany("INSERT INTO row_seal (tbl, row_key, hash) VALUES (?, ?, ?) "
                             "ON CONFLICT (tbl, row_key) DO UPDATE SET hash = excluded.hash",
                             [(table, key, digest) for key, digest in hashes.items()])
            conn.executemany("DELETE FROM row_seal WHERE tbl = ? AND row_key = ?",
                             [(table, key) for key in gone])
    conn.execute("DELETE FROM temp.touched")


def _tables(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The sealed tables this register has: a step of its schema before a table was made
    seals what there is then."""
    there = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return tuple(table for table in SEALED if table in there)


def _sealed_kinds(conn: sqlite3.Connection) -> tuple[str, ...]:
    """What the seals cover: the sealed tables, then the protective triggers."""
    return _tables(conn) + (TRIGGERS,)


def seal_all(conn: sqlite3.Connection) -> None:
    """Seal every row as it is now (when the schema is made or brought up to date)."""
    conn.execute("DELETE FROM row_seal")
    conn.create_function("regiegroep_seal", 1, _digest, deterministic=True)
    for table in _sealed_kinds(conn):
        if table not in GROUPED and table != TRIGGERS and _sqlite_writes(conn):
            try:  # SQLite writes each row's seal itself, without handing the rows over
                conn.execute(f"INSERT INTO row_seal (tbl, row_key, hash) SELECT ?, CAST("
                             f"{_key(table)} AS TEXT), regiegroep_seal({_text_sql(conn, table)}) "
                             f"FROM {table}", [table])
                continue
            except (sqlite3.OperationalError, sqlite3.IntegrityError):
                pass  # a row only Python encodes as its seal: nothing of the table was written
        conn.executemany("INSERT INTO row_seal (tbl, row_key, hash) VALUES (?, ?, ?)",
                         [(table, key, digest) for key, digest in _hashes(conn, table).items()])


def _digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()  # None (a row _text_sql cannot write) raises


def is_sealed(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'row_seal'").fetchone() is not None


def differences(conn: sqlite3.Connection) -> str | None:
    """The first row that is not what the register's actions wrote, in words; None if all
    are (or the register is of a schema before seals)."""
    if not is_sealed(conn):
        return None
    labels = _labels()
    for table in _sealed_kinds(conn):
        if table == TRIGGERS and not conn.execute(
                "SELECT 1 FROM row_seal WHERE tbl = ? LIMIT 1", [TRIGGERS]).fetchone():
            continue  # sealed before m022, which seals the triggers too
        actual = _hashes(conn, table)
        sealed = dict(conn.execute("SELECT row_key, hash FROM row_seal WHERE tbl = ?", [table]))
        for key in sorted(actual.keys() | sealed.keys(), key=_order):
            what = labels[table]
            if key not in sealed:
                return _("{what} {key} was added outside the app.").format(what=what, key=key)
            if key not in actual:
                return _("{what} {key} was deleted outside the app.").format(what=what, key=key)
            if actual[key] != sealed[key]:
                return _("{what} {key} was changed outside the app.").format(what=what, key=key)
        if table == "attachment":
            changed = _attachment_bytes_changed(conn)
            if changed is not None:
                return _("{what} {key} was changed outside the app.").format(what=what,
                                                                           key=changed)
    return None


def _attachment_bytes_changed(conn: sqlite3.Connection) -> str | None:
    """The first attachment whose bytes are not those of its sealed sha256."""
    for attachment_id, data, digest in conn.execute(
            "SELECT id, data, sha256 FROM attachment ORDER BY id"):
        if not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != digest:
            return str(attachment_id)
    return None


def voucher_changed(conn: sqlite3.Connection, serial: str) -> bool:
    """Whether the voucher with this serial is not what the register's actions wrote (its
    value doubled, its date moved with another program): it is then neither valid nor paid."""
    row = conn.execute("SELECT id FROM voucher WHERE serial = ?", [serial]).fetchone()
    return row is not None and row_changed(conn, "voucher", row[0])


def row_changed(conn: sqlite3.Connection, table: str, key) -> bool:
    """Whether one row is no longer what the register's own actions sealed (a voucher
    before it is shown valid or paid from)."""
    if not is_sealed(conn):
        return False
    pending = conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'touched'").fetchone()
    if pending and conn.execute("SELECT 1 FROM temp.touched WHERE tbl = ? AND row_id = ?",
                                [table, key]).fetchone():
        return False  # written by this very action: sealed when it commits
    actual = _hashes(conn, table, [key]).get(str(key))
    sealed = conn.execute("SELECT hash FROM row_seal WHERE tbl = ? AND row_key = ?",
                          [table, str(key)]).fetchone()
    return actual != (sealed[0] if sealed else None)


def _order(key: str):
    return (0, int(key), "") if key.lstrip("-").isdigit() else (1, 0, key)


def fingerprint(conn: sqlite3.Connection, sealed: bool = False) -> str:
    """One hash for the whole register as it is: the trail's newest hash and every sealed
    row's hash, computed from the rows themselves. Kept elsewhere (beside a backup, on
    paper), it shows that nobody rewrote the register and its trail together.

    ``sealed``: from the seals as the register's own actions wrote them, without hashing
    every row again (the year report prints it; ``audit verify --expect`` recomputes it from
    the rows, and the two agree exactly when no row was changed outside the app)."""
    digest = hashlib.sha256()
    head = conn.execute("SELECT hash FROM audit_head WHERE id = 1").fetchone()
    digest.update((head[0] if head else "").encode("ascii"))
    for table in _sealed_kinds(conn):
        if sealed and table not in KEYS and _ids_only(conn, table):
            # Named by their ids only: SQLite puts them in the order _order gives (by
            # number; equal numbers as the primary key has them), far quicker than Python.
            pairs = conn.execute("SELECT row_key, hash FROM row_seal WHERE tbl = ? "
                                 "ORDER BY CAST(row_key AS INTEGER), row_key", [table])
        else:
            hashes = (dict(conn.execute("SELECT row_key, hash FROM row_seal WHERE tbl = ?",
                                        [table])) if sealed else _hashes(conn, table))
            pairs = sorted(hashes.items(), key=lambda kv: _order(kv[0]))
        digest.update("".join([f"|{table}:{key}:{row_hash}" for key, row_hash in pairs])
                      .encode("utf-8"))
    return digest.hexdigest()


def _ids_only(conn: sqlite3.Connection, table: str) -> bool:
    """Whether every seal of ``table`` is named by a whole number as SQLite writes one (what
    the app writes for a table keyed by id): then SQLite's order by number is _order's."""
    return conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM row_seal WHERE tbl = ? AND "
        "row_key IS NOT CAST(CAST(row_key AS INTEGER) AS TEXT))", [table]).fetchone()[0] == 1
