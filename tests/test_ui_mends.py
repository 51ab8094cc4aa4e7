"""The mends reachable in the window: budgets, attachments, an application's end, the manual,
personal data, the budget at a glance, the year report, notices and backups."""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox

from regiegroep.trust import backup
from regiegroep.model import Status
from regiegroep.register import Register
from ui import detail, document_choices, documents, exchange
from ui.budget_view import BudgetView
from ui.budgets_dialog import BudgetsDialog
from ui.help import HelpWindow
from ui.privacy_dialog import PrivacyDialog

from .conftest import complete_application
from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)
from .test_ui_access import granted_row


def test_only_the_chair_and_secretary_add_a_neighbourhood_and_next_years_budget(
        qtbot, example_copy, monkeypatch):
    member = opened(qtbot, example_copy, person="Hasan Yıldız")
    assert not member.menus.budgets_action.isEnabled() and not member.menus.personal_data_action.isEnabled()
    member.close()
    w = opened(qtbot, example_copy, person="Marieke Bakker")
    assert w.menus.budgets_action.isEnabled()
    seen = []

    def work(dialog):
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Rosmolenbuurt", True))
        dialog.new_wijk_button.click()
        assert dialog.wijk.currentText() == "Rosmolenbuurt"
        dialog.year.setValue(2027)
        dialog.amount.setText("80.000")
        dialog.reservation.setText("9000")
        assert not dialog.save()  # above the ordinance's cap (Art. 2.3)
        assert "2.3" in dialog.error.text()
        dialog.reservation.setText("4.000,00")
        assert dialog.save() and dialog.error.text() == ""
        seen.append(dialog.table.item(dialog.table.currentRow(), 0).text())
        return 0

    monkeypatch.setattr(BudgetsDialog, "exec", work)
    w.menus.budgets_action.trigger()
    assert seen == ["Rosmolenbuurt"]
    budget = next(b for b in w.register.budgets() if b.wijk == "Rosmolenbuurt")
    assert (budget.year, budget.ceiling) == (2027, Decimal("76000.00"))
    assert w.register.events()[-1].actor == "Marieke Bakker"


def _with_scan(path, tmp_path):
    scan = tmp_path / "handtekening.pdf"
    scan.write_bytes(b"%PDF-1.4 signed\x00\xfe")
    with Register.open(path) as register:
        app = register.register_application(complete_application(register.wijken()[0].id),
                                            attachments=[(scan, "signed_form")])
        return app, register.attachments(app.id)[0], scan.read_bytes()


def test_a_scan_is_opened_privately_and_saved_from_the_detail(qtbot, example_copy, tmp_path,
                                                             monkeypatch):
    app, attachment, data = _with_scan(example_copy, tmp_path)
    w = opened(qtbot, example_copy)
    w.reread(app.id)
    assert f"attachment-open:{attachment.id}" in w.detail.toHtml()
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    w.detail.anchorClicked.emit(QUrl(f"attachment-open:{attachment.id}"))
    opened_path = urls[0].toLocalFile()
    assert Path(opened_path).read_bytes() == data
    if os.name != "nt":
        assert stat.S_IMODE(os.stat(opened_path).st_mode) & 0o077 == 0
        assert stat.S_IMODE(os.stat(os.path.dirname(opened_path)).st_mode) & 0o077 == 0
    out = tmp_path / "opgeslagen.pdf"
    monkeypatch.setattr(detail, "save_file_name", lambda *a: (str(out), ""))
    w.detail.anchorClicked.emit(QUrl(f"attachment-save:{attachment.id}"))
    assert out.read_bytes() == data


