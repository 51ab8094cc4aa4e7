"""Signing in, what each role can reach in the window, the lock after inactivity, the kiosk
(issue 3), as volunteers and residents use them (pytest-qt, offscreen)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from regiegroep import demo
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.errors import UserError
from regiegroep.applications.search import Filter
from regiegroep.register import Register
from ui import exchange, registers
from ui.application_form import ApplicationForm
from ui.check_wizard import CheckWizard

from .test_ui import example, example_copy, fill_form, opened, sign_in  # noqa: F401 (fixtures)

README = Path(__file__).resolve().parent.parent / "README.md"


def open_dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_readme_lists_the_example_people_and_their_pins(example):
    rows = re.findall(r"^\| ([^|]+?) \| (chair|secretary|member|cash manager|kiosk) \| (\d{4}) \|$",
                      README.read_text(encoding="utf-8"), re.MULTILINE)
    assert {name for name, _role, _pin in rows} == set(demo.PINS)
    with Register.open(example) as register:
        roles = {person.name: person.role for person in register.people()}
        for name, role, pin in rows:
            session = register.sign_in(name, pin)
            assert session.role == role.replace(" ", "_") == roles[name]


def test_nothing_of_the_register_shows_before_signing_in(qtbot, example_copy):
    w = opened(qtbot, example_copy, person=None)
    assert w.pages.currentWidget() is w.session.sign_in_page
    assert not w.table.isVisible() and w.model.rowCount() == 0
    assert not w.menus.register_toolbar.isVisible()
    assert not w.menus.export_action.isEnabled() and not w.menus.new_action.isEnabled()
    page = w.session.sign_in_page
    assert page.who.findText("Priya Ramdin") >= 0 and page.who.findText("Kiosk buurthuis") >= 0
    assert page.example.isVisibleTo(page)  # the example says its invented PINs
    assert "Joke van der Meer (voorzitter) 1111" in page.example.text()
    sign_in(qtbot, w, "Joke van der Meer", pin="9999")
    assert "Onjuiste pincode" in page.error.text()
    assert w.pages.currentWidget() is page and page.pin.text() == ""
    assert not w.integrity_checked  # the file is checked after signing in, beside the rows
    sign_in(qtbot, w, "Joke van der Meer")
    assert w.pages.currentWidget() is w.splitter and w.table.isVisible()
    assert w.model.total == 500
    qtbot.waitUntil(lambda: w.integrity_checked, timeout=20000)
    assert not w.read_only
    assert "Joke van der Meer (voorzitter)" in w.user_label.text()
    assert w.register.events()[-1].action == "signed_in"


def test_a_member_without_the_right_cannot_reach_a_decision(qtbot, example_copy):
    w = opened(qtbot, example_copy, person="Priya Ramdin")  # the cash manager
    assert w.pages.currentWidget() is w.splitter and w.model.total == 500  # may read
    w.table.selectRow(0)
    target = w.selected()
    for action in (w.menus.check_action, w.menus.edit_action, w.menus.delete_action, w.menus.new_action):
        assert not action.isEnabled()
    qtbot.keyClick(w.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    w.menus.check_action.trigger()
    w.applications.check_application()  # even called directly, the window does not open the check
    assert not any(isinstance(d, CheckWizard) for d in open_dialogs())
    decisions = len(w.register.decisions(target.id))
    with pytest.raises(UserError, match="mag dit hier niet"):  # nor does the core let it through
        w.register.decide(target.id, Decision(Kind.REFUSED, dt.date(2026, 3, 1), (1, 2, 3),
                                              refusal_grounds={"a": "test"}, reasons="test"))
    assert len(w.register.decisions(target.id)) == decisions
    # The same row for a member of the steering group: the check is there.
    w.session.lock()
    sign_in(qtbot, w, "Hasan Yıldız")
    w.table.selectRow(0)
    assert w.menus.check_action.isEnabled()


def test_the_window_locks_after_inactivity_and_closes_what_was_open(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    w.table.selectRow(0)
    w.session.watch.set_minutes(0.6 / 60)  # 0.6 seconds, for the test; a volunteer picks minutes
    # Someone still typing keeps it open.
    for _ in range(8):
        qtbot.keyClick(w.table, Qt.Key.Key_Down)
        qtbot.wait(150)
    assert w.pages.currentWidget() is w.splitter
    # A form left open with a resident's details, then nobody there.
    seen = []  # the form runs its own event loop: look from inside it
    QTimer.singleShot(0, w.applications.new_application)
    QTimer.singleShot(300, lambda: seen.extend(type(d) for d in open_dialogs()))
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.session.sign_in_page, timeout=5000)
    assert seen == [ApplicationForm]
    assert not open_dialogs()
    assert w.model.rowCount() == 0 and not w.table.isVisible()
    assert w.session.sign_in_page.heading.text() == "Vergrendeld"
    assert w.register.session.role == "nobody"
    with pytest.raises(UserError):
        w.register.applications(Filter(), limit=1)
    sign_in(qtbot, w, "Joke van der Meer")
    assert w.pages.currentWidget() is w.splitter and w.model.total == 500


def test_undo_history_stays_with_the_person_who_made_it(qtbot, example_copy, monkeypatch):
    w = opened(qtbot, example_copy)

    def accept_filled(form):
        fill_form(form, qtbot)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplicationForm, "exec", accept_filled)
    w.applications.new_application()
    assert w.undo_stack.canUndo()
    w.session.lock()
    assert not w.menus.undo_action.isEnabled()
    sign_in(qtbot, w, "Gerda Visser")
    assert not w.undo_stack.canUndo()


def test_the_kiosk_takes_applications_and_shows_nobodys_details(qtbot, example_copy, monkeypatch):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLineEdit

    from .test_ui_kiosk import apply_by_touch, shown_text

    w = opened(qtbot, example_copy, person="Kiosk buurthuis")
    # The window hands over to the kiosk: full screen, locked, its own screens.
    kiosk = w.session.kiosk_window
    assert kiosk is not None and kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert w.pages.currentWidget() is w.session.kiosk_page and not w.isVisible()
    assert not w.menuBar().isVisible() and not w.table.isVisible()
    assert w.model.rowCount() == 0
    assert not w.menus.export_action.isEnabled() and not w.menus.check_action.isEnabled()
    assert not w.menus.new_action.isEnabled()  # the old form, with its file button, is gone
    opened_files = []
    monkeypatch.setattr(registers, "open_file_name",
                        lambda *a, **k: opened_files.append(a) or "")
    qtbot.keyClick(w, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(kiosk, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    w.menus.open_action.trigger()
    assert not opened_files  # no way out of the kiosk to other files
    assert kiosk.isVisible() and w.register.session.role == "kiosk"
    with pytest.raises(UserError):  # the core refuses the kiosk any resident's details
        w.register.application(1)
    with pytest.raises(UserError):
        w.register.count(Filter(text="Jansen"))

    kiosk.show_screen("apply")
    before = dt.datetime.now().replace(second=0, microsecond=0)
    answers = {"name": "Fatma Yılmaz", "address": "Reigerstraat 12", "postcode": "1504 AB",
               "phone": "06-12345678", "title": "Straatfeest Reigerstraat",
               "description": "Een straatfeest.", "execution": "Wij organiseren het.",
               "planning": "In juni.", "liveability": "Buren leren elkaar kennen.",
               "cost_estimate": "450", "vouchers_requested": "1"}
    privacy = apply_by_touch(qtbot, kiosk, answers)
    assert "24 maanden" in privacy  # the resident can read what happens with their details
    apply = kiosk.screens["apply"]
    assert apply.reference == "501" and "501" in shown_text(kiosk)
    assert "Reigerstraat" not in shown_text(kiosk) and "Fatma" not in shown_text(kiosk)
    with Register.open(example_copy) as register:
        app = register.application_by_sequence(501)
        assert app.title == "Straatfeest Reigerstraat"
        assert before <= app.received_at <= dt.datetime.now()  # the clock set the moment
    # Left alone, the kiosk forgets the last resident but stays a kiosk.
    kiosk.idle.stop()
    kiosk._count_down()
    qtbot.waitUntil(lambda: kiosk.current() == "home", timeout=20000)
    qtbot.wait(10)  # the screens drawn before are gone
    assert apply.reference == "" and apply.answers == {} and "501" not in shown_text(kiosk)
    assert kiosk.isVisible() and w.register.session.role == "kiosk"
    # Leaving the kiosk needs a volunteer's PIN.
    qtbot.mousePress(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: kiosk.current() == "exit", timeout=5000)
    qtbot.mouseRelease(kiosk.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    leave = kiosk.screens["exit"]
    assert isinstance(leave.pin, QLineEdit)
    leave.name.setText("Joke van der Meer")
    leave.pin.setText("9999")
    leave.leave()
    assert kiosk.isVisible() and not w.isVisible() and w.register.session.role == "kiosk"
    leave.pin.setText(demo.PINS["Joke van der Meer"])
    leave.leave()
    qtbot.waitUntil(lambda: w.isVisible(), timeout=5000)
    assert not kiosk.isVisible() and w.session.kiosk_window is None
    assert w.register.session.name == "Joke van der Meer"
    assert w.pages.currentWidget() is w.splitter and w.model.total == 501


def granted_row(w):
    """The first application on the page whose decision in force gave vouchers that may
    still be paid from (not expired, something left), fetching further pages if need be:
    the oldest year's vouchers of the example have expired."""
    while w.model.canFetchMore():
        w.model.fetchMore()
    for row in range(w.model.rowCount()):
        app = w.model.application_at(row)
        decision = w.register.latest_decision(app.id)
        if decision is not None and decision.amount_granted and w.register.vouchers(app.id):
            return row, app, decision
    raise AssertionError("the example has granted applications")


