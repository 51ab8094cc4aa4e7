"""The audit trail: every change to the register, chained by hashes.

Each entry's hash covers its own content (number, moment, who, what, the application, the
old and new values) and the hash of the entry before it, so changing, deleting or
reordering any earlier entry breaks the chain from there on. The number of entries and
the last hash are also kept apart (table ``audit_head``), so that removing the newest
entries is noticed too. Triggers refuse updates and deletions of entries outright.

The records themselves (decisions, payments, budgets, people, ordinances, applications) are
bound to the trail by their seals (regiegroep.trust.seals): ``verify`` names the first one that
is not what the register's own actions wrote.

What a chain cannot do is stop someone who rewrites the whole chain with the same
recipe: that is what copies of the head elsewhere (backups, reports) are for.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence

from ..i18n import _

GENESIS = "0" * 64
# json.dumps(..., ensure_ascii=False, separators=(",", ":")), with one encoder made once:
# json.dumps makes a new one on every call with other than its default settings.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_STRING = json.encoder.encode_basestring  # a string as _ENCODE writes it (ensure_ascii=False)
# json.dumps(details) with its default settings, one C encoder for every entry: json.dumps
# makes a new one per call. (No circular check: an entry's details are plain values.)
_DETAILS = (json.encoder.c_make_encoder(
    None, json.JSONEncoder().default, json.encoder.encode_basestring_ascii, None, ": ", ", ",
    False, False, True) if json.encoder.c_make_encoder is not None else None)


def details_text(details: dict) -> str:
    """An entry's details as stored: the very text json.dumps(details) gives."""
    if _DETAILS is None:  # pragma: no cover - a Python without json's C speedups
        return json.dumps(details)
    return "".join(_DETAILS(details, 0))


def canonical(entry_id: int, at: str, actor: str, action: str, application_id: int | None,
              details: str) -> bytes:
    """The bytes an entry's hash covers; ``details`` is the stored JSON text."""
    return _ENCODE([entry_id, at, actor, action, application_id, details]).encode("utf-8")


def entry_hash(previous: str, entry_id: int, at: str, actor: str, action: str,
               application_id: int | None, details: str) -> str:
    if (type(entry_id) is int and type(at) is str and type(actor) is str  # noqa: E721
            and type(action) is str and type(details) is str
            and (application_id is None or type(application_id) is int)):
        # The very text _ENCODE writes for these types, without making an encoder per entry.
        text = "[%d,%s,%s,%s,%s,%s]" % (
            entry_id, _STRING(at), _STRING(actor), _STRING(action),
            "null" if application_id is None else "%d" % application_id, _STRING(details))
    else:
        text = _ENCODE([entry_id, at, actor, action, application_id, details])
    return hashlib.sha256(previous.encode("ascii") + text.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection,
           entries: Iterable[tuple[str, str, str, int | None, str]]) -> None:
    """Add entries (at, actor, action, application_id, details JSON) to the chain.

    Runs inside the caller's transaction, so an action and its record are one.
    """
    count, previous = conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM event").fetchone()[0]
    rows = []
    for offset, (at, actor, action, application_id, details) in enumerate(entries):
        entry_id = next_id + offset
        digest = entry_hash(previous, entry_id, at, actor, action, application_id, details)
        rows.append((entry_id, at, actor, action, application_id, details, previous, digest))
        previous = digest
    if not rows:
        return
    conn.executemany(
        "INSERT INTO event (id, at, actor, action, application_id, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("UPDATE audit_head SET count = ?, hash = ? WHERE id = 1",
                 [count + len(rows), previous])


@dataclasses.dataclass(frozen=True)
class Verdict:
    intact: bool
    entries: int
    first_broken: int | None = None  # the number (id) of the first entry that does not fit
    reason: str = ""

    def __str__(self) -> str:
        if self.intact:
            return _("The audit trail is intact: {n} entries, each chained to the one before.").format(
                n=self.entries)
        if self.first_broken is None:
            return _("The audit trail is intact, but the register's records are not what it "
                     "recorded: {reason}").format(reason=self.reason)
        return _("The audit trail is broken at entry {id}: {reason}").format(
            id=self.first_broken, reason=self.reason)


def verify(conn: sqlite3.Connection) -> Verdict:
    """Recompute the chain from the first entry; name the first entry that does not fit."""
    head = conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
    previous, expected_id, seen = GENESIS, 1, 0
    rows = conn.execute(
        "SELECT id, at, actor, action, application_id, details, prev_hash, hash FROM event "
        "ORDER BY id")
    for entry_id, at, actor, action, application_id, details, prev_hash, digest in rows:
        seen += 1
        if entry_id != expected_id:
            return Verdict(False, seen, expected_id if entry_id > expected_id else entry_id,
                           _("an entry is missing before it, or it was moved."))
        if prev_hash != previous:
            return Verdict(False, seen, entry_id,
                           _("it does not follow the entry before it (deleted or reordered)."))
        if entry_hash(previous, entry_id, at, actor, action, application_id, details) != digest:
            return Verdict(False, seen, entry_id, _("its content was changed after it was written."))
        previous, expected_id = digest, expected_id + 1
    if head is None or head[0] != seen or head[1] != previous:
        return Verdict(False, seen, seen + 1 if head and head[0] > seen else max(seen, 1),
                       _("the newest entries were removed or the record of the last entry was "
                         "changed."))
    from .seals import differences

    difference = differences(conn)  # the records themselves, as the actions wrote them
    if difference is not None:
        return Verdict(False, seen, None, difference)
    return Verdict(True, seen)


def chain_existing(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    """Give entries written before the chain existed their hashes, in order (migration)."""
    previous = GENESIS
    for entry_id, at, actor, action, application_id, details in rows:
        digest = entry_hash(previous, entry_id, at, actor, action, application_id, details)
        conn.execute("UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?",
                     [previous, digest, entry_id])
        previous = digest
    conn.execute("INSERT INTO audit_head (id, count, hash) VALUES (1, ?, ?)", [len(rows), previous])


def take_write_lock(conn: sqlite3.Connection) -> None:
    """Take the register's write lock at the start of an action (regiegroep.store.Store.write)
    by a write that changes nothing: the trail's head, which every action appends to anyway."""
    conn.execute("UPDATE audit_head SET count = count WHERE id = 1")
