"""Decisions (Art. 5, 6): who decides, which route, grounds with reasons, the ceiling, the
vouchers, and corrections instead of changes."""

import datetime as dt
import json
import sqlite3
from decimal import Decimal

import pytest

from regiegroep.deciding.decision import Decision, Kind
from regiegroep.vouchers.issuing import proposal, split
from regiegroep.errors import UserError
from regiegroep.exchange.export import export
from regiegroep.model import ApplicantKind, Status

from .conftest import complete_application

D = dt.date


@pytest.fixture
def group(register):
    register.add_member("Joke van der Meer", "chair")
    register.add_member("Hasan Yıldız", "member")
    register.add_member("Marieke Bakker", "secretary")
    return {m.name: m.id for m in register.members()}


def app_for(register, **changes):
    return register.register_application(
        complete_application(register.wijk_by_name("Poelenburg").id, **changes))


def decision(kind, members, **fields):
    return Decision(kind=kind, decided_on=D(2026, 3, 10), members=tuple(members), **fields)


@pytest.mark.parametrize("amount, vouchers", [
    ("1850.00", ["1850.00"]), ("5000.00", ["5000.00"]), ("5000.01", ["5000.00", "0.01"]),
    ("14000.00", ["5000.00", "5000.00", "4000.00"]), ("0.00", []),
])
def test_as_few_vouchers_as_possible_none_above_5000(amount, vouchers):
    made = split(Decimal(amount), Decimal("5000.00"))
    assert [str(v) for v in made] == vouchers
    assert sum(made, Decimal(0)) == Decimal(amount)


def test_a_street_party_is_granted_with_one_voucher(register, group):
    app = app_for(register)
    made = register.decide(app.id, decision(Kind.GRANTED, group.values(), start_within_days=60))
    assert made.amount_granted == Decimal("1850.00")
    assert proposal(register, app.id) == (Decimal("1850.00"),)  # the vouchers issuing makes
    assert register.application(app.id).status is Status.GRANTED
    assert register.events(app.id)[-1].action == "decided"


def test_a_partial_grant_needs_its_reasons(register, group):
    app = app_for(register, cost_estimate=Decimal("6400"), vouchers_requested=2)
    with pytest.raises(UserError, match="grond van art. 6"):
        register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group.values(),
                                         amount_granted=Decimal("4900")))
    # The notes to Art. 6: the rest is refused on a ground a-e, not on reasons alone.
    with pytest.raises(UserError, match="welke grond \\(a-e\\)"):
        register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group.values(),
                                         amount_granted=Decimal("4900"),
                                         reasons="De gemeente betaalt het hek al."))
    made = register.decide(app.id, decision(
        Kind.PARTIALLY_GRANTED, group.values(), amount_granted=Decimal("4900"),
        refusal_grounds={"d": "Wie het hek onderhoudt, is niet geregeld."},
        reasons="De gemeente betaalt het hek al."))
    assert made.amount_granted == Decimal("4900.00")
    assert proposal(register, app.id) == (Decimal("4900.00"),)
    with pytest.raises(UserError):
        register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group.values(),
                                         amount_granted=Decimal("6400"), reasons="x",
                                         corrects=made.id))


def test_a_refusal_needs_a_ground_of_article_6_and_a_reason(register, group):
    app = app_for(register, title="Voordeur schilderen")
    with pytest.raises(UserError, match="grond|ground"):
        register.decide(app.id, decision(Kind.REFUSED, group.values()))
    with pytest.raises(UserError):
        register.decide(app.id, decision(Kind.REFUSED, group.values(), refusal_grounds={"c": " "}))
    with pytest.raises(UserError):
        register.decide(app.id, decision(Kind.REFUSED, group.values(), refusal_grounds={"z": "x"}))
    made = register.decide(app.id, decision(Kind.REFUSED, group.values(), refusal_grounds={
        "c": "Het gaat om de voordeur van de aanvrager zelf, niet om de straat."}))
    assert made.amount_granted is None and register.application(app.id).status is Status.REFUSED


def test_above_10000_a_consultation_decides(register, group):
    app = app_for(register, cost_estimate=Decimal("14000"), vouchers_requested=3)
    with pytest.raises(UserError, match="wijkraadpleging|consultation"):
        register.decide(app.id, decision(Kind.GRANTED, group.values()))
    register.decide(app.id, decision(Kind.REFERRED, group.values()))
    assert register.application(app.id).status is Status.CONSULTATION
    small = app_for(register)
    with pytest.raises(UserError):
        register.decide(small.id, decision(Kind.REFERRED, group.values()))


def test_a_member_who_applied_is_left_out(register, group):
    app = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id))
    app.applicant.kind = ApplicantKind.GROUP
    app.applicant.name = "Voetbalclub Poelenburg"
    app.applicant.contact_person = "hasan yildiz"
    register.update_application(app)
    with pytest.raises(UserError, match="Hasan Yıldız"):
        register.decide(app.id, decision(Kind.GRANTED, group.values()))
    others = [i for name, i in group.items() if not name.startswith("Hasan")]
    register.decide(app.id, decision(Kind.GRANTED, others))


