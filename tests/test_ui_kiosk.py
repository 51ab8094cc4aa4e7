"""The kiosk: locked full screen, wiped when left alone, nothing personal on any screen, left
only with a steering-group member's PIN; applying by touch with a drawn signature; voting
in a running consultation of the real core, by majority and by budget."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton)

from regiegroep import demo
from regiegroep.kiosk import kiosk_packages
from regiegroep.vouchers import serials
from regiegroep.i18n import format_money
from regiegroep.applications.search import Filter
from regiegroep.register import Register
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
    window._left()  # its keys guard the kiosk only; its timers stop with it
    register.close()


def _held(kiosk):
    """The register as whoever holds the file reads it: the kiosk itself may not read the
    ballots or the count (regiegroep.trust.access), the test looks from outside."""
    from regiegroep.register import Register

    held = Register(kiosk.register.conn, kiosk.register.path)
    return held


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
    wrong_pin = exit_screen.message.text()
    assert "pincode horen niet bij een lid" in wrong_pin
    exit_screen.name.setText("Niemand Bestaat")
    exit_screen.pin.setText("9999")
    exit_screen.leave()  # a name nobody has: told as a wrong PIN is, who exists stays unsaid
    assert exit_screen.message.text() == wrong_pin
    exit_screen.pin.setText("8888")  # the cash manager's: not the steering group's
    exit_screen.name.setText("Priya Ramdin")
    exit_screen.leave()
    assert kiosk.isVisible() and kiosk.register.session.role == "kiosk"
    exit_screen.name.setText("Joke van der Meer")
    exit_screen.pin.setText("1111")
    exit_screen.leave()
    assert not kiosk.isVisible() and kiosk.register.session.role == "chair"


def test_left_in_arabic_the_window_gets_its_own_language_back(qtbot, kiosk):
    """The walk: a member who left the kiosk after a resident chose Arabic got a register
    half in Arabic, its dates garbled."""
    from regiegroep import i18n

    kiosk.idle_seconds = 600  # not wiped (and back in Dutch) while the corner is held
    kiosk.touched()
    kiosk.set_language("ar")
    qtbot.mousePress(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: kiosk.current() == "exit", timeout=5000)
    qtbot.mouseRelease(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    exit_screen = kiosk.screens["exit"]
    qtbot.keyClicks(exit_screen.name, "Joke van der Meer")
    qtbot.keyClicks(exit_screen.pin, "1111")
    qtbot.keyClick(exit_screen.pin, Qt.Key.Key_Return)
    assert not kiosk.isVisible() and kiosk.register.session.role == "chair"
    assert i18n.current_language() == "nl"  # was "ar"
    assert i18n.format_date(__import__("datetime").date(2025, 1, 13)) == "13 januari 2025"


def test_the_keyboard_keeps_its_order_in_arabic(qtbot, kiosk):
    """A Latin keyboard mirrored put "1" and "q" on the right (the walk)."""
    kiosk.set_language("ar")
    kiosk.show_screen("exit")
    qtbot.wait(20)
    keys = {k.text(): k for k in kiosk.screens["exit"].findChildren(QPushButton)
            if k.text() in ("1", "2", "q", "w")}

    def x(key):
        return keys[key].mapTo(kiosk, QPoint(0, 0)).x()

    assert kiosk.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert x("1") < x("2") and x("q") < x("w")


def test_a_short_press_in_the_corner_does_nothing(qtbot, kiosk):
    qtbot.mouseClick(kiosk.corner, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert kiosk.current() == "home"


def apply_by_touch(qtbot, kiosk, answers) -> str:
    """Hand in an application by touch, one question per screen; returns what the privacy
    screen showed."""
    apply = kiosk.screens["apply"]
    privacy_text = ""
    for _step in range(40):
        question = apply.questions()[apply.index]
        qtbot.wait(1)  # the screen drawn for this question is on screen
        if question.kind in ("choice", "yes_no"):
            buttons = [b for b in apply.findChildren(QAbstractButton) if b.isCheckable()
                       and b.isVisible() and b.text() not in ("Nederlands", "English",
                                                               "Toetsenbord", "⇧")]
            assert buttons, (question.key, [b.text() for b in apply.findChildren(QAbstractButton)])
            qtbot.mouseClick(buttons[-1 if question.kind == "yes_no" else 0],
                             Qt.MouseButton.LeftButton)  # chosen; Next goes on, below
        if question.kind in ("line", "long", "amount", "number"):
            text = answers.get(question.key, "Zaandam" if question.key == "town" else "")
            if question.kind == "long":
                apply.field.setPlainText(text)
            else:
                apply.field.setFocus()
                apply.field.setText(text)
        elif question.kind == "privacy":
            privacy_text = shown_text(kiosk)
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
    return privacy_text


def test_applying_by_touch_with_a_drawn_signature(qtbot, kiosk):
    before = {a.sequence for a in []}
    qtbot.mouseClick(kiosk.screens["home"].findChildren(QAbstractButton)[2],
                     Qt.MouseButton.LeftButton)
    apply = kiosk.screens["apply"]
    assert kiosk.current() == "apply"
    answers = {"name": "Sanne de Wit", "address": "Merelstraat 9", "postcode": "1507 AB",
               "town": "Zaandam",
               "phone": "06-11112222", "title": "Bankje bij de vijver",
               "description": "Een bankje.", "execution": "Wij plaatsen het.",
               "planning": "In mei.", "liveability": "Buren ontmoeten elkaar.",
               "cost_estimate": "450", "vouchers_requested": "1"}
    apply_by_touch(qtbot, kiosk, answers)
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


def _on_screen(kiosk, button) -> bool:
    """Whether ``button`` is drawn inside the window's 1366x768, not below its edge."""
    bottom = button.mapTo(kiosk, button.rect().bottomLeft()).y()
    return button.isVisible() and bottom <= 768 and kiosk.height() <= 768


