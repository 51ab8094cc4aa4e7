"""Redeeming vouchers (Art. 9): the cash manager pays for the initiative with them.

A voucher is redeemed by having the cash manager pay a supplier for services and products
(Art. 9.3a), or by turning it into cash, at most EUR 500 at a time (Art. 9.3b). A voucher may
be spent in several payments, never beyond its value. The cash manager may refuse a payment
that is not for the initiative (Art. 9.2): that is simply not recorded here. Who may record
a payment is decided in regiegroep.access: the cash manager, or a member of the steering
group acting for them, which the record says.

The register's part: ``redeem`` and ``redeem_many`` record payments from the vouchers of the
decision in force, each checked by ``check_payment``, in one transaction with their audit
entries; ``vouchers`` and ``payments`` read them back. These take the register as their first
argument; ``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal

from typing import TYPE_CHECKING

from .access import Permission, Read
from .deciding import decisions_in_force
from .errors import UserError
from .i18n import _, format_money
from .money import from_cents, to_cents
from .store import DESKTOP, now

if TYPE_CHECKING:
    from .register import Register

CASH_LIMIT = Decimal("500.00")  # Art. 9.3b: cash at most EUR 500 at a time


class Way(enum.StrEnum):
    SUPPLIER = "supplier"  # Art. 9.3a
    CASH = "cash"  # Art. 9.3b


@dataclasses.dataclass(frozen=True)
class Payment:
    voucher: int  # its number on the decision, from 1
    paid_on: dt.date
    way: Way
    amount: Decimal
    payee: str = ""  # the supplier paid; cash goes to the voucher holder, not named again
    description: str = ""
    paid_by: str = ""
    on_behalf_of: str | None = None  # the cash manager a member acted for
    decision_id: int | None = None
    id: int | None = None


@dataclasses.dataclass(frozen=True)
class Voucher:
    """One voucher of the decision in force, with what was paid from it."""

    number: int  # from 1
    value: Decimal
    payments: tuple[Payment, ...] = ()

    @property
    def left(self) -> Decimal:
        return self.value - sum((p.amount for p in self.payments), Decimal(0))


def check_payment(payment: Payment, vouchers: tuple[Decimal, ...], paid: Decimal) -> Payment:
    """The payment if the ordinance allows it, else UserError saying why. ``vouchers`` are the
    values of the decision in force; ``paid`` what was paid from this voucher before."""
    if not 1 <= payment.voucher <= len(vouchers):
        raise UserError(_("There is no voucher {number}: this decision has {count}.").format(
            number=payment.voucher, count=len(vouchers)))
    if payment.amount <= 0:
        raise UserError(_("A payment is more than € 0."))
    if payment.way is Way.CASH and payment.amount > CASH_LIMIT:
        raise UserError(_("Cash is paid out at most {limit} at a time (Art. 9.3b); pay the "
                          "supplier instead, or pay in parts.").format(limit=format_money(CASH_LIMIT)))
    if payment.way is Way.SUPPLIER and not payment.payee.strip():
        raise UserError(_("Give the supplier who is paid (Art. 9.3a)."))
    left = vouchers[payment.voucher - 1] - paid
    if payment.amount > left:
        raise UserError(_("Voucher {number} has {left} left; the payment of {amount} is more "
                          "than that.").format(number=payment.voucher, left=format_money(left),
                                               amount=format_money(payment.amount)))
    return payment


def redeem(register: Register, app_id: int, payment: "Payment", actor: str = DESKTOP) -> "Payment":
    """Record a payment from one of the vouchers of the decision in force on an
    application (Art. 9). Only the cash manager may, or a member of the steering group
    acting for them; the record then names both. One transaction, in the audit trail."""
    return register.redeem_many([(app_id, payment)], actor)[0]


def redeem_many(register: Register, items: list[tuple[int, "Payment"]], actor: str = DESKTOP,
                source: str = "") -> list["Payment"]:
    """Record payments in one transaction: all of them, or none (see redeem)."""
    import json

    from .decisions import Kind

    if register.session.may(Permission.REDEEM):
        on_behalf_of = None
    elif register.session.may(Permission.REDEEM_FOR):
        managers = [p.name for p in register.people() if p.role == "cash_manager"]
        on_behalf_of = managers[0] if managers else _("the cash manager")
    else:
        register._require(Permission.REDEEM)
    recorded, rows, event_rows, stamp = [], [], [], now()
    paid: dict[tuple[int, int], Decimal] = {}  # (decision, voucher): paid so far
    with register._write():
        in_force, deleted = decisions_in_force(register, sorted({app_id for app_id, _p in items}))
        next_id = register.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM payment").fetchone()[0]
        for app_id, payment in items:
            if app_id in deleted:
                raise UserError(_("This application is deleted; restore it first."))
            decision = in_force.get(app_id)
            if decision is None or decision.kind not in (Kind.GRANTED, Kind.PARTIALLY_GRANTED) \
                    or not decision.vouchers:
                raise UserError(_("This application has no vouchers: only a grant gives them."))
            key = (decision.id, payment.voucher)
            if key not in paid:
                paid[key] = from_cents(register.conn.execute(
                    "SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE decision_id = ? "
                    "AND voucher = ?", key).fetchone()[0])
            checked = dataclasses.replace(
                check_payment(payment, decision.vouchers, paid[key]),
                payee=" ".join(payment.payee.split()) if payment.way is Way.SUPPLIER else "",
                paid_by=register._who(actor), on_behalf_of=on_behalf_of,
                decision_id=decision.id, id=next_id + len(rows))
            paid[key] += checked.amount
            rows.append((checked.id, decision.id, checked.voucher, checked.paid_on.isoformat(),
                         checked.way.value, to_cents(checked.amount), checked.payee,
                         checked.description, checked.paid_by, on_behalf_of, stamp))
            details = {"decision": decision.id, "voucher": checked.voucher,
                       "way": checked.way.value, "amount": str(checked.amount),
                       "on_behalf_of": on_behalf_of}
            if source:
                details["source"] = source
            event_rows.append((stamp, register._who(actor), "voucher_redeemed", app_id,
                               json.dumps(details)))
            recorded.append(checked)
        register.conn.executemany(
            "INSERT INTO payment (id, decision_id, voucher, paid_on, way, amount_cents, payee, "
            "description, paid_by, on_behalf_of, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        register._audit(event_rows)
    return recorded


def paid_per_decision(register: Register) -> dict[int, Decimal]:
    """What was paid from each decision's vouchers, by decision id (for exports)."""
    register.require_read(Read.PAYMENTS)
    return {d: from_cents(c) for d, c in register.conn.execute(
        "SELECT decision_id, sum(amount_cents) FROM payment GROUP BY decision_id")}


