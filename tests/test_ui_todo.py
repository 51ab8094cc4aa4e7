"""Issue 21: the group's to-do list, the backups' warning, and smaller mends (Ctrl+L from the
budget view, an association's contact person, reasons in the person's language)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)


def test_the_to_do_list_opens_the_application_of_its_line(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    assert w.menus.todo_action.isEnabled()
    seen = {}

    def act():
        dialog = QApplication.activeModalWidget()
        qtbot.waitUntil(dialog.isActiveWindow)  # the keys go to the list, not the window behind
        seen["lines"] = list(dialog.lines)
        seen["rows"] = dialog.table.rowCount()
        dialog.table.setFocus()
        row = next(i for i, line in enumerate(dialog.lines) if line.kind == "decision_due")
        qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
        for _down in range(row):
            qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        seen["chosen"] = dialog.lines[row]
        seen["current"] = dialog.table.currentRow()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        seen["after"] = (dialog.chosen, dialog.isVisible())

    QTimer.singleShot(50, act)
    w.menus.todo_action.trigger()
    kinds = {line.kind for line in seen["lines"]}
    assert seen["rows"] == len(seen["lines"]) > 0
    assert {"decision_due", "backup"} <= kinds  # the example is behind, and has no backups
    assert seen["after"] == (seen["chosen"], False)
    assert w.selected().id == seen["chosen"].application_id


def _open_line(qtbot, w, kind: str, seen: dict, then) -> None:
    """Open the to-do list, go to its first line of ``kind`` with the keys and press Enter,
    noting the line and its text in ``seen``; ``then`` answers what the line opens."""

    def act():
        dialog = QApplication.activeModalWidget()
        qtbot.waitUntil(dialog.isActiveWindow)
        row = next(i for i, line in enumerate(dialog.lines) if line.kind == kind)
        seen["line"] = dialog.lines[row]
        seen["shown"] = dialog.table.item(row, 1).text()
        dialog.table.setFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
        for _down in range(row):
            qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        QTimer.singleShot(50, then)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    QTimer.singleShot(50, act)
    w.menus.todo_action.trigger()


def _missed(register):
    """The example's consultation planned for 6-13 November 2026 and never opened."""
    from regiegroep import consultations as cons

    return next(c for c in cons.consultations(register)
                if c.status == "planned" and cons.period_over(c, dt.date.today()))


def test_a_referral_waiting_opens_the_planning_of_a_consultation_for_it(qtbot, example_copy):
    """Its line says what to do, and Enter begins planning one for it, in its neighbourhood
    (the walk found the line silent, and Enter showed the application in the register)."""
    from regiegroep import consultations as cons
    from ui.consultation_list import ConsultationsDialog
    from ui.consultations import PlanDialog

    w = opened(qtbot, example_copy)
    missed = _missed(w.register)
    cons.cancel(w.register, missed.id, "Niemand heeft de stemming geopend")
    seen = {}

    def planning():
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PlanDialog))
        plan = QApplication.activeModalWidget()
        qtbot.waitUntil(plan.isActiveWindow)
        seen["wijk"] = plan.wijk.currentData()
        seen["listed"] = [plan.initiatives.item(i).data(Qt.ItemDataRole.UserRole)
                          for i in range(plan.initiatives.count())]
        qtbot.keyClick(plan, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(),
                                           ConsultationsDialog))
        qtbot.keyClick(QApplication.activeModalWidget().list, Qt.Key.Key_Escape)

    _open_line(qtbot, w, "referral_waiting", seen, planning)
    waiting = w.register.application(seen["line"].application_id)
    assert "wacht sinds" in seen["shown"] and "plan er een voor" in seen["shown"]
    assert seen["wijk"] == waiting.wijk_id and waiting.id in seen["listed"]
    assert QApplication.activeModalWidget() is None  # both closed: back at the register


def test_a_consultation_past_its_period_is_not_opened_and_a_message_stays_with_its_own(
        qtbot, example_copy):
    """The walk: "Open voting" was offered for the consultation whose period had passed and
    then asked for codes; and what was said of one consultation stayed under the next."""
    from regiegroep import consultations as cons
    from ui.consultation_list import ConsultationsDialog

    w = opened(qtbot, example_copy)
    missed = _missed(w.register)
    dialog = ConsultationsDialog(w.register, w)
    qtbot.addWidget(dialog)
    dialog.show()
    with cons.voting_on(dt.date.today()):  # the tests' own voting day is in April
        dialog.refresh(missed.id)
        assert not dialog.buttons["open"].isEnabled()
        assert not dialog.buttons["codes"].isEnabled()
        assert dialog.buttons["cancel"].isEnabled()
        running = next(i for i in range(dialog.list.count()) if i != dialog.list.currentRow()
                       and "stemmen" in dialog.list.item(i).text())
        dialog.list.setCurrentRow(running)
        qtbot.mouseClick(dialog.buttons["close"], Qt.MouseButton.LeftButton)
        assert "gesloten" in dialog.said.text()  # said of the one closed, while it is chosen
        qtbot.keyClick(dialog.list, Qt.Key.Key_Home)  # another consultation chosen
        assert dialog.current().id != dialog.list.item(running).data(Qt.ItemDataRole.UserRole)
        assert dialog.said.text() == ""


