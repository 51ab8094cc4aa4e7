"""The kiosk's one window: full screen, no frame or menus, a language choice on every
screen, locked against the keys and requests that would leave or close it, and wiped back
to its home screen after a while without touch. Leaving needs a long press of 3 seconds in
the top-left corner and a steering-group member's PIN (ui.kiosk.screens.ExitScreen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout,
                               QWidget)

from regiegroep import i18n
from regiegroep.kiosk import kiosk_packages
from regiegroep.i18n import _
from ui.kiosk.touch import big_button, focus_first, style_sheet, target_px

IDLE_SECONDS = 90
COUNTDOWN_SECONDS = 15
LONG_PRESS_MS = 3000
# Keys that leave, close or switch a window, whatever the modifiers; eaten before anything
# sees them. Letters are never here: a letter is blocked only as a shortcut (Ctrl+Q, Ctrl+W),
# never as a letter typed (issue 24: the W and Q of "7UKW" and "Willem Quist").
_ESCAPES = {Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_F4, Qt.Key.Key_Super_L,
            Qt.Key.Key_Super_R, Qt.Key.Key_Meta, Qt.Key.Key_Close, Qt.Key.Key_Exit,
            Qt.Key.Key_Menu, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R}
_MODIFIERS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier | \
    Qt.KeyboardModifier.MetaModifier


def _typed(event) -> bool:
    """Whether a key event types a character: printable text, not a shortcut. AltGr (which
    Windows reports as Ctrl+Alt) gives printable text and passes; Ctrl+Q gives a control
    character and does not; Alt alone or the Super/Meta key with a letter is a shortcut."""
    text = event.text()
    if not text or not text.isprintable():
        return False
    modifiers = event.modifiers()
    alt, ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
    if modifiers & Qt.KeyboardModifier.MetaModifier:
        return False
    return not (modifiers & alt and not modifiers & ctrl) and not (modifiers & ctrl and not modifiers & alt)


# Ctrl with these edits what is typed and reaches nothing else: select all, undo, redo,
# a word back or forward, removed. Cut, copy and paste stay out (the clipboard would carry
# one resident's words to the next).
_EDITING = {Qt.Key.Key_A, Qt.Key.Key_Z, Qt.Key.Key_Y, Qt.Key.Key_Backspace, Qt.Key.Key_Delete,
            Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End}


def blocked(event) -> bool:
    """Whether the kiosk's guard eats this key event."""
    key, modifiers = event.key(), event.modifiers()
    if key in _ESCAPES:
        return True
    ctrl = Qt.KeyboardModifier.ControlModifier
    if key in _EDITING and modifiers & _MODIFIERS == ctrl:
        return False
    if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        return bool(modifiers & _MODIFIERS)  # Tab alone moves between fields
    if _typed(event):
        return False
    return bool(modifiers & _MODIFIERS)


class _Corner(QWidget):
    """The top-left corner: held for 3 seconds, it asks for a member's PIN."""

    def __init__(self, on_long_press):
        super().__init__()
        self.timer = QTimer(self, singleShot=True, interval=LONG_PRESS_MS)
        self.timer.timeout.connect(on_long_press)
        self.setFixedSize(target_px(), target_px())

    def mousePressEvent(self, event) -> None:
        self.timer.start()

    def mouseReleaseEvent(self, event) -> None:
        self.timer.stop()


