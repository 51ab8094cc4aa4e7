"""Packages from the kiosk only (issue 23): a kiosk PC's own signing key.

Anyone with the public package can seal to the group's key, so sealing says nothing of who
wrote a package. ``kiosk load`` gives the kiosk register a key pair of its own (Ed25519,
table kiosk_identity) and prints its fingerprint; ``collect`` signs what it seals. The
group's register learns a kiosk's key at a ``receive`` where the person gives the
fingerprint the kiosk showed (``--kiosk-fingerprint``; table kiosk_known). Once it knows a
kiosk, it accepts only packages signed by a kiosk it knows. A register that knows no kiosk
yet still receives as before, and says how to make it know one.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING

from ..errors import UserError
from ..i18n import _
from ..store import now
from ..store import requires
from ..trust.access import Permission

if TYPE_CHECKING:
    from ..register import Register


def _ed25519():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519


def _fingerprint(public: bytes) -> str:
    from .sealing import fingerprint

    return fingerprint(public)


@requires(Permission.MANAGE)
def own_key(register: Register) -> str:
    """On a kiosk register, inside the caller's transaction: its signing key's fingerprint,
    the pair made the first time."""
    from cryptography.hazmat.primitives import serialization

    row = register.conn.execute("SELECT public_key FROM kiosk_identity WHERE id = 1").fetchone()
    if row is not None:
        return _fingerprint(bytes(row[0]))
    private = _ed25519().Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    register.conn.execute(
        "INSERT INTO kiosk_identity (id, private_key, public_key) VALUES (1, ?, ?)",
        [private.private_bytes(raw, serialization.PrivateFormat.Raw,
                               serialization.NoEncryption()),
         private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)])
    return own_key(register)


def _canonical(payload: dict) -> bytes:
    return json.dumps({k: v for k, v in payload.items() if k != "signature"}, sort_keys=True,
                      ensure_ascii=False).encode("utf-8")


@requires(Permission.MANAGE)
def sign(register: Register, payload: dict) -> dict:
    """The payload with the kiosk's public key and its signature over the rest."""
    row = register.conn.execute(
        "SELECT private_key, public_key FROM kiosk_identity WHERE id = 1").fetchone()
    if row is None:
        return payload  # a kiosk register loaded before this release: unsigned
    signed = dict(payload, signed_by=base64.b64encode(bytes(row[1])).decode("ascii"))
    private = _ed25519().Ed25519PrivateKey.from_private_bytes(bytes(row[0]))
    signed["signature"] = base64.b64encode(private.sign(_canonical(signed))).decode("ascii")
    return signed


@requires(Permission.DECIDE)
def check(register: Register, payload: dict, trust: str | None = None) -> str | None:
    """Inside receive, before anything is registered: the fingerprint of the kiosk that
    signed ``payload``, learned now when ``trust`` is that fingerprint; UserError for a bad
    signature, a fingerprint that differs from ``trust``, or, once this register knows a
    kiosk, a package from a kiosk it does not know or not signed at all."""
    from cryptography.exceptions import InvalidSignature

    known = {f for (f,) in register.conn.execute("SELECT fingerprint FROM kiosk_known")}
    signed_by, signature = payload.get("signed_by"), payload.get("signature")
    wanted = "".join(trust.split()).upper() if trust else None
    if signed_by is None and signature is None:
        if known or wanted:
            raise UserError(_("This kiosk package is not signed by a kiosk this register "
                              "knows; nothing was taken from it."))
        return None
    try:
        public = base64.b64decode(str(signed_by), validate=True)
        _ed25519().Ed25519PublicKey.from_public_bytes(public).verify(
            base64.b64decode(str(signature), validate=True), _canonical(payload))
    except (ValueError, InvalidSignature):
        raise UserError(_("This kiosk package's signature is not right; nothing was taken "
                          "from it.")) from None
    found = _fingerprint(public)
    plain = found.replace(" ", "").replace(":", "").upper()
    if found in known:
        return found
    if wanted is not None:
        if wanted.replace(":", "") != plain:
            raise UserError(_("This kiosk package is signed with the key {found}, not with "
                              "{given}; nothing was taken from it.").format(found=found,
                                                                           given=trust))
        register.conn.execute(
            "INSERT INTO kiosk_known (fingerprint, public_key, name, learned_at) "
            "VALUES (?, ?, ?, ?)", [found, public, str(payload.get("kiosk", ""))[:200], now()])
        return found
    if known:
        raise UserError(_("This kiosk package comes from a kiosk this register does not know "
                          "(key {found}). If that is the fingerprint the kiosk showed when it "
                          "was loaded, receive it with --kiosk-fingerprint \"{found}\".")
                        .format(found=found))
    return None
