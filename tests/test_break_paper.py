"""An adversarial reviewer's attacks on the count: paper ballots still being typed in, and
votes that arrive after the result was signed off."""

import pytest

from regiegroep import consultation_channels as channels
from regiegroep import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.decisions import Kind
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
    for sheet, code in (("1", codes[1]), ("2", codes[2])):
        channels.enter_paper(register, c.id, sheet, code, {ids[0]: "for"}, members[0])
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
