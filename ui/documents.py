"""Letters to the applicant (Art. 5: the decision, or Art. 4.3 and Awb 4:5: the request to
complete), public notices (Art. 7) and the year report to the municipality: printed from a
print preview or saved, written in the background.

The core writes the letter (regiegroep.letters); that takes a moment, so it is written on a
worker thread with a progress dialog that can be cancelled, and the window stays
responsive. The letter is written beside its destination under a temporary name and only
renamed once it is whole: a cancel, or a failure, leaves no partial file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets

from regiegroep.i18n import _
from ui.file_dialogs import existing_directory, save_file_name


class DocumentsRoom:
    """Printing and saving letters, notices and the year report from the main window (a part of
    ui.main_window.MainWindow)."""

    def print_letter(self) -> None:
        """The letter in a print preview, from which it is printed."""
        current = self.selected()
        if current is None or self.register is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="regiegroep-letter-"))
        path = folder / f"{current.sequence}.pdf"

        def preview() -> None:
            from ui.printing import preview_and_print

            try:
                preview_and_print(self, path, _("Letter for application {sequence}").format(
                    sequence=current.sequence))
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        self._letter_in_background(current.sequence, path, preview,
                                   lambda: shutil.rmtree(folder, ignore_errors=True))

    def save_letter(self) -> None:
        current = self.selected()
        if current is None or self.register is None:
            return
        path, _filter = save_file_name(
            self, _("Save the letter as PDF"),
            str(Path.home() / _("letter-{sequence}.pdf").format(sequence=current.sequence)),
            _("PDF (*.pdf)"))
        if not path:
            return
        self._letter_in_background(current.sequence, Path(path), lambda: self.statusBar().showMessage(
            _("The letter is saved as {path}.").format(path=path), 8000))

    def _letter_in_background(self, sequence: int, out: Path, then: Callable[[], None],
                              gone: Callable[[], None] = lambda: None) -> None:
        """Write the letter for application ``sequence`` to ``out`` on a worker thread, then
        call ``then``; ``gone`` when it was cancelled or failed (``out`` is not there)."""
        from regiegroep import letters
        from ui.tasks import opener_as_signed_in, run_in_background

        opened = opener_as_signed_in(self.register)
        part = out.with_name("." + out.name + ".part")

        def write(_progress) -> None:
            try:
                with opened() as register:
                    letters.write_letter(register, sequence, part)
            except BaseException:
                part.unlink(missing_ok=True)
                raise

        def written(_result) -> None:
            os.replace(part, out)
            then()

        def cancelled(_result) -> None:
            part.unlink(missing_ok=True)
            gone()

        def failed(message: str) -> None:
            gone()
            QtWidgets.QMessageBox.warning(self, _("No letter"), message)

        run_in_background(
            self, _("Writing the letter for application {sequence}…").format(sequence=sequence),
            write, written, failed, cancelled, running=self._workers)

    def year_report(self) -> None:
        """The year report to the municipality (regiegroep.exchange_report) for the year and
        neighbourhood (or all) the person chooses: printed from a preview of its PDF, or
        written into a folder (PDF, CSVs, XLSX); in the background with a cancel."""
        import datetime as dt

        from regiegroep.exchange_report import Cancelled as ReportCancelled, write_report
        from ui.tasks import Cancelled, opener_as_signed_in, run_in_background

        if self.register is None or not self.year_report_action.isEnabled():
            return
        years = self.register.years() or [dt.date.today().year]
        choice = ReportChoice(years, [w.name for w in self.register.wijken()], self)
        if not choice.exec():
            return
        year, wijk = choice.values()
        if choice.action == "print":
            self._print_report(year, wijk)
            return
        folder = existing_directory(self, _("Write the year report into which folder?"),
                                    str(Path.home()))
        if not folder:
            return
        opened = opener_as_signed_in(self.register)
        running: dict = {}

        def write(progress):
            try:
                with opened() as register:
                    return write_report(register, year, folder, wijk=wijk, progress=progress,
                                        cancelled=lambda: bool(running) and running["worker"].cancelled)
            except ReportCancelled:
                raise Cancelled from None  # the report left nothing behind

        def written(paths) -> None:
            self.statusBar().showMessage(_("The year report {year} is written in {folder}.")
                                         .format(year=year, folder=folder), 8000)

        running["worker"] = run_in_background(
            self, _("Writing the year report {year}…").format(year=year), write, written,
            on_cancel=lambda _made: self.statusBar().showMessage(
                _("The year report was cancelled; nothing was written."), 6000),
            running=self._workers)

    def _print_report(self, year: int, wijk: str | None) -> None:
        """The year report's PDF, written in the background, in a print preview."""
        from regiegroep.exchange_report import Cancelled as ReportCancelled, write_report_pdf
        from ui.tasks import Cancelled, opener_as_signed_in

        opened = opener_as_signed_in(self.register)
        running: dict = {}

        def write(progress, path: Path) -> None:
            try:
                with opened() as register:
                    write_report_pdf(register, year, path, wijk=wijk, progress=progress,
                                     cancelled=lambda: bool(running) and running["worker"].cancelled)
            except ReportCancelled:
                raise Cancelled from None

        title = _("Year report {year}: {where}").format(
            year=year, where=wijk or _("all neighbourhoods"))
        running["worker"] = self._preview_in_background(
            _("Writing the year report {year}…").format(year=year), f"year-report-{year}.pdf",
            write, title, _("No year report"))

    def _preview_in_background(self, label: str, name: str,
                               write: Callable[[Callable, Path], None], title: str,
                               problem: str):
        """Run ``write(progress, path)`` on a worker thread behind a progress dialog that can
        cancel, then show the PDF at ``path`` in a print preview; the file is a temporary
        one, gone afterwards, also when cancelled or failed."""
        from ui.tasks import run_in_background

        folder = Path(tempfile.mkdtemp(prefix="regiegroep-print-"))
        path = folder / name

        def gone(_result=None) -> None:
            shutil.rmtree(folder, ignore_errors=True)

        def written(_result) -> None:
            from ui.printing import preview_and_print

            try:
                preview_and_print(self, path, title)
            finally:
                gone()

        def failed(message: str) -> None:
            gone()
            QtWidgets.QMessageBox.warning(self, problem, message)

        return run_in_background(self, label, lambda progress: write(progress, path), written,
                                 failed, gone, running=self._workers)

    def print_notice(self) -> None:
        """A public notice (Art. 7): the scheme or the granted initiatives, in a language and
        size chosen; printed from a preview of its PDF, or saved as PDF, text or HTML by the
        file's extension; in the background."""
        from regiegroep.documents.notices import write_notice
        from ui.tasks import opener_as_signed_in, run_in_background

        if self.register is None or not self.notice_action.isEnabled():
            return
        choice = NoticeChoice([w.name for w in self.register.wijken()], self)
        if not choice.exec() or choice.problem():
            return
        options = choice.options()
        kind, language = options["kind"], options["language"]
        opened = opener_as_signed_in(self.register)
        if choice.action == "print":
            def write_pdf(_progress, path: Path) -> None:
                with opened() as register:
                    write_notice(register, out=path, **options)

            self._preview_in_background(_("Writing the notice…"), f"{kind}-{language}.pdf",
                                        write_pdf, choice.kind.currentText(), _("No notice"))
            return
        pdf, text, page = _("PDF (*.pdf)"), _("Plain text (*.txt)"), _("Web page (*.html)")
        path, chosen = save_file_name(self, _("Save the notice"), str(
            Path.home() / f"{kind}-{language}.pdf"), f"{pdf};;{text};;{page}")
        if not path:
            return
        if Path(path).suffix.lower() not in (".pdf", ".txt", ".html"):
            path += {text: ".txt", page: ".html"}.get(chosen, ".pdf")

        def write(_progress):
            with opened() as register:
                return write_notice(register, out=path, **options)

        run_in_background(self, _("Writing the notice…"), write,
                          lambda _out: self.statusBar().showMessage(
                              _("The notice is saved as {path}.").format(path=path), 8000),
                          running=self._workers)


