"""Redeeming vouchers (Art. 9): the cash manager pays for the initiative with them.

A voucher is redeemed by having the cash manager pay a supplier for services and products
(Art. 9.3a: the supplier's name, IBAN and invoice), or by turning it into cash, at most the
ordinance's limit at a time (Art. 9.3b). Each payment names its voucher by serial (or, as
payments recorded before the serials did, "voucher N of the decision in force"). A voucher
is spent in parts, never below zero, never after it expired or was voided. A payment that
is not for the initiative is refused (Art. 9.2): the refusal is on record with its reason.
Cash twice on one voucher on one day is warned about (``cash_warning``); the group may cap
the cash per voucher per day at set-up (``set_cash_cap``). Who may record a payment is
decided in regiegroep.trust.access: the cash manager, or a member of the steering group acting
for them, which the record says.

The register's part: ``redeem`` and ``redeem_many`` record payments, each checked by
``check_payment``, in one transaction with their audit entries; ``refuse_payment`` records
a refusal; ``vouchers``, ``payments`` and ``refusals`` read them back. These take the
register as their first argument; ``regiegroep.register.Register`` offers them as its
methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal

from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..applications.lookups import budget_keys
from ..deciding import decisions_in_force, deleted_among
from ..errors import UserError
from ..i18n import _, format_date, format_money
from ..model import replaced
from ..money import from_cents, to_cents
from ..store import DESKTOP, now, reads, requires

if TYPE_CHECKING:
    from ..register import Register
    from ..rules import Ordinance
    from .issuing import IssuedVoucher



class Way(enum.StrEnum):
    SUPPLIER = "supplier"  # Art. 9.3a
    CASH = "cash"  # Art. 9.3b


@dataclasses.dataclass(frozen=True)
class Payment:
    voucher: int | str  # its serial, or its number on the decision in force (from 1)
    paid_on: dt.date
    way: Way
    amount: Decimal
    payee: str = ""  # the supplier paid; cash goes to the voucher holder, not named again
    description: str = ""
    paid_by: str = ""
    on_behalf_of: str | None = None  # the cash manager a member acted for
    decision_id: int | None = None
    id: int | None = None
    serial: str = ""
    iban: str = ""  # the supplier's (Art. 9.3a)
    invoice: str = ""  # the supplier's invoice reference


@dataclasses.dataclass(frozen=True)
class Refusal:
    """A payment the cash manager refused (Art. 9.2: not for the initiative)."""

    serial: str
    refused_on: dt.date
    way: Way
    amount: Decimal
    reason: str
    refused_by: str = ""


@dataclasses.dataclass(frozen=True)
class Voucher:
    """One voucher of an application, with what was paid from it and what was refused."""

    number: int  # from 1
    value: Decimal
    payments: tuple[Payment, ...] = ()
    serial: str = ""
    valid_until: dt.date | None = None
    state: str = "issued"  # regiegroep.vouchers.IssuedVoucher.state
    refusals: tuple[Refusal, ...] = ()
    void_reason: str = ""
    replaced_by: str | None = None

    @property
    def left(self) -> Decimal:
        if self.state in ("voided", "expired"):
            return Decimal("0.00")
        return self.value - sum((p.amount for p in self.payments), Decimal(0))


def check_iban(text: str) -> str:
    """The IBAN in its compact form, or UserError saying it is not a valid one."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        return iban.validate(text)
    except ValidationError:
        raise UserError(_("{iban} is not a valid IBAN; check what you typed.").format(
            iban=text.strip() or "—")) from None


def check_payment(payment: Payment, voucher: "IssuedVoucher", paid: Decimal,
                  ordinance: "Ordinance", cash_today: Decimal = Decimal(0),
                  cash_cap: Decimal | None = None) -> Payment:
    """The payment if the ordinance allows it, else UserError saying why. ``paid`` is what
    was paid from this voucher before, ``cash_today`` the cash paid from it that day."""
    from .issuing import Status

    from .issuing import void_reason_text

    name = voucher.serial
    if voucher.status is Status.VOIDED:
        raise UserError(_("Voucher {serial} is voided ({reason}): do not pay it.").format(
            serial=name, reason=void_reason_text(voucher.void_reason) or _("no reason given")))
    if voucher.status is Status.EXPIRED or payment.paid_on > voucher.valid_until:
        raise UserError(_("Voucher {serial} was valid until {date}: it has expired.").format(
            serial=name, date=format_date(voucher.valid_until)))
    if payment.amount <= 0:
        raise UserError(_("A payment is more than € 0."))
    limit = ordinance.cash_limit_per_redemption
    if payment.way is Way.CASH and payment.amount > limit:
        raise UserError(_("Cash is paid out at most {limit} at a time (Art. 9.3b); pay the "
                          "supplier instead, or pay in parts.").format(limit=format_money(limit)))
    if payment.way is Way.CASH and cash_cap is not None and cash_today + payment.amount > cash_cap:
        raise UserError(_("At most {cap} in cash per voucher per day, as the group set; "
                          "{today} was paid in cash from it today.").format(
                              cap=format_money(cash_cap), today=format_money(cash_today)))
    if payment.way is Way.SUPPLIER and not payment.payee.strip():
        raise UserError(_("Give the supplier who is paid (Art. 9.3a)."))
    left = voucher.value - paid
    if payment.amount > left:
        raise UserError(_("Voucher {number} has {left} left; the payment of {amount} is more "
                          "than that.").format(number=voucher.number, left=format_money(left),
                                               amount=format_money(payment.amount)))
    return payment


