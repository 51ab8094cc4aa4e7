"""Issue 21: every menu action and toolbar button, in every role, opens what it opens and is
closed again, with no exception and no bug dialog. Native file dialogs are answered through
the project's one file-dialog helper (ui.file_dialogs): cancelled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QWidget

from regiegroep import demo

from .test_ui import example, example_copy, opened, sign_in  # noqa: F401 (fixtures)

PEOPLE = ["Joke van der Meer", "Marieke Bakker", "Hasan Yıldız", "Priya Ramdin", None]


def _close_whatever_is_open(main) -> None:
    """What a person closes: the dialog in front (its own reject, so a question 'save the
    changes?' is answered too), any window the action opened beside the main window."""
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QMessageBox):
        modal.done(QMessageBox.StandardButton.No if modal.button(
            QMessageBox.StandardButton.No) else QMessageBox.StandardButton.Cancel)
    elif isinstance(modal, QDialog):
        QDialog.done(modal, QDialog.DialogCode.Rejected)
    elif modal is not None:
        modal.close()


def _actions_of(window) -> list:
    found = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())
            elif not action.isSeparator():
                found.append(action)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu())
    for bar in (window.menus.register_toolbar, window.filters.filter_toolbar):
        found += [a for a in bar.actions() if not a.isSeparator() and a not in found]
    return found


@pytest.mark.parametrize("person", PEOPLE, ids=["chair", "secretary", "member",
                                                "cash_manager", "nobody_signed_in"])
def test_every_menu_action_and_toolbar_button_opens_and_closes(qtbot, example_copy, person,
                                                               monkeypatch):
    from ui import file_dialogs, tasks

    bugs = []
    monkeypatch.setattr(tasks, "show_bug", lambda parent, details: bugs.append(details))
    monkeypatch.setattr(file_dialogs, "_run", lambda dialog: [])  # every file dialog: Cancel
    w = opened(qtbot, example_copy, person=person)
    if person is not None:
        w.table.selectRow(0)
    closer = QTimer(w, interval=30)
    closer.timeout.connect(lambda: _close_whatever_is_open(w))
    closer.start()
    tried = []
    # Quit ends the app, the example opens another register, Lock is tried at the end and
    # a language makes a new window: each has a test of its own.
    languages = [a for a in _actions_of(w) if a.isCheckable()]
    skip = {w.menus.quit_action, w.menus.example_action, w.menus.lock_action, *languages}
    for action in _actions_of(w):
        if action in skip or not action.isEnabled() or not action.isVisible():
            continue
        before = set(QApplication.topLevelWidgets())
        tried.append(action.text())
        action.trigger()
        qtbot.wait(10)
        for widget in set(QApplication.topLevelWidgets()) - before:
            if isinstance(widget, QWidget) and widget.isVisible() and widget is not w:
                widget.close()
        if w.pages.currentWidget() is w.session.sign_in_page and person is not None:
            sign_in(qtbot, w, person)  # an action that locked: sign in again
    closer.stop()
    assert bugs == []
    assert tried, "something was enabled"
    if person is not None:
        assert w.menus.lock_action.isEnabled()
        w.menus.lock_action.trigger()
        assert w.pages.currentWidget() is w.session.sign_in_page
        sign_in(qtbot, w, person, demo.PINS[person])
        assert w.pages.currentWidget() is w.splitter


def test_the_language_switch_keeps_the_search_and_the_application_in_sight(qtbot, example_copy):
    from ui import language

    w = opened(qtbot, example_copy)
    qtbot.keyClicks(w.filters.search, "straatfeest")
    qtbot.waitUntil(lambda: w.model.total < 500)
    w.table.selectRow(2)
    chosen = w.selected().id
    english = next(a for a in _actions_of(w) if a.isCheckable() and a.text().replace("&", "") == "English")
    english.trigger()
    new = language.windows[0]
    qtbot.addWidget(new)
    assert new is not w and new.filters.search.text() == "straatfeest"
    assert new.selected() is not None and new.selected().id == chosen
    new.switch_language("nl")
    qtbot.addWidget(language.windows[0])


def test_the_next_person_does_not_see_the_last_ones_search(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    qtbot.keyClicks(w.filters.search, "straatfeest")
    qtbot.waitUntil(lambda: w.model.total < 500)
    w.menus.lock_action.trigger()
    sign_in(qtbot, w, "Priya Ramdin")
    assert w.filters.search.text() == "" and w.model.total == 500


def test_switching_to_arabic_keeps_the_application_in_sight(qtbot, example_copy):
    """The walk switched to Arabic: no row was selected and the detail said there were no
    applications yet, beside 61 of them (right to left, the row was never selected)."""
    from ui import language

    w = opened(qtbot, example_copy)
    w.table.selectRow(2)
    chosen = w.selected().id
    w.switch_language("ar")
    new = language.windows[0]
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.detail.toPlainText() != "")
    assert new.selected() is not None and new.selected().id == chosen
    assert new.register.application(chosen).title in new.detail.toPlainText()
    new.switch_language("nl")
    qtbot.addWidget(language.windows[0])
