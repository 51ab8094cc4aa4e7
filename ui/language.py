"""The language: our catalogs, Qt's own strings, the locale and the layout direction."""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt is read where needed, not at start-up
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from regiegroep import i18n

_qt_translators: list[QTranslator] = []


windows: list = []  # the open main window, kept referenced across a language switch


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
