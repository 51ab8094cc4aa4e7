"""A municipality's own ordinance, every number of which differs from the model's: the route,
the deadlines, the vouchers, the reservation cap, the letters, the screens and the manual
all follow it (issue 9, point 2). And the last issuing date of Art. 5.7 is obeyed."""

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from regiegroep import manual, rules
from regiegroep.deciding.decision import Decision, Kind, check
from regiegroep.errors import UserError
from regiegroep.exchange.export import export
from regiegroep.documents.letters import write_letter
from regiegroep.model import ApplicantKind, CostLine, cost_lines_note, needs_contact_person
from regiegroep.budgets import Municipality
from regiegroep.register import Register

from .conftest import complete_application
from .test_letters import text_of

ROOT = Path(__file__).resolve().parent.parent

ELDERS = rules.adopt(
    rules.model_text(), id="elders-2026", title="Verordening vouchers Elders 2026",
    max_voucher_value=Decimal("2500"), consultation_threshold=Decimal("7500"),
    max_cost_reservation_percent=5, cash_limit_per_redemption=Decimal("250"),
    decision_term_weeks=6, completion_term_days=21, last_issue_date=dt.date(2027, 6, 30),
    last_completion_date=dt.date(2028, 6, 30), terms_extend_over_holidays=True)


@pytest.fixture
def elders(register):
    register.add_ordinance("elders-2026.toml", 2026, text=ELDERS)
    for name in ("Joke van der Meer", "Marieke Bakker"):
        register.add_member(name, "chair")
    return register


def _members(register):
    return tuple(m.id for m in register.members())


def test_every_number_differs_from_the_model():
    own, model = rules.load_ordinance(Path("elders.toml"), ELDERS), rules.model_ordinance()
    for field in ("max_voucher_value", "consultation_threshold", "max_cost_reservation_percent",
                  "cash_limit_per_redemption", "decision_term_weeks", "completion_term_days",
                  "last_issue_date", "last_completion_date", "terms_extend_over_holidays"):
        assert getattr(own, field) != getattr(model, field), field


def test_route_deadlines_and_vouchers_follow_the_own_ordinance(elders, tmp_path):
    w = elders.wijk_by_name("Poelenburg").id
    # EUR 8,000: the steering group's own under the model, a consultation's under Elders.
    big = elders.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 2, 10, 0), cost_estimate=Decimal("8000")))
    # Received Monday 16 March: six weeks later is King's Day, and the terms run on past it.
    king = elders.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 16, 10, 0), cost_estimate=Decimal("6000")))
    export(elders, "json", tmp_path / "r.json")
    rows = {a["sequence"]: a for a in json.loads((tmp_path / "r.json").read_text())["applications"]}
    assert rows[big.sequence]["route"] == "consultation"
    assert rows[big.sequence]["decision_deadline"] == "2026-04-13"
    assert rows[king.sequence]["decision_deadline"] == "2026-04-28"
    with pytest.raises(UserError, match="7.500,00"):
        elders.decide(big.id, Decision(Kind.GRANTED, dt.date(2026, 3, 20), _members(elders)))
    granted = elders.decide(king.id, Decision(Kind.GRANTED, dt.date(2026, 3, 20), _members(elders)))
    from regiegroep.vouchers.issuing import proposal

    assert proposal(elders, king.id) == (Decimal("2500.00"), Decimal("2500.00"), Decimal("1000.00"))
    assert granted.ordinance_id == "elders-2026"
    letter = text_of(write_letter(elders, king.sequence, tmp_path / "granted.pdf"))
    assert "€ 2.500,00" in letter and "€ 250,00" in letter
    assert "€ 5.000,00" not in letter and "€ 500,00" not in letter


