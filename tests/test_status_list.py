"""The signed status list: a cash manager checking offline learns that a voucher was voided,
expired or paid after it was printed (issue 22, point 1)."""

import datetime as dt
import subprocess
import sys
from decimal import Decimal

from regiegroep.vouchers import status_list
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.vouchers.payments import Payment, Way
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from regiegroep.vouchers.serials import format_serial

from .conftest import complete_application
from .vouchers_example import adopt_2026

E = Decimal
DAY = dt.date(2026, 4, 1)


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regiegroep", *map(str, args)],
                          capture_output=True, text=True)


def _register_with_vouchers(path):
    register = Register.open(path)
    register.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
    wijk = register.add_wijk("Poelenburg")
    register.set_budget(wijk.id, 2026, E("10000000"))
    adopt_2026(register, consultation_threshold=E("50000.00"))
    members = tuple(register.add_member(n).id for n in ("A. Lid", "B. Lid", "C. Lid"))
    apps = []
    for amount in (E("1850.00"), E("900.00"), E("400.00")):
        app = register.register_application(complete_application(
            wijk.id, cost_estimate=amount, vouchers_requested=1))
        register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                         amount_granted=amount))
        register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
        apps.append(app)
    lost, partly, whole = (register.issued_vouchers(app.id)[0] for app in apps)
    codes = {name: register.voucher_code(v) for name, v in
             (("lost", lost), ("partly", partly), ("whole", whole))}
    register.redeem(apps[1].id, Payment(partly.serial, DAY, Way.CASH, E("300.00")))
    register.void_voucher(lost.serial, "Verloren in de bus", today=DAY)
    return register, codes, lost


def test_a_voided_voucher_is_refused_offline_with_the_status_list(tmp_path):
    db, key, status = tmp_path / "r.sqlite", tmp_path / "sleutel.pem", tmp_path / "status.txt"
    register, codes, lost = _register_with_vouchers(db)
    register.close()
    assert _cli("key", "export", "--db", db, "--out", key).returncode == 0
    # without the list, the printed code of the voided voucher still looks valid: the problem
    assert _cli("verify", "--key", key, codes["lost"]).returncode == 0
    written = _cli("vouchers", "status", "--db", db, "--out", status)
    assert written.returncode == 0, written.stderr
    assert (status.stat().st_mode & 0o777) == 0o600
    text = status.read_text(encoding="utf-8")
    assert format_serial(lost.serial) in text and "ongeldig" in text

    answer = _cli("verify", "--key", key, "--status", status, codes["lost"])
    assert answer.returncode == 1
    assert "NIET GELDIG" in answer.stdout and format_serial(lost.serial) in answer.stdout
    assert "ongeldig" in answer.stdout and "minder dan een uur oud" in answer.stdout
    assert "ouder dan een week" not in answer.stdout

    partly = _cli("verify", "--key", key, "--status", status, codes["partly"])
    assert partly.returncode == 0 and "600,00" in partly.stdout
    whole = _cli("--lang", "en", "verify", "--key", key, "--status", status, codes["whole"])
    assert whole.returncode == 0 and "less than an hour old" in whole.stdout and "VALID" in whole.stdout


def test_a_list_older_than_a_week_is_warned_about_and_a_changed_list_refused(tmp_path):
    db, key, status = tmp_path / "r.sqlite", tmp_path / "sleutel.pem", tmp_path / "status.txt"
    register, codes, lost = _register_with_vouchers(db)
    made = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=9)
    status_list.write(register, status, now=made)
    register.close()
    assert _cli("key", "export", "--db", db, "--out", key).returncode == 0
    answer = _cli("verify", "--key", key, "--status", status, codes["whole"])
    assert answer.returncode == 0
    assert "9 dagen oud" in answer.stdout and "ouder dan een week" in answer.stdout

    # a list signed by another register's key, or changed, does not count
    lines = status.read_text(encoding="utf-8").splitlines()
    signed = lines[-1]
    changed = signed[:30] + ("A" if signed[30] != "A" else "B") + signed[31:]
    status.write_text("\n".join(lines[:-1] + [changed]) + "\n", encoding="utf-8")
    refused = _cli("verify", "--key", key, "--status", status, codes["whole"])
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "statuslijst" in refused.stderr
    other = tmp_path / "other.sqlite"
    register2, _codes, _lost = _register_with_vouchers(other)
    status_list.write(register2, status)
    register2.close()
    foreign = _cli("verify", "--key", key, "--status", status, codes["whole"])
    assert foreign.returncode == 2 and "sleutel" in foreign.stderr
    assert _cli("verify", "--db", db, "--status", status, codes["whole"]).returncode == 2


