"""Everything printed: the common parts of a page (fonts, QR codes) and the documents.

``voucher_certificate`` prints the vouchers themselves (Art. 1a, 5, 9).
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
