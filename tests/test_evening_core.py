"""Issue 21, the core's part: budgets below what is granted (6), an ordinance applied later
leaves the decisions taken as they were (7), a serial is an address (2)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal as E

import pytest

from regiegroep.reports.accounts import accounts
from regiegroep.errors import UserError
from regiegroep.applications.search import Filter
from regiegroep.register import Register

from .test_vouchers import _granted, _register
from .vouchers_example import adopt_2026


@pytest.fixture
def granted(tmp_path):
    path = tmp_path / "register.sqlite"
    with _register(path) as register:
        app = _granted(register, E("1850.00"))
        register.set_budget(register.wijken()[0].id, 2026, E("100000"), E("5000"))
    return path, app


def cli(*args):
    return subprocess.run([sys.executable, "-m", "regiegroep", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_a_budget_below_what_is_granted_is_refused_saying_both_figures(granted):
    path, app = granted
    with Register.open(path) as register:
        wijk = register.wijken()[0].id
        with pytest.raises(UserError) as refused:
            register.set_budget(wijk, 2026, E("1000"))
        assert "1.850,00" in str(refused.value) and "1.000,00" in str(refused.value)
        with pytest.raises(UserError, match="1.850,00"):
            register.set_budget(wijk, 2026, E("100000"), E("0"), E("1500"))
    out = cli("budget", "set", "--db", path, "--wijk", "Poelenburg", "--year", 2026,
              "--amount", "1000")
    assert out.returncode == 1 and "1.850,00" in out.stderr and "Traceback" not in out.stderr
    with Register.open(path) as register:
        (budget,) = register.budgets()
        assert budget.amount == E("100000.00")


def test_budget_set_keeps_the_reservation_on_record_when_none_is_given(granted):
    path, _app = granted
    out = cli("budget", "set", "--db", path, "--wijk", "Poelenburg", "--year", 2026,
              "--amount", "120000")
    assert out.returncode == 0, out.stderr
    with Register.open(path) as register:
        (budget,) = register.budgets()
        assert (budget.amount, budget.cost_reservation) == (E("120000.00"), E("5000.00"))
        assert budget.ceiling == E("115000.00")


def test_an_ordinance_applied_later_leaves_the_decisions_taken_as_they_were(granted, tmp_path):
    path, app = granted
    with Register.open(path) as register:
        before = {r.sequence: (r.route, r.deadline) for r in accounts(register, 2026).rows}
    strict = tmp_path / "strict.toml"
    from regiegroep.rules import adopt, resources_dir

    text = (resources_dir() / "ordinances" / "model-2008.toml").read_text(encoding="utf-8")
    import datetime as dt

    strict.write_text(adopt(text, id="strict-2026", consultation_threshold=E("1000.00"),
                            last_issue_date=dt.date(2026, 12, 31),
                            last_completion_date=dt.date(2027, 6, 30)), encoding="utf-8")
    out = cli("ordinance", "add", "--db", path, strict, "--year", 2026)
    assert out.returncode == 0, out.stderr
    assert "1 besluit" in out.stdout  # says what it leaves as it is
    with Register.open(path) as register:
        after = {r.sequence: (r.route, r.deadline) for r in accounts(register, 2026).rows}
        assert after == before
        # What is decided from now on follows the new file.
        assert register.ordinance_for(register.wijken()[0].id, 2026).id == "strict-2026"


def test_a_serial_typed_any_way_finds_its_voucher_and_application(granted):
    path, app = granted
    with Register.open(path) as register:
        (voucher,) = register.issued_vouchers(app.id)
        from regiegroep.vouchers.serials import format_serial

        for typed in (voucher.serial, format_serial(voucher.serial).lower(),
                      " " + format_serial(voucher.serial) + " ", register.voucher_code(voucher)):
            found = register.find_voucher(typed)
            assert found is not None and found.application_id == app.id
            assert [a.id for a in register.applications(Filter(text=typed))] == [app.id]
        assert register.find_voucher("ABCD-EFGH-IJKL") is None


def test_a_word_that_looks_like_a_serial_is_still_searched_for(granted):
    from regiegroep.vouchers import serials

    path, app = granted
    with Register.open(path) as register:
        body = "HAPPYCAMPER"  # eleven letters and a check character: a serial by its form
        word = body + serials.check_character(body)
        assert serials.is_valid(word)
        changed = register.application(app.id)
        changed.title = f"Het {word} van de buurt"
        register.update_application(changed)
        assert [a.id for a in register.applications(Filter(text=word))] == [app.id]
