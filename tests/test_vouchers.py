"""Vouchers on record (Art. 1a, 5, 9): issued exactly, redeemed to the last euro, voided and
replaced, expired, verified from the printed page, reconciled with the cash manager."""

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiegroep.vouchers import signing
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.vouchers.payments import Payment, Way
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from regiegroep.vouchers.serials import format_serial

from .conftest import complete_application
from .vouchers_example import adopt_2026

DAY = dt.date(2026, 4, 1)
E = Decimal


def _register(path=None) -> Register:
    register = Register.open(path)
    register.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
    wijk = register.add_wijk("Poelenburg")
    register.set_budget(wijk.id, 2026, E("10000000"))
    adopt_2026(register, consultation_threshold=E("50000.00"))
    return register


def _granted(register, amount: Decimal, issue=True):
    app = register.register_application(complete_application(
        register.wijken()[0].id, cost_estimate=amount, vouchers_requested=1))
    members = tuple(m.id for m in register.members()) or tuple(
        register.add_member(n).id for n in ("A. Lid", "B. Lid", "C. Lid"))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                     amount_granted=amount))
    if issue:
        register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    return app


@pytest.fixture
def mine():
    register = _register()
    yield register
    register.close()


def _identity(register):
    """granted = issued = redeemed + outstanding + returned, per budget."""
    granted = sum((d.amount_granted for d in register.latest_decisions().values()
                   if d.amount_granted), E(0))
    totals = list(register.voucher_totals().values())
    issued = sum((t["issued"] for t in totals), E(0))
    rest = sum((t["redeemed"] + t["outstanding"] + t["returned"] for t in totals), E(0))
    return granted, issued, rest


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cents=st.integers(min_value=1, max_value=3_000_000))
def test_any_grant_is_issued_exactly_and_no_voucher_exceeds_the_maximum(cents):
    with _register() as register:
        amount = E(cents) / 100
        app = _granted(register, amount)
        vouchers = register.issued_vouchers(app.id)
        assert sum(v.value for v in vouchers) == amount
        assert all(E(0) < v.value <= E("5000.00") for v in vouchers)
        assert len({v.serial for v in vouchers}) == len(vouchers)


def test_the_group_may_choose_smaller_values_that_add_up(mine):
    app = _granted(mine, E("7500.00"), issue=False)
    with pytest.raises(UserError, match="5.000,00"):
        mine.issue_vouchers(app.id, [E("5500"), E("2000")], dt.date(2026, 3, 11))
    with pytest.raises(UserError, match="7.500,00"):
        mine.issue_vouchers(app.id, [E("2500"), E("2500")], dt.date(2026, 3, 11))
    with pytest.raises(UserError, match="31 december 2026"):
        mine.issue_vouchers(app.id, None, dt.date(2027, 1, 2))
    made = mine.issue_vouchers(app.id, [E("2500")] * 3, dt.date(2026, 3, 11))
    assert [v.value for v in made] == [E("2500.00")] * 3
    assert {v.holder for v in made} == {"Fatma Yılmaz"}
    assert {v.valid_until for v in made} == {dt.date(2027, 6, 30)}
    with pytest.raises(UserError, match="al uitgegeven|issued already"):
        mine.issue_vouchers(app.id, None, dt.date(2026, 3, 12))
    assert mine.events(app.id)[-1].action == "vouchers_issued"


operations = st.lists(st.tuples(
    st.sampled_from(["supplier", "cash", "refuse", "void", "expire"]),
    st.integers(min_value=0, max_value=5), st.integers(min_value=1, max_value=700_000)),
    min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=operations)