def test_grants_stay_within_the_subsidy_ceiling(register, group):
    w = register.wijk_by_name("Poelenburg").id
    register.set_budget(w, 2026, Decimal("3000"), Decimal(0))
    first = app_for(register)
    second = app_for(register)
    register.decide(first.id, decision(Kind.GRANTED, group.values()))
    assert register.ceiling_left(w, 2026) == Decimal("1150.00")
    with pytest.raises(UserError, match="plafond|ceiling"):
        register.decide(second.id, decision(Kind.GRANTED, group.values()))
    register.decide(second.id, decision(Kind.REFUSED, group.values(), refusal_grounds={
        "e": "Het subsidieplafond voor 2026 is bereikt."}))


def test_incomplete_applications_are_completed_or_left_undealt(register, group):
    app = app_for(register, cost_estimate=None)
    with pytest.raises(UserError, match="onvolledig|incomplete"):
        register.decide(app.id, decision(Kind.GRANTED, group.values()))
    with pytest.raises(UserError, match="Awb 4:5"):  # not without a request to complete it
        register.decide(app.id, decision(Kind.LEFT_UNDEALT, group.values()))
    register.request_completion(app.id, D(2026, 3, 3), term_days=5)
    assert register.application(app.id).status is Status.COMPLETION_REQUESTED
    register.decide(app.id, decision(Kind.LEFT_UNDEALT, group.values()))
    assert register.application(app.id).status is Status.LEFT_UNDEALT
    complete = app_for(register)
    with pytest.raises(UserError):
        register.decide(complete.id, decision(Kind.LEFT_UNDEALT, group.values()))


def test_a_decision_is_never_changed_only_corrected(register, group):
    app = app_for(register)
    first = register.decide(app.id, decision(Kind.GRANTED, group.values()))
    with pytest.raises(UserError, match=str(first.id)):
        register.decide(app.id, decision(Kind.REFUSED, group.values(),
                                         refusal_grounds={"a": "Niet haalbaar in juni."}))
    second = register.decide(app.id, decision(Kind.REFUSED, group.values(), corrects=first.id,
                                              refusal_grounds={"a": "Niet haalbaar in juni."},
                                              reasons="De zaal is in juni niet vrij."))
    assert [d.id for d in register.decisions(app.id)] == [first.id, second.id]
    assert register.application(app.id).status is Status.REFUSED
    with pytest.raises(sqlite3.IntegrityError):
        register.conn.execute("UPDATE decision SET kind = 'granted' WHERE id = ?", [second.id])


def test_the_export_carries_the_decision(register, group, tmp_path):
    app = app_for(register)
    register.decide(app.id, decision(Kind.GRANTED, group.values()))
    refused = app_for(register)
    register.decide(refused.id, decision(Kind.REFUSED, group.values(),
                                         refusal_grounds={"c": "Privébelang."}))
    export(register, "json", tmp_path / "r.json")
    granted_record, refused_record = json.loads((tmp_path / "r.json").read_text())["applications"]
    assert granted_record["decision"] == "granted" and granted_record["amount_granted"] == "1850.00"
    assert granted_record["decided_on"] == "2026-03-10"
    assert granted_record["objection_deadline"] == "2026-04-21"  # six weeks after 10 March
    assert refused_record["decision"] == "refused" and refused_record["refusal_grounds"] == ["c"]
    referred = app_for(register, cost_estimate=Decimal("14000"), vouchers_requested=3)
    register.decide(referred.id, decision(Kind.REFERRED, group.values()))
    export(register, "json", tmp_path / "r.json")
    record = json.loads((tmp_path / "r.json").read_text())["applications"][-1]
    # A referral is no decision on the vouchers yet: the consultation decides (Art. 5.5).
    assert "decision" not in record and record["referred_on"] == "2026-03-10"
    assert record["route"] == "consultation" and record["status"] == "consultation"


def test_a_completion_request_suspends_the_term_until_completed(register, group, tmp_path):
    app = app_for(register, cost_estimate=None)  # received Monday 2 March 2026
    register.request_completion(app.id, D(2026, 3, 5), term_days=14)
    with pytest.raises(UserError, match="open"):
        register.request_completion(app.id, D(2026, 3, 6), term_days=14)
    # Not completed: suspended until the term ran out, 19 March: 14 days.
    assert register.decision_deadline(register.application(app.id)).date == D(2026, 4, 13)
    export(register, "json", tmp_path / "r.json")
    record = json.loads((tmp_path / "r.json").read_text())["applications"][0]
    assert record["decision_deadline"] == "2026-04-13"
    completed = register.application(app.id)
    completed.cost_estimate = Decimal("1850")
    register.update_application(completed)
    assert register.application(app.id).status is Status.RECEIVED
    request = register.completion_requests(app.id)[0]
    assert request.completed_on == dt.date.today() and request.missing == "c"
    with pytest.raises(UserError, match="compleet|complete"):
        register.request_completion(app.id, D(2026, 3, 20))


def test_earlier_applications_still_waiting_come_first(register, group):
    import datetime as dt

    first = app_for(register, received_at=dt.datetime(2026, 3, 2, 10, 0))
    second = app_for(register, received_at=dt.datetime(2026, 3, 3, 10, 0), cost_estimate=Decimal("900"))
    third = app_for(register, received_at=dt.datetime(2026, 3, 4, 10, 0))
    assert register.waiting_before(register.application(third.id)) == (2, Decimal("2750.00"))
    register.decide(first.id, decision(Kind.GRANTED, group.values()))
    assert register.waiting_before(register.application(third.id)) == (1, Decimal("900.00"))
    assert register.waiting_before(register.application(second.id)) == (0, Decimal("0.00"))
