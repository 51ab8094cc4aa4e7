"""Signing in and the lock after inactivity (issue 3, items 1 and 5); the kiosk has its own
window (ui.kiosk).

Who may do what is decided in the core (regiegroep.trust.access, Register.sign_in); these widgets
only ask who is there, and lock the window when nobody has touched it for a while.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from regiegroep.trust.access import role_label
from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui.error_line import error_label

DEFAULT_LOCK_MINUTES = 10
# Input that counts as "someone is here"; timers and repaints do not.
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


def _heading(size: float = 1.6) -> QLabel:
    label = QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label


def _text(text: str = "") -> QLabel:
    """Plain wrapped text: a rich-text label in a centred box is cut off by Qt's layout."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# Placed with stretches, not alignment flags: the first of Qt's namespace enums used costs
# about 30 ms, and the sign-in page is the first thing on screen (benchmarks/startup.py).
def _centred(box: QWidget) -> QWidget:
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(box)
    row.addStretch()
    outer.addLayout(row)
    outer.addStretch(2)
    return page


def _at_right(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(widget)
    return row


class SignInPage(QWidget):
    """Choose your name, type your PIN. Shown instead of the register while nobody is
    signed in, so nothing of the register is on screen."""

    signed_in = Signal()
    painted = Signal()  # once, when first on screen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = None
        self._painted = False
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setFixedWidth(460)  # word-wrapped text needs a width to wrap in
        layout = QVBoxLayout(box)
        self.heading = _heading()
        layout.addWidget(self.heading)
        self.explanation = _text()
        layout.addWidget(self.explanation)
        form = QFormLayout()
        self.who = QComboBox()
        self.who.setAccessibleName(_("Your name"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(_("PIN"))
        self.pin.returnPressed.connect(self.submit)
        form.addRow(_("Your name"), self.who)
        form.addRow(_("PIN"), self.pin)
        layout.addLayout(form)
        self.example = _text()
        self.example.setStyleSheet("background:#e8f0fe;padding:4px")
        layout.addWidget(self.example)
        self.error = error_label()
        layout.addWidget(self.error)
        self.button = QPushButton(_("Sign in"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        layout.addLayout(_at_right(self.button))
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(_centred(box))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def show_for(self, register, name: str, locked: bool = False, voting: bool = False) -> None:
        """Ask who is there, on ``register`` (file name ``name``): after the app locked
        itself (``locked``), or while residents vote on this laptop (``voting``)."""
        self.register = register
        previous = self.who.currentText()
        self.who.clear()
        self.who.addItems(register.sign_in_names())
        if previous:
            self.who.setCurrentIndex(max(0, self.who.findText(previous)))
        if voting:
            self.heading.setText(_("Residents are voting"))
            self.explanation.setText(_("The register is out of sight while residents vote on "
                                       "this computer. When voting is done, a member of the "
                                       "steering group signs in to go on."))
        elif locked:
            self.heading.setText(_("Locked"))
            self.explanation.setText(_("Nobody used Regiegroep for a while, so it locked "
                                       "itself: residents' details stay out of sight. Sign in "
                                       "to go on."))
        else:
            self.heading.setText(_("Who is there?"))
            self.explanation.setText(_("The register {name} keeps residents' personal details. "
                                       "Choose your name and type your PIN.").format(name=name))
        # Residents at the vote screen see no PINs, not even the example's.
        self.example.setVisible(register.is_example() and not voting)
        if register.is_example():
            from regiegroep.demo import PINS

            people = {p.name: p.role for p in register.example_people()}
            self.example.setText(_("This is the example register, with invented people. Their "
                                   "PINs: {pins}.").format(pins="; ".join(
                                       "{name} ({role}) {pin}".format(
                                           name=name, role=role_label(people[name]), pin=pin)
                                       for name, pin in PINS.items() if name in people)))
        self.error.clear()
        self.pin.clear()
        self.pin.setFocus()

    def submit(self) -> None:
        if self.register is None:
            return
        try:
            self.register.sign_in(self.who.currentText(), self.pin.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.pin.clear()
            self.pin.setFocus()
            return
        self.error.clear()
        self.pin.clear()
        self.signed_in.emit()


class InactivityWatch(QObject):
    """Says ``idle`` when nobody has pressed a key, moved the mouse or touched the screen
    for ``minutes``; watches the whole application, dialogs included."""

    idle = Signal()

    def __init__(self, parent: QObject, minutes: float = DEFAULT_LOCK_MINUTES):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        self._last = time.monotonic()
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.seconds = minutes * 60
        if self._timer.isActive():
            self.start()

    def start(self) -> None:
        self._last = time.monotonic()
        self._timer.start(max(1, int(self.seconds * 1000)))

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only remember the moment: restarting a timer on every mouse move is wasted work.
        if event.type() in _ACTIVITY:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        left = self.seconds - (time.monotonic() - self._last)
        if left > 0.001:
            self._timer.start(max(1, int(left * 1000)))
        else:
            self.idle.emit()
