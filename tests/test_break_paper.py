"""An adversarial reviewer's attacks on the count: paper ballots still being typed in, and
votes that arrive after the result was signed off."""

import pytest

from regiegroep.consultations import consultation_channels as channels
from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.deciding.decision import Kind
from regiegroep.errors import UserError

from .test_consultations import planned, referred_register


@pytest.fixture
def setup(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    return register, c, codes, members, ids


@pytest.mark.parametrize("second", [None, "against"])
def test_no_result_is_counted_while_a_paper_ballot_waits_or_differs(setup, second):
    """A sheet typed in once (or twice, differently) has used its code, but its vote is not
    counted yet: a result counted now would lose it for good."""
    register, c, codes, members, ids = setup
    cons.cast_vote(register, c.id, codes[0], {ids[0]: "against"})
    channels.enter_paper(register, c.id, "1", codes[1], {ids[0]: "for"}, members[0])
    if second:
        assert channels.enter_paper(register, c.id, "1", codes[1], {ids[0]: second},
                                    members[1]) == "differs"
    cons.close_voting(register, c.id)
    with pytest.raises(UserError, match="stembiljet"):
        results.record_result(register, c.id)
    assert results.results(register, c.id) == []
    # Settled, the sheet counts and the result can be counted.
    assert channels.enter_paper(register, c.id, "1", codes[1], {ids[0]: "for"},
                                members[2]) == "counted"
    result = results.record_result(register, c.id)
    assert result.figures["items"][0]["for"] == 1


def test_a_ballot_entered_after_the_result_was_locked_is_not_decided_on_unseen(setup):
    """The locked result says 0 for and 1 against; a paper ballot typed in later makes the
    count 2 for, 1 against. Deciding on the locked figures would refuse an initiative the
    register's own count grants: a recount must come first."""
    register, c, codes, members, ids = setup
    cons.cast_vote(register, c.id, codes[0], {ids[0]: "against"})
    cons.close_voting(register, c.id)
    result = results.record_result(register, c.id)
    results.sign_off(register, result.id, members[0])
    assert results.sign_off(register, result.id, members[1]).locked
    for sheet, code in (("1", codes[1]), ("2", codes[2])):  # handed in before closing
        channels.enter_paper(register, c.id, sheet, code, {ids[0]: "for"}, members[0],
                             in_time=True)
        channels.enter_paper(register, c.id, sheet, code, {ids[0]: "for"}, members[1])
    with pytest.raises(UserError, match="opnieuw"):
        results.decide(register, c.id)
    assert register.latest_decision(ids[0]).kind is Kind.REFERRED
    recount = results.record_result(register, c.id)
    assert recount.recount_of == result.id
    results.sign_off(register, recount.id, members[0])
    results.sign_off(register, recount.id, members[1])
    made = results.decide(register, c.id)
    assert made[0].kind is Kind.GRANTED


def test_paper_typists_twice_three_ways_and_after_agreeing(setup):
    register, c, codes, members, ids = setup
    a, b, d = ({ids[0]: v} for v in ("for", "against", "abstain"))
    assert channels.enter_paper(register, c.id, "1", codes[0], a, members[0]) == "waiting"
    with pytest.raises(UserError, match="al ingevoerd"):
        channels.enter_paper(register, c.id, "1", codes[0], a, members[0])
    assert channels.enter_paper(register, c.id, "1", codes[0], b, members[1]) == "differs"
    assert channels.enter_paper(register, c.id, "1", codes[0], d, members[2]) == "differs"
    assert cons.ballots(register, c.id) == []
    [difference] = channels.paper_differences(register, c.id)
    assert len(difference.entries) == 3 and difference.choices_differ == (ids[0],)
    # A third entry when two agreed: the sheet was counted, its code cannot count again.
    channels.enter_paper(register, c.id, "2", codes[1], a, members[0])
    assert channels.enter_paper(register, c.id, "2", codes[1], a, members[1]) == "counted"
    with pytest.raises(UserError, match="papier"):
        channels.enter_paper(register, c.id, "2", codes[1], a, members[2])
    assert len(cons.ballots(register, c.id)) == 1
    assert register.consultation(c.id).codes_used == {"paper": 2}


def test_a_budget_ballot_that_says_against_is_told_what_a_budget_vote_asks(register):
    import datetime as dt
    from decimal import Decimal

    from regiegroep.deciding.decision import Decision

    from .conftest import complete_application
    from .test_consultations import D

    wijk = register.wijk_by_name("Kogerveld").id
    register.add_member("Joke van der Meer", "chair")
    members = tuple(m.id for m in register.members())
    ids = []
    for n in range(2):
        app = register.register_application(complete_application(
            wijk, title=f"Plein {n}", cost_estimate=Decimal("30000"), vouchers_requested=5,
            received_at=dt.datetime(2026, 3, 2 + n, 10)))
        register.decide(app.id, Decision(Kind.REFERRED, D(2026, 3, 20), members))
        ids.append(app.id)
    c, codes = planned(register, wijk, ids, rule="budget", tie="earlier")
    with pytest.raises(UserError) as said:
        cons.cast_vote(register, c.id, codes[0], {ids[0]: "against"})
    assert "begroting" in str(said.value) or "budget" in str(said.value).lower()
    assert "voor of tegen" not in str(said.value)
    assert register.consultation(c.id).codes_used == {}
