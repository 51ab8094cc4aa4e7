"""Start-up: the QApplication, the language, where registers live, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Babel's number and date formatting, which the first rows need, before Qt as well: see
# _spare_pyside_import_hook below.
from babel import dates, numbers  # noqa: F401
from PySide6 import QtCore  # QtCore.Qt is read where needed, not at start-up


def _spare_pyside_import_hook() -> None:
    """Tell PySide6's import hook about the modules loaded before it.

    Once loaded, PySide6 reads through the source of every module it has not seen, the
    first time any import statement names it, to learn whether the module opts into its
    ``from __feature__ import ...`` syntax (we never do). For the core and the standard
    library, loaded before Qt (ui.main), that reading costs about 9 ms of start-up
    (benchmarks/startup.py). They are entered as -1, PySide's own "ignore this module",
    which is what the reading would conclude. If a PySide6 version keeps its table
    elsewhere, this does nothing and only start-up is slower.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in list(sys.modules):
            table.setdefault(name, -1)


_spare_pyside_import_hook()

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QStandardPaths, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from regiegroep import i18n  # noqa: E402

ORGANISATION = "Regiegroep"
APPLICATION = "Regiegroep"
DEFAULT_REGISTER = "register.sqlite"
EXAMPLE_REGISTER = "voorbeeld.sqlite"

_qt_translators: list[QTranslator] = []
windows: list = []  # the open main window, kept referenced across a language switch


def data_dir() -> Path:
    """Where registers live unless the user picks a file: ``REGIEGROEP_DATA_DIR`` or the
    platform's application data folder (QStandardPaths)."""
    override = os.environ.get("REGIEGROEP_DATA_DIR")
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_register_path() -> Path:
    return data_dir() / DEFAULT_REGISTER


def example_register_path() -> Path:
    return data_dir() / EXAMPLE_REGISTER


def settings() -> QSettings:
    return QSettings()


def apply_language(app: QApplication, language: str) -> None:
    """Set the language for our catalogs, Qt's own strings, locale and layout direction.

    Called before any widget exists (and again when the user switches language, after
    which the main window is rebuilt).
    """
    i18n.set_language(language)
    locale = QLocale(i18n.current_locale())
    QLocale.setDefault(locale)
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)
    if i18n.is_right_to_left(language) or app.isRightToLeft():
        app.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left(language)
                               else QtCore.Qt.LayoutDirection.LeftToRight)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Regiegroep")
    return app


def _report_bug(kind, value, tb) -> None:
    """A bug reached the event loop: log it, apologise, keep the app and the data alive.

    Every action is one transaction, so whatever it was doing was rolled back.
    """
    import traceback

    details = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(details)
    from ui.tasks import show_bug

    show_bug(windows[0] if windows else None, details)


def _no_screen() -> bool:
    return (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"))


def run_app(db: str | None = None, lang: str | None = None) -> int:
    if _no_screen():
        i18n.set_language(i18n.requested_language(lang))
        sys.stderr.write(i18n._(
            "There is no screen to show the app on. Start it on a desktop, or with a virtual "
            "screen: sh scripts/run.sh (it installs Xvfb when needed).") + "\n")
        return 1
    app = make_application()
    sys.excepthook = _report_bug
    stored = settings().value("language")
    apply_language(app, i18n.requested_language(lang or (stored if isinstance(stored, str) else None)))
    from ui.main_window import MainWindow

    window = MainWindow()
    windows[:] = [window]
    window.restore_window()
    window.show()
    last = settings().value("last_register")
    path = Path(db) if db else Path(last) if isinstance(last, str) and Path(last).exists() \
        else default_register_path()
    window.open_register(path)
    from ui.main import started

    QtCore.QTimer.singleShot(1000, started)  # the first screen is up well before
    return app.exec()
