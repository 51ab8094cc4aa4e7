"""The consultation's count beyond dispute (Art. 5.3-5.5; issue 14 with 11.6): its records
are sealed like the money's, so a ballot, a voting code's use, a meeting's tally or a
result edited with another program is found by `audit verify` and named; and the seals put
no code's hash anywhere but in voting_code."""

import shutil
import sqlite3

import pytest

from regiegroep.trust import audit
from regiegroep.consultations import consultation_channels as channels
from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons

from .test_consultations import planned, referred_register


@pytest.fixture
def counted(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    cons.register_at_door(register, c.id, codes[0])
    channels.enter_tally(register, c.id, ids[0], 1, 0, 0, members[0])
    channels.confirm_tallies(register, c.id, members[1])
    channels.enter_paper(register, c.id, "1", codes[1], {ids[0]: "for"}, members[0])
    channels.enter_paper(register, c.id, "1", codes[1], {ids[0]: "for"}, members[1])
    cons.cast_vote(register, c.id, codes[2], {ids[0]: "against", ids[1]: "for"})
    cons.close_voting(register, c.id)
    result = results.record_result(register, c.id)
    assert audit.verify(register.conn).intact
    return register, c, result


TAMPERINGS = {
    "a used code made unused": ("UPDATE voting_code SET used = NULL WHERE hash = (SELECT hash "
                                "FROM voting_code WHERE used = 'digital' LIMIT 1)",
                                "stemcodes van raadpleging"),
    "a ballot's choice turned": ("UPDATE ballot SET choices = replace(choices, 'against', 'for') "
                                 "WHERE channel = 'digital'", "stembiljet"),
    "a ballot added": ("INSERT INTO ballot (key, consultation_id, channel, choices) SELECT "
                       "'ff' || key, consultation_id, channel, choices FROM ballot LIMIT 1",
                       "stembiljet ff"),
    "a hand added": ("UPDATE meeting_tally SET votes_for = votes_for + 1", "handtelling"),
    "a result rewritten": ("UPDATE consultation_result SET figures = replace(figures, "
                           "'refused', 'granted')", "uitslag"),
}


def _without_guards(path):
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")  # whoever edits the file can drop the guards
    return conn


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_each_direct_edit_of_a_count_is_found_and_named(counted, tmp_path, tampering):
    register, _c, _result = counted
    copy = tmp_path / "copy.sqlite"
    register.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(register.path, copy)
    conn = _without_guards(copy)
    sql, named = TAMPERINGS[tampering]
    assert conn.execute(sql).rowcount >= 1
    conn.commit()
    verdict = audit.verify(conn)
    conn.close()
    assert not verdict.intact
    assert named in str(verdict), str(verdict)


def test_the_seals_hold_no_code_hash(counted):
    register, _c, _result = counted
    hashes = {row[0] for row in register.conn.execute("SELECT hash FROM voting_code")}
    sealed = register.conn.execute("SELECT tbl, row_key, hash FROM row_seal").fetchall()
    assert {"voting_code", "ballot", "meeting_tally", "consultation_result"} <= {
        tbl for tbl, _k, _h in sealed}
    assert not any(key in hashes or digest in hashes for _t, key, digest in sealed)
    assert not any(h in key for h in hashes for _t, key, _d in sealed)
