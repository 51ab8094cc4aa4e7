"""Votes on a kiosk PC with a register of its own: one code, one vote across every channel,
counted at the group's laptop after collect and receive, and nothing on either register that
ties a vote to its code."""

import json
import sqlite3

import pytest

from regiegroep.consultations import consultation_results
from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_packages, kiosk_votes
from regiegroep.cli import main
from regiegroep.errors import UserError
from regiegroep.register import Register

from .kiosk_keys import kiosk_fingerprint
from .test_consultations import planned, referred_register


@pytest.fixture
def laptop(register):
    wijk, _members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    register.laptop = (c, codes, ids)
    return register


def load(laptop, tmp_path, kiosk=None):
    package = tmp_path / "public.json"
    assert main(["kiosk", "prepare", "--db", str(laptop.path), "--out", str(package)]) == 0
    kiosk = kiosk or tmp_path / "kiosk.sqlite"
    assert main(["kiosk", "load", "--db", str(kiosk), str(package)]) == 0
    return kiosk


def vote_on_kiosk(kiosk_path, consultation_id, code, choices):
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        kiosk_votes.cast_vote(kiosk, consultation_id, code, choices)


def collect(kiosk_path, tmp_path, name="sealed.bin"):
    sealed = tmp_path / name
    assert main(["kiosk", "collect", "--db", str(kiosk_path), "--out", str(sealed)]) == 0
    return sealed


def test_the_public_package_carries_the_hashes_never_the_codes(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    text = (tmp_path / "public.json").read_text(encoding="utf-8")
    assert not any(code in text for code in codes)
    shown = json.loads(text)["consultations"]
    assert [s["id"] for s in shown] == [c.id] and len(shown[0]["codes"]) == len(codes)
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        there = kiosk_packages.open_consultations(kiosk)
        assert [i["id"] for i in there[0]["initiatives"]] == ids
        assert "salt" not in there[0] and "codes" not in there[0]
        assert kiosk.conn.execute("SELECT count(*) FROM kiosk_code").fetchone()[0] == len(codes)


def test_a_kiosk_vote_travels_to_the_laptop_and_counts_once(laptop, tmp_path, capsys):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[0], {ids[0]: "for", ids[1]: "against",
                                               ids[2]: "abstain"})
    sealed = collect(kiosk_path, tmp_path)
    assert "1" in capsys.readouterr().out
    with Register.open(kiosk_path) as kiosk:
        assert kiosk.conn.execute("SELECT count(*) FROM kiosk_ballot").fetchone()[0] == 0
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk_path)]) == 0
    capsys.readouterr()
    with Register.open(laptop.path) as reg:
        assert cons.consultation(reg, c.id).codes_used == {"digital": 1}
        counted = {i["application_id"]: (i["for"], i["against"], i["votes"]["digital"]["for"])
                   for i in consultation_results.count(reg, c.id)["items"]}
        assert counted == {ids[0]: (1, 0, 1), ids[1]: (0, 1, 0), ids[2]: (0, 0, 0)}
        events = len(reg.events())
    # The same package again changes nothing, and says so.
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed)]) == 0
    assert "eerder ontvangen" in capsys.readouterr().out
    with Register.open(laptop.path) as reg:
        assert len(cons.ballots(reg, c.id)) == 1 and len(reg.events()) == events
        # The code now counts nowhere else: the laptop refuses it too.
        with pytest.raises(UserError, match="al gebruikt"):
            cons.cast_vote(reg, c.id, codes[0], {ids[0]: "for"})


def test_a_code_used_at_the_laptop_meanwhile_is_not_counted_and_said(laptop, tmp_path, capsys):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[1], {ids[0]: "for", ids[1]: "for", ids[2]: "for"})
    vote_on_kiosk(kiosk_path, c.id, codes[2], {ids[0]: "against", ids[1]: "for",
                                               ids[2]: "for"})
    cons.cast_vote(laptop, c.id, codes[1], {ids[0]: "against"})  # the same code, at the laptop
    sealed = collect(kiosk_path, tmp_path)
    capsys.readouterr()
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk_path)]) == 0
    out = capsys.readouterr().out
    assert "1 stem is niet geteld" in out and "al gebruikt" in out and "Verwijder" in out
    with Register.open(laptop.path) as reg:
        assert cons.consultation(reg, c.id).codes_used == {"digital": 2}
        fors = {i["application_id"]: i["for"]
                for i in consultation_results.count(reg, c.id)["items"]}
        assert fors == {ids[0]: 0, ids[1]: 1, ids[2]: 1}  # the laptop's vote and codes[2]'s
        assert reg.events()[-1].details["not_counted"] == {"used": 1}


