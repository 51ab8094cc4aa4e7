"""The red line that says what is wrong, on its own: the sign-in page needs it before
anything else of the forms (ui.widgets makes Qt build many of its enums on import, which the
first screen should not wait for: benchmarks/startup.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b3261e;"


class ErrorLine(QLabel):
    """A line that says what is wrong; a screen reader is told at once (an alert, as for a
    message box), wherever the focus is: a wrong PIN or a refused form is not silent."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(text, parent)
        self.announced: list[str] = []  # what was said aloud, in order

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        changed = text != self.text()
        super().setText(text)
        if text and changed:
            from PySide6.QtGui import QAccessible, QAccessibleEvent

            self.setAccessibleDescription(text)
            self.announced.append(text)
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))


def error_label() -> QLabel:
    """A line that says, in red, what is wrong; empty until something is."""
    label = ErrorLine()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label