def test_the_term_to_complete_is_the_own_ordinances(elders, tmp_path):
    w = elders.wijk_by_name("Poelenburg").id
    app = elders.register_application(complete_application(w, signed=False))
    request = elders.request_completion(app.id, dt.date(2026, 3, 3))
    assert request.term_days == 21
    letter = text_of(write_letter(elders, app.sequence, tmp_path / "request.pdf"))
    assert "21 dagen" in letter or "24 maart 2026" in letter


def test_the_reservation_cap_is_the_own_ordinances(elders):
    kogerveld = elders.wijk_by_name("Kogerveld").id
    with pytest.raises(UserError, match=r"5%.*Art\. 2\.3|5%.*art\. 2\.3") as refused:
        elders.set_budget(kogerveld, 2026, Decimal("100000"), Decimal("9000"))
    assert "Elders 2026" in str(refused.value) and "5.000,00" in str(refused.value)
    budget = elders.set_budget(kogerveld, 2026, Decimal("100000"), Decimal("5000"))
    assert budget.ceiling == Decimal("95000.00")
    # A neighbourhood's first budget of the year follows the ordinance of that year.
    new = elders.add_wijk("Rosmolenwijk")
    with pytest.raises(UserError, match="5%"):
        elders.set_budget(new.id, 2026, Decimal("100000"), Decimal("9000"))
    assert elders.set_budget(new.id, 2026, Decimal("100000")).ordinance_id == "elders-2026"


def test_the_screens_and_the_manual_say_the_own_figures(elders, qtbot):
    from ui import app as app_module
    from ui.application_form import ApplicationForm
    from ui.check_wizard import CheckWizard

    from regiegroep.deciding.check import CheckFlow

    app_module.make_application()
    w = elders.wijk_by_name("Poelenburg").id
    app = elders.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 2, 10, 0), cost_estimate=Decimal("8000")))
    wizard = CheckWizard(CheckFlow(elders, app.id))
    qtbot.addWidget(wizard)
    shown = " ".join(label.text() for label in wizard.findChildren(QLabel)).replace("\xa0", " ")
    assert "€ 7.500,00" in shown and "6 weken" in shown
    assert "€ 10.000,00" not in shown and "4 weken" not in shown
    form = ApplicationForm(elders.wijken(), elders.application(app.id),
                           ordinance_for=elders.ordinance_for)
    qtbot.addWidget(form)
    note = form.costs_note.text().replace("\xa0", " ")
    assert "€ 2.500,00" in note and "€ 7.500,00" in note and "5.000" not in note
    everything = "\n".join(p.text for p in manual.pages(elders.year_ordinance(2026), "nl"))
    for figure in ("€\u00a02.500,00", "€\u00a07.500,00", "6 weken", "21 dagen", "30 juni 2027"):
        assert figure in everything


def test_a_grant_after_the_last_issuing_date_is_refused(model_register):
    register = model_register
    register.add_member("Joke van der Meer", "chair")
    w = register.wijk_by_name("Poelenburg").id
    app = register.register_application(complete_application(w))
    with pytest.raises(UserError, match="30 juni 2009") as refused:
        register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 20), _members(register)))
    assert "ordinance add" in str(refused.value) and "art. 5.7" in str(refused.value).lower()
    # A refusal is not an issue of vouchers: it may still be decided.
    register.decide(app.id, Decision(Kind.REFUSED, dt.date(2026, 3, 20), _members(register),
                                     refusal_grounds={"e": "Het budget is op."}))


def test_the_last_issuing_date_is_checked_without_the_register():
    own = rules.load_ordinance(Path("elders.toml"), ELDERS)
    app = complete_application(1, received_at=dt.datetime(2027, 6, 1, 10, 0), id=1, sequence=1)
    decision = Decision(Kind.GRANTED, dt.date(2027, 7, 1), (1,))
    with pytest.raises(UserError, match="30 juni 2027"):
        check(decision, app, own, member_names={1: "Joke"}, ceiling_left=None, previous=None,
              today=dt.date(2027, 7, 2))
    on_time = dataclasses_replace(decision, decided_on=dt.date(2027, 6, 30))
    assert check(on_time, app, own, member_names={1: "Joke"}, ceiling_left=None, previous=None,
                 today=dt.date(2027, 7, 2)).amount_granted == Decimal("1850.00")


