"""Documents: everything printed, each a function of the record and the language asked for.

``documents.letters``: decision letters (Art. 5, 6, 9; Awb 3:45, 6:7). ``documents.voucher_certificate``:
the vouchers themselves (Art. 1a, 5, 9). ``documents.notices``: public notices (Art. 7).
``documents.consultation_letters`` and ``documents.consultation_notices``: the code letters,
ballots, poster, proces-verbaal and result of a consultation (Art. 1i, 5.3-5.5).
``documents.year_report``: the year report's PDF. ``documents.shaping``: right-to-left text
shaped and ordered. ``documents.layout`` and ``documents.qr``:
the common parts of a page. This module registers the fonts. Documents read the record;
they never write the register.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from ..rules import resources_dir

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register_fonts() -> None:
    """DejaVu Sans (regular and bold): the € sign and the letters of Turkish, Polish,
    Ukrainian and Arabic, the Arabic shaped and ordered (documents/shaping.py). Registering
    twice is harmless."""
    from .shaping import ShapedTTFont as TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD)
