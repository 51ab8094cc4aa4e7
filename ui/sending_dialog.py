"""Asking when letters go in the post (regiegroep.sending): one day for one letter, or the
days of a meeting's decisions and the day their letters are posted."""

from __future__ import annotations

import datetime as dt

from PySide6 import QtCore, QtWidgets

from regiegroep.i18n import _


def _date_edit(day: dt.date, earliest: dt.date | None, latest: dt.date,
               name: str) -> QtWidgets.QDateEdit:
    edit = QtWidgets.QDateEdit(QtCore.QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d-M-yyyy")
    if earliest is not None:
        edit.setMinimumDate(QtCore.QDate(earliest.year, earliest.month, earliest.day))
    edit.setMaximumDate(QtCore.QDate(latest.year, latest.month, latest.day))
    edit.setAccessibleName(name)
    return edit


def _day(edit: QtWidgets.QDateEdit) -> dt.date:
    return edit.date().toPython()


class SendingDialog(QtWidgets.QDialog):
    """When does the letter go in the post? Today by default; not before the decision."""

    def __init__(self, parent, decided_on: dt.date, today: dt.date | None = None):
        super().__init__(parent)
        today = today or dt.date.today()
        self.setObjectName("sending_dialog")
        self.setWindowTitle(_("Sending the letter"))
        layout = QtWidgets.QVBoxLayout(self)
        explain = QtWidgets.QLabel(_(
            "On which day does this letter go in the post? The letter is dated on that day, "
            "and the six weeks to object start the day after it (Awb 6:8). The day is kept: "
            "a reprint is dated the same."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QtWidgets.QFormLayout()
        self.sent = _date_edit(today, decided_on, today, _("Posted on"))
        form.addRow(_("Posted on:"), self.sent)
        layout.addLayout(form)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def day(self) -> dt.date:
        return _day(self.sent)


class MeetingLettersDialog(QtWidgets.QDialog):
    """The letters of a meeting: the decisions of which days, and when they are posted."""

    def __init__(self, parent, meeting: dt.date, today: dt.date | None = None):
        super().__init__(parent)
        today = today or dt.date.today()
        self.setObjectName("meeting_letters_dialog")
        self.setWindowTitle(_("Letters of a meeting"))
        layout = QtWidgets.QVBoxLayout(self)
        explain = QtWidgets.QLabel(_(
            "All letters of the decisions taken on these days, in one PDF, each on a new "
            "sheet, ready for window envelopes. They are dated on the day they go in the post; "
            "the objection terms count from it."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QtWidgets.QFormLayout()
        self.start = _date_edit(meeting, None, today, _("Decisions taken from"))
        self.end = _date_edit(meeting, None, today, _("Decisions taken up to and including"))
        self.sent = _date_edit(today, None, today, _("Posted on"))
        form.addRow(_("Decisions taken from:"), self.start)
        form.addRow(_("up to and including:"), self.end)
        form.addRow(_("Posted on:"), self.sent)
        layout.addLayout(form)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def days(self) -> tuple[dt.date, dt.date, dt.date]:
        return _day(self.start), _day(self.end), _day(self.sent)
