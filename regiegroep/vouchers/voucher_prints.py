"""Which vouchers were printed before (Art. 1a, 5): a second print of a voucher is a reprint,
marked as such with its date and with what is left on it (regiegroep.documents.
voucher_certificate), so two identical papers for one voucher never exist.

Certificates count as printed once they left the app: printed on paper, or kept as a file
the person chose. So writing them (``write_vouchers``) records nothing; a print preview
closed without printing leaves no trace. ``record_print`` puts the print on record, with
its audit entry (``vouchers_printed``): from then on the next print of those vouchers is
a reprint. The command line's ``print_vouchers`` writes the file the person named and
records it in one transaction. Functions take the register as their first argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..errors import UserError
from ..i18n import _
from ..store import DESKTOP
from ..store import reads, requires
from ..trust.access import Permission, Read

if TYPE_CHECKING:
    from ..register import Register


@dataclasses.dataclass(frozen=True)
class VoucherPaper:
    """Certificates written to ``path`` and not yet on record as printed: which vouchers,
    which of them say they are a reprint, and the application (None: the whole register)."""

    path: Path
    serials: tuple[str, ...]
    reprints: tuple[str, ...]
    application_id: int | None


@reads(Read.VOUCHERS)
def printed_before(register: Register) -> set[str]:
    """The serials of every voucher printed before."""
    found: set[str] = set()
    for (details,) in register.conn.execute(
            "SELECT details FROM event WHERE action = 'vouchers_printed'"):
        found.update(json.loads(details).get("serials", ()))
    return found


@requires(Permission.DECIDE)
def record_print(register: Register, paper: VoucherPaper, actor: str = DESKTOP,
                 keep_as: str | os.PathLike | None = None) -> Path:
    """On record, one action with its audit entry: the certificates of ``paper`` were
    printed, so a next print of them is a reprint. With ``keep_as`` they were saved: the
    file is moved there in the same action (a file that cannot be put there records
    nothing). Returns where the certificates are."""
    from ..files import keep_as as kept

    with register.write():
        register.event(actor, "vouchers_printed", paper.application_id,
                       {"serials": list(paper.serials), "reprints": list(paper.reprints)})
        return paper.path if keep_as is None else kept(paper.path, keep_as)


@requires(Permission.DECIDE)
def write_vouchers(register: Register, out, sequence: int | None = None,
                   language: str | None = None) -> VoucherPaper:
    """Write the issued vouchers (not voided or expired, something left on them) of the
    register, or of one application, as certificates to the PDF ``out``, without recording
    them as printed (``record_print`` does, once they are printed or kept)."""
    from ..documents.voucher_certificate import VoucherRecord, write_certificates
    from .issuing import Status, all_vouchers, issued_vouchers, issuer, voucher_code

    if sequence is not None:
        app = register.application_by_sequence(sequence)
        if app is None:
            raise UserError(_("There is no application with number {sequence}.").format(
                sequence=sequence))
        chosen = issued_vouchers(register, app.id)
    else:
        chosen = all_vouchers(register)
    standing = [v for v in chosen if v.status is Status.ISSUED and v.left > 0]
    if not standing and chosen and sequence is not None:
        raise UserError(_("Application {sequence} has no voucher left to print: its vouchers "
                          "are past their date, voided or spent.").format(sequence=sequence))
    if not standing:
        raise UserError(_("There are no issued vouchers to print."))
    chosen = standing
    apps, wijken, ordinances, records = {}, {w.id: w.name for w in register.wijken()}, set(), []
    printed, today = printed_before(register), dt.date.today()
    for v in chosen:
        if v.application_id not in apps:
            apps[v.application_id] = register.application(v.application_id)
        app = apps[v.application_id]
        ordinances.add((app.wijk_id, app.year))
        # Printed before, or paid from (so it was in someone's hands): this is a reprint.
        again = v.serial in printed or v.paid > 0
        records.append(VoucherRecord(v.serial, v.value, v.holder, app.title,
                                     wijken.get(app.wijk_id, ""), v.valid_until, v.issued_on,
                                     app.sequence, voucher_code(register, v),
                                     left=v.left if v.paid > 0 else None,
                                     reprint_on=today if again else None))
    rules = {register.ordinance_for(*key) for key in ordinances}
    if len(rules) > 1:
        raise UserError(_("These vouchers were granted under different ordinances; print them "
                          "per application."))
    if language is None:
        languages = {a.applicant.language for a in apps.values()}
        language = languages.pop() if len(languages) == 1 else "nl"

    if language not in i18n.LANGUAGES:
        language = i18n.DEFAULT_LANGUAGE
    path = write_certificates(records, out, issuer=issuer(register), ordinance=rules.pop(),
                              language=language)
    return VoucherPaper(Path(path), tuple(r.serial for r in records),
                        tuple(r.serial for r in records if r.reprint_on),
                        None if sequence is None else app.id)


@requires(Permission.DECIDE)
def print_vouchers(register: Register, out, sequence: int | None = None,
                   language: str | None = None, actor: str = DESKTOP):
    """Print the issued vouchers of the register, or of one application, as certificates
    to the file ``out`` the person named, and record them as printed; returns the PDF's
    path."""
    with register.write():  # the print is recorded with the file: a next one is a reprint
        paper = write_vouchers(register, out, sequence, language)
        record_print(register, paper, actor)
    return paper.path
