"""Redeeming a voucher (Art. 9): the cash manager, or a member acting for them, records a
payment to a supplier (name, IBAN, invoice) or in cash, or a refused payment with its reason
(Art. 9.2). The register checks and records it (regiegroep.vouchers.payments); cash paid from the
same voucher on the same day before is warned about here."""

from __future__ import annotations


from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QRadioButton, QVBoxLayout, QWidget,
)

from regiegroep.trust.access import Permission
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_money
from regiegroep.money import parse_amount
from regiegroep.vouchers.payments import Payment, Voucher, Way
from ui.widgets import FormDialog, date_field, error_label, scrolling


class RedeemDialog(FormDialog):
    """Records the payment itself when Save is pressed; ``payment`` is then what was recorded.
    A refused payment (a mistake, or more than a voucher has left) keeps the dialog open with
    the reason, and nothing is written."""

    def __init__(self, register, app, vouchers: list[Voucher], parent: QWidget | None = None,
                 serial: str | None = None):
        super().__init__(parent)
        self.register, self.app, self.payment, self.refusal = register, None, None, None
        self.confirmation = None
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body), 1)
        # A serial is an address (regiegroep.voucher_lookup): typed or scanned here, it
        # brings its voucher and its application, whichever was selected in the window.
        scan = QFormLayout()
        self.serial = QLineEdit()
        self.serial.setPlaceholderText(_("type the serial or scan the voucher, then Enter"))
        # Enter (a scanner ends with it) finds the voucher and presses nothing else; a serial
        # typed and left without Enter is looked up too.
        self.serial.installEventFilter(self)
        self.serial.editingFinished.connect(self._serial_left)
        self._looked_up = ""
        scan.addRow(_("Serial"), self.serial)
        layout.addLayout(scan)
        self.intro = intro = QLabel()
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
        form.addRow(_("Voucher"), self.voucher)
        ways = QHBoxLayout()
        self.to_supplier = QRadioButton(_("Pay a supplier"))
        self.in_cash = QRadioButton(_("Cash"))
        self.to_supplier.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.to_supplier, self.in_cash):
            button.setAccessibleName(_("{question} {answer}").format(
                question=_("How"), answer=button.text()))
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
        self.iban = QLineEdit()
        self.iban.setPlaceholderText(_("e.g. NL91 ABNA 0417 1643 00"))
        self.iban_label = QLabel(_("Supplier's IBAN"))
        form.addRow(self.iban_label, self.iban)
        self.invoice = QLineEdit()
        self.invoice_label = QLabel(_("Invoice"))
        form.addRow(self.invoice_label, self.invoice)
        for label, field in ((self.payee_label, self.payee), (self.iban_label, self.iban),
                             (self.invoice_label, self.invoice)):
            label.setBuddy(field)  # a screen reader says the label with its field
            field.setAccessibleName(label.text())
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("invoice number, what was bought"))
        form.addRow(_("For"), self.description)
        self.paid_on = date_field(QDate.currentDate())
        form.addRow(_("Paid on"), self.paid_on)
        self.refusal_reason = QLineEdit()
        self.refusal_reason.setPlaceholderText(_("only when refusing: why it is not for the "
                                                 "initiative"))
        form.addRow(_("Refused because"), self.refusal_reason)
        layout.addLayout(form)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff4e5;padding:4px")
        self.warning.hide()
        layout.addWidget(self.warning)
        layout.addStretch()
        self.error = error_label()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.refuse_button = self.buttons.addButton(_("Record as refused (Art. 9.2)"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.refuse_button.clicked.connect(self.refuse)
        outer.addWidget(self.buttons)
        self._way_changed()
        # A reason shown for what was typed before is gone once anything is typed anew.
        for field in (self.amount, self.payee, self.description):
            field.textChanged.connect(self.error.clear)
        self.voucher.currentIndexChanged.connect(self.error.clear)
        self.to_supplier.toggled.connect(self.error.clear)
        self.paid_on.textChanged.connect(self._date_typed)
        for signal in (self.voucher.currentIndexChanged, self.in_cash.toggled,
                       self.paid_on.dateChanged):
            signal.connect(self._warn)
        self.load(app, vouchers, serial)
        self.finish_form(QSize(820, max(self.sizeHint().height(), 300)))
        # What a scanner types (it ends with Enter) lands in the serial; with the voucher
        # chosen already, the amount is next.
        (self.amount if serial else self.serial).setFocus()

    def load(self, app, vouchers: list[Voucher], serial: str | None = None) -> None:
        """Show ``app``'s vouchers (``serial``'s chosen), or ask for a serial when None."""
        from regiegroep.vouchers.serials import format_serial

        self.app = app
        self.voucher.blockSignals(True)
        self.voucher.clear()
        for voucher in vouchers:
            name = format_serial(voucher.serial) if voucher.serial else voucher.number
            self.voucher.addItem(_("Voucher {number}: {value}, {left} left").format(
                number=name, value=format_money(voucher.value),
                left=format_money(voucher.left)), voucher.serial or voucher.number)
        if serial:
            self.voucher.setCurrentIndex(max(0, self.voucher.findData(serial)))
        self.voucher.blockSignals(False)
        if app is None:
            self.setWindowTitle(_("Redeem a voucher"))
            self.intro.setText(_("Type the voucher's serial, or scan its code, and press "
                                 "Enter: the voucher and its application are found."))
        else:
            limit = self.register.ordinance_for(app.wijk_id, app.year).cash_limit_per_redemption
            self.setWindowTitle(_("Redeem a voucher — application {sequence}").format(
                sequence=app.sequence))
            self.intro.setText(_(
                "The voucher holder, {holder}, pays for the initiative with the vouchers: the "
                "cash manager pays a supplier, or pays out cash of at most {limit} at a time "
                "(Art. 9). A payment that is not for the initiative may be refused "
                "(Art. 9.2).").format(holder=app.applicant.voucher_holder or app.applicant.name,
                                      limit=format_money(limit)))
        for button in (self.buttons.button(QDialogButtonBox.StandardButton.Save),
                       self.refuse_button):
            button.setEnabled(app is not None and bool(vouchers))
        self._warn()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import QEvent

        if watched is self.serial and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find_serial()
            return True  # not on to the dialog, whose default button is Save
        return super().eventFilter(watched, event)

    def _serial_left(self) -> None:
        if self.serial.text().strip() and self.serial.text() != self._looked_up:
            self.find_serial()

    def find_serial(self) -> None:
        """The serial typed or scanned: its voucher, in its own application."""
        self._looked_up = self.serial.text()
        found = self.register.find_voucher(self.serial.text())
        if found is None:
            self.error.setText(_("No voucher of this register has the serial “{text}”.")
                               .format(text=self.serial.text().strip()))
            return
        self.error.clear()
        if self.app is None or self.app.id != found.application_id:
            self.load(self.register.application(found.application_id),
                      self.register.vouchers(found.application_id), found.voucher.serial)
        else:
            self.voucher.setCurrentIndex(max(0, self.voucher.findData(found.voucher.serial)))
        self.serial.selectAll()
        self.amount.setFocus()

    def _confirmed(self, text: str) -> bool:
        """The summary of what is about to be recorded, to confirm first (on screen only:
        a payment stays on record for good)."""
        if not self.isVisible():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Record this?"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.confirmation = box
        answer = box.exec()
        self.confirmation = None
        return answer == QMessageBox.StandardButton.Yes

    def _summary(self, amount, refused: bool = False) -> str:
        from regiegroep.i18n import format_date
        from regiegroep.vouchers.serials import format_serial

        serial = self.voucher.currentData()
        shown = format_serial(serial) if isinstance(serial, str) else str(serial)
        cash = self.in_cash.isChecked()
        iban = self.iban.text().strip()
        to = (_("in cash to {holder}").format(
                  holder=self.app.applicant.voucher_holder or self.app.applicant.name)
              if cash else _("to {payee}, IBAN {iban}").format(payee=self.payee.text().strip(),
                                                               iban=iban)
              if iban else _("to {payee}").format(payee=self.payee.text().strip()))
        what = (_("Refusal to record: {amount} from voucher {serial} {to}, on {day}, because: "
                  "{reason}") if refused else
                _("Payment to record: {amount} from voucher {serial} {to}, on {day}."))
        return what.format(amount=format_money(amount), serial=shown, to=to,
                           day=format_date(self._paid_on()),
                           reason=self.refusal_reason.text().strip())

    def _way_changed(self, *_args) -> None:
        # Cash goes to the voucher holder; their name is on record already, so it is not
        # typed again (it would stay in the payment after the retention period).
        supplier = self.to_supplier.isChecked()
        for widget in (self.payee_label, self.payee, self.iban_label, self.iban,
                       self.invoice_label, self.invoice):
            widget.setVisible(supplier)

    def _date_typed(self, *_args) -> None:
        self.error.setText(self.paid_on.problem())  # not a date: says why, beside the field

    def _paid_on(self):
        if self.paid_on.problem():
            raise UserError(self.paid_on.problem())
        return self.paid_on.date().toPython()

    def _warn(self, *_args) -> None:
        """Cash from this voucher on this day before: say so (a way round the limit)."""
        serial = self.voucher.currentData()
        text = None
        if self.in_cash.isChecked() and isinstance(serial, str):
            text = self.register.cash_warning(serial, self.paid_on.date().toPython())
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))

    def refuse(self) -> None:
        """Record the payment asked for as refused, with the reason typed (Art. 9.2)."""
        serial = self.voucher.currentData()
        try:
            if not isinstance(serial, str):
                raise UserError(_("This voucher has no serial yet; issue the vouchers first."))
            if not self.refusal_reason.text().strip():
                raise UserError(_("Say why the payment is refused (Art. 9.2)."))
            if not self._confirmed(self._summary(parse_amount(self.amount.text()), True)):
                return
            self.refusal = self.register.refuse_payment(
                serial, parse_amount(self.amount.text()), self.refusal_reason.text(),
                Way.SUPPLIER if self.to_supplier.isChecked() else Way.CASH,
                self._paid_on())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def accept(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
            payment = Payment(
                voucher=self.voucher.currentData(), paid_on=self._paid_on(),
                way=Way.SUPPLIER if self.to_supplier.isChecked() else Way.CASH, amount=amount,
                payee=self.payee.text() if self.to_supplier.isChecked() else "", description=self.description.text().strip(),
                iban=self.iban.text() if self.to_supplier.isChecked() else "",
                invoice=self.invoice.text() if self.to_supplier.isChecked() else "")
            # Checked first: only a payment that can be recorded is shown to confirm.
            self.register.check_redeem(self.app.id, payment)
            if not self._confirmed(self._summary(amount)):
                return
            self.payment = self.register.redeem(self.app.id, payment)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
