"""Languages: gettext catalogs (English msgids) and Babel formatting of money and dates.

Dutch is the default language. The catalogs live in the ``translations`` package as
compiled ``.mo`` files next to their ``.po`` sources (``scripts/translations.py`` rebuilds
them, and a test fails when a ``.mo`` is stale).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import functools
import gettext
import os
from decimal import Decimal
from pathlib import Path

# Babel is imported on the first amount or date formatted, not with this module: a locked
# register's sign-in page needs the catalogs only (benchmarks/startup.py).

DOMAIN = "regiegroep"
DEFAULT_LANGUAGE = "nl"


@dataclasses.dataclass(frozen=True)
class Language:
    """A language shipped: a catalog and its row in ``translations/languages.toml``."""

    code: str
    name: str  # in its own language
    locale: str  # Babel's and Qt's locale for money and dates
    right_to_left: bool
    awaiting_review: bool  # no native speaker has confirmed the catalog yet
    letters_after_dutch: bool = False  # a legal letter: Dutch, then this language after it


def _catalogs_folder() -> Path:
    import translations  # the package of catalogs, installed beside this one

    return Path(translations.__file__).parent


def _shipped() -> dict[str, Language]:
    """The languages whose catalog is shipped, in the order of ``languages.toml`` (a catalog
    without a row there is offered too, under its code, left to right)."""
    import tomllib

    folder = _catalogs_folder()
    with (folder / "languages.toml").open("rb") as fp:
        table = tomllib.load(fp)
    catalogs = {mo.parent.parent.name for mo in folder.glob("*/LC_MESSAGES/" + DOMAIN + ".mo")}
    found = {}
    for code in [*table, *sorted(catalogs - set(table))]:
        if code not in catalogs:
            continue
        row = table.get(code, {})
        found[code] = Language(code, row.get("name", code), row.get("locale", code),
                               row.get("direction", "ltr") == "rtl",
                               row.get("review") == "awaiting", row.get("letters") == "after-dutch")
    return found


# The languages shipped (their catalogs), each with its data.
SHIPPED = _shipped()
# Languages shipped, with their name in their own language.
LANGUAGES = {code: language.name for code, language in SHIPPED.items()}
# The Babel locale used to format money and dates in each language.
_LOCALES = {code: language.locale for code, language in SHIPPED.items()}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
# The language of the document being written in this thread (or task), if any: a letter,
# notice or certificate in the recipient's language. It is context-local, so a document
# written on a worker thread never changes the screen's language, nor the other way round.
_document: contextvars.ContextVar[tuple[str, gettext.NullTranslations] | None] = \
    contextvars.ContextVar("regiegroep_document_language", default=None)


@functools.cache  # the app sets its language on import and again on start: read once
def _load(language: str) -> gettext.NullTranslations:
    mo = _catalogs_folder() / language / "LC_MESSAGES" / (DOMAIN + ".mo")
    try:
        with mo.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    except FileNotFoundError:
        return gettext.NullTranslations()


def requested_language(explicit: str | None = None) -> str:
    """The language to use: an explicit choice, else ``REGIEGROEP_LANG``, else Dutch.

    The system locale is not consulted on purpose: the product's default is Dutch, also on
    a laptop set up in English; a user picks another language in the app or by the option.
    """
    for candidate in (explicit, os.environ.get("REGIEGROEP_LANG")):
        if candidate:
            code = candidate.split("_")[0].split("-")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch every later translation and formatting to ``language`` (a code from LANGUAGES)."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _translations = _load(language)
    _language = language


@contextlib.contextmanager
def document_language(language: str):
    """Within the block, in this thread only, translate and format in ``language``: for a
    document in its recipient's language. Nothing global changes: the screen, a command's
    own messages and every other thread keep their language."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    token = _document.set((language, _load(language)))
    try:
        yield language
    finally:
        _document.reset(token)


def is_right_to_left(language: str | None = None) -> bool:
    shipped = SHIPPED.get(language or current_language())
    return shipped is not None and shipped.right_to_left


