"""Redeeming a voucher (Art. 9): the cash manager, or a member acting for them, records a
payment to a supplier or in cash. The register checks and records it (regiegroep.payments)."""

from __future__ import annotations


from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QRadioButton, QVBoxLayout, QWidget,
)

from regiegroep.access import Permission
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_money
from regiegroep.money import parse_amount
from regiegroep.payments import CASH_LIMIT, Payment, Voucher, Way
from ui.widgets import DateTimeField, FormDialog, error_label, scrolling


class RedeemDialog(FormDialog):
    """Records the payment itself when Save is pressed; ``payment`` is then what was recorded.
    A refused payment (a mistake, or more than a voucher has left) keeps the dialog open with
    the reason, and nothing is written."""

    def __init__(self, register, app, vouchers: list[Voucher], parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self.app, self.payment = register, app, None
        self.setWindowTitle(_("Redeem a voucher — application {sequence}").format(
            sequence=app.sequence))
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body), 1)
        intro = QLabel(_("The voucher holder, {holder}, pays for the initiative with the "
                         "vouchers: the cash manager pays a supplier, or pays out cash of at "
                         "most {limit} at a time (Art. 9). A payment that is not for the "
                         "initiative may be refused (Art. 9.2).").format(
                             holder=app.applicant.voucher_holder or app.applicant.name,
                             limit=format_money(CASH_LIMIT)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if not register.session.may(Permission.REDEEM):
            acting = QLabel(_("You are not the cash manager: the payment is recorded as made "
                              "by you on the cash manager's behalf."))
            acting.setWordWrap(True)
            acting.setStyleSheet("background:#fff4e5;padding:4px")
            layout.addWidget(acting)
        form = QFormLayout()
        self.voucher = QComboBox()
        for voucher in vouchers:
            self.voucher.addItem(_("Voucher {number}: {value}, {left} left").format(
                number=voucher.number, value=format_money(voucher.value),
                left=format_money(voucher.left)), voucher.number)
        form.addRow(_("Voucher"), self.voucher)
        ways = QHBoxLayout()
        self.to_supplier = QRadioButton(_("Pay a supplier"))
        self.in_cash = QRadioButton(_("Cash"))
        self.to_supplier.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.to_supplier, self.in_cash):
            group.addButton(button)
            ways.addWidget(button)
            button.toggled.connect(self._way_changed)
        ways.addStretch()
        form.addRow(_("How"), ways)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("e.g. 450,00"))
        form.addRow(_("Amount"), self.amount)
        self.payee = QLineEdit()
        self.payee_label = QLabel(_("Supplier"))
        form.addRow(self.payee_label, self.payee)
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("invoice number, what was bought"))
        form.addRow(_("For"), self.description)
        self.paid_on = DateTimeField(QDate.currentDate())
        self.paid_on.setDisplayFormat("d-M-yyyy")
        self.paid_on.setCalendarPopup(True)
        form.addRow(_("Paid on"), self.paid_on)
        layout.addLayout(form)
        layout.addStretch()
        self.error = error_label()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._way_changed()
        # A reason shown for what was typed before is gone once anything is typed anew.
        for field in (self.amount, self.payee, self.description):
            field.textChanged.connect(self.error.clear)
        self.voucher.currentIndexChanged.connect(self.error.clear)
        self.to_supplier.toggled.connect(self.error.clear)
        self.paid_on.dateChanged.connect(self.error.clear)
        self.finish_form(QSize(520, max(self.sizeHint().height(), 300)))

    def _way_changed(self, *_args) -> None:
        # Cash goes to the voucher holder; their name is on record already, so it is not
        # typed again (it would stay in the payment after the retention period).
        supplier = self.to_supplier.isChecked()
        self.payee_label.setVisible(supplier)
        self.payee.setVisible(supplier)

    def accept(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
            payment = Payment(
                voucher=self.voucher.currentData(), paid_on=self.paid_on.date().toPython(),
                way=Way.SUPPLIER if self.to_supplier.isChecked() else Way.CASH, amount=amount,
                payee=self.payee.text() if self.to_supplier.isChecked() else "", description=self.description.text().strip())
            self.payment = self.register.redeem(self.app.id, payment)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
