"""A consultation planned without its meeting's day and time gets one in the app afterwards
(Meeting day and time… in the consultations window), and then its code letters print with
it; a bad date changes nothing, and a consultation past voting can no longer be changed."""

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication
from pypdf import PdfReader

from regiegroep import consultations as cons
from regiegroep.budgets.contact import GroupContact, set_group_contact
from regiegroep.consultations.consultation_papers import (
    Meeting, NoMeetingTime, check_codes_may_be_printed, meeting, meeting_changeable, set_meeting,
)
from regiegroep.errors import UserError
from regiegroep.i18n import format_date
from ui.consultation_list import ConsultationsDialog
from ui.consultations import MeetingTimeDialog

from .test_code_letters import TODAY, _plan
from .test_ui_journeys import person_  # noqa: F401 (the fixture)

MEETING_DAY = TODAY + dt.timedelta(days=7)


def _events(register) -> int:
    return register.conn.execute(
        "SELECT count(*) FROM event WHERE action = 'consultation meeting set'").fetchone()[0]


@pytest.fixture
def unmet(register):
    """A consultation with a meeting, planned (as the command line or an older app could)
    without the meeting's day and time."""
    set_group_contact(register, GroupContact("Wijkcentrum De Vlinder, Poelenburg 1", "1504 NA",
                                             "Zaandam", "075-1234567", "regiegroep@example.nl"))
    c = _plan(register)
    assert meeting(register, c.id).meets_at is None
    return register, c


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_meeting_given_in_the_app_is_on_the_code_letters(qtbot, unmet, tmp_path,
                                                             monkeypatch, person_):  # noqa: F811
    register, c = unmet
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n",
                         encoding="utf-8")
    out = tmp_path / "codes.pdf"
    from ui import file_dialogs

    answers = [str(addresses), str(out)]  # the address list, then where to save
    monkeypatch.setattr(file_dialogs, "_run", lambda dialog: [answers.pop(0)])
    window = ConsultationsDialog(register)
    qtbot.addWidget(window)
    window.refresh(c.id)
    window.show()
    qtbot.waitUntil(window.isActiveWindow)
    when = window.buttons["when"]
    assert when.text() == "Dag en tijd bijeenkomst…" and when.isEnabled()
    assert "Bijeenkomst: nog geen dag en tijd." in window.details.text()
    me = person_(qtbot)
    seen = {}

    def fill_in(dialog):
        assert dialog.hand_in.text() == ""  # nothing kept: the letters use the group's address
        assert "Wijkcentrum De Vlinder, Poelenburg 1, 1504 NA Zaandam" in \
            dialog.hand_in.placeholderText()
        qtbot.keyClicks(dialog.meets_at, "31-2-2026 19:30")  # no 31 February
        qtbot.keyClick(dialog.meets_at, Qt.Key.Key_Return)
        seen["bad"] = dialog.error.text()
        seen["open after a bad date"] = dialog.isVisible()
        seen["kept after a bad date"] = (meeting(register, c.id), _events(register))
        qtbot.keyClick(dialog.meets_at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.meets_at, f"{MEETING_DAY:%d-%m-%Y} 19:30")
        qtbot.keyClick(dialog.hand_in, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.hand_in, "Brievenbus Buurthuis De Kolk")
        qtbot.keyClick(dialog.hand_in, Qt.Key.Key_Return)

    me.when(MeetingTimeDialog, fill_in)
    qtbot.mouseClick(when, Qt.MouseButton.LeftButton)  # the dialog's own loop, answered above
    assert "dag-maand-jaar" in seen["bad"] and seen["open after a bad date"]
    assert seen["kept after a bad date"] == (Meeting(), 0)  # nothing kept, nothing on record
    kept = meeting(register, c.id)
    assert kept.meets_at == dt.datetime.combine(MEETING_DAY, dt.time(19, 30))
    assert kept.hand_in == "Brievenbus Buurthuis De Kolk" and _events(register) == 1
    assert window.said.text() == "De dag en tijd van de bijeenkomst zijn vastgelegd."
    assert f"Bijeenkomst: {format_date(MEETING_DAY)} 19:30." in window.details.text()

    def close_preview():  # the print preview the letters open in: closed unprinted
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QPrintPreviewDialog) and modal.isVisible():
            seen["preview"] = modal.windowTitle()
            modal.reject()
    closer = QTimer(interval=50)
    closer.timeout.connect(close_preview)
    closer.start()
    try:
        qtbot.mouseClick(window.buttons["codes"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "preview" in seen, timeout=30000)
    finally:
        closer.stop()
    assert cons.consultation(register, c.id).codes_issued == 1
    text = _text(out)
    assert f"op {format_date(MEETING_DAY)} om 19:30 uur" in text  # Dutch, through Babel
    assert "Brievenbus Buurthuis De Kolk" in text


def test_the_meeting_dialog_shows_what_is_kept_and_refuses_a_day_outside(qtbot, unmet,
                                                                        person_):  # noqa: F811
    register, c = unmet
    set_meeting(register, c.id, dt.datetime.combine(MEETING_DAY, dt.time(20, 0)), "Balie")
    window = ConsultationsDialog(register)
    qtbot.addWidget(window)
    window.refresh(c.id)
    window.show()
    qtbot.waitUntil(window.isActiveWindow)
    me = person_(qtbot)
    seen = {}

    def outside(dialog):
        seen["shown"] = (dialog.meets_at.text(), dialog.hand_in.text())
        dialog.meets_at.selectAll()
        qtbot.keyClicks(dialog.meets_at, f"{c.ends_on + dt.timedelta(days=1):%d-%m-%Y} 19:30")
        qtbot.keyClick(dialog.meets_at, Qt.Key.Key_Return)
        seen["error"] = dialog.error.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    me.when(MeetingTimeDialog, outside)
    qtbot.mouseClick(window.buttons["when"], Qt.MouseButton.LeftButton)
    assert seen["shown"] == (f"{MEETING_DAY.day}-{MEETING_DAY.month}-{MEETING_DAY.year} 20:00",
                             "Balie")
    assert seen["error"] == ("De bijeenkomst valt binnen de wijkraadpleging, van "
                             f"{format_date(c.starts_on)} tot en met {format_date(c.ends_on)}.")
    assert meeting(register, c.id).meets_at.hour == 20 and _events(register) == 1


def test_no_meeting_change_once_voting_closed_or_cancelled(qtbot, unmet):
    register, c = unmet
    window = ConsultationsDialog(register)
    qtbot.addWidget(window)
    cons.cancel(register, c.id, "Geen zaal")
    c = cons.consultation(register, c.id)
    window.refresh(c.id)
    assert not meeting_changeable(register, c)
    assert not window.buttons["when"].isEnabled()
    with pytest.raises(UserError, match="niet meer"):
        set_meeting(register, c.id, dt.datetime.combine(MEETING_DAY, dt.time(19, 30)))
    assert meeting(register, c.id).meets_at is None and _events(register) == 0


def test_the_refusal_to_print_names_the_apps_way_and_the_command_line_its_own(unmet,
                                                                              tmp_path):
    register, c = unmet
    with pytest.raises(NoMeetingTime) as refused:
        check_codes_may_be_printed(register, c, False)
    assert "Dag en tijd bijeenkomst… in het venster Wijkraadplegingen" in str(refused.value)
    assert "regiegroep" not in str(refused.value)
    addresses = tmp_path / "a.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n",
                         encoding="utf-8")
    path = register.path
    register.close()
    result = subprocess.run(
        [sys.executable, "-m", "regiegroep", "consultation", "codes", "--db", str(path),
         "--consultation", str(c.id), "--addresses", str(addresses), "--out",
         str(tmp_path / "c.pdf")], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Dag en tijd bijeenkomst…" in result.stderr
    assert f"regiegroep consultation meeting --db PATH --consultation {c.id}" in result.stderr
    assert not (tmp_path / "c.pdf").exists()


def test_a_written_consultation_asks_only_where_ballots_go(qtbot, register, person_):  # noqa: F811
    c = _plan(register, form="written")
    window = ConsultationsDialog(register)
    qtbot.addWidget(window)
    window.refresh(c.id)
    window.show()
    qtbot.waitUntil(window.isActiveWindow)
    me = person_(qtbot)
    seen = {}

    def hand_in_only(dialog):
        seen["meeting asked"] = dialog.meets_at.isVisible()
        qtbot.keyClicks(dialog.hand_in, "Balie van het wijkcentrum")
        qtbot.keyClick(dialog.hand_in, Qt.Key.Key_Return)

    me.when(MeetingTimeDialog, hand_in_only)
    qtbot.mouseClick(window.buttons["when"], Qt.MouseButton.LeftButton)
    assert seen == {"meeting asked": False}
    assert meeting(register, c.id) == Meeting(None, "Balie van het wijkcentrum")
    assert "Bijeenkomst:" not in window.details.text()  # no meeting to tell about
