"""Corrections of decisions and the money rules around them (Art. 5, 6e, 9): a payment made
stays on record, a correction never gives less than was paid, gives its reason and names
what it corrects; the ceiling holds on restore and between two processes; cents only."""

import datetime as dt
import json
import subprocess
import sys
import textwrap
import time
from decimal import Decimal

import pytest

from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.exchange.export import export
from regiegroep.vouchers.payments import Payment, Way

from .conftest import complete_application

D = dt.date


@pytest.fixture
def group(register):
    register.add_member("Joke van der Meer", "chair")
    register.add_member("Marieke Bakker", "secretary")
    return [m.id for m in register.members()]


def app_for(register, wijk="Poelenburg", **changes):
    return register.register_application(
        complete_application(register.wijk_by_name(wijk).id, **changes))


def decision(kind, members, **fields):
    return Decision(kind=kind, decided_on=D(2026, 3, 10), members=tuple(members), **fields)


@pytest.fixture
def paid_party(register, group):
    """A granted street party whose voucher was paid in full to the caterer."""
    app = app_for(register)
    made = register.decide(app.id, decision(Kind.GRANTED, group, start_within_days=60))
    register.issue_vouchers(app.id, issued_on=D(2026, 3, 12))
    register.redeem(app.id, Payment(1, D(2026, 4, 2), Way.SUPPLIER, Decimal("1850.00"),
                                    payee="Catering De Zaan"))
    return app, made


def test_a_correction_that_gives_less_than_was_paid_is_refused(register, group, paid_party):
    app, made = paid_party
    with pytest.raises(UserError) as refused:
        register.decide(app.id, decision(Kind.REFUSED, group, corrects=made.id,
                                         reasons="Het feest ging niet door.",
                                         refusal_grounds={"a": "Niet haalbaar."}))
    message = str(refused.value)
    assert "1.850,00" in message and "Awb 4:49" in message and "gemeente" in message
    assert register.latest_decision(app.id).id == made.id  # nothing was recorded


def test_payments_stay_on_record_after_a_correction(register, group, tmp_path):
    app = app_for(register, cost_estimate=Decimal("6400"), vouchers_requested=2)
    made = register.decide(app.id, decision(Kind.GRANTED, group))
    register.issue_vouchers(app.id, issued_on=D(2026, 3, 12))
    register.redeem(app.id, Payment(1, D(2026, 4, 2), Way.SUPPLIER, Decimal("2430.00"),
                                    payee="Catering De Zaan"))
    register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group, corrects=made.id,
                                     amount_granted=Decimal("4000"),
                                     reasons="Het podium is niet nodig.",
                                     refusal_grounds={"a": "Het podium past niet in de planning."}))
    assert [p.amount for p in register.payments(app.id)] == [Decimal("2430.00")]
    export(register, "json", tmp_path / "r.json")
    record, = json.loads((tmp_path / "r.json").read_text())["applications"]
    assert record["amount_paid"] == "2430.00"


def test_every_correction_gives_its_reason(register, group):
    app = app_for(register)
    made = register.decide(app.id, decision(Kind.GRANTED, group))
    with pytest.raises(UserError, match="10 maart 2026"):
        register.decide(app.id, decision(Kind.REFUSED, group, corrects=made.id,
                                         refusal_grounds={"a": "Niet haalbaar."}))


def test_amounts_with_more_than_cents_and_grants_of_nothing_are_refused(register, group):
    app = app_for(register, cost_estimate=Decimal("6400"), vouchers_requested=2)
    for amount in ("99.999", "0.004"):
        with pytest.raises(UserError, match="twee decimalen"):
            register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group,
                                             amount_granted=Decimal(amount), reasons="Deels.",
                                             refusal_grounds={"a": "Deels niet haalbaar."}))
    nothing = app_for(register, cost_estimate=Decimal("0"))
    with pytest.raises(UserError, match="Niets|nothing"):
        register.decide(nothing.id, decision(Kind.GRANTED, group))
    assert register.decisions(app.id) == [] and register.decisions(nothing.id) == []


