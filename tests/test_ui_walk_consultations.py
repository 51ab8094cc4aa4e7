"""What a volunteer stumbled over on the consultation screens, walked through by hand:
each test is one thing seen on screen."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ui.consultations import MeetingDialog, PaperDialog, PlanDialog, VoteDialog

from .test_consultations import planned, referred_register


def _setup(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    return c, codes, members, ids


def test_the_door_button_says_what_it_does_in_dutch(qtbot, register):
    c, _codes, _members, _ids = _setup(register)
    meeting = MeetingDialog(register, c.id)
    qtbot.addWidget(meeting)
    texts = [b.text() for b in meeting.findChildren(QPushButton)]
    assert "Register" not in texts  # English (the noun's translation) in the Dutch app
    assert "Binnenlaten" in texts


def test_a_refused_code_at_the_door_is_replaced_by_the_next_one_typed(qtbot, register):
    c, codes, _members, _ids = _setup(register)
    meeting = MeetingDialog(register, c.id)
    qtbot.addWidget(meeting)
    meeting.show()
    for _ in range(2):  # the second time it is refused: already used
        qtbot.keyClicks(meeting.code, codes[0])
        qtbot.keyClick(meeting.code, Qt.Key.Key_Return)
    assert "al gebruikt" in meeting.said.text()  # Enter let in once, and said so
    qtbot.keyClicks(meeting.code, codes[1])  # the next attendee's code, typed straight away
    qtbot.keyClick(meeting.code, Qt.Key.Key_Return)
    assert meeting.said.text() == "Welkom: 2 aangemeld."


def test_the_second_member_is_another_member_at_first(qtbot, register):
    c, _codes, _members, _ids = _setup(register)
    meeting = MeetingDialog(register, c.id)
    qtbot.addWidget(meeting)
    assert meeting.second.currentData() != meeting.chair.currentData()


def test_a_long_message_is_shown_whole(qtbot, register):
    c, codes, _members, _ids = _setup(register)
    vote = VoteDialog(register, c.id)
    qtbot.addWidget(vote)
    vote.show()
    qtbot.waitExposed(vote)
    for _ in range(2):  # the second time: refused with a message of two lines
        qtbot.keyClicks(vote.code, codes[0])
        vote.cast()
        vote.confirm()
    qtbot.wait(10)
    said = vote.said
    assert "al gebruikt" in said.text()
    assert said.height() >= said.heightForWidth(said.width())


def test_the_referred_initiatives_are_readable_in_full_when_planning(qtbot, register):
    referred_register(register)
    plan = PlanDialog(register)
    qtbot.addWidget(plan)
    plan.show()
    qtbot.waitExposed(plan)
    for other in register.wijken():  # the neighbourhood with the waiting initiatives
        plan.wijk.setCurrentIndex(plan.wijk.findData(other.id))
        if plan.initiatives.count():
            break
    widest = plan.initiatives.sizeHintForColumn(0)
    assert plan.initiatives.count() and plan.initiatives.viewport().width() >= widest


def test_differing_paper_entries_say_how_to_settle_them(qtbot, register):
    c, codes, members, ids = _setup(register)
    paper = PaperDialog(register, c.id)
    qtbot.addWidget(paper)
    for member, choice in ((members[0], 1), (members[1], 2)):
        paper.member.setCurrentIndex(paper.member.findData(member))
        qtbot.keyClicks(paper.sheet, "1")
        qtbot.keyClicks(paper.code, codes[0])
        paper.boxes[ids[0]].setCurrentIndex(choice)
        paper.enter()
    assert "derde lid" in paper.said.text() and "nog eens" in paper.said.text()


def test_the_member_box_says_it_is_who_signs_off(qtbot, register):
    from PySide6.QtWidgets import QLabel

    from ui.consultation_list import ConsultationsDialog

    _setup(register)
    dialog = ConsultationsDialog(register)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Aftekenen als" in texts and "Lid" not in texts


def test_a_button_pressed_by_keyboard_keeps_the_focus(qtbot, register):
    """Count with Space, then Tab to Sign off: the window redraws its list after each action,
    which left the focus on "Sign off as" (all buttons off for a moment), so the next Space
    opened that list instead of signing off."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from regiegroep import consultations as cons
    from ui.consultation_list import ConsultationsDialog

    c, _codes, _members, _ids = _setup(register)
    cons.close_voting(register, c.id)
    dialog = ConsultationsDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.buttons["count"].setFocus()
    QTest.keyClick(dialog.buttons["count"], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Afgetekend door 0 van 2" in dialog.details.text())
    assert QApplication.focusWidget() is dialog.buttons["count"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.buttons["sign"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert "Afgetekend door 1 van 2" in dialog.details.text()
    assert QApplication.focusWidget() is dialog.buttons["sign"]
