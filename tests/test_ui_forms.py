"""The forms as a volunteer types in them (issue 10 points 3-6, issue 9): typed work is not
lost without a question, every dialog fits a 1366x768 laptop, the wheel scrolls the form
and changes no field, a typed date is the date kept, a screen reader names every control,
and an old error goes once the input is corrected (pytest-qt, offscreen)."""

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QAccessible, QScreen, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QScrollArea, QTextEdit,
    QWidget,
)

from regiegroep import demo
from regiegroep.vouchers.payments import Voucher
from regiegroep.register import Register
from ui import widgets
from ui.application_form import ApplicationForm
from ui.people_dialog import PeopleDialog, PersonDialog, PinDialog
from ui.redeem_dialog import RedeemDialog
from ui.setup_dialog import SetupDialog

from .conftest import complete_application
from .test_ui import example, example_copy, fill_form  # noqa: F401 (fixtures)

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # a 1366x768 screen less its task bar


def shown(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())  # unasked at the end
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def form(qtbot, register):
    return shown(qtbot, ApplicationForm(register.wijken()))


@pytest.fixture
def application(register):
    return register.register_application(complete_application(register.wijken()[0].id))


def voucher() -> Voucher:
    return Voucher(1, Decimal("5000"))


def answer(qtbot, button: QMessageBox.StandardButton) -> list[str]:
    """Presses ``button`` in the next question that opens; returns what it asked."""
    asked: list[str] = []

    def press():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)
    return asked


# ---------------------------------------------------------------- 1. typed work is kept

def test_escape_on_a_changed_form_asks_and_cancel_keeps_the_text(qtbot, form):
    qtbot.keyClicks(form.title, "Straatfeest")
    asked = answer(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == ["U hebt iets veranderd in dit formulier. Wilt u het opslaan voordat het "
                     "sluit?"]
    assert form.isVisible() and form.title.text() == "Straatfeest"


def test_the_close_button_on_a_changed_form_asks_too(qtbot, form):
    form.signed.setChecked(True)
    asked = answer(qtbot, QMessageBox.StandardButton.Cancel)
    form.close()
    assert asked and form.isVisible() and form.signed.isChecked()
    asked = answer(qtbot, QMessageBox.StandardButton.Discard)
    form.close()
    assert asked and not form.isVisible() and form.result() == QDialog.DialogCode.Rejected


def test_save_in_the_question_saves_the_form(qtbot, form):
    fill_form(form, qtbot)
    answer(qtbot, QMessageBox.StandardButton.Save)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Accepted


def test_save_in_the_question_on_a_form_with_an_error_shows_the_error(qtbot, form):
    """The walk: "Opslaan" in the question did nothing, without a word, when a field was
    wrong out of sight. The field that says what is wrong comes into sight with the focus."""
    qtbot.keyClicks(form.cost_estimate, "veel")
    form.title.setFocus()
    form._scroll.verticalScrollBar().setValue(0)
    answer(qtbot, QMessageBox.StandardButton.Save)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and form.focusWidget() is form.cost_estimate
    assert form._errors["cost_estimate"].isVisibleTo(form)
    assert form._scroll.verticalScrollBar().value() > 0  # scrolled to it


def test_tab_leaves_the_lines_of_the_estimate_for_the_next_field(qtbot, form):
    """The walk: Tab went round inside the lines, and what was typed next replaced a line."""
    form._add_line()
    form.cost_lines.setCurrentCell(0, 1)
    form.cost_lines.setFocus()
    qtbot.keyClick(form.cost_lines, Qt.Key.Key_Tab)
    assert form.focusWidget() is not form.cost_lines
    assert not form.cost_lines.isAncestorOf(form.focusWidget())


def test_nothing_is_asked_when_nothing_changed(qtbot, register, application, monkeypatch):
    monkeypatch.setattr(widgets, "ask_save_changes",
                        lambda parent: pytest.fail("asked, though nothing was changed"))
    new = shown(qtbot, ApplicationForm(register.wijken()))
    qtbot.keyClick(new, Qt.Key.Key_Escape)
    assert not new.isVisible()
    change = shown(qtbot, ApplicationForm(register.wijken(), register.application(application.id)))
    change.close()
    assert not change.isVisible()


def test_a_change_in_the_redeem_dialog_is_not_lost_either(qtbot, register, application):
    dialog = shown(qtbot, RedeemDialog(register, application, [voucher()]))
    qtbot.keyClicks(dialog.amount, "12,50")
    asked = answer(qtbot, QMessageBox.StandardButton.Cancel)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked and dialog.isVisible() and dialog.amount.text() == "12,50"


def test_a_scanned_serial_lands_in_the_redeem_dialogs_serial_field(qtbot, register,
                                                                     application):
    """The walk: the dialog opened with no field focused, so a scanner's keys went nowhere."""
    from PySide6.QtWidgets import QApplication

    dialog = shown(qtbot, RedeemDialog(register, application, [voucher()]))
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(QApplication.focusWidget(), "AMH4P6ERFMJ7")  # where the keys go
    assert dialog.serial.text() == "AMH4P6ERFMJ7"


# ------------------------------------------------------------- 2. it fits the screen

def every_dialog(register, app):
    own = SetupDialog()
    own.pages.setCurrentIndex(1)
    register.add_member("Joke van der Meer", "chair")
    return [ApplicationForm(register.wijken()), ApplicationForm(register.wijken(), app),
            SetupDialog(), own, PeopleDialog(register), PersonDialog(register),
            PinDialog(register, register.people()[0]), RedeemDialog(register, app, [voucher()])]


@pytest.mark.parametrize("available", [LAPTOP, QRect(0, 0, 1024, 560)])
def test_every_dialog_shows_its_buttons_on_a_laptop_screen(qtbot, register, application,
                                                          monkeypatch, available):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: available)
    for dialog in every_dialog(register, application):
        shown(qtbot, dialog)
        name = type(dialog).__name__
        assert dialog.height() <= available.height() - 40, name  # room for the title bar
        assert dialog.width() <= available.width(), name
        for box in dialog.findChildren(QDialogButtonBox):
            if box.isVisible():
                top_left = box.mapTo(dialog, QPoint(0, 0))
                assert dialog.rect().contains(QRect(top_left, box.size())), name
        dialog.hide()


