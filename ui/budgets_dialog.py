"""The neighbourhoods and their budgets after the first set-up (Art. 2), for the chair and
the secretary: a new neighbourhood (Art. 2.1), next year's budget (Art. 2.2) with the
college's cost reservation (Art. 2.3) and the subsidy ceiling (Art. 2.5).

The core checks each budget against the ordinance in force for its year and records it
with its audit entry (Register.set_budget); this dialog reads the amounts as people type
them (regiegroep.money) and shows what the core refused. Closing with a budget typed and not
saved asks first, as every form does (ui.widgets.FormDialog).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QHeaderView, QInputDialog, QLineEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from regiegroep.errors import UserError
from regiegroep.i18n import _, format_money
from regiegroep.money import parse_amount
from ui.widgets import FormDialog, error_label


class BudgetsDialog(FormDialog):
    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.setWindowTitle(_("Neighbourhoods and budgets"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            _("Neighbourhood"), _("Year"), _("Budget"), _("Cost reservation"),
            _("Subsidy ceiling")])
        self.table.setAccessibleName(_("Budgets per neighbourhood and year"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_a: self._fill_from(row))

        self.wijk = QComboBox()
        self.wijk.setAccessibleName(_("Neighbourhood"))
        self.new_wijk_button = QPushButton(_("New neighbourhood…"))
        self.new_wijk_button.clicked.connect(self.add_wijk)
        wijk_row = QHBoxLayout()
        wijk_row.addWidget(self.wijk, 1)
        wijk_row.addWidget(self.new_wijk_button)
        self.year = QSpinBox()
        self.year.setRange(2000, 2200)
        self.year.setValue(dt.date.today().year + 1)
        self.year.setAccessibleName(_("Budget year"))
        self.amount = QLineEdit()
        self.amount.setAccessibleName(_("Budget"))
        self.reservation = QLineEdit()
        self.reservation.setAccessibleName(_("Cost reservation"))
        self.reservation.setPlaceholderText(_("none"))
        self.ceiling = QLineEdit()
        self.ceiling.setAccessibleName(_("Subsidy ceiling"))
        self.ceiling.setPlaceholderText(_("the budget less the reservation"))
        form = QFormLayout()
        form.addRow(_("Neighbourhood"), wijk_row)
        form.addRow(_("Year"), self.year)
        form.addRow(_("Budget"), self.amount)
        form.addRow(_("Cost reservation (Art. 2.3)"), self.reservation)
        form.addRow(_("Subsidy ceiling (Art. 2.5)"), self.ceiling)
        self.error = error_label()
        self.save_button = QPushButton(_("Save budget"))
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill_wijken()
        self._fill_table()
        self.finish_form(QSize(760, 520))

    def _fill_wijken(self, select: int | None = None) -> None:
        self.wijk.clear()
        for w in self.register.wijken():
            self.wijk.addItem(w.name, w.id)
        if select is not None:
            self.wijk.setCurrentIndex(self.wijk.findData(select))

    def _fill_table(self) -> None:
        self.budgets = self.register.budgets()
        self.table.setRowCount(len(self.budgets))
        for row, b in enumerate(self.budgets):
            for column, text in enumerate((b.wijk, str(b.year), format_money(b.amount),
                                           format_money(b.cost_reservation),
                                           format_money(b.ceiling))):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _fill_from(self, row: int) -> None:
        """A budget chosen in the table, in the form, to change it or copy it to a year."""
        if not 0 <= row < len(self.budgets):
            return
        b = self.budgets[row]
        self.wijk.setCurrentIndex(self.wijk.findData(b.wijk_id))
        self.year.setValue(b.year)
        self.amount.setText(format_money(b.amount))
        self.reservation.setText(format_money(b.cost_reservation))
        self.ceiling.setText(format_money(b.ceiling))
        self.mark_unchanged()  # as it is on record: nothing to save yet

    def add_wijk(self) -> None:
        name, ok = QInputDialog.getText(self, _("New neighbourhood"),
                                        _("The name of the neighbourhood (Art. 2.1):"))
        if not ok or not name.strip():
            return
        try:
            added = self.register.add_wijk(name)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self._fill_wijken(select=added.id)
        if not self.amount.text().strip():
            self.mark_unchanged()  # the neighbourhood is on record; no budget typed for it

    def save(self) -> bool:
        """The budget in the form, as the core accepts it; False (and why) if refused."""
        try:
            if self.wijk.currentData() is None:
                raise UserError(_("Add the neighbourhood first."))
            amount = parse_amount(self.amount.text())
            reservation = parse_amount(self.reservation.text()) if \
                self.reservation.text().strip() else parse_amount("0")
            ceiling = parse_amount(self.ceiling.text()) if self.ceiling.text().strip() else None
            saved = self.register.set_budget(self.wijk.currentData(), self.year.value(), amount,
                                             reservation, ceiling)
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self._fill_table()
        row = next(i for i, b in enumerate(self.budgets)
                   if (b.wijk_id, b.year) == (saved.wijk_id, saved.year))
        self.table.selectRow(row)
        self.mark_unchanged()
        return True

    def save_changes(self) -> None:
        """Save in the question on closing: the budget typed, then close; open if refused."""
        if self.save():
            self.accept()
