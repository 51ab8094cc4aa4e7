"""What the person signed in may do, as the window's actions.

The actions are made once, after the first rows are painted (MainWindow.build_chrome). Which
of them are enabled follows the core: the signed-in person's Session and its permissions
(regiegroep.trust.access, Art. 1g, 1h and the kiosk), the register being open, readable or damaged.
The window decides nothing of it.
"""

from __future__ import annotations

import datetime as dt

from PySide6 import QtCore, QtGui

from regiegroep.trust.access import Permission, Read, Session
from regiegroep.applications import may_end
from regiegroep.errors import UserError
from regiegroep.i18n import _
from regiegroep.model import Status

class ActionsRoom:
    """The QActions of the main window (a part of ui.main_window.MainWindow)."""

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        return action

    def _actions(self) -> None:
        self.new_action = self._action(_("New application…"), self.new_application,
                                       QtGui.QKeySequence.StandardKey.New,
                                       _("Type in an application that was handed in"))
        self.edit_action = self._action(_("Change application…"), self.edit_application,
                                        QtGui.QKeySequence(QtCore.Qt.Key.Key_Return),
                                        _("Change the selected application"))
        self.delete_action = self._action(_("Delete application…"), self.delete_application,
                                          QtGui.QKeySequence.StandardKey.Delete,
                                          _("Delete the selected application; its record is kept"))
        self.check_action = self._action(_("Check and decide…"), self.check_application,
                                         QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_D),
                                         _("Walk through the ordinance's checks and record the decision"))
        self.redeem_action = self._action(_("Redeem a voucher…"), self.redeem_voucher,
                                          tip=_("Record a payment from the applicant's "
                                                "vouchers (Art. 9)"))
        from ui import vouchers_dialog as vouchers

        self.issue_vouchers_action = self._action(
            _("Issue the vouchers…"), lambda: vouchers.issue_vouchers(self),
            tip=_("Issue the vouchers of the grant in force (Art. 5)"))
        self.print_vouchers_action = self._action(
            _("Print the vouchers…"), lambda: vouchers.print_vouchers(self))
        self.save_vouchers_action = self._action(
            _("Save the vouchers as PDF…"), lambda: vouchers.print_vouchers(self, save=True))
        self.check_voucher_action = self._action(
            _("Check a voucher…"), lambda: vouchers.check_voucher(self),
            tip=_("Type a serial or scan a voucher's code: valid or not, and what is left"))
        self.status_list_action = self._action(
            _("Save the vouchers' status list…"), lambda: vouchers.save_status_list(self),
            tip=_("The signed list of voided, expired and redeemed vouchers, for the cash "
                  "manager's check without the register; give a new one every week"))
        self.expire_action = self._action(
            _("Expire vouchers past their date…"), lambda: vouchers.expire_vouchers(self),
            tip=_("What is left on vouchers past their valid-until date returns to the budget"))
        self.reconcile_action = self._action(
            _("Reconcile with the cash manager…"), lambda: vouchers.reconcile(self),
            tip=_("Compare the cash manager's list of payments with the register"))
        self.print_letter_action = self._action(_("Print the letter…"), self.print_letter,
                                                QtGui.QKeySequence.StandardKey.Print)
        self.letter_action = self._action(_("Save the letter as PDF…"), self.save_letter,
                                          tip=_("The letter for the latest decision, or the "
                                                "request to complete"))
        self.objections_action = self._action(
            _("Objections…"), self._objections,
            tip=_("Objections received against the decisions on this application (Awb 6, 7)"))
        self.meeting_letters_action = self._action(
            _("Print the letters of a meeting…"), self.print_meeting_letters,
            tip=_("Every letter of the decisions taken on a day, in one PDF for the post"))
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QtGui.QKeySequence.StandardKey.Redo)
        self.open_action = self._action(_("Open register…"), self.choose_register,
                                        QtGui.QKeySequence.StandardKey.Open)
        self.create_action = self._action(_("New register…"), self.create_register)
        self.example_action = self._action(_("Open the example register"), self.open_example)
        self.import_action = self._action(_("Import from spreadsheet (CSV)…"), self.import_csv)
        from ui.kiosk_receive import receive_kiosk_package

        self.kiosk_receive_action = self._action(_("Receive a kiosk package…"),
                                                 lambda: receive_kiosk_package(self))
        self.export_action = self._action(_("Export register…"), self.export_register)
        self.backup_action = self._action(_("Make a backup now"), self.backup_now)
        self.backup_folder_action = self._action(_("Backup folder…"), self.choose_backup_folder)
        self.quit_action = self._action(_("Quit"), self.close, QtGui.QKeySequence.StandardKey.Quit)
        self.find_action = self._action(_("Search the register"), self._focus_search, QtGui.QKeySequence.StandardKey.Find)
        self.about_action = self._action(_("About Regiegroep"), self.about)
        self.lock_action = self._action(_("Lock"), self.lock,
                                        QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_L),
                                        _("Hide the register until someone signs in with a PIN"))
        # Ctrl+L locks from every window of the app (the budget view too), not only this one.
        self.lock_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        self.lock_minutes_action = self._action(_("Lock after inactivity…"), self.choose_lock_minutes)
        self.people_action = self._action(_("People and PINs…"), self.manage_people,
                                          tip=_("Who works with the register, their roles and PINs"))
        self.my_pin_action = self._action(_("Change my PIN…"), self.change_my_pin)
        self.group_contact_action = self._action(
            _("Steering group contact…"), self._group_contact,
            tip=_("The group's address, phone and e-mail, in the head of every letter"))
        self.privacy_action = self._action(_("Privacy statement"), self.privacy_statement)
        self.manual_action = self._action(_("Manual"), self.show_manual,
                                          QtGui.QKeySequence(QtCore.Qt.Key.Key_F1),
                                          _("The manual, with the figures of the ordinance in force"))
        self.personal_data_action = self._action(
            _("Personal data…"), self.personal_data,
            tip=_("What is stored about one person; removing it after the retention period"))
        self.budgets_action = self._action(_("Neighbourhoods and budgets…"), self.manage_budgets,
                                           tip=_("Add a neighbourhood or next year's budget"))
        self.glance_action = self._action(_("Budget at a glance"), self.budget_at_a_glance)
        self.year_report_action = self._action(_("Year report…"), self.year_report,
                                                tip=_("The year report to the municipality"))
        self.notice_action = self._action(_("Print a notice…"), self.print_notice,
                                          tip=_("The scheme, or the granted initiatives (Art. 7)"))
        self.complete_action = self._action(
            _("Mark completed…"), lambda: self.end_application(Status.COMPLETED),
            tip=_("The initiative was carried out and accounted for"))
        self.withdraw_action = self._action(
            _("Mark withdrawn…"), lambda: self.end_application(Status.WITHDRAWN),
            tip=_("The applicant withdrew the application"))

        from ui.todo_view import show_to_do

        self.todo_action = self._action(
            _("To do…"), lambda: show_to_do(self),
            QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_T),
            _("Decisions due, referrals waiting, vouchers expiring, initiatives' dates, "
              "accounts missing, backups"))
        self.consultations_action = self._action(
            _("Neighbourhood consultations…"), self.open_consultations,
            tip=_("Plan consultations, print voting codes, count the votes (Art. 5.3-5.5)"))

    def _objections(self) -> None:
        from ui.objections_dialog import show_objections

        show_objections(self)

    def _group_contact(self) -> None:
        from ui.group_dialog import edit_group_contact

        edit_group_contact(self)

    def _update_actions(self) -> None:
        if not self.chrome_built:
            return
        has_register = self.register is not None
        session = self.register.session if has_register else Session("")
        # What the signed-in person may do is decided by the core (regiegroep.trust.access); the
        # window only offers those actions; the kiosk (ui.kiosk) has its own window.
        on_register = has_register and self.pages.currentWidget() is self.splitter
        on_kiosk = has_register and self.pages.currentWidget() is self.kiosk_page

        def may(permission: Permission) -> bool:
            return has_register and not self.read_only and session.may(permission)

        has_selection = on_register and self.table.currentIndex().isValid()
        self.new_action.setEnabled(on_register and may(Permission.REGISTER)
                                   and bool(self.register.wijken()))
        self.edit_action.setEnabled(has_selection and may(Permission.EDIT))
        self.delete_action.setEnabled(has_selection and may(Permission.DELETE))
        self.check_action.setEnabled(has_selection and may(Permission.DECIDE))
        # A serial is an address: Redeem asks for one when no application is selected.
        self.redeem_action.setEnabled(on_register and (may(Permission.REDEEM)
                                                       or may(Permission.REDEEM_FOR)))
        sees = on_register and session.may(Permission.PERSONAL_DATA)
        self.issue_vouchers_action.setEnabled(has_selection and may(Permission.DECIDE))
        for action in (self.print_vouchers_action, self.save_vouchers_action):
            action.setEnabled(sees and has_selection)
        pays = may(Permission.REDEEM) or may(Permission.REDEEM_FOR)
        self.check_voucher_action.setEnabled(on_register and (pays or may(Permission.DECIDE)))
        self.reconcile_action.setEnabled(on_register and (pays or may(Permission.DECIDE)))
        self.expire_action.setEnabled(on_register and may(Permission.DECIDE))
        self.status_list_action.setEnabled(on_register and may(Permission.DECIDE))
        # A letter may be a request to complete: whoever may not read those writes none.
        writes_letters = sees and has_selection and session.may_read(Read.CHECK)
        self.letter_action.setEnabled(writes_letters)
        self.print_letter_action.setEnabled(writes_letters)
        self.meeting_letters_action.setEnabled(sees and may(Permission.DECIDE))
        self.objections_action.setEnabled(sees and has_selection and may(Permission.DECIDE))
        self.import_action.setEnabled(on_register and may(Permission.REGISTER))
        self.kiosk_receive_action.setEnabled(on_register and may(Permission.REGISTER)
                                             and may(Permission.DECIDE))
        self.export_action.setEnabled(sees)
        self.find_action.setEnabled(sees)
        self.backup_action.setEnabled(sees)
        self.backup_folder_action.setEnabled(on_register and session.may(Permission.MANAGE))
        self.undo_action.setEnabled(on_register and self.undo_stack.canUndo())
        self.redo_action.setEnabled(on_register and self.undo_stack.canRedo())
        signs_in = has_register and self.register.requires_sign_in()
        self.lock_action.setEnabled(signs_in and session.role != "nobody")
        self.lock_minutes_action.setEnabled(signs_in and session.may(Permission.MANAGE))
        self.people_action.setEnabled(on_register and may(Permission.MANAGE))
        self.group_contact_action.setEnabled(on_register and may(Permission.MANAGE))
        self.personal_data_action.setEnabled(on_register and may(Permission.MANAGE))
        self.budgets_action.setEnabled(on_register and may(Permission.MANAGE))
        reads_budgets = on_register and session.may_read(Read.BUDGETS)
        self.glance_action.setEnabled(reads_budgets)
        self.todo_action.setEnabled(on_register and session.may_read(Read.DECISIONS))
        self.year_report_action.setEnabled(reads_budgets and session.may_read(Read.DECISIONS))
        self.notice_action.setEnabled(on_register and session.may_read(Read.PUBLIC))
        current = self.selected() if has_selection else None
        for action, ending in ((self.complete_action, Status.COMPLETED),
                               (self.withdraw_action, Status.WITHDRAWN)):
            action.setEnabled(current is not None and may(Permission.EDIT)
                              and may_end(current, ending))
        self.consultations_action.setEnabled(on_register and may(Permission.DECIDE))
        # The kiosk's residents do not open other files; its menus are hidden and its
        # shortcuts must not work either.
        for action in (self.open_action, self.create_action, self.example_action,
                       self.privacy_action, self.about_action, self.quit_action,
                       self.manual_action):
            action.setEnabled(not on_kiosk)
        self.my_pin_action.setEnabled(on_register and not self.read_only
                                      and session.person_id is not None)

    # ------------------------------------------------- the dialogs these actions open

    def _ordinance_in_sight(self):
        """The ordinance in force for the selected application's year, else for this year's
        budget; None (the model ordinance) without either."""
        if self.register is None:
            return None
        session = self.register.session
        if not session.may_read(Read.PUBLIC):  # the sign-in page: nobody has signed in yet
            return None
        if not session.may_read(Read.BUDGETS):
            return self.register.year_ordinance(dt.date.today().year)
        current = self.selected()
        if current is not None:
            return self.register.ordinance_for(current.wijk_id, current.year)
        this_year = [b for b in self.register.budgets() if b.year == dt.date.today().year]
        return self.register.ordinance_for(this_year[0].wijk_id, this_year[0].year) \
            if this_year else None

    def show_manual(self) -> None:
        from ui.help import HelpWindow

        if self.manual_action.isEnabled():
            HelpWindow(self, self._ordinance_in_sight()).exec()

    def personal_data(self) -> None:
        from ui.privacy_dialog import PrivacyDialog

        if self.personal_data_action.isEnabled():
            PrivacyDialog(self.register, self).exec()
            self._changed(None)

    def manage_budgets(self) -> None:
        from ui.budgets_dialog import BudgetsDialog

        if self.budgets_action.isEnabled():
            BudgetsDialog(self.register, self).exec()
            self._changed(getattr(self.selected(), "id", None))

    def budget_at_a_glance(self) -> None:
        """The budget view in a window of its own beside the register, following it."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from ui.budget_view import BudgetView

        if not self.glance_action.isEnabled():
            return
        self._close_views()
        self._glance = QDialog(self)
        self._glance.setWindowTitle(_("Budget at a glance"))
        QVBoxLayout(self._glance).addWidget(BudgetView(self.register, self._glance))
        from PySide6.QtCore import QSize

        from ui.widgets import fit_to_screen

        fit_to_screen(self._glance, QSize(1200, 700))  # on a 1366x768 laptop too
        self._glance.show()

    def _detail_link(self, url) -> None:
        """A link in the detail view: open or save one of the application's attachments."""
        from ui.detail import attachment_link

        current = self.selected()
        if current is not None and self.register is not None:
            attachment_link(self, self.register, current.id, url.toString())

    def _close_views(self) -> None:
        """Close the views of a register that is being closed."""
        if getattr(self, "_glance", None) is not None:
            self._glance.close()
            self._glance.deleteLater()
            self._glance = None

    def end_application(self, ending: Status) -> None:
        """Mark the selected application completed or withdrawn, with a reason if given."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from regiegroep.applications import end_application

        action = self.complete_action if ending is Status.COMPLETED else self.withdraw_action
        current = self.selected()
        if current is None or not action.isEnabled():
            return
        question = (_("Mark application {sequence} “{title}” completed: carried out and "
                      "accounted for?\n\nA note for the record (optional):")
                    if ending is Status.COMPLETED else
                    _("Mark application {sequence} “{title}” withdrawn by the applicant?\n\n"
                      "Why (optional, kept in the record):"))
        reason, ok = QInputDialog.getText(self, action.text().rstrip("…"), question.format(
            sequence=current.sequence, title=current.title))
        if not ok:
            return
        try:
            end_application(self.register, current.id, ending, reason)
        except UserError as exc:
            QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        self.undo_stack.clear()  # on record for good, like a decision
        self._changed(current.id)
        self.statusBar().showMessage(_("Application {sequence} is now {status}.").format(
            sequence=current.sequence, status=ending.label.lower()), 6000)

    def open_consultations(self) -> None:
        from ui.consultation_list import ConsultationsDialog

        dialog = ConsultationsDialog(self.register, self)
        dialog.wait_weeks_changed.connect(self._show_deadline_counts)
        dialog.exec()
        self._changed(None)  # decisions may have followed
