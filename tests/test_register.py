"""The register: order of receipt, budgets, changes on record, search and filters."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from regiegroep.errors import UserError
from regiegroep.model import Status, Theme
from regiegroep.applications.search import Filter, Search
from regiegroep.budgets import Municipality
from regiegroep.register import Register

from .conftest import complete_application


def _wijk(register, name="Poelenburg"):
    return register.wijk_by_name(name).id


def test_sequence_numbers_follow_registration_and_order_is_by_receipt(register):
    w = _wijk(register)
    late = register.register_application(complete_application(w, received_at=dt.datetime(2026, 3, 5)))
    early = register.register_application(
        complete_application(w, received_at=dt.datetime(2026, 3, 1), title="Bloembakken"))
    assert (late.sequence, early.sequence) == (1, 2)
    # Art. 4.4: handled in order of receipt, whatever order they were typed in.
    assert [a.sequence for a in register.applications()] == [2, 1]


def test_incomplete_applications_are_registered_as_incomplete(register):
    app = register.register_application(complete_application(_wijk(register), cost_estimate=None))
    assert app.status is Status.INCOMPLETE
    stored = register.application(app.id)
    assert stored.status is Status.INCOMPLETE and stored.cost_estimate is None


def test_completing_an_application_makes_it_received_and_records_the_change(register):
    app = register.register_application(complete_application(_wijk(register), cost_estimate=None))
    app.cost_estimate = Decimal("1850")
    changes = register.update_application(app)
    assert changes["cost_estimate"] == [None, "1850"]
    assert changes["status"] == ["incomplete", "received"]
    assert register.application(app.id).status is Status.RECEIVED
    event = register.events(app.id)[-1]
    assert event.action == "changed" and event.details["cost_estimate"] == [None, "1850"]


def test_saving_without_changes_records_nothing(register):
    app = register.register_application(complete_application(_wijk(register)))
    before = len(register.events())
    assert register.update_application(register.application(app.id)) == {}
    assert len(register.events()) == before


def test_deleting_keeps_the_record_and_needs_a_reason(register):
    app = register.register_application(complete_application(_wijk(register)))
    with pytest.raises(UserError):
        register.delete_application(app.id, "  ")
    register.delete_application(app.id, "Dubbel ingevoerd")
    assert register.count() == 0
    assert register.count(Filter(include_deleted=True)) == 1
    assert register.is_deleted(app.id)
    event = register.events(app.id)[-1]
    assert (event.action, event.details["reason"]) == ("deleted", "Dubbel ingevoerd")
    register.restore_application(app.id)
    assert register.count() == 1 and register.events(app.id)[-1].action == "restored"


def test_budget_rules_of_article_2(register):
    w = _wijk(register)
    budget = register.set_budget(w, 2027, Decimal("300000"), Decimal("30000"))
    assert budget.ceiling == Decimal("270000.00")  # by default the amount less the reservation
    with pytest.raises(UserError, match="10%"):
        register.set_budget(w, 2027, Decimal("300000"), Decimal("30000.01"))
    with pytest.raises(UserError, match="plafond"):
        register.set_budget(w, 2027, Decimal("300000"), Decimal("30000"), Decimal("270000.01"))
    lower = register.set_budget(w, 2027, Decimal("300000"), Decimal(0), Decimal("250000"))
    assert (lower.amount, lower.cost_reservation, lower.ceiling) == (
        Decimal("300000.00"), Decimal("0.00"), Decimal("250000.00"))


def test_set_up_is_one_action(tmp_path):
    with Register.open(tmp_path / "r.sqlite") as reg:
        with pytest.raises(UserError):
            reg.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(1000), Decimal(500))
        assert reg.municipality() is None and reg.wijken() == []
        reg.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(1000), Decimal(100))
        assert reg.is_set_up() and reg.budgets()[0].ceiling == Decimal("900.00")


def test_a_neighbourhood_name_is_unique_whatever_the_case(register):
    with pytest.raises(UserError):
        register.add_wijk("poelenburg")


def test_search_finds_prefixes_applicants_and_folds_accents(register):
    w = _wijk(register)
    register.register_application(complete_application(w, title="Buurtcafé De Kolk"))
    register.register_application(complete_application(
        w, title="Bloembakken", description="Planten langs de Zwanenstraat"))
    assert register.count(Filter(text="buurtca")) == 1
    assert register.count(Filter(text="cafe")) == 1
    assert register.count(Filter(text="zwanen")) == 1
    assert register.count(Filter(text="fatma yil")) == 2
    assert register.count(Filter(text="kolk bloem")) == 0  # every word must match
    assert register.count(Filter(text="bl")) == 1  # short: the start of a word while typing
    assert register.count(Filter(text="kk")) == 0  # ... not the middle of one
    assert register.count(Filter(text="enstr")) == 1  # any part of a word
    assert register.count(Filter(text="YILMAZ")) == 2
    assert register.count(Filter(text='"; DROP TABLE application; --')) == 0
    assert register.count(Filter(text="***")) == 2  # nothing searchable: everything


def test_search_follows_a_changed_applicant_name(register):
    app = register.register_application(complete_application(_wijk(register)))
    app.applicant.name = "Kees de Vries"
    register.update_application(app)
    assert register.count(Filter(text="kees")) == 1
    assert register.count(Filter(text="fatma")) == 0


def test_filters_combine(register):
    p, k = _wijk(register), _wijk(register, "Kogerveld")
    register.register_applications([
        complete_application(p, theme=Theme.SAFETY),
        complete_application(k, theme=Theme.SAFETY, cost_estimate=None),
        complete_application(k, theme=Theme.HOUSING, received_at=dt.datetime(2025, 5, 1)),
    ])
    assert register.count(Filter(wijk_id=k)) == 2
    assert register.count(Filter(wijk_id=k, theme=Theme.SAFETY)) == 1
    assert register.count(Filter(status=Status.INCOMPLETE)) == 1
    assert register.count(Filter(year=2025)) == 1
    assert register.years() == [2025, 2026]


def test_sorting_and_paging(register):
    w = _wijk(register)
    register.register_applications([
        complete_application(w, title=f"Initiatief {i:02d}", cost_estimate=Decimal(100 * (i % 7)),
                             received_at=dt.datetime(2026, 1, 1) + dt.timedelta(hours=i))
        for i in range(30)])
    page = register.applications(sort="cost_estimate", descending=True, offset=0, limit=5)
    assert [a.cost_estimate for a in page] == [Decimal("600.00")] * 4 + [Decimal("500.00")]
    titles = [a.title for a in register.applications(sort="title", offset=10, limit=3)]
    assert titles == ["Initiatief 10", "Initiatief 11", "Initiatief 12"]


def test_attachments_are_stored_with_their_hash(register, tmp_path):
    app = register.register_application(complete_application(_wijk(register)))
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    att = register.add_attachment(app.id, scan, "signed_form")
    assert att.sha256 == hashlib.sha256(b"%PDF-1.4 signed form").hexdigest()
    assert (att.filename, att.kind, att.size) == ("formulier.pdf", "signed_form", 20)
    assert register.attachment_data(att.id) == b"%PDF-1.4 signed form"
    with register.db.atomic():
        register.db.execute("UPDATE attachment SET data = ? WHERE id = ?", [b"forged", att.id])
    with pytest.raises(UserError, match="veranderd"):
        register.attachment_data(att.id)


def test_an_unreadable_attachment_registers_nothing(register, tmp_path):
    with pytest.raises(UserError):
        register.register_application(complete_application(_wijk(register)),
                                      attachments=[(tmp_path / "missing.pdf", "quote")])
    assert register.count(Filter(include_deleted=True)) == 0


def test_values_no_application_can_have_are_refused(register):
    w = _wijk(register)
    with pytest.raises(UserError):
        register.register_application(complete_application(w, vouchers_requested=0))
    with pytest.raises(UserError):
        register.register_application(complete_application(w, cost_estimate=Decimal("-1")))
    with pytest.raises(UserError):
        register.register_application(
            complete_application(w, received_at=dt.datetime.now() + dt.timedelta(days=2)))
    assert register.count() == 0


def test_search_quotes_every_word_and_keeps_only_letters_and_digits():
    assert Search.of("Straat FEEST") == Search('"straat" "feest"', None)
    assert Search.of("Ça va_") == Search(None, '"ca"* "va"*')
    assert Search.of("%x ab'; -- Buurtcafé") == Search('"buurtcafe"', '"x"* "ab"*')
    assert not Search.of("  ")


def test_broad_searches_count_fast_and_still_exactly(register):
    w = _wijk(register)
    register.register_applications([
        complete_application(w, title=f"Straatfeest {i}") for i in range(40)])
    register.delete_application(register.applications(limit=1)[0].id, "dubbel")
    register.BROAD_SEARCH = 10  # make 40 matches a broad search
    assert register.count_at_most(Filter(text="straat")) == (39, True)
    assert register.count_at_most(Filter(text="straat", wijk_id=w), cap=20) == (20, False)
    assert register.count_at_most(Filter(text="straat", wijk_id=w), cap=50) == (39, True)
    page = register.applications(Filter(text="straat"), limit=5)
    assert [a.title for a in page] == [f"Straatfeest {i}" for i in range(1, 6)]


def test_a_number_finds_the_application_with_that_sequence(register):
    w = _wijk(register)
    register.register_applications([complete_application(w) for _i in range(12)])
    assert [a.sequence for a in register.applications(Filter(text="12"))] == [12]
    assert register.count_at_most(Filter(text="7")) == (1, True)


def test_overdue_and_due_this_week(register):
    w = _wijk(register)
    today = dt.datetime.now().replace(microsecond=0)
    overdue = register.register_application(
        complete_application(w, received_at=today - dt.timedelta(days=40)))
    this_week = register.register_application(
        complete_application(w, received_at=today - dt.timedelta(days=24)))
    register.register_application(complete_application(w, received_at=today - dt.timedelta(days=2)))
    decided = register.register_application(
        complete_application(w, received_at=today - dt.timedelta(days=60), status=Status.GRANTED))
    assert [a.id for a in register.applications(Filter(due="overdue"))] == [overdue.id]
    assert [a.id for a in register.applications(Filter(due="week"))] == [this_week.id]
    assert register.deadline_counts() == (1, 1)
    assert decided.id not in [a.id for a in register.applications(Filter(due="overdue"))]


def test_a_request_to_complete_moves_the_application_out_of_overdue(register):
    """The filter and the status bar's counts follow the deadline each application shows:
    a request to complete suspends the term by the days it allowed (Awb 4:15)."""
    w = _wijk(register)
    today = dt.datetime.now().replace(microsecond=0)
    late = []
    for days_ago in (40, 60):  # without the request: due 12 and 32 days ago
        app = register.register_application(
            complete_application(w, received_at=today - dt.timedelta(days=days_ago), planning=""))
        register.request_completion(app.id, (today - dt.timedelta(days=days_ago - 2)).date(), 14)
        late.append(register.application(app.id))
    in_two_days, still_late = late
    assert register.decision_deadline(in_two_days).date == today.date() + dt.timedelta(days=2)
    assert register.decision_deadline(still_late).date < today.date()
    assert [a.id for a in register.applications(Filter(due="week"))] == [in_two_days.id]
    assert [a.id for a in register.applications(Filter(due="overdue"))] == [still_late.id]
    assert register.deadline_counts() == (1, 1)
