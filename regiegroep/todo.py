"""What the group has to do, as a list of lines (issue 21): decisions due (Art. 5.1, 5.3),
referrals waiting for a consultation (Art. 5.5), requests to complete whose term ends
(Art. 4.3, Awb 4:5), vouchers about to expire and expired (Art. 5), initiatives whose start
(Art. 5.6) or completion date (Art. 5.7) passes, accounts (Art. 8) missing, consultations
(Art. 5.5) to prepare or to count, and backups grown stale. Each line names what to open: an
application, a voucher, or a consultation.

The facts are the core's; the window only draws them (ui.todo_view). More kinds of lines
(objection terms, from the documents) are added with ``add_source``: each source is a
function ``(register, today) -> Iterable[Line]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .trust.access import Read
from .applications.lookups import sequence_of
from .errors import UserError
from .i18n import _, format_date, format_money, ngettext
from .model import Status
from .register import Register
from .store import reads

SOON = dt.timedelta(days=30)  # a date within this many days is "coming"
WEEK = dt.timedelta(days=7)
BACKUP_STALE_DAYS = 7  # the app warns when the newest backup is older than this

_GRANTED = (Status.GRANTED, Status.PARTIALLY_GRANTED)
_ENDED = (Status.WITHDRAWN, Status.COMPLETED, Status.REFUSED, Status.LEFT_UNDEALT)


@dataclasses.dataclass(frozen=True)
class Line:
    """One thing to do: its kind (a word a program acts on), the day it is due (None: at
    once), what it says, and what to open."""

    kind: str  # decision_due, referral_waiting, completion_term, voucher_expiring,
    #            voucher_expired, start_term, completion_date, accounts_missing, backup,
    #            objection, consultation_codes, consultation_open, consultation_missed,
    #            consultation_ended, consultation_count
    due: dt.date | None
    text: str
    application_id: int | None = None
    serial: str | None = None
    consultation_id: int | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < dt.date.today()


Source = Callable[[Register, dt.date], Iterable[Line]]
_SOURCES: list[Source] = []


def add_source(source: Source) -> Source:
    """Another kind of line (a decorator): the documents' objection terms, for instance."""
    _SOURCES.append(source)
    return source


@reads(Read.APPLICATIONS)
def to_do(register: Register, today: dt.date | None = None,
          backup_folder: str | os.PathLike | None = None,
          check_backups: bool = False) -> list[Line]:
    """Every line, the most pressing first (at once, then by day); with ``check_backups``
    a line when the backups in ``backup_folder`` are missing or stale."""
    today = today or dt.date.today()
    lines = []
    for source in _SOURCES:
        try:
            lines += source(register, today)
        except UserError:  # what this person may not read (the cash manager: the checks)
            continue
    if check_backups:
        warning = backup_warning(backup_folder, Path(register.path).stem)
        if warning:
            lines.append(Line("backup", None, warning))
    return sorted(lines, key=lambda line: (line.due or dt.date.min, line.kind))


def _applications(register: Register, statuses) -> list:
    from .applications.search import Filter

    return [a for s in statuses for a in register.applications(Filter(status=s))]


@add_source
def _decisions_due(register: Register, today: dt.date) -> Iterable[Line]:
    from .rules.deadlines import decision_day

    suspended = register.all_suspensions()
    for app in _applications(register, [s for s in Status if s.awaits_decision]):
        ordinance = register.ordinance_for(app.wijk_id, app.year)
        days = sum(s.days for s in suspended.get(app.id, ()))
        due = decision_day(app.received_at.date(), ordinance, days)
        if due <= today + WEEK:
            yield Line("decision_due", due, _(
                "Application {sequence} ({title}): decide by {date} (Art. 5.1).").format(
                    sequence=app.sequence, title=app.title, date=format_date(due)), app.id)


