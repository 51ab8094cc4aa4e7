"""What the person signed in may do, as the window's actions.

The actions are made once, after the first rows are painted (MainWindow.build_chrome). Which
of them are enabled follows the core: the signed-in person's Session and its permissions
(regiegroep.access, Art. 1g, 1h and the kiosk), the register being open, readable or damaged.
The window decides nothing of it.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from regiegroep.access import Permission, Session
from regiegroep.i18n import _


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
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QtGui.QKeySequence.StandardKey.Redo)
        self.open_action = self._action(_("Open register…"), self.choose_register,
                                        QtGui.QKeySequence.StandardKey.Open)
        self.create_action = self._action(_("New register…"), self.create_register)
        self.example_action = self._action(_("Open the example register"), self.open_example)
        self.import_action = self._action(_("Import from spreadsheet (CSV)…"), self.import_csv)
        self.export_action = self._action(_("Export register…"), self.export_register)
        self.backup_action = self._action(_("Make a backup now"), self.backup_now)
        self.backup_folder_action = self._action(_("Backup folder…"), self.choose_backup_folder)
        self.quit_action = self._action(_("Quit"), self.close, QtGui.QKeySequence.StandardKey.Quit)
        self.find_action = self._action(_("Search"), self._focus_search, QtGui.QKeySequence.StandardKey.Find)
        self.about_action = self._action(_("About Regiegroep"), self.about)
        self.lock_action = self._action(_("Lock"), self.lock,
                                        QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_L),
                                        _("Hide the register until someone signs in with a PIN"))
        self.lock_minutes_action = self._action(_("Lock after inactivity…"), self.choose_lock_minutes)
        self.people_action = self._action(_("People and PINs…"), self.manage_people,
                                          tip=_("Who works with the register, their roles and PINs"))
        self.my_pin_action = self._action(_("Change my PIN…"), self.change_my_pin)
        self.privacy_action = self._action(_("Privacy statement"), self.privacy_statement)

    def _update_actions(self) -> None:
        if not self.chrome_built:
            return
        has_register = self.register is not None
        session = self.register.session if has_register else Session("")
        # What the signed-in person may do is decided by the core (regiegroep.access); the
        # window only offers those actions. The kiosk's page offers just the new application.
        on_register = has_register and self.pages.currentWidget() is self.splitter
        on_kiosk = has_register and self.pages.currentWidget() is self.kiosk_page

        def may(permission: Permission) -> bool:
            return has_register and not self.read_only and session.may(permission)

        has_selection = on_register and self.table.currentIndex().isValid()
        self.new_action.setEnabled((on_register or on_kiosk) and may(Permission.REGISTER)
                                   and bool(self.register.wijken()))
        self.edit_action.setEnabled(has_selection and may(Permission.EDIT))
        self.delete_action.setEnabled(has_selection and may(Permission.DELETE))
        self.check_action.setEnabled(has_selection and may(Permission.DECIDE))
        self.redeem_action.setEnabled(has_selection and (may(Permission.REDEEM)
                                                         or may(Permission.REDEEM_FOR)))
        sees = on_register and session.may(Permission.PERSONAL_DATA)
        self.issue_vouchers_action.setEnabled(has_selection and may(Permission.DECIDE))
        for action in (self.print_vouchers_action, self.save_vouchers_action):
            action.setEnabled(sees and has_selection)
        pays = may(Permission.REDEEM) or may(Permission.REDEEM_FOR)
        self.check_voucher_action.setEnabled(on_register and (pays or may(Permission.DECIDE)))
        self.reconcile_action.setEnabled(on_register and (pays or may(Permission.DECIDE)))
        self.expire_action.setEnabled(on_register and may(Permission.DECIDE))
        self.letter_action.setEnabled(sees and has_selection)
        self.print_letter_action.setEnabled(sees and has_selection)
        self.import_action.setEnabled(on_register and may(Permission.REGISTER))
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
        # The kiosk's residents do not open other files; its menus are hidden and its
        # shortcuts must not work either.
        for action in (self.open_action, self.create_action, self.example_action,
                       self.privacy_action, self.about_action, self.quit_action):
            action.setEnabled(not on_kiosk)
        self.my_pin_action.setEnabled(on_register and not self.read_only
                                      and session.person_id is not None)
