"""Who may do what, checked in the core; PINs hashed; a lock-out after wrong PINs."""

import datetime as dt
import json

import pytest

from regiegroep.trust.access import Permission, Session, hash_pin, verify_pin
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.applications.search import Filter

from .conftest import complete_application


def test_pins_are_kept_as_salted_hashes():
    stored = hash_pin("2468")
    assert "2468" not in stored and stored.startswith("scrypt$")
    assert hash_pin("2468") != stored  # salted
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert not verify_pin("2468", "rubbish")


@pytest.fixture
def people(register):
    ids = {}
    for name, role, pin in (("Joke van der Meer", "chair", "1111"), ("Hasan Yıldız", "member", "2222"),
                            ("Kasbeheer Gemeente", "cash_manager", "5555"),
                            ("Kiosk buurthuis", "kiosk", "0000")):
        ids[role] = register.add_member(name, role).id
        register.set_pin(ids[role], pin)
    return ids


def test_only_the_steering_group_decides(register, people):
    assert [m.role for m in register.members()] == ["chair", "member"]
    assert [m.role for m in register.people()] == ["chair", "member", "cash_manager", "kiosk"]
    app = register.register_application(complete_application(register.wijken()[0].id))
    decision = Decision(Kind.GRANTED, dt.date(2026, 3, 10), (people["chair"],))
    for name, pin in (("Kiosk buurthuis", "0000"), ("Kasbeheer Gemeente", "5555")):
        register.sign_in(name, pin)
        with pytest.raises(UserError, match="mag dit hier niet"):
            register.decide(app.id, decision)
    stored = register.application(app.id)  # read as the cash manager, who may
    register.sign_in("kiosk buurthuis", "0000")
    register.register_application(complete_application(register.wijken()[0].id))  # the kiosk may
    with pytest.raises(UserError):
        register.update_application(stored)
    register.sign_in("Hasan Yıldız", "2222")
    register.decide(app.id, decision)
    assert register.events(app.id)[-1].actor == "Hasan Yıldız"
    register.sign_out()
    assert not register.session.may(Permission.REGISTER)


def test_wrong_pins_lock_out_for_a_while(register, people, monkeypatch):
    from regiegroep.trust import people as people_room

    at = dt.datetime(2026, 11, 23, 20, 0)
    monkeypatch.setattr(people_room, "clock", lambda: at)
    for attempt in range(4):
        with pytest.raises(UserError, match="Onjuiste pincode"):
            register.sign_in("Joke van der Meer", "9999")
    with pytest.raises(UserError, match="20:15"):
        register.sign_in("Joke van der Meer", "9999")
    monkeypatch.setattr(people_room, "clock", lambda: at + dt.timedelta(minutes=5))
    with pytest.raises(UserError, match="20:15"):
        register.sign_in("Joke van der Meer", "1111")  # still locked
    monkeypatch.setattr(people_room, "clock", lambda: at + dt.timedelta(minutes=16))
    assert register.sign_in("Joke van der Meer", "1111").role == "chair"
    actions = [e.action for e in register.events() if e.action in (
        "sign_in_failed", "locked_out", "signed_in")]
    assert actions == ["sign_in_failed"] * 4 + ["locked_out", "signed_in"]
    assert "1111" not in json.dumps([e.details for e in register.events()])
    assert register.requires_sign_in()


def test_the_kiosk_reads_no_residents_details(register, people, tmp_path):
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    app = register.register_application(complete_application(register.wijken()[0].id),
                                        attachments=[(scan, "signed_form")])
    register.sign_in("Kiosk buurthuis", "0000")
    for read in (lambda: register.application(app.id), lambda: register.applications(),
                 lambda: list(register.iter_applications()),
                 lambda: register.count(Filter(text=app.applicant.name.split()[0])),
                 lambda: register.attachments(app.id),
                 lambda: register.person_data(app.applicant.name)):
        with pytest.raises(UserError, match="mag dit hier niet"):
            read()
    # Nor the register's rows: the kiosk reads only what is public (issue 20).
    with pytest.raises(UserError, match="mag dit hier niet"):
        register.count()
    register.sign_in("Kasbeheer Gemeente", "5555")
    assert register.application(app.id).applicant.name == app.applicant.name
    assert len(register.attachments(app.id)) == 1


def test_the_first_pin_goes_to_someone_who_manages_the_people(register):
    member = register.add_member("Hasan Yıldız", "member")
    chair = register.add_member("Joke van der Meer", "chair")
    with pytest.raises(UserError, match="voorzitter of de secretaris"):
        register.set_pin(member.id, "2222")
    assert not register.requires_sign_in()
    register.set_pin(chair.id, "1111")
    register.set_pin(member.id, "2222")
    assert register.sign_in_names() == ["Joke van der Meer", "Hasan Yıldız"]


def test_everyone_changes_their_own_pin_only_managers_change_others(register, people):
    register.sign_in("Hasan Yıldız", "2222")
    # Someone at a window left signed in cannot take the member's name over: the current
    # PIN is asked (the walk changed a PIN without it).
    for wrong in (None, "9999"):
        with pytest.raises(UserError, match="niet uw huidige pincode"):
            register.set_pin(people["member"], "2468", current=wrong)
    register.set_pin(people["member"], "2468", current="2222")
    with pytest.raises(UserError, match="mag dit hier niet"):
        register.set_pin(people["chair"], "0000")
    register.sign_in("Hasan Yıldız", "2468")
    assert all("2468" not in json.dumps(e.details) for e in register.events())