@pytest.mark.parametrize("index", [2, 3, 6])  # a name, an address, a long answer
def test_with_the_screens_keyboard_back_and_next_stay_on_a_1366x768_screen(qtbot, kiosk,
                                                                          index):
    """The walk saw the keyboard push Back, Keyboard and Next below the screen's edge
    (the window grew to 1366x859): a touch user could neither go on nor close it."""
    from ui.kiosk.touch import Keyboard

    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.answers["kind"] = "resident"
    apply.index = index
    apply.show_keyboard = True
    apply.enter()
    qtbot.wait(50)
    assert apply.findChildren(Keyboard) and apply.field is not None
    assert _on_screen(kiosk, apply.next_button), kiosk.height()


def test_the_exit_screen_fits_and_enter_in_the_pin_leaves(qtbot, kiosk):
    kiosk.show_screen("exit")
    exit_screen = kiosk.screens["exit"]
    qtbot.wait(50)
    buttons = [b for b in exit_screen.findChildren(QPushButton)
               if b.text() in ("De kiosk verlaten", "Terug naar de kiosk")]
    assert len(buttons) == 2 and all(_on_screen(kiosk, b) for b in buttons)
    with qtbot.waitSignal(exit_screen.left, timeout=5000):
        qtbot.keyClicks(exit_screen.name, "Ewa Nowak")
        qtbot.keyClick(exit_screen.name, Qt.Key.Key_Return)
        qtbot.keyClicks(exit_screen.pin, "7777")
        qtbot.keyClick(exit_screen.pin, Qt.Key.Key_Return)


@pytest.fixture
def voting(qtbot, register):
    """A kiosk window on a register whose consultation is running, with its codes."""
    from .test_consultations import planned, referred_register

    register.add_member("Kiosk buurthuis", "kiosk")

    def open_kiosk(costs=("12000", "15000", "20000"), **changes):
        wijk, _members, ids = referred_register(register, costs)
        c, codes = planned(register, wijk, ids, **changes)
        kiosk_packages.start_kiosk(register)
        window = KioskWindow(register, idle_seconds=600)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        window.show_screen("vote")
        return window, c, codes, ids

    yield open_kiosk
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, KioskWindow):
            widget._left()