def test_the_intake_form_is_no_taller_than_the_screen(qtbot, form):
    assert form.frameGeometry().height() <= form.screen().availableGeometry().height()


# ------------------------------------------------------ 3. the wheel scrolls, not changes

def wheel(widget, steps=-1):
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_field_without_focus_changes_nothing(qtbot, form):
    form.title.setFocus()
    qtbot.waitUntil(form.title.hasFocus)
    for field in (form.kind, form.wijk, form.vouchers, form.received):
        before = field.currentIndex() if isinstance(field, QComboBox) else field.text()
        wheel(field)
        after = field.currentIndex() if isinstance(field, QComboBox) else field.text()
        assert after == before, field.accessibleName()
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus
    form.kind.setFocus()
    qtbot.waitUntil(form.kind.hasFocus)
    wheel(form.kind)
    assert form.kind.currentIndex() == 1  # with the focus, the wheel chooses


# ----------------------------------------------------------- 4. a typed date is kept

def type_date(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def test_a_date_typed_after_a_click_at_the_start_is_the_date_kept(qtbot, form):
    year = dt.date.today().year - 1
    form.title.setFocus()
    qtbot.waitUntil(form.title.hasFocus)
    start = QPoint(3, form.received.height() // 2)
    qtbot.mouseClick(form.received, Qt.MouseButton.LeftButton, pos=start)
    qtbot.waitUntil(form.received.hasFocus)
    qtbot.keyClicks(form.received, f"24-11-{year} 19:30")
    assert form.application().received_at == dt.datetime(year, 11, 24, 19, 30)
    # Clicked at the start again while typing in it: the text typed goes before the old one,
    # and the field says that this is no date rather than keep another day.
    qtbot.mouseClick(form.received, Qt.MouseButton.LeftButton, pos=start)
    qtbot.keyClicks(form.received, f"25-11-{year} 19:30")
    error = form._errors["received_at"]
    assert error.isVisibleTo(form) and "25-11" in error.text()
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_a_date_typed_over_everything_selected_is_the_date_kept(qtbot, form):
    year = dt.date.today().year - 1
    type_date(qtbot, form.received, f"24-11-{year} 19:30")
    assert form.application().received_at == dt.datetime(year, 11, 24, 19, 30)
    type_date(qtbot, form.received, f"{year}-03-02")
    assert form.application().received_at == dt.datetime(year, 3, 2)


def test_text_that_is_no_date_is_refused_beside_the_field(qtbot, form):
    type_date(qtbot, form.received, "31-2-2025")
    assert form.received.text() == "31-2-2025"  # kept as typed
    error = form._errors["received_at"]
    assert error.isVisibleTo(form) and "31-2-2025" in error.text()
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_a_typed_day_of_receipt_is_the_day_kept(qtbot, form):
    year = dt.date.today().year - 1
    type_date(qtbot, form.received, f"25-11-{year} 19:30")
    assert form.application().received_at == dt.datetime(year, 11, 25, 19, 30)
    type_date(qtbot, form.received, f"5-3-{year} 09:05")
    assert form.application().received_at == dt.datetime(year, 3, 5, 9, 5)


def test_a_day_of_receipt_in_the_future_is_refused_beside_the_field(qtbot, form):
    year = dt.date.today().year + 1
    type_date(qtbot, form.received, f"15-3-{year}")
    assert form.received.text().startswith(f"15-3-{year}")  # kept as typed, not clamped
    error = form._errors["received_at"]
    assert error.isVisibleTo(form) and "toekomst" in error.text()
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_a_typed_day_of_payment_is_kept(qtbot, register, application):
    dialog = shown(qtbot, RedeemDialog(register, application, [voucher()]))
    year = dt.date.today().year
    type_date(qtbot, dialog.paid_on, f"25-1-{year}")
    assert dialog.paid_on.date().toPython() == dt.date(year, 1, 25)


# ------------------------------------------------ 5. a screen reader names every control

def controls(root):
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(),
                                                        (QAbstractSpinBox, QComboBox)):
            continue  # the typing part of a number field or drop-down: named by it
        if widget.window() is not root:
            continue  # the list a drop-down opens: a window of its own, read as the drop-down
        if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox,
                               QAbstractSpinBox, QAbstractButton, QAbstractItemView)) \
                and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            yield widget