def test_no_sequence_takes_a_voucher_below_zero_or_pays_what_it_may_not(steps):
    with _register() as register:
        app = _granted(register, E("12345.67"))
        refused_ok = 0
        for what, pick, cents in steps:
            vouchers = register.issued_vouchers(app.id)
            voucher = vouchers[pick % len(vouchers)]
            amount = E(cents) / 100
            try:
                if what in ("supplier", "cash"):
                    way = Way(what)
                    register.redeem(app.id, Payment(voucher.serial, DAY, way, amount,
                                                    payee="Gamma" if what == "supplier" else ""))
                    assert voucher.status.value == "issued" and amount <= voucher.left
                    assert way is Way.SUPPLIER or amount <= E("500.00")
                elif what == "refuse":
                    register.refuse_payment(voucher.serial, amount, "Niet voor het initiatief",
                                            refused_on=DAY)
                    refused_ok += 1
                elif what == "void":
                    register.void_voucher(voucher.serial, "verloren", today=DAY)
                else:
                    register.expire_vouchers(dt.date(2027, 7, 1))
            except UserError:
                pass
        for voucher in register.issued_vouchers(app.id):
            assert voucher.paid <= voucher.value and voucher.left >= 0
            paid = [p for p in register.payments(app.id) if p.serial == voucher.serial]
            assert all(p.amount <= E("500.00") for p in paid if p.way is Way.CASH)
        granted, issued, rest = _identity(register)
        assert granted == issued == rest
        assert sum(len(register.refusals(v.serial)) for v in
                   register.issued_vouchers(app.id)) == refused_ok


def test_a_lost_voucher_is_voided_and_replaced_and_its_serial_refused(mine):
    mine.sign_in  # the register in the file's holder's hands: no sign-in needed
    app = _granted(mine, E("1850.00"))
    (voucher,) = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("350.00")))
    new = mine.void_voucher(format_serial(voucher.serial).lower(), "Verloren in de bus",
                            today=DAY)
    assert new.value == E("1500.00") and new.serial != voucher.serial
    old = mine.voucher_by_serial(voucher.serial)
    assert (old.status.value, old.replaced_by, old.void_reason) == (
        "voided", new.serial, "Verloren in de bus")
    with pytest.raises(UserError, match="ongeldig gemaakt|voided"):
        mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("10.00")))
    verdict = mine.check_voucher(voucher.serial, DAY)
    assert not verdict.valid and verdict.reason == "voided"
    assert mine.check_voucher(new.serial, DAY).left == E("1500.00")
    assert _identity(mine)[1] == E("1850.00")


def test_cash_is_limited_by_the_ordinance_and_repeated_cash_is_warned_or_capped(mine):
    app = _granted(mine, E("4000.00"))
    (voucher,) = mine.issued_vouchers(app.id)
    with pytest.raises(UserError, match="500,00"):
        mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("500.01")))
    assert mine.cash_warning(voucher.serial, DAY) is None
    mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("400.00")))
    assert "400,00" in mine.cash_warning(voucher.serial, DAY)
    mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("100.00")))
    assert mine.events(app.id)[-1].details.get("repeated_cash") is True
    mine.set_cash_cap(E("600.00"))
    with pytest.raises(UserError, match="600,00"):
        mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("100.01")))
    with pytest.raises(UserError, match="IBAN"):
        mine.redeem(app.id, Payment(voucher.serial, DAY, Way.SUPPLIER, E("10"), payee="Gamma",
                                    iban="NL91ABNA0417164301"))
    paid = mine.redeem(app.id, Payment(voucher.serial, DAY, Way.SUPPLIER, E("10"), payee="Gamma",
                                       iban="nl91 abna 0417 1643 00", invoice="F-12"))
    assert (paid.iban, paid.invoice, paid.serial) == ("NL91ABNA0417164300", "F-12", voucher.serial)
    with pytest.raises(UserError, match="30 juni 2027|verlopen|expired"):
        mine.redeem(app.id, Payment(voucher.serial, dt.date(2027, 7, 1), Way.SUPPLIER, E("10"),
                                    payee="Gamma"))
    refusal = mine.refuse_payment(voucher.serial, E("80.00"), "Een eigen tuinset", refused_on=DAY)
    assert mine.refusals(voucher.serial) == [refusal]