@requires(Permission.REDEEM, Permission.REDEEM_FOR)
def redeem(register: Register, app_id: int, payment: "Payment", actor: str = DESKTOP) -> "Payment":
    """Record a payment from a voucher of an application (Art. 9). Only the cash manager
    may, or a member of the steering group acting for them; the record then names both.
    One transaction, in the audit trail."""
    return register.redeem_many([(app_id, payment)], actor)[0]


@requires(Permission.REDEEM, Permission.REDEEM_FOR)
def check_redeem(register: Register, app_id: int, payment: "Payment") -> "Payment":
    """Everything ``redeem`` checks (the voucher, what is left, the cash limit, the IBAN),
    with nothing written: a person is asked to confirm only a payment that can be recorded.
    Raises UserError with the reason, as ``redeem`` would."""
    return register.redeem_many([(app_id, payment)], check_only=True)[0]


def _acting(register: Register) -> str | None:
    """For whom the person signed in records a payment: None for the cash manager."""
    if register.session.may(Permission.REDEEM):
        return None
    if register.session.may(Permission.REDEEM_FOR):
        managers = [p.name for p in register.people() if p.role == "cash_manager"]
        return managers[0] if managers else _("the cash manager")
    register.require(Permission.REDEEM)
    return None


def _voucher_for(register: Register, app_id: int, payment: Payment, in_force,
                 deleted, known: dict, parsed: dict | None = None) -> "IssuedVoucher":
    """The voucher a payment is made from; ``parsed``: serials as typed, already parsed."""
    found = _voucher_of(register, app_id, payment, in_force, deleted, known, parsed)
    from ..trust.seals import voucher_changed

    # (A register being built in one go seals its rows at the end: nothing to compare yet.)
    if not register.sealing_at_the_end and voucher_changed(register.conn, found.serial):
        from .serials import format_serial

        raise UserError(_("Voucher {serial} was changed outside the app: its record is not "
                          "what the register wrote. Nothing was paid; tell the chair or the "
                          "secretary: the register must be checked.").format(
            serial=format_serial(found.serial)))
    return found


def _voucher_of(register: Register, app_id: int, payment: Payment, in_force,
                deleted, known: dict, parsed: dict | None = None) -> "IssuedVoucher":
    if app_id in deleted:
        raise UserError(_("This application is deleted; restore it first."))
    if isinstance(payment.voucher, str):
        serial = (parsed or {}).get(payment.voucher)
        if serial is None:
            from .serials import parse_serial

            serial = parse_serial(payment.voucher)
        found = known.get(serial) or register.voucher_by_serial(serial)
        if found is None or found.application_id != app_id:
            raise UserError(_("No voucher with serial {serial} was issued for this "
                              "application.").format(serial=payment.voucher))
        return found
    from ..deciding.decision import Kind

    decision = in_force.get(app_id)
    if decision is None or decision.kind not in (Kind.GRANTED, Kind.PARTIALLY_GRANTED) \
            or not decision.amount_granted:
        raise UserError(_("This application has no vouchers: only a grant gives them."))
    issued = [v for v in register.issued_vouchers(app_id) if v.decision_id == decision.id]
    if not issued:
        raise UserError(_("The vouchers of this grant are not issued yet."))
    found = next((v for v in issued if v.number == payment.voucher), None)
    if found is None:
        raise UserError(_("There is no voucher {number}: this decision has {count}.").format(
            number=payment.voucher, count=len(issued)))
    return found


