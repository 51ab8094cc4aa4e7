"""Vouchers redeemed (Art. 9): by the cash manager, or a member acting for them; cash at most
EUR 500 at a time; never beyond a voucher's value; on record for good."""

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.vouchers.payments import Payment, Way

from .conftest import complete_application
from .vouchers_example import adopt_2026

DAY = dt.date(2026, 4, 1)


@pytest.fixture
def granted(register):
    """An application granted EUR 7,500: vouchers of 5,000 and 2,500; people with PINs."""
    pins = {}
    adopt_2026(register)
    for name, role, pin in (("Joke van der Meer", "chair", "1111"), ("Hasan Yıldız", "member", "2222"),
                            ("Gerda Visser", "member", "3333"), ("Priya Ramdin", "cash_manager", "8888"),
                            ("Kiosk buurthuis", "kiosk", "0000")):
        person = register.add_member(name, role)
        register.set_pin(person.id, pin)
        pins[name] = pin
    app = register.register_application(complete_application(
        register.wijken()[0].id, cost_estimate=Decimal("7500.00"), vouchers_requested=2))
    members = tuple(m.id for m in register.members())
    decision = register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                                amount_granted=Decimal("7500.00")))
    from regiegroep.vouchers.issuing import proposal

    assert proposal(register, app.id) == (Decimal("5000.00"), Decimal("2500.00"))
    register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    return register, app, pins


def test_the_cash_manager_pays_a_supplier_and_cash_up_to_500(granted):
    register, app, pins = granted
    register.sign_in("Priya Ramdin", pins["Priya Ramdin"])
    register.redeem(app.id, Payment(1, DAY, Way.SUPPLIER, Decimal("4200.00"), payee="Bouwmarkt Zaandam"))
    register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("500.00")))
    with pytest.raises(UserError, match="500,00"):
        register.redeem(app.id, Payment(2, DAY, Way.CASH, Decimal("500.01")))
    with pytest.raises(UserError, match="300,00 over"):  # 5,000 - 4,200 - 500 left on voucher 1
        register.redeem(app.id, Payment(1, DAY, Way.SUPPLIER, Decimal("300.01"), payee="Gamma"))
    with pytest.raises(UserError, match="geen voucher 3"):
        register.redeem(app.id, Payment(3, DAY, Way.SUPPLIER, Decimal("10.00"), payee="Gamma"))
    with pytest.raises(UserError, match="leverancier"):
        register.redeem(app.id, Payment(2, DAY, Way.SUPPLIER, Decimal("10.00")))
    payments = register.payments(app.id)
    assert [(p.voucher, p.amount, p.paid_by, p.on_behalf_of) for p in payments] == [
        (1, Decimal("4200.00"), "Priya Ramdin", None), (1, Decimal("500.00"), "Priya Ramdin", None)]
    # The cash manager may not read the trail (access.READS); the file's holder may.
    events = [e for e in register.trail(app.id) if e.action == "voucher_redeemed"]
    assert len(events) == 2 and events[0].actor == "Priya Ramdin"
    assert "Bouwmarkt" not in str(events[0].details)  # who was paid stays out of the trail


def test_a_member_may_redeem_for_the_cash_manager_and_the_record_says_so(granted):
    register, app, pins = granted
    register.sign_in("Hasan Yıldız", pins["Hasan Yıldız"])
    paid = register.redeem(app.id, Payment(2, DAY, Way.SUPPLIER, Decimal("2500.00"), payee="Gamma"))
    assert (paid.paid_by, paid.on_behalf_of) == ("Hasan Yıldız", "Priya Ramdin")
    assert register.events(app.id)[-1].details["on_behalf_of"] == "Priya Ramdin"


def test_the_kiosk_and_nobody_cannot_redeem(granted):
    register, app, pins = granted
    register.sign_in("Kiosk buurthuis", pins["Kiosk buurthuis"])
    with pytest.raises(UserError, match="mag dit hier niet"):
        register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("50.00")))
    register.sign_out()
    # Nobody signed in is told to sign in (not "Nobody may not do this": a double negative).
    with pytest.raises(UserError, match="Er is niemand aangemeld: meld u eerst aan"):
        register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("50.00")))
    assert register.conn.execute("SELECT count(*) FROM payment").fetchone()[0] == 0


def test_only_a_grant_has_vouchers_and_payments_stay_on_record(register):
    adopt_2026(register)
    app = register.register_application(complete_application(register.wijken()[0].id))
    with pytest.raises(UserError, match="geen vouchers"):
        register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("50.00")))
    members = tuple(register.add_member(n).id for n in ("A. Lid", "B. Lid", "C. Lid"))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                     amount_granted=app.cost_estimate))
    register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("50.00")))
    with pytest.raises(sqlite3.DatabaseError, match="never changed"):
        register.conn.execute("UPDATE payment SET amount_cents = 1")
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        register.conn.execute("DELETE FROM payment")


def test_payments_in_one_batch_count_together_and_go_in_whole_or_not_at_all(granted):
    register, app, pins = granted
    register.sign_in("Priya Ramdin", pins["Priya Ramdin"])
    first = Payment(2, DAY, Way.SUPPLIER, Decimal("2000.00"), payee="Gamma")
    second = Payment(2, DAY, Way.SUPPLIER, Decimal("500.01"), payee="Gamma")
    with pytest.raises(UserError, match="500,00 over"):  # 2,500 - 2,000 left for the second
        register.redeem_many([(app.id, first), (app.id, second)])
    assert register.payments(app.id) == []
    rest = Payment(2, DAY, Way.SUPPLIER, Decimal("500.00"), payee="Gamma")
    done = register.redeem_many([(app.id, first), (app.id, rest)])
    assert [p.id for p in done] == [p.id for p in register.payments(app.id)]
    assert sum(p.amount for p in register.payments(app.id)) == Decimal("2500.00")


def test_each_voucher_says_what_was_paid_from_it_and_what_is_left(granted):
    register, app, pins = granted
    register.sign_in("Priya Ramdin", pins["Priya Ramdin"])
    register.redeem(app.id, Payment(1, DAY, Way.SUPPLIER, Decimal("1200.00"), payee="Gamma"))
    register.redeem(app.id, Payment(1, DAY, Way.CASH, Decimal("300.00")))
    first, second = register.vouchers(app.id)
    assert (first.number, first.value, len(first.payments), first.left) == (
        1, Decimal("5000.00"), 2, Decimal("3500.00"))
    assert (second.value, second.payments, second.left) == (Decimal("2500.00"), (), Decimal("2500.00"))
    register.sign_in("Hasan Yıldız", pins["Hasan Yıldız"])
    undecided = register.register_application(complete_application(register.wijken()[0].id))
    assert register.vouchers(undecided.id) == []
