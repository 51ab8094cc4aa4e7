"""The register's own key and the signed codes on its vouchers (Art. 1a, 5, 9).

A voucher carries a QR code a cash manager can check without the register: what it is
worth, whose it is, until when, signed with the register's Ed25519 key. The code follows
the shape the EU digital COVID certificates proved at scale::

    "RGV1:" + base45(zlib(COSE_Sign1(CBOR claims)))

- the claims are a CBOR map (``_KEYS``: serial, value in cents, holder, application,
  issue date and valid-until date as ISO strings, the register's name);
- COSE_Sign1 (RFC 9052, CBOR tag 18): ``[protected, {}, payload, signature]`` with the
  protected header ``{1: -8 (EdDSA), 4: kid}``, signed over the Sig_structure
  ``["Signature1", protected, b"", payload]``;
- the key id (kid) is the first 8 bytes of the SHA-256 of the raw public key, so a new key
  can replace an old one while vouchers signed by the old one are still checked;
- base45 uses only characters of the QR alphanumeric mode, which packs them densest.

Reading a code checks its form, its key, its signature and the check character of its
serial, and raises :class:`CodeError` with a ``reason`` a caller turns into a message.
This module is light on purpose (no ReportLab, no Qt, no database): ``regiegroep verify
--key FILE CODE`` must answer within 150 ms as a whole process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zlib

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import serials
from ..errors import UserError
from ..i18n import _

PREFIX = "RGV1:"
STATUS_PREFIX = "RGS1:"  # the signed status list of the vouchers (vouchers.status_list)
_COSE_SIGN1_TAG = 18
_ALG, _KID, _EDDSA = 1, 4, -8
# Claim -> key in the CBOR map: short, since every byte makes the QR code larger.
_KEYS = {"serial": "s", "value_cents": "v", "holder": "h", "application": "a",
         "issued_on": "i", "valid_until": "u", "register": "r"}


@dataclasses.dataclass(frozen=True)
class Claims:
    """What a signed voucher code says: everything the cash manager needs to pay it."""

    serial: str  # plain, with its check character (regiegroep.vouchers.serials)
    value_cents: int
    holder: str
    application: int  # the application's sequence number in the register
    issued_on: dt.date
    valid_until: dt.date  # the ordinance's last completion date (Art. 5.7)
    register: str  # the municipality and steering group that issued it

    def expired(self, today: dt.date) -> bool:
        """Whether the voucher can no longer be redeemed on ``today``."""
        return today > self.valid_until


class CodeError(UserError):
    """A code that is not a valid voucher code; ``reason`` says why.

    Reasons: ``"format"`` (not a voucher code, or damaged), ``"unknown_key"`` (signed with a
    key the reader does not hold), ``"signature"`` (the signature does not match: changed or
    forged) and ``"check"`` (the serial's check character does not match).
    """

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _format_error() -> CodeError:
    return CodeError("format", _("This is not a voucher code of a steering group, or it is "
                                 "damaged; scan or type it again."))


# -- the key ---------------------------------------------------------------------------

def generate_key() -> Ed25519PrivateKey:
    """A new private key for a register."""
    return Ed25519PrivateKey.generate()


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of ``key``, to keep in the register (and its backups) only."""
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def load_private_key(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The short key id written in each code: the first 8 bytes of SHA-256 of the raw key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return hashlib.sha256(_raw_public(public)).digest()[:8]


def fingerprint(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The key's fingerprint to print and compare by eye: 32 hex digits in groups of four,
    the first 16 bytes of SHA-256 of the raw public key (the first four groups are the kid)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    digits = hashlib.sha256(_raw_public(public)).hexdigest()[:32].upper()
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def public_key_file(key: Ed25519PublicKey | Ed25519PrivateKey, register: str) -> bytes:
    """The public key file for the cash manager: PEM (SubjectPublicKeyInfo), preceded by
    lines saying whose key it is and its fingerprint (PEM readers skip them)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    pem = public.public_bytes(serialization.Encoding.PEM,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    head = _("Regiegroep voucher key: {register}\nFingerprint: {fingerprint}\n").format(
        register=" ".join(register.split()), fingerprint=fingerprint(public))
    return head.encode("utf-8") + pem


def read_public_key_file(data: bytes) -> Ed25519PublicKey:
    """The public key in a file written by :func:`public_key_file` (or any Ed25519 PEM)."""
    start = data.find(b"-----BEGIN PUBLIC KEY-----")
    try:
        if start < 0:
            raise ValueError("no PEM block")
        key = serialization.load_pem_public_key(data[start:])
    except ValueError:
        raise UserError(_("This file holds no public key of a register.")) from None
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(_("This file holds no public key of a register."))
    return key


def key_ring(*keys: Ed25519PublicKey | Ed25519PrivateKey) -> dict[bytes, Ed25519PublicKey]:
    """``{kid: public key}`` for :func:`read_code`: the current key and any it replaced."""
    ring = {}
    for key in keys:
        public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
        ring[key_id(public)] = public
    return ring


# -- the code --------------------------------------------------------------------------

def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign_voucher(private_key: Ed25519PrivateKey, claims: Claims) -> str:
    """The signed code of ``claims``: text for a QR code in alphanumeric mode."""
    serials.parse_serial(claims.serial, None)  # never sign a serial that cannot be checked
    if claims.value_cents <= 0:
        raise ValueError("a voucher is worth more than nothing")
    values = dataclasses.asdict(claims)
    payload = cbor2.dumps({
        short: (values[name].isoformat() if isinstance(values[name], dt.date) else values[name])
        for name, short in _KEYS.items()})
    protected = cbor2.dumps({_ALG: _EDDSA, _KID: key_id(private_key)})
    signature = private_key.sign(_sig_structure(protected, payload))
    cose = cbor2.dumps(cbor2.CBORTag(_COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + base45.b45encode(zlib.compress(cose, 9)).decode("ascii")


def sign_payload(private_key: Ed25519PrivateKey, payload: bytes, prefix: str) -> str:
    """``payload`` signed as a COSE_Sign1 and written as ``prefix`` + base45 text: the
    voucher code's form, used also for the signed status list (regiegroep.status_list)."""
    protected = cbor2.dumps({_ALG: _EDDSA, _KID: key_id(private_key)})
    signature = private_key.sign(_sig_structure(protected, payload))
    cose = cbor2.dumps(cbor2.CBORTag(_COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return prefix + base45.b45encode(zlib.compress(cose, 9)).decode("ascii")


def open_payload(text: str, prefix: str, public_keys: dict[bytes, Ed25519PublicKey]) -> bytes:
    """The payload of a text made by :func:`sign_payload`, once its key and signature are in
    order; else :class:`CodeError` (``format``, ``unknown_key``, ``signature``)."""
    return _verified(text, prefix, public_keys,
                     _("This was signed with a key you do not have: it comes from another "
                       "register, or the key was replaced. Ask the steering group for its key."),
                     _("The signature does not match: this was changed or forged."))


def _verified(text: str, prefix: str, public_keys: dict[bytes, Ed25519PublicKey],
              unknown_key: str, changed: str) -> bytes:
    """The payload of a signed text whose key is one of ``public_keys`` and whose signature
    holds; else CodeError with the caller's words for an unknown key and a bad signature."""
    protected, kid, payload, signature = _unwrap(text, prefix)
    key = public_keys.get(kid)
    if key is None:
        raise CodeError("unknown_key", unknown_key)
    try:
        key.verify(signature, _sig_structure(protected, payload))
    except InvalidSignature:
        raise CodeError("signature", changed) from None
    return payload


def _unwrap(code: str, prefix: str = PREFIX) -> tuple[bytes, bytes, bytes, bytes]:
    """protected, kid, payload and signature of a code, or CodeError('format')."""
    text = code.strip().upper()
    if not text.startswith(prefix):
        raise _format_error()
    try:
        cose = cbor2.loads(zlib.decompress(base45.b45decode(text[len(prefix):])))
        if isinstance(cose, cbor2.CBORTag):
            if cose.tag != _COSE_SIGN1_TAG:
                raise ValueError("not COSE_Sign1")
            cose = cose.value
        protected, _unprotected, payload, signature = cose
        header = cbor2.loads(protected)
        kid = header[_KID]
        if header.get(_ALG) != _EDDSA or not all(
                isinstance(part, bytes) for part in (protected, kid, payload, signature)):
            raise ValueError("not an EdDSA signature")
    except (ValueError, TypeError, KeyError, AttributeError, zlib.error, cbor2.CBORDecodeError):
        raise _format_error() from None
    return protected, kid, payload, signature


def _claims(payload: bytes) -> Claims:
    try:
        data = cbor2.loads(payload)
        values = {name: data[short] for name, short in _KEYS.items()}
        for name in ("issued_on", "valid_until"):
            values[name] = dt.date.fromisoformat(values[name])
        claims = Claims(**values)
        if not (isinstance(claims.value_cents, int) and isinstance(claims.application, int)
                and all(isinstance(text, str)
                        for text in (claims.serial, claims.holder, claims.register))):
            raise TypeError("a claim of the wrong type")
    except (ValueError, TypeError, KeyError, cbor2.CBORDecodeError):
        raise _format_error() from None
    return claims


def read_code(code: str, public_keys: dict[bytes, Ed25519PublicKey]) -> Claims:
    """The claims of a signed voucher code, once its form, key, signature and the check
    character of its serial are in order; else :class:`CodeError` with the reason.

    ``public_keys`` is ``{kid: key}`` (:func:`key_ring`). Whether the voucher has expired
    (:meth:`Claims.expired`), was voided or was redeemed is for the caller to judge.
    """
    payload = _verified(code, PREFIX, public_keys,
                        _("This voucher was signed with a key you do not have: it comes from "
                          "another register, or the key was replaced. Ask the steering group "
                          "for its key."),
                        _("The signature does not match: this code was changed or forged. "
                          "Do not pay it."))
    claims = _claims(payload)
    try:
        serials.parse_serial(claims.serial, None)
    except serials.SerialError:
        raise CodeError("check", _("The check character of the voucher's serial number does "
                                   "not match. Do not pay it.")) from None
    return claims


# A document of the group signed with the register's key (the year package) is signed with
# this before it: such a signature is never one over a voucher code's COSE structure, so a
# document can never be made to pass for a voucher.
DOCUMENT_CONTEXT = b"regiegroep signed document 1\n"


def sign_document(private_key: Ed25519PrivateKey, body: bytes) -> bytes:
    return private_key.sign(DOCUMENT_CONTEXT + body)


def verify_document(public_key: Ed25519PublicKey, body: bytes, signature: bytes) -> None:
    """Raises cryptography's InvalidSignature when ``signature`` is not ``body``'s."""
    public_key.verify(signature, DOCUMENT_CONTEXT + body)
