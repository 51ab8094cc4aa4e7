"""Paper ballots that keep nothing of their code beside the choices, the upgrade of a
register with a ballot typed in once, and cancelling a consultation (Art. 1i, 5.3-5.5)."""

import datetime as dt
import hashlib
import json
import sqlite3
from decimal import Decimal

import pytest

from regiegroep.consultations import consultation_channels as channels
from regiegroep import consultations as cons
from regiegroep.exchange import export
from regiegroep import store
from regiegroep.consultations import Consultation
from regiegroep.errors import UserError
from regiegroep.store import COMMAND_LINE
from regiegroep.register import Register

from .test_consultations import D, planned, referred_register


@pytest.fixture
def setup(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    return register, c, codes, members, ids


def _code_forms(register, codes):
    """Every form of the codes a table could hold: as typed, as printed, their hashes."""
    salts = [s for (s,) in register.conn.execute("SELECT salt FROM consultation")]
    forms = set()
    for code in codes:
        forms |= {code, cons.shown(code), hashlib.sha256(code.encode()).hexdigest()}
        forms |= {cons.hash_code(salt, code) for salt in salts}
    return forms


def test_no_table_holds_a_code_or_its_hash_beside_choices_at_any_stage(setup):
    register, c, codes, members, ids = setup
    for_one, against_one = {ids[0]: "for"}, {ids[0]: "against"}
    channels.enter_paper(register, c.id, "1", codes[0], for_one, members[0])  # pending
    channels.enter_paper(register, c.id, "2", codes[1], for_one, members[0])  # will differ
    assert channels.enter_paper(register, c.id, "2", codes[1], against_one, members[1]) == "differs"
    channels.enter_paper(register, c.id, "3", codes[2], for_one, members[0])  # counted
    assert channels.enter_paper(register, c.id, "3", codes[2], for_one, members[1]) == "counted"
    cons.cast_vote(register, c.id, codes[3], against_one)
    cons.register_at_door(register, c.id, codes[4])
    channels.enter_tally(register, c.id, ids[0], 1, 0, 0, members[0])
    assert channels.paper_waiting(register, c.id) == ["1"]
    assert [d.sheet for d in channels.paper_differences(register, c.id)] == ["2"]
    forms = _code_forms(register, codes)
    holding_choices = []
    for (name,) in register.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = [row[1] for row in register.conn.execute(f"PRAGMA table_info({name})")]
        rows = register.conn.execute(f"SELECT * FROM {name}").fetchall()
        if {"choices", "votes_for"} & set(columns):
            holding_choices.append(name)
            assert not [col for col in columns if "hash" in col or "code" in col], name
            assert rows, name  # the check looked at real values
        if name == "voting_code":
            assert not {"choices", "votes_for", "sheet", "member_id"} & set(columns)
            continue
        text = json.dumps(rows, default=str)
        assert not [f for f in forms if f in text], name
    assert {"ballot", "paper_entry"} <= set(holding_choices)
    assert not any(f in json.dumps(e.details) for e in register.events() for f in forms)


def test_the_first_entry_uses_the_code_and_a_later_one_must_type_a_paper_code(setup):
    register, c, codes, members, ids = setup
    choice = {ids[0]: "for"}
    assert channels.enter_paper(register, c.id, "1", codes[0], choice, members[0]) == "waiting"
    assert register.consultation(c.id).codes_used == {"paper": 1}
    with pytest.raises(UserError, match="papier"):
        cons.cast_vote(register, c.id, codes[0], choice)
    with pytest.raises(UserError, match="papier"):  # a new sheet cannot use it again
        channels.enter_paper(register, c.id, "2", codes[0], choice, members[1])
    with pytest.raises(UserError, match="Controleer de code op het stembiljet"):
        channels.enter_paper(register, c.id, "1", codes[1], choice, members[1])
    cons.cast_vote(register, c.id, codes[2], choice)
    with pytest.raises(UserError, match="Controleer de code op het stembiljet"):
        channels.enter_paper(register, c.id, "1", codes[2], choice, members[1])
    assert register.consultation(c.id).codes_used == {"paper": 1, "digital": 1}
    assert channels.enter_paper(register, c.id, "1", codes[0], choice, members[1]) == "counted"
    assert sorted(ch for ch, _v in cons.ballots(register, c.id)) == ["digital", "paper"]


OLD_PAPER_ENTRY = """CREATE TABLE paper_entry (
    consultation_id INTEGER NOT NULL REFERENCES consultation(id),
    sheet TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES member(id),
    code_hash TEXT NOT NULL,
    choices TEXT NOT NULL,
    PRIMARY KEY (consultation_id, sheet, member_id)
)"""
OLD_ITEM = """CREATE TABLE consultation_item (
    consultation_id INTEGER NOT NULL REFERENCES consultation(id),
    application_id INTEGER NOT NULL UNIQUE REFERENCES application(id),
    position INTEGER NOT NULL,
    decision_id INTEGER REFERENCES decision(id),
    PRIMARY KEY (consultation_id, application_id)
)"""


M017 = next(name for name in store.MIGRATIONS if name.startswith("m017"))


def test_a_register_with_a_ballot_typed_in_once_upgrades_with_its_code_used(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    cons.cast_vote(register, c.id, codes[1], {ids[0]: "for"})
    salt, path = cons.code_salt(register, c.id), register.path
    register.close()
    # The register as the schema before m017 left it, with two ballots typed in once.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in ("DROP TABLE paper_entry", OLD_PAPER_ENTRY,
                      "DROP TABLE consultation_cancellation",
                      "CREATE TABLE item_old AS SELECT consultation_id, application_id, "
                      "position, decision_id FROM consultation_item",
                      "DROP TABLE consultation_item", OLD_ITEM,
                      "INSERT INTO consultation_item SELECT * FROM item_old", "DROP TABLE item_old",
                      f"DELETE FROM _sqlite_migrations WHERE name = '{M017}'",
                      f"PRAGMA user_version = {len(store.MIGRATIONS) - 1}"):
        conn.execute(statement)
    choice = json.dumps({str(ids[0]): "against"})
    conn.executemany("INSERT INTO paper_entry VALUES (?, ?, ?, ?, ?)", [
        (c.id, "4", members[0], cons.hash_code(salt, codes[3]), choice),
        (c.id, "5", members[0], cons.hash_code(salt, codes[1]), choice)])  # its code voted digitally
    conn.close()
    with Register.open(path) as upgraded:
        columns = {row[1] for row in upgraded.conn.execute("PRAGMA table_info(paper_entry)")}
        assert "code_hash" not in columns
        assert upgraded.consultation(c.id).codes_used == {"paper": 1, "digital": 1}
        assert channels.paper_waiting(upgraded, c.id) == ["4"]
        with pytest.raises(UserError, match="papier"):
            cons.cast_vote(upgraded, c.id, codes[3], {ids[0]: "for"})
        assert channels.enter_paper(upgraded, c.id, "4", codes[3], {ids[0]: "against"},
                                    members[1]) == "counted"
        assert len(upgraded.consultation(c.id).items) == 3


# ------------------------------------------------------------------------------ cancel

def test_a_planned_consultation_is_cancelled_and_its_initiatives_wait_again(register):
    wijk, members, ids = referred_register(register)
    c = cons.plan(register, Consultation(wijk, "Voorjaar", "written", D(2026, 4, 1),
                                         D(2026, 4, 14), tuple(ids)))
    codes = cons.new_codes(register, c.id, 3)
    cons.store_codes(register, c.id, codes)
    assert cons.overdue(register, D(2026, 5, 1)) == []
    with pytest.raises(UserError, match="reden"):
        cons.cancel(register, c.id, "  ")
    done = cons.cancel(register, c.id, "De zaal is niet beschikbaar")
    assert done.status == "cancelled" and done.cancel_reason == "De zaal is niet beschikbaar"
    assert cons.label(done.status) == "geannuleerd"
    assert done.application_ids == tuple(ids)  # still on record with it
    # Waiting again, counted from their referral on 20 March (Art. 5.5).
    assert [days for _s, days in cons.overdue(register, D(2026, 5, 1))] == [42, 42, 42]
    [event] = [e for e in register.events() if e.action == "consultation cancelled"]
    assert event.details["reason"] == "De zaal is niet beschikbaar"
    with pytest.raises(UserError, match="geannuleerd"):
        cons.cancel(register, c.id, "nog eens")
    with pytest.raises(UserError, match="geannuleerd"):
        cons.open_voting(register, c.id)
    with pytest.raises(UserError, match="geannuleerd"):
        cons.store_codes(register, c.id, cons.new_codes(register, c.id, 1))
    again = cons.plan(register, Consultation(wijk, "Najaar", "digital", D(2026, 9, 1),
                                             D(2026, 9, 14), tuple(ids)))
    assert cons.unplanned(register) == [] and again.status == "planned"
    [record] = [r for r in export.consultation_records(register) if r["id"] == c.id]
    assert record["status"] == "cancelled"


def test_a_running_consultation_is_cancelled_before_any_code_and_its_codes_die(setup):
    register, c, codes, members, ids = setup
    assert c.id in [o["id"] for o in cons.open_now(register)]
    cons.cancel(register, c.id, "Verkeerde initiatieven")
    assert c.id not in [o["id"] for o in cons.open_now(register)]
    for attempt in (lambda: cons.cast_vote(register, c.id, codes[0], {ids[0]: "for"}),
                    lambda: cons.register_at_door(register, c.id, codes[0]),
                    lambda: channels.enter_paper(register, c.id, "1", codes[0],
                                                 {ids[0]: "for"}, members[0])):
        with pytest.raises(UserError, match="geannuleerd.*niet meer"):
            attempt()
    with register.write(), pytest.raises(UserError, match="geannuleerd"):
        cons.use_code(register, c.id, cons.hash_code(cons.code_salt(register, c.id), codes[0]),
                       "digital")  # as the kiosk's receiving uses it
    assert register.consultation(c.id).codes_used == {}


def test_a_consultation_with_a_vote_cannot_be_cancelled(setup):
    register, c, codes, members, ids = setup
    channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"}, members[0])
    with pytest.raises(UserError, match="niet meer worden geannuleerd"):
        cons.cancel(register, c.id, "Te laat")
    cons.close_voting(register, c.id)
    with pytest.raises(UserError, match="niet meer worden geannuleerd"):
        cons.cancel(register, c.id, "Te laat")
    assert register.consultation(c.id).status == "closed"
    assert not [e for e in register.events() if e.action == "consultation cancelled"]


def test_the_command_cancels_and_list_show_and_export_say_so(setup, capsys):
    from regiegroep import cli

    register, c, _codes, _members, _ids = setup
    path = str(register.path)
    register.close()
    args = ["consultation", "cancel", "--db", path, "--consultation", str(c.id),
            "--reason", "De buurt krijgt eerst uitleg"]
    assert cli.main(args) == 0
    assert "geannuleerd" in capsys.readouterr().out
    assert cli.main(args) != 0
    assert "al geannuleerd" in capsys.readouterr().err
    assert cli.main(["consultation", "list", "--db", path]) == 0
    assert "geannuleerd" in capsys.readouterr().out
    assert cli.main(["consultation", "show", "--db", path, "--consultation", str(c.id)]) == 0
    shown = capsys.readouterr().out
    assert "Stand: geannuleerd." in shown
    assert "Geannuleerd: De buurt krijgt eerst uitleg" in shown
    with Register.open(path, create=False) as reopened:
        [event] = [e for e in reopened.events() if e.action == "consultation cancelled"]
        assert event.actor == COMMAND_LINE
        assert [r["status"] for r in export.consultation_records(reopened)] == ["cancelled"]


def test_a_cancelled_consultation_prints_no_codes_ballots_or_poster(register, tmp_path):
    from regiegroep.documents.consultation_letters import Address, write_ballots, write_code_letters
    from regiegroep.documents.consultation_notices import write

    wijk, _members, ids = referred_register(register)
    c = cons.plan(register, Consultation(wijk, "Voorjaar", "written", D(2026, 4, 1),
                                         D(2026, 4, 14), tuple(ids)))
    cons.cancel(register, c.id, "Uitgesteld")
    for attempt in (
            lambda: write_code_letters(register, c.id, [Address("Reigerstraat 12", "1504 AB")],
                                       tmp_path / "codes.pdf"),
            lambda: write_ballots(register, c.id, tmp_path / "ballots.pdf"),
            lambda: write(register, "announcement", c.id, tmp_path / "poster.pdf")):
        with pytest.raises(UserError, match="geannuleerd"):
            attempt()
    assert not list(tmp_path.glob("*.pdf"))
    assert register.consultation(c.id).codes_issued == 0