def test_after_the_valid_until_date_what_is_left_returns_to_the_budget(mine):
    app = _granted(mine, E("1000.00"))
    (voucher,) = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(voucher.serial, DAY, Way.SUPPLIER, E("250"), payee="Gamma"))
    assert mine.due_to_expire(dt.date(2027, 6, 30)) == []
    (expired,) = mine.expire_vouchers(dt.date(2027, 7, 1))
    assert expired.serial == voucher.serial
    (totals,) = mine.voucher_totals().values()
    assert (totals["redeemed"], totals["returned"], totals["outstanding"]) == (
        E("250.00"), E("750.00"), E("0.00"))
    assert mine.check_voucher(voucher.serial, dt.date(2027, 7, 1)).reason == "expired"


def test_a_corrected_decision_voids_what_it_replaces_and_issues_anew(mine):
    app = _granted(mine, E("6000.00"))
    first = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(first[0].serial, DAY, Way.SUPPLIER, E("1000"), payee="Gamma"))
    previous = mine.latest_decision(app.id)
    mine.decide(app.id, Decision(Kind.PARTIALLY_GRANTED, dt.date(2026, 4, 2), previous.members,
                                 amount_granted=E("4000.00"), reasons="Minder nodig.",
                                 refusal_grounds={"a": "Niet haalbaar in de planning."},
                                 corrects=previous.id))
    after = mine.issued_vouchers(app.id)
    assert all(v.status.value == "voided" for v in after[:2])
    new = [v for v in after if v.status.value == "issued"]
    assert sum(v.value for v in new) == E("3000.00")  # 4,000 less the 1,000 paid
    assert _identity(mine) == (E("4000.00"),) * 3
    said = mine.check_voucher(first[1].serial, DAY).message  # the reason in words, in Dutch
    assert "het besluit is gecorrigeerd" in said and "corrected decision" not in said


def _codes_in(pdf: Path) -> list[str]:
    codes = []
    document = pypdfium2.PdfDocument(str(pdf))
    for page in document:
        image = page.render(scale=200 / 72).to_pil()
        codes += [b.text for b in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormat.QRCode)]
    document.close()
    return codes


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regiegroep", *map(str, args)],
                          capture_output=True, text=True)


def test_every_printed_code_of_the_example_verifies_and_forgeries_are_refused(tmp_path):
    from regiegroep import demo

    db = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(db, 60)
    pdf, key = tmp_path / "vouchers.pdf", tmp_path / "sleutel.pem"
    assert _cli("print", "vouchers", "--db", db, "--out", pdf).returncode == 0
    exported = _cli("key", "export", "--db", db, "--out", key)
    assert exported.returncode == 0 and "Fingerprint" in exported.stdout or "Vingerafdruk" in exported.stdout
    codes = _codes_in(pdf)
    with Register.open(db) as register:
        printable = [v for v in register.all_vouchers()
                     if v.status.value == "issued" and v.left > 0]
        assert len(codes) == len(printable) > 0
        voided = next(v for v in register.all_vouchers() if v.status.value == "voided")
        other = signing.generate_key()
        claims = signing.Claims(voided.serial, 100, voided.holder, 1, voided.issued_on,
                                voided.valid_until, "Elders")
        replayed = register.voucher_code(voided)
        foreign = signing.sign_voucher(other, claims)
    for code in codes:
        assert _cli("verify", "--key", key, code).returncode == 0
    for code in codes[:3]:
        assert _cli("verify", "--db", db, code).returncode == 0
    changed = codes[0][:20] + ("A" if codes[0][20] != "A" else "B") + codes[0][21:]
    for code in (changed, foreign):
        assert _cli("verify", "--key", key, code).returncode == 1
        assert _cli("verify", "--db", db, code).returncode == 1
    answer = _cli("verify", "--db", db, replayed)
    assert answer.returncode == 1 and format_serial(voided.serial) in answer.stdout
    assert _cli("verify", "--db", db, voided.serial[:-1] + ("A" if voided.serial[-1] != "A"
                                                            else "C")).returncode == 1
    assert _cli("verify", "--db", tmp_path / "nothing.sqlite", "X").returncode == 2