def touch(qtbot, vote, name):
    qtbot.wait(1)  # the screen just drawn is on screen
    button = vote.findChild(QAbstractButton, name)
    assert button is not None and button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_voting_with_the_code_from_the_letter(qtbot, voting):
    from regiegroep.consultations import consultation_results
    from regiegroep import consultations

    kiosk, c, codes, ids = voting()
    vote = kiosk.screens["vote"]
    assert [i["title"] for i in consultations.open_now(kiosk.register)[0]["initiatives"]] == \
        ["Speeltuin 0", "Speeltuin 1", "Speeltuin 2"]
    code = codes[0]
    wrong = code[:-1] + next(ch for ch in serials.ALPHABET if ch != code[-1])
    vote.field.setText(serials.format_serial(wrong))
    vote.check_code()
    assert vote.step == "code" and "klopt niet" in vote.error.text()
    assert consultations.consultation(kiosk.register, c.id).codes_used == {}  # nothing sent
    vote.field.setText(serials.format_serial(code))
    vote.check_code()
    assert vote.step == "choose" and vote.field is None
    touch(qtbot, vote, f"{ids[0]}:for")
    touch(qtbot, vote, f"{ids[1]}:against")
    qtbot.mouseClick(vote.next_button, Qt.MouseButton.LeftButton)
    assert vote.step == "choose" and "Speeltuin 2" in vote.error.text()  # one not answered
    touch(qtbot, vote, f"{ids[2]}:abstain")
    qtbot.mouseClick(vote.next_button, Qt.MouseButton.LeftButton)
    assert vote.step == "confirm" and "Speeltuin 1: Ik ben tegen" in shown_text(kiosk)
    assert consultations.ballots(_held(kiosk), c.id) == []  # not before it is confirmed
    qtbot.mouseClick(next(b for b in vote.findChildren(QAbstractButton)
                          if b.text() == "Mijn stem bevestigen"), Qt.MouseButton.LeftButton)
    assert vote.step == "done" and "geteld" in shown_text(kiosk)
    counted = {i["application_id"]: (i["for"], i["against"])
               for i in consultation_results.count(_held(kiosk), c.id)["items"]}
    assert counted == {ids[0]: (1, 0), ids[1]: (0, 1), ids[2]: (0, 0)}
    for text in (code, serials.format_serial(code)):
        assert text not in shown_text(kiosk)
    assert vote.code == ""
    # The same code again: the core refuses it, in its own words, on the screen.
    kiosk.reset()
    kiosk.show_screen("vote")
    vote.field.setText(code)
    vote.check_code()
    touch(qtbot, vote, f"{ids[0]}:against")
    touch(qtbot, vote, f"{ids[1]}:against")
    touch(qtbot, vote, f"{ids[2]}:against")
    qtbot.mouseClick(vote.next_button, Qt.MouseButton.LeftButton)
    vote.confirm()
    assert vote.step == "code" and "al gebruikt" in vote.error.text()
    assert len(consultations.ballots(_held(kiosk), c.id)) == 1
    assert code not in shown_text(kiosk) and serials.format_serial(code) not in shown_text(kiosk)


