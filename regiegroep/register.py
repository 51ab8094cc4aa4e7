"""The register of initiatives: what a steering group records, one transaction per action.

Applications are numbered and handled in order of receipt (Art. 4.4). Nothing is ever
removed silently: a deletion keeps the record, marks it deleted with a reason, and writes
an event saying who did it and when.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .decisions import Decision
    from .deadlines import CompletionRequest, Suspension
    from .payments import Payment, Voucher
    from .rules import Ordinance

from . import store
from .access import ROLES, STEERING_GROUP, Permission, Session
from .store import fold
from .errors import UserError
from .i18n import _, ngettext
from .model import (
    Applicant, ApplicantKind, Application, CostLine, Status, Theme, initial_status,
)
from .money import from_cents, to_cents

# json, sqlite-utils and the rules' modules are imported where used: opening a register and
# reading its first rows needs none of them (benchmarks/startup.py).

# Who acts when nobody signs in: the command-line tools are run by whoever holds the file.
COMMAND_LINE = "command line"
DESKTOP = "desktop"

ATTACHMENT_KINDS = ("signed_form", "quote", "photo", "other")


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


# The register's plain records are named tuples: as immutable as frozen dataclasses, and
# made about five times faster when the module loads (benchmarks/startup.py).
class Municipality(NamedTuple):
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    steering_group_name: str = ""


class Wijk(NamedTuple):
    id: int
    name: str


class Budget(NamedTuple):
    """One neighbourhood's budget for one year (Art. 2.2-2.5)."""

    wijk_id: int
    wijk: str
    year: int
    amount: Decimal
    cost_reservation: Decimal  # at most 10% of the amount (Art. 2.3)
    ceiling: Decimal  # subsidieplafond (Art. 2.5); by default amount less reservation
    ordinance_id: str | None = None  # None: the model ordinance of 2008


class Member(NamedTuple):
    id: int
    name: str
    role: str
    wijk_id: int | None = None
    phone: str = ""
    email: str = ""


class Attachment(NamedTuple):
    id: int
    application_id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: str


class Event(NamedTuple):
    id: int
    at: str
    actor: str
    action: str
    application_id: int | None
    details: dict


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

_APPLICATION_FIELDS = (
    "signed", "title", "description", "execution", "planning", "liveability",
    "cost_estimate", "vouchers_requested", "other_subsidy", "other_subsidy_details", "theme",
    "received_at", "wijk_id",
)
_APPLICANT_FIELDS = ("kind", "name", "contact_person", "address", "postcode", "phone", "email",
                     "publish_name", "language")
# Personal data: the audit trail records that it changed, never the values, so that
# anonymising an application leaves no name or address behind in the append-only trail.
PERSONAL_FIELDS = {"name", "contact_person", "address", "postcode", "phone", "email"}
PERSONAL = "(personal data)"

_SELECT = """
    SELECT application.*, wijk.name AS wijk_name,
           applicant.kind AS applicant_kind, applicant.name AS applicant_name,
           applicant.contact_person, applicant.address, applicant.postcode,
           applicant.phone, applicant.email, applicant.publish_name, applicant.anonymised_at,
           applicant.language
    FROM application
    JOIN wijk ON wijk.id = application.wijk_id
    JOIN applicant ON applicant.id = application.applicant_id
"""


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


