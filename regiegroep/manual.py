"""The manual behind F1: one page per task of a steering group's year, with its article.

The pages are Markdown files in ``resources/help/<language>/``, one set per shipped
language, numbered in the order of the year; a language added without pages of its own
shows the Dutch pages until it has them. Where a page names a figure of the ordinance
(the maximum voucher, the consultation threshold, the decision term, ...) it says
``{max_voucher_value}`` and the like, filled in from the ordinance in force
(``rules.figures``), so the manual never promises the model's figures to a municipality
that adopted others.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, current_language
from .rules import Ordinance, figures, model_ordinance, resources_dir

_PLACE = re.compile(r"\{([a-z_]+)\}")


@dataclasses.dataclass(frozen=True)
class Page:
    name: str  # the file's name without number and extension, the same in every language
    title: str
    articles: str  # what the task rests on, as the page's second line says
    text: str  # Markdown, figures filled in


def help_dir(language: str) -> Path:
    return resources_dir() / "help" / language


def page_names(language: str = DEFAULT_LANGUAGE) -> list[str]:
    return [p.stem.split("-", 1)[1] for p in sorted(help_dir(language).glob("*.md"))]


def pages(ordinance: Ordinance | None = None, language: str | None = None) -> list[Page]:
    """Every page in ``language`` (the current one by default), in the order of the year;
    the Dutch pages for a language that has none of its own."""
    language = language if language in LANGUAGES else current_language()
    if not page_names(language):
        language = DEFAULT_LANGUAGE
    known = figures(ordinance or model_ordinance(), language)
    found = []
    for path in sorted(help_dir(language).glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        title = lines[0].lstrip("# ").strip()
        articles = lines[1].strip("*_ ") if len(lines) > 1 else ""
        text = _PLACE.sub(lambda m: known.get(m.group(1), m.group(0)), "\n".join(lines))
        found.append(Page(path.stem.split("-", 1)[1], title, articles, text))
    return found


def placeholders(language: str) -> set[str]:
    """The figures the pages of ``language`` ask for (a test checks each is known)."""
    return {m for p in help_dir(language).glob("*.md")
            for m in _PLACE.findall(p.read_text(encoding="utf-8"))}
