"""The public package on a community-centre PC holds no fast hash of a voting code: whoever
copies it pays an scrypt for every code they guess, and the kiosk still takes and refuses a
typed code exactly as before."""

import json

import pytest

from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_packages, kiosk_votes
from regiegroep.cli import main
from regiegroep.errors import UserError
from regiegroep.register import Register

from .kiosk_keys import kiosk_fingerprint
from .test_kiosk_votes import laptop, load, vote_on_kiosk  # noqa: F401  (the fixture)


def values(node):
    """Every string and number in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from values(value)
    elif isinstance(node, list):
        for value in node:
            yield from values(value)
    else:
        yield str(node)


def test_the_package_holds_no_fast_hash_of_any_code(laptop, tmp_path):
    c, codes, _ids = laptop.laptop
    load(laptop, tmp_path)
    text = (tmp_path / "public.json").read_text(encoding="utf-8")
    salt = cons.code_salt(laptop, c.id)
    fast = {cons.hash_code(salt, code) for code in codes}
    stored = {h for (h,) in laptop.conn.execute(
        "SELECT hash FROM voting_code WHERE consultation_id = ?", [c.id])}
    assert fast == stored
    everything = set(values(json.loads(text)))
    assert not fast & everything and not any(h in text for h in fast)
    assert not any(code in text for code in codes)
    # What it holds instead: per code the scrypt of its fast hash, under a salt of its own.
    [shown] = json.loads(text)["consultations"]
    package_salt = kiosk_votes.package_salt(salt)
    assert package_salt != salt and package_salt not in text
    assert shown["scrypt"]["n"] >= 2 ** 10 and shown["scrypt"]["r"] >= 8
    assert sorted(h for h, _used in shown["codes"]) == sorted(
        kiosk_votes.slow_hash(h, package_salt) for h in fast)


def test_the_kiosk_register_holds_no_fast_hash_either(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[0], {ids[0]: "for"})
    salt = cons.code_salt(laptop, c.id)
    fast = {cons.hash_code(salt, code) for code in codes}
    for path in kiosk_path.parent.glob("kiosk.sqlite*"):
        data = path.read_bytes()
        assert not any(h.encode() in data for h in fast)


def test_a_typed_code_is_taken_and_refused_as_before(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    choices = {ids[0]: "for", ids[1]: "against", ids[2]: "abstain"}
    vote_on_kiosk(kiosk_path, c.id, cons.shown(codes[2]).lower(), choices)  # as typed
    with pytest.raises(UserError, match="al gebruikt voor een digitale stem"):
        vote_on_kiosk(kiosk_path, c.id, codes[2], choices)
    with pytest.raises(UserError, match="hoort niet bij"):
        vote_on_kiosk(kiosk_path, c.id, cons.new_codes(laptop, c.id, 1)[0], choices)
    with pytest.raises(UserError, match="klopt niet"):
        vote_on_kiosk(kiosk_path, c.id, codes[3][:-1] + ("3" if codes[3][-1] != "3" else "4"),
                      choices)
    # The laptop hashes the code in the ballot its own way and counts it once.
    sealed = tmp_path / "sealed.bin"
    assert main(["kiosk", "collect", "--db", str(kiosk_path), "--out", str(sealed)]) == 0
    assert kiosk_packages.receive(laptop, sealed.read_bytes(),
                                  trust=kiosk_fingerprint(kiosk_path)).votes == 1
    assert cons.consultation(laptop, c.id).codes_used == {"digital": 1}


def test_a_refreshed_package_has_the_same_slow_hashes(laptop, tmp_path):
    c, codes, _ids = laptop.laptop
    first = kiosk_packages.public_package(laptop)
    cons.register_at_door(laptop, c.id, codes[0])
    second = kiosk_packages.public_package(laptop)
    [a], [b] = (json.loads(p)["consultations"] for p in (first, second))
    assert [h for h, _u in a["codes"]] == [h for h, _u in b["codes"]]
    assert sorted(u for _h, u in b["codes"] if u) == ["meeting"]


def test_a_package_asking_the_kiosk_for_a_cheap_or_endless_hash_is_not_loaded(laptop, tmp_path):
    load(laptop, tmp_path)
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    for cost in ({"n": 2, "r": 1, "p": 1, "dklen": 32}, {"n": 2 ** 24, "r": 8, "p": 1, "dklen": 32},
                 {"n": "1024", "r": 8, "p": 1, "dklen": 32}):
        public["consultations"][0]["scrypt"] = cost
        with Register.open(tmp_path / "other-kiosk.sqlite") as kiosk:
            with pytest.raises(UserError, match="geen openbaar kioskpakket|not a public"):
                kiosk_packages.load_public_package(kiosk, json.dumps(public).encode("utf-8"))


def test_prepare_tells_how_far_it_is_and_is_audited(laptop):
    c, codes, _ids = laptop.laptop
    seen = []
    kiosk_votes.package_consultations(laptop, progress=lambda done, total: seen.append(
        (done, total)))
    assert seen[-1] == (len(codes), len(codes))
    kiosk_packages.public_package(laptop)
    event = laptop.events()[-1]
    assert event.action == kiosk_packages.PREPARED and event.details["consultations"] == [c.id]
