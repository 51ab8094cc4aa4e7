"""Neighbourhood consultations (Art. 1i, 5.3-5.5): one code one vote across every channel,
the rules and their ties, the budget vote, sign-off, and the decisions that follow."""

import datetime as dt
import json
import multiprocessing
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from regiegroep.consultations import consultation_channels as channels
from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.consultations import Consultation
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.model import Status
from regiegroep.register import Register
from regiegroep.vouchers.serials import is_valid

from .conftest import complete_application

D = dt.date


def referred_register(register, costs=("12000", "15000", "20000")):
    for name, role in (("Joke van der Meer", "chair"), ("Hasan Yıldız", "member"),
                       ("Marieke Bakker", "secretary")):
        register.add_member(name, role)
    members = tuple(m.id for m in register.members())
    wijk = register.wijk_by_name("Poelenburg").id
    ids = []
    for n, cost in enumerate(costs):
        app = register.register_application(complete_application(
            wijk, title=f"Speeltuin {n}", cost_estimate=Decimal(cost), vouchers_requested=3,
            received_at=dt.datetime(2026, 3, 2 + n, 10)))
        register.decide(app.id, Decision(Kind.REFERRED, D(2026, 3, 20), members))
        ids.append(app.id)
    return wijk, members, ids


def planned(register, wijk, ids, codes=6, **changes):
    fields = dict(wijk_id=wijk, title="Wijkraadpleging voorjaar", form="combination",
                  starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 14), application_ids=tuple(ids),
                  place="Buurthuis De Kolk")
    fields.update(changes)
    c = cons.plan(register, Consultation(**fields))
    made = cons.new_codes(register, c.id, codes)
    cons.store_codes(register, c.id, made)
    cons.open_voting(register, c.id)
    return c, made


@pytest.fixture
def setup(register):
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids)
    return register, c, codes, members, ids


def test_codes_are_checked_serials_and_only_their_salted_hashes_are_kept(setup):
    register, c, codes, _m, _ids = setup
    assert all(len(code) == cons.CODE_LENGTH and is_valid(code, cons.CODE_LENGTH) for code in codes)
    dump = "\n".join(register.conn.iterdump())
    assert not any(code in dump for code in codes)
    with pytest.raises(UserError, match="teken|karakter|character"):
        cons.cast_vote(register, c.id, codes[0][:-1] + ("3" if codes[0][-1] != "3" else "4"), {})


def test_a_code_counts_once_whatever_the_channel_with_a_clear_message(setup):
    register, c, codes, members, ids = setup
    for_all = {i: "for" for i in ids}
    cons.register_at_door(register, c.id, codes[0])
    with pytest.raises(UserError) as at_door:
        cons.cast_vote(register, c.id, codes[0], for_all)
    assert "bijeenkomst" in str(at_door.value)
    cons.cast_vote(register, c.id, cons.shown(codes[1]).lower(), for_all)
    with pytest.raises(UserError) as twice:
        cons.register_at_door(register, c.id, codes[1])
    assert "digita" in str(twice.value)
    with pytest.raises(UserError):
        channels.enter_paper(register, c.id, "1", codes[1], for_all, members[0])
    assert channels.enter_paper(register, c.id, "1", codes[2], for_all, members[0]) == "waiting"
    assert channels.enter_paper(register, c.id, "1", codes[2], for_all, members[1]) == "counted"
    with pytest.raises(UserError) as on_paper:
        cons.cast_vote(register, c.id, codes[2], for_all)
    assert "papier" in str(on_paper.value)
    assert register.consultation(c.id).codes_used == {"meeting": 1, "digital": 1, "paper": 1}