def test_the_cash_manager_redeems_a_voucher_in_the_window(qtbot, example_copy, monkeypatch):
    from ui.redeem_dialog import RedeemDialog

    w = opened(qtbot, example_copy, person="Priya Ramdin")
    row, app, decision = granted_row(w)
    w.table.selectRow(row)
    assert w.menus.redeem_action.isEnabled() and not w.menus.check_action.isEnabled()
    before = len(w.register.payments(app.id))

    def pay(dialog):
        dialog.in_cash.setChecked(True)
        assert not dialog.payee.isVisibleTo(dialog)  # cash goes to the voucher holder
        qtbot.keyClicks(dialog.amount, "600")
        dialog.accept()  # more than EUR 500 in cash: refused, the dialog stays
        assert "500,00" in dialog.error.text() and dialog.payment is None
        dialog.amount.clear()
        qtbot.keyClicks(dialog.amount, "125,50")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RedeemDialog, "exec", pay)
    w.menus.redeem_action.trigger()
    payments = w.register.payments(app.id)
    assert len(payments) == before + 1
    assert (payments[-1].amount, payments[-1].way, payments[-1].paid_by) == (
        Decimal("125.50"), "cash", "Priya Ramdin")
    assert "Vouchers (art. 9)" in w.detail.toPlainText() or "Vouchers" in w.detail.toPlainText()
    assert "125,50" in w.detail.toPlainText()


