"""Right-to-left text in documents: Arabic letters joined and in the order they are read.

ReportLab draws the characters of a string one after another, left to right, each in its
isolated form. Arabic needs two steps before that: its letters take their joined forms
(arabic-reshaper turns them into Unicode's presentation forms, which DejaVu Sans has), and
a line is put in visual order by the Unicode bidirectional algorithm (python-bidi), so a
line of Arabic reads from the right, while numbers, amounts and Latin names inside it keep
reading left to right. Both happen in the font (``ShapedTTFont``), on every string
ReportLab measures or draws: a paragraph draws a line as one string, so a line is ordered
as a whole, and every document, whichever module draws it, is shaped the same way.
"""

from __future__ import annotations

import functools
import re
import threading

from reportlab.pdfbase.ttfonts import TTFont

# Arabic, Syriac, Thaana, N'Ko, Hebrew and the presentation forms: text that needs the bidi
# algorithm (anything else is drawn as it is, at no cost).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Direction marks steer the algorithm but have no glyph: dropped once the line is ordered.
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def needs_shaping(text: str) -> bool:
    return bool(_RIGHT_TO_LEFT.search(text))


@functools.lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """``text`` as drawn: Arabic letters in their joined forms, the line in visual order."""
    if not needs_shaping(text):
        return text
    import arabic_reshaper
    # python-bidi's algorithm module mirrors brackets in right-to-left runs (rule L4): its
    # Rust get_display reorders only, so "(Art. 9)" would come out as ")Art. 9(".
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text)).translate(_MARKS)


def alignment(text: str, default: int = 0) -> int:
    """A paragraph's alignment: right (2) for a text that starts in a right-to-left script."""
    for char in text:
        if char.isalpha():
            return 2 if needs_shaping(char) else default
    return default


# The strings drawn while a tagged step is open, as written (documents/tagged.py): a step with
# right-to-left text gives a screen reader its text in reading order (/ActualText), as the
# drawn glyphs are in visual order. Per thread: documents may be printed in a worker.
DRAWN = threading.local()


class ShapedTTFont(TTFont):
    """A TrueType font that shapes and orders right-to-left text before measuring or
    drawing it (ReportLab's own shaping needs uharfbuzz and rlbidi; this needs neither)."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename, shapable=False)

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (ReportLab's name)
        return super().stringWidth(visual(text) if isinstance(text, str) else text, size, encoding)

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802
        sink = getattr(DRAWN, "sink", None)
        if sink is not None and isinstance(text, str):
            sink.append(text)
        return super().splitString(visual(text) if isinstance(text, str) else text, doc, encoding)


def upper(text: str, language: str | None = None) -> str:
    """Capitals as the language writes them: Turkish and Azerbaijani dot their capital i
    (``seri`` is ``SERİ``, ``ı`` is ``I``); str.upper knows no language."""
    from .. import i18n

    if (language or i18n.current_language()) in ("tr", "az"):
        text = text.replace("i", "İ")
    return text.upper()


def left_to_right(text: str, language: str | None = None) -> str:
    """A run that reads left to right as one, a phone number, inside a right-to-left line:
    "075-123 45 67" came out as "67 45 075-123", each group of digits a run of its own.
    Embedded left to right (LRE ... PDF: python-bidi's algorithm knows no isolates) and held
    together with no-break spaces, so that a line is never broken inside it."""
    from .. import i18n

    if not text or not i18n.is_right_to_left(language):
        return text
    return "\u202a" + text.replace(" ", "\u00a0") + "\u202c"


def reach(contact) -> str:
    """How to reach the group (GroupContact.reach) as a document in the current language
    says it: in Arabic its parts joined with the Arabic comma and the phone number one run
    read left to right."""
    from ..i18n import list_comma

    return "" if contact is None else contact.reach(list_comma(), left_to_right)
