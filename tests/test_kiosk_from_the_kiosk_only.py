"""Packages from the kiosk only (issue 23, point 4), also on a register that knows no kiosk
yet: a sealed package is received only when a kiosk the register knows signed it, or the
kiosk whose fingerprint the person gives at that receive (read at the kiosk PC at load).
Whoever holds public.json (it lies on the kiosk PC) can seal to the group's key; what they
seal unsigned, or sign with a key of their own, is refused with what to do, exit 1, and
nothing of it is stored."""

import base64
import json

import pytest

from regiegroep.cli import main
from regiegroep.errors import UserError
from regiegroep.kiosk import kiosk_packages

from .kiosk_keys import FORGER_FINGERPRINT, kiosk_fingerprint, signed
from .test_kiosk_forged import genuine, seal_package
from .test_kiosk_packages import hand_in, kiosk_register, laptop  # noqa: F401  (the fixture)


def stored(register) -> tuple:
    """What a receive would store: applications, kiosks known, packages received, events."""
    return tuple(register.conn.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM application", "SELECT count(*) FROM kiosk_known",
        "SELECT count(*) FROM kiosk_received", "SELECT count(*) FROM event"))


def receive(laptop, path, capsys, *options):  # noqa: F811
    capsys.readouterr()
    code = main(["kiosk", "receive", "--db", str(laptop.path), str(path), *options])
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    return code, said.out, said.err


def forged(tmp_path, public, name="forged.rgk", **how) -> object:
    path = tmp_path / name
    path.write_bytes(seal_package(public, [genuine(public)], **how))
    return path


@pytest.fixture
def public(laptop, tmp_path):  # noqa: F811
    kiosk, package = kiosk_register(laptop, tmp_path)
    laptop.kiosk = kiosk
    return json.loads(package.read_text(encoding="utf-8"))


def test_an_unsigned_package_is_refused_by_a_register_that_knows_no_kiosk(laptop, public,  # noqa: F811
                                                                            tmp_path, capsys):
    before = stored(laptop)
    assert before[1] == 0  # no kiosk known yet: before, this was received as it came
    unsigned = forged(tmp_path, public, sign=False)
    code, out, err = receive(laptop, unsigned, capsys)
    assert code == 1 and out == ""
    assert "niet ondertekend door een kiosk" in err and "kiosk resend" in err  # what to do
    # A fingerprint given does not make it signed.
    code, _out, err = receive(laptop, unsigned, capsys, "--kiosk-fingerprint",
                              kiosk_fingerprint(laptop.kiosk))
    assert code == 1 and "niet ondertekend door een kiosk" in err
    with pytest.raises(UserError, match="niet ondertekend door een kiosk"):
        kiosk_packages.receive(laptop, unsigned.read_bytes())
    assert stored(laptop) == before


def test_a_package_signed_by_an_unknown_key_is_refused(laptop, public, tmp_path, capsys):  # noqa: F811
    before = stored(laptop)
    package = forged(tmp_path, public)  # signed with a key of the forger's own
    code, out, err = receive(laptop, package, capsys)
    assert code == 1 and out == ""
    # It names the key to compare with what the kiosk PC showed, and how to receive it.
    assert "niet kent" in err and FORGER_FINGERPRINT in err and "--kiosk-fingerprint" in err
    # Given the real kiosk's fingerprint, a package from another key is still refused.
    code, _out, err = receive(laptop, package, capsys, "--kiosk-fingerprint",
                              kiosk_fingerprint(laptop.kiosk))
    assert code == 1 and FORGER_FINGERPRINT in err and "niet met" in err
    assert stored(laptop) == before


