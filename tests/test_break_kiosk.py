"""An adversarial reviewer's attacks on the kiosk's votes: forged and misdirected packages,
and kiosk registers handled the wrong way round."""

import base64
import json
import uuid

import pytest

from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_packages
from regiegroep.cli import main
from regiegroep.errors import UserError

from .kiosk_keys import FORGER_FINGERPRINT, kiosk_fingerprint, signed
from .test_kiosk_votes import laptop, load  # noqa: F401  (the fixture)


def test_the_public_package_alone_cannot_cast_votes_for_unused_codes(laptop, tmp_path, capsys):
    """The public package lies in the community centre with every code's hash and the
    group's public key: whoever copies it must not be able to seal a vote for a code they
    never held, or every unused letter could be voted for."""
    c, codes, ids = laptop.laptop
    load(laptop, tmp_path)
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    recipient = base64.b64decode(public["recipient"])
    [shown] = public["consultations"]
    forged = []
    for digest, used in shown["codes"]:
        assert used is None
        ballot = json.dumps({"consultation_id": shown["id"], "code_hash": digest,
                             "choices": {str(ids[0]): "for"}}).encode("ascii")
        forged.append(base64.b64encode(kiosk_packages.seal(ballot, recipient)).decode("ascii"))
    payload = {"format": "regiegroep-kiosk-sealed", "version": 1,
               "package_id": uuid.uuid4().hex, "kiosk": "Kiosk", "made_at": "2026-04-02T10:00:00",
               "applications": [], "votes": forged}
    package = tmp_path / "forged.bin"
    package.write_bytes(kiosk_packages.seal(json.dumps(payload).encode("utf-8"), recipient))
    main(["kiosk", "receive", "--db", str(laptop.path), str(package)])
    capsys.readouterr()
    assert cons.ballots(laptop, c.id) == []
    assert cons.consultation(laptop, c.id).codes_used == {}


def test_two_kiosk_pcs_from_one_package_count_a_code_once(laptop, tmp_path, capsys):
    from .test_kiosk_votes import collect, vote_on_kiosk

    c, codes, ids = laptop.laptop
    first = load(laptop, tmp_path, tmp_path / "kiosk-a.sqlite")
    second = tmp_path / "kiosk-b.sqlite"
    assert main(["kiosk", "load", "--db", str(second), str(tmp_path / "public.json")]) == 0
    vote_on_kiosk(first, c.id, codes[0], {ids[0]: "for"})
    vote_on_kiosk(second, c.id, codes[0], {ids[0]: "against"})
    vote_on_kiosk(second, c.id, codes[1], {ids[0]: "against"})
    for kiosk, name in ((second, "b.bin"), (first, "a.bin")):
        main(["kiosk", "receive", "--db", str(laptop.path), str(collect(kiosk, tmp_path, name)),
              "--kiosk-fingerprint", kiosk_fingerprint(kiosk)])
    assert "1 stem is niet geteld" in capsys.readouterr().out
    assert sorted(v[str(ids[0])] for _ch, v in cons.ballots(laptop, c.id)) == ["against", "against"]
    assert cons.consultation(laptop, c.id).codes_used == {"digital": 2}


def test_prepare_on_a_kiosk_register_refuses_and_keeps_it_loadable(laptop, tmp_path, capsys):
    """Typing the kiosk's file at ``kiosk prepare`` by mistake made a key pair in the kiosk
    register, after which every refresh was refused as "the group's own register"."""
    kiosk = load(laptop, tmp_path)
    capsys.readouterr()
    assert main(["kiosk", "prepare", "--db", str(kiosk), "--out", str(tmp_path / "x.json")]) != 0
    assert "kiosk" in capsys.readouterr().err.lower()
    assert not (tmp_path / "x.json").exists()
    assert main(["kiosk", "load", "--db", str(kiosk), str(tmp_path / "public.json")]) == 0


def test_a_package_of_another_group_is_not_loaded_over_what_waits_to_be_collected(
        laptop, tmp_path, capsys):
    """What residents handed in is sealed at once to the group whose package was loaded;
    a package with another group's key loaded over it would send it to that group, who
    cannot open the ballots either, so neither can receive the package."""
    from regiegroep.register import Register

    from .conftest import _model_register
    from .test_kiosk_votes import collect, vote_on_kiosk

    c, codes, ids = laptop.laptop
    kiosk = load(laptop, tmp_path)
    vote_on_kiosk(kiosk, c.id, codes[0], {ids[0]: "for"})
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    with _model_register(other_dir / "other.sqlite") as other:
        pass
    assert main(["kiosk", "prepare", "--db", str(other_dir / "other.sqlite"),
                 "--out", str(other_dir / "public.json")]) == 0
    capsys.readouterr()
    assert main(["kiosk", "load", "--db", str(kiosk), str(other_dir / "public.json")]) != 0
    assert "collect" in capsys.readouterr().err.lower()
    received = kiosk_packages.receive(laptop, collect(kiosk, tmp_path).read_bytes(),
                                      trust=kiosk_fingerprint(kiosk))
    assert received.votes == 1
    with Register.open(kiosk) as k:  # once collected, the other group's package loads
        assert kiosk_packages.load_public_package(k, (other_dir / "public.json").read_bytes())


@pytest.mark.parametrize("payload", [
    {}, {"package_id": "x"}, {"package_id": "y", "applications": [{"title": "x"}]},
    {"package_id": "z", "applications": [], "votes": ["not base64!"]}, [], "text"])
def test_a_sealed_package_that_makes_no_sense_is_refused_in_words(laptop, tmp_path, capsys,
                                                                   payload):
    """Anyone holding the public package can seal to the group's key; what they seal may
    be anything, and is refused with the package's own message, nothing registered. Signed
    here with a kiosk key the register is told to trust: the fields are what refuse it."""
    load(laptop, tmp_path)
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    package = tmp_path / "odd.bin"
    package.write_bytes(kiosk_packages.seal(json.dumps(signed(payload)).encode("utf-8"),
                                            base64.b64decode(public["recipient"])))
    events = len(laptop.events())
    capsys.readouterr()
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(package),
                 "--kiosk-fingerprint", FORGER_FINGERPRINT]) != 0
    assert "Niets is eruit overgenomen" in capsys.readouterr().err  # the field is named
    with pytest.raises(UserError, match="Niets is eruit overgenomen"):
        kiosk_packages.receive(laptop, package.read_bytes(), trust=FORGER_FINGERPRINT)
    assert len(laptop.events()) == events


def test_kiosk_votes_of_a_cancelled_consultation_are_said_to_be_cancelled(laptop, tmp_path,
                                                                          capsys):
    """Cancelling looks only at the laptop's register: votes sealed on a kiosk PC meanwhile
    arrive afterwards, are not counted, and the group reads why: cancelled, not closed."""
    from .test_kiosk_votes import collect, vote_on_kiosk

    c, codes, ids = laptop.laptop
    kiosk = load(laptop, tmp_path)
    vote_on_kiosk(kiosk, c.id, codes[0], {ids[0]: "for"})
    cons.cancel(laptop, c.id, "De zaal is niet beschikbaar")
    capsys.readouterr()
    assert main(["kiosk", "receive", "--db", str(laptop.path),
                 str(collect(kiosk, tmp_path)), "--kiosk-fingerprint",
                 kiosk_fingerprint(kiosk)]) == 0
    out = capsys.readouterr().out
    assert "geannuleerd" in out and "gesloten" not in out
    assert cons.ballots(laptop, c.id) == [] and cons.consultation(laptop, c.id).codes_used == {}