def test_a_member_redeems_only_on_the_cash_managers_behalf(qtbot, example_copy, monkeypatch):
    from ui.redeem_dialog import RedeemDialog

    w = opened(qtbot, example_copy, person="Gerda Visser")
    row, app, decision = granted_row(w)
    w.table.selectRow(row)
    notes = []

    def pay(dialog):
        notes.extend(label.text() for label in dialog.findChildren(QLabel))
        qtbot.keyClicks(dialog.amount, "10")
        qtbot.keyClicks(dialog.payee, "Bouwmarkt Zaandam")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RedeemDialog, "exec", pay)
    w.menus.redeem_action.trigger()
    assert any("namens de kasbeheerder" in note for note in notes)
    last = w.register.payments(app.id)[-1]
    assert (last.paid_by, last.on_behalf_of, last.payee) == ("Gerda Visser", "Priya Ramdin",
                                                             "Bouwmarkt Zaandam")


def test_a_group_gives_itself_pins_in_the_app(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from regiegroep.budgets import Municipality
    from ui.people_dialog import PeopleDialog, PersonDialog, PinDialog

    path = tmp_path / "eigen.sqlite"
    with Register.open(path) as register:
        register.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal("300000"))
    w = opened(qtbot, path)
    assert w.pages.currentWidget() is w.splitter and w.menus.people_action.isEnabled()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)

    def add(dialog):
        qtbot.keyClicks(dialog.name, "Joke van der Meer")
        dialog.role.setCurrentIndex(dialog.role.findData("chair"))
        dialog.accept()
        return dialog.result()

    def pin(dialog):
        qtbot.keyClicks(dialog.pin, "1357")
        qtbot.keyClicks(dialog.again, "1375")
        dialog.accept()
        assert "verschillen" in dialog.error.text()
        dialog.again.clear()
        qtbot.keyClicks(dialog.again, "1357")
        dialog.accept()
        return dialog.result()

    def manage(dialog):
        dialog.add()
        dialog.table.selectRow(0)
        dialog.set_pin()
        assert dialog.table.item(0, 2).text() == "ingesteld"
        return 0

    monkeypatch.setattr(PersonDialog, "exec", add)
    monkeypatch.setattr(PinDialog, "exec", pin)
    monkeypatch.setattr(PeopleDialog, "exec", manage)
    w.menus.people_action.trigger()
    assert w.register.requires_sign_in()
    w.menus.lock_action.trigger()
    assert w.pages.currentWidget() is w.session.sign_in_page
    assert [w.session.sign_in_page.who.itemText(i) for i in range(w.session.sign_in_page.who.count())] == [
        "Joke van der Meer"]
    assert not w.session.sign_in_page.example.isVisibleTo(w.session.sign_in_page)  # a real group's PINs: never
    sign_in(qtbot, w, "Joke van der Meer", pin="1357")
    assert w.pages.currentWidget() is w.splitter


