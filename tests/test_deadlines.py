"""Legal dates: the ordinance's decision term and the Awb objection term (with the Atw)."""

import dataclasses
import datetime as dt

import pytest

from regiegroep.rules.deadlines import (
    Suspension,
    decision_deadline,
    is_general_holiday,
    objection_deadline,
)
from regiegroep.rules import model_ordinance

D = dt.date


@pytest.fixture(scope="module")
def model():
    return model_ordinance()


def test_decision_is_due_the_same_weekday_four_weeks_later(model):
    deadline = decision_deadline(D(2026, 3, 2), model)
    assert deadline.date == D(2026, 3, 30)
    assert "2 maart 2026" in deadline.explanation and "30 maart 2026" in deadline.explanation
    assert decision_deadline(dt.datetime(2026, 3, 2, 19, 30), model).date == D(2026, 3, 30)


def test_a_completion_request_suspends_the_decision_term(model):
    # Awb 4:15: from the day after the request up to the day it was completed.
    deadline = decision_deadline(D(2026, 3, 2), model, [Suspension(D(2026, 3, 5), D(2026, 3, 19))])
    assert deadline.date == D(2026, 4, 13)
    assert "14 dagen" in deadline.explanation and "Awb 4:15" in deadline.explanation
    two = decision_deadline(D(2026, 3, 2), model,
                            [(D(2026, 3, 5), D(2026, 3, 6)), (D(2026, 3, 10), D(2026, 3, 13))])
    assert two.date == D(2026, 3, 30) + dt.timedelta(days=1 + 3)


def test_the_models_own_term_does_not_run_on_over_holidays(model):
    # Received Monday 30 March 2026: four weeks later is King's Day, Monday 27 April.
    assert decision_deadline(D(2026, 3, 30), model).date == D(2026, 4, 27)
    extended = dataclasses.replace(model, terms_extend_over_holidays=True)
    deadline = decision_deadline(D(2026, 3, 30), extended)
    assert deadline.date == D(2026, 4, 28)
    assert "28 april 2026" in deadline.explanation


@pytest.mark.parametrize("sent, last_day, why", [
    (D(2026, 3, 24), D(2026, 5, 6), "5 May, every year (BRIEF's example)"),
    (D(2026, 1, 3), D(2026, 2, 16), "a Saturday"),
    (D(2026, 2, 23), D(2026, 4, 7), "Easter Monday"),
    (D(2026, 2, 20), D(2026, 4, 7), "Good Friday, then the Easter weekend and Monday"),
    (D(2026, 4, 2), D(2026, 5, 18), "Ascension Day and the decree day after it"),
    (D(2026, 4, 13), D(2026, 5, 26), "Whit Monday"),
    (D(2026, 3, 16), D(2026, 4, 28), "King's Day on the 27th"),
    (D(2026, 11, 13), D(2026, 12, 28), "Christmas and Boxing Day, then Sunday"),
    (D(2025, 11, 21), D(2026, 1, 5), "the decree day 2 January 2026"),
    (D(2028, 3, 16), D(2028, 5, 1), "King's Day 2028 and the decree day 28 April"),
    (D(2027, 3, 24), D(2027, 5, 10), "5 May, Ascension Day and the decree day 7 May 2027"),
    (D(2026, 3, 25), D(2026, 5, 6), "a plain Wednesday"),
])
def test_objection_term_runs_on_past_weekends_and_holidays(sent, last_day, why):
    deadline = objection_deadline(sent)
    assert deadline.date == last_day, why
    assert deadline.date.weekday() < 5 and not is_general_holiday(deadline.date)


def test_objection_explanation_says_why_the_day_moved():
    deadline = objection_deadline(D(2026, 3, 24))
    assert "5 mei 2026" in deadline.explanation and "6 mei 2026" in deadline.explanation
    assert "Algemene termijnenwet" in deadline.explanation


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert D(2025, 4, 27).weekday() == 6
    assert is_general_holiday(D(2025, 4, 26))
    assert not is_general_holiday(D(2025, 4, 27))
    assert is_general_holiday(D(2026, 4, 27)) and not is_general_holiday(D(2026, 4, 26))


@pytest.mark.parametrize("day", [
    D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25), D(2026, 12, 25),
    D(2026, 12, 26), D(2026, 5, 5), D(2027, 5, 5), D(2026, 1, 2), D(2026, 5, 15), D(2027, 5, 7),
    D(2028, 4, 28), D(2028, 5, 26),
])
def test_general_holidays(day):
    assert is_general_holiday(day)


@pytest.mark.parametrize("day", [D(2026, 4, 7), D(2026, 5, 4), D(2026, 12, 24), D(2026, 12, 31),
                                 D(2029, 1, 2)])
def test_ordinary_days(day):
    assert not is_general_holiday(day)


def test_receipt_cutoff_matches_the_deadlines(model):
    from regiegroep.rules.deadlines import receipt_cutoff

    extended = dataclasses.replace(model, terms_extend_over_holidays=True)
    for ordinance in (model, extended):
        for offset in range(0, 400, 3):
            day = D(2026, 1, 1) + dt.timedelta(days=offset)
            cutoff = receipt_cutoff(day, ordinance)
            assert decision_deadline(cutoff, ordinance).date >= day
            assert decision_deadline(cutoff - dt.timedelta(days=1), ordinance).date < day
