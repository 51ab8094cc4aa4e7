"""Fill the catalogs of the translated languages in batches, only where they are still empty.

    python scripts/translate_batch.py todo [--limit N] [--out todo.json]
        lists the msgids that one of the languages still lacks (the resident's texts first:
        kiosk, documents, letters, vouchers; then the rest), numbered, in todo.json
    python scripts/translate_batch.py apply todo.json batch.json
        writes a batch of translations into the catalogs and compiles them

A batch is JSON: {"NUMBER": [tr, ar, pl, uk], ...} in the order of TARGETS (the rows of
translations/languages.toml other than nl and en); a plural entry
gives a list of forms for each language (tr 2, ar 6, pl 3, uk 3). An entry whose
placeholders ({name}, %(name)s) differ from the msgid's is refused and reported, so a typo
cannot reach the screen. Entries already translated are never overwritten: re-running
after new strings were added (scripts/translations.py first) lists and fills the new ones.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "translations"
with (CATALOGS / "languages.toml").open("rb") as _fp:
    # Every shipped language but Dutch (translated by hand) and English (the msgids):
    # tr, ar, pl, uk today, in the order of languages.toml.
    TARGETS = tuple(code for code in tomllib.load(_fp) if code not in ("nl", "en"))
# Where the strings a resident reads come from: translated first.
FIRST = ("ui/kiosk", "regiegroep/documents", "regiegroep/letters", "regiegroep/vouchers",
         "regiegroep/kiosk", "ui/")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]")


def po_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / "regiegroep.po"


def read(language: str):
    with po_path(language).open("rb") as fp:
        return read_po(fp, locale=language)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _locations() -> dict:
    """msgid -> the files it comes from (an extract with locations, to order the work)."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "all.pot"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                        "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
                        "-o", str(pot), "regiegroep", "ui"], cwd=ROOT, check=True)
        with pot.open("rb") as fp:
            return {m.id: [path for path, _line in m.locations] for m in read_po(fp) if m.id}


def _rank(paths: list[str]) -> int:
    ranks = [n for n, prefix in enumerate(FIRST) for path in paths if path.startswith(prefix)]
    return min(ranks, default=len(FIRST))


def todo(limit: int, out: Path) -> None:
    catalogs = {language: read(language) for language in TARGETS}
    ids = {}
    for language, catalog in catalogs.items():
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or "fuzzy" in message.flags:
                ids.setdefault(message.id, None)
    where = _locations()
    missing = sorted(ids, key=lambda i: (_rank(where.get(i, [])), i if isinstance(i, str) else i[0]))
    missing = missing[:limit]
    out.write_text(json.dumps({str(n): m for n, m in enumerate(missing)}, ensure_ascii=False,
                              indent=0), encoding="utf-8")
    for n, m in enumerate(missing):
        print(n, json.dumps(m, ensure_ascii=False))
    print(f"# {len(missing)} of {len(ids)} msgids to translate", file=sys.stderr)


def apply(todo_file: Path, batch_file: Path) -> int:
    numbered = json.loads(todo_file.read_text(encoding="utf-8"))
    batch = json.loads(batch_file.read_text(encoding="utf-8"))
    refused = 0
    for index, language in enumerate(TARGETS):
        catalog = read(language)
        forms = catalog.num_plurals
        for number, translations in batch.items():
            msgid = numbered[number]
            key = tuple(msgid) if isinstance(msgid, list) else msgid
            message = catalog.get(key)
            if message is None:
                continue
            text = translations[index]
            source = " ".join(key) if isinstance(key, tuple) else key
            if isinstance(key, tuple):
                text = tuple(text) if isinstance(text, list) else (text,) * forms
                if len(text) != forms:
                    print(f"{language} {number}: {len(text)} forms, not {forms}")
                    refused += 1
                    continue
                # a form may drop the number ("one voucher") but never invent a placeholder
                wrong = [t for t in text if not set(placeholders(t)) <= set(placeholders(source))]
            else:
                wrong = [text] if placeholders(text) != placeholders(source) else []
            if wrong or not all(text if isinstance(text, tuple) else [text]):
                print(f"{language} {number}: placeholders differ: {wrong!r}")
                refused += 1
                continue
            old = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(old) and "fuzzy" not in message.flags:
                continue  # translated before: never overwritten by a batch
            message.string = text
            message.flags.discard("fuzzy")
        with po_path(language).open("wb") as fp:
            write_po(fp, catalog, width=100, omit_header=False)  # the catalogs' own width: no churn
        with po_path(language).with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog)
    print(f"{len(batch)} entries, {refused} refused")
    return 1 if refused else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["todo"]:
        args = sys.argv[2:]
        limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 10 ** 6
        out = Path(args[args.index("--out") + 1]) if "--out" in args else Path("todo.json")
        todo(limit, out)
    elif sys.argv[1:2] == ["apply"] and len(sys.argv) == 4:
        sys.exit(apply(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