def test_every_control_of_the_intake_form_has_a_name_a_screen_reader_reads(form):
    found = list(controls(form))
    assert len(found) >= 31
    unnamed = []
    for widget in found:
        spoken = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        own = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or own) or not spoken:
            unnamed.append(type(widget).__name__ + " " + widget.objectName())
    assert unnamed == []
    assert form.applicant_name.accessibleName() == "Naam"
    assert form.signed.accessibleName() == "Het ondertekende formulier is ontvangen"


def test_a_field_in_error_tells_the_screen_reader_why(qtbot, form):
    qtbot.keyClicks(form.cost_estimate, "veel")
    assert "geen bedrag" in form.cost_estimate.accessibleDescription()


# -------------------------------------------- 6. an old error goes when the input changes

def test_the_redeem_dialog_clears_an_old_error_when_the_amount_changes(qtbot, example_copy):
    with Register.open(example_copy) as register:
        register.sign_in("Priya Ramdin", demo.PINS["Priya Ramdin"])
        app = next(a for a in register.applications() if register.vouchers(a.id))
        dialog = shown(qtbot, RedeemDialog(register, app, register.vouchers(app.id)))
        dialog.in_cash.setChecked(True)
        qtbot.keyClicks(dialog.amount, "600")
        asked = []
        QTimer.singleShot(300, lambda: isinstance(box := QApplication.activeModalWidget(),
                                                  QMessageBox)
                          and (asked.append(box.text()) or box.reject()))
        dialog.accept()  # more than EUR 500 in cash: refused, with the reason, before a
        qtbot.wait(400)  # summary is asked to confirm (the walk confirmed first, then read it)
        assert asked == []
        assert "500,00" in dialog.error.text() and dialog.isVisible()
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Backspace)
        assert dialog.error.text() == ""
        dialog.amount.clear()
        qtbot.keyClicks(dialog.amount, "125,50")
        answer(qtbot, QMessageBox.StandardButton.Yes)
        dialog.accept()
        assert dialog.payment is not None and dialog.result() == QDialog.DialogCode.Accepted


