"""Vouchers in the window (Art. 5, 9): checking one, printing an application's vouchers,
and the reconciliation with the cash manager's list.

"Check a voucher" takes a typed serial or a scanned code: a USB scanner types the code like
a keyboard and ends with Enter. The core judges it (regiegroep.vouchers.verifying); this screen shows
the verdict. Certificates are written on a worker thread with a cancellable progress dialog
(ui.tasks) and previewed or saved; the reconciliation is the core's list of differences
(regiegroep.exchange.reconcile) as a table that can be saved.
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QMessageBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date, format_money, ngettext
from ui.file_dialogs import open_file_name, save_file_name


class CheckVoucherDialog(QDialog):
    """Type a serial or scan a code, press Enter: valid or not, why, and what is left."""

    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self.verdict = register, None
        self.setWindowTitle(_("Check a voucher"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Type the serial number, or scan the QR code on the voucher. Then "
                         "press Enter."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. 7KM4-RXA9-CDEF, or scan the code"))
        self.code.returnPressed.connect(self.check)
        self.code.setAccessibleName(_("Serial number or QR code of the voucher"))
        layout.addWidget(self.code)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setMinimumHeight(60)
        layout.addWidget(self.answer)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("why it is voided, e.g. lost by the holder"))
        self.reason.setAccessibleName(_("Why the voucher is voided"))
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.void_button = buttons.addButton(_("Void and replace"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.void_button.clicked.connect(self.void)
        from regiegroep.trust.access import Permission

        may = register.session.may(Permission.DECIDE)
        self.reason.setVisible(may)
        self.void_button.setVisible(may)
        self.void_button.setEnabled(False)
        self.redeem_button = buttons.addButton(_("Redeem from this voucher…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.redeem_button.clicked.connect(self.redeem)
        self.redeem_button.setVisible(may_redeem(register))
        self.redeem_button.setEnabled(False)
        for button in buttons.buttons():  # Enter is the scanner's: it checks, never closes
            button.setAutoDefault(False)
            button.setDefault(False)
        layout.addWidget(buttons)
        self.resize(640, 300)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # A USB scanner ends the code with Enter: it checks the code (returnPressed) and must
        # not close the dialog before the verdict is read.
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.code.hasFocus():
                self.check()
            return
        super().keyPressEvent(event)

    def redeem(self) -> None:
        """Redeem starts from the serial just checked (a serial is an address)."""
        from ui.redeem_dialog import RedeemDialog

        found = self.register.find_voucher(self.verdict.serial) if self.verdict else None
        if found is None:
            return
        dialog = RedeemDialog(self.register, self.register.application(found.application_id),
                              self.register.vouchers(found.application_id), self,
                              serial=found.voucher.serial)
        if dialog.exec():
            self.check()  # what is left now

    def check(self) -> None:
        text = self.code.text()
        if not text.strip():
            return
        self.verdict = verdict = self.register.check_voucher(text)
        colour = "#e6f4ea" if verdict.valid else "#fde7e9"
        head = _("Valid") if verdict.valid else _("Not valid")
        self.answer.setStyleSheet(f"background:{colour};padding:6px")
        self.answer.setText(f"<b>{head}</b><br>{verdict.message}")
        self.void_button.setEnabled(verdict.reason in ("valid", "redeemed"))
        self.redeem_button.setEnabled(verdict.valid)
        found = self.register.find_voucher(verdict.serial) if verdict.serial else None
        if found is not None:
            self.answer.setText(self.answer.text() + "<br>" + _(
                "Application {sequence}.").format(sequence=found.sequence))
        self.code.selectAll()  # the next scan replaces it

    def void(self) -> None:
        """A lost voucher: voided with the reason typed, replaced by a new serial for what
        was left on it (Art. 5); the old serial is refused from then on."""
        from regiegroep.vouchers.serials import format_serial

        try:
            new = self.register.void_voucher(self.verdict.serial, self.reason.text())
        except UserError as exc:
            self.answer.setText(str(exc))
            return
        self.void_button.setEnabled(False)
        self.answer.setStyleSheet("background:#fff4e5;padding:6px")
        self.answer.setText(_("Voucher {serial} is voided.").format(
            serial=format_serial(self.verdict.serial)) + (" " + _(
                "Print the new voucher {serial} from the application.").format(
                    serial=format_serial(new.serial)) if new else ""))


class ReconcileDialog(QDialog):
    """The differences between the cash manager's list and the register, to save."""

    def __init__(self, differences: list, parent: QWidget | None = None):
        super().__init__(parent)
        from regiegroep.exchange.reconcile import kind_text

        self.differences = differences
        self.setWindowTitle(_("Reconciliation with the cash manager"))
        layout = QVBoxLayout(self)
        summary = QLabel(_("The cash list and the register agree.") if not differences else
                         _("{count} differences.").format(count=len(differences)))
        layout.addWidget(summary)
        self.saved = QLabel()  # where the differences went, once saved
        self.saved.setWordWrap(True)
        self.table = QTableWidget(len(differences), 5)
        self.table.setHorizontalHeaderLabels([_("Difference"), _("Serial"), _("Date"),
                                              _("Amount"), _("What")])
        for row, d in enumerate(differences):
            for col, text in enumerate((kind_text(d.kind), d.serial,
                                        format_date(d.paid_on) if d.paid_on else "",
                                        format_money(d.amount) if d.amount is not None else "",
                                        d.message)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(1)  # a serial on one line
        layout.addWidget(self.table)
        layout.addWidget(self.saved)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 420)

    def save(self, path: str | None = None) -> None:
        from regiegroep.exchange.reconcile import write_differences

        if path is None:
            path, _filter = save_file_name(self, _("Save the differences"),
                                           str(Path.home() / _("differences.csv")),
                                           _("CSV (*.csv)"))
        if path:
            try:
                write_differences(self.differences, path)
            except UserError as exc:
                self.saved.setText(str(exc))
                return
            self.saved.setText(_("The differences are saved as {path}.").format(path=path))


