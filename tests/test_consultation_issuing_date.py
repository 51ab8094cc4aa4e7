"""Issue 21, 11: a consultation planned to end after the last day the ordinance in force
lets vouchers be issued (Art. 5.7) is warned of: by the core, by `consultation plan` on the
command line, and by the plan dialog before it saves (go on, or change the date)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from PySide6.QtCore import Qt, QTimer

from regiegroep import consultations as cons
from regiegroep.consultations import Consultation
from regiegroep.i18n import format_date
from regiegroep.register import Register

from .test_consultations import referred_register


def _last_issue(register, app_id) -> dt.date:
    app = register.application(app_id)
    return register.ordinance_for(app.wijk_id, app.year).last_issue_date


def test_the_core_warns_of_an_end_after_the_last_issuing_date(register):
    wijk, _members, ids = referred_register(register)
    last = _last_issue(register, ids[0])
    in_time = Consultation(wijk, "Raadpleging", "meeting", last - dt.timedelta(days=13), last,
                           tuple(ids))
    assert cons.issuing_warning(register, in_time) is None
    late = Consultation(wijk, "Raadpleging", "meeting", last - dt.timedelta(days=5),
                        last + dt.timedelta(days=1), tuple(ids))
    warning = cons.issuing_warning(register, late)
    assert format_date(last) in warning and format_date(last + dt.timedelta(days=1)) in warning
    assert "art. 5.7" in warning
    assert cons.consultations(register) == []  # a warning plans nothing


def cli(*args):
    return subprocess.run([sys.executable, "-m", "regiegroep", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_consultation_plan_on_the_command_line_says_the_warning(register, tmp_path):
    wijk, _members, ids = referred_register(register)
    last = _last_issue(register, ids[0])
    sequences = [register.application(i).sequence for i in ids]
    path = register.path
    out = cli("consultation", "plan", "--db", path, "--wijk", "Poelenburg", "--title",
              "Najaar", "--from", last - dt.timedelta(days=20), "--to", last,
              "--application", sequences[0])
    assert out.returncode == 0, out.stderr
    assert "art. 5.7" not in out.stderr and "Najaar" in out.stdout
    out = cli("consultation", "plan", "--db", path, "--wijk", "Poelenburg", "--title",
              "Winter", "--from", last - dt.timedelta(days=3), "--to",
              last + dt.timedelta(days=10))
    assert out.returncode == 0, out.stderr
    assert "art. 5.7" in out.stderr and format_date(last) in out.stderr
    assert "Traceback" not in out.stderr
    with Register.open(path) as again:
        planned = {c.title: c for c in cons.consultations(again)}
        assert set(planned) == {"Najaar", "Winter"}
        assert planned["Winter"].application_ids == tuple(ids[1:])  # every one still waiting
        assert any(e.action == "consultation planned" and e.actor != "desktop"
                   for e in again.events())
    out = cli("consultation", "plan", "--db", path, "--wijk", "Nergens", "--title", "X",
              "--from", "2026-04-01", "--to", "2026-04-02")
    assert out.returncode == 1 and "Nergens" in out.stderr and "Traceback" not in out.stderr


def test_the_plan_dialog_warns_and_asks_to_go_on_or_change_the_date(qtbot, register):
    from ui import app as app_module
    from ui.consultations import PlanDialog

    app_module.make_application()
    wijk, _members, ids = referred_register(register)
    last = _last_issue(register, ids[0])
    dialog = PlanDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wijk.setCurrentIndex(dialog.wijk.findText("Poelenburg"))
    assert dialog.initiatives.count() == len(ids)
    qtbot.keyClicks(dialog.title, "Wijkraadpleging winter")
    dialog.starts.clear()
    qtbot.keyClicks(dialog.starts, (last - dt.timedelta(days=3)).strftime("%d-%m-%Y"))
    dialog.ends.clear()
    qtbot.keyClicks(dialog.ends, (last + dt.timedelta(days=7)).strftime("%d-%m-%Y"))
    seen = []

    def answer(which: str):
        def look():
            box = dialog.warning_box
            if box is None or not box.isVisible():
                QTimer.singleShot(20, look)
                return
            seen.append(box.text())
            button = next(b for b in box.buttons() if b.text().replace("&", "") == which)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, look)

    from PySide6.QtWidgets import QDialogButtonBox

    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    answer("Datum aanpassen")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert seen, dialog.error.text()
    assert format_date(last) in seen[-1] and "art. 5.7" in seen[-1]
    assert dialog.isVisible() and dialog.planned is None and cons.consultations(register) == []
    assert dialog.focusWidget() is dialog.ends  # back on the date to change
    # A date in time: planned without a word.
    qtbot.keyClicks(dialog.ends, last.strftime("%d-%m-%Y"))
    count = len(seen)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert len(seen) == count and dialog.planned is not None
    assert dialog.planned.ends_on == last


def test_the_plan_dialog_plans_anyway_when_asked(qtbot, register):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui import app as app_module
    from ui.consultations import PlanDialog

    app_module.make_application()
    wijk, _members, ids = referred_register(register)
    last = _last_issue(register, ids[0])
    dialog = PlanDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wijk.setCurrentIndex(dialog.wijk.findText("Poelenburg"))
    assert dialog.initiatives.count() == len(ids)
    qtbot.keyClicks(dialog.title, "Wijkraadpleging winter")
    dialog.starts.clear()
    qtbot.keyClicks(dialog.starts, (last - dt.timedelta(days=3)).strftime("%d-%m-%Y"))
    dialog.ends.clear()
    qtbot.keyClicks(dialog.ends, (last + dt.timedelta(days=7)).strftime("%d-%m-%Y"))

    def go_on():
        box = dialog.warning_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, go_on)
            return
        button = next(b for b in box.buttons() if b.text().replace("&", "") == "Toch plannen")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, go_on)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.planned is not None and dialog.planned.ends_on == last + dt.timedelta(days=7)
    assert [c.title for c in cons.consultations(register)] == ["Wijkraadpleging winter"]
