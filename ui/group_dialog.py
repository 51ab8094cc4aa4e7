"""The steering group's contact details (File › Steering group contact…), and what to do
right after the first set-up: those details for the letters, and PINs for the people.

The details are the core's (regiegroep.budgets.contact): this dialog only types them in and shows
what the core refuses.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from regiegroep.budgets.contact import GroupContact, group_contact, set_group_contact
from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui.widgets import FormDialog, error_label


class GroupDialog(FormDialog):
    """How applicants reach the steering group: printed in the head of every letter."""

    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(_("Steering group contact"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Every letter tells the applicant how to reach the steering group: "
                         "where to send or bring missing information, whom to ask. Give the "
                         "group's own address, phone and e-mail, not a member's home address "
                         "unless that member agrees."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        now = group_contact(register)
        self.address = QLineEdit(now.address)
        self.address.setPlaceholderText(_("street and number"))
        self.postcode = QLineEdit(now.postcode)
        self.postcode.setPlaceholderText("1504 AB")
        self.town = QLineEdit(now.town)
        self.phone = QLineEdit(now.phone)
        self.email = QLineEdit(now.email)
        for label, field in ((_("Address"), self.address), (_("Postcode"), self.postcode),
                             (_("Town"), self.town), (_("Phone"), self.phone),
                             (_("E-mail"), self.email)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finish_form()

    def contact(self) -> GroupContact:
        return GroupContact(address=self.address.text(), postcode=self.postcode.text().upper(),
                            town=self.town.text(), phone=self.phone.text(),
                            email=self.email.text())

    def save_changes(self) -> None:
        self.accept()

    def accept(self) -> None:
        try:
            set_group_contact(self.register, self.contact())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class NextSteps(QDialog):
    """Right after the first set-up: the two things a group does next, each a button."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(_("The register is set up"))
        layout = QVBoxLayout(self)
        text = QLabel(_("Two things to do next:\n"
                        "• the steering group's address, phone and e-mail, which every letter "
                        "gives;\n"
                        "• the people who work with the register and their PINs: until someone "
                        "has a PIN, anyone at this computer sees the residents' details."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.contact_button = QPushButton(_("Steering group contact…"))
        self.contact_button.clicked.connect(self.contact)
        self.pins_button = QPushButton(_("People and PINs…"))
        self.pins_button.clicked.connect(self.pins)
        layout.addWidget(self.contact_button)
        layout.addWidget(self.pins_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def contact(self) -> None:
        if GroupDialog(self.window_.register, self).exec():
            self.contact_button.setEnabled(False)

    def pins(self) -> None:
        self.window_.manage_people()
        if self.window_.register.requires_sign_in():
            self.pins_button.setEnabled(False)


def edit_group_contact(window) -> None:
    """File › Steering group contact…: for the chair and the secretary."""
    if window.menus.group_contact_action.isEnabled():
        if GroupDialog(window.register, window).exec():
            window.statusBar().showMessage(_("The steering group's contact details are kept."),
                                           5000)


def offer_next_steps(window) -> None:
    """After the first set-up on a register of one's own."""
    steps = NextSteps(window)
    steps.open()  # window-modal, without holding up what follows the set-up
