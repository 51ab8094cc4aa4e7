"""The consultations window: the group's own waiting limit for referrals, with the main
window's warning following it, and cancelling a consultation (Art. 5.5)."""

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog

from regiegroep import consultations as cons
from regiegroep.consultations import Consultation
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from ui.consultation_list import ConsultationsDialog

from .conftest import own_ordinance
from .test_consultations import referred_register
from .test_ui import opened


def _window(qtbot, tmp_path):
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
        w = reg.add_wijk("Poelenburg")
        reg.set_budget(w.id, 2026, Decimal("300000"), Decimal("15000"))
        own_ordinance(reg, 2026)
        wijk, _members, ids = referred_register(reg)  # referred on 20 March 2026
    return opened(qtbot, path, person=None), wijk, ids


def test_the_waiting_limit_is_changed_in_the_window_and_the_warning_follows(qtbot, tmp_path):
    window, _wijk, _ids = _window(qtbot, tmp_path)
    waited = (dt.date.today() - dt.date(2026, 3, 20)).days
    assert waited > 28  # the test's referrals are long overdue under four weeks
    assert "3 doorverwijzingen wachten te lang" in window.deadline_label.text()
    seen = {}

    def in_the_window():
        [dialog] = window.findChildren(ConsultationsDialog)
        seen["default"] = dialog.wait_weeks.value()
        seen["warned"] = dialog.warning.isVisible()
        weeks = min(52, waited // 7 + 1)
        dialog.wait_weeks.setValue(weeks)
        dialog.keep_wait.click()
        seen["said"] = dialog.said.text()
        seen["warning now"] = window.deadline_label.text()
        seen["still warned"] = dialog.warning.isVisible()
        dialog.reject()

    QTimer.singleShot(0, in_the_window)
    window.manage.open_consultations()
    assert seen["default"] == cons.WAIT_WEEKS == 4 and seen["warned"]
    assert "weken op een wijkraadpleging wachten" in seen["said"]
    if waited // 7 + 1 <= 52:
        assert "wachten te lang" not in seen["warning now"]  # at once, not on closing
        assert not seen["still warned"]
    assert cons.wait_weeks(window.register) == min(52, waited // 7 + 1)


def test_a_consultation_is_cancelled_from_the_window_after_confirming(qtbot, tmp_path,
                                                                      monkeypatch):
    window, wijk, ids = _window(qtbot, tmp_path)
    register = window.register
    c = cons.plan(register, Consultation(wijk, "Voorjaar", "written", dt.date(2026, 4, 1),
                                         dt.date(2026, 4, 14), tuple(ids)))
    dialog = ConsultationsDialog(register, window)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    assert dialog.warning.isHidden()  # every referral is on the planned consultation
    assert dialog.buttons["cancel"].isEnabled()
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *args, **kw: (asked.append(args[2]), ("", False))[1])
    dialog.buttons["cancel"].click()  # asked, then not confirmed: nothing changes
    assert "Voorjaar" in asked[0] and "niet ongedaan" in asked[0]
    assert cons.consultation(register, c.id).status == "planned"
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *args, **kw: ("De zaal is niet beschikbaar", True))
    dialog.buttons["cancel"].click()
    assert "geannuleerd" in dialog.said.text()
    assert "geannuleerd" in dialog.list.currentItem().text()
    assert "Geannuleerd: De zaal is niet beschikbaar" in dialog.details.text()
    assert not [k for k in ("cancel", "open", "codes", "ballots", "announcement")
                if dialog.buttons[k].isEnabled()]
    assert not dialog.warning.isHidden()  # waiting again, since their referral
    assert "aanvraag 1 (" in dialog.warning.text()


def test_a_consultation_with_a_vote_cannot_be_cancelled_in_the_window(qtbot, tmp_path):
    window, wijk, ids = _window(qtbot, tmp_path)
    register = window.register
    c = cons.plan(register, Consultation(wijk, "Voorjaar", "digital", dt.date(2026, 4, 1),
                                         dt.date(2026, 4, 14), tuple(ids)))
    codes = cons.new_codes(register, c.id, 2)
    cons.store_codes(register, c.id, codes)
    cons.open_voting(register, c.id)
    dialog = ConsultationsDialog(register, window)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    assert dialog.buttons["cancel"].isEnabled()  # running, nobody voted yet
    cons.cast_vote(register, c.id, codes[0], {ids[0]: "for"})
    dialog.refresh(c.id)
    assert not dialog.buttons["cancel"].isEnabled()
    dialog.cancel_consultation("Te laat")
    assert "niet meer worden geannuleerd" in dialog.said.text()
