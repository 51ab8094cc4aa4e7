"""The guided check, as core steps: each says what blocks going on; the answers decide."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from regiegroep.deciding import check as check_module
from regiegroep.deciding.check import Answers, CheckFlow, Completion, Step, permit_questions
from regiegroep.deciding.conflicts import normalise_name
from regiegroep.errors import UserError
from regiegroep.i18n import format_date
from regiegroep.deciding.decision import Kind
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
    assert made.kind is Kind.GRANTED and made.amount_granted == Decimal("1850.00")
    assert group.application(flow.app.id).status is Status.GRANTED


def test_a_partial_grant(group):
    flow = flow_for(group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    # The check asks for the ground of Art. 6 on which the rest is refused.
    flow.answers.kind = Kind.PARTIALLY_GRANTED
    flow.type_amount("4.900")
    flow.answers.reasons = "De gemeente betaalt het hek al."
    flow.answers.members = [m.id for m in group.members()]
    assert any("Weigeringsgronden" in p and "(a-e)" in p
               for p in flow.problems(Step.DECISION)), flow.problems(Step.DECISION)
    made = walk(flow, kind="partially_granted", amount="4.900",
                grounds={"d": "Wie het hek onderhoudt, is niet geregeld."},
                reasons="De gemeente betaalt het hek al.")
    assert made.amount_granted == Decimal("4900.00") and made.refusal_grounds == {
        "d": "Wie het hek onderhoudt, is niet geregeld."}


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


# ------------------------------------------------------------------ the flow, without Qt


def test_the_steps_come_in_the_order_of_the_ordinance(group):
    flow = flow_for(group)
    assert flow.steps == (Step.COMPLETENESS, Step.APPLICANT, Step.PURPOSE, Step.GROUNDS,
                          Step.PERMITS, Step.BUDGET, Step.ROUTE, Step.DECISION)
    assert [flow.answered(step) for step in flow.steps[:5]] == [False] * 5


def test_each_step_says_what_it_needs(group):
    flow = flow_for(group)
    assert flow.problems(Step.COMPLETENESS) == []
    assert flow.problems(Step.APPLICANT) == [
        "Vermeld of de aanvragers bewoners van de wijk zijn."]
    flow.answers.residents = True
    assert flow.problems(Step.APPLICANT) == [] and flow.answered(Step.APPLICANT)
    assert flow.problems(Step.PURPOSE)
    flow.answers.for_the_neighbourhood = True
    assert flow.problems(Step.PURPOSE) == []
    assert len(flow.problems(Step.PERMITS)) == len(permit_questions())
    flow.answers.grounds = {"d": " "}
    assert flow.problems(Step.GROUNDS) == ["Grond d is van toepassing: schrijf de reden op."]
    flow.type_amount("vier")
    assert "vier" in flow.problems(Step.DECISION)[0]


def test_the_route_decides_which_decisions_are_offered(group):
    small = flow_for(group)
    assert small.allowed_kinds() == {Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED}
    large = flow_for(group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    assert large.allowed_kinds() == {Kind.REFUSED, Kind.REFERRED}
    assert small.gives_vouchers(Kind.GRANTED) and small.gives_vouchers(Kind.PARTIALLY_GRANTED)
    assert not any(small.gives_vouchers(k) for k in (Kind.REFUSED, Kind.REFERRED))
    assert large.vouchers() == ()  # referred: the consultation decides on vouchers


def test_a_grant_over_the_ceiling_points_to_ground_e(group):
    kogerveld = group.wijk_by_name("Kogerveld").id
    group.set_budget(kogerveld, 2026, Decimal("1000"))
    app = group.register_application(complete_application(kogerveld))
    flow = CheckFlow(group, app.id)
    assert flow.over_the_ceiling()
    assert "grond e" in flow.budget_advice()[0]
    assert not flow_for(group).over_the_ceiling()


def test_no_to_what_it_is_for_suggests_ground_c(group):
    flow = flow_for(group)
    assert flow.suggested_grounds() == set()
    flow.answers.for_the_neighbourhood = False
    assert flow.suggested_grounds() == {"c"}


def test_an_applicant_typed_with_two_spaces_is_still_the_member(group):
    """The check proposed "Jan Jansen" to decide on the application of "Jan  Jansen", and the
    decision then refused him: both now compare names the same way."""
    group.add_member("Jan Jansen", "member")
    flow = flow_for(group, applicant=dataclasses.replace(
        complete_application(1).applicant, name=" jan  JANSEN "))
    names = {m.id: m.name for m in group.members()}
    assert "Jan Jansen" not in [names[i] for i in flow.answers.members]
    assert flow.conflicted("Jan Jansen") and flow.conflicted("Ján Jánsen")
    made = walk(flow)
    assert made.kind is Kind.GRANTED


def test_names_are_compared_one_way():
    assert normalise_name("  Hasan   YILDIZ ") == normalise_name("hasan yıldız") == "hasan yildiz"
    assert normalise_name("Straße") == normalise_name("STRASSE")
    assert normalise_name(None) == "" and normalise_name("   ") == ""


def test_the_term_to_complete_is_the_ordinances(group):
    flow = flow_for(group, cost_estimate=None)
    assert flow.completion() is Completion.MAY_REQUEST and flow.may_request_completion
    assert flow.completion_term_days == flow.ordinance.completion_term_days == 14
    flow.ordinance = dataclasses.replace(flow.ordinance, completion_term_days=21)
    assert flow.completion_term_days == 21
    assert flow_for(group).completion() is Completion.COMPLETE
    assert not flow_for(group).may_request_completion


def test_left_undealt_only_after_the_term_ran_out(group):
    today = dt.date.today()
    app = group.register_application(complete_application(
        group.wijk_by_name("Poelenburg").id, cost_estimate=None,
        received_at=dt.datetime.combine(today - dt.timedelta(days=30), dt.time(19, 30))))
    flow = CheckFlow(group, app.id, today=today - dt.timedelta(days=20))
    assert not flow.may_leave_undealt
    flow.request_completion(7)  # the term ends 13 days ago
    ends = format_date(today - dt.timedelta(days=13))
    flow = CheckFlow(group, app.id, today=today - dt.timedelta(days=15))
    assert flow.completion() is Completion.REQUEST_OPEN and not flow.may_leave_undealt
    assert not flow.may_request_completion  # one request at a time
    assert ends in flow.completion_advice()
    with pytest.raises(UserError):
        flow.leave_undealt()
    later = CheckFlow(group, app.id)
    assert later.completion() is Completion.TERM_RAN_OUT and later.may_leave_undealt
    assert later.completion_advice() == f"De termijn om aan te vullen is op {ends} ongebruikt verstreken."
    assert later.leave_undealt().kind is Kind.LEFT_UNDEALT
    assert group.application(app.id).status is Status.LEFT_UNDEALT


def test_the_proposal_is_worked_out_once_per_change_of_the_answers(group, monkeypatch):
    flow = flow_for(group)
    calls = []
    real = check_module.check_decision
    monkeypatch.setattr(check_module, "check_decision",
                        lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    flow.answers.residents = flow.answers.for_the_neighbourhood = True
    flow.answers.permits = {q["key"]: False for q in permit_questions()}
    flow.answers.decided_on = dt.date(2026, 3, 10)
    for _ in range(4):  # the page's changed(), isComplete(), the wizard's Finish, ...
        assert flow.problems(Step.DECISION) == []
    assert flow.proposal().kind is Kind.GRANTED and len(calls) == 1
    flow.answers.reasons = "Een mooi plan."
    flow.problems(Step.DECISION)
    assert len(calls) == 2
    flow.finish()
    assert len(calls) == 2


def test_typed_answers_are_saved_and_read_back(group):
    flow = flow_for(group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    flow.answers.kind = Kind.PARTIALLY_GRANTED
    flow.type_amount("4.900")
    flow.answers.decided_on = dt.date(2026, 3, 10)
    flow.save()
    again = CheckFlow(group, flow.app.id)
    assert again.answers == flow.answers
    assert again.answers.amount == Decimal("4900.00") and again.answers.kind is Kind.PARTIALLY_GRANTED
    assert again.vouchers() == (Decimal("4900.00"),)


def test_answers_saved_by_the_earlier_version_are_read(group):
    old = ('{"residents": true, "for_the_neighbourhood": true, "grounds": {}, "permits": {}, '
           '"kind": "partially_granted", "amount": "4.900", "reasons": "", '
           '"start_within_days": null, "members": [1], "decided_on": "2026-03-10"}')
    answers = Answers.from_json(old)
    assert answers.amount == Decimal("4900.00") and answers.kind is Kind.PARTIALLY_GRANTED
    assert answers.decided_on == dt.date(2026, 3, 10)


def test_in_english_no_permit_question_is_in_dutch():
    from regiegroep import i18n

    dutch = permit_questions()
    i18n.set_language("en")  # the autouse fixture sets Dutch back
    english = permit_questions()
    assert [q["key"] for q in english] == [q["key"] for q in dutch]
    for shown, original in zip(english, dutch):
        for field in ("question", "guidance"):
            assert shown[field] and shown[field] != original[field]
            assert not {"het", "een", "wordt", "er", "voor"} & set(shown[field].lower().split())
    assert permit_questions("nl") == dutch  # Dutch stays the default


def test_only_a_partial_grant_takes_an_amount_and_only_a_grant_a_start_term(group):
    """What the decision step lets be filled in comes from the flow: a referral grants
    nothing (the consultation decides, Art. 5.3-5.5), so its summary names no amount and a
    start term typed before is not recorded with it (Art. 5.6 is a condition of a grant)."""
    from regiegroep.deciding.summary import pending_decision

    small = flow_for(group)
    assert [k for k in Kind if small.takes_amount(k)] == [Kind.PARTIALLY_GRANTED]
    assert {k for k in Kind if small.takes_start_term(k)} == {Kind.GRANTED,
                                                              Kind.PARTIALLY_GRANTED}
    large = flow_for(group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    # What the decision step says fits the route: above the threshold, refer or refuse.
    assert "wijkraadpleging" in large.guidance(Step.DECISION)
    assert "Ken de benodigde vouchers toe" not in large.guidance(Step.DECISION)
    assert "Ken de benodigde vouchers toe" in small.guidance(Step.DECISION)
    large.answers.start_within_days = 30
    made = walk(large)
    assert made.kind is Kind.REFERRED and made.start_within_days is None
    again = flow_for(group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    again.answers.residents = again.answers.for_the_neighbourhood = True
    lines = pending_decision(again)
    assert not any("€" in line or "14.000" in line for line in lines), lines
