"""Choosing files and folders without ever opening the register behind SQLite's back.

SQLite's locks on a register are POSIX advisory locks, and POSIX drops *all* of a process's
locks on a file the moment any descriptor of that file in the process is closed ("How To
Corrupt An SQLite Database File", section 2.2). Qt's file dialog asks its icon provider
for every file it lists, and the stock provider reads each file's first bytes to guess
its type: listing the register's folder opened and closed the register, its -wal and its
-shm file. Another program on the register then thought it was the last one, checkpointed
and deleted the write-ahead log under the app, and the two saw different registers.

Every file dialog of the app is made here, with an icon provider that looks at names only.
Qt's own dialog is used on every system, so the provider is always the one in charge (a
native dialog would bring its own) and its texts come from Qt's catalogs in the app's
language.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from regiegroep.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog, QWidget

# Qt's file dialog classes are looked up when the first dialog is made: PySide6 sets up
# QFileDialog and its kin on first use, a hundredth of a second the window's first rows
# (and the sign-in page) need not wait for.


@functools.cache
def _names_only():
    """The icon provider class (made once, on the first dialog)."""
    from PySide6.QtCore import QFileInfo
    from PySide6.QtWidgets import QApplication, QFileIconProvider, QStyle

    class NamesOnly(QFileIconProvider):
        """Icons and type names from a file's name and kind, never from its content."""

        def __init__(self):
            super().__init__()
            self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
            style = QApplication.style()
            self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)

        def icon(self, what):
            if isinstance(what, QFileInfo):
                return self._folder if what.isDir() else self._file
            return super().icon(what)

        def type(self, info: QFileInfo) -> str:
            if info.isDir():
                return _("Folder")
            suffix = info.suffix()
            return _("{suffix} file").format(suffix=suffix.upper()) if suffix else _("File")

    return NamesOnly


# Qt 6's dialog asks for "&Look in:" and "Files of &type:", while Qt's own catalogs (qtbase_nl)
# have these without the shortcut mark, so the labels stayed English. Only these dialogs
# need it: a translator in Python for the whole app would be asked for every Qt string.
_LABELS = {"lookInLabel": "Look in:", "fileTypeLabel": "Files of type:",
           "fileNameLabel": "File name:"}


def _translate_labels(dialog: QFileDialog) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QLabel

    for label in dialog.findChildren(QLabel):
        source = _LABELS.get(label.objectName())
        if source and "&" in label.text():
            translated = QCoreApplication.translate("QFileDialog", source)
            if translated != source:
                label.setText(translated)


def file_dialog(parent: QWidget | None, caption: str, folder: str = "",
                filters: str = "") -> QFileDialog:
    """A file dialog that lists files by name only (see the module's docstring); it opens in
    ``folder``, or in the home folder when none is given (not the program's folder)."""
    from PySide6.QtCore import QDir
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, caption, folder or QDir.homePath(), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    _translate_labels(dialog)
    provider = _names_only()()
    dialog.setIconProvider(provider)
    dialog._names_only = provider  # the dialog does not own its provider: keep it alive
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    chosen = dialog.selectedFiles() if dialog.exec() else []
    dialog.deleteLater()
    if chosen:
        remember_folder(chosen[0])
    return chosen


_LAST = "files/last_folder"


def remember_folder(path: str) -> None:
    """The folder of what was chosen last: the next file dialog starts there."""
    from pathlib import Path

    from PySide6.QtCore import QSettings

    where = Path(path)
    QSettings().setValue(_LAST, str(where if where.is_dir() else where.parent))


def start_folder(folder: str = "") -> str:
    """Where a file dialog starts (issue 21, 11): where the last document went, unless the
    caller names a folder or file of its own; a bare suggestion in the home folder (a name
    for a new file) moves there too."""
    from pathlib import Path

    from PySide6.QtCore import QSettings

    last = QSettings().value(_LAST, "", str)
    if not last or not Path(last).is_dir():
        return folder
    if not folder or Path(folder) == Path.home():
        return last
    suggested = Path(folder)
    if suggested.parent == Path.home() and not suggested.exists():
        return str(Path(last) / suggested.name)
    return folder


def open_file_name(parent: QWidget | None, caption: str, folder: str = "",
                   filters: str = "") -> str:
    """One existing file, or "" when the person cancelled."""
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, caption, start_folder(folder), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_run(dialog)), "")


def open_file_names(parent: QWidget | None, caption: str, folder: str = "",
                    filters: str = "") -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, caption, start_folder(folder), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def save_file_name(parent: QWidget | None, caption: str, path: str = "",
                   filters: str = "") -> tuple[str, str]:
    """Where to save, and the filter chosen; ("", "") when the person cancelled."""
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, caption, start_folder(path), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    # A name typed without its extension gets the chosen filter's ("verschillen" is saved
    # as verschillen.csv, which a spreadsheet then opens).
    _suffix_of(dialog, dialog.selectedNameFilter() or filters)
    dialog.filterSelected.connect(lambda chosen_filter: _suffix_of(dialog, chosen_filter))
    chosen = _run(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def _suffix_of(dialog, name_filter: str) -> None:
    import re

    found = re.search(r"\*\.(\w+)", name_filter)
    dialog.setDefaultSuffix(found.group(1) if found else "")


def existing_directory(parent: QWidget | None, caption: str, folder: str = "") -> str:
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, caption, start_folder(folder))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return next(iter(_run(dialog)), "")
