"""The guided check, as core steps: each says what blocks going on; the answers decide."""

import datetime as dt
from decimal import Decimal

import pytest

from regiegroep.check import CheckFlow, Step, permit_questions
from regiegroep.decisions import Kind
from regiegroep.model import ApplicantKind, Status

from .conftest import complete_application


@pytest.fixture
def group(register):
    for name, role in (("Joke van der Meer", "chair"), ("Hasan Yıldız", "member"),
                       ("Marieke Bakker", "secretary")):
        register.add_member(name, role)
    return register


def flow_for(register, **changes):
    app = register.register_application(
        complete_application(register.wijk_by_name("Poelenburg").id, **changes))
    return CheckFlow(register, app.id)


def walk(flow, **answers):
    a = flow.answers
    a.residents = answers.get("residents", True)
    a.for_the_neighbourhood = answers.get("for_the_neighbourhood", True)
    a.grounds = answers.get("grounds", {})
    a.permits = {q["key"]: False for q in permit_questions()}
    a.kind = Kind(answers["kind"]) if answers.get("kind") else None
    flow.type_amount(answers.get("amount") or "")
    a.reasons = answers.get("reasons", "")
    a.decided_on = dt.date(2026, 3, 10)
    for step in Step:
        assert flow.problems(step) == [], (step, flow.problems(step))
    return flow.finish()


def test_a_street_party_walks_to_a_grant(group):
    flow = flow_for(group)
    assert flow.problems(Step.APPLICANT) and flow.problems(Step.PERMITS)  # not answered yet
    made = walk(flow)
    assert made.kind is Kind.GRANTED and made.vouchers == (Decimal("1850.00"),)
    assert group.application(flow.app.id).status is Status.GRANTED


def test_a_partial_grant(group):
    flow = flow_for(group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    made = walk(flow, kind="partially_granted", amount="4.900",
                reasons="De gemeente betaalt het hek al.")
    assert made.amount_granted == Decimal("4900.00")


def test_a_private_interest_is_refused_on_ground_c(group):
    flow = flow_for(group, title="Mijn voordeur schilderen")
    flow.answers.for_the_neighbourhood = False
    assert flow.suggested_kind() is Kind.REFUSED
    flow.answers.grounds = {"c": ""}
    assert flow.problems(Step.GROUNDS)  # a ground needs its reason
    made = walk(flow, for_the_neighbourhood=False,
                grounds={"c": "Het gaat om de eigen voordeur van de aanvrager."})
    assert made.kind is Kind.REFUSED and made.refusal_grounds == {
        "c": "Het gaat om de eigen voordeur van de aanvrager."}


def test_above_the_threshold_the_check_refers(group):
    flow = flow_for(group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    assert flow.route == "consultation" and flow.suggested_kind() is Kind.REFERRED
    assert walk(flow).kind is Kind.REFERRED


def test_an_incomplete_application_cannot_go_on(group):
    flow = flow_for(group, cost_estimate=None)
    assert flow.problems(Step.COMPLETENESS) == ["De kostenraming ontbreekt."]


def test_the_check_can_be_left_and_resumed(group):
    flow = flow_for(group)
    flow.answers.residents = True
    flow.answers.permits = {"event": True}
    flow.save()
    again = CheckFlow(group, flow.app.id)
    assert again.answers.residents is True and again.answers.permits == {"event": True}
    walk(again)
    assert group.conn.execute("SELECT count(*) FROM check_progress").fetchone()[0] == 0


def test_a_member_who_applied_is_not_proposed(group):
    app = complete_application(group.wijk_by_name("Poelenburg").id)
    app.applicant.kind = ApplicantKind.GROUP
    app.applicant.name = "Voetbalclub"
    app.applicant.contact_person = "Hasan Yıldız"
    registered = group.register_application(app)
    flow = CheckFlow(group, registered.id)
    names = {m.id: m.name for m in group.members()}
    assert "Hasan Yıldız" not in [names[i] for i in flow.answers.members]
    assert len(flow.answers.members) == 2
    assert "art. 5.6" in flow.guidance(Step.DECISION) or "Art. 5.6" in flow.guidance(Step.DECISION)


def test_a_grant_against_the_checks_answers_is_refused(group):
    flow = flow_for(group, title="Mijn voordeur")
    flow.answers.residents = True
    flow.answers.for_the_neighbourhood = False
    flow.answers.kind = Kind.GRANTED
    assert "weigeringsgrond" in " ".join(flow.problems(Step.DECISION))
