"""The consultation screens: plan, print codes, the meeting's tallies, paper ballots typed
twice with a difference, digital votes, sign-off, and the decisions and letters that follow."""

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt

from regiegroep.consultations import consultation
from regiegroep.deciding.decision import Kind
from regiegroep.documents.letters import write_letter
from regiegroep.model import Status
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from ui.consultation_list import ConsultationsDialog
from ui.consultations import MeetingDialog, PaperDialog, PlanDialog, VoteDialog

from .conftest import own_ordinance
from .test_consultations import referred_register
from .test_ui import opened


def test_a_consultation_from_plan_to_letters(qtbot, tmp_path, request):
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
        w = reg.add_wijk("Poelenburg")
        reg.set_budget(w.id, 2026, Decimal("300000"), Decimal("15000"))
        own_ordinance(reg, 2026)
        _wijk, members, ids = referred_register(reg)
    window = opened(qtbot, path, person=None)
    assert window.menus.consultations_action.isEnabled()
    assert "3 doorverwijzingen wachten te lang" in window.deadline_label.text()
    register = window.register
    dialog = ConsultationsDialog(register, window)
    qtbot.addWidget(dialog)
    assert "aanvraag 1 (" in dialog.warning.text()  # referred long ago, not yet planned

    plan = PlanDialog(register, dialog)
    qtbot.addWidget(plan)
    assert plan.initiatives.count() == 3
    plan.initiatives.item(2).setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClicks(plan.title, "Wijkraadpleging voorjaar")
    # Voting still to come: codes are not printed for a consultation whose voting ended.
    start = dt.date.today() + dt.timedelta(days=1)
    end, meets = start + dt.timedelta(days=13), start + dt.timedelta(days=6)

    def typed(day, time=""):
        return f"{day.day}-{day.month}-{day.year}" + (f" {time}" if time else "")

    plan.starts.setDate(QDate(start.year, start.month, start.day))
    plan.ends.setText("31-4-2026")  # no such day: said, nothing planned
    plan.save_changes()
    assert plan.planned is None and "Tot" in plan.error.text()
    plan.ends.clear()
    qtbot.keyClicks(plan.ends, typed(end))
    qtbot.keyClicks(plan.meets_at, typed(end + dt.timedelta(days=6), "19:30"))  # too late
    plan.save_changes()
    assert plan.planned is None and "tot en met" in plan.error.text()
    plan.meets_at.clear()
    qtbot.keyClicks(plan.meets_at, typed(meets, "19:30"))
    plan.save_changes()
    assert plan.planned is not None and plan.planned.application_ids == tuple(ids[:2])
    dialog.refresh(plan.planned.id)
    assert "voorjaar" in dialog.list.currentItem().text()

    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode\nReigerstraat 12;1504 AB\nZwanenstraat 3;1504 AC\n"
                         "Merelstraat 8;1504 AD\nMeeuwenlaan 1;1504 AE\n", encoding="utf-8")
    letters = tmp_path / "codes.pdf"
    dialog.print_codes(str(addresses), str(letters))
    qtbot.waitUntil(lambda: not dialog._workers, timeout=20000)
    assert letters.read_bytes().startswith(b"%PDF")
    assert "4" in dialog.said.text() and dialog.buttons["open"].isEnabled()
    # The codes are on paper only; the test reads them back from the PDF's text.
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(letters).pages)
    codes = [line.strip() for line in text.splitlines()
             if len(line.strip()) == 13 and line.strip().count("-") == 2]
    assert len(codes) == 4
    dialog.buttons["open"].click()
    c = plan.planned.id

    # The meeting's evening: votes are cast within the voting period (from here on, the
    # consultation's today is the meeting's day).
    from regiegroep.consultations import voting_on

    day = voting_on(meets)
    day.__enter__()
    request.addfinalizer(lambda: day.__exit__(None, None, None))
    meeting = MeetingDialog(register, c, dialog)
    qtbot.addWidget(meeting)
    qtbot.keyClicks(meeting.code, codes[0])
    meeting.register_code()
    assert "1" in meeting.said.text()
    qtbot.keyClicks(meeting.code, codes[0])
    meeting.register_code()
    assert "al gebruikt" in meeting.said.text()
    meeting.counts[ids[0]][0].setValue(1)
    meeting.counts[ids[1]][1].setValue(1)
    meeting.chair.setCurrentIndex(meeting.chair.findData(members[0]))
    meeting.save_tallies()
    meeting.second.setCurrentIndex(meeting.second.findData(members[0]))
    meeting.confirm()
    assert "tweede" in meeting.said.text().lower()
    meeting.second.setCurrentIndex(meeting.second.findData(members[1]))
    meeting.confirm()
    assert "bevestigd" in meeting.said.text()

    paper = PaperDialog(register, c, dialog)
    qtbot.addWidget(paper)

    def type_ballot(member, choice):
        paper.member.setCurrentIndex(paper.member.findData(member))
        paper.sheet.setText("1")
        paper.code.setText(codes[1])
        paper.boxes[ids[0]].setCurrentIndex(paper.boxes[ids[0]].findData("for"))
        paper.boxes[ids[1]].setCurrentIndex(paper.boxes[ids[1]].findData(choice))
        paper.enter()

    type_ballot(members[0], "against")
    type_ballot(members[1], "for")
    assert paper.differences.count() == 1
    assert "2" in paper.differences.item(0).text()  # initiative 2 differs
    type_ballot(members[2], "against")
    assert paper.differences.count() == 0 and "geteld" in paper.said.text()

    vote = VoteDialog(register, c, dialog)
    qtbot.addWidget(vote)
    vote.code.setText(codes[2])
    vote.boxes[ids[0]].setCurrentIndex(vote.boxes[ids[0]].findData("for"))
    vote.boxes[ids[1]].setCurrentIndex(vote.boxes[ids[1]].findData("against"))
    used = consultation(register, c).codes_used
    vote.cast()  # read back first: nothing cast yet
    assert "voor" in vote.said.text() and "tegen" in vote.said.text()
    assert consultation(register, c).codes_used == used and vote.confirm_button.isVisibleTo(vote)
    vote.confirm()
    assert "geteld" in vote.said.text()
    vote.code.setText(codes[2])
    vote.cast()
    vote.confirm()
    assert "al gebruikt" in vote.said.text()

    dialog.refresh()
    dialog.buttons["close"].click()
    dialog.buttons["count"].click()
    assert "Speeltuin 0: 3 voor, 0 tegen" in dialog.details.text()
    assert "Speeltuin 1: 0 voor, 3 tegen" in dialog.details.text()
    for member in members[:2]:
        dialog.member.setCurrentIndex(dialog.member.findData(member))
        dialog.buttons["sign"].click()
    assert dialog.buttons["decide"].isEnabled()
    said = answer_decide(qtbot, record=False)  # asked first: Cancel records nothing
    dialog.buttons["decide"].click()
    assert said and register.application(ids[0]).status is Status.CONSULTATION
    said = answer_decide(qtbot)
    dialog.buttons["decide"].click()
    question, listed = said
    assert "Deze besluiten" in question or "besluiten" in question
    assert "Speeltuin 0: toegekend" in listed and "Speeltuin 1: geweigerd" in listed
    assert register.application(ids[0]).status is Status.GRANTED
    assert register.application(ids[1]).status is Status.REFUSED
    assert register.application(ids[2]).status is Status.CONSULTATION
    out = tmp_path / "brief.pdf"
    write_letter(register, register.application(ids[1]).sequence, out)
    letter = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "wijkraadpleging" in letter and "Bezwaar" in letter
    report = tmp_path / "pv.pdf"
    dialog.print_paper("report", str(report))
    qtbot.waitUntil(lambda: not dialog._workers, timeout=20000)
    assert report.read_bytes().startswith(b"%PDF")
    assert register.latest_decision(ids[0]).kind is Kind.GRANTED


