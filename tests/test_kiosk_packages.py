"""A kiosk PC with a register of its own: a public package in, a sealed package out, received
once at the group's laptop; nothing readable of an applicant left on the kiosk PC."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from regiegroep import i18n
from regiegroep.kiosk import kiosk_packages
from regiegroep.cli import main
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.model import Applicant
from regiegroep.applications.search import Filter
from regiegroep.register import Register

from .kiosk_keys import kiosk_fingerprint
from .conftest import complete_application

PNG = b"\x89PNG\r\n\x1a\n" + b"signature" * 10


@pytest.fixture
def laptop(register):
    wijk = register.wijken()[0].id
    granted = register.register_application(complete_application(
        wijk, title="Moestuin Vinkenstraat",
        applicant=Applicant(name="Ineke Smit", address="Vinkenstraat 3", phone="06-87654321",
                            publish_name=False)))
    chair = register.add_member("Joke van der Meer", "chair").id
    register.decide(granted.id, Decision(Kind.GRANTED, dt.date(2026, 3, 20), (chair,),
                                         amount_granted=Decimal("1850.00")))
    return register


def kiosk_register(laptop, tmp_path):
    package = tmp_path / "public.json"
    assert main(["kiosk", "prepare", "--db", str(laptop.path), "--out", str(package)]) == 0
    kiosk = tmp_path / "kiosk.sqlite"
    assert main(["kiosk", "load", "--db", str(kiosk), str(package)]) == 0
    return kiosk, package


def hand_in(kiosk_path, name="Fatma Yılmaz", title="Bankje bij de speeltuin"):
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        app = complete_application(kiosk.wijken()[0].id, title=title)
        app.applicant.name = name
        return kiosk.register_application(app, signature_png=PNG).sequence


def test_the_public_package_holds_public_data_only(laptop, tmp_path):
    kiosk_path, package = kiosk_register(laptop, tmp_path)
    text = package.read_text(encoding="utf-8")
    assert "Moestuin Vinkenstraat" in text and "Zaanstad" in text
    for personal in ("Ineke Smit", "Vinkenstraat 3", "06-87654321"):
        assert personal not in text
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        shown = kiosk_packages.public_view(kiosk)
        assert [g["title"] for g in shown["granted"]] == ["Moestuin Vinkenstraat"]
        assert shown["granted"][0]["amount"] == "1850.00"
        assert set(shown["scheme"]) == set(i18n.LANGUAGES)  # every language the kiosk offers
        assert shown["consultations"] == []  # an optional part, empty until one is open


def test_a_sealed_package_is_received_once_and_leaves_nothing_readable(laptop, tmp_path, capsys):
    kiosk_path, _package = kiosk_register(laptop, tmp_path)
    hand_in(kiosk_path, "Fatma Yılmaz", "Bankje bij de speeltuin")
    hand_in(kiosk_path, "Dirk Zwaanswijk", "Boekenkast in de hal")
    sealed = tmp_path / "sealed.bin"
    assert main(["kiosk", "collect", "--db", str(kiosk_path), "--out", str(sealed)]) == 0
    for path in (kiosk_path, sealed, *kiosk_path.parent.glob("kiosk.sqlite*")):
        data = path.read_bytes()
        for name in ("Fatma", "Yılmaz", "Zwaanswijk", "Reigerstraat", "06-12345678"):
            assert name.encode("utf-8") not in data, (path, name)
    before = laptop.count(Filter())
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk_path)]) == 0
    assert "2" in capsys.readouterr().out
    laptop.conn.close()
    with Register.open(laptop.path) as reg:
        apps = reg.applications(Filter())
        assert reg.count(Filter()) == before + 2
        came = [a for a in apps if a.title in ("Bankje bij de speeltuin", "Boekenkast in de hal")]
        assert sorted(a.applicant.name for a in came) == ["Dirk Zwaanswijk", "Fatma Yılmaz"]
        assert all(a.signed for a in came)
        assert [x.kind for x in reg.attachments(came[0].id)] == ["signed_form"]
        assert reg.attachment_data(reg.attachments(came[0].id)[0].id) == PNG
        events = reg.events()
        assert events[-1].action == "kiosk_package_received"
        count = len(events)
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed)]) == 0
    assert "eerder ontvangen" in capsys.readouterr().out
    with Register.open(laptop.path) as reg:
        assert reg.count(Filter()) == before + 2 and len(reg.events()) == count


def test_a_package_with_one_byte_changed_is_refused(laptop, tmp_path, capsys):
    kiosk_path, _package = kiosk_register(laptop, tmp_path)
    hand_in(kiosk_path)
    sealed = tmp_path / "sealed.bin"
    assert main(["kiosk", "collect", "--db", str(kiosk_path), "--out", str(sealed)]) == 0
    data = bytearray(sealed.read_bytes())
    before = laptop.count(Filter())
    for position in (3, 10, len(data) // 2, len(data) - 1):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(UserError):
            kiosk_packages.receive(laptop, bytes(altered))
    assert laptop.count(Filter()) == before
    (tmp_path / "altered.bin").write_bytes(bytes(data[:-1]) + bytes([data[-1] ^ 1]))
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(tmp_path / "altered.bin")]) == 1
    assert "gewijzigd of beschadigd" in capsys.readouterr().err


def test_the_group_register_refuses_to_become_a_kiosk_register(laptop, tmp_path):
    _kiosk, package = kiosk_register(laptop, tmp_path)
    with pytest.raises(UserError):
        kiosk_packages.load_public_package(laptop, package.read_bytes())


def test_only_a_steering_group_member_leaves_the_kiosk(laptop, tmp_path, monkeypatch):
    import io

    package = tmp_path / "public.json"
    assert main(["kiosk", "prepare", "--db", str(laptop.path), "--out", str(package)]) == 0
    kiosk_path = tmp_path / "kiosk.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert main(["kiosk", "load", "--db", str(kiosk_path), str(package),
                 "--keeper", "Joke van der Meer"]) == 0
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        with pytest.raises(UserError):
            kiosk_packages.leave_kiosk(kiosk, "Joke van der Meer", "1234")
        assert kiosk.session.role == "kiosk"
        assert kiosk_packages.leave_kiosk(kiosk, "Joke van der Meer", "4321").role == "member"
        assert json.loads(kiosk.conn.execute("SELECT package FROM kiosk_public").fetchone()[0])
