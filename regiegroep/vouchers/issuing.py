"""Vouchers on record (Art. 1a, 5, 5.7, 9): issued, voided and replaced, expired.

A grant in force gives vouchers (Art. 5): each with a serial with a check character
(regiegroep.vouchers.serials), its value (none above the ordinance's maximum, Art. 1a, together
exactly what is left of the grant), its holder under the naming rule of the notes to Art. 5,
the issue date (by the ordinance's last issuing date) and the valid-until date (its last
completion date, Art. 5.7). The signed code on a voucher (regiegroep.vouchers.signing) is made again
when needed: an Ed25519 signature is the same every time. Issued vouchers never change: a
lost one is voided with a reason and replaced by a new serial for what was left; a
corrected decision voids what is left of the vouchers it replaces and its own are issued
anew; after the valid-until date what is left expires and returns to the budget, in one
action the group confirms. Functions take the register as their first argument;
``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _, format_date, format_money
from ..model import replaced
from ..money import from_cents, to_cents
from ..store import DESKTOP, now, reads, requires

if TYPE_CHECKING:
    from ..register import Register

ZERO = Decimal("0.00")


class Status(enum.StrEnum):
    ISSUED = "issued"
    VOIDED = "voided"
    EXPIRED = "expired"


@dataclasses.dataclass(frozen=True)
class IssuedVoucher:
    """One voucher on record, with what was paid from it and what is left."""

    serial: str
    application_id: int
    decision_id: int
    number: int  # its number on the decision, from 1
    value: Decimal
    holder: str
    issued_on: dt.date
    valid_until: dt.date
    status: Status
    void_reason: str = ""
    ended_on: dt.date | None = None
    replaced_by: str | None = None
    kid: str = ""
    paid: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        """What may still be paid from it (nothing once it is voided or expired)."""
        return self.value - self.paid if self.status is Status.ISSUED else ZERO

    @property
    def unspent(self) -> Decimal:
        return self.value - self.paid

    @property
    def state(self) -> str:
        """issued, partly_redeemed, redeemed, voided or expired (the export's words)."""
        if self.status is not Status.ISSUED:
            return self.status.value
        if self.paid >= self.value:
            return "redeemed"
        return "partly_redeemed" if self.paid else "issued"


CORRECTED = "corrected decision"  # the void reason a correction records (a code, not words)


def void_reason_text(reason: str) -> str:
    """A voided voucher's reason as the user reads it: a correction's code in words, a
    reason the group typed as typed."""
    return _("the decision was corrected") if reason == CORRECTED else reason


def state_text(state: str) -> str:
    """``IssuedVoucher.state`` in words."""
    return {"issued": _("issued"), "partly_redeemed": _("partly redeemed"),
            "redeemed": _("redeemed"), "voided": _("voided"),
            "expired": _("expired")}[state]


_COLUMNS = ("v.serial, v.application_id, v.decision_id, v.number, v.value_cents, v.holder, "
            "v.issued_on, v.valid_until, v.status, v.void_reason, v.ended_on, v.replaced_by, "
            "v.kid, (SELECT coalesce(sum(amount_cents), 0) FROM payment p "
            "WHERE p.serial = v.serial)")


_STATUSES = {status.value: status for status in Status}  # Status(text), made once


def _voucher(row) -> IssuedVoucher:
    (serial, app_id, dec_id, number, cents, holder, on, until, status, reason, ended,
     replaced, kid, paid) = row
    return IssuedVoucher(serial, app_id, dec_id, number, from_cents(cents), holder,
                         dt.date.fromisoformat(on), dt.date.fromisoformat(until),
                         _STATUSES[status], reason, dt.date.fromisoformat(ended) if ended else None,
                         replaced, kid, from_cents(paid))


def _select(register: Register, where: str = "", params=()) -> list[IssuedVoucher]:
    return [_voucher(row) for row in register.conn.execute(
        f"SELECT {_COLUMNS} FROM voucher v {where} ORDER BY v.id", list(params))]


@reads(Read.VOUCHERS)
def issued_vouchers(register: Register, app_id: int) -> list[IssuedVoucher]:
    """Every voucher of an application, in the order issued."""
    return _select(register, "WHERE v.application_id = ?", [app_id])


@reads(Read.VOUCHERS)
def all_vouchers(register: Register) -> list[IssuedVoucher]:
    return _select(register)


@reads(Read.VOUCHERS)
def vouchers_by_serial(register: Register, serials: list[str]) -> dict[str, IssuedVoucher]:
    """The vouchers with these plain serials, read in chunks."""
    found = {}
    for start in range(0, len(serials), 500):
        chunk = serials[start:start + 500]
        for voucher in _select(register, f"WHERE v.serial IN ({','.join('?' * len(chunk))})",
                               chunk):
            found[voucher.serial] = voucher
    return found


@reads(Read.VOUCHERS)
def voucher_by_serial(register: Register, serial: str) -> IssuedVoucher | None:
    """The voucher with this serial (as typed: dashes and case do not matter), or None."""
    from .serials import normalise

    found = _select(register, "WHERE v.serial = ?", [normalise(serial)])
    return found[0] if found else None


# -- the key --------------------------------------------------------------------------

def _signing_key(register: Register):
    """The register's current private key (made by the schema step m013): used here, to sign,
    and never handed to a caller."""
    from . import signing

    row = register.conn.execute("SELECT private_key FROM signing_key WHERE retired_at IS NULL "
                                "ORDER BY created_at DESC LIMIT 1").fetchone()
    if row is None:
        raise UserError(_("This register has no key to sign vouchers with."))
    return signing.load_private_key(bytes(row[0]))


@reads(Read.VOUCHERS)
def signed_status(register: Register, issuer_name: str, moment, entries: dict) -> str:
    """The status list's signed line (regiegroep.vouchers.status_list): what it says of the
    vouchers, signed here with the register's key, which no caller holds. Only a status
    list is signed this way, never a payload a caller chose."""
    import cbor2

    from . import signing

    payload = cbor2.dumps({"r": issuer_name, "t": moment.isoformat(),
                           "e": {serial: [state, left]
                                 for serial, (state, left) in sorted(entries.items())}})
    return signing.sign_payload(_signing_key(register), payload, signing.STATUS_PREFIX)


@reads(Read.BUDGETS)
def key_fingerprint(register: Register) -> str:
    """The fingerprint of the register's current public key, to read out to the
    municipality."""
    from . import signing

    return signing.fingerprint(_signing_key(register))


@reads(Read.BUDGETS)
def sign_document(register: Register, body: bytes) -> bytes:
    """A document of the group (the year package for the municipality) signed here with the
    register's key, which no caller holds; signed as a document (signing.DOCUMENT_CONTEXT),
    so it can never pass for a voucher's code."""
    from . import signing

    return signing.sign_document(_signing_key(register), body)


@reads(Read.VOUCHERS)
def key_ring(register: Register) -> dict:
    """``{kid: public key}`` of every key the register signed with."""
    from . import signing

    return signing.key_ring(*(signing.load_private_key(bytes(raw)) for (raw,) in
                              register.conn.execute("SELECT private_key FROM signing_key")))


@reads(Read.PUBLIC)
def issuer(register: Register) -> str:
    """Who issues the vouchers, as printed and signed: the municipality and its group."""
    municipality = register.municipality()
    if municipality is None:
        return _("Steering group")
    group = getattr(municipality, "steering_group_name", "") or _("Steering group")
    return f"{municipality.name} · {group}"


@reads(Read.VOUCHERS)
def export_key(register: Register, out) -> str:
    """Write the register's public key for the cash manager; returns its fingerprint."""
    from . import signing
    from ..files import write_whole

    key = _signing_key(register)
    with write_whole(out, "wb") as fp:
        fp.write(signing.public_key_file(key, issuer(register)))
    return signing.fingerprint(key)


@reads(Read.VOUCHERS)
def voucher_code(register: Register, voucher: IssuedVoucher) -> str:
    """The signed code of a voucher, for its QR code."""
    from . import signing

    app = register.application(voucher.application_id)
    claims = signing.Claims(voucher.serial, to_cents(voucher.value), voucher.holder,
                            app.sequence, voucher.issued_on, voucher.valid_until,
                            issuer(register))
    return signing.sign_voucher(_signing_key(register), claims)


# -- issuing --------------------------------------------------------------------------

def split(amount: Decimal, max_value: Decimal) -> tuple[Decimal, ...]:
    """The default split of a grant into vouchers, the only one the app makes: as few as
    possible, none worth more than ``max_value`` (Art. 1a), adding up exactly to ``amount``:
    full vouchers and one for the rest."""
    if amount <= 0:
        return ()
    full, rest = divmod(amount.quantize(Decimal("0.01")), max_value)
    return (max_value,) * int(full) + ((rest.quantize(Decimal("0.01")),) if rest else ())


@reads(Read.VOUCHERS)
def proposal(register: Register, app_id: int, amount: Decimal | None = None) -> tuple[Decimal, ...]:
    """The vouchers ``issue_vouchers`` makes by default, before they are issued: for the
    grant in force, what it gives beyond what its vouchers already stand for; for a grant of
    ``amount`` about to be decided (a correction voids the vouchers standing), what it gives
    beyond what was paid already. What a letter, the detail view and the check show
    before issue; once issued, the voucher table is the truth."""
    from ..deciding import grants_in_force

    if amount is None:
        _id, kind, amount = grants_in_force(register, [app_id]).get(app_id, (None, None, None))
        if kind not in ("granted", "partially_granted") or not amount:
            return ()
        vouchers = issued_vouchers(register, app_id)
        left = amount - _covered(vouchers)
    else:
        vouchers = issued_vouchers(register, app_id)
        left = amount - sum((v.paid for v in vouchers), ZERO)
    app = register.application(app_id)
    return split(left, register.ordinance_for(app.wijk_id, app.year).max_voucher_value)


@requires(Permission.DECIDE)
def issue_vouchers(register: Register, app_id: int, values: list[Decimal] | None = None,
                   issued_on: dt.date | None = None, actor: str = DESKTOP) -> list[IssuedVoucher]:
    """Issue the vouchers of the grant in force on an application (Art. 5): the default
    split, or the group's own ``values`` (none above the ordinance's maximum, together
    exactly what the grant still gives). One transaction with its audit entry."""
    serials = register.issue_many([(app_id, values, issued_on or dt.date.today())], actor)
    return [voucher_by_serial(register, serial) for serial in serials]


@requires(Permission.DECIDE)
def issue_many(register: Register, items: list[tuple[int, list | None, dt.date]],
               actor: str = DESKTOP, source: str = "", serials_from=None) -> list[str]:
    """Issue vouchers for many grants in one transaction, all or none (see issue_vouchers):
    ``items`` are (application id, values or None for the default split, issue date).
    Returns the new serials. ``serials_from`` is ``secrets`` (the default) or, for the
    example register, a seeded ``random.Random``."""
    with register.write():
        return _issue(register, items, actor, "issued", source, serials_from)


def _issue(register: Register, items, actor: str, reason: str = "issued",
           source: str = "", serials_from=None) -> list[str]:
    """Check and insert the vouchers of ``items`` inside the caller's transaction; returns
    the new serials."""
    import secrets

    from ..trust.audit import details_text

    from ..deciding import deleted_among, grants_in_force
    from ..deciding.decision import Kind
    from .serials import new_serial

    app_ids = sorted({app_id for app_id, _v, _on in items})
    in_force, deleted = grants_in_force(register, app_ids), deleted_among(register, app_ids)
    grants = (Kind.GRANTED.value, Kind.PARTIALLY_GRANTED.value)
    facts, covered, numbers = {}, {}, {}
    for start in range(0, len(app_ids), 500):
        chunk = app_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for app_id, wijk_id, year, kind, name, contact in register.conn.execute(
                "SELECT a.id, a.wijk_id, a.year, p.kind, p.name, p.contact_person FROM "
                f"application a JOIN applicant p ON p.id = a.applicant_id WHERE a.id IN ({marks})",
                chunk):
            facts[app_id] = (wijk_id, year, contact if kind == "group" else name)
        for app_id, status, cents, paid in register.conn.execute(
                "SELECT v.application_id, v.status, v.value_cents, (SELECT coalesce(sum("
                "amount_cents), 0) FROM payment p WHERE p.serial = v.serial) FROM voucher v "
                f"WHERE v.application_id IN ({marks})", chunk):
            covered[app_id] = covered.get(app_id, 0) + (paid if status == "voided" else cents)
        numbers.update(register.conn.execute(
            "SELECT decision_id, max(number) FROM voucher "
            f"WHERE application_id IN ({marks}) GROUP BY decision_id", chunk))
    ceilings = {(b.wijk_id, b.year): b.ceiling for b in register.budgets()}
    standing = {key: t["issued"] for key, t in voucher_totals(register).items()}
    kid = register.conn.execute("SELECT kid FROM signing_key WHERE retired_at IS NULL "
                                "ORDER BY created_at DESC LIMIT 1").fetchone()[0]
    stamp, rows, made, event_rows, taken = now(), [], [], [], set()
    ordinances = {}  # by (wijk id, year): the one in force, looked up once per budget
    for app_id, values, issued_on in items:
        decision_id, kind, granted = in_force.get(app_id, (None, None, None))
        if app_id in deleted:
            raise UserError(_("This application is deleted; restore it first."))
        if decision_id is None or kind not in grants or not granted or app_id not in facts:
            raise UserError(_("This application has no vouchers: only a grant gives them."))
        wijk_id, year, holder = facts[app_id]
        if (wijk_id, year) not in ordinances:
            ordinances[wijk_id, year] = register.ordinance_for(wijk_id, year)
        ordinance = ordinances[wijk_id, year]
        if issued_on > ordinance.last_issue_date:
            raise UserError(_("Vouchers are issued until {date} under this ordinance (Art. "
                              "5.7); it is too late to issue them now.").format(
                                  date=format_date(ordinance.last_issue_date)))
        wanted = granted - from_cents(covered.get(app_id, 0))
        if wanted <= 0:
            raise UserError(_("The vouchers of this grant are issued already."))
        values = list(split(wanted, ordinance.max_voucher_value) if values is None
                      else (Decimal(v).quantize(Decimal("0.01")) for v in values))
        if any(v <= 0 for v in values):
            raise UserError(_("A voucher is worth more than € 0."))
        if any(v > ordinance.max_voucher_value for v in values):
            raise UserError(_("A voucher is worth at most {limit} (Art. 1a).").format(
                limit=format_money(ordinance.max_voucher_value)))
        if sum(values, ZERO) != wanted:
            raise UserError(_("The vouchers add up to {total}; they must add up to {wanted}, "
                              "what the grant gives.").format(
                                  total=format_money(sum(values, ZERO)),
                                  wanted=format_money(wanted)))
        key = (wijk_id, year)
        standing[key] = standing.get(key, ZERO) + wanted
        if key in ceilings and standing[key] > ceilings[key]:
            raise UserError(_("These vouchers would take the neighbourhood past its subsidy "
                              "ceiling of {ceiling} (Art. 2.5).").format(
                                  ceiling=format_money(ceilings[key])))
        covered[app_id] = covered.get(app_id, 0) + to_cents(wanted)
        number = numbers.get(decision_id, 0)
        mine = []
        for value in values:
            # About 50 random bits: two serials meet about once in 10^9 registers of
            # 100,000 vouchers, and the serial's unique index refuses that one.
            serial = new_serial(serials_from or secrets)
            while serial in taken:
                serial = new_serial(serials_from or secrets)  # pragma: no cover
            taken.add(serial)
            number += 1
            rows.append((serial, app_id, decision_id, number, to_cents(value), holder,
                         issued_on.isoformat(), ordinance.last_completion_date.isoformat(),
                         kid, stamp))
            mine.append(serial)
        made += mine
        numbers[decision_id] = number
        details = {"decision": decision_id, "serials": mine, "values": [str(v) for v in values],
                   "why": reason}
        if source:
            details["source"] = source
        event_rows.append((stamp, register.who(actor), "vouchers_issued", app_id,
                           details_text(details)))
    register.conn.executemany(
        "INSERT INTO voucher (serial, application_id, decision_id, number, value_cents, "
        "holder, issued_on, valid_until, kid, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    register.audit(event_rows)
    return made


def _covered(vouchers: list[IssuedVoucher]) -> Decimal:
    """What an application's vouchers stand for: what was paid from the voided ones, and
    the whole of the others."""
    return sum((v.paid if v.status is Status.VOIDED else v.value for v in vouchers), ZERO)


@requires(Permission.DECIDE)
def void_voucher(register: Register, serial: str, reason: str, replace: bool = True,
                 today: dt.date | None = None, actor: str = DESKTOP,
                 serials_from=None) -> IssuedVoucher | None:
    """Void a voucher (lost, stolen, damaged) with a reason; with ``replace`` a new serial
    is issued for what was left on it. The old serial is refused from then on. Returns the
    replacement, if any. One transaction with its audit entry."""
    import json

    import secrets

    if not reason.strip():
        raise UserError(_("Say why the voucher is voided."))
    today = today or dt.date.today()
    with register.write():
        voucher = voucher_by_serial(register, serial)
        if voucher is None:
            raise UserError(_("There is no voucher with serial {serial}.").format(serial=serial))
        if voucher.status is not Status.ISSUED:
            raise UserError(_("Voucher {serial} is {state} already.").format(
                serial=voucher.serial, state=state_text(voucher.state)))
        new = None
        left = voucher.unspent
        if replace and left > 0:
            new = _replacement(register, voucher, left, today, serials_from or secrets)
        register.conn.execute(
            "UPDATE voucher SET status = 'voided', void_reason = ?, ended_on = ?, "
            "replaced_by = ? WHERE serial = ?",
            [" ".join(reason.split()), today.isoformat(), new.serial if new else None,
             voucher.serial])
        register.audit([(now(), register.who(actor), "voucher_voided", voucher.application_id,
                          json.dumps({"serial": voucher.serial, "reason": reason.strip(),
                                      "left": str(left),
                                      "replaced_by": new.serial if new else None}))])
    return new


def _replacement(register: Register, voucher: IssuedVoucher, left: Decimal,
                 today: dt.date, serials_from) -> IssuedVoucher:
    """A new voucher for what was left on ``voucher``: same holder, decision, validity."""
    from .serials import new_serial

    serial = new_serial(serials_from)
    while register.conn.execute("SELECT 1 FROM voucher WHERE serial = ?", [serial]).fetchone():
        serial = new_serial(serials_from)  # pragma: no cover
    number = register.conn.execute("SELECT max(number) + 1 FROM voucher WHERE decision_id = ?",
                                   [voucher.decision_id]).fetchone()[0]
    kid = register.conn.execute("SELECT kid FROM signing_key WHERE retired_at IS NULL "
                                "ORDER BY created_at DESC LIMIT 1").fetchone()[0]
    register.conn.execute(
        "INSERT INTO voucher (serial, application_id, decision_id, number, value_cents, holder, "
        "issued_on, valid_until, kid, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [serial, voucher.application_id, voucher.decision_id, number, to_cents(left),
         voucher.holder, today.isoformat(), voucher.valid_until.isoformat(), kid, now()])
    return voucher_by_serial(register, serial)


@requires(Permission.DECIDE)
def after_corrections(register: Register, corrected: list[tuple[int, object]],
                      actor: str = DESKTOP) -> None:
    """Inside a correction's transaction (regiegroep.deciding): what is left of the vouchers
    of the decisions it replaces is voided, and a new grant's vouchers are issued anew for
    what it gives beyond what was paid already."""
    import json

    from ..deciding.decision import Kind

    for app_id, decision in corrected:
        standing = [v for v in issued_vouchers(register, app_id)
                    if v.status is Status.ISSUED and v.decision_id != decision.id]
        if not standing:
            continue
        on = decision.decided_on.isoformat()
        register.conn.executemany(
            "UPDATE voucher SET status = 'voided', void_reason = 'corrected decision', "
            "ended_on = ? WHERE serial = ?", [(on, v.serial) for v in standing])
        register.audit([(now(), register.who(actor), "voucher_voided", app_id, json.dumps({
            "serials": [v.serial for v in standing], "reason": "corrected decision",
            "decision": decision.id}))])
        if decision.kind in (Kind.GRANTED, Kind.PARTIALLY_GRANTED) \
                and (decision.amount_granted or ZERO) > _covered(issued_vouchers(register, app_id)):
            _issue(register, [(app_id, None, decision.decided_on)], actor, "corrected")


# -- expiry (Art. 5.7) ----------------------------------------------------------------

@reads(Read.VOUCHERS)
def due_to_expire(register: Register, today: dt.date | None = None) -> list[IssuedVoucher]:
    """Issued vouchers past their valid-until date with something left on them: what is
    left would return to the budget."""
    today = today or dt.date.today()
    return [v for v in _select(register, "WHERE v.status = 'issued' AND v.valid_until < ?",
                               [today.isoformat()]) if v.unspent > 0]


@requires(Permission.DECIDE)
def expire_vouchers(register: Register, today: dt.date | None = None,
                    actor: str = DESKTOP) -> list[IssuedVoucher]:
    """After the valid-until date what is left on a voucher expires and returns to the
    neighbourhood's budget: one action the group confirms, on record."""
    today = today or dt.date.today()
    with register.write():
        due = due_to_expire(register, today)
        register.conn.executemany(
            "UPDATE voucher SET status = 'expired', ended_on = ? WHERE serial = ?",
            [(today.isoformat(), v.serial) for v in due])
        if due:
            register.event(actor, "vouchers_expired", None, {
                "serials": [v.serial for v in due],
                "returned": str(sum((v.unspent for v in due), ZERO))})
    return [replaced(v, status=Status.EXPIRED, ended_on=today) for v in due]


# -- the budget's figures -------------------------------------------------------------

@reads(Read.VOUCHERS)
def voucher_totals(register: Register) -> dict[tuple[int, int], dict[str, Decimal]]:
    """Per (wijk id, year): issued (what the vouchers stand for: voided ones only for what
    was paid from them), redeemed, outstanding (left on issued vouchers) and returned (left
    on expired ones). issued = redeemed + outstanding + returned."""
    found: dict = {}
    for wijk_id, year, status, cents, paid in register.conn.execute(
            "SELECT a.wijk_id, a.year, v.status, sum(v.value_cents), sum(coalesce(p.paid, 0)) "
            "FROM voucher v JOIN application a ON a.id = v.application_id LEFT JOIN "
            "(SELECT serial, sum(amount_cents) AS paid FROM payment GROUP BY serial) p "
            "ON p.serial = v.serial WHERE a.deleted_at IS NULL "
            "GROUP BY a.wijk_id, a.year, v.status"):
        t = found.setdefault((wijk_id, year), dict.fromkeys(
            ("issued", "redeemed", "outstanding", "returned"), ZERO))
        value, paid = from_cents(cents), from_cents(paid)
        t["redeemed"] += paid
        t["issued"] += paid if status == "voided" else value
        if status == "issued":
            t["outstanding"] += value - paid
        elif status == "expired":
            t["returned"] += value - paid
    return found


# -- printing -------------------------------------------------------------------------

@requires(Permission.MANAGE)
def forget_holders(register: Register, app_id: int) -> int:
    """Inside the caller's action (anonymising, AVG): the holder's name goes from the
    application's vouchers that ended or were spent; one with money left keeps it while the
    cash manager may still pay it out. Returns how many kept it."""
    spent = ("status <> 'issued' OR (SELECT coalesce(sum(amount_cents), 0) FROM payment "
             "WHERE payment.serial = voucher.serial) >= value_cents")
    register.conn.execute("UPDATE voucher SET holder = '' WHERE application_id = ? "
                          f"AND holder <> '' AND ({spent})", [app_id])
    return register.conn.execute("SELECT count(*) FROM voucher WHERE application_id = ? "
                                 f"AND NOT ({spent})", [app_id]).fetchone()[0]
