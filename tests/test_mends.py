"""Smaller mends: budgets after the first set-up, an application's end, attachments exported."""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal

import pytest

from regiegroep.exchange import export
from regiegroep.applications import end_application, may_end
from regiegroep.cli import main
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.model import Status
from regiegroep.register import Register

from .conftest import complete_application


def _granted(register):
    member = register.add_member("Joke van der Meer", "chair")
    app = register.register_application(complete_application(
        register.wijken()[0].id, cost_estimate=Decimal("2500.00"), vouchers_requested=1))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), (member.id,),
                                     amount_granted=Decimal("2500.00")))
    return app


def test_next_years_budget_and_a_new_neighbourhood_from_the_command_line(register, capsys):
    path = str(register.path)
    register.close()
    assert main(["budget", "set", "--db", path, "--wijk", "Rosmolenbuurt", "--year", "2027",
                 "--amount", "80.000,00", "--reservation", "4000"]) == 0
    assert "Rosmolenbuurt 2027" in capsys.readouterr().out
    assert main(["budget", "set", "--db", path, "--wijk", "poelenburg", "--year", "2027",
                 "--amount", "310,000.00"]) == 0
    assert main(["budget", "list", "--db", path]) == 0
    listed = capsys.readouterr().out
    assert "Rosmolenbuurt 2027: €\xa080.000,00, kostenreservering €\xa04.000,00" in listed
    assert "Poelenburg 2027: €\xa0310.000,00" in listed
    with Register.open(path) as again:
        assert [w.name for w in again.wijken()] == ["Kogerveld", "Poelenburg", "Rosmolenbuurt"]
        assert [b.ceiling for b in again.budgets() if b.wijk == "Rosmolenbuurt"] == [Decimal("76000.00")]


def test_a_reservation_above_the_cap_or_a_bad_amount_is_refused_and_adds_nothing(register, capsys):
    path = str(register.path)
    register.close()
    assert main(["budget", "set", "--db", path, "--wijk", "Westerkoog", "--year", "2027",
                 "--amount", "10000", "--reservation", "1500"]) == 1
    assert "2.3" in capsys.readouterr().err
    assert main(["budget", "set", "--db", path, "--wijk", "Westerkoog", "--year", "2027",
                 "--amount", "tienduizend"]) == 1
    err = capsys.readouterr().err
    assert "--amount" in err and "tienduizend" in err and "Traceback" not in err
    with Register.open(path) as again:
        assert again.wijk_by_name("Westerkoog") is None  # the neighbourhood went with the budget


def test_an_application_is_completed_or_withdrawn_as_the_core_allows(register):
    app = _granted(register)
    waiting = register.register_application(complete_application(register.wijken()[0].id))
    assert not may_end(register.application(waiting.id), Status.COMPLETED)
    with pytest.raises(UserError, match="alleen een toegekende"):
        end_application(register, waiting.id, Status.COMPLETED)
    end_application(register, app.id, Status.COMPLETED, "Feest gehouden, bonnen ingeleverd")
    assert register.application(app.id).status is Status.COMPLETED
    event = register.events(app.id)[-1]
    assert event.action == "completed" and event.details["reason"] == "Feest gehouden, bonnen ingeleverd"
    with pytest.raises(UserError, match="niet meer worden ingetrokken"):
        end_application(register, app.id, Status.WITHDRAWN)
    end_application(register, waiting.id, Status.WITHDRAWN)
    assert register.application(waiting.id).status is Status.WITHDRAWN


def test_complete_and_withdraw_from_the_command_line(register, capsys):
    app = _granted(register)
    waiting = register.register_application(complete_application(register.wijken()[0].id))
    path = str(register.path)
    register.close()
    assert main(["application", "complete", "--db", path, "--application",
                 str(waiting.sequence)]) == 1
    assert "alleen een toegekende" in capsys.readouterr().err
    assert main(["application", "withdraw", "--db", path, "--application",
                 str(waiting.sequence), "--reason", "Verhuisd"]) == 0
    assert main(["application", "complete", "--db", path, "--application",
                 str(app.sequence)]) == 0
    assert "afgerond" in capsys.readouterr().out
    with Register.open(path) as again:
        assert again.application(waiting.id).status is Status.WITHDRAWN
        assert again.events(waiting.id)[-1].actor == "command line"
        assert again.application(app.id).status is Status.COMPLETED


def test_a_persons_export_holds_their_attachments(register, tmp_path):
    scan = tmp_path / "formulier.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form\x00\xff")
    register.register_application(complete_application(register.wijken()[0].id),
                                  attachments=[(scan, "signed_form")])
    out = tmp_path / "fatma.json"
    export.person_export(register, "Fatma Yılmaz", out)
    attachment = json.loads(out.read_text(encoding="utf-8"))["applications"][0]["attachments"][0]
    assert attachment["filename"] == "formulier.pdf"
    assert base64.b64decode(attachment["content_base64"]) == scan.read_bytes()
