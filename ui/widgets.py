"""Small pieces the windows and dialogs share: error lines, fields that keep what is typed,
and the dialog frame every form uses (it fits the screen and asks before typed work is lost)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDateTimeEdit, QDialog,
    QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QScrollArea, QTextEdit, QWidget,
)

from regiegroep.i18n import _

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A line that says, in red, what is wrong; empty until something is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in an area that scrolls up and down when the screen is too low for it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


class DateTimeField(QDateTimeEdit):
    """A date (and time) field that keeps what is typed.

    No minimum or maximum is set on it: Qt clamps each part against those while it is typed
    (a day typed before its month could be "in the future" and became the 1st). Whether the
    date is allowed is said beside the field instead. Typing "25-11-2026": after "25" Qt
    moves on to the month by itself, so the "-" typed next is not taken as "skip the month".
    """

    _moved_on = False

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        text = event.text()
        if self._moved_on and len(text) == 1 and not text.isalnum() and text.isprintable():
            self._moved_on = False
            event.accept()
            return
        before = self.currentSection()
        super().keyPressEvent(event)
        self._moved_on = text.isdigit() and self.currentSection() != before


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
        self._unchanged = _state(self)
        fit_to_screen(self, size or self.sizeHint())

    def has_changes(self) -> bool:
        return self._unchanged is not None and _state(self) != self._unchanged

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
