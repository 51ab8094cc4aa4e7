"""A consultation's journey in the app, as a steering group makes it (issue 21): plan it,
print the code letters, register at the door and enter the meeting's tallies confirmed by
a second member with her own PIN, type each paper ballot twice by two people, let residents
vote on the laptop (the register out of sight meanwhile), close, count, sign off by two and
decide. The real dialogs, driven with QTest keys and clicks; the trail names who did what.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from regiegroep import consultations as cons
from regiegroep.model import Status
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from ui.consultation_list import ConsultationsDialog
from ui.consultations import MeetingDialog, PaperDialog, PlanDialog, VoteDialog

from .conftest import own_ordinance
from .test_consultations import referred_register
from .test_ui import opened, sign_in

PINS = {"Joke van der Meer": "1111", "Hasan Yıldız": "2222", "Marieke Bakker": "3333"}


@pytest.fixture
def laptop(qtbot, tmp_path):
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
        w = reg.add_wijk("Poelenburg")
        reg.set_budget(w.id, 2026, Decimal("300000"), Decimal("15000"))
        own_ordinance(reg, 2026)
        _wijk, members, ids = referred_register(reg)
        for m in reg.members():
            reg.set_pin(m.id, PINS[m.name])
        people = {m.name: m.id for m in reg.members()}
    window = opened(qtbot, path, person=None)
    sign_in(qtbot, window, "Joke van der Meer", PINS["Joke van der Meer"])
    qtbot.waitUntil(lambda: window.pages.currentWidget() is not window.session.sign_in_page)
    return window, people, ids, tmp_path


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def codes_from(pdf) -> list[str]:
    """The codes on the letters, read back from the PDF's text."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    return [word for word in text.split() if len(word) == 13 and word.count("-") == 2]


