"""The main window as a volunteer uses it (pytest-qt, offscreen)."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLabel, QMessageBox

from regiegroep import demo
from regiegroep.model import Status
from regiegroep.applications.search import Filter
from regiegroep.register import Register
from ui import app as app_module
from ui.application_form import ApplicationForm
from ui.main_window import MainWindow
from ui.register_model import RegisterModel
from ui.setup_dialog import SetupDialog


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("example") / "voorbeeld.sqlite"
    demo.write_demo(path, 500)
    return path


@pytest.fixture
def example_copy(example, tmp_path):
    copy = tmp_path / "register.sqlite"
    copy.write_bytes(example.read_bytes())
    return copy


def opened(qtbot, path, clear_settings=True, person="Joke van der Meer") -> MainWindow:
    """A shown main window on ``path``, once its background checks are done; on a register
    with PINs (the example's, as README lists them) ``person`` signs in first."""
    app_module.make_application()
    if clear_settings:
        QSettings().clear()
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_register(path, first_start_dialog=False)
    if person and w.pages.currentWidget() is w.session.sign_in_page:
        sign_in(qtbot, w, person)
    if w.pages.currentWidget() is not w.session.sign_in_page:  # checked once someone signed in
        qtbot.waitUntil(lambda: w.integrity_checked, timeout=20000)
    qtbot.waitUntil(lambda: w.chrome_built)  # menus come right after the first paint
    return w


def sign_in(qtbot, w, person, pin=None):
    """Choose the name and type the PIN, as a volunteer does."""
    page = w.session.sign_in_page
    page.who.setCurrentIndex(page.who.findText(person))
    qtbot.keyClicks(page.pin, pin or demo.PINS[person])
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)


@pytest.fixture
def window(qtbot, example_copy):
    return opened(qtbot, example_copy)


def column_texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_register_shows_in_order_of_receipt_and_pages_in(window):
    model = window.model
    assert model.total == 500
    assert model.rowCount() == RegisterModel.FIRST_PAGE  # not all 500 at once
    assert column_texts(model, 0)[:3] == ["1", "2", "3"]
    header = window.table.horizontalHeader()
    assert header.model().headerData(4, Qt.Orientation.Horizontal) == "Initiatief"
    assert header.count() == model.columnCount()
    model.fetchMore()
    assert model.rowCount() == RegisterModel.FIRST_PAGE + RegisterModel.PAGE
    assert "500 aanvragen" in window.count_label.text()
    assert not window.read_only


def test_search_as_you_type(window, qtbot):
    qtbot.keyClicks(window.filters.search, "zaalvoetbal")
    qtbot.waitUntil(lambda: window.model.total < 500)
    expected = Register.open(window.register.path).count(Filter(text="zaalvoetbal"))
    assert window.model.total == expected > 0
    assert all("Sporthal" in t for t in column_texts(window.model, 4))
    window.filters.search.clear()
    qtbot.waitUntil(lambda: window.model.total == 500)


def test_filters_and_sorting(window):
    window.filters.status_filter.setCurrentIndex(window.filters.status_filter.findData(Status.REFUSED.value))
    assert window.model.total > 0
    assert set(column_texts(window.model, 8)) == {"Geweigerd"}
    window.filters.clear_filters()
    assert window.model.total == 500
    window.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    costs = [window.model.application_at(r).cost_estimate or Decimal(0) for r in range(50)]
    assert costs == sorted(costs, reverse=True)


def test_detail_view_shows_what_is_missing(window, qtbot):
    row = next(r for r in range(window.model.rowCount())
               if window.model.application_at(r).status is Status.INCOMPLETE)
    window.table.selectRow(row)
    qtbot.waitUntil(lambda: "Ontbreekt nog (art. 4.2)" in window.detail.toHtml())


