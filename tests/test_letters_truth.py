"""Letters that tell the truth and fit: the vouchers actually issued (and those made void), the
article of the route, the ground of a partial grant, the day a letter was sent, a meeting's
letters in one PDF, organisations "t.a.v.", and a letter in its own language written beside
a Dutch screen (issues 20 and 22). Every PDF is read back: text, and positions page by page."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from regiegroep import demo
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.documents.letters import ADDRESS_TOP_MM, write_letter, write_letters
from regiegroep.model import ApplicantKind
from regiegroep.register import Register
from regiegroep.vouchers.serials import format_serial

from .conftest import complete_application

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")
E = Decimal


def pages_of(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def text_of(pdf: Path) -> str:
    return " ".join(pages_of(pdf))


def lines_with_position(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page: (millimetres from the top, text) of every piece of text."""
    found = []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox[3])
        seen: list[tuple[float, str]] = []

        def visit(text, cm, tm, _font, _size, seen=seen, height=height):
            if text.strip():
                seen.append(((height - (tm[5] * cm[3] + cm[5])) / 72 * 25.4, text.strip()))

        page.extract_text(visitor_text=visit)
        found.append(seen)
    return found


def members_of(register) -> tuple[int, ...]:
    if not register.members():
        for name, role in (("Joke van der Meer", "chair"), ("Marieke Bakker", "secretary")):
            register.add_member(name, role)
    return tuple(m.id for m in register.members())


def grant(register, cost="9000.00", **changes):
    app = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id, cost_estimate=E(cost), **changes))
    made = register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members_of(register)))
    return app, made


# -- one truth: the vouchers of a grant are the voucher table -------------------------------

def test_the_letter_names_the_vouchers_actually_issued(register, tmp_path):
    app, _made = grant(register)
    # Before issue: the one proposal issuing will carry out.
    before = text_of(write_letter(register, app.sequence, tmp_path / "before.pdf"))
    assert "U ontvangt 2 vouchers met een totale waarde van € 9.000,00" in before
    assert "voucher 1: € 5.000,00" in before and "voucher 2: € 4.000,00" in before
    # The group issues its own values: the letter follows the voucher table.
    issued = register.issue_vouchers(app.id, [E("3000"), E("3000"), E("3000")],
                                     issued_on=dt.date(2026, 3, 11))
    after = text_of(write_letter(register, app.sequence, tmp_path / "after.pdf"))
    assert "U ontvangt 3 vouchers met een totale waarde van € 9.000,00" in after
    for number, voucher in enumerate(issued, 1):
        assert f"voucher {number}: € 3.000,00, nummer {format_serial(voucher.serial)}" in after
    assert "€ 5.000,00, " not in after.split("U ontvangt")[1].split("Een voucher is")[0]


def test_before_issue_the_letter_shows_what_issuing_then_makes(register, tmp_path):
    from regiegroep.vouchers.issuing import proposal

    app, _made = grant(register, cost="7300.00")
    shown = proposal(register, app.id)
    text = text_of(write_letter(register, app.sequence, tmp_path / "l.pdf"))
    made = register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    assert [v.value for v in made] == list(shown) == [E("5000.00"), E("2300.00")]
    assert "voucher 2: € 2.300,00" in text


def test_a_correction_to_a_refusal_names_the_voucher_made_void_and_asks_it_back(register, tmp_path):
    app, made = grant(register, cost="4000.00")
    voucher = register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))[0]
    register.decide(app.id, Decision(Kind.REFUSED, dt.date(2026, 4, 1), made.members,
                                     corrects=made.id, reasons="Het bleek een privéfeest.",
                                     refusal_grounds={"c": "Het feest is alleen voor familie."}))
    text = text_of(write_letter(register, app.sequence, tmp_path / "refused.pdf"))
    assert f"ongeldig: voucher nummer {format_serial(voucher.serial)}, € 4.000,00" in text
    assert "Daarmee is de voucher hieronder vanaf 1 april 2026 ongeldig" in text
    assert "Wilt u deze voucher teruggeven aan de regiegroep" in text


# -- the route's articles, the ground of a partial grant, words -----------------------------

