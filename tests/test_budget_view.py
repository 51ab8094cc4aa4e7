"""The budget at a glance (pytest-qt, offscreen): the right totals, the chart, the waiting
list in order of receipt, and it follows the register as it changes."""

import datetime as dt
from decimal import Decimal

from regiegroep.deciding.decision import Decision, Kind
from regiegroep.i18n import format_money
from ui import app as app_module
from ui.budget_view import BudgetView

from .accounts_example import TODAY, fill


def test_the_view_shows_the_years_totals_and_follows_changes(qtbot, register):
    ids = fill(register)
    app_module.make_application()
    view = BudgetView(register, today=TODAY)
    qtbot.addWidget(view)
    view.show()  # a view out of sight reads nothing (its timer stops)
    view.select("Poelenburg", 2026)
    assert view.values["granted_sum"].text() == format_money(Decimal("6750"))
    assert view.values["redeemed"].text() == format_money(Decimal("1300"))
    assert view.values["ceiling_left"].text() == format_money(Decimal("278250"))
    assert view.values["applied_count"].text() == "7"
    assert [view.waiting.item(y, 2).text() for y in range(view.waiting.rowCount())] == [
        "Taalcafé", "Repaircafé"]
    granted, redeemed, ceiling = view.chart.series()
    assert granted.at(granted.count() - 1).y() == 6750.0
    assert redeemed.at(4).y() == 1300.0  # May
    assert ceiling.at(0).y() == 285000.0

    member = register.members()[0].id
    register.decide(ids["waiting_first"], Decision(kind=Kind.GRANTED, decided_on=dt.date(2026, 5, 5),
                                                   members=(member,)))
    view.refresh_if_changed()
    assert view.values["granted_sum"].text() == format_money(Decimal("7550"))
    assert view.waiting.rowCount() == 1
    view.select(None, 2026)
    assert view.values["granted_sum"].text() == format_money(Decimal("9550"))



def test_the_view_fits_a_1366x768_laptop(qtbot, register):
    """Its figures scroll instead of making the window taller than the screen (it was
    1000x843: the lowest figures and the waiting list fell off a laptop's screen)."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QDialog, QScrollArea, QVBoxLayout

    from ui.widgets import fit_to_screen

    fill(register)
    app_module.make_application()
    window = QDialog()
    qtbot.addWidget(window)
    view = BudgetView(register, window, today=TODAY)
    QVBoxLayout(window).addWidget(view)
    fit_to_screen(window, QSize(1000, 700), QRect(0, 0, 1366, 728))
    window.show()
    qtbot.waitExposed(window)
    assert window.height() <= 728 - 40 and window.minimumSizeHint().height() <= 728 - 40
    area = view.findChild(QScrollArea)
    assert area is not None and area.widget().findChildren(type(view.values["redeemed"]))
    # Scrolling goes up and down only: every figure's value is within the area's width.
    value = view.values["redeemed"]
    right = value.mapTo(area.widget(), value.rect().topRight()).x()
    assert right <= area.viewport().width(), (right, area.viewport().width())
