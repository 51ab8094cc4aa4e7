"""What each role may read, checked by the core itself, cell by cell (issue 11.2): every
read of access.READS is tried with the real functions on a real register, as each role."""

import datetime as dt

import pytest

from regiegroep import demo
from regiegroep.trust.access import READS, Read, Session
from regiegroep.errors import UserError
from regiegroep.model import Status
from regiegroep.register import Register

from .conftest import complete_application


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("reads") / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    with Register.open(path) as reg:
        paid = reg.conn.execute(
            "SELECT decision.application_id FROM payment JOIN decision ON decision.id = "
            "payment.decision_id LIMIT 1").fetchone()[0]
    reg = Register.open(path)
    yield reg, paid
    reg.close()


def _reads(register, app_id):
    """Each record of access.Read, read through the core's own functions."""
    app = register.conn.execute("SELECT wijk_id, year FROM application WHERE id = ?",
                                [app_id]).fetchone()
    return {
        Read.PUBLIC: [lambda: register.ordinance_for(*app)],
        # How many there are is no one's to keep secret: count() stays open (test_access).
        Read.APPLICATIONS: [lambda: register.is_deleted(app_id), register.deadline_counts,
                            lambda: register.waiting_before(register.application(app_id))
                            if register.session.may_read(Read.PERSONAL_DATA)
                            else register.waiting_before(None)],
        Read.PERSONAL_DATA: [lambda: register.application(app_id),
                             lambda: register.attachments(app_id), register.applications],
        Read.CHECK: [lambda: register.check_answers(app_id),
                     lambda: register.completion_requests(app_id)],
        Read.DECISIONS: [lambda: register.decisions(app_id), register.latest_decisions,
                         lambda: register.latest_decision(app_id)],
        Read.VOUCHERS: [lambda: register.vouchers(app_id)],
        Read.PAYMENTS: [lambda: register.payments(app_id), register.paid_per_decision],
        Read.BUDGETS: [register.budgets, lambda: register.ceiling_left(*app)],
        Read.PEOPLE: [register.people, register.members],
        Read.AUDIT: [register.events, lambda: register.events(app_id)],
    }


CELLS = [(role, record) for role in READS for record in Read]


@pytest.mark.parametrize("role,record", CELLS, ids=[f"{r}-{c.value}" for r, c in CELLS])
def test_each_role_reads_what_the_table_says_and_nothing_else(example, role, record):
    register, app_id = example
    register.session = Session(f"Iemand ({role})", role, None)
    try:
        for read in _reads(register, app_id)[record]:
            if record in READS[role]:
                read()  # allowed: no refusal
            else:
                with pytest.raises(UserError, match="mag dit hier niet"):
                    read()
    finally:
        register.session = Session("test")


def test_the_kiosk_writes_no_check_answers_and_hands_in_only_new_applications(example):
    register, app_id = example
    register.session = Session("Kiosk", "kiosk", None)
    try:
        with pytest.raises(UserError, match="mag dit hier niet"):
            register.save_check_answers(app_id, "{}")
        wijk = register.wijken()[0].id
        for status in (Status.GRANTED, Status.WITHDRAWN, Status.IN_REVIEW):
            with pytest.raises(UserError, match="mag dit hier niet"):
                register.register_application(complete_application(wijk, status=status))
        handed_in = register.register_application(complete_application(wijk))
        assert handed_in.status == Status.RECEIVED
        assert handed_in.received_at <= dt.datetime.now()
    finally:
        register.session = Session("test")
    assert register.check_answers(app_id) is None


def test_the_sign_in_page_needs_no_reads(example):
    register, _app = example
    register.session = Session("", "nobody")
    try:
        assert register.sign_in_names()  # the names to choose from, before anyone signs in
        assert register.example_people()  # the example register shows its invented people
    finally:
        register.session = Session("test")
