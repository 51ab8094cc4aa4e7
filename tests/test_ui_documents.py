"""Letters printed and saved from the window: written beside a window that stays
responsive, with a progress dialog whose Cancel leaves no file behind (pytest-qt)."""

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from regiegroep import letters
from ui import documents

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)


def granted(qtbot, w):
    w.status_filter.setCurrentIndex(w.status_filter.findData("granted"))
    qtbot.waitUntil(lambda: w.model.rowCount() > 0)
    w.table.selectRow(0)
    return w.selected()


def test_a_saved_letter_is_a_whole_pdf_and_nothing_else(qtbot, example_copy, tmp_path, monkeypatch):
    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(documents, "save_file_name", lambda *a, **k: (str(target), ""))
    w.letter_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not w._workers, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["brief.pdf"]
    assert "brief.pdf" in w.statusBar().currentMessage()
    assert app.sequence == w.selected().sequence


def test_cancelling_a_letter_leaves_no_file_and_the_window_responds(qtbot, example_copy, tmp_path,
                                                                    monkeypatch):
    w = opened(qtbot, example_copy)
    granted(qtbot, w)
    target = tmp_path / "letters" / "brief.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(documents, "save_file_name", lambda *a, **k: (str(target), ""))
    release, writing = threading.Event(), threading.Event()
    real = letters.write_letter

    def slow(register, sequence, out, sent=None):
        made = real(register, sequence, out, sent)  # the file is there, the work not done
        writing.set()
        release.wait(20)
        return made

    monkeypatch.setattr(letters, "write_letter", slow)
    w.save_letter()
    qtbot.waitUntil(writing.is_set, timeout=20000)
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])  # the window's events go on meanwhile
    dialog = next(d for d in w.findChildren(QProgressDialog) if d.labelText())
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert "brief voor aanvraag" in dialog.labelText().lower()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Annuleren"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not w._workers, timeout=20000)
    qtbot.wait(50)
    assert list(target.parent.iterdir()) == []
    assert "brief.pdf" not in w.statusBar().currentMessage()


def test_printing_previews_the_letter_and_then_removes_it(qtbot, example_copy, monkeypatch):
    import ui.printing

    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    previewed = []

    def preview(parent, path, title):
        previewed.append((Path(path), Path(path).read_bytes()[:4], title))

    monkeypatch.setattr(ui.printing, "preview_and_print", preview)
    w.print_letter_action.trigger()
    qtbot.waitUntil(lambda: bool(previewed), timeout=20000)
    path, start, title = previewed[0]
    assert start == b"%PDF" and str(app.sequence) in title
    qtbot.waitUntil(lambda: not path.parent.exists())
