"""The main window: the register as a table beside the selected application, and its menus.

The window holds the widgets (the table, the detail, the pages, the status bar) and opens and
closes registers; its other jobs are parts, each an object with its own state that works on
these widgets: ``session`` (ui.session: signing in, locking, the kiosk), ``menus`` (ui.menus:
the actions the person signed in may take, menus, toolbar), ``filters`` (ui.filters: search and
filters), ``applications`` (ui.applications: work on one application), ``documents``
(ui.documents: letters, notices, the year report), ``exchange`` (ui.exchange: backups, import,
export), ``registers`` (ui.registers: a first start, opening and making registers) and
``manage`` (ui.management: budgets, consultations, objections, the contact, personal data).
"""

from __future__ import annotations

from pathlib import Path

# Qt's classes are made on first use; those the first paint does not need are read from
# their module where used (QtWidgets.QMessageBox), so they are made after it.
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QMainWindow, QSplitter, QStackedWidget, QTableView,
    QTextBrowser,
)

from regiegroep import i18n
from regiegroep.trust.access import Permission, Read, Session
from regiegroep.errors import RegisterError, UserError
from regiegroep.i18n import _, ngettext
from regiegroep.register import Register
from ui import language, settings
from ui.applications import ApplicationWork
from ui.documents import Documents
from ui.exchange import Exchange
from ui.filters import Filters
from ui.management import Management
from ui.menus import Menus
from ui.register_model import (DEADLINE_COLUMN, STATUS_COLUMN, RegisterModel, column_titles,
                               text_in_own_direction)
from ui.registers import Registers
from ui.session import WindowSession

