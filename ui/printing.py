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


def preview_and_print(parent: QWidget, path: str | Path, title: str) -> bool:
    """The print preview of a PDF, from which the volunteer prints it (on the PDF's paper).
    True when it was printed (on paper, or to a file chosen in the print dialog); False
    when the preview was closed without printing."""
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
    keyboard_ready(dialog)
    # Qt's preview accepts once the print dialog was accepted and the pages were printed;
    # a PDF printer (Windows and macOS without a printer) asks for a file, and with none
    # given it prints nothing, yet accepts too.
    accepted = dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
    return accepted and (printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
                         or bool(printer.outputFileName()))


def print_button(dialog: QPrintPreviewDialog):
    """The preview's Print button: the last button of Qt's toolbar (after Page setup)."""
    from PySide6.QtWidgets import QToolButton

    buttons = [b for b in dialog.findChildren(QToolButton) if b.defaultAction() is not None]
    return buttons[-1] if buttons else None


def keyboard_ready(dialog: QPrintPreviewDialog) -> None:
    """The preview worked by keyboard alone: Tab reaches every button of its toolbar (Qt's
    take no focus), Print is pressed with Ctrl+P (the same key that opened the preview) and
    has the focus when the preview opens, so Space prints too."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QToolButton

    for button in dialog.findChildren(QToolButton):
        if button.defaultAction() is not None:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAccessibleName(button.defaultAction().text().replace("&", ""))
    button = print_button(dialog)
    if button is None:
        return
    action = button.defaultAction()
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(_("Print ({key})").format(
        key=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, button, button.setFocus)  # once shown (Qt gives the page the focus)
