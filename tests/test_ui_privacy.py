"""Personal data in the app: a person's file saved, anonymising asked for and done."""

import datetime as dt
import json

from PySide6.QtWidgets import QMessageBox

from regiegroep.model import Status
from ui import privacy_dialog
from ui.privacy_dialog import PrivacyDialog

from .conftest import complete_application


def _age(register, app_id, days):
    moment = (dt.datetime.now() - dt.timedelta(days=days)).replace(microsecond=0).isoformat()
    with register.db.atomic():
        register.conn.execute("UPDATE application SET updated_at = ? WHERE id = ?", [moment, app_id])


def test_the_chair_saves_a_persons_file_and_anonymises_in_the_app(register, qtbot, tmp_path,
                                                                   monkeypatch):
    wijk = register.wijken()[0].id
    old = register.register_application(complete_application(wijk, status=Status.REFUSED))
    register.register_application(complete_application(wijk))
    _age(register, old.id, 800)
    dialog = PrivacyDialog(register)
    qtbot.addWidget(dialog)
    assert "1 afgesloten aanvraag" in dialog.due.text()
    assert dialog.anonymise_button.isEnabled()

    out = tmp_path / "fatma.json"
    monkeypatch.setattr(privacy_dialog, "save_file_name", lambda *a: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    dialog.name.setText("fatma  yılmaz")
    dialog.export_button.click()
    assert len(json.loads(out.read_text(encoding="utf-8"))["applications"]) == 2

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    dialog.anonymise_button.click()
    assert register.application(old.id).applicant.name == "Fatma Yılmaz"  # asked, said no
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.anonymise_button.click()
    assert register.application(old.id).applicant.name == ""
    assert not dialog.anonymise_button.isEnabled()


def test_a_shorter_retention_period_is_kept_and_counts_at_once(register, qtbot):
    wijk = register.wijken()[0].id
    app = register.register_application(complete_application(wijk, status=Status.REFUSED))
    _age(register, app.id, 100)
    dialog = PrivacyDialog(register)
    qtbot.addWidget(dialog)
    assert not dialog.anonymise_button.isEnabled()
    dialog.months.setValue(3)
    dialog.months.editingFinished.emit()
    assert register.retention_months() == 3
    assert dialog.anonymise_button.isEnabled()


def test_the_dialog_lists_two_people_of_one_name_and_saves_the_chosen_one(register, qtbot,
                                                                          tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from .test_privacy import _two_youssefs

    _two_youssefs(register)
    dialog = PrivacyDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "youssef.json"
    monkeypatch.setattr(privacy_dialog, "save_file_name", lambda *a: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    QTest.keyClicks(dialog.name, "Youssef Ait Taleb")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)
    rows = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert len(rows) == 2 and "1505 HX" in rows[0] and "1506 MZ" in rows[1]
    assert "2 mensen" in dialog.error.text()
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not out.exists() and "Kies" in dialog.error.text()
    second = dialog.people.visualItemRect(dialog.people.item(1)).center()
    QTest.mouseClick(dialog.people.viewport(), Qt.MouseButton.LeftButton, pos=second)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["applications"]] == ["Voetbalclinic"]