def test_a_closed_consultation_counts_no_kiosk_vote_and_says_so(laptop, tmp_path, capsys):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[0], {ids[0]: "for", ids[1]: "for", ids[2]: "for"})
    cons.close_voting(laptop, c.id, anyway=True)  # with the kiosk's votes still out
    sealed = collect(kiosk_path, tmp_path)
    capsys.readouterr()
    assert main(["kiosk", "receive", "--db", str(laptop.path), str(sealed),
                 "--kiosk-fingerprint", kiosk_fingerprint(kiosk_path)]) == 0
    assert "gesloten" in capsys.readouterr().out
    assert cons.ballots(laptop, c.id) == [] and cons.consultation(laptop, c.id).codes_used == {}
    # A refresh takes the closed consultation off the kiosk.
    load(laptop, tmp_path, kiosk_path)
    with Register.open(kiosk_path) as kiosk:
        kiosk_packages.start_kiosk(kiosk)
        assert kiosk_packages.open_consultations(kiosk) == []
        assert kiosk.conn.execute("SELECT count(*) FROM kiosk_code").fetchone()[0] == 0
        with pytest.raises(UserError, match="niet gestemd"):
            kiosk_votes.cast_vote(kiosk, c.id, codes[3], {ids[0]: "for"})


def test_the_kiosk_refuses_a_code_twice_and_one_used_elsewhere_after_a_refresh(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    choices = {ids[0]: "for", ids[1]: "for", ids[2]: "for"}
    vote_on_kiosk(kiosk_path, c.id, codes[0], choices)
    with pytest.raises(UserError, match="al gebruikt voor een digitale stem"):
        vote_on_kiosk(kiosk_path, c.id, codes[0], choices)
    other = cons.new_codes(laptop, c.id, 1)[0]  # printed, never issued: unknown
    with pytest.raises(UserError, match="hoort niet bij"):
        vote_on_kiosk(kiosk_path, c.id, other, choices)
    with pytest.raises(UserError, match="klopt niet"):
        vote_on_kiosk(kiosk_path, c.id, codes[1][:-1] + ("3" if codes[1][-1] != "3" else "4"),
                      choices)
    cons.register_at_door(laptop, c.id, codes[1])
    collect(kiosk_path, tmp_path)  # the kiosk's mark stays until the refresh reports it
    load(laptop, tmp_path, kiosk_path)
    with pytest.raises(UserError, match="bijeenkomst"):
        vote_on_kiosk(kiosk_path, c.id, codes[1], choices)
    with pytest.raises(UserError, match="al gebruikt voor een digitale stem"):
        vote_on_kiosk(kiosk_path, c.id, codes[0], choices)
    with Register.open(kiosk_path) as kiosk:
        assert kiosk.conn.execute("SELECT count(*) FROM kiosk_ballot").fetchone()[0] == 0


def test_an_altered_package_with_votes_is_refused(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    vote_on_kiosk(kiosk_path, c.id, codes[0], {ids[0]: "for", ids[1]: "for", ids[2]: "for"})
    data = bytearray(collect(kiosk_path, tmp_path).read_bytes())
    for position in (20, len(data) // 2, len(data) - 2):
        altered = bytearray(data)
        altered[position] ^= 0x01
        with pytest.raises(UserError, match="gewijzigd of beschadigd"):
            kiosk_packages.receive(laptop, bytes(altered))
    assert cons.ballots(laptop, c.id) == [] and cons.consultation(laptop, c.id).codes_used == {}


def rows(path):
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                yield table, " ".join(bytes(v).hex() if isinstance(v, bytes) else str(v)
                                      for v in row)
    finally:
        conn.close()


def test_no_table_of_the_kiosk_register_ties_a_vote_to_its_code(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    choices = {ids[0]: "against", ids[1]: "for", ids[2]: "against"}
    vote_on_kiosk(kiosk_path, c.id, codes[4], choices)
    digest = cons.hash_code(cons.code_salt(laptop, c.id), codes[4])
    plain = json.dumps(cons.check_choices(cons.consultation(laptop, c.id), choices))
    for table, text in rows(kiosk_path):
        assert codes[4] not in text and cons.shown(codes[4]) not in text, table
        assert plain not in text and '"against"' not in text, table
        if digest in text:
            assert table == "kiosk_code", table
    for path in kiosk_path.parent.glob("kiosk.sqlite*"):
        data = path.read_bytes()
        assert plain.encode() not in data and b'"against"' not in data
        assert codes[4].encode() not in data
    with Register.open(kiosk_path) as kiosk:
        sizes = {len(b) for b in kiosk_votes.sealed_ballots(kiosk)}
    vote_on_kiosk(kiosk_path, c.id, codes[5], {ids[0]: "for", ids[1]: "for", ids[2]: "for"})
    with Register.open(kiosk_path) as kiosk:  # the size of a ballot says nothing of the vote
        assert {len(b) for b in kiosk_votes.sealed_ballots(kiosk)} == sizes


def test_the_laptop_keeps_no_code_hash_beside_a_kiosk_vote(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    for code in codes[:3]:
        vote_on_kiosk(kiosk_path, c.id, code, {ids[0]: "for", ids[1]: "against",
                                               ids[2]: "for"})
    assert kiosk_packages.receive(laptop, collect(kiosk_path, tmp_path).read_bytes(),
                                  trust=kiosk_fingerprint(kiosk_path)).votes == 3
    salt = cons.code_salt(laptop, c.id)
    hashes = {cons.hash_code(salt, code) for code in codes}
    seen_ballots = 0
    for table, text in rows(laptop.path):
        if table == "ballot":
            seen_ballots += 1
        if any(h in text for h in hashes):
            assert table == "voting_code", table  # the code's own row: used, and no vote
    assert seen_ballots == 3
