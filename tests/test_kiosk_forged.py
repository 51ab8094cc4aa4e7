"""Forged kiosk packages (issue 23, point 5): anyone with public.json can seal to the group's
key. What they seal is checked field by field before anything is registered: a message
naming the field, exit 1, no traceback, nothing registered."""

import base64
import datetime as dt
import json
import uuid

import pytest

from regiegroep import kiosk_packages
from regiegroep.cli import main

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


def sealed(public: dict, applications: list, **changes) -> bytes:
    made = dt.datetime.fromisoformat(public["made_at"])
    payload = {"format": "regiegroep-kiosk-sealed", "version": 1,
               "package_id": uuid.uuid4().hex, "kiosk": "Kiosk",
               "made_at": (made + dt.timedelta(minutes=5)).isoformat(),
               "public_made_at": public["made_at"], "applications": applications, "votes": []}
    payload.update(changes)
    text = json.dumps(payload)
    for literal in ("NaN", "Infinity"):  # what json.dumps writes for float('nan'), float('inf')
        text = text.replace('"%s"' % literal, literal)
    return kiosk_packages.seal(text.encode("utf-8"), base64.b64decode(public["recipient"]))


@pytest.fixture
def public(laptop, tmp_path):  # noqa: F811
    load(laptop, tmp_path)
    return json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))


def receive(laptop, tmp_path, data, capsys):  # noqa: F811
    package = tmp_path / "forged.bin"
    package.write_bytes(data)
    capsys.readouterr()
    code = main(["kiosk", "receive", "--db", str(laptop.path), str(package)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.err


def test_a_genuine_shape_is_received(laptop, public, tmp_path, capsys):  # noqa: F811
    code, err = receive(laptop, tmp_path, sealed(public, [genuine(public)]), capsys)
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
    code, err = receive(laptop, tmp_path, sealed(public, [genuine(public, **changes)]), capsys)
    assert code == 1
    assert field.split(".")[-1] in err or "buiten de tijd" in err, err
    assert laptop.conn.execute("SELECT count(*) FROM application").fetchone()[0] == before


def test_a_package_answering_no_package_made_here_is_refused(laptop, public, tmp_path, capsys):  # noqa: F811
    code, err = receive(laptop, tmp_path, sealed(public, [genuine(public)],
                                                 public_made_at="2026-01-01T10:00:00"), capsys)
    assert code == 1 and "geen openbaar pakket" in err
    code, err = receive(laptop, tmp_path, sealed(public, [], made_at="2999-01-01T10:00:00"), capsys)
    assert code == 1 and "made_at" in err
    deep = kiosk_packages.seal(b"[" * 100000 + b"]" * 100000,
                               base64.b64decode(public["recipient"]))
    code, err = receive(laptop, tmp_path, deep, capsys)
    assert code == 1