def letter_languages(language: str) -> list[str]:
    """The languages a legal letter to a resident reading ``language`` is written in: that
    language alone, or Dutch (the decision's language) with that language after it."""
    shipped = SHIPPED.get(language)
    if shipped is not None and shipped.letters_after_dutch and language != DEFAULT_LANGUAGE:
        return [DEFAULT_LANGUAGE, language]
    return [language if shipped is not None else DEFAULT_LANGUAGE]


def current_language() -> str:
    """The language texts are written in here: a document's being written in this thread,
    else the app's."""
    document = _document.get()
    return document[0] if document is not None else _language


def current_locale() -> str:
    return _LOCALES[current_language()]


def _catalog() -> gettext.NullTranslations:
    document = _document.get()
    return document[1] if document is not None else _translations


def _(message: str) -> str:
    """Translate ``message`` into the current language (a document's, else the app's)."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


def catalog(language: str | None = None) -> gettext.NullTranslations:
    """The catalog of ``language`` (the current one when None): for a text in another
    language than the screen's, such as a letter in the applicant's language."""
    return _catalog() if language is None else _load(language)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def format_money(amount: Decimal | int, language: str | None = None) -> str:
    """``€ 12.500,00`` in Dutch, ``€12,500.00`` in English."""
    from babel import numbers as babel_numbers

    locale = _LOCALES[language or current_language()]
    return babel_numbers.format_currency(Decimal(amount), "EUR", locale=locale)


def format_whole_money(amount: Decimal | int, language: str | None = None) -> str:
    """A round amount without its cents, for a chart's axis: ``€ 225.000`` in Dutch,
    ``€225,000`` in English (the language's own currency pattern, rounded to euros)."""
    import copy

    from babel import Locale, numbers as babel_numbers

    locale = Locale.parse(_LOCALES[language or current_language()])
    pattern = copy.copy(babel_numbers.parse_pattern(locale.currency_formats["standard"]))
    pattern.frac_prec = (0, 0)
    return pattern.apply(Decimal(amount), locale, currency="EUR", currency_digits=False)


def format_number(number: int, language: str | None = None) -> str:
    """``100.000`` in Dutch, ``100,000`` in English."""
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(number, locale=_LOCALES[language or current_language()])


def format_date(day: dt.date, language: str | None = None) -> str:
    """``2 maart 2026`` in Dutch."""
    from babel import dates as babel_dates

    return babel_dates.format_date(day, format="long", locale=_LOCALES[language or current_language()])


def format_short_date(day: dt.date, language: str | None = None) -> str:
    from babel import dates as babel_dates

    return babel_dates.format_date(day, format="medium", locale=_LOCALES[language or current_language()])


def format_month(day: dt.date, as_year: bool = False, language: str | None = None) -> str:
    """The month of ``day`` in a word, for a chart's time axis: ``jan`` in Dutch, ``Jan`` in
    English; ``as_year`` gives the year instead (``2026``), for a later year's January."""
    from babel import dates as babel_dates

    return babel_dates.format_skeleton("y" if as_year else "MMM", day,
                                       locale=_LOCALES[language or current_language()])


def format_datetime(moment: dt.datetime, language: str | None = None) -> str:
    """The date in words and the time, e.g. ``2 maart 2026 19:30``."""
    from babel import dates as babel_dates

    locale = _LOCALES[language or current_language()]
    if moment.time() == dt.time(0, 0):
        return format_date(moment.date(), language)
    return "{} {}".format(
        babel_dates.format_date(moment.date(), format="long", locale=locale),
        babel_dates.format_time(moment.time(), format="short", locale=locale),
    )


def list_comma(language: str | None = None) -> str:
    """What separates the items of a list written in a line: the Arabic comma "، " where
    the language is written in the Arabic script (its own name in languages.toml is)."""
    shipped = SHIPPED.get(language or current_language())
    arabic = shipped is not None and any("\u0600" <= char <= "\u06ff" for char in shipped.name)
    return "\u060c " if arabic else ", "


set_language(requested_language())
