"""Letters to the applicant (Art. 5: the decision, or Art. 4.3 and Awb 4:5: the request to
complete), public notices (Art. 7) and the year report to the municipality: printed from a
print preview or saved, written in the background.

The core writes the letter (regiegroep.documents.letters); that takes a moment, so it is written on a
worker thread with a progress dialog that can be cancelled, and the window stays
responsive. The letter is written beside its destination under a temporary name and only
renamed once it is whole: a cancel, or a failure, leaves no partial file. A letter's
sending day (it dates the letter and starts the objection term) is asked and checked
before it is drawn, and recorded only once the letter was printed or saved: a preview
closed unprinted, or a cancelled save, records nothing.
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


class Documents:
    """Letters, notices and the year report, printed or saved (the window's ``documents`` part)."""

    def __init__(self, window) -> None:
        self.window = window

    def _sending_day(self, current):
        """The day the letter goes in the post: the day recorded before, or asked (today by
        default) and checked now, before anything is drawn (regiegroep.deciding.sending):
        it is recorded only once the letter is printed or saved. None: not asked (a
        request to complete, or nobody here may record it), the letter is dated as before.
        False: cancelled, or the day is refused (said here)."""
        from regiegroep.trust.access import Permission
        from regiegroep.deciding.sending import check_sending, sent_on
        from ui.sending_dialog import SendingDialog

        from regiegroep.documents.letters import decision_of_letter

        decision = decision_of_letter(self.window.register, current)
        if decision is None:  # a request to complete, or nothing decided: nothing to record
            return None
        recorded = sent_on(self.window.register, decision.id)
        if recorded is not None or self.window.read_only \
                or not self.window.register.session.may(Permission.DECIDE):
            return recorded
        register = self.window.register
        dialog = SendingDialog(self.window, decision.decided_on,
                               check=lambda day: check_sending(register, [decision], day))
        if not dialog.exec():
            return False
        return dialog.day()  # OK only once the core accepted it

    def _posted(self, paper, app_id: int | None = None, keep_as: Path | None = None) -> bool:
        """The letters of ``paper`` left the app (printed, or kept as ``keep_as``): their
        sending day on record, one action (regiegroep.documents.letters.record_posting).
        False, said, when that was refused; a kept file is then not put in place."""
        from regiegroep.documents.letters import record_posting
        from regiegroep.errors import UserError
        from regiegroep.files import write_problem

        try:
            if paper.decisions:
                record_posting(self.window.register, paper, keep_as=keep_as)
            elif keep_as is not None:  # nothing to record: the file is put in place
                os.replace(paper.path, keep_as)
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("No letter"),
                                          str(write_problem(keep_as, exc)))
            return False
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("No letter"), str(exc))
            return False
        if paper.decisions:
            self.window.reread(app_id)
        return True

    def print_letter(self) -> None:
        """The letter in a print preview, from which it is printed; its sending day is
        recorded once it was printed, not when the preview is closed unprinted."""
        current = self.window.selected()
        if current is None or self.window.register is None:
            return
        sent = self._sending_day(current)
        if sent is False:
            return
        folder = Path(tempfile.mkdtemp(prefix="regiegroep-letter-"))
        path = folder / f"{current.sequence}.pdf"

        def preview(paper) -> None:
            from ui.printing import preview_and_print

            try:
                if preview_and_print(self.window, paper.path, _(
                        "Letter for application {sequence}").format(sequence=current.sequence)):
                    self._posted(paper, current.id)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        self._letter_in_background(current.sequence, path, preview,
                                   lambda: shutil.rmtree(folder, ignore_errors=True), sent)

    def save_letter(self) -> None:
        """The letter saved as a PDF; its sending day is recorded with the file in place,
        not when the save is cancelled."""
        current = self.window.selected()
        if current is None or self.window.register is None:
            return
        sent = self._sending_day(current)
        if sent is False:
            return
        path, _filter = save_file_name(
            self.window, _("Save the letter as PDF"),
            str(Path.home() / _("letter-{sequence}.pdf").format(sequence=current.sequence)),
            _("PDF (*.pdf)"))
        if not path:
            return
        out = Path(path)
        part = out.with_name("." + out.name + ".part")

        def kept(paper) -> None:
            if self._posted(paper, current.id, keep_as=out):
                self.window.statusBar().showMessage(
                    _("The letter is saved as {path}.").format(path=path), 8000)
            else:
                part.unlink(missing_ok=True)

        self._letter_in_background(current.sequence, part, kept, sent=sent)

    def print_meeting_letters(self) -> None:
        """All letters of a meeting's decisions in one PDF, each on a new sheet: the days
        asked and checked, then shown in a print preview, dated on the day they are posted;
        that day is recorded once they were printed."""
        import datetime as dt

        from regiegroep.documents import letters
        from ui.sending_dialog import MeetingLettersDialog
        from ui.tasks import opener_as_signed_in

        if self.window.register is None:
            return
        register = self.window.register
        dialog = MeetingLettersDialog(
            self.window, letters.latest_decision_day(register) or dt.date.today(),
            check=lambda start, end, sent: letters.check_letters(register, start, end, sent))
        if not dialog.exec():
            return
        start, end, sent = dialog.days()  # OK only once the core accepted them
        opened = opener_as_signed_in(self.window.register)

        def write(_progress, path: Path):
            with opened() as register:
                return letters.draw_letters(register, start, end, path, sent)

        self._preview_in_background(
            _("Writing the letters of the meeting…"),
            _("letters-{day}.pdf").format(day=start.isoformat()), write,
            _("Letters of a meeting"), _("No letter"), printed=self._posted)

    def _letter_in_background(self, sequence: int, part: Path, then: Callable,
                              gone: Callable[[], None] = lambda: None, sent=None) -> None:
        """Draw the letter for application ``sequence`` to ``part``, dated ``sent`` and
        without recording it (regiegroep.documents.letters.draw_letter), on a worker
        thread; then call ``then`` with the paper; ``gone`` when it was cancelled or failed
        (``part`` is not there)."""
        from regiegroep.documents import letters
        from ui.tasks import opener_as_signed_in, run_in_background

        opened = opener_as_signed_in(self.window.register)

        def write(_progress):
            try:
                with opened() as register:
                    return letters.draw_letter(register, sequence, part, sent or None)
            except BaseException:
                part.unlink(missing_ok=True)
                raise

        def cancelled(_result) -> None:
            part.unlink(missing_ok=True)
            gone()

        def failed(message: str) -> None:
            gone()
            QtWidgets.QMessageBox.warning(self.window, _("No letter"), message)

        run_in_background(
            self.window, _("Writing the letter for application {sequence}…").format(sequence=sequence),
            write, then, failed, cancelled, running=self.window.workers)

    def year_report(self) -> None:
        """The year report to the municipality (regiegroep.reports.exchange_report) for the year and
        neighbourhood (or all) the person chooses: printed from a preview of its PDF, or
        written into a folder (PDF, CSVs, XLSX); in the background with a cancel."""
        import datetime as dt

        from regiegroep.reports.exchange_report import Cancelled as ReportCancelled, write_report
        from ui.tasks import Cancelled, opener_as_signed_in, run_in_background

        if self.window.register is None or not self.window.menus.year_report_action.isEnabled():
            return
        from ui.document_choices import ReportChoice

        years = self.window.register.years() or [dt.date.today().year]
        choice = ReportChoice(years, [w.name for w in self.window.register.wijken()], self.window)
        if not choice.exec():
            return
        year, wijk = choice.values()
        if choice.action == "print":
            self._print_report(year, wijk)
            return
        folder = existing_directory(self.window, _("Write the year report into which folder?"),
                                    str(Path.home()))
        if not folder:
            return
        opened = opener_as_signed_in(self.window.register)
        running: dict = {}

        def write(progress):
            try:
                with opened() as register:
                    return write_report(register, year, folder, wijk=wijk, progress=progress,
                                        cancelled=lambda: bool(running) and running["worker"].cancelled)
            except ReportCancelled:
                raise Cancelled from None  # the report left nothing behind

        def written(paths) -> None:
            self.window.statusBar().showMessage(_("The year report {year} is written in {folder}.")
                                         .format(year=year, folder=folder), 8000)

        running["worker"] = run_in_background(
            self.window, _("Writing the year report {year}…").format(year=year), write, written,
            on_cancel=lambda _made: self.window.statusBar().showMessage(
                _("The year report was cancelled; nothing was written."), 6000),
            running=self.window.workers)

    def _print_report(self, year: int, wijk: str | None) -> None:
        """The year report's PDF, written in the background, in a print preview."""
        from regiegroep.reports.exchange_report import (
            Cancelled as ReportCancelled,
            write_report_pdf,
        )
        from ui.tasks import Cancelled, opener_as_signed_in

        opened = opener_as_signed_in(self.window.register)
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
            _("Writing the year report {year}…").format(year=year), _("year-report") + f"-{year}.pdf",
            write, title, _("No year report"))

    def _preview_in_background(self, label: str, name: str,
                               write: Callable[[Callable, Path], object], title: str,
                               problem: str, printed: Callable[[object], object] | None = None):
        """Run ``write(progress, path)`` on a worker thread behind a progress dialog that can
        cancel, then show the PDF at ``path`` in a print preview; the file is a temporary
        one, gone afterwards, also when cancelled or failed. ``printed`` is called with what
        ``write`` returned once the PDF was printed (not when the preview was closed)."""
        from ui.tasks import run_in_background

        folder = Path(tempfile.mkdtemp(prefix="regiegroep-print-"))
        path = folder / name

        def gone(_result=None) -> None:
            shutil.rmtree(folder, ignore_errors=True)

        def written(result) -> None:
            from ui.printing import preview_and_print

            try:
                if preview_and_print(self.window, path, title) and printed is not None:
                    printed(result)
            finally:
                gone()

        def failed(message: str) -> None:
            gone()
            QtWidgets.QMessageBox.warning(self.window, problem, message)

        return run_in_background(self.window, label, lambda progress: write(progress, path), written,
                                 failed, gone, running=self.window.workers)

    def print_notice(self) -> None:
        """A public notice (Art. 7): the scheme or the granted initiatives, in a language and
        size chosen; printed from a preview of its PDF, or saved as PDF, text or HTML by the
        file's extension; in the background."""
        from regiegroep.documents.notices import write_notice
        from ui.document_choices import NoticeChoice
        from ui.tasks import opener_as_signed_in, run_in_background

        if self.window.register is None or not self.window.menus.notice_action.isEnabled():
            return
        from regiegroep.budgets.kiosk_place import kiosk_place

        choice = NoticeChoice([w.name for w in self.window.register.wijken()], self.window,
                              kiosk=kiosk_place(self.window.register))
        if not choice.exec() or choice.problem():
            return
        options = choice.options()
        kind, language = options["kind"], options["language"]
        # The file's name in the notice's own words (no English in a Dutch file name).
        kind = {"scheme": _("scheme-notice"), "granted": _("granted-initiatives")}[kind]
        opened = opener_as_signed_in(self.window.register)
        if choice.action == "print":
            def write_pdf(_progress, path: Path) -> None:
                with opened() as register:
                    write_notice(register, out=path, **options)

            self._preview_in_background(_("Writing the notice…"), f"{kind}-{language}.pdf",
                                        write_pdf, choice.kind.currentText(), _("No notice"))
            return
        pdf, text, page = _("PDF (*.pdf)"), _("Plain text (*.txt)"), _("Web page (*.html)")
        path, chosen = save_file_name(self.window, _("Save the notice"), str(
            Path.home() / f"{kind}-{language}.pdf"), f"{pdf};;{text};;{page}")
        if not path:
            return
        if Path(path).suffix.lower() not in (".pdf", ".txt", ".html"):
            path += {text: ".txt", page: ".html"}.get(chosen, ".pdf")

        def write(_progress):
            with opened() as register:
                return write_notice(register, out=path, **options)

        run_in_background(self.window, _("Writing the notice…"), write,
                          lambda _out: self.window.statusBar().showMessage(
                              _("The notice is saved as {path}.").format(path=path), 8000),
                          running=self.window.workers)