def test_a_partial_grant_names_its_ground_and_counts_grounds_in_words(register, tmp_path):
    app = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id, cost_estimate=E("6400"), vouchers_requested=2))
    register.decide(app.id, Decision(Kind.PARTIALLY_GRANTED, dt.date(2026, 3, 10),
                                     members_of(register), amount_granted=E("4900"),
                                     refusal_grounds={"d": "Wie het hek onderhoudt, is niet "
                                                           "geregeld."}))
    text = text_of(write_letter(register, app.sequence, tmp_path / "partial.pdf"))
    assert "(art. 5.1 en 5.2 van de Subsidieverordening vouchers bewonersinitiatieven)" in text
    assert "weigeren de rest op de grond van art. 6 hieronder" in text
    assert ("Grond d van art. 6: er is gegronde reden om aan te nemen dat het beheer en "
            "onderhoud van de voorgestelde fysieke verbeteringen") in text
    assert "grond(en)" not in text


def test_a_refusal_on_two_grounds_says_grounds(register, tmp_path):
    app = register.register_application(complete_application(register.wijk_by_name("Poelenburg").id))
    register.decide(app.id, Decision(Kind.REFUSED, dt.date(2026, 3, 10), members_of(register),
                                     refusal_grounds={"a": "De planning is niet haalbaar.",
                                                      "c": "Het is vooral voor de aanvrager."}))
    text = text_of(write_letter(register, app.sequence, tmp_path / "refused.pdf"))
    assert "Wij weigeren de vouchers op de gronden hieronder" in text
    assert "grond(en)" not in text


def test_left_undealt_says_what_was_missing_and_no_dash_for_a_missing_estimate(register, tmp_path):
    app = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id, cost_estimate=None, vouchers_requested=None))
    register.request_completion(app.id, dt.date(2026, 3, 3))
    register.decide(app.id, Decision(Kind.LEFT_UNDEALT, dt.date(2026, 4, 20), members_of(register)))
    text = text_of(write_letter(register, app.sequence, tmp_path / "undealt.pdf"))
    assert "Wat ontbrak, hebben wij niet ontvangen" in text
    assert "c. een kostenraming en het gewenste aantal vouchers" in text
    assert "—" not in text and "kostenraming van" not in text


def test_an_organisation_is_written_to_for_the_attention_of_its_contact(register, tmp_path):
    app, _made = grant(register, cost="1850.00")
    app = register.application(app.id)
    app.applicant.kind = ApplicantKind.LEGAL_ENTITY
    app.applicant.name = "Stichting Buurtfeest Poelenburg"
    app.applicant.contact_person = "Jan Bakker"
    register.update_application(app)
    positions = lines_with_position(write_letter(register, app.sequence, tmp_path / "org.pdf"))[0]
    texts = [t for _y, t in positions]
    at = texts.index("Stichting Buurtfeest Poelenburg")
    assert texts[at + 1] == "t.a.v. Jan Bakker" and texts[at + 2] == "Reigerstraat 12"
    assert "Beste Jan Bakker," in " ".join(texts)


def test_the_form_offers_the_contact_person_for_a_legal_entity(qtbot, register):
    from ui.application_form import ApplicationForm

    form = ApplicationForm(register.wijken(), parent=None)
    qtbot.addWidget(form)
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.LEGAL_ENTITY.value))
    form._check()
    assert form.contact_person.isEnabled()
    form.kind.setCurrentIndex(form.kind.findData(ApplicantKind.RESIDENT.value))
    form._check()
    assert not form.contact_person.isEnabled()


# -- fitting: one page where it fits, never a page with only the sign-off -------------------

def test_a_letter_that_fits_is_one_page_and_a_sign_off_never_stands_alone(register, tmp_path):
    one_page, two_pages = 0, 0
    for lines in range(0, 44, 3):
        app = register.register_application(complete_application(
            register.wijk_by_name("Poelenburg").id, cost_estimate=E("9000"), vouchers_requested=2))
        register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members_of(register),
                                         reasons="\n".join(["Het plan is goed."] * lines)))
        pages = pages_of(write_letter(register, app.sequence, tmp_path / f"{lines}.pdf"))
        if len(pages) == 1:
            one_page += 1
            continue
        two_pages += 1
        last = pages[-1]
        before = last.split("Met vriendelijke groet")[0]
        # The sign-off keeps the text before it: at least the questions and the objection.
        assert "Vragen?" in before and "Bezwaar" in before, (lines, last[:200])
    assert one_page >= 3 and two_pages >= 1  # a few lines more are set a little tighter


