"""Applications (Art. 4; Awb 4:5, 4:15): the register in order of receipt.

The package writes the tables ``applicant``, ``application``, ``attachment`` and
``completion_request``; other rooms read applications through it (``application``,
``SELECT``/``from_row``). ``applications.completion``: requests to complete and the
suspension of the decision term (Art. 4.3; Awb 4:5, 4:15). ``applications.attachments``:
scans and files, only through ``add_attachment``, which checks them.
``applications.search``: the register view, its filters, search as you type and counts
(Art. 4.4, 5.1).

Applications: registering, changing, deleting and restoring them (Art. 4 of the ordinance).

An application is made in writing (Art. 4.1) with what Art. 4.2 asks; one that lacks an
item is registered as incomplete (Art. 4.3). Applications are numbered and handled in order
of receipt (Art. 4.4): ``waiting_before`` says which come first. Nothing is ever removed
silently: a deletion keeps the record, marks it deleted with a reason, and writes an event
saying who did it and when. ``validate`` and ``value_problems`` refuse values no application
can have; ``diff`` says what a change changed, without personal data. Functions take the
register as their first argument; ``regiegroep.register.Register`` offers them as methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from .attachments import add_attachment
from ..errors import UserError
from ..i18n import LANGUAGES, N_, _, format_money
from ..model import Applicant, ApplicantKind, Application, CostLine, Status, Theme, initial_status
from ..money import from_cents, to_cents
from ..store import DESKTOP, now, open_to_all, reads, requires

if TYPE_CHECKING:
    from ..register import Register


_APPLICATION_FIELDS = (
    "signed", "title", "description", "execution", "planning", "liveability",
    "cost_estimate", "vouchers_requested", "other_subsidy", "other_subsidy_details", "theme",
    "received_at", "wijk_id",
)
_APPLICANT_FIELDS = ("kind", "name", "contact_person", "address", "postcode", "phone", "email",
                     "publish_name", "language", "town")


# What a change of an application ("changed" in the trail) names, in the form's own words.
_CHANGED = {
    "signed": N_("Signature"), "title": N_("Title"), "description": N_("Content"),
    "execution": N_("Execution"), "planning": N_("Planning"), "liveability": N_("Liveability"),
    "cost_estimate": N_("Cost estimate"), "cost_lines": N_("Lines of the estimate"),
    "vouchers_requested": N_("Vouchers wanted"), "other_subsidy": N_("Other subsidy"),
    "other_subsidy_details": N_("Other subsidy"), "theme": N_("Theme"),
    "received_at": N_("Received on"), "wijk_id": N_("Neighbourhood"), "status": N_("Status"),
    "applicant_kind": N_("Who applies"), "applicant_name": N_("Name"),
    "applicant_contact_person": N_("Contact person"), "applicant_address": N_("Contact address"),
    "applicant_postcode": N_("Postcode"), "applicant_town": N_("Town"),
    "applicant_phone": N_("Phone"), "applicant_email": N_("E-mail"),
    "applicant_publish_name": N_("Publication"), "applicant_language": N_("Letters in"),
}


def changed_fields(keys: Iterable[str]) -> list[str]:
    """The fields a change touched, as the application form names them, each once, in the
    language asked for ("Kostenraming", never "cost_estimate")."""
    named = []
    for key in keys:
        label = _(_CHANGED[key]) if key in _CHANGED else key.replace("_", " ")
        if label not in named:
            named.append(label)
    return named


# Personal data: the audit trail records that it changed, never the values, so that
# anonymising an application leaves no name or address behind in the append-only trail.
PERSONAL_FIELDS = {"name", "contact_person", "address", "postcode", "town", "phone", "email"}
PERSONAL = "(personal data)"

# One application with its neighbourhood and applicant, as every read of them selects it.
SELECT = """
    SELECT application.*, wijk.name AS wijk_name,
           applicant.kind AS applicant_kind, applicant.name AS applicant_name,
           applicant.contact_person, applicant.address, applicant.postcode,
           applicant.phone, applicant.email, applicant.publish_name, applicant.anonymised_at,
           applicant.language, applicant.town
    FROM application
    JOIN wijk ON wijk.id = application.wijk_id
    JOIN applicant ON applicant.id = application.applicant_id