def test_a_consultation_whose_voting_ended_opens_in_the_consultations(qtbot, example_copy):
    """The example's autumn consultation still runs after its voting period (2 November
    2026): the list says to close and count it, and Enter opens it in the consultations."""
    from ui.consultation_list import ConsultationsDialog

    w = opened(qtbot, example_copy)
    seen = {}

    def consultations():
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConsultationsDialog))
        dialog = QApplication.activeModalWidget()
        qtbot.waitUntil(dialog.isActiveWindow)
        seen["current"] = dialog.current().id
        seen["status"] = dialog.current().status
        seen["close enabled"] = dialog.buttons["close"].isEnabled()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)

    _open_line(qtbot, w, "consultation_ended", seen, consultations)
    assert "Wijkraadpleging najaar" in seen["shown"] and "2 november 2026" in seen["shown"]
    assert "sluit de stemming" in seen["shown"]
    assert seen["current"] == seen["line"].consultation_id
    assert (seen["status"], seen["close enabled"]) == ("running", True)
    assert QApplication.activeModalWidget() is None  # both closed: back at the register


def test_the_to_do_facts_come_from_the_core_a_year_on(example_copy):
    from regiegroep.register import Register

    with Register.open(example_copy) as register:
        later = register.to_do(dt.date.today() + dt.timedelta(days=700))
        kinds = {line.kind for line in later}
        assert {"voucher_expired", "accounts_missing", "decision_due"} <= kinds
        assert all(line.text for line in later)


def test_stale_backups_are_said_in_the_status_bar_until_a_backup_is_made(qtbot, example_copy,
                                                                        tmp_path):
    w = opened(qtbot, example_copy)
    QSettings().setValue("backup/folder", str(tmp_path / "usb"))
    w.filters.show_deadline_counts()
    assert "nog geen reservekopie" in w.deadline_label.text()
    w.exchange.backup_now()
    assert "reservekopie" not in w.deadline_label.text()
    from regiegroep.todo import backup_warning

    week_on = dt.datetime.now() + dt.timedelta(days=9)
    assert "9 dagen oud" in backup_warning(tmp_path / "usb", example_copy.stem, week_on)


def test_ctrl_l_locks_from_the_budget_view(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    w.menus.glance_action.trigger()
    glance = w.manage.glance
    glance.activateWindow()
    qtbot.keyClick(glance, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.pages.currentWidget() is w.session.sign_in_page


def test_an_association_may_name_its_contact_person(qtbot, example_copy):
    from regiegroep.model import ApplicantKind
    from ui.application_form import ApplicationForm

    w = opened(qtbot, example_copy)
    form = ApplicationForm(w.register.wijken(), parent=w)
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.LEGAL_ENTITY.value))
    assert form.contact_person.isEnabled()
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.RESIDENT.value))
    assert not form.contact_person.isEnabled()


def test_a_voucher_voided_by_a_correction_says_so_in_dutch():
    from regiegroep.vouchers.issuing import void_reason_text as reason_text

    assert reason_text("corrected decision") == "het besluit is gecorrigeerd"
    assert reason_text("verloren") == "verloren"


def test_a_file_dialog_starts_where_the_last_document_went(qtbot, tmp_path):
    from pathlib import Path

    from ui import app as app_module
    from ui.file_dialogs import remember_folder, start_folder

    app_module.make_application()
    QSettings().clear()
    suggestion = str(Path.home() / "brief-12.pdf")
    assert start_folder(suggestion) == suggestion  # nothing chosen yet: as suggested
    (tmp_path / "brieven").mkdir()
    remember_folder(str(tmp_path / "brieven" / "brief-11.pdf"))
    assert start_folder(suggestion) == str(tmp_path / "brieven" / "brief-12.pdf")
    assert start_folder("") == str(tmp_path / "brieven")
    assert start_folder(str(tmp_path)) == str(tmp_path)  # a folder of the caller's own


def test_enter_or_delete_meant_for_a_dialog_never_acts_behind_it(qtbot, example_copy):
    """The table's Enter (open) and Delete reached through the window's shortcuts while a
    dialog is in front, as a key typed before the dialog is active does: nothing opens."""
    from ui.application_form import ApplicationForm

    w = opened(qtbot, example_copy)
    opened_behind = []

    def close_any_form():  # without the guard the form would wait for an answer
        modal = QApplication.activeModalWidget()
        if isinstance(modal, (ApplicationForm, QInputDialog)):
            opened_behind.append(type(modal).__name__)
            modal.reject()

    guard = QTimer(interval=30)
    guard.timeout.connect(close_any_form)

    def act():
        dialog = QApplication.activeModalWidget()
        guard.start()
        w.menus.edit_action.trigger()
        w.menus.delete_action.trigger()
        guard.stop()
        dialog.reject()

    QTimer.singleShot(50, act)
    w.menus.todo_action.trigger()
    assert opened_behind == []
