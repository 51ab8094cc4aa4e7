"""Long work off the UI thread, behind a progress dialog."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from regiegroep import store
from regiegroep.errors import RegisterError, UserError
from regiegroep.i18n import _
from regiegroep.register import Register


class Cancelled(Exception):
    """Raised by a job's progress callback once the person cancelled the job."""


class _Worker(QThread):
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, is a bug
    progressed = Signal(int, int)

    def __init__(self, job: Callable[[Callable[[int, int], None]], Any], parent: QObject):
        super().__init__(parent)
        self._job = job
        self.cancelled = False  # set on the UI thread; the job sees it at its next progress

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except Cancelled:
            self.succeeded.emit(None)  # thrown away: see run_in_background
        except UserError as exc:
            self.failed.emit(str(exc), False)
        except Exception:  # a bug: report it, the register's transaction was rolled back
            self.failed.emit(traceback.format_exc(), True)
        else:
            self.succeeded.emit(result)


class IntegrityCheck(QThread):
    """integrity_check, foreign_key_check and the audit chain of a large register take a
    few seconds; they run beside the already visible window, on a connection of their own."""

    done = Signal(str)  # empty when the register is sound, else the problem

    def __init__(self, path: Path, parent):
        super().__init__(parent)
        self.path = path

    def run(self) -> None:
        try:
            store.check_file(self.path)
        except RegisterError as exc:
            self.done.emit(str(exc))
            return
        verdict = store.check_audit_file(self.path)
        self.done.emit("" if verdict.intact else str(verdict))


def run_in_background(parent: QWidget, label: str,
                      job: Callable[[Callable[[int, int], None]], Any],
                      on_success: Callable[[Any], None],
                      on_failure: Callable[[str], None] | None = None,
                      on_cancel: Callable[[Any], None] | None = None,
                      running: list | None = None) -> _Worker:
    """Run ``job(progress)`` in a thread, with a progress dialog; then call ``on_success``.

    ``job`` must open its own register connection: SQLite connections stay on their thread.
    A UserError is shown as it is, or handed to ``on_failure``; anything else is a bug,
    shown with an apology.

    With ``on_cancel`` the dialog has a Cancel button. Cancelling closes it at once and
    the window goes on; the job stops at its next ``progress`` call (which raises
    Cancelled), and once it has ended ``on_cancel`` gets what it made (None if it stopped)
    instead of ``on_success``, to throw away. A UserError after cancelling is not shown.

    ``running``, if given, holds the worker until its job has ended (a window waits for
    those on closing).
    """
    dialog = QProgressDialog(label, _("Cancel") if on_cancel else "", 0, 0, parent)
    dialog.setWindowTitle(_("Please wait"))
    if on_cancel is None:
        dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = _Worker(job, parent)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def cancel() -> None:
        worker.cancelled = True

    def ended() -> None:
        if running is not None and worker in running:
            running.remove(worker)

    def succeeded(result: Any) -> None:
        ended()
        if worker.cancelled:
            on_cancel(result)
            return
        dialog.reset()
        on_success(result)

    def failed(message: str, bug: bool) -> None:
        ended()
        if worker.cancelled and not bug:
            on_cancel(None)
            return
        dialog.reset()
        if worker.cancelled:
            on_cancel(None)
        if bug:
            show_bug(parent, message)
        elif on_failure:
            on_failure(message)
        else:
            QMessageBox.warning(parent, _("Regiegroep"), message)

    if on_cancel is not None:
        dialog.canceled.connect(cancel)
    worker.progressed.connect(progressed)
    worker.succeeded.connect(succeeded)
    worker.failed.connect(failed)
    worker.finished.connect(worker.deleteLater)
    if running is not None:
        running.append(worker)
    worker.start()
    return worker


def opener_as_signed_in(register: Register) -> Callable[[], Register]:
    """A way to open ``register`` on a worker thread (SQLite connections stay on their
    thread) as the person signed in there: the core checks their rights there too, and
    the record names them."""
    path, session = register.path, register.session

    def opened() -> Register:
        other = Register.open(path, check=False)
        other.session = session
        return other

    return opened


def show_bug(parent: QWidget | None, details: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, _("Regiegroep"),
                      _("Sorry, something went wrong inside Regiegroep. Your register is safe: "
                        "the action was not carried out. Please tell the people who maintain "
                        "the app what you were doing, with the details below."),
                      parent=parent)
    box.setDetailedText(details)
    box.exec()
