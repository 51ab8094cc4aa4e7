"""The register as a Qt table: pages rows in from the core as the view scrolls."""

from __future__ import annotations

import dataclasses

from PySide6 import QtCore  # QtCore.Qt is read where needed, not at start-up
from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtGui import QBrush, QColor, QStandardItemModel

from regiegroep import i18n
from regiegroep.trust.access import Read
from regiegroep.i18n import N_, _, format_money, format_short_date
from regiegroep.model import ARTICLE_4_2, Application, missing_items
from regiegroep.applications.search import Filter
from regiegroep.register import Register
from regiegroep.applications.search import urgency

# (key, header); the key is a sort key of the core, or None when the column cannot sort.
COLUMNS = [
    ("sequence", N_("No.")),
    ("received_at", N_("Received")),
    ("wijk", N_("Neighbourhood")),
    ("applicant", N_("Applicant")),
    ("title", N_("Initiative")),
    ("cost_estimate", N_("Cost estimate")),
    ("vouchers_requested", N_("Vouchers")),
    ("theme", N_("Theme")),
    ("status", N_("Status")),
    (None, N_("Missing (Art. 4.2)")),
    ("received_at", N_("Decide by")),
]
STATUS_COLUMN = [key for key, _title in COLUMNS].index("status")
MISSING_COLUMN = len(COLUMNS) - 2
DEADLINE_COLUMN = len(COLUMNS) - 1

# Qt's item roles and alignment as the numbers Qt defines. The first rows are
# painted before anything reads Qt's enum namespace, whose creation alone takes about
# 30 ms of start-up (benchmarks/startup.py); test_ui checks these against QtCore.Qt.
DISPLAY_ROLE, TOOLTIP_ROLE, ALIGNMENT_ROLE, FOREGROUND_ROLE = 0, 3, 7, 9
ACCESSIBLE_TEXT_ROLE = 11  # what a screen reader says for a cell instead of its text
FONT_ROLE = 6
ID_ROLE = 0x0100 + 1  # QtCore.Qt.ItemDataRole.UserRole + 1
ALIGN_RIGHT_MIDDLE = 0x0002 | 0x0080  # AlignRight | AlignVCenter
_ROLES = {DISPLAY_ROLE, TOOLTIP_ROLE, ALIGNMENT_ROLE, FOREGROUND_ROLE, ID_ROLE,
          ACCESSIBLE_TEXT_ROLE, FONT_ROLE}
_BOLD = None  # the font of a term that has run out or runs out this week (made when needed)
# The columns holding a date: a screen reader says which date a cell is ("Received: ...").
DATE_COLUMNS = (1, len(COLUMNS) - 1)
_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


def column_titles(parent=None) -> QStandardItemModel:
    """The translated column titles, as a model for the table's header.

    They are not served by RegisterModel.headerData: the view's first call of it passes a
    Qt.Orientation into Python, which builds Qt's whole enum namespace (about 30 ms)
    before the first rows can show (benchmarks/startup.py).
    """
    titles = QStandardItemModel(0, len(COLUMNS), parent)
    titles.setHorizontalHeaderLabels([_(title) for _key, title in COLUMNS])
    return titles


_NOT_READ = object()


class _Cells:
    """One row's answers, worked out the first time the view asks for them: Qt asks each
    visible cell for several roles at every paint and scroll, and the deadline (the
    ordinance, suspensions) and the formatted amounts and dates are read once per row."""

    __slots__ = ("texts", "due", "due_text", "missing_tip")

    def __init__(self, app: Application):
        self.texts = [RegisterModel._display(app, column) for column in range(DEADLINE_COLUMN)]
        self.due = self.due_text = _NOT_READ  # read when first shown (the ordinance file)
        self.missing_tip = _NOT_READ