def test_restoring_a_grant_never_passes_the_ceiling(register, group):
    w = register.wijk_by_name("Poelenburg").id
    register.set_budget(w, 2026, Decimal("3700"), Decimal(0))
    first, second = app_for(register), app_for(register)
    register.decide(first.id, decision(Kind.GRANTED, group))
    register.decide(second.id, decision(Kind.GRANTED, group))
    register.delete_application(first.id, "Dubbel ingevoerd")
    third = app_for(register)
    register.decide(third.id, decision(Kind.GRANTED, group))
    with pytest.raises(UserError, match="plafond"):
        register.restore_application(first.id)
    assert register.is_deleted(first.id)
    assert register.ceiling_left(w, 2026) == Decimal("0.00")


OTHER_PROGRAM = textwrap.dedent("""
    import datetime as dt, pathlib, sys, time
    from regiegroep.deciding.decision import Decision, Kind
    from regiegroep.register import Register
    path, app_id, ready = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3])
    with Register.open(path) as reg:
        members = tuple(m.id for m in reg.members())
        with reg.write():  # holds the lock while the test's own decision is asked for
            ready.write_text("ready")
            time.sleep(1.5)
            reg.decide(app_id, Decision(kind=Kind.GRANTED, decided_on=dt.date(2026, 3, 10),
                                        members=members))
""")


def test_of_two_processes_deciding_at_once_the_second_is_refused_with_a_message(
        register, group, tmp_path):
    w = register.wijk_by_name("Poelenburg").id
    register.set_budget(w, 2026, Decimal("3000"), Decimal(0))
    first, second = app_for(register), app_for(register)
    ready = tmp_path / "ready"
    other = subprocess.Popen([sys.executable, "-c", OTHER_PROGRAM, str(register.path),
                              str(first.id), str(ready)])
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert time.monotonic() < deadline and other.poll() is None
            time.sleep(0.02)
        with pytest.raises(UserError, match="plafond"):
            register.decide(second.id, decision(Kind.GRANTED, group))
    finally:
        assert other.wait(timeout=30) == 0
    assert [d.kind for d in register.decisions(first.id)] == [Kind.GRANTED]
    assert register.decisions(second.id) == []


def test_the_detail_view_keeps_payments_made_under_an_earlier_decision(register, group):
    from ui.detail import detail_html

    app = app_for(register, cost_estimate=Decimal("6400"), vouchers_requested=2)
    made = register.decide(app.id, decision(Kind.GRANTED, group))
    register.issue_vouchers(app.id, issued_on=D(2026, 3, 12))
    register.redeem(app.id, Payment(1, D(2026, 4, 2), Way.SUPPLIER, Decimal("2430.00"),
                                    payee="Catering De Zaan"))
    register.decide(app.id, decision(Kind.PARTIALLY_GRANTED, group, corrects=made.id,
                                     amount_granted=Decimal("4000"),
                                     reasons="Het podium is niet nodig.",
                                     refusal_grounds={"a": "Het podium past niet in de planning."}))
    shown = detail_html(register.application(app.id), [], register.events(app.id),
                        vouchers=register.vouchers(app.id), payments=register.payments(app.id))
    assert "Catering De Zaan" in shown and "2.430,00" in shown
    assert "eerder besluit" in shown


def test_the_town_goes_in_and_out_with_import_and_export(register, tmp_path):
    from regiegroep.exchange.importer import import_csv

    sheet = tmp_path / "aanvragen.csv"
    sheet.write_text("ontvangen_op;wijk;naam_aanvrager;adres;postcode;woonplaats;titel\n"
                     "5-3-2026;Poelenburg;Kees de Vries;Zwanenstraat 3;1504 XY;Zaandam;Bakken\n",
                     encoding="utf-8")
    assert import_csv(register, sheet).problems == []
    app, = register.applications()
    assert app.applicant.town == "Zaandam"
    app.applicant.town = "Koog aan de Zaan"
    register.update_application(app)
    export(register, "csv", tmp_path / "r.csv")
    header, row = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert "town" in header.split(",") and "Koog aan de Zaan" in row
