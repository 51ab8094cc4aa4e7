"""Rebuild the translation catalogs: extract, update, fill English, compile.

    python scripts/translations.py          # after changing user-visible strings

English msgids are the source. Every language with a row in translations/languages.toml
gets its catalog (made when missing, updated from the template otherwise). The Dutch
catalog is translated by hand in translations/nl/LC_MESSAGES/regiegroep.po; the English
catalog is filled with the msgids themselves, so it is complete too; Turkish, Arabic,
Polish and Ukrainian are filled in batches with scripts/translate_batch.py (which lists
only the entries still untranslated). The tests fail on any untranslated or fuzzy entry.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "translations"
POT = CATALOGS / "regiegroep.pot"
with (CATALOGS / "languages.toml").open("rb") as _fp:
    LANGUAGES = tuple(tomllib.load(_fp))  # every language shipped, one row each


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def po_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / "regiegroep.po"


def main() -> None:
    pybabel("extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
            "--no-location", "--sort-output", "--project", "Regiegroep",
            "--copyright-holder", "Regiegroep", "-o", str(POT.relative_to(ROOT)), "regiegroep", "ui")
    for language in LANGUAGES:
        if not po_path(language).exists():
            pybabel("init", "-D", "regiegroep", "-i", str(POT), "-d", str(CATALOGS), "-l", language)
        else:
            pybabel("update", "-D", "regiegroep", "-i", str(POT), "-d", str(CATALOGS), "-l", language,
                    "--no-fuzzy-matching", "--ignore-obsolete")
    # English: the msgids are the English text.
    with po_path("en").open("rb") as fp:
        catalog = read_po(fp, locale="en")
    for message in catalog:
        if message.id and not any(message.string if isinstance(message.string, tuple) else [message.string]):
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path("en").open("wb") as fp:
        write_po(fp, catalog, width=100, omit_header=False)
    compile_all()


def compile_all() -> None:
    for language in LANGUAGES:
        with po_path(language).open("rb") as fp:
            catalog = read_po(fp, locale=language)
        with po_path(language).with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog)


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        compile_all()
    else:
        main()
