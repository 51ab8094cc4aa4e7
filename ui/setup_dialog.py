"""The first start on an empty register: set up your own municipality, or open the example."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox, QCommandLinkButton, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget,
)

from regiegroep.budgets import check_budget
from regiegroep.errors import UserError
from regiegroep.i18n import _
from regiegroep.money import parse_amount
from regiegroep.budgets import Municipality
from regiegroep.rules import figures, model_ordinance, suggested_dates
from regiegroep.todo import suggested_backup_folder
from ui.widgets import FormDialog, date_field, dates_problem, error_label, scrolling


def _form() -> QFormLayout:
    """Rows whose label and field go below each other when the dialog is narrow."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setMinimumWidth(200)
    return label


class SetupDialog(FormDialog):
    """Returns ``choice`` "own" (with ``values()``) or "example"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice: str | None = None
        self.setWindowTitle(_("Welcome to Regiegroep"))
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self.pages.addWidget(self._welcome())
        self.pages.addWidget(self._own())
        self.finish_form(QSize(720, 720))  # fit_to_screen: no taller than the screen

    def save_changes(self) -> None:
        self._save()

    def _welcome(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        body = QWidget()
        layout = QVBoxLayout(body)
        outer.addWidget(scrolling(body), 1)
        text = QLabel(_("<h2>Welcome</h2><p>This register is still empty. Regiegroep keeps the "
                        "applications of your neighbourhood's residents in order of receipt, "
                        "walks you through the checks of the voucher ordinance, and prints "
                        "letters, vouchers and notices.</p><p>What would you like to do?</p>"))
        text.setWordWrap(True)
        text.setMinimumWidth(200)
        layout.addWidget(text)
        own = QCommandLinkButton(_("Set up our own municipality"),
                                 _("Enter your municipality, your neighbourhood and its budget."))
        own.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        example = QCommandLinkButton(_("Look around in the example neighbourhood"),
                                     _("Opens an example register with invented applications, "
                                       "so you can try everything safely."))
        example.clicked.connect(self._example)
        layout.addWidget(own)
        layout.addWidget(example)
        layout.addStretch()
        later = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        later.rejected.connect(self.reject)
        outer.addWidget(later)
        return page

    def _own(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        body = QWidget()
        layout = QVBoxLayout(body)
        outer.addWidget(scrolling(body), 1)
        # The set-up keeps the municipality's version of the model: the model's figures.
        shown = figures(model_ordinance())
        intro = QLabel(_("The college of the municipality designates the neighbourhood, assigns "
                         "its budget, may reserve up to {max_cost_reservation} of it for its own "
                         "costs, and sets the subsidy ceiling (Art. 2). You can add more "
                         "neighbourhoods and years later.").format(**shown))
        intro.setWordWrap(True)
        intro.setMinimumWidth(200)
        layout.addWidget(intro)
        form = _form()
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(_("e.g. Zaanstad"))
        form.addRow(_("Municipality"), self.municipality)
        self.group_name = QLineEdit()
        self.group_name.setPlaceholderText(_("e.g. Regiegroep Poelenburg"))
        form.addRow(_("Name of the steering group"), self.group_name)
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("address of the college, for objections"))
        form.addRow(_("Town hall address"), self.address)
        self.wijk = QLineEdit()
        self.wijk.setPlaceholderText(_("e.g. Poelenburg"))
        form.addRow(_("Neighbourhood"), self.wijk)
        self.year = QSpinBox()
        self.year.setRange(2000, 2200)
        self.year.setValue(dt.date.today().year)
        form.addRow(_("Budget year"), self.year)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("e.g. 300.000"))
        form.addRow(_("Budget for the neighbourhood (€)"), self.amount)
        self.reservation = QLineEdit("0")
        self.reservation.setToolTip(_("At most {max_cost_reservation} of the budget (Art. 2.3).")
                                    .format(**shown))
        form.addRow(_("Reserved for costs (€)"), self.reservation)
        self.ceiling = QLineEdit()
        self.ceiling.setPlaceholderText(_("empty: the budget less the reservation"))
        form.addRow(_("Subsidy ceiling (€)"), self.ceiling)
        layout.addLayout(form)
        dates = QLabel(_("Your municipality's own dates (Art. 5.7): until when vouchers are "
                         "issued for this year's budget, and by when initiatives must be "
                         "carried out. The model ordinance's own dates are in 2009."))
        dates.setWordWrap(True)
        dates.setMinimumWidth(200)
        layout.addWidget(dates)
        form = _form()
        self.last_issue = date_field(QDate.currentDate())
        form.addRow(_("Vouchers issued until"), self.last_issue)
        self.last_completion = date_field(QDate.currentDate())
        form.addRow(_("Initiatives carried out by"), self.last_completion)
        # The long text wraps beside a box of its own, not on the box (that never wraps).
        holidays_text = _("The ordinance's terms run on past weekends and holidays")
        self.holidays = QCheckBox()
        self.holidays.setAccessibleName(holidays_text)
        holidays_label = _wrapped(holidays_text)
        holidays_label.setBuddy(self.holidays)
        holidays_row = QHBoxLayout()
        holidays_row.addWidget(self.holidays, 0, Qt.AlignmentFlag.AlignTop)
        holidays_row.addWidget(holidays_label, 1)
        form.addRow(holidays_row)
        # Art. 9.3b caps each cash payment; some groups also cap the cash per voucher per day.
        self.cash_cap = QLineEdit()
        self.cash_cap.setPlaceholderText(_("empty: no cap of our own"))
        cash_text = _("Cash per voucher per day at most (our own rule, optional)")
        self.cash_cap.setAccessibleName(cash_text)
        form.addRow(_wrapped(cash_text), self.cash_cap)
        for label, field in ((_("Vouchers issued until"), self.last_issue),
                             (_("Initiatives carried out by"), self.last_completion)):
            field.setAccessibleName(label)
        layout.addLayout(form)
        self.year.valueChanged.connect(self._suggest_dates)
        self._suggest_dates(self.year.value())
        # Issue 21, 8: a new register has backups from its first evening on.
        backups = QLabel(_("Backups: the app copies the register into this folder every day "
                           "it is used. A USB stick is best; the suggestion is a folder beside "
                           "the register."))
        backups.setWordWrap(True)
        backups.setMinimumWidth(200)
        layout.addWidget(backups)
        from ui import settings

        form = _form()
        folder_row = QHBoxLayout()
        self.backup_folder = QLineEdit(str(settings.backup_folder() or suggested_backup_folder(
            settings.data_dir())))
        self.backup_folder.setAccessibleName(_("Backup folder"))
        choose = QPushButton(_("Choose…"))
        choose.clicked.connect(self._choose_backup_folder)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(choose)
        form.addRow(_("Backup folder"), folder_row)
        layout.addLayout(form)
        file_note = QLabel(_("PINs guard the screens, not the file: whoever copies the file "
                             "can read it. Turn on the laptop's disk encryption (BitLocker on "
                             "Windows, FileVault on a Mac); that is what protects a stolen "
                             "laptop."))
        file_note.setWordWrap(True)
        file_note.setMinimumWidth(200)
        layout.addWidget(file_note)
        layout.addStretch()
        self.error = error_label()
        outer.addWidget(self.error)  # in sight, however far the form is scrolled
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(lambda: self.pages.setCurrentIndex(0))
        outer.addWidget(buttons)
        return page

    def _choose_backup_folder(self) -> None:
        from ui.file_dialogs import existing_directory

        folder = existing_directory(self, _("Where should backups go? (a USB stick, for "
                                            "instance)"), self.backup_folder.text())
        if folder:
            self.backup_folder.setText(folder)

    def chosen_backup_folder(self) -> str:
        return self.backup_folder.text().strip()

    def _suggest_dates(self, year: int) -> None:
        suggested = suggested_dates(year)
        self.last_issue.setDate(QDate(suggested["last_issue_date"]))
        self.last_completion.setDate(QDate(suggested["last_completion_date"]))
        self.holidays.setChecked(suggested["terms_extend_over_holidays"])

    def _example(self) -> None:
        self.choice = "example"
        self.accept()

    def values(self) -> dict:
        """What was typed, checked; raises UserError saying what to fix."""
        if not self.municipality.text().strip():
            raise UserError(_("Give the name of the municipality."))
        if not self.wijk.text().strip():
            raise UserError(_("Give the name of the neighbourhood."))
        amount = parse_amount(self.amount.text())
        reservation = parse_amount(self.reservation.text() or "0")
        ceiling = parse_amount(self.ceiling.text()) if self.ceiling.text().strip() else None
        check_budget(self.year.value(), amount, reservation, ceiling, model_ordinance())
        problem = dates_problem((_("Vouchers issued until"), self.last_issue),
                                (_("Initiatives carried out by"), self.last_completion))
        if problem:  # not a date: which field, and why
            raise UserError(problem)
        return {
            "municipality": Municipality(name=self.municipality.text().strip(),
                                         address=self.address.text().strip(),
                                         steering_group_name=self.group_name.text().strip()),
            "wijk": self.wijk.text().strip(), "year": self.year.value(), "amount": amount,
            "cost_reservation": reservation, "ceiling": ceiling,
            "last_issue_date": self.last_issue.date().toPython(),
            "last_completion_date": self.last_completion.date().toPython(),
            "terms_extend_over_holidays": self.holidays.isChecked(),
            "cash_cap": parse_amount(self.cash_cap.text()) if self.cash_cap.text().strip()
            else None,
        }

    def _save(self) -> None:
        try:
            self.values()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.choice = "own"
        self.accept()