def test_an_import_in_the_window_is_recorded_as_the_person_signed_in(qtbot, example_copy,
                                                                     tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    sheet = tmp_path / "aanvragen.csv"
    sheet.write_text("received_at;wijk;applicant_kind;applicant_name;title\n"
                     "2-3-2026;Poelenburg;resident;Fatma Yılmaz;Bankje bij de speeltuin\n",
                     encoding="utf-8")
    w = opened(qtbot, example_copy, person="Hasan Yıldız")
    monkeypatch.setattr(exchange, "open_file_name", lambda *a, **k: str(sheet))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    w.menus.import_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert "1 aanvraag geïmporteerd" in told[0]
    with Register.open(example_copy) as register:
        new = register.application_by_sequence(501)
        assert new.title == "Bankje bij de speeltuin"
        assert register.events(new.id)[0].actor == "Hasan Yıldız"


def test_switching_language_keeps_the_person_signed_in(qtbot, example_copy):
    from regiegroep import i18n
    from ui import app as app_module

    w = opened(qtbot, example_copy, person="Marieke Bakker")
    w.switch_language("en")
    try:
        new = app_module.windows[0]
        qtbot.addWidget(new)
        assert new is not w and new.pages.currentWidget() is new.splitter
        assert new.register.session.name == "Marieke Bakker"
        assert "Signed in: Marieke Bakker (secretary)" in new.user_label.text()
        qtbot.waitUntil(lambda: new.integrity_checked, timeout=20000)
    finally:
        app_module.apply_language(QApplication.instance(), "nl")
        assert i18n.current_language() == "nl"


def test_residents_voting_on_the_example_see_no_pins(qtbot, tmp_path):
    """The example register's sign-in page lists its invented PINs; while residents vote on
    the laptop the page around the vote screen shows none of them."""
    from regiegroep import demo
    from ui.main_window import MainWindow

    path = tmp_path / "example.sqlite"
    demo.write_demo(path, 30)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_register(path)
    page = window.session.sign_in_page
    assert not page.example.isHidden() and "1111" in page.example.text()
    window.session.ask_sign_in(voting=True)
    assert page.example.isHidden() and page.heading.text() == "Bewoners stemmen"