def test_residents_vote_one_after_another_with_a_keyboard_alone(qtbot, voting):
    """From the first screen to the thank-you and back, twice, with Tab, arrows, Space and
    Enter only: each screen puts the keyboard on its first control (before, the choices
    and the confirmation left it on Start, and after a vote it was wherever the wiped vote
    screen had put it)."""
    from regiegroep.consultations import consultation_results

    kiosk, c, codes, ids = voting()
    kiosk.activateWindow()
    qtbot.waitUntil(kiosk.isActiveWindow)

    def press(*keys):
        for key in keys:
            QTest.keyClick(QApplication.focusWidget(), key)
            qtbot.wait(5)

    kiosk.screens["vote"].wipe()  # a vote screen wiped while out of sight, as after a vote
    kiosk.reset()
    for code, (first, second, third) in ((codes[0], (0, 1, 2)), (codes[1], (1, 1, 0))):
        home = kiosk.screens["home"]
        assert kiosk.current() == "home"
        qtbot.waitUntil(lambda: home.isAncestorOf(QApplication.focusWidget()), timeout=2000)
        press(*[Qt.Key.Key_Tab] * 3, Qt.Key.Key_Space)  # the fourth: vote with the code
        assert kiosk.current() == "vote"
        qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.screens["vote"].field)
        QTest.keyClicks(QApplication.focusWidget(), serials.format_serial(code))
        press(Qt.Key.Key_Return)
        vote = kiosk.screens["vote"]
        assert vote.step == "choose"
        for row, right in enumerate((first, second, third)):
            if row:
                press(Qt.Key.Key_Tab)  # the next initiative's buttons: one group
            press(*[Qt.Key.Key_Right] * right, Qt.Key.Key_Space)
        press(Qt.Key.Key_Tab, Qt.Key.Key_Space)  # Next
        assert vote.step == "confirm"
        press(Qt.Key.Key_Space)  # Confirm my vote: the first control
        assert vote.step == "done"
        press(Qt.Key.Key_Space)  # Done
    counted = {i["application_id"]: (i["for"], i["against"],
                                     sum(v["abstain"] for v in i["votes"].values()))
               for i in consultation_results.count(_held(kiosk), c.id)["items"]}
    assert counted == {ids[0]: (1, 1, 0), ids[1]: (0, 2, 0), ids[2]: (1, 0, 1)}


def test_a_budget_vote_ticks_initiatives_up_to_what_is_left(qtbot, voting):
    from regiegroep.consultations import consultation_results
    from regiegroep import consultations

    kiosk, c, codes, ids = voting(("150000", "100000", "90000"), rule="budget", tie="earlier")
    vote = kiosk.screens["vote"]
    assert consultations.open_now(kiosk.register)[0]["rule"] == "budget"
    vote.field.setText(codes[1])
    vote.check_code()
    budget = c.budget
    qtbot.wait(1)
    assert vote.left() == budget and vote.left_label.isVisible()
    costs = {ids[0]: Decimal("150000"), ids[1]: Decimal("100000"), ids[2]: Decimal("90000")}
    order = sorted(ids, key=lambda i: costs[i])
    chosen = []
    for app_id in order:
        qtbot.mouseClick(vote.ticks[app_id], Qt.MouseButton.LeftButton)
        if sum(costs[i] for i in chosen) + costs[app_id] <= budget:
            chosen.append(app_id)
            assert vote.ticks[app_id].isChecked()
        else:  # more than is left: not ticked, and the screen says why
            assert not vote.ticks[app_id].isChecked() and vote.error.text()
    assert len(chosen) == 2 and vote.left() == budget - sum(costs[i] for i in chosen)
    assert format_money(vote.left()) in vote.left_label.text()
    qtbot.mouseClick(vote.next_button, Qt.MouseButton.LeftButton)
    vote.confirm()
    assert vote.step == "done"
    fors = {i["application_id"]: i["for"]
            for i in consultation_results.count(_held(kiosk), c.id)["items"]}
    assert fors == {i: int(i in chosen) for i in ids}



