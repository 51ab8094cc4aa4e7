"""Search and filters above the register, and the decision terms in the status bar
(Art. 5.1: overdue and due within a week, as the core counts them)."""

from __future__ import annotations

from PySide6 import QtWidgets
# Qt's enum namespace (QtCore.Qt) is read where the toolbar is built, after the first paint:
# made at import, it would cost the first rows about 15 ms (benchmarks/startup.py).
from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from regiegroep import i18n
from regiegroep.i18n import _, ngettext
from regiegroep.model import Status, Theme
from regiegroep.applications.search import Filter
from regiegroep.trust.access import Read

SEARCH_DELAY_MS = 60  # coalesce fast typing; a search itself answers in a few ms


class Filters:
    """The search field, the filter choices and the terms in the status bar (the window's
    ``filters`` part)."""

    def __init__(self, window) -> None:
        self.window = window
        self.found_serial = None  # the voucher a serial in the search names

    def make_toolbar(self) -> None:
        self.filter_toolbar = filters = QtWidgets.QToolBar(_("Search and filters"))
        filters.setObjectName("filter_toolbar")
        filters.setMovable(False)
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText(_("Search title, applicant, description…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.setAccessibleName(_("Search the register"))
        self._search_timer = QTimer(self.window, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)  # a scanner ends with Enter
        self.found_serial = None
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
                                     "(the ordinance's, Art. 5.1) has run out, or runs out "
                                     "this week"))
        for combo, label in ((self.wijk_filter, _("Neighbourhood")), (self.year_filter, _("Year")),
                             (self.status_filter, _("Status")), (self.theme_filter, _("Theme")),
                             (self.due_filter, _("Decision term"))):
            title = QLabel(" " + label + " ")
            title.setBuddy(combo)
            combo.setAccessibleName(label)  # not "all", the choice it shows
            filters.addWidget(title)
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.clear_filters_action = self.window.menus.action(_("Show all"), self.clear_filters)
        filters.addAction(self.clear_filters_action)
        # A toolbar's buttons take no focus by default: Tab reaches "Show all" too.
        filters.widgetForAction(self.clear_filters_action).setFocusPolicy(
            QtCore.Qt.FocusPolicy.StrongFocus)
        self.window.addToolBar(filters)
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

    def fill_register_filters(self) -> None:
        if not self.window.chrome_built:
            return
        for combo in (self.wijk_filter, self.year_filter):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("all"), None)
        if self.window.register and self.window.register.session.may_read(Read.APPLICATIONS):
            for wijk in self.window.register.wijken():
                self.wijk_filter.addItem(wijk.name, wijk.id)
            for year in self.window.register.years():
                self.year_filter.addItem(str(year), year)
        for combo in (self.wijk_filter, self.year_filter):
            combo.blockSignals(False)

    def fill_register_filters_keep(self) -> None:
        wijk, year = self.wijk_filter.currentData(), self.year_filter.currentData()
        self.fill_register_filters()
        for combo, value in ((self.wijk_filter, wijk), (self.year_filter, year)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def current_filter(self) -> Filter:
        status = self.status_filter.currentData()
        theme = self.theme_filter.currentData()
        return Filter(
            wijk_id=self.wijk_filter.currentData(), year=self.year_filter.currentData(),
            status=Status(status) if status else None, theme=Theme(theme) if theme else None,
            text=self.search.text(), due=self.due_filter.currentData())

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.window.model.set_filter(self.current_filter())
        self._select_serial()

    def _select_serial(self) -> None:
        """A serial typed or scanned in the search is an address: its application is
        shown and selected, and Redeem and Check start from that voucher."""
        from regiegroep.trust.access import Read
        from regiegroep.vouchers.serials import format_serial

        self.found_serial = None
        text = self.search.text().strip()
        if (self.window.register is None or len(text) < 12
                or not self.window.register.session.may_read(Read.VOUCHERS)):
            return
        found = self.window.register.find_voucher(text)
        if found is None:
            return
        self.found_serial = found.voucher.serial
        for row in range(self.window.model.rowCount()):
            if self.window.model.application_at(row).id == found.application_id:
                self.window.select_row(row)
                break
        self.window.statusBar().showMessage(_("Voucher {serial} belongs to application {sequence}.")
                                     .format(serial=format_serial(found.voucher.serial),
                                             sequence=found.sequence), 8000)

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

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_deadline_counts(self) -> None:
        """Overdue and nearly due decisions, always in sight in the status bar (beside the
        register, not on the sign-in or kiosk page)."""
        if self.window.register is None or self.window.pages.currentWidget() is not self.window.splitter:
            self.window.deadline_label.setText("")
            return
        overdue, week = self.window.register.deadline_counts()
        parts = []
        if overdue:
            parts.append(ngettext("{n} decision overdue", "{n} decisions overdue", overdue)
                         .format(n=i18n.format_number(overdue)))
        if week:
            parts.append(ngettext("{n} due within a week", "{n} due within a week", week)
                         .format(n=i18n.format_number(week)))
        from regiegroep.consultations import overdue  # Art. 5.5: as soon as possible

        if waiting := len(overdue(self.window.register)):
            parts.append(ngettext("{n} referral waits too long for a consultation",
                                  "{n} referrals wait too long for a consultation", waiting)
                         .format(n=i18n.format_number(waiting)))
        from regiegroep.trust.access import Permission, Read
        from regiegroep.deciding.objections import open_objections  # Awb 7: to forward, to decide

        if self.window.register.session.may_read(Read.DECISIONS) \
                and (objecting := len(open_objections(self.window.register))):
            parts.append(ngettext("{n} objection to handle", "{n} objections to handle", objecting)
                         .format(n=i18n.format_number(objecting)))
        from regiegroep.todo import backup_warning
        from ui import settings

        if self.window.register.session.may(Permission.MANAGE):  # who sees to the backups
            warning = backup_warning(settings.backup_folder(), self.window.register.path.stem)
            if warning:
                parts.append(warning)
        self.window.deadline_label.setText("  ·  ".join(parts))
