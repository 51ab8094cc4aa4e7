"""Start-up: the QApplication, the language, the main window.

The arrows point one way: ui.main -> ui.app -> ui.main_window -> its rooms -> ui.settings
and ui.language (tests/test_architecture.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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
    which is what the reading would conclude. The window's own modules, imported after Qt,
    all name PySide6: they are entered as 0, "no feature", which is what reading each of
    them would conclude (the main window's rooms alone are a dozen files). If a PySide6
    version keeps its table elsewhere, this does nothing and only start-up is slower.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in list(sys.modules):
            table.setdefault(name, -1)
        try:
            files = os.listdir(os.path.dirname(__file__))
        except OSError:  # packed into one file (a frozen app): the hook reads them then
            files = []
        for file in files:
            if file.endswith(".py") and file not in ("__init__.py", "__main__.py"):
                table.setdefault("ui." + file[:-3], 0)


_spare_pyside_import_hook()

from PySide6.QtWidgets import QApplication  # noqa: E402

from regiegroep import i18n  # noqa: E402
from ui import settings  # noqa: E402
from ui.language import apply_language, windows  # noqa: E402, F401  (windows: the open one)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Regiegroep")
    _readable_selection(app)
    return app


# The selected row: white on this blue is 6.9:1 (Fusion's own #308cc6 is 3.7:1, below the
# 4.5:1 that text needs), in a window with the focus and without.
SELECTION = "#1f5f8b"


def _readable_selection(app: QApplication) -> None:
    from PySide6.QtGui import QColor, QPalette

    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)


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


def run_app(db: str | None = None, lang: str | None = None,
            on_screen: Callable[[], None] | None = None) -> int:
    """The app on ``db`` (else the last register, else the default one); ``on_screen`` is
    called once the first screen has long been up (ui.main: the garbage collector's pace)."""
    if _no_screen():
        i18n.set_language(i18n.requested_language(lang))
        sys.stderr.write(i18n._(
            "There is no screen to show the app on. Start it on a desktop, or with a virtual "
            "screen: sh scripts/run.sh (it installs Xvfb when needed).") + "\n")
        return 1
    app = make_application()
    sys.excepthook = _report_bug
    apply_language(app, i18n.requested_language(lang or settings.language()))
    from ui.main_window import MainWindow

    window = MainWindow()
    windows[:] = [window]
    window.restore_window()
    window.show()
    window.open_register(Path(db) if db else settings.last_register()
                         or settings.default_register_path())
    if on_screen is not None:
        QtCore.QTimer.singleShot(1000, on_screen)  # the first screen is up well before
    code = app.exec()
    from ui.tasks import wait_for_all

    wait_for_all()  # a job of a window closed just before: let it end, not be cut off
    return code
