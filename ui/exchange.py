"""The register in and out of the app: backups to the group's folder (checked, rotated),
import from a spreadsheet and export, each on a worker thread with its own connection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtWidgets

from regiegroep import i18n
from regiegroep.errors import UserError
from regiegroep.i18n import _, ngettext
from ui import settings
from ui.file_dialogs import existing_directory, open_file_name, save_file_name


class Exchange:
    """Backups, import and export (the window's ``exchange`` part)."""

    BACKUP_EVERY_HOURS = 24

    def __init__(self, window) -> None:
        self.window = window

    def backup_folder(self) -> str:
        return settings.backup_folder()

    def choose_backup_folder(self) -> None:
        folder = existing_directory(
            self.window, _("Where should backups go? (a USB stick, for instance)"), self.backup_folder())
        if folder:
            settings.remember_backup_folder(folder)
            self.backup_now()

    def backup_now(self) -> None:
        if not self.backup_folder():
            self.choose_backup_folder()
            return
        self.backup(quiet=False)

    def backup(self, quiet: bool) -> None:
        """A checked copy into the backup folder, rotated (7 daily, 4 weekly, 12 monthly)."""
        from regiegroep.trust import backup

        try:
            made = backup.make_backup(self.window.register.path, self.backup_folder())
            backup.rotate(self.backup_folder(), self.window.register.path.stem, register=made)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, _("The backup failed"), str(exc) + "\n\n" + _(
                "Your register itself is fine. Check that the backup folder (USB stick) is "
                "there, or choose another with File › Backup folder…"))
            return
        settings.remember_backup(made.name)
        self.window.filters.show_deadline_counts()  # a warning of stale backups goes
        if not quiet:
            self.window.statusBar().showMessage(_("Backup written and checked: {path}").format(
                path=made), 8000)

    def backup_if_due(self) -> None:
        """Hourly: a backup when the newest in the folder is a day old (or there is none)."""
        from regiegroep.trust import backup

        folder = self.backup_folder()
        if self.window.register is None or not folder or self.window.read_only:
            return
        existing = backup.backups(folder, self.window.register.path.stem)
        due = dt.datetime.now() - dt.timedelta(hours=self.BACKUP_EVERY_HOURS)
        if not existing or existing[-1][0] < due:
            self.backup(quiet=True)

    def _as_signed_in(self):
        from ui.tasks import opener_as_signed_in

        return opener_as_signed_in(self.window.register)

    def import_csv(self) -> None:
        from regiegroep.exchange import importer
        from ui.tasks import run_in_background

        if self.window.register is None or self.window.read_only:
            return
        file = open_file_name(
            self.window, _("Import from spreadsheet"), "", _("CSV files (*.csv *.txt);;All files (*)"))
        if not file:
            return
        opened = self._as_signed_in()

        def check(_progress):
            with opened() as register:
                return importer.import_csv(register, file, dry_run=True)

        run_in_background(self.window, _("Checking {file}…").format(file=Path(file).name), check,
                          lambda result: self._confirm_import(file, result))

    def _confirm_import(self, file: str, result) -> None:
        from regiegroep.exchange import importer
        from ui.tasks import run_in_background

        notes = "\n".join(result.warnings)
        if result.problems:
            box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("Nothing was imported"), ngettext(
                "The file has {n} problem. Fix it in the spreadsheet and import again; "
                "nothing has been changed.",
                "The file has {n} problems. Fix them in the spreadsheet and import again; "
                "nothing has been changed.", len(result.problems)).format(n=len(result.problems)),
                parent=self.window)
            box.setDetailedText("\n".join(str(p) for p in result.problems) + ("\n" + notes if notes else ""))
            box.exec()
            return
        n = len(result.applications)
        answer = QtWidgets.QMessageBox.question(self.window, _("Import"), ngettext(
            "Import {n} application from {file}?", "Import {n} applications from {file}?", n)
            .format(n=i18n.format_number(n), file=Path(file).name) + ("\n\n" + notes if notes else ""))
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        opened = self._as_signed_in()

        def do_import(_progress):
            with opened() as register:
                return importer.import_csv(register, file, actor="desktop")

        run_in_background(self.window, _("Importing…"), do_import, lambda r: self._imported(r))

    def _imported(self, result) -> None:
        self.window.undo_stack.clear()  # an import is one step that is not undone piecemeal
        self.window.reread(None)
        n = len(result.applications)
        QtWidgets.QMessageBox.information(self.window, _("Import"), ngettext(
            "{n} application imported.", "{n} applications imported.", n).format(n=i18n.format_number(n)))

    def export_register(self) -> None:
        from regiegroep.exchange import export
        from ui.tasks import run_in_background

        if self.window.register is None:
            return
        json_filter, csv_filter = _("JSON (*.json)"), _("CSV spreadsheet (*.csv)")
        file, chosen = save_file_name(
            self.window, _("Export register"), str(Path.home() / "register.json"),
            f"{json_filter};;{csv_filter}")
        if not file:
            return
        fmt = "csv" if chosen == csv_filter or file.lower().endswith(".csv") else "json"
        opened = self._as_signed_in()

        def do_export(_progress):
            with opened() as register:
                return export.export(register, fmt, file)

        run_in_background(self.window, _("Exporting…"), do_export, lambda count: QtWidgets.QMessageBox.information(
            self.window, _("Export"), ngettext("Wrote {n} application to {path}.",
                                        "Wrote {n} applications to {path}.", count)
            .format(n=i18n.format_number(count), path=file)))