@add_source
def _referrals(register: Register, today: dt.date) -> Iterable[Line]:
    from .consultations import unplanned, wait_weeks

    limit = dt.timedelta(weeks=wait_weeks(register))
    for app_id, on in unplanned(register):
        due = on + limit
        if due <= today + WEEK:
            sequence = sequence_of(register, app_id)
            yield Line("referral_waiting", due, _(
                "Application {sequence} waits for a neighbourhood consultation since {date}: "
                "plan one for it (Art. 5.5).").format(sequence=sequence, date=format_date(on)),
                app_id)


@add_source
def _consultations(register: Register, today: dt.date) -> Iterable[Line]:
    """Art. 5.5: a consultation about to vote with no voting codes printed, or not opened on
    its first day, or never opened in its period; one whose voting period ended while it is
    still open, or closed and not yet counted and decided: its initiatives wait on it."""
    if not register.session.may_read(Read.DECISIONS):
        return
    from .consultations import consultations

    for c in consultations(register):
        name = dict(title=c.title, start=format_date(c.starts_on), end=format_date(c.ends_on))
        if c.status == "planned" and c.ends_on < today:  # no codes are printed for it now
            yield Line("consultation_missed", c.ends_on, _(
                "Consultation \u201c{title}\u201d (voting {start} to {end}): its voting was "
                "never opened and its period has passed; cancel it and plan another, so that "
                "its initiatives get one (Art. 5.5).").format(**name), consultation_id=c.id)
        elif c.status == "planned" and not c.codes_issued and c.starts_on <= today + WEEK:
            yield Line("consultation_codes", c.starts_on, _(
                "Consultation \u201c{title}\u201d (voting {start} to {end}): no voting codes "
                "are printed yet; print the code letters before voting starts.").format(**name),
                consultation_id=c.id)
        elif c.status == "planned" and c.starts_on <= today:
            yield Line("consultation_open", c.starts_on, _(
                "Consultation \u201c{title}\u201d (voting {start} to {end}): the voting is not "
                "open yet; open the voting so that residents can vote.").format(**name),
                consultation_id=c.id)
        elif c.status == "running" and c.ends_on < today:
            yield Line("consultation_ended", c.ends_on, _(
                "Consultation \u201c{title}\u201d (voting {start} to {end}): the voting period "
                "is over; close the voting, count the votes and decide (Art. 5.5). Its "
                "initiatives wait for it.").format(
                    **name), consultation_id=c.id)
        elif c.status == "closed":
            yield Line("consultation_count", c.ends_on, _(
                "Consultation \u201c{title}\u201d (voting {start} to {end}): the voting is "
                "closed; count the votes, sign off and decide (Art. 5.5). Its initiatives wait "
                "for it.").format(**name),
                consultation_id=c.id)


@add_source
def _objections(register: Register, today: dt.date) -> Iterable[Line]:
    """Objections received (Awb 6, 7) without an outcome: to forward to the college, or
    its decision to record."""
    from .deciding.objections import open_objections

    for o in open_objections(register):
        if o.forwarded_on is None:
            yield Line("objection", o.received_on, _(
                "An objection to the decision on application {sequence} came in on {date}: "
                "forward it to the college (Awb 6, 7).").format(
                    sequence=o.sequence, date=format_date(o.received_on)), o.application_id)
        else:
            yield Line("objection", o.forwarded_on, _(
                "The objection to the decision on application {sequence} was forwarded on "
                "{date}: record the college's decision on it.").format(
                    sequence=o.sequence, date=format_date(o.forwarded_on)), o.application_id)


@add_source
def _completion_terms(register: Register, today: dt.date) -> Iterable[Line]:
    if not register.session.may_read(Read.CHECK):
        return
    for app in _applications(register, [Status.COMPLETION_REQUESTED]):
        for request in register.completion_requests(app.id):
            if request.completed_on is None and request.term_ends <= today + WEEK:
                yield Line("completion_term", request.term_ends, _(
                    "Application {sequence}: the term to complete ends on {date}; then the "
                    "group may leave it undealt with (Art. 4.3).").format(
                        sequence=app.sequence, date=format_date(request.term_ends)), app.id)


