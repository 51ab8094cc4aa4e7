"""The voucher certificate: the voucher a holder carries to the cash manager (Art. 1a, 5, 9).

A4, two vouchers a page with cut marks. Each shows its serial (big, grouped), its value in
figures and in words, the holder, the initiative and neighbourhood, the application, the
issue and valid-until dates, the signed QR code (regiegroep.vouchers.signing), how to redeem it (at
the municipal cash manager; cash at most the ordinance's limit per redemption, Art. 9.3b)
and signature lines.

Against copying and altering: a fine guilloche of interlaced curves that a copier or scanner
smears, a microtext frame repeating the value and the serial, and a panel of microtext
behind the value repeating it in words and figures; a changed figure no longer matches
either, nor the signed code. The guilloche is one PDF form drawn once
per document and reused by every voucher, so it costs almost nothing per page.

Written in Dutch by default, or in another language of the app.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from num2words import num2words
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from . import accessible
from .. import i18n
from ..i18n import _, format_date, format_money, ngettext
from ..rules import Ordinance
from ..vouchers.serials import format_serial
from . import BOLD, FONT, register_fonts
from .shaping import upper
from .qr import draw_qr
from .tagged import marked, section

PAGE_WIDTH, PAGE_HEIGHT = A4
WIDTH, HEIGHT = 182 * mm, 124 * mm  # one voucher, inside its cut marks
LEFT = (PAGE_WIDTH - WIDTH) / 2
BOTTOMS = (PAGE_HEIGHT / 2 + (PAGE_HEIGHT / 2 - HEIGHT) / 2, (PAGE_HEIGHT / 2 - HEIGHT) / 2)
INSET = 3.2 * mm  # the microtext frame between the outer and the inner border
QR_SIZE = 42 * mm
PANEL = 112 * mm  # the width of the value's microtext panel
MICRO = "Helvetica"  # a built-in font: the microtext needs no embedding and draws fast
INK = (0.05, 0.27, 0.36)  # a deep teal
PALE = (0.80, 0.89, 0.91)
_GUILLOCHE = "voucherGuilloche"


@dataclasses.dataclass(frozen=True)
class VoucherRecord:
    """One issued voucher as it is printed."""

    serial: str  # plain, with its check character
    value: Decimal
    holder: str  # under the naming rule of the notes to Art. 5
    title: str  # the initiative
    wijk: str  # the neighbourhood
    valid_until: dt.date  # Art. 5.7
    issued_on: dt.date
    application: int  # the application's sequence number
    code: str  # the signed code for the QR (regiegroep.signing.sign_voucher)
    left: Decimal | None = None  # what is left when something was paid from it already
    reprint_on: dt.date | None = None  # printed before: this copy is a reprint of this day


def value_in_words(value: Decimal, language: str | None = None) -> str:
    """``Decimal("1850.50")`` as "duizend achthonderdvijftig euro en vijftig cent"."""
    language = language or i18n.current_language()
    with _in_language(language):
        return _value_in_words(value, language)


_TURKISH_NUMBER_WORDS = re.compile(
    "milyar|milyon|altmış|yetmiş|seksen|doksan|dokuz|sekiz|yirmi|otuz|kırk|elli|dört|"
    "yedi|altı|beş|bin|yüz|iki|bir|üç|on|sıfır")


def _value_in_words(value: Decimal, language: str) -> str:
    cents_total = int((Decimal(value) * 100).to_integral_value())
    euros, cents = divmod(cents_total, 100)

    def words(number: int) -> str:
        text = num2words(number, lang=language)
        if language == "nl":  # the Taalunie's rule: a space after duizend and miljoen
            text = re.sub(r"(duizend|miljoen)(?=\w)", r"\1 ", text)
        if language == "tr":  # Turkish writes each number word apart: üç bin kırk beş
            text = " ".join(_TURKISH_NUMBER_WORDS.findall(text)) or text
        return text

    if cents:
        return ngettext("{euros} euro and {cents} cent", "{euros} euro and {cents} cents",
                        cents).format(euros=words(euros), cents=words(cents))
    return _("{euros} euro").format(euros=words(euros))


def _in_language(language: str):
    """The certificates in ``language``, in this thread only: nothing global switched."""
    return i18n.document_language(language)


def write_certificates(vouchers: list[VoucherRecord], out: str | os.PathLike, *, issuer: str,
                       ordinance: Ordinance, language: str = i18n.DEFAULT_LANGUAGE) -> Path:
    """Print ``vouchers`` to the PDF ``out``, two to an A4 page, and return its path.

    ``issuer`` names the municipality and steering group; ``ordinance`` is the one the
    vouchers were granted under (its cash limit and title are printed). The file appears
    only when complete: it is written beside ``out`` and renamed.
    """
    if not vouchers:
        raise ValueError("no vouchers to print")
    from ..files import output_target

    out = output_target(out)  # never over a register, a device or a FIFO (issue 23.2)
    register_fonts()
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=out.name + ".", suffix=".part")
    os.close(handle)
    try:
        with _in_language(language):
            _draw(accessible.Canvas(temporary, pagesize=A4, pageCompression=1,
                                    **accessible.canvas_options()),
                  vouchers, issuer, ordinance)
        os.replace(temporary, out)  # 0600 as mkstemp made it: the holders' names (AVG)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out


def _draw(canvas: Canvas, vouchers: list[VoucherRecord], issuer: str,
          ordinance: Ordinance) -> None:
    canvas.setTitle(_("Vouchers"))
    canvas.setAuthor(issuer)
    canvas.setCreator("Regiegroep")
    _define_guilloche(canvas)
    fixed = _FixedTexts(issuer, ordinance)
    for index, voucher in enumerate(vouchers):
        slot = index % 2
        if slot == 0 and index:
            canvas.showPage()
        if slot == 0:
            _cut_marks(canvas)
        canvas.saveState()
        canvas.translate(LEFT, BOTTOMS[slot])
        _voucher(canvas, voucher, fixed)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()


class _FixedTexts:
    """The texts every voucher of one print run shares, translated and wrapped once."""

    def __init__(self, issuer: str, ordinance: Ordinance):
        self.issuer = issuer
        self.heading = _("Voucher for a residents' initiative")
        self.ordinance = _("Issued under Art. 5 of the {ordinance}").format(
            ordinance=ordinance.title)
        self.labels = {
            "value": _("Value"), "serial": _("Serial number"), "holder": _("Holder"),
            "title": _("Initiative"), "wijk": _("Neighbourhood"),
            "application": _("Application"), "issued_on": _("Issued on"),
            "valid_until": _("Valid until"), "redeem": _("How to redeem"),
            "scan": _("Scan to check the signature"),
        }
        redeem = _("Hand this voucher to the municipal cash manager with the invoice of your "
                   "supplier, or ask for cash: at most {limit} in cash per redemption. The "
                   "voucher may be spent in parts, only for the initiative named on it and "
                   "only until the date it is valid until. A copy is not a voucher; lost "
                   "vouchers are voided: tell the steering group at once.").format(
            limit=format_money(ordinance.cash_limit_per_redemption))
        self.redeem = simpleSplit(redeem, FONT, 7, WIDTH - 2 * INSET - 10 * mm)
        self.reprint = _("REPRINT of {date}")
        self.reprint_note = _("Replaces the copy printed before; what was paid stays paid.")
        self.left_label = _("Still left on it")
        self.qr_alt = _("QR code of voucher {serial}")  # what a screen reader says of it
        self.rtl = i18n.is_right_to_left()  # Arabic: the voucher's layout mirrored
        self.signatures = (_("For the steering group: name and signature"),
                           _("Cash manager: date, amount and signature"))


def _define_guilloche(canvas: Canvas) -> None:
    """The guilloche as one form: interlaced waves across the voucher and two rosettes."""
    width, height = WIDTH - 2 * INSET, HEIGHT - 2 * INSET
    canvas.beginForm(_GUILLOCHE, 0, 0, width, height)
    canvas.setLineWidth(0.2)
    canvas.setStrokeColorRGB(0.62, 0.80, 0.84)
    steps = 240
    # Two bands: just under the header and just above the bottom border.
    for band, (base, amplitude) in enumerate(((4.6 * mm, 3.6), (height - 13.3 * mm, 2.6))):
        for k in range(12):
            path = canvas.beginPath()
            phase = k * math.pi / 7
            for i in range(steps + 1):
                x = width * i / steps
                t = 2 * math.pi * x / width
                y = (base + amplitude * math.sin(5 * t + phase)
                     + 0.45 * amplitude * math.sin(13 * t - phase + band))
                path.lineTo(x, y) if i else path.moveTo(x, y)
            canvas.drawPath(path, stroke=1, fill=0)
    canvas.setStrokeColorRGB(0.74, 0.86, 0.88)
    for cx, cy, radius in ((width * 0.36, height * 0.52, 30 * mm), (width * 0.82, height * 0.50,
                                                                     26 * mm)):
        for k in range(18):
            path = canvas.beginPath()
            turn = k * 2 * math.pi / 18
            for i in range(361):
                t = 2 * math.pi * i / 360
                r = radius * (0.62 + 0.38 * math.cos(7 * t) * math.cos(3 * t + turn))
                x, y = cx + r * math.cos(t + turn / 7), cy + r * math.sin(t + turn / 7)
                path.lineTo(x, y) if i else path.moveTo(x, y)
            path.close()
            canvas.drawPath(path, stroke=1, fill=0)
    canvas.endForm()


def _cut_marks(canvas: Canvas) -> None:
    """Crop marks at every corner of both vouchers, outside the voucher itself."""
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0, 0, 0)
    gap, length = 2 * mm, 6 * mm
    lines = []
    for bottom in BOTTOMS:
        for x in (LEFT, LEFT + WIDTH):
            for y in (bottom, bottom + HEIGHT):
                away_x = -1 if x == LEFT else 1
                away_y = -1 if y == bottom else 1
                lines.append((x + away_x * gap, y, x + away_x * (gap + length), y))
                lines.append((x, y + away_y * gap, x, y + away_y * (gap + length)))
    canvas.lines(lines)
    canvas.restoreState()


def _microtext_frame(canvas: Canvas, text: str) -> None:
    """The value and serial repeated in 1.7 pt letters between the two borders."""
    size = 1.7
    unit = canvas.stringWidth(text, MICRO, size)
    canvas.setFont(MICRO, size)
    canvas.setFillColorRGB(*INK)
    middle = INSET / 2 - size / 3
    for length, angle, x, y in ((WIDTH, 0, 0, middle), (WIDTH, 0, 0, HEIGHT - INSET / 2 - size / 3),
                                (HEIGHT, 90, INSET / 2 + size / 3, 0),
                                (HEIGHT, 90, WIDTH - INSET / 2 + size / 3, 0)):
        # Across the whole width; up the sides between the top and bottom lines.
        start = INSET + 0.6 * mm if angle else 1.5 * mm
        room = length - 2 * start
        line = text * (int(room / unit) + 1)
        line = line[:int(len(line) * room / (unit * (int(room / unit) + 1)))]
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        canvas.drawString(start, 0, line)
        canvas.restoreState()


class _Side:
    """Where a voucher's texts go: from the left, or, in a right-to-left language (Arabic),
    mirrored (labels and values from the right edge, the serial and QR code on the left).
    ``x`` is always measured from the side a line starts on."""

    def __init__(self, rtl: bool):
        self.rtl = rtl

    def x(self, x: float) -> float:
        return WIDTH - x if self.rtl else x

    def start(self, canvas: Canvas, x: float, y: float, text: str) -> None:
        """``text`` starting at ``x``: left-aligned, or right-aligned at the mirrored ``x``."""
        (canvas.drawRightString if self.rtl else canvas.drawString)(self.x(x), y, text)

    def end(self, canvas: Canvas, x: float, y: float, text: str) -> None:
        """``text`` ending at ``x`` (the serial at the far side)."""
        (canvas.drawString if self.rtl else canvas.drawRightString)(self.x(x), y, text)


def _label(canvas: Canvas, side: _Side, x: float, y: float, label: str,
           at_end: bool = False) -> None:
    """A small grey capital label; the fill colour is black again afterwards."""
    canvas.setFont(FONT, 6.5)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    (side.end if at_end else side.start)(canvas, x, y, upper(label))
    canvas.setFillColorRGB(0, 0, 0)


def _field(canvas: Canvas, side: _Side, x: float, y: float, label: str, value: str,
           width: float, size: float = 9.5, bold: bool = False) -> None:
    """A label and its value, one paragraph for a screen reader; a value too wide for one
    line takes two lines of smaller letters that stay inside the field's box (above the
    next field's label), and an ellipsis ends what does not fit in two."""
    with marked(canvas, "P"):
        _label(canvas, side, x, y + size + 2, label)
        font = BOLD if bold else FONT
        if canvas.stringWidth(value, font, size) <= width:
            lines, leading = [value], 0.0
        else:
            size, leading = 7.5, 8.3  # two lines: the second's descenders clear the next label
            lines = simpleSplit(value, font, size, width)
            if len(lines) > 2:
                second = lines[1]
                while second and canvas.stringWidth(second + "…", font, size) > width:
                    second = second[:-1].rstrip()
                lines = [lines[0], second + "…"]
            y += 2.5  # the two lines sit a little higher in the box
        canvas.setFont(font, size)
        for number, line in enumerate(lines):
            side.start(canvas, x, y - number * leading, line)


