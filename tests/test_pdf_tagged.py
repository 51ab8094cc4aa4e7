"""Every document is a tagged PDF (issue 25): marked, a structure tree from /Document whose
text, read element by element, is the page's text in the order drawn; headings H1/H2,
lists, tables with header cells, figures with their text (the voucher's QR code names its
voucher), page numbers and decoration as artifacts, each page's /StructParents; poppler
says "Tagged: yes". (veraPDF, the PDF/UA checker, is not available here.)"""

import datetime as dt
import time
from datetime import date as D

import pytest

from regiegroep.documents.consultation_letters import (
    read_addresses, write_ballots, write_code_letters,
)
from regiegroep.documents.consultation_notices import write as write_consultation_notice
from regiegroep.documents.letters import write_letter, write_letters
from regiegroep.documents.notices import write_notice
from regiegroep.documents.voucher_certificate import write_certificates
from regiegroep.i18n import format_date
from regiegroep.register import Register
from regiegroep.rules import model_ordinance
from regiegroep.vouchers.serials import format_serial

from .pdf_tags import assert_tagged, read_tags
from .test_code_letters import planned  # noqa: F401 (fixture)
from .test_letters import example  # noqa: F401 (fixture)
from .test_voucher_certificate import ISSUER, vouchers


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_a_letter_is_tagged_with_its_subject_as_heading(example, tmp_path):  # noqa: F811
    path, first_of_kind = example
    with Register.open(path) as reg:
        pdf = write_letter(reg, first_of_kind["granted"]["sequence"], tmp_path / "l.pdf")
    tags = assert_tagged(pdf, "nl")
    (subject,) = tags.of("H1")
    assert subject.text.startswith("Besluit op uw aanvraag")
    assert [s.lang for s in tags.of("Sect")] == ["nl"]
    # the page's footer is an artifact, not read as part of the letter
    assert any("pagina 1" in t for t in tags.artifact_text)
    assert "pagina 1" not in tags.tree_text()


def test_a_batch_of_letters_is_one_part_per_letter(example, tmp_path):  # noqa: F811
    path, _first = example
    with Register.open(path) as reg:
        pdf, _count = write_letters(reg, D(2000, 1, 1), D(2100, 1, 1), tmp_path / "all.pdf")
    tags = assert_tagged(pdf, "nl")
    assert len(tags.of("Sect")) == len(tags.of("H1")) > 3
    assert all(n is not None for n in tags.struct_parents)  # every page points into the tree


@pytest.mark.parametrize("kind", ["scheme", "granted"])
def test_notices_are_tagged_with_headings_lists_and_tables(register, tmp_path, kind):
    out = write_notice(register, kind, tmp_path / f"{kind}.pdf", wijk="Poelenburg",
                       start=D(2026, 1, 1), language="en")
    tags = assert_tagged(out, "en")
    assert [n.role for n in tags.root.kids] == ["Sect"] and tags.of("Sect")[0].lang == "en"
    assert len(tags.of("H1")) == 1
    if kind == "scheme":
        assert tags.of("H2")
        (first, *_rest) = tags.of("L")
        assert first.kids and all(k.role == "LI" for k in first.kids)


def test_a_notice_in_every_language_is_a_part_per_language(register, tmp_path):
    out = write_notice(register, "scheme", tmp_path / "all.pdf", wijk="Poelenburg",
                       start=D(2026, 1, 1), language="all")
    tags = read_tags(out)
    assert [s.lang for s in tags.of("Sect")] == ["nl", "en", "tr", "ar", "pl", "uk"]
    assert tags.marked and not tags.unmarked_text
    # Arabic is drawn right to left, so its part is compared by its letters
    assert sorted(tags.tree_text()) == sorted(tags.page_text)


def test_a_table_has_header_cells_and_rows(example, tmp_path):  # noqa: F811
    path, _first = example
    with Register.open(path) as reg:
        out = write_notice(reg, "granted", tmp_path / "g.pdf", language="nl")
    tags = assert_tagged(out, "nl")
    assert tags.of("Table")
    for table in tags.of("Table"):
        head, *rows = table.kids
        assert head.role == "TR" and {c.role for c in head.kids} == {"TH"}
        assert all(c.role == "TD" for r in rows for c in r.kids)


def test_code_letters_and_ballots_are_tagged(planned, tmp_path):  # noqa: F811
    register, c = planned
    addresses = tmp_path / "adressen.csv"
    addresses.write_text("adres;postcode;woonplaats\nKerkstraat 1;1501 AA;Zaandam\n"
                         "Kerkstraat 3;1501 AA;Zaandam\n", encoding="utf-8")
    out = tmp_path / "codes.pdf"
    write_code_letters(register, c.id, read_addresses(addresses), out)
    tags = assert_tagged(out, "nl")
    assert len(tags.of("Sect")) == 2 and tags.of("H2") and tags.of("LI")
    ballots = write_ballots(register, c.id, tmp_path / "biljet.pdf", count=3)
    tags = assert_tagged(ballots, "nl")
    assert len(tags.of("H1")) == 3


