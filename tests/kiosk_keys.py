"""Kiosk signing keys in the tests (issue 23.4: packages from the kiosk only).

The group's register takes a sealed package only when a kiosk it knows signed it, or the
kiosk whose fingerprint the person gives at that receive. A genuine package is received
with its kiosk's fingerprint, as the person reads it at the kiosk PC (``kiosk_fingerprint``).
A forged package whose test is about another field is signed by a forger's kiosk key of
its own (``signed``, ``FORGER_FINGERPRINT``), so the field check, not the missing
signature, is what refuses it; a test about the signature keeps its package unsigned.
"""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives.asymmetric import ed25519

from regiegroep.kiosk.sealing import fingerprint

# A key of a kiosk PC that went astray (or of whoever copied one): it signs as a kiosk does.
FORGER = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
FORGER_FINGERPRINT = fingerprint(FORGER.public_key().public_bytes_raw())


def kiosk_fingerprint(kiosk_path) -> str:
    """The fingerprint ``kiosk load`` printed for the kiosk register at ``kiosk_path``."""
    from regiegroep.register import Register

    with Register.open(kiosk_path) as kiosk:
        row = kiosk.conn.execute("SELECT public_key FROM kiosk_identity WHERE id = 1").fetchone()
    assert row is not None, "not a loaded kiosk register"
    return fingerprint(bytes(row[0]))


def signed(payload, key: ed25519.Ed25519PrivateKey = FORGER):
    """``payload`` signed as a kiosk signs what it collects (its key, and its signature over
    the rest in sorted JSON); what is not a mapping cannot be signed and stays as it is."""
    if not isinstance(payload, dict):
        return payload
    public = key.public_key().public_bytes_raw()
    out = dict(payload, signed_by=base64.b64encode(public).decode("ascii"))
    out.pop("signature", None)
    canonical = json.dumps(out, sort_keys=True, ensure_ascii=False).encode("utf-8")
    out["signature"] = base64.b64encode(key.sign(canonical)).decode("ascii")
    return out