def may_redeem(register) -> bool:
    from regiegroep.trust.access import Permission

    session = register.session
    return session.may(Permission.REDEEM) or session.may(Permission.REDEEM_FOR)


def check_voucher(window) -> None:
    """The check screen; a serial typed or scanned in the search is checked at once."""
    if window.register is None:
        return
    dialog = CheckVoucherDialog(window.register, window)
    serial = window.filters.found_serial
    if serial:
        dialog.code.setText(serial)
        dialog.check()
    dialog.exec()
    if dialog.verdict is not None:
        window.reread(getattr(window.selected(), "id", None))


def reconcile(window) -> None:
    """Choose the cash manager's list and show the differences."""
    from regiegroep.exchange.reconcile import reconcile as differences_in

    if window.register is None:
        return
    path = open_file_name(window, _("The cash manager's list of payments"), "",
                          _("CSV (*.csv);;All files (*)"))
    if not path:
        return
    try:
        data = Path(path).read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        found = differences_in(window.register, text)
    except (UserError, OSError) as exc:
        QMessageBox.warning(window, _("Reconciliation"), str(exc))
        return
    ReconcileDialog(found, window).exec()


def print_vouchers(window, save: bool = False) -> None:
    """The selected application's vouchers, previewed (and printed from there) or saved.
    They count as printed (a next print is a reprint) only once printed from the preview or
    saved where the person chose: a preview closed, or a cancel, records nothing."""
    from regiegroep.vouchers.voucher_prints import record_print, write_vouchers
    from ui.tasks import opener_as_signed_in, run_in_background

    current = window.selected()
    if current is None or window.register is None:
        return
    folder = None
    if save:
        chosen, _filter = save_file_name(
            window, _("Save the vouchers as PDF"),
            str(Path.home() / _("vouchers-{sequence}.pdf").format(sequence=current.sequence)),
            _("PDF (*.pdf)"))
        if not chosen:
            return
        out = Path(chosen)
    else:
        folder = Path(tempfile.mkdtemp(prefix="regiegroep-vouchers-"))
        out = folder / f"vouchers-{current.sequence}.pdf"
    register = window.register
    opened = opener_as_signed_in(register)
    part = out.with_name("." + out.name + ".part.pdf") if save else out

    def write(_progress):
        with opened() as other:
            return write_vouchers(other, part, current.sequence)

    def gone(_result=None) -> None:
        part.unlink(missing_ok=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def recorded(paper, keep_as=None) -> bool:
        try:
            record_print(register, paper, keep_as=keep_as)  # the register it was written from
        except UserError as exc:
            QMessageBox.warning(window, _("No vouchers"), str(exc))
            return False
        window.reread(current.id)
        return True

    def written(paper) -> None:
        try:
            if folder is None:
                if recorded(paper, keep_as=out):
                    window.statusBar().showMessage(_("The vouchers are saved as {path}.").format(
                        path=out), 8000)
                return
            from ui.printing import preview_and_print

            if preview_and_print(window, paper.path, _("Vouchers of application {sequence}").format(
                    sequence=current.sequence)):
                recorded(paper)
        finally:
            gone()

    def failed(message: str) -> None:
        gone()
        QMessageBox.warning(window, _("No vouchers"), message)

    run_in_background(window, _("Writing the vouchers of application {sequence}…").format(
        sequence=current.sequence), write, written, failed, gone, running=window.workers)


def issue_vouchers(window) -> None:
    """Issue the selected grant's vouchers: the default split, or the group's own values."""
    from PySide6.QtWidgets import QInputDialog

    from regiegroep.money import parse_amount

    current = window.selected()
    if current is None or window.register is None:
        return
    from regiegroep.vouchers.issuing import proposal

    proposed = "; ".join(format_money(v).replace("€", "").strip()
                         for v in proposal(window.register, current.id))
    question = _("The value of each voucher, with a semicolon (;) between them, as proposed "
                 "below. None may be above the ordinance's maximum; together they make the "
                 "grant.")
    text, problem = proposed, ""
    while True:  # a refusal ("they do not add up") asks again with what was typed
        text, ok = QInputDialog.getText(
            window, _("Issue the vouchers"), (problem + "\n\n" if problem else "") + question,
            QLineEdit.EchoMode.Normal, text)
        if not ok:
            return
        try:
            values = [parse_amount(part) for part in text.split(";") if part.strip()]
            made = window.register.issue_vouchers(current.id, values or None)
            break
        except UserError as exc:
            problem = str(exc)
    window.reread(current.id)
    window.statusBar().showMessage(ngettext("{count} voucher issued.", "{count} vouchers issued.",
                                            len(made)).format(count=len(made)), 8000)


def expire_vouchers(window, today=None) -> None:
    """After the valid-until date what is left expires and returns to the budget: the
    group sees how many and how much, and confirms (Art. 5.7)."""
    if window.register is None:
        return
    due = window.register.due_to_expire(today)
    if not due:
        QMessageBox.information(window, _("Expire vouchers"),
                                _("No voucher is past its valid-until date with money left."))
        return
    left = sum((v.unspent for v in due), Decimal(0))
    asked = QMessageBox.question(window, _("Expire vouchers"), ngettext(
        "{count} voucher is past its valid-until date; {amount} is left on it. It "
        "expires and returns to the neighbourhoods' budgets. Go ahead?",
        "{count} vouchers are past their valid-until date; {amount} is left on them. It "
        "expires and returns to the neighbourhoods' budgets. Go ahead?", len(due)).format(
            count=len(due), amount=format_money(left)))
    if asked != QMessageBox.StandardButton.Yes:
        return
    try:
        window.register.expire_vouchers(today)
    except UserError as exc:
        QMessageBox.warning(window, _("Expire vouchers"), str(exc))
        return
    window.reread(None)


def save_status_list(window) -> None:
    """Save the signed status list of the vouchers (regiegroep.status_list) for the cash
    manager's ``verify --key --status``: the core writes and signs it."""
    from regiegroep.vouchers import status_list

    if window.register is None:
        return
    chosen, _filter = save_file_name(window, _("Save the vouchers' status list"),
                                     str(Path.home() / _("voucher-status-list.txt")),
                                     _("Text files (*.txt)"))
    if not chosen:
        return
    try:
        listed = status_list.write(window.register, chosen)
    except UserError as exc:
        QMessageBox.warning(window, _("Status list"), str(exc))
        return
    refused = sum(1 for state, _left in listed.entries.values() if state in status_list.REFUSED)
    window.statusBar().showMessage(ngettext(
        "The status list is saved as {path}: {count} voucher may not be paid any more. Give "
        "it to the cash manager, and a new one every week.",
        "The status list is saved as {path}: {count} vouchers may not be paid any more. Give "
        "it to the cash manager, and a new one every week.", refused).format(
            path=chosen, count=refused), 12000)