def test_the_consultation_poster_is_tagged(planned, tmp_path):  # noqa: F811
    register, c = planned
    out = write_consultation_notice(register, "announcement", c.id, tmp_path / "poster.pdf",
                                    size="a3")
    tags = assert_tagged(out, "nl")
    assert tags.of("H1")


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_voucher_is_tagged_and_its_qr_code_named(tmp_path, language):
    made = vouchers(3)
    out = write_certificates(made, tmp_path / "v.pdf", issuer=ISSUER,
                             ordinance=model_ordinance(), language=language)
    tags = assert_tagged(out, language, figures=3)
    assert len(tags.of("Sect")) == 3
    for voucher, figure in zip(made, tags.of("Figure")):
        assert format_serial(voucher.serial) in figure.alt
    if language == "ar":  # drawn in visual order, said as written
        from regiegroep import i18n
        from regiegroep.i18n import _

        with i18n.document_language("ar"):
            holder, heading = _("Holder"), _("Voucher for a residents' initiative")
        said = [n.actual for n in tags.walk() if n.actual]
        assert f"{holder} {made[0].holder}" in said and heading in said
        assert all(n.actual is None for n in tags.walk() if n.text.isascii())
    if language == "nl":
        assert tags.of("Figure")[0].alt.startswith("QR-code van voucher")
        # the microtext frame and panel are decoration: artifacts
        assert any(format_serial(made[0].serial) in t for t in tags.artifact_text)


def test_the_year_report_is_tagged_with_its_charts_described(tmp_path):
    from regiegroep import demo
    from regiegroep.reports.accounts import accounts
    from regiegroep.documents.year_report import write_pdf

    demo.write_demo(tmp_path / "r.sqlite", 30)
    with Register.open(tmp_path / "r.sqlite") as reg:
        pdf = write_pdf(reg, accounts(reg, 2025), tmp_path / "jaar.pdf")
    tags = assert_tagged(pdf, "nl", figures=3)
    assert len(tags.of("H1")) == 1 and len(tags.of("H2")) > 5 and tags.of("Table")
    assert any(t.endswith("bladzijde 2") for t in tags.artifact_text)  # the footer
    assert "alle wijken · bladzijde" not in tags.tree_text()


def test_a_letter_in_arabic_is_a_dutch_part_and_an_arabic_part(example, tmp_path):  # noqa: F811
    import dataclasses

    from regiegroep.applications import update_application

    path, first_of_kind = example
    with Register.open(path) as reg:
        app = next(a for a in reg.applications()
                   if a.sequence == first_of_kind["granted"]["sequence"])
        update_application(reg, dataclasses.replace(
            app, applicant=dataclasses.replace(app.applicant, language="ar")))
        pdf = write_letter(reg, app.sequence, tmp_path / "l.pdf")
        update_application(reg, app)
    tags = read_tags(pdf)
    assert tags.marked and tags.lang == "nl" and not tags.unmarked_text
    assert [s.lang for s in tags.of("Sect")] == ["nl", "ar"]
    (subject,) = [k for k in tags.of("Sect")[1].kids if k.role == "H1"]  # its own subject
    assert subject.actual and subject.actual != subject.text  # said as written, not as drawn
    assert tags.tree_text() == tags.page_text


def test_an_arabic_table_is_read_from_its_first_column(example, tmp_path):  # noqa: F811
    """Drawn mirrored (its first column on the right), read in its own order."""
    from regiegroep import i18n

    path, _first = example
    with Register.open(path) as reg:
        out = write_notice(reg, "granted", tmp_path / "granted.pdf", language="ar")
    with i18n.document_language("ar"):
        from regiegroep.i18n import _
        first_header = _("Date")
    tags = read_tags(out)
    (table, *_rest) = tags.of("Table")
    header = table.kids[0]
    assert [c.role for c in header.kids] == ["TH"] * len(header.kids)
    from regiegroep.documents.shaping import visual

    assert header.kids[0].text == visual(first_header)  # the date first, drawn rightmost


def test_a_table_over_pages_is_one_table_its_repeated_header_an_artifact(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from regiegroep.documents import accessible
    from regiegroep.documents.layout import para, register_fonts, styles, table

    register_fonts()
    s = styles()
    rows = [["Nummer", "Titel"]] + [[str(n), f"Initiatief {n}"] for n in range(1, 121)]
    out = tmp_path / "t.pdf"
    SimpleDocTemplate(str(out), pagesize=A4, **accessible.document_options("nl")).build(
        [para("Lijst", s["title"]), table(rows, [100, 300], s["cell"])],
        canvasmaker=accessible.Canvas)
    tags = assert_tagged(out, "nl")
    (made,) = tags.of("Table")
    assert len(made.kids) == 121  # one header row and every row, once
    assert [c.text for c in made.kids[0].kids] == ["Nummer", "Titel"]
    assert len(tags.struct_parents) > 1 and None not in tags.struct_parents
    assert "Nummer" in tags.artifact_text  # the header again on the next page
