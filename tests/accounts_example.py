"""A small register whose year figures are worked out by hand in tests/test_accounts.py.

Poelenburg 2026 (budget 300,000, reservation 15,000, ceiling 285,000; model ordinance: four
weeks to decide, consultation above 10,000):

    seq  received  asks    what became of it
    1    2 Mar     1850    granted 10 Mar, one voucher of 1850; paid 1000 to a supplier
                           (15 Apr), 300 cash (20 May); the 550 left expired (Art. 5.7)
    2    3 Mar     500     deleted: not counted
    3    5 Mar     6400    partly granted, 4900, on 20 Mar: vouchers of 2900 and 2000; the
                           2900 handed back unused (voided, no replacement: returned); the
                           2000 lost and replaced (1 Jun) by a new one of 2000, still open
    4    6 Mar     3000    refused on grounds a and c on 30 Apr: 27 days after its deadline
    5    1 Apr     12000   referred to a consultation on 10 Apr
    6    2 Apr     700     incomplete; asked to complete 3 Apr (14 days), left undealt 20 Apr
    7    4 May     2500    waiting (deadline 1 Jun)
    8    1 May     800     waiting (deadline 29 May), registered after number 7

Kogerveld 2026 (budget 120,000, ceiling 120,000): number 9, received 3 Mar, 2000, granted
15 Mar, no vouchers issued yet. Poelenburg 2025: number 10, waiting, no budget: another year.

The vouchers: 3 issued (the replacement not counted) worth 6750 = redeemed 1300 + still
open 2000 + expired 550 + returned 2900. Every voucher is valid until 30 Jun 2027; the
expiry is run (as on 1 Jul 2027) before number 3's vouchers are issued, so that only number
1's voucher expires.
"""

import datetime as dt
from decimal import Decimal

from regiegroep.deciding.decision import Decision, Kind
from regiegroep.model import Applicant, Theme
from regiegroep.vouchers.payments import Payment, Way

from .conftest import complete_application
from .vouchers_example import adopt_2026

D = dt.date
TODAY = D(2026, 7, 1)


def fill(register) -> dict[str, int]:
    """Fill the conftest ``register`` as the table above says; returns ids by name."""
    adopt_2026(register, id="model-2008-dates-2026")
    member = register.add_member("Joke van der Meer", "chair").id
    poel = register.wijk_by_name("Poelenburg").id
    koger = register.wijk_by_name("Kogerveld").id

    def app(wijk, received, cost, **changes):
        return register.register_application(complete_application(
            wijk, received_at=dt.datetime(*received, 19, 30), cost_estimate=Decimal(cost),
            **changes)).id

    def decide(app_id, kind, on, **fields):
        register.decide(app_id, Decision(kind=kind, decided_on=on, members=(member,), **fields))

    ids = {}
    ids["party"] = app(poel, (2026, 3, 2), "1850", theme=Theme.HOUSING)
    ids["deleted"] = app(poel, (2026, 3, 3), "500")
    ids["partial"] = app(poel, (2026, 3, 5), "6400", theme=Theme.LEARNING,
                         title="Huiswerkklas", vouchers_requested=2)
    ids["refused"] = app(poel, (2026, 3, 6), "3000", theme=Theme.SAFETY, title="Eigen schutting")
    ids["referred"] = app(poel, (2026, 4, 1), "12000", theme=Theme.HOUSING, title="Speeltuin",
                          vouchers_requested=3)
    ids["undealt"] = app(poel, (2026, 4, 2), "700", applicant=Applicant(
        name="Kees Jansen", address="Pelikaanweg 3", postcode="1504 AC", phone=""))
    ids["waiting_late"] = app(poel, (2026, 5, 4), "2500", theme=Theme.WORK, title="Repaircafé")
    ids["waiting_first"] = app(poel, (2026, 5, 1), "800", theme=Theme.INTEGRATION,
                               title="Taalcafé")
    ids["kogerveld"] = app(koger, (2026, 3, 3), "2000", title="Buurtmoestuin")
    ids["last_year"] = app(poel, (2025, 6, 1), "900")

    register.delete_application(ids["deleted"], "dubbel ingevoerd")
    decide(ids["party"], Kind.GRANTED, D(2026, 3, 10))
    register.issue_vouchers(ids["party"], issued_on=D(2026, 3, 10))
    register.redeem(ids["party"], Payment(1, D(2026, 4, 15), Way.SUPPLIER, Decimal("1000"),
                                          payee="Bouwmarkt Zaandam"))
    register.redeem(ids["party"], Payment(1, D(2026, 5, 20), Way.CASH, Decimal("300")))
    register.expire_vouchers(D(2027, 7, 1))
    decide(ids["partial"], Kind.PARTIALLY_GRANTED, D(2026, 3, 20),
           amount_granted=Decimal("4900"), reasons="De laptop valt buiten de regeling.",
           refusal_grounds={"c": "De laptop is vooral voor de aanvrager zelf."})
    handed_back, lost = register.issue_vouchers(ids["partial"], [Decimal("2900"), Decimal("2000")],
                                                issued_on=D(2026, 3, 20))
    register.void_voucher(handed_back.serial, "Teruggegeven: de cursus gaat niet door",
                          replace=False, today=D(2026, 4, 2))
    register.void_voucher(lost.serial, "Verloren door de houder", today=D(2026, 6, 1))
    decide(ids["refused"], Kind.REFUSED, D(2026, 4, 30),
           refusal_grounds={"a": "Niet haalbaar.", "c": "Vooral eigen belang."})
    decide(ids["referred"], Kind.REFERRED, D(2026, 4, 10))
    register.request_completion(ids["undealt"], D(2026, 4, 3), 14)
    decide(ids["undealt"], Kind.LEFT_UNDEALT, D(2026, 4, 20))
    decide(ids["kogerveld"], Kind.GRANTED, D(2026, 3, 15))
    return ids
