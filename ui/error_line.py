"""The red line that says what is wrong, on its own: the sign-in page needs it before
anything else of the forms (ui.widgets makes Qt build many of its enums on import, which the
first screen should not wait for: benchmarks/startup.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A line that says, in red, what is wrong; empty until something is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label