def test_a_granted_application_is_marked_completed_as_the_core_allows(qtbot, example_copy,
                                                                     monkeypatch):
    cash = opened(qtbot, example_copy, person="Priya Ramdin")
    row, app, _decision = granted_row(cash)
    cash.table.selectRow(row)
    qtbot.waitUntil(lambda: not cash._detail_timer.isActive())
    assert cash.menus.redeem_action.isEnabled() and not cash.menus.complete_action.isEnabled()  # the cash manager changes no application
    # nor prints the group's certificates: greyed, not refused after a file name was asked
    assert not cash.menus.print_vouchers_action.isEnabled()
    assert not cash.menus.save_vouchers_action.isEnabled()
    cash.close()
    w = opened(qtbot, example_copy, person="Hasan Yıldız")
    row = next(r for r in range(w.model.rowCount()) if w.model.application_at(r).status
               in (Status.GRANTED, Status.PARTIALLY_GRANTED))
    app = w.model.application_at(row)
    w.table.selectRow(row)
    qtbot.waitUntil(w.menus.complete_action.isEnabled)
    assert w.menus.withdraw_action.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Bonnen verantwoord", True))
    w.menus.complete_action.trigger()
    assert w.register.application(app.id).status is Status.COMPLETED
    assert w.register.events(app.id)[-1].details["reason"] == "Bonnen verantwoord"
    w.table.selectRow(w.model.row_of(app.id))
    qtbot.waitUntil(lambda: not w._detail_timer.isActive())
    assert not w.menus.complete_action.isEnabled() and not w.menus.withdraw_action.isEnabled()
    assert "afgerond" in w.detail.toPlainText().lower()


def test_f1_opens_the_manual_with_the_ordinance_of_the_selected_year(qtbot, example_copy,
                                                                    monkeypatch):
    w = opened(qtbot, example_copy)
    assert w.menus.manual_action.shortcut().toString() == "F1"
    assert w.menus.manual_action in w.menuBar().actions()[-1].menu().actions()
    shown = []
    monkeypatch.setattr(HelpWindow, "exec", lambda dialog: shown.append(dialog.pages) or 0)
    w.table.selectRow(0)
    w.menus.manual_action.trigger()
    current = w.selected()
    expected = w.register.ordinance_for(current.wijk_id, current.year)
    assert shown and [p.text for p in shown[0]] == [
        p.text for p in HelpWindow(None, expected).pages]