def test_a_voucher_voided_by_a_corrected_grant_is_refused_offline(tmp_path):
    from regiegroep.vouchers import verifying

    register = Register.open(tmp_path / "r.sqlite")
    register.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
    wijk = register.add_wijk("Poelenburg")
    register.set_budget(wijk.id, 2026, E("10000000"))
    adopt_2026(register, consultation_threshold=E("50000.00"))
    members = tuple(register.add_member(n).id for n in ("A. Lid", "B. Lid", "C. Lid"))
    app = register.register_application(complete_application(
        wijk.id, cost_estimate=E("4000.00"), vouchers_requested=1))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                     amount_granted=E("4000.00")))
    register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    (old,) = register.issued_vouchers(app.id)
    code = register.voucher_code(old)
    previous = register.latest_decision(app.id)
    register.decide(app.id, Decision(Kind.PARTIALLY_GRANTED, dt.date(2026, 4, 2), members,
                                     amount_granted=E("3000.00"), reasons="Minder nodig.",
                                     refusal_grounds={"a": "Het tweede deel past niet in de "
                                                           "planning."},
                                     corrects=previous.id))
    text, _status = status_list.build(register)
    from regiegroep.vouchers.issuing import key_ring

    ring = key_ring(register)
    register.close()
    listed = status_list.read(text, ring)
    assert verifying.check_code(code, ring, DAY).valid  # the code alone cannot know
    verdict = verifying.check_code(code, ring, DAY, status=listed)
    assert not verdict.valid and verdict.reason == "voided"
    assert format_serial(old.serial) in verdict.message
    assert "levert hem in bij de regiegroep" in verdict.message


def test_one_voucher_is_one_voucher(tmp_path):
    register = Register.open(tmp_path / "r.sqlite")
    register.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
    wijk = register.add_wijk("Poelenburg")
    register.set_budget(wijk.id, 2026, E("10000000"))
    adopt_2026(register, consultation_threshold=E("50000.00"))
    members = tuple(register.add_member(n).id for n in ("A. Lid", "B. Lid", "C. Lid"))
    app = register.register_application(complete_application(
        wijk.id, cost_estimate=E("400.00"), vouchers_requested=1))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                     amount_granted=E("400.00")))
    register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    register.close()
    said = _cli("vouchers", "export", "--db", tmp_path / "r.sqlite", "--out", tmp_path / "v.csv")
    assert "1 voucher geschreven" in said.stdout


def test_only_the_steering_group_signs_a_status_list(tmp_path):
    import pytest

    from regiegroep.errors import UserError

    register, _codes, _lost = _register_with_vouchers(tmp_path / "r.sqlite")
    chair = register.add_member("Joke van der Meer", "chair")
    register.set_pin(chair.id, "1111")
    cash = register.add_member("Priya Ramdin", "cash_manager")
    register.set_pin(cash.id, "8888")
    register.sign_in("Priya Ramdin", "8888")
    with pytest.raises(UserError):
        status_list.write(register, tmp_path / "status.txt")
    assert not (tmp_path / "status.txt").exists()
    register.sign_in("Joke van der Meer", "1111")
    assert status_list.write(register, tmp_path / "status.txt").entries
    register.close()
