"""A serial is an address: a typed serial (with or without hyphens, any case) or a scanned
voucher code leads to its voucher and its application (Art. 9). The main window's search,
the redeem and the check screens start from it."""

from __future__ import annotations

import dataclasses

from . import serials
from ..register import Register
from ..store import reads
from ..trust.access import Read


@dataclasses.dataclass(frozen=True)
class Found:
    """The voucher a serial names, and the application it was issued for."""

    voucher: "object"  # vouchers.IssuedVoucher
    application_id: int
    sequence: int


@reads(Read.VOUCHERS)
def serial_in(register: Register, text: str) -> str | None:
    """The plain serial ``text`` names, or None: a serial typed as printed, with or without
    hyphens, in any case, or a scanned code signed by this register's key."""
    text = (text or "").strip()
    if not text:
        return None
    from .verifying import is_code

    if is_code(text):
        from .verifying import check_voucher

        verdict = check_voucher(register, text)
        return verdict.serial or None
    return serials.normalise(text) if serials.is_valid(text) else None


@reads(Read.VOUCHERS)
def find_voucher(register: Register, text: str) -> Found | None:
    """The voucher and application ``text`` names (see ``serial_in``), or None when it is
    no serial, or no voucher of this register has it."""
    serial = serial_in(register, text)
    if serial is None:
        return None
    voucher = register.voucher_by_serial(serial)
    if voucher is None:
        return None
    from ..applications.lookups import sequence_of

    return Found(voucher, voucher.application_id,
                 sequence_of(register, voucher.application_id) or 0)
