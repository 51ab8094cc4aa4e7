"""Who is at the window: signing in, locking after inactivity or by hand, handing over to
the kiosk (ui.kiosk) when the kiosk role signs in, people and PINs.

Who may see and do what is the core's (regiegroep.trust.access, regiegroep.trust.people); this part
only shows the page that fits the session the core reports.
"""

from __future__ import annotations

from types import SimpleNamespace

# QEvent and QKeySequence (large enums, made on first use) are read from their module when
# the lock key is first pressed, not when the window starts (benchmarks/startup.py).
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from regiegroep import i18n
from regiegroep.trust.access import role_label
from regiegroep.i18n import _
from ui import settings


class LockKey(QObject):
    """The lock's key (File › Lock, Ctrl+L) works with a dialog open too: Qt gives a
    window's shortcuts nothing while a modal dialog is in front, and a volunteer who steps
    away from a half-typed form is just who the lock is for. The kiosk has no such key."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.KeyPress or event.isAutoRepeat():
            return False
        modal = QApplication.activeModalWidget()
        action = getattr(self.window.menus, "lock_action", None)  # made when first shown
        if modal is None or modal is self.window or action is None \
                or self.window.session.kiosk_window is not None:
            return False
        pressed = QtGui.QKeySequence(event.keyCombination())
        if pressed.matches(action.shortcut()) != QtGui.QKeySequence.SequenceMatch.ExactMatch:
            return False
        QTimer.singleShot(0, self.window.session.lock)  # after the dialog's own key handling
        return True


class WindowSession:
    """Who is at the window (the window's ``session`` part): the sign-in page, the lock, the kiosk
    handed over to, people and PINs."""

    def __init__(self, window) -> None:
        self.window = window
        self.sign_in_page = self.kiosk_page = None  # made when first needed
        self.watch = None  # the inactivity watch, once someone has signed in
        self.lock_key = None
        self.kiosk_window = None  # the kiosk (ui.kiosk) while the kiosk role is signed in
        self.last_person = ""  # who signed in last: their undo history is theirs
        self.drafts: dict = {}  # form -> (person, what was typed) when the app locked

    def ask_sign_in(self, locked: bool = False, voting: bool = False) -> None:
        from ui.sign_in import SignInPage

        if self.sign_in_page is None:
            self.sign_in_page = SignInPage()
            self.sign_in_page.signed_in.connect(self.signed_in)
            # Menus and the rest after the page is on screen, then get ready for the
            # register while the volunteer types (benchmarks/startup.py).
            self.sign_in_page.painted.connect(self.window.chrome_timer.start)
            self.sign_in_page.painted.connect(lambda: QTimer.singleShot(0, self._warm_up))
            self.window.pages.addWidget(self.sign_in_page)
        self._hide_register()
        self.window.user_label.setText(_("Nobody signed in"))
        if self.window.chrome_built:
            self.window.menuBar().setVisible(True)
        self.window.set_toolbars_visible(False)
        self.window.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.show_for(self.window.register, self.window.register.path.name, locked,
                                   voting)
        if self.watch is not None:
            self.watch.stop()
        self.window.menus.update()

    def _hide_register(self) -> None:
        """Nothing of the register in the window: no rows, no detail, no counts."""
        self.window.model.set_register(None)
        self.window.detail.clear()
        self.window.count_label.setText("")
        self.window.deadline_label.setText("")
        self.window.statusBar().clearMessage()  # "Letter for application 21 saved" is the register's

    def _warm_up(self) -> None:
        """What the first rows need, loaded while the sign-in page waits: the amounts' and
        dates' locale data, the detail view, the file's first pages. Nothing is shown."""
        import datetime
        import importlib

        importlib.import_module("ui.detail")
        i18n.format_money(0)
        i18n.format_short_date(datetime.date.today())
        i18n.format_datetime(datetime.datetime.now())
        if self.window.register is not None:
            self.window.register.warm_up()
            self.window.register.db  # signing in is written down: sqlite-utils, ready  # noqa: B018

    def signed_in(self) -> None:
        session = self.window.register.session
        if session.name != self.last_person:
            self.window.undo_stack.clear()  # nobody undoes what someone else did
            self.drafts.clear()  # nor gets back what someone else was typing
            if self.window.chrome_built and self.window.filters.search.text():  # nor sees what they searched
                self.window.filters.search.blockSignals(True)
                self.window.filters.search.clear()
                self.window.filters.search.blockSignals(False)
                self.window.model.set_filter(self.window.filters.current_filter())  # no register shown: cheap
        self.last_person = session.name
        self.window.user_label.setText(_("Signed in: {name} ({role})").format(
            name=session.name, role=role_label(session.role)))
        self._watch().start()
        self.window.show_register()
        if self.drafts:
            self.window.statusBar().showMessage(_(
                "What you were typing when the app locked is kept: open the form again and "
                "it is back."), 15000)
        if self.window.pages.currentWidget() is self.window.splitter:
            # Counting the terms reads the whole register: after the rows are on screen.
            self.window.table.after_rows(self.window.filters.show_deadline_counts)

    def _watch(self):
        from ui.sign_in import DEFAULT_LOCK_MINUTES, InactivityWatch

        if self.watch is None:
            self.watch = InactivityWatch(self.window, settings.lock_minutes(DEFAULT_LOCK_MINUTES))
            self.watch.idle.connect(lambda: self.lock(idle=True))
            QApplication.instance().installEventFilter(self.watch)
            self.lock_key = LockKey(self.window)
            QApplication.instance().installEventFilter(self.lock_key)
        return self.watch

    def show_kiosk(self) -> None:
        """The kiosk role signed in: the window hands over to the kiosk (ui.kiosk), full
        screen and locked, until a steering-group member leaves it with their PIN. This
        window keeps an empty page meanwhile, with nothing of the register on it."""
        from ui.kiosk.window import KioskWindow

        if self.kiosk_page is None:
            self.kiosk_page = QtWidgets.QWidget()
            self.window.pages.addWidget(self.kiosk_page)
        self._hide_register()
        self.window.menuBar().setVisible(False)
        self.window.set_toolbars_visible(False)
        self.window.pages.setCurrentWidget(self.kiosk_page)
        self.window.chrome_timer.start()  # its actions, with the menu bar hidden: all disabled
        self.window.schedule_check()
        self.window.menus.update()
        if self.kiosk_window is not None and not self.kiosk_window.leaving:
            self.kiosk_window.reset()
            return
        if self.watch is not None:
            self.watch.stop()  # the kiosk wipes itself when left alone
        self.kiosk_window = KioskWindow(self.window.register)
        # A window of its own, closed with this one (and its key guard with it).
        self.kiosk_window.setParent(self.window, self.kiosk_window.windowFlags())
        self.kiosk_window.screens["exit"].left.connect(self._kiosk_left)
        self.window.hide()
        self.kiosk_window.cover_screen()

    def end_kiosk(self) -> None:
        """The window closes (the app quits): the kiosk, with its key guard, goes with it."""
        if self.kiosk_window is not None:
            self.kiosk_window._left()
            self.kiosk_window.deleteLater()
            self.kiosk_window = None

    def _kiosk_left(self) -> None:
        """A steering-group member left the kiosk with their PIN: the window is theirs."""
        self.kiosk_window.deleteLater()
        self.kiosk_window = None
        self.window.show()
        self.signed_in()

    def _close_dialogs(self) -> None:
        """Close every open dialog, the innermost first: what is on screen may show a
        resident's details. The check's answers are kept by the register."""
        from ui.widgets import FormDialog

        def close(dialog) -> None:
            if isinstance(dialog, FormDialog):  # never asks; keeps a draft for the same person
                dialog.close_for_lock()
                key = getattr(dialog, "draft_key", None)
                if dialog.draft is not None and key is not None:
                    self.drafts[key] = (self.last_person, dialog.draft)
            elif isinstance(dialog, QtWidgets.QDialog):
                dialog.reject()
            else:
                dialog.close()

        for _attempt in range(50):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self.window:
                break
            close(modal)
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and isinstance(widget, QtWidgets.QDialog):
                close(widget)

    def lock(self, idle: bool = False) -> None:
        """Lock now (File › Lock), or after inactivity: nothing of the register stays on
        screen until someone signs in. The kiosk, idle, only goes back to its first page,
        so that the next resident does not see what the last one typed."""
        if self.window.register is None or not self.window.register.requires_sign_in():
            return
        self._close_dialogs()
        if self.window.pages.currentWidget() is self.kiosk_page and self.kiosk_window is not None:
            self.kiosk_window.reset()  # the kiosk only goes back to its first page
            return
        self.window.register.sign_out()
        self.ask_sign_in(locked=idle)

    def hand_to_voters(self, consultation_id: int) -> None:
        """Residents vote on the laptop (issue 24): the register and every dialog go out of
        sight behind the sign-in page, as the lock hides them, with the vote screen over it;
        when that closes, the lock: a member signs in again."""
        from regiegroep.trust.access import Session
        from ui.consultations import VoteDialog

        self._close_dialogs()
        who = self.window.register.session.name
        self.window.register.sign_out()
        self.ask_sign_in(voting=True)
        # While residents vote the register may only take votes (the kiosk's rights):
        # nothing personal can be read, whatever the vote screen is asked.
        self.window.register.session = Session(who, "kiosk")
        dialog = VoteDialog(self.window.register, consultation_id, self.window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            self.window.register.sign_out()
            self.lock()

        dialog.finished.connect(done)
        dialog.open()  # modal, without an event loop of its own

    def manage_people(self) -> None:
        from ui.people_dialog import PeopleDialog

        if self.window.menus.people_action.isEnabled():
            PeopleDialog(self.window.register, self.window).exec()
            if self.window.register.requires_sign_in() and not self._watch().running:
                self._watch().start()  # the first PINs: from now on the window locks itself
            self.window.menus.update()

    def change_my_pin(self) -> None:
        from ui.people_dialog import PinDialog

        if not self.window.menus.my_pin_action.isEnabled():
            return
        # Everyone may change their own PIN; the list of people is the managers' to read.
        session = self.window.register.session
        me = SimpleNamespace(id=session.person_id, name=session.name)
        if PinDialog(self.window.register, me, self.window, own=True).exec():
            self.window.statusBar().showMessage(_("Your PIN is changed."), 5000)

    def choose_lock_minutes(self) -> None:
        from ui.sign_in import DEFAULT_LOCK_MINUTES

        current = int(round(self.watch.seconds / 60)) if self.watch else DEFAULT_LOCK_MINUTES
        minutes, ok = QtWidgets.QInputDialog.getInt(
            self.window, _("Lock after inactivity"),
            _("Lock Regiegroep when nobody has used it for this many minutes:"),
            current, 1, 120)
        if ok:
            settings.remember_lock_minutes(minutes)
            self._watch().set_minutes(minutes)
