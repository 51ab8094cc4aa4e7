"""The voucher certificate in Arabic reads from the right (issue 25): its labels and values
right-aligned at the right margin, the serial and the QR code on the other side, and the
code still scans; a Turkish one keeps its labels at the left margin. The ballot paper, the
other document of two columns, mirrors too."""

import pypdfium2
import pytest
import zxingcpp

from regiegroep import i18n
from regiegroep.documents.shaping import upper, visual
from regiegroep.documents.voucher_certificate import (
    INSET, LEFT, WIDTH, write_certificates,
)
from regiegroep.i18n import _
from regiegroep.rules import model_ordinance
from regiegroep.vouchers.serials import format_serial
from reportlab.lib.units import mm

from .pdf_tags import placed_text
from .test_code_letters import planned  # noqa: F401 (fixture)
from .test_voucher_certificate import ISSUER, vouchers

START = LEFT + INSET + 5 * mm  # where a left-to-right line starts
END = LEFT + WIDTH - INSET - 5 * mm  # where a right-to-left line starts


def _codes_with_x(path):
    """The QR codes a scanner reads on the first page, with the horizontal middle of each
    as a share of the page's width."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=200 / 72).to_pil()
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return [(hit.text, (hit.position.top_left.x + hit.position.top_right.x) / 2 / image.width)
                for hit in sorted(found, key=lambda hit: hit.position.top_left.y)]
    finally:
        document.close()


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_the_voucher_is_mirrored_in_arabic_only(tmp_path, language):
    made = vouchers(2)
    out = write_certificates(made, tmp_path / "v.pdf", issuer=ISSUER,
                             ordinance=model_ordinance(), language=language)
    placed = placed_text(out)
    with i18n.document_language(language):
        labels = [_("Value"), _("Holder"), _("Initiative"), _("Neighbourhood"), _("Issued on")]
        serial_label = _("Serial number")
    drawn = {visual(upper(label, language)) for label in labels}
    found = [(left, right) for text, left, right, _y in placed if text in drawn]
    assert len(found) == 2 * len(labels)  # each label of both vouchers
    serial = format_serial(made[0].serial)
    (serial_at,) = [(left, right) for text, left, right, _y in placed if text == serial]
    serial_label_at = [(left, right) for text, left, right, _y in placed
                       if text == visual(upper(serial_label, language))]
    assert len(serial_label_at) == 2
    codes = _codes_with_x(out)
    assert [code for code, _x in codes] == [v.code for v in made]  # still scans
    if language == "ar":
        assert all(abs(right - END) < 0.5 for _left, right in found)  # right-aligned
        assert abs(serial_at[0] - START) < 0.5  # the serial on the other side
        assert all(abs(left - START) < 0.5 for left, _right in serial_label_at)
        assert all(x < 0.4 for _code, x in codes)  # and the QR code with it
    else:
        assert all(abs(left - START) < 0.5 for left, _right in found)
        assert abs(serial_at[1] - END) < 0.5
        assert all(abs(right - END) < 0.5 for _left, right in serial_label_at)
        assert all(x > 0.6 for _code, x in codes)


def test_the_ballot_paper_reads_from_the_right_in_arabic(planned, tmp_path):  # noqa: F811
    from reportlab.lib.pagesizes import A4

    from regiegroep.consultations import label
    from regiegroep.documents.consultation_letters import write_ballots

    register, c = planned
    with i18n.document_language("ar"):
        out = write_ballots(register, c.id, tmp_path / "biljet.pdf")
        title = visual(_("Ballot paper: {title}").format(title=c.title))
        heads = {visual(label("for")), visual(label("against"))}
    placed = placed_text(out)
    (title_at,) = [(left, right) for text, left, right, _y in placed if text == title]
    assert abs(title_at[1] - (A4[0] - 60)) < 0.5  # from the right edge
    items = [(left, right) for text, left, right, _y in placed if text.endswith(")")
             and "Speeltuin" in text]
    assert items and all(abs(right - (A4[0] - 60)) < 0.5 for _left, right in items)
    found = [right for text, _left, right, _y in placed if text in heads]
    assert len(found) == 2 and all(right < A4[0] / 3 for right in found)  # boxes on the left
