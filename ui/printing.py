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


def render(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of ``document`` onto ``printer``, one page per sheet; returns the
    number of pages."""
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = painter.viewport()
            painter.drawImage(area, document.render(page, area.size()))
    finally:
        painter.end()
    return document.pageCount()


def preview_and_print(parent: QWidget, path: str | Path, title: str) -> None:
    """The print preview of a PDF, from which the volunteer prints it."""
    document = load(path, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: render(document, target))
    dialog.resize(900, 1000)
    dialog.exec()
