"""Printing PDFs the app made: a preview with the print dialog, pages rendered at the
printer's resolution (QtPdf)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from regiegroep.errors import UserError
from regiegroep.i18n import _


def load(path: str | Path, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise UserError(_("Cannot read the PDF {path}.").format(path=path))
    return document


# Pages are drawn at most at this resolution: sharp on paper, while a page at a printer's
# 1200 dpi is an image of some 550 MB that takes seconds to make (the preview makes them all).
MOST_DPI = 300


def render(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of ``document`` onto ``printer``, one page per sheet; returns the
    number of pages."""
    painter = QPainter(printer)
    try:
        scale = min(1.0, MOST_DPI / max(1, printer.resolution()))
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = painter.viewport()
            size = area.size()
            size.setWidth(max(1, round(size.width() * scale)))
            size.setHeight(max(1, round(size.height() * scale)))
            painter.drawImage(area, document.render(page, size))
    finally:
        painter.end()
    return document.pageCount()


def page_size(document: QPdfDocument) -> QPageSize:
    """The paper of the PDF's first page (A4 for letters and the report, A3 for a poster)."""
    if document.pageCount():
        return QPageSize(document.pagePointSize(0), QPageSize.Unit.Point)
    return QPageSize(QPageSize.PageSizeId.A4)


def preview_and_print(parent: QWidget, path: str | Path, title: str) -> None:
    """The print preview of a PDF, from which the volunteer prints it (on the PDF's paper)."""
    document = load(path, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(page_size(document))
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview")
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: render(document, target))
    from PySide6.QtCore import QSize

    from ui.widgets import fit_to_screen

    fit_to_screen(dialog, QSize(900, 1000))  # a page high, but never more than the screen
    dialog.exec()
