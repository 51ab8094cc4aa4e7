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
from regiegroep.model import Status


class ApplicationWork:
    """Work on the selected application (the window's ``applications`` part)."""

    def __init__(self, window) -> None:
        self.window = window

    def _behind_a_dialog(self) -> bool:
        """A key meant for a dialog in front (Enter, Delete) never opens or deletes the
        application selected behind it, however soon after the dialog it comes."""
        modal = QtWidgets.QApplication.activeModalWidget()
        return modal is not None and modal is not self.window

    def _failed(self, message: str) -> None:
        QtWidgets.QMessageBox.warning(self.window, _("Regiegroep"), message)
        self.window.reread(None)

    def new_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import AddApplication

        if not self.window.menus.new_action.isEnabled():
            return
        form = ApplicationForm(self.window.register.wijken(), parent=self.window,
                               moment_is_now=self.window.register.session.receipt_is_now,
                               privacy=self.window.privacy_text(),
                               ordinance_for=self.window.register.ordinance_for)
        self._offer_draft(form, ("new",))
        if not form.exec():
            return
        try:
            app = self.window.register.register_application(form.application(),
                                                     attachments=form.attachments())
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("The application was not saved"), str(exc))
            return
        self.window.undo_stack.push(AddApplication(self.window.register, app, self.window.reread, self._failed))
        self.window.reread(app.id)
        self.window.statusBar().showMessage(_("Application {sequence} registered.").format(
            sequence=app.sequence), 5000)

    def _offer_draft(self, form, key: tuple) -> None:
        """What this person typed in this form before the app locked comes back."""
        from ui.widgets import restore_draft

        form.draft_key = key
        person, values = self.window.session.drafts.pop(key, (None, None))
        if values is not None and person == self.window.session.last_person and restore_draft(form, values):
            self.window.statusBar().showMessage(_("What you typed before the app locked is back."), 8000)

    def edit_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import EditApplication

        current = self.window.selected()
        if current is None or not self.window.menus.edit_action.isEnabled() \
                or self._behind_a_dialog():
            return
        before = self.window.register.application(current.id)
        form = ApplicationForm(self.window.register.wijken(), before, parent=self.window,
                               privacy=self.window.privacy_text(),
                               ordinance_for=self.window.register.ordinance_for)
        self._offer_draft(form, ("change", current.id))
        if not form.exec():
            return
        after = form.application()
        try:
            changes = self.window.register.update_application(after, attachments=form.attachments())
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("The changes were not saved"), str(exc))
            return
        if changes:
            after = self.window.register.application(after.id)
            self.window.undo_stack.push(EditApplication(self.window.register, before, after, self.window.reread, self._failed))
        self.window.reread(after.id)

    def delete_application(self) -> None:
        from ui.commands import DeleteApplication

        current = self.window.selected()
        if current is None or not self.window.menus.delete_action.isEnabled() \
                or self._behind_a_dialog():
            return
        reason, ok = QtWidgets.QInputDialog.getText(
            self.window, _("Delete application {sequence}?").format(sequence=current.sequence),
            _("Delete application {sequence} “{title}” from {applicant}?\n\nThe record is kept "
              "and the deletion is written down with your reason; you can undo it.\n\n"
              "Why is it deleted?").format(sequence=current.sequence, title=current.title,
                                           applicant=current.applicant.name))
        if not ok:
            return
        try:
            self.window.register.delete_application(current.id, reason)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("The application was not deleted"), str(exc))
            return
        self.window.undo_stack.push(DeleteApplication(self.window.register, current, reason, self.window.reread, self._failed))
        self.window.reread(None)
        self.window.statusBar().showMessage(_("Application {sequence} deleted. Edit › Undo brings it back.")
                                     .format(sequence=current.sequence), 8000)

    def end_application(self, ending: Status) -> None:
        """Mark the selected application completed or withdrawn, with a reason if given."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from regiegroep.applications import end_application

        action = self.window.menus.complete_action if ending is Status.COMPLETED else self.window.menus.withdraw_action
        current = self.window.selected()
        if current is None or not action.isEnabled():
            return
        question = (_("Mark application {sequence} “{title}” completed: carried out and "
                      "accounted for?\n\nA note for the record (optional):")
                    if ending is Status.COMPLETED else
                    _("Mark application {sequence} “{title}” withdrawn by the applicant?\n\n"
                      "Why (optional, kept in the record):"))
        reason, ok = QInputDialog.getText(self.window, action.text().rstrip("…"), question.format(
            sequence=current.sequence, title=current.title))
        if not ok:
            return
        try:
            end_application(self.window.register, current.id, ending, reason)
        except UserError as exc:
            QMessageBox.warning(self.window, _("Regiegroep"), str(exc))
            return
        self.window.undo_stack.clear()  # on record for good, like a decision
        self.window.reread(current.id)
        self.window.statusBar().showMessage(_("Application {sequence} is now {status}.").format(
            sequence=current.sequence, status=ending.label.lower()), 6000)

    def check_application(self) -> None:
        """The guided check (regiegroep.deciding.check) for the selected application."""
        from regiegroep.deciding.check import CheckFlow
        from ui.check_wizard import CheckWizard

        current = self.window.selected()
        if current is None or not self.window.menus.check_action.isEnabled():
            return
        wizard = CheckWizard(CheckFlow(self.window.register, current.id), self.window)
        if wizard.exec() and wizard.outcome:
            self.window.undo_stack.clear()  # a decision is corrected by a new one, not undone
            self.window.reread(current.id)
            question = (_("The request to complete is recorded. Save the letter to the "
                          "applicant as PDF now?") if wizard.outcome == "completion_requested" else
                        _("The decision is recorded: {kind}. Save the letter to the applicant as "
                          "PDF now?").format(kind=wizard.decision.kind.label))
            if QtWidgets.QMessageBox.question(self.window, _("Recorded"), question) == QtWidgets.QMessageBox.StandardButton.Yes:
                self.window.documents.save_letter()
        else:
            self.window.statusBar().showMessage(_("The check is kept; open it again to go on."), 6000)

    def redeem_voucher(self) -> None:
        """A payment from a voucher (Art. 9): the one a serial in the search names, else one
        of the selected application's; without either, the dialog asks for the serial."""
        from ui.redeem_dialog import RedeemDialog

        if not self.window.menus.redeem_action.isEnabled():
            return
        serial = self.window.filters.found_serial
        current = self.window.selected()
        if serial is not None:
            found = self.window.register.find_voucher(serial)
            app_id = found.application_id if found else None
        else:
            app_id = current.id if current is not None else None
        vouchers = self.window.register.vouchers(app_id) if app_id is not None else []
        app = self.window.register.application(app_id) if vouchers else None
        dialog = RedeemDialog(self.window.register, app, vouchers, self.window, serial=serial)
        if app is None and current is not None:
            dialog.error.setText(_("Application {sequence} has no vouchers: only a grant gives "
                                   "them. Type or scan the voucher's serial.").format(
                                       sequence=current.sequence))
        if not dialog.exec():
            return
        self.window.undo_stack.clear()  # a payment is on record for good, like a decision
        self.window.reread(dialog.app.id if dialog.app else None)
        if dialog.refusal is not None:  # Art. 9.2: refused, with its reason, on record
            self.window.statusBar().showMessage(_("The refused payment from voucher {number} is "
                                           "recorded.").format(
                number=_shown(dialog.voucher.currentData())), 8000)
        elif dialog.payment is not None:
            self.window.statusBar().showMessage(_("Payment of {amount} from voucher {number} recorded.")
                                         .format(amount=i18n.format_money(dialog.payment.amount),
                                                 number=_shown(dialog.voucher.currentData())),
                                         8000)


def _shown(serial) -> str:
    """A voucher's serial as printed (a voucher without one by its number)."""
    from regiegroep.vouchers.serials import format_serial

    return format_serial(serial) if isinstance(serial, str) else str(serial)
