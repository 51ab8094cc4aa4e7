"""Asking when letters go in the post (regiegroep.sending): one day for one letter, or the
days of a meeting's decisions and the day their letters are posted. Days are typed as people
write them (2-3-2026 or 2026-03-02); OK waits until each is a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6 import QtWidgets

from regiegroep.errors import UserError
from regiegroep.i18n import _


def _shown(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


class _DaysDialog(QtWidgets.QDialog):
    """A dialog of typed days, with a line saying what is wrong and OK only when right."""

    def __init__(self, parent, name: str, title: str, explanation: str,
                 check: Callable[..., object] | None = None):
        """``check``: the core's own question on the days typed (in the order of the
        fields); what it refuses is said in the dialog, which stays open."""
        super().__init__(parent)
        self._core_check = check
        self.setObjectName(name)
        self.setWindowTitle(title)
        self._fields: list[tuple[QtWidgets.QLineEdit, str]] = []
        layout = QtWidgets.QVBoxLayout(self)
        explain = QtWidgets.QLabel(explanation)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.form = QtWidgets.QFormLayout()
        layout.addLayout(self.form)
        self.problem_label = QtWidgets.QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a00;")
        layout.addWidget(self.problem_label)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Room to read the explanation and a refusal whole (a narrow dialog cut both off).
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def _field(self, label: str, day: dt.date) -> QtWidgets.QLineEdit:
        edit = QtWidgets.QLineEdit(_shown(day))
        edit.setAccessibleName(label.rstrip(":"))
        edit.setPlaceholderText(_("for example {day}").format(day=_shown(dt.date.today())))
        edit.textChanged.connect(self._check)
        self.form.addRow(label, edit)
        self._fields.append((edit, label.rstrip(":")))
        return edit

    def _day(self, edit: QtWidgets.QLineEdit) -> dt.date:
        from regiegroep.exchange.importer import parse_received

        return parse_received(edit.text()).date()

    def problem(self) -> str:
        for edit, label in self._fields:
            try:
                self._day(edit)
            except UserError as exc:
                return _("{field}: {problem}").format(field=label, problem=exc)
        if self._core_check is not None:
            try:
                self._core_check(*(self._day(edit) for edit, _label in self._fields))
            except UserError as exc:
                return str(exc)
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        if self.isVisible():
            self.adjustSize()  # a refusal of two lines gets its two lines


class SendingDialog(_DaysDialog):
    """When does the letter go in the post? Today by default."""

    def __init__(self, parent, decided_on: dt.date, today: dt.date | None = None,
                 check: Callable[[dt.date], object] | None = None):
        super().__init__(parent, "sending_dialog", _("Sending the letter"), _(
            "On which day does this letter go in the post? The letter is dated on that day, "
            "and the six weeks to object start the day after it (Awb 6:8). The day is kept: "
            "a reprint is dated the same."), check)
        self.sent = self._field(_("Posted on:"), today or dt.date.today())
        self._check()

    def day(self) -> dt.date:
        return self._day(self.sent)


class MeetingLettersDialog(_DaysDialog):
    """The letters of a meeting: the decisions of which days, and when they are posted."""

    def __init__(self, parent, meeting: dt.date, today: dt.date | None = None,
                 check: Callable[[dt.date, dt.date, dt.date], object] | None = None):
        super().__init__(parent, "meeting_letters_dialog", _("Letters of a meeting"), _(
            "All letters of the decisions taken on these days, in one PDF, each on a new "
            "sheet, ready for window envelopes. They are dated on the day they go in the post; "
            "the objection terms count from it."), check)
        self.start = self._field(_("Decisions taken from:"), meeting)
        self.end = self._field(_("up to and including:"), meeting)
        self.sent = self._field(_("Posted on:"), today or dt.date.today())
        self._check()

    def days(self) -> tuple[dt.date, dt.date, dt.date]:
        return self._day(self.start), self._day(self.end), self._day(self.sent)
