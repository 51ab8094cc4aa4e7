"""The kiosk: locked full screen, wiped when left alone, nothing personal on any screen, left
only with a steering-group member's PIN; applying by touch with a drawn signature; voting
against a fake ballot while the consultations' core (issue 14) is not yet here."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit

from regiegroep import demo, kiosk_packages, serials
from regiegroep.register import Filter, Register
from ui.kiosk.window import KioskWindow

PEOPLE = {"names": [], "addresses": [], "phones": []}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("kiosk") / "voorbeeld.sqlite"
    demo.write_demo(path, 40)
    return path


@pytest.fixture
def kiosk(qtbot, example, tmp_path):
    import shutil

    path = tmp_path / "register.sqlite"
    shutil.copy(example, path)
    register = Register.open(path)
    personal = set()
    for app in register.applications(Filter()):
        a = app.applicant
        if not a.publish_name:
            personal.update(x for x in (a.name, a.contact_person) if x)
        personal.update(x for x in (a.address, a.phone, a.email) if x)
    personal.update(m.name for m in register.members())
    kiosk_packages.start_kiosk(register)
    window = KioskWindow(register, idle_seconds=1)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.personal = personal
    yield window
    window.leaving = True
    register.close()


def shown_text(window) -> str:
    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        texts.append(widget.text())
    for widget in window.findChildren(QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    return "\n".join(texts)


@pytest.mark.parametrize("key, modifiers", [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
])
def test_no_key_leaves_or_closes_the_kiosk(qtbot, kiosk, key, modifiers):
    kiosk.show_screen("apply")
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
        event = QKeyEvent(kind, key, modifiers)
        assert kiosk.guard.eventFilter(kiosk, event) is True  # eaten
        QApplication.sendEvent(kiosk, QKeyEvent(kind, key, modifiers))
    qtbot.keyClick(kiosk, key, modifiers)
    assert kiosk.isVisible() and kiosk.current() == "apply"


def test_the_window_managers_close_request_is_ignored(qtbot, kiosk):
    assert kiosk.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(kiosk, event)
    assert kiosk.isVisible()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_left_alone_the_kiosk_wipes_everything_and_goes_home(qtbot, kiosk):
    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.answers.update(kind="resident", name="Annelies Brouwer")
    apply.index = 3
    apply.enter()
    apply.field.setText("Merelstraat 9")
    kiosk.idle.stop()
    kiosk._count_down()
    assert kiosk.banner.isVisible()
    qtbot.waitUntil(lambda: kiosk.current() == "home", timeout=20000)
    assert apply.answers == {} and apply.index == 0
    for screen in kiosk.screens.values():
        kiosk.pages.setCurrentWidget(screen)
        screen.enter()
        assert all(not f.text() for f in screen.findChildren(QLineEdit))
        assert "Annelies" not in shown_text(kiosk) and "Merelstraat" not in shown_text(kiosk)


def test_no_screen_shows_anyones_personal_data(qtbot, kiosk):
    assert len(kiosk.personal) > 40
    for language in ("nl", "en"):
        kiosk.set_language(language)
        for name in kiosk.screens:
            kiosk.show_screen(name)
            text = shown_text(kiosk)
            found = [p for p in kiosk.personal if p in text]
            assert not found, (name, found)
    kiosk.show_screen("public")
    assert "€" in shown_text(kiosk)  # the grants are there, without names


def test_a_wrong_pin_does_not_leave_the_right_one_does(qtbot, kiosk):
    qtbot.mousePress(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: kiosk.current() == "exit", timeout=5000)
    qtbot.mouseRelease(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    exit_screen = kiosk.screens["exit"]
    exit_screen.name.setText("Joke van der Meer")
    exit_screen.pin.setText("9999")
    exit_screen.leave()
    assert kiosk.isVisible() and kiosk.register.session.role == "kiosk"
    assert "Onjuiste pincode" in exit_screen.message.text()
    exit_screen.pin.setText("8888")  # the cash manager's: not the steering group's
    exit_screen.name.setText("Priya Ramdin")
    exit_screen.leave()
    assert kiosk.isVisible() and kiosk.register.session.role == "kiosk"
    exit_screen.name.setText("Joke van der Meer")
    exit_screen.pin.setText("1111")
    exit_screen.leave()
    assert not kiosk.isVisible() and kiosk.register.session.role == "chair"


def test_a_short_press_in_the_corner_does_nothing(qtbot, kiosk):
    qtbot.mouseClick(kiosk.corner, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert kiosk.current() == "home"


def test_applying_by_touch_with_a_drawn_signature(qtbot, kiosk):
    before = {a.sequence for a in []}
    qtbot.mouseClick(kiosk.screens["home"].findChildren(QAbstractButton)[2],
                     Qt.MouseButton.LeftButton)
    apply = kiosk.screens["apply"]
    assert kiosk.current() == "apply"
    answers = {"name": "Sanne de Wit", "address": "Merelstraat 9", "postcode": "1507 AB",
               "phone": "06-11112222", "title": "Bankje bij de vijver",
               "description": "Een bankje.", "execution": "Wij plaatsen het.",
               "planning": "In mei.", "liveability": "Buren ontmoeten elkaar.",
               "cost_estimate": "450", "vouchers_requested": "1"}
    for _step in range(40):
        question = apply.questions()[apply.index]
        qtbot.wait(1)  # the screen drawn for this question is on screen
        if question.kind in ("choice", "yes_no"):
            buttons = [b for b in apply.findChildren(QAbstractButton) if b.isCheckable()
                       and b.isVisible() and b.text() not in ("Nederlands", "English",
                                                               "Toetsenbord", "⇧")]
            assert buttons, (question.key, [b.text() for b in apply.findChildren(QAbstractButton)])
            qtbot.mouseClick(buttons[-1 if question.kind == "yes_no" else 0],
                             Qt.MouseButton.LeftButton)
            continue
        if question.kind in ("line", "long", "amount", "number"):
            text = answers.get(question.key, "")
            if question.kind == "long":
                apply.field.setPlainText(text)
            else:
                apply.field.setFocus()
                for key in apply.findChildren(QAbstractButton):
                    pass
                apply.field.setText(text)
        elif question.kind == "privacy":
            apply.next()
            assert "vinkje" in apply.error.text()  # no consent, no application
            apply.consent.setChecked(True)
        elif question.kind == "signature":
            apply.next()
            assert apply.error.text()
            qtbot.mousePress(apply.pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
            qtbot.mouseMove(apply.pad, QPoint(120, 60))
            qtbot.mouseRelease(apply.pad, Qt.MouseButton.LeftButton, pos=QPoint(120, 60))
        qtbot.mouseClick(apply.next_button, Qt.MouseButton.LeftButton)
        if apply.reference:
            break
    assert apply.reference
    assert "Sanne" not in shown_text(kiosk) and apply.answers == {}
    register = kiosk.register
    register.session = register.session._replace(role=None)
    app = register.application_by_sequence(int(apply.reference))
    assert app.applicant.name == "Sanne de Wit" and app.signed and app.title == "Bankje bij de vijver"
    assert [a.kind for a in register.attachments(app.id)] == ["signed_form"]
    assert register.attachment_data(register.attachments(app.id)[0].id).startswith(b"\x89PNG")
    assert register.events(app.id)[0].actor == "Kiosk buurthuis"
    assert not before


def test_the_on_screen_keyboard_types_into_the_field(qtbot, kiosk):
    from ui.kiosk.touch import Keyboard

    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.answers["kind"] = "resident"
    apply.index = 2
    apply.show_keyboard = True
    apply.enter()
    apply.field.setFocus()
    keyboard = apply.findChildren(Keyboard)[0]
    for key in keyboard.keys:
        if key.text() in "ab":
            qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert apply.field.text() == "ab"


class FakeBallot:
    """The consultations' core is being built (issue 14): its cast_vote, faked."""

    def __init__(self):
        self.votes = []

    def open_consultations(self):
        return [{"id": 7, "title": "Wijkraadpleging Poelenburg",
                 "initiatives": [{"id": 1, "title": "Speeltuin"}, {"id": 2, "title": "Buurtcafé"}]}]

    def cast_vote(self, consultation_id, code, choices):
        self.votes.append((consultation_id, code, choices))


def test_voting_with_the_code_from_the_letter(qtbot, kiosk):
    import random

    ballot = FakeBallot()
    kiosk.ballot = kiosk.screens["vote"].ballot = ballot
    kiosk.show_screen("vote")
    vote = kiosk.screens["vote"]
    code = serials.new_serial(random.Random(3), 10)
    wrong = code[:-1] + next(c for c in serials.ALPHABET if c != code[-1])
    vote.field.setText(wrong)
    vote.check_code()
    assert vote.step == "code" and "niet goed" in vote.error.text() and not ballot.votes
    vote.field.setText(serials.format_serial(code))
    vote.check_code()
    assert vote.step == "choose"
    buttons = [b for b in vote.findChildren(QAbstractButton) if b.text() == "Buurtcafé"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert not ballot.votes  # not before it is confirmed
    vote.confirm()
    assert ballot.votes == [(7, code, [2])]
    assert code not in shown_text(kiosk) and serials.format_serial(code) not in shown_text(kiosk)
    assert vote.code == ""
