"""Trusting a group's key, receiving its signed year packages, listing what the hub holds.

A package is received whole or not at all, in one transaction. It is refused, and nothing
is stored, when its key is not trusted, its signature does not hold (changed in any byte)
or it is not a package. The same file twice changes nothing (it is known by the SHA-256 of
its bytes). Of the packages of one group (its register id) and year, the one made last is
in force; the older ones are kept, marked as superseded by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from ..vouchers import signing
from ..errors import UserError
from ..i18n import _, ngettext
from ..exchange.year_package import COLUMNS, PackageError, read_package, split
from .db import Database
from .report import TOTALS_OF_PACKAGE

APPLICATION_COLUMNS = ("package_id", *COLUMNS)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclasses.dataclass(frozen=True)
class Received:
    """What became of one file: ``outcome`` is "received", "duplicate" or "refused"."""

    path: str
    outcome: str
    message: str
    package_id: int | None = None
    rows: int = 0


def _read_key(key_file: str | Path):
    try:
        data = Path(key_file).read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=key_file, reason=exc.strerror or exc)) from None
    return signing.read_public_key_file(data)


def key_fingerprint(key_file: str | Path) -> str:
    """The fingerprint of the public key in ``key_file``, to compare by eye."""
    return signing.fingerprint(_read_key(key_file))


def trust(db: Database, key_file: str | Path, name: str,
          fingerprint: str | None = None) -> tuple[str, bool]:
    """Trust the public key in ``key_file`` (``regiegroep key export``) as group ``name``;
    with ``fingerprint`` (as the group read it out) it must match. Returns the key's
    fingerprint and whether it was new (the same key again changes nothing)."""
    key = _read_key(key_file)
    found = signing.fingerprint(key)
    if fingerprint is not None:
        given = "".join(fingerprint.split()).upper()
        if given != found.replace(" ", ""):
            raise UserError(_("The fingerprint does not match: the file's key has {found}. "
                              "Do not trust it; ask the group for its key again.").format(
                                  found=found))
    name = " ".join(name.split())
    if not name:
        raise UserError(_("Give the group's name with --name."))
    from cryptography.hazmat.primitives import serialization

    pem = key.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    with db.transaction():
        known = db.one("SELECT name FROM group_key WHERE fingerprint = ?", [found])
        if known is not None:
            if known[0] != name:
                raise UserError(_("This key is already trusted as {name}.").format(name=known[0]))
            return found, False
        db.execute("INSERT INTO group_key (fingerprint, name, public_key, trusted_at) "
                   "VALUES (?, ?, ?, ?)", [found, name, pem, _now()])
    return found, True


def _public_key(db: Database, fingerprint: str):
    from cryptography.hazmat.primitives import serialization

    row = db.one("SELECT public_key FROM group_key WHERE fingerprint = ?", [fingerprint])
    return None if row is None else serialization.load_pem_public_key(row[0].encode("ascii"))


def _trusted_keys(db: Database) -> dict:
    """Every trusted key by its fingerprint, read once for a batch."""
    from cryptography.hazmat.primitives import serialization

    return {fingerprint: serialization.load_pem_public_key(pem.encode("ascii"))
            for fingerprint, pem in db.all("SELECT fingerprint, public_key FROM group_key")}


@dataclasses.dataclass(frozen=True)
class _Opened:
    """A package's file read, and checked and parsed when its key was at hand (``package``);
    ``refused`` when it cannot be read or is not a sound package."""

    path: str
    data: bytes = b""
    digest: str | None = None
    fingerprint: str | None = None
    package: dict | None = None
    refused: Received | None = None


def _open(data: bytes, path: str, keys: dict) -> _Opened:
    """Everything about a package that needs no database: its digest, and, when ``keys``
    holds the key it names, its signature checked and its JSON read."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        fingerprint, _signed, _signature = split(data)
        key = keys.get(fingerprint)
        package = None if key is None else read_package(data, key)
    except PackageError as exc:
        return _Opened(path, data, digest, refused=Received(
            path, "refused", _("refused: {reason}").format(reason=exc)))
    return _Opened(path, data, digest, fingerprint, package)


def _read(path) -> _Opened:
    try:
        return _Opened(str(path), Path(path).read_bytes())
    except OSError as exc:
        return _Opened(str(path), refused=Received(str(path), "refused", _(
            "refused: cannot read it ({reason})").format(reason=exc.strerror or exc)))