def test_reconcile_lists_every_difference_with_the_cash_list(mine, tmp_path):
    from regiegroep.exchange.reconcile import export_vouchers, reconcile

    a = _granted(mine, E("1000.00"))
    b = _granted(mine, E("800.00"))
    c = _granted(mine, E("300.00"))
    (va,), (vb,), (vc,) = (mine.issued_vouchers(x.id) for x in (a, b, c))
    mine.redeem(a.id, Payment(va.serial, DAY, Way.SUPPLIER, E("400"), payee="Gamma"))
    mine.redeem(b.id, Payment(vb.serial, DAY, Way.SUPPLIER, E("800"), payee="Gamma"))
    mine.void_voucher(vc.serial, "verloren", replace=False, today=DAY)
    agree = f"serienummer;datum;bedrag\n{format_serial(va.serial)};01-04-2026;400,00\n" \
            f"{vb.serial};2026-04-01;800,00\n"
    assert {d.kind for d in reconcile(mine, agree)} == set()
    text = agree + (f"{vb.serial};01-04-2026;800,00\nWXYZ-WXYZ-WXYA;01-04-2026;5,00\n"
                    f"{vc.serial};02-04-2026;10,00\n{va.serial};01-07-2027;1,00\n")
    kinds = {d.kind for d in reconcile(mine, text)}
    assert kinds >= {"paid_twice", "over_value", "never_issued", "after_void", "after_expiry",
                     "amount_differs"}
    fresh = _granted(mine, E("50.00"))
    assert "never_paid" in {d.kind for d in reconcile(mine, agree)}
    out = tmp_path / "vouchers.csv"
    assert export_vouchers(mine, out) == 4
    assert "1000,00" in out.read_text(encoding="utf-8") and fresh


def test_payments_of_an_earlier_schema_name_their_vouchers_after_the_upgrade(tmp_path):
    copy = tmp_path / "schema-10.sqlite"
    shutil.copy(Path(__file__).parent / "registers" / "schema-10.sqlite", copy)
    with Register.open(copy) as register:
        (count, linked), = register.conn.execute("SELECT count(*), count(serial) FROM payment")
        assert count == linked > 0
        for app_id in {v.application_id for v in register.all_vouchers()}:
            for payment in register.payments(app_id):
                assert register.voucher_by_serial(payment.serial).paid >= payment.amount
        assert register.conn.execute("SELECT count(*) FROM signing_key").fetchone()[0] == 1


