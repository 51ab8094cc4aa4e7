"""The figures of a budget year (Art. 2, 5, 6, 9), worked out by hand on a small register
(tests/accounts_example.py says what is in it)."""

import datetime as dt
from decimal import Decimal

from regiegroep.reports.accounts import accounts
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.model import Theme
from regiegroep.rules import CONSULTATION, STEERING_GROUP

from .accounts_example import TODAY, fill

D = dt.date
E = Decimal


def test_one_neighbourhoods_year_by_hand(register):
    fill(register)
    poel = register.wijk_by_name("Poelenburg")
    a = accounts(register, 2026, poel.id, today=TODAY)
    assert a.wijk == "Poelenburg" and a.wijken == ("Poelenburg",)
    assert (a.amount, a.cost_reservation, a.cost_reservation_cap, a.ceiling) == (
        E(300000), E(15000), E(30000), E(285000))
    # Seven applications: the deleted one and last year's are not counted.
    assert a.applied_count == 7
    assert a.applied_sum == E("1850") + E("6400") + E("3000") + E("12000") + E("700") + E("800") + E("2500")
    assert a.by_theme() == {Theme.HOUSING: 2, Theme.LEARNING: 1, Theme.SAFETY: 1, None: 1,
                            Theme.INTEGRATION: 1, Theme.WORK: 1}
    assert a.by_route() == {STEERING_GROUP: 6, CONSULTATION: 1}
    assert (a.referred_count, a.referred_sum) == (1, E(12000))
    assert (a.granted_count, a.granted_in_full_sum) == (1, E(1850))
    assert (a.partially_granted_count, a.partially_granted_sum) == (1, E(4900))
    assert a.granted_sum == E(6750)
    assert a.refused_count == 1
    assert a.refused_by_ground() == {"a": 1, "b": 0, "c": 1, "d": 0, "e": 0}
    assert a.left_undealt_count == 1
    # Waiting, in order of receipt, with what they ask.
    assert [(r.sequence, r.title, r.asked) for r in a.waiting()] == [
        (8, "Taalcafé", E(800)), (7, "Repaircafé", E(2500))]
    assert (a.waiting_count, a.waiting_sum) == (2, E(3300))
    # Timeliness: four weeks; the refusal came 27 days late; the request to complete
    # suspended number 6's term by 14 days; both waiting ones are past their deadline.
    assert (a.decided_count, a.decided_in_time, a.share_in_time) == (5, 4, E("0.8"))
    rows = {r.sequence: r for r in a.rows}
    assert rows[4].deadline == D(2026, 4, 3) and rows[4].days_late == 27
    assert rows[4].within_term is False and rows[1].within_term is True
    assert rows[6].deadline == D(2026, 5, 14) and rows[6].suspended_days == 14
    assert rows[6].deadline == register.decision_deadline(register.application(rows[6].id)).date
    assert a.overdue_count == 2
    # The longest delay is of a decision: the refusal, 27 days late (it was number 8's wait
    # of 33 days, beside a share of decisions in time that left it out); the wait is apart.
    assert (a.longest_delay.sequence, a.longest_delay.days_late) == (4, 27)
    assert (a.longest_wait.sequence, a.longest_wait.days_late) == (8, 33)  # 29 May to 1 Jul
    assert (a.completion_requests, a.completion_requested_count, a.suspended_days) == (1, 1, 14)
    # Vouchers and payments: 1850 in one voucher, 4900 in two (2900 and 2000); 1300 paid of
    # which 300 cash; the 550 left on the first expired; the 2900 was handed back; the lost
    # 2000 was replaced by a voucher of 2000 that is still open.
    assert (a.vouchers_issued_count, a.vouchers_issued) == (3, E(6750))
    assert (a.redeemed, a.cash_paid) == (E(1300), E(300))
    assert (a.expired, a.returned) == (E(550), E(2900))
    assert a.outstanding == E(2000)
    assert a.vouchers_issued == a.redeemed + a.outstanding + a.expired + a.returned
    assert (rows[1].vouchers, rows[1].issued, rows[1].paid, rows[1].expired) == (
        1, E(1850), E(1300), E(550))
    assert (rows[3].vouchers, rows[3].issued, rows[3].outstanding, rows[3].returned) == (
        2, E(4900), E(2000), E(2900))
    # The vouchers room counts the same money: what the vouchers stand for (the returned
    # part not), what was paid, still open and expired ("returned" to the budget there).
    held = register.voucher_totals()[(poel.id, 2026)]
    assert held == {"issued": a.vouchers_issued - a.returned, "redeemed": a.redeemed,
                    "outstanding": a.outstanding, "returned": a.expired}
    assert a.ceiling_left == E(285000) - E(6750) == register.ceiling_left(poel.id, 2026)
    assert rows[3].decision is Kind.PARTIALLY_GRANTED and rows[3].granted == E(4900)