def test_someone_who_leaves_can_no_longer_sign_in(register, people):
    with pytest.raises(UserError, match="laatste voorzitter of secretaris"):
        register.remove_person(people["chair"])
    register.sign_in("Joke van der Meer", "1111")
    register.remove_person(people["member"])
    with pytest.raises(UserError, match="niemand"):
        register.sign_in("Hasan Yıldız", "2222")
    assert "Hasan Yıldız" not in [p.name for p in register.people()]
    assert register.events()[-1].action == "person_removed"


def test_the_kiosk_cannot_backdate_an_application(register, people):
    register.sign_in("Kiosk buurthuis", "0000")
    before = dt.datetime.now().replace(second=0, microsecond=0)
    app = register.register_application(complete_application(
        register.wijken()[0].id, received_at=dt.datetime(2020, 1, 1, 9, 0)))
    register.sign_in("Hasan Yıldız", "2222")
    received = register.application(app.id).received_at
    assert before <= received <= dt.datetime.now()  # the clock's moment, not the typed one
    old = register.register_application(complete_application(
        register.wijken()[0].id, received_at=dt.datetime(2026, 1, 5, 9, 0)))
    assert register.application(old.id).received_at == dt.datetime(2026, 1, 5, 9, 0)


def test_the_kiosk_attaches_no_files(register, people, tmp_path):
    # Issue 11.2: the kiosk has no file dialogs, and a file on its computer (/etc/shadow)
    # is not its to put in the register; the steering group adds the scans.
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    earlier = register.register_application(complete_application(register.wijken()[0].id))
    register.sign_in("Kiosk buurthuis", "0000")
    with pytest.raises(UserError, match="mag dit hier niet"):
        register.register_application(complete_application(register.wijken()[0].id),
                                      attachments=[(scan, "signed_form")])
    with pytest.raises(UserError, match="mag dit hier niet"):  # nor to somebody else's
        register.add_attachment(earlier.id, scan, "photo")
    new = register.register_application(complete_application(register.wijken()[0].id))
    register.sign_in("Hasan Yıldız", "2222")
    assert register.attachments(new.id) == []
    assert register.attachments(earlier.id) == []


# What each role may read, cell by cell (issue 11, 2): Y may, . may not.
READ_TABLE = """
                public applications personal_data check decisions vouchers payments budgets people audit
chair             Y        Y             Y          Y       Y        Y        Y        Y       Y     Y
secretary         Y        Y             Y          Y       Y        Y        Y        Y       Y     Y
member            Y        Y             Y          Y       Y        Y        Y        Y       Y     Y
cash_manager      Y        Y             Y          .       Y        Y        Y        Y       .     .
kiosk             Y        .             .          .       .        .        .        .       .     .
nobody            .        .             .          .       .        .        .        .       .     .
"""


def _read_cells():
    header, *rows = [line.split() for line in READ_TABLE.strip().splitlines()]
    for row in rows:
        for record, mark in zip(header, row[1:]):
            yield row[0], record, mark == "Y"


@pytest.mark.parametrize("role,record,allowed", list(_read_cells()))
def test_what_each_role_may_read(role, record, allowed):
    from regiegroep.trust.access import Read

    assert Session("x", role).may_read(Read(record)) is allowed


def test_the_read_table_covers_every_role_and_record():
    from regiegroep.trust.access import READS, Read

    cells = list(_read_cells())
    assert {role for role, _r, _a in cells} == set(READS)
    assert {record for _role, record, _a in cells} == {r.value for r in Read}
    assert all(Session("command line").may_read(r) for r in Read)


def test_no_parameter_of_sign_in_skips_the_lock_out(register, people):
    import inspect

    assert list(inspect.signature(register.sign_in).parameters) == ["name", "pin"]
    for attempt in range(5):
        with pytest.raises(UserError):
            register.sign_in("Joke van der Meer", "9999")
    with pytest.raises(UserError, match="Te vaak"):
        register.sign_in("Joke van der Meer", "1111")


def test_a_refusal_says_in_words_what_may_not_be_done(register):
    """The walk read 'Priya Ramdin mag dit hier niet doen (decide)' and, with nobody signed
    in, 'Niemand mag dit hier niet zien (budgets)': internal English words, a double
    negative. A refusal names the permission or the record in the user's language."""
    from regiegroep.errors import AccessDenied
    from regiegroep.trust.access import Permission, Read, Session

    register.session = Session("Priya Ramdin", "cash_manager")
    with pytest.raises(AccessDenied) as refused:
        register.require(Permission.DECIDE)
    assert "besluiten en vouchers uitgeven" in str(refused.value)
    assert "(decide)" not in str(refused.value)
    register.session = Session("Kiosk buurthuis", "kiosk")
    with pytest.raises(AccessDenied) as refused:
        register.require_read(Read.BUDGETS)
    assert "(de budgetten)" in str(refused.value)
    register.session = Session("", "nobody")
    with pytest.raises(AccessDenied) as refused:
        register.require_read(Read.BUDGETS)
    assert str(refused.value) == "Er is niemand aangemeld: meld u eerst aan."


def test_a_second_person_of_the_same_name_is_refused(register):
    """The walk added a second 'Ewa Nowak' with no warning; people sign in by name."""
    register.add_member("Ewa Nowak", "member")
    before = len(register.people())
    with pytest.raises(UserError, match="staat al in het register"):
        register.add_member("  ewa   NOWAK ", "cash_manager")
    assert len(register.people()) == before
    register.add_member("Ewa B. Nowak", "member")  # told apart: taken
