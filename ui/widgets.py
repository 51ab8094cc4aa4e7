"""Small pieces the windows and dialogs share: error lines, fields that keep what is typed,
and the dialog frame every form uses (it fits the screen and asks before typed work is lost)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QRect, QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QCalendarWidget, QComboBox, QDialog,
    QLineEdit, QMessageBox, QPlainTextEdit, QScrollArea, QStyle, QTextEdit, QWidget,
)

from regiegroep.errors import UserError
from regiegroep.i18n import _
from regiegroep.exchange.importer import parse_received

from ui.error_line import ERROR_STYLE, error_label  # noqa: F401  (shared with the forms)


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in an area that scrolls up and down when the screen is too low for it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def date_field(day: QDate | dt.date) -> "DateTimeField":
    """A field for a day (no time), typed as a whole or picked on the calendar."""
    field = DateTimeField(QDate(day))
    field.setDisplayFormat("d-M-yyyy")
    field.setCalendarPopup(True)
    return field


def dates_problem(*fields: tuple[str, "DateTimeField"]) -> str:
    """Why the first of these (label, field) pairs holds no date, with its label; "" when
    every one is a date."""
    for label, field in fields:
        if field.problem():
            return _("{field}: {problem}").format(field=label, problem=field.problem())
    return ""


class DateTimeField(QLineEdit):
    """A date (and time) field that keeps what is typed.

    A plain line: what is typed is read as a whole by the core's parser (2-3-2026 19:30,
    2026-03-02, ...), wherever the cursor was and whatever was selected, so the day typed is
    the day kept. Text that is not a date is not replaced by another day: ``problem()`` says
    why it is not one, and the form shows that beside the field. No minimum or maximum: whether
    the date is allowed is said beside the field too. The calendar button picks a day.
    Keeps QDateTimeEdit's calls the forms use: dateTime(), date(), setDateTime(), setDate(),
    setDisplayFormat(), setCalendarPopup() and the dateTimeChanged and dateChanged signals.
    """

    dateTimeChanged = Signal(QDateTime)  # noqa: N815 (Qt's names)
    dateChanged = Signal(QDate)  # noqa: N815

    def __init__(self, value: QDateTime | QDate | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._format = "d-M-yyyy HH:mm"
        self._value = QDateTime.currentDateTime()
        self._problem = ""
        self._calendar_action = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.textChanged.connect(self._read)
        if isinstance(value, QDate):
            value = QDateTime(value, QTime(0, 0))
        self.setDateTime(value or self._value)

    # ------------------------------------------------------------ QDateTimeEdit's calls

    def setDisplayFormat(self, text: str) -> None:  # noqa: N802
        self._format = text
        self.setText(self._value.toString(text))

    def displayFormat(self) -> str:  # noqa: N802
        return self._format

    def setCalendarPopup(self, enable: bool) -> None:  # noqa: N802
        if enable and self._calendar_action is None:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
            self._calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            self._calendar_action.setToolTip(_("Choose the day on a calendar"))
            from PySide6.QtWidgets import QToolButton

            for button in self.findChildren(QToolButton):  # what a screen reader says
                button.setAccessibleName(_("Choose the day on a calendar"))
            self._calendar_action.triggered.connect(self._show_calendar)
        elif not enable and self._calendar_action is not None:
            self.removeAction(self._calendar_action)
            self._calendar_action = None

    def dateTime(self) -> QDateTime:  # noqa: N802
        """The moment typed; while the text is no date, the last one that was."""
        return QDateTime(self._value)

    def date(self) -> QDate:
        return self._value.date()

    def setDateTime(self, value) -> None:  # noqa: N802
        if isinstance(value, dt.datetime):
            value = QDateTime(value)
        self.setText(QDateTime(value).toString(self._format))

    def setDate(self, value) -> None:  # noqa: N802
        if isinstance(value, dt.date):
            value = QDate(value)
        self.setDateTime(QDateTime(value, self._value.time()))

    def problem(self) -> str:
        """Why the text is not a date, or "" when it is one."""
        return self._problem

    _clicked_into = False

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)  # tabbed into: Qt selects all of it
        self._clicked_into = event.reason() == Qt.FocusReason.MouseFocusReason

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        # Clicked into: all of it selected too, so what is typed replaces the date.
        if self._clicked_into and not self.hasSelectedText():
            self.selectAll()
        self._clicked_into = False

    # -------------------------------------------------------------------- reading

    def _read(self, text: str) -> None:
        try:
            moment = parse_received(text)
        except UserError as exc:
            self._problem = str(exc)
            return
        self._problem = ""
        value = QDateTime(moment)
        if not self._format_has_time():
            value = QDateTime(value.date(), QTime(0, 0))
        if value == self._value:
            return
        date_changed = value.date() != self._value.date()
        self._value = value
        self.dateTimeChanged.emit(QDateTime(value))
        if date_changed:
            self.dateChanged.emit(value.date())

    def _format_has_time(self) -> bool:
        return "H" in self._format or "h" in self._format

    def _show_calendar(self) -> None:
        calendar = QCalendarWidget(self, Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setSelectedDate(self._value.date())

        def picked(day: QDate) -> None:
            self.setDateTime(QDateTime(day, self._value.time()))
            calendar.close()
        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()


class _WheelOnlyWithFocus(QObject):
    """Lets the wheel scroll the form past a field it does not have the focus of."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            event.ignore()  # goes on to the scroll area around the field
            return True
        return False


_WHEEL_GUARD = _WheelOnlyWithFocus()