def fill_form(form: ApplicationForm, qtbot, cost="1.850,00"):
    form.applicant_name.setText("Fatma Yılmaz")  # QTest types ASCII only
    qtbot.keyClicks(form.address, "Reigerstraat 12")
    qtbot.keyClicks(form.phone, "06-12345678")
    form.signed.setChecked(True)
    qtbot.keyClicks(form.title, "Straatfeest Reigerstraat")
    qtbot.keyClicks(form.description, "Een feest voor de straat")
    qtbot.keyClicks(form.execution, "Bewoners koken")
    qtbot.keyClicks(form.planning, "13 juni")
    qtbot.keyClicks(form.liveability, "Buren leren elkaar kennen")
    qtbot.keyClicks(form.cost_estimate, cost)
    form.vouchers.setValue(1)
    form.other_subsidy.setCurrentIndex(1)


def test_the_intake_form_says_what_is_wrong_and_what_is_missing(window, qtbot):
    form = ApplicationForm(window.register.wijken(), parent=window)  # closed with the window
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()  # an empty form may be saved: it is registered as incomplete
    assert "De kostenraming ontbreekt." in form.missing.text()
    qtbot.keyClicks(form.cost_estimate, "veel")
    assert not save.isEnabled()
    assert "geen bedrag" in form._errors["cost_estimate"].text()
    assert form._errors["cost_estimate"].isVisibleTo(form)
    form.cost_estimate.clear()
    fill_form(form, qtbot)
    assert save.isEnabled() and form.problems() == {}
    assert "Compleet" in form.missing.text()
    app = form.application()
    assert app.cost_estimate == Decimal("1850.00") and app.other_subsidy is False


def test_new_application_then_undo_and_redo(window, qtbot, monkeypatch):
    def accept_filled(form):
        fill_form(form, qtbot)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplicationForm, "exec", accept_filled)
    window.applications.new_application()
    assert window.model.total == 501
    new = window.selected()
    assert new.sequence == 501 and new.title == "Straatfeest Reigerstraat"
    assert new.status is Status.RECEIVED
    window.undo_stack.undo()
    assert window.model.total == 500
    assert window.register.is_deleted(new.id)  # undone, and on record
    assert window.register.events(new.id)[-1].action == "deleted"
    window.undo_stack.redo()
    assert window.model.total == 501


def test_editing_can_be_undone(window, qtbot, monkeypatch):
    window.table.selectRow(0)
    original = window.selected()

    def change_title(form):
        form.title.setText("Nieuwe titel")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ApplicationForm, "exec", change_title)
    window.applications.edit_application()
    assert window.register.application(original.id).title == "Nieuwe titel"
    window.undo_stack.undo()
    assert window.register.application(original.id).title == original.title
    actions = [e.action for e in window.register.events(original.id)]
    assert actions[-2:] == ["changed", "changed"]


def test_the_history_names_what_changed_in_the_forms_words(window):
    """The walk saw "gewijzigd: cost_estimate, vouchers_requested" on a Dutch screen."""
    import dataclasses

    from regiegroep.applications import update_application
    from ui.detail import detail_html

    from decimal import Decimal

    window.table.selectRow(0)
    app = window.register.application(window.selected().id)
    changed = dataclasses.replace(app, cost_estimate=(app.cost_estimate or Decimal(0)) + 100,
                                  applicant=dataclasses.replace(app.applicant, phone="06-12345678"))
    update_application(window.register, changed)
    text = QTextDocument()
    text.setHtml(detail_html(window.register.application(app.id), [],
                             window.register.events(app.id)))
    shown = text.toPlainText()
    assert "gewijzigd: Kostenraming, Telefoon" in shown or \
        "gewijzigd: Telefoon, Kostenraming" in shown, shown[-300:]
    assert "cost_estimate" not in shown and "applicant_phone" not in shown


def test_deleting_asks_first_and_can_be_undone(window, monkeypatch):
    window.table.selectRow(0)
    target = window.selected()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    window.applications.delete_application()
    assert window.model.total == 500  # cancelled: nothing happened
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Dubbel ingevoerd", True))
    window.applications.delete_application()
    assert window.model.total == 499
    assert window.register.events(target.id)[-1].details["reason"] == "Dubbel ingevoerd"
    window.undo_stack.undo()
    assert window.model.total == 500 and not window.register.is_deleted(target.id)


