"""Decision letters: real A4 PDFs that say what was decided, on which article, why, and
until when one may object."""

import datetime as dt
from decimal import Decimal
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from regiegroep import demo
from regiegroep.exchange.export import export
from regiegroep.documents.letters import write_letter
from regiegroep.register import Register

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    path = folder / "voorbeeld.sqlite"
    demo.write_demo(path, 60)
    with Register.open(path) as reg:
        export(reg, "json", folder / "r.json")
    records = json.loads((folder / "r.json").read_text(encoding="utf-8"))["applications"]
    first_of_kind = {}
    for record in records:
        kind = record.get("decision") or ("referred" if "referred_on" in record else None)
        if kind == "granted" and Decimal(record["cost_estimate"]) > 10000:
            kind = "granted_by_consultation"  # Art. 5.3-5.5: a consultation decided
        first_of_kind.setdefault(kind, record)
    return path, first_of_kind


def text_of(pdf: Path) -> str:
    reader = PdfReader(pdf)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


EXPECTED = {
    "granted": ["Besluit: uw aanvraag wordt toegekend.", "art. 5.1 en 5.2", "voucher 1:"],
    "granted_by_consultation": ["Besluit: uw aanvraag wordt toegekend.",
                                "(art. 5.3 tot en met 5.5 van de Subsidieverordening",
                                "De wijkraadpleging heeft besloten dat het initiatief de vouchers "
                                "krijgt.", "stemmen voor"],
    "partially_granted": ["gedeeltelijk toegekend", "Waarom wij de rest weigeren"],
    "refused": ["Besluit: uw aanvraag wordt geweigerd.", "van art. 6: er is gegronde reden"],
    "left_undealt": ["buiten behandeling", "artikel 4:5 van de Algemene wet bestuursrecht"],
    "referred": ["een wijkraadpleging beslist", "(art. 5.5)"],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_kind_of_decision_has_its_letter(example, tmp_path, kind):
    path, first_of_kind = example
    record = first_of_kind[kind]
    with Register.open(path) as reg:
        pdf = write_letter(reg, record["sequence"], tmp_path / f"{kind}.pdf")
    text = text_of(pdf)
    for phrase in EXPECTED[kind]:
        assert phrase in text, (phrase, text[:400])
    assert "Gemeente Zaanstad" in text and f"Ons nummer: {record['sequence']}" in text
    assert "Joke van der Meer, voorzitter" in text
    if kind == "referred":
        assert "Bezwaar" not in text
    else:
        # Awb 3:45: the objection clause with the same last day as the export.
        last_day = dt.date.fromisoformat(record["objection_deadline"])
        from regiegroep.i18n import format_date
        assert f"uiterlijk op {format_date(last_day)}" in text
        assert "college van burgemeester en wethouders van Zaanstad, Stadhuisplein 100" in text


def test_the_print_letter_command(example, tmp_path):
    path, first_of_kind = example
    sequence = first_of_kind["refused"]["sequence"]
    out = tmp_path / "brief.pdf"
    made = subprocess.run([str(SCRIPT), "print", "letter", "--db", str(path), "--application",
                           str(sequence), "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "Besluit: uw aanvraag wordt geweigerd." in text_of(out)
    waiting = first_of_kind[None]["sequence"]
    refused = subprocess.run([str(SCRIPT), "print", "letter", "--db", str(path), "--application",
                              str(waiting), "--out", str(tmp_path / "x.pdf")],
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "nog niet besloten" in refused.stderr


def test_an_open_request_to_complete_has_its_letter(example, tmp_path):
    path, first_of_kind = example
    with Register.open(path) as reg:
        waiting = next(a for a in reg.applications() if a.status.value == "completion_requested")
        request = reg.completion_requests(waiting.id)[-1]
        pdf = write_letter(reg, waiting.sequence, tmp_path / "aanvulling.pdf")
    from regiegroep.i18n import format_date
    text = text_of(pdf)
    assert "Verzoek om aanvulling van uw aanvraag" in text
    assert f"uiterlijk {format_date(request.term_ends)}" in text
    assert "artikel 4:15 van de Algemene wet bestuursrecht" in text and "Bezwaar" not in text


def test_a_letter_prints_page_for_page(example, tmp_path, qtbot):
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    from ui.printing import load, render

    path, first_of_kind = example
    with Register.open(path) as reg:
        pdf = write_letter(reg, first_of_kind["partially_granted"]["sequence"], tmp_path / "l.pdf")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    pages = render(load(pdf), printer)
    assert pages == len(PdfReader(pdf).pages)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages


def test_the_letter_goes_out_in_the_applicants_language(example, tmp_path):
    from regiegroep import i18n

    path, first_of_kind = example
    sequence = first_of_kind["granted"]["sequence"]
    with Register.open(path) as reg:
        app = reg.application_by_sequence(sequence)
        app.applicant.language = "en"
        reg.update_application(app)
        pdf = write_letter(reg, sequence, tmp_path / "en.pdf")
    text = text_of(pdf)
    assert "Decision: your application is granted." in text and "Dear " in text
    assert i18n.current_language() == "nl"  # the app itself stays in its language


def test_a_grant_letter_gives_the_groups_own_reasons(register, tmp_path):
    from regiegroep.deciding.decision import Decision, Kind

    from .conftest import complete_application

    app = register.register_application(complete_application(register.wijken()[0].id))
    members = tuple(register.add_member(name).id for name in ("Joke", "Marieke", "Hasan"))
    register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                     amount_granted=app.cost_estimate,
                                     reasons="Het feest brengt de hele straat samen."))
    text = text_of(write_letter(register, app.sequence, tmp_path / "granted.pdf"))
    assert "Het feest brengt de hele straat samen." in text


def _decided_with_contact(register, **changes):
    from regiegroep.budgets.contact import GroupContact, set_group_contact
    from regiegroep.deciding.decision import Decision, Kind

    from .conftest import complete_application

    set_group_contact(register, GroupContact(
        address="Wijkcentrum De Vlinder, Poelenburg 1", postcode="1504 NA", town="Zaandam",
        phone="075-123 45 67", email="regiegroep@voorbeeld.nl"))
    app = complete_application(register.wijken()[0].id, **changes)
    app.applicant.town = "Zaandam"
    app = register.register_application(app)
    members = tuple(register.add_member(name).id for name in ("Joke", "Marieke"))
    made = register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members))
    return app, made, members


