"""Registers: a first start on an empty register, opening another, making a new one, the
example. A room of the main window (ui.main_window)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui import settings
from ui.file_dialogs import open_file_name, save_file_name


class Registers:
    """Register files: a first start, opening, a new one, the example (the window's
    ``registers`` part)."""

    def __init__(self, window) -> None:
        self.window = window

    def first_start(self) -> None:
        self.window.build_chrome()
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.window)
        if not dialog.exec():
            return
        if dialog.choice == "example":
            self.open_example()
            return
        values = dialog.values()
        try:
            self.window.register.set_up(**values)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("Regiegroep"), str(exc))
            return
        folder = dialog.chosen_backup_folder()
        if folder:  # the first backup at once, and every day the app is used from then on
            settings.remember_backup_folder(folder)
            self.window.exchange.backup(quiet=True)
        self.window.filters.fill_register_filters()
        self.window.model.refresh()
        self.window.menus.update()
        self.window.filters.show_deadline_counts()
        from ui.group_dialog import offer_next_steps

        offer_next_steps(self.window)  # the letters' contact details, and PINs

    def choose_register(self) -> None:
        path = open_file_name(
            self.window, _("Open register"), str(settings.data_dir()),
            _("Registers (*.sqlite *.db);;All files (*)"))
        if path:
            self.window.open_register(path)

    def create_register(self) -> None:
        path, _filter = save_file_name(
            self.window, _("New register"), str(settings.data_dir() / _("register.sqlite")),
            _("Registers (*.sqlite)"))
        if not path:
            return
        if Path(path).exists():
            QtWidgets.QMessageBox.warning(self.window, _("Regiegroep"), _(
                "{path} already exists. Choose a new name; an existing register is opened with "
                "File › Open register…").format(path=path))
            return
        self.window.open_register(path)

    def open_example(self) -> None:
        from regiegroep import demo
        from ui.tasks import run_in_background

        path = settings.example_register_path()
        if path.exists():
            self.window.open_register(path)
            return
        run_in_background(self.window, _("Writing the example register…"),
                          lambda progress: demo.write_demo(path, demo.DEFAULT_SIZE, progress),
                          lambda _made: self.window.open_register(path))
