"""Locking with a half-typed form open: nothing is asked, nothing stays on screen, and the
same person gets back what they typed (issue 10, 3: the lock used to ask "Save changes?"
with the register on screen, and ended the app)."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .test_ui import example, example_copy, opened, sign_in  # noqa: F401 (fixtures)


def _type_then_lock(w, title: str, seen: list) -> None:
    def later():
        form = QApplication.activeModalWidget()
        seen.append(type(form).__name__)
        form.title.setText(title)
        w.session.lock(idle=True)
        seen.append(QApplication.activeModalWidget())  # nothing asked, nothing left open
    QTimer.singleShot(200, later)


def test_the_lock_closes_a_changed_form_without_asking_and_gives_it_back(qtbot, example_copy):
    w = opened(qtbot, example_copy, person="Marieke Bakker")
    seen = []
    _type_then_lock(w, "Half getypt: bankjes", seen)
    w.applications.new_application()
    assert seen == ["ApplicationForm", None]
    assert w.pages.currentWidget() is w.session.sign_in_page and w.model.rowCount() == 0
    # (Locked, nobody may count the register's rows: the file itself is counted.)
    count = w.register.conn.execute("SELECT count(*) FROM application").fetchone()[0]
    sign_in(qtbot, w, "Marieke Bakker")
    qtbot.waitUntil(lambda: w.pages.currentWidget() is not w.session.sign_in_page)
    assert w.register.count() == count  # nothing was registered behind her back

    back = []
    QTimer.singleShot(200, lambda: (back.append(QApplication.activeModalWidget().title.text()),
                                    QApplication.activeModalWidget().close_for_lock()))
    w.applications.new_application()
    assert back == ["Half getypt: bankjes"]


def test_someone_else_signing_in_does_not_get_the_draft(qtbot, example_copy):
    w = opened(qtbot, example_copy, person="Marieke Bakker")
    _type_then_lock(w, "Van Marieke", [])
    w.applications.new_application()
    sign_in(qtbot, w, "Hasan Yıldız")
    qtbot.waitUntil(lambda: w.pages.currentWidget() is not w.session.sign_in_page)
    back = []
    QTimer.singleShot(200, lambda: (back.append(QApplication.activeModalWidget().title.text()),
                                    QApplication.activeModalWidget().close_for_lock()))
    w.applications.new_application()
    assert back == [""]


def test_ctrl_l_locks_with_a_form_open(qtbot, example_copy):
    """The lock's key works while a dialog is in front (Qt keeps the window's shortcuts
    from it): the form closes without asking and the sign-in page is all that shows."""
    from PySide6.QtCore import Qt

    from ui.application_form import ApplicationForm

    w = opened(qtbot, example_copy, person="Marieke Bakker")
    seen = []
    # Should the lock fail, the form is closed all the same, so the test fails, not hangs;
    # stopped when the test ends (a later test's dialog is not this one's to close).
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: isinstance(QApplication.activeModalWidget(), ApplicationForm)
                          and QApplication.activeModalWidget().close_for_lock())

    def later():
        form = QApplication.activeModalWidget()
        seen.append(type(form).__name__)
        form.title.setText("Half getypt")
        qtbot.keyClick(form.title, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        QTimer.singleShot(100, lambda: seen.append(QApplication.activeModalWidget()))
        guard.start(2000)
    QTimer.singleShot(200, later)
    w.applications.new_application()
    qtbot.waitUntil(lambda: len(seen) == 2)
    guard.stop()
    assert seen == ["ApplicationForm", None]
    assert w.pages.currentWidget() is w.session.sign_in_page and w.model.rowCount() == 0
    assert w.register.session.role == "nobody"
