"""The register view: filters, search as you type, counts and pages (Art. 4.4, 5.1).

What the register shows is a ``Filter``: a neighbourhood, a year, a status, a theme, text
typed, and the decision terms (Art. 5.1, with the days requests to complete suspended them,
Awb 4:15): overdue, or due within a week. Text is looked up in the two search indexes
(``Search``); a number typed is first an application's sequence number. Pages come in the
order asked, by default in order of receipt (Art. 4.4), which breaks every tie. Functions
take the register as their first argument; ``regiegroep.register.Register`` offers them as
its methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from . import SELECT, from_row, select_columns
from ..model import Application, CostLine, Status, Theme
from ..money import from_cents
from ..store import fold, reads, requires

if TYPE_CHECKING:
    from ..register import Register


@dataclasses.dataclass
class Filter:
    """What the register view shows: any combination narrows it down."""

    wijk_id: int | None = None
    year: int | None = None
    status: Status | None = None
    theme: Theme | None = None
    text: str = ""
    include_deleted: bool = False
    # Decision terms (Art. 5.1, 5.3): "overdue", or "week" for due within seven days; only
    # applications still waiting for a decision.
    due: str | None = None


# Sortable columns of the register view and their SQL. Sequence breaks ties, so the order
# of receipt (Art. 4.4) stays the secondary order everywhere.
SORT_KEYS = {
    "sequence": "application.sequence",
    "received_at": "application.received_at",
    "wijk": "wijk.name COLLATE NOCASE",
    "applicant": "applicant.name COLLATE NOCASE",
    "title": "application.title COLLATE NOCASE",
    "cost_estimate": "application.cost_estimate_cents",
    "vouchers_requested": "application.vouchers_requested",
    "theme": "application.theme",
    "status": "application.status",
}


@dataclasses.dataclass(frozen=True)
class Search:
    """What a person typed, as queries of the two search indexes: every word must occur.

    Words of three letters or more are trigram queries (any part of a word); shorter ones,
    the first letters while typing, are word-prefix queries. Only letters and digits are
    kept, each word quoted, so nothing typed is read as query syntax.
    """

    trigrams: str | None
    prefixes: str | None

    @classmethod
    def of(cls, text: str) -> "Search":
        words = [w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if w]
        long = " ".join(f'"{w}"' for w in words if len(w) >= 3)
        short = " ".join(f'"{w}"*' for w in words if len(w) < 3)
        return cls(long or None, short or None)

    def __bool__(self) -> bool:
        return bool(self.trigrams or self.prefixes)

    def rowids(self) -> tuple[str, list]:
        """A query of the ids of matching applications, and its parameters."""
        parts, params = [], []
        if self.trigrams:
            parts.append("SELECT rowid FROM application_search WHERE application_search MATCH ?")
            params.append(self.trigrams)
        if self.prefixes:
            parts.append("SELECT rowid FROM application_words WHERE application_words MATCH ?")
            params.append(self.prefixes)
        return " INTERSECT ".join(parts), params


# Above this many text matches a search counts as broad: its first page is found by
# walking the register in the order shown and testing each row, which stops as soon as
# the page is full; narrower searches look their matches up one by one and sort them.
BROAD_SEARCH = 3000


def _text_matches(register: Register, flt: Filter) -> int:
    """How many applications the text matches (deleted and filtered ones included),
    read from the search indexes alone."""
    search = Search.of(flt.text)
    if not search:
        return 0
    # Changes by this connection, and commits by others (an import in the background).
    version = register.conn.execute("PRAGMA data_version").fetchone()[0]
    key = (search.trigrams, search.prefixes, register.conn.total_changes, version)
    if register.matches_cache[0] != key:
        sql, params = search.rowids()
        register.matches_cache = (key, register.conn.execute(
            f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
    return register.matches_cache[1]


def _where(register: Register, flt: Filter, broad: bool = False) -> tuple[str, list]:
    if flt.text:  # a search by name would tell who applied
        register.require(Permission.PERSONAL_DATA)
    clauses, params = [], []
    if not flt.include_deleted:
        clauses.append("application.deleted_at IS NULL")
    if flt.wijk_id is not None:
        clauses.append("application.wijk_id = ?")
        params.append(flt.wijk_id)
    if flt.year is not None:
        clauses.append("application.year = ?")
        params.append(flt.year)
    if flt.status is not None:
        clauses.append("application.status = ?")
        params.append(str(flt.status))
    if flt.theme is not None:
        clauses.append("application.theme = ?")
        params.append(str(flt.theme))
    if flt.due is not None:
        waiting = [s.value for s in Status if s.awaits_decision]
        clauses.append(f"application.status IN ({','.join('?' * len(waiting))})")
        params += waiting
        sql, due_params = _due_clause(register, flt.due)
        clauses.append(sql)
        params += due_params
    search = Search.of(flt.text)
    text, text_params = None, []
    if search:
        # "+" keeps SQLite from looking the matches up by id, so a broad search walks
        # the index of the sort order instead and stops when the page is full.
        sql, text_params = search.rowids()
        text = "{}application.id IN ({})".format("+" if broad else "", sql)
    serial = _serial(register, flt.text)
    if serial:  # a serial is an address: its voucher's application (regiegroep.voucher_lookup)
        by_serial = "application.id IN (SELECT application_id FROM voucher WHERE serial = ?)"
        # A twelve-letter word may look like a serial by chance: it is searched for as well.
        text, text_params = (f"({by_serial} OR {text})", [serial, *text_params]) if text \
            else (by_serial, [serial])
    number = flt.text.strip()
    if number.isdigit() and not serial:
        # A number typed is first of all an application's sequence number.
        if text and search.trigrams:
            text = f"(application.sequence = ? OR {text})"
            text_params = [int(number), *text_params]
        else:
            text, text_params = "application.sequence = ?", [int(number)]
    if text:
        clauses.append(text)
        params += text_params
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _serial(register: Register, text: str) -> str | None:
    """The serial a search names (a typed serial or a scanned code), else None."""
    text = text.strip()
    if len(text) < 12:  # shorter than a serial: a word, a name, a sequence number
        return None
    return register.serial_in(text)


WEEK = 7  # "due within a week": the deadline falls within this many days from today


def urgency(deadline: dt.date, today: dt.date | None = None) -> str | None:
    """How the decision term of an application still waiting stands, as the filters count
    it (``Filter.due``): "overdue" when it ran out, "week" when it runs out within a week,
    else None."""
    today = today or dt.date.today()
    if deadline < today:
        return "overdue"
    return "week" if deadline < today + dt.timedelta(days=WEEK) else None


def _due_clause(register: Register, due: str, today: dt.date | None = None) -> tuple[str, list]:
    """SQL for applications overdue, or due within a week, each under the ordinance of
    its budget, with the days requests to complete suspended its term (Awb 4:15).

    Most applications had no such request: they are selected in SQL on their day of
    receipt (deadlines.receipt_cutoff), which the indexes serve. The few that had one
    are due as one received that many days later would be; they are picked here.
    """
    import json

    from ..rules.deadlines import receipt_cutoff
    from ..rules import model_ordinance

    today = today or dt.date.today()

    if due not in ("overdue", "week"):
        raise ValueError(due)
    windows: dict[int, tuple[dt.date | None, dt.date]] = {}  # by id(): one per ordinance

    def window(ordinance) -> tuple[dt.date | None, dt.date]:
        """Days of receipt [first, end) whose deadline makes them ``due``."""
        if id(ordinance) not in windows:
            before = receipt_cutoff(today, ordinance)
            windows[id(ordinance)] = (None, before) if due == "overdue" else (
                before, receipt_cutoff(today + dt.timedelta(days=WEEK), ordinance))
        return windows[id(ordinance)]

    def plain(ordinance) -> tuple[str, list]:
        first, end = window(ordinance)
        if first is None:
            return "application.received_at < ?", [end.isoformat()]
        return ("application.received_at >= ? AND application.received_at < ?",
                [first.isoformat(), end.isoformat()])

    suspended = []
    for app_id, (received, wijk_id, year, days) in _suspended_terms(register).items():
        first, end = window(register.ordinance_for(wijk_id, year))
        moved = received + dt.timedelta(days=days)
        if (first is None or moved >= first) and moved < end:
            suspended.append(app_id)

    own = [(b.wijk_id, b.year) for b in register.budgets() if b.ordinance_id]
    sql, params = plain(model_ordinance())
    if own:
        parts, own_params = [], []
        for wijk_id, year in own:
            own_sql, p = plain(register.ordinance_for(wijk_id, year))
            parts.append(f"(application.wijk_id = ? AND application.year = ? AND {own_sql})")
            own_params += [wijk_id, year, *p]
        pairs = ", ".join("(?, ?)" for _p in own)
        parts.append(f"((application.wijk_id, application.year) NOT IN (VALUES {pairs}) "
                     f"AND {sql})")
        params = own_params + [v for pair in own for v in pair] + params
        sql = "(" + " OR ".join(parts) + ")"
    return (f"(({sql} AND application.id NOT IN (SELECT application_id FROM "
            "completion_request)) OR application.id IN (SELECT value FROM json_each(?)))",
            [*params, json.dumps(suspended)])


def _suspended_terms(register: Register) -> dict[int, tuple[dt.date, int, int, int]]:
    """Applications still waiting for a decision whose term requests to complete
    suspended: day of receipt, neighbourhood, year, and the days suspended, as their
    deadline counts them (all_suspensions)."""
    # Read again after a change by this connection or a commit by another.
    key = (register.conn.total_changes, register.conn.execute("PRAGMA data_version").fetchone()[0])
    if register.suspended_cache[0] != key:
        suspensions = register.all_suspensions()
        waiting = [s.value for s in Status if s.awaits_decision]
        rows = register.conn.execute(
            "SELECT id, received_at, wijk_id, year FROM application WHERE deleted_at IS NULL "
            f"AND status IN ({','.join('?' * len(waiting))}) AND id IN (SELECT application_id "
            "FROM completion_request)", waiting)
        register.suspended_cache = (key, {
            app_id: (dt.datetime.fromisoformat(received).date(), wijk_id, year,
                     sum(s.days for s in suspensions[app_id]))
            for app_id, received, wijk_id, year in rows})
    return register.suspended_cache[1]


@reads(Read.APPLICATIONS)
def deadline_counts(register: Register) -> tuple[int, int]:
    """How many applications waiting for a decision are overdue, and due within a week."""
    return (register.count(Filter(due="overdue")), register.count(Filter(due="week")))


@reads(Read.APPLICATIONS)
def count(register: Register, flt: Filter = Filter()) -> int:
    """How many applications the filter shows, exactly."""
    if flt == Filter():
        # All less the deleted: counting "not deleted" would read every row.
        return register.conn.execute(
            "SELECT (SELECT count(*) FROM application) - (SELECT count(*) FROM application "
            "INDEXED BY application_deleted WHERE deleted_at IS NOT NULL)").fetchone()[0]
    where, params = _where(register, flt)
    return register.conn.execute(
        "SELECT count(*) FROM application" + where, params).fetchone()[0]


@reads(Read.APPLICATIONS)
def count_at_most(register: Register, flt: Filter = Filter(), cap: int = 1000) -> tuple[int, bool]:
    """How many applications the filter shows, quickly enough to follow typing.

    Returns (count, exact). A broad text search combined with other filters stops
    counting past ``cap`` and returns (cap, False): "more than 1,000".
    """
    text = flt.text.strip()
    if not text or text.isdigit() or not Search.of(text) or (
            _serial(register, text) and _text_matches(register, flt) <= register.BROAD_SEARCH):
        return register.count(flt), True
    matches = _text_matches(register, flt)
    if matches <= register.BROAD_SEARCH:
        return register.count(flt), True
    if all(v is None for v in (flt.wijk_id, flt.year, flt.status, flt.theme, flt.due)):
        # Everything the index matched, less the few deleted ones among them.
        if flt.include_deleted:
            return matches, True
        sql, params = Search.of(text).rowids()
        deleted = register.conn.execute(
            "SELECT count(*) FROM application INDEXED BY application_deleted "
            f"WHERE application.deleted_at IS NOT NULL AND application.id IN ({sql})",
            params).fetchone()[0]
        return matches - deleted, True
    where, params = _where(register, flt, broad=True)
    found = register.conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM application{where} "
        "ORDER BY application.received_at LIMIT ?)", [*params, cap + 1]).fetchone()[0]
    return (found, True) if found <= cap else (cap, False)


@requires(Permission.PERSONAL_DATA)
def applications(register: Register, flt: Filter = Filter(), sort: str = "received_at",
                 descending: bool = False, offset: int = 0,
                 limit: int | None = None) -> list[Application]:
    """A page of the register, in the order asked; by default in order of receipt.

    Like every read that returns applications, only for those who may see residents'
    personal data: never the kiosk (issue 3, item 5).
    """
    return list(_stream(register, flt, sort, descending, offset, limit))


@requires(Permission.PERSONAL_DATA)
def iter_applications(register: Register, flt: Filter = Filter()) -> Iterator[Application]:
    """Every application in order of receipt, with its cost lines, for exports.

    One streamed query: an export of 100,000 applications does not page with OFFSET.
    """
    lines: dict[int, list[CostLine]] = {}
    for app_id, d, c in register.conn.execute(
        "SELECT application_id, description, amount_cents FROM cost_line "
        "ORDER BY application_id, position"
    ):
        lines.setdefault(app_id, []).append(CostLine(d, from_cents(c)))
    for app in _stream(register, flt):
        app.cost_lines = lines.get(app.id, [])
        yield app


def _stream(register: Register, flt: Filter, sort: str = "received_at", descending: bool = False,
            offset: int = 0, limit: int | None = None) -> Iterator[Application]:
    broad = limit is not None and _text_matches(register, flt) > register.BROAD_SEARCH
    where, params = _where(register, flt, broad=broad)
    direction = "DESC" if descending else "ASC"
    order = f"{SORT_KEYS[sort]} {direction}, application.sequence {direction}"
    sql = SELECT + where + f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    columns = select_columns(register)
    for row in register.conn.execute(sql, params):
        yield from_row(dict(zip(columns, row)))


@requires(Permission.MANAGE)
def erase_deleted_text(register: Register) -> None:
    """Rewrite both search indexes without what was removed from them: FTS5 only marks a
    removed entry as deleted and keeps its words in the index until its segments are merged
    (``optimize`` merges them all now). Inside the caller's transaction."""
    for index in ("application_search", "application_words"):
        register.conn.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
