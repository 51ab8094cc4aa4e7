"""Forged kiosk packages (issue 23, point 5): anyone with public.json can seal to the group's
key. What they seal is checked field by field before anything is registered: a message
naming the field, exit 1, no traceback, nothing registered. Such a package is signed here
with a forger's kiosk key the register is told to trust (tests/kiosk_keys.py), so the field
check, not the missing signature, is what refuses it; an unsigned one is refused for that."""

import base64
import datetime as dt
import json
import uuid

import pytest

from regiegroep.kiosk import kiosk_packages
from regiegroep.cli import main

from .kiosk_keys import FORGER_FINGERPRINT, kiosk_fingerprint, signed
from .test_kiosk_votes import laptop, load  # noqa: F401  (the fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def genuine(public: dict, **changes) -> dict:
    """An application as a kiosk writes it, received a minute after the package was made."""
    made = dt.datetime.fromisoformat(public["made_at"])
    entry = {
        "kiosk_number": 1, "received_at": (made + dt.timedelta(minutes=1)).isoformat(),
        "wijk_id": public["wijken"][0]["id"], "signed": True, "title": "Bankje",
        "description": "Een bankje.", "execution": "Wij.", "planning": "Mei.",
        "liveability": "Buren.", "cost_estimate": "450", "vouchers_requested": 1,
        "other_subsidy": False, "other_subsidy_details": "", "theme": None,
        "applicant": {"kind": "resident", "name": "Sanne", "contact_person": "",
                      "address": "Merelstraat 9", "postcode": "1507 AB", "town": "Zaandam",
                      "phone": "06-11112222", "email": "", "publish_name": False,
                      "language": "nl"},
        "signature_png": base64.b64encode(PNG).decode("ascii")}
    for key, value in changes.items():
        if key.startswith("applicant."):
            entry["applicant"][key.split(".", 1)[1]] = value
        else:
            entry[key] = value
    return entry


def seal_package(public: dict, applications: list, sign: bool = True, **changes) -> bytes:
    """A package sealed to the group's key by whoever has public.json; ``sign``: signed with
    the forger's kiosk key (tests/kiosk_keys.py)."""
    made = dt.datetime.fromisoformat(public["made_at"])
    payload = {"format": "regiegroep-kiosk-sealed", "version": 1,
               "package_id": uuid.uuid4().hex, "kiosk": "Kiosk",
               "made_at": (made + dt.timedelta(minutes=5)).isoformat(),
               "public_made_at": public["made_at"], "applications": applications, "votes": []}
    payload.update(changes)
    text = json.dumps(payload)
    for literal in ("NaN", "Infinity"):  # what json.dumps writes for float('nan'), float('inf')
        text = text.replace('"%s"' % literal, literal)
    if sign:
        text = json.dumps(signed(json.loads(text)))
    return kiosk_packages.seal(text.encode("utf-8"), base64.b64decode(public["recipient"]))


@pytest.fixture
def public(laptop, tmp_path):  # noqa: F811
    load(laptop, tmp_path)
    return json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))


def receive(laptop, tmp_path, data, capsys, trust=FORGER_FINGERPRINT):  # noqa: F811
    package = tmp_path / "forged.bin"
    package.write_bytes(data)
    capsys.readouterr()
    code = main(["kiosk", "receive", "--db", str(laptop.path), str(package)]
                + (["--kiosk-fingerprint", trust] if trust else []))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.err


def test_a_genuine_shape_is_received(laptop, public, tmp_path, capsys):  # noqa: F811
    code, err = receive(laptop, tmp_path, seal_package(public, [genuine(public)]), capsys)
    assert code == 0, err


@pytest.mark.parametrize("field, changes", [
    ("received_at", {"received_at": "2009-01-02T08:00:00"}),  # ahead of everyone (Art. 4.4)
    ("signed", {"signed": True, "signature_png": None}),  # signed with no signature
    ("signature_png", {"signature_png": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"x" * 5_000_000).decode()}),
    ("cost_estimate", {"cost_estimate": "NaN"}),
    ("cost_estimate", {"cost_estimate": "Infinity"}),
    ("cost_estimate", {"cost_estimate": "1e30"}),
    ("cost_estimate", {"cost_estimate": 450.5}),
    ("vouchers_requested", {"vouchers_requested": "drie"}),
    ("vouchers_requested", {"vouchers_requested": 99999999999999999999}),
    ("title", {"title": ["een", "lijst"]}),
    ("applicant.name", {"applicant.name": "x" * 3000}),
    ("applicant.kind", {"applicant.kind": "koning"}),
    ("wijk_id", {"wijk_id": 999}),
    ("kiosk_number", {"kiosk_number": True}),
])
def test_a_forged_application_is_refused_naming_the_field(laptop, public, tmp_path, capsys,  # noqa: F811
                                                         field, changes):
    before = laptop.conn.execute("SELECT count(*) FROM application").fetchone()[0]
    code, err = receive(laptop, tmp_path, seal_package(public, [genuine(public, **changes)]), capsys)
    assert code == 1
    assert field.split(".")[-1] in err or "buiten de tijd" in err, err
    assert laptop.conn.execute("SELECT count(*) FROM application").fetchone()[0] == before


