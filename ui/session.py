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
        action = getattr(self.window, "lock_action", None)  # the menus are made when shown
        if modal is None or modal is self.window or action is None \
                or self.window.kiosk_window is not None:
            return False
        pressed = QtGui.QKeySequence(event.keyCombination())
        if pressed.matches(action.shortcut()) != QtGui.QKeySequence.SequenceMatch.ExactMatch:
            return False
        QTimer.singleShot(0, self.window.lock)  # after the dialog's own key handling
        return True


class SessionRoom:
    """Signing in and locking in the main window (a part of ui.main_window.MainWindow)."""

    def _ask_sign_in(self, locked: bool = False) -> None:
        from ui.sign_in import SignInPage

        if self.sign_in_page is None:
            self.sign_in_page = SignInPage()
            self.sign_in_page.signed_in.connect(self._signed_in)
            # Menus and the rest after the page is on screen, then get ready for the
            # register while the volunteer types (benchmarks/startup.py).
            self.sign_in_page.painted.connect(self._chrome_timer.start)
            self.sign_in_page.painted.connect(lambda: QTimer.singleShot(0, self._warm_up))
            self.pages.addWidget(self.sign_in_page)
        self._hide_register()
        self.user_label.setText(_("Nobody signed in"))
        if self.chrome_built:
            self.menuBar().setVisible(True)
        self._set_toolbars_visible(False)
        self.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.show_for(self.register, self.register.path.name, locked)
        if self.watch is not None:
            self.watch.stop()
        self._update_actions()

    def _hide_register(self) -> None:
        """Nothing of the register in the window: no rows, no detail, no counts."""
        self.model.set_register(None)
        self.detail.clear()
        self.count_label.setText("")
        self.deadline_label.setText("")
        self.statusBar().clearMessage()  # "Letter for application 21 saved" is the register's

    def _warm_up(self) -> None:
        """What the first rows need, loaded while the sign-in page waits: the amounts' and
        dates' locale data, the detail view, the file's first pages. Nothing is shown."""
        import datetime
        import importlib

        importlib.import_module("ui.detail")
        i18n.format_money(0)
        i18n.format_short_date(datetime.date.today())
        i18n.format_datetime(datetime.datetime.now())
        if self.register is not None:
            self.register.warm_up()
            self.register.db  # signing in is written down: sqlite-utils, ready  # noqa: B018

    def _signed_in(self) -> None:
        session = self.register.session
        if session.name != self._last_person:
            self.undo_stack.clear()  # nobody undoes what someone else did
            self.drafts.clear()  # nor gets back what someone else was typing
            if self.chrome_built and self.search.text():  # nor sees what they searched
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self.model.set_filter(self.current_filter())  # no register shown: cheap
        self._last_person = session.name
        self.user_label.setText(_("Signed in: {name} ({role})").format(
            name=session.name, role=role_label(session.role)))
        self._watch().start()
        self._show_register()
        if self.drafts:
            self.statusBar().showMessage(_(
                "You were typing in a form when the app locked: open it again (Edit › New "
                "application, or Change application) and what you typed is back."), 15000)
        if self.pages.currentWidget() is self.splitter:
            # Counting the terms reads the whole register: after the rows are on screen.
            self.table.after_rows(self._show_deadline_counts)

    def _watch(self):
        from ui.sign_in import DEFAULT_LOCK_MINUTES, InactivityWatch

        if self.watch is None:
            self.watch = InactivityWatch(self, settings.lock_minutes(DEFAULT_LOCK_MINUTES))
            self.watch.idle.connect(lambda: self.lock(idle=True))
            QApplication.instance().installEventFilter(self.watch)
            self.lock_key = LockKey(self)
            QApplication.instance().installEventFilter(self.lock_key)
        return self.watch

    def _show_kiosk(self) -> None:
        """The kiosk role signed in: the window hands over to the kiosk (ui.kiosk), full
        screen and locked, until a steering-group member leaves it with their PIN. This
        window keeps an empty page meanwhile, with nothing of the register on it."""
        from ui.kiosk.window import KioskWindow

        if self.kiosk_page is None:
            self.kiosk_page = QtWidgets.QWidget()
            self.pages.addWidget(self.kiosk_page)
        self._hide_register()
        self.menuBar().setVisible(False)
        self._set_toolbars_visible(False)
        self.pages.setCurrentWidget(self.kiosk_page)
        self._chrome_timer.start()  # its actions, with the menu bar hidden: all disabled
        self._schedule_check()
        self._update_actions()
        if self.kiosk_window is not None and not self.kiosk_window.leaving:
            self.kiosk_window.reset()
            return
        if self.watch is not None:
            self.watch.stop()  # the kiosk wipes itself when left alone
        self.kiosk_window = KioskWindow(self.register)
        # A window of its own, closed with this one (and its key guard with it).
        self.kiosk_window.setParent(self, self.kiosk_window.windowFlags())
        self.kiosk_window.screens["exit"].left.connect(self._kiosk_left)
        self.hide()
        self.kiosk_window.cover_screen()

    def _end_kiosk(self) -> None:
        """The window closes (the app quits): the kiosk, with its key guard, goes with it."""
        if self.kiosk_window is not None:
            self.kiosk_window._left()
            self.kiosk_window.deleteLater()
            self.kiosk_window = None

    def _kiosk_left(self) -> None:
        """A steering-group member left the kiosk with their PIN: the window is theirs."""
        self.kiosk_window.deleteLater()
        self.kiosk_window = None
        self.show()
        self._signed_in()

    def _close_dialogs(self) -> None:
        """Close every open dialog, the innermost first: what is on screen may show a
        resident's details. The check's answers are kept by the register."""
        from ui.widgets import FormDialog

        def close(dialog) -> None:
            if isinstance(dialog, FormDialog):  # never asks; keeps a draft for the same person
                dialog.close_for_lock()
                key = getattr(dialog, "draft_key", None)
                if dialog.draft is not None and key is not None:
                    self.drafts[key] = (self._last_person, dialog.draft)
            elif isinstance(dialog, QtWidgets.QDialog):
                dialog.reject()
            else:
                dialog.close()

        for _attempt in range(50):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                break
            close(modal)
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and isinstance(widget, QtWidgets.QDialog):
                close(widget)

    def lock(self, idle: bool = False) -> None:
        """Lock now (File › Lock), or after inactivity: nothing of the register stays on
        screen until someone signs in. The kiosk, idle, only goes back to its first page,
        so that the next resident does not see what the last one typed."""
        if self.register is None or not self.register.requires_sign_in():
            return
        self._close_dialogs()
        if self.pages.currentWidget() is self.kiosk_page and self.kiosk_window is not None:
            self.kiosk_window.reset()  # the kiosk only goes back to its first page
            return
        self.register.sign_out()
        self._ask_sign_in(locked=idle)

    def hand_to_voters(self, consultation_id: int) -> None:
        """Residents vote on the laptop (issue 24): the register and every dialog go out of
        sight behind the sign-in page, as the lock hides them, with the vote screen over it;
        when that closes, the lock: a member signs in again."""
        from regiegroep.trust.access import Session
        from ui.consultations import VoteDialog

        self._close_dialogs()
        who = self.register.session.name
        self.register.sign_out()
        self._ask_sign_in(locked=True)
        # While residents vote the register may only take votes (the kiosk's rights):
        # nothing personal can be read, whatever the vote screen is asked.
        self.register.session = Session(who, "kiosk")
        dialog = VoteDialog(self.register, consultation_id, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            self.register.sign_out()
            self.lock()

        dialog.finished.connect(done)
        dialog.open()  # modal, without an event loop of its own

    def manage_people(self) -> None:
        from ui.people_dialog import PeopleDialog

        if self.people_action.isEnabled():
            PeopleDialog(self.register, self).exec()
            if self.register.requires_sign_in() and not self._watch().running:
                self._watch().start()  # the first PINs: from now on the window locks itself
            self._update_actions()

    def change_my_pin(self) -> None:
        from ui.people_dialog import PinDialog

        if not self.my_pin_action.isEnabled():
            return
        # Everyone may change their own PIN; the list of people is the managers' to read.
        session = self.register.session
        me = SimpleNamespace(id=session.person_id, name=session.name)
        if PinDialog(self.register, me, self).exec():
            self.statusBar().showMessage(_("Your PIN is changed."), 5000)

    def choose_lock_minutes(self) -> None:
        from ui.sign_in import DEFAULT_LOCK_MINUTES

        current = int(round(self.watch.seconds / 60)) if self.watch else DEFAULT_LOCK_MINUTES
        minutes, ok = QtWidgets.QInputDialog.getInt(
            self, _("Lock after inactivity"),
            _("Lock Regiegroep when nobody has used it for this many minutes:"),
            current, 1, 120)
        if ok:
            settings.remember_lock_minutes(minutes)
            self._watch().set_minutes(minutes)
