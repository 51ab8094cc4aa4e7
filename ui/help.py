"""The manual behind F1 and Help › Manual: the core's pages (regiegroep.manual), drawn.

Pages on the left in the order of a steering group's year, the page on the right, each with
the article it rests on. Nothing is fetched: the pages ship with the app.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser,
    QVBoxLayout, QWidget,
)

from regiegroep import manual
from regiegroep.i18n import _
from regiegroep.rules import Ordinance


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None, ordinance: Ordinance | None = None,
                 page: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Regiegroep manual"))
        self.pages = manual.pages(ordinance)
        self.index = QListWidget()
        self.index.setAccessibleName(_("Pages of the manual"))
        for found in self.pages:
            item = QListWidgetItem(found.title)
            item.setData(Qt.ItemDataRole.UserRole, found.name)
            item.setToolTip(found.articles)
            self.index.addItem(item)
        self.index.setMaximumWidth(max(220, self.index.sizeHintForColumn(0) + 24))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName(_("Page of the manual"))
        self.index.currentRowChanged.connect(self.show_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.index)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
        names = [p.name for p in self.pages]
        self.index.setCurrentRow(names.index(page) if page in names else 0)

    def show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.text.setMarkdown(self.pages[row].text)

    def current_page(self) -> str:
        return self.pages[self.index.currentRow()].name
