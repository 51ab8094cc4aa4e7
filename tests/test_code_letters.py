"""Code letters that can be posted (issue 22, point 3): the address in a window envelope's
window with its town, the date, the group as sender, the meeting's day, time and place,
where and until when a ballot is handed in; no codes once voting ended, and no second set
unless it replaces the first."""

import datetime as dt
import subprocess
import sys

import pytest
from pypdf import PdfReader

from regiegroep import consultations as cons
from regiegroep.consultations.consultation_papers import SecondSet, set_meeting
from regiegroep.consultations import Consultation
from regiegroep.budgets.contact import GroupContact, set_group_contact
from regiegroep.documents.consultation_letters import (
    read_addresses, write_ballots, write_code_letters,
)
from regiegroep.errors import UserError
from regiegroep.i18n import format_date

from .test_consultations import referred_register

MM = 72 / 25.4
TODAY = dt.date.today()


def positions(path, page=0) -> list[tuple[str, float, float]]:
    """(text, x, y) of each text on a page; y in mm from the top of the page."""
    reader = PdfReader(path)
    height = float(reader.pages[page].mediabox.height)
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            found.append((text.strip(), x / MM, (height - y) / MM))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def _plan(register, form="combination", **changes):
    wijk, _members, ids = referred_register(register)
    fields = dict(wijk_id=wijk, title="Wijkraadpleging najaar", form=form, starts_on=TODAY,
                  ends_on=TODAY + dt.timedelta(days=14), application_ids=tuple(ids[:2]),
                  place="Buurthuis De Kolk, Kolkstraat 7")
    fields.update(changes)
    return cons.plan(register, Consultation(**fields))


@pytest.fixture
def planned(register):
    set_group_contact(register, GroupContact("Wijkcentrum De Vlinder, Poelenburg 1", "1504 NA",
                                             "Zaandam", "075-1234567", "regiegroep@example.nl"))
    c = _plan(register)
    set_meeting(register, c.id, dt.datetime.combine(TODAY + dt.timedelta(days=7),
                                                    dt.time(19, 30)))
    return register, cons.consultation(register, c.id)


def test_the_letter_fits_a_window_envelope_and_says_all_a_resident_needs(planned, tmp_path):
    register, c = planned
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n",
                         encoding="utf-8")
    out = tmp_path / "codes.pdf"
    assert write_code_letters(register, c.id, read_addresses(addresses), out) == 1
    parts = positions(out)
    block = [(t, x, y) for t, x, y in parts if t in ("Aan de bewoners van", "Reigerstraat 12")
             or t.startswith("1504 AB")]
    assert len(block) == 3
    for _text, x, y in block:  # where the decision letters put it: in the window
        assert 58 <= y <= 80 and 20 <= x <= 30
    assert any(t.startswith("1504 AB") and "Zaandam" in t for t, _x, _y in block)
    text = " ".join(" ".join(t for t, _x, _y in parts).split())
    meeting_day = format_date(TODAY + dt.timedelta(days=7))
    assert f"Datum: {format_date(TODAY)}" in text
    assert "Regiegroep" in text or "regiegroep" in text
    assert "Wijkcentrum De Vlinder, Poelenburg 1" in text and "075-1234567" in text
    assert f"op {meeting_day} om 19:30 uur" in text and "Buurthuis De Kolk, Kolkstraat 7" in text
    end = format_date(c.ends_on)
    assert f"tot en met {end}" in text and "vóór" not in text
    assert "lever het in bij Wijkcentrum De Vlinder" in text  # where a ballot goes
    assert " je " not in f" {text} " and "uw code" in text
    # The ballot paper says the same, in the same words.
    ballots = write_ballots(register, c.id, tmp_path / "biljet.pdf")
    paper = " ".join(PdfReader(ballots).pages[0].extract_text().split())
    assert f"Lever dit stembiljet in bij Wijkcentrum De Vlinder, Poelenburg 1, 1504 NA Zaandam, " \
           f"tot en met {end}" in paper


