"""Writing files safely: whole or not at all, readable by their owner only.

Exports, letters and personal-data exports hold residents' personal data (AVG/GDPR art. 32):
they are written to a temporary file beside their destination, mode 0600 from the start,
and moved into place only when complete, so a full disk or a failure never leaves half a
file where a whole one was expected. Also: telling a register file from an empty or a
foreign one before SQLite opens (and so changes) it.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import UserError
from .i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
PRIVATE = 0o600


def write_problem(path: str | os.PathLike, exc: OSError) -> UserError:
    """An OSError while writing ``path``, as a message a volunteer can act on."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return UserError(_("The disk is full: {path} was not written. Free some space and "
                           "try again.").format(path=path))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError(_("The folder of {path} is read-only: nothing was written. Choose a "
                           "folder where you may save files.").format(path=path))
    return UserError(_("Cannot write to {path}: {reason}").format(
        path=path, reason=exc.strerror or exc))


# The files SQLite keeps beside a database while it is open: writing over one damages it.
_BESIDE_A_DATABASE = ("-wal", "-shm", "-journal")


def output_target(out: str | os.PathLike) -> Path:
    """Where an output named ``out`` may be written, or a UserError saying why not (issue 23.2).

    Outputs never destroy: a register, any other SQLite database (a backup, a kiosk
    register, another program's), the journal or write-ahead log beside one, a device, a
    FIFO or a socket is refused, and nothing is written. A symbolic link is written
    through: the file it points to is replaced by the output (the link stays, and the same
    refusals hold for what it points to), as when a program writes to it."""
    given = Path(out)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise write_problem(given, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UserError(_("{path} is a folder; give a file name to write to.").format(path=given))
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(_("{path} is a device, a pipe or a socket, not a file: nothing was "
                          "written. Give the name of a file to write to.").format(path=given))
    if mode is not None and _is_database(target):
        raise UserError(_("{path} is a register or another database: writing the output over "
                          "it would destroy it. Nothing was written; give another file name.")
                        .format(path=given))
    for suffix in _BESIDE_A_DATABASE:
        if target.name.endswith(suffix) and _is_database(
                target.with_name(target.name[:-len(suffix)])):
            raise UserError(_("{path} belongs to the database beside it: writing over it would "
                              "damage that. Nothing was written; give another file name.")
                            .format(path=given))
    return target


def keep_as(written: str | os.PathLike, out: str | os.PathLike) -> Path:
    """The finished file ``written`` moved to the name ``out`` the person chose, as
    ``output_target`` allows it (never over a register, a device or a FIFO), or a UserError
    with ``written`` left where it was. Returns where it is now."""
    target = output_target(out)
    try:
        os.replace(written, target)
    except OSError as exc:
        raise write_problem(out, exc) from None
    return target


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a regular file that starts as every SQLite database does."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fp:
            return fp.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def not_a_regular_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` exists and is a device, FIFO or socket (a link is followed): no
    register is ever opened there (SQLite would hang on a FIFO, or write into a device)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextlib.contextmanager
def private_temp_beside(out: str | os.PathLike, prefix: str = ".regiegroep-") -> Iterator[Path]:
    """A path for a temporary file beside ``out`` (created empty, 0600), moved onto ``out``
    when the block ends without error, removed otherwise. OSErrors become UserErrors.
    ``out`` must be a file an output may replace (``output_target``)."""
    out = output_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out.parent, f"{glob.escape(prefix + out.name)}.*.partial")
        temp = out.with_name(f"{prefix}{out.name}.{os.getpid()}.partial")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        os.close(fd)
    except OSError as exc:
        raise write_problem(out, exc) from None
    try:
        yield temp
        os.replace(temp, out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_problem(out, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def write_whole(out: str | os.PathLike, mode: str = "w") -> Iterator:
    """An open file (text, UTF-8, or ``mode="wb"``) that becomes ``out`` once complete."""
    with private_temp_beside(out) as temp:
        if "b" in mode:
            fp = open(temp, mode)
        else:
            fp = open(temp, mode, encoding="utf-8", newline="")
        with fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())


def remove_stale(folder: str | os.PathLike, pattern: str, older_than: float = 60) -> list[Path]:
    """Remove what a killed run left in ``folder`` (files matching ``pattern``: half-written
    outputs, their journals), unless written to in the last ``older_than`` seconds (another
    run may still be writing it). Returns what was removed (issue 23.6)."""
    import time

    removed = []
    try:
        found = list(Path(folder).glob(pattern))
    except OSError:
        return removed
    for path in found:
        try:
            if stat.S_ISREG(path.lstat().st_mode) and \
                    time.time() - path.stat().st_mtime >= older_than:
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed


def read_input(path: str | os.PathLike) -> bytes:
    """The bytes of an input file the user named, or a UserError saying why not: a device,
    FIFO or socket is refused (reading one hangs or never ends; issue 23.5)."""
    if not_a_regular_file(path):
        raise UserError(_("{path} is a device, a pipe or a socket, not a file: nothing was "
                          "read or changed. Give the name of a file.").format(path=path))
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def refuse_non_register(path: str | os.PathLike) -> None:
    """Refuse an existing file that is empty or no SQLite database, before any connection
    to it exists (so reading its first bytes cannot cost SQLite its locks). A missing file
    and folders are left to the caller."""
    p = Path(path)
    if not_a_regular_file(p):
        raise UserError(_("{path} is a device, a pipe or a socket, not a register. Nothing was "
                          "changed; choose a register file.").format(path=path))
    try:
        if not p.is_file():
            return
        size = p.stat().st_size
        with open(p, "rb") as fp:
            head = fp.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if size == 0:
        raise UserError(_("{path} is empty: it is not a register. Nothing was changed; "
                          "choose another file.").format(path=path))
    if head != SQLITE_HEADER:
        raise UserError(_("{path} is not a Regiegroep register (it is not a database file). "
                          "Nothing was changed.").format(path=path))


def folder_writable(path: str | os.PathLike) -> bool:
    folder = Path(path).parent if str(Path(path).parent) else Path(".")
    return os.access(folder, os.W_OK | os.X_OK)


def read_only_problem(path: str | os.PathLike) -> UserError | None:
    """The register or its folder cannot be written (SQLite needs both, for its journal)."""
    p = Path(path)
    if p.exists() and not os.access(p, os.W_OK):
        return UserError(_("The register {path} is read-only: nothing was changed. Copy it to "
                           "a folder where you may save files.").format(path=path))
    folder = p.parent if str(p.parent) else Path(".")
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return UserError(_("The folder of the register {path} is read-only: nothing was "
                           "changed. Copy the register to a folder where you may save "
                           "files.").format(path=path))
    return None