def vouchers(register: Register, app_id: int) -> list["Voucher"]:
    """The vouchers of the decision in force on an application, each with its payments
    and what is left (Art. 9); none when that decision gave none."""
    register.require_read(Read.VOUCHERS)
    decision = register.latest_decision(app_id)
    if decision is None or not decision.vouchers:
        return []
    paid = [p for p in register.payments(app_id) if p.decision_id == decision.id]
    return [Voucher(number, value, tuple(p for p in paid if p.voucher == number))
            for number, value in enumerate(decision.vouchers, 1)]


def payments(register: Register, app_id: int) -> list["Payment"]:
    """Every payment from the vouchers of an application's decisions, oldest first."""
    register.require_read(Read.PAYMENTS)
    return [Payment(voucher=v, paid_on=dt.date.fromisoformat(on), way=Way(w),
                    amount=from_cents(c), payee=p, description=d, paid_by=by,
                    on_behalf_of=ob, decision_id=dec, id=i)
            for i, dec, v, on, w, c, p, d, by, ob in register.conn.execute(
                "SELECT payment.id, decision_id, voucher, paid_on, way, amount_cents, payee, "
                "payment.description, paid_by, on_behalf_of FROM payment JOIN decision ON "
                "decision.id = payment.decision_id WHERE decision.application_id = ? "
                "ORDER BY payment.id", [app_id])]
