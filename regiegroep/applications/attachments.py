"""Attachments: the scans and files that go with an application (Art. 4.1, 4.2).

The signed form, a quote, a photo: each is kept inside the register with its SHA-256 hash,
so a file changed after it was stored is noticed when it is read back. Reading them shows
residents' personal data, so only those who may see it can. Functions take the register as
their first argument; ``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Permission
from ..errors import UserError
from ..i18n import _
from ..store import DESKTOP, now, requires

if TYPE_CHECKING:
    from ..register import Register


ATTACHMENT_KINDS = ("signed_form", "quote", "photo", "other")


class Attachment(NamedTuple):
    id: int
    application_id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: str


@requires(Permission.EDIT)
def add_attachment(register: Register, app_id: int, path: str | os.PathLike, kind: str = "other",
                   actor: str = DESKTOP) -> Attachment:
    """Store a file (the signed form, a quote, a photo) with its SHA-256 hash, to an
    application already registered: a change to it, so for those who may change one.
    (Files handed in with a new application go in with register_application.)"""
    return _store(register, app_id, path, kind, actor)


def _store(register: Register, app_id: int, path: str | os.PathLike, kind: str,
                     actor: str) -> Attachment:
    if kind not in ATTACHMENT_KINDS:
        raise UserError(_("Unknown kind of attachment {kind}.").format(kind=kind))
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    # Whether it exists, without reading its personal details (the kiosk adds files too).
    if register.conn.execute("SELECT 1 FROM application WHERE id = ?", [app_id]).fetchone() is None:
        raise UserError(_("There is no application {id}.").format(id=app_id))
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    import mimetypes

    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    stamp = now()
    with register.write():
        cursor = register.conn.execute(
            "INSERT INTO attachment (application_id, kind, filename, media_type, size, sha256, "
            "data, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [app_id, kind, path.name, media_type, len(data), digest, data, stamp])
        register.event(actor, "attachment_added", app_id,
                    {"filename": path.name, "kind": kind, "sha256": digest})
    return Attachment(cursor.lastrowid, app_id, kind, path.name, media_type, len(data),
                      digest, stamp)


@requires(Permission.PERSONAL_DATA)
def attachments(register: Register, app_id: int) -> list[Attachment]:
    return [Attachment(*row) for row in register.conn.execute(
        "SELECT id, application_id, kind, filename, media_type, size, sha256, added_at "
        "FROM attachment WHERE application_id = ? ORDER BY id", [app_id])]


@requires(Permission.PERSONAL_DATA)
def attachment_data(register: Register, attachment_id: int) -> bytes:
    """The stored bytes, checked against their hash."""
    row = register.conn.execute(
        "SELECT data, sha256, filename FROM attachment WHERE id = ?", [attachment_id]).fetchone()
    if row is None:
        raise UserError(_("There is no attachment {id}.").format(id=attachment_id))
    data, digest, filename = row
    import hashlib

    if hashlib.sha256(data).hexdigest() != digest:
        raise UserError(_("The attachment {name} was changed after it was stored.").format(
            name=filename))
    return data
