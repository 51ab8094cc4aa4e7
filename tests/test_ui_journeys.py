"""Issue 21: journeys as a person makes them, in the real window and the real dialogs, with
QTest keys and clicks; only the file dialogs are answered, through the project's one
file-dialog helper (ui.file_dialogs). Each asserts what is on screen and what is on record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from regiegroep.serials import format_serial

from .test_ui import example, example_copy, opened, sign_in  # noqa: F401 (fixtures)


class Person:
    """Answers what comes in front: ``when(kind, handle)`` calls ``handle(dialog)`` once,
    as soon as a new modal window of ``kind`` is shown (inside the dialog's own loop)."""

    def __init__(self, qtbot):
        self.qtbot, self.timers, self.handled = qtbot, [], []

    def when(self, kind, handle) -> None:
        before = QApplication.activeModalWidget()
        timer = QTimer(interval=20)

        def poll():
            modal = QApplication.activeModalWidget()
            if modal is not None and modal is not before and isinstance(modal, kind) \
                    and modal.isVisible():
                timer.stop()
                self.handled.append(modal)
                handle(modal)

        timer.timeout.connect(poll)
        timer.start()
        self.timers.append(timer)

    def yes(self) -> None:
        """The next question (a summary to confirm) is answered Yes, with a click."""
        self.when(QMessageBox, lambda box: self.qtbot.mouseClick(
            box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton))


@pytest.fixture
def no_bugs(monkeypatch):
    from ui import tasks

    bugs = []
    monkeypatch.setattr(tasks, "show_bug", lambda parent, details: bugs.append(details))
    yield bugs
    assert bugs == []


def answer_files(monkeypatch, *paths):
    """The file dialogs the person meets, answered in turn (the helper's one place)."""
    from ui import file_dialogs

    queue = [str(p) for p in paths]
    monkeypatch.setattr(file_dialogs, "_run", lambda dialog: [queue.pop(0)] if queue else [])
    return queue


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_cash_managers_evening(qtbot, example_copy, tmp_path, monkeypatch, no_bugs):
    w = opened(qtbot, example_copy, person="Priya Ramdin")
    register = w.register
    voucher = next(v for v in register.all_vouchers()
                   if v.status.value == "issued" and v.left >= Decimal("300")
                   and v.valid_until >= dt.date.today())
    serial, app_id = voucher.serial, voucher.application_id
    sequence = register.application(app_id).sequence
    me = Person(qtbot)

    # 1. The serial scanned into the search (lower case, with hyphens, ending in Enter).
    qtbot.keyClicks(w.search, format_serial(serial).lower())
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert w.selected() is not None and w.selected().id == app_id
    assert format_serial(serial) in w.statusBar().currentMessage()

    # 2. Check it: the verdict is shown; a second scan's Enter checks, never closes.
    seen = {}

    def check(dialog):
        seen["first"] = dialog.answer.text()
        dialog.code.clear()
        qtbot.keyClicks(dialog.code, format_serial(serial))
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        seen["still open"] = dialog.isVisible()
        seen["second"] = dialog.answer.text()
        dialog.reject()

    me.when(QDialog, check)
    w.check_voucher_action.trigger()
    assert "Geldig" in seen["first"] and f"Aanvraag {sequence}" in seen["first"]
    assert seen["still open"] and "Geldig" in seen["second"]

    # 3. Redeem to a supplier, confirming the summary.
    before = len(register.payments(app_id))

    def to_supplier(dialog):
        assert dialog.voucher.currentData() == serial and dialog.width() >= 700
        qtbot.keyClicks(dialog.amount, "150,00")
        qtbot.keyClicks(dialog.payee, "Bouwmarkt Zaandam")
        qtbot.keyClicks(dialog.iban, "NL91 ABNA 0417 1643 00")
        qtbot.keyClicks(dialog.invoice, "F-2026-17")
        qtbot.keyClicks(dialog.description, "verf en kwasten")
        me.yes()
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    me.when(QDialog, to_supplier)
    w.redeem_action.trigger()
    paid = register.payments(app_id)
    assert len(paid) == before + 1
    assert (paid[-1].amount, paid[-1].way, paid[-1].payee) == (
        Decimal("150.00"), "supplier", "Bouwmarkt Zaandam")
    assert "150,00" in w.statusBar().currentMessage()

    # 4. Cash to the holder.
    def in_cash(dialog):
        click(qtbot, dialog.in_cash)
        assert not dialog.payee.isVisible()
        qtbot.keyClicks(dialog.amount, "25")
        me.yes()
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    me.when(QDialog, in_cash)
    w.redeem_action.trigger()
    assert (register.payments(app_id)[-1].amount, register.payments(app_id)[-1].way) == (
        Decimal("25.00"), "cash")

    # 5. A refused payment (Art. 9.2): recorded once, and said so (it crashed before).
    refused_before = len(register.refusals(serial))
    summary = {}

    def refuse(dialog):
        qtbot.keyClicks(dialog.amount, "40")
        qtbot.keyClicks(dialog.payee, "Supermarkt")
        qtbot.keyClicks(dialog.refusal_reason, "boodschappen, niet voor het initiatief")

        def confirm(box):
            summary["text"] = box.text()
            click(qtbot, box.button(QMessageBox.StandardButton.Yes))

        me.when(QMessageBox, confirm)
        click(qtbot, dialog.refuse_button)

    me.when(QDialog, refuse)
    w.redeem_action.trigger()
    assert "boodschappen" in summary["text"] and "40,00" in summary["text"]
    assert len(register.refusals(serial)) == refused_before + 1
    assert "geweigerde betaling" in w.statusBar().currentMessage()

    # 6. Reconcile the cash list (Dutch: semicolons, comma decimals) and save the table.
    cash_list = tmp_path / "kaslijst.csv"
    today = dt.date.today().strftime("%d-%m-%Y")
    cash_list.write_text("serienummer;datum;bedrag\n"
                         f"{format_serial(serial)};{today};150,00\n"
                         f"{format_serial(serial)};{today};99,00\n", encoding="utf-8")
    saved = tmp_path / "verschillen.csv"
    answer_files(monkeypatch, cash_list, saved)
    table = {}

    def reconcile(dialog):
        table["rows"] = dialog.table.rowCount()
        click(qtbot, dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Save))
        dialog.reject()

    me.when(QDialog, reconcile)
    w.reconcile_action.trigger()
    assert table["rows"] >= 1
    assert "99,00" in saved.read_text(encoding="utf-8") or "99.00" in saved.read_text(
        encoding="utf-8")

    # 7. A lost voucher: a member voids and replaces it from the check screen.
    w.lock_action.trigger()
    sign_in(qtbot, w, "Hasan Yıldız")
    left = register.voucher_by_serial(serial).left
    answer = {}

    def void(dialog):
        qtbot.keyClicks(dialog.code, serial)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.reason, "verloren in de bus")
        click(qtbot, dialog.void_button)
        answer["text"] = dialog.answer.text()
        dialog.reject()

    me.when(QDialog, void)
    w.check_voucher_action.trigger()
    old = register.voucher_by_serial(serial)
    assert old.status.value == "voided" and format_serial(old.replaced_by) in answer["text"]
    assert register.voucher_by_serial(old.replaced_by).value == left
