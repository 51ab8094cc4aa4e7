"""The objections against an application's decisions (regiegroep.objections): the list with
where each stands, registering one received, and recording that it was forwarded to the
college and what came of it. The core decides; this dialog asks and shows."""

from __future__ import annotations

import datetime as dt

from PySide6 import QtWidgets

from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date


def _line(o) -> str:
    timing = (_("in time (last day {day})") if o.in_time else
              _("late (last day {day})")).format(day=format_date(o.last_day))
    return _("{received}, {objector}: {timing}; {state}").format(
        received=format_date(o.received_on), objector=o.objector, timing=timing, state=o.state())


class ObjectionsDialog(QtWidgets.QDialog):
    def __init__(self, parent, register, app):
        from regiegroep.deciding.objections import Outcome

        super().__init__(parent)
        self.register, self.app = register, app
        self.setObjectName("objections_dialog")
        self.setWindowTitle(_("Objections to application {sequence}").format(sequence=app.sequence))
        layout = QtWidgets.QVBoxLayout(self)
        self.list = QtWidgets.QListWidget()
        self.list.setAccessibleName(_("Objections received"))
        layout.addWidget(self.list)

        received = QtWidgets.QGroupBox(_("An objection received"))
        form = QtWidgets.QFormLayout(received)
        self.received = QtWidgets.QLineEdit(self._shown(dt.date.today()))
        self.received.setAccessibleName(_("Received on"))
        self.objector = QtWidgets.QLineEdit()
        self.objector.setAccessibleName(_("From"))
        self.about = QtWidgets.QPlainTextEdit()
        self.about.setAccessibleName(_("What it says"))
        self.about.setTabChangesFocus(True)
        self.about.setFixedHeight(70)
        form.addRow(_("Received on:"), self.received)
        form.addRow(_("From:"), self.objector)
        form.addRow(_("What it says:"), self.about)
        self.register_button = QtWidgets.QPushButton(_("Register the objection"))
        self.register_button.clicked.connect(self._register)
        form.addRow(self.register_button)
        layout.addWidget(received)

        handled = QtWidgets.QGroupBox(_("The objection chosen above"))
        form = QtWidgets.QFormLayout(handled)
        self.on = QtWidgets.QLineEdit(self._shown(dt.date.today()))
        self.on.setAccessibleName(_("On"))
        form.addRow(_("On:"), self.on)
        self.forward_button = QtWidgets.QPushButton(_("Forwarded to the college"))
        self.forward_button.clicked.connect(self._forward)
        form.addRow(self.forward_button)
        self.outcome = QtWidgets.QComboBox()
        self.outcome.setAccessibleName(_("Outcome"))
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome.value)
        self.note = QtWidgets.QLineEdit()
        self.note.setAccessibleName(_("Note"))
        form.addRow(_("Outcome:"), self.outcome)
        form.addRow(_("Note:"), self.note)
        self.outcome_button = QtWidgets.QPushButton(_("Record the outcome"))
        self.outcome_button.clicked.connect(self._outcome)
        form.addRow(self.outcome_button)
        layout.addWidget(handled)

        self.problem_label = QtWidgets.QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a00;")
        layout.addWidget(self.problem_label)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.list.currentRowChanged.connect(self._chosen)
        self._refresh()
        from regiegroep.deciding.objections import nothing_to_object_to

        undecided = nothing_to_object_to(register, app.sequence)
        if undecided:  # said now, not after an objection was typed
            self.problem_label.setText(undecided)
            received.setEnabled(False)

    @staticmethod
    def _shown(day: dt.date) -> str:
        return f"{day.day}-{day.month}-{day.year}"

    def _day(self, edit: QtWidgets.QLineEdit) -> dt.date:
        from regiegroep.exchange.importer import parse_received

        return parse_received(edit.text()).date()

    def _refresh(self, keep: int | None = None) -> None:
        from regiegroep.deciding.objections import objections

        self.found = objections(self.register, self.app.id)
        self.list.clear()
        for o in self.found:
            self.list.addItem(_line(o))
        if not self.found:
            self.list.addItem(_("No objections are registered."))
        row = next((i for i, o in enumerate(self.found) if o.id == keep), len(self.found) - 1)
        self.list.setCurrentRow(row if self.found else -1)
        self._chosen()

    def _current(self):
        row = self.list.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def _chosen(self, _row: int = -1) -> None:
        current = self._current()
        self.forward_button.setEnabled(current is not None and current.forwarded_on is None
                                       and current.outcome is None)
        self.outcome_button.setEnabled(current is not None and current.outcome is None)

    def _act(self, action) -> None:
        try:
            made = action()
        except UserError as exc:
            self.problem_label.setText(str(exc))
            return
        self.problem_label.setText("")
        self._refresh(made.id)

    def _register(self) -> None:
        from regiegroep.deciding.objections import register_objection

        self._act(lambda: register_objection(self.register, self.app.sequence,
                                             self._day(self.received), self.objector.text(),
                                             self.about.toPlainText()))

    def _forward(self) -> None:
        from regiegroep.deciding.objections import forward

        current = self._current()
        if current is not None:
            self._act(lambda: forward(self.register, current.id, self._day(self.on)))

    def _outcome(self) -> None:
        from regiegroep.deciding.objections import record_outcome

        current = self._current()
        if current is not None:
            self._act(lambda: record_outcome(self.register, current.id,
                                             self.outcome.currentData(), self._day(self.on),
                                             self.note.text()))


def show_objections(window) -> None:
    """The objections of the selected application."""
    current = window.selected()
    if current is None or window.register is None:
        return
    dialog = ObjectionsDialog(window, window.register, current)
    dialog.exec()
    window.reread(current.id)