# The forms, dialogs, import, export and the example are imported where they are first
# used: the window shows its first rows sooner without them (benchmarks/startup.py).


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

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Ctrl+Tab and Ctrl+Shift+Tab leave the table too (Tab alone does: no tab-key
        navigation), never moving the selection to another application."""
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = event.key() == Qt.Key.Key_Backtab \
                or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.focusNextPrevChild(not backwards)
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() > 0:
            if not self._told:
                self._told = True
                self.rows_painted.emit()
            for work in self._after_rows:
                QTimer.singleShot(0, work)
            self._after_rows.clear()


class ElidedLabel(QLabel):
    """A line that shortens itself in the middle when it has less room than it needs
    ("/home/joke/Regie…/register.sqlite"); the whole text is its tooltip and what a screen
    reader says. The register's path in the status bar: a long one left no room for the
    messages beside it."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._whole = ""

    def text(self) -> str:  # the whole text, whatever is shown
        return self._whole

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._whole = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._shorten()
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance(self._whole) + 8,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Room for the file's name at least (about a third of what it may take)."""
        return QSize(min(self.sizeHint().width(), self.maximumWidth() * 2 // 3),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._shorten()

    def _shorten(self) -> None:
        room = max(0, self.width() - 8)
        if not self.isVisible() or self.fontMetrics().horizontalAdvance(self._whole) <= room:
            QLabel.setText(self, self._whole)  # fits: Qt's enums are not needed at start-up
            return
        QLabel.setText(self, self.fontMetrics().elidedText(
            self._whole, QtCore.Qt.TextElideMode.ElideMiddle, room))


class MainWindow(QMainWindow):
    """The window: the register's table and the detail beside it, the pages that stand in
    for them (sign-in, kiosk), the status bar. Its parts, each an object with its own state,
    work on these widgets: ``session``, ``menus``, ``filters``, ``applications``,
    ``documents``, ``exchange``, ``registers`` and ``manage``."""

    def __init__(self):
        super().__init__()
        self.register: Register | None = None
        self.read_only = False
        self.integrity_checked = False
        self.undo_stack = QUndoStack(self)
        self.model = RegisterModel(self)
        self.model.defer_deadlines()  # the first rows do not wait for the ordinance file
        self.workers: list = []  # background threads (ui.tasks) to wait for on closing
        self._unremembered = None  # a register opened before the first screen was up
        # The window's parts, each with its own state; they work on the widgets built next.
        self.session = WindowSession(self)
        self.menus = Menus(self)
        self.filters = Filters(self)
        self.applications = ApplicationWork(self)
        self.documents = Documents(self)
        self.exchange = Exchange(self)
        self.registers = Registers(self)
        self.manage = Management(self)
        self._build()

    def _build(self) -> None:
        self.setWindowTitle(_("Regiegroep"))
        self.resize(1280, 780)
        self.table = RegisterView()
        # The headers hidden while the model is set: shown, they would ask the model for its
        # titles (headerData, served for screen readers) before the first paint, which builds
        # Qt's enum namespace (about 30 ms, benchmarks/startup.py); theirs come from their own.
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setModel(column_titles(self))
        self.table.horizontalHeader().show()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # A screen reader names the table; Tab, Shift+Tab and Ctrl+Tab leave it for the next
        # control instead of moving the selection to another application (the arrows do).
        self.table.setAccessibleName(_("Register of applications"))
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        text_in_own_direction(self.table)  # Latin titles elided at their own end in Arabic
        for column, width in enumerate([50, 110, 110, 170, 240, 110, 70, 130, 150, 110, 120]):
            self.table.setColumnWidth(column, width)
        # How far along and how late, in sight on a laptop: status and deadline go right after
        # the day of receipt, before the long texts (only the order shown; the model's stays).
        header = self.table.horizontalHeader()
        for place, column in enumerate((STATUS_COLUMN, DEADLINE_COLUMN), start=2):
            header.moveSection(header.visualIndex(column), place)
        self.table.doubleClicked.connect(lambda _index: self.applications.edit_application())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._detail_later())
        self.model.modelReset.connect(self._after_reset)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("The selected application"))
        self._detail_timer = QTimer(self, singleShot=True, interval=0)
        self._detail_timer.timeout.connect(self._show_detail)
        self._backup_timer = QTimer(self, interval=60 * 60 * 1000)
        self._backup_timer.timeout.connect(self.exchange.backup_if_due)
        self._backup_timer.start()
        self._check_timer = QTimer(self, singleShot=True, interval=0)
        self._check_timer.timeout.connect(self._start_integrity_check)
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._detail_link)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([950, 400])  # at 1366 px the initiative's title shows
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
        self.path_label = ElidedLabel()  # a long path leaves the messages their room
        self.path_label.setMaximumWidth(320)
        self.statusBar().addPermanentWidget(self.path_label)

        # Menus, toolbars, filters and sorting come right after the first paint: they need
        # Qt's namespace of enums, whose creation alone takes about 30 ms, and a volunteer
        # wants to see the register first (benchmarks/startup.py).
        self.chrome_built = False
        self.chrome_timer = QTimer(self, singleShot=True, interval=0)
        self.chrome_timer.timeout.connect(self.build_chrome)
        self.table.rows_painted.connect(self.chrome_timer.start)

    def build_chrome(self) -> None:
        """Actions, menus, toolbars and sorting; once, whichever comes first: the timer
        after the first paint, or something that needs them."""
        if self.chrome_built:
            return
        self.chrome_built = True
        self._remember_register()
        self.menus.make_actions()
        self.menus.make_menus()
        self.menus.make_toolbar()
        header = self.table.horizontalHeader()
        header.setSortIndicator(1, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        stretched = header.logicalIndex(header.count() - 1)  # the last shown fills the rest
        for column in range(header.count()):  # no title cut off, with its sort arrow
            if column != stretched:
                header.resizeSection(column, max(header.sectionSize(column),
                                                 header.sectionSizeHint(column)))
        self.restore_columns()
        self.filters.fill_register_filters()
        self.filters.show_deadline_counts()
        # Made while a sign-in or the kiosk's page shows: only what that page has.
        page = self.pages.currentWidget()
        self.menuBar().setVisible(page is not self.session.kiosk_page)
        self.set_toolbars_visible(page is self.splitter)
        self.menus.update()

    def restore_window(self) -> None:
        geometry = settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        # A first start: the default size, but within the screen (a 1366x768 laptop); a size
        # remembered from a larger screen or a smaller text scale is brought within it too.
        screen = self.screen().availableGeometry()
        if geometry is None or self.width() > screen.width() or self.height() > screen.height():
            self.resize(min(self.width(), screen.width() * 9 // 10),
                        min(self.height(), screen.height() * 9 // 10))
        splitter = settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def restore_columns(self) -> None:
        # "columns" held the order before status and deadline moved forward: not read again.
        header = settings.window_state("register-columns")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def _remember_register(self) -> None:
        """The register opened before the first screen was up, remembered now: writing the
        settings file takes a few milliseconds the first screen need not wait for."""
        if self._unremembered is not None:
            settings.remember_register(self._unremembered)
            self._unremembered = None

    def closeEvent(self, event) -> None:
        self._remember_register()
        settings.remember_window_state("geometry", self.saveGeometry())
        settings.remember_window_state("splitter", self.splitter.saveState())
        if self.chrome_built:  # else the saved columns were never restored: keep them
            settings.remember_window_state("register-columns",
                                           self.table.horizontalHeader().saveState())
        for worker in self.workers:
            worker.wait()
        if self.register is not None and self.exchange.backup_folder() and not self.read_only:
            self.exchange.backup(quiet=True)  # on closing, to the folder the group chose
        self.session.end_kiosk()
        self._close_register()
        super().closeEvent(event)

    def open_register(self, path: Path | str, first_start_dialog: bool = True,
                      session: Session | None = None) -> bool:
        """Open a register file; on a first start on an empty register, offer to set it up.

        A register whose people have PINs shows nothing until someone signs in, unless
        ``session`` says who already did in this run of the app (a language switch).
        """
        path = Path(path)
        try:
            # A file that exists is opened, never made into a register (an empty one is refused).
            register = Register.open(path, create=not path.exists(), check=False)
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
        if self.chrome_built:
            settings.remember_register(path)
        else:  # after the first screen (build_chrome)
            self._unremembered = path
        self.setWindowTitle(_("Regiegroep — {name}").format(name=path.name))
        self.path_label.setText(str(path))
        if register.requires_sign_in():
            if session is not None and session.role and session.name in register.sign_in_names():
                register.session = session
                self.session.signed_in()
            else:
                register.sign_out()
                self.session.ask_sign_in()
            return True
        self.user_label.setText("")
        self.show_register()
        if first_start_dialog and not register.is_set_up():
            QTimer.singleShot(0, self.registers.first_start)
        return True

    def show_register(self) -> None:
        """The register's page for whoever may see it; the kiosk gets its own page."""
        if not self.register.session.may(Permission.PERSONAL_DATA):
            self.session.show_kiosk()
            return
        self.pages.setCurrentWidget(self.splitter)
        if self.chrome_built:  # not made yet on a first start: no menu bar to show
            self.menuBar().setVisible(True)
        self.set_toolbars_visible(True)
        self.filters.fill_register_filters()
        self.model.set_register(self.register)
        if self.table._told or not self.model.rowCount():
            self.chrome_timer.start()
        self.schedule_check()
        self.menus.update()

    def schedule_check(self) -> None:
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

    def set_toolbars_visible(self, visible: bool) -> None:
        if self.chrome_built:
            self.menus.register_toolbar.setVisible(visible)
            self.filters.filter_toolbar.setVisible(visible)

    def _close_register(self) -> None:
        self.manage.close_views()
        if self.register is not None:
            self.model.set_register(None)
            self.register.close()
            self.register = None
        if self.session.watch is not None:
            self.session.watch.stop()

    def _start_integrity_check(self) -> None:
        if self.register is None:
            return
        from shiboken6 import isValid

        from ui.tasks import IntegrityCheck, start

        worker = IntegrityCheck(self.register.path)
        workers = self.workers
        workers.append(worker)

        def ended() -> None:
            workers.remove(worker)
            if isValid(self):  # a window closed meanwhile has nothing to say it on
                self._integrity_result(worker.problem)

        start(worker, ended)

    def _integrity_result(self, problem: str) -> None:
        self.integrity_checked = True
        if not problem:
            return
        self.read_only = True
        self.menus.update()
        self.statusBar().showMessage(_("The register is damaged; it is open for reading only."))
        QtWidgets.QMessageBox.critical(self, _("The register is damaged"), problem + "\n\n" + _(
            "You can still read and export it, but not change it."))

    def _proposed_vouchers(self, app_id: int) -> tuple:
        """Before issue, the vouchers issuing will make (for whoever may see vouchers)."""
        from regiegroep.trust.access import Read
        from regiegroep.vouchers.issuing import proposal

        if not self.register.session.may_read(Read.VOUCHERS):
            return ()
        try:
            return proposal(self.register, app_id)
        except UserError:
            return ()

    def _show_empty_state(self) -> None:
        if self.register is None:
            self.detail.setHtml("<h2>{}</h2><p>{}</p>".format(
                _("No register is open"),
                _("Use File › Open register… or File › Open the example register.")))
            self.menus.update()

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
            self.select_row(0)
        self._detail_later()
        self.menus.update()

    def _detail_later(self) -> None:
        """Show the selected application once the event loop is free: the first rows of a
        register are painted before its first detail is built, and several selection
        changes in a row build it once."""
        if not self.table._told and self.model.rowCount():
            self.table.rows_painted.connect(self._detail_timer.start)
        elif not self._detail_timer.isActive():
            self._detail_timer.start()

    def select_row(self, row: int) -> None:
        """Select an application's row and make it the current one. (QTableView.selectRow
        finds its column at the viewport's edge: right to left, before the window has its
        size, it found none and selected nothing.)"""
        self.table.setCurrentIndex(self.model.index(row, 0))  # the whole row: SelectRows

    def selected(self):
        index = self.table.currentIndex()
        return self.model.application_at(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        app = self.selected()
        if app is None or self.register is None:
            if self.register is not None:
                self.detail.setHtml("<p>{}</p>".format(
                    _("No applications match.") if self.model.total == 0
                    and self.register.session.may_read(Read.APPLICATIONS)
                    and self.register.count_at_most()[0]
                    else _("No applications yet. Click “New application…” to type one in.")))
            else:
                self._show_empty_state()
            self.menus.update()
            return
        from ui.detail import detail_html

        try:
            full = self.register.application(app.id)
            may_read = self.register.session.may_read
            vouchers = self.register.vouchers(app.id, standing=False)
            self.detail.setHtml(detail_html(full, self.register.attachments(app.id),
                                            self.register.events(app.id)
                                            if may_read(Read.AUDIT) else [],
                                            self.register.is_deleted(app.id), vouchers,
                                            self.register.payments(app.id),
                                            () if vouchers else self._proposed_vouchers(app.id)))
        except UserError as exc:
            self.detail.setHtml("<p>{}</p>".format(exc))
        self.menus.update()

    def reread(self, select_id: int | None) -> None:
        """After a change: read the register again and keep the application in sight
        (``select_id``, else the one selected before, where it still shows)."""
        if self.pages.currentWidget() is not self.splitter:
            return  # locked, or the kiosk: nothing of the register is shown
        self.build_chrome()
        self.filters.show_deadline_counts()
        self.filters.fill_register_filters_keep()
        before = getattr(self.selected(), "id", None) if select_id is None else None
        self.model.refresh()
        if before is not None and (row := self.model.row_of(before)) is not None:
            self.select_row(row)  # not back to the first row after a dialog closed
            self.table.scrollTo(self.model.index(row, 0))
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is None:  # filtered away or not yet fetched: show it anyway
                self.filters.clear_filters()
                row = self.model.row_of(select_id)
                while row is None and self.model.canFetchMore():
                    self.model.fetchMore()
                    row = self.model.row_of(select_id)
            if row is not None:
                self.select_row(row)
                self.table.scrollTo(self.model.index(row, 0))
        self._show_detail()

    def switch_language(self, code: str) -> None:
        if code == i18n.current_language():
            return
        settings.remember_language(code)
        path = self.register.path if self.register else None
        session = self.register.session if self.register else None
        # The search and the application in sight stay as they were (issue 21, 11).
        on_register = self.register is not None and self.pages.currentWidget() is self.splitter
        kept = (self.filters.search.text() if self.chrome_built else "",
                getattr(self.selected(), "id", None)) if on_register else ("", None)
        self.close()
        language.apply_language(QApplication.instance(), code)
        window = MainWindow()
        window.restore_window()
        window.show()
        if path:
            window.open_register(path, session=session)
            if any(kept) and window.pages.currentWidget() is window.splitter:
                window.build_chrome()
                window.filters.search.blockSignals(True)
                window.filters.search.setText(kept[0])
                window.filters.search.blockSignals(False)
                window.filters.apply_filters()
                window.reread(kept[1])
        language.windows[:] = [window]  # keep it alive after this one is gone

    def privacy_text(self) -> str:
        from regiegroep.trust.privacy import DEFAULT_RETENTION_MONTHS, statement

        return statement(self.register.retention_months() if self.register
                         else DEFAULT_RETENTION_MONTHS)

    def privacy_statement(self) -> None:
        QtWidgets.QMessageBox.information(self, _("Privacy statement"), self.privacy_text())

    def about(self) -> None:
        from regiegroep import __version__
        QtWidgets.QMessageBox.about(self, _("About Regiegroep"), _(
            "<h3>Regiegroep {version}</h3><p>For resident steering groups that run a "
            "neighbourhood voucher budget under the model ordinance “Subsidieverordening "
            "vouchers bewonersinitiatieven” (2008).</p><p>The register is a single file on "
            "this computer; nothing is sent anywhere.</p>").format(version=__version__))

    def _detail_link(self, url) -> None:
        """A link in the detail view: open or save one of the application's attachments."""
        from ui.detail import attachment_link

        current = self.selected()
        if current is not None and self.register is not None:
            attachment_link(self, self.register, current.id, url.toString())
