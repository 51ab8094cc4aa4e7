"""The kiosk's sealed boxes: the group's X25519 key pair, and packages and ballots sealed to it
(HPKE-like: an ephemeral X25519 exchange, HKDF-SHA256, AES-GCM). What a kiosk PC holds is
unreadable there; only the group's register opens it.

Offers: ``sealing_key`` (the group's public key, the pair made on first use), ``fingerprint``
(to compare by eye), ``seal``, ``unseal`` and ``is_kiosk_register``.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

from ..errors import UserError
from ..i18n import N_, _
from ..store import COMMAND_LINE, now, open_to_all, requires
from ..trust.access import Permission

if TYPE_CHECKING:
    from ..register import Register

SEALED_MAGIC = b"RGKS1\n"
# What a damaged or altered package is told (the kiosk PC keeps a copy: issue 24.4), in
# the volunteer's words: the command that writes it again is the command line's to add.
DAMAGED = N_("This kiosk package was altered or damaged; nothing was taken from it. The kiosk "
             "PC keeps a copy: ask whoever looks after the kiosk PC to write it again, and "
             "receive that copy (File › Receive a kiosk package…).")

_INFO = b"regiegroep kiosk package 1"


class KeptCopy(UserError):
    """A kiosk package refused that the kiosk PC can write again from its kept copy (damaged,
    or not the kiosk's own): the command line adds how (``kiosk resend``)."""


@open_to_all("whether the file is a kiosk PC's own; it says nothing of what it holds")
def is_kiosk_register(register: Register) -> bool:
    """Whether this register is a kiosk PC's own (loaded from a public package)."""
    return register.conn.execute("SELECT 1 FROM kiosk_public").fetchone() is not None


def _x25519():
    from cryptography.hazmat.primitives.asymmetric import x25519

    return x25519


def _raw(public) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@requires(Permission.DECIDE)
def sealing_key(register: Register) -> bytes:
    """The group's public sealing key (32 bytes), the pair made on first use and kept in
    the register (and so in its backups)."""
    row = register.conn.execute("SELECT public_key FROM kiosk_key WHERE id = 1").fetchone()
    if row is not None:
        return bytes(row[0])
    from cryptography.hazmat.primitives import serialization

    private = _x25519().X25519PrivateKey.generate()
    raw_private = private.private_bytes(serialization.Encoding.Raw,
                                        serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    public = _raw(private.public_key())
    with register.write():
        register.conn.execute("INSERT INTO kiosk_key (id, private_key, public_key, created_at) "
                              "VALUES (1, ?, ?, ?)", [raw_private, public, now()])
        register.event(COMMAND_LINE, "kiosk_key_made", None,
                        {"fingerprint": fingerprint(public)})
    return public


def fingerprint(public: bytes) -> str:
    """The key's fingerprint to compare by eye: 16 hex digits in groups of four."""
    digits = hashlib.sha256(public).hexdigest()[:16].upper()
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def _key(shared: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(shared)


def seal(plain: bytes, recipient: bytes) -> bytes:
    """``plain`` encrypted to the holder of ``recipient``'s private key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    x = _x25519()
    ephemeral = x.X25519PrivateKey.generate()
    sender = _raw(ephemeral.public_key())
    shared = ephemeral.exchange(x.X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    header = SEALED_MAGIC + sender + hashlib.sha256(recipient).digest()[:8] + nonce
    return header + AESGCM(_key(shared, sender + recipient)).encrypt(nonce, plain, header)


@requires(Permission.DECIDE)
def unseal(register: Register, data: bytes) -> bytes:
    """The contents of a sealed package, or UserError when it is not for this register or
    was altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    altered = KeptCopy(_(DAMAGED))
    size = len(SEALED_MAGIC)
    if not data.startswith(SEALED_MAGIC) or len(data) < size + 52 + 16:
        raise altered
    row = register.conn.execute(
        "SELECT private_key, public_key FROM kiosk_key WHERE id = 1").fetchone()
    sender, kid, nonce = data[size:size + 32], data[size + 32:size + 40], data[size + 40:size + 52]
    if row is None or hashlib.sha256(bytes(row[1])).digest()[:8] != kid:
        raise UserError(_("This kiosk package was sealed for another register's key."))
    x = _x25519()
    private = x.X25519PrivateKey.from_private_bytes(bytes(row[0]))
    shared = private.exchange(x.X25519PublicKey.from_public_bytes(sender))
    try:
        return AESGCM(_key(shared, sender + bytes(row[1]))).decrypt(
            nonce, data[size + 52:], data[:size + 52])
    except InvalidTag:
        raise altered from None