def dataclasses_replace(decision, **changes):
    import dataclasses

    return dataclasses.replace(decision, **changes)


def test_the_set_up_keeps_the_municipalitys_own_dates(tmp_path):
    with Register.open(tmp_path / "r.sqlite") as register:
        register.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal("100000"))
        own = register.ordinance_for(register.wijken()[0].id, 2026)
        assert own.id == "zaanstad-2026" and own.last_issue_date == dt.date(2026, 12, 31)
        assert own.last_completion_date == dt.date(2027, 12, 31)
        assert own.max_voucher_value == rules.model_ordinance().max_voucher_value
    with Register.open(tmp_path / "s.sqlite") as register:
        register.set_up(Municipality("Den Haag"), "Transvaal", 2027, Decimal("100000"),
                        last_issue_date=dt.date(2027, 11, 30),
                        last_completion_date=dt.date(2028, 6, 30),
                        terms_extend_over_holidays=True)
        own = register.year_ordinance(2027)
        assert (own.id, own.last_issue_date, own.terms_extend_over_holidays) == (
            "den-haag-2027", dt.date(2027, 11, 30), True)


def test_the_set_up_dialog_asks_for_the_dates(qtbot):
    from ui import app as app_module
    from ui.setup_dialog import SetupDialog

    app_module.make_application()
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.municipality.setText("Zaanstad")
    dialog.wijk.setText("Poelenburg")
    dialog.amount.setText("100.000")
    dialog.year.setValue(2027)
    assert dialog.last_issue.date().toPython() == dt.date(2027, 12, 31)
    assert dialog.last_completion.date().toPython() == dt.date(2028, 12, 31)
    values = dialog.values()
    assert values["last_issue_date"] == dt.date(2027, 12, 31)
    assert values["terms_extend_over_holidays"] is False
    # Typed as a whole, the day typed is the day kept; text that is no date is refused.
    dialog.last_issue.clear()
    qtbot.keyClicks(dialog.last_issue, "30-11-2027")
    assert dialog.values()["last_issue_date"] == dt.date(2027, 11, 30)
    dialog.last_completion.setText("31-13-2028")
    with pytest.raises(UserError, match="Initiatives carried out by|Initiatieven uitgevoerd"):
        dialog.values()


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "regiegroep", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def test_ordinance_add_sets_the_dates_in_one_command(model_register, tmp_path):
    path = model_register.path
    model_register.close()
    done = _cli("ordinance", "add", "--db", str(path), "--year", "2026",
                "--last-issue-date", "2026-12-31", "--last-completion-date", "2027-12-31")
    assert done.returncode == 0, done.stderr
    assert "zaanstad-2026" in done.stdout
    with Register.open(path) as register:
        own = register.year_ordinance(2026)
        assert (own.last_issue_date, own.last_completion_date) == (
            dt.date(2026, 12, 31), dt.date(2027, 12, 31))
        assert {b.ordinance_id for b in register.budgets()} == {"zaanstad-2026"}
    # Other dates again: a new id, not a refusal; a file of the municipality's own too.
    done = _cli("ordinance", "add", "--db", str(path), "--year", "2026",
                "--last-issue-date", "2027-03-31")
    assert done.returncode == 0 and "zaanstad-2026-2" in done.stdout, done.stderr
    own_file = tmp_path / "elders.toml"
    own_file.write_text(ELDERS, encoding="utf-8")
    done = _cli("ordinance", "add", "--db", str(path), str(own_file), "--year", "2026",
                "--id", "elders-2026-later", "--last-issue-date", "2027-12-31")
    assert done.returncode == 0, done.stderr
    with Register.open(path) as register:
        own = register.year_ordinance(2026)
        assert (own.id, own.max_voucher_value, own.last_issue_date) == (
            "elders-2026-later", Decimal("2500.00"), dt.date(2027, 12, 31))
    refused = _cli("ordinance", "add", "--db", str(path), "--last-issue-date", "2027-12-31")
    assert refused.returncode == 1 and "--year" in refused.stderr


