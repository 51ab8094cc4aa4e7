"""The budget at a glance (pytest-qt, offscreen): the right totals, the chart, the waiting
list in order of receipt, and it follows the register as it changes."""

import datetime as dt
from decimal import Decimal

from regiegroep.decisions import Decision, Kind
from regiegroep.i18n import format_money
from ui import app as app_module
from ui.budget_view import BudgetView

from .accounts_example import TODAY, fill


def test_the_view_shows_the_years_totals_and_follows_changes(qtbot, register):
    ids = fill(register)
    app_module.make_application()
    view = BudgetView(register, today=TODAY)
    qtbot.addWidget(view)
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