def wheel_only_with_focus(root: QWidget) -> None:
    """Drop-downs, number and date fields below ``root`` change on the mouse wheel only when
    they have the focus; a click or Tab gives it to them, the wheel does not."""
    for field in root.findChildren(QWidget):
        if isinstance(field, (QComboBox, QAbstractSpinBox)):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            field.installEventFilter(_WHEEL_GUARD)


def _state(root: QWidget) -> list:
    """What the fields below ``root`` now show, to see whether anything was changed."""
    values: list = []
    for field in root.findChildren(QWidget):
        if isinstance(field, QLineEdit) and not isinstance(field.parent(),
                                                           (QAbstractSpinBox, QComboBox)):
            values.append(field.text())
        elif isinstance(field, (QPlainTextEdit, QTextEdit)):
            values.append(field.toPlainText())
        elif isinstance(field, QComboBox):
            values.append(field.currentIndex())
        elif isinstance(field, QAbstractSpinBox):
            values.append(field.text())
        elif isinstance(field, QAbstractButton) and field.isCheckable():
            values.append(field.isChecked())
        elif isinstance(field, QAbstractItemView) and field.model() is not None:
            model = field.model()
            values.append([model.index(r, c).data() for r in range(model.rowCount())
                           for c in range(model.columnCount())])
    return values


def _typed_fields(root: QWidget) -> list[QWidget]:
    """The fields a draft keeps and gives back, in a fixed order."""
    return [f for f in root.findChildren(QWidget)
            if isinstance(f, (QPlainTextEdit, QTextEdit, QComboBox))
            or (isinstance(f, QLineEdit) and not isinstance(f.parent(), (QAbstractSpinBox, QComboBox)))
            or (isinstance(f, QAbstractButton) and f.isCheckable())]


def draft_of(root: QWidget) -> list:
    """What was typed in a form, to give back after the app was locked (restore_draft)."""
    values = []
    for field in _typed_fields(root):
        if isinstance(field, QLineEdit):
            values.append(field.text())
        elif isinstance(field, (QPlainTextEdit, QTextEdit)):
            values.append(field.toPlainText())
        elif isinstance(field, QComboBox):
            values.append(field.currentIndex())
        else:
            values.append(field.isChecked())
    return values


def restore_draft(root: QWidget, values: list) -> bool:
    """Put a draft back in the same form; False (nothing changed) if the form differs."""
    fields = _typed_fields(root)
    if len(fields) != len(values):
        return False
    for field, value in zip(fields, values):
        if isinstance(field, QLineEdit):
            field.setText(value)
        elif isinstance(field, (QPlainTextEdit, QTextEdit)):
            field.setPlainText(value)
        elif isinstance(field, QComboBox):
            field.setCurrentIndex(value)
        else:
            field.setChecked(value)
    return True


def ask_save_changes(parent: QWidget) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel: what to do with changes the dialog would otherwise lose."""
    return QMessageBox.question(
        parent, _("Save changes?"),
        _("You changed something in this form. Save it before closing?"),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)


class FormDialog(QDialog):
    """A dialog in which something is typed.

    Escape, the window's close button and Cancel ask "Save changes?" first when anything was
    changed (nothing is asked when nothing was). A subclass calls ``finish_form`` when it has
    built and filled its fields, and says in ``save_changes`` what Save does.
    """

    _unchanged: list | None = None
    draft: list | None = None  # what was typed when the app locked (close_for_lock)

    def finish_form(self, size: QSize | None = None) -> None:
        """Fields built and filled: what they show now counts as unchanged; the wheel only
        changes fields with the focus; the dialog fits the screen at ``size`` or smaller."""
        wheel_only_with_focus(self)
        from ui.accessibility import dialog_mnemonics

        dialog_mnemonics(self)  # Alt+letter to each labelled field, once in the dialog
        self._unchanged = _state(self)
        fit_to_screen(self, size or self.sizeHint())

    def has_changes(self) -> bool:
        return self._unchanged is not None and _state(self) != self._unchanged

    def mark_unchanged(self) -> None:
        """What the fields show now counts as unchanged: just saved, or filled anew from
        the record (a form that lists and edits several things)."""
        self._unchanged = _state(self)

    def save_changes(self) -> None:
        """What Save in the question does; stays open when saving is refused."""
        self.accept()

    def close_for_lock(self) -> None:
        """The app locks: close at once, never asking (nobody may be at the screen), and
        keep what was typed in ``draft`` so the same person gets it back."""
        if self.has_changes():
            self.draft = draft_of(self)
        QDialog.reject(self)

    def reject(self) -> None:
        if self.isVisible() and self.has_changes():
            answer = ask_save_changes(self)
            if answer == QMessageBox.StandardButton.Save:
                self.save_changes()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return  # Cancel: back to the form, all typed work still there
        super().reject()


def fit_to_screen(dialog: QWidget, size: QSize, available: QRect | None = None) -> None:
    """Gives ``dialog`` its ``size``, but never more than the screen's free area
    (``available``: the screen's available geometry unless given), so its buttons stay in
    sight on a 1366x768 laptop; what does not fit scrolls inside the dialog."""
    if available is None:
        screen = dialog.screen()
        available = screen.availableGeometry() if screen else QRect(0, 0, 1366, 728)
    # The window frame (title bar, borders) is outside the widget's own size.
    frame = QSize(16, 40)
    width = max(1, min(size.width(), available.width() - frame.width()))
    height = max(1, min(size.height(), available.height() - frame.height()))
    dialog.setMaximumSize(available.width() - frame.width(), available.height() - frame.height())
    dialog.resize(width, height)


class ShortText(QPlainTextEdit):
    """A few lines of text that grow no taller than needed and tab to the next field."""

    def __init__(self, placeholder: str):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
