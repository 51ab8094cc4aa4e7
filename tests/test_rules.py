"""Rule files: the ordinance as data; a broken file is refused naming its line."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep.errors import UserError
from regiegroep import rules
from regiegroep.rules import decree_days, load_ordinance, model_ordinance, resources_dir

MODEL = resources_dir() / "ordinances" / "model-2008.toml"


def test_the_model_ordinance_of_2008():
    o = model_ordinance()
    assert o.max_voucher_value == Decimal("5000.00")  # Art. 1a
    assert o.consultation_threshold == Decimal("10000.00")  # Art. 5.1, 5.3
    assert o.max_cost_reservation_percent == 10  # Art. 2.3
    assert o.cash_limit_per_redemption == Decimal("500.00")  # Art. 9.3b
    assert o.decision_term_weeks == 4  # Art. 5.1
    assert o.terms_extend_over_holidays is False
    assert (o.last_issue_date, o.last_completion_date) == (dt.date(2009, 6, 30), dt.date(2009, 12, 31))
    assert [i.letter for i in o.application_items] == list("abcd")
    assert [g.letter for g in o.refusal_grounds] == list("abcde")
    assert "privé-belangen" in o.refusal_grounds[2].text
    assert all(g.guidance for g in o.refusal_grounds)


def municipal_copy(tmp_path, old, new):
    text = MODEL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "zaanstad.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_municipality_copies_and_edits_the_file(tmp_path):
    path = municipal_copy(tmp_path, "terms_extend_over_holidays = false",
                          "terms_extend_over_holidays = true")
    assert load_ordinance(path).terms_extend_over_holidays is True


def test_a_syntax_error_names_the_line(tmp_path):
    path = municipal_copy(tmp_path, 'decision_term_weeks = 4', 'decision_term_weeks = = 4')
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "= = 4" in t)
    with pytest.raises(UserError, match=f"regel {line}, kolom"):
        load_ordinance(path)


@pytest.mark.parametrize("old, new, words", [
    ('max_voucher_value = "5000.00"', "max_voucher_value = 5000.5", "bedrag"),
    ("decision_term_weeks = 4", "decision_term_weeks = 0", "heel getal"),
    ("last_issue_date = 2009-06-30", 'last_issue_date = "30 juni"', "datum"),
    ("terms_extend_over_holidays = false", 'terms_extend_over_holidays = "nee"', "true of false"),
])
def test_a_wrong_value_names_its_line_and_what_is_wrong(tmp_path, old, new, words):
    path = municipal_copy(tmp_path, old, new)
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if t.startswith(new))
    with pytest.raises(UserError) as info:
        load_ordinance(path)
    assert f"regel {line}" in str(info.value) and words in str(info.value)


def test_a_missing_refusal_ground_is_named(tmp_path):
    text = MODEL.read_text(encoding="utf-8")
    cut = text.index('[[refusal_grounds]]\nletter = "e"')
    path = tmp_path / "short.toml"
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(UserError, match="a, b, c, d, e"):
        load_ordinance(path)


def test_decree_days_are_data(tmp_path):
    assert dt.date(2026, 5, 15) in decree_days()
    path = tmp_path / "holidays.toml"
    path.write_text('[decree_days]\n"2029" = [2028-12-31]\n', encoding="utf-8")
    with pytest.raises(UserError, match="2029"):
        decree_days(path)


def test_a_register_keeps_the_municipalitys_ordinance_per_budget_year(register, tmp_path):
    import json

    from regiegroep.exchange.export import export

    from .conftest import complete_application

    zaanstad = municipal_copy(tmp_path, 'id = "model-2008"', 'id = "zaanstad-2026"')
    zaanstad.write_text(zaanstad.read_text(encoding="utf-8").replace(
        "terms_extend_over_holidays = false", "terms_extend_over_holidays = true"), encoding="utf-8")
    w = register.wijk_by_name("Poelenburg").id
    # Received Monday 30 March 2026: four weeks later is King's Day.
    register.register_application(complete_application(w, received_at=dt.datetime(2026, 3, 30)))
    out = tmp_path / "r.json"
    export(register, "json", out)
    assert json.loads(out.read_text())["applications"][0]["decision_deadline"] == "2026-04-27"
    register.add_ordinance(zaanstad, year=2026)
    register.add_ordinance(zaanstad)  # the same file again is fine
    assert register.ordinance_for(w, 2026).terms_extend_over_holidays is True
    export(register, "json", out)
    doc = json.loads(out.read_text())
    assert doc["applications"][0]["decision_deadline"] == "2026-04-28"
    assert {b["ordinance"] for b in doc["budgets"]} == {"zaanstad-2026"}
    other = tmp_path / "other.toml"
    other.write_text(zaanstad.read_text(encoding="utf-8").replace(
        "decision_term_weeks = 4", "decision_term_weeks = 6"), encoding="utf-8")
    with pytest.raises(UserError, match="zaanstad-2026"):
        register.add_ordinance(other)
    with pytest.raises(UserError, match="2031"):
        register.add_ordinance(zaanstad, year=2031)


def test_a_municipality_adopts_the_model_with_its_own_figures():
    text = rules.adopt(rules.model_text(), id="zaanstad-2027", title="Zaanstad 2027",
                       last_issue_date=dt.date(2027, 12, 31),
                       last_completion_date=dt.date(2028, 12, 31),
                       cash_limit_per_redemption=Decimal("250"), completion_term_days=21,
                       terms_extend_over_holidays=True)
    adopted = rules.load_ordinance(Path("zaanstad-2027.toml"), text)
    assert (adopted.id, adopted.title) == ("zaanstad-2027", "Zaanstad 2027")
    assert adopted.last_issue_date == dt.date(2027, 12, 31)
    assert adopted.last_completion_date == dt.date(2028, 12, 31)
    assert adopted.cash_limit_per_redemption == Decimal("250.00")
    assert adopted.completion_term_days == 21
    assert adopted.terms_extend_over_holidays is True
    # What was not changed is the model's; the file still explains itself.
    assert adopted.max_voucher_value == rules.model_ordinance().max_voucher_value
    assert "# Art. 9.3b, as the municipality adopted it" in text
    assert "EUR 500" not in next(line for line in text.splitlines()
                                 if line.startswith("cash_limit_per_redemption"))


def test_adopting_impossible_dates_is_refused():
    with pytest.raises(UserError, match="klaar"):
        rules.adopt(rules.model_text(), id="x", last_issue_date=dt.date(2027, 12, 31))


def test_a_rule_file_copied_before_a_key_existed_keeps_the_models_figure():
    text = "\n".join(line for line in rules.model_text().splitlines()
                     if not line.startswith("completion_term_days"))
    older = rules.load_ordinance(Path("older.toml"), text.replace('"model-2008"', '"older"'))
    assert older.completion_term_days == rules.model_ordinance().completion_term_days == 14