"""


@requires(Permission.REGISTER)
def register_application(register: Register, app: Application, actor: str = DESKTOP,
                         attachments: Iterable[tuple[str | os.PathLike, str]] = (),
                         signature_png: bytes | None = None) -> Application:
    """Register one application received in writing (Art. 4.1, 4.2), with its files.

    ``attachments`` are (path, kind) pairs; the application and its files are stored in
    one transaction, so a file that cannot be read leaves nothing half-registered.
    ``signature_png``: the signature drawn at the kiosk (Art. 4.2 a), kept as the signed
    form; whoever may register an application may hand it in this way, the kiosk too.
    """
    if signature_png is not None:
        app = dataclasses.replace(app, signed=True)
    attachments = list(attachments)
    if attachments:  # not the kiosk: it has no file dialogs, and no file is its to read
        register.require(Permission.EDIT)
    with register.write():
        registered = register.register_applications([app], actor)[0]
        for path, kind in attachments:
            add_attachment(register, registered.id, path, kind, actor)
        if signature_png is not None:
            _store_signature(register, registered.id, signature_png, actor)
    return registered


def _store_signature(register: Register, app_id: int, png: bytes, actor: str) -> None:
    import hashlib

    if not png.startswith(b"\x89PNG"):
        raise UserError(_("The signature could not be kept; please sign again."))
    digest = hashlib.sha256(png).hexdigest()
    register.conn.execute(
        "INSERT INTO attachment (application_id, kind, filename, media_type, size, sha256, "
        "data, added_at) VALUES (?, 'signed_form', 'signature.png', 'image/png', ?, ?, ?, ?)",
        [app_id, len(png), digest, png, now()])
    register.event(actor, "attachment_added", app_id,
                    {"filename": "signature.png", "kind": "signed_form", "sha256": digest})


@requires(Permission.REGISTER)
def register_applications(
    register: Register, apps: Iterable[Application], actor: str = DESKTOP, source: str = ""
) -> list[Application]:
    """Register applications in one transaction: all of them, or none.

    Each gets the next sequence number in the order given; callers give them in order
    of receipt (Art. 4.4). An incomplete application is registered as incomplete.
    """
    from ..trust.audit import details_text

    apps = list(apps)
    if any(app.status not in (None, Status.RECEIVED, Status.INCOMPLETE) for app in apps):
        # Only the steering group registers an application as already further along.
        register.require(Permission.EDIT)
    if register.session.receipt_is_now:
        # The kiosk hands in applications now: the moment of receipt, which sets the
        # order of treatment (Art. 4.4), is the clock's, not what was typed.
        moment = dt.datetime.now().replace(second=0, microsecond=0)
        apps = [dataclasses.replace(app, received_at=moment) for app in apps]
    wijk_ids = {w.id for w in register.wijken()}
    for app in apps:
        validate(app, wijk_ids)
    stamp = now()
    with register.write():
        next_sequence = register.conn.execute(
            "SELECT coalesce(max(sequence), 0) + 1 FROM application").fetchone()[0]
        next_applicant = register.conn.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM applicant").fetchone()[0]
        next_app = register.conn.execute(
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
            event_rows.append((stamp, register.who(actor), "registered", app.id,
                               details_text(details)))
        register.conn.executemany(
            "INSERT INTO applicant (id, kind, name, contact_person, address, postcode, phone, "
            "email, publish_name, language, town) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            applicant_rows)
        register.conn.executemany(
            "INSERT INTO application (id, sequence, applicant_id, signed, title, description, "
            "execution, planning, liveability, cost_estimate_cents, vouchers_requested, "
            "other_subsidy, other_subsidy_details, theme, received_at, wijk_id, year, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            app_rows)
        register.conn.executemany(
            "INSERT INTO cost_line (application_id, position, description, amount_cents) "
            "VALUES (?, ?, ?, ?)", line_rows)
        register.audit(event_rows)
        if apps:
            _index_for_search(register, next_app, next_app + len(apps) - 1)
    return apps


def _index_for_search(register: Register, first_id: int, last_id: int) -> None:
    """Add new applications to both search indexes (see store.m001_register)."""
    register.conn.execute(
        "INSERT INTO application_search (rowid, title, applicant, description) "
        "SELECT application.id, regiegroep_fold(application.title), "
        "regiegroep_fold(applicant.name || ' ' || applicant.contact_person), "
        "regiegroep_fold(application.description) FROM application "
        "JOIN applicant ON applicant.id = application.applicant_id "
        "WHERE application.id BETWEEN ? AND ?", [first_id, last_id])
    register.conn.execute(
        "INSERT INTO application_words (rowid, text) "
        "SELECT rowid, title || ' ' || applicant || ' ' || description FROM application_search "
        "WHERE rowid BETWEEN ? AND ?", [first_id, last_id])


@requires(Permission.PERSONAL_DATA)
def application(register: Register, app_id: int) -> Application:
    row = register.conn.execute(SELECT + " WHERE application.id = ?", [app_id]).fetchone()
    if row is None:
        raise UserError(_("There is no application {id}.").format(id=app_id))
    app = from_row(dict(zip(select_columns(register), row)))
    app.cost_lines = [
        CostLine(d, from_cents(c)) for d, c in register.conn.execute(
            "SELECT description, amount_cents FROM cost_line WHERE application_id = ? "
            "ORDER BY position", [app_id])]
    return app


@requires(Permission.PERSONAL_DATA)
def application_by_sequence(register: Register, sequence: int) -> Application:
    row = register.conn.execute(
        "SELECT id FROM application WHERE sequence = ?", [sequence]).fetchone()
    if row is None:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=sequence))
    return register.application(row[0])


@reads(Read.APPLICATIONS)
def is_deleted(register: Register, app_id: int) -> bool:
    row = register.conn.execute("SELECT deleted_at FROM application WHERE id = ?", [app_id]).fetchone()
    return row is not None and row[0] is not None


@requires(Permission.EDIT)
def update_application(register: Register, app: Application, actor: str = DESKTOP,
                       attachments: Iterable[tuple[str | os.PathLike, str]] = ()) -> dict:
    """Save changes to an application, with files added to it, in one transaction;
    returns what changed as {field: [old, new]}.

    An incomplete application that is now complete becomes received; a received one
    that lost an item becomes incomplete again. Other statuses are not touched here.
    """
    if app.id is None:
        raise ValueError("application has no id")
    validate(app, {w.id for w in register.wijken()})
    old = register.application(app.id)
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
        with register.write():  # only files added, if any
            for path, kind in attachments:
                register.add_attachment(app.id, path, kind, actor)
        return {}
    with register.write():
        register.conn.execute(
            "UPDATE applicant SET kind = ?, name = ?, contact_person = ?, address = ?, "
            "postcode = ?, phone = ?, email = ?, publish_name = ?, language = ?, town = ? "
            "WHERE id = ?",
            [*_applicant_values(app.applicant), old.applicant.id])
        values = _application_values(app)
        register.conn.execute(
            "UPDATE application SET signed = ?, title = ?, description = ?, execution = ?, "
            "planning = ?, liveability = ?, cost_estimate_cents = ?, vouchers_requested = ?, "
            "other_subsidy = ?, other_subsidy_details = ?, theme = ?, received_at = ?, "
            "wijk_id = ?, year = ?, status = ?, updated_at = ? WHERE id = ?",
            [*values, status.value, now(), app.id])
        register.conn.execute("DELETE FROM cost_line WHERE application_id = ?", [app.id])
        register.conn.executemany(
            "INSERT INTO cost_line (application_id, position, description, amount_cents) "
            "VALUES (?, ?, ?, ?)",
            [(app.id, i, line.description, to_cents(line.amount))
             for i, line in enumerate(app.cost_lines, 1)])
        if completed:
            register.conn.execute(
                "UPDATE completion_request SET completed_on = ? WHERE application_id = ? "
                "AND completed_on IS NULL", [dt.date.today().isoformat(), app.id])
        register.event(actor, "changed", app.id, changes)
        for path, kind in attachments:
            register.add_attachment(app.id, path, kind, actor)
    app.status = status
    return changes


@requires(Permission.DELETE)
def delete_application(register: Register, app_id: int, reason: str, actor: str = DESKTOP) -> None:
    """Mark an application deleted. The record stays, with who, when and why."""
    reason = reason.strip()
    if not reason:
        raise UserError(_("Say why the application is deleted; the reason is kept."))
    app = register.application(app_id)
    if register.is_deleted(app_id):
        raise UserError(_("Application {sequence} is already deleted.").format(
            sequence=app.sequence))
    with register.write():
        register.conn.execute(
            "UPDATE application SET deleted_at = ?, deleted_reason = ? WHERE id = ?",
            [now(), reason, app_id])
        register.event(actor, "deleted", app_id, {"sequence": app.sequence, "reason": reason})


@requires(Permission.DELETE)
def restore_application(register: Register, app_id: int, actor: str = DESKTOP) -> None:
    """Undo a deletion. A granted application counts under the subsidy ceiling again
    (Art. 2.5, 6e): when the budget has no room left for its grant it stays deleted."""
    app = register.application(app_id)
    with register.write():
        decision = register.latest_decision(app_id)
        granted = decision.amount_granted if decision is not None else None
        left = register.ceiling_left(app.wijk_id, app.year, leaving_out=app_id)
        if granted and left is not None and granted > left:
            raise UserError(_("Application {sequence} cannot be restored: its grant of {granted} "
                              "would go over the subsidy ceiling, where {left} is left now. "
                              "Correct another grant first, or leave it deleted.").format(
                                  sequence=app.sequence, granted=format_money(granted),
                                  left=format_money(left)))
        register.conn.execute(
            "UPDATE application SET deleted_at = NULL, deleted_reason = '' WHERE id = ?",
            [app_id])
        register.event(actor, "restored", app_id, {"sequence": app.sequence})


@reads(Read.APPLICATIONS)
def waiting_before(register: Register, app: Application) -> tuple[int, Decimal]:
    """Applications in the same budget received before ``app`` and still waiting for a
    decision, and what they ask: in order of receipt they come first (Art. 4.4)."""
    waiting = [s.value for s in Status if s.awaits_decision]
    count, cents = register.conn.execute(
        "SELECT count(*), coalesce(sum(cost_estimate_cents), 0) FROM application "
        "WHERE wijk_id = ? AND year = ? AND deleted_at IS NULL AND id != ? "
        f"AND status IN ({','.join('?' * len(waiting))}) "
        "AND (received_at < ? OR (received_at = ? AND sequence < ?))",
        [app.wijk_id, app.year, app.id, *waiting, app.received_at.isoformat(),
         app.received_at.isoformat(), app.sequence]).fetchone()
    return count, from_cents(cents)


@open_to_all("the names of the register's columns, no data")
def select_columns(register: Register) -> list[str]:
    if register.column_cache is None:
        cursor = register.conn.execute(SELECT + " LIMIT 0")
        register.column_cache = [d[0] for d in cursor.description]
    return register.column_cache


def from_row(r: dict) -> Application:
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
            language=r["language"], town=r["town"]),
        signed=bool(r["signed"]), title=r["title"], description=r["description"],
        execution=r["execution"], planning=r["planning"], liveability=r["liveability"],
        cost_estimate=from_cents(cents) if cents is not None else None,
        vouchers_requested=r["vouchers_requested"],
        other_subsidy=None if r["other_subsidy"] is None else bool(r["other_subsidy"]),
        other_subsidy_details=r["other_subsidy_details"],
        theme=Theme(r["theme"]) if r["theme"] else None,
        status=Status(r["status"]),
    )


def _applicant_values(a: Applicant) -> tuple:
    return (a.kind.value, a.name.strip(), a.contact_person.strip(), a.address.strip(),
            a.postcode.strip().upper(), a.phone.strip(), a.email.strip(), int(a.publish_name),
            a.language, a.town.strip())


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


LONGEST_LINE = 200  # characters of a name, an address line or a title


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
    if app.applicant.language not in LANGUAGES:
        problems["language"] = _("Letters can be written in: {languages}.").format(
            languages=", ".join(LANGUAGES.values()))
    phone = app.applicant.phone.strip()
    if phone and sum(ch.isdigit() for ch in phone) < 6:  # "Zaandam" is a town (issue 24)
        problems["phone"] = _("“{phone}” is not a phone number.").format(phone=phone)
    for key, text in (("name", app.applicant.name), ("contact_person", app.applicant.contact_person),
                      ("address", app.applicant.address), ("postcode", app.applicant.postcode),
                      ("town", app.applicant.town), ("title", app.title)):
        if len(text) > LONGEST_LINE:
            problems[key] = _("At most {n} characters, please.").format(n=LONGEST_LINE)
    if app.applicant.email and ("@" not in app.applicant.email or " " in app.applicant.email.strip()):
        problems["email"] = _("“{email}” is not an e-mail address.").format(email=app.applicant.email)
    for line in app.cost_lines:
        if line.amount < 0:
            problems["cost_lines"] = _("A line of the cost estimate cannot be negative.")
    return problems


# Which statuses may end as completed (carried out and accounted for: a grant in force) or
# withdrawn (by the applicant, any time before the file is closed).
ENDINGS = {
    Status.COMPLETED: (Status.GRANTED, Status.PARTIALLY_GRANTED),
    Status.WITHDRAWN: (Status.INCOMPLETE, Status.RECEIVED, Status.COMPLETION_REQUESTED,
                       Status.IN_REVIEW, Status.CONSULTATION, Status.GRANTED,
                       Status.PARTIALLY_GRANTED),
}


def may_end(app: Application, ending: Status) -> bool:
    """Whether ``app`` may be marked ``ending`` (Status.COMPLETED or Status.WITHDRAWN)."""
    return app.status in ENDINGS.get(ending, ())


@requires(Permission.EDIT)
def end_application(register: Register, app_id: int, ending: Status, reason: str = "",
                    actor: str = DESKTOP) -> Application:
    """Mark an application completed (the initiative was carried out and accounted for) or
    withdrawn (by the applicant), with an optional reason; one transaction with its audit
    entry. Refused for a deleted application and for a status that cannot end so."""
    if ending not in ENDINGS:
        raise ValueError(ending)
    app = register.application(app_id)
    if register.is_deleted(app_id):
        raise UserError(_("Application {sequence} is deleted.").format(sequence=app.sequence))
    if not may_end(app, ending):
        message = (_("Application {sequence} is {status}; only a granted application can be "
                     "marked completed.") if ending is Status.COMPLETED else
                   _("Application {sequence} is {status}; it can no longer be withdrawn."))
        raise UserError(message.format(sequence=app.sequence, status=app.status.label.lower()))
    reason = " ".join(reason.split())
    with register.write():
        register.conn.execute("UPDATE application SET status = ?, updated_at = ? WHERE id = ?",
                              [ending.value, now(), app_id])
        register.event(actor, ending.value, app_id, {
            "sequence": app.sequence, "status": [app.status.value, ending.value],
            "reason": reason})
    app.status = ending
    return app


@requires(Permission.MANAGE)
def forget_applicant(register: Register, app_id: int, stamp: str) -> int:
    """Inside the caller's action (anonymising, AVG): the applicant's personal data blanked
    and the application's attachments (scans of signed forms) removed; returns how many
    attachments went."""
    register.conn.execute(
        "UPDATE applicant SET name = '', contact_person = '', address = '', postcode = '', "
        "town = '', phone = '', email = '', publish_name = 0, anonymised_at = ? "
        "WHERE id = (SELECT applicant_id FROM application WHERE id = ?)", [stamp, app_id])
    return register.conn.execute(
        "DELETE FROM attachment WHERE application_id = ?", [app_id]).rowcount


@requires(Permission.DECIDE)
def follow_decisions(register: Register, statuses: list[tuple[str, str, int]]) -> None:
    """Inside a decision's action (regiegroep.deciding): each application's status follows
    the decision taken on it (Art. 5.1). ``statuses``: (status, moment, application id)."""
    register.conn.executemany(
        "UPDATE application SET status = ?, updated_at = ? WHERE id = ?", statuses)


@requires(Permission.MANAGE)
def wipe_collected(register: Register, apps: list[Application], stamp: str, reason: str) -> None:
    """Inside the caller's action, on a kiosk PC's register once its applications went into
    a sealed package (regiegroep.kiosk): nothing readable of them stays there. The applicant
    and the texts are blanked, the costs and files removed, the number kept as deleted."""
    for app in apps:
        register.conn.execute(
            "UPDATE applicant SET name = '', contact_person = '', address = '', postcode = '', "
            "town = '', phone = '', email = '', publish_name = 0, anonymised_at = ? "
            "WHERE id = ?", [stamp, app.applicant.id])
        register.conn.execute(
            "UPDATE application SET title = '', description = '', execution = '', "
            "planning = '', liveability = '', other_subsidy_details = '', deleted_at = ?, "
            "deleted_reason = ? WHERE id = ?", [stamp, reason, app.id])
        register.conn.execute("DELETE FROM cost_line WHERE application_id = ?", [app.id])
        register.conn.execute("DELETE FROM attachment WHERE application_id = ?", [app.id])