def _does_not_fit(exc: BaseException) -> bool:
    """Whether storing a signed package failed on its own contents (a row of another
    shape, a number too large, a text where a number belongs, a value missing): the
    package is refused and the others go on. Anything else is the database's trouble."""
    import sqlite3
    import sys

    if isinstance(exc, (KeyError, IndexError, TypeError, ValueError, OverflowError,
                        AttributeError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return True
    if isinstance(exc, sqlite3.IntegrityError):
        return str(exc).startswith("NOT NULL")
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, (psycopg.DataError,
                                                    psycopg.errors.NotNullViolation))


def receive_bytes(db: Database, data: bytes, path: str = "") -> Received:
    """Receive one package's bytes; see the module's docstring."""
    return _receive(db, _open(data, path, {}))


def _receive(db: Database, opened: _Opened) -> Received:
    path = opened.path
    if opened.digest is not None:
        known = db.one("SELECT id FROM package WHERE digest = ?", [opened.digest])
        if known is not None:
            return Received(path, "duplicate", _("already received; nothing changed"),
                            known[0])
    if opened.refused is not None:
        return opened.refused
    if opened.package is None:  # its key was not at hand: ask the database
        key = _public_key(db, opened.fingerprint)
        if key is None:
            return Received(path, "refused", _("refused: signed by a key the hub does not "
                                               "trust ({fingerprint})").format(
                                                   fingerprint=opened.fingerprint))
        opened = _open(opened.data, path, {opened.fingerprint: key})
        if opened.refused is not None:
            return opened.refused
    try:
        return _store(db, opened)
    except Exception as exc:
        if not _does_not_fit(exc):
            raise
        return Received(path, "refused", _("refused: {reason}").format(reason=_(
            "This is not a signed year package of a steering group, or it is damaged.")))


def _store(db: Database, opened: _Opened) -> Received:
    """Store a checked package in one transaction (a failure stores nothing of it)."""
    path, digest, fingerprint, package = (opened.path, opened.digest, opened.fingerprint,
                                          opened.package)
    reg = package["register"]
    rows = package["applications"]["rows"]
    with db.transaction():
        current = db.one("SELECT id, made_at FROM package WHERE register_id = ? AND year = ? "
                         "AND in_force = 1", [reg["id"], package["year"]])
        newer = current is None or package["made_at"] > current[1]
        package_id = db.insert(
            "INSERT INTO package (digest, fingerprint, register_id, municipality, group_name, "
            "year, made_at, as_of, received_at, applications, in_force, superseded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [digest, fingerprint, reg["id"], reg["municipality"], reg["group"],
             package["year"], package["made_at"], package["as_of"], _now(), len(rows),
             int(newer), None if newer else current[0]])
        if newer and current is not None:
            db.execute("UPDATE package SET in_force = 0, superseded_by = ? WHERE "
                       "register_id = ? AND year = ? AND id <> ?",
                       [package_id, reg["id"], package["year"], package_id])
        db.bulk("budget", ("package_id", "wijk", "amount_cents", "cost_reservation_cents",
                           "ceiling_cents", "ordinance"),
                [(package_id, b["wijk"], b["amount_cents"], b["cost_reservation_cents"],
                  b["ceiling_cents"], b["ordinance"]) for b in package["budgets"]])
        db.bulk("ordinance", ("package_id", "id", "title", "decision_term_weeks",
                              "max_voucher_cents", "consultation_threshold_cents",
                              "cash_limit_cents", "last_issue_date", "last_completion_date",
                              "sha256", "text"),
                [(package_id, o["id"], o["title"], o["decision_term_weeks"],
                  o["max_voucher_cents"], o["consultation_threshold_cents"],
                  o["cash_limit_cents"], o["last_issue_date"], o["last_completion_date"],
                  o["sha256"], o["text"]) for o in package["ordinances"]])
        db.bulk("application", APPLICATION_COLUMNS, ((package_id, *row) for row in rows),
                binary=True)
        db.execute(TOTALS_OF_PACKAGE, [package_id])
        for c in package["consultations"]:
            cid = db.insert(
                "INSERT INTO consultation (package_id, wijk, title, form, starts_on, ends_on, "
                "status, rule, codes_issued, turnout_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)", [package_id, c["wijk"], c["title"], c["form"], c["starts_on"],
                          c["ends_on"], c["status"], c["rule"], c["codes_issued"],
                          c["turnout_percent"]])
            db.bulk("consultation_turnout", ("consultation_id", "channel", "codes_used"),
                    [(cid, channel, used) for channel, used in sorted(c["codes_used"].items())])
            db.bulk("consultation_item", ("consultation_id", "sequence", "cost_cents",
                                          "votes_for", "votes_against", "outcome"),
                    [(cid, i["sequence"], i["cost_cents"], i["for"], i["against"],
                      i["outcome"]) for i in c["initiatives"]])
    if newer:
        message = ngettext("received: {group}, {year}, {n} application",
                           "received: {group}, {year}, {n} applications", len(rows)).format(
            group=reg["group"] or reg["municipality"], year=package["year"], n=len(rows))
    else:
        message = _("received, but a newer package of {group}, {year} stays in force").format(
            group=reg["group"] or reg["municipality"], year=package["year"])
    return Received(path, "received", message, package_id, len(rows))


def receive(db: Database, paths) -> list[Received]:
    """Receive each file; one that cannot be read is refused, the others go on. All that
    was received is on disk when this returns (Database.batch)."""
    keys = _trusted_keys(db)
    done = []
    with db.batch():
        for path in paths:
            read = _read(path)
            done.append(_receive(db, read if read.refused is not None
                                 else _open(read.data, read.path, keys)))
    return done


@dataclasses.dataclass(frozen=True)
class Held:
    """One package the hub holds, for ``list``."""

    id: int
    municipality: str
    group: str
    key_name: str
    fingerprint: str
    year: int
    made_at: str
    received_at: str
    applications: int
    in_force: bool
    superseded_by: int | None


def keys(db: Database) -> list[tuple[str, str, str]]:
    """The trusted keys: (name, fingerprint, trusted at)."""
    return db.all("SELECT name, fingerprint, trusted_at FROM group_key ORDER BY name, fingerprint")


def packages(db: Database) -> list[Held]:
    return [Held(*row[:9], bool(row[9]), row[10]) for row in db.all(
        "SELECT p.id, p.municipality, p.group_name, k.name, p.fingerprint, p.year, p.made_at, "
        "p.received_at, p.applications, p.in_force, p.superseded_by FROM package p "
        "JOIN group_key k ON k.fingerprint = p.fingerprint "
        "ORDER BY p.municipality, p.group_name, p.year, p.made_at, p.id")]