def test_a_known_kiosks_key_with_a_signature_that_is_not_its_own_is_refused(
        laptop, public, tmp_path, capsys):  # noqa: F811
    """Copying a known kiosk's public key into a package does not sign it."""
    hand_in(laptop.kiosk)
    genuine_package = tmp_path / "genuine.rgk"
    assert main(["kiosk", "collect", "--db", str(laptop.kiosk), "--out",
                 str(genuine_package)]) == 0
    code, _out, err = receive(laptop, genuine_package, capsys, "--kiosk-fingerprint",
                              kiosk_fingerprint(laptop.kiosk))
    assert code == 0, err
    before = stored(laptop)
    from regiegroep.register import Register

    with Register.open(laptop.kiosk) as kiosk:
        key = bytes(kiosk.conn.execute("SELECT public_key FROM kiosk_identity").fetchone()[0])
    payload = signed({"format": "regiegroep-kiosk-sealed", "version": 1,
                      "package_id": "a" * 32, "kiosk": "Kiosk", "made_at": public["made_at"],
                      "public_made_at": public["made_at"], "applications": [genuine(public)],
                      "votes": []})
    payload["signed_by"] = base64.b64encode(key).decode("ascii")  # the known kiosk's key
    package = tmp_path / "claimed.rgk"
    package.write_bytes(kiosk_packages.seal(json.dumps(payload).encode("utf-8"),
                                            base64.b64decode(public["recipient"])))
    code, _out, err = receive(laptop, package, capsys)
    assert code == 1 and "ondertekening van dit kioskpakket klopt niet" in err
    assert stored(laptop) == before


def test_the_right_fingerprint_receives_and_the_kiosk_is_known_after(laptop, public,  # noqa: F811
                                                                    tmp_path, capsys):
    kiosk = laptop.kiosk
    fingerprint = kiosk_fingerprint(kiosk)
    hand_in(kiosk, "Fatma Yılmaz", "Bankje bij de speeltuin")
    first = tmp_path / "first.rgk"
    assert main(["kiosk", "collect", "--db", str(kiosk), "--out", str(first)]) == 0
    apps = stored(laptop)[0]
    # Without the fingerprint the first package of a kiosk is refused, naming its key ...
    code, _out, err = receive(laptop, first, capsys)
    assert code == 1 and fingerprint in err and "--kiosk-fingerprint" in err
    # ... with it (as typed from the kiosk PC's screen, in any case and spacing) received.
    code, out, err = receive(laptop, first, capsys, "--kiosk-fingerprint",
                             fingerprint.lower().replace(" ", ""))
    assert code == 0, err
    assert "1 aanvraag" in out and "kent nu de kiosk" in out and fingerprint in out
    assert stored(laptop)[0] == apps + 1
    assert [f for (f,) in laptop.conn.execute("SELECT fingerprint FROM kiosk_known")] == [
        fingerprint]
    learned = [e for e in laptop.events() if e.action == "kiosk_learned"]
    assert [e.details["fingerprint"] for e in learned] == [fingerprint]
    # A second package of the same kiosk, later, needs no fingerprint any more.
    hand_in(kiosk, "Dirk Zwaanswijk", "Boekenkast in de hal")
    second = tmp_path / "second.rgk"
    assert main(["kiosk", "collect", "--db", str(kiosk), "--out", str(second)]) == 0
    code, out, err = receive(laptop, second, capsys)
    assert code == 0, err
    assert "1 aanvraag" in out and "kent nu" not in out
    assert stored(laptop)[0] == apps + 2
    assert laptop.conn.execute("SELECT count(*) FROM kiosk_known").fetchone()[0] == 1
    # And the package sealed by someone with public.json is still refused.
    code, _out, err = receive(laptop, forged(tmp_path, public, sign=False), capsys)
    assert code == 1 and "niet ondertekend door een kiosk" in err
    assert stored(laptop)[0] == apps + 2


def test_a_refused_field_leaves_the_kiosk_unknown(laptop, public, tmp_path, capsys):  # noqa: F811
    """The kiosk is learnt in the receive's one transaction: a package refused for a field
    teaches the register nothing."""
    package = tmp_path / "bad.rgk"
    package.write_bytes(seal_package(public, [genuine(public, wijk_id=999)]))
    before = stored(laptop)
    code, _out, err = receive(laptop, package, capsys, "--kiosk-fingerprint",
                              FORGER_FINGERPRINT)
    assert code == 1 and "wijk_id" in err
    assert stored(laptop) == before
