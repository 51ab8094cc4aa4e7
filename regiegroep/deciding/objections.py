"""Objections against decisions (Awb chapters 6 and 7): received, forwarded, decided.

The letters invite an objection within six weeks of the day after the letter was sent
(Awb 6:7, 6:8); it is addressed to the college of mayor and aldermen, which decides on it
(Awb 7:1; the steering group decides by its mandate, Art. 2.6). What reaches the group is
registered here: the day it was received, by whom, against which decision and on what; whether
it came within the term, counted from the recorded sending day (regiegroep.sending; an
objection received after the term may still be admissible when the delay is excusable,
Awb 6:11, which the college judges); the day it was forwarded to the college; and the
outcome. A well-founded objection may lead to a correction of the decision
(regiegroep.deciding). Each action is one transaction with its audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import N_, _, format_date
from ..store import DESKTOP, fold, now, reads, requires

if TYPE_CHECKING:
    from ..register import Register


class Outcome(enum.StrEnum):
    WELL_FOUNDED = "well_founded"  # gegrond: the decision is revoked or corrected
    PARTLY_WELL_FOUNDED = "partly_well_founded"
    UNFOUNDED = "unfounded"  # ongegrond: the decision stands
    INADMISSIBLE = "inadmissible"  # niet-ontvankelijk (too late without excuse, Awb 6:6, 6:11)
    WITHDRAWN = "withdrawn"  # the objector withdrew it

    @property
    def label(self) -> str:
        return _(_OUTCOMES[self])


_OUTCOMES = {
    Outcome.WELL_FOUNDED: N_("well-founded"),
    Outcome.PARTLY_WELL_FOUNDED: N_("partly well-founded"),
    Outcome.UNFOUNDED: N_("unfounded"),
    Outcome.INADMISSIBLE: N_("inadmissible"),
    Outcome.WITHDRAWN: N_("withdrawn"),
}


@dataclasses.dataclass(frozen=True)
class Objection:
    id: int
    decision_id: int
    application_id: int
    sequence: int  # the application's number
    received_on: dt.date
    objector: str
    about: str
    term_start: dt.date  # the day the letter was sent (or, unrecorded, decided)
    last_day: dt.date  # the last day of the term (Awb 6:7, 6:8, Atw)
    sent_recorded: bool  # whether the sending day is on record
    forwarded_on: dt.date | None = None
    outcome: Outcome | None = None
    outcome_on: dt.date | None = None
    outcome_note: str = ""

    @property
    def in_time(self) -> bool:
        return self.received_on <= self.last_day

    def state(self) -> str:
        """Where it stands, in words."""
        if self.outcome is not None:
            return _("decided: {outcome}").format(outcome=self.outcome.label)
        if self.forwarded_on is not None:
            return _("with the college since {day}").format(day=format_date(self.forwarded_on))
        return _("to forward to the college")


_COLUMNS = ("o.id, o.decision_id, d.application_id, a.sequence, o.received_on, o.objector, "
            "o.about, o.forwarded_on, o.outcome, o.outcome_on, o.outcome_note, d.decided_on, "
            "s.sent_on")
_FROM = ("FROM objection o JOIN decision d ON d.id = o.decision_id "
         "JOIN application a ON a.id = d.application_id "
         "LEFT JOIN letter_sent s ON s.decision_id = o.decision_id")


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _objection(row) -> Objection:
    from ..rules.deadlines import objection_deadline

    (i, decision_id, app_id, sequence, received, objector, about, forwarded, outcome,
     outcome_on, note, decided, sent) = row
    start = _day(sent) or _day(decided)
    return Objection(i, decision_id, app_id, sequence, _day(received), objector, about, start,
                     objection_deadline(start).date, sent is not None, _day(forwarded),
                     Outcome(outcome) if outcome else None, _day(outcome_on), note)


@reads(Read.DECISIONS)
def objections(register: Register, app_id: int | None = None) -> list[Objection]:
    """The objections registered (against an application's decisions), oldest first."""
    where, params = ("WHERE d.application_id = ?", [app_id]) if app_id is not None else ("", [])
    return [_objection(row) for row in register.conn.execute(
        f"SELECT {_COLUMNS} {_FROM} {where} ORDER BY o.received_on, o.id", params)]


@reads(Read.DECISIONS, Read.PERSONAL_DATA)
def objections_by(register: Register, name: str) -> list[Objection]:
    """The objections made by someone called ``name`` (spaces and case as a search reads
    them), on any application: what the register holds of them as an objector (AVG art. 15)."""
    wanted = fold(" ".join(name.split()))
    return [_objection(row) for row in register.conn.execute(
        f"SELECT {_COLUMNS} {_FROM} WHERE regiegroep_fold(o.objector) = ? "
        "ORDER BY o.received_on, o.id", [wanted])] if wanted else []


@reads(Read.DECISIONS)
def objection(register: Register, objection_id: int) -> Objection:
    row = register.conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE o.id = ?",
                                [objection_id]).fetchone()
    if row is None:
        raise UserError(_("There is no objection {id}.").format(id=objection_id))
    return _objection(row)


@reads(Read.DECISIONS)
def of_year(register: Register, year: int) -> list[Objection]:
    """The objections received in ``year``: what the year report lists."""
    return [o for o in objections(register) if o.received_on.year == year]


