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


def test_the_planned_and_running_consultations_can_be_carried_through_to_decisions(tmp_path):
    """The planned consultation comes after the example's last day and the running one is
    open on it; both can be counted, signed off and decided under the ordinance in force,
    as the decided one was (Art. 5.3-5.7)."""
    import datetime as dt

    from regiegroep.consultations import consultation_results as results
    from regiegroep import consultations as cons
    from regiegroep.deciding.decision import Kind

    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 120)
    with Register.open(path) as reg:
        states = {c.status: c for c in cons.consultations(reg)}
        assert set(states) == {"planned", "running", "decided"}
        assert states["planned"].starts_on > demo.LAST_DAY
        assert states["running"].starts_on <= demo.LAST_DAY <= states["running"].ends_on
        members = [m.id for m in reg.members()]
        for state in ("planned", "running"):
            c = states[state]
            if state == "planned":
                codes = cons.new_codes(reg, c.id, 10)
                cons.store_codes(reg, c.id, codes, demo.COMMAND_LINE)
                cons.open_voting(reg, c.id, demo.COMMAND_LINE)
                with cons.voting_on(c.starts_on):
                    for code in codes[:6]:
                        cons.cast_vote(reg, c.id, code, {a: "for" for a in c.application_ids},
                                       demo.COMMAND_LINE)
            cons.close_voting(reg, c.id, demo.COMMAND_LINE)
            result = results.record_result(reg, c.id, demo.COMMAND_LINE)
            for member in members[:2]:
                results.sign_off(reg, result.id, member, demo.COMMAND_LINE)
            made = results.decide(reg, c.id, decided_on=c.ends_on + dt.timedelta(days=2),
                                  actor=demo.COMMAND_LINE)
            assert len(made) == len(c.application_ids)
            assert {d.kind for d in made} <= {Kind.GRANTED, Kind.REFUSED}
            assert cons.consultation(reg, c.id).status == "decided"
