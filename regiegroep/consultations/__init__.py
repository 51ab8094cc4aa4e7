"""Consultations (Art. 1i, 5.3-5.5): above the threshold the neighbourhood decides.

This module plans consultations, issues voting codes and takes a vote from any channel, in
one transaction with the code marked used; ``consultations.consultation_channels`` the two
channels counted by hand (the meeting and paper ballots, entered twice);
``consultations.consultation_results`` the count and the decisions it becomes;
``consultations.consultation_papers`` the meeting's day and where ballot papers go, and a
second set of codes. Offers the
kiosk (regiegroep.kiosk) ``hash_code``, ``code_salt``, ``use_code`` and ``store_ballot``.

Neighbourhood consultations (wijkraadpleging): planning, voting codes and the votes of
every channel (Art. 1i, 5.3-5.5).

Above the consultation threshold the neighbourhood decides whether a referred initiative
(its decision in force is Kind.REFERRED) gets its vouchers. A consultation records its form
(meeting, written, digital or a combination), dates and place, who may vote (a vote per
household or per resident, a minimum age) and its decision rule: more for than against,
optionally with a minimum turnout and what a tie means, or a budget vote within what is left
under the subsidy ceiling. The count and the decisions that follow are
regiegroep.consultations.consultation_results.

One code, one vote, whatever the channel. A code is printed in a letter to an address (the
municipality's address list is used for printing and never kept) and stored only as its
salted hash. Registering at the meeting's door, a paper ballot both typists agree on, and a
digital vote each mark the code used in the same transaction that counts the vote (a paper
ballot: at its first entry), so a second use is refused in every channel, also from another
copy of the app at the same time (``Store._write`` takes the write lock first). A vote is
stored apart from the code: in ``ballot`` under a random key, with no code, hash or time; a
paper ballot's entries hold only the choices, never the code or its hash.

A planned consultation, or a running one before any code was used, can be cancelled with a
reason (``cancel``): its initiatives wait for a consultation again, counted from their
referral, and its codes can no longer be used in any channel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import N_, _, format_date, format_datetime, format_money
from ..money import from_cents, to_cents
from ..vouchers.serials import SerialError, format_serial, new_serial, parse_serial
from ..store import DESKTOP, now
from ..store import requires, reads

if TYPE_CHECKING:
    from ..register import Register

FORMS = ("meeting", "written", "digital", "combination")
VOTERS = ("household", "resident")
RULES = ("majority", "budget")
TIES = {"majority": ("refused", "granted"), "budget": ("earlier", "cheaper")}
CHANNELS = ("meeting", "paper", "digital")
CHOICES = ("for", "against", "abstain")
CODE_LENGTH = 11  # 10 random characters (about 45 bits) and the check character
WAIT_WEEKS = 4  # the group's own default: a referral waits at most this long for a plan
WAIT_WEEKS_RANGE = (1, 52)  # what the group may set instead

LABELS = {
    "meeting": N_("meeting"), "written": N_("written"), "digital": N_("digital"),
    "combination": N_("combination"), "household": N_("one vote per household"),
    "resident": N_("one vote per resident"), "majority": N_("more for than against"),
    "budget": N_("budget vote"), "refused": N_("a tie: no vouchers"),
    "granted": N_("a tie: vouchers"), "earlier": N_("a tie: the earlier application first"),
    "cheaper": N_("a tie: the cheaper initiative first"), "planned": N_("planned"),
    "running": N_("voting"), "closed": N_("voting closed"), "decided": N_("decided"),
    "cancelled": N_("cancelled"),
    "paper": N_("paper"), "for": N_("for"), "against": N_("against"), "abstain": N_("abstain"),
    "vouchers": N_("vouchers"), "no_vouchers": N_("no vouchers"),
}


_DAYS: list[dt.date] = []  # the day votes are cast on, when it is not today (voting_on)


def today() -> dt.date:
    """The day a vote is cast, a code shown at the door or a paper ballot entered: the
    computer's date, unless ``voting_on`` says otherwise (the example register writes its
    history on days of its own)."""
    return _DAYS[-1] if _DAYS else dt.date.today()


@contextlib.contextmanager
def voting_on(day: dt.date):
    """Within this block votes are cast on ``day``: for the example register's history
    (regiegroep.demo) and for tests; no command or window uses it."""
    _DAYS.append(day)
    try:
        yield
    finally:
        _DAYS.pop()


def outside_period(c: Consultation, day: dt.date | None = None) -> str | None:
    """Why no vote can be cast in ``c`` on ``day`` (today), following its plan's dates; None
    when the day is within its voting period."""
    day = day or today()
    if day < c.starts_on:
        return _("Voting in \u201c{title}\u201d starts on {date}; no vote can be cast "
                 "before then.").format(title=c.title, date=format_date(c.starts_on))
    if day > c.ends_on:
        return _("Voting in \u201c{title}\u201d ended on {date}; no vote can be cast after "
                 "that.").format(title=c.title, date=format_date(c.ends_on))
    return None


def voting_line(c: Consultation) -> str:
    """When voting ends and the minimum turnout, in one line (the consultations window,
    ``consultation show``): what a volunteer must know while the votes come in."""
    turnout = _("{percent}% of the codes issued").format(percent=c.minimum_turnout_percent) \
        if c.minimum_turnout_percent else _("none")
    return _("Voting ends on {date}. Minimum turnout: {turnout}.").format(
        date=format_date(c.ends_on), turnout=turnout)


def label(value: str) -> str:
    return _(LABELS.get(value, value))


class Item(NamedTuple):
    """A referred initiative put to a consultation."""

    application_id: int
    sequence: int
    title: str
    cost: Decimal
    received_at: str
    decision_id: int | None  # the decision that followed the consultation


@dataclasses.dataclass(frozen=True)
class Consultation:
    wijk_id: int
    title: str
    form: str
    starts_on: dt.date
    ends_on: dt.date
    application_ids: tuple[int, ...] = ()
    place: str = ""
    voters: str = "household"
    minimum_age: int = 18
    rule: str = "majority"
    minimum_turnout_percent: int | None = None
    tie: str = "refused"
    budget: Decimal | None = None  # a budget vote: what was left under the ceiling
    status: str = "planned"
    items: tuple[Item, ...] = ()
    codes_issued: int = 0
    codes_used: dict = dataclasses.field(default_factory=dict)  # channel -> count
    id: int | None = None
    cancel_reason: str | None = None  # why it was cancelled (status "cancelled")


# ------------------------------------------------------------------------------ planning

@reads(Read.DECISIONS)
def referred(register: Register, wijk_id: int | None = None) -> list[tuple[int, dt.date]]:
    """Applications whose decision in force refers them to a consultation, with the date
    of the referral, oldest first."""
    sql = ("SELECT a.id, d.decided_on FROM decision d JOIN application a ON a.id = d.application_id "
           "WHERE d.id = (SELECT max(id) FROM decision WHERE application_id = a.id) "
           "AND d.kind = 'referred' AND a.deleted_at IS NULL")
    params: list = []
    if wijk_id is not None:
        sql += " AND a.wijk_id = ?"
        params.append(wijk_id)
    return [(i, dt.date.fromisoformat(on))
            for i, on in register.conn.execute(sql + " ORDER BY d.decided_on, a.id", params)]


@reads(Read.DECISIONS)
def unplanned(register: Register, wijk_id: int | None = None) -> list[tuple[int, dt.date]]:
    """Referred applications on no consultation yet (Art. 5.5: every one gets one)."""
    on_one = {row[0] for row in register.conn.execute(
        "SELECT application_id FROM consultation_item WHERE withdrawn = 0")}
    return [(i, on) for i, on in referred(register, wijk_id) if i not in on_one]


@reads(Read.DECISIONS)
def wait_weeks(register: Register) -> int:
    value = register.setting("consultation_wait_weeks")
    return int(value) if value is not None else WAIT_WEEKS


@requires(Permission.MANAGE)
def set_wait_weeks(register: Register, weeks: int, actor: str = DESKTOP) -> None:
    low, high = WAIT_WEEKS_RANGE
    if not low <= weeks <= high:
        raise UserError(_("Give a number of weeks from {low} to {high}.").format(low=low, high=high))
    with register.write():
        register.set_setting("consultation_wait_weeks", str(weeks))
        register.event(actor, "consultation wait set", None, {"weeks": weeks})


@reads(Read.DECISIONS)
def overdue(register: Register, today: dt.date | None = None) -> list[tuple[int, int]]:
    """Referred applications not yet on a consultation that have waited longer than the
    group's own limit: (sequence, days waited), for the main window's warning."""
    today = today or dt.date.today()
    limit = dt.timedelta(weeks=wait_weeks(register))
    late = [(i, (today - on).days) for i, on in unplanned(register) if today - on > limit]
    from ..applications.lookups import sequences

    numbers = sequences(register, [i for i, _days in late])
    return [(numbers[i], days) for i, days in late]


@requires(Permission.DECIDE)
def issuing_warning(register: Register, c: Consultation) -> str | None:
    """What to tell whoever plans ``c`` to end after the last day the ordinance in force lets
    vouchers be issued (Art. 5.7) for one of its initiatives: a grant the neighbourhood
    decides after that day would be refused. None when the end is in time."""
    last = None
    for app_id in c.application_ids:
        app = register.application(app_id)
        ordinance = register.ordinance_for(app.wijk_id, app.year)
        if last is None or ordinance.last_issue_date < last[0]:
            last = (ordinance.last_issue_date, ordinance.title)
    if last is None or c.ends_on <= last[0]:
        return None
    return _("The consultation ends on {end}, after {last}: the last day vouchers are issued "
             "under “{title}” (Art. 5.7). Vouchers the neighbourhood grants could not be "
             "issued. End it earlier, or plan it anyway.").format(
                 end=format_date(c.ends_on), last=format_date(last[0]), title=last[1])


@requires(Permission.DECIDE)
def plan(register: Register, c: Consultation, actor: str = DESKTOP) -> Consultation:
    """Plan a consultation with the referred initiatives put to it (Art. 5.5)."""
    if c.form not in FORMS or c.voters not in VOTERS or c.rule not in RULES:
        raise UserError(_("Choose the form, who may vote and the decision rule."))
    if c.tie not in TIES[c.rule]:
        raise UserError(_("Say what a tie means under this rule."))
    if not c.title.strip():
        raise UserError(_("Give the consultation a name residents recognise."))
    if c.ends_on < c.starts_on:
        raise UserError(_("The consultation cannot end before it starts."))
    if not c.application_ids:
        raise UserError(_("Put at least one referred initiative to the consultation."))
    waiting = {i for i, _on in unplanned(register, c.wijk_id)}
    for app_id in c.application_ids:
        if app_id not in waiting:
            sequence = register.application(app_id).sequence
            raise UserError(_("Application {sequence} is not a referred initiative of this "
                              "neighbourhood waiting for a consultation.").format(sequence=sequence))
    budget = None
    if c.rule == "budget":
        year = register.application(c.application_ids[0]).year
        budget = register.ceiling_left(c.wijk_id, year)
        if budget is None:
            raise UserError(_("A budget vote needs this year's budget of the neighbourhood."))
    with register.write():
        cursor = register.conn.execute(
            "INSERT INTO consultation (wijk_id, title, form, starts_on, ends_on, place, voters, "
            "minimum_age, rule, minimum_turnout_percent, tie, budget_cents, salt, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [c.wijk_id, c.title.strip(), c.form, c.starts_on.isoformat(), c.ends_on.isoformat(),
             c.place, c.voters, c.minimum_age, c.rule, c.minimum_turnout_percent, c.tie,
             to_cents(budget) if budget is not None else None, secrets.token_hex(16), now()])
        new_id = cursor.lastrowid
        register.conn.executemany(
            "INSERT INTO consultation_item (consultation_id, application_id, position) "
            "VALUES (?, ?, ?)", [(new_id, a, n) for n, a in enumerate(c.application_ids, 1)])
        register.event(actor, "consultation planned", None, {
            "consultation": new_id, "form": c.form, "rule": c.rule, "tie": c.tie,
            "minimum_turnout_percent": c.minimum_turnout_percent, "voters": c.voters,
            "minimum_age": c.minimum_age, "applications": list(c.application_ids)})
    return consultation(register, new_id)


@reads(Read.PUBLIC)
def consultation(register: Register, consultation_id: int) -> Consultation:
    row = register.conn.execute(
        "SELECT id, wijk_id, title, form, starts_on, ends_on, place, voters, minimum_age, rule, "
        "minimum_turnout_percent, tie, budget_cents, status FROM consultation WHERE id = ?",
        [consultation_id]).fetchone()
    if row is None:
        raise UserError(_("There is no consultation {id}.").format(id=consultation_id))
    i, w, t, f, s, e, p, v, age, r, turnout, tie, budget, status = row
    cancelled = register.conn.execute(
        "SELECT reason FROM consultation_cancellation WHERE consultation_id = ?", [i]).fetchone()
    if cancelled:
        status = "cancelled"
    items = tuple(Item(a, seq, title, from_cents(cost or 0), received, d)
                  for a, seq, title, cost, received, d in register.conn.execute(
        "SELECT a.id, a.sequence, a.title, a.cost_estimate_cents, a.received_at, ci.decision_id "
        "FROM consultation_item ci JOIN application a ON a.id = ci.application_id "
        "WHERE ci.consultation_id = ? ORDER BY ci.position", [i]))
    used = dict(register.conn.execute(
        "SELECT used, count(*) FROM voting_code WHERE consultation_id = ? AND used IS NOT NULL "
        "GROUP BY used", [i]))
    issued = register.conn.execute(
        "SELECT count(*) FROM voting_code WHERE consultation_id = ?", [i]).fetchone()[0]
    return Consultation(w, t, f, dt.date.fromisoformat(s), dt.date.fromisoformat(e),
                        tuple(it.application_id for it in items), p, v, age, r, turnout, tie,
                        from_cents(budget) if budget is not None else None, status, items,
                        issued, used, i, cancelled[0] if cancelled else None)


@reads(Read.PUBLIC)
def consultations(register: Register) -> list[Consultation]:
    return [consultation(register, i) for (i,) in register.conn.execute(
        "SELECT id FROM consultation ORDER BY starts_on, id")]


def _set_status(register: Register, c: Consultation, status: str, allowed: tuple[str, ...],
                actor: str) -> Consultation:
    register.require(Permission.DECIDE)
    if c.status not in allowed:
        raise UserError(_("The consultation is {status}; that cannot be done now.").format(
            status=label(c.status)))
    with register.write():
        register.conn.execute("UPDATE consultation SET status = ? WHERE id = ?", [status, c.id])
        register.event(actor, "consultation " + status, None, {"consultation": c.id})
    return consultation(register, c.id)


def period_over(c: Consultation, day: dt.date | None = None) -> bool:
    """Whether ``c``'s voting period has passed (``day``: today, as votes count it): voting
    can no longer be opened nor codes printed for it; it waits to be cancelled."""
    return (day or today()) > c.ends_on


@requires(Permission.DECIDE)
def open_voting(register: Register, consultation_id: int, actor: str = DESKTOP) -> Consultation:
    c = consultation(register, consultation_id)
    if c.status == "planned" and period_over(c):
        raise UserError(_("The voting period of \u201c{title}\u201d ended on {date}: its voting "
                          "can no longer be opened. Cancel it and plan another, so that its "
                          "initiatives get one (Art. 5.5).").format(
                              title=c.title, date=format_date(c.ends_on)))
    if not c.codes_issued:
        raise UserError(_("Print the voting codes first: nobody can vote without one."))
    return _set_status(register, c, "running", ("planned",), actor)


# The audit action of a public kiosk package (regiegroep.kiosk writes it): a kiosk PC loaded
# from it may hold votes of the consultations it carries until a package comes back.
KIOSK_PACKAGE_PREPARED = "kiosk_package_prepared"


@reads(Read.AUDIT)
def kiosk_out(register: Register, consultation_id: int) -> dt.datetime | None:
    """When a public package carrying the consultation was prepared after the last kiosk
    package was received (KIOSK_PACKAGE_PREPARED, written by regiegroep.kiosk; the receive's own audit entry): a kiosk
    PC may hold votes of it, and a ballot has no time on it, so those received after voting
    closed would never count. None: nothing is out."""
    prepared = register.conn.execute(
        "SELECT id, at FROM event WHERE action = ? AND EXISTS (SELECT 1 FROM "
        "json_each(event.details, '$.consultations') WHERE value = ?) ORDER BY id DESC LIMIT 1",
        [KIOSK_PACKAGE_PREPARED, int(consultation_id)]).fetchone()
    if prepared is None:
        return None
    received = register.conn.execute(
        "SELECT max(id) FROM event WHERE action = 'kiosk_package_received'").fetchone()[0]
    if received is not None and received > prepared[0]:
        return None
    return dt.datetime.fromisoformat(prepared[1])


@reads(Read.AUDIT)
def kiosk_out_warning(register: Register, consultation_id: int) -> str | None:
    """What to tell a volunteer who closes the voting while a kiosk PC may hold its votes."""
    at = kiosk_out(register, consultation_id)
    if at is None:
        return None
    return _("A kiosk package with this consultation was made on {date} and no kiosk votes "
             "have come back since: collect them on the kiosk PC and receive them first, or "
             "close anyway.").format(date=format_datetime(at))


@requires(Permission.DECIDE)
def close_voting(register: Register, consultation_id: int, actor: str = DESKTOP,
                 anyway: bool = False) -> Consultation:
    """Close the voting. Refused, unless ``anyway``, while a kiosk PC may still hold votes
    of it (kiosk_out): received after closing they would never count. Closing
    anyway is audited with the moment that kiosk package was prepared."""
    with register.write():
        c = consultation(register, consultation_id)
        out = kiosk_out(register, c.id) if c.status == "running" else None
        if out is not None and not anyway:
            raise UserError(kiosk_out_warning(register, c.id))
        closed = _set_status(register, c, "closed", ("running",), actor)
        if out is not None:
            register.event(actor, "consultation closed with kiosk votes out", None,
                            {"consultation": c.id, "prepared_at": out.isoformat()})
    return closed


@reads(Read.DECISIONS)
def cancellable(register: Register, c: Consultation) -> bool:
    """Whether ``c`` may be cancelled: planned, or running with no code used and nothing
    entered or counted."""
    if c.status not in ("planned", "running") or sum(c.codes_used.values()):
        return False
    return not any(register.conn.execute(
        f"SELECT 1 FROM {table} WHERE consultation_id = ? LIMIT 1", [c.id]).fetchone()
        for table in ("ballot", "paper_entry", "meeting_tally", "consultation_result"))


@requires(Permission.DECIDE)
def cancel(register: Register, consultation_id: int, reason: str,
           actor: str = DESKTOP) -> Consultation:
    """Cancel a planned consultation, or a running one before any code was used, with the
    reason, in one transaction with its audit entry. Its initiatives are withdrawn from it
    and wait for a consultation again (Art. 5.5: their wait counts from the referral), and
    its codes can no longer be used in any channel. Refused once anything was voted or
    counted: such a consultation is counted and decided."""
    reason = reason.strip()
    if not reason:
        raise UserError(_("Say why the consultation is cancelled: the reason is kept with it."))
    with register.write():
        c = consultation(register, consultation_id)
        if c.status == "cancelled":
            raise UserError(_("This consultation was cancelled already."))
        if not cancellable(register, c):
            raise UserError(_("Votes were cast or counted in this consultation, so it can no "
                              "longer be cancelled: close the voting, count and decide."))
        register.conn.execute(
            "INSERT INTO consultation_cancellation (consultation_id, reason, cancelled_at) "
            "VALUES (?, ?, ?)", [c.id, reason, now()])
        register.conn.execute("UPDATE consultation_item SET withdrawn = 1 "
                              "WHERE consultation_id = ?", [c.id])
        register.event(actor, "consultation cancelled", None, {
            "consultation": c.id, "reason": reason, "was": c.status,
            "applications": list(c.application_ids)})
    return consultation(register, consultation_id)


@reads(Read.PUBLIC)
def open_now(register: Register, upcoming: bool = False) -> list[dict]:
    """The consultations whose voting is open now, as the kiosk shows them (Art. 7): id,
    title, form, decision rule (and a budget vote's budget), the voting period, and per
    initiative its application id, title and amount. Public data only; nothing about who
    applied or voted. Open now: running and today within its voting period; ``upcoming``
    adds running ones whose period has not begun yet (a kiosk package made the day before)."""
    shown, day = [], today()
    for (i,) in register.conn.execute(
            "SELECT id FROM consultation WHERE status = 'running' AND id NOT IN "
            "(SELECT consultation_id FROM consultation_cancellation) ORDER BY starts_on, id"):
        c = consultation(register, i)
        if day > c.ends_on or (day < c.starts_on and not upcoming):
            continue
        shown.append({"id": c.id, "title": c.title, "form": c.form, "rule": c.rule,
                      "budget": None if c.budget is None else str(c.budget),
                      "starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(),
                      "initiatives": [{"id": it.application_id, "title": it.title,
                                       "amount": str(it.cost)} for it in c.items]})
    return shown


# --------------------------------------------------------------------------------- codes

def hash_code(salt: str, code: str) -> str:
    return hmac.new(bytes.fromhex(salt), code.encode("ascii"), hashlib.sha256).hexdigest()


@requires(Permission.VOTE, Permission.DECIDE)
def code_salt(register: Register, consultation_id: int) -> str:
    return register.conn.execute("SELECT salt FROM consultation WHERE id = ?",
                                 [consultation_id]).fetchone()[0]


@requires(Permission.DECIDE)
def new_codes(register: Register, consultation_id: int, count: int) -> list[str]:
    """``count`` new one-time codes, not yet stored: print them, then ``store_codes``."""
    taken = {row[0] for row in register.conn.execute(
        "SELECT hash FROM voting_code WHERE consultation_id = ?", [consultation_id])}
    salt, codes = code_salt(register, consultation_id), []
    seen = set()
    while len(codes) < count:
        code = new_serial(secrets, CODE_LENGTH)
        digest = hash_code(salt, code)
        if digest not in taken and digest not in seen:
            seen.add(digest)
            codes.append(code)
    return codes


@requires(Permission.DECIDE)
def store_codes(register: Register, consultation_id: int, codes: list[str],
                actor: str = DESKTOP) -> None:
    """Keep the printed codes as salted hashes, in an order that says nothing."""
    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    if c.status not in ("planned", "running"):
        raise UserError(_("Voting has closed; no more codes can be issued."))
    salt = code_salt(register, consultation_id)
    digests = sorted(hash_code(salt, code) for code in codes)
    with register.write():
        register.conn.executemany(
            "INSERT INTO voting_code (consultation_id, hash) VALUES (?, ?)",
            [(consultation_id, d) for d in digests])
        register.event(actor, "voting codes issued", None,
                        {"consultation": consultation_id, "count": len(codes)})


def read_code(text: str) -> str:
    """The plain voting code in what a person typed, or a UserError in plain words."""
    try:
        return parse_serial(text, CODE_LENGTH)
    except SerialError as exc:
        if exc.reason == "empty":
            raise UserError(_("Type the voting code from the letter.")) from None
        if exc.reason == "character":
            raise UserError(_("A voting code never contains \u201c{char}\u201d; check what "
                              "was typed.").format(char=exc.details["char"])) from None
        if exc.reason == "length":
            raise UserError(_("A voting code has {expected} characters, this one has {count}; "
                              "check what was typed.").format(
                expected=CODE_LENGTH, count=exc.details["length"])) from None
        raise UserError(_("This voting code is not right: a character was mistyped, or the "
                          "code is not genuine.")) from None


def shown(code: str) -> str:
    return format_serial(code)


ALREADY_USED = {
    "meeting": N_("This voting code was already used: its holder registered at the meeting. "
                  "A code counts once."),
    "paper": N_("This voting code was already used on a paper ballot. A code counts once."),
    "digital": N_("This voting code was already used for a digital vote. A code counts once."),
}


CANCELLED = N_("This consultation was cancelled: its voting codes can no longer be used.")


@requires(Permission.VOTE, Permission.DECIDE)
def use_code(register: Register, consultation_id: int, code_hash: str, channel: str) -> None:
    """Mark a code used in ``channel``, inside the caller's transaction; refuse a second
    use, saying where it was used, and any use in a cancelled consultation."""
    if register.conn.execute("SELECT 1 FROM consultation_cancellation WHERE consultation_id = ?",
                             [consultation_id]).fetchone():
        raise UserError(_(CANCELLED))
    row = register.conn.execute(
        "SELECT used FROM voting_code WHERE consultation_id = ? AND hash = ?",
        [consultation_id, code_hash]).fetchone()
    if row is None:
        raise UserError(_("This voting code does not belong to this consultation."))
    if row[0] is not None:
        raise UserError(_(ALREADY_USED[row[0]]))
    register.conn.execute("UPDATE voting_code SET used = ? WHERE consultation_id = ? AND hash = ?",
                          [channel, consultation_id, code_hash])


def _running(register: Register, consultation_id: int) -> Consultation:
    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    if c.status != "running":
        raise UserError(_("Voting is not open in this consultation ({status}).").format(
            status=label(c.status)))
    outside = outside_period(c)
    if outside:
        raise UserError(outside)
    return c


def check_choices(c: Consultation, choices: dict) -> dict[str, str]:
    """A ballot's choices, checked: per initiative for, against or abstain; in a budget
    vote the initiatives chosen, together costing no more than the budget left."""
    costs = {str(item.application_id): item.cost for item in c.items}
    plain = {str(k): v for k, v in choices.items() if v != "abstain"}
    for key, value in plain.items():
        if key not in costs:
            raise UserError(_("A vote can only be for the initiatives of this consultation."))
        if c.rule == "budget" and value != "for":
            raise UserError(_("In a budget vote there is no vote against: choose the "
                              "initiatives you want, up to the amount left."))
        if value not in CHOICES:
            raise UserError(_("Choose for or against each initiative."))
    if c.rule == "budget" and c.budget is not None:
        spent = sum((costs[k] for k in plain), Decimal(0))
        if spent > c.budget:
            raise UserError(_("The initiatives chosen cost {spent} together; only {left} is "
                              "left. Choose fewer.").format(spent=format_money(spent),
                                                           left=format_money(c.budget)))
    return dict(sorted(plain.items()))


@requires(Permission.VOTE, Permission.DECIDE)
def store_ballot(register: Register, consultation_id: int, channel: str, choices: dict) -> None:
    register.conn.execute(
        "INSERT INTO ballot (key, consultation_id, channel, choices) VALUES (?, ?, ?, ?)",
        [secrets.token_hex(16), consultation_id, channel, json.dumps(choices)])


@requires(Permission.VOTE)
def cast_vote(register: Register, consultation_id: int, code: str, choices: dict,
              actor: str = DESKTOP) -> None:
    """A digital vote (the laptop, the kiosk): the code used and the vote stored, without
    the code, in one transaction. ``choices``: application id -> "for" / "against" /
    "abstain" (a budget vote: the chosen ones -> "for")."""
    if not (register.session.may(Permission.VOTE) or register.session.may(Permission.DECIDE)):
        register.require(Permission.VOTE)
    plain = read_code(code)
    with register.write():
        c = _running(register, consultation_id)
        checked = check_choices(c, choices)
        use_code(register, consultation_id, hash_code(code_salt(register, consultation_id), plain),
                  "digital")
        store_ballot(register, consultation_id, "digital", checked)
        register.event(actor, "vote cast", None, {"consultation": consultation_id})


@requires(Permission.DECIDE)
def register_at_door(register: Register, consultation_id: int, code: str,
                     actor: str = DESKTOP) -> int:
    """An attendee of the meeting shows their code at the door: it is used. Returns the
    number registered so far."""
    plain = read_code(code)
    with register.write():
        _running(register, consultation_id)
        use_code(register, consultation_id, hash_code(code_salt(register, consultation_id), plain),
                  "meeting")
        register.event(actor, "registered at the door", None, {"consultation": consultation_id})
    return consultation(register, consultation_id).codes_used.get("meeting", 0)


@reads(Read.DECISIONS)
def ballots(register: Register, consultation_id: int) -> list[tuple[str, dict]]:
    """The counted ballots: (channel, choices), in no meaningful order."""
    return [(ch, json.loads(choices)) for ch, choices in register.conn.execute(
        "SELECT channel, choices FROM ballot WHERE consultation_id = ? ORDER BY key",
        [consultation_id])]
