"""The kiosk as residents meet it (issue 24): every key they type arrives, every question
has the keyboard's focus, an application the group can act on, a review before handing
in, and the smaller things seen at the kiosk."""

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMenu

from regiegroep import consultations as cons
from regiegroep.i18n import format_money
from ui.kiosk.touch import Keyboard

from .kiosk_keys import kiosk_fingerprint
from .test_ui_kiosk import example, kiosk, shown_text, voting  # noqa: F401  (fixtures)

# Every printable character of the Dutch (US-International), Turkish Q and Polish
# (programmer's) keyboards: ASCII, and the letters typed with dead keys or AltGr.
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
DUTCH = "áàâäéèêëíìîïóòôöúùûüçñ€ĳÁÀÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜÇÑ'"
TURKISH = "çğıİöşüÇĞÖŞÜâî"
POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


def type_like_a_keyboard(widget, text: str) -> None:
    """QTest.keyClicks for what it can type (ASCII); the other letters as a keyboard
    layout sends them: the letter's key with its text, and AltGr (Ctrl+Alt on Windows)."""
    altgr = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            modifiers = altgr if ch in POLISH else Qt.KeyboardModifier.NoModifier
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key(ord(ch.upper()[0])), ch,
                               modifiers)


def test_every_key_of_three_keyboards_arrives_in_every_field(qtbot, voting):  # noqa: F811
    kiosk, _c, _codes, _ids = voting()
    typed = ASCII + DUTCH + TURKISH + POLISH
    vote = kiosk.screens["vote"]
    fields = {"code": vote.field}
    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.answers["kind"] = "resident"
    apply.index = [q.key for q in apply.questions()].index("name")
    apply.enter()
    apply.field.setMaxLength(10000)  # the name's own limit is another test's
    fields["name"] = apply.field
    for key, field in fields.items():
        if key == "code":
            kiosk.show_screen("vote")
            field = vote.field
            field.setMaxLength(10000)
        field.clear()
        type_like_a_keyboard(field, typed)
        assert field.text() == typed, key
    apply.index = [q.key for q in apply.questions()].index("description")
    kiosk.show_screen("apply")
    type_like_a_keyboard(apply.field, typed)
    assert apply.field.toPlainText() == typed
    kiosk.show_screen("exit")
    type_like_a_keyboard(kiosk.screens["exit"].name, "Willem Quist-de Wit, Ewa Nowak, Yıldız")
    assert kiosk.screens["exit"].name.text() == "Willem Quist-de Wit, Ewa Nowak, Yıldız"
    assert kiosk.isVisible()


def test_the_shortcuts_that_leave_are_still_eaten(qtbot, kiosk):  # noqa: F811
    from PySide6.QtGui import QKeyEvent

    from ui.kiosk.window import blocked

    for key, modifiers, text in (
            (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier, "\x11"),
            (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, "\x17"),
            (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier, ""),
            (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier, "\t"),
            (Qt.Key.Key_D, Qt.KeyboardModifier.MetaModifier, "d"),
            (Qt.Key.Key_Space, Qt.KeyboardModifier.AltModifier, " "),
            (Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier, ""),
            (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "\x1b")):
        assert blocked(QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)), (key, modifiers)
    for key, text in ((Qt.Key.Key_W, "w"), (Qt.Key.Key_Q, "Q")):
        assert not blocked(QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text))
    # Editing what was typed stays possible: Ctrl+A, Ctrl+Z, Ctrl+Backspace; the clipboard not.
    ctrl = Qt.KeyboardModifier.ControlModifier
    for key in (Qt.Key.Key_A, Qt.Key.Key_Z, Qt.Key.Key_Backspace):
        assert not blocked(QKeyEvent(QEvent.Type.KeyPress, key, ctrl, ""))
    for key in (Qt.Key.Key_C, Qt.Key.Key_V, Qt.Key.Key_X):
        assert blocked(QKeyEvent(QEvent.Type.KeyPress, key, ctrl, ""))
    kiosk.show_screen("exit")
    name = kiosk.screens["exit"].name
    QTest.keyClicks(name, "Zaandam")
    QTest.keyClick(name, Qt.Key.Key_A, ctrl)
    QTest.keyClicks(name, "Joke")  # over what was selected
    assert name.text() == "Joke"


def test_the_on_screen_keyboard_has_the_letters_of_residents_names(qtbot, kiosk):  # noqa: F811
    kiosk.show_screen("exit")
    keyboard = kiosk.screens["exit"].findChildren(Keyboard)[0]
    letters = {key.text() for key in keyboard.keys}
    assert set("éëïöüçğıİşłńóśźż'-") <= letters
    name = kiosk.screens["exit"].name
    name.setFocus()
    for letter in "yıldız":
        qtbot.mouseClick(next(k for k in keyboard.keys if k.text() == letter),
                         Qt.MouseButton.LeftButton)
    keyboard.shift.setChecked(True)
    assert "İ" in {key.text() for key in keyboard.keys}  # one character, not "i̇"
    assert "I" in {key.text() for key in keyboard.keys}  # ı's capital
    qtbot.mouseClick(next(k for k in keyboard.keys if k.text() == "Ł"), Qt.MouseButton.LeftButton)
    assert name.text() == "yıldızŁ"


