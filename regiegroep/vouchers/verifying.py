"""Is this voucher good to pay? (Art. 1a, 5.7, 9)

Two ways to ask. With the register (``check_voucher``): a typed serial or a scanned code,
checked for its check character and, for a code, its signature, then against the record:
unknown serial, voided, expired, redeemed already, and what is left. With only the
register's public key (``check_code``), as a cash manager who holds no register does:
the code's form, key, signature, check character and its valid-until date.

This module stays light (no database, no ReportLab): ``regiegroep verify --key`` answers
within 150 ms as a whole process (benchmarks/vouchers.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from . import serials, signing
from ..i18n import _, format_date, format_money
from ..store import reads
from ..trust.access import Read


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The answer: valid or not, the reason (a word a program can act on) and the message."""

    valid: bool
    reason: str  # valid, format, unknown_key, signature, check, character, length, empty,
    #              unknown_serial, voided, expired, redeemed, changed
    message: str
    serial: str = ""
    value: Decimal | None = None
    left: Decimal | None = None  # what may still be paid, when the register is asked
    holder: str = ""
    valid_until: dt.date | None = None


def is_code(text: str) -> bool:
    return text.strip().upper().startswith(signing.PREFIX)


def check_code(code: str, ring: dict, today: dt.date | None = None, status=None) -> Verdict:
    """A signed code checked with the public keys in ``ring`` only, and, when given, the
    group's signed status list (regiegroep.status_list): a voucher it names as voided,
    expired or redeemed is refused."""
    today = today or dt.date.today()
    try:
        claims = signing.read_code(code, ring)
    except signing.CodeError as problem:
        return Verdict(False, problem.reason, str(problem))
    value = Decimal(claims.value_cents) / 100
    found = dict(serial=claims.serial, value=value, holder=claims.holder,
                 valid_until=claims.valid_until)
    if claims.expired(today):
        return Verdict(False, "expired", _("Voucher {serial} was valid until {date}: it has "
                                           "expired. Do not pay it.").format(
            serial=serials.format_serial(claims.serial), date=format_date(claims.valid_until)),
            **found)
    if status is not None:
        from . import status_list

        refused = status_list.refusal(status, claims.serial)
        if refused is not None:
            return Verdict(False, refused[0], refused[1], left=Decimal("0.00"), **found)
        left = status_list.left_text(status, claims.serial)
        return Verdict(True, "valid", (_("Voucher {serial} is genuine: {value} for {holder}, "
                                         "valid until {date}.").format(
            serial=serials.format_serial(claims.serial), value=format_money(value),
            holder=claims.holder, date=format_date(claims.valid_until)) + " " + (
                left or _("The status list names it nowhere: nothing of it was paid when the "
                          "list was made."))), **found)
    return Verdict(True, "valid", _("Voucher {serial} is genuine: {value} for {holder}, valid "
                                    "until {date}. Whether it was paid before only the register "
                                    "can say.").format(
        serial=serials.format_serial(claims.serial), value=format_money(value),
        holder=claims.holder, date=format_date(claims.valid_until)), **found)


@reads(Read.VOUCHERS)
def check_voucher(register, text: str, today: dt.date | None = None) -> Verdict:
    """A typed serial or a scanned code checked against the register."""
    today = today or dt.date.today()
    if is_code(text):
        from .issuing import key_ring

        verdict = check_code(text, key_ring(register), today)
        if verdict.reason not in ("valid", "expired"):
            return verdict
        serial = verdict.serial
    else:
        try:
            serial = serials.parse_serial(text)
        except serials.SerialError as problem:
            return Verdict(False, problem.reason, str(problem))
    from .issuing import void_reason_text

    voucher = register.voucher_by_serial(serial)
    shown = serials.format_serial(serial)
    if voucher is None:
        return Verdict(False, "unknown_serial", _("No voucher {serial} was ever issued by this "
                                                  "register. Do not pay it.").format(
            serial=shown), serial)
    from ..trust.seals import voucher_changed

    if voucher_changed(register.conn, voucher.serial):
        return Verdict(False, "changed", _("Voucher {serial} was changed outside the app: its "
                                           "record is not what the register wrote. Do not pay "
                                           "it, and tell the chair or the secretary: the "
                                           "register must be checked.").format(serial=shown),
                       voucher.serial)
    found = dict(serial=voucher.serial, value=voucher.value, holder=voucher.holder,
                 valid_until=voucher.valid_until)
    if voucher.status.value == "voided":
        extra = (_(" It was replaced by {serial}.").format(
            serial=serials.format_serial(voucher.replaced_by)) if voucher.replaced_by else "")
        return Verdict(False, "voided", _("Voucher {serial} is voided ({reason}). Do not pay "
                                          "it.").format(serial=shown,
                                                        reason=void_reason_text(
                                                            voucher.void_reason)) + extra,
                       left=Decimal("0.00"), **found)
    if voucher.status.value == "expired" or today > voucher.valid_until:
        return Verdict(False, "expired", _("Voucher {serial} was valid until {date}: it has "
                                           "expired. Do not pay it.").format(
            serial=shown, date=format_date(voucher.valid_until)), left=Decimal("0.00"), **found)
    if voucher.left <= 0:
        return Verdict(False, "redeemed", _("Voucher {serial} is redeemed already: all of its "
                                            "{value} was paid.").format(
            serial=shown, value=format_money(voucher.value)), left=voucher.left, **found)
    return Verdict(True, "valid", _("Voucher {serial} is valid: {left} of {value} left, for "
                                    "{holder}, until {date}.").format(
        serial=shown, left=format_money(voucher.left), value=format_money(voucher.value),
        holder=voucher.holder, date=format_date(voucher.valid_until)),
        left=voucher.left, **found)
