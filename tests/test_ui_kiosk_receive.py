"""File › Receive a kiosk package… (issue 23, point 4): the app shows the fingerprint of the
kiosk that signed a package it does not know yet; the person compares it with the one the
kiosk PC showed at load and confirms, and only then is anything taken. Cancel stores nothing;
a package not signed by a kiosk is refused in words; a known kiosk's next package is taken
without asking."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from regiegroep.cli import main
from ui.kiosk_receive import KioskFingerprintDialog

from .kiosk_keys import kiosk_fingerprint
from .test_kiosk_forged import genuine, seal_package
from .test_kiosk_from_the_kiosk_only import stored
from .test_kiosk_packages import hand_in, kiosk_register, laptop  # noqa: F401  (the fixture)
from .test_ui import opened
from .test_ui_journeys import answer_files, no_bugs  # noqa: F401  (the fixture)


def when_shown(kind, act, seen: list) -> None:
    """Once a modal ``kind`` opens, note what it shows and ``act`` on it as a person would."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            act(widget)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def collected(kiosk, tmp_path, name: str):
    path = tmp_path / name
    assert main(["kiosk", "collect", "--db", str(kiosk), "--out", str(path)]) == 0
    return path


def test_the_receive_dialog_shows_the_kiosks_fingerprint_and_takes_only_what_is_confirmed(
        qtbot, laptop, tmp_path, monkeypatch, no_bugs):  # noqa: F811
    kiosk, _public = kiosk_register(laptop, tmp_path)
    fingerprint = kiosk_fingerprint(kiosk)
    hand_in(kiosk, "Fatma Yılmaz", "Bankje bij de speeltuin")
    first = collected(kiosk, tmp_path, "first.rgk")
    w = opened(qtbot, laptop.path)
    action = w.menus.kiosk_receive_action
    assert action.isEnabled() and action in w.menuBar().actions()[0].menu().actions()
    before = stored(laptop)

    # Cancel: the fingerprint was shown, nothing is taken.
    answer_files(monkeypatch, first)
    dialogs: list = []
    shown: list = []

    def cancel(dialog):
        shown.append(dialog.fingerprint.text())
        assert dialog.cancel.isDefault()  # Enter alone takes nothing
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)

    when_shown(KioskFingerprintDialog, cancel, dialogs)
    action.trigger()
    assert shown == [fingerprint]
    assert stored(laptop) == before

    # Confirm: the same fingerprint, received, and the kiosk is known from now on.
    answer_files(monkeypatch, first)
    boxes: list = []

    def confirm(dialog):
        shown.append(dialog.fingerprint.text())
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)

    def read(box):
        boxes.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    when_shown(KioskFingerprintDialog, confirm, dialogs)
    when_shown(QMessageBox, read, [])
    action.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
    assert shown == [fingerprint, fingerprint]
    assert boxes == ["1 aanvraag ontvangen van de kiosk."], boxes
    assert stored(laptop)[0] == before[0] + 1
    assert [f for (f,) in laptop.conn.execute("SELECT fingerprint FROM kiosk_known")] == [
        fingerprint]
    assert w.model.total == before[0] + 1  # the register on screen shows it

    # The next package of the same kiosk is taken without asking.
    hand_in(kiosk, "Dirk Zwaanswijk", "Boekenkast in de hal")
    answer_files(monkeypatch, collected(kiosk, tmp_path, "second.rgk"))
    boxes.clear()
    asked = len(dialogs)
    when_shown(QMessageBox, read, [])
    action.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
    assert len(dialogs) == asked and boxes == ["1 aanvraag ontvangen van de kiosk."]
    assert stored(laptop)[0] == before[0] + 2


def test_an_unsigned_package_is_refused_in_words_and_nothing_is_taken(
        qtbot, laptop, tmp_path, monkeypatch, no_bugs):  # noqa: F811
    import json

    _kiosk, public = kiosk_register(laptop, tmp_path)
    public = json.loads(public.read_text(encoding="utf-8"))
    unsigned = tmp_path / "unsigned.rgk"
    unsigned.write_bytes(seal_package(public, [genuine(public)], sign=False))
    w = opened(qtbot, laptop.path)
    before = stored(laptop)
    answer_files(monkeypatch, unsigned)
    said: list = []

    def read(box):
        said.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    seen: list = []
    when_shown(QMessageBox, read, seen)  # the first modal: no fingerprint to compare
    w.menus.kiosk_receive_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "niet ondertekend door een kiosk" in said[0]
    # In a volunteer's words: who can write it again, no command line.
    assert "wie de kiosk-pc beheert" in said[0]
    assert "regiegroep" not in said[0] and "--" not in said[0]
    assert stored(laptop) == before


def test_a_damaged_package_says_what_to_do_in_the_apps_own_words(
        qtbot, laptop, tmp_path, monkeypatch, no_bugs):  # noqa: F811
    kiosk, _public = kiosk_register(laptop, tmp_path)
    hand_in(kiosk, "Fatma Yılmaz", "Bankje bij de speeltuin")
    package = collected(kiosk, tmp_path, "damaged.rgk")
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 1  # one bit changed on the USB stick
    package.write_bytes(bytes(data))
    w = opened(qtbot, laptop.path)
    before = stored(laptop)
    answer_files(monkeypatch, package)
    said: list = []

    def read(box):
        said.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    when_shown(QMessageBox, read, [])
    w.menus.kiosk_receive_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "gewijzigd of beschadigd" in said[0]
    assert "Bestand › Kioskpakket ontvangen…" in said[0]  # the menu the volunteer knows
    assert "regiegroep" not in said[0] and "--" not in said[0]
    assert stored(laptop) == before