def _next(qtbot, apply):
    qtbot.mouseClick(apply.next_button, Qt.MouseButton.LeftButton)
    qtbot.wait(5)  # the next screen is drawn and has taken the focus


def test_every_question_has_the_focus_and_needed_answers_are_asked_again(qtbot, kiosk):  # noqa: F811
    kiosk.activateWindow()
    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    answers = {"name": "Willem Quist-de Wit", "address": "Wilgenweg 7", "postcode": "1507 AB",
               "town": "Zaandam", "phone": "06-12345678", "email": "",
               "title": "Wadi in de Wilgenweg", "description": "Een wadi.",
               "execution": "Wij graven.", "planning": "In mei.",
               "liveability": "Minder wateroverlast.", "cost_estimate": "900",
               "vouchers_requested": "2"}
    seen = []
    for _step in range(40):
        question = apply.questions()[apply.index]
        if question.kind == "review":
            break
        if question.kind in ("choice", "yes_no"):
            buttons = [b for b in apply.findChildren(QAbstractButton) if b.isCheckable()
                       and b.isVisible() and b.text() not in ("Nederlands", "English",
                                                               "Toetsenbord", "⇧")]
            qtbot.mouseClick(buttons[-1 if question.kind == "yes_no" else 0],
                             Qt.MouseButton.LeftButton)
            _next(qtbot, apply)  # a tapped answer waits for Next
            continue
        if question.kind == "privacy":
            apply.consent.setChecked(True)
            _next(qtbot, apply)
            continue
        seen.append(question.key)
        # Typing straight away goes into the answer: the field has the focus.
        assert QApplication.focusWidget() is apply.field, question.key
        shown = shown_text(kiosk)
        assert ("Dit antwoord is nodig." in shown) == (question.key != "email"), question.key
        if question.key != "email":
            _next(qtbot, apply)  # empty: asked again, with the core's words
            assert apply.questions()[apply.index].key == question.key
            assert apply.error.text(), question.key
        if question.key == "phone":
            type_like_a_keyboard(QApplication.focusWidget(), "Zaandam")
            _next(qtbot, apply)
            assert "geen telefoonnummer" in apply.error.text()
            apply.field.clear()
        if question.key == "name":
            QApplication.focusWidget().setText("x" * 3000)
            assert len(apply.field.text()) <= 200  # a name, not a book
            apply.field.clear()
        type_like_a_keyboard(QApplication.focusWidget(), answers[question.key])
        _next(qtbot, apply)
    assert "town" in seen and "address" in seen and "phone" in seen
    # The review reads back every answer, each with a way back to it.
    assert apply.questions()[apply.index].kind == "review"
    shown = shown_text(kiosk)
    for key in ("name", "address", "postcode", "town", "phone", "title", "planning"):
        assert answers[key] in shown, key
    assert format_money(Decimal(900)) in shown
    change = apply.findChild(QAbstractButton, "change:town")
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    qtbot.wait(5)
    assert apply.questions()[apply.index].key == "town"
    assert QApplication.focusWidget() is apply.field and apply.field.text() == "Zaandam"
    apply.field.clear()
    type_like_a_keyboard(apply.field, "Koog aan de Zaan")
    QTest.keyClick(apply.field, Qt.Key.Key_Return)  # Enter goes on, back to the review
    qtbot.wait(5)
    assert apply.questions()[apply.index].kind == "review"
    assert "Koog aan de Zaan" in shown_text(kiosk)
    _next(qtbot, apply)
    assert apply.questions()[apply.index].kind == "signature"
    qtbot.mousePress(apply.pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.mouseMove(apply.pad, QPoint(120, 60))
    qtbot.mouseRelease(apply.pad, Qt.MouseButton.LeftButton, pos=QPoint(120, 60))
    _next(qtbot, apply)
    assert apply.reference
    register = kiosk.register
    register.session = register.session._replace(role=None)
    app = register.application_by_sequence(int(apply.reference))
    assert app.applicant.town == "Koog aan de Zaan" and app.applicant.phone == "06-12345678"
    assert app.title == "Wadi in de Wilgenweg" and app.vouchers_requested == 2
    assert app.status.value == "received"  # complete: the group can act on it
    # The receipt names how to reach the group.
    assert "Vragen? De regiegroep:" in shown_text(kiosk)


def test_the_privacy_text_shows_residents_no_command_line(qtbot, kiosk):  # noqa: F811
    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.index = [q.key for q in apply.questions()].index("privacy")
    apply.enter()
    shown = shown_text(kiosk)
    assert "maanden" in shown and "regiegroep privacy export" not in shown
    assert "Bestand ›" not in shown


def test_right_click_opens_no_menu(qtbot, kiosk):  # noqa: F811
    kiosk.show_screen("exit")
    name = kiosk.screens["exit"].name
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                              name.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(name, event)
    qtbot.wait(20)
    assert not [m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.isVisible()]


def test_done_brings_the_kiosks_own_language_back(qtbot, kiosk):  # noqa: F811
    from regiegroep import i18n

    kiosk.show_screen("vote")
    qtbot.mouseClick(kiosk.languages["en"], Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "en"
    qtbot.wait(5)
    done = next(b for b in kiosk.screens["vote"].findChildren(QAbstractButton)
                if b.text() == "Done" and b.isVisible())
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "nl" and kiosk.current() == "home"
    assert "Welkom" in shown_text(kiosk)


def test_a_name_without_its_accents_leaves_the_kiosk(qtbot, kiosk):  # noqa: F811
    register = kiosk.register
    chair = register.conn.execute("SELECT id FROM member WHERE role = 'chair'").fetchone()
    with register.write():
        register.conn.execute("UPDATE member SET name = 'Hasan Yıldız' WHERE id = ?", [chair[0]])
    kiosk.show_screen("exit")
    screen = kiosk.screens["exit"]
    screen.name.setText("hasan yildiz")
    screen.pin.setText("1111")
    screen.leave()
    assert register.session.name == "Hasan Yıldız" and register.session.role == "chair"


def test_a_code_goes_on_with_enter_and_an_old_refusal_goes(qtbot, voting):  # noqa: F811
    kiosk, _c, codes, _ids = voting()
    vote = kiosk.screens["vote"]
    vote.field.setFocus()
    type_like_a_keyboard(vote.field, "ABC")
    QTest.keyClick(vote.field, Qt.Key.Key_Return)
    assert vote.error.text()  # too short: said
    type_like_a_keyboard(vote.field, "D")
    assert vote.error.text() == ""  # typing again: the old refusal goes
    vote.field.clear()
    type_like_a_keyboard(vote.field, cons.shown(codes[0]))
    QTest.keyClick(vote.field, Qt.Key.Key_Return)
    assert vote.step == "choose"


def test_the_kiosk_stops_offering_a_consultation_whose_voting_ended(qtbot, voting):  # noqa: F811
    kiosk, c, codes, ids = voting()
    vote = kiosk.screens["vote"]
    assert vote.field is not None
    with cons.voting_on(c.ends_on + dt.timedelta(days=1)):
        kiosk.show_screen("vote")
        qtbot.wait(5)
        assert vote.field is None and "geen wijkraadpleging open" in shown_text(kiosk)
        assert kiosk.ballot.open_consultations() == []


def test_the_kiosk_covers_the_whole_screen(qtbot, kiosk):  # noqa: F811
    kiosk.showNormal()
    kiosk.resize(400, 432)
    kiosk.cover_screen()
    qtbot.wait(20)
    assert kiosk.geometry() == kiosk.screen().geometry()
    kiosk.resize(400, 432)  # someone or something shrank it: it takes the screen back
    kiosk._to_front()
    assert kiosk.geometry() == kiosk.screen().geometry()
    kiosk.front.stop()


@pytest.mark.parametrize("typed", ["Zaandam", "abc-def"])
def test_a_town_is_not_a_phone_number(typed):
    from regiegroep.applications import value_problems
    from regiegroep.model import Applicant, Application

    app = Application(received_at=dt.datetime(2026, 3, 2), wijk_id=1,
                      applicant=Applicant(name="A", phone=typed))
    assert "phone" in value_problems(app, {1})


def test_the_kiosk_pcs_reference_is_kept_on_the_application(qtbot, register, tmp_path):
    """Issue 24: the resident was told 'reference number 1'; the register showed application
    63, and application 1 was someone else's. At a kiosk PC of its own the receipt gives a
    kiosk reference, and the application carries it in its history once received."""
    from regiegroep.kiosk import kiosk_packages
    from regiegroep.cli import main
    from regiegroep.register import Register
    from ui.detail import detail_html
    from ui.kiosk.window import KioskWindow

    from .test_ui_kiosk import apply_by_touch

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
        window.show_screen("apply")
        apply_by_touch(qtbot, window, {
            "name": "Ewa Nowak", "address": "Wilgenweg 7", "postcode": "1507 AB",
            "phone": "06-12345678", "title": "Wadi", "description": "Een wadi.",
            "execution": "Wij graven.", "planning": "In mei.", "liveability": "Minder water.",
            "cost_estimate": "900", "vouchers_requested": "2"})
        reference = window.screens["apply"].reference
        assert reference == "K1" and "K1" in shown_text(window)
    finally:
        window._left()
        kiosk_register.close()
    sealed = tmp_path / "sealed.rgk"
    assert main(["kiosk", "collect", "--db", str(kiosk_path), "--out", str(sealed)]) == 0
    assert main(["kiosk", "receive", "--db", str(register.path), str(sealed),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk_path)]) == 0
    app = next(a for a in register.applications(__import__("regiegroep.applications.search").applications.search.Filter())
               if a.title == "Wadi")
    events = register.events(app.id)
    html = detail_html(app, register.attachments(app.id), events, [], [])
    assert "van de kiosk ontvangen" in html and "K1" in html