def test_the_months_of_the_chart(register):
    fill(register)
    a = accounts(register, 2026, register.wijk_by_name("Poelenburg").id, today=TODAY)
    months = {(m.year, m.month): m for m in a.months}
    assert list(months)[0] == (2026, 1) and list(months)[-1] == (2026, 12)
    assert months[(2026, 3)].granted == E(6750) and months[(2026, 4)].granted == 0
    assert months[(2026, 4)].redeemed == E(1000) and months[(2026, 5)].redeemed == E(300)
    assert months[(2026, 12)].granted_so_far == E(6750)
    assert months[(2026, 12)].redeemed_so_far == E(1300)


def test_a_year_over_all_neighbourhoods_adds_them_up(register):
    fill(register)
    a = accounts(register, 2026, today=TODAY)
    assert a.wijk is None and a.wijken == ("Kogerveld", "Poelenburg")
    assert (a.amount, a.cost_reservation, a.ceiling) == (E(420000), E(15000), E(405000))
    assert a.cost_reservation_cap == E(42000)
    assert a.applied_count == 8
    assert (a.granted_count, a.granted_sum) == (2, E(8750))
    assert a.ceiling_left == E(405000) - E(8750)
    assert a.ceiling_left == sum(register.ceiling_left(w.id, 2026) for w in register.wijken())


def test_an_empty_year_has_no_share_and_no_delay(register):
    a = accounts(register, 2026, today=TODAY)
    assert a.applied_count == 0 and a.share_in_time is None and a.longest_delay is None
    assert a.ceiling_left == a.ceiling == E(405000)


def test_a_corrected_grant_returns_what_was_left_on_its_old_vouchers(register):
    """A correction voids what is left of the old vouchers (returned) and issues new ones for
    what it gives beyond what was paid: the figures still add up, and what the vouchers
    stand for in the end is the corrected grant."""
    from regiegroep.vouchers.payments import Payment, Way

    from .conftest import complete_application

    member = register.add_member("Joke van der Meer", "chair").id
    poel = register.wijk_by_name("Poelenburg")
    app = register.register_application(complete_application(
        poel.id, cost_estimate=E("6400"), vouchers_requested=2))
    made = register.decide(app.id, Decision(kind=Kind.GRANTED, decided_on=D(2026, 3, 10),
                                            members=(member,)))
    register.issue_vouchers(app.id, issued_on=D(2026, 3, 12))
    register.redeem(app.id, Payment(1, D(2026, 4, 2), Way.SUPPLIER, E("2430.00"),
                                    payee="Catering De Zaan"))
    register.decide(app.id, Decision(kind=Kind.PARTIALLY_GRANTED, decided_on=D(2026, 4, 20),
                                     members=(member,), corrects=made.id,
                                     amount_granted=E("4000"),
                                     reasons="Het podium is niet nodig.",
                                     refusal_grounds={"a": "Het podium past niet in de planning."}))
    a = accounts(register, 2026, poel.id, today=D(2026, 7, 1))
    # 6400 in the first vouchers, 4000 - 2430 = 1570 in the new one; 6400 - 2430 returned.
    assert (a.vouchers_issued, a.redeemed, a.outstanding, a.expired, a.returned) == (
        E(7970), E(2430), E(1570), E(0), E(3970))
    assert a.vouchers_issued == a.redeemed + a.outstanding + a.expired + a.returned
    assert a.vouchers_issued - a.returned == a.granted_sum == E(4000)
