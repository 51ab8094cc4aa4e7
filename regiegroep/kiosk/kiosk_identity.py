"""Packages from the kiosk only (issue 23): a kiosk PC's own signing key.

Anyone with the public package can seal to the group's key, so sealing says nothing of who
wrote a package. ``kiosk load`` gives the kiosk register a key pair of its own (Ed25519,
table kiosk_identity) and prints its fingerprint; ``collect`` signs what it seals. The
group's register takes a package only when a kiosk it knows signed it, or the kiosk
whose fingerprint the person gives at this receive (``--kiosk-fingerprint``; in the app
the person compares the fingerprint shown with the kiosk's and confirms), and then knows
that kiosk (table kiosk_known). A package not signed by a kiosk, or signed by one it does
not know, is refused, also by a register that knows no kiosk yet.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, NamedTuple

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


class Signer(NamedTuple):
    """The kiosk that signed a package: its key's fingerprint (to compare by eye with the one
    the kiosk PC showed at load), its public key, whether this register knows it, and the
    kiosk's name as the package gives it."""
    fingerprint: str
    public_key: bytes
    known: bool
    kiosk: str


@requires(Permission.DECIDE)
def signer(register: Register, payload) -> Signer:
    """Who signed ``payload``, read only: UserError for a package not signed by a kiosk
    (whoever holds the public package can seal one) or with a signature that is not right."""
    from cryptography.exceptions import InvalidSignature

    from .kiosk_checks import signed_part

    signed_part(payload)
    signed_by, signature = payload.get("signed_by"), payload.get("signature")
    if signed_by is None or signature is None:
        from .sealing import KeptCopy

        raise KeptCopy(_("This kiosk package is not signed by a kiosk, so anyone who has the "
                         "public package could have made it; nothing was taken from it. "
                         "Receive only the package the kiosk PC itself wrote when its votes "
                         "and applications were collected; whoever looks after the kiosk PC "
                         "can write it again."))
    try:
        public = base64.b64decode(str(signed_by), validate=True)
        _ed25519().Ed25519PublicKey.from_public_bytes(public).verify(
            base64.b64decode(str(signature), validate=True), _canonical(payload))
    except (ValueError, InvalidSignature):
        raise UserError(_("This kiosk package's signature is not right; nothing was taken "
                          "from it.")) from None
    found = _fingerprint(public)
    known = register.conn.execute("SELECT 1 FROM kiosk_known WHERE fingerprint = ?",
                                  [found]).fetchone() is not None
    return Signer(found, public, known, str(payload.get("kiosk", ""))[:200])


@requires(Permission.DECIDE)
def check(register: Register, payload, trust: str | None = None) -> Signer:
    """Inside receive, before anything is registered, read only: the kiosk that signed
    ``payload``, when this register knows it or ``trust`` is its fingerprint (the one the
    person read at the kiosk PC); UserError for a package not signed by a kiosk, a bad
    signature, a fingerprint that differs from ``trust``, or a kiosk this register does not
    know when no fingerprint was given. ``learn`` then keeps a kiosk not known yet."""
    found = signer(register, payload)
    if found.known:
        return found
    if trust:
        wanted = "".join(trust.split()).replace(":", "").upper()
        if wanted != found.fingerprint.replace(" ", ""):
            raise UserError(_("This kiosk package is signed with the key {found}, not with "
                              "{given}; nothing was taken from it.").format(
                found=found.fingerprint, given=trust))
        return found
    raise UserError(_("This kiosk package comes from a kiosk this register does not know "
                      "(key {found}). If that is the fingerprint the kiosk showed when it "
                      "was loaded, receive it with --kiosk-fingerprint \"{found}\".")
                    .format(found=found.fingerprint))


@requires(Permission.DECIDE)
def learn(register: Register, found: Signer) -> None:
    """Inside the caller's transaction: this register knows the kiosk ``found`` from now on."""
    if not found.known:
        register.conn.execute(
            "INSERT INTO kiosk_known (fingerprint, public_key, name, learned_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING",
            [found.fingerprint, found.public_key, found.kiosk, now()])