def test_voting_on_a_kiosk_register_of_its_own(qtbot, register, tmp_path):
    """Set-up (b): the vote screen on a kiosk register takes a code once and keeps the vote
    sealed; a second time it refuses the code in the laptop's words."""
    from regiegroep import consultations
    from regiegroep.cli import main

    from .test_consultations import planned, referred_register

    wijk, _members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    package, kiosk_path = tmp_path / "public.json", tmp_path / "kiosk.sqlite"
    assert main(["kiosk", "prepare", "--db", str(register.path), "--out", str(package)]) == 0
    assert main(["kiosk", "load", "--db", str(kiosk_path), str(package)]) == 0
    kiosk_register = Register.open(kiosk_path)
    kiosk_packages.start_kiosk(kiosk_register)
    window = KioskWindow(kiosk_register, idle_seconds=600)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    try:
        for attempt in range(2):
            window.reset()
            window.show_screen("vote")
            vote = window.screens["vote"]
            vote.field.setText(serials.format_serial(codes[0]))
            vote.check_code()
            for app_id, choice in zip(ids, ("for", "against", "abstain")):
                touch(qtbot, vote, f"{app_id}:{choice}")
            qtbot.mouseClick(vote.next_button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(next(b for b in vote.findChildren(QAbstractButton)
                                  if b.text() == "Mijn stem bevestigen"),
                             Qt.MouseButton.LeftButton)
            if attempt == 0:
                # Counted only once the group receives it: the screen does not say "counted".
                assert vote.step == "done" and "Uw stem is binnen" in shown_text(window)
                assert "geteld" not in shown_text(window)
            else:
                assert vote.step == "code" and "al gebruikt" in vote.error.text()
            assert codes[0] not in shown_text(window)
        sealed = kiosk_register.conn.execute("SELECT count(*) FROM kiosk_ballot").fetchone()[0]
        assert sealed == 1
        assert consultations.ballots(register, c.id) == []  # counted only once received
    finally:
        window.leaving = True
        QApplication.instance().removeEventFilter(window.guard)
        kiosk_register.close()


@pytest.mark.parametrize("size", [(1366, 768), (720, 1280)])
def test_no_language_name_is_cut_off_on_a_wide_or_an_upright_screen(qtbot, kiosk, size):
    """A touch screen may stand upright: the languages then take rows of their own, each
    name whole, all of them inside the window."""
    kiosk.resize(*size)
    rows = 1 if size[0] > size[1] else 2
    qtbot.waitUntil(lambda: kiosk.width() == size[0]
                    and len({b.y() for b in kiosk.languages.values()}) == rows)
    for name, button in kiosk.languages.items():
        assert button.width() >= button.sizeHint().width(), (name, button.width())
        right = button.mapTo(kiosk, button.rect().topRight()).x()
        assert 0 <= button.mapTo(kiosk, button.rect().topLeft()).x() and right < kiosk.width()


def _answers(kiosk):
    """The answers on the screen: the checkable buttons that are not a language."""
    languages = set(kiosk.languages.values())
    return [b for b in kiosk.screens["apply"].findChildren(QAbstractButton)
            if b.isCheckable() and b.isVisible() and b not in languages]


def test_a_tapped_answer_is_lit_and_next_goes_on_to_the_next_question_only(qtbot, kiosk):
    """Tapping an answer went on by itself, so a resident's tap on Next right after it
    landed on the next question with a warning. Now the answer lights up and waits."""
    qtbot.mouseClick(kiosk.screens["home"].findChildren(QAbstractButton)[2],
                     Qt.MouseButton.LeftButton)
    apply = kiosk.screens["apply"]
    first = apply.questions()[0]
    assert first.kind == "choice"
    answers = _answers(kiosk)
    assert len(answers) >= 2 and not any(b.isChecked() for b in answers)
    qtbot.mouseClick(answers[0], Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert apply.questions()[apply.index].key == first.key  # still this question
    assert answers[0].isChecked() and not apply.error.text()
    qtbot.mouseClick(answers[1], Qt.MouseButton.LeftButton)  # a change of mind
    qtbot.mouseClick(answers[1], Qt.MouseButton.LeftButton)  # and a second tap keeps it
    assert [b.isChecked() for b in answers[:2]] == [False, True]
    qtbot.mouseClick(apply.next_button, Qt.MouseButton.LeftButton)
    qtbot.wait(5)
    assert apply.index == 1 and not apply.error.text()  # on, calmly, with no warning
    second = apply.questions()[1]
    back = next(b for b in apply.findChildren(QAbstractButton)
                if b.isVisible() and b.text() == "Terug")
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    qtbot.wait(5)
    answers = _answers(kiosk)
    assert apply.index == 0 and [b.isChecked() for b in answers[:2]] == [False, True]
    assert second.key != first.key
