"""The app never opens the register outside SQLite, so another program never sees it stale.

POSIX drops all of a process's locks on a file when any descriptor of it is closed. Qt's
file dialog used to read the register, its -wal and -shm files to guess their types: a
command run beside the app then took itself for the last user, deleted the write-ahead
log under the app, and the two saw different registers (ui.file_dialogs).
"""

from __future__ import annotations

from decimal import Decimal
import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from regiegroep.budgets import Municipality
from regiegroep.register import Register
from ui.file_dialogs import file_dialog

UI = Path(__file__).resolve().parent.parent / "ui"


OTHER_PROGRAM = textwrap.dedent("""
    import sys
    from regiegroep.register import Register
    with Register.open(sys.argv[1]) as reg:
        if sys.argv[2:]:
            reg.add_wijk(sys.argv[2])
        print(",".join(w.name for w in reg.wijken()))
""")


def other_program(path: Path, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(path), *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().split(",")


def deleted_files_held(path: Path) -> list[str]:
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            held.append(target)
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")
def test_a_file_dialog_in_the_registers_folder_keeps_its_locks(qtbot, tmp_path):
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(300000))
    app_register = Register.open(path)  # the app, keeping the register open
    try:
        assert [w.name for w in app_register.wijken()] == ["Poelenburg"]
        (tmp_path / "brief.pdf").write_bytes(b"%PDF-1.4\n")
        dialog = file_dialog(None, "Save the letter", str(tmp_path), "PDF (*.pdf)")
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.setNameFilter("*")
        qtbot.addWidget(dialog)
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        qtbot.waitUntil(lambda: model.rowCount(model.index(str(tmp_path))) >= 4, timeout=5000)
        for row in range(model.rowCount(model.index(str(tmp_path)))):  # what the list shows
            index = model.index(row, 2, model.index(str(tmp_path)))
            model.data(index)
            model.fileIcon(index)
        qtbot.wait(500)  # the dialog's gatherer thread fetches types and icons

        assert other_program(path, "Kogerveld") == ["Kogerveld", "Poelenburg"]
        app_register.add_wijk("Westerwatering")
        assert deleted_files_held(path) == []
        assert other_program(path) == ["Kogerveld", "Poelenburg", "Westerwatering"]
        assert [w.name for w in app_register.wijken()] == ["Kogerveld", "Poelenburg",
                                                            "Westerwatering"]
        dialog.close()
    finally:
        app_register.close()



def test_every_file_dialog_of_the_app_is_made_in_file_dialogs():
    offenders = []
    for source in UI.rglob("*.py"):
        if source.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "QFileDialog" or \
                    isinstance(node, ast.Name) and node.id == "QFileDialog":
                offenders.append(f"{source.name}:{node.lineno}")
    assert offenders == [], "use ui.file_dialogs, which never reads the files it lists"
