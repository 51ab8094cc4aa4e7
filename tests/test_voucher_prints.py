"""Certificates count as printed once they left the app (Art. 1a, 5): written for a preview
they are not on record; printed or kept as a file, they are, once, and the next paper of
those vouchers is a reprint. The command line writes the file it was asked for: printed."""

from decimal import Decimal

import pypdf
import pytest

from regiegroep.errors import UserError
from regiegroep.vouchers.voucher_prints import record_print, write_vouchers

from .test_vouchers import _granted, _register


def _text(path) -> str:
    return " ".join(pypdf.PdfReader(str(path)).pages[0].extract_text().split())


def _prints(register, app_id):
    return [e for e in register.events(app_id) if e.action == "vouchers_printed"]


def test_written_is_not_printed_until_it_is_recorded(tmp_path):
    register = _register()
    app = _granted(register, Decimal("5000.00"))
    (voucher,) = register.issued_vouchers(app.id)
    looked_at = write_vouchers(register, tmp_path / "preview.pdf", app.sequence)
    assert looked_at.serials == (voucher.serial,) and looked_at.reprints == ()
    assert _prints(register, app.id) == []  # a preview closed: nothing on record
    again = write_vouchers(register, tmp_path / "preview-2.pdf", app.sequence)
    assert "HERDRUK" not in _text(again.path)  # so the paper printed next is no reprint

    kept = record_print(register, again, keep_as=tmp_path / "mine.pdf")
    assert kept == tmp_path / "mine.pdf" and kept.exists() and not again.path.exists()
    (entry,) = _prints(register, app.id)
    assert entry.details == {"serials": [voucher.serial], "reprints": []}
    after = write_vouchers(register, tmp_path / "next.pdf", app.sequence)
    assert after.reprints == (voucher.serial,) and "HERDRUK" in _text(after.path)
    register.close()


def test_a_file_that_cannot_be_kept_there_records_nothing(tmp_path):
    register = _register(tmp_path / "register.sqlite")
    app = _granted(register, Decimal("500.00"))
    paper = write_vouchers(register, tmp_path / "part.pdf", app.sequence)
    with pytest.raises(UserError):  # over the register itself: refused
        record_print(register, paper, keep_as=tmp_path / "register.sqlite")
    assert _prints(register, app.id) == [] and paper.path.exists()
    register.close()


def test_the_command_lines_print_is_recorded_once_with_its_file(tmp_path):
    register = _register()
    app = _granted(register, Decimal("500.00"))
    path = register.print_vouchers(tmp_path / "cli.pdf", app.sequence)
    assert path.exists() and len(_prints(register, app.id)) == 1
    register.close()
