"""The steering group's contact details in the window, what follows the first set-up, the
applicant's town on the intake form, the lock screen's status bar and Qt's own Dutch
(issue 10, points 7 and 8; pytest-qt, offscreen)."""


from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from regiegroep.budgets.contact import group_contact
from regiegroep.model import Applicant, ApplicantKind
from ui import app as app_module
from ui.application_form import ApplicationForm
from ui.group_dialog import GroupDialog, NextSteps
from ui.main_window import MainWindow
from ui.setup_dialog import SetupDialog

from .test_ui import example, example_copy, opened, sign_in  # noqa: F401 (fixtures)


def test_after_the_first_set_up_the_app_offers_contact_details_and_pins(qtbot, tmp_path,
                                                                        monkeypatch):
    app_module.make_application()
    QSettings().clear()

    def set_up_own(dialog):
        dialog.municipality.setText("Zaanstad")
        dialog.wijk.setText("Poelenburg")
        dialog.amount.setText("300.000")
        dialog.choice = "own"
        return QDialog.DialogCode.Accepted

    def fill(dialog):
        qtbot.keyClicks(dialog.address, "Wijkcentrum De Vlinder, Poelenburg 1")
        qtbot.keyClicks(dialog.postcode, "1504 na")
        qtbot.keyClicks(dialog.town, "Zaandam")
        qtbot.keyClicks(dialog.email, "regiegroep@voorbeeld.nl")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SetupDialog, "exec", set_up_own)
    monkeypatch.setattr(GroupDialog, "exec", fill)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_register(tmp_path / "eigen.sqlite")
    qtbot.waitUntil(lambda: any(isinstance(w, NextSteps) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5000)
    steps = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NextSteps))
    assert "pincode" in steps.pins_button.text().lower()
    steps.contact_button.click()
    assert group_contact(window.register).postal == (
        "Wijkcentrum De Vlinder, Poelenburg 1, 1504 NA Zaandam")
    assert not steps.contact_button.isEnabled()
    assert window.menus.group_contact_action.isEnabled()
    steps.reject()


def test_the_contact_dialog_says_what_is_missing_and_only_managers_reach_it(qtbot,
                                                                            example_copy):
    w = opened(qtbot, example_copy)  # the chair
    assert w.menus.group_contact_action.isEnabled()
    dialog = GroupDialog(w.register, w)
    qtbot.addWidget(dialog)
    for field in (dialog.address, dialog.phone, dialog.email):
        field.clear()
    dialog.accept()
    assert "minstens een adres" in dialog.error.text()
    w.session.lock()
    sign_in(qtbot, w, "Priya Ramdin")  # the cash manager
    assert not w.menus.group_contact_action.isEnabled()


def test_the_lock_screen_shows_nothing_of_the_last_action(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    w.statusBar().showMessage("Brief voor aanvraag 21 opgeslagen in brief.pdf")
    w.session.lock()
    assert w.pages.currentWidget() is w.session.sign_in_page
    assert w.statusBar().currentMessage() == ""


def test_the_intake_form_keeps_the_town(qtbot, example_copy):
    w = opened(qtbot, example_copy)
    app = w.register.applications()[0]
    form = ApplicationForm(w.register.wijken(), app, parent=w)
    assert form.town.text() == "Zaandam"
    form.town.setText("Koog aan de Zaan")
    assert form.application().applicant.town == "Koog aan de Zaan"
    assert form.application().applicant.postcode == app.applicant.postcode


def test_qts_own_buttons_and_file_dialogs_speak_dutch(qtbot):
    from PySide6.QtCore import QCoreApplication

    app = app_module.make_application()
    app_module.apply_language(app, "nl")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Opslaan"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Zoeken in:"


def test_the_file_dialog_speaks_dutch_and_opens_at_home(qtbot):
    from PySide6.QtCore import QDir
    from PySide6.QtWidgets import QLabel

    from ui.file_dialogs import file_dialog

    app = app_module.make_application()
    app_module.apply_language(app, "nl")
    dialog = file_dialog(None, "Kies een bestand")
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "Zoeken in:"
    assert labels["fileTypeLabel"] == "Bestanden van type:"
    assert dialog.directory().absolutePath() == QDir.homePath()  # not the program's folder


def test_the_group_dialog_says_u_like_the_rest_of_the_app(qtbot, register):
    import re

    from PySide6.QtWidgets import QLabel

    dialog = GroupDialog(register)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert texts and not [t for t in texts if re.search(r"\b(je|jij|jouw)\b", t, re.I)]


def test_the_detail_view_writes_the_address_as_on_an_envelope(register):
    from ui.detail import detail_html

    from .conftest import complete_application

    app = register.register_application(complete_application(
        register.wijken()[0].id, applicant=Applicant(
            kind=ApplicantKind.RESIDENT, name="Fatma Yılmaz", address="Reigerstraat 12",
            postcode="1503 GK", town="Zaandam", phone="06-12345678")))
    shown = detail_html(register.application(app.id), [], [])
    assert "Reigerstraat 12, 1503 GK Zaandam" in shown