def _voucher(canvas: Canvas, voucher: VoucherRecord, fixed: _FixedTexts) -> None:
    """One voucher, drawn in reading order (the order of its tags, documents/tagged.py):
    what it is, its value, its serial and code, its facts, how to redeem it, the signatures.
    The borders, microtext and guilloche are artifacts: decoration a screen reader skips."""
    money = format_money(voucher.value)
    serial = format_serial(voucher.serial)
    side = _Side(fixed.rtl)
    section(canvas)  # each voucher a part of the document
    # Borders, microtext and the guilloche.
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(*INK)
    canvas.setLineWidth(1.1)
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=1, fill=0)
    canvas.setLineWidth(0.4)
    canvas.rect(INSET, INSET, WIDTH - 2 * INSET, HEIGHT - 2 * INSET, stroke=1, fill=0)
    _microtext_frame(canvas, "{} \u00b7 {} \u00b7 ".format(money, serial))
    canvas.saveState()
    canvas.translate(INSET, INSET)
    canvas.doForm(_GUILLOCHE)
    canvas.restoreState()
    # The header band.
    top = HEIGHT - INSET
    canvas.setFillColorRGB(*INK)
    canvas.rect(INSET, top - 14 * mm, WIDTH - 2 * INSET, 14 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 12.5)
    with marked(canvas, "H1"):
        side.start(canvas, INSET + 4 * mm, top - 5.8 * mm, fixed.heading)
    canvas.setFont(FONT, 7.5)
    with marked(canvas, "P"):
        side.start(canvas, INSET + 4 * mm, top - 9.3 * mm, fixed.issuer)
    canvas.setFont(FONT, 6.2)
    with marked(canvas, "P"):
        side.start(canvas, INSET + 4 * mm, top - 12.4 * mm, fixed.ordinance)
    if voucher.reprint_on is not None:
        canvas.setFont(BOLD, 10)
        with marked(canvas, "P"):
            side.end(canvas, WIDTH - INSET - 4 * mm, top - 5.8 * mm,
                     fixed.reprint.format(date=format_date(voucher.reprint_on)))
        canvas.setFont(FONT, 6.2)
        with marked(canvas, "P"):
            side.end(canvas, WIDTH - INSET - 4 * mm, top - 9.3 * mm, fixed.reprint_note)
    # The value, on a panel of its words and figures in pale microtext.
    left = INSET + 5 * mm
    words = value_in_words(voucher.value)
    unit = upper(words) + " \u00b7 " + money + " \u00b7 "
    repeats = int(PANEL / canvas.stringWidth(unit, MICRO, 2.2)) + 1
    band = (unit * repeats)[:int(len(unit) * PANEL / canvas.stringWidth(unit, MICRO, 2.2))]
    panel = canvas.beginText()
    panel.setFont(MICRO, 2.2)
    panel.setFillColorRGB(*PALE)
    for row in range(22):  # one text object: one string set 22 times, shifted by turns
        shift = left - 1.5 * mm - (row % 4) * 1.3 * mm
        panel.setTextOrigin(WIDTH - shift - PANEL if side.rtl else shift,
                            top - 38.5 * mm + row * 2.6)
        panel.textOut(band)
    canvas.drawText(panel)
    canvas.setFillColorRGB(0, 0, 0)
    labels = fixed.labels
    with marked(canvas, "P"):
        _label(canvas, side, left, top - 20 * mm, labels["value"])
        canvas.setFont(BOLD, 26)
        side.start(canvas, left, top - 29 * mm, money)
    if voucher.left is not None:
        with marked(canvas, "P"):
            _label(canvas, side, left + 62 * mm, top - 20 * mm, fixed.left_label)
            canvas.setFont(BOLD, 16)
            side.start(canvas, left + 62 * mm, top - 27 * mm, format_money(voucher.left))
    canvas.setFont(FONT, 8.5)
    with marked(canvas, "P"):
        for number, line in enumerate(simpleSplit(words, FONT, 8.5, PANEL - 4 * mm)[:2]):
            side.start(canvas, left, top - 33.5 * mm - number * 10, line)
    # The serial and the QR code, on the far side.
    right = WIDTH - INSET - 5 * mm
    with marked(canvas, "P"):
        _label(canvas, side, right, top - 20 * mm, labels["serial"], at_end=True)
        canvas.setFont(BOLD, 17)
        side.end(canvas, right, top - 27 * mm, serial)
    qr_bottom = top - 31 * mm - QR_SIZE
    with marked(canvas, "Figure", alt=fixed.qr_alt.format(serial=serial)):
        draw_qr(canvas, voucher.code, side.x(right) - (0 if side.rtl else QR_SIZE), qr_bottom,
                QR_SIZE)
    canvas.setFont(FONT, 6.5)
    with marked(canvas, "P"):
        canvas.drawCentredString(side.x(right - QR_SIZE / 2), qr_bottom - 3 * mm, labels["scan"])
    # The facts of the voucher.
    _field(canvas, side, left, top - 46 * mm, labels["holder"], voucher.holder, 108 * mm,
           bold=True)
    _field(canvas, side, left, top - 56 * mm, labels["title"], voucher.title, 108 * mm)
    _field(canvas, side, left, top - 66 * mm, labels["wijk"], voucher.wijk, 50 * mm)
    _field(canvas, side, left + 56 * mm, top - 66 * mm, labels["application"],
           str(voucher.application), 50 * mm)
    _field(canvas, side, left, top - 75.5 * mm, labels["issued_on"],
           format_date(voucher.issued_on), 50 * mm)
    _field(canvas, side, left + 56 * mm, top - 75.5 * mm, labels["valid_until"],
           format_date(voucher.valid_until), 50 * mm, bold=True)
    # How to redeem.
    row = top - 84 * mm
    canvas.setFont(BOLD, 7.5)
    with marked(canvas, "H2"):
        side.start(canvas, left, row, labels["redeem"])
    canvas.setFont(FONT, 7)
    with marked(canvas, "P"):
        for line in fixed.redeem:
            row -= 8.6
            side.start(canvas, left, row, line)
    # Signature lines.
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0, 0, 0)
    base = INSET + 12 * mm
    for x, text in ((left, fixed.signatures[0]), (left + 62 * mm, fixed.signatures[1])):
        canvas.line(side.x(x), base, side.x(x + 55 * mm), base)
        canvas.setFont(FONT, 6.5)
        with marked(canvas, "P"):
            side.start(canvas, x, base - 8, text)