def test_the_contact_person_rule_is_the_cores(register, qtbot):
    from ui import app as app_module
    from regiegroep.model import may_name_contact_person
    from ui.application_form import ApplicationForm

    assert needs_contact_person(ApplicantKind.GROUP)
    assert not needs_contact_person(ApplicantKind.RESIDENT)
    assert not needs_contact_person(ApplicantKind.LEGAL_ENTITY)
    app_module.make_application()
    form = ApplicationForm(register.wijken())
    qtbot.addWidget(form)
    # A legal entity holds the vouchers itself, but may name whom the letters are for
    # ("t.a.v.", issue 21); one resident has no contact person.
    assert may_name_contact_person(ApplicantKind.LEGAL_ENTITY)
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.LEGAL_ENTITY.value))
    assert form.contact_person.isEnabled()
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.RESIDENT.value))
    assert not form.contact_person.isEnabled()
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.GROUP.value))
    assert form.contact_person.isEnabled()


def test_the_cost_lines_are_added_up_by_the_core():
    app = complete_application(1, cost_estimate=Decimal("1850.00"),
                               cost_lines=[CostLine("Tent", Decimal("1000")),
                                           CostLine("Eten", Decimal("800"))])
    assert cost_lines_note(app).replace("\xa0", " ") == (
        "De posten tellen op tot € 1.800,00, de raming zegt € 1.850,00.")
    app.cost_lines.append(CostLine("Muziek", Decimal("50")))
    assert cost_lines_note(app) == ""


def test_the_cash_limit_is_the_own_ordinances_in_the_core_and_the_redeem_dialog(elders, qtbot):
    """Issue 9's first bug: a municipality's cash limit of EUR 250 let EUR 400 in cash through,
    and the redeem dialog said EUR 500."""
    from regiegroep.vouchers.payments import Payment, Way
    from ui.redeem_dialog import RedeemDialog

    w = elders.wijk_by_name("Poelenburg").id
    app = elders.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 2, 10, 0), cost_estimate=Decimal("1850")))
    elders.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), _members(elders)))
    elders.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    serial = elders.vouchers(app.id)[0].serial
    with pytest.raises(UserError, match="250,00"):
        elders.redeem(app.id, Payment(serial, dt.date(2026, 4, 2), Way.CASH, Decimal("400")))
    paid = elders.redeem(app.id, Payment(serial, dt.date(2026, 4, 2), Way.CASH, Decimal("250")))
    assert paid.amount == Decimal("250.00")
    dialog = RedeemDialog(elders, elders.application(app.id), elders.vouchers(app.id))
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "€ 250,00" in shown.replace("\xa0", " ") and "500,00" not in shown


def test_the_set_up_asks_whether_the_group_caps_cash_per_voucher_per_day(qtbot, tmp_path):
    """Issue 11, 3: the ordinance caps each cash payment; the set-up asks whether the group
    also caps the cash per voucher per day, and the register keeps it."""
    from ui import app as app_module
    from ui.setup_dialog import SetupDialog

    app_module.make_application()
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.municipality.setText("Zaanstad")
    dialog.wijk.setText("Poelenburg")
    dialog.amount.setText("100.000")
    assert dialog.values()["cash_cap"] is None  # empty: no cap of the group's own
    dialog.cash_cap.setText("750")
    values = dialog.values()
    assert values["cash_cap"] == Decimal("750.00")
    with Register.open(tmp_path / "own.sqlite") as reg:
        reg.set_up(**values)
        assert reg.cash_cap() == Decimal("750.00")
