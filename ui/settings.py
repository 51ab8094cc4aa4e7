"""Where things are kept: the registers' folder, and what the app remembers between runs
(the language, the last register, the window's layout, the backup folder, when to lock).

Everything the app stores with QSettings is read and written here, under one name each;
the other modules ask for a setting by its meaning, not by its key.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ORGANISATION = "Regiegroep"
APPLICATION = "Regiegroep"
DEFAULT_REGISTER = "register.sqlite"
EXAMPLE_REGISTER = "voorbeeld.sqlite"


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


def _text(key: str) -> str:
    value = settings().value(key)
    return value if isinstance(value, str) else ""


# ----------------------------------------------------------------- the language


def language() -> str | None:
    """The language chosen last time, if any."""
    return _text("language") or None


def remember_language(code: str) -> None:
    settings().setValue("language", code)


# ------------------------------------------------------------------ the register


def last_register() -> Path | None:
    """The register open last time, if it is still there."""
    last = _text("last_register")
    return Path(last) if last and Path(last).exists() else None


def remember_register(path: Path) -> None:
    last = str(Path(path).resolve())
    if _text("last_register") != last:  # writing the file takes a moment
        settings().setValue("last_register", last)


# --------------------------------------------------------------------- the window


def window_state(part: str) -> QByteArray | None:
    """The saved state of the window's ``part``: "geometry", "splitter" or "register-columns"."""
    value = settings().value("window/" + part)
    return value if isinstance(value, QByteArray) else None


def remember_window_state(part: str, state: QByteArray) -> None:
    settings().setValue("window/" + part, state)


# ------------------------------------------------------------------------ backups


def backup_folder() -> str:
    """The folder the group chose for backups (a USB stick, for instance), or ""."""
    return _text("backup/folder")


def remember_backup_folder(folder: str) -> None:
    settings().setValue("backup/folder", folder)


def remember_backup(name: str) -> None:
    settings().setValue("backup/last", name)


# ------------------------------------------------------------------------ locking


def lock_minutes(default: float) -> float:
    """After how many idle minutes the window locks itself."""
    try:
        return float(settings().value("lock_minutes", default))
    except (TypeError, ValueError):
        return default


def remember_lock_minutes(minutes: int) -> None:
    settings().setValue("lock_minutes", minutes)
