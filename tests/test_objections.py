"""Objections against decisions (Awb 6, 7): registered with the day received, by whom and on
what; in time or late, counted from the recorded day the letter was sent; forwarded to the
college; its outcome. On the command line and in the app."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep.deciding import objections
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.deciding.sending import record_sent

from .conftest import complete_application
from .test_ui import example, example_copy  # noqa: F401 (fixtures)

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


def refused(register):
    members = tuple(register.add_member(n, r).id for n, r in (("Joke van der Meer", "chair"),
                                                               ("Marieke Bakker", "secretary")))
    app = register.register_application(complete_application(register.wijk_by_name("Poelenburg").id))
    made = register.decide(app.id, Decision(Kind.REFUSED, dt.date(2026, 3, 10), members,
                                            refusal_grounds={"c": "Vooral voor de aanvrager."}))
    return app, made


def test_the_term_counts_from_the_day_the_letter_was_sent(register):
    app, made = refused(register)
    # Not yet recorded: counted from the decision (six weeks from 11 March: 21 April).
    early = objections.register_objection(register, app.sequence, dt.date(2026, 4, 21),
                                          "Piet de Vries", "Het is geen privéfeest.",
                                          today=dt.date(2026, 6, 1))
    assert early.in_time and not early.sent_recorded and early.last_day == dt.date(2026, 4, 21)
    # The letter went in the post on 24 March: six weeks end on 5 May, Liberation Day, a
    # general holiday (Atw), so the term runs on to 6 May.
    record_sent(register, [made], dt.date(2026, 3, 24), today=dt.date(2026, 6, 1))
    late_by_old_count = objections.register_objection(
        register, app.sequence, dt.date(2026, 5, 4), "Fatma Yılmaz", "Ik maak bezwaar.",
        today=dt.date(2026, 6, 1))
    assert late_by_old_count.in_time and late_by_old_count.last_day == dt.date(2026, 5, 6)
    too_late = objections.register_objection(register, app.sequence, dt.date(2026, 5, 7),
                                             "Fatma Yılmaz", "Nog een keer.",
                                             today=dt.date(2026, 6, 1))
    assert not too_late.in_time
    assert [o.id for o in objections.objections(register, app.id)] == [
        early.id, late_by_old_count.id, too_late.id]
    assert register.events(app.id)[-1].action == "objection_received"


def test_forwarded_and_decided(register):
    app, _made = refused(register)
    made = objections.register_objection(register, app.sequence, dt.date(2026, 4, 1), "Piet",
                                         "Onterecht.", today=dt.date(2026, 6, 1))
    assert made in objections.open_objections(register)
    with pytest.raises(UserError, match="op of na de dag van ontvangst"):
        objections.forward(register, made.id, dt.date(2026, 3, 30), today=dt.date(2026, 6, 1))
    forwarded = objections.forward(register, made.id, dt.date(2026, 4, 2), today=dt.date(2026, 6, 1))
    assert forwarded.forwarded_on == dt.date(2026, 4, 2) and "bij het college" in forwarded.state()
    decided = objections.record_outcome(register, made.id, "unfounded", dt.date(2026, 5, 20),
                                        "Het besluit blijft.", today=dt.date(2026, 6, 1))
    assert decided.outcome is objections.Outcome.UNFOUNDED and decided.state() == "beslist: ongegrond"
    assert not objections.open_objections(register)
    assert [o.id for o in objections.of_year(register, 2026)] == [made.id]
    assert objections.of_year(register, 2025) == []
    with pytest.raises(UserError, match="al op 20 mei 2026 beslist"):
        objections.record_outcome(register, made.id, "well_founded", today=dt.date(2026, 6, 1))


def test_an_objection_needs_who_what_and_a_decision(register):
    app, _made = refused(register)
    with pytest.raises(UserError, match="wie bezwaar maakt"):
        objections.register_objection(register, app.sequence, dt.date(2026, 4, 1), " ", "x")
    with pytest.raises(UserError, match="waar het bezwaar over gaat"):
        objections.register_objection(register, app.sequence, dt.date(2026, 4, 1), "Piet", " ")
    with pytest.raises(UserError, match="vóór het besluit"):
        objections.register_objection(register, app.sequence, dt.date(2026, 3, 1), "Piet", "x")
    waiting = register.register_application(complete_application(register.wijken()[0].id))
    with pytest.raises(UserError, match="nog niet besloten"):
        objections.register_objection(register, waiting.sequence, dt.date(2026, 4, 1), "Piet", "x")
    assert objections.objections(register) == []


def test_the_objection_commands(register):
    app, made = refused(register)
    record_sent(register, [made], dt.date(2026, 3, 12))
    db = register.path
    register.close()

    def run(*args):
        return subprocess.run([str(SCRIPT), "objection", *args, "--db", str(db)],
                              capture_output=True, text=True)

    added = run("add", "--application", str(app.sequence), "--received", "2026-04-20",
                "--by", "Piet de Vries", "--about", "Het is geen privéfeest.")
    assert added.returncode == 0, added.stderr
    assert "Bezwaar 1: aanvraag" in added.stdout and "op tijd (laatste dag 23 april 2026)" in added.stdout
    assert "nog door te sturen naar het college" in added.stdout
    assert run("forward", "--id", "1", "--on", "2026-04-21").returncode == 0
    decided = run("outcome", "--id", "1", "--outcome", "well_founded", "--on", "2026-05-20")
    assert decided.returncode == 0 and "beslist: gegrond" in decided.stdout
    listed = run("list")
    assert listed.returncode == 0 and listed.stdout.count("Bezwaar ") == 1
    wrong = run("forward", "--id", "7")
    assert wrong.returncode == 1 and "Er is geen bezwaar 7" in wrong.stderr


def test_the_app_registers_an_objection_and_what_came_of_it(qtbot, register):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui import app as app_module
    from ui.objections_dialog import ObjectionsDialog

    app_module.make_application()
    app, made = refused(register)
    dialog = ObjectionsDialog(None, register, register.application(app.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.forward_button.isEnabled()
    for field, text in ((dialog.received, "2-4-2026"), (dialog.objector, "Piet de Vries")):
        field.selectAll()
        QTest.keyClicks(field, text)
    QTest.keyClicks(dialog.about, "Het is geen feest voor de familie.")
    QTest.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_label.text() == ""
    assert "2 april 2026, Piet de Vries: op tijd (laatste dag 21 april 2026)" in dialog.list.item(0).text()
    dialog.on.selectAll()
    QTest.keyClicks(dialog.on, "3-4-2026")
    QTest.mouseClick(dialog.forward_button, Qt.MouseButton.LeftButton)
    assert "bij het college sinds 3 april 2026" in dialog.list.item(0).text()
    assert not dialog.forward_button.isEnabled()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("unfounded"))
    QTest.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    assert "beslist: ongegrond" in dialog.list.item(0).text()
    # Nothing typed as a day: said in words, nothing recorded.
    dialog.received.selectAll()
    QTest.keyClicks(dialog.received, "gisteren")
    QTest.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert "is geen datum" in dialog.problem_label.text()
    assert len(objections.objections(register)) == 1


def test_the_app_says_at_once_that_an_undecided_application_has_nothing_to_object_to(
        qtbot, register):
    """The walk: the dialog let an objection be typed whole, and only then refused it."""
    from ui import app as app_module
    from ui.objections_dialog import ObjectionsDialog

    from .conftest import complete_application

    app_module.make_application()
    app = register.register_application(complete_application(register.wijken()[0].id))
    dialog = ObjectionsDialog(None, register, register.application(app.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "nog niet besloten" in dialog.problem_label.text()
    assert not dialog.objector.isEnabled() and not dialog.register_button.isEnabled()


def test_anonymising_removes_who_objected_and_what_they_wrote(register):
    from regiegroep.trust.privacy import anonymise

    app, _made = refused(register)
    made = objections.register_objection(register, app.sequence, dt.date(2026, 4, 1),
                                         "Piet de Vries", "Mijn buurman Jan is het ermee eens.",
                                         today=dt.date(2026, 6, 1))
    anonymise(register, [app.id])
    kept = objections.objection(register, made.id)
    assert (kept.objector, kept.about) == ("", "")
    assert kept.received_on == dt.date(2026, 4, 1)  # the record stays for the accounts


def test_an_objection_to_handle_is_in_sight_in_the_status_bar(qtbot, example_copy):
    from .test_ui import opened

    w = opened(qtbot, example_copy)
    assert "bezwa" not in w.deadline_label.text()
    decided = next(a for a in w.register.applications() if w.register.latest_decision(a.id))
    objections.register_objection(w.register, decided.sequence, dt.date.today(), "Piet de Vries",
                                  "Onterecht.")
    w.reread(decided.id)
    assert "1 bezwaar af te handelen" in w.deadline_label.text()


def test_the_persons_export_holds_the_objections_against_and_by_them(register, tmp_path):
    """AVG art. 15: what the register holds of a person includes the objections against the
    decisions on their applications and the objections they made on someone else's."""
    import json

    from regiegroep.exchange.export import person_export

    app, _made = refused(register)  # the applicant of complete_application
    theirs = register.application(app.id).applicant.name
    objections.register_objection(register, app.sequence, dt.date(2026, 3, 20), theirs,
                                  "Het feest is voor de hele straat.", today=dt.date(2026, 6, 1))
    other = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id, title="Van de buren"))
    other.applicant.name = "Kees de Vries"
    register.update_application(other)
    members = tuple(m.id for m in register.members())
    register.decide(other.id, Decision(Kind.REFUSED, dt.date(2026, 3, 11), members,
                                       refusal_grounds={"c": "Vooral voor de aanvrager."}))
    objections.register_objection(register, other.sequence, dt.date(2026, 3, 21),
                                  f"  {theirs.upper()} ", "Ik steun de buren.",
                                  today=dt.date(2026, 6, 1))
    out = tmp_path / "person.json"
    assert person_export(register, theirs, out) == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    against = doc["applications"][0]["objections"]
    assert [(o["application"], o["about"]) for o in against] == [
        (app.sequence, "Het feest is voor de hele straat.")]
    assert against[0]["objector"] == theirs
    assert [(o["application"], o["about"]) for o in doc["objections_made"]] == [
        (app.sequence, "Het feest is voor de hele straat."), (other.sequence, "Ik steun de buren.")]
    # A neighbour's objection against this person's decision: what it says, not who wrote it.
    objections.register_objection(register, app.sequence, dt.date(2026, 3, 22), "Piet Jansen",
                                  "Te veel lawaai.", today=dt.date(2026, 6, 1))
    person_export(register, theirs, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["applications"][0]["objections"][1]["about"] == "Te veel lawaai."
    assert "Piet Jansen" not in out.read_text(encoding="utf-8")


def test_the_history_says_in_words_that_the_letter_was_posted_and_an_objection_came(register):
    """The walk read 'letter_sent' in the Dutch history of an application."""
    from ui.detail import detail_html

    app, made = refused(register)
    record_sent(register, [made], dt.date(2026, 3, 12), today=dt.date(2026, 6, 1))
    objections.register_objection(register, app.sequence, dt.date(2026, 3, 20), "Piet de Vries",
                                  "Het is geen privéfeest.", today=dt.date(2026, 6, 1))
    shown = detail_html(register.application(app.id), [], register.events(app.id))
    assert "brief op de post" in shown and "bezwaar ontvangen" in shown
    assert "letter_sent" not in shown and "objection_received" not in shown