def test_the_letters_of_a_meeting_each_start_on_a_new_sheet_at_the_window(tmp_path):
    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 60)
    out = tmp_path / "brieven.pdf"
    made = subprocess.run([str(SCRIPT), "print", "letters", "--db", str(path), "--decided-from",
                           "2025-01-01", "--decided-to", "2025-12-31", "--sent", "2026-01-05",
                           "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert re.search(r"\d+ brieven geschreven naar", made.stdout), made.stdout
    with Register.open(path) as reg:
        from regiegroep.documents.letters import decisions_between
        from regiegroep.deciding.sending import sent_on

        decided = decisions_between(reg, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        assert decided and all(sent_on(reg, d.id) == dt.date(2026, 1, 5) for d in decided)
        firsts = {reg.application(reg.conn.execute(
            "SELECT application_id FROM decision WHERE id = ?", [d.id]).fetchone()[0]).applicant.name
            for d in decided}
    pages = pages_of(out)
    starts = [i for i, page in enumerate(pages) if "· pagina 1" in page]
    assert len(starts) == len(decided) and starts[0] == 0
    positions = lines_with_position(out)
    for i in starts:
        assert "Datum: 5 januari 2026" in pages[i]
        # The address block starts where a window envelope shows it (58 mm), on every letter.
        named = [y for y, t in positions[i] if t in firsts]
        assert named and ADDRESS_TOP_MM <= named[0] <= ADDRESS_TOP_MM + 10, (i, named)
    for page in pages:
        assert not page.startswith("Met vriendelijke groet")


# -- the day a letter is sent ---------------------------------------------------------------

def test_the_sending_day_dates_the_letter_and_the_objection_term(register, tmp_path):
    db = register.path
    app, made = grant(register, cost="1850.00")
    register.close()
    out = tmp_path / "brief.pdf"

    def run(*more):
        return subprocess.run([str(SCRIPT), "print", "letter", "--db", str(db), "--application",
                               str(app.sequence), "--out", str(out), *more],
                              capture_output=True, text=True)

    assert run("--sent", "2026-03-20").returncode == 0
    text = text_of(out)
    # Sent Friday 20 March: six weeks from the next day end on Friday 1 May.
    assert "Datum: 20 maart 2026" in text and "uiterlijk op 1 mei 2026" in text
    assert run().returncode == 0 and "Datum: 20 maart 2026" in text_of(out)  # a reprint
    again = run("--sent", "2026-03-24")
    assert again.returncode == 1 and "al op 20 maart 2026 verstuurd" in again.stderr
    early = subprocess.run([str(SCRIPT), "print", "letters", "--db", str(db), "--decided-from",
                            "2026-03-10", "--sent", "2026-03-01", "--out", str(tmp_path / "x.pdf")],
                           capture_output=True, text=True)
    assert early.returncode == 1 and "niet vóór het besluit" in early.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- the language is a parameter ------------------------------------------------------------

DUTCH = re.compile(r"\b(de|het|een|van|wij|uw|u|aanvraag|besluit|grond|gronden|gemeente|"
                   r"verordening|wijkraadpleging|stemmen|toegekend|geweigerd|pagina|nummer|"
                   r"bezwaar|voorzitter|regiegroep|namens|groet|dat|niet|op|tot|en|met)\b",
                   re.IGNORECASE)


def _english(register, app, *user_words) -> str:
    """The letter's text in English with the user's own words (titles, names, addresses)
    taken out; what is left must be English."""
    app = register.application(app.id)
    app.applicant.language = "en"
    register.update_application(app)
    return app


def _no_dutch(text: str, *own: str) -> None:
    for words in sorted((w for w in own if w), key=len, reverse=True):
        text = text.replace(" ".join(words.split()), " ")
    found = DUTCH.findall(text)
    assert not found, (found, text)


OWN_WORDS = ("Straatfeest Reigerstraat", "Fatma Yılmaz", "Reigerstraat 12", "1504 AB",
             "Stadhuisplein 100", "1506 MZ Zaandam", "Zaanstad", "Poelenburg",
             "Joke van der Meer", "Marieke Bakker")


@pytest.mark.parametrize("ground", "abcde")
def test_an_english_refusal_on_each_ground_has_no_dutch(register, tmp_path, ground):
    app = register.register_application(complete_application(register.wijk_by_name("Poelenburg").id))
    _english(register, app)
    register.decide(app.id, Decision(Kind.REFUSED, dt.date(2026, 3, 10), members_of(register),
                                     refusal_grounds={ground: "We explain it in plain words."}))
    text = text_of(write_letter(register, app.sequence, tmp_path / "refused.pdf"))
    assert f"Ground {ground} of Art. 6: there is good reason to assume that" in text
    assert "Subsidy ordinance on vouchers for residents' initiatives" in text
    _no_dutch(text, *OWN_WORDS)


def test_english_consultation_letters_have_no_dutch(tmp_path):
    """The example's consultations decided (with the screen in Dutch): the English letters
    tell the consultation's outcome in English."""
    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 60)
    with Register.open(path) as reg:
        decided = reg.conn.execute(
            "SELECT ci.application_id, c.title FROM consultation_item ci JOIN consultation c "
            "ON c.id = ci.consultation_id WHERE ci.decision_id IS NOT NULL").fetchall()
        assert decided
        kinds = set()
        for app_id, title in decided:
            app = reg.application(app_id)
            app.applicant.language = "en"
            reg.update_application(app)
            kinds.add(reg.latest_decision(app_id).kind)
            text = text_of(write_letter(reg, app.sequence, tmp_path / f"{app_id}.pdf"))
            assert "The neighbourhood consultation" in text and "votes for" in text
            assert "(Art. 5.3 to 5.5 of the Subsidy ordinance" in text
            m = reg.municipality()
            _no_dutch(text, app.title, title, app.applicant.name, app.applicant.address,
                      app.applicant.postcode, app.applicant.town, app.wijk, m.name, m.address,
                      m.postcode, m.city, m.steering_group_name, "Joke van der Meer",
                      "Wijkcentrum De Vlinder, Poelenburg 1", "1504 NA Zaandam",
                      "regiegroep@voorbeeld.nl", "075-123 45 67")
        assert Kind.GRANTED in kinds


def test_an_english_letter_on_another_thread_leaves_the_dutch_screen_dutch(register, tmp_path):
    from regiegroep.i18n import _, current_language

    app, _made = grant(register, cost="1850.00")
    _english(register, app)
    db = register.path
    written, problems = [], []

    def write() -> None:
        try:
            with Register.open(db) as mine:
                for n in range(4):
                    written.append(write_letter(mine, app.sequence, tmp_path / f"en{n}.pdf"))
        except BaseException as exc:  # pragma: no cover - shown by the assert below
            problems.append(exc)

    worker = threading.Thread(target=write)
    worker.start()
    seen = set()
    while worker.is_alive():  # the screen reads its words while the letter is written
        seen.add((Kind.GRANTED.label, _("Decision letters"), current_language()))
    worker.join()
    assert not problems, problems
    assert seen == {("Toegekend", "Besluitbrieven", "nl")}
    for pdf in written:
        text = text_of(pdf)
        assert "Decision: your application is granted." in text
        _no_dutch(text, *OWN_WORDS)


def test_a_notice_in_english_keeps_the_commands_messages_dutch(register, tmp_path):
    db = register.path
    register.close()
    out = tmp_path / "notice.txt"
    made = subprocess.run([str(SCRIPT), "print", "notice", "--db", str(db), "--kind", "scheme",
                           "--lang", "en", "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "geschreven naar" in made.stdout.lower(), made.stdout
    assert "Vouchers" in out.read_text(encoding="utf-8")
    wrong = subprocess.run([str(SCRIPT), "print", "notice", "--db", str(db), "--kind", "granted",
                            "--lang", "en", "--wijk", "Nergens", "--out", str(out)],
                           capture_output=True, text=True)
    assert wrong.returncode == 1 and "Nergens" in wrong.stderr
    assert "Er is geen wijk" in wrong.stderr and not re.search(r"\b(the|there|not)\b", wrong.stderr)


def test_a_replacement_letter_names_the_voucher_made_void_and_its_successor(register, tmp_path):
    app, _made = grant(register, cost="1850.00")
    old = register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))[0]
    new = register.void_voucher(old.serial, "verloren bij de verhuizing", today=dt.date(2026, 4, 2))
    db = register.path
    register.close()
    out = tmp_path / "vervangen.pdf"
    made = subprocess.run([str(SCRIPT), "print", "replacement", "--db", str(db), "--serial",
                           format_serial(old.serial), "--out", str(out)], capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr
    text = text_of(out)
    assert (f"Op 2 april 2026 hebben wij voucher nummer {format_serial(old.serial)} ongeldig "
            "gemaakt: verloren bij de verhuizing.") in text
    assert "teruggeven aan de regiegroep" in text
    assert f"voucher nummer {format_serial(new.serial)}, ter waarde van € 1.850,00" in text
    assert "Datum: 2 april 2026" in text


def test_the_export_counts_the_objection_term_from_the_sending_day(register, tmp_path):
    import json

    from regiegroep.exchange.export import export
    from regiegroep.deciding.sending import record_sent

    app, made = grant(register, cost="1850.00")
    export(register, "json", tmp_path / "before.json")
    record_sent(register, [made], dt.date(2026, 3, 24))
    export(register, "json", tmp_path / "after.json")

    def deadline(name):
        rows = json.loads((tmp_path / name).read_text(encoding="utf-8"))["applications"]
        return next(r for r in rows if r["sequence"] == app.sequence)["objection_deadline"]

    assert deadline("before.json") == "2026-04-21" and deadline("after.json") == "2026-05-06"


def test_a_corrected_partly_paid_grant_shows_the_same_vouchers_everywhere(register, tmp_path):
    """Issue 20's reproduction: EUR 7,300 granted, EUR 3,780.50 paid, corrected to EUR 9,125:
    the check's preview, the vouchers issued and the letter all say 5,000 + 344.50."""
    from regiegroep.deciding.check import CheckFlow
    from regiegroep.vouchers.payments import Payment, Way

    members = members_of(register)
    app = register.register_application(complete_application(
        register.wijk_by_name("Poelenburg").id, cost_estimate=E("9125.00"), vouchers_requested=2))
    first = register.decide(app.id, Decision(Kind.PARTIALLY_GRANTED, dt.date(2026, 3, 10), members,
                                             amount_granted=E("7300.00"),
                                             refusal_grounds={"a": "Het podium past niet."}))
    old = register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 11))
    register.redeem(app.id, Payment(1, dt.date(2026, 3, 20), Way.SUPPLIER, E("3780.50"),
                                    payee="Catering De Zaan"))
    flow = CheckFlow(register, app.id, today=dt.date(2026, 4, 1))
    flow.answers.kind = Kind.GRANTED
    assert flow.vouchers() == (E("5000.00"), E("344.50"))  # the preview
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 4, 1), members,
                                     corrects=first.id, reasons="Het podium mag toch."))
    new = [v for v in register.issued_vouchers(app.id) if v.status.value == "issued"]
    assert [v.value for v in new] == [E("5000.00"), E("344.50")]  # the voucher table
    text = text_of(write_letter(register, app.sequence, tmp_path / "corrected.pdf"))
    assert "U ontvangt 2 vouchers met een totale waarde van € 5.344,50" in text  # the letter
    for number, v in enumerate(new, 1):
        assert f"voucher {number}: € {'5.000,00' if number == 1 else '344,50'}, nummer " \
               f"{format_serial(v.serial)}" in text
    for v in old:
        assert f"ongeldig: voucher nummer {format_serial(v.serial)}" in text
    assert "€ 3.780,50 is al betaald" in text
