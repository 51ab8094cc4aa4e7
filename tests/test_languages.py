"""Every neighbour's language: the languages are the catalogs shipped, every command takes
them, and every document comes out in each of them with the right glyphs (Arabic joined and
in the order it is read)."""

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from regiegroep import demo, i18n
from regiegroep.documents.consultation_letters import Address, write_code_letters
from regiegroep.documents.notices import write_notice
from regiegroep.documents.shaping import visual
from regiegroep.documents.letters import write_letter
from regiegroep.register import Register

from .pdf_glyphs import drawn_strings

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")
NEW = ["tr", "ar", "pl", "uk"]
ARABIC_LETTERS = re.compile("[\u0621-\u063f\u0641-\u064a]")  # as typed (not the tatweel)
PRESENTATION_FORMS = re.compile("[\ufe70-\ufefc]")


def translated(language, msgid):
    return i18n.catalog(language).gettext(msgid)


def flat(text):
    return " ".join(text.replace("\xa0", " ").split())


def assert_drawn(pdf, language, *msgids):
    """The PDF says each msgid in ``language``: as text read back for Latin and Cyrillic; for
    Arabic, as glyphs drawn in their joined forms, right to left (visual order)."""
    if i18n.is_right_to_left(language):
        drawn = drawn_strings(pdf)
        everything = "\n".join(drawn)
        assert not ARABIC_LETTERS.search(everything), "Arabic drawn unjoined"
        assert PRESENTATION_FORMS.search(everything)
        for msgid in msgids:
            expected = visual(translated(language, msgid))
            assert expected != translated(language, msgid)  # shaped: other code points
            assert any(expected in line for line in drawn), (msgid, expected)
    else:
        text = flat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
        for msgid in msgids:
            assert flat(translated(language, msgid)) in text, msgid


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("languages") / "voorbeeld.sqlite"
    demo.write_demo(path, 60)
    return path


def test_the_languages_are_the_catalogs_shipped_with_their_data():
    catalogs = {p.parent.parent.name for p in (ROOT / "translations").glob("*/LC_MESSAGES/*.mo")}
    assert set(i18n.LANGUAGES) == catalogs >= {"nl", "en", *NEW}
    assert i18n.LANGUAGES["tr"] == "Türkçe" and i18n.LANGUAGES["uk"] == "Українська"
    assert [code for code in i18n.LANGUAGES if i18n.is_right_to_left(code)] == ["ar"]
    # Dutch and English are confirmed; the new catalogs wait for a native speaker's review.
    assert {c for c, lang in i18n.SHIPPED.items() if lang.awaiting_review} == set(NEW)


def test_a_new_language_is_a_catalog_and_no_code(tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder)
    shutil.copytree(folder / "pl", folder / "cs")  # a Czech catalog (its texts aside)
    monkeypatch.setattr(i18n, "_catalogs_folder", lambda: folder)
    shipped = i18n._shipped()
    assert "cs" in shipped and not shipped["cs"].right_to_left
    (folder / "languages.toml").write_text(
        (folder / "languages.toml").read_text(encoding="utf-8")
        + '\n[cs]\nname = "Čeština"\nlocale = "cs_CZ"\ndirection = "ltr"\n', encoding="utf-8")
    assert i18n._shipped()["cs"].name == "Čeština"


