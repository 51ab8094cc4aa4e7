"""When a decision letter was sent (Awb 3:41): the day it went in the post, recorded once.

A decision takes effect once it is made known, and the six weeks to object start the day
after the letter was sent (Awb 6:8). The app asks when a letter is posted (today by
default) and keeps that day; the letter is dated on it, also when printed again, and the
objection term (regiegroep.deadlines.objection_deadline) counts from it. Until a letter is
recorded as sent, the term is counted from the day of the decision, as before.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _, format_date
from ..store import DESKTOP, now
from ..store import reads, requires

if TYPE_CHECKING:
    from .decision import Decision
    from ..register import Register


@reads(Read.DECISIONS)
def sent_on(register: Register, decision_id: int) -> dt.date | None:
    """The day the letter on this decision was sent, if recorded."""
    row = register.conn.execute("SELECT sent_on FROM letter_sent WHERE decision_id = ?",
                                [decision_id]).fetchone()
    return dt.date.fromisoformat(row[0]) if row else None


@reads(Read.DECISIONS)
def sent_days(register: Register) -> dict[int, dt.date]:
    """Every recorded sending day, by decision id."""
    return {d: dt.date.fromisoformat(s) for d, s in
            register.conn.execute("SELECT decision_id, sent_on FROM letter_sent")}


@reads(Read.DECISIONS)
def term_start(register: Register, decision: Decision) -> dt.date:
    """The day the objection term counts from: the day the letter was sent, or, while that
    is not recorded, the day of the decision."""
    return sent_on(register, decision.id) or decision.decided_on


@reads(Read.DECISIONS)
def check_sending(register: Register, decisions: list[Decision], on: dt.date | None = None,
                  today: dt.date | None = None) -> list[Decision]:
    """Whether the letters on ``decisions`` may be recorded as sent on ``on`` (today by
    default), without recording anything: a UserError says why not (a day in the future,
    before a decision, or another day than the one recorded before). Asked before a letter
    is printed, so a refusal is said before the paper exists. Returns the decisions whose
    sending day is not on record yet (a letter recorded on that day already is left out)."""
    today = today or dt.date.today()
    on = on or today
    if on > today:
        raise UserError(_("A letter cannot be sent in the future: {day} is after today.").format(
            day=format_date(on)))
    unsent = []
    for decision in decisions:
        if on < decision.decided_on:
            raise UserError(_("A letter cannot be sent before its decision: the decision "
                              "was taken on {decided}.").format(
                                  decided=format_date(decision.decided_on)))
        row = register.conn.execute("SELECT sent_on FROM letter_sent WHERE decision_id = ?",
                                    [decision.id]).fetchone()
        if row is None:
            unsent.append(decision)
        elif row[0] != on.isoformat():
            raise UserError(_("The letter on decision {id} was sent on {day} already; "
                              "the objection term runs from then.").format(
                                  id=decision.id, day=format_date(dt.date.fromisoformat(row[0]))))
    return unsent


@requires(Permission.DECIDE)
def record_sent(register: Register, decisions: list[Decision], on: dt.date | None = None,
                actor: str = DESKTOP, today: dt.date | None = None) -> dt.date:
    """Record that the letters on ``decisions`` were sent on ``on`` (today by default), in
    one transaction with its audit entry. A letter recorded before keeps its day: sending
    the same letter again on another day is refused (the term runs from the first). Returns
    the day. Recorded once the letter left the app (printed, or kept as a file: see
    regiegroep.documents.letters.record_posting), never for a preview closed unprinted."""
    on = on or today or dt.date.today()
    with register.write():
        for decision in check_sending(register, decisions, on, today):
            register.conn.execute(
                "INSERT INTO letter_sent (decision_id, sent_on, recorded_at, recorded_by) "
                "VALUES (?, ?, ?, ?)", [decision.id, on.isoformat(), now(), register.who(actor)])
            register.event(actor, "letter_sent", _application_of(register, decision.id),
                            {"decision": decision.id, "sent_on": on.isoformat()})
    return on


def _application_of(register: Register, decision_id: int) -> int:
    return register.conn.execute("SELECT application_id FROM decision WHERE id = ?",
                                 [decision_id]).fetchone()[0]