def test_paper_entries_that_differ_are_shown_and_a_third_member_settles(setup):
    register, c, codes, members, ids = setup
    one = {ids[0]: "for", ids[1]: "against"}
    other = {ids[0]: "for", ids[1]: "for"}
    channels.enter_paper(register, c.id, "7", codes[3], one, members[0])
    assert channels.paper_waiting(register, c.id) == ["7"]
    assert channels.enter_paper(register, c.id, "7", codes[3], other, members[1]) == "differs"
    [difference] = channels.paper_differences(register, c.id)
    assert difference.sheet == "7" and difference.choices_differ == (ids[1],)
    assert "code_differs" not in difference._fields  # nothing of the code is kept to compare
    assert cons.ballots(register, c.id) == []  # nothing counted until they agree
    assert channels.enter_paper(register, c.id, "7", codes[3], one, members[2]) == "counted"
    assert channels.paper_differences(register, c.id) == []
    assert cons.ballots(register, c.id) == [("paper", {str(ids[0]): "for", str(ids[1]): "against"})]


def _tables_with(register, words):
    found = {}
    for (name,) in register.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = {row[1] for row in register.conn.execute(f"PRAGMA table_info({name})")}
        found[name] = columns
    return found


def test_no_table_holds_a_code_or_its_hash_beside_a_vote(setup):
    register, c, codes, members, ids = setup
    cons.register_at_door(register, c.id, codes[0])
    channels.enter_tally(register, c.id, ids[0], 1, 0, 0, members[0])
    cons.cast_vote(register, c.id, codes[1], {ids[0]: "against"})
    channels.enter_paper(register, c.id, "1", codes[2], {ids[0]: "for"}, members[0])
    channels.enter_paper(register, c.id, "1", codes[2], {ids[0]: "for"}, members[1])
    tables = _tables_with(register, ())
    for name in ("ballot", "meeting_tally"):
        assert not {"hash", "code", "code_hash", "used", "rowid", "id", "at"} & tables[name]
    assert not {"choices", "votes_for", "at", "application_id"} & tables["voting_code"]
    # The typists' entries held the code's hash only until they agreed.
    assert register.conn.execute("SELECT count(*) FROM paper_entry").fetchone() == (0,)
    # No row of a vote holds a hash of a code, whatever its column.
    hashes = {h for (h,) in register.conn.execute("SELECT hash FROM voting_code")}
    for (name,) in register.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if name == "voting_code":
            continue
        text = json.dumps(register.conn.execute(f"SELECT * FROM {name}").fetchall(), default=str)
        assert not any(h in text for h in hashes), name
    # Nor does the audit trail say which code voted how.
    assert not any(h in json.dumps(e.details) for e in register.events() for h in hashes)


channel_steps = st.lists(st.tuples(st.sampled_from(["door", "paper", "paper", "digital"]),
                                   st.integers(0, 5), st.integers(0, 1)), max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=channel_steps)
def test_any_interleaving_of_channels_counts_each_code_once(tmp_path_factory, steps):
    """Door registrations, single paper entries (by either typist) and digital votes in any
    order: a code is used by the first that counts it (a paper ballot's first entry), and
    refused by every later one; paper ballots never outnumber the paper codes used."""
    from .conftest import Municipality

    path = tmp_path_factory.mktemp("c") / "r.sqlite"
    with Register.open(path) as register:
        register.set_municipality(Municipality("Zaanstad"))
        w = register.add_wijk("Poelenburg")
        register.set_budget(w.id, 2026, Decimal("300000"))
        wijk, members, ids = referred_register(register)
        c, codes = planned(register, wijk, ids)
        accepted, typed, counted = set(), {}, 0
        for channel, n, typist in steps:
            code = codes[n]
            try:
                if channel == "door":
                    cons.register_at_door(register, c.id, code)
                elif channel == "digital":
                    cons.cast_vote(register, c.id, code, {ids[0]: "for"})
                else:  # the ballot with code n, typed in by one of two members
                    outcome = channels.enter_paper(register, c.id, f"sheet {n}", code,
                                                   {ids[0]: "against"}, members[typist])
                    first = n not in typed
                    typed.setdefault(n, set()).add(typist)
                    if outcome == "counted":
                        typed.pop(n)
                        counted += 1
                    if not first:  # a later entry: its code was used at the first
                        continue
            except UserError as exc:
                assert code in accepted or typist in typed.get(n, ()), exc
                continue
            assert code not in accepted
            accepted.add(code)
        used = register.consultation(c.id).codes_used
        assert sum(used.values()) == len(accepted)
        assert len(cons.ballots(register, c.id)) == counted + used.get("digital", 0)
        assert counted + len(typed) == used.get("paper", 0)


