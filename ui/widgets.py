"""Small pieces the windows and dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A line that says, in red, what is wrong; empty until something is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label
