"""Registers: a first start on an empty register, opening another, making a new one, the
example. A room of the main window (ui.main_window)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui import settings
from ui.file_dialogs import open_file_name, save_file_name


class RegistersRoom:
    """The main window's work with register files; it opens them through open_register."""

    def first_start(self) -> None:
        self.build_chrome()
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self)
        if not dialog.exec():
            return
        if dialog.choice == "example":
            self.open_example()
            return
        values = dialog.values()
        try:
            self.register.set_up(**values)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        folder = dialog.chosen_backup_folder()
        if folder:  # the first backup at once, and every day the app is used from then on
            settings.remember_backup_folder(folder)
            self._backup(quiet=True)
        self._fill_register_filters()
        self.model.refresh()
        self._update_actions()
        self._show_deadline_counts()
        from ui.group_dialog import offer_next_steps

        offer_next_steps(self)  # the letters' contact details, and PINs

    def choose_register(self) -> None:
        path = open_file_name(
            self, _("Open register"), str(settings.data_dir()),
            _("Registers (*.sqlite *.db);;All files (*)"))
        if path:
            self.open_register(path)

    def create_register(self) -> None:
        path, _filter = save_file_name(
            self, _("New register"), str(settings.data_dir() / _("register.sqlite")),
            _("Registers (*.sqlite)"))
        if not path:
            return
        if Path(path).exists():
            QtWidgets.QMessageBox.warning(self, _("Regiegroep"), _(
                "{path} already exists. Choose a new name; an existing register is opened with "
                "File › Open register…").format(path=path))
            return
        self.open_register(path)

    def open_example(self) -> None:
        from regiegroep import demo
        from ui.tasks import run_in_background

        path = settings.example_register_path()
        if path.exists():
            self.open_register(path)
            return
        run_in_background(self, _("Writing the example register…"),
                          lambda progress: demo.write_demo(path, demo.DEFAULT_SIZE, progress),
                          lambda _made: self.open_register(path))
