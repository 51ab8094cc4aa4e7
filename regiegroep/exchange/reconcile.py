"""The vouchers for the municipality's cash system, and its payments compared with the
register's (Art. 8, 9): every euro granted, issued, redeemed or returned accounted for.

``export_vouchers`` writes the issued vouchers as a Dutch spreadsheet's CSV (semicolons,
decimal commas). ``reconcile`` reads the cash manager's list of payments (serial, date,
amount, in the same kind of file) and lists every difference: paid but never issued, paid
after voiding or expiry, paid twice, paid more than its value, amounts that differ from the
register, and issued but never paid. Functions take the register as their first argument.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
from decimal import Decimal, InvalidOperation

from ..errors import UserError
from ..i18n import _, format_date, format_money
from ..vouchers.serials import SerialError, format_serial, parse_serial
from ..store import reads
from ..trust.access import Read

KINDS = ("never_issued", "after_void", "after_expiry", "paid_twice", "over_value",
         "amount_differs", "never_paid")
EXPORT_COLUMNS = ("serienummer", "waarde", "houder", "aanvraag", "uitgegeven_op",
                  "geldig_tot", "status", "verzilverd", "over")
# The status column's values, stable words in the columns' language (the cash system reads
# them): not the register's English codes.
EXPORT_STATES = {"issued": "uitgegeven", "partly_redeemed": "deels_verzilverd",
                 "redeemed": "verzilverd", "voided": "ongeldig", "expired": "verlopen"}


@dataclasses.dataclass(frozen=True)
class Difference:
    kind: str  # one of KINDS
    serial: str
    message: str
    paid_on: dt.date | None = None
    amount: Decimal | None = None


def dutch_amount(value: Decimal) -> str:
    """``Decimal("1234.5")`` as ``"1234,50"``: what a Dutch spreadsheet reads as a number."""
    return f"{value:.2f}".replace(".", ",")


def parse_dutch_amount(text: str) -> Decimal:
    cleaned = text.strip().replace("€", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
        # NaN, Infinity and absurd amounts are no amounts of money (issue 23.5).
        if not value.is_finite() or abs(value) >= Decimal("1e13"):
            raise ValueError(text)
        return value.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(text) from None


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    for form in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


@reads(Read.VOUCHERS)
def export_vouchers(register, out: str | os.PathLike) -> int:
    """Write every voucher for the cash system; returns how many."""
    from ..files import write_whole

    from .spreadsheet import BOM, safe_text

    vouchers = register.all_vouchers()
    sequences = {}
    with write_whole(out) as fp:
        fp.write(BOM)  # Dutch Excel reads "Öztürk" as UTF-8 only after it
        writer = csv.writer(fp, delimiter=";", lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        for v in vouchers:
            if v.application_id not in sequences:
                sequences[v.application_id] = register.application(v.application_id).sequence
            writer.writerow([format_serial(v.serial), dutch_amount(v.value), safe_text(v.holder),
                             sequences[v.application_id], v.issued_on.isoformat(),
                             v.valid_until.isoformat(), EXPORT_STATES[v.state],
                             dutch_amount(v.paid), dutch_amount(v.left)])
    return len(vouchers)


def read_cash_list(text: str) -> list[tuple[str, dt.date, Decimal, int]]:
    """(serial as written, date, amount, line) from the cash manager's CSV; a header line
    is skipped. Semicolons (or commas, tabs) between fields, decimal commas."""
    sample = text[:2000]
    delimiter = ";" if ";" in sample else ("\t" if "\t" in sample else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _cash_rows(reader)
    except csv.Error as problem:  # a cell over csv's limit (128 KiB), a stray NUL
        raise UserError(_("Line {line} of the cash list cannot be read ({reason}).").format(
            line=reader.line_num, reason=problem)) from None


def _cash_rows(reader) -> list[tuple[str, dt.date, Decimal, int]]:
    rows = []
    for line, fields in enumerate(reader, 1):
        if not fields or not "".join(fields).strip():
            continue
        if len(fields) < 3:
            raise UserError(_("Line {line} of the cash list has no serial, date and amount.")
                            .format(line=line))
        try:
            day, amount = _parse_date(fields[1]), parse_dutch_amount(fields[2])
        except ValueError:
            if line == 1:
                continue  # the header
            raise UserError(_("Line {line} of the cash list: “{date}” or “{amount}” is not a "
                              "date or an amount.").format(line=line, date=fields[1],
                                                           amount=fields[2])) from None
        rows.append((fields[0].strip(), day, amount, line))
    return rows


@reads(Read.VOUCHERS, Read.PAYMENTS)
def reconcile(register, text: str) -> list[Difference]:
    """Every difference between the cash manager's list (``text``) and the register."""
    differences: list[Difference] = []
    listed: dict[str, Decimal] = {}
    seen: set[tuple[str, dt.date, Decimal]] = set()
    for written, day, amount, _line in read_cash_list(text):
        try:
            serial = parse_serial(written)
        except SerialError:
            serial = None
        voucher = register.voucher_by_serial(serial) if serial else None
        shown = format_serial(serial) if serial else written
        if voucher is None:
            differences.append(Difference("never_issued", shown, _(
                "{serial}: {amount} paid on {date}, but this voucher was never issued.").format(
                    serial=shown, amount=format_money(amount), date=format_date(day)), day, amount))
            continue
        if (serial, day, amount) in seen:
            differences.append(Difference("paid_twice", shown, _(
                "{serial}: {amount} on {date} is on the list twice.").format(
                    serial=shown, amount=format_money(amount), date=format_date(day)), day, amount))
        seen.add((serial, day, amount))
        listed[serial] = listed.get(serial, Decimal("0.00")) + amount
        if voucher.status.value == "voided" and voucher.ended_on and day >= voucher.ended_on:
            differences.append(Difference("after_void", shown, _(
                "{serial}: {amount} paid on {date}, after the voucher was voided on {voided}."
            ).format(serial=shown, amount=format_money(amount), date=format_date(day),
                     voided=format_date(voucher.ended_on)), day, amount))
        elif day > voucher.valid_until:
            differences.append(Difference("after_expiry", shown, _(
                "{serial}: {amount} paid on {date}, after it was valid (until {until})."
            ).format(serial=shown, amount=format_money(amount), date=format_date(day),
                     until=format_date(voucher.valid_until)), day, amount))
    for serial, total in listed.items():
        voucher = register.voucher_by_serial(serial)
        shown = format_serial(serial)
        if total > voucher.value:
            differences.append(Difference("over_value", shown, _(
                "{serial}: {total} paid in all, more than its value of {value}.").format(
                    serial=shown, total=format_money(total), value=format_money(voucher.value)),
                amount=total))
        if total != voucher.paid:
            differences.append(Difference("amount_differs", shown, _(
                "{serial}: the cash list says {total} paid, the register {paid}.").format(
                    serial=shown, total=format_money(total), paid=format_money(voucher.paid)),
                amount=total))
    for voucher in register.all_vouchers():
        if voucher.serial in listed or voucher.status.value == "voided":
            continue
        shown = format_serial(voucher.serial)
        if voucher.paid:
            differences.append(Difference("amount_differs", shown, _(
                "{serial}: the cash list says {total} paid, the register {paid}.").format(
                    serial=shown, total=format_money(Decimal("0.00")),
                    paid=format_money(voucher.paid)), amount=Decimal("0.00")))
        else:
            differences.append(Difference("never_paid", shown, _(
                "{serial}: issued ({value}) and never paid.").format(
                    serial=shown, value=format_money(voucher.value)), amount=voucher.value))
    return differences


def kind_text(kind: str) -> str:
    return {"never_issued": _("paid, never issued"), "after_void": _("paid after voiding"),
            "after_expiry": _("paid after expiry"), "paid_twice": _("paid twice"),
            "over_value": _("paid more than its value"),
            "amount_differs": _("amounts differ"), "never_paid": _("issued, never paid")}[kind]


def write_differences(differences: list[Difference], out: str | os.PathLike) -> None:
    """The differences as a Dutch spreadsheet's CSV, for the app's Save."""
    from ..files import write_whole

    from .spreadsheet import BOM, safe_text

    with write_whole(out) as fp:
        fp.write(BOM)
        writer = csv.writer(fp, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("Difference"), _("Serial"), _("Date"), _("Amount"), _("What")])
        for d in differences:
            writer.writerow([kind_text(d.kind), safe_text(d.serial),
                             d.paid_on.isoformat() if d.paid_on else "",
                             dutch_amount(d.amount) if d.amount is not None else "",
                             safe_text(d.message)])