@requires(Permission.REDEEM, Permission.REDEEM_FOR)
def redeem_many(register: Register, items: list[tuple[int, "Payment"]], actor: str = DESKTOP,
                source: str = "", check_only: bool = False) -> list["Payment"]:
    """Record payments in one transaction: all of them, or none (see redeem); with
    ``check_only`` every check is made and nothing is written."""
    from ..trust.audit import details_text

    on_behalf_of, who = _acting(register), register.who(actor)
    recorded, rows, event_rows, stamp = [], [], [], now()
    paid: dict[str, Decimal] = {}  # serial: paid so far
    cash: dict[tuple[str, dt.date], Decimal] = {}  # (serial, day): cash paid
    cap = cash_cap(register)
    ordinances: dict = {}  # by (wijk id, year) of the budget
    ibans: dict[str, str] = {}  # as typed: checked
    with register.write():
        deleted = deleted_among(register, sorted({app_id for app_id, _p in items}))
        # The decision in force matters only to a payment naming its voucher by number.
        in_force = decisions_in_force(register, sorted(
            {app_id for app_id, p in items if not isinstance(p.voucher, str)}))[0]
        next_id = register.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM payment").fetchone()[0]
        from .serials import SerialError, parse_serial
        from .issuing import vouchers_by_serial

        parsed = {}  # as typed: the serial (each parsed once)
        for _app, payment in items:
            if isinstance(payment.voucher, str) and payment.voucher not in parsed:
                try:
                    parsed[payment.voucher] = parse_serial(payment.voucher)
                except SerialError:
                    pass  # said when its turn comes
        known = vouchers_by_serial(register, sorted(set(parsed.values())))
        # application id: (wijk id, year), read in chunks by the applications' package
        budget_of = budget_keys(register, sorted({app_id for app_id, _p in items}))
        for app_id, payment in items:
            voucher = _voucher_for(register, app_id, payment, in_force, deleted, known, parsed)
            if budget_of[app_id] not in ordinances:
                ordinances[budget_of[app_id]] = register.ordinance_for(*budget_of[app_id])
            serial, day = voucher.serial, payment.paid_on
            if serial not in paid:
                paid[serial] = voucher.paid
            if (serial, day) not in cash:  # nothing paid yet: no cash that day either
                cash[(serial, day)] = _cash_on(register, serial, day) if voucher.paid else \
                    Decimal("0.00")
            checked = check_payment(payment, voucher, paid[serial], ordinances[budget_of[app_id]],
                                    cash[(serial, day)], cap)
            supplier = payment.way is Way.SUPPLIER
            iban = ""
            if supplier and payment.iban.strip():
                if payment.iban not in ibans:
                    ibans[payment.iban] = check_iban(payment.iban)
                iban = ibans[payment.iban]
            checked = replaced(
                checked, voucher=voucher.number, serial=serial, iban=iban,
                payee=" ".join(payment.payee.split()) if supplier else "",
                invoice=" ".join(payment.invoice.split()) if supplier else "",
                paid_by=who, on_behalf_of=on_behalf_of,
                decision_id=voucher.decision_id, id=next_id + len(rows))
            repeated = checked.way is Way.CASH and cash[(serial, day)] > 0
            paid[serial] += checked.amount
            if checked.way is Way.CASH:
                cash[(serial, day)] += checked.amount
            rows.append((checked.id, voucher.decision_id, checked.voucher, serial,
                         checked.paid_on.isoformat(), checked.way.value,
                         to_cents(checked.amount), checked.payee, checked.iban, checked.invoice,
                         checked.description, checked.paid_by, on_behalf_of, stamp))
            details = {"decision": voucher.decision_id, "voucher": checked.voucher,
                       "serial": serial, "way": checked.way.value,
                       "amount": str(checked.amount), "on_behalf_of": on_behalf_of}
            if repeated:
                details["repeated_cash"] = True
            if source:
                details["source"] = source
            event_rows.append((stamp, who, "voucher_redeemed", app_id,
                               details_text(details)))
            recorded.append(checked)
        if check_only:
            return recorded
        register.conn.executemany(
            "INSERT INTO payment (id, decision_id, voucher, serial, paid_on, way, amount_cents, "
            "payee, iban, invoice, description, paid_by, on_behalf_of, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        register.audit(event_rows)
    return recorded


def _cash_on(register: Register, serial: str, day: dt.date) -> Decimal:
    return from_cents(register.conn.execute(
        "SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE serial = ? AND paid_on = ? "
        "AND way = 'cash'", [serial, day.isoformat()]).fetchone()[0])


@reads(Read.PAYMENTS)
def cash_warning(register: Register, serial: str, day: dt.date) -> str | None:
    """A warning when cash was paid from this voucher on this day already (splitting cash
    to pass the limit), else None."""
    from .serials import normalise

    before = _cash_on(register, normalise(serial), day)
    if not before:
        return None
    return _("{amount} was paid in cash from this voucher on {date} already: cash in parts "
             "may be a way round the limit of Art. 9.3b.").format(
                 amount=format_money(before), date=format_date(day))


@reads(Read.PAYMENTS)
def cash_cap(register: Register) -> Decimal | None:
    """The group's cap on cash per voucher per day, or None when it set none."""
    value = register.setting("cash_cap_per_voucher_day_cents")
    return from_cents(int(value)) if value else None


@requires(Permission.MANAGE)
def set_cash_cap(register: Register, cap: Decimal | None, actor: str = DESKTOP) -> None:
    """Cap the cash per voucher per day (None: no cap beyond the ordinance's per payment)."""
    if cap is not None and cap <= 0:
        raise UserError(_("A cap on cash is more than € 0."))
    with register.write():
        register.set_setting("cash_cap_per_voucher_day_cents",
                             str(to_cents(cap)) if cap is not None else "")
        register.event(actor, "cash_cap_set", None, {"cap": str(cap) if cap else None})


@requires(Permission.REDEEM, Permission.REDEEM_FOR)
def refuse_payment(register: Register, serial: str, amount: Decimal, reason: str,
                   way: Way = Way.SUPPLIER, refused_on: dt.date | None = None,
                   actor: str = DESKTOP) -> Refusal:
    """Record a payment refused because it is not for the initiative (Art. 9.2), with its
    reason; it shows on the voucher. One transaction with its audit entry."""
    import json

    from .serials import parse_serial

    _acting(register)
    if not reason.strip():
        raise UserError(_("Say why the payment is refused (Art. 9.2)."))
    if amount <= 0:
        raise UserError(_("A payment is more than € 0."))
    refused_on = refused_on or dt.date.today()
    with register.write():
        voucher = register.voucher_by_serial(parse_serial(serial))
        if voucher is None:
            raise UserError(_("There is no voucher with serial {serial}.").format(serial=serial))
        refusal = Refusal(voucher.serial, refused_on, Way(way), amount, " ".join(reason.split()),
                          register.who(actor))
        register.conn.execute(
            "INSERT INTO payment_refusal (serial, refused_on, way, amount_cents, reason, "
            "refused_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [refusal.serial, refused_on.isoformat(), refusal.way.value, to_cents(amount),
             refusal.reason, refusal.refused_by, now()])
        register.audit([(now(), register.who(actor), "payment_refused", voucher.application_id,
                          json.dumps({"serial": voucher.serial, "amount": str(amount),
                                      "reason": refusal.reason}))])
    return refusal