def _use_in_other_process(path, consultation_id, code, channel, app_id, barrier, answers):
    from .conftest import VOTING_DAY

    with Register.open(path) as register, cons.voting_on(VOTING_DAY):
        barrier.wait()
        try:
            if channel == "door":
                cons.register_at_door(register, consultation_id, code)
            else:
                cons.cast_vote(register, consultation_id, code, {app_id: "for"})
            answers.put((channel, "ok"))
        except UserError as exc:
            answers.put((channel, str(exc)))


def test_the_same_code_in_two_channels_at_once_from_two_processes_counts_once(setup):
    register, c, codes, _members, ids = setup
    context = multiprocessing.get_context("spawn")
    barrier, answers = context.Barrier(2), context.Queue()
    for attempt in range(3):
        code = codes[attempt]
        workers = [context.Process(target=_use_in_other_process, args=(
            str(register.path), c.id, code, channel, ids[0], barrier, answers))
            for channel in ("door", "digital")]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        said = dict(answers.get(timeout=5) for _w in workers)
        assert sorted(v == "ok" for v in said.values()) == [False, True], said
        assert "al gebruikt" in next(v for v in said.values() if v != "ok")
    used = register.consultation(c.id).codes_used
    assert sum(used.values()) == 3
    assert len(cons.ballots(register, c.id)) == used.get("digital", 0)


@pytest.mark.parametrize("votes_for, votes_against, tie, turnout, minimum, outcome", [
    (5, 3, "refused", Decimal(50), None, "granted"),
    (3, 5, "granted", Decimal(50), None, "refused"),
    (4, 4, "refused", Decimal(50), None, "refused"),
    (4, 4, "granted", Decimal(50), None, "granted"),
    (0, 0, "granted", Decimal(0), None, "refused"),
    (9, 1, "refused", Decimal("19.9"), 20, "refused"),
    (9, 1, "refused", Decimal(20), 20, "granted"),
    (4, 4, "granted", Decimal(10), 20, "refused"),
])
def test_every_majority_rule_and_tie(votes_for, votes_against, tie, turnout, minimum, outcome):
    assert results.majority_outcome(votes_for, votes_against, tie, turnout, minimum) == outcome


def test_budget_ties_follow_the_recorded_rule():
    C = results.Candidate
    a = C(1, Decimal(15000), 10, "2026-03-01")
    b = C(2, Decimal(11000), 10, "2026-03-02")
    assert results.budget_winners([a, b], Decimal(20000), "earlier") == [1]
    assert results.budget_winners([a, b], Decimal(20000), "cheaper") == [2]
    # One that no longer fits is passed over; a cheaper one after it still fits.
    c = C(3, Decimal(4000), 2, "2026-03-03")
    assert results.budget_winners([a, b, c], Decimal(20000), "earlier") == [1, 3]


@given(st.lists(st.tuples(st.integers(1, 5000), st.integers(0, 30)), min_size=1, max_size=12),
       st.integers(0, 40000), st.sampled_from(["earlier", "cheaper"]))
def test_a_budget_vote_never_spends_more_than_is_left(candidates, budget, tie):
    made = [results.Candidate(n, Decimal(cost), votes, f"2026-01-{n + 1:02d}")
            for n, (cost, votes) in enumerate(candidates)]
    won = results.budget_winners(made, Decimal(budget), tie)
    assert sum(made[k].cost for k in won) <= budget
    assert len(set(won)) == len(won)
    # Nobody left out would still have fitted after the winners ahead of it.
    left = Decimal(budget) - sum(made[k].cost for k in won)
    assert all(c.cost > left or c.votes == 0 for c in made if c.key not in won)


