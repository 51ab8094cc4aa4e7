"""Work in the background (ui.tasks): its end is reported once its thread has quite ended,
and a window closed while the work runs does not take the running thread with it.

Both were races: the result was sent from the thread's own ``run``, so a window that closed
on it (a test ending, a volunteer closing the consultations window) deleted a thread still
finishing, and the program ended with a segmentation fault."""

import threading

from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

from ui import tasks


def test_the_result_arrives_after_the_thread_has_ended(qtbot):
    window = QDialog()
    qtbot.addWidget(window)
    running, seen = [], []

    def made(result):
        seen.append((result, worker.isFinished(), list(running)))

    worker = tasks.run_in_background(window, "…", lambda progress: 42, made, running=running)
    assert running == [worker]
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == [(42, True, [])]  # ended, and no longer among the window's running jobs


def test_closing_the_window_while_its_job_runs_lets_the_job_end(qtbot, tmp_path):
    window = QDialog()
    go_on, seen = threading.Event(), []
    written = tmp_path / "written.txt"

    def job(progress):
        assert go_on.wait(10)
        written.write_text("done", encoding="utf-8")
        return "done"

    worker = tasks.run_in_background(window, "…", job, seen.append)
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window), timeout=5000)
    assert worker.isRunning()  # the window is gone, its job is not
    go_on.set()
    tasks.wait_for_all()
    assert written.read_text(encoding="utf-8") == "done"  # what the job did stands
    assert seen == []  # and nothing is shown on a window that is no longer there


def test_a_refusal_is_shown_once_the_thread_has_ended(qtbot):
    from regiegroep.errors import UserError

    window = QDialog()
    qtbot.addWidget(window)
    refused = []

    def job(progress):
        raise UserError("Dit kan niet.")

    worker = tasks.run_in_background(window, "…", job, lambda _r: None,
                                     on_failure=lambda text: refused.append(
                                         (text, worker.isFinished())))
    qtbot.waitUntil(lambda: bool(refused), timeout=10000)
    assert refused == [("Dit kan niet.", True)]
