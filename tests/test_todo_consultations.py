"""The to-do list names the consultations the group must see to (Art. 5.5): codes to print
before voting starts, voting to open, and voting that ended while the consultation is still
open or not yet counted and decided, for its initiatives wait on it."""

from __future__ import annotations

import datetime as dt

from regiegroep import consultations as cons
from regiegroep.consultations import Consultation
from regiegroep.consultations import consultation_results as results

from .test_consultations import D, referred_register

START, END = D(2026, 4, 1), D(2026, 4, 14)


def _consultation_lines(register, today):
    return [line for line in register.to_do(today) if line.consultation_id is not None]


def test_a_consultation_is_on_the_list_until_it_is_counted_and_decided(register):
    wijk, members, ids = referred_register(register)
    c = cons.plan(register, Consultation(
        wijk_id=wijk, title="Wijkraadpleging voorjaar", form="combination", starts_on=START,
        ends_on=END, application_ids=tuple(ids)))
    assert _consultation_lines(register, START - dt.timedelta(days=10)) == []

    # a few days before voting starts, no codes printed: print them
    [line] = _consultation_lines(register, START - dt.timedelta(days=3))
    assert (line.kind, line.due, line.consultation_id) == ("consultation_codes", START, c.id)
    assert "Wijkraadpleging voorjaar" in line.text and "stemcodes" in line.text

    # codes printed, voting not opened on its first day: open it
    cons.store_codes(register, c.id, cons.new_codes(register, c.id, 6))
    assert _consultation_lines(register, START - dt.timedelta(days=3)) == []
    [line] = _consultation_lines(register, START)
    assert line.kind == "consultation_open" and "open" in line.text.lower()

    # while voting runs there is nothing to do; the day after it ended there is
    cons.open_voting(register, c.id)
    codes = cons.new_codes(register, c.id, 2)
    cons.store_codes(register, c.id, codes)
    with cons.voting_on(D(2026, 4, 7)):
        cons.cast_vote(register, c.id, codes[0], {i: "for" for i in ids})
    assert _consultation_lines(register, END) == []
    day_after = END + dt.timedelta(days=1)
    [line] = _consultation_lines(register, day_after)
    assert (line.kind, line.due, line.consultation_id) == ("consultation_ended", END, c.id)
    assert "Wijkraadpleging voorjaar" in line.text and "14 april 2026" in line.text
    assert "sluit" in line.text.lower() and "tel" in line.text.lower()
    assert line.overdue

    # most pressing first: its end lies before the decisions still to come
    later = register.to_do(day_after)
    assert later.index(line) == 0 or all(
        (other.due or dt.date.min) <= END for other in later[:later.index(line)])

    # closed but not counted: still on the list, until it is decided
    cons.close_voting(register, c.id)
    [line] = _consultation_lines(register, day_after)
    assert line.kind == "consultation_count" and "Wijkraadpleging voorjaar" in line.text
    result = results.record_result(register, c.id)
    results.sign_off(register, result.id, members[0])
    assert [x.kind for x in _consultation_lines(register, day_after)] == ["consultation_count"]
    results.sign_off(register, result.id, members[1])
    results.decide(register, c.id)
    assert _consultation_lines(register, day_after) == []


def test_a_consultation_never_opened_in_its_period_asks_to_cancel_and_plan_another(register):
    """Codes are no longer printed once its voting ended: the list does not ask for them."""
    wijk, _members, ids = referred_register(register)
    c = cons.plan(register, Consultation(
        wijk_id=wijk, title="Wijkraadpleging voorjaar", form="combination", starts_on=START,
        ends_on=END, application_ids=tuple(ids)))
    [line] = _consultation_lines(register, END)
    assert line.kind == "consultation_codes"
    [line] = _consultation_lines(register, END + dt.timedelta(days=1))
    assert (line.kind, line.due, line.consultation_id) == ("consultation_missed", END, c.id)
    assert "annuleer" in line.text and "stemcodes" not in line.text
    cons.store_codes(register, c.id, cons.new_codes(register, c.id, 6))  # printed, not opened
    assert [x.kind for x in _consultation_lines(register, END + dt.timedelta(days=1))] == [
        "consultation_missed"]
    cons.cancel(register, c.id, "Niemand heeft de stemming geopend")
    assert _consultation_lines(register, END + dt.timedelta(days=1)) == []


def test_a_cancelled_consultation_asks_nothing(register):
    wijk, _members, ids = referred_register(register)
    c = cons.plan(register, Consultation(
        wijk_id=wijk, title="Wijkraadpleging voorjaar", form="combination", starts_on=START,
        ends_on=END, application_ids=tuple(ids)))
    cons.cancel(register, c.id, "De zaal is niet beschikbaar")
    assert _consultation_lines(register, START) == []
    assert _consultation_lines(register, END + dt.timedelta(days=1)) == []



def test_voting_past_its_period_is_not_opened(register):
    """Planned, never opened, and its period has passed: opening it is refused with what to
    do instead, not with a request to print codes nobody can use."""
    import pytest

    from regiegroep.errors import UserError

    wijk, _members, ids = referred_register(register)
    c = cons.plan(register, Consultation(
        wijk_id=wijk, title="Wijkraadpleging voorjaar", form="combination", starts_on=START,
        ends_on=END, application_ids=tuple(ids)))
    with cons.voting_on(END + dt.timedelta(days=1)), pytest.raises(UserError) as refused:
        cons.open_voting(register, c.id)
    assert "14 april 2026" in str(refused.value) and "Annuleer" in str(refused.value)
    assert cons.consultation(register, c.id).status == "planned"
    with cons.voting_on(END):  # its last day: it may still be opened, once codes are printed
        cons.store_codes(register, c.id, cons.new_codes(register, c.id, 2))
        assert cons.open_voting(register, c.id).status == "running"
