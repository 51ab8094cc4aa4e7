"""Backups of a register: consistent copies (SQLite's online backup), rotated, restorable.

A backup is taken while the app may be writing: SQLite's backup API copies a consistent
state. Each copy is checked (integrity, audit chain, seals) after it is written and is
readable by its owner only; its name ends in the start of the register's fingerprint
(regiegroep.trust.seals), so a register rewritten with its trail is still found out. A restore checks the backup first and never silently replaces a
register that holds changes the backup does not have; it anonymises again every
application the replaced register's trail records as anonymised after the backup was made,
so a restored backup never brings a name back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import os
import re
import sqlite3
from pathlib import Path

from . import audit
from .. import files, store
from ..applications.lookups import still_named
from ..errors import UserError
from ..i18n import _, format_datetime, ngettext

STAMP = "%Y%m%d-%H%M%S"
# <register>-<moment>[-<fingerprint>].sqlite: the fingerprint's first characters
# (regiegroep.trust.seals) in the name, so a copy of the name kept elsewhere checks the register.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<mark>[0-9a-f]{20}))?\.sqlite$")
MARK_LENGTH = 20  # 80 bits: nobody finds another register with the same
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
RESTORE = "restore"  # who the trail names for what a restore does again


def _private(path: Path) -> None:
    """Residents' personal data: readable and writable by the owner only (where the
    file system knows owners)."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass


def make_backup(register_path: str | os.PathLike, folder: str | os.PathLike,
                moment: dt.datetime | None = None) -> Path:
    """Copy the register into ``folder`` as ``<name>-YYYYMMDD-HHMMSS-<fingerprint>.sqlite``;
    returns it."""
    source_path, folder = Path(register_path), Path(folder)
    moment = (moment or dt.datetime.now()).replace(microsecond=0)
    # An empty file is no register: SQLite would make it one, and its "backup" would push
    # the good ones out of the rotation. Only stat() it: the app may hold a connection to
    # it, and opening it with Python would cost that connection its POSIX locks.
    try:
        empty = source_path.stat().st_size == 0
    except OSError:
        empty = False  # missing: store.open_connection says so
    if empty:
        raise UserError(_("{path} is empty: it is not a register. Nothing was changed; "
                          "choose another file.").format(path=source_path))
    target = folder / f"{source_path.stem}-{moment.strftime(STAMP)}.sqlite"
    partial = target.with_name(target.name + ".partial")
    # The register first: a file that is none is refused before the folder is made.
    source = store.open_connection(source_path, create=False, check=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        source.close()
        raise UserError(_("Cannot use the backup folder {path}: {reason}").format(
            path=folder, reason=exc.strerror or exc)) from None
    remove_leftovers(folder, source_path.stem)
    try:
        # Created readable by its owner only before a byte is copied; SQLite gives its
        # journal the same mode.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, files.PRIVATE))
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            destination.close()
        _private(partial)
        check_backup(partial)
        target = target.with_name(
            f"{source_path.stem}-{moment.strftime(STAMP)}-{fingerprint_of(partial)[:MARK_LENGTH]}"
            ".sqlite")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        _remove_partial(partial)
        if isinstance(exc, OSError):
            raise files.write_problem(target, exc) from None
        raise UserError(_("The backup could not be written to {path}: {reason}").format(
            path=folder, reason=exc)) from None
    except BaseException:
        _remove_partial(partial)
        raise
    finally:
        source.close()
    return target


def is_backup_name(path: str | os.PathLike) -> bool:
    """Whether the file is named as the backups are (``<register>-<moment>-<mark>.sqlite``)."""
    return _NAME.match(Path(path).name) is not None


def fingerprint_in_name(backup_path: str | os.PathLike) -> str | None:
    """The start of the register's fingerprint when the backup was made (in its name);
    ``regiegroep audit verify --expect`` checks a register against it."""
    match = _NAME.match(Path(backup_path).name)
    return match["mark"] if match else None


def fingerprint_of(path: str | os.PathLike) -> str:
    from .seals import fingerprint

    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        return fingerprint(conn)
    finally:
        conn.close()


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-journal"):
        Path(str(partial) + suffix).unlink(missing_ok=True)


def remove_leftovers(folder: str | os.PathLike, stem: str, older_than: float = 60) -> list[Path]:
    """Remove what a killed backup of register ``stem`` left behind (``.partial`` copies and
    their journals), unless written to in the last ``older_than`` seconds."""
    import time

    removed = []
    for path in Path(folder).glob(f"{stem}-*.sqlite.partial*"):
        if not _NAME.match(path.name.split(".partial", 1)[0]):
            continue
        try:
            if time.time() - path.stat().st_mtime >= older_than:
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed


def register_identity(path: str | os.PathLike) -> str | None:
    """What tells one register from another with the same file name: the hash of its first
    audit entry (set when it was made, never changed). None if it cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != store.APPLICATION_ID:
                return None
            row = conn.execute("SELECT hash FROM event ORDER BY id LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def check_backup(path: str | os.PathLike) -> audit.Verdict:
    """A backup must be a sound register with an intact audit trail, of a schema this version
    knows; raises UserError."""
    files.refuse_non_register(path)
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UserError(_("The backup {path} cannot be read: {reason}").format(
            path=path, reason=exc)) from None
    if app_id != store.APPLICATION_ID:
        raise UserError(_("{path} is not a backup of a Regiegroep register.").format(path=path))
    if version > store.schema_version():
        raise UserError(_("The backup {path} was made by a newer version of Regiegroep; this "
                          "version cannot use it. Install the newest version to restore "
                          "it.").format(path=path))
    store.check_file(path)
    verdict = store.check_audit_file(path)
    if not verdict.intact:
        raise UserError(_("The backup {path} cannot be trusted: {verdict}").format(
            path=path, verdict=verdict))
    return verdict


def backups(folder: str | os.PathLike, stem: str) -> list[tuple[dt.datetime, Path]]:
    """The backups of register ``stem`` in ``folder``, oldest first."""
    found = []
    for path in Path(folder).glob(f"{stem}-*.sqlite"):
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            found.append((dt.datetime.strptime(match["stamp"], STAMP), path))
    return sorted(found)


def rotate(folder: str | os.PathLike, stem: str, today: dt.date | None = None,
           daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
           monthly: int = KEEP_MONTHLY, register: str | os.PathLike | None = None) -> list[Path]:
    """Keep the newest backup of each of the last ``daily`` days, ``weekly`` weeks and
    ``monthly`` months; remove the others. Returns the removed files.

    With ``register`` (the backup just made), only backups of that same register (by
    ``register_identity``) are rotated: another register's backups under the same name are
    left alone.
    """
    today = today or dt.date.today()
    keep: set[Path] = set()
    newest_per: dict[tuple, Path] = {}
    found = backups(folder, stem)
    if register is not None:
        identity = register_identity(register)
        found = [(m, p) for m, p in found
                 if identity is not None and register_identity(p) == identity]
    for moment, path in found:  # oldest first: later ones win
        day = moment.date()
        age = (today - day).days
        if age < daily:
            newest_per[("day", day)] = path
        if age < weekly * 7:
            newest_per[("week", *day.isocalendar()[:2])] = path
        if (today.year - day.year) * 12 + today.month - day.month < monthly:
            newest_per[("month", day.year, day.month)] = path
    keep.update(newest_per.values())
    all_backups = [path for _m, path in found]
    if all_backups:
        keep.add(all_backups[-1])  # never remove the newest
    removed = [path for path in all_backups if path not in keep]
    for path in removed:
        path.unlink()
    return removed


@dataclasses.dataclass(frozen=True)
class _State:
    entries: int
    last_change: str | None
    chain: list[str]


def _state(path: Path) -> _State:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT at, hash FROM event ORDER BY id").fetchall()
    finally:
        conn.close()
    return _State(len(rows), rows[-1][0] if rows else None, [h for _at, h in rows])


def restore(backup_path: str | os.PathLike, register_path: str | os.PathLike,
            force: bool = False) -> Path | None:
    """Put a backup's content into the register, after checking it.

    Refuses, saying what would be lost, when the register holds changes the backup does
    not have, unless ``force``; even then the register is first copied beside it as
    ``<name>.before-restore-<moment>.sqlite``. Returns that copy, if one was made.
    The content is written with SQLite's backup API into the register file itself, under
    SQLite's locks, so a copy of the app that has it open is not corrupted.
    """
    backup_path, register_path = Path(backup_path), Path(register_path)
    if files.not_a_regular_file(register_path) or register_path.is_dir():
        # SQLite would write a register into a device, or hang on a FIFO (issue 23.2).
        raise UserError(_("{path} is a device, a pipe, a socket or a folder, not a register "
                          "file. Nothing was changed; give the register's file name.")
                        .format(path=register_path))
    if not backup_path.is_file():
        raise UserError(_("There is no backup at {path}.").format(path=backup_path))
    if register_path.exists() and os.path.samefile(backup_path, register_path):
        raise UserError(_("{path} is the backup itself: give the register to put it back "
                          "into. Nothing was changed.").format(path=register_path))
    if is_backup_name(register_path):
        raise UserError(_("{path} is a backup: it is kept as it is. Work in the register, "
                          "or put the backup back with: regiegroep restore").format(
                              path=register_path))
    check_backup(backup_path)
    safety = None
    anonymised: list[tuple[int, int | None]] = []
    if register_path.exists():
        anonymised = _anonymised_since(register_path, backup_path)
        try:
            current = _state(register_path)
        except sqlite3.Error:
            current = None
        saved = _state(backup_path)
        if not force:
            if current is None:
                raise UserError(_(
                    "The register {register} cannot be read (is it damaged?). Nothing was "
                    "changed; restore with --force to replace it (it is then kept beside "
                    "it).").format(register=register_path))
            newer = current.entries - saved.entries
            if current.chain[:saved.entries] != saved.chain:
                raise UserError(_(
                    "The register {register} and the backup {backup} went different ways "
                    "(their audit trails differ). Nothing was changed; restore with --force "
                    "only if you mean to replace the register.").format(
                        register=register_path, backup=backup_path))
            if newer > 0:
                raise UserError(ngettext(
                    "The register {register} has {n} change that the backup does not have "
                    "(the latest on {when}). Nothing was changed; restore with --force to "
                    "replace it anyway (it is then kept beside it).",
                    "The register {register} has {n} changes that the backup does not have "
                    "(the latest on {when}). Nothing was changed; restore with --force to "
                    "replace it anyway (it is then kept beside it).", newer).format(
                        register=register_path, n=newer,
                        when=format_datetime(dt.datetime.fromisoformat(current.last_change))))
        stamp = dt.datetime.now().strftime(STAMP)
        safety = register_path.with_name(f"{register_path.stem}.before-restore-{stamp}.sqlite")
        # Written under a name of its own and renamed when whole: a killed restore leaves
        # only a ".partial", which the next restore removes (issue 23.6).
        files.remove_stale(register_path.parent,
                           f"{glob.escape(register_path.stem)}.before-restore-*.sqlite.partial*")
        partial = safety.with_name(safety.name + ".partial")
        try:
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, files.PRIVATE))
            try:
                _copy(register_path, partial)
                _one_file(partial)
            except sqlite3.Error:  # too damaged to copy through SQLite: keep the bytes
                _remove_partial(partial)
                partial.write_bytes(register_path.read_bytes())
            _private(partial)
            os.replace(partial, safety)
        except BaseException:
            _remove_partial(partial)
            raise
    if not register_path.exists():  # the owner's alone from the first byte
        os.close(os.open(register_path, os.O_WRONLY | os.O_CREAT, files.PRIVATE))
    try:
        _copy(backup_path, register_path)
    except sqlite3.DatabaseError:
        # The register is too damaged to write into; it is kept as the safety copy.
        for part in ("", "-wal", "-shm"):
            Path(str(register_path) + part).unlink(missing_ok=True)
        _copy(backup_path, register_path)
    _private(register_path)
    if anonymised:
        _anonymise_again(register_path, anonymised)
    return safety


def _anonymised_since(register_path: Path, backup_path: Path) -> list[tuple[int, int | None]]:
    """The applications (id, sequence) the register's trail records as anonymised after the
    backup's last entry: a restore anonymises them again, so a backup never brings a name
    back. Read before the register is replaced."""
    import json

    try:
        saved = _state(backup_path)
        conn = sqlite3.connect(f"file:{register_path.resolve()}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT id, at, hash, application_id, details FROM event "
                "WHERE action = 'anonymised' ORDER BY id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []  # not a readable register: nothing it records can be replayed
    known, found = set(saved.chain), []
    for _entry_id, _at, digest, app_id, details in rows:
        # Every anonymising the backup does not record, whether the trails went one way or
        # two (a restore with --force).
        if app_id is None or digest in known:
            continue
        found.append((app_id, json.loads(details).get("sequence")))
    return found


def _anonymise_again(register_path: Path, anonymised: list[tuple[int, int | None]]) -> None:
    from .privacy import anonymise
    from ..register import Register

    with Register.open(register_path) as register:
        anonymise(register, still_named(register, anonymised), RESTORE)


def _one_file(path: Path) -> None:
    """The copy as one self-contained file (no journal or log beside it)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _copy(source_path: Path, target_path: Path) -> None:
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
