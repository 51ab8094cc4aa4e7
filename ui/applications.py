"""What is done to one application from the window: register (Art. 4), change, delete and
restore, the guided check and decision (Art. 5, 6), redeeming a voucher (Art. 9).

The core checks and records each in one transaction; the window shows the forms and
keeps the undo history.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from regiegroep import i18n
from regiegroep.errors import UserError
from regiegroep.i18n import _


class ApplicationsRoom:
    """Work on the selected application (a part of ui.main_window.MainWindow)."""

    def _failed(self, message: str) -> None:
        QtWidgets.QMessageBox.warning(self, _("Regiegroep"), message)
        self._changed(None)

    def new_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import AddApplication

        if not self.new_action.isEnabled():
            return
        form = ApplicationForm(self.register.wijken(), parent=self,
                               moment_is_now=self.register.session.receipt_is_now,
                               privacy=self._privacy_text(),
                               ordinance_for=self.register.ordinance_for)
        self._offer_draft(form, ("new",))
        if not form.exec():
            return
        try:
            app = self.register.register_application(form.application(),
                                                     attachments=form.attachments())
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("The application was not saved"), str(exc))
            return
        self.undo_stack.push(AddApplication(self.register, app, self._changed, self._failed))
        self._changed(app.id)
        self.statusBar().showMessage(_("Application {sequence} registered.").format(
            sequence=app.sequence), 5000)

    def _offer_draft(self, form, key: tuple) -> None:
        """What this person typed in this form before the app locked comes back."""
        from ui.widgets import restore_draft

        form.draft_key = key
        person, values = self.drafts.pop(key, (None, None))
        if values is not None and person == self._last_person and restore_draft(form, values):
            self.statusBar().showMessage(_("What you typed before the app locked is back."), 8000)

    def edit_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import EditApplication

        current = self.selected()
        if current is None or not self.edit_action.isEnabled():
            return
        before = self.register.application(current.id)
        form = ApplicationForm(self.register.wijken(), before, parent=self,
                               privacy=self._privacy_text(),
                               ordinance_for=self.register.ordinance_for)
        self._offer_draft(form, ("change", current.id))
        if not form.exec():
            return
        after = form.application()
        try:
            changes = self.register.update_application(after, attachments=form.attachments())
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("The changes were not saved"), str(exc))
            return
        if changes:
            after = self.register.application(after.id)
            self.undo_stack.push(EditApplication(self.register, before, after, self._changed, self._failed))
        self._changed(after.id)

    def delete_application(self) -> None:
        from ui.commands import DeleteApplication

        current = self.selected()
        if current is None or not self.delete_action.isEnabled():
            return
        reason, ok = QtWidgets.QInputDialog.getText(
            self, _("Delete application {sequence}?").format(sequence=current.sequence),
            _("Delete application {sequence} “{title}” from {applicant}?\n\nThe record is kept "
              "and the deletion is written down with your reason; you can undo it.\n\n"
              "Why is it deleted?").format(sequence=current.sequence, title=current.title,
                                           applicant=current.applicant.name))
        if not ok:
            return
        try:
            self.register.delete_application(current.id, reason)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("The application was not deleted"), str(exc))
            return
        self.undo_stack.push(DeleteApplication(self.register, current, reason, self._changed, self._failed))
        self._changed(None)
        self.statusBar().showMessage(_("Application {sequence} deleted. Edit › Undo brings it back.")
                                     .format(sequence=current.sequence), 8000)

    def check_application(self) -> None:
        """The guided check (regiegroep.deciding.check) for the selected application."""
        from regiegroep.deciding.check import CheckFlow
        from ui.check_wizard import CheckWizard

        current = self.selected()
        if current is None or not self.check_action.isEnabled():
            return
        wizard = CheckWizard(CheckFlow(self.register, current.id), self)
        if wizard.exec() and wizard.outcome:
            self.undo_stack.clear()  # a decision is corrected by a new one, not undone
            self._changed(current.id)
            question = (_("The request to complete is recorded. Save the letter to the "
                          "applicant as PDF now?") if wizard.outcome == "completion_requested" else
                        _("The decision is recorded: {kind}. Save the letter to the applicant as "
                          "PDF now?").format(kind=wizard.decision.kind.label))
            if QtWidgets.QMessageBox.question(self, _("Recorded"), question) == QtWidgets.QMessageBox.StandardButton.Yes:
                self.save_letter()
        else:
            self.statusBar().showMessage(_("The check is kept; open it again to go on."), 6000)

    def redeem_voucher(self) -> None:
        """A payment from a voucher (Art. 9): the one a serial in the search names, else one
        of the selected application's; without either, the dialog asks for the serial."""
        from ui.redeem_dialog import RedeemDialog

        if not self.redeem_action.isEnabled():
            return
        serial = getattr(self, "found_serial", None)
        current = self.selected()
        if serial is not None:
            found = self.register.find_voucher(serial)
            app_id = found.application_id if found else None
        else:
            app_id = current.id if current is not None else None
        vouchers = self.register.vouchers(app_id) if app_id is not None else []
        app = self.register.application(app_id) if vouchers else None
        dialog = RedeemDialog(self.register, app, vouchers, self, serial=serial)
        if app is None and current is not None:
            dialog.error.setText(_("Application {sequence} has no vouchers: only a grant gives "
                                   "them. Type or scan the voucher's serial.").format(
                                       sequence=current.sequence))
        if not dialog.exec():
            return
        self.undo_stack.clear()  # a payment is on record for good, like a decision
        self._changed(dialog.app.id if dialog.app else None)
        if dialog.refusal is not None:  # Art. 9.2: refused, with its reason, on record
            self.statusBar().showMessage(_("The refused payment from voucher {number} is "
                                           "recorded.").format(
                number=_shown(dialog.voucher.currentData())), 8000)
        elif dialog.payment is not None:
            self.statusBar().showMessage(_("Payment of {amount} from voucher {number} recorded.")
                                         .format(amount=i18n.format_money(dialog.payment.amount),
                                                 number=_shown(dialog.voucher.currentData())),
                                         8000)


def _shown(serial) -> str:
    """A voucher's serial as printed (a voucher without one by its number)."""
    from regiegroep.vouchers.serials import format_serial

    return format_serial(serial) if isinstance(serial, str) else str(serial)
