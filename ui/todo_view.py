"""The group's "to do" list (issue 21): what the core lists (regiegroep.todo), most pressing
first; each line opens the application (or voucher, or consultation) to act on. The status
bar keeps its short counts (ui.filters)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from regiegroep.i18n import _, format_date, ngettext


class ToDoDialog(QDialog):
    """The list; ``chosen`` is the line opened (Enter or a double click)."""

    def __init__(self, register, backup_folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self.chosen = register, None
        self.setWindowTitle(_("To do"))
        from regiegroep.trust.access import Permission

        # The backups are the managers' to see to (File › Backup folder… is theirs).
        self.lines = register.to_do(backup_folder=backup_folder,
                                    check_backups=register.session.may(Permission.MANAGE))
        layout = QVBoxLayout(self)
        summary = QLabel(ngettext("{n} thing to do. Double-click a line, or press Enter, to "
                                  "open what it is about.",
                                  "{n} things to do. Double-click a line, or press Enter, to "
                                  "open what it is about.", len(self.lines)).format(
                                      n=len(self.lines)) if self.lines else
                         _("Nothing to do: every term is in order."))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = QTableWidget(len(self.lines), 2)
        self.table.setAccessibleName(_("To do"))
        self.table.setHorizontalHeaderLabels([_("When"), _("What")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        today = dt.date.today()
        for row, line in enumerate(self.lines):
            when = QTableWidgetItem(_("now") if line.due is None else format_date(line.due))
            if line.due is None or line.due < today:
                when.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(row, 0, when)
            self.table.setItem(row, 1, QTableWidgetItem(line.text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        # Enter or a double click on a line (the view's "activated"), whichever the platform
        self.table.activated.connect(lambda index: self.open_line(index.row()))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(_("Open"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self.open_line(self.table.currentRow()))
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # Enter opens the line, never closes the list
            button.setAutoDefault(False)
            button.setDefault(False)
        layout.addWidget(buttons)
        if self.lines:
            self.table.selectRow(0)
        from ui.widgets import fit_to_screen

        fit_to_screen(self, QSize(900, 520))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.isVisible() and self.chosen is None:
                self.open_line(self.table.currentRow())
            return
        super().keyPressEvent(event)

    def open_line(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.chosen = self.lines[row]
            self.accept()


def show_to_do(window) -> None:
    """The list; the line chosen opens its application in the window (the backups' line,
    the backup folder; a consultation's, the consultations with it chosen; a referral
    waiting, the planning of a consultation for it, to whoever may plan one)."""
    from ui import settings

    if window.register is None:
        return
    dialog = ToDoDialog(window.register, settings.backup_folder(), window)
    if not dialog.exec() or dialog.chosen is None:
        return
    line = dialog.chosen
    if line.kind == "backup":
        window.exchange.backup_now()
    elif line.consultation_id is not None:
        window.manage.open_consultations(select=line.consultation_id)
    elif line.kind == "referral_waiting" and window.menus.consultations_action.isEnabled():
        window.manage.open_consultations(plan_for=line.application_id)
    elif line.application_id is not None:
        window.reread(line.application_id)
        window.table.setFocus()
