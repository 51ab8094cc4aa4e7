"""What the person signed in may do, as the window's actions.

The actions are made once, after the first rows are painted (MainWindow.build_chrome). Which
of them are enabled follows the core: the signed-in person's Session and its permissions
(regiegroep.trust.access, Art. 1g, 1h and the kiosk), the register being open, readable or damaged.
The window decides nothing of it.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from regiegroep import i18n
from regiegroep.applications import may_end
from regiegroep.errors import UserError
from regiegroep.i18n import _
from regiegroep.model import Status
from regiegroep.trust.access import Permission, Read, Session


class Menus:
    """The window's actions, menus and toolbar (its ``menus`` part), enabled as the core allows."""

    def __init__(self, window) -> None:
        self.window = window

    def action(self, text: str, slot, shortcut=None, tip: str = "") -> QtGui.QAction:
        action = QtGui.QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        return action

    def make_actions(self) -> None:
        self.new_action = self.action(_("New application…"), self.window.applications.new_application,
                                       QtGui.QKeySequence.StandardKey.New,
                                       _("Type in an application that was handed in"))
        self.edit_action = self.action(_("Change application…"), self.window.applications.edit_application,
                                        QtGui.QKeySequence(QtCore.Qt.Key.Key_Return),
                                        _("Change the selected application"))
        self.delete_action = self.action(_("Delete application…"), self.window.applications.delete_application,
                                          QtGui.QKeySequence.StandardKey.Delete,
                                          _("Delete the selected application; its record is kept"))
        self.check_action = self.action(_("Check and decide…"), self.window.applications.check_application,
                                         QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_D),
                                         _("Walk through the ordinance's checks and record the decision"))
        self.redeem_action = self.action(_("Redeem a voucher…"), self.window.applications.redeem_voucher,
                                          tip=_("Record a payment from the applicant's "
                                                "vouchers (Art. 9)"))
        from ui import vouchers_dialog as vouchers

        self.issue_vouchers_action = self.action(
            _("Issue the vouchers…"), lambda: vouchers.issue_vouchers(self.window),
            tip=_("Issue the vouchers of the grant in force (Art. 5)"))
        self.print_vouchers_action = self.action(
            _("Print the vouchers…"), lambda: vouchers.print_vouchers(self.window))
        self.save_vouchers_action = self.action(
            _("Save the vouchers as PDF…"), lambda: vouchers.print_vouchers(self.window, save=True))
        self.check_voucher_action = self.action(
            _("Check a voucher…"), lambda: vouchers.check_voucher(self.window),
            tip=_("Type a serial or scan a voucher's code: valid or not, and what is left"))
        self.status_list_action = self.action(
            _("Save the vouchers' status list…"), lambda: vouchers.save_status_list(self.window),
            tip=_("The signed list of voided, expired and redeemed vouchers, for the cash "
                  "manager's check without the register; give a new one every week"))
        self.expire_action = self.action(
            _("Expire vouchers past their date…"), lambda: vouchers.expire_vouchers(self.window),
            tip=_("What is left on vouchers past their valid-until date returns to the budget"))
        self.reconcile_action = self.action(
            _("Reconcile with the cash manager…"), lambda: vouchers.reconcile(self.window),
            tip=_("Compare the cash manager's list of payments with the register"))
        self.print_letter_action = self.action(_("Print the letter…"), self.window.documents.print_letter,
                                                QtGui.QKeySequence.StandardKey.Print)
        self.letter_action = self.action(_("Save the letter as PDF…"), self.window.documents.save_letter,
                                          tip=_("The letter for the latest decision, or the "
                                                "request to complete"))
        self.objections_action = self.action(
            _("Objections…"), self.window.manage.objections,
            tip=_("Objections received against the decisions on this application (Awb 6, 7)"))
        self.meeting_letters_action = self.action(
            _("Print the letters of a meeting…"), self.window.documents.print_meeting_letters,
            tip=_("Every letter of the decisions taken on a day, in one PDF for the post"))
        self.undo_action = self.window.undo_stack.createUndoAction(self.window, _("Undo"))
        self.undo_action.setShortcut(QtGui.QKeySequence.StandardKey.Undo)
        self.redo_action = self.window.undo_stack.createRedoAction(self.window, _("Redo"))
        self.redo_action.setShortcut(QtGui.QKeySequence.StandardKey.Redo)
        self.open_action = self.action(_("Open register…"), self.window.registers.choose_register,
                                        QtGui.QKeySequence.StandardKey.Open)
        self.create_action = self.action(_("New register…"), self.window.registers.create_register)
        self.example_action = self.action(_("Open the example register"), self.window.registers.open_example)
        self.import_action = self.action(_("Import from spreadsheet (CSV)…"), self.window.exchange.import_csv)
        from ui.kiosk_receive import receive_kiosk_package

        self.kiosk_receive_action = self.action(_("Receive a kiosk package…"),
                                                lambda: receive_kiosk_package(self.window))
        self.export_action = self.action(_("Export register…"), self.window.exchange.export_register)
        self.backup_action = self.action(_("Make a backup now"), self.window.exchange.backup_now)
        self.backup_folder_action = self.action(_("Backup folder…"), self.window.exchange.choose_backup_folder)
        self.quit_action = self.action(_("Quit"), self.window.close, QtGui.QKeySequence.StandardKey.Quit)
        self.find_action = self.action(_("Search the register"), self.window.filters.focus_search, QtGui.QKeySequence.StandardKey.Find)
        self.about_action = self.action(_("About Regiegroep"), self.window.about)
        self.lock_action = self.action(_("Lock"), self.window.session.lock,
                                        QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_L),
                                        _("Hide the register until someone signs in with a PIN"))
        # Ctrl+L locks from every window of the app (the budget view too), not only this one.
        self.lock_action.setShortcutContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
        self.lock_minutes_action = self.action(_("Lock after inactivity…"), self.window.session.choose_lock_minutes)
        self.people_action = self.action(_("People and PINs…"), self.window.session.manage_people,
                                          tip=_("Who works with the register, their roles and PINs"))
        self.my_pin_action = self.action(_("Change my PIN…"), self.window.session.change_my_pin)
        self.group_contact_action = self.action(
            _("Steering group contact…"), self.window.manage.group_contact,
            tip=_("The group's address, phone and e-mail, in the head of every letter"))
        self.privacy_action = self.action(_("Privacy statement"), self.window.privacy_statement)
        self.manual_action = self.action(_("Manual"), self.window.manage.show_manual,
                                          QtGui.QKeySequence(QtCore.Qt.Key.Key_F1),
                                          _("The manual, with the figures of the ordinance in force"))
        self.personal_data_action = self.action(
            _("Personal data…"), self.window.manage.personal_data,
            tip=_("What is stored about one person; removing it after the retention period"))
        self.budgets_action = self.action(_("Neighbourhoods and budgets…"), self.window.manage.manage_budgets,
                                           tip=_("Add a neighbourhood or next year's budget"))
        self.glance_action = self.action(_("Budget at a glance"), self.window.manage.budget_at_a_glance)
        self.year_report_action = self.action(_("Year report…"), self.window.documents.year_report,
                                                tip=_("The year report to the municipality"))
        self.notice_action = self.action(_("Print a notice…"), self.window.documents.print_notice,
                                          tip=_("The scheme, or the granted initiatives (Art. 7)"))
        self.complete_action = self.action(
            _("Mark completed…"), lambda: self.window.applications.end_application(Status.COMPLETED),
            tip=_("The initiative was carried out and accounted for"))
        self.withdraw_action = self.action(
            _("Mark withdrawn…"), lambda: self.window.applications.end_application(Status.WITHDRAWN),
            tip=_("The applicant withdrew the application"))

        from ui.todo_view import show_to_do

        self.todo_action = self.action(
            _("To do…"), lambda: show_to_do(self.window),
            QtGui.QKeySequence(QtCore.Qt.Modifier.CTRL | QtCore.Qt.Key.Key_T),
            _("Decisions due, consultations to hold or count, referrals waiting, vouchers "
              "expiring, initiatives' dates, accounts missing, backups"))
        self.consultations_action = self.action(
            _("Neighbourhood consultations…"), self.window.manage.open_consultations,
            tip=_("Plan consultations, print voting codes, count the votes (Art. 5.3-5.5)"))

    def make_menus(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for action in (self.create_action, self.open_action, self.example_action, None,
                       self.import_action, self.kiosk_receive_action, self.export_action,
                       self.year_report_action,
                       self.notice_action, None, self.backup_action,
                       self.backup_folder_action, None, self.people_action, self.my_pin_action,
                       self.group_contact_action,
                       self.budgets_action, self.personal_data_action,
                       self.lock_action, self.lock_minutes_action, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = bar.addMenu(_("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.new_action,
                       self.edit_action, self.delete_action, self.complete_action,
                       self.withdraw_action, None, self.check_action,
                       self.redeem_action, self.print_letter_action, self.letter_action,
                       self.meeting_letters_action, self.objections_action, None,
                       self.issue_vouchers_action, self.print_vouchers_action,
                       self.save_vouchers_action, self.check_voucher_action,
                       self.status_list_action,
                       self.reconcile_action, self.expire_action, None,
                       self.consultations_action, None, self.find_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu(_("&View"))
        view_menu.addAction(self.todo_action)
        view_menu.addAction(self.glance_action)
        self.language_menu = language_menu = view_menu.addMenu(_("Language"))
        group = QtGui.QActionGroup(self.window)
        self.language_actions = {}
        for code, name in i18n.LANGUAGES.items():
            action = QtGui.QAction(name, self.window, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.window.switch_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        language_menu.addSeparator()
        self.confirm_translation_action = language_menu.addAction(
            _("Confirm this translation…"), self.confirm_translation)
        language_menu.aboutToShow.connect(self._label_languages)
        self._label_languages()
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.manual_action)
        help_menu.addAction(self.privacy_action)
        help_menu.addAction(self.about_action)
        from ui.accessibility import give_mnemonics

        for menu in (file_menu, edit_menu, view_menu, language_menu, help_menu):
            give_mnemonics([a for a in menu.actions() if not a.isSeparator()])

    def make_toolbar(self) -> None:
        self.register_toolbar = bar = QtWidgets.QToolBar(_("Register"))
        bar.setObjectName("register_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.edit_action, self.delete_action, self.check_action,
                       self.redeem_action):
            bar.addAction(action)
        # Enter opens and Delete deletes the application selected in the table, only from
        # the table: Enter after a serial scanned into the search only finds its voucher,
        # it never opens the application that happened to be selected before.
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
            self.window.table.addAction(action)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        self.window.addToolBar(bar)
        self.window.addToolBarBreak()
        self.window.filters.make_toolbar()

    def update(self) -> None:
        if not self.window.chrome_built:
            return
        has_register = self.window.register is not None
        session = self.window.register.session if has_register else Session("")
        # What the signed-in person may do is decided by the core (regiegroep.trust.access); the
        # window only offers those actions; the kiosk (ui.kiosk) has its own window.
        on_register = has_register and self.window.pages.currentWidget() is self.window.splitter
        on_kiosk = has_register and self.window.pages.currentWidget() is self.window.session.kiosk_page

        def may(permission: Permission) -> bool:
            return has_register and not self.window.read_only and session.may(permission)

        has_selection = on_register and self.window.table.currentIndex().isValid()
        self.new_action.setEnabled(on_register and may(Permission.REGISTER)
                                   and bool(self.window.register.wijken()))
        self.edit_action.setEnabled(has_selection and may(Permission.EDIT))
        self.delete_action.setEnabled(has_selection and may(Permission.DELETE))
        self.check_action.setEnabled(has_selection and may(Permission.DECIDE))
        # A serial is an address: Redeem asks for one when no application is selected.
        self.redeem_action.setEnabled(on_register and (may(Permission.REDEEM)
                                                       or may(Permission.REDEEM_FOR)))
        sees = on_register and session.may(Permission.PERSONAL_DATA)
        self.issue_vouchers_action.setEnabled(has_selection and may(Permission.DECIDE))
        for action in (self.print_vouchers_action, self.save_vouchers_action):
            action.setEnabled(sees and has_selection and may(Permission.DECIDE))  # the group's
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
        self.undo_action.setEnabled(on_register and self.window.undo_stack.canUndo())
        self.redo_action.setEnabled(on_register and self.window.undo_stack.canRedo())
        signs_in = has_register and self.window.register.requires_sign_in()
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
        current = self.window.selected() if has_selection else None
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
        self.my_pin_action.setEnabled(on_register and not self.window.read_only
                                      and session.person_id is not None)

    def _label_languages(self) -> None:
        """The group sees which translations still await a native speaker's review."""
        from regiegroep.translation_review import awaiting_review

        register = self.window.register
        for code, action in self.language_actions.items():
            name = i18n.LANGUAGES[code]
            action.setText(_("{language} (awaiting review)").format(language=name)
                           if awaiting_review(register, code) else name)
        self.confirm_translation_action.setVisible(
            register is not None and awaiting_review(register, i18n.current_language()))

    def confirm_translation(self) -> None:
        from regiegroep.translation_review import confirm_translation

        name = i18n.LANGUAGES[i18n.current_language()]
        answer = QtWidgets.QMessageBox.question(
            self.window, _("Confirm this translation…"),
            _("Do you read {language}, and did you check the screens, the kiosk and the letters "
              "in it? Then confirm the translation: the mark “awaiting review” goes away for "
              "this register, and the record says you confirmed it.").format(language=name))
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        try:
            confirm_translation(self.window.register, i18n.current_language())
        except UserError as error:
            QtWidgets.QMessageBox.warning(self.window, _("Confirm this translation…"), str(error))
            return
        self._label_languages()
