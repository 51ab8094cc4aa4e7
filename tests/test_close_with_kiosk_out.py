"""Closing the voting while a kiosk PC may still hold votes of the consultation: a ballot
has no time on it, so votes received after closing are never counted. The core says so and
closes only when told to close anyway; the command line and the consultations window too."""

import pytest
from PySide6.QtWidgets import QMessageBox

from regiegroep import consultations as cons
from regiegroep.kiosk import kiosk_packages
from regiegroep.cli import main
from regiegroep.errors import UserError

from .kiosk_keys import kiosk_fingerprint
from .test_kiosk_votes import collect, laptop, load, vote_on_kiosk  # noqa: F401  (the fixture)

WARNING = "niet terug"


def test_closing_waits_for_the_kiosk_package_prepared_with_the_consultation(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    with pytest.raises(UserError, match=WARNING) as refused:
        cons.close_voting(laptop, c.id)
    assert "kiosk" in str(refused.value).lower() and "toch" in str(refused.value)
    assert cons.consultation(laptop, c.id).status == "running"
    # The kiosk's votes come back: closing is fine now, and they count.
    vote_on_kiosk(kiosk_path, c.id, codes[0], {ids[0]: "for"})
    assert kiosk_packages.receive(laptop, collect(kiosk_path, tmp_path).read_bytes(),
                           trust=kiosk_fingerprint(kiosk_path)).votes == 1
    assert cons.close_voting(laptop, c.id).status == "closed"
    assert laptop.events()[-1].action == "consultation closed"


def test_a_refresh_after_the_receive_is_out_again_and_closing_anyway_is_audited(laptop, tmp_path):
    c, codes, ids = laptop.laptop
    kiosk_path = load(laptop, tmp_path)
    kiosk_packages.receive(laptop, collect(kiosk_path, tmp_path).read_bytes(),
                           trust=kiosk_fingerprint(kiosk_path))
    load(laptop, tmp_path, kiosk_path)  # loaded again: its votes are out again
    with pytest.raises(UserError, match=WARNING):
        cons.close_voting(laptop, c.id)
    assert cons.close_voting(laptop, c.id, anyway=True).status == "closed"
    last = laptop.events()[-1]
    assert last.action == "consultation closed with kiosk votes out"
    assert last.details["consultation"] == c.id and last.details["prepared_at"]


def test_a_package_without_the_consultation_does_not_hold_its_closing(laptop, tmp_path):
    c, _codes, _ids = laptop.laptop
    kiosk_packages.public_package(laptop, consultations=[])  # scheme and grants only
    assert cons.close_voting(laptop, c.id).status == "closed"
    # A closed consultation is refused as closed, not as out at a kiosk.
    load(laptop, tmp_path)
    with pytest.raises(UserError, match="kan nu niet"):
        cons.close_voting(laptop, c.id)


def test_the_command_line_refuses_and_closes_with_anyway(laptop, tmp_path, capsys):
    c, _codes, _ids = laptop.laptop
    load(laptop, tmp_path)
    capsys.readouterr()
    db = ["--db", str(laptop.path), "--consultation", str(c.id)]
    assert main(["consultation", "close", *db]) != 0
    assert WARNING in capsys.readouterr().err
    assert cons.consultation(laptop, c.id).status == "running"
    assert main(["consultation", "close", *db, "--anyway"]) == 0
    assert "gesloten" in capsys.readouterr().out
    assert cons.consultation(laptop, c.id).status == "closed"


def test_the_window_asks_before_closing_with_kiosk_votes_out(qtbot, laptop, tmp_path,
                                                             monkeypatch):
    from ui.consultation_list import ConsultationsDialog

    c, _codes, _ids = laptop.laptop
    load(laptop, tmp_path)
    asked = []

    def answer(reply):
        def question(_parent, _title, text, *args, **kwargs):
            asked.append(text)
            return reply
        return question

    dialog = ConsultationsDialog(laptop)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.buttons["close"].click()
    assert WARNING in asked[-1] and cons.consultation(laptop, c.id).status == "running"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.buttons["close"].click()
    assert cons.consultation(laptop, c.id).status == "closed"
    assert "gesloten" in dialog.said.text() and len(asked) == 2


def test_the_window_closes_without_asking_when_no_kiosk_is_out(qtbot, laptop, monkeypatch):
    from ui.consultation_list import ConsultationsDialog

    c, _codes, _ids = laptop.laptop
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    dialog = ConsultationsDialog(laptop)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    dialog.buttons["close"].click()
    assert cons.consultation(laptop, c.id).status == "closed"