def test_a_consultation_from_plan_to_decision_by_two_people(qtbot, laptop):
    window, people, ids, tmp_path = laptop
    register = window.register
    joke, marieke = people["Joke van der Meer"], people["Marieke Bakker"]
    dialog = ConsultationsDialog(register, window)
    qtbot.addWidget(dialog)
    dialog.show()

    # Plan: typed as a person types it.
    plan = PlanDialog(register, dialog)
    qtbot.addWidget(plan)
    plan.show()
    plan.initiatives.item(2).setCheckState(Qt.CheckState.Unchecked)
    QTest.keyClicks(plan.title, "Wijkraadpleging voorjaar")
    for field, day in ((plan.starts, "1-4-2026"), (plan.ends, "14-4-2026")):
        field.selectAll()
        QTest.keyClicks(field, day)
    QTest.keyClicks(plan.place, "Buurthuis De Kolk")
    QTest.keyClicks(plan.meets_at, "2-4-2026 19:30")  # the letters say when the meeting is
    plan.turnout.selectAll()
    QTest.keyClicks(plan.turnout, "10")
    plan.save_changes()
    assert plan.planned is not None, plan.error.text()
    dialog.refresh(plan.planned.id)
    c = plan.planned.id
    assert "Minimale opkomst: 10% van de uitgegeven codes" in dialog.details.text()
    assert "De stemming sluit op 14 april 2026" in dialog.details.text()

    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode\n" + "".join(
        f"Reigerstraat {n};1504 AB\n" for n in range(1, 9)), encoding="utf-8")
    letters = tmp_path / "codes.pdf"
    dialog.print_codes(str(addresses), str(letters))
    qtbot.waitUntil(lambda: not dialog._workers, timeout=30000)
    codes = codes_from(letters)
    assert len(codes) == 8
    click(qtbot, dialog.buttons["open"])

    # The meeting: two at the door, the chair's tallies, Marieke confirms with her PIN.
    meeting = MeetingDialog(register, c, dialog)
    qtbot.addWidget(meeting)
    meeting.show()
    for code in codes[:2]:
        QTest.keyClicks(meeting.code, code)
        QTest.keyClick(meeting.code, Qt.Key.Key_Return)
    assert "2 " in meeting.said.text()
    meeting.counts[ids[0]][0].setValue(2)
    meeting.counts[ids[1]][1].setValue(2)
    choose(meeting.chair.combo, joke)
    assert not meeting.chair.pin.isEnabled()  # the chair is signed in: no PIN asked
    click(qtbot, next(b for b in meeting.findChildren(QPushButton) if b.text() == "Telling opslaan"))
    choose(meeting.second.combo, marieke)
    assert meeting.second.pin.isEnabled()
    confirm = next(b for b in meeting.findChildren(QPushButton) if b.text() == "Telling bevestigen")
    click(qtbot, confirm)  # no PIN: refused
    assert "eigen pincode" in meeting.said.text()
    QTest.keyClicks(meeting.second.pin, "1111")  # the chair's PIN for Marieke: refused
    click(qtbot, confirm)
    assert "bevestigd" not in meeting.said.text()
    QTest.keyClicks(meeting.second.pin, PINS["Marieke Bakker"])
    click(qtbot, confirm)
    assert "bevestigd" in meeting.said.text()
    meeting.reject()

    # Paper: each ballot typed in by Joke, then by Marieke with her own PIN.
    paper = PaperDialog(register, c, dialog)
    qtbot.addWidget(paper)
    paper.show()
    enter = next(b for b in paper.findChildren(QPushButton) if b.text() == "Voer dit stembiljet in")
    ballots = {"1": (codes[2], "for", "against"), "2": (codes[3], "against", "for"),
               "3": (codes[4], "for", "for")}

    def type_ballot(sheet, code, first, second):
        for field, text in ((paper.sheet, sheet), (paper.code, code)):
            QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClicks(field, text)  # over what a refused entry left
        choose(paper.boxes[ids[0]], first)
        choose(paper.boxes[ids[1]], second)
        click(qtbot, enter)

    choose(paper.member.combo, joke)
    for sheet, (code, first, second) in ballots.items():
        type_ballot(sheet, code, first, second)
        assert "tweede" in paper.said.text()
        # The next ballot starts empty: no choice of this one stays selected.
        assert {box.currentData() for box in paper.boxes.values()} == {"abstain"}
        assert paper.sheet.text() == "" and paper.code.text() == ""
    choose(paper.member.combo, marieke)
    QTest.keyClicks(paper.member.pin, PINS["Marieke Bakker"])
    type_ballot("1", ballots["2"][0], "for", "against")  # ballot 2's code typed for 1
    assert "niet de code" in paper.said.text()
    for sheet, (code, first, second) in ballots.items():
        type_ballot(sheet, code, first, second)
        assert "geteld" in paper.said.text(), paper.said.text()
    paper.reject()

    # Residents vote on the laptop: the register goes out of sight, as the lock hides it.
    dialog.refresh(c)
    click(qtbot, dialog.buttons["vote"])
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), VoteDialog))
    vote = QApplication.activeModalWidget()
    assert window.pages.currentWidget() is window.session.sign_in_page
    # Around the vote screen: that residents are voting, not that the app locked itself.
    page = window.session.sign_in_page
    assert page.heading.text() == "Bewoners stemmen", page.heading.text()
    assert "een tijd" not in page.explanation.text()
    assert window.model.rowCount() == 0 and not dialog.isVisible()
    with pytest.raises(Exception):
        register.application(ids[0])  # nothing personal can be read meanwhile
    for code in codes[5:7]:
        QTest.keyClicks(vote.code, code)
        choose(vote.boxes[ids[0]], "for")
        choose(vote.boxes[ids[1]], "against")
        click(qtbot, vote.cast_button)
        click(qtbot, vote.confirm_button)
        assert "geteld" in vote.said.text()
        assert vote.code.text() == ""
    vote.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert register.session.role == "nobody"  # a member signs in again
    assert window.pages.currentWidget() is window.session.sign_in_page
    sign_in(qtbot, window, "Joke van der Meer", PINS["Joke van der Meer"])
    qtbot.waitUntil(lambda: window.pages.currentWidget() is not window.session.sign_in_page)

    # Close, count, sign off by two (Marieke with her PIN), decide.
    dialog = ConsultationsDialog(register, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh(c)
    click(qtbot, dialog.buttons["close"])
    click(qtbot, dialog.buttons["count"])
    # 2 hands + 3 paper + 2 digital: 7 of 8 codes. Initiative 1: 2+2+2 for, 1 against.
    assert "Speeltuin 0: 6 voor, 1 tegen" in dialog.details.text()
    assert "Speeltuin 1: 2 voor, 5 tegen" in dialog.details.text()
    choose(dialog.member.combo, joke)
    click(qtbot, dialog.buttons["sign"])
    choose(dialog.member.combo, marieke)
    click(qtbot, dialog.buttons["sign"])
    assert "eigen pincode" in dialog.said.text()
    QTest.keyClicks(dialog.member.pin, PINS["Marieke Bakker"])
    click(qtbot, dialog.buttons["sign"])
    assert "2 van 2" in dialog.details.text()
    from .test_ui_consultations import answer_decide

    answer_decide(qtbot)  # the question lists what is recorded; "Record the decisions"
    click(qtbot, dialog.buttons["decide"])
    assert register.application(ids[0]).status is Status.GRANTED
    assert register.application(ids[1]).status is Status.REFUSED

    # The trail names who did what: Marieke's confirmation, entries and sign-off are hers.
    trail = [(e.actor, e.action) for e in register.events()]
    assert ("Marieke Bakker", "meeting tallies confirmed") in trail or any(
        actor == "Marieke Bakker" and "tall" in action for actor, action in trail)
    entries = [actor for actor, action in trail if action == "paper ballot entered"]
    assert entries.count("Joke van der Meer") == 3 and entries.count("Marieke Bakker") == 3
    signed = [actor for actor, action in trail if action == "consultation result signed"]
    assert signed == ["Joke van der Meer", "Marieke Bakker"], trail[-12:]
    assert cons.consultation(register, c).codes_used == {"meeting": 2, "paper": 3, "digital": 2}
