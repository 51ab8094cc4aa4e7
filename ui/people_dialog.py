"""People and PINs: who works with the register, in which role, and who can sign in.

The register decides who may change what (regiegroep.trust.access): the chair and the secretary
manage the people; everyone may change their own PIN.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from regiegroep.trust.access import ROLES, Permission, role_label
from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui.widgets import FormDialog, error_label, fit_to_screen


def _error_and_buttons(dialog: QDialog, layout: QVBoxLayout) -> QLabel:
    """The foot of a small form: a line for what is wrong, OK and Cancel."""
    error = error_label()
    layout.addWidget(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return error


class PinDialog(FormDialog):
    """A new PIN, typed twice; stored by the register when OK is pressed."""

    def __init__(self, register, person, parent: QWidget | None = None, own: bool = False):
        super().__init__(parent)
        self.register, self.person = register, person
        self.current = None  # one's own PIN is changed with the current one
        self.setWindowTitle(_("PIN for {name}").format(name=person.name))
        layout = QVBoxLayout(self)
        hint = QLabel(_("At least 4 characters: digits, or a passphrase. Nobody, not even "
                        "the register, can read it back; a forgotten PIN is simply set anew."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        if own:
            self.current = QLineEdit()
            self.current.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(_("Your current PIN"), self.current)
        self.pin = QLineEdit()
        self.again = QLineEdit()
        for field in (self.pin, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("New PIN"), self.pin)
        form.addRow(_("The same PIN again"), self.again)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout)
        self.finish_form()

    def accept(self) -> None:
        if self.pin.text() != self.again.text():
            self.error.setText(_("The two PINs differ; type them again."))
            return
        try:
            self.register.set_pin(self.person.id, self.pin.text(),
                                  current=self.current.text() if self.current else None)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class PersonDialog(FormDialog):
    """A new person: name and role."""

    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self.person = register, None
        self.setWindowTitle(_("Add a person"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.role.setCurrentIndex(self.role.findData("member"))
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout)
        self.finish_form()

    def accept(self) -> None:
        try:
            self.person = self.register.add_member(self.name.text(), self.role.currentData())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class PeopleDialog(QDialog):
    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(_("People and PINs"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Everyone who works with this register. Once anyone has a PIN, the "
                         "app asks who is there when it opens and after a while without use. "
                         "Members decide (Art. 5), the cash manager redeems vouchers (Art. 9), "
                         "the kiosk only takes new applications."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("People of the steering group"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("PIN")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(1, 140)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add a person…"))
        self.pin_button = QPushButton(_("Set PIN…"))
        self.remove_button = QPushButton(_("Remove…"))
        for button, slot in ((self.add_button, self.add), (self.pin_button, self.set_pin),
                             (self.remove_button, self.remove)):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        manages = register.session.may(Permission.MANAGE)
        self.add_button.setEnabled(manages)
        self.remove_button.setEnabled(manages)
        self.fill()
        fit_to_screen(self, QSize(560, 420))  # the table scrolls when the screen is low

    def fill(self, select_id: int | None = None) -> None:
        self.people = self.register.people()
        self.table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            for column, text in enumerate((person.name, role_label(person.role),
                                           _("set") if self.register.has_pin(person.id)
                                           else _("none"))):
                item = QTableWidgetItem(text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, person.id)
                self.table.setItem(row, column, item)
            if person.id == select_id:
                self.table.selectRow(row)

    def current(self):
        row = self.table.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def add(self) -> None:
        dialog = PersonDialog(self.register, self)
        if dialog.exec():
            self.fill(dialog.person.id)

    def set_pin(self) -> None:
        person = self.current()
        if person is None:
            return
        first = not self.register.requires_sign_in()
        if PinDialog(self.register, person, self).exec():
            self.fill(person.id)
            if first:
                QMessageBox.information(self, _("People and PINs"), _(
                    "From now on Regiegroep asks who is there when it opens, and locks itself "
                    "after a while without use. Give everyone who works with the register a "
                    "PIN."))

    def remove(self) -> None:
        person = self.current()
        if person is None:
            return
        if QMessageBox.question(self, _("Remove {name}?").format(name=person.name), _(
                "{name} can then no longer sign in. Their name stays on the decisions they "
                "took and in the register's record.").format(name=person.name)) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            self.register.remove_person(person.id)
        except UserError as exc:
            QMessageBox.warning(self, _("People and PINs"), str(exc))
            return
        self.fill()
