"""What a resident stumbled over at the kiosk, walked through by touch: each test is one
thing seen on screen."""

from PySide6.QtCore import Qt

from .test_ui_kiosk import example, kiosk  # noqa: F401  (fixtures)


def test_a_mistyped_e_mail_address_is_said_at_its_own_question(qtbot, kiosk):  # noqa: F811
    qtbot.mouseClick(kiosk.screens["home"].findChildren(type(kiosk.home_button))[2],
                     Qt.MouseButton.LeftButton)
    apply = kiosk.screens["apply"]
    assert kiosk.current() == "apply"
    apply.index = [q.key for q in apply.questions()].index("email")
    apply.enter()
    apply.field.setText("jan bij voorbeeld.nl")
    qtbot.mouseClick(apply.next_button, Qt.MouseButton.LeftButton)
    assert apply.questions()[apply.index].key == "email"  # still here, to be put right
    assert "geen e-mailadres" in apply.error.text()
    apply.field.setText("jan@voorbeeld.nl")
    qtbot.mouseClick(apply.next_button, Qt.MouseButton.LeftButton)
    assert apply.questions()[apply.index].key == "title"


def test_the_privacy_statement_gets_the_room_of_the_screen(qtbot, kiosk):  # noqa: F811
    from PySide6.QtWidgets import QScrollArea

    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    apply.index = [q.key for q in apply.questions()].index("privacy")
    apply.enter()
    qtbot.wait(20)
    area = next(a for a in apply.findChildren(QScrollArea) if a.isVisible())
    assert area.height() > kiosk.height() / 2  # not a slot with the empty screen below