def test_a_package_answering_no_package_made_here_is_refused(laptop, public, tmp_path, capsys):  # noqa: F811
    code, err = receive(laptop, tmp_path, seal_package(public, [genuine(public)],
                                                 public_made_at="2026-01-01T10:00:00"), capsys)
    assert code == 1 and "geen openbaar pakket" in err
    code, err = receive(laptop, tmp_path, seal_package(public, [], made_at="2999-01-01T10:00:00"), capsys)
    assert code == 1 and "made_at" in err
    deep = kiosk_packages.seal(b"[" * 100000 + b"]" * 100000,
                               base64.b64decode(public["recipient"]))
    code, err = receive(laptop, tmp_path, deep, capsys)
    assert code == 1


def test_a_damaged_package_is_written_again_from_the_kiosks_kept_copy(laptop, tmp_path, capsys):  # noqa: F811
    """Issue 24: collect wiped the kiosk at once, so a package damaged on its way lost the
    evening for good. The kiosk PC keeps it, sealed, until a later load says it arrived."""
    from regiegroep.register import Register

    from .test_kiosk_votes import collect

    kiosk = load(laptop, tmp_path)
    with Register.open(kiosk) as k:
        kiosk_packages.start_kiosk(k)
        public = kiosk_packages.public_view(k)
        k.session = k.session._replace(role=None)
        k.register_application(kiosk_packages._application(genuine(
            public, received_at=public["made_at"])),
                               signature_png=PNG)
    package = collect(kiosk, tmp_path)
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 1  # one bit changed on the USB stick
    package.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(package)]) == 1
    assert "kiosk resend" in capsys.readouterr().err  # how to get the kept copy
    assert main(["kiosk", "collect", "--db", str(kiosk), "--out", str(tmp_path / "again.bin")]) == 0
    assert "0 aanvragen" in capsys.readouterr().out  # the second collect has nothing
    again = tmp_path / "resent.bin"
    assert main(["kiosk", "resend", "--db", str(kiosk), "--out", str(again)]) == 0
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(again),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk)]) == 0
    assert "1 aanvraag" in capsys.readouterr().out
    # A later public package says it was received: the kiosk PC lets go of its copy.
    load(laptop, tmp_path, kiosk)
    capsys.readouterr()
    assert main(["kiosk", "resend", "--db", str(kiosk), "--out", str(tmp_path / "x.bin")]) == 1
    assert "geen verzegeld pakket" in capsys.readouterr().err


def test_once_it_knows_a_kiosk_the_register_takes_packages_from_known_kiosks_only(
        laptop, tmp_path, capsys):  # noqa: F811
    """Issue 23: anyone with public.json could seal a package. The kiosk PC now signs with
    a key of its own, whose fingerprint load prints; the group's register learns it at a
    receive given that fingerprint, and from then on refuses what no known kiosk signed."""
    import re

    from .test_kiosk_votes import collect

    package = tmp_path / "public.json"
    assert main(["kiosk", "prepare", "--db", str(laptop.path), "--out", str(package)]) == 0
    capsys.readouterr()
    kiosk = tmp_path / "kiosk.sqlite"
    assert main(["kiosk", "load", "--db", str(kiosk), str(package)]) == 0
    shown = capsys.readouterr().out
    fingerprint = re.search(r"ondertekent .* sleutel ([0-9A-F]{4}(?: [0-9A-F]{4}){3})", shown)
    assert fingerprint, shown
    fingerprint = fingerprint.group(1)
    package_file = collect(kiosk, tmp_path)
    capsys.readouterr()
    receive_it = ["kiosk", "receive", "--db", str(laptop.path), str(package_file)]
    assert main([*receive_it, "--kiosk-fingerprint", "0000 0000 0000 0000"]) == 1
    assert "niet met" in capsys.readouterr().err  # not the key the kiosk showed
    assert main([*receive_it, "--kiosk-fingerprint", fingerprint.replace(" ", "").lower()]) == 0
    public = json.loads(package.read_text(encoding="utf-8"))
    # Now that it knows a kiosk: a package sealed by someone with public.json is refused ...
    code, err = receive(laptop, tmp_path, seal_package(public, [genuine(public)], sign=False),
                        capsys, trust=None)
    assert code == 1 and "niet ondertekend door een kiosk" in err
    # ... and so is one signed by another kiosk's key, until its fingerprint is given.
    other = tmp_path / "other.sqlite"
    assert main(["kiosk", "load", "--db", str(other), str(package)]) == 0
    other_print = re.search(r"ondertekent .* sleutel ([0-9A-F]{4}(?: [0-9A-F]{4}){3})",
                            capsys.readouterr().out).group(1)
    from regiegroep.register import Register

    with Register.open(other) as k:
        kiosk_packages.start_kiosk(k)
        k.session = k.session._replace(role=None)
        view = kiosk_packages.public_view(k)
        k.register_application(kiosk_packages._application(genuine(
            view, received_at=view["made_at"])), signature_png=PNG)
    second = collect(other, tmp_path, "second.bin")
    code, err = receive(laptop, tmp_path, second.read_bytes(), capsys, trust=None)
    assert code == 1 and other_print in err and "--kiosk-fingerprint" in err
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(second),
                 "--kiosk-fingerprint", other_print]) == 0