def test_a_budget_ballot_may_not_choose_more_than_is_left(register):
    wijk = register.wijk_by_name("Kogerveld").id
    register.add_member("Joke van der Meer", "chair")
    register.add_member("Hasan Yıldız", "member")
    members = tuple(m.id for m in register.members())
    ids = []
    for n, cost in enumerate(("60000", "50000", "30000")):
        app = register.register_application(complete_application(
            wijk, title=f"Plein {n}", cost_estimate=Decimal(cost), vouchers_requested=5,
            received_at=dt.datetime(2026, 3, 2 + n, 10)))
        register.decide(app.id, Decision(Kind.REFERRED, D(2026, 3, 20), members))
        ids.append(app.id)
    c, codes = planned(register, wijk, ids, rule="budget", tie="earlier")
    assert c.budget == Decimal("120000.00")
    with pytest.raises(UserError, match="120.000"):
        cons.cast_vote(register, c.id, codes[0], {i: "for" for i in ids})
    cons.cast_vote(register, c.id, codes[0], {ids[0]: "for", ids[1]: "for"})
    cons.cast_vote(register, c.id, codes[1], {ids[0]: "for", ids[2]: "for"})
    cons.cast_vote(register, c.id, codes[2], {ids[1]: "for", ids[2]: "for"})
    cons.cast_vote(register, c.id, codes[3], {ids[2]: "for"})
    cons.close_voting(register, c.id)
    result = results.record_result(register, c.id)
    results.sign_off(register, result.id, members[0])
    results.sign_off(register, result.id, members[1])
    made = results.decide(register, c.id)
    kinds = [d.kind for d in made]
    # 30000 has 3 votes, then 60000 and 50000 tie on 2: the earlier first; 50000 no longer fits.
    assert kinds == [Kind.GRANTED, Kind.REFUSED, Kind.GRANTED]
    assert register.ceiling_left(wijk, 2026) == Decimal("30000.00")


def test_sign_off_locks_decides_and_a_recount_refers_to_it(setup):
    register, c, codes, members, ids = setup
    cons.register_at_door(register, c.id, codes[0])
    cons.register_at_door(register, c.id, codes[1])
    with pytest.raises(UserError):
        channels.enter_tally(register, c.id, ids[0], 3, 0, 0, members[0])  # only two present
    channels.enter_tally(register, c.id, ids[0], 2, 0, 0, members[0])
    channels.enter_tally(register, c.id, ids[1], 0, 2, 0, members[0])
    channels.enter_tally(register, c.id, ids[2], 1, 1, 0, members[0])
    cons.cast_vote(register, c.id, codes[2], {ids[0]: "against", ids[2]: "for"})
    cons.close_voting(register, c.id)
    with pytest.raises(UserError, match="bevestig"):
        results.record_result(register, c.id)
    with pytest.raises(UserError):
        channels.confirm_tallies(register, c.id, members[0])  # not the one who entered them
    assert channels.confirm_tallies(register, c.id, members[1]) == 3
    result = results.record_result(register, c.id)
    item = result.figures["items"][0]
    assert item["votes"]["meeting"]["for"] == 2 and item["votes"]["digital"]["against"] == 1
    assert result.figures["turnout_percent"] == "50.0"
    assert [i["outcome"] for i in result.figures["items"]] == ["granted", "refused", "granted"]
    with pytest.raises(UserError):
        results.decide(register, c.id)
    results.sign_off(register, result.id, members[0])
    with pytest.raises(UserError):
        results.sign_off(register, result.id, members[0])
    locked = results.sign_off(register, result.id, members[1])
    assert locked.locked
    with pytest.raises(Exception):
        register.conn.execute("UPDATE consultation_result SET figures = '{}' WHERE id = ?",
                              [result.id])
    recount = results.record_result(register, c.id)
    assert recount.id != result.id and recount.recount_of == result.id and not recount.locked
    results.sign_off(register, recount.id, members[1])
    results.sign_off(register, recount.id, members[2])
    made = results.decide(register, c.id)
    assert [d.kind for d in made] == [Kind.GRANTED, Kind.REFUSED, Kind.GRANTED]
    assert register.application(ids[0]).status is Status.GRANTED
    refused = register.latest_decision(ids[1])
    assert not refused.refusal_grounds and "wijkraadpleging" in refused.reasons
    assert register.consultation(c.id).status == "decided"
    from regiegroep.documents.letters import letter_paragraphs

    app = register.application(ids[1])
    text = " ".join(t for _s, t in letter_paragraphs(
        register, app, refused, register.ordinance_for(app.wijk_id, 2026), D(2026, 4, 20)))
    assert "wijkraadpleging" in text and "bezwaar" in text.lower()


