"""Letters to the applicant (Art. 5: the decision, or Art. 4.3 and Awb 4:5: the request to
complete), printed or saved as PDF.

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
from ui.file_dialogs import save_file_name


class DocumentsRoom:
    """Printing and saving letters from the main window (a part of
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