class RegisterModel(QAbstractTableModel):
    """Rows of the register for one filter and sort order, fetched a page at a time; each
    row's cells are kept (_Cells) until the register, filter or sort changes."""

    FIRST_PAGE = 60  # a screenful; Qt fetches more when the view has room or scrolls down
    PAGE = 200

    def __init__(self, parent=None):
        super().__init__(parent)
        self._register: Register | None = None
        self._filter = Filter()
        self._sort = "received_at"
        self._descending = False
        self._rows: list[Application] = []
        self._total = 0
        self._exact = True  # False: a broad search counted only up to _total
        self._more = False  # the last page came back full
        self._cells: dict[int, _Cells] = {}  # by row; rows are only ever appended
        self._language = i18n.current_language()  # the texts' language

    # --------------------------------------------------------------------- the query

    @property
    def register(self) -> Register | None:
        return self._register

    def set_register(self, register: Register | None) -> None:
        self._register = register
        self.refresh()

    @property
    def filter(self) -> Filter:
        return dataclasses.replace(self._filter)

    def set_filter(self, flt: Filter) -> None:
        self._filter = flt
        self.refresh()

    @property
    def total(self) -> int:
        """How many applications match the filter, fetched or not (see ``exact``)."""
        return self._total

    @property
    def exact(self) -> bool:
        """False when a broad search was counted only up to ``total``: "more than"."""
        return self._exact

    def refresh(self) -> None:
        """Read the register again from the start (after a change, filter or sort)."""
        self.beginResetModel()
        self._rows = []
        self._cells = {}
        if self._register is None:
            self._total, self._exact, self._more = 0, True, False
        else:
            self._total, self._exact = self._register.count_at_most(self._filter)
            self._rows = self._page(self.FIRST_PAGE)
        self.endResetModel()

    def _page(self, size: int = PAGE) -> list[Application]:
        page = self._register.applications(
            self._filter, self._sort, self._descending, offset=len(self._rows), limit=size)
        self._more = len(page) == size
        return page

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        if parent.isValid() or self._register is None:
            return False
        return len(self._rows) < self._total or (not self._exact and self._more)

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page()
        if not page:
            self._total, self._exact = len(self._rows), True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        if not self._exact and len(self._rows) > self._total:
            self._total = len(self._rows)

    def sort(self, column: int, order=None) -> None:
        key = COLUMNS[column][0]
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._sort, self._descending):
            return
        self._sort = key
        self._descending = descending
        self.refresh()

    # ----------------------------------------------------------------------- reading

    def application_at(self, row: int) -> Application | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, app_id: int) -> int | None:
        for row, app in enumerate(self._rows):
            if app.id == app_id:
                return row
        return None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=DISPLAY_ROLE):  # noqa: N802
        """The column titles, for a screen reader: Qt's accessibility reads the table's
        headers from its model, not from the header's own model (column_titles). Only
        accessibility calls this (the visible header has its own model, the row numbers are
        hidden), so the first paint does not build Qt's enum namespace for it."""
        if role == DISPLAY_ROLE and 0 <= section < len(COLUMNS) \
                and orientation == QtCore.Qt.Orientation.Horizontal:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: QModelIndex, role=DISPLAY_ROLE):
        # Qt asks each visible cell for seven roles; most are answered before touching the
        # index (each of its calls crosses into Qt).
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if self._language != i18n.current_language():  # switched: the texts are stale
            self._cells, self._language = {}, i18n.current_language()
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = _Cells(self._rows[row])
        if column == DEADLINE_COLUMN and not self._deadlines_shown:
            # The first rows paint without deadlines (reading the ordinance and the
            # suspensions), which follow in the next turn of the event loop.
            if not self._deadlines_due:
                self._deadlines_due = True
                QtCore.QTimer.singleShot(0, self._show_deadlines)
            return None
        if role == ACCESSIBLE_TEXT_ROLE:
            if column not in DATE_COLUMNS:
                return None  # the cell's text, as shown
            shown = self.data(index, DISPLAY_ROLE)
            if shown and column == DEADLINE_COLUMN:  # not said by its colour alone
                shown = {"overdue": _("{date}, overdue"), "week": _("{date}, due within a week")
                         }.get(self._urgency(row, cells), "{date}").format(date=shown)
            return _("{column}: {value}").format(column=_(COLUMNS[column][1]),
                                                 value=shown) if shown else None
        if role == FONT_ROLE:
            if column != DEADLINE_COLUMN or self._urgency(row, cells) is None:
                return None
            global _BOLD
            if _BOLD is None:
                from PySide6.QtGui import QFont

                _BOLD = QFont()
                _BOLD.setBold(True)
            return _BOLD  # overdue or nearly: bold as well as red, not by colour alone
        if role == DISPLAY_ROLE:
            if column == DEADLINE_COLUMN:
                if cells.due_text is _NOT_READ:
                    due = self._due(row, cells)
                    cells.due_text = format_short_date(due.date) if due else ""
                return cells.due_text
            return cells.texts[column]
        if role == ID_ROLE:
            return self._rows[row].id
        if role == ALIGNMENT_ROLE and column in (0, 5, 6):
            return ALIGN_RIGHT_MIDDLE
        if role == FOREGROUND_ROLE and column == MISSING_COLUMN:
            return _brush("#b3261e")
        if role == FOREGROUND_ROLE and column == DEADLINE_COLUMN:
            due = self._due(row, cells)
            stands = urgency(due.date) if due is not None else None
            if stands == "overdue":
                return _brush("#b3261e")
            if stands == "week":
                return _brush("#9a5b00")
        if role == TOOLTIP_ROLE and column == DEADLINE_COLUMN:
            due = self._due(row, cells)
            return due.explanation if due else None
        if role == TOOLTIP_ROLE and column == MISSING_COLUMN:
            if cells.missing_tip is _NOT_READ:
                items = missing_items(self._rows[row])
                cells.missing_tip = "\n".join(
                    _("Art. 4.2 {item}: {what}").format(item=i, what=_(ARTICLE_4_2[i]))
                    for i in items) if items else None
            return cells.missing_tip
        return None

    # The window sets this False before its first rows (``defer_deadlines``): start-up.
    _deadlines_shown = True
    _deadlines_due = False

    def defer_deadlines(self) -> None:
        """Paint the next rows before their deadlines, which follow in the next turn of the
        event loop: the first screen of the app does not wait for the ordinance file."""
        self._deadlines_shown, self._deadlines_due = False, False

    def _show_deadlines(self) -> None:
        self._deadlines_shown = True
        if self._rows:
            self.dataChanged.emit(self.index(0, DEADLINE_COLUMN),
                                  self.index(len(self._rows) - 1, DEADLINE_COLUMN))

    def _urgency(self, row: int, cells: _Cells) -> str | None:
        due = self._due(row, cells)
        return urgency(due.date) if due is not None else None

    def _due(self, row: int, cells: _Cells):
        if cells.due is _NOT_READ:
            cells.due = self._deadline(self._rows[row])
        return cells.due

    @staticmethod
    def _display(app: Application, column: int) -> str | None:
        match column:
            case 0:
                return str(app.sequence)
            case 1:
                return format_short_date(app.received_at.date())
            case 2:
                return app.wijk
            case 3:
                return app.applicant.name
            case 4:
                return app.title
            case 5:
                return format_money(app.cost_estimate) if app.cost_estimate is not None else ""
            case 6:
                return str(app.vouchers_requested) if app.vouchers_requested else ""
            case 7:
                return app.theme.label if app.theme else ""
            case 8:
                return app.status.label
            case 9:
                return ", ".join(missing_items(app))
        return None

    def _deadline(self, app: Application):
        """The decision deadline while the decision term runs (Art. 5.1, 5.3), else None.

        Read only for visible cells of the last column: the ordinance file is not loaded
        before the first rows show.
        """
        if not app.status.awaits_decision or self._register is None:
            return None
        if not self._register.session.may_read(Read.CHECK):
            return None  # it needs the suspensions: not for the cash manager (access.READS)
        return self._register.decision_deadline(app)