def test_the_export_lists_each_voucher_and_the_budgets_voucher_totals(mine, tmp_path):
    import json

    from regiegroep.exchange.export import export

    app = _granted(mine, E("6000.00"))
    first, second = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(first.serial, DAY, Way.SUPPLIER, E("5000"), payee="Gamma"))
    mine.redeem(app.id, Payment(second.serial, DAY, Way.CASH, E("200.50")))
    replacement = mine.void_voucher(second.serial, "verloren", today=DAY)
    out = tmp_path / "register.json"
    export(mine, "json", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    (record,) = doc["applications"]
    assert record["vouchers"] == [
        {"serial": first.serial, "value": "5000.00", "holder": "Fatma Yılmaz",
         "status": "redeemed", "redeemed": "5000.00", "valid_until": "2027-06-30"},
        {"serial": second.serial, "value": "1000.00", "holder": "Fatma Yılmaz",
         "status": "voided", "redeemed": "200.50", "valid_until": "2027-06-30"},
        {"serial": replacement.serial, "value": "799.50", "holder": "Fatma Yılmaz",
         "status": "issued", "redeemed": "0.00", "valid_until": "2027-06-30"}]
    (budget,) = doc["budgets"]
    assert (budget["issued"], budget["redeemed"], budget["returned"]) == (
        "6000.00", "5200.50", "0.00")


def test_the_cash_managers_list_is_reconciled_on_the_command_line(tmp_path):
    db = tmp_path / "register.sqlite"
    with _register(db) as register:
        app = _granted(register, E("1200.00"))
        (voucher,) = register.issued_vouchers(app.id)
        register.redeem(app.id, Payment(voucher.serial, DAY, Way.SUPPLIER, E("1200"),
                                        payee="Gamma"))
    listed = tmp_path / "vouchers.csv"
    assert _cli("vouchers", "export", "--db", db, "--out", listed).returncode == 0
    assert listed.read_text(encoding="utf-8").splitlines()[1].startswith(format_serial(
        voucher.serial) + ";1200,00;")
    cash = tmp_path / "kas.csv"
    cash.write_text(f"serienummer;datum;bedrag\n{format_serial(voucher.serial)};01-04-2026;"
                    "1.200,00\n", encoding="utf-8")
    assert _cli("reconcile", "--db", db, cash).returncode == 0
    cash.write_text(f"{voucher.serial};01-04-2026;1.250,00\n", encoding="utf-8")
    answer = _cli("reconcile", "--db", db, cash)
    assert answer.returncode == 1 and "1.250,00" in answer.stdout


def test_anonymising_takes_the_holder_from_vouchers_that_ended_or_were_spent(mine):
    """The holder's name is personal data too: anonymising removes it from vouchers voided,
    expired or spent to the last cent; a voucher with money left keeps it (the cash manager
    may still pay it out), and nothing else of any voucher changes."""
    from regiegroep.model import Status

    app = _granted(mine, E("12000.00"))
    spent, left, lost = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(spent.serial, DAY, Way.SUPPLIER, spent.value, payee="Gamma"))
    mine.redeem(app.id, Payment(left.serial, DAY, Way.SUPPLIER, E("10.00"), payee="Gamma"))
    mine.void_voucher(lost.serial, "verloren", replace=False, today=DAY)
    holder = spent.holder
    assert holder
    app = mine.application(app.id)
    app.status = Status.COMPLETED
    mine.update_application(app)
    before = {v.serial: v for v in mine.issued_vouchers(app.id)}
    mine.anonymise([app.id])
    after = {v.serial: v for v in mine.issued_vouchers(app.id)}
    assert [after[s].holder for s in (spent.serial, left.serial, lost.serial)] == ["", holder, ""]
    assert all(dataclasses.replace(after[s], holder="") == dataclasses.replace(before[s], holder="")
               for s in after)
    assert mine.events(app.id)[-1].details["vouchers_still_valid"] == 1
    with pytest.raises(Exception, match="never changed"):  # the rule still holds otherwise
        mine.conn.execute("UPDATE voucher SET holder = 'Iemand' WHERE serial = ?", [spent.serial])
    with pytest.raises(Exception, match="never changed"):
        mine.conn.execute("UPDATE voucher SET holder = '' WHERE serial = ?", [left.serial])


def test_the_voucher_list_opens_in_dutch_excel_with_dutch_states_and_no_formula(mine, tmp_path):
    import csv

    from regiegroep.exchange.reconcile import export_vouchers

    app = _granted(mine, E("1200.00"), issue=False)
    app = mine.application(app.id)
    app.applicant.name = "@Piet de Vries"
    mine.update_application(app)
    mine.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    (voucher,) = mine.issued_vouchers(app.id)
    mine.redeem(app.id, Payment(voucher.serial, DAY, Way.CASH, E("200.00")))
    out = tmp_path / "vouchers.csv"
    assert export_vouchers(mine, out) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = list(csv.reader(data[3:].decode("utf-8").splitlines(), delimiter=";"))
    line = dict(zip(header, row))
    assert line["houder"] == "'@Piet de Vries"
    assert (line["status"], line["waarde"], line["over"]) == ("deels_verzilverd", "1200,00",
                                                             "1000,00")
