"""Votes follow the plan's dates, a paper ballot's second entry gives the first's code, and a
second person confirms with their own PIN (issues 21 and 24)."""

import datetime as dt

import pytest

from regiegroep.consultations import consultation_channels as channels
from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_votes
from regiegroep.errors import UserError
from regiegroep.trust.four_eyes import acting_as, confirm_person
from regiegroep.register import Register

from .test_consultations import planned, referred_register

DAY = dt.timedelta(days=1)


@pytest.fixture
def setup(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids, minimum_turnout_percent=10)
    return register, c, codes, members, ids


def test_no_vote_is_cast_outside_the_voting_period_in_any_channel(setup):
    register, c, codes, members, ids = setup
    for day, said in ((c.starts_on - DAY, "begint op"), (c.ends_on + DAY, "gesloten op")):
        with cons.voting_on(day):
            with pytest.raises(UserError, match=said):
                cons.cast_vote(register, c.id, codes[0], {ids[0]: "for"})
            with pytest.raises(UserError, match=said):
                cons.register_at_door(register, c.id, codes[0])
            assert cons.open_now(register) == []  # the laptop's vote and the kiosk: not offered
    assert cons.consultation(register, c.id).codes_used == {}  # nothing was used
    for day in (c.starts_on, c.ends_on):  # the first and the last day count
        with cons.voting_on(day):
            assert [o["id"] for o in cons.open_now(register)] == [c.id]
    with cons.voting_on(c.ends_on):
        cons.cast_vote(register, c.id, codes[0], {ids[0]: "for"})


def test_a_kiosk_package_made_before_the_first_day_carries_the_consultation(setup):
    register, c, _codes, _members, _ids = setup
    with cons.voting_on(c.starts_on - DAY):
        shown = cons.open_now(register, upcoming=True)
        assert kiosk_votes.shown(shown) == []  # the day before: the kiosk does not offer it
    assert [o["id"] for o in shown] == [c.id]
    assert shown[0]["ends_on"] == c.ends_on.isoformat()
    with cons.voting_on(c.starts_on):
        assert [o["id"] for o in kiosk_votes.shown(shown)] == [c.id]
    with cons.voting_on(c.ends_on + DAY):
        assert kiosk_votes.shown(shown) == []


def test_a_paper_ballot_after_the_period_only_when_handed_in_on_time(setup):
    register, c, codes, members, ids = setup
    cons.close_voting(register, c.id)
    with cons.voting_on(c.ends_on + 3 * DAY):
        with pytest.raises(UserError, match="alleen in als het is ingeleverd"):
            channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"}, members[0])
        assert channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"}, members[0],
                                    in_time=True) == "waiting"
        assert channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"},
                                    members[1]) == "counted"
    [entry] = [e for e in register.events() if e.action == "paper ballot entered"
               and e.details.get("outcome") == "waiting"]
    assert entry.details["handed_in_by"] == c.ends_on.isoformat()  # the trail says so
    with cons.voting_on(c.starts_on - DAY):
        with pytest.raises(UserError, match="begint op"):
            channels.enter_paper(register, c.id, "2", codes[1], {ids[0]: "for"}, members[0])


def test_the_second_entry_must_give_the_first_entrys_code(setup):
    register, c, codes, members, ids = setup
    choices = {ids[0]: "for"}
    channels.enter_paper(register, c.id, "4", codes[0], choices, members[0])  # P4
    channels.enter_paper(register, c.id, "5", codes[1], choices, members[0])  # P5
    with pytest.raises(UserError, match="niet de code"):  # P5's code typed for P4
        channels.enter_paper(register, c.id, "4", codes[1], choices, members[1])
    assert channels.paper_waiting(register, c.id) == ["4", "5"]
    assert channels.enter_paper(register, c.id, "4", codes[0], choices, members[1]) == "counted"
    assert register.conn.execute("SELECT sheet FROM paper_sheet").fetchall() == [("5",)]
    assert len(cons.ballots(register, c.id)) == 1


def test_consultation_show_says_when_voting_ends_and_the_minimum_turnout(setup, capsys):
    from regiegroep import cli

    register, c, _codes, _members, _ids = setup
    path = str(register.path)
    register.close()
    assert cli.main(["consultation", "show", "--db", path, "--consultation", str(c.id)]) == 0
    shown = capsys.readouterr().out
    assert "De stemming sluit op 14 april 2026. Minimale opkomst: 10% van de uitgegeven codes." in shown


def test_a_second_person_confirms_with_their_own_pin(setup):
    register, c, codes, _members, ids = setup
    ids_by_name = {m.name: m.id for m in register.members()}
    members = [ids_by_name["Joke van der Meer"], None, ids_by_name["Marieke Bakker"]]
    register.set_pin(members[0], "1111")
    register.set_pin(members[2], "3333")
    register.sign_in("Joke van der Meer", "1111")
    chair = register.session
    assert confirm_person(register, members[0], "") == "Joke van der Meer"  # signed in
    with pytest.raises(UserError, match="eigen pincode"):
        confirm_person(register, members[2], "")
    with pytest.raises(UserError):
        confirm_person(register, members[2], "1111")  # the chair's PIN is not Marieke's
    assert register.session == chair
    assert confirm_person(register, members[2], "3333") == "Marieke Bakker"
    assert register.session == chair  # the chair stays signed in
    actions = {(e.actor, e.action) for e in register.events() if "sign" in e.action}
    assert {("Marieke Bakker", "sign_in_failed"), ("Marieke Bakker", "signed_in")} <= actions
    # What she does is hers in the trail, and the chair is back afterwards.
    channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"}, members[0])
    with acting_as(register, members[2], "3333"):
        channels.enter_paper(register, c.id, "1", codes[0], {ids[0]: "for"}, members[2])
    assert register.session == chair
    entries = [e.actor for e in register.events() if e.action == "paper ballot entered"]
    assert entries == ["Joke van der Meer", "Marieke Bakker"]


def test_the_turnout_line_without_a_minimum():
    c = cons.Consultation(1, "R", "digital", dt.date(2026, 4, 1), dt.date(2026, 4, 14))
    assert cons.voting_line(c) == "De stemming sluit op 14 april 2026. Minimale opkomst: geen."


def test_an_old_register_gets_the_sheet_check_table(tmp_path):
    path = tmp_path / "r.sqlite"
    with Register.open(path) as register:
        names = {n for (n,) in register.conn.execute("SELECT name FROM sqlite_master")}
    assert "paper_sheet" in names
    assert results  # the module the sign-off lives in is there for the journeys


def test_the_paper_screen_after_closing_asks_whether_a_ballot_was_in_time(qtbot, setup):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    from ui.consultations import PaperDialog

    register, c, codes, members, ids = setup
    cons.close_voting(register, c.id)
    paper = PaperDialog(register, c.id)
    qtbot.addWidget(paper)
    paper.show()
    assert paper.in_time.isVisible() and "14 april 2026" in paper.in_time.text()
    enter = next(b for b in paper.findChildren(QPushButton) if b.text() == "Voer dit stembiljet in")
    QTest.keyClicks(paper.sheet, "7")
    QTest.keyClicks(paper.code, cons.shown(codes[0]))
    qtbot.mouseClick(enter, Qt.MouseButton.LeftButton)
    assert "alleen in als het is ingeleverd" in paper.said.text()
    qtbot.mouseClick(paper.in_time, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(enter, Qt.MouseButton.LeftButton)
    assert "Ingevoerd na het einde van de stemming" in paper.said.text()
    assert not paper.in_time.isChecked() and paper.sheet.text() == ""
