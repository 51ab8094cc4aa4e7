"""Vouchers in the window: a scanned or typed voucher checked, the detail view's vouchers,
the reconciliation as a table that is saved."""

from PySide6.QtCore import Qt

from regiegroep.register import Register
from regiegroep.vouchers.serials import format_serial
from ui.vouchers_dialog import CheckVoucherDialog, ReconcileDialog

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)


def test_a_scanned_code_or_a_typed_serial_is_checked_on_enter(qtbot, example_copy):
    with Register.open(example_copy) as register:
        vouchers = register.all_vouchers()
        standing = next(v for v in vouchers if v.status.value == "issued" and v.left > 0)
        voided = next(v for v in vouchers if v.status.value == "voided")
        dialog = CheckVoucherDialog(register)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.code, register.voucher_code(standing))  # as a scanner types
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        assert dialog.verdict.valid and "Geldig" in dialog.answer.text() or "Valid" in dialog.answer.text()
        assert dialog.verdict.left == standing.left
        dialog.code.clear()
        qtbot.keyClicks(dialog.code, format_serial(voided.serial).lower())
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        assert not dialog.verdict.valid and dialog.verdict.reason == "voided"


def test_the_detail_view_lists_each_voucher_with_its_serial_and_status(qtbot, example_copy):
    with Register.open(example_copy) as register:
        voided = next(v for v in register.all_vouchers() if v.status.value == "voided")
        sequence = register.application(voided.application_id).sequence
    w = opened(qtbot, example_copy)
    while w.model.canFetchMore():
        w.model.fetchMore()
    row = next(r for r in range(w.model.rowCount())
               if w.model.application_at(r).sequence == sequence)
    w.table.selectRow(row)
    qtbot.waitUntil(lambda: format_serial(voided.serial) in w.detail.toPlainText())
    text = w.detail.toPlainText()
    assert "vervangen door " + format_serial(voided.replaced_by) in text or \
        "replaced by " + format_serial(voided.replaced_by) in text
    assert "ongeldig" in text or "voided" in text


def test_the_reconciliation_is_shown_and_saved(qtbot, example_copy, tmp_path):
    from regiegroep.exchange.reconcile import reconcile

    with Register.open(example_copy) as register:
        found = reconcile(register, "serienummer;datum;bedrag\nWXYZ-WXYZ-WXYA;01-04-2026;5,00\n")
    dialog = ReconcileDialog(found)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(found) > 1
    out = tmp_path / "verschillen.csv"
    dialog.save(str(out))
    assert "WXYZ-WXYZ-WXYA" in out.read_text(encoding="utf-8")
    assert str(out) in dialog.saved.text()  # said where it went (the walk saw nothing)


def test_a_lost_voucher_is_voided_from_the_check_screen(qtbot, example_copy):
    with Register.open(example_copy) as register:
        standing = next(v for v in register.all_vouchers()
                        if v.status.value == "issued" and v.left > 0)
        dialog = CheckVoucherDialog(register)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.code, standing.serial)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        assert dialog.void_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Verloren in de bus")
        dialog.void_button.click()
        old = register.voucher_by_serial(standing.serial)
        assert old.status.value == "voided" and old.replaced_by in dialog.answer.text().replace("-", "")
        assert register.voucher_by_serial(old.replaced_by).value == standing.left


def test_the_group_confirms_the_expiry_in_the_window(qtbot, tmp_path, monkeypatch):
    import datetime as dt
    from decimal import Decimal

    from PySide6.QtWidgets import QMessageBox

    from regiegroep.vouchers.payments import Payment, Way

    from .test_vouchers import _granted, _register

    path = tmp_path / "register.sqlite"
    with _register(path) as register:
        app = _granted(register, Decimal("900.00"))
        (voucher,) = register.issued_vouchers(app.id)
        register.redeem(app.id, Payment(voucher.serial, dt.date(2026, 4, 1), Way.CASH,
                                        Decimal("100")))
    from ui import vouchers_dialog

    w = opened(qtbot, path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2])
                        or QMessageBox.StandardButton.Yes)
    assert w.menus.expire_action.isEnabled()
    vouchers_dialog.expire_vouchers(w, dt.date(2027, 7, 1))  # the action, a year on
    assert asked and "800,00" in asked[0]
    assert w.register.voucher_by_serial(voucher.serial).status.value == "expired"


def test_the_chair_saves_the_status_list_and_a_voided_voucher_is_refused_with_it(
        qtbot, example_copy, tmp_path, monkeypatch):
    from regiegroep.vouchers import signing, status_list, verifying
    from regiegroep.vouchers.issuing import key_ring
    from ui import vouchers_dialog

    w = opened(qtbot, example_copy)  # Joke van der Meer, the chair
    out = tmp_path / "statuslijst.txt"
    monkeypatch.setattr(vouchers_dialog, "save_file_name", lambda *a: (str(out), ""))
    assert w.menus.status_list_action.isEnabled()
    w.menus.status_list_action.trigger()
    assert "statuslijst.txt" in w.statusBar().currentMessage()
    voided = next(v for v in w.register.all_vouchers() if v.status.value == "voided")
    code, ring = w.register.voucher_code(voided), key_ring(w.register)
    listed = status_list.read(out.read_text(encoding="utf-8"), ring)
    assert not verifying.check_code(code, ring, voided.issued_on, status=listed).valid
    assert signing.PREFIX != status_list.PREFIX
