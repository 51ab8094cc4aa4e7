"""What a finger needs: targets of at least 9 mm, large type, an on-screen keyboard drawn by
the app, and a canvas to sign on."""

from __future__ import annotations

import math

from PySide6.QtCore import (QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QApplication, QGridLayout, QLineEdit, QPlainTextEdit,
                               QPushButton, QScroller, QSizePolicy, QWidget)

from regiegroep.i18n import _

TARGET_MM = 9


def target_px() -> int:
    """The side of a 9 mm target on this screen, from its physical dots per inch."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not dpi or dpi != dpi or dpi < 50:  # a screen that does not say (Xvfb, offscreen)
        dpi = 96.0
    return max(44, math.ceil(TARGET_MM / 25.4 * dpi))


def style_sheet() -> str:
    size = target_px()
    return (f"QWidget {{ font-size: {round(size * 0.42)}px; }}"
            f"QPushButton {{ min-height: {size}px; min-width: {size}px; padding: 6px 14px; "
            "border-radius: 8px; border: 2px solid #1f5f8b; background: #e8f1f8; }"
            "QPushButton:checked { background: #1f5f8b; color: white; }"
            "QPushButton:focus { border: 4px solid #000000; }"
            "QPushButton:disabled { color: #888; border-color: #bbb; }"
            f"QLineEdit, QPlainTextEdit {{ min-height: {size}px; border: 2px solid #555; "
            "border-radius: 6px; padding: 4px; background: white; }"
            f"QCheckBox::indicator {{ width: {size}px; height: {size}px; }}"
            f"QLabel#question {{ font-size: {round(size * 0.6)}px; font-weight: bold; }}"
            f"QLabel#banner {{ background: #fff3b0; padding: 8px; font-weight: bold; }}")


class _EnterPresses(QObject):
    """Enter and Return press a kiosk button that has the focus, as Space does."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QPushButton) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers():
            watched.animateClick()
            return True
        return False


_ENTER_PRESSES = _EnterPresses()