@reads(Read.DECISIONS)
def open_objections(register: Register) -> list[Objection]:
    """The objections without an outcome yet: the to-do list."""
    return [o for o in objections(register) if o.outcome is None]


def _undecided(sequence: int) -> str:
    return _("Application {sequence} has not been decided yet; there is no decision to "
             "object to.").format(sequence=sequence)


@reads(Read.DECISIONS)
def nothing_to_object_to(register: Register, sequence: int) -> str | None:
    """Why no objection can be registered on application ``sequence`` at all (it has not
    been decided), said before anyone types one; None when one can."""
    app = register.application_by_sequence(sequence)
    return _undecided(sequence) if app is not None and not register.decisions(app.id) else None


@requires(Permission.DECIDE)
def register_objection(register: Register, sequence: int, received_on: dt.date, objector: str,
                       about: str, decision_id: int | None = None, actor: str = DESKTOP,
                       today: dt.date | None = None) -> Objection:
    """Register an objection received against a decision on application ``sequence`` (the
    decision in force unless ``decision_id``). Returns it, with whether it came in time."""
    today = today or dt.date.today()
    objector, about = " ".join(objector.split()), about.strip()
    if not objector:
        raise UserError(_("Say who objects: the objection gives a name (Awb 6:5)."))
    if not about:
        raise UserError(_("Say what the objection is about: which decision, and why (Awb 6:5)."))
    if received_on > today:
        raise UserError(_("An objection cannot be received in the future: {day} is after "
                          "today.").format(day=format_date(received_on)))
    app = register.application_by_sequence(sequence)
    if app is None:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=sequence))
    decisions = register.decisions(app.id)
    if decision_id is None:
        if not decisions:
            raise UserError(_undecided(sequence))
        decision = decisions[-1]
    else:
        decision = next((d for d in decisions if d.id == decision_id), None)
        if decision is None:
            raise UserError(_("Decision {id} is not a decision on application {sequence}.")
                            .format(id=decision_id, sequence=sequence))
    if received_on < decision.decided_on:
        raise UserError(_("An objection cannot be received before the decision of {day}.")
                        .format(day=format_date(decision.decided_on)))
    with register.write():
        cursor = register.conn.execute(
            "INSERT INTO objection (decision_id, received_on, objector, about, recorded_at) "
            "VALUES (?, ?, ?, ?, ?)", [decision.id, received_on.isoformat(), objector, about, now()])
        made = objection(register, cursor.lastrowid)
        register.event(actor, "objection_received", app.id, {
            "objection": made.id, "decision": decision.id, "received_on": received_on.isoformat(),
            "in_time": made.in_time})
    return made


@requires(Permission.DECIDE)
def forward(register: Register, objection_id: int, on: dt.date | None = None,
            actor: str = DESKTOP, today: dt.date | None = None) -> Objection:
    """Record that the objection was forwarded to the college, which decides on it."""
    today = today or dt.date.today()
    on = on or today
    found = objection(register, objection_id)
    if on > today or on < found.received_on:
        raise UserError(_("An objection is forwarded on or after the day it was received "
                          "({received}), and not in the future.").format(
                              received=format_date(found.received_on)))
    if found.forwarded_on is not None:
        raise UserError(_("Objection {id} was forwarded on {day} already.").format(
            id=objection_id, day=format_date(found.forwarded_on)))
    with register.write():
        register.conn.execute("UPDATE objection SET forwarded_on = ? WHERE id = ?",
                              [on.isoformat(), objection_id])
        register.event(actor, "objection_forwarded", found.application_id,
                        {"objection": objection_id, "forwarded_on": on.isoformat()})
    return objection(register, objection_id)


@requires(Permission.DECIDE)
def record_outcome(register: Register, objection_id: int, outcome: Outcome | str,
                   on: dt.date | None = None, note: str = "", actor: str = DESKTOP,
                   today: dt.date | None = None) -> Objection:
    """Record what came of the objection. Well-founded (in part): record the correction of
    the decision as well (regiegroep.deciding), with its letter."""
    today = today or dt.date.today()
    on = on or today
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise UserError(_("An outcome is one of: {outcomes}.").format(
            outcomes=", ".join(o.value for o in Outcome))) from None
    found = objection(register, objection_id)
    if found.outcome is not None:
        raise UserError(_("Objection {id} was decided on {day} already: {outcome}.").format(
            id=objection_id, day=format_date(found.outcome_on), outcome=found.outcome.label))
    if on > today or on < found.received_on:
        raise UserError(_("An objection is decided on or after the day it was received "
                          "({received}), and not in the future.").format(
                              received=format_date(found.received_on)))
    with register.write():
        register.conn.execute(
            "UPDATE objection SET outcome = ?, outcome_on = ?, outcome_note = ? WHERE id = ?",
            [outcome.value, on.isoformat(), note.strip(), objection_id])
        register.event(actor, "objection_decided", found.application_id,
                        {"objection": objection_id, "outcome": outcome.value,
                         "outcome_on": on.isoformat()})
    return objection(register, objection_id)


@requires(Permission.MANAGE)
def forget_objectors(register: Register, app_id: int) -> None:
    """Inside the caller's action (anonymising, AVG): who objected to the application's
    decisions, and what they wrote, is blanked; that an objection came and what came of it
    stays for the accounts."""
    register.conn.execute(
        "UPDATE objection SET objector = '', about = '' WHERE decision_id IN "
        "(SELECT id FROM decision WHERE application_id = ?)", [app_id])
