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

    w.language_actions[code].trigger()
    window = language.windows[0]
    qtbot.addWidget(window)
    window.open_register(path, first_start_dialog=False)
    if window.pages.currentWidget() is window.sign_in_page:
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
    w.language_menu.aboutToShow.emit()
    mark = i18n._("{language} (awaiting review)")
    assert w.language_actions["tr"].text() == mark.format(language="Türkçe")
    assert w.language_actions["nl"].text() == "Nederlands"  # reviewed: no mark
    assert not w.confirm_translation_action.isVisible()  # Dutch is on screen: nothing to confirm

    # The member who reads Turkish switches to it, as a person does: View › Language › Türkçe.
    turkish = switched(qtbot, w, "tr", copy)
    assert i18n.current_language() == "tr"
    turkish.language_menu.aboutToShow.emit()
    assert turkish.confirm_translation_action.isVisible()
    answer_yes()
    turkish.confirm_translation_action.trigger()
    turkish.language_menu.aboutToShow.emit()
    assert turkish.language_actions["tr"].text() == "Türkçe"
    assert "(" in turkish.language_actions["ar"].text()  # Arabic still waits
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