@add_source
def _vouchers(register: Register, today: dt.date) -> Iterable[Line]:
    if not register.session.may_read(Read.VOUCHERS):
        return
    from .vouchers.serials import format_serial

    for voucher in register.all_vouchers():
        if voucher.status.value != "issued" or voucher.unspent <= 0:
            continue
        if voucher.valid_until < today:
            yield Line("voucher_expired", voucher.valid_until, _(
                "Voucher {serial}: valid until {date}, {left} left; confirm the expiry "
                "(Edit › Expire vouchers).").format(
                    serial=format_serial(voucher.serial), date=format_date(voucher.valid_until),
                    left=format_money(voucher.unspent)), voucher.application_id, voucher.serial)
        elif voucher.valid_until <= today + SOON:
            yield Line("voucher_expiring", voucher.valid_until, _(
                "Voucher {serial} expires on {date} with {left} left.").format(
                    serial=format_serial(voucher.serial), date=format_date(voucher.valid_until),
                    left=format_money(voucher.unspent)), voucher.application_id, voucher.serial)


@add_source
def _initiatives(register: Register, today: dt.date) -> Iterable[Line]:
    """Art. 5.6 (start within the term of the decision), 5.7 (carried out by the date),
    Art. 8 (accounted for after it was carried out)."""
    if not register.session.may_read(Read.DECISIONS):
        return
    latest = register.latest_decisions()
    for app in _applications(register, _GRANTED):
        decision = latest.get(app.id)
        if decision is None:
            continue
        if decision.start_within_days:
            start_by = decision.decided_on + dt.timedelta(days=decision.start_within_days)
            started = register.conn.execute(
                "SELECT 1 FROM payment p JOIN voucher v ON v.serial = p.serial "
                "WHERE v.application_id = ? LIMIT 1", [app.id]).fetchone()
            if not started and start_by <= today + WEEK:
                yield Line("start_term", start_by, _(
                    "Application {sequence} ({title}): to start by {date} (Art. 5.6); nothing "
                    "was paid from its vouchers yet.").format(
                        sequence=app.sequence, title=app.title, date=format_date(start_by)),
                    app.id)
        last = register.ordinance_for(app.wijk_id, app.year).last_completion_date
        if last < today:
            yield Line("accounts_missing", last, _(
                "Application {sequence} ({title}): to be carried out by {date} (Art. 5.7); "
                "its accounts (Art. 8) are not in yet: mark it completed when they are.").format(
                    sequence=app.sequence, title=app.title, date=format_date(last)), app.id)
        elif last <= today + SOON:
            yield Line("completion_date", last, _(
                "Application {sequence} ({title}): to be carried out by {date} "
                "(Art. 5.7).").format(sequence=app.sequence, title=app.title,
                                      date=format_date(last)), app.id)


# ------------------------------------------------------------------------ backups

def newest_backup(folder: str | os.PathLike | None, stem: str) -> dt.datetime | None:
    """When the newest backup of register ``stem`` in ``folder`` was made, or None."""
    from .trust.backup import backups

    if not folder or not Path(folder).is_dir():
        return None
    found = backups(folder, stem)
    return found[-1][0] if found else None


def backup_warning(folder: str | os.PathLike | None, stem: str,
                   now: dt.datetime | None = None) -> str | None:
    """What to say when there is no backup folder, no backup, or the newest is more than
    a week old; None when the backups are fine."""
    now = now or dt.datetime.now()
    if not folder:
        return _("No backup folder is chosen: File › Backup folder…")
    newest = newest_backup(folder, stem)
    if newest is None:
        return _("There is no backup of this register yet: File › Make a backup now.")
    days = (now - newest).days
    if days > BACKUP_STALE_DAYS:
        return ngettext("The newest backup is {n} day old: File › Make a backup now.",
                        "The newest backup is {n} days old: File › Make a backup now.",
                        days).format(n=days)
    return None


def suggested_backup_folder(data_folder: str | os.PathLike) -> Path:
    """Where the first set-up suggests backups go: a folder beside the registers (better:
    a USB stick, which the person may choose instead)."""
    return Path(data_folder) / _("backups")
