"""The page the year report and the public notices share: fonts, styles, tables, a footer.

DejaVu Sans (resources/fonts) carries the € sign and the letters of Turkish, Polish and
other names and languages the neighbourhood writes in.
"""

from __future__ import annotations

from html import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from . import BOLD, FONT, register_fonts  # noqa: F401  (the documents' one set of fonts)
from .shaping import alignment, needs_shaping
from .tagged import Group, Tag, table_tags

ACCENT = colors.HexColor("#1f5f8b")
LIGHT = colors.HexColor("#e8f0f6")


def styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """Body, small print and headings; ``scale`` enlarges them all (the A3 poster)."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=10 * scale, leading=13.5 * scale,
                          spaceAfter=5 * scale)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8 * scale, leading=10 * scale,
                                textColor="#444444"),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=20 * scale,
                                leading=24 * scale, spaceAfter=8 * scale, textColor=ACCENT),
        "h": ParagraphStyle("h", parent=body, fontName=BOLD, fontSize=12.5 * scale,
                            leading=16 * scale, spaceBefore=8 * scale, spaceAfter=4 * scale,
                            textColor=ACCENT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9 * scale, leading=11 * scale,
                               spaceAfter=0),
        "bold": ParagraphStyle("bold", parent=body, fontName=BOLD),
    }


# The structure element of a paragraph of each style (documents/tagged.py): a heading for a
# screen reader is a heading.
ROLES = {"title": "H1", "h": "H2"}


def para(text: str, style: ParagraphStyle, role: str | None = None) -> Tag:
    """A paragraph of plain text (escaped; line breaks kept); one in a right-to-left
    script is aligned right (its letters are shaped by the font: documents/shaping.py).
    Tagged as its style's heading, else as ``role`` or a paragraph (/P)."""
    return Tag(_paragraph(text, style), role or ROLES.get(style.name.split("-")[0], "P"))


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    if needs_shaping(text) and style.alignment != alignment(text, style.alignment):
        style = ParagraphStyle(style.name + "-rtl", parent=style, alignment=alignment(text))
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def table(rows: list[list], widths: list[float], style: ParagraphStyle, header: bool = True,
          right: tuple[int, ...] = ()) -> Table:
    """A readable table: a shaded header row, light lines, figures aligned right. A table
    whose header is in a right-to-left script (Arabic) reads from the right: its columns
    mirror, its first column on the right."""
    first = rows[0][0] if rows and rows[0] else ""
    mirrored = isinstance(first, str) and needs_shaping(first) and alignment(first) == 2
    if mirrored:
        last = len(widths) - 1
        rows = [list(reversed(row)) for row in rows]
        widths = list(reversed(widths))
        right = tuple(last - n for n in right)
    aligned = ParagraphStyle("right", parent=style, alignment=2)
    cells = [[c if not isinstance(c, str) else _paragraph(c, aligned if n in right else style)
              for n, c in enumerate(row)] for row in rows]
    made = Table(cells, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0,
                 renderCB=table_tags(header=1 if header else 0, rtl=mirrored))
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    made.setStyle(TableStyle(commands))
    return made


def bullets(items: list[str], style: ParagraphStyle, scale: float = 1.0):
    """A list with bullets: on the left, or on the right for a right-to-left script."""
    from reportlab.platypus import ListFlowable, ListItem

    rtl = any(needs_shaping(item) and alignment(item) == 2 for item in items)
    tagged = Group("L")  # a list for a screen reader: /L with an /LI per item
    if rtl:  # the bullet starts the line, and a right-to-left line starts on the right
        from reportlab.platypus import KeepTogether

        item_style = ParagraphStyle(style.name + "-item", parent=style, rightIndent=6 * scale)
        return KeepTogether([Tag(_paragraph("•\u00a0" + item, item_style), "LI", parent=tagged)
                             for item in items])
    return ListFlowable([ListItem(Tag(_paragraph(i, style), "LI", parent=tagged),
                                  bulletColor=ACCENT, leftIndent=12 * scale)
                         for i in items], bulletType="bullet", start="•", bulletFontName=FONT,
                        leftIndent=12 * scale)