def answer_decide(qtbot, record: bool = True) -> list[str]:
    """Answer the question Decide asks, as a person does: read it, then press "Record the
    decisions" (or Cancel). Returns what it listed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    said: list[str] = []

    def look():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "decide_question":
            QTimer.singleShot(20, look)
            return
        said.extend([box.text(), box.informativeText()])
        button = next(b for b in box.buttons()
                      if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole) if record \
            else box.button(QMessageBox.StandardButton.Cancel)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, look)
    return said


def _running(tmp_path):
    """A register of its own with a consultation running (planned and opened on 2 April
    2026) and its voting codes: the register, the consultation, the codes."""
    from regiegroep import consultations as cons

    from .test_consultations import planned

    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
        w = reg.add_wijk("Poelenburg")
        reg.set_budget(w.id, 2026, Decimal("300000"), Decimal("15000"))
        own_ordinance(reg, 2026)
        wijk, _members, ids = referred_register(reg, ("12000", "15000"))
        with cons.voting_on(dt.date(2026, 4, 2)):
            c, codes = planned(reg, wijk, ids)
    return Register.open(path), c, codes


def test_residents_vote_on_the_laptop_one_after_another_by_keyboard(qtbot, tmp_path):
    """Code, choices, Cast, confirm, and the next resident's code: Tab, arrows and Space only.
    Before, Cast went out of sight with the focus and left it on Close (Space closed the
    screen), and after a vote the focus did not go back to the code."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from regiegroep import consultations as cons
    from regiegroep.consultations import consultation_results

    register, c, codes = _running(tmp_path)
    ids = c.application_ids
    vote = VoteDialog(register, c.id)
    qtbot.addWidget(vote)
    vote.show()
    vote.activateWindow()
    qtbot.waitUntil(vote.isActiveWindow)
    vote.code.setFocus()

    def press(*keys):
        for key in keys:
            QTest.keyClick(QApplication.focusWidget(), key)
            qtbot.wait(5)

    with cons.voting_on(dt.date(2026, 4, 2)):
        for code, downs in ((codes[0], (1, 2)), (codes[1], (2, 0))):  # abstain, for, against
            assert QApplication.focusWidget() is vote.code
            QTest.keyClicks(vote.code, code)
            for down in downs:
                press(Qt.Key.Key_Tab, *[Qt.Key.Key_Down] * down)
            press(Qt.Key.Key_Tab, Qt.Key.Key_Space)  # Cast my vote: read back
            assert QApplication.focusWidget() is vote.confirm_button
            press(Qt.Key.Key_Space)
            assert vote.isVisible() and "geteld" in vote.said.text()
        QTest.keyClicks(vote.code, codes[0])  # the same code again: refused, back to the code
        press(Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_Space)
        assert vote.isVisible() and "al gebruikt" in vote.said.text()
        assert QApplication.focusWidget() is vote.code
    counted = {i["application_id"]: (i["for"], i["against"])
               for i in consultation_results.count(register, c.id)["items"]}
    assert counted == {ids[0]: (1, 1), ids[1]: (0, 1)}
    register.close()


def test_the_laptop_vote_says_before_any_code_that_voting_has_not_begun(qtbot, tmp_path):
    """The walk: opened before its period, the vote screen let a resident type a code and
    confirm a vote, and only then said voting starts later."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from regiegroep import consultations as cons

    register, c, codes = _running(tmp_path)
    with cons.voting_on(c.starts_on - dt.timedelta(days=3)):
        vote = VoteDialog(register, c.id)
        qtbot.addWidget(vote)
        vote.show()
        assert "begint op" in vote.said.text()  # on opening
        QTest.keyClicks(vote.code, codes[0])
        qtbot.mouseClick(vote.cast_button, Qt.MouseButton.LeftButton)
        assert "begint op" in vote.said.text() and not vote.confirm_button.isVisible()
    assert not sum(cons.consultation(register, c.id).codes_used.values())  # no code used
    register.close()
