"""The main window: the register as a table, search and filters, the detail view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# Qt's classes are made on first use; those the first paint does not need are read from
# their module where used (QtWidgets.QMessageBox), so they are made after it.
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QMainWindow, QSplitter, QStackedWidget, QTableView,
    QTextBrowser,
)

from regiegroep import i18n
from regiegroep.access import Permission, Session, role_label
from regiegroep.errors import RegisterError, UserError
from regiegroep.i18n import _, ngettext
from regiegroep.model import Status, Theme
from regiegroep.register import Filter, Register
from ui import app as app_module
from ui.register_model import RegisterModel, column_titles

# The forms, dialogs, import, export and the example are imported where they are first
# used: the window shows its first rows sooner without them (benchmarks/startup.py).

SEARCH_DELAY_MS = 60  # coalesce fast typing; a search itself answers in a few ms


class RegisterView(QTableView):
    """The register table; says when it has first painted rows, so that the rest of the
    window is built after the volunteer sees the register, not before."""

    rows_painted = Signal()

    def __init__(self):
        super().__init__()
        self._told = False
        self._after_rows: list = []

    def after_rows(self, work) -> None:
        """Do ``work`` once the next paint that shows rows is done."""
        self._after_rows.append(work)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() > 0:
            if not self._told:
                self._told = True
                self.rows_painted.emit()
            for work in self._after_rows:
                QTimer.singleShot(0, work)
            self._after_rows.clear()


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.register: Register | None = None
        self.read_only = False
        self.integrity_checked = False
        self.undo_stack = QUndoStack(self)
        self.model = RegisterModel(self)
        self._workers: list = []  # background threads (ui.tasks) to wait for on closing
        self._last_person = ""  # who signed in last: their undo history is theirs
        self.sign_in_page = self.kiosk_page = self.watch = None  # made when first needed
        self._build()

    # ------------------------------------------------------------------- building

    def _build(self) -> None:
        self.setWindowTitle(_("Regiegroep"))
        self.resize(1280, 780)
        self.table = RegisterView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setModel(column_titles(self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate([50, 110, 110, 190, 280, 110, 70, 130, 150, 110]):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_application())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._detail_later())
        self.model.modelReset.connect(self._after_reset)

        self.detail = QTextBrowser()
        self._detail_timer = QTimer(self, singleShot=True, interval=0)
        self._detail_timer.timeout.connect(self._show_detail)
        self._backup_timer = QTimer(self, interval=60 * 60 * 1000)
        self._backup_timer.timeout.connect(self._backup_if_due)
        self._backup_timer.start()
        self._check_timer = QTimer(self, singleShot=True, interval=0)
        self._check_timer.timeout.connect(self._start_integrity_check)
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([860, 420])
        # The register, or instead of it the sign-in page or the kiosk's page (ui.sign_in).
        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)

        self.count_label = QLabel()
        self.statusBar().addWidget(self.count_label)
        self.deadline_label = QLabel()
        self.deadline_label.setStyleSheet("color: #b3261e;")
        self.statusBar().addWidget(self.deadline_label)
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.path_label = QLabel()
        self.statusBar().addPermanentWidget(self.path_label)

        # Menus, toolbars, filters and sorting come right after the first paint: they need
        # Qt's namespace of enums, whose creation alone takes about 30 ms, and a volunteer
        # wants to see the register first (benchmarks/startup.py).
        self.chrome_built = False
        self._chrome_timer = QTimer(self, singleShot=True, interval=0)
        self._chrome_timer.timeout.connect(self.build_chrome)
        self.table.rows_painted.connect(self._chrome_timer.start)

    def build_chrome(self) -> None:
        """Actions, menus, toolbars and sorting; once, whichever comes first: the timer
        after the first paint, or something that needs them."""
        if self.chrome_built:
            return
        self.chrome_built = True
        self._actions()
        self._menus()
        self._toolbar()
        header = self.table.horizontalHeader()
        header.setSortIndicator(1, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.restore_columns()
        self._fill_register_filters()
        self._show_deadline_counts()
        # Made while a sign-in or the kiosk's page shows: only what that page has.
        page = self.pages.currentWidget()
        self.menuBar().setVisible(page is not self.kiosk_page)
        self._set_toolbars_visible(page is self.splitter)
        self._update_actions()

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

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for action in (self.create_action, self.open_action, self.example_action, None,
                       self.import_action, self.export_action, None, self.backup_action,
                       self.backup_folder_action, None, self.people_action, self.my_pin_action,
                       self.lock_action, self.lock_minutes_action, None, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = bar.addMenu(_("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.new_action,
                       self.edit_action, self.delete_action, None, self.check_action,
                       self.redeem_action, self.print_letter_action, self.letter_action, None, self.find_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu(_("&View"))
        language_menu = view_menu.addMenu(_("Language"))
        group = QtGui.QActionGroup(self)
        for code, name in i18n.LANGUAGES.items():
            action = QtGui.QAction(name, self, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.privacy_action)
        help_menu.addAction(self.about_action)

    def _toolbar(self) -> None:
        self.register_toolbar = bar = QtWidgets.QToolBar(_("Register"))
        bar.setObjectName("register_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.edit_action, self.delete_action, self.check_action,
                       self.redeem_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        self.addToolBar(bar)
        self.addToolBarBreak()

        self.filter_toolbar = filters = QtWidgets.QToolBar(_("Search and filters"))
        filters.setObjectName("filter_toolbar")
        filters.setMovable(False)
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText(_("Search title, applicant, description…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        filters.addWidget(self.search)
        self.wijk_filter = QtWidgets.QComboBox()
        self.year_filter = QtWidgets.QComboBox()
        self.status_filter = QtWidgets.QComboBox()
        self.theme_filter = QtWidgets.QComboBox()
        self.due_filter = QtWidgets.QComboBox()
        self.due_filter.addItem(_("all"), None)
        self.due_filter.addItem(_("overdue"), "overdue")
        self.due_filter.addItem(_("due within a week"), "week")
        self.due_filter.setToolTip(_("Applications still waiting for a decision whose term "
                                     "(four weeks, Art. 5.1) has run out, or runs out this week"))
        for combo, label in ((self.wijk_filter, _("Neighbourhood")), (self.year_filter, _("Year")),
                             (self.status_filter, _("Status")), (self.theme_filter, _("Theme")),
                             (self.due_filter, _("Decision term"))):
            filters.addWidget(QLabel(" " + label + " "))
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.clear_filters_action = self._action(_("Show all"), self.clear_filters)
        filters.addAction(self.clear_filters_action)
        self.addToolBar(filters)
        self._fill_static_filters()

    def _fill_static_filters(self) -> None:
        for combo in (self.status_filter, self.theme_filter):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("all"), None)
        for status in Status:
            self.status_filter.addItem(status.label, status.value)
        for theme in Theme:
            self.theme_filter.addItem(theme.label, theme.value)
        for combo in (self.status_filter, self.theme_filter):
            combo.blockSignals(False)

    def _fill_register_filters(self) -> None:
        if not self.chrome_built:
            return
        for combo in (self.wijk_filter, self.year_filter):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("all"), None)
        if self.register:
            for wijk in self.register.wijken():
                self.wijk_filter.addItem(wijk.name, wijk.id)
            for year in self.register.years():
                self.year_filter.addItem(str(year), year)
        for combo in (self.wijk_filter, self.year_filter):
            combo.blockSignals(False)

    # ------------------------------------------------------------ window memory

    def restore_window(self) -> None:
        settings = app_module.settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # a first start: the default size, but within the screen (a 1366x768 laptop)
            screen = self.screen().availableGeometry()
            self.resize(min(self.width(), screen.width() * 9 // 10),
                        min(self.height(), screen.height() * 9 // 10))
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def restore_columns(self) -> None:
        header = app_module.settings().value("window/columns")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event) -> None:
        settings = app_module.settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        if self.chrome_built:  # else the saved columns were never restored: keep them
            settings.setValue("window/columns", self.table.horizontalHeader().saveState())
        for worker in self._workers:
            worker.wait()
        if self.register is not None and self.backup_folder() and not self.read_only:
            self._backup(quiet=True)  # on closing, to the folder the group chose
        self._close_register()
        super().closeEvent(event)

    # ------------------------------------------------------------------ backups

    BACKUP_EVERY_HOURS = 24

    def backup_folder(self) -> str:
        folder = app_module.settings().value("backup/folder")
        return folder if isinstance(folder, str) else ""

    def choose_backup_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, _("Where should backups go? (a USB stick, for instance)"), self.backup_folder())
        if folder:
            app_module.settings().setValue("backup/folder", folder)
            self.backup_now()

    def backup_now(self) -> None:
        if not self.backup_folder():
            self.choose_backup_folder()
            return
        self._backup(quiet=False)

    def _backup(self, quiet: bool) -> None:
        """A checked copy into the backup folder, rotated (7 daily, 4 weekly, 12 monthly)."""
        from regiegroep import backup

        try:
            made = backup.make_backup(self.register.path, self.backup_folder())
            backup.rotate(self.backup_folder(), self.register.path.stem)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("The backup failed"), str(exc) + "\n\n" + _(
                "Your register itself is fine. Check that the backup folder (USB stick) is "
                "there, or choose another with File › Backup folder…"))
            return
        app_module.settings().setValue("backup/last", made.name)
        if not quiet:
            self.statusBar().showMessage(_("Backup written and checked: {path}").format(
                path=made), 8000)

    def _backup_if_due(self) -> None:
        """Hourly: a backup when the newest in the folder is a day old (or there is none)."""
        from regiegroep import backup

        folder = self.backup_folder()
        if self.register is None or not folder or self.read_only:
            return
        existing = backup.backups(folder, self.register.path.stem)
        due = dt.datetime.now() - dt.timedelta(hours=self.BACKUP_EVERY_HOURS)
        if not existing or existing[-1][0] < due:
            self._backup(quiet=True)

    # ---------------------------------------------------------------- registers

    def open_register(self, path: Path | str, first_start_dialog: bool = True,
                      session: Session | None = None) -> bool:
        """Open a register file; on a first start on an empty register, offer to set it up.

        A register whose people have PINs shows nothing until someone signs in, unless
        ``session`` says who already did in this run of the app (a language switch).
        """
        path = Path(path)
        try:
            register = Register.open(path, check=False)
        except RegisterError as exc:
            self.build_chrome()
            QtWidgets.QMessageBox.warning(self, _("Cannot open the register"), str(exc))
            self._show_empty_state()
            return False
        self._close_register()
        self.register = register
        self.read_only = False
        self.integrity_checked = False
        self._check_pending = True
        self.undo_stack.clear()
        settings, last = app_module.settings(), str(path.resolve())
        if settings.value("last_register") != last:  # writing the file takes a moment
            settings.setValue("last_register", last)
        self.setWindowTitle(_("Regiegroep — {name}").format(name=path.name))
        self.path_label.setText(str(path))
        if register.requires_sign_in():
            if session is not None and session.role and session.name in register.sign_in_names():
                register.session = session
                self._signed_in()
            else:
                register.sign_out()
                self._ask_sign_in()
            return True
        self.user_label.setText("")
        self._show_register()
        if first_start_dialog and not register.is_set_up():
            QTimer.singleShot(0, self.first_start)
        return True

    # ------------------------------------------------- signing in and locking (issue 3)

    def _show_register(self) -> None:
        """The register's page for whoever may see it; the kiosk gets its own page."""
        if not self.register.session.may(Permission.PERSONAL_DATA):
            self._show_kiosk()
            return
        self.pages.setCurrentWidget(self.splitter)
        if self.chrome_built:  # not made yet on a first start: no menu bar to show
            self.menuBar().setVisible(True)
        self._set_toolbars_visible(True)
        self._fill_register_filters()
        self.model.set_register(self.register)
        if self.table._told or not self.model.rowCount():
            self._chrome_timer.start()
        self._schedule_check()
        self._update_actions()

    def _schedule_check(self) -> None:
        """The file's checks (integrity, foreign keys, audit chain), once for each register
        opened, after its first rows are painted: a volunteer sees the register first. A
        locked register is checked once someone has signed in."""
        if not self._check_pending:
            return
        self._check_pending = False
        if self.pages.currentWidget() is self.splitter and not self.table._told \
                and self.model.rowCount():
            self.table.rows_painted.connect(self._check_timer.start)
        else:
            self._check_timer.start()

    def _set_toolbars_visible(self, visible: bool) -> None:
        if self.chrome_built:
            self.register_toolbar.setVisible(visible)
            self.filter_toolbar.setVisible(visible)

    def _ask_sign_in(self, locked: bool = False) -> None:
        from ui.sign_in import SignInPage

        if self.sign_in_page is None:
            self.sign_in_page = SignInPage()
            self.sign_in_page.signed_in.connect(self._signed_in)
            # Menus and the rest after the page is on screen, then get ready for the
            # register while the volunteer types (benchmarks/startup.py).
            self.sign_in_page.painted.connect(self._chrome_timer.start)
            self.sign_in_page.painted.connect(lambda: QTimer.singleShot(0, self._warm_up))
            self.pages.addWidget(self.sign_in_page)
        self._hide_register()
        self.user_label.setText(_("Nobody signed in"))
        if self.chrome_built:
            self.menuBar().setVisible(True)
        self._set_toolbars_visible(False)
        self.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.show_for(self.register, self.register.path.name, locked)
        if self.watch is not None:
            self.watch.stop()
        self._update_actions()

    def _hide_register(self) -> None:
        """Nothing of the register in the window: no rows, no detail, no counts."""
        self.model.set_register(None)
        self.detail.clear()
        self.count_label.setText("")
        self.deadline_label.setText("")

    def _warm_up(self) -> None:
        """What the first rows need, loaded while the sign-in page waits: the amounts' and
        dates' locale data, the detail view, the file's first pages. Nothing is shown."""
        import datetime
        import importlib

        importlib.import_module("ui.detail")
        i18n.format_money(0)
        i18n.format_short_date(datetime.date.today())
        i18n.format_datetime(datetime.datetime.now())
        if self.register is not None:
            self.register.count()
            self.register.db  # signing in is written down: sqlite-utils, ready  # noqa: B018

    def _signed_in(self) -> None:
        session = self.register.session
        if session.name != self._last_person:
            self.undo_stack.clear()  # nobody undoes what someone else did
        self._last_person = session.name
        self.user_label.setText(_("Signed in: {name} ({role})").format(
            name=session.name, role=role_label(session.role)))
        self._watch().start()
        self._show_register()
        if self.pages.currentWidget() is self.splitter:
            # Counting the terms reads the whole register: after the rows are on screen.
            self.table.after_rows(self._show_deadline_counts)

    def _watch(self):
        from ui.sign_in import DEFAULT_LOCK_MINUTES, InactivityWatch

        if self.watch is None:
            minutes = app_module.settings().value("lock_minutes", DEFAULT_LOCK_MINUTES)
            try:
                minutes = float(minutes)
            except (TypeError, ValueError):
                minutes = DEFAULT_LOCK_MINUTES
            self.watch = InactivityWatch(self, minutes)
            self.watch.idle.connect(lambda: self.lock(idle=True))
            QApplication.instance().installEventFilter(self.watch)
        return self.watch

    def _show_kiosk(self) -> None:
        from ui.sign_in import KioskPage

        if self.kiosk_page is None:
            self.kiosk_page = KioskPage()
            self.kiosk_page.new_application.connect(self.new_application)
            self.kiosk_page.sign_out.connect(self.lock)
            self.pages.addWidget(self.kiosk_page)
        self._hide_register()
        self.kiosk_page.thanks.clear()
        self.menuBar().setVisible(False)
        self._set_toolbars_visible(False)
        self.pages.setCurrentWidget(self.kiosk_page)
        self._chrome_timer.start()  # its actions, with the menu bar hidden
        self._schedule_check()
        self._update_actions()

    def _close_dialogs(self) -> None:
        """Close every open dialog, the innermost first: what is on screen may show a
        resident's details. The check's answers are kept by the register."""
        for _attempt in range(50):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                break
            modal.reject() if isinstance(modal, QtWidgets.QDialog) else modal.close()
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and isinstance(widget, QtWidgets.QDialog):
                widget.reject()

    def lock(self, idle: bool = False) -> None:
        """Lock now (File › Lock), or after inactivity: nothing of the register stays on
        screen until someone signs in. The kiosk, idle, only goes back to its first page,
        so that the next resident does not see what the last one typed."""
        if self.register is None or not self.register.requires_sign_in():
            return
        self._close_dialogs()
        if idle and self.pages.currentWidget() is self.kiosk_page:
            self._show_kiosk()
            self._watch().start()
            return
        self.register.sign_out()
        self._ask_sign_in(locked=idle)

    def manage_people(self) -> None:
        from ui.people_dialog import PeopleDialog

        if self.people_action.isEnabled():
            PeopleDialog(self.register, self).exec()
            if self.register.requires_sign_in() and not self._watch().running:
                self._watch().start()  # the first PINs: from now on the window locks itself
            self._update_actions()

    def change_my_pin(self) -> None:
        from ui.people_dialog import PinDialog

        if not self.my_pin_action.isEnabled():
            return
        me = next(p for p in self.register.people() if p.id == self.register.session.person_id)
        if PinDialog(self.register, me, self).exec():
            self.statusBar().showMessage(_("Your PIN is changed."), 5000)

    def choose_lock_minutes(self) -> None:
        from ui.sign_in import DEFAULT_LOCK_MINUTES

        current = int(round(self.watch.seconds / 60)) if self.watch else DEFAULT_LOCK_MINUTES
        minutes, ok = QtWidgets.QInputDialog.getInt(
            self, _("Lock after inactivity"),
            _("Lock Regiegroep when nobody has used it for this many minutes:"),
            current, 1, 120)
        if ok:
            app_module.settings().setValue("lock_minutes", minutes)
            self._watch().set_minutes(minutes)

    def _close_register(self) -> None:
        if self.register is not None:
            self.model.set_register(None)
            self.register.close()
            self.register = None
        if self.watch is not None:
            self.watch.stop()

    def _start_integrity_check(self) -> None:
        if self.register is None:
            return
        from ui.tasks import IntegrityCheck

        worker = IntegrityCheck(self.register.path, self)
        worker.done.connect(self._integrity_result)
        worker.finished.connect(lambda: self._workers.remove(worker) if worker in self._workers else None)
        self._workers.append(worker)
        worker.start()

    def _integrity_result(self, problem: str) -> None:
        self.integrity_checked = True
        if not problem:
            return
        self.read_only = True
        self._update_actions()
        self.statusBar().showMessage(_("The register is damaged; it is open for reading only."))
        QtWidgets.QMessageBox.critical(self, _("The register is damaged"), problem + "\n\n" + _(
            "You can still read and export it, but not change it."))

    def _show_empty_state(self) -> None:
        if self.register is None:
            self.detail.setHtml("<h2>{}</h2><p>{}</p>".format(
                _("No register is open"),
                _("Use File › Open register… or File › Open the example register.")))
            self._update_actions()

    def first_start(self) -> None:
        self.build_chrome()
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self)
        if not dialog.exec():
            return
        if dialog.choice == "example":
            self.open_example()
            return
        values = dialog.values()
        try:
            self.register.set_up(**values)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        self._fill_register_filters()
        self.model.refresh()

    def choose_register(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, _("Open register"), str(app_module.data_dir()),
            _("Registers (*.sqlite *.db);;All files (*)"))
        if path:
            self.open_register(path)

    def create_register(self) -> None:
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, _("New register"), str(app_module.data_dir() / _("register.sqlite")),
            _("Registers (*.sqlite)"))
        if not path:
            return
        if Path(path).exists():
            QtWidgets.QMessageBox.warning(self, _("Regiegroep"), _(
                "{path} already exists. Choose a new name; an existing register is opened with "
                "File › Open register…").format(path=path))
            return
        self.open_register(path)

    def open_example(self) -> None:
        from regiegroep import demo
        from ui.tasks import run_in_background

        path = app_module.example_register_path()
        if path.exists():
            self.open_register(path)
            return
        run_in_background(self, _("Writing the example register…"),
                          lambda progress: demo.write_demo(path, demo.DEFAULT_SIZE, progress),
                          lambda _made: self.open_register(path))

    # --------------------------------------------------------------- filtering

    def current_filter(self) -> Filter:
        status = self.status_filter.currentData()
        theme = self.theme_filter.currentData()
        return Filter(
            wijk_id=self.wijk_filter.currentData(), year=self.year_filter.currentData(),
            status=Status(status) if status else None, theme=Theme(theme) if theme else None,
            text=self.search.text(), due=self.due_filter.currentData())

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        for combo in (self.wijk_filter, self.year_filter, self.status_filter, self.theme_filter,
                      self.due_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_deadline_counts(self) -> None:
        """Overdue and nearly due decisions, always in sight in the status bar (beside the
        register, not on the sign-in or kiosk page)."""
        if self.register is None or self.pages.currentWidget() is not self.splitter:
            self.deadline_label.setText("")
            return
        overdue, week = self.register.deadline_counts()
        parts = []
        if overdue:
            parts.append(ngettext("{n} decision overdue", "{n} decisions overdue", overdue)
                         .format(n=i18n.format_number(overdue)))
        if week:
            parts.append(ngettext("{n} due within a week", "{n} due within a week", week)
                         .format(n=i18n.format_number(week)))
        self.deadline_label.setText("  ·  ".join(parts))

    def _after_reset(self) -> None:
        total = self.model.total
        if self.model.register is None:  # none open, or hidden until someone signs in
            self.count_label.setText("")
        else:
            n = i18n.format_number(total)  # 100.000 in Dutch
            self.count_label.setText(
                ngettext("{n} application", "{n} applications", total).format(n=n)
                if self.model.exact else _("more than {n} applications").format(n=n))
        if total and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._detail_later()
        self._update_actions()

    def _detail_later(self) -> None:
        """Show the selected application once the event loop is free: the first rows of a
        register are painted before its first detail is built, and several selection
        changes in a row build it once."""
        if not self.table._told and self.model.rowCount():
            self.table.rows_painted.connect(self._detail_timer.start)
        elif not self._detail_timer.isActive():
            self._detail_timer.start()

    # ------------------------------------------------------------ applications

    def selected(self):
        index = self.table.currentIndex()
        return self.model.application_at(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        app = self.selected()
        if app is None or self.register is None:
            if self.register is not None:
                self.detail.setHtml("<p>{}</p>".format(
                    _("No applications match.") if self.model.total == 0 and self.register.count_at_most()[0]
                    else _("No applications yet. Click “New application…” to type one in.")))
            else:
                self._show_empty_state()
            self._update_actions()
            return
        from ui.detail import detail_html

        try:
            full = self.register.application(app.id)
            self.detail.setHtml(detail_html(full, self.register.attachments(app.id),
                                            self.register.events(app.id),
                                            self.register.is_deleted(app.id),
                                            self.register.vouchers(app.id)))
        except UserError as exc:
            self.detail.setHtml("<p>{}</p>".format(exc))
        self._update_actions()

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

    def _changed(self, select_id: int | None) -> None:
        """After a change: read the register again and keep the application in sight."""
        if self.pages.currentWidget() is not self.splitter:
            return  # locked, or the kiosk: nothing of the register is shown
        self.build_chrome()
        self._show_deadline_counts()
        self._fill_register_filters_keep()
        self.model.refresh()
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is None:  # filtered away or not yet fetched: show it anyway
                self.clear_filters()
                row = self.model.row_of(select_id)
                while row is None and self.model.canFetchMore():
                    self.model.fetchMore()
                    row = self.model.row_of(select_id)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self._show_detail()

    def _fill_register_filters_keep(self) -> None:
        wijk, year = self.wijk_filter.currentData(), self.year_filter.currentData()
        self._fill_register_filters()
        for combo, value in ((self.wijk_filter, wijk), (self.year_filter, year)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def _failed(self, message: str) -> None:
        QtWidgets.QMessageBox.warning(self, _("Regiegroep"), message)
        self._changed(None)

    def new_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import AddApplication

        if not self.new_action.isEnabled():
            return
        form = ApplicationForm(self.register.wijken(), parent=self,
                               moment_is_now=not self.register.session.may(Permission.EDIT),
                               privacy=self._privacy_text())
        if not form.exec():
            return
        try:
            app = self.register.register_application(form.application(),
                                                     attachments=form.attachments())
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("The application was not saved"), str(exc))
            return
        if self.pages.currentWidget() is self.kiosk_page:
            # The kiosk thanks, and shows nothing that was typed (it may not read it back).
            self.kiosk_page.thanks.setText(_(
                "Thank you! Your application is registered with number {sequence}, received "
                "{date}. Keep this number; the steering group will write to you.").format(sequence=app.sequence,
                               date=i18n.format_datetime(app.received_at)))
            return
        self.undo_stack.push(AddApplication(self.register, app, self._changed, self._failed))
        self._changed(app.id)
        self.statusBar().showMessage(_("Application {sequence} registered.").format(
            sequence=app.sequence), 5000)

    def edit_application(self) -> None:
        from ui.application_form import ApplicationForm
        from ui.commands import EditApplication

        current = self.selected()
        if current is None or not self.edit_action.isEnabled():
            return
        before = self.register.application(current.id)
        form = ApplicationForm(self.register.wijken(), before, parent=self,
                               privacy=self._privacy_text())
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
        """The guided check (regiegroep.check) for the selected application."""
        from regiegroep.check import CheckFlow
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
        """A payment from the selected application's vouchers (Art. 9)."""
        from ui.redeem_dialog import RedeemDialog

        current = self.selected()
        if current is None or not self.redeem_action.isEnabled():
            return
        vouchers = self.register.vouchers(current.id)
        if not vouchers:
            QtWidgets.QMessageBox.information(self, _("Redeem a voucher"), _(
                "Application {sequence} has no vouchers: only a grant gives them.").format(
                    sequence=current.sequence))
            return
        dialog = RedeemDialog(self.register, self.register.application(current.id), vouchers,
                              self)
        if dialog.exec():
            self.undo_stack.clear()  # a payment is on record for good, like a decision
            self._changed(current.id)
            self.statusBar().showMessage(_("Payment of {amount} from voucher {number} recorded.")
                                         .format(amount=i18n.format_money(dialog.payment.amount),
                                                 number=dialog.payment.voucher), 8000)

    def print_letter(self) -> None:
        """The letter in a print preview, from which it is printed."""
        import tempfile

        from regiegroep.letters import write_letter
        from ui.printing import preview_and_print

        current = self.selected()
        if current is None or self.register is None:
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{current.sequence}.pdf"
            try:
                write_letter(self.register, current.sequence, path)
                preview_and_print(self, path, _("Letter for application {sequence}").format(
                    sequence=current.sequence))
            except UserError as exc:
                QtWidgets.QMessageBox.warning(self, _("No letter"), str(exc))

    def save_letter(self) -> None:
        from regiegroep.letters import write_letter

        current = self.selected()
        if current is None or self.register is None:
            return
        path, _filter = QtWidgets.QFileDialog.getSaveFileName(
            self, _("Save the letter as PDF"),
            str(Path.home() / _("letter-{sequence}.pdf").format(sequence=current.sequence)),
            _("PDF (*.pdf)"))
        if not path:
            return
        try:
            write_letter(self.register, current.sequence, path)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("No letter"), str(exc))
            return
        self.statusBar().showMessage(_("The letter is saved as {path}.").format(path=path), 8000)

    # ------------------------------------------------------------ import/export

    def _as_signed_in(self):
        """A way to open the register on a worker thread (SQLite connections stay on their
        thread) as the person signed in here: the core checks their rights there too, and
        the record names them."""
        path, session = self.register.path, self.register.session

        def opened() -> Register:
            register = Register.open(path, check=False)
            register.session = session
            return register

        return opened

    def import_csv(self) -> None:
        from regiegroep import importer
        from ui.tasks import run_in_background

        if self.register is None or self.read_only:
            return
        file, _filter = QtWidgets.QFileDialog.getOpenFileName(
            self, _("Import from spreadsheet"), "", _("CSV files (*.csv *.txt);;All files (*)"))
        if not file:
            return
        opened = self._as_signed_in()

        def check(_progress):
            with opened() as register:
                return importer.import_csv(register, file, dry_run=True)

        run_in_background(self, _("Checking {file}…").format(file=Path(file).name), check,
                          lambda result: self._confirm_import(file, result))

    def _confirm_import(self, file: str, result) -> None:
        from regiegroep import importer
        from ui.tasks import run_in_background

        notes = "\n".join(result.warnings)
        if result.problems:
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("Nothing was imported"), ngettext(
                "The file has {n} problem. Fix it in the spreadsheet and import again; "
                "nothing has been changed.",
                "The file has {n} problems. Fix them in the spreadsheet and import again; "
                "nothing has been changed.", len(result.problems)).format(n=len(result.problems)),
                parent=self)
            box.setDetailedText("\n".join(str(p) for p in result.problems) + ("\n" + notes if notes else ""))
            box.exec()
            return
        n = len(result.applications)
        answer = QtWidgets.QMessageBox.question(self, _("Import"), ngettext(
            "Import {n} application from {file}?", "Import {n} applications from {file}?", n)
            .format(n=i18n.format_number(n), file=Path(file).name) + ("\n\n" + notes if notes else ""))
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        opened = self._as_signed_in()

        def do_import(_progress):
            with opened() as register:
                return importer.import_csv(register, file, actor="desktop")

        run_in_background(self, _("Importing…"), do_import, lambda r: self._imported(r))

    def _imported(self, result) -> None:
        self.undo_stack.clear()  # an import is one step that is not undone piecemeal
        self._changed(None)
        n = len(result.applications)
        QtWidgets.QMessageBox.information(self, _("Import"), ngettext(
            "{n} application imported.", "{n} applications imported.", n).format(n=i18n.format_number(n)))

    def export_register(self) -> None:
        from regiegroep import export
        from ui.tasks import run_in_background

        if self.register is None:
            return
        json_filter, csv_filter = _("JSON (*.json)"), _("CSV spreadsheet (*.csv)")
        file, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, _("Export register"), str(Path.home() / "register.json"),
            f"{json_filter};;{csv_filter}")
        if not file:
            return
        fmt = "csv" if chosen == csv_filter or file.lower().endswith(".csv") else "json"
        opened = self._as_signed_in()

        def do_export(_progress):
            with opened() as register:
                return export.export(register, fmt, file)

        run_in_background(self, _("Exporting…"), do_export, lambda count: QtWidgets.QMessageBox.information(
            self, _("Export"), ngettext("Wrote {n} application to {path}.",
                                        "Wrote {n} applications to {path}.", count)
            .format(n=i18n.format_number(count), path=file)))

    # ------------------------------------------------------------------ misc

    def switch_language(self, language: str) -> None:
        if language == i18n.current_language():
            return
        app_module.settings().setValue("language", language)
        path = self.register.path if self.register else None
        session = self.register.session if self.register else None
        self.close()
        app_module.apply_language(QApplication.instance(), language)
        window = MainWindow()
        window.restore_window()
        window.show()
        if path:
            window.open_register(path, session=session)
        app_module.windows[:] = [window]  # keep it alive after this one is gone

    def _privacy_text(self) -> str:
        from regiegroep.privacy import statement

        return statement(self.register.retention_months() if self.register else 24)

    def privacy_statement(self) -> None:
        QtWidgets.QMessageBox.information(self, _("Privacy statement"), self._privacy_text())

    def about(self) -> None:
        from regiegroep import __version__
        QtWidgets.QMessageBox.about(self, _("About Regiegroep"), _(
            "<h3>Regiegroep {version}</h3><p>For resident steering groups that run a "
            "neighbourhood voucher budget under the model ordinance “Subsidieverordening "
            "vouchers bewonersinitiatieven” (2008).</p><p>The register is a single file on "
            "this computer; nothing is sent anywhere.</p>").format(version=__version__))