def _own_direction(text: str):
    """The direction of ``text``'s first strong character (Unicode's rule P2), or None."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return QtCore.Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return QtCore.Qt.LayoutDirection.RightToLeft
    return None


def text_in_own_direction(view, columns=(2, 3, 4)) -> None:
    """In a right-to-left window the Latin names and titles of ``columns`` are laid out left
    to right inside their mirrored cells: elided, their "…" comes at their own end (it stood
    at the wrong side: "…Bloembakken langs de Rembrandtst"), and the cell still hangs from
    the right edge as the rest of the row does. Nothing changes in a left-to-right window."""
    if not view.isRightToLeft():
        return
    from PySide6.QtWidgets import QStyle, QStyledItemDelegate

    class OwnDirection(QStyledItemDelegate):
        def initStyleOption(self, option, index) -> None:  # noqa: N802
            super().initStyleOption(option, index)
            own = _own_direction(option.text)
            if own is not None and own != option.direction:
                # Where the cell's text sits stays the window's (mirrored) place.
                option.displayAlignment = QStyle.visualAlignment(
                    option.direction, option.displayAlignment) | QtCore.Qt.AlignmentFlag.AlignAbsolute
                option.direction = own

    delegate = OwnDirection(view)
    for column in columns:
        view.setItemDelegateForColumn(column, delegate)
