"""The budget at a glance: one neighbourhood's year (or all), as regiegroep.reports.accounts says it.

The figures, a chart of granted and redeemed against the ceiling month by month (QtCharts),
and the applications still waiting in order of receipt. It decides nothing: every number
comes from the core. It follows the register as it changes: a timer asks the register
whether anything was written (by this window or another) and draws anew when so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from regiegroep.reports.accounts import Accounts, accounts
from regiegroep.reports.report_figures import figures, granted_and_issued
from regiegroep.i18n import (
    _, format_date, format_money, format_month, format_number, format_whole_money,
)
from regiegroep.register import Register
from regiegroep.trust.access import Read
from ui.widgets import scrolling

# How often the view asks the register whether it changed.
POLL_MS = 2000
# The waiting list shows this many; the year report lists them all.
WAITING_SHOWN = 500


class BudgetView(QWidget):
    """Figures, chart and waiting list of one budget year."""

    def __init__(self, register: Register, parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.register = register
        self.today = today
        self.accounts: Accounts | None = None
        self._seen = None

        self.wijk = QComboBox()
        self.wijk.addItem(_("All neighbourhoods"), None)
        for w in register.wijken():
            self.wijk.addItem(w.name, w.id)
        self.year = QComboBox()
        years = register.years() or [dt.date.today().year]
        for year in years:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(len(years) - 1)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Neighbourhood")))
        top.addWidget(self.wijk)
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addStretch()

        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        box = QGroupBox(_("Figures"))
        # Under the figures: why the amount granted and the vouchers issued differ.
        self.note = QLabel()
        self.note.setWordWrap(True)
        inner = QVBoxLayout(box)
        inner.addLayout(self.form)
        inner.addWidget(self.note)

        self.chart = QChart()
        self.chart.setTitle(_("Granted and redeemed against the ceiling"))
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)

        self.waiting = QTableWidget(0, 5)
        self.waiting.setHorizontalHeaderLabels(
            [_("Number"), _("Received"), _("Initiative"), _("Asks"), _("Deadline")])
        self.waiting.verticalHeader().setVisible(False)
        self.waiting.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.waiting.horizontalHeader()
        for column in (0, 1, 3, 4):  # numbers and dates on one line; the initiative takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        waiting_box = QGroupBox(_("Still waiting for a decision, in order of receipt"))
        self.more = QLabel()
        self.more.setVisible(False)
        waiting_layout = QVBoxLayout(waiting_box)
        waiting_layout.addWidget(self.waiting)
        waiting_layout.addWidget(self.more)

        middle = QHBoxLayout()
        self.figures_box = box
        self.figures_area = scrolling(box)  # a long list of figures scrolls on a low screen
        middle.addWidget(self.figures_area, 2)
        right = QVBoxLayout()
        right.addWidget(self.chart_view, 3)
        right.addWidget(waiting_box, 2)
        middle.addLayout(right, 3)
        # Close (Esc too, as in any dialog) closes the window the view is in.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in self.buttons.buttons():  # Enter in the table never closes the view
            button.setAutoDefault(False)
            button.setDefault(False)
        self.buttons.rejected.connect(lambda: self.window().close())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addWidget(self.buttons)

        self.wijk.currentIndexChanged.connect(self.refresh)
        self.year.currentIndexChanged.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh_if_changed)
        self.timer.start()
        self.refresh()

    def select(self, wijk: str | None, year: int) -> None:
        self.wijk.setCurrentIndex(max(0, self.wijk.findText(wijk)) if wijk else 0)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.refresh()

    def _version(self):
        conn = self.register.conn
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def refresh_if_changed(self) -> None:
        # Closed, or the app locked (nobody, or the kiosk, may read budgets): nothing to show.
        if not self.isVisible() or not self.register.session.may_read(Read.BUDGETS):
            return
        if self._version() != self._seen:
            self.refresh()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()  # a closed view does not read the register every two seconds
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.timer.start()

    def refresh(self) -> None:
        self._seen = self._version()
        year = self.year.currentData()
        if year is None:
            return
        acc = accounts(self.register, year, self.wijk.currentData(), today=self.today)
        self.accounts = acc
        self._figures(acc)
        self._chart(acc)
        self._waiting(acc)

    def _figures(self, acc: Accounts) -> None:
        for figure in figures(acc):
            label = self.values.get(figure.key)
            if label is None:
                label = self.values[figure.key] = QLabel()
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                label.setObjectName(figure.key)
                self.form.addRow(figure.label, label)
            label.setText(figure.text())
        self.note.setText(granted_and_issued(acc))
        self.note.setVisible(acc.granted_sum != acc.vouchers_issued)
        # Up and down it scrolls; across, the area is as wide as the figures and their labels.
        bar = self.figures_area.verticalScrollBar().sizeHint().width()
        self.figures_area.setMinimumWidth(self.figures_box.sizeHint().width() + bar)

    def _chart(self, acc: Accounts) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        lines = []
        for name, values, colour, dashed in (
                (_("Granted so far"), [m.granted_so_far for m in acc.months], "#1f5f8b", False),
                (_("Redeemed so far"), [m.redeemed_so_far for m in acc.months], "#e07b39", False),
                (_("Subsidy ceiling"), [acc.ceiling] * len(acc.months), "#888888", True)):
            series = QLineSeries()
            series.setName(name)
            for n, value in enumerate(values):
                series.append(n, float(value))
            pen = QPen(colour)
            pen.setWidth(2)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            series.setPen(pen)
            self.chart.addSeries(series)
            lines.append(series)
        months = self._months_axis(acc)
        amounts = self._amounts_axis(max(float(acc.ceiling), float(acc.granted_sum), 1.0) * 1.05)
        self.chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(amounts, Qt.AlignmentFlag.AlignLeft)
        for series in lines:
            series.attachAxis(months)
            series.attachAxis(amounts)

    def _months_axis(self, acc: Accounts) -> QCategoryAxis:
        """The months in words ("jan", "feb", ...; a later year's January by its year, as
        "2026"), at most about twelve of them: payments run on into the next year (Art. 5.7)."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        step = next(s for s in (1, 2, 3, 4, 6, 12) if len(acc.months) <= 13 * s)
        for n, m in enumerate(acc.months):
            if n % step == 0:  # every step months, January among them
                label = format_month(dt.date(m.year, m.month, 1),
                                     as_year=m.year != acc.year and m.month == 1)
                # The axis takes each label once: a later year's "mrt" differs unseen.
                axis.append(label + "\u200b" * (m.year - acc.year), n)
        axis.setRange(0, max(1, len(acc.months) - 1))
        # The last label sits on the plot's right edge: room for its right half.
        last = axis.categoriesLabels()[-1] if axis.categoriesLabels() else ""
        half = QFontMetrics(axis.labelsFont()).horizontalAdvance(last) // 2
        self.chart.setMargins(QMargins(4, 4, max(4, half), 4))
        return axis

    @staticmethod
    def _amounts_axis(top: float) -> QCategoryAxis:
        """The amounts' axis from 0 to a round number above ``top``, each line labelled as
        money in the window's language (a QValueAxis can only printf: "225000")."""
        nice = QValueAxis()
        nice.setRange(0, top)
        nice.applyNiceNumbers()  # Qt picks the round range and the lines
        low, high, ticks = nice.min(), nice.max(), max(2, nice.tickCount())
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setStartValue(low)
        for n in range(ticks):
            value = low + (high - low) * n / (ticks - 1)
            axis.append(format_whole_money(Decimal(round(value))), value)
        axis.setRange(low, high)
        return axis

    def _waiting(self, acc: Accounts) -> None:
        everything = acc.waiting()
        rows = everything[:WAITING_SHOWN]
        more = len(everything) - len(rows)
        self.more.setText(_("And {n} more: the year report lists them all.").format(
            n=format_number(more)) if more > 0 else "")
        self.more.setVisible(more > 0)
        self.waiting.setRowCount(len(rows))
        for y, r in enumerate(rows):
            cells = (str(r.sequence), format_date(r.received_at.date()), r.title,
                     format_money(r.asked) if r.asked is not None else "—", format_date(r.deadline))
            for x, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if x == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.waiting.setItem(y, x, item)
