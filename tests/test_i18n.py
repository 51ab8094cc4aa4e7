"""Shipped languages are complete, consistent and compiled; money and dates via Babel."""

import datetime as dt
import gettext
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from regiegroep import i18n

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "translations"
SHIPPED = sorted(i18n.LANGUAGES)
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def catalog(language):
    with (CATALOGS / language / "LC_MESSAGES" / "regiegroep.po").open("rb") as fp:
        return read_po(fp, locale=language)


def strings(value):
    return list(value) if isinstance(value, tuple) else [value]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    untranslated = [m.id for m in catalog(language) if m.id and not all(strings(m.string))]
    fuzzy = [m.id for m in catalog(language) if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", SHIPPED)
def test_placeholders_are_the_same_as_in_the_msgid(language):
    """A singular says exactly the msgid's placeholders. A plural's forms follow the
    language's own plural rule (Polish and Ukrainian have three, Arabic six): the form for
    one keeps the singular's placeholders, every other form the plural's; a form may leave
    out the count, one placeholder, where its words say it (Arabic "two vouchers" is one
    word), never invent one."""
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        if isinstance(message.id, str):
            if sorted(PLACEHOLDER.findall(message.string)) != sorted(PLACEHOLDER.findall(message.id)):
                wrong.append((message.id, message.string))
            continue
        singular, plural = (set(PLACEHOLDER.findall(text)) for text in message.id)
        one = gettext.c2py(catalog(language).plural_expr)(1)
        for index, text in enumerate(strings(message.string)):
            found = set(PLACEHOLDER.findall(text))
            wanted = singular if index == one else plural
            if not found <= singular | plural or len(wanted - found) > 1:
                wrong.append((message.id, text))
    assert wrong == []


def test_no_entry_is_stale():
    """No obsolete entries (#~) linger in a catalog after the code dropped their msgid."""
    for language in SHIPPED:
        assert not catalog(language).obsolete, language


def messages(catalog_):
    """What a catalog says, by message: not the bytes, which carry the tool's version."""
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in catalog_ if m.id}


@pytest.mark.parametrize("language", SHIPPED)
def test_compiled_catalogs_match_their_source(language):
    with (CATALOGS / language / "LC_MESSAGES" / "regiegroep.mo").open("rb") as fp:
        compiled = read_mo(fp)
    assert messages(compiled) == messages(catalog(language)), \
        "run: python scripts/translations.py compile"


def test_every_string_in_the_code_is_in_the_catalogs(tmp_path):
    pot = tmp_path / "current.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F",
                    "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "--no-location",
                    "-o", str(pot), "regiegroep", "ui"], cwd=ROOT, check=True)
    with pot.open("rb") as fp:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}
    for language in SHIPPED:
        shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(language) if m.id}
        assert sorted(in_code - shipped) == [], f"run: python scripts/translations.py ({language})"


def test_dutch_is_the_default_and_formats_the_dutch_way(monkeypatch):
    monkeypatch.delenv("REGIEGROEP_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.requested_language() == "nl"
    assert i18n.format_money(Decimal("12500")) == "€\u00a012.500,00"
    assert i18n.format_date(dt.date(2026, 3, 2)) == "2 maart 2026"
    assert i18n.format_number(100_000) == "100.000"  # the register's count in the status bar
    assert i18n._("The cost estimate is missing.") == "De kostenraming ontbreekt."


def test_english_on_request(monkeypatch):
    monkeypatch.setenv("REGIEGROEP_LANG", "en_GB.UTF-8")
    assert i18n.requested_language() == "en"
    assert i18n.requested_language("nl") == "nl"
    i18n.set_language("en")
    assert i18n.format_date(dt.date(2026, 3, 2)) == "2 March 2026"
    assert i18n.format_number(100_000) == "100,000"
    assert i18n._("The cost estimate is missing.") == "The cost estimate is missing."
    assert i18n.ngettext("{n} application", "{n} applications", 2) == "{n} applications"


def test_no_translation_is_called_inside_an_f_string():
    """The extractor does not look inside f-strings: a _() there is never translated."""
    import ast

    hidden = []
    for source in [*ROOT.glob("regiegroep/**/*.py"), *ROOT.glob("ui/**/*.py")]:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and getattr(call.func, "id", "") in (
                            "_", "ngettext", "N_"):
                        hidden.append(f"{source.relative_to(ROOT)}:{call.lineno}")
    assert hidden == []