def test_grants_after_a_consultation_follow_the_order_of_receipt_to_the_ceiling(register):
    wijk, members, ids = referred_register(register, ("60000", "70000", "20000"))
    register.set_budget(wijk, 2026, Decimal("100000"), Decimal("10000"), Decimal("85000"))
    c, codes = planned(register, wijk, ids)
    cons.cast_vote(register, c.id, codes[0], {i: "for" for i in ids})
    cons.close_voting(register, c.id)
    result = results.record_result(register, c.id)
    results.sign_off(register, result.id, members[0])
    results.sign_off(register, result.id, members[1])
    made = results.decide(register, c.id)
    assert [d.kind for d in made] == [Kind.GRANTED, Kind.REFUSED, Kind.GRANTED]
    assert set(made[1].refusal_grounds) == {"e"}
    assert register.ceiling_left(wijk, 2026) == Decimal("5000.00")


def test_planning_puts_only_waiting_referrals_and_warns_of_late_ones(setup):
    register, c, codes, members, ids = setup
    with pytest.raises(UserError):
        cons.plan(register, Consultation(c.wijk_id, "Nog een", "meeting", D(2026, 5, 1),
                                         D(2026, 5, 1), (ids[0],)))
    wijk = c.wijk_id
    late = register.register_application(complete_application(
        wijk, cost_estimate=Decimal("11000"), vouchers_requested=3))
    register.decide(late.id, Decision(Kind.REFERRED, D(2026, 3, 20), members))
    assert cons.overdue(register, D(2026, 4, 17)) == []
    assert cons.overdue(register, D(2026, 4, 18)) == [(late.sequence, 29)]
    cons.set_wait_weeks(register, 6)
    assert cons.overdue(register, D(2026, 4, 18)) == []


def test_the_kiosk_votes_through_the_register_and_does_nothing_else(setup):
    from regiegroep.trust.access import Session

    register, c, codes, _members, ids = setup
    register.session = Session("Kiosk buurthuis", "kiosk")
    register.cast_vote(c.id, codes[0], {ids[0]: "for", ids[1]: "against"})
    with pytest.raises(UserError, match="mag dit hier niet doen"):
        cons.register_at_door(register, c.id, codes[1])
    with pytest.raises(UserError, match="mag dit hier niet doen"):
        cons.close_voting(register, c.id)
    with pytest.raises(UserError, match="al gebruikt"):
        register.cast_vote(c.id, codes[0], {ids[0]: "for"})


def test_the_letter_gives_the_turnout_the_rule_was_applied_to(register):
    """The rule weighs the consultation's turnout (codes used of those issued); the letter
    said each initiative's own share of votes, and told an initiative refused by the vote
    that too few residents had voted although enough had."""
    wijk, members, ids = referred_register(register)
    c, codes = planned(register, wijk, ids, codes=4, minimum_turnout_percent=50)
    cons.register_at_door(register, c.id, codes[0])
    cons.register_at_door(register, c.id, codes[1])  # two of four: 50%, enough
    channels.enter_tally(register, c.id, ids[0], 2, 0, 0, members[0])
    channels.enter_tally(register, c.id, ids[1], 0, 1, 0, members[0])  # one hand went up
    channels.enter_tally(register, c.id, ids[2], 1, 1, 0, members[0])
    channels.confirm_tallies(register, c.id, members[1])
    cons.close_voting(register, c.id)
    result = results.record_result(register, c.id)
    assert result.figures["turnout_percent"] == "50.0"
    assert [i["outcome"] for i in result.figures["items"]] == ["granted", "refused", "refused"]
    for member in members[:2]:
        results.sign_off(register, result.id, member)
    results.decide(register, c.id)
    for app_id in ids:
        reasons = register.latest_decision(app_id).reasons
        assert "opkomst van 50%" in reasons, reasons
        assert "Minder" not in reasons and "minder" not in reasons  # half voted: enough