def test_a_letter_can_go_in_the_post_and_says_how_to_reach_the_group(register, tmp_path):
    app, _made, _members = _decided_with_contact(register)
    pdf = write_letter(register, app.sequence, tmp_path / "granted.pdf")
    text = text_of(pdf)
    assert f"{app.applicant.postcode} Zaandam" in text
    assert "Poelenburg 1, 1504 NA Zaandam" in text and "075-123 45 67" in text
    assert text.count("regiegroep@voorbeeld.nl") >= 2  # in the head and with the questions
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600


def test_a_correction_letter_says_what_it_corrects_and_what_was_paid(register, tmp_path):
    from regiegroep.deciding.decision import Decision, Kind
    from regiegroep.vouchers.payments import Payment, Way

    from regiegroep.vouchers.serials import format_serial

    app, made, members = _decided_with_contact(register)
    first = register.issue_vouchers(app.id, issued_on=dt.date(2026, 3, 12))
    register.redeem(app.id, Payment(1, dt.date(2026, 4, 2), Way.SUPPLIER, Decimal("500.00"),
                                    payee="Catering De Zaan"))
    register.decide(app.id, Decision(Kind.PARTIALLY_GRANTED, dt.date(2026, 4, 10), members,
                                     amount_granted=Decimal("1000.00"), corrects=made.id,
                                     refusal_grounds={"a": "Het springkussen past niet in de "
                                                           "planning."},
                                     reasons="Het springkussen komt van de gemeente."))
    text = text_of(write_letter(register, app.sequence, tmp_path / "corrected.pdf"))
    assert ("Dit besluit corrigeert ons besluit van 10 maart 2026: dat besluit was "
            "“Toegekend, € 1.850,00”, dit besluit is “Deels toegekend, € 1.000,00”") in text
    assert "€ 500,00 is al betaald" in text
    assert "Het springkussen komt van de gemeente." in text
    # Every certificate the correction makes void is named, and asked back.
    for voucher in first:
        assert f"ongeldig: voucher nummer {format_serial(voucher.serial)}" in text, text
    assert "teruggeven aan de regiegroep" in text
    # The new vouchers are the voucher table's: what the grant gives beyond what was paid.
    new = [v for v in register.issued_vouchers(app.id) if v.status.value == "issued"]
    assert sum(v.value for v in new) == Decimal("500.00")
    assert f"voucher 1: € 500,00, nummer {format_serial(new[0].serial)}" in text


def test_a_sentence_and_the_vouchers_it_announces_stay_on_one_page(register, tmp_path):
    from regiegroep.deciding.decision import Decision, Kind

    from .conftest import complete_application

    members = tuple(register.add_member(name).id for name in ("Joke", "Marieke"))
    for lines in range(8, 40, 2):
        app = register.register_application(complete_application(
            register.wijk_by_name("Poelenburg").id, cost_estimate=Decimal("9000"),
            vouchers_requested=2))
        register.decide(app.id, Decision(Kind.GRANTED, dt.date(2026, 3, 10), members,
                                         reasons="\n".join(["Het plan is goed."] * lines)))
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(
            write_letter(register, app.sequence, tmp_path / f"{lines}.pdf")).pages]
        first = next(i for i, p in enumerate(pages) if "U ontvangt 2 vouchers" in p)
        assert "voucher 2:" in pages[first], lines
