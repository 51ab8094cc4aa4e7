"""Deciding (Art. 5, 6; Awb 2:4): the check, what a decision may be, recording it.

``deciding.check`` is the guided check's flow as steps (the Qt wizard only draws it);
``deciding.decision`` the pure rules of what a decision may say (the route of Art. 5, the
grounds of Art. 6, the ceiling of Art. 6e); ``deciding.conflicts`` who may not take part
(Awb 2:4); ``deciding.sending`` when a decision's letter was posted (Awb 3:41), from which
the objection term counts; ``deciding.objections`` the objections received (Awb 6, 7). This
module records decisions and corrections in the ``decision`` table, which
only it writes, and reads back the decision in force. A correction's consequence for the
vouchers is asked of the vouchers' room through the register (``after_corrections``).

Deciding in the register: recording decisions and reading them back (Art. 5, 6).

What a decision may say is checked by regiegroep.deciding.decision (the route of Art. 5, the grounds
of Art. 6, the subsidy ceiling of Art. 6e, conflicts of interest); here a checked decision
is recorded in one transaction with its audit entry, the application's status follows it
(Art. 5.1), and the guided check's saved answers go with it. The decision in force is the
latest: a correction comes after what it corrects. Functions take the register as their
first argument; ``regiegroep.register.Register`` offers them as its methods. The rules'
modules are imported where used: opening a register needs none of them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from ..applications import lookups
from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _
from ..model import Status, replaced
from ..money import from_cents, to_cents
from ..store import DESKTOP, now, reads, requires

if TYPE_CHECKING:
    from .decision import Decision
    from ..rules.deadlines import CompletionRequest
    from ..register import Register
    from ..rules import Ordinance


# json.dumps(..., ensure_ascii=False) with one encoder made once: json.dumps makes a new
# one on every call with other than its default settings.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

def _numbers(numbers) -> str:
    """A list of whole numbers as JSON, the very text json.dumps gives ("[1, 2]")."""
    return "[" + ", ".join(map(int.__repr__, numbers)) + "]"


# The decision keeps the amount; its vouchers are the voucher table's (regiegroep.vouchers):
# the old ``vouchers`` column of the first registers is no longer read or written.
_COLUMNS = ("id, kind, decided_on, amount_granted_cents, refusal_grounds, reasons, "
            "start_within_days, members, corrects, ordinance_id, application_id")


def _decision(row) -> "Decision":
    import json

    from .decision import Decision, Kind

    i, k, on, a, g, r, s, m, c, o, _app = row
    return Decision(kind=Kind(k), decided_on=dt.date.fromisoformat(on),
                    amount_granted=from_cents(a) if a is not None else None,
                    refusal_grounds=json.loads(g), reasons=r, start_within_days=s,
                    members=tuple(json.loads(m)), corrects=c, ordinance_id=o, id=i)


@reads(Read.DECISIONS)
def decisions(register: Register, app_id: int) -> list["Decision"]:
    """The decisions on an application, oldest first (corrections after what they correct)."""
    return [_decision(row) for row in register.conn.execute(
        f"SELECT {_COLUMNS} FROM decision WHERE application_id = ? ORDER BY id",
        [app_id])]


@reads(Read.DECISIONS)
def latest_decisions(register: Register) -> dict[int, "Decision"]:
    """The decision in force on every decided application, by application id."""
    return {row[-1]: _decision(row) for row in register.conn.execute(
        f"SELECT {_COLUMNS} FROM decision WHERE id IN "
        "(SELECT max(id) FROM decision GROUP BY application_id)")}


@reads(Read.DECISIONS)
def latest_decision(register: Register, app_id: int) -> "Decision | None":
    found = register.decisions(app_id)
    return found[-1] if found else None


@requires(Permission.DECIDE)
def decide(register: Register, app_id: int, decision: "Decision",
           actor: str = DESKTOP) -> "Decision":
    """Record a decision after checking it against the ordinance; the application's
    status follows it. One transaction, on record in the audit trail."""
    app = register.application(app_id)
    if register.is_deleted(app_id):
        raise UserError(_("Application {sequence} is deleted; restore it first.").format(
            sequence=app.sequence))
    return register.decide_many([(app_id, decision)], actor)[0]


@requires(Permission.DECIDE)
def decide_many(register: Register, items: list[tuple[int, "Decision"]], actor: str = DESKTOP,
                source: str = "") -> list["Decision"]:
    """Record decisions, each checked against the ordinance, in one transaction: all or
    none (also for decisions taken on paper before the register was kept). The subsidy
    ceilings count the decisions in the order given. The application's status follows
    its decision, except that a completed initiative stays completed when its grant is
    put on record afterwards."""
    from ..trust.audit import details_text
    from .decision import check

    # Everything is read inside the write lock: a second process deciding at the same time
    # waits, then sees this one's decisions (the ceiling, the next decision's number).
    with register.write():
        members = {m.id: m.name for m in register.members()}
        wanted = sorted({app_id for app_id, _d in items})
        apps = lookups.to_decide(register, wanted)
        previous, _deleted = decisions_in_force(register, wanted)
        paid = paid_per_application(register, wanted)
        requests = _completion_requests(register, wanted)
        ordinances: dict[tuple[int, int], "Ordinance"] = {}
        left: dict[tuple[int, int], Decimal | None] = {}
        checked_all, rows, status_rows, event_rows = [], [], [], []
        stamp, who, today = now(), register.who(actor), dt.date.today()
        next_id = register.conn.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM decision").fetchone()[0]
        for offset, (app_id, decision) in enumerate(items):
            app = apps.get(app_id)
            if app is None:
                raise UserError(_("There is no application {id}.").format(id=app_id))
            key = (app.wijk_id, app.year)
            if key not in left:
                left[key] = register.ceiling_left(*key)
                ordinances[key] = register.ordinance_for(*key)
            checked = check(decision, app, ordinances[key], member_names=members,
                            ceiling_left=left[key], previous=previous.get(app_id), today=today,
                            completion_requests=requests.get(app_id, ()),
                            paid=paid.get(app_id, Decimal(0)))
            checked = replaced(checked, id=next_id + offset)
            if left[key] is not None and checked.amount_granted is not None:
                left[key] -= checked.amount_granted
            previous[app_id] = checked
            checked_all.append(checked)
            rows.append((checked.id, app_id, checked.kind.value, checked.decided_on.isoformat(),
                         to_cents(checked.amount_granted) if checked.amount_granted is not None else None,
                         _ENCODE(checked.refusal_grounds), checked.reasons,
                         checked.start_within_days, _numbers(checked.members),
                         checked.corrects, checked.ordinance_id, stamp))
            if app.status is not Status.COMPLETED or checked.corrects is not None:
                status_rows.append((checked.kind.status.value, stamp, app_id))
            event_rows.append((stamp, who, "decided", app_id, details_text({
                "decision": checked.id, "kind": checked.kind.value,
                "amount_granted": str(checked.amount_granted) if checked.amount_granted else None,
                "refusal_grounds": sorted(checked.refusal_grounds), "corrects": checked.corrects,
                "members": list(checked.members), **({"source": source} if source else {})})))
        register.conn.executemany(
            "INSERT INTO decision (id, application_id, kind, decided_on, amount_granted_cents, "
            "refusal_grounds, reasons, start_within_days, members, corrects, "
            "ordinance_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        register.follow_decisions(status_rows)  # the applications' room keeps their status
        # A decision ends the guided check: its saved answers go with it.
        for start in range(0, len(wanted), 500):  # (in chunks, not one statement per decision)
            chunk = wanted[start:start + 500]
            register.conn.execute("DELETE FROM check_progress WHERE application_id IN "
                                  f"({','.join('?' * len(chunk))})", chunk)
        register.audit(event_rows)
        # A correction voids what is left of the vouchers it replaces: the vouchers' room does
        # that (regiegroep.vouchers, asked through the register, in this same transaction).
        corrected = [(a, c) for (a, _d), c in zip(items, checked_all) if c.corrects is not None]
        if corrected:
            register.after_corrections(corrected, actor)
    return checked_all


@reads(Read.DECISIONS)
def decisions_in_force(register: Register,
                       app_ids: list[int]) -> tuple[dict[int, "Decision"], set[int]]:
    """The decision in force on each application, and which of them are deleted; read in
    chunks, not one query per application."""
    decisions = {row[-1]: _decision(row) for row in _in_force(register, app_ids, _COLUMNS)}
    return decisions, deleted_among(register, app_ids)


@reads(Read.DECISIONS)
def grants_in_force(register: Register,
                    app_ids: list[int]) -> dict[int, tuple[int, str, Decimal | None]]:
    """(id, kind, amount granted) of the decision in force on each application: what
    issuing vouchers asks of it, without reading the whole decision."""
    return {a: (i, k, from_cents(c) if c is not None else None) for i, k, c, a in
            _in_force(register, app_ids, "id, kind, amount_granted_cents, application_id")}


def _in_force(register: Register, app_ids: list[int], columns: str):
    """``columns`` of the decision in force (the latest) on each of ``app_ids``."""
    for start in range(0, len(app_ids), 500):
        chunk = app_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        yield from register.conn.execute(
            f"SELECT {columns} FROM decision WHERE id IN (SELECT max(id) "
            f"FROM decision WHERE application_id IN ({marks}) GROUP BY application_id)", chunk)


@reads(Read.DECISIONS)
def deleted_among(register: Register, app_ids: list[int]) -> set[int]:
    """Which of ``app_ids`` are deleted (and may be restored)."""
    return lookups.deleted_among(register, app_ids)


def _completion_requests(register: Register,
                         app_ids: list[int]) -> dict[int, list["CompletionRequest"]]:
    """The requests to complete each application (as ``Register.completion_requests``
    gives them, oldest first), read in chunks, not one query per application."""
    if not app_ids:
        return {}
    register.require_read(Read.CHECK)
    from ..rules.deadlines import CompletionRequest

    found: dict[int, list] = {}
    for start in range(0, len(app_ids), 500):
        chunk = app_ids[start:start + 500]
        for a, i, r, t, m, c in register.conn.execute(
                "SELECT application_id, id, requested_on, term_days, missing, completed_on "
                f"FROM completion_request WHERE application_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY application_id, id", chunk):
            found.setdefault(a, []).append(CompletionRequest(
                dt.date.fromisoformat(r), t, m, dt.date.fromisoformat(c) if c else None, i))
    return found


@reads(Read.PAYMENTS)
def paid_per_application(register: Register,
                         app_ids: list[int] | None = None) -> dict[int, Decimal]:
    """What was paid from the vouchers of each application (of ``app_ids``, or all), under
    every decision on it: a payment made stays on record whatever is decided later (Art. 9)."""
    sql = ("SELECT decision.application_id, sum(payment.amount_cents) FROM payment "
           "JOIN decision ON decision.id = payment.decision_id {where} "
           "GROUP BY decision.application_id")
    if app_ids is None:
        return {a: from_cents(c) for a, c in register.conn.execute(sql.format(where=""))}
    paid = {}
    for start in range(0, len(app_ids), 500):
        chunk = app_ids[start:start + 500]
        where = f"WHERE decision.application_id IN ({','.join('?' * len(chunk))})"
        paid.update((a, from_cents(c)) for a, c in register.conn.execute(
            sql.format(where=where), chunk))
    return paid


@reads(Read.CHECK)
def check_answers(register: Register, app_id: int) -> str | None:
    """The saved answers of an unfinished guided check (regiegroep.deciding.check), as JSON."""
    row = register.conn.execute(
        "SELECT answers FROM check_progress WHERE application_id = ?", [app_id]).fetchone()
    return row[0] if row else None


@requires(Permission.DECIDE)
def save_check_answers(register: Register, app_id: int, answers: str) -> None:
    with register.write():
        register.conn.execute(
            "INSERT INTO check_progress (application_id, answers, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT (application_id) DO UPDATE SET answers = excluded.answers, "
            "saved_at = excluded.saved_at", [app_id, answers, now()])