def _print_or_save(dialog: QtWidgets.QDialog, form: QtWidgets.QFormLayout, save: str) -> None:
    """The dialog's buttons: Print… (a preview of the PDF, printed from there), ``save`` (the
    default) and Cancel; ``dialog.action`` says which was chosen, "print" or "save"."""
    dialog.action = "save"
    buttons = QtWidgets.QDialogButtonBox()
    buttons.addButton(_("Cancel"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
    dialog.print_button = buttons.addButton(_("Print…"),
                                            QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
    dialog.save_button = buttons.addButton(save, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
    dialog.save_button.setDefault(True)

    def print_it() -> None:
        dialog.action = "print"
        dialog.accept()

    dialog.print_button.clicked.connect(print_it)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class ReportChoice(QtWidgets.QDialog):
    """The year report of which budget year, for all neighbourhoods or one; printed or
    saved into a folder."""

    def __init__(self, years: list[int], wijken: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Year report"))
        self.year = QtWidgets.QSpinBox()
        self.year.setRange(2000, 2200)
        self.year.setValue(years[-1])
        self.wijk = QtWidgets.QComboBox()
        self.wijk.addItem(_("All neighbourhoods"), None)
        for name in sorted(wijken, key=str.casefold):
            self.wijk.addItem(name, name)
        form = QtWidgets.QFormLayout(self)
        for label, field in ((_("Budget year"), self.year), (_("Neighbourhood"), self.wijk)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        _print_or_save(self, form, _("Save into a folder…"))

    def values(self) -> tuple[int, str | None]:
        """The year, and the neighbourhood's name (None: all of them)."""
        return self.year.value(), self.wijk.currentData()


class NoticeChoice(QtWidgets.QDialog):
    """Which notice, for which neighbourhood (or all), in which language and on which paper
    size; for the granted initiatives (Art. 7.2) also the period of the decisions, as
    ``regiegroep print notice`` takes them (--wijk, --from, --to). The period is asked of the
    core (notices.check_period) before anything is written; what is wrong is said here."""

    def __init__(self, wijken: list[str] = (), parent=None, today=None):
        import datetime as dt

        from regiegroep import i18n
        from ui.error_line import error_label
        from ui.widgets import date_field

        super().__init__(parent)
        self.setWindowTitle(_("Print a notice"))
        self.kind = QtWidgets.QComboBox()
        self.kind.addItem(_("The scheme: what residents can apply for (Art. 7.1)"), "scheme")
        self.kind.addItem(_("The initiatives that received vouchers (Art. 7.2)"), "granted")
        self.language = QtWidgets.QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.size = QtWidgets.QComboBox()
        self.size.addItem(_("A4 leaflet"), "a4")
        self.size.addItem(_("A3 poster"), "a3")
        self.wijk = QtWidgets.QComboBox()
        self.wijk.addItem(_("All neighbourhoods"), None)
        for name in sorted(wijken, key=str.casefold):
            self.wijk.addItem(name, name)
        today = today or dt.date.today()
        # The budget year so far: decisions from the first of January up to today.
        self.start = date_field(dt.date(today.year, 1, 1))
        self.end = date_field(today)
        self.error = error_label()
        self.error.hide()
        form = QtWidgets.QFormLayout(self)
        self._form = form
        for label, field in ((_("Notice"), self.kind), (_("Neighbourhood"), self.wijk),
                             (_("Decided from"), self.start), (_("Decided until"), self.end),
                             (_("Language"), self.language), (_("Paper size (PDF)"), self.size)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        form.addRow(self.error)
        _print_or_save(self, form, _("Save as a file…"))
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        for field in (self.start, self.end):
            field.textChanged.connect(self._typed)
        self._kind_chosen()

    def _granted(self) -> bool:
        return self.kind.currentData() == "granted"

    def _kind_chosen(self, *_args) -> None:
        """The period is the granted notice's only; both notices may be for one
        neighbourhood (the scheme then gives its budget and its ordinance's figures)."""
        for field in (self.start, self.end):
            self._form.setRowVisible(field, self._granted())
        self._typed()
        self.adjustSize()

    def _typed(self, *_args) -> None:
        self.error.hide()

    def problem(self) -> str:
        """Why the choice cannot be written ("" when it can): a date that is not one, or a
        period that the core refuses."""
        from regiegroep.documents.notices import check_period
        from regiegroep.errors import UserError
        from ui.widgets import dates_problem

        if not self._granted():
            return ""
        problem = dates_problem((_("Decided from"), self.start), (_("Decided until"), self.end))
        if problem:  # not a date: which field, and why
            return problem
        try:
            check_period(self.start.date().toPython(), self.end.date().toPython())
        except UserError as exc:
            return str(exc)
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.action = "save"
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()

    def options(self) -> dict:
        """The choice as write_notice's keyword arguments, those of ``print notice``: kind,
        wijk (None: all), start and end (the scheme: None), language and size."""
        granted = self._granted()
        return {"kind": self.kind.currentData(),
                "wijk": self.wijk.currentData(),
                "start": self.start.date().toPython() if granted else None,
                "end": self.end.date().toPython() if granted else None,
                "language": self.language.currentData(), "size": self.size.currentData()}