class _Guard(QObject):
    """Eats the escape keys and notices every touch, for the whole application."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            self.window.touched()
            if blocked(event):
                event.accept()
                return True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                      QEvent.Type.MouseMove, QEvent.Type.Wheel):
            self.window.touched()
        elif kind == QEvent.Type.ContextMenu:
            return True  # no Cut/Paste menu on a right-click or a long press
        elif kind == QEvent.Type.Close and watched is self.window and not self.window.leaving:
            event.ignore()
            return True
        return False


class KioskWindow(QWidget):
    def __init__(self, register, ballot=None, idle_seconds: int = IDLE_SECONDS):
        super().__init__()
        from ui.kiosk.apply import ApplyScreen
        from ui.kiosk.screens import ExitScreen, HomeScreen, PublicScreen, SchemeScreen
        from ui.kiosk.vote import RegisterBallot, VoteScreen

        self.register = register
        self.leaving = False
        self.home_language = i18n.current_language()  # the next resident starts in it
        self.public = kiosk_packages.public_view(register)
        self.retention_months = register.retention_months()
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(_("Regiegroep"))
        self.setStyleSheet(style_sheet())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.corner = _Corner(self.ask_pin)
        top.addWidget(self.corner)
        self.home_button = big_button("")
        self.home_button.clicked.connect(self.reset)
        top.addWidget(self.home_button)
        top.addStretch(1)
        self.languages = {}
        # The languages beside Home on a wide screen; on a narrow one (a touch screen
        # standing upright) in rows of their own, so that no name is cut off.
        self.language_grid = QGridLayout()
        self.language_grid.setSpacing(top.spacing())
        for code, name in i18n.LANGUAGES.items():  # each in its own script
            button = big_button(name, checkable=True)
            button.setSizePolicy(button.sizePolicy().horizontalPolicy().Preferred,
                                 button.sizePolicy().verticalPolicy())
            button.clicked.connect(lambda _c=False, c=code: self.set_language(c))
            self.languages[code] = button
        self.language_columns = 0
        top.addLayout(self.language_grid)
        self._place_languages(len(self.languages))
        layout.addLayout(top)
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.ballot = ballot or RegisterBallot(register, self.public)
        self.screens = {"home": HomeScreen(self), "scheme": SchemeScreen(self),
                        "public": PublicScreen(self), "apply": ApplyScreen(self),
                        "vote": VoteScreen(self, self.ballot), "exit": ExitScreen(self)}
        self.screens["exit"].left.connect(self._left)
        for screen in self.screens.values():
            self.pages.addWidget(screen)
        self.idle_seconds = idle_seconds
        self.idle = QTimer(self, singleShot=True)
        self.idle.timeout.connect(self._count_down)
        self.tick = QTimer(self, interval=1000)
        self.tick.timeout.connect(self._tick)
        self.remaining = 0
        self.guard = _Guard(self)
        QApplication.instance().installEventFilter(self.guard)
        self.show_screen("home")

    # ------------------------------------------------------------- the whole screen
    def _place_languages(self, columns: int) -> None:
        if columns == self.language_columns:
            return
        self.language_columns = columns
        for n, button in enumerate(self.languages.values()):
            self.language_grid.addWidget(button, n // columns, n % columns)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """As many languages in a row as fit beside Home without cutting a name off."""
        super().resizeEvent(event)
        widest = max(b.sizeHint().width() for b in self.languages.values())
        beside = self.corner.sizeHint().width() + self.home_button.sizeHint().width()
        room = event.size().width() - beside - 4 * self.language_grid.spacing() - 40
        fits = max(1, room // (widest + self.language_grid.spacing()))
        count = len(self.languages)
        rows = -(-count // min(fits, count))
        self._place_languages(-(-count // rows))  # rows as even as they can be

    def cover_screen(self) -> None:
        """Full screen, in front, with the keyboard's focus, with or without a window
        manager: on a bare X server nobody honours a full-screen request, so the window
        takes the screen's size itself (issue 24: a 400x432 window at the top left), and
        it takes the focus back whenever the application loses it."""
        from PySide6.QtGui import QGuiApplication

        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self._raise()
        if not hasattr(self, "front"):
            self.front = QTimer(self, interval=1000)
            self.front.timeout.connect(self._to_front)
            self.front.start()

    def _to_front(self) -> None:
        if self.leaving:
            return
        screen = self.screen()
        if screen is not None and self.geometry() != screen.geometry():
            self.setGeometry(screen.geometry())
        if QApplication.activeWindow() is None or not self.isActiveWindow():
            if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None:
                self._raise()

    def _raise(self) -> None:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # no stacking there
            self.raise_()
        self.activateWindow()

    # ---------------------------------------------------------------- the screens
    def show_screen(self, name: str) -> None:
        screen = self.screens[name]
        self._label()
        screen.enter()
        self.pages.setCurrentWidget(screen)
        focus_first(screen)
        self.touched()

    def current(self) -> str:
        return next(n for n, s in self.screens.items() if s is self.pages.currentWidget())

    def _label(self) -> None:
        self.home_button.setText(_("Start"))
        for code, button in self.languages.items():
            button.setChecked(code == i18n.current_language())
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left()
                                else Qt.LayoutDirection.LeftToRight)

    def set_language(self, code: str) -> None:
        screen = self.pages.currentWidget()
        keep = getattr(screen, "_keep", None)
        if keep is not None and not getattr(screen, "reference", ""):
            keep()  # what was typed stays, in the new language
        i18n.set_language(code)
        self._label()
        screen.enter()
        focus_first(screen)

    def reset(self) -> None:
        """Everything typed wiped, back to the home screen, in the language of the kiosk."""
        self.banner.hide()
        self.tick.stop()
        if i18n.current_language() != self.home_language:
            i18n.set_language(self.home_language)
        for screen in self.screens.values():
            screen.wipe()
        self.show_screen("home")

    def ask_pin(self) -> None:
        self.show_screen("exit")

    # --------------------------------------------------------------- left alone
    def touched(self) -> None:
        if self.tick.isActive():
            self.tick.stop()
            self.banner.hide()
        self.idle.start(self.idle_seconds * 1000)

    def _count_down(self) -> None:
        if self.current() == "home":
            self.reset()  # nothing to lose; still wipe what a screen may hold
            return
        self.remaining = COUNTDOWN_SECONDS
        self._tick_text()
        self.banner.show()
        self.tick.start()

    def _tick_text(self) -> None:
        self.banner.setText(_("Are you still there? Touch the screen to go on. In {n} seconds "
                              "everything you typed is wiped.").format(n=self.remaining))

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.reset()
        else:
            self._tick_text()

    # ----------------------------------------------------------- printing, leaving
    def print_receipt(self, reference: str, title: str) -> bool:
        """A receipt on the default printer, if one is set up: the number, date and title."""
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            return False
        import datetime as dt
        from html import escape

        from PySide6.QtGui import QTextDocument

        printer = QPrinter(info)
        document = QTextDocument()
        document.setHtml("<h2>{}</h2><p>{}</p><p>{}</p><p>{}</p>".format(
            escape(_("Your application for vouchers")),
            escape(_("Reference number: {number}").format(number=reference)),
            escape(i18n.format_datetime(dt.datetime.now())), escape(title)))
        document.print_(printer)
        return True

    def _left(self) -> None:
        self.leaving = True
        if i18n.current_language() != self.home_language:  # a resident's language stays here:
            i18n.set_language(self.home_language)  # the window handed back speaks its own
        QApplication.instance().removeEventFilter(self.guard)
        self.idle.stop()
        self.tick.stop()
        if hasattr(self, "front"):
            self.front.stop()
        self.close()

    def closeEvent(self, event) -> None:
        if not self.leaving:
            event.ignore()  # the window manager's close request: the kiosk stays
            return
        super().closeEvent(event)