# ------------------------------------------------ the first-start set-up fits a laptop

def test_the_set_up_form_wraps_to_its_width_on_a_laptop(qtbot, monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: LAPTOP)
    dialog = shown(qtbot, SetupDialog())
    assert dialog.height() >= 600  # the screen has room: not a narrow slot of 460 px
    for index in range(dialog.pages.count()):
        dialog.pages.setCurrentIndex(index)
        QApplication.processEvents()
        area = dialog.pages.currentWidget().findChild(QScrollArea)
        view = area.viewport().width()
        assert area.widget().width() <= view, index
        for label in area.widget().findChildren(QLabel):
            if label.isVisibleTo(dialog) and label.text():
                assert label.wordWrap() or label.sizeHint().width() <= view, label.text()
                assert label.width() <= view, label.text()
        for button in area.widget().findChildren(QAbstractButton):
            assert button.geometry().right() <= view, button.text()


def test_status_and_deadline_are_in_sight_in_the_register_on_a_laptop(qtbot, example_copy,
                                                                     monkeypatch):
    from ui.register_model import COLUMNS, DEADLINE_COLUMN

    from .test_ui import opened

    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: LAPTOP)
    window = opened(qtbot, example_copy)
    window.showMaximized()
    window.resize(LAPTOP.size())
    QApplication.processEvents()
    table = window.table
    header = table.horizontalHeader()
    status = [key for key, _title in COLUMNS].index("status")
    view = table.viewport().width()
    assert view < 1000  # the detail beside it takes its part of the laptop's width
    for column in (status, DEADLINE_COLUMN):
        left = header.sectionViewportPosition(column)
        assert 0 <= left and left + header.sectionSize(column) <= view, column


def test_a_scanned_serial_in_the_redeem_dialog_finds_its_voucher_and_saves_nothing(
        qtbot, example_copy):
    """The walk scanned a serial into Redeem: the scanner's Enter also pressed Save, and
    'Er is geen bedrag ingevuld' came up in red before an amount could be typed."""
    from regiegroep import demo
    from regiegroep.register import Register
    from regiegroep.vouchers.serials import format_serial

    with Register.open(example_copy) as register:
        register.sign_in("Priya Ramdin", demo.PINS["Priya Ramdin"])
        voucher = next(v for v in register.all_vouchers() if v.status.value == "issued"
                       and v.left > 0 and v.valid_until >= dt.date.today())
        dialog = shown(qtbot, RedeemDialog(register, None, []))
        dialog.serial.setFocus()
        qtbot.keyClicks(dialog.serial, format_serial(voucher.serial))
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
        assert dialog.error.text() == "" and dialog.isVisible()
        assert dialog.voucher.currentData() == voucher.serial
        assert dialog.payment is None and dialog.app.id == voucher.application_id


def test_a_name_saved_without_its_extension_gets_the_filters(qtbot, monkeypatch, tmp_path):
    """The walk saved the differences as 'verschillen': a file without .csv, which no
    spreadsheet opens by a double click. The save dialog adds the chosen filter's."""
    from ui import file_dialogs

    def typed(dialog):  # a person types a name without an extension and presses Save
        dialog.setDirectory(str(tmp_path))
        dialog.selectFile("verschillen")
        return dialog.selectedFiles()

    monkeypatch.setattr(file_dialogs, "_run", typed)
    path, _chosen = file_dialogs.save_file_name(None, "Opslaan", str(tmp_path / "x.csv"),
                                                "CSV (*.csv)")
    assert path == str(tmp_path / "verschillen.csv")
    path, _chosen = file_dialogs.save_file_name(None, "Opslaan", "", "PDF (*.pdf)")
    assert path.endswith("verschillen.pdf")