@pytest.mark.parametrize("language", NEW)
def test_every_command_takes_the_language(language, example, tmp_path):
    env = {**os.environ, "REGIEGROEP_LANG": ""}
    done = subprocess.run([SCRIPT, "--lang", language, "print", "--help"], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert translated(language, "Write the register's documents as PDF files (A4).") in flat(done.stdout)
    # REGIEGROEP_LANG is heard too, not silently Dutch.
    done = subprocess.run([SCRIPT, "print", "--help"], capture_output=True, text=True,
                          env={**env, "REGIEGROEP_LANG": language})
    assert translated(language, "Write the register's documents as PDF files (A4).") in flat(done.stdout)
    out = tmp_path / "notice.pdf"
    done = subprocess.run([SCRIPT, "--lang", language, "print", "notice", "--db", example,
                           "--kind", "scheme", "--lang", language, "--out", out],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert_drawn(out, language, "How do you apply?", "What can you apply for?")


def test_brackets_in_arabic_are_mirrored_and_latin_names_and_numbers_read_left_to_right():
    text = "كحد أقصى (المادة 1أ) من Hasan Yıldız 12,50 €"
    drawn = visual(text)
    assert "Hasan Yıldız" in drawn and "12,50" in drawn  # not reversed inside the Arabic
    # Read from the right: the bracket that opens "(المادة" is drawn right of its text.
    assert [c for c in drawn if c in "()"] == ["(", ")"]
    inside = drawn[drawn.index("(") + 1:drawn.index(")")]
    assert PRESENTATION_FORMS.search(inside) and "1" in inside  # المادة 1أ between them


def test_a_notice_in_all_languages_carries_every_language(example, tmp_path):
    with Register.open(example) as reg:
        out = write_notice(reg, "scheme", tmp_path / "all.pdf", language="all")
    for language in NEW:
        assert_drawn(out, language, "How do you apply?")


@pytest.mark.parametrize("language", NEW)
def test_vouchers_and_code_letters_in_each_language(language, example, tmp_path):
    with Register.open(example) as reg:
        app = next(a for a in reg.applications() if _has_vouchers(reg, a))
        vouchers = reg.print_vouchers(tmp_path / "v.pdf", app.sequence, language=language)
        consultation = reg.conn.execute(
            "SELECT id FROM consultation WHERE status IN ('planned', 'open') ORDER BY id").fetchone()
        assert consultation is not None  # the example plans one
        previous = i18n.current_language()
        i18n.set_language(language)
        try:
            if consultation is not None:
                import datetime as dt

                from regiegroep.consultations import consultation as planned
                from regiegroep.consultations.consultation_papers import set_meeting

                # The letters say when the meeting is (issue 22): its day and time first.
                c = planned(reg, consultation[0])
                set_meeting(reg, c.id, dt.datetime.combine(c.starts_on, dt.time(19, 30)),
                            "Buurthuis De Vlinder")
                letters = tmp_path / "codes.pdf"
                write_code_letters(reg, consultation[0], [Address("Reigerstraat 12", "1504 AB")],
                                   letters, replace=True)  # each language's set replaces the last
        finally:
            i18n.set_language(previous)
    assert_drawn(vouchers, language, "Voucher for a residents' initiative", "How to redeem")
    if language == "tr":  # the labels in capitals, the Turkish way: SERİ, not SERI
        assert "SERİ NUMARASI" in flat(" ".join(p.extract_text() for p in PdfReader(vouchers).pages))
    assert_drawn(letters, language, "To the residents of")


def _has_vouchers(reg, app):
    from regiegroep.vouchers.issuing import issued_vouchers

    return any(v.left > 0 and v.status.name == "ISSUED" for v in issued_vouchers(reg, app.id))


@pytest.mark.parametrize("language", NEW)
def test_a_legal_letter_stays_dutch_with_the_residents_language_after_it(language, example,
                                                                         tmp_path):
    from regiegroep.applications import update_application

    with Register.open(example) as reg:
        app = next(a for a in reg.applications() if reg.latest_decision(a.id) is not None
                   and reg.latest_decision(a.id).kind.value == "granted")
        reg.session = reg.session  # the example's CLI-style session may change applications
        update_application(reg, dataclasses.replace(
            app, applicant=dataclasses.replace(app.applicant, language=language)))
        pdf = write_letter(reg, app.sequence, tmp_path / "letter.pdf")
        screen = i18n.current_language()
    assert screen == "nl"  # writing the letter left the screen's language alone
    pages = PdfReader(pdf).pages
    first = flat(pages[0].extract_text())
    assert "Besluit: uw aanvraag wordt toegekend." in first  # the decision, in Dutch, first
    assert_drawn(pdf, language, "Decision: your application is granted.", "Kind regards,")


def test_the_value_in_words_is_written_as_each_language_writes_it():
    from decimal import Decimal

    from regiegroep.documents.voucher_certificate import value_in_words

    assert value_in_words(Decimal("3045"), "tr") == "üç bin kırk beş avro"  # words apart
    assert value_in_words(Decimal("250"), "pl") == "dwieście pięćdziesiąt euro"
    assert value_in_words(Decimal("1.50"), "uk") == "один євро і п'ятдесят центів"


def test_a_table_in_arabic_reads_from_the_right(example, tmp_path):
    """The granted initiatives in Arabic: the first column (the date) is the rightmost."""
    import pypdfium2

    with Register.open(example) as reg:
        out = write_notice(reg, "granted", tmp_path / "granted.pdf", language="ar")
        first = reg.conn.execute("SELECT title FROM application ORDER BY sequence").fetchone()[0]
    page = pypdfium2.PdfDocument(str(out))[0].get_textpage()
    text = page.get_text_range()
    title_x = page.get_charbox(text.index(first[:8]))[0]
    year_x = page.get_charbox(text.index("20"))[0]  # the first date's year
    assert year_x > title_x
