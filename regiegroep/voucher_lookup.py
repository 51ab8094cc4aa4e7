"""A serial is an address: a typed serial (with or without hyphens, any case) or a scanned
voucher code leads to its voucher and its application (Art. 9). The main window's search,
the redeem and the check screens start from it."""

from __future__ import annotations

import dataclasses

from . import serials
from .access import Read
from .i18n import _
from .register import Register


@dataclasses.dataclass(frozen=True)
class Found:
    """The voucher a serial names, and the application it was issued for."""

    voucher: "object"  # vouchers.IssuedVoucher
    application_id: int
    sequence: int


def serial_in(register: Register, text: str) -> str | None:
    """The plain serial ``text`` names, or None: a serial typed as printed, with or without
    hyphens, in any case, or a scanned code signed by this register's key."""
    text = (text or "").strip()
    if not text:
        return None
    from .verifying import _is_code

    if _is_code(text):
        from .verifying import check_voucher

        verdict = check_voucher(register, text)
        return verdict.serial or None
    return serials.normalise(text) if serials.is_valid(text) else None


def find_voucher(register: Register, text: str) -> Found | None:
    """The voucher and application ``text`` names (see ``serial_in``), or None when it is
    no serial, or no voucher of this register has it."""
    register.require_read(Read.VOUCHERS)
    serial = serial_in(register, text)
    if serial is None:
        return None
    voucher = register.voucher_by_serial(serial)
    if voucher is None:
        return None
    row = register.conn.execute("SELECT sequence FROM application WHERE id = ?",
                                [voucher.application_id]).fetchone()
    return Found(voucher, voucher.application_id, row[0] if row else 0)


# The reasons the register itself writes when it voids a voucher (regiegroep.vouchers),
# kept in English on record and shown in the person's language.
_REASONS = {"corrected decision": lambda: _("corrected decision")}


def reason_text(reason: str) -> str:
    """Why a voucher was voided, as the person reads it."""
    shown = _REASONS.get(reason)
    return shown() if shown else reason