def test_a_bag_extract_is_read_as_it_comes(tmp_path):
    extract = tmp_path / "bag.csv"
    extract.write_text(
        "openbareruimtenaam;huisnummer;huisletter;huisnummertoevoeging;postcode;"
        "woonplaatsnaam;gebruiksdoel\n"
        "Reigerstraat;12;A;2;1504AB;Zaandam;woonfunctie\n"
        "Zwanenstraat;3;;;1504AC;Zaandam;woonfunctie\n", encoding="utf-8")
    found = read_addresses(extract)
    assert [(a.address, a.postcode, a.town) for a in found] == [
        ("Reigerstraat 12A-2", "1504AB", "Zaandam"), ("Zwanenstraat 3", "1504AC", "Zaandam")]


def test_a_meeting_without_its_day_and_time_prints_no_letters(register, tmp_path):
    c = _plan(register, form="meeting")
    addresses = tmp_path / "a.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n",
                         encoding="utf-8")
    with pytest.raises(UserError, match="bijeenkomst"):
        write_code_letters(register, c.id, read_addresses(addresses), tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists() and cons.consultation(register, c.id).codes_issued == 0


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regiegroep", *map(str, args)],
                          capture_output=True, text=True)


def test_codes_after_voting_ended_and_a_second_set_are_refused_unless_replaced(planned,
                                                                              tmp_path):
    register, c = planned
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n"
                         "Zwanenstraat 3;1504 AC;Zaandam\n", encoding="utf-8")
    first = write_code_letters(register, c.id, read_addresses(addresses), tmp_path / "1.pdf")
    text = PdfReader(tmp_path / "1.pdf").pages[0].extract_text()
    old = [line.strip() for line in text.splitlines()
           if len(line.strip()) == 13 and line.strip().count("-") == 2]
    assert first == 2 and len(old) == 1
    cons.open_voting(register, c.id)
    with pytest.raises(SecondSet):
        write_code_letters(register, c.id, read_addresses(addresses), tmp_path / "2.pdf")
    with pytest.raises(UserError, match="eindigde"):
        write_code_letters(register, c.id, read_addresses(addresses), tmp_path / "2.pdf",
                           today=c.ends_on + dt.timedelta(days=1))
    path = register.path
    register.close()
    args = ["consultation", "codes", "--db", path, "--consultation", c.id, "--addresses",
            addresses, "--out", tmp_path / "2.pdf"]
    refused = _cli(*args)
    assert refused.returncode == 1 and "--replace" in refused.stderr
    assert not (tmp_path / "2.pdf").exists()
    replaced = _cli(*args, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    from regiegroep.register import Register

    with Register.open(path) as again:
        assert cons.consultation(again, c.id).codes_issued == 2  # the first set's unused: gone
        with pytest.raises(UserError):
            cons.cast_vote(again, c.id, old[0], {})
    assert _cli("audit", "verify", "--db", path).returncode == 0


def test_the_app_asks_whether_a_second_set_replaces_the_first(planned, qtbot, tmp_path,
                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.consultation_list import ConsultationsDialog

    register, c = planned
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode;woonplaats\nReigerstraat 12;1504 AB;Zaandam\n"
                         "Zwanenstraat 3;1504 AC;Zaandam\n", encoding="utf-8")
    write_code_letters(register, c.id, read_addresses(addresses), tmp_path / "1.pdf")
    dialog = ConsultationsDialog(register)
    qtbot.addWidget(dialog)
    dialog.refresh(c.id)
    asked = []

    def answer(reply):
        def question(_parent, _title, text, *_rest):
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.print_codes(str(addresses), str(tmp_path / "2.pdf"))
    assert "2 stemcodes" in asked[0] and "werken dan niet meer" in asked[0]
    assert not (tmp_path / "2.pdf").exists()  # said no: nothing printed, the first set stands
    assert cons.consultation(register, c.id).codes_issued == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.print_codes(str(addresses), str(tmp_path / "2.pdf"))
    qtbot.waitUntil(lambda: not dialog._workers, timeout=20000)
    assert (tmp_path / "2.pdf").exists()
    assert cons.consultation(register, c.id).codes_issued == 2  # the first set's are gone
