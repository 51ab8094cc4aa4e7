"""Redeeming vouchers (Art. 9): the cash manager pays for the initiative with them.

A voucher is redeemed by having the cash manager pay a supplier for services and products
(Art. 9.3a), or by turning it into cash, at most EUR 500 at a time (Art. 9.3b). A voucher may
be spent in several payments, never beyond its value. The cash manager may refuse a payment
that is not for the initiative (Art. 9.2): that is simply not recorded here. Who may record
a payment is decided in regiegroep.access: the cash manager, or a member of the steering
group acting for them, which the record says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal

from .errors import UserError
from .i18n import _, format_money

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
