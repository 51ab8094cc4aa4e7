"""What the register does with residents' personal data (AVG/GDPR), in plain words and in deed.

The statement says it; the rest does it: a closed application's personal data and scans go
once the retention period has passed (AVG art. 5.1e), the amounts, decisions and trail stay
for the accounts; and a person may see everything the register holds about them (AVG
art. 15). The register's functions take the register as their first argument;
``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .access import Permission
from ..applications.lookups import by_name, closed_untouched_since, sequence_of
from ..errors import UserError
from ..i18n import _, ngettext
from ..model import Status
from ..store import DESKTOP, fold, now, open_to_all, requires

if TYPE_CHECKING:
    from ..register import Register


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


@open_to_all("the privacy statement says the retention period to anyone, before signing in too")
def retention_months(register: Register) -> int:
    value = register.setting("retention_months")
    return int(value) if value is not None else DEFAULT_RETENTION_MONTHS


@requires(Permission.MANAGE)
def set_retention_months(register: Register, months: int, actor: str = DESKTOP) -> None:
    if not 1 <= months <= 600:
        raise UserError(_("The retention period must be 1 to 600 months."))
    with register.write():
        register.set_setting("retention_months", str(months))
        register.event(actor, "retention_set", None, {"months": months})


@requires(Permission.MANAGE)
def due_for_anonymising(register: Register, today: dt.date | None = None) -> list[int]:
    """Closed or deleted applications untouched for the retention period, whose applicant
    still has personal data on file."""
    today = today or dt.date.today()
    months = register.retention_months()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    cutoff = dt.date(year, month + 1, min(today.day, 28))
    return closed_untouched_since(register, CLOSED, cutoff)


@requires(Permission.MANAGE)
def anonymise(register: Register, app_ids: Iterable[int], actor: str = DESKTOP) -> int:
    """Remove the applicant's personal data and the attachments (scans of signed forms)
    of these applications, in one transaction; the rest stays for the accounts."""
    app_ids = list(app_ids)
    stamp = now()
    with register.write():
        for app_id in app_ids:
            sequence = sequence_of(register, app_id)
            if sequence is None:
                continue
            removed = register.forget_applicant(app_id, stamp)
            register.forget_objectors(app_id)  # who objected, and what they wrote
            # The holder's name goes from vouchers that ended or were spent; one with money
            # left keeps it while the cash manager may still pay it out.
            kept = register.forget_holders(app_id)
            register.event(actor, "anonymised", app_id,
                        {"sequence": sequence, "attachments_removed": removed,
                         "vouchers_still_valid": kept})
        if app_ids:
            register.erase_deleted_text()
    if app_ids:
        _checkpoint(register)
    return len(app_ids)


def _checkpoint(register: Register) -> None:
    """Copy the write-ahead log into the file and empty it, so no copy of a removed page
    stays in the log (``secure_delete`` already overwrites freed pages of the file)."""
    import sqlite3

    try:
        register.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:  # a reader holds the log: it is emptied at its next checkpoint
        pass


@dataclasses.dataclass(frozen=True)
class Person:
    """One person behind a name: the applications under that name at one address."""

    name: str
    address: str
    postcode: str
    town: str
    sequences: tuple[int, ...]  # the applications' numbers in the register
    ids: tuple[int, ...]

    def describe(self) -> str:
        where = ", ".join(part for part in (self.address, " ".join(
            part for part in (self.postcode, self.town) if part)) if part) or _("no address")
        return ngettext("{name}, {where}: application {numbers}",
                        "{name}, {where}: applications {numbers}", len(self.sequences)).format(
            name=self.name, where=where, numbers=", ".join(map(str, self.sequences)))


class SeveralPeople(UserError):
    """A name that fits more than one person: ``people`` lists them to choose from."""

    def __init__(self, name: str, people: list[Person]):
        self.people = people
        super().__init__(_("{count} people are called {name}; choose the person by the "
                           "numbers of their applications (--application):\n{people}").format(
            count=len(people), name=name,
            people="\n".join("  " + person.describe() for person in people)))


@requires(Permission.PERSONAL_DATA)
def people_named(register: Register, name: str) -> list[Person]:
    """The people called ``name`` (as applicant or contact person), one per address: the
    same name at two addresses is taken for two people until the user says otherwise."""
    wanted = fold(" ".join(name.split()))
    if not wanted:
        raise UserError(_("Give the person's name."))
    groups: dict[tuple[str, str], list] = {}
    for app_id, sequence, applicant, contact, address, postcode, town in by_name(register,
                                                                                  wanted):
        key = (fold(" ".join((address or "").split())),
               fold((postcode or "").replace(" ", "")))
        groups.setdefault(key, []).append(
            (app_id, sequence, applicant if fold(applicant) == wanted else contact,
             address or "", postcode or "", town or ""))
    return [Person(rows[0][2], rows[0][3], rows[0][4], rows[0][5],
                   tuple(r[1] for r in rows), tuple(r[0] for r in rows))
            for rows in groups.values()]


@requires(Permission.PERSONAL_DATA)
def person_data(register: Register, name: str, sequences: Iterable[int] | None = None) -> dict:
    """Everything the register holds about one person (AVG/GDPR art. 15): the
    applications where they are the applicant or contact person, with their files'
    descriptions, the objections against their decisions and the trail of those
    applications, and the objections they made themselves.

    A name that fits people at more than one address raises :class:`SeveralPeople`
    unless ``sequences`` chooses the person's applications (each must carry the name)."""
    people = people_named(register, name)
    if sequences is None:
        if len(people) > 1:
            raise SeveralPeople(name, people)
        ids = list(people[0].ids) if people else []
    else:
        chosen = set(sequences)
        known = {seq: app_id for person in people
                 for seq, app_id in zip(person.sequences, person.ids, strict=True)}
        stray = sorted(chosen - known.keys())
        if stray:
            raise UserError(ngettext(
                "Application {numbers} is not of anyone called {name}.",
                "Applications {numbers} are not of anyone called {name}.", len(stray)).format(
                    numbers=", ".join(map(str, stray)), name=name))
        ids = [known[seq] for seq in sorted(chosen)]
    records = []
    for app_id in ids:
        app = register.application(app_id)
        records.append({
            "application": app,
            "attachments": register.attachments(app_id),
            "events": register.trail(app_id),
            "deleted": register.is_deleted(app_id),
            "objections": register.objections(app_id),
        })
    return {"name": name, "applications": records, "objections_made": register.objections_by(name)}
