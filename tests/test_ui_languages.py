"""Languages in the app: the group sees which translations await a native speaker's review
and confirms one in the app; with Arabic the window, Qt's own dialogs and the kiosk mirror."""

import shutil

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from regiegroep import demo, i18n
from regiegroep.kiosk import kiosk_packages
from regiegroep.register import Register
from regiegroep.translation_review import awaiting_review
from ui import app as app_module
from ui import language

from .test_ui import opened


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("languages") / "voorbeeld.sqlite"
    demo.write_demo(path, 40)
    return path


@pytest.fixture
def copy(example, tmp_path):
    path = tmp_path / "register.sqlite"
    shutil.copy(example, path)
    return path


@pytest.fixture
def dutch_again():
    yield
    app_module.apply_language(QApplication.instance(), "nl")
    for window in language.windows:
        window.close()
    language.windows.clear()


def switched(qtbot, w, code, path, person="Hasan Yıldız"):
    """View › Language › ``code``: the window is rebuilt in that language; it is shown on
    ``path`` again once someone signed in."""
    from .test_ui import sign_in

    w.menus.language_actions[code].trigger()
    window = language.windows[0]
    qtbot.addWidget(window)
    window.open_register(path, first_start_dialog=False)
    if window.pages.currentWidget() is window.session.sign_in_page:
        sign_in(qtbot, window, person)
    qtbot.waitUntil(lambda: window.chrome_built)
    return window


def answer_yes():
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.Yes).click()
        else:
            QTimer.singleShot(50, click)
    QTimer.singleShot(50, click)


def test_the_group_sees_the_mark_and_confirms_a_translation(qtbot, copy, dutch_again):
    w = opened(qtbot, copy)
    w.menus.language_menu.aboutToShow.emit()
    mark = i18n._("{language} (awaiting review)")
    assert w.menus.language_actions["tr"].text() == mark.format(language="Türkçe")
    assert w.menus.language_actions["nl"].text() == "Nederlands"  # reviewed: no mark
    assert not w.menus.confirm_translation_action.isVisible()  # Dutch is on screen: nothing to confirm

    # The member who reads Turkish switches to it, as a person does: View › Language › Türkçe.
    turkish = switched(qtbot, w, "tr", copy)
    assert i18n.current_language() == "tr"
    turkish.menus.language_menu.aboutToShow.emit()
    assert turkish.menus.confirm_translation_action.isVisible()
    answer_yes()
    turkish.menus.confirm_translation_action.trigger()
    turkish.menus.language_menu.aboutToShow.emit()
    assert turkish.menus.language_actions["tr"].text() == "Türkçe"
    assert "(" in turkish.menus.language_actions["ar"].text()  # Arabic still waits
    with Register.open(copy) as reg:
        assert not awaiting_review(reg, "tr") and awaiting_review(reg, "ar")
        entry = reg.conn.execute("SELECT actor, details FROM event WHERE action = 'translation_confirmed'"
                                 ).fetchone()
    assert entry is not None and entry[0] == "Hasan Yıldız" and '"tr"' in entry[1]


def test_arabic_mirrors_the_window_and_qts_own_dialogs(qtbot, copy, dutch_again):
    w = opened(qtbot, copy)
    arabic = switched(qtbot, w, "ar", copy)
    assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert arabic.isRightToLeft()
    assert arabic.menuBar().actions()[0].text() == i18n._("&File") == "&ملف"
    # Qt's own strings (standard buttons) come from its qtbase_ar catalog.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
    app_module.apply_language(QApplication.instance(), "nl")
    assert QApplication.instance().layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_kiosk_mirrors_in_arabic_and_shows_no_review_mark(qtbot, copy, dutch_again):
    from ui.kiosk.window import KioskWindow

    app_module.make_application()
    register = Register.open(copy)
    kiosk_packages.start_kiosk(register)
    window = KioskWindow(register, idle_seconds=600)
    qtbot.addWidget(window)
    window.show()
    try:
        names = [button.text() for button in window.languages.values()]
        assert names == list(i18n.LANGUAGES.values())  # residents see no mark
        qtbot.mouseClick(window.languages["ar"], Qt.MouseButton.LeftButton)
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.home_button.text() == i18n.catalog("ar").gettext("Start")
        qtbot.mouseClick(window.languages["pl"], Qt.MouseButton.LeftButton)
        assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        window.leaving = True
        QApplication.instance().removeEventFilter(window.guard)
        register.close()
        i18n.set_language("nl")


def test_the_language_chosen_at_the_kiosk_follows_the_application_to_its_letter(
        qtbot, copy, dutch_again, tmp_path):
    import datetime as dt

    from pypdf import PdfReader

    from regiegroep.deciding.decision import Decision, Kind
    from regiegroep.documents.letters import write_letter
    from ui.kiosk.window import KioskWindow

    from .test_languages import assert_drawn

    app_module.make_application()
    register = Register.open(copy)
    kiosk_packages.start_kiosk(register)
    window = KioskWindow(register, idle_seconds=600)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.mouseClick(window.languages["ar"], Qt.MouseButton.LeftButton)  # the resident's
        window.show_screen("apply")
        apply = window.screens["apply"]
        apply.answers.update({
            "kind": "resident", "name": "Ahmed Benali", "address": "Merelstraat 9",
            "postcode": "1507 AB", "phone": "06-11112222", "title": "Bankje bij de vijver",
            "description": "Een bankje.", "execution": "Wij plaatsen het.", "planning": "In mei.",
            "liveability": "Buren ontmoeten elkaar.", "cost_estimate": "450",
            "vouchers_requested": 1, "other_subsidy": False, "publish_name": False,
            "wijk": register.wijk_by_name("Poelenburg").id})
        apply.signature_png = b"\x89PNG\r\n\x1a\n"
        apply._hand_in()
        assert apply.reference, apply.error.text()
        register.session = register.session._replace(role=None)  # the group, at its laptop
        app = register.application_by_sequence(int(apply.reference))
        assert app.applicant.language == "ar"
        member = register.members()[0].id
        register.decide(app.id, Decision(kind=Kind.GRANTED, decided_on=dt.date.today(),
                                         members=(member,)))
        i18n.set_language("nl")
        pdf = write_letter(register, app.sequence, tmp_path / "letter.pdf")
    finally:
        window.leaving = True
        QApplication.instance().removeEventFilter(window.guard)
        register.close()
        i18n.set_language("nl")
    assert "Besluit: uw aanvraag wordt toegekend." in PdfReader(pdf).pages[0].extract_text()
    assert_drawn(pdf, "ar", "Decision: your application is granted.")
