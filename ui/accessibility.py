"""What a screen reader is told: the names of controls, errors said aloud, and the walk of a
window's widgets that finds every control without a name (tests and scripts/a11y_walk.py).

Errors are said aloud by ui.error_line.ErrorLine.

A control's name is what Qt's accessibility gives the screen reader (AT-SPI on Linux, UIA on
Windows): its own accessible name, the text of the label it is the buddy of, or a button's own
text. A drop-down or a text field "named" only by what it shows ("all", what was typed) says
nothing of what it is for, and counts as unnamed.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QLabel,
    QLineEdit, QPlainTextEdit, QScrollBar, QTextEdit, QWidget,
)

# The widgets a person works with; labels, frames and layouts only hold or say things.
CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
            QLineEdit, QPlainTextEdit, QTextEdit)


def name_of(widget: QWidget) -> str:
    """The name a screen reader says for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _shown_value(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    return ""


def controls(root: QWidget) -> list[QWidget]:
    """The controls a person can reach in ``root`` as it is shown now."""
    found = [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS)
             and not isinstance(w, QScrollBar)  # a part of the area it scrolls
             and w.isVisibleTo(root) and not _inside_control(w, root)]
    if isinstance(root, CONTROLS):
        found.insert(0, root)
    return found


def _inside_control(widget: QWidget, root: QWidget) -> bool:
    """A part of another control (a spin box's line, a combo box's list, a table's header
    buttons): the screen reader meets the control, not its parts."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[QWidget]:
    """The controls in ``root`` a screen reader cannot say the purpose of."""
    missing = []
    for widget in controls(root):
        name = name_of(widget)
        if not name or (not widget.accessibleName() and name == _shown_value(widget)
                        and not _has_buddy(widget)):
            missing.append(widget)
    return missing


def _has_buddy(widget: QWidget) -> bool:
    window = widget.window()
    return any(label.buddy() is widget for label in window.findChildren(QLabel))


def describe(widget: QWidget) -> str:
    """A control as a line of a report: its class, object name and what it shows."""
    text = getattr(widget, "text", None)
    shown = text() if callable(text) and isinstance(widget, (QAbstractButton, QLineEdit)) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {shown!r}".strip()


def name(widget: QWidget, text: str, description: str = "") -> QWidget:
    """Give ``widget`` the name a screen reader says (and a longer description)."""
    widget.setAccessibleName(text.replace("&", "").strip())
    if description:
        widget.setAccessibleDescription(description)
    return widget



def give_mnemonics(items) -> None:
    """An Alt+letter for each of ``items`` (actions of one menu, or the labelled fields and
    buttons of one dialog) that has none yet, each letter once: the letters already taken
    stay, the others get the first letter of a word that is free, else any free letter."""
    taken = set()
    for item in items:
        text = item.text()
        at = text.find("&")
        if at >= 0 and at + 1 < len(text):
            taken.add(text[at + 1].lower())
    for item in items:
        text = item.text()
        if "&" in text or not text.strip():
            continue
        starts = [i for i, c in enumerate(text)
                  if c.isalnum() and (i == 0 or not text[i - 1].isalnum())]
        others = [i for i, c in enumerate(text) if c.isalnum() and i not in starts]
        for i in starts + others:
            if text[i].lower() not in taken:
                taken.add(text[i].lower())
                item.setText(text[:i] + "&" + text[i:])
                break


def dialog_mnemonics(dialog: QWidget) -> None:
    """Alt+letter for every label that names a field of ``dialog`` and every check box and
    radio button in it, unique in the dialog (the dialog's buttons keep their texts)."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    items = [label for label in dialog.findChildren(QLabel)
             if label.buddy() is not None and not label.text().lstrip().startswith("<")]
    items += [b for b in dialog.findChildren(QAbstractButton)
              if isinstance(b, (QCheckBox, QRadioButton))]
    give_mnemonics(items)
