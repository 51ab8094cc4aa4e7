"""The example register is consistent: statuses agree with what is missing."""

from regiegroep import demo
from regiegroep.model import Status, missing_items
from regiegroep.register import Register


def test_example_register_is_consistent(tmp_path):
    path = tmp_path / "voorbeeld.sqlite"
    assert demo.write_demo(path, 120) == 120
    with Register.open(path) as reg:
        assert reg.municipality().name == "Zaanstad"
        assert len(reg.wijken()) == 3 and len(reg.members()) == 7
        apps = list(reg.iter_applications())
        assert {a.status for a in apps} == set(Status)
        for app in apps:
            incomplete = bool(missing_items(app))
            assert incomplete == (app.status in (Status.INCOMPLETE, Status.COMPLETION_REQUESTED,
                                                 Status.LEFT_UNDEALT)), app
            if app.status is Status.CONSULTATION:
                assert app.cost_estimate > 10000  # Art. 5.3: only above EUR 10,000
            if app.cost_lines:
                assert sum(l.amount for l in app.cost_lines) == app.cost_estimate
        for budget in reg.budgets():
            assert budget.cost_reservation * 10 <= budget.amount
    assert not list(tmp_path.glob("*.partial*"))
