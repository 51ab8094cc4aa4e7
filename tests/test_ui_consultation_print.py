"""The consultation's papers print from the app (issue 13.4 for issue 14's documents): saved
as PDF where the volunteer chose, in the background, then shown in a print preview."""

from pathlib import Path

import ui.consultation_list as consultation_list
import ui.printing
from ui.consultation_list import ConsultationsDialog

from .test_ui_walk_consultations import _setup


def test_a_poster_saved_from_the_dialog_opens_in_the_print_preview(qtbot, register, tmp_path,
                                                                   monkeypatch):
    c, _codes, _members, _ids = _setup(register)
    out = tmp_path / "poster.pdf"
    monkeypatch.setattr(consultation_list, "save_file_name",
                        lambda *args, **kwargs: (str(out), "PDF (*.pdf)"))
    previewed = []
    monkeypatch.setattr(ui.printing, "preview_and_print",
                        lambda parent, path, title: previewed.append((Path(path), title)))
    dialog = ConsultationsDialog(register)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    dialog.print_paper("announcement")
    qtbot.waitUntil(lambda: bool(previewed), timeout=20000)
    assert previewed == [(out, c.title)]
    assert out.read_bytes().startswith(b"%PDF")  # the saved copy stays


def test_the_print_preview_fits_a_laptop_screen(qtbot, register, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    c, _codes, _members, _ids = _setup(register)
    from regiegroep.documents import consultation_notices

    path = tmp_path / "poster.pdf"
    consultation_notices.write(register, "announcement", c.id, path, "a3")
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        screen = dialog.screen().availableGeometry()
        seen.append((dialog.objectName(), dialog.height() <= screen.height()))
        dialog.reject()
    QTimer.singleShot(300, look)
    ui.printing.preview_and_print(None, path, c.title)
    assert seen == [("print_preview", True)]