@reads(Read.PAYMENTS)
def refusals(register: Register, serial: str) -> list[Refusal]:
    return [Refusal(s, dt.date.fromisoformat(on), Way(w), from_cents(c), r, by)
            for s, on, w, c, r, by in register.conn.execute(
                "SELECT serial, refused_on, way, amount_cents, reason, refused_by FROM "
                "payment_refusal WHERE serial = ? ORDER BY id", [serial])]


@reads(Read.PAYMENTS)
def paid_per_decision(register: Register) -> dict[int, Decimal]:
    """What was paid from each decision's vouchers, by decision id (for exports)."""
    return {d: from_cents(c) for d, c in register.conn.execute(
        "SELECT decision_id, sum(amount_cents) FROM payment GROUP BY decision_id")}


@reads(Read.VOUCHERS)
def vouchers(register: Register, app_id: int, standing: bool = True) -> list["Voucher"]:
    """The standing vouchers of an application (issued, something left, not voided or
    expired; with ``standing=False`` all of them), each with its payments, refusals and what is left
    (Art. 9); none before any are issued."""
    from .issuing import Status

    chosen = [v for v in register.issued_vouchers(app_id)
              if not standing or (v.status is Status.ISSUED and v.left > 0)]
    paid = register.payments(app_id)
    return [Voucher(v.number, v.value, tuple(p for p in paid if p.serial == v.serial),
                    v.serial, v.valid_until, v.state, tuple(register.refusals(v.serial)),
                    v.void_reason, v.replaced_by) for v in chosen]


@reads(Read.PAYMENTS)
def payments(register: Register, app_id: int) -> list["Payment"]:
    """Every payment from the vouchers of an application's decisions, oldest first."""
    return [Payment(voucher=v, paid_on=dt.date.fromisoformat(on), way=Way(w),
                    amount=from_cents(c), payee=p, description=d, paid_by=by,
                    on_behalf_of=ob, decision_id=dec, id=i, serial=serial or "", iban=iban,
                    invoice=invoice)
            for i, dec, v, on, w, c, p, d, by, ob, serial, iban, invoice in register.conn.execute(
                "SELECT payment.id, decision_id, voucher, paid_on, way, amount_cents, payee, "
                "payment.description, paid_by, on_behalf_of, serial, iban, invoice FROM payment "
                "JOIN decision ON decision.id = payment.decision_id "
                "WHERE decision.application_id = ? ORDER BY payment.id", [app_id])]
