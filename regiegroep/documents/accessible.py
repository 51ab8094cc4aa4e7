"""What a PDF says about itself for a screen reader: its language (/Lang, so the reader
speaks Dutch as Dutch) and that a viewer shows its title, not its file name.

Each document is also a tagged PDF (its structure tree: headings, paragraphs, lists, tables,
figures with their text), drawn on ``Canvas`` (documents/tagged.py): ``canvas_options`` for a
canvas-drawn document, and ``Canvas`` as the canvasmaker of a platypus document's build.
"""

from __future__ import annotations

from regiegroep import i18n

from .tagged import TaggedCanvas as Canvas  # noqa: F401 (every document's canvas)


def language_tag(language: str | None = None) -> str:
    """The language of the text (``language``, else the one being written), as PDF's /Lang
    wants it: a BCP 47 tag, the catalog's code ("nl", "en")."""
    return language or i18n.current_language()


def document_options(language: str | None = None) -> dict:
    """Keyword arguments for a ReportLab SimpleDocTemplate."""
    return {"lang": language_tag(language), "displayDocTitle": True}


def canvas_options(language: str | None = None) -> dict:
    """Keyword arguments for a ReportLab Canvas."""
    return {"lang": language_tag(language)}
