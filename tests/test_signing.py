"""Signed voucher codes: the cash manager can trust what a code says without the register."""

import datetime as dt
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiegroep.vouchers import signing
from regiegroep.vouchers.serials import ALPHABET, new_serial
from regiegroep.vouchers.signing import Claims, CodeError, key_ring, read_code, sign_voucher

KEY = signing.generate_key()
OTHER = signing.generate_key()


def claims(**changes) -> Claims:
    values = dict(serial=new_serial(random.Random(7)), value_cents=185_050,
                  holder="Stichting Buurtkracht Oost namens mevrouw A. Yılmaz", application=17,
                  issued_on=dt.date(2026, 3, 2), valid_until=dt.date(2026, 12, 31),
                  register="Gemeente Voorbeeld, regiegroep Noord")
    values.update(changes)
    return Claims(**values)


def reason(code: str, keys=None) -> str:
    with pytest.raises(CodeError) as caught:
        read_code(code, key_ring(KEY) if keys is None else keys)
    assert str(caught.value)
    return caught.value.reason


def test_a_signed_code_reads_back_to_what_was_signed():
    original = claims()
    code = sign_voucher(KEY, original)
    assert code.startswith("RGV1:")
    assert set(code[5:]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric
    assert read_code(code, key_ring(KEY)) == original
    # As a scanner or a person may deliver it: lower case, with a trailing Enter.
    assert read_code(" " + code.lower() + "\r\n", key_ring(KEY)) == original


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=80), st.integers(min_value=1, max_value=10**9),
       st.integers(min_value=1, max_value=10**6), st.dates(), st.dates(),
       st.randoms(use_true_random=False))
def test_any_claims_round_trip(holder, cents, sequence, issued, valid, source):
    original = claims(holder=holder, value_cents=cents, application=sequence, issued_on=issued,
                      valid_until=valid, serial=new_serial(source))
    assert read_code(sign_voucher(KEY, original), key_ring(KEY)) == original


def test_a_code_with_any_one_character_changed_is_refused():
    code = sign_voucher(KEY, claims())
    reasons = set()
    source = random.Random(1)
    body = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    for position in range(len("RGV1:"), len(code)):
        typed = source.choice(body.replace(code[position], ""))
        reasons.add(reason(code[:position] + typed + code[position + 1:]))
    # zlib's checksum already notices a changed character: "damaged, scan it again".
    assert reasons <= {"format", "signature", "unknown_key"}


def wrap(protected: bytes, payload: bytes, signature: bytes) -> str:
    return "RGV1:" + signing.base45.b45encode(signing.zlib.compress(signing.cbor2.dumps(
        signing.cbor2.CBORTag(18, [protected, {}, payload, signature])))).decode()


def test_a_code_whose_value_was_raised_is_refused_as_a_bad_signature():
    protected, _kid, payload, signature = signing._unwrap(sign_voucher(KEY, claims()))
    data = signing.cbor2.loads(payload)
    data["v"] = 985_050
    assert reason(wrap(protected, signing.cbor2.dumps(data), signature)) == "signature"


def test_a_code_of_another_register_is_refused_as_an_unknown_key():
    foreign = sign_voucher(OTHER, claims())
    assert reason(foreign) == "unknown_key"
    # A forger who copies our key id but signs with another key.
    protected, _kid, payload, _sig = signing._unwrap(sign_voucher(KEY, claims()))
    forged_signature = OTHER.sign(signing._sig_structure(protected, payload))
    assert reason(wrap(protected, payload, forged_signature)) == "signature"
    # With both keys in the ring (a replaced key), both registers' codes read.
    assert read_code(foreign, key_ring(KEY, OTHER)).serial == claims().serial


def test_what_is_not_a_voucher_code_is_refused_as_bad_format():
    for text in ("", "RGV1:", "HC1:6BFOXN", "RGV1:!!!", "RGV1:" + "A" * 30, new_serial(random)):
        assert reason(text) == "format"


def test_a_signed_serial_whose_check_character_fails_is_refused():
    good = claims().serial
    bad = good[:-1] + ALPHABET[(ALPHABET.index(good[-1]) + 1) % len(ALPHABET)]
    with pytest.raises(Exception):
        sign_voucher(KEY, claims(serial=bad))  # the register never signs one
    # ... but a register with a bug might have: the reader refuses it all the same.
    payload = signing.cbor2.dumps({"s": bad, "v": 100, "h": "x", "a": 1, "i": "2026-01-01",
                                   "u": "2026-12-31", "r": "x"})
    protected = signing.cbor2.dumps({1: -8, 4: signing.key_id(KEY)})
    signature = KEY.sign(signing._sig_structure(protected, payload))
    assert reason(wrap(protected, payload, signature)) == "check"


def test_validity_is_judged_on_a_day():
    voucher = claims()
    assert not voucher.expired(dt.date(2026, 12, 31))
    assert voucher.expired(dt.date(2027, 1, 1))


def test_the_public_key_file_reads_back_and_shows_its_fingerprint(tmp_path):
    data = signing.public_key_file(KEY, "Gemeente Voorbeeld,\nregiegroep Noord")
    text = data.decode()
    # In the user's language (Dutch by default): no English in a Dutch file.
    assert text.splitlines()[0] == ("Regiegroep vouchersleutel: Gemeente Voorbeeld, "
                                    "regiegroep Noord")
    assert text.splitlines()[1].startswith("Vingerafdruk: ")
    assert signing.fingerprint(KEY) in text
    assert signing.fingerprint(KEY).replace(" ", "")[:16] == signing.key_id(KEY).hex().upper()
    assert len(signing.fingerprint(KEY).split()) == 8
    public = signing.read_public_key_file(data)
    assert signing.key_id(public) == signing.key_id(KEY)
    assert read_code(sign_voucher(KEY, claims()), key_ring(public)) == claims()
    with pytest.raises(signing.UserError):
        signing.read_public_key_file(b"not a key")
    private = signing.load_private_key(signing.private_key_bytes(KEY))
    assert signing.key_id(private) == signing.key_id(KEY)
    assert len(signing.private_key_bytes(KEY)) == 32


def test_reading_a_code_loads_no_reportlab_qt_or_database():
    code = ("import sys, regiegroep.vouchers.signing\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'PySide6', 'sqlite_utils', 'sqlite3', 'babel')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
