"""Issue 21: journeys as a person makes them, in the real window and the real dialogs, with
QTest keys and clicks; only the file dialogs are answered, through the project's one
file-dialog helper (ui.file_dialogs). Each asserts what is on screen and what is on record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QMessageBox

from regiegroep.vouchers.serials import format_serial

from .test_ui import example, example_copy, opened, sign_in  # noqa: F401 (fixtures)


class Person:
    """Answers what comes in front: ``when(kind, handle)`` calls ``handle(dialog)`` once,
    as soon as a new modal window of ``kind`` is shown (inside the dialog's own loop)."""

    def __init__(self, qtbot):
        self.qtbot, self.timers, self.handled, self.errors = qtbot, [], [], []

    def when(self, kind, handle) -> None:
        before = QApplication.activeModalWidget()
        timer = QTimer(interval=20)

        def poll():
            modal = QApplication.activeModalWidget()
            # Shown, and the active window: keys typed before it is active still reach
            # the shortcuts of the window behind it.
            if modal is not None and modal is not before and isinstance(modal, kind) \
                    and modal.isVisible() and modal.isActiveWindow():
                timer.stop()
                self.handled.append(modal)
                try:
                    handle(modal)
                except BaseException as problem:  # close what is open, so the test ends
                    self.errors.append(problem)
                    for widget in QApplication.topLevelWidgets():
                        if isinstance(widget, QDialog) and widget.isVisible():
                            QDialog.done(widget, 0)

        timer.timeout.connect(poll)
        timer.start()
        self.timers.append(timer)

    def yes(self) -> None:
        """The next question (a summary to confirm) is answered Yes, with a click."""
        self.when(QMessageBox, lambda box: self.qtbot.mouseClick(
            box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton))


@pytest.fixture
def person_():
    made = []

    def make(qtbot):
        made.append(Person(qtbot))
        return made[-1]

    yield make
    for person in made:
        for timer in person.timers:
            timer.stop()
        if person.errors:
            raise person.errors[0]


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


def test_the_cash_managers_evening(qtbot, example_copy, tmp_path, monkeypatch, no_bugs,
                                   person_):
    w = opened(qtbot, example_copy, person="Priya Ramdin")
    register = w.register
    voucher = next(v for v in register.all_vouchers()
                   if v.status.value == "issued" and v.left >= Decimal("300")
                   and v.valid_until >= dt.date.today())
    serial, app_id = voucher.serial, voucher.application_id
    sequence = register.application(app_id).sequence
    me = person_(qtbot)

    # 1. The serial scanned into the search (lower case, with hyphens, ending in Enter).
    qtbot.keyClicks(w.filters.search, format_serial(serial).lower())
    qtbot.keyClick(w.filters.search, Qt.Key.Key_Return)
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
    w.menus.check_voucher_action.trigger()
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
    w.menus.redeem_action.trigger()
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
    w.menus.redeem_action.trigger()
    assert (register.payments(app_id)[-1].amount, register.payments(app_id)[-1].way) == (
        Decimal("25.00"), "cash")

    # 4b. A payment the core refuses is said before anything is asked to confirm (the walk
    # confirmed a payment with a wrong IBAN, then read that it could not be recorded).
    asked = []

    def wrong_iban(dialog):
        click(qtbot, dialog.to_supplier)
        qtbot.keyClicks(dialog.amount, "10")
        qtbot.keyClicks(dialog.payee, "Bouwmarkt Zaandam")
        qtbot.keyClicks(dialog.iban, "NL12ABNA0123456789")

        def close_box():
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                asked.append(box.text())
                box.reject()

        QTimer.singleShot(400, close_box)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        qtbot.wait(500)
        asked.append(dialog.error.text())

        def discard():  # closing a changed form asks what to do with what was typed
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                click(qtbot, box.button(QMessageBox.StandardButton.Discard))

        QTimer.singleShot(200, discard)
        dialog.reject()

    paid_before = len(register.payments(app_id))
    me.when(QDialog, wrong_iban)
    w.menus.redeem_action.trigger()
    assert len(asked) == 1 and "IBAN" in asked[0], asked  # the error, and no question
    assert len(register.payments(app_id)) == paid_before

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
    w.menus.redeem_action.trigger()
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
    w.menus.reconcile_action.trigger()
    assert table["rows"] >= 1
    assert "99,00" in saved.read_text(encoding="utf-8") or "99.00" in saved.read_text(
        encoding="utf-8")

    # 7. A lost voucher: a member voids and replaces it from the check screen.
    w.menus.lock_action.trigger()
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
    w.menus.check_voucher_action.trigger()
    old = register.voucher_by_serial(serial)
    assert old.status.value == "voided" and format_serial(old.replaced_by) in answer["text"]
    assert register.voucher_by_serial(old.replaced_by).value == left


def press(qtbot, dialog, which=QDialogButtonBox.StandardButton.Ok) -> None:
    """Click the dialog's button ``which`` (else its Save or OK), as a person does."""
    for box in dialog.findChildren(QDialogButtonBox):
        for wanted in (which, QDialogButtonBox.StandardButton.Save,
                       QDialogButtonBox.StandardButton.Ok):
            button = box.button(wanted)
            if button is not None and button.isVisible():
                click(qtbot, button)
                return
    raise AssertionError(f"no button to press in {dialog.windowTitle()}")


def test_the_secretarys_first_evening(qtbot, tmp_path, monkeypatch, no_bugs, person_):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QCommandLinkButton, QWizard

    from regiegroep.trust.backup import backups
    from ui import app as app_module
    from ui.check_wizard import ApplicantPage, CheckWizard, DecisionPage, PurposePage
    from ui.main_window import MainWindow

    from .test_ui import fill_form

    app_module.make_application()
    QSettings().clear()
    me = person_(qtbot)
    usb = tmp_path / "usb"

    # 1. The first start: her own municipality, neighbourhood, budget and a backup folder.
    def set_up(dialog):
        click(qtbot, dialog.findChildren(QCommandLinkButton)[0])
        qtbot.keyClicks(dialog.municipality, "Zaanstad")
        qtbot.keyClicks(dialog.wijk, "Poelenburg")
        qtbot.keyClicks(dialog.amount, "300.000")
        assert dialog.backup_folder.text()  # a folder is suggested
        dialog.backup_folder.clear()
        qtbot.keyClicks(dialog.backup_folder, str(usb))
        press(qtbot, dialog.pages.widget(1), QDialogButtonBox.StandardButton.Save)

    me.when(QDialog, set_up)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    path = tmp_path / "eigen.sqlite"
    w.open_register(path)
    qtbot.waitUntil(lambda: w.register is not None and w.register.is_set_up(), timeout=10000)
    assert len(backups(usb, "eigen")) == 1  # the first backup, at once
    assert "reservekopie" not in w.deadline_label.text()
    for widget in QApplication.topLevelWidgets():  # the next steps offered: later
        if widget is not w and widget.isVisible() and isinstance(widget, QDialog):
            widget.reject()

    # 2. People and PINs: herself as secretary with a PIN, the chair and a member.
    def person(name, role):
        def fill(dialog):
            qtbot.keyClicks(dialog.name, name)
            dialog.role.setCurrentIndex(dialog.role.findData(role))
            press(qtbot, dialog)
        return fill

    def people(dialog):
        for name, role in (("Marieke Bakker", "secretary"), ("Joke van der Meer", "chair"),
                           ("Gerda Visser", "member")):
            me.when(QDialog, person(name, role))
            dialog.add()
        row = next(r for r in range(dialog.table.rowCount())
                   if dialog.table.item(r, 0).text() == "Marieke Bakker")
        dialog.table.selectRow(row)

        def pin(pin_dialog):
            qtbot.keyClicks(pin_dialog.pin, "2468")
            qtbot.keyClicks(pin_dialog.again, "2468")
            me.when(QMessageBox, lambda box: box.accept())  # "from now on, sign in"
            press(qtbot, pin_dialog)

        me.when(QDialog, pin)
        dialog.set_pin()
        dialog.reject()

    me.when(QDialog, people)
    w.menus.people_action.trigger()
    assert w.register.requires_sign_in()
    w.menus.lock_action.trigger()
    sign_in(qtbot, w, "Marieke Bakker", "2468")
    assert w.pages.currentWidget() is w.splitter

    # 3. An application typed in from the paper form.
    def intake(form):
        fill_form(form, qtbot)
        press(qtbot, form, QDialogButtonBox.StandardButton.Save)

    me.when(QDialog, intake)
    w.menus.new_action.trigger()
    assert w.model.total == 1
    w.table.selectRow(0)
    app = w.selected()

    # 4. The check to a decision, then the letter saved as PDF.
    letter = tmp_path / "brief.pdf"
    answer_files(monkeypatch, letter)

    def check(wizard):
        def go_to(page_type):
            for _step in range(20):
                if isinstance(wizard.currentPage(), page_type):
                    return wizard.currentPage()
                next_button = wizard.button(QWizard.WizardButton.NextButton)
                assert next_button.isEnabled(), wizard.currentPage().title()
                click(qtbot, next_button)
            raise AssertionError(f"never reached {page_type.__name__}")

        go_to(ApplicantPage).group.button(1).click()  # "residents" (a radio: its click)
        go_to(PurposePage).group.button(1).click()  # "for the neighbourhood"
        page = go_to(DecisionPage)
        page.date.setDate(app.received_at.date())
        assert page.isComplete(), page.problem_label.text()

        def summary(box):  # the decision to confirm first, then: save the letter now
            assert box.objectName() == "decision_summary" and app.title in box.text()
            me.when(QMessageBox, lambda box: click(qtbot, box.button(
                QMessageBox.StandardButton.Yes)))
            click(qtbot, box.button(QMessageBox.StandardButton.Yes))

        me.when(QMessageBox, summary)

        def posted_today(dialog):  # when the letter goes in the post: today, as it offers
            click(qtbot, dialog.findChild(QDialogButtonBox).button(
                QDialogButtonBox.StandardButton.Ok))

        from ui.sending_dialog import SendingDialog

        me.when(SendingDialog, posted_today)
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    me.when(CheckWizard, check)
    w.menus.check_action.trigger()
    assert w.register.latest_decision(app.id).kind.value == "granted"
    qtbot.waitUntil(letter.exists, timeout=20000)
    assert "Fatma" in _pdf_text(letter)

    # 5. The vouchers issued and saved as PDF, with their serials.
    asked = []

    def wrong_then_right(dialog):  # values that do not add up: asked again, typing kept
        line = dialog.findChild(QLineEdit)
        line.selectAll()
        qtbot.keyClicks(line, "1000; 500")
        me.when(QDialog, again)
        press(qtbot, dialog)

    def again(dialog):
        line = dialog.findChild(QLineEdit)
        asked.append((line.text(), dialog.labelText()))
        line.selectAll()
        qtbot.keyClicks(line, "1.000; 850")
        press(qtbot, dialog)

    me.when(QDialog, wrong_then_right)
    w.menus.issue_vouchers_action.trigger()
    assert asked and asked[0][0] == "1000; 500" and "1.850,00" in asked[0][1]
    assert "puntkomma (;)" in asked[0][1] and "';'" not in asked[0][1]  # in plain words
    assert [v.value for v in w.register.issued_vouchers(app.id)] == [Decimal("1000.00"),
                                                                      Decimal("850.00")]
    voucher = w.register.issued_vouchers(app.id)[0]
    printed = tmp_path / "vouchers.pdf"
    answer_files(monkeypatch, printed)
    w.menus.save_vouchers_action.trigger()
    qtbot.waitUntil(printed.exists, timeout=20000)
    assert format_serial(voucher.serial) in _pdf_text(printed)

    # 6. A backup at the end of the evening.
    w.menus.backup_action.trigger()
    assert len(backups(usb, "eigen")) >= 1
    assert "Reservekopie" in w.statusBar().currentMessage()


def menu_action(window, text: str):
    """The menu item a person clicks, found by its words in the menus (not by the window's
    attributes, which may move)."""
    def items(menu):
        for action in menu.actions():
            if action.menu() is not None:
                yield from items(action.menu())
            else:
                yield action

    for top in window.menuBar().actions():
        if top.menu() is None:
            continue
        for action in items(top.menu()):
            if action.text().replace("&", "") == text.replace("&", ""):
                assert action.isEnabled(), text
                return action
    raise AssertionError(f"no menu item {text!r}")


def choose(qtbot, combo, text: str) -> None:
    """Choose ``text`` in a drop-down list as a keyboard does: the first letters typed."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text, (combo.currentText(), text)


def _a4(path) -> bool:
    """Every page A4 (210 x 297 mm, 595 x 842 points)."""
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    return bool(pages) and all(abs(float(p.mediabox.width) - 595.3) < 1
                               and abs(float(p.mediabox.height) - 841.9) < 1 for p in pages)


def _pdf_text(path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise, no grab
def test_the_chairs_evening(qtbot, example_copy, tmp_path, monkeypatch, no_bugs, person_):
    from PySide6.QtWidgets import QWizard

    from regiegroep.i18n import _, format_money
    from ui import language
    from ui.check_wizard import ApplicantPage, CheckWizard, DecisionPage, GroundsPage, PurposePage

    w = opened(qtbot, example_copy, person="Joke van der Meer")
    register = w.register
    me = person_(qtbot)
    # A grant partly paid already, with something left on its vouchers.
    app, paid = next((a, sum(p.amount for p in register.payments(a.id)))
                     for a in register.applications()
                     if a.status.value == "granted" and register.payments(a.id)
                     and any(v.left > 0 for v in register.vouchers(a.id)))
    granted = register.latest_decision(app.id).amount_granted
    lower = (paid + (granted - paid) / 2).quantize(Decimal("1"))

    # 1. Find it by its number and open it with a click.
    qtbot.keyClicks(w.filters.search, str(app.sequence))
    qtbot.waitUntil(lambda: w.model.total == 1)
    rect = w.table.visualRect(w.model.index(0, 1))
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.selected().id == app.id

    # 2. A correction to a lower grant (the part paid stays paid), with its letter.
    letter = tmp_path / "correctie.pdf"
    answer_files(monkeypatch, letter)

    def correct(wizard):
        for _step in range(20):
            page = wizard.currentPage()
            if isinstance(page, DecisionPage):
                break
            if isinstance(page, (ApplicantPage, PurposePage)) and \
                    page.group.checkedButton() is None:
                page.group.button(1).click()  # residents; for the neighbourhood
            if isinstance(page, GroundsPage) and not page.flow.answers.grounds:
                box, reason = page.boxes["a"]  # the ground for the part refused (Art. 6)
                click(qtbot, box)
                qtbot.keyClicks(reason, "Het hek past niet in de planning.")
            click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
        page = wizard.currentPage()
        page.kinds.button(1).click()  # partly granted
        page.amount.clear()
        qtbot.keyClicks(page.amount, format_money(lower).replace("€", "").strip())
        qtbot.keyClicks(page.reasons, "Het hek betaalt de gemeente.")
        page.date.setDate(dt.date.today())
        assert page.isComplete(), page.problem_label.text()

        def summary(box):  # the correction to confirm first, then: the letter now
            assert box.objectName() == "decision_summary"
            assert format_money(lower) in box.text(), box.text()
            me.yes()
            click(qtbot, box.button(QMessageBox.StandardButton.Yes))

        me.when(QMessageBox, summary)
        from ui.sending_dialog import SendingDialog

        me.when(SendingDialog, lambda dialog: click(qtbot, dialog.findChild(
            QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)))  # posted today
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    me.when(CheckWizard, correct)
    w.menus.check_action.trigger()
    latest = register.latest_decision(app.id)
    assert latest.corrects is not None and latest.amount_granted == lower
    qtbot.waitUntil(letter.exists, timeout=20000)
    left_now = sum(v.left for v in register.vouchers(app.id))
    assert left_now == lower - paid  # what is left: the new grant less what was paid
    qtbot.waitUntil(lambda: "het besluit is gecorrigeerd" in w.detail.toPlainText())

    # 3. The budget at a glance shows the new figure: the chair chooses the neighbourhood
    # and the year of the application and reads the totals.
    from ui.budget_view import BudgetView

    menu_action(w, _("Budget at a glance")).trigger()
    view = next(v for v in QApplication.topLevelWidgets() if v.isVisible()
                and v.findChild(BudgetView) is not None).findChild(BudgetView)
    choose(qtbot, view.wijk, app.wijk)
    choose(qtbot, view.year, str(app.year))
    on_screen = {key: view.values[key].text() for key in ("granted_sum", "ceiling", "redeemed")}
    assert all(on_screen.values())
    view.window().close()

    # 4. The notice of the initiatives that received vouchers in her neighbourhood, saved as
    # a PDF (A4) and read back.
    from ui.document_choices import NoticeChoice, ReportChoice

    notice = tmp_path / "mededeling.pdf"
    answer_files(monkeypatch, notice)

    def notice_chosen(dialog):
        choose(qtbot, dialog.kind, dialog.kind.itemText(dialog.kind.findData("granted")))
        choose(qtbot, dialog.wijk, app.wijk)
        dialog.start.clear()
        qtbot.keyClicks(dialog.start, f"1-1-{dt.date.today().year}")
        assert dialog.size.currentData() == "a4" and dialog.language.currentData() == "nl"
        click(qtbot, dialog.save_button)

    me.when(NoticeChoice, notice_chosen)
    menu_action(w, _("Print a notice…")).trigger()
    qtbot.waitUntil(lambda: notice.exists(), timeout=30000)
    text = _pdf_text(notice)
    assert app.wijk in text and app.title in text, text[:500]
    assert str(dt.date.today().year) in text
    assert _a4(notice)
    qtbot.waitUntil(lambda: "mededeling.pdf" in w.statusBar().currentMessage(), timeout=10000)

    # 5. The year report of that neighbourhood and year, written into a folder; its PDF says
    # what the chair chose and the totals she saw on screen.
    folder = tmp_path / "jaarverslag"
    folder.mkdir()
    answer_files(monkeypatch, folder)

    def report_chosen(dialog):
        dialog.year.setFocus()
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, str(app.year))
        choose(qtbot, dialog.wijk, app.wijk)
        assert dialog.values() == (app.year, app.wijk)
        click(qtbot, dialog.save_button)

    me.when(ReportChoice, report_chosen)
    menu_action(w, _("Year report…")).trigger()
    qtbot.waitUntil(lambda: any(folder.glob("*.pdf")), timeout=60000)
    qtbot.waitUntil(lambda: str(folder) in w.statusBar().currentMessage(), timeout=30000)
    report = next(folder.glob("*.pdf"))
    text = _pdf_text(report).replace("\xa0", " ")
    assert app.wijk in text and str(app.year) in text
    for key, figure in on_screen.items():
        assert figure.replace("\xa0", " ") in text, (key, figure)
    assert _a4(report)

    # 6. Lock with Ctrl+L and sign in again: the application is still the one in sight.
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.keyClick(w.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentWidget() is w.session.sign_in_page
    sign_in(qtbot, w, "Joke van der Meer")
    assert w.pages.currentWidget() is w.splitter

    # 7. The language switch keeps the search and the application.
    w.filters.search.clear()
    qtbot.keyClicks(w.filters.search, str(app.sequence))
    qtbot.waitUntil(lambda: w.model.total == 1)
    w.table.selectRow(0)
    w.switch_language("en")
    new = language.windows[0]
    qtbot.addWidget(new)
    assert new.menuBar().actions()[0].text() == "&File"
    assert new.filters.search.text() == str(app.sequence) and new.selected().id == app.id
    new.switch_language("nl")
    qtbot.addWidget(language.windows[0])


def test_enter_after_a_scanned_serial_opens_no_application(qtbot, example_copy, person_):
    """A member scans a serial into the search with another application selected: Enter
    finds the voucher's application and opens nothing for editing (the walk saw it open the
    application selected before, with nothing on the form to say whose it was)."""
    w = opened(qtbot, example_copy, person="Ewa Nowak")
    voucher = next(v for v in w.register.all_vouchers() if v.status.value == "issued")
    w.table.selectRow(1)
    before = w.selected().id
    assert before != voucher.application_id and w.menus.edit_action.isEnabled()
    me = person_(qtbot)
    me.when(QDialog, lambda dialog: dialog.reject())  # a dialog that opens is noted, closed
    w.filters.search.setFocus()
    qtbot.keyClicks(w.filters.search, format_serial(voucher.serial))
    qtbot.keyClick(w.filters.search, Qt.Key.Key_Return)
    qtbot.wait(500)
    assert me.handled == []
    assert w.selected().id == voucher.application_id
    # From the table, Enter still opens the selected application.
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: me.handled != [], timeout=10000)
    assert [type(d).__name__ for d in me.handled] == ["ApplicationForm"]


def test_closing_the_consultations_keeps_the_application_in_sight(qtbot, example_copy):
    """The walk selected application 5, opened and closed the consultations, and the
    selection was back on application 1; the next Objections… worked on application 1."""
    w = opened(qtbot, example_copy, person="Joke van der Meer")
    w.table.selectRow(4)
    chosen = w.selected().id

    def close_it():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(50, close_it)
            return
        modal.reject()

    QTimer.singleShot(100, close_it)
    w.menus.consultations_action.trigger()
    assert w.selected().id == chosen