def test_personal_data_and_the_budget_at_a_glance_from_the_menus(qtbot, example_copy,
                                                                 monkeypatch):
    w = opened(qtbot, example_copy)
    assert w.menus.personal_data_action.isEnabled()
    shown = []
    monkeypatch.setattr(PrivacyDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    w.menus.personal_data_action.trigger()
    assert len(shown) == 1
    assert w.menus.glance_action.isEnabled()
    w.menus.glance_action.trigger()
    view = w.manage.glance.findChild(BudgetView)
    assert w.manage.glance.isVisible() and view is not None and view.values
    w._close_register()
    assert w.manage.glance is None


def test_the_year_report_is_written_in_the_background_and_can_be_cancelled(
        qtbot, example_copy, tmp_path, monkeypatch):
    w = opened(qtbot, example_copy, person="Ahmed El Amrani")
    assert w.menus.year_report_action.isEnabled()
    folder = tmp_path / "verslag"
    folder.mkdir()
    # The year report's dialog: 2026, all neighbourhoods, saved into a folder.
    monkeypatch.setattr(document_choices.ReportChoice, "exec", lambda dialog: dialog.year.setValue(2026)
                        or 1)
    monkeypatch.setattr(documents, "existing_directory", lambda *a: str(folder))
    w.menus.year_report_action.trigger()
    qtbot.waitUntil(lambda: not w.workers, timeout=60000)
    written = sorted(p.suffix for p in folder.iterdir())
    assert ".pdf" in written and ".xlsx" in written and ".csv" in written
    again = tmp_path / "geannuleerd"
    again.mkdir()
    monkeypatch.setattr(documents, "existing_directory", lambda *a: str(again))
    w.menus.year_report_action.trigger()
    w.workers[-1].cancelled = True
    qtbot.waitUntil(lambda: not w.workers, timeout=60000)
    assert list(again.iterdir()) == []


def test_a_notice_is_saved_in_the_format_of_its_extension(qtbot, example_copy, tmp_path,
                                                          monkeypatch):
    w = opened(qtbot, example_copy)
    out = tmp_path / "regeling.html"
    monkeypatch.setattr(document_choices.NoticeChoice, "exec", lambda dialog: 1)
    monkeypatch.setattr(documents, "save_file_name", lambda *a: (str(out), ""))
    w.menus.notice_action.trigger()
    qtbot.waitUntil(out.exists, timeout=60000)
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_the_apps_backups_rotate_only_their_own_register(qtbot, example_copy, tmp_path,
                                                         monkeypatch):
    w = opened(qtbot, example_copy)
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(exchange.settings, "backup_folder", lambda: str(folder))
    rotated = []
    real = backup.rotate
    monkeypatch.setattr(backup, "rotate", lambda *a, **k: rotated.append(k) or real(*a, **k))
    w.exchange.backup_now()
    assert rotated and rotated[0]["register"].parent == folder


def test_the_privacy_statement_names_the_apps_menu():
    from regiegroep.trust.privacy import statement

    assert "Persoonsgegevens" in statement(24) and "regiegroep privacy export" in statement(24)


def test_the_closed_budget_view_reads_nothing_once_the_app_is_locked(qtbot, example_copy):
    """The walk found a bug dialog on every wrong PIN after the budget view had been open:
    its timer still read the budgets with nobody signed in."""
    from ui import budget_view

    w = opened(qtbot, example_copy)
    w.menus.glance_action.trigger()
    view = w.manage.glance.findChild(BudgetView)
    w.manage.glance.close()
    assert not view.timer.isActive()
    w.session.lock()
    assert w.pages.currentWidget() is w.session.sign_in_page
    with pytest.raises(Exception):
        w.register.sign_in("Joke van der Meer", "0000")  # a wrong PIN: the register changes
    view.refresh_if_changed()  # what the timer would call: no AccessDenied, nothing read
    qtbot.wait(budget_view.POLL_MS // 10)



def test_change_my_pin_asks_the_current_one(qtbot, example_copy):
    """The walk changed the cash manager's PIN through File › Change my PIN… without the
    current one: whoever finds a window left signed in could take her name over."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from regiegroep import demo
    from ui.people_dialog import PinDialog

    w = opened(qtbot, example_copy, person="Priya Ramdin")
    seen = []

    def type_in(tries=[0]):
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PinDialog):
            tries[0] += 1
            if tries[0] < 250:
                QTimer.singleShot(20, type_in)
            return
        qtbot.keyClicks(dialog.current, "0000")  # not hers
        qtbot.keyClicks(dialog.pin, "4826")
        qtbot.keyClicks(dialog.again, "4826")
        dialog.accept()
        seen.append(dialog.error.text())
        dialog.current.clear()
        qtbot.keyClicks(dialog.current, demo.PINS["Priya Ramdin"])
        dialog.accept()

    QTimer.singleShot(20, type_in)
    w.menus.my_pin_action.trigger()
    assert "niet uw huidige pincode" in seen[0]
    w.register.sign_out()
    w.register.sign_in("Priya Ramdin", "4826")  # the new PIN, given with the old one


def test_closing_the_budgets_with_a_budget_typed_asks_first(qtbot, example_copy):
    """The walk: Esc closed "Neighbourhoods and budgets" with an unsaved budget typed, as no
    other form does. Choosing budgets to look at asks nothing."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    w = opened(qtbot, example_copy, person="Marieke Bakker")
    asked = []

    def shown():
        dialog = BudgetsDialog(w.register, w)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.table.setFocus()
        for _row in range(2):  # looked at: each fills the form
            qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        return dialog

    def answer(button):
        def look():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, look)
                return
            asked.append(box.text())
            box.button(button).click()
        QTimer.singleShot(0, look)

    looked = shown()
    qtbot.keyClick(looked.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not looked.isVisible())
    assert asked == []  # nothing typed: nothing asked

    dialog = shown()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.amount, "123.456")
    answer(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert dialog.isVisible() and dialog.amount.text() == "123.456"  # nothing typed lost
    answer(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(asked) == 2 and "opslaan" in asked[0].lower()
    assert all(b.amount != Decimal("123456") for b in w.register.budgets())
