"""Personal data in the app (AVG/GDPR): what is stored about one person, and anonymising
after the retention period, for the chair and the secretary.

The register decides who may (regiegroep.trust.access) and what is due (Register.due_for_anonymising);
this dialog draws it and asks before anything is removed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from regiegroep.exchange import export
from regiegroep.trust import privacy
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_number, ngettext
from ui.file_dialogs import save_file_name
from ui.widgets import error_label


class PrivacyDialog(QDialog):
    def __init__(self, register, parent: QWidget | None = None, folder: str = ""):
        super().__init__(parent)
        self.register, self.folder = register, folder
        self.setWindowTitle(_("Personal data"))
        layout = QVBoxLayout(self)

        person = QGroupBox(_("Everything stored about one person"))
        form = QFormLayout(person)
        hint = QLabel(_("Anyone may ask what the register holds about them (AVG art. 15). Type "
                        "their name as on the application and choose the person by their "
                        "address; the file lists every application they made or are the "
                        "contact person of, with its files and history."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Name of the person"))
        form.addRow(_("Name"), self.name)
        self.find_button = QPushButton(_("Find"))
        self.find_button.clicked.connect(self.find_people)
        self.name.returnPressed.connect(self.find_people)
        form.addRow(self.find_button)
        self.people = QListWidget()
        self.people.setAccessibleName(_("People with this name"))
        self.people.setVisible(False)
        form.addRow(self.people)
        self._found_for = None
        self.export_button = QPushButton(_("Save as a file…"))
        self.export_button.clicked.connect(self.export_person)
        form.addRow(self.export_button)
        layout.addWidget(person)

        retention = QGroupBox(_("Remove personal data after the retention period"))
        rows = QFormLayout(retention)
        self.months = QSpinBox()
        self.months.setRange(1, 600)
        self.months.setValue(register.retention_months())
        self.months.setSuffix(" " + _("months"))
        self.months.setAccessibleName(_("Retention period in months"))
        # Kept when the person is done typing or stepping, not at every step (each is on record).
        self.months.editingFinished.connect(self._months_changed)
        rows.addRow(_("Retention period"), self.months)
        self.due = QLabel()
        self.due.setWordWrap(True)
        rows.addRow(self.due)
        self.anonymise_button = QPushButton()
        self.anonymise_button.clicked.connect(self.anonymise)
        rows.addRow(self.anonymise_button)
        layout.addWidget(retention)

        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_due()
        from ui.accessibility import dialog_mnemonics

        dialog_mnemonics(self)  # Alt+letter to each labelled field, once in the dialog

    def _show_due(self) -> None:
        due = len(self.register.due_for_anonymising())
        self.due.setText(ngettext(
            "{n} closed application is older than the retention period and still holds the "
            "applicant's name, address and scans.",
            "{n} closed applications are older than the retention period and still hold the "
            "applicants' names, addresses and scans.", due).format(n=format_number(due)))
        self.anonymise_button.setText(ngettext("Remove the personal data of {n} application…",
                                               "Remove the personal data of {n} applications…",
                                               due).format(n=format_number(due)))
        self.anonymise_button.setEnabled(due > 0)

    def _months_changed(self) -> None:
        self.error.clear()
        months = self.months.value()
        if months == self.register.retention_months():
            return
        try:
            self.register.set_retention_months(months)
        except UserError as exc:
            self.error.setText(str(exc))
        self._show_due()

    def find_people(self) -> None:
        """List the people of this name, one per address, to choose from."""
        self.error.clear()
        name = " ".join(self.name.text().split())
        self.people.clear()
        self._found_for = None
        if not name:
            self.error.setText(_("Give the person's name."))
            self.people.setVisible(False)
            return
        try:
            found = privacy.people_named(self.register, name)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        for person in found:
            item = QListWidgetItem(person.describe())
            item.setData(Qt.ItemDataRole.UserRole, list(person.sequences))
            self.people.addItem(item)
        if not found:
            self.error.setText(_("Nobody called {name} is in the register.").format(name=name))
        elif len(found) == 1:
            self.people.setCurrentRow(0)
        else:
            self.error.setText(_("{count} people are called {name}: choose the person in the "
                                 "list by their address.").format(count=len(found), name=name))
        self.people.setVisible(bool(found))
        rows = min(max(len(found), 1), 6)  # every match readable, up to six without scrolling
        self.people.setFixedHeight(rows * self.people.sizeHintForRow(0)
                                   + 2 * self.people.frameWidth() + 4)
        self._found_for = name
        self.adjustSize()

    def export_person(self) -> None:
        self.error.clear()
        name = " ".join(self.name.text().split())
        if not name:
            self.error.setText(_("Give the person's name."))
            return
        if self._found_for != name:
            self.find_people()
            if self.people.count() != 1:
                return
        item = self.people.currentItem()
        if item is None or not item.isSelected():
            self.error.setText(_("Choose the person in the list by their address."))
            return
        sequences = item.data(Qt.ItemDataRole.UserRole)
        path, _chosen = save_file_name(self, _("Save what is stored about {name}").format(name=name),
                                       self.folder, _("JSON files (*.json)"))
        if not path:
            return
        try:
            count = export.person_export(self.register, name, path, sequences)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        QMessageBox.information(self, _("Personal data"), ngettext(
            "Saved: {n} application about {name}.", "Saved: {n} applications about {name}.",
            count).format(n=format_number(count), name=name))

    def anonymise(self) -> None:
        self.error.clear()
        due = self.register.due_for_anonymising()
        answer = QMessageBox.question(self, _("Remove personal data"), ngettext(
            "The name, address, phone, e-mail and scans of {n} application are removed for "
            "good; amounts and decisions stay for the accounts. This cannot be undone.",
            "The names, addresses, phones, e-mails and scans of {n} applications are removed "
            "for good; amounts and decisions stay for the accounts. This cannot be undone.",
            len(due)).format(n=format_number(len(due))))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.register.anonymise(due)
        except UserError as exc:
            self.error.setText(str(exc))
        self._show_due()