class Register:
    """One register file and everything a steering group does with it."""

    def __init__(self, conn: sqlite3.Connection, path: str | os.PathLike | None = None):
        self.conn = conn
        self.path = Path(path) if path is not None else None
        # The last text-match count, keyed by the search and the register's state: typing
        # asks for it for the count and again for the first page.
        self._matches_cache: tuple = (None, 0)
        self._suspended_cache: tuple = (None, {})
        self._ordinances: dict = {}  # (wijk_id, year) -> Ordinance, read once
        # Who acts: whoever holds the file until someone signs in (see regiegroep.access).
        self.session = Session(DESKTOP)
        self._depth = 0  # nesting of _write()

    @classmethod
    def open(cls, path: str | os.PathLike | None, *, create: bool = True,
             check: bool = True) -> "Register":
        return cls(store.open_connection(path, create=create, check=check), path)

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

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One action, one transaction, holding the write lock from its start.

        Taking the lock first means a second copy of the app, or a command run beside it,
        waits its turn (up to the busy timeout) instead of failing halfway; if it still
        cannot write, the user is told the register is busy, and nothing was changed.
        """
        try:
            with self.db.atomic():
                if self._depth == 0:
                    # A write that changes nothing: the lock is ours before anything is read.
                    self.conn.execute("UPDATE audit_head SET count = count WHERE id = 1")
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise UserError(_("The register is busy in another copy of the app or another "
                                  "program; nothing was changed. Try again in a moment.")) from None
            raise

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- set-up (Art. 2)

    def municipality(self) -> Municipality | None:
        row = self.conn.execute(
            "SELECT name, address, postcode, city, steering_group_name FROM municipality"
        ).fetchone()
        return Municipality(*row) if row else None

    def set_municipality(self, municipality: Municipality, actor: str = DESKTOP) -> None:
        self._require(Permission.MANAGE)
        if not municipality.name.strip():
            raise UserError(_("Give the name of the municipality."))
        with self._write():
            self.conn.execute(
                "INSERT INTO municipality (id, name, address, postcode, city, steering_group_name) "
                "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                "address = excluded.address, postcode = excluded.postcode, city = excluded.city, "
                "steering_group_name = excluded.steering_group_name",
                [municipality.name.strip(), municipality.address, municipality.postcode,
                 municipality.city, municipality.steering_group_name],
            )
            self._event(actor, "municipality_set", None, municipality._asdict())

    def wijken(self) -> list[Wijk]:
        return [Wijk(*row) for row in self.conn.execute(
            "SELECT id, name FROM wijk ORDER BY name COLLATE NOCASE")]

    def wijk_by_name(self, name: str) -> Wijk | None:
        row = self.conn.execute(
            "SELECT id, name FROM wijk WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return Wijk(*row) if row else None

    def add_wijk(self, name: str, actor: str = DESKTOP) -> Wijk:
        """Designate a neighbourhood where the voucher scheme applies (Art. 2.1)."""
        self._require(Permission.MANAGE)
        name = " ".join(name.split())
        if not name:
            raise UserError(_("Give the name of the neighbourhood."))
        if self.wijk_by_name(name):
            raise UserError(_("There is already a neighbourhood called {name}.").format(name=name))
        with self._write():
            cursor = self.conn.execute("INSERT INTO wijk (name) VALUES (?)", [name])
            self._event(actor, "wijk_added", None, {"name": name})
        return Wijk(cursor.lastrowid, name)

    def set_budget(
        self, wijk_id: int, year: int, amount: Decimal,
        cost_reservation: Decimal = Decimal(0), ceiling: Decimal | None = None,
        actor: str = DESKTOP,
    ) -> Budget:
        """Record a neighbourhood's budget for a year.

        Art. 2.3: the college may reserve at most ten percent for its own costs.
        Art. 2.5 and the notes: the subsidy ceiling is by default the amount less that
        reservation, and can be no more than that.
        """
        self._require(Permission.MANAGE)
        if amount < 0 or cost_reservation < 0:
            raise UserError(_("A budget cannot be negative."))
        if cost_reservation * 10 > amount:
            raise UserError(
                _("The cost reservation may be at most 10% of the amount (Art. 2.3): at most {max}.")
                .format(max=_money(amount / 10)))
        available = amount - cost_reservation
        if ceiling is None:
            ceiling = available
        if ceiling < 0 or ceiling > available:
            raise UserError(
                _("The subsidy ceiling cannot be more than the amount less the cost "
                  "reservation ({max}).").format(max=_money(available)))
        if not 2000 <= year <= 2200:
            raise UserError(_("{year} is not a budget year.").format(year=year))
        with self._write():
            self.conn.execute(
                "INSERT INTO budget (wijk_id, year, amount_cents, cost_reservation_cents, ceiling_cents) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (wijk_id, year) DO UPDATE SET "
                "amount_cents = excluded.amount_cents, "
                "cost_reservation_cents = excluded.cost_reservation_cents, "
                "ceiling_cents = excluded.ceiling_cents",
                [wijk_id, year, to_cents(amount), to_cents(cost_reservation), to_cents(ceiling)],
            )
            self._event(actor, "budget_set", None, {
                "wijk_id": wijk_id, "year": year, "amount": str(amount),
                "cost_reservation": str(cost_reservation), "ceiling": str(ceiling)})
        return next(b for b in self.budgets() if b.wijk_id == wijk_id and b.year == year)

    def budgets(self) -> list[Budget]:
        rows = self.conn.execute(
            "SELECT budget.wijk_id, wijk.name, year, amount_cents, cost_reservation_cents, "
            "ceiling_cents, ordinance_id FROM budget JOIN wijk ON wijk.id = budget.wijk_id "
            "ORDER BY wijk.name COLLATE NOCASE, year")
        return [Budget(w, n, y, from_cents(a), from_cents(r), from_cents(c), o)
                for w, n, y, a, r, c, o in rows]

    # ------------------------------------------------------- ordinance versions (Art. 10)

    def add_ordinance(self, path: str | os.PathLike, year: int | None = None,
                      actor: str = DESKTOP, text: str | None = None) -> "Ordinance":
        """Keep a municipality's rule file (or its ``text``) in the register; with ``year``,
        it applies to every budget of that year. The same file again is fine; another file
        with the same id is refused, so decisions stay checkable against the rules they were
        made under."""
        self._require(Permission.MANAGE)
        from .rules import load_ordinance

        path = Path(path)
        if text is None and path.is_file():
            text = path.read_text(encoding="utf-8")
        ordinance = load_ordinance(path, text)
        stored = self.conn.execute("SELECT rules FROM ordinance WHERE id = ?",
                                   [ordinance.id]).fetchone()
        if stored and stored[0] != text:
            raise UserError(_("The register already keeps another ordinance with the id "
                              "“{id}”. Give your copy an id of its own (the id line in the "
                              "[ordinance] table).").format(id=ordinance.id))
        with self._write():
            if not stored:
                self.conn.execute(
                    "INSERT INTO ordinance (id, title, rules, added_at) VALUES (?, ?, ?, ?)",
                    [ordinance.id, ordinance.title, text, now()])
                self._event(actor, "ordinance_added", None,
                            {"id": ordinance.id, "title": ordinance.title})
            if year is not None:
                changed = self.conn.execute(
                    "UPDATE budget SET ordinance_id = ? WHERE year = ?", [ordinance.id, year]).rowcount
                if not changed:
                    raise UserError(_("There is no budget for {year} yet; set the budget first.")
                                    .format(year=year))
                self._event(actor, "ordinance_applied", None, {"id": ordinance.id, "year": year})
        self._ordinances.clear()
        return ordinance

    def ordinance_for(self, wijk_id: int, year: int) -> "Ordinance":
        """The ordinance that applies to a neighbourhood's budget year (the model one when
        the register records none)."""
        from .rules import load_ordinance, model_ordinance

        key = (wijk_id, year)
        if key not in self._ordinances:
            row = self.conn.execute(
                "SELECT ordinance.id, ordinance.rules FROM budget JOIN ordinance "
                "ON ordinance.id = budget.ordinance_id WHERE budget.wijk_id = ? AND budget.year = ?",
                [wijk_id, year]).fetchone()
            self._ordinances[key] = (load_ordinance(Path(f"{row[0]}.toml"), row[1]) if row
                                     else model_ordinance())
        return self._ordinances[key]

    def years(self) -> list[int]:
        """The budget years, and every year from the first to the last application."""
        # Two subqueries: SQLite answers a lone min() or max() from the index.
        first, last = self.conn.execute(
            "SELECT (SELECT min(year) FROM application), (SELECT max(year) FROM application)"
        ).fetchone()
        years = {row[0] for row in self.conn.execute("SELECT year FROM budget")}
        if first is not None:
            years.update(range(first, last + 1))
        return sorted(years)

    def add_member(self, name: str, role: str = "member", wijk_id: int | None = None,
                   phone: str = "", email: str = "", actor: str = DESKTOP) -> Member:
        """A steering-group member, mandated by the college (Art. 1g, 2.6)."""
        self._require(Permission.MANAGE)
        name = " ".join(name.split())
        if not name:
            raise UserError(_("Give the member's name."))
        if role not in ROLES:
            raise UserError(_("Unknown role {role}.").format(role=role))
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO member (name, role, wijk_id, phone, email) VALUES (?, ?, ?, ?, ?)",
                [name, role, wijk_id, phone, email])
            self._event(actor, "member_added", None, {"name": name, "role": role})
        return Member(cursor.lastrowid, name, role, wijk_id, phone, email)

    def members(self) -> list[Member]:
        """The steering group: those who decide (Art. 5)."""
        return [m for m in self.people() if m.role in STEERING_GROUP]

    def people(self) -> list[Member]:
        """Everyone who works with the register: the steering group, the cash manager, the
        kiosk."""
        return [Member(*row) for row in self.conn.execute(
            "SELECT id, name, role, wijk_id, phone, email FROM member WHERE active = 1 "
            "ORDER BY CASE role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 WHEN 'member' THEN 2 "
            "WHEN 'cash_manager' THEN 3 ELSE 4 END, name")]

    # --------------------------------------------------------- signing in (issue 3, 1)

    def sign_in_names(self) -> list[str]:
        """The names of everyone who can sign in (has a PIN), in the order of people()."""
        with_pin = {row[0] for row in self.conn.execute(
            "SELECT id FROM member WHERE active = 1 AND pin_hash IS NOT NULL")}
        return [person.name for person in self.people() if person.id in with_pin]

    def requires_sign_in(self) -> bool:
        """Whether anyone has a PIN: then the app asks who is there."""
        return self.conn.execute(
            "SELECT 1 FROM member WHERE active = 1 AND pin_hash IS NOT NULL LIMIT 1").fetchone() is not None

    def set_pin(self, person_id: int, pin: str, actor: str = DESKTOP) -> None:
        """Give a person a PIN or passphrase (kept as a scrypt hash). The chair or secretary
        sets anyone's; everyone may change their own. The first PIN goes to a chair or
        secretary: once anyone has a PIN the app asks who is there, and someone must be
        able to manage the people."""
        from .access import MANAGERS, hash_pin

        if self.session.person_id != person_id:
            self._require(Permission.MANAGE)
        if len(pin) < 4:
            raise UserError(_("A PIN has at least 4 characters."))
        row = self.conn.execute("SELECT role FROM member WHERE id = ? AND active = 1",
                                [person_id]).fetchone()
        if row is None:
            raise UserError(_("There is no person {id}.").format(id=person_id))
        if row[0] not in MANAGERS and not self._managers_with_pin():
            raise UserError(_("Give the chair or the secretary a PIN first: once anyone has a "
                              "PIN, the app asks who is there, and they manage the people."))
        with self._write():
            self.conn.execute(
                "UPDATE member SET pin_hash = ?, failed_attempts = 0, locked_until = NULL "
                "WHERE id = ?", [hash_pin(pin), person_id])
            self._event(actor, "pin_set", None, {"person": person_id})

    def _managers_with_pin(self, leaving_out: int | None = None) -> int:
        from .access import MANAGERS

        return self.conn.execute(
            f"SELECT count(*) FROM member WHERE active = 1 AND pin_hash IS NOT NULL AND role IN "
            f"({','.join('?' * len(MANAGERS))}) AND id IS NOT ?", [*MANAGERS, leaving_out]).fetchone()[0]

    def has_pin(self, person_id: int) -> bool:
        return self.conn.execute("SELECT pin_hash IS NOT NULL FROM member WHERE id = ?",
                                 [person_id]).fetchone() == (1,)

    def remove_person(self, person_id: int, actor: str = DESKTOP) -> None:
        """Someone leaves the group: they can no longer sign in. Their name stays on the
        decisions and in the audit trail they are part of."""
        self._require(Permission.MANAGE)
        row = self.conn.execute("SELECT name FROM member WHERE id = ? AND active = 1",
                                [person_id]).fetchone()
        if row is None:
            raise UserError(_("There is no person {id}.").format(id=person_id))
        others = self.conn.execute(
            "SELECT count(*) FROM member WHERE active = 1 AND pin_hash IS NOT NULL AND id <> ?",
            [person_id]).fetchone()[0]
        if others and not self._managers_with_pin(leaving_out=person_id):
            raise UserError(_("{name} is the last chair or secretary with a PIN; give another "
                              "one a PIN first, or nobody could manage the people.").format(
                                  name=row[0]))
        with self._write():
            self.conn.execute("UPDATE member SET active = 0, pin_hash = NULL WHERE id = ?",
                              [person_id])
            self._event(actor, "person_removed", None, {"person": person_id})

    def sign_in(self, name: str, pin: str, at: dt.datetime | None = None) -> Session:
        """Sign in with name and PIN; after repeated wrong PINs the person is locked out for
        a while. Every attempt is in the audit trail (never the PIN)."""
        from .access import LOCK_MINUTES, MAX_FAILURES, verify_pin

        at = (at or dt.datetime.now()).replace(microsecond=0)
        row = self.conn.execute(
            "SELECT id, name, role, pin_hash, failed_attempts, locked_until FROM member "
            "WHERE active = 1 AND name = ? COLLATE NOCASE", [" ".join(name.split())]).fetchone()
        if row is None or row[3] is None:
            raise UserError(_("There is nobody called {name} with a PIN.").format(name=name))
        person_id, person, role, stored, failures, locked_until = row
        if locked_until and dt.datetime.fromisoformat(locked_until) > at:
            raise UserError(_("Too many wrong PINs: {name} can try again after {time}.").format(
                name=person, time=dt.datetime.fromisoformat(locked_until).strftime("%H:%M")))
        with self._write():
            if not verify_pin(pin, stored):
                failures += 1
                lock = (at + dt.timedelta(minutes=LOCK_MINUTES)).isoformat() \
                    if failures >= MAX_FAILURES else None
                self.conn.execute("UPDATE member SET failed_attempts = ?, locked_until = ? "
                                  "WHERE id = ?", [0 if lock else failures, lock, person_id])
                self._event(person, "locked_out" if lock else "sign_in_failed", None,
                            {"person": person_id})
            else:
                self.conn.execute("UPDATE member SET failed_attempts = 0, locked_until = NULL "
                                  "WHERE id = ?", [person_id])
                self._event(person, "signed_in", None, {"person": person_id, "role": role})
                self.session = Session(person, role, person_id)
                return self.session
        if lock:
            raise UserError(_("Too many wrong PINs: {name} can try again after {time}.").format(
                name=person, time=(at + dt.timedelta(minutes=LOCK_MINUTES)).strftime("%H:%M")))
        raise UserError(ngettext("Wrong PIN. {n} try left before a lock-out.",
                                 "Wrong PIN. {n} tries left before a lock-out.",
                                 MAX_FAILURES - failures).format(n=MAX_FAILURES - failures))

    def sign_out(self) -> None:
        """Nobody is signed in: nothing may be done until someone signs in again."""
        self.session = Session("", "nobody")

    def _require(self, permission: Permission) -> None:
        if not self.session.may(permission):
            raise UserError(_("{name} may not do this here ({permission}); ask a member of the "
                              "steering group.").format(name=self.session.name or _("Nobody"),
                                                         permission=permission.value))

    def _who(self, actor: str) -> str:
        """Who the record names: the person signed in, else the given source."""
        return self.session.name if self.session.role else actor

    def set_up(self, municipality: Municipality, wijk: str, year: int, amount: Decimal,
               cost_reservation: Decimal = Decimal(0), ceiling: Decimal | None = None,
               actor: str = DESKTOP) -> Wijk:
        """A first start: the municipality, its first neighbourhood and that year's budget,
        all in one transaction."""
        with self._write():
            self.set_municipality(municipality, actor)
            created = self.wijk_by_name(wijk) or self.add_wijk(wijk, actor)
            self.set_budget(created.id, year, amount, cost_reservation, ceiling, actor)
        return created

    def is_set_up(self) -> bool:
        """Whether the register has a municipality and at least one neighbourhood."""
        return self.municipality() is not None and bool(self.wijken())

    # -------------------------------------------------------------- applications (Art. 4)

    def register_application(self, app: Application, actor: str = DESKTOP,
                             attachments: Iterable[tuple[str | os.PathLike, str]] = ()) -> Application:
        """Register one application received in writing (Art. 4.1, 4.2), with its files.

        ``attachments`` are (path, kind) pairs; the application and its files are stored in
        one transaction, so a file that cannot be read leaves nothing half-registered.
        """
        with self._write():
            registered = self.register_applications([app], actor)[0]
            for path, kind in attachments:
                self._store_attachment(registered.id, path, kind, actor)
        return registered

    def register_applications(
        self, apps: Iterable[Application], actor: str = DESKTOP, source: str = ""
    ) -> list[Application]:
        """Register applications in one transaction: all of them, or none.

        Each gets the next sequence number in the order given; callers give them in order
        of receipt (Art. 4.4). An incomplete application is registered as incomplete.
        """
        import json

        self._require(Permission.REGISTER)
        apps = list(apps)
        if not self.session.may(Permission.EDIT):
            # The kiosk hands in applications now: the moment of receipt, which sets the
            # order of treatment (Art. 4.4), is the clock's, not what was typed.
            moment = dt.datetime.now().replace(second=0, microsecond=0)
            apps = [dataclasses.replace(app, received_at=moment) for app in apps]
        wijk_ids = {w.id for w in self.wijken()}
        for app in apps:
            validate(app, wijk_ids)
        stamp = now()
        with self._write():
            next_sequence = self.conn.execute(
                "SELECT coalesce(max(sequence), 0) + 1 FROM application").fetchone()[0]
            next_applicant = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM applicant").fetchone()[0]
            next_app = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM application").fetchone()[0]
            applicant_rows, app_rows, line_rows, event_rows = [], [], [], []
            for offset, app in enumerate(apps):
                app.applicant.id = next_applicant + offset
                app.id = next_app + offset
                app.sequence = next_sequence + offset
                if app.status is None:
                    app.status = initial_status(app)
                applicant_rows.append((app.applicant.id, *_applicant_values(app.applicant)))
                app_rows.append((app.id, app.sequence, app.applicant.id, *_application_values(app),
                                 app.status.value, stamp, stamp))
                for position, line in enumerate(app.cost_lines, 1):
                    line_rows.append((app.id, position, line.description, to_cents(line.amount)))
                details = {"sequence": app.sequence, "title": app.title}
                if source:
                    details["source"] = source
                event_rows.append((stamp, self._who(actor), "registered", app.id,
                                   json.dumps(details)))
            self.conn.executemany(
                "INSERT INTO applicant (id, kind, name, contact_person, address, postcode, phone, "
                "email, publish_name, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", applicant_rows)
            self.conn.executemany(
                "INSERT INTO application (id, sequence, applicant_id, signed, title, description, "
                "execution, planning, liveability, cost_estimate_cents, vouchers_requested, "
                "other_subsidy, other_subsidy_details, theme, received_at, wijk_id, year, status, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                app_rows)
            self.conn.executemany(
                "INSERT INTO cost_line (application_id, position, description, amount_cents) "
                "VALUES (?, ?, ?, ?)", line_rows)
            self._audit(event_rows)
            if apps:
                self._index_for_search(next_app, next_app + len(apps) - 1)
        return apps

    def _index_for_search(self, first_id: int, last_id: int) -> None:
        """Add new applications to both search indexes (see store.m001_register)."""
        self.conn.execute(
            "INSERT INTO application_search (rowid, title, applicant, description) "
            "SELECT application.id, regiegroep_fold(application.title), "
            "regiegroep_fold(applicant.name || ' ' || applicant.contact_person), "
            "regiegroep_fold(application.description) FROM application "
            "JOIN applicant ON applicant.id = application.applicant_id "
            "WHERE application.id BETWEEN ? AND ?", [first_id, last_id])
        self.conn.execute(
            "INSERT INTO application_words (rowid, text) "
            "SELECT rowid, title || ' ' || applicant || ' ' || description FROM application_search "
            "WHERE rowid BETWEEN ? AND ?", [first_id, last_id])

    def application(self, app_id: int) -> Application:
        self._require(Permission.PERSONAL_DATA)
        row = self.conn.execute(_SELECT + " WHERE application.id = ?", [app_id]).fetchone()
        if row is None:
            raise UserError(_("There is no application {id}.").format(id=app_id))
        app = self._from_row(dict(zip(self._columns(), row)))
        app.cost_lines = [
            CostLine(d, from_cents(c)) for d, c in self.conn.execute(
                "SELECT description, amount_cents FROM cost_line WHERE application_id = ? "
                "ORDER BY position", [app_id])]
        return app

    def application_by_sequence(self, sequence: int) -> Application:
        row = self.conn.execute(
            "SELECT id FROM application WHERE sequence = ?", [sequence]).fetchone()
        if row is None:
            raise UserError(_("There is no application with number {sequence}.").format(
                sequence=sequence))
        return self.application(row[0])

    def is_deleted(self, app_id: int) -> bool:
        row = self.conn.execute("SELECT deleted_at FROM application WHERE id = ?", [app_id]).fetchone()
        return row is not None and row[0] is not None

    def update_application(self, app: Application, actor: str = DESKTOP,
                           attachments: Iterable[tuple[str | os.PathLike, str]] = ()) -> dict:
        """Save changes to an application, with files added to it, in one transaction;
        returns what changed as {field: [old, new]}.

        An incomplete application that is now complete becomes received; a received one
        that lost an item becomes incomplete again. Other statuses are not touched here.
        """
        self._require(Permission.EDIT)
        if app.id is None:
            raise ValueError("application has no id")
        validate(app, {w.id for w in self.wijken()})
        old = self.application(app.id)
        changes = diff(old, app)
        status = app.status or old.status
        completed = False
        if status in (Status.INCOMPLETE, Status.RECEIVED):
            status = initial_status(app)
        elif status is Status.COMPLETION_REQUESTED and initial_status(app) is Status.RECEIVED:
            status, completed = Status.RECEIVED, True  # completed: the term runs again
        if status != old.status:
            changes["status"] = [old.status.value, status.value]
        attachments = list(attachments)
        if not changes:
            with self._write():  # only files added, if any
                for path, kind in attachments:
                    self.add_attachment(app.id, path, kind, actor)
            return {}
        with self._write():
            self.conn.execute(
                "UPDATE applicant SET kind = ?, name = ?, contact_person = ?, address = ?, "
                "postcode = ?, phone = ?, email = ?, publish_name = ?, language = ? WHERE id = ?",
                [*_applicant_values(app.applicant), old.applicant.id])
            values = _application_values(app)
            self.conn.execute(
                "UPDATE application SET signed = ?, title = ?, description = ?, execution = ?, "
                "planning = ?, liveability = ?, cost_estimate_cents = ?, vouchers_requested = ?, "
                "other_subsidy = ?, other_subsidy_details = ?, theme = ?, received_at = ?, "
                "wijk_id = ?, year = ?, status = ?, updated_at = ? WHERE id = ?",
                [*values, status.value, now(), app.id])
            self.conn.execute("DELETE FROM cost_line WHERE application_id = ?", [app.id])
            self.conn.executemany(
                "INSERT INTO cost_line (application_id, position, description, amount_cents) "
                "VALUES (?, ?, ?, ?)",
                [(app.id, i, line.description, to_cents(line.amount))
                 for i, line in enumerate(app.cost_lines, 1)])
            if completed:
                self.conn.execute(
                    "UPDATE completion_request SET completed_on = ? WHERE application_id = ? "
                    "AND completed_on IS NULL", [dt.date.today().isoformat(), app.id])
            self._event(actor, "changed", app.id, changes)
            for path, kind in attachments:
                self.add_attachment(app.id, path, kind, actor)
        app.status = status
        return changes

    def delete_application(self, app_id: int, reason: str, actor: str = DESKTOP) -> None:
        """Mark an application deleted. The record stays, with who, when and why."""
        self._require(Permission.DELETE)
        reason = reason.strip()
        if not reason:
            raise UserError(_("Say why the application is deleted; the reason is kept."))
        app = self.application(app_id)
        if self.is_deleted(app_id):
            raise UserError(_("Application {sequence} is already deleted.").format(
                sequence=app.sequence))
        with self._write():
            self.conn.execute(
                "UPDATE application SET deleted_at = ?, deleted_reason = ? WHERE id = ?",
                [now(), reason, app_id])
            self._event(actor, "deleted", app_id, {"sequence": app.sequence, "reason": reason})

    def restore_application(self, app_id: int, actor: str = DESKTOP) -> None:
        self._require(Permission.DELETE)
        app = self.application(app_id)
        with self._write():
            self.conn.execute(
                "UPDATE application SET deleted_at = NULL, deleted_reason = '' WHERE id = ?",
                [app_id])
            self._event(actor, "restored", app_id, {"sequence": app.sequence})

    # ----------------------------------------------- completion requests (Art. 4.3, Awb 4:5)

    def request_completion(self, app_id: int, requested_on: dt.date, term_days: int = 14,
                           actor: str = DESKTOP) -> "CompletionRequest":
        """Ask the applicant to complete the application within ``term_days`` (Art. 4.3,
        Awb 4:5). The decision term is suspended meanwhile (Awb 4:15)."""
        self._require(Permission.DECIDE)
        from .model import missing_items

        app = self.application(app_id)
        missing = missing_items(app)
        if not missing:
            raise UserError(_("Application {sequence} is complete; there is nothing to ask.")
                            .format(sequence=app.sequence))
        if term_days < 1:
            raise UserError(_("The term to complete must be at least one day."))
        if requested_on < app.received_at.date() or requested_on > dt.date.today():
            raise UserError(_("A request to complete is dated between the day of receipt and "
                              "today."))
        if any(r.completed_on is None for r in self.completion_requests(app_id)):
            raise UserError(_("A request to complete application {sequence} is still open.")
                            .format(sequence=app.sequence))
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO completion_request (application_id, requested_on, term_days, missing, "
                "recorded_at) VALUES (?, ?, ?, ?, ?)",
                [app_id, requested_on.isoformat(), term_days, "".join(missing), now()])
            self.conn.execute("UPDATE application SET status = ?, updated_at = ? WHERE id = ?",
                              [Status.COMPLETION_REQUESTED.value, now(), app_id])
            self._event(actor, "completion_requested", app_id,
                        {"requested_on": requested_on.isoformat(), "term_days": term_days,
                         "missing": missing})
        return self.completion_requests(app_id)[-1] if cursor.lastrowid else None

    def completion_requests(self, app_id: int) -> list["CompletionRequest"]:
        from .deadlines import CompletionRequest

        return [CompletionRequest(dt.date.fromisoformat(r), t, m,
                                  dt.date.fromisoformat(c) if c else None, i)
                for i, r, t, m, c in self.conn.execute(
                    "SELECT id, requested_on, term_days, missing, completed_on FROM "
                    "completion_request WHERE application_id = ? ORDER BY id", [app_id])]

    def all_suspensions(self) -> dict[int, list["Suspension"]]:
        """Suspensions of every application that had a request to complete, by id."""
        from .deadlines import CompletionRequest

        found: dict[int, list] = {}
        for app_id, r, t, m, c in self.conn.execute(
                "SELECT application_id, requested_on, term_days, missing, completed_on FROM "
                "completion_request ORDER BY id"):
            request = CompletionRequest(dt.date.fromisoformat(r), t, m,
                                        dt.date.fromisoformat(c) if c else None)
            found.setdefault(app_id, []).append(request.suspension)
        return found

    def suspensions(self, app_id: int) -> list["Suspension"]:
        """The periods the decision term was suspended by requests to complete (Awb 4:15)."""
        return [r.suspension for r in self.completion_requests(app_id)]

    def decision_deadline(self, app: Application):
        """The last day to decide on ``app``, under its budget's ordinance, with suspensions."""
        from .deadlines import decision_deadline

        return decision_deadline(app.received_at, self.ordinance_for(app.wijk_id, app.year),
                                 self.suspensions(app.id))

    # --------------------------------------------------------------- decisions (Art. 5)

    _DECISION_COLUMNS = ("id, kind, decided_on, amount_granted_cents, vouchers, refusal_grounds, "
                         "reasons, start_within_days, members, corrects, ordinance_id, "
                         "application_id")

    @staticmethod
    def _decision(row) -> "Decision":
        import json

        from .decisions import Decision, Kind

        i, k, on, a, vs, g, r, s, m, c, o, _app = row
        return Decision(kind=Kind(k), decided_on=dt.date.fromisoformat(on),
                        amount_granted=from_cents(a) if a is not None else None,
                        vouchers=tuple(from_cents(v) for v in json.loads(vs)),
                        refusal_grounds=json.loads(g), reasons=r, start_within_days=s,
                        members=tuple(json.loads(m)), corrects=c, ordinance_id=o, id=i)

    def decisions(self, app_id: int) -> list["Decision"]:
        """The decisions on an application, oldest first (corrections after what they correct)."""
        return [self._decision(row) for row in self.conn.execute(
            f"SELECT {self._DECISION_COLUMNS} FROM decision WHERE application_id = ? ORDER BY id",
            [app_id])]

    def latest_decisions(self) -> dict[int, "Decision"]:
        """The decision in force on every decided application, by application id."""
        return {row[-1]: self._decision(row) for row in self.conn.execute(
            f"SELECT {self._DECISION_COLUMNS} FROM decision WHERE id IN "
            "(SELECT max(id) FROM decision GROUP BY application_id)")}

    def latest_decision(self, app_id: int) -> "Decision | None":
        found = self.decisions(app_id)
        return found[-1] if found else None

    def ceiling_left(self, wijk_id: int, year: int, leaving_out: int | None = None) -> Decimal | None:
        """What is left under the subsidy ceiling (Art. 2.5, 6e) of a budget after the grants
        in force (the latest decision of each application); None without a budget."""
        row = self.conn.execute("SELECT ceiling_cents FROM budget WHERE wijk_id = ? AND year = ?",
                                [wijk_id, year]).fetchone()
        if row is None:
            return None
        granted = self.conn.execute(
            "SELECT coalesce(sum(d.amount_granted_cents), 0) FROM decision d "
            "JOIN application a ON a.id = d.application_id "
            "WHERE a.wijk_id = ? AND a.year = ? AND a.deleted_at IS NULL AND a.id IS NOT ? "
            "AND d.id = (SELECT max(id) FROM decision WHERE application_id = a.id) "
            "AND d.kind IN ('granted', 'partially_granted')",
            [wijk_id, year, leaving_out]).fetchone()[0]
        return from_cents(row[0] - granted)

    def waiting_before(self, app: Application) -> tuple[int, Decimal]:
        """Applications in the same budget received before ``app`` and still waiting for a
        decision, and what they ask: in order of receipt they come first (Art. 4.4)."""
        waiting = [s.value for s in Status if s.awaits_decision]
        count, cents = self.conn.execute(
            "SELECT count(*), coalesce(sum(cost_estimate_cents), 0) FROM application "
            "WHERE wijk_id = ? AND year = ? AND deleted_at IS NULL AND id != ? "
            f"AND status IN ({','.join('?' * len(waiting))}) "
            "AND (received_at < ? OR (received_at = ? AND sequence < ?))",
            [app.wijk_id, app.year, app.id, *waiting, app.received_at.isoformat(),
             app.received_at.isoformat(), app.sequence]).fetchone()
        return count, from_cents(cents)

    def decide_many(self, items: list[tuple[int, "Decision"]], actor: str = DESKTOP,
                    source: str = "") -> list["Decision"]:
        """Record decisions, each checked against the ordinance, in one transaction: all or
        none (also for decisions taken on paper before the register was kept). The subsidy
        ceilings count the decisions in the order given. The application's status follows
        its decision, except that a completed initiative stays completed when its grant is
        put on record afterwards."""
        import json

        self._require(Permission.DECIDE)
        from .decisions import check

        members = {m.id: m.name for m in self.members()}
        wanted = sorted({app_id for app_id, _d in items})
        apps = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"{_SELECT} WHERE application.id IN ({marks})", chunk):
                app = self._from_row(dict(zip(self._columns(), row)))
                apps[app.id] = app
        previous, _deleted = self._in_force(wanted)
        left: dict[tuple[int, int], Decimal | None] = {}
        checked_all, rows, status_rows, event_rows = [], [], [], []
        stamp = now()
        next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM decision").fetchone()[0]
        for offset, (app_id, decision) in enumerate(items):
            app = apps.get(app_id)
            if app is None:
                raise UserError(_("There is no application {id}.").format(id=app_id))
            key = (app.wijk_id, app.year)
            if key not in left:
                left[key] = self.ceiling_left(*key)
            checked = check(decision, app, self.ordinance_for(*key), member_names=members,
                            ceiling_left=left[key], previous=previous.get(app_id),
                            completion_requests=self.completion_requests(app_id))
            checked = dataclasses.replace(checked, id=next_id + offset)
            if left[key] is not None and checked.amount_granted is not None:
                left[key] -= checked.amount_granted
            previous[app_id] = checked
            checked_all.append(checked)
            rows.append((checked.id, app_id, checked.kind.value, checked.decided_on.isoformat(),
                         to_cents(checked.amount_granted) if checked.amount_granted is not None else None,
                         json.dumps([to_cents(v) for v in checked.vouchers]),
                         json.dumps(checked.refusal_grounds, ensure_ascii=False), checked.reasons,
                         checked.start_within_days, json.dumps(list(checked.members)),
                         checked.corrects, checked.ordinance_id, stamp))
            if app.status is not Status.COMPLETED or checked.corrects is not None:
                status_rows.append((checked.kind.status.value, stamp, app_id))
            event_rows.append((stamp, self._who(actor), "decided", app_id, json.dumps({
                "decision": checked.id, "kind": checked.kind.value,
                "amount_granted": str(checked.amount_granted) if checked.amount_granted else None,
                "refusal_grounds": sorted(checked.refusal_grounds), "corrects": checked.corrects,
                "members": list(checked.members), **({"source": source} if source else {})})))
        with self._write():
            self.conn.executemany(
                "INSERT INTO decision (id, application_id, kind, decided_on, amount_granted_cents, "
                "vouchers, refusal_grounds, reasons, start_within_days, members, corrects, "
                "ordinance_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.executemany(
                "UPDATE application SET status = ?, updated_at = ? WHERE id = ?", status_rows)
            # A decision ends the guided check: its saved answers go with it.
            self.conn.executemany("DELETE FROM check_progress WHERE application_id = ?",
                                  [(app_id,) for app_id, _d in items])
            self._audit(event_rows)
        return checked_all

    def check_answers(self, app_id: int) -> str | None:
        """The saved answers of an unfinished guided check (regiegroep.check), as JSON."""
        row = self.conn.execute(
            "SELECT answers FROM check_progress WHERE application_id = ?", [app_id]).fetchone()
        return row[0] if row else None

    def save_check_answers(self, app_id: int, answers: str) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO check_progress (application_id, answers, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT (application_id) DO UPDATE SET answers = excluded.answers, "
                "saved_at = excluded.saved_at", [app_id, answers, now()])

    def decide(self, app_id: int, decision: "Decision", actor: str = DESKTOP) -> "Decision":
        """Record a decision after checking it against the ordinance; the application's
        status follows it. One transaction, on record in the audit trail."""
        app = self.application(app_id)
        if self.is_deleted(app_id):
            raise UserError(_("Application {sequence} is deleted; restore it first.").format(
                sequence=app.sequence))
        return self.decide_many([(app_id, decision)], actor)[0]

    # ---------------------------------------------------- vouchers redeemed (Art. 9)

    def redeem(self, app_id: int, payment: "Payment", actor: str = DESKTOP) -> "Payment":
        """Record a payment from one of the vouchers of the decision in force on an
        application (Art. 9). Only the cash manager may, or a member of the steering group
        acting for them; the record then names both. One transaction, in the audit trail."""
        return self.redeem_many([(app_id, payment)], actor)[0]

    def redeem_many(self, items: list[tuple[int, "Payment"]], actor: str = DESKTOP,
                    source: str = "") -> list["Payment"]:
        """Record payments in one transaction: all of them, or none (see redeem)."""
        import json

        from .decisions import Kind
        from .payments import Way, check_payment

        if self.session.may(Permission.REDEEM):
            on_behalf_of = None
        elif self.session.may(Permission.REDEEM_FOR):
            managers = [p.name for p in self.people() if p.role == "cash_manager"]
            on_behalf_of = managers[0] if managers else _("the cash manager")
        else:
            self._require(Permission.REDEEM)
        recorded, rows, event_rows, stamp = [], [], [], now()
        paid: dict[tuple[int, int], Decimal] = {}  # (decision, voucher): paid so far
        with self._write():
            in_force, deleted = self._in_force(sorted({app_id for app_id, _p in items}))
            next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM payment").fetchone()[0]
            for app_id, payment in items:
                if app_id in deleted:
                    raise UserError(_("This application is deleted; restore it first."))
                decision = in_force.get(app_id)
                if decision is None or decision.kind not in (Kind.GRANTED, Kind.PARTIALLY_GRANTED) \
                        or not decision.vouchers:
                    raise UserError(_("This application has no vouchers: only a grant gives them."))
                key = (decision.id, payment.voucher)
                if key not in paid:
                    paid[key] = from_cents(self.conn.execute(
                        "SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE decision_id = ? "
                        "AND voucher = ?", key).fetchone()[0])
                checked = dataclasses.replace(
                    check_payment(payment, decision.vouchers, paid[key]),
                    payee=" ".join(payment.payee.split()) if payment.way is Way.SUPPLIER else "",
                    paid_by=self._who(actor), on_behalf_of=on_behalf_of,
                    decision_id=decision.id, id=next_id + len(rows))
                paid[key] += checked.amount
                rows.append((checked.id, decision.id, checked.voucher, checked.paid_on.isoformat(),
                             checked.way.value, to_cents(checked.amount), checked.payee,
                             checked.description, checked.paid_by, on_behalf_of, stamp))
                details = {"decision": decision.id, "voucher": checked.voucher,
                           "way": checked.way.value, "amount": str(checked.amount),
                           "on_behalf_of": on_behalf_of}
                if source:
                    details["source"] = source
                event_rows.append((stamp, self._who(actor), "voucher_redeemed", app_id,
                                   json.dumps(details)))
                recorded.append(checked)
            self.conn.executemany(
                "INSERT INTO payment (id, decision_id, voucher, paid_on, way, amount_cents, payee, "
                "description, paid_by, on_behalf_of, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._audit(event_rows)
        return recorded

    def _in_force(self, app_ids: list[int]) -> tuple[dict[int, "Decision"], set[int]]:
        """The decision in force on each application, and which of them are deleted; read in
        chunks, not one query per application."""
        decisions, deleted = {}, set()
        for start in range(0, len(app_ids), 500):
            chunk = app_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT {self._DECISION_COLUMNS} FROM decision WHERE id IN (SELECT max(id) "
                    f"FROM decision WHERE application_id IN ({marks}) GROUP BY application_id)",
                    chunk):
                decisions[row[-1]] = self._decision(row)
            deleted.update(row[0] for row in self.conn.execute(
                f"SELECT id FROM application WHERE id IN ({marks}) AND deleted_at IS NOT NULL",
                chunk))
        return decisions, deleted

    def paid_per_decision(self) -> dict[int, Decimal]:
        """What was paid from each decision's vouchers, by decision id (for exports)."""
        return {d: from_cents(c) for d, c in self.conn.execute(
            "SELECT decision_id, sum(amount_cents) FROM payment GROUP BY decision_id")}

    def vouchers(self, app_id: int) -> list["Voucher"]:
        """The vouchers of the decision in force on an application, each with its payments
        and what is left (Art. 9); none when that decision gave none."""
        from .payments import Voucher

        decision = self.latest_decision(app_id)
        if decision is None or not decision.vouchers:
            return []
        paid = [p for p in self.payments(app_id) if p.decision_id == decision.id]
        return [Voucher(number, value, tuple(p for p in paid if p.voucher == number))
                for number, value in enumerate(decision.vouchers, 1)]

    def payments(self, app_id: int) -> list["Payment"]:
        """Every payment from the vouchers of an application's decisions, oldest first."""
        from .payments import Payment, Way

        return [Payment(voucher=v, paid_on=dt.date.fromisoformat(on), way=Way(w),
                        amount=from_cents(c), payee=p, description=d, paid_by=by,
                        on_behalf_of=ob, decision_id=dec, id=i)
                for i, dec, v, on, w, c, p, d, by, ob in self.conn.execute(
                    "SELECT payment.id, decision_id, voucher, paid_on, way, amount_cents, payee, "
                    "payment.description, paid_by, on_behalf_of FROM payment JOIN decision ON "
                    "decision.id = payment.decision_id WHERE decision.application_id = ? "
                    "ORDER BY payment.id", [app_id])]

    # ------------------------------------------------------------- privacy (AVG/GDPR)

    # Applications whose file is closed: their personal data may go once the retention
    # period has passed; amounts, decisions and the trail stay for the accounts.
    CLOSED = (Status.COMPLETED, Status.REFUSED, Status.LEFT_UNDEALT, Status.WITHDRAWN)

    def retention_months(self) -> int:
        row = self.conn.execute(
            "SELECT value FROM setting WHERE key = 'retention_months'").fetchone()
        return int(row[0]) if row else 24

    def set_retention_months(self, months: int, actor: str = DESKTOP) -> None:
        self._require(Permission.MANAGE)
        if not 1 <= months <= 600:
            raise UserError(_("The retention period must be 1 to 600 months."))
        with self._write():
            self.conn.execute("INSERT INTO setting (key, value) VALUES ('retention_months', ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(months)])
            self._event(actor, "retention_set", None, {"months": months})

    def mark_as_example(self, actor: str = DESKTOP) -> None:
        """An invented register to try the app on (regiegroep demo): the sign-in page then
        shows its PINs, which README lists too."""
        self._require(Permission.MANAGE)
        with self._write():
            self.conn.execute("INSERT INTO setting (key, value) VALUES ('example', '1') "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            self._event(actor, "marked_as_example", None, {})

    def is_example(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM setting WHERE key = 'example' AND value = '1'").fetchone() is not None

    def due_for_anonymising(self, today: dt.date | None = None) -> list[int]:
        """Closed or deleted applications untouched for the retention period, whose applicant
        still has personal data on file."""
        today = today or dt.date.today()
        months = self.retention_months()
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        cutoff = dt.date(year, month + 1, min(today.day, 28)).isoformat()
        placeholders = ",".join("?" * len(self.CLOSED))
        return [row[0] for row in self.conn.execute(
            "SELECT application.id FROM application JOIN applicant "
            "ON applicant.id = application.applicant_id WHERE applicant.anonymised_at IS NULL "
            f"AND (application.status IN ({placeholders}) OR application.deleted_at IS NOT NULL) "
            "AND application.updated_at < ? ORDER BY application.sequence",
            [*(s.value for s in self.CLOSED), cutoff])]

    def anonymise(self, app_ids: Iterable[int], actor: str = DESKTOP) -> int:
        """Remove the applicant's personal data and the attachments (scans of signed forms)
        of these applications, in one transaction; the rest stays for the accounts."""
        self._require(Permission.MANAGE)
        app_ids = list(app_ids)
        stamp = now()
        with self._write():
            for app_id in app_ids:
                row = self.conn.execute(
                    "SELECT sequence, applicant_id FROM application WHERE id = ?", [app_id]).fetchone()
                if row is None:
                    continue
                sequence, applicant_id = row
                self.conn.execute(
                    "UPDATE applicant SET name = '', contact_person = '', address = '', "
                    "postcode = '', phone = '', email = '', publish_name = 0, anonymised_at = ? "
                    "WHERE id = ?", [stamp, applicant_id])
                removed = self.conn.execute(
                    "DELETE FROM attachment WHERE application_id = ?", [app_id]).rowcount
                self._event(actor, "anonymised", app_id,
                            {"sequence": sequence, "attachments_removed": removed})
        return len(app_ids)

    def person_data(self, name: str) -> dict:
        """Everything the register holds about one person (AVG/GDPR art. 15): the
        applications where they are the applicant or contact person, with their files'
        descriptions and the trail of those applications."""
        self._require(Permission.PERSONAL_DATA)
        wanted = fold(" ".join(name.split()))
        if not wanted:
            raise UserError(_("Give the person's name."))
        ids = [row[0] for row in self.conn.execute(
            "SELECT application.id FROM application JOIN applicant "
            "ON applicant.id = application.applicant_id "
            "WHERE regiegroep_fold(applicant.name) = ? OR regiegroep_fold(applicant.contact_person) = ? "
            "ORDER BY application.sequence", [wanted, wanted])]
        records = []
        for app_id in ids:
            app = self.application(app_id)
            records.append({
                "application": app,
                "attachments": self.attachments(app_id),
                "events": self.events(app_id),
                "deleted": self.is_deleted(app_id),
            })
        return {"name": name, "applications": records}

    # -------------------------------------------------------------------- attachments

    def add_attachment(self, app_id: int, path: str | os.PathLike, kind: str = "other",
                       actor: str = DESKTOP) -> Attachment:
        """Store a file (the signed form, a quote, a photo) with its SHA-256 hash, to an
        application already registered: a change to it, so for those who may change one.
        (Files handed in with a new application go in with register_application.)"""
        self._require(Permission.EDIT)
        return self._store_attachment(app_id, path, kind, actor)

    def _store_attachment(self, app_id: int, path: str | os.PathLike, kind: str,
                          actor: str) -> Attachment:
        if kind not in ATTACHMENT_KINDS:
            raise UserError(_("Unknown kind of attachment {kind}.").format(kind=kind))
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(_("Cannot read {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)) from None
        # Whether it exists, without reading its personal details (the kiosk adds files too).
        if self.conn.execute("SELECT 1 FROM application WHERE id = ?", [app_id]).fetchone() is None:
            raise UserError(_("There is no application {id}.").format(id=app_id))
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        import mimetypes

        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        stamp = now()
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO attachment (application_id, kind, filename, media_type, size, sha256, "
                "data, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [app_id, kind, path.name, media_type, len(data), digest, data, stamp])
            self._event(actor, "attachment_added", app_id,
                        {"filename": path.name, "kind": kind, "sha256": digest})
        return Attachment(cursor.lastrowid, app_id, kind, path.name, media_type, len(data),
                          digest, stamp)

    def attachments(self, app_id: int) -> list[Attachment]:
        self._require(Permission.PERSONAL_DATA)
        return [Attachment(*row) for row in self.conn.execute(
            "SELECT id, application_id, kind, filename, media_type, size, sha256, added_at "
            "FROM attachment WHERE application_id = ? ORDER BY id", [app_id])]

    def attachment_data(self, attachment_id: int) -> bytes:
        """The stored bytes, checked against their hash."""
        self._require(Permission.PERSONAL_DATA)
        row = self.conn.execute(
            "SELECT data, sha256, filename FROM attachment WHERE id = ?", [attachment_id]).fetchone()
        if row is None:
            raise UserError(_("There is no attachment {id}.").format(id=attachment_id))
        data, digest, filename = row
        import hashlib

        if hashlib.sha256(data).hexdigest() != digest:
            raise UserError(_("The attachment {name} was changed after it was stored.").format(
                name=filename))
        return data

    # ------------------------------------------------------------------ the register view

    # Above this many text matches a search counts as broad: its first page is found by
    # walking the register in the order shown and testing each row, which stops as soon as
    # the page is full; narrower searches look their matches up one by one and sort them.
    BROAD_SEARCH = 3000

    def _text_matches(self, flt: Filter) -> int:
        """How many applications the text matches (deleted and filtered ones included),
        read from the search indexes alone."""
        search = Search.of(flt.text)
        if not search:
            return 0
        # Changes by this connection, and commits by others (an import in the background).
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        key = (search.trigrams, search.prefixes, self.conn.total_changes, version)
        if self._matches_cache[0] != key:
            sql, params = search.rowids()
            self._matches_cache = (key, self.conn.execute(
                f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
        return self._matches_cache[1]

    def _where(self, flt: Filter, broad: bool = False) -> tuple[str, list]:
        if flt.text:  # a search by name would tell who applied
            self._require(Permission.PERSONAL_DATA)
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
            sql, due_params = self._due_clause(flt.due)
            clauses.append(sql)
            params += due_params
        search = Search.of(flt.text)
        text, text_params = None, []
        if search:
            # "+" keeps SQLite from looking the matches up by id, so a broad search walks
            # the index of the sort order instead and stops when the page is full.
            sql, text_params = search.rowids()
            text = "{}application.id IN ({})".format("+" if broad else "", sql)
        number = flt.text.strip()
        if number.isdigit():
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

    def _due_clause(self, due: str, today: dt.date | None = None) -> tuple[str, list]:
        """SQL for applications overdue, or due within a week, each under the ordinance of
        its budget, with the days requests to complete suspended its term (Awb 4:15).

        Most applications had no such request: they are selected in SQL on their day of
        receipt (deadlines.receipt_cutoff), which the indexes serve. The few that had one
        are due as one received that many days later would be; they are picked here.
        """
        import json

        from .deadlines import receipt_cutoff
        from .rules import model_ordinance

        today = today or dt.date.today()

        if due not in ("overdue", "week"):
            raise ValueError(due)
        windows: dict[int, tuple[dt.date | None, dt.date]] = {}  # by id(): one per ordinance

        def window(ordinance) -> tuple[dt.date | None, dt.date]:
            """Days of receipt [first, end) whose deadline makes them ``due``."""
            if id(ordinance) not in windows:
                before = receipt_cutoff(today, ordinance)
                windows[id(ordinance)] = (None, before) if due == "overdue" else (
                    before, receipt_cutoff(today + dt.timedelta(days=7), ordinance))
            return windows[id(ordinance)]

        def plain(ordinance) -> tuple[str, list]:
            first, end = window(ordinance)
            if first is None:
                return "application.received_at < ?", [end.isoformat()]
            return ("application.received_at >= ? AND application.received_at < ?",
                    [first.isoformat(), end.isoformat()])

        suspended = []
        for app_id, (received, wijk_id, year, days) in self._suspended_terms().items():
            first, end = window(self.ordinance_for(wijk_id, year))
            moved = received + dt.timedelta(days=days)
            if (first is None or moved >= first) and moved < end:
                suspended.append(app_id)

        own = [(b.wijk_id, b.year) for b in self.budgets() if b.ordinance_id]
        sql, params = plain(model_ordinance())
        if own:
            parts, own_params = [], []
            for wijk_id, year in own:
                own_sql, p = plain(self.ordinance_for(wijk_id, year))
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

    def _suspended_terms(self) -> dict[int, tuple[dt.date, int, int, int]]:
        """Applications still waiting for a decision whose term requests to complete
        suspended: day of receipt, neighbourhood, year, and the days suspended, as their
        deadline counts them (all_suspensions)."""
        # Read again after a change by this connection or a commit by another.
        key = (self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0])
        if self._suspended_cache[0] != key:
            suspensions = self.all_suspensions()
            waiting = [s.value for s in Status if s.awaits_decision]
            rows = self.conn.execute(
                "SELECT id, received_at, wijk_id, year FROM application WHERE deleted_at IS NULL "
                f"AND status IN ({','.join('?' * len(waiting))}) AND id IN (SELECT application_id "
                "FROM completion_request)", waiting)
            self._suspended_cache = (key, {
                app_id: (dt.datetime.fromisoformat(received).date(), wijk_id, year,
                         sum(s.days for s in suspensions[app_id]))
                for app_id, received, wijk_id, year in rows})
        return self._suspended_cache[1]

    def deadline_counts(self) -> tuple[int, int]:
        """How many applications waiting for a decision are overdue, and due within a week."""
        return (self.count(Filter(due="overdue")), self.count(Filter(due="week")))

    def count(self, flt: Filter = Filter()) -> int:
        """How many applications the filter shows, exactly."""
        if flt == Filter():
            # All less the deleted: counting "not deleted" would read every row.
            return self.conn.execute(
                "SELECT (SELECT count(*) FROM application) - (SELECT count(*) FROM application "
                "INDEXED BY application_deleted WHERE deleted_at IS NOT NULL)").fetchone()[0]
        where, params = self._where(flt)
        return self.conn.execute(
            "SELECT count(*) FROM application" + where, params).fetchone()[0]

    def count_at_most(self, flt: Filter = Filter(), cap: int = 1000) -> tuple[int, bool]:
        """How many applications the filter shows, quickly enough to follow typing.

        Returns (count, exact). A broad text search combined with other filters stops
        counting past ``cap`` and returns (cap, False): "more than 1,000".
        """
        text = flt.text.strip()
        if not text or text.isdigit() or not Search.of(text):
            return self.count(flt), True
        matches = self._text_matches(flt)
        if matches <= self.BROAD_SEARCH:
            return self.count(flt), True
        if all(v is None for v in (flt.wijk_id, flt.year, flt.status, flt.theme, flt.due)):
            # Everything the index matched, less the few deleted ones among them.
            if flt.include_deleted:
                return matches, True
            sql, params = Search.of(text).rowids()
            deleted = self.conn.execute(
                "SELECT count(*) FROM application INDEXED BY application_deleted "
                f"WHERE application.deleted_at IS NOT NULL AND application.id IN ({sql})",
                params).fetchone()[0]
            return matches - deleted, True
        where, params = self._where(flt, broad=True)
        found = self.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM application{where} "
            "ORDER BY application.received_at LIMIT ?)", [*params, cap + 1]).fetchone()[0]
        return (found, True) if found <= cap else (cap, False)

    def applications(self, flt: Filter = Filter(), sort: str = "received_at",
                     descending: bool = False, offset: int = 0,
                     limit: int | None = None) -> list[Application]:
        """A page of the register, in the order asked; by default in order of receipt.

        Like every read that returns applications, only for those who may see residents'
        personal data: never the kiosk (issue 3, item 5).
        """
        self._require(Permission.PERSONAL_DATA)
        return list(self._stream(flt, sort, descending, offset, limit))

    def iter_applications(self, flt: Filter = Filter()) -> Iterator[Application]:
        """Every application in order of receipt, with its cost lines, for exports.

        One streamed query: an export of 100,000 applications does not page with OFFSET.
        """
        self._require(Permission.PERSONAL_DATA)
        lines: dict[int, list[CostLine]] = {}
        for app_id, d, c in self.conn.execute(
            "SELECT application_id, description, amount_cents FROM cost_line "
            "ORDER BY application_id, position"
        ):
            lines.setdefault(app_id, []).append(CostLine(d, from_cents(c)))
        for app in self._stream(flt):
            app.cost_lines = lines.get(app.id, [])
            yield app

    def _stream(self, flt: Filter, sort: str = "received_at", descending: bool = False,
                offset: int = 0, limit: int | None = None) -> Iterator[Application]:
        broad = limit is not None and self._text_matches(flt) > self.BROAD_SEARCH
        where, params = self._where(flt, broad=broad)
        direction = "DESC" if descending else "ASC"
        order = f"{SORT_KEYS[sort]} {direction}, application.sequence {direction}"
        sql = _SELECT + where + f" ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        columns = self._columns()
        for row in self.conn.execute(sql, params):
            yield self._from_row(dict(zip(columns, row)))

    def events(self, application_id: int | None = None) -> list[Event]:
        import json

        sql = "SELECT id, at, actor, action, application_id, details FROM event"
        params: list = []
        if application_id is not None:
            sql += " WHERE application_id = ?"
            params.append(application_id)
        return [Event(i, at, actor, action, a, json.loads(d))
                for i, at, actor, action, a, d in self.conn.execute(sql + " ORDER BY id", params)]

    # ---------------------------------------------------------------------- internals

    _column_cache: list[str] | None = None

    def _columns(self) -> list[str]:
        if self._column_cache is None:
            cursor = self.conn.execute(_SELECT + " LIMIT 0")
            self._column_cache = [d[0] for d in cursor.description]
        return self._column_cache

    @staticmethod
    def _from_row(r: dict) -> Application:
        cents = r["cost_estimate_cents"]
        return Application(
            id=r["id"], sequence=r["sequence"],
            received_at=dt.datetime.fromisoformat(r["received_at"]),
            wijk_id=r["wijk_id"], wijk=r["wijk_name"],
            applicant=Applicant(
                kind=ApplicantKind(r["applicant_kind"]), name=r["applicant_name"],
                contact_person=r["contact_person"], address=r["address"],
                postcode=r["postcode"], phone=r["phone"], email=r["email"],
                id=r["applicant_id"], publish_name=bool(r["publish_name"]),
                language=r["language"]),
            signed=bool(r["signed"]), title=r["title"], description=r["description"],
            execution=r["execution"], planning=r["planning"], liveability=r["liveability"],
            cost_estimate=from_cents(cents) if cents is not None else None,
            vouchers_requested=r["vouchers_requested"],
            other_subsidy=None if r["other_subsidy"] is None else bool(r["other_subsidy"]),
            other_subsidy_details=r["other_subsidy_details"],
            theme=Theme(r["theme"]) if r["theme"] else None,
            status=Status(r["status"]),
        )

    def _event(self, actor: str, action: str, application_id: int | None, details: dict) -> None:
        """Record a change in the audit trail, inside the change's own transaction."""
        import json

        self._audit([(now(), self._who(actor), action, application_id,
                      json.dumps(details, default=str))])

    def _audit(self, rows: list[tuple]) -> None:
        """Append entries to the audit trail, inside the change's own transaction."""
        from . import audit  # on the first change: reading needs no hashing

        audit.append(self.conn, rows)


def _money(amount: Decimal) -> str:
    from .i18n import format_money
    return format_money(amount)


def _applicant_values(a: Applicant) -> tuple:
    return (a.kind.value, a.name.strip(), a.contact_person.strip(), a.address.strip(),
            a.postcode.strip().upper(), a.phone.strip(), a.email.strip(), int(a.publish_name),
            a.language)


def _application_values(app: Application) -> tuple:
    return (
        int(app.signed), app.title.strip(), app.description.strip(), app.execution.strip(),
        app.planning.strip(), app.liveability.strip(),
        to_cents(app.cost_estimate) if app.cost_estimate is not None else None,
        app.vouchers_requested,
        None if app.other_subsidy is None else int(app.other_subsidy),
        app.other_subsidy_details.strip(),
        app.theme.value if app.theme else None,
        app.received_at.replace(microsecond=0).isoformat(),
        app.wijk_id, app.received_at.year,
    )


def diff(old: Application, new: Application) -> dict:
    """The fields that differ, as {field: [old, new]} in plain values, for the record."""
    changes = {}
    for name in _APPLICATION_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            changes[name] = [_plain(a), _plain(b)]
    for name in _APPLICANT_FIELDS:
        a, b = getattr(old.applicant, name), getattr(new.applicant, name)
        if a != b:
            changes["applicant_" + name] = (
                [PERSONAL, PERSONAL] if name in PERSONAL_FIELDS else [_plain(a), _plain(b)])
    if old.cost_lines != new.cost_lines:
        changes["cost_lines"] = [[[l.description, str(l.amount)] for l in x]
                                 for x in (old.cost_lines, new.cost_lines)]
    return changes


def _plain(value):
    if isinstance(value, (Decimal, dt.datetime, dt.date)):
        return str(value) if not isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (ApplicantKind, Theme, Status)):
        return value.value
    return value


def validate(app: Application, wijk_ids: set[int]) -> None:
    """Refuse values no application can have. Missing items are not errors (Art. 4.3)."""
    problems = value_problems(app, wijk_ids)
    if problems:
        raise UserError(" ".join(problems.values()))


def value_problems(app: Application, wijk_ids: set[int]) -> dict[str, str]:
    """Field by field, what is wrong with a value (not what is missing), in plain words."""
    problems: dict[str, str] = {}
    if app.wijk_id not in wijk_ids:
        problems["wijk"] = _("Choose the neighbourhood the application is for.")
    if app.received_at > dt.datetime.now() + dt.timedelta(minutes=5):
        problems["received_at"] = _("The day of receipt cannot be in the future.")
    if app.received_at.year < 2000:
        problems["received_at"] = _("The day of receipt is before the year 2000; check the year.")
    if app.cost_estimate is not None and app.cost_estimate < 0:
        problems["cost_estimate"] = _("The cost estimate cannot be negative.")
    if app.cost_estimate is not None and app.cost_estimate != app.cost_estimate.quantize(Decimal("0.01")):
        problems["cost_estimate"] = _("The cost estimate can have cents, not smaller parts.")
    if app.vouchers_requested is not None and app.vouchers_requested < 1:
        problems["vouchers_requested"] = _("The number of vouchers wanted must be 1 or more.")
    from .i18n import LANGUAGES

    if app.applicant.language not in LANGUAGES:
        problems["language"] = _("Letters can be written in: {languages}.").format(
            languages=", ".join(LANGUAGES.values()))
    if app.applicant.email and ("@" not in app.applicant.email or " " in app.applicant.email.strip()):
        problems["email"] = _("“{email}” is not an e-mail address.").format(email=app.applicant.email)
    for line in app.cost_lines:
        if line.amount < 0:
            problems["cost_lines"] = _("A line of the cost estimate cannot be negative.")
    return problems
