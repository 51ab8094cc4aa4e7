"""Export: stable field names, order of receipt, amounts as two-decimal strings."""

import csv
import datetime as dt
import json
from decimal import Decimal

from regiegroep.exchange.export import export
from regiegroep.exchange.importer import import_csv
from regiegroep.budgets import Municipality
from regiegroep.register import Register

from .conftest import complete_application


def test_json_has_the_promised_fields(model_register, tmp_path):
    register = model_register
    w = register.wijk_by_name("Poelenburg").id
    register.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 9), cost_estimate=Decimal("12500"), title="Sporthal"))
    register.register_application(complete_application(
        w, received_at=dt.datetime(2026, 3, 2, 19, 30), cost_estimate=None))
    out = tmp_path / "register.json"
    assert export(register, "json", out) == 2
    doc = json.loads(out.read_text(encoding="utf-8"))
    first, second = doc["applications"]
    assert first["sequence"] == 2 and second["sequence"] == 1  # in order of receipt
    assert first["received_at"] == "2026-03-02T19:30:00"
    assert dt.datetime.fromisoformat(second["received_at"]) == dt.datetime(2026, 3, 9)
    assert second["cost_estimate"] == "12500.00" and first["cost_estimate"] is None
    assert first["missing"] == ["c"] and second["missing"] == []
    assert first["status"] == "incomplete" and second["status"] == "received"
    for key in ("wijk", "title", "applicant_kind", "vouchers_requested"):
        assert key in first
    assert second["wijk"] == "Poelenburg" and second["applicant_kind"] == "resident"
    # Art. 5.1, 5.3: above EUR 10,000 a consultation decides; four weeks to decide.
    assert (first["route"], second["route"]) == (None, "consultation")
    assert first["decision_deadline"] == "2026-03-30"
    assert second["decision_deadline"] == "2026-04-06"
    budgets = {(b["wijk"], b["year"]): b for b in doc["budgets"]}
    assert budgets[("Poelenburg", 2026)] == {
        "wijk": "Poelenburg", "year": 2026, "amount": "300000.00",
        "cost_reservation": "15000.00", "ceiling": "285000.00", "ordinance": "model-2008",
        "issued": "0.00", "redeemed": "0.00", "returned": "0.00"}  # issue 12: voucher totals


def test_deleted_applications_are_left_out(register, tmp_path):
    app = register.register_application(complete_application(register.wijken()[0].id))
    register.delete_application(app.id, "test")
    export(register, "json", tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text())["applications"] == []


def test_csv_export_reads_back_into_a_new_register(register, tmp_path):
    w = register.wijk_by_name("Kogerveld").id
    register.register_application(complete_application(w, other_subsidy=True,
                                                       other_subsidy_details="Oranje Fonds"))
    register.register_application(complete_application(w, signed=False, title="Zonder, komma's"))
    out = tmp_path / "register.csv"
    assert export(register, "csv", out) == 2
    with out.open(encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    assert rows[0]["cost_estimate"] == "1850.00" and rows[1]["missing"] == "a"
    assert rows[0]["route"] == "steering_group" and rows[0]["decision_deadline"] == "2026-03-30"
    with Register.open(tmp_path / "copy.sqlite") as copy:
        copy.set_municipality(Municipality("Zaanstad"))
        copy.add_wijk("Kogerveld")
        result = import_csv(copy, out)
        assert result.problems == [] and result.imported and result.warnings == []
        def strip(apps):
            return [(a.title, a.cost_estimate, a.signed, a.other_subsidy_details, a.status,
                     a.applicant.name, a.received_at) for a in apps]
        assert strip(copy.applications()) == strip(register.applications())


def test_an_export_never_leaves_half_a_file(register, tmp_path):
    out = tmp_path / "r.json"
    out.write_text("previous export")
    try:
        export(register, "xml", out)
    except Exception:
        pass
    assert out.read_text() == "previous export"
    assert list(tmp_path.glob(".export-*")) == []


def test_what_was_paid_from_the_vouchers_adds_up(tmp_path):
    from regiegroep import demo

    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 200)
    out = tmp_path / "register.json"
    with Register.open(path) as register:
        export(register, "json", out)
        in_force = {d.id for d in register.latest_decisions().values()}
        total = sum(Decimal(c) / 100 for d, c in register.conn.execute(
            "SELECT decision_id, amount_cents FROM payment") if d in in_force)
    apps = json.loads(out.read_text(encoding="utf-8"))["applications"]
    paid = [a for a in apps if a.get("amount_paid") is not None]
    assert total > 0 and sum(Decimal(a["amount_paid"]) for a in paid) == total
    assert all(Decimal(a["amount_paid"]) <= sum(Decimal(v["value"]) for v in a["vouchers"])
               for a in paid)
    done = [a for a in paid if a["status"] == "completed"]
    assert done and all(a["amount_paid"] == a["amount_granted"] for a in done)
    assert all("amount_paid" not in a for a in apps if a.get("decision") == "refused"
               ) or all(a.get("amount_paid") is None for a in apps if a.get("decision") == "refused")