def big_button(text: str, checkable: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setCheckable(checkable)
    # Tab reaches it (a keyboard at the kiosk); a touch does not take the focus from the
    # field the screen's keyboard types into.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.installEventFilter(_ENTER_PRESSES)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def focus_first(screen: QWidget) -> None:
    """A keyboard starts on the screen's first control when the focus is not on the screen
    already (on the Start button, or on a screen that was wiped while hidden): after a
    screen changes, Tab and Space go on from a known place. Once the screen is drawn: the
    widgets just added show a moment later."""
    QTimer.singleShot(0, lambda: _focus_first_now(screen))


def _focus_first_now(screen: QWidget) -> None:
    if not screen.isVisible():
        return
    focused = QApplication.focusWidget()
    if focused is not None and focused.isVisible() and screen.isAncestorOf(focused):
        return
    widget = screen.nextInFocusChain()
    while widget is not None and widget is not screen:
        if screen.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()


def consent_outline(box) -> None:
    """The box's outline dark enough to see against the screen (Fusion draws it from the
    palette's window colour, made 40% darker: 1.9:1 by default, now above 7:1)."""
    from PySide6.QtGui import QColor, QPalette

    palette = box.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#555555"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    box.setPalette(palette)


def touch_scrolling(area) -> None:
    """Scroll by dragging a finger (or the mouse) over the text."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


def keyboard_attached() -> bool:
    """Whether Qt sees a keyboard; when it cannot tell, assume none (a touch screen)."""
    from PySide6.QtGui import QInputDevice

    return any(d.type() == QInputDevice.DeviceType.Keyboard for d in QInputDevice.devices())


def _upper(letter: str) -> str:
    """A key's capital: one character always (Turkish ı is I, İ stays İ; 'ß' stays)."""
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


class Keyboard(QWidget):
    """Large keys that type into the field that has the focus; drawn by the app, so it works
    on any system."""

    # The last two rows: the letters residents' names need beyond a-z (Dutch, Turkish,
    # Polish and others), with the apostrophe of "'t Hoen" and the hyphen.
    ROWS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,.@", "éëïöüçğışİ",
            "łńóśźżąę'")

    def __init__(self, keys: tuple[str, ...] | None = None, target=None):
        super().__init__()
        self.shifted, self.target = False, target  # target: when no field has the focus
        # Its keys keep their own order in a right-to-left language too: "1" and "q" left.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout(self)
        grid.setSpacing(4)
        self.keys: list[QPushButton] = []
        for row, letters in enumerate(keys or self.ROWS):
            for column, letter in enumerate(letters):
                key = big_button(letter)
                key.setProperty("letter", letter)
                key.clicked.connect(lambda _c=False, k=key: self.type(k.text()))
                grid.addWidget(key, row, column)
                self.keys.append(key)
        last = len(keys or self.ROWS)
        if keys is None:
            self.shift = big_button("⇧", checkable=True)
            self.shift.toggled.connect(self._shift)
            grid.addWidget(self.shift, last, 0, 1, 2)
            space = big_button(_("space"))
            space.clicked.connect(lambda: self.type(" "))
            grid.addWidget(space, last, 2, 1, 6)
        back = big_button("⌫")
        back.setAccessibleName(_("Delete"))
        back.clicked.connect(self.backspace)
        grid.addWidget(back, last, 8 if keys is None else 0, 1, 2)
        for key in self.findChildren(QPushButton):  # a physical keyboard types itself:
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab does not walk forty keys

    def _shift(self, on: bool) -> None:
        self.shifted = on
        for key in self.keys:
            key.setText(_upper(key.property("letter")) if on else key.property("letter"))

    def _target(self):
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, (QLineEdit, QPlainTextEdit)) else self.target

    def type(self, text: str) -> None:
        target = self._target()
        if isinstance(target, QLineEdit):
            target.insert(text)
        elif isinstance(target, QPlainTextEdit):
            target.insertPlainText(text)
        if self.shifted and text.strip():
            self.shift.setChecked(False)

    def backspace(self) -> None:
        target = self._target()
        if isinstance(target, QLineEdit):
            target.backspace()
        elif isinstance(target, QPlainTextEdit):
            target.textCursor().deletePreviousChar()


class SignaturePad(QWidget):
    """A white canvas to sign on with a finger; ``png()`` is the signature as a PNG."""

    changed = Signal()

    def __init__(self):
        super().__init__()
        self.strokes: list[QPainterPath] = []
        self.setMinimumHeight(target_px() * 4)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("background: white; border: 2px solid #555;")
        self.setAccessibleName(_("Sign here"))

    def is_empty(self) -> bool:
        return not self.strokes

    def clear(self) -> None:
        self.strokes = []
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event) -> None:
        path = QPainterPath(QPointF(event.position()))
        self.strokes.append(path)
        self.changed.emit()

    def mouseMoveEvent(self, event) -> None:
        if self.strokes:
            self.strokes[-1].lineTo(QPointF(event.position()))
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(Qt.GlobalColor.black, 3))
        for path in self.strokes:
            painter.drawPath(path)
        painter.setPen(QPen(Qt.GlobalColor.gray, 1))
        painter.drawLine(10, self.height() - 20, self.width() - 10, self.height() - 20)

    def png(self) -> bytes:
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(Qt.GlobalColor.black, 3))
        for path in self.strokes:
            painter.drawPath(path)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())


def clear_screen(screen: QWidget) -> None:
    """Empty a kiosk screen before it draws its next step: every field wiped first (nothing
    typed lingers in a widget waiting to be deleted), then every widget and inner layout
    removed."""
    for field in screen.findChildren(QLineEdit) + screen.findChildren(QPlainTextEdit):
        field.clear()
    _empty(screen.layout())


def _empty(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            _empty(item.layout())
            item.layout().deleteLater()

