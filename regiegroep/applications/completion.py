"""Requests to complete an application, and what they do to its term (Art. 4.3; Awb 4:5, 4:15).

An application that lacks an item of Art. 4.2 is not refused: the applicant is asked to
complete it within a term (Art. 4.3, Awb 4:5), and meanwhile the term to decide is suspended
(Awb 4:15). One not completed in time may be left undealt with (regiegroep.deciding.decision). The
decision deadline of an application counts those suspensions, under its budget's ordinance
(regiegroep.rules.deadlines). Functions take the register as their first argument;
``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _
from ..model import Application, Status
from ..store import DESKTOP, now, reads, requires

if TYPE_CHECKING:
    from ..rules.deadlines import CompletionRequest, Suspension
    from ..register import Register


@requires(Permission.DECIDE)
def request_completion(register: Register, app_id: int, requested_on: dt.date,
                       term_days: int | None = None,
                       actor: str = DESKTOP) -> "CompletionRequest":
    """Ask the applicant to complete the application within ``term_days`` (Art. 4.3,
    Awb 4:5; by default the completion term of the ordinance in force). The decision term
    is suspended meanwhile (Awb 4:15)."""
    from ..model import missing_items

    app = register.application(app_id)
    if term_days is None:
        term_days = register.ordinance_for(app.wijk_id, app.year).completion_term_days
    missing = missing_items(app)
    if not missing:
        raise UserError(_("Application {sequence} is complete; there is nothing to ask.")
                        .format(sequence=app.sequence))
    if term_days < 1:
        raise UserError(_("The term to complete must be at least one day."))
    if requested_on < app.received_at.date() or requested_on > dt.date.today():
        raise UserError(_("A request to complete is dated between the day of receipt and "
                          "today."))
    if any(r.completed_on is None for r in register.completion_requests(app_id)):
        raise UserError(_("A request to complete application {sequence} is still open.")
                        .format(sequence=app.sequence))
    with register.write():
        cursor = register.conn.execute(
            "INSERT INTO completion_request (application_id, requested_on, term_days, missing, "
            "recorded_at) VALUES (?, ?, ?, ?, ?)",
            [app_id, requested_on.isoformat(), term_days, "".join(missing), now()])
        register.conn.execute("UPDATE application SET status = ?, updated_at = ? WHERE id = ?",
                          [Status.COMPLETION_REQUESTED.value, now(), app_id])
        register.event(actor, "completion_requested", app_id,
                    {"requested_on": requested_on.isoformat(), "term_days": term_days,
                     "missing": missing})
    return register.completion_requests(app_id)[-1] if cursor.lastrowid else None


@reads(Read.CHECK)
def completion_requests(register: Register, app_id: int) -> list["CompletionRequest"]:
    from ..rules.deadlines import CompletionRequest

    return [CompletionRequest(dt.date.fromisoformat(r), t, m,
                              dt.date.fromisoformat(c) if c else None, i)
            for i, r, t, m, c in register.conn.execute(
                "SELECT id, requested_on, term_days, missing, completed_on FROM "
                "completion_request WHERE application_id = ? ORDER BY id", [app_id])]


@reads(Read.APPLICATIONS)
def all_suspensions(register: Register) -> dict[int, list["Suspension"]]:
    """Suspensions of every application that had a request to complete, by id."""
    from ..rules.deadlines import CompletionRequest

    found: dict[int, list] = {}
    for app_id, r, t, m, c in register.conn.execute(
            "SELECT application_id, requested_on, term_days, missing, completed_on FROM "
            "completion_request ORDER BY id"):
        request = CompletionRequest(dt.date.fromisoformat(r), t, m,
                                    dt.date.fromisoformat(c) if c else None)
        found.setdefault(app_id, []).append(request.suspension)
    return found


@reads(Read.APPLICATIONS)
def suspensions(register: Register, app_id: int) -> list["Suspension"]:
    """The periods the decision term was suspended by requests to complete (Awb 4:15)."""
    return [r.suspension for r in register.completion_requests(app_id)]


@reads(Read.APPLICATIONS)
def decision_deadline(register: Register, app: Application):
    """The last day to decide on ``app``, under its budget's ordinance, with suspensions."""
    from ..rules.deadlines import decision_deadline as deadline

    return deadline(app.received_at, register.ordinance_for(app.wijk_id, app.year),
                    register.suspensions(app.id))