def test_the_window_remembers_its_size_and_register(qtbot, example_copy):
    first = opened(qtbot, example_copy)
    first.resize(760, 540)
    qtbot.waitUntil(lambda: first.size().width() == 760)
    first.close()
    assert QSettings().value("last_register") == str(example_copy.resolve())
    second = MainWindow()
    qtbot.addWidget(second)
    second.restore_window()
    second.show()
    assert (second.width(), second.height()) == (760, 540)


def test_the_first_window_fits_the_screen(qtbot):
    """On a first start (nothing remembered) the window opens at its default size, but
    never larger than the screen: a volunteer's 1366x768 laptop shows all of it."""
    app_module.make_application()
    QSettings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    window.restore_window()
    screen = window.screen().availableGeometry()  # 800x800 offscreen
    assert 0 < window.width() <= screen.width() and 0 < window.height() <= screen.height()
    assert window.width() < 1280  # smaller than the default here, so it was fitted


def test_first_start_on_an_empty_register_offers_set_up(qtbot, tmp_path, monkeypatch):
    app_module.make_application()
    QSettings().clear()

    def set_up_own(dialog):
        dialog.municipality.setText("Zaanstad")
        dialog.wijk.setText("Poelenburg")
        dialog.amount.setText("300.000")
        dialog.reservation.setText("15.000")
        dialog.choice = "own"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SetupDialog, "exec", set_up_own)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_register(tmp_path / "nieuw.sqlite")
    qtbot.waitUntil(lambda: window.register.is_set_up(), timeout=5000)
    budget = window.register.budgets()[0]
    assert (budget.wijk, budget.amount, budget.ceiling) == ("Poelenburg", Decimal("300000.00"),
                                                            Decimal("285000.00"))
    assert window.menus.new_action.isEnabled()


def test_setup_dialog_refuses_too_large_a_reservation(qtbot):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.municipality.setText("Zaanstad")
    dialog.wijk.setText("Poelenburg")
    dialog.amount.setText("100.000")
    dialog.reservation.setText("20.000")
    dialog._save()
    assert dialog.choice is None and "10%" in dialog.error.text()


def test_a_file_that_is_no_register_is_explained(qtbot, tmp_path, monkeypatch):
    app_module.make_application()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = MainWindow()
    qtbot.addWidget(window)
    bogus = tmp_path / "boodschappen.sqlite"
    bogus.write_text("melk, brood, kaas" * 100)
    assert not window.open_register(bogus)
    assert shown and "geen Regiegroep-register" in shown[0]
    assert not window.menus.new_action.isEnabled()


def test_a_damaged_register_opens_read_only(qtbot, example_copy, monkeypatch):
    with Register.open(example_copy) as reg:
        root = reg.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'application_by_theme'").fetchone()[0]
        page = reg.conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(example_copy.read_bytes())
    data[(root - 1) * page:root * page] = b"\x5a" * page
    example_copy.write_bytes(bytes(data))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    window = opened(qtbot, example_copy)
    assert window.read_only and shown and "beschadigd" in shown[0]
    assert not window.menus.new_action.isEnabled() and not window.menus.import_action.isEnabled()
    assert window.menus.export_action.isEnabled()


