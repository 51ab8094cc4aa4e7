"""Long work off the UI thread, behind a progress dialog."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QThread, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from regiegroep import store
from regiegroep.errors import RegisterError, UserError
from regiegroep.i18n import _
from regiegroep.register import Register


class Cancelled(Exception):
    """Raised by a job's progress callback once the person cancelled the job."""


class _Worker(QThread):
    progressed = Signal(int, int)

    def __init__(self, job: Callable[[Callable[[int, int], None]], Any]):
        super().__init__()  # no parent: see start
        self._job = job
        self.cancelled = False  # set on the UI thread; the job sees it at its next progress
        self.outcome: tuple[str, Any] = ("bug", "the job did not end")  # read once ended

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            self.outcome = ("made", self._job(self._progress))
        except Cancelled:
            self.outcome = ("made", None)  # thrown away: see run_in_background
        except UserError as exc:
            self.outcome = ("refused", str(exc))
        except Exception:  # a bug: report it, the register's transaction was rolled back
            self.outcome = ("bug", traceback.format_exc())


_ALIVE: set[QThread] = set()  # threads started here, held until they have quite ended


def start(thread: QThread, ended: Callable[[], None]) -> None:
    """Start ``thread`` and, once it has quite ended, call ``ended()`` on the UI thread.

    The thread is held here, not by a window: a window closed while its job runs does not
    take the running thread with it (deleting a running QThread ends the program). Whatever
    waits for a job waits for ``ended``: a signal sent from ``run`` arrives while the thread
    is still finishing, and acting on it (closing the window it belongs to) raced that."""
    _ALIVE.add(thread)

    def finished() -> None:
        thread.wait()  # ``finished`` is sent a moment before the thread has returned
        _ALIVE.discard(thread)
        try:
            ended()
        finally:
            thread.deleteLater()

    thread.finished.connect(finished)
    thread.start()


def wait_for_all() -> None:
    """Wait for every job still running (the app quitting; a test ending)."""
    for thread in list(_ALIVE):
        thread.wait()
    QCoreApplication.sendPostedEvents()  # their ``ended``, then their deletion


class IntegrityCheck(QThread):
    """integrity_check, foreign_key_check and the audit chain of a large register take a
    few seconds; they run beside the already visible window, on a connection of their own.
    Started with ``start``; ``problem`` is read once it has ended."""

    def __init__(self, path: Path):
        super().__init__()  # no parent: see start
        self.path = path
        self.problem = ""  # empty when the register is sound, else the problem

    def run(self) -> None:
        try:
            store.check_file(self.path)
        except RegisterError as exc:
            self.problem = str(exc)
            return
        verdict = store.check_audit_file(self.path)
        self.problem = "" if verdict.intact else str(verdict)


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
    worker = _Worker(job)

    def progressed(done: int, total: int) -> None:
        if isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(done)

    def cancel() -> None:
        worker.cancelled = True

    def ended() -> None:
        if running is not None and worker in running:
            running.remove(worker)
        if not isValid(dialog):
            return  # its window was closed meanwhile: what the job did stands, unshown
        dialog.reset()
        dialog.deleteLater()
        kind, value = worker.outcome
        if kind == "made":
            (on_cancel if worker.cancelled else on_success)(value)
            return
        if worker.cancelled:
            on_cancel(None)
            if kind == "refused":
                return
        if kind == "bug":
            show_bug(parent, value)
        elif on_failure:
            on_failure(value)
        else:
            QMessageBox.warning(parent, _("Regiegroep"), value)

    if on_cancel is not None:
        dialog.canceled.connect(cancel)
    worker.progressed.connect(progressed)
    if running is not None:
        running.append(worker)
    start(worker, ended)
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
