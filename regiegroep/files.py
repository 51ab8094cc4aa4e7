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
import os
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


@contextlib.contextmanager
def private_temp_beside(out: str | os.PathLike, prefix: str = ".regiegroep-") -> Iterator[Path]:
    """A path for a temporary file beside ``out`` (created empty, 0600), moved onto ``out``
    when the block ends without error, removed otherwise. OSErrors become UserErrors."""
    out = Path(out)
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name to write to.").format(path=out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
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


def refuse_non_register(path: str | os.PathLike) -> None:
    """Refuse an existing file that is empty or no SQLite database, before any connection
    to it exists (so reading its first bytes cannot cost SQLite its locks). A missing file
    and folders are left to the caller."""
    p = Path(path)
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
