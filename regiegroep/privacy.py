"""What the register does with residents' personal data (AVG/GDPR), in plain words and in deed.

The statement says it; the rest does it: a closed application's personal data and scans go
once the retention period has passed (AVG art. 5.1e), the amounts, decisions and trail stay
for the accounts; and a person may see everything the register holds about them (AVG
art. 15). The register's functions take the register as their first argument;
``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .access import Permission
from .errors import UserError
from .i18n import _
from .model import Status
from .store import DESKTOP, fold, now

if TYPE_CHECKING:
    from .register import Register


def statement(retention_months: int) -> str:
    """The privacy statement shown in the app; the same text goes on application forms."""
    return _(
        "Privacy statement\n\n"
        "The steering group records what the voucher ordinance asks of an application "
        "(Art. 4.2): the applicant's name, contact address, phone number and signature, and "
        "the initiative. An e-mail address only if the applicant gives one. The data is used "
        "only to handle the application, to issue vouchers and to account for them to the "
        "municipality.\n\n"
        "The register is one file on the steering group's computer, readable by its owner "
        "only, and so are its backups. Nothing is sent anywhere.\n\n"
        "An applicant's name is published with the initiative (Art. 7.2) only if they agreed "
        "to it on the form.\n\n"
        "Every applicant may ask what is stored about them; the steering group gives them "
        "everything (in the app: File › Personal data…; the command: regiegroep privacy "
        "export). {months} months after an "
        "application was closed, "
        "the applicant's name, address, phone, e-mail and scans are removed; the amounts and "
        "decisions stay for the accounts. They are erased from the file itself, the search "
        "index included.\n\n"
        "Backups made before that keep the data until they are rotated out, at most a year "
        "later. When a backup is put back, everything removed after it was made is removed "
        "again at once, so a backup never brings a name back."
    ).format(months=retention_months)


def resident_statement(retention_months: int) -> str:
    """The privacy statement as residents read it at the kiosk: without the app's menus and
    commands, which are the steering group's (issue 24)."""
    import re

    return re.sub(r"\s*\([^()]*regiegroep privacy export\)", "", statement(retention_months))


# Applications whose file is closed: their personal data may go once the retention
# period has passed; amounts, decisions and the trail stay for the accounts.
DEFAULT_RETENTION_MONTHS = 24  # until the group sets its own period

CLOSED = (Status.COMPLETED, Status.REFUSED, Status.LEFT_UNDEALT, Status.WITHDRAWN)


def retention_months(register: Register) -> int:
    row = register.conn.execute(
        "SELECT value FROM setting WHERE key = 'retention_months'").fetchone()
    return int(row[0]) if row else DEFAULT_RETENTION_MONTHS


def set_retention_months(register: Register, months: int, actor: str = DESKTOP) -> None:
    register._require(Permission.MANAGE)
    if not 1 <= months <= 600:
        raise UserError(_("The retention period must be 1 to 600 months."))
    with register._write():
        register.conn.execute("INSERT INTO setting (key, value) VALUES ('retention_months', ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(months)])
        register._event(actor, "retention_set", None, {"months": months})


def due_for_anonymising(register: Register, today: dt.date | None = None) -> list[int]:
    """Closed or deleted applications untouched for the retention period, whose applicant
    still has personal data on file."""
    today = today or dt.date.today()
    months = register.retention_months()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    cutoff = dt.date(year, month + 1, min(today.day, 28)).isoformat()
    placeholders = ",".join("?" * len(CLOSED))
    return [row[0] for row in register.conn.execute(
        "SELECT application.id FROM application JOIN applicant "
        "ON applicant.id = application.applicant_id WHERE applicant.anonymised_at IS NULL "
        f"AND (application.status IN ({placeholders}) OR application.deleted_at IS NOT NULL) "
        "AND application.updated_at < ? ORDER BY application.sequence",
        [*(s.value for s in CLOSED), cutoff])]


def anonymise(register: Register, app_ids: Iterable[int], actor: str = DESKTOP) -> int:
    """Remove the applicant's personal data and the attachments (scans of signed forms)
    of these applications, in one transaction; the rest stays for the accounts."""
    register._require(Permission.MANAGE)
    app_ids = list(app_ids)
    stamp = now()
    with register._write():
        for app_id in app_ids:
            row = register.conn.execute(
                "SELECT sequence, applicant_id FROM application WHERE id = ?", [app_id]).fetchone()
            if row is None:
                continue
            sequence, applicant_id = row
            register.conn.execute(
                "UPDATE applicant SET name = '', contact_person = '', address = '', "
                "postcode = '', town = '', phone = '', email = '', publish_name = 0, anonymised_at = ? "
                "WHERE id = ?", [stamp, applicant_id])
            removed = register.conn.execute(
                "DELETE FROM attachment WHERE application_id = ?", [app_id]).rowcount
            # The holder's name goes from vouchers that ended or were spent; one with money
            # left keeps it while the cash manager may still pay it out.
            spent = ("status <> 'issued' OR (SELECT coalesce(sum(amount_cents), 0) FROM payment "
                     "WHERE payment.serial = voucher.serial) >= value_cents")
            register.conn.execute("UPDATE voucher SET holder = '' WHERE application_id = ? "
                                  f"AND holder <> '' AND ({spent})", [app_id])
            kept = register.conn.execute("SELECT count(*) FROM voucher WHERE application_id = ? "
                                         f"AND NOT ({spent})", [app_id]).fetchone()[0]
            register._event(actor, "anonymised", app_id,
                        {"sequence": sequence, "attachments_removed": removed,
                         "vouchers_still_valid": kept})
        if app_ids:
            erase_deleted_text(register)
    if app_ids:
        checkpoint(register)
    return len(app_ids)


def erase_deleted_text(register: Register) -> None:
    """Rewrite both search indexes without what was removed from them: FTS5 only marks a
    removed entry as deleted and keeps its words in the index until its segments are merged
    (``optimize`` merges them all now). Inside the caller's transaction."""
    for index in ("application_search", "application_words"):
        register.conn.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")


def checkpoint(register: Register) -> None:
    """Copy the write-ahead log into the file and empty it, so no copy of a removed page
    stays in the log (``secure_delete`` already overwrites freed pages of the file)."""
    import sqlite3

    try:
        register.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:  # a reader holds the log: it is emptied at its next checkpoint
        pass


def person_data(register: Register, name: str) -> dict:
    """Everything the register holds about one person (AVG/GDPR art. 15): the
    applications where they are the applicant or contact person, with their files'
    descriptions and the trail of those applications."""
    register._require(Permission.PERSONAL_DATA)
    wanted = fold(" ".join(name.split()))
    if not wanted:
        raise UserError(_("Give the person's name."))
    ids = [row[0] for row in register.conn.execute(
        "SELECT application.id FROM application JOIN applicant "
        "ON applicant.id = application.applicant_id "
        "WHERE regiegroep_fold(applicant.name) = ? OR regiegroep_fold(applicant.contact_person) = ? "
        "ORDER BY application.sequence", [wanted, wanted])]
    records = []
    for app_id in ids:
        app = register.application(app_id)
        records.append({
            "application": app,
            "attachments": register.attachments(app_id),
            "events": register._trail(app_id),
            "deleted": register.is_deleted(app_id),
        })
    return {"name": name, "applications": records}