def test_the_models_role_numbers_are_qts():
    from ui import register_model as rm

    assert rm.DISPLAY_ROLE == Qt.ItemDataRole.DisplayRole.value
    assert rm.TOOLTIP_ROLE == Qt.ItemDataRole.ToolTipRole.value
    assert rm.ALIGNMENT_ROLE == Qt.ItemDataRole.TextAlignmentRole.value
    assert rm.FOREGROUND_ROLE == Qt.ItemDataRole.ForegroundRole.value
    assert rm.ID_ROLE == Qt.ItemDataRole.UserRole.value + 1
    assert rm.ALIGN_RIGHT_MIDDLE == (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


def test_a_broken_audit_trail_is_said_plainly_and_opens_read_only(qtbot, example_copy, monkeypatch):
    import sqlite3

    app_module.make_application()
    with Register.open(example_copy):
        pass  # brings the copy to the current schema
    conn = sqlite3.connect(example_copy)
    conn.execute("DROP TRIGGER event_append_only_update")
    conn.execute("UPDATE event SET actor = 'iemand anders' WHERE id = 4")
    conn.commit()
    conn.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    window = opened(qtbot, example_copy)
    assert window.read_only
    assert shown and "auditspoor is verbroken bij vermelding 4" in shown[0]


def test_open_applications_show_their_decision_deadline(window, qtbot):
    from ui.register_model import DEADLINE_COLUMN

    model = window.model
    rows = [r for r in range(model.rowCount())]
    waiting = next(r for r in rows if model.application_at(r).status is Status.RECEIVED)
    decided = next(r for r in rows if model.application_at(r).status is Status.GRANTED)
    cell = model.index(waiting, DEADLINE_COLUMN)
    assert cell.data()  # a date, e.g. "3 feb 2025"
    # The example's applications were received in 2025-2026: long overdue by now, in red.
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert "vier" in cell.data(Qt.ItemDataRole.ToolTipRole) or "4 weken" in cell.data(
        Qt.ItemDataRole.ToolTipRole)
    assert model.index(decided, DEADLINE_COLUMN).data() == ""


def test_closing_the_app_makes_a_backup_in_the_chosen_folder(qtbot, example_copy, tmp_path):
    from regiegroep.trust import backup

    app_module.make_application()
    QSettings().clear()
    QSettings().setValue("backup/folder", str(tmp_path / "usb"))
    window = opened(qtbot, example_copy, clear_settings=False)
    window.exchange.backup_if_due()
    assert len(backup.backups(tmp_path / "usb", example_copy.stem)) == 1
    window.exchange.backup_if_due()  # not due again within the day
    assert len(backup.backups(tmp_path / "usb", example_copy.stem)) == 1
    window.close()
    kept = backup.backups(tmp_path / "usb", example_copy.stem)
    assert 1 <= len(kept) <= 2
    with Register.open(kept[-1][1]) as copy:
        assert copy.count() == 500


def test_overdue_decisions_are_in_sight(window):
    overdue, week = window.register.deadline_counts()
    assert overdue > 0  # the example's waiting applications are long past their term
    assert f"{overdue} besluiten over tijd" in window.deadline_label.text() or \
        f"{overdue} besluit over tijd" in window.deadline_label.text()
    window.filters.due_filter.setCurrentIndex(window.filters.due_filter.findData("overdue"))
    assert window.model.total == overdue
    assert all(window.model.application_at(r).status.awaits_decision
               for r in range(window.model.rowCount()))


def test_every_column_of_the_register_is_as_wide_as_its_title(qtbot, example_copy):
    """No title of the table is cut off ("Uiterste beslisdatum" was, in Dutch)."""
    window = opened(qtbot, example_copy)
    header = window.table.horizontalHeader()
    stretched = header.logicalIndex(header.count() - 1)  # the last shown fills the rest
    for column in (c for c in range(header.count()) if c != stretched):
        title = header.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title


def test_a_long_register_path_leaves_the_status_bar_its_room(qtbot, example, tmp_path):
    """The path beside the messages is shortened in the middle, whole in its tooltip: a long
    one left a message of the app cut off at 1366 pixels."""
    folder = tmp_path / "Documenten van de bewonersregiegroep" / "Poelenburg en Peldersveld"
    folder.mkdir(parents=True)
    path = folder / "Register van de bewonersregiegroep 2026 (kopie van de voorzitter).sqlite"
    path.write_bytes(example.read_bytes())
    window = opened(qtbot, path)
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: window.path_label.width() >= 200)
    label = window.path_label
    assert label.toolTip() == str(path) == label.text()
    assert 200 <= label.width() <= 320
    shown = QLabel.text(label)
    assert "…" in shown and shown.endswith(".sqlite") and shown.startswith(str(tmp_path)[:5])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.width()
    window.statusBar().showMessage("x" * 10)
    assert window.statusBar().width() - label.width() - window.user_label.width() > 700
