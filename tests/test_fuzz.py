"""Bad input, generated: no input crashes, none leaves half-written data, each gets a message.

Together these tests feed 10,500 generated inputs to the import (3,000 spreadsheets and
2,500 byte strings), the form checks (2,500) and the rule files (2,500): issue 3, item 6.
"""

import datetime as dt
import functools
import string
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiegroep.errors import UserError
from regiegroep.exchange.importer import COLUMNS, read_csv
from regiegroep.model import Applicant, ApplicantKind, Application, Theme, gaps
from regiegroep.money import parse_amount
from regiegroep.budgets import Municipality
from regiegroep.register import Register
from regiegroep.applications import value_problems
from regiegroep.rules import load_ordinance, resources_dir

def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "ja", "nee", "yes", "no", "Poelenburg", "Atlantis", "groep", "resident",
                     "1.850,00", "12,500.00", "-5", "1e9", "2-3-2026", "2026-02-30", "31-12-1999",
                     "2026-03-02 19:30", "wonen", "leren en opgroeien", '"', ";", ",", "\n"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
)
header = st.lists(st.sampled_from(sorted(COLUMNS) + ["ontvangen_op", "thema", "kosten", "junk",
                                                    "", "received_at"]),
                  min_size=1, max_size=12)


@functools.lru_cache(maxsize=1)
def _register() -> Register:
    """One register in memory for all generated imports: each checks how the count moves."""
    register = Register.open(None)
    register.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(300000))
    register.add_wijk("Kogerveld")
    return register


def _csv(columns, rows, separator):
    def quote(value):
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in '";,\n') else value
    lines = [separator.join(quote(c) for c in columns)]
    lines += [separator.join(quote(c) for c in row) for row in rows]
    return "\n".join(lines).encode("utf-8")


@fuzz(3000)
@given(columns=header, rows=st.lists(st.lists(cell, max_size=14), max_size=6),
       separator=st.sampled_from([";", ","]))
def test_imports_of_generated_spreadsheets(columns, rows, separator):
    register = _register()
    before = register.count()
    try:
        result = read_csv(register, _csv(columns, rows, separator))
    except UserError as exc:
        assert str(exc)
        return
    if result.problems:
        assert all(str(p) for p in result.problems)
        return
    try:
        register.register_applications(result.applications)
    except UserError as exc:  # a value no application can have, said in words
        assert str(exc) and register.count() == before
        return
    assert register.count() == before + len(result.applications)


@fuzz(2500)
@given(data=st.binary(max_size=300))
def test_imports_of_arbitrary_bytes(data):
    try:
        result = read_csv(_register(), data)
    except UserError as exc:
        assert str(exc)
        return
    assert result.problems or all(a.received_at for a in result.applications)


text = st.text(max_size=40)


@fuzz(2500)
@given(name=text, address=text, phone=text, email=text, kind=st.sampled_from(list(ApplicantKind)),
       title=text, cost=st.one_of(st.none(), st.decimals(min_value=-10**9, max_value=10**9,
                                                           allow_nan=False, places=3)),
       vouchers=st.one_of(st.none(), st.integers(-5, 10**6)), other=st.sampled_from([None, True, False]),
       received=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
       theme=st.one_of(st.none(), st.sampled_from(list(Theme))), typed_amount=text)
def test_the_form_checks_take_anything(name, address, phone, email, kind, title, cost, vouchers,
                                       other, received, theme, typed_amount):
    app = Application(received_at=received, wijk_id=1,
                      applicant=Applicant(kind=kind, name=name, address=address, phone=phone,
                                          email=email),
                      title=title, cost_estimate=cost, vouchers_requested=vouchers,
                      other_subsidy=other, theme=theme)
    problems = value_problems(app, {1})
    assert all(isinstance(m, str) and m for m in problems.values())
    assert all(g.message for g in gaps(app))
    try:
        parse_amount(typed_amount)
    except UserError as exc:
        assert str(exc)


MODEL = (resources_dir() / "ordinances" / "model-2008.toml").read_text(encoding="utf-8")
MODEL_LINES = MODEL.splitlines()
RULES_DIR = Path(tempfile.mkdtemp(prefix="regiegroep-fuzz-"))


@fuzz(2500)
@given(edits=st.lists(st.tuples(st.integers(0, len(MODEL_LINES) - 1),
                                st.sampled_from(["drop", "replace", "insert", "truncate"]),
                                st.text(alphabet=string.printable + "éë€", max_size=25)),
                      min_size=1, max_size=4))
def test_broken_rule_files_get_a_message(edits):
    lines = list(MODEL_LINES)
    for index, how, junk in edits:
        index = min(index, len(lines) - 1)
        if how == "drop":
            del lines[index]
        elif how == "replace":
            lines[index] = junk
        elif how == "insert":
            lines.insert(index, junk)
        else:
            lines[index] = lines[index][: len(junk)]
        if not lines:
            lines = [""]
    path = RULES_DIR / "copy.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        ordinance = load_ordinance(path)
    except UserError as exc:
        assert str(path) in str(exc)
        return
    assert len(ordinance.refusal_grounds) == 5 and ordinance.decision_term_weeks >= 1


# --- The command line itself (issue 11, point 5): no input gives a traceback ------------

CLI_DIR = Path(tempfile.mkdtemp(prefix="regiegroep-cli-fuzz-"))


def _cli(argv) -> int:
    """Run a command in this process, as ``regiegroep`` would: a status in {0, 1, 2}, never
    an exception (argparse's own exit included)."""
    from regiegroep import cli

    try:
        status = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        status = exc.code
    assert status in (0, 1, 2), (argv, status)
    return status


def _db_commands(db: Path, out: Path, sheet: Path, rules: Path):
    return [
        ["audit", "verify", "--db", db],
        ["export", "--db", db, "--format", "csv", "--out", out],
        ["import", "--db", db, sheet, "--dry-run"],
        ["import", "--db", db, sheet],
        ["backup", "--db", db, "--to", CLI_DIR / "backups"],
        ["restore", "--db", db, "--from", db],
        ["privacy", "export", "--db", db, "--name", "x", "--out", out],
        ["privacy", "anonymise", "--db", db, "--dry-run"],
        ["ordinance", "add", "--db", db, rules],
        ["print", "letter", "--db", db, "--application", "1", "--out", out],
        ["people", "list", "--db", db],
        ["people", "add", "--db", db, "--name", "x", "--role", "member"],
    ]


@fuzz(60)
@given(content=st.one_of(st.just(b""), st.binary(max_size=600),
                         st.binary(max_size=3000).map(lambda b: b"SQLite format 3\x00" + b)))
def test_every_command_on_a_damaged_empty_or_foreign_file(content):
    db = CLI_DIR / "damaged.sqlite"
    for part in ("", "-wal", "-shm", "-journal"):
        Path(str(db) + part).unlink(missing_ok=True)
    sheet = CLI_DIR / "sheet.csv"
    sheet.write_text("ontvangen_op;wijk\n2-3-2026;Poelenburg\n", encoding="utf-8")
    rules = CLI_DIR / "rules.toml"
    rules.write_text(MODEL, encoding="utf-8")
    out = CLI_DIR / "out.file"
    for argv in _db_commands(db, out, sheet, rules):
        db.write_bytes(content)
        status = _cli(argv)
        if not content:  # an empty file is never made a register
            assert status == 1 and db.read_bytes() == b"", argv
        if status == 1 and argv[0] != "restore":
            assert db.read_bytes() == content  # refused: the file is as it was
        out.unlink(missing_ok=True)


def _example() -> Path:
    db = CLI_DIR / "example.sqlite"
    if not db.exists():
        from regiegroep import demo

        demo.write_demo(db, 5)
    return db


WEIRD_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e30", "1E+30", "-0", "0x10",
                 "9" * 40, "99999999999999999999", "-99999999999999999999", "1_000", "٣", "½",
                 "0.125", "12,345", "€ 1e9", "1.850,00", "12.500"]


def test_weird_numbers_everywhere_on_the_command_line():
    db = _example()
    for number in WEIRD_NUMBERS:
        sheet = CLI_DIR / "numbers.csv"
        sheet.write_text("ontvangen_op;wijk;kosten;aantal_vouchers\n"
                         f"2-3-2026;Poelenburg;{number};{number}\n", encoding="utf-8")
        _cli(["import", "--db", db, sheet, "--dry-run"])
        _cli(["print", "letter", "--db", db, "--application", number, "--out", CLI_DIR / "x.pdf"])
        _cli(["privacy", "anonymise", "--db", db, "--dry-run", "--months", number])
        _cli(["ordinance", "add", "--db", db, CLI_DIR / "none.toml", "--year", number])
        _cli(["demo", CLI_DIR / "never.sqlite", "--size", number])
    assert not (CLI_DIR / "never.sqlite").exists() or (CLI_DIR / "never.sqlite").stat().st_size


@fuzz(40)
@given(depth=st.integers(1, 5000), kind=st.sampled_from(["[", "{a = ", "a.", "[[t]]\n"]),
       size=st.integers(0, 300_000))
def test_deep_or_huge_rule_files_on_the_command_line(depth, kind, size):
    rules = CLI_DIR / "deep.toml"
    if kind == "[":
        text = "a = " + "[" * depth + "]" * depth
    elif kind == "{a = ":
        text = "x = " + "{a = " * depth + "1" + "}" * depth
    elif kind == "a.":
        text = "a." * depth + "b = 1"
    else:
        text = kind * min(depth, 500) + "x = '" + "y" * size + "'"
    rules.write_text(text, encoding="utf-8")
    assert _cli(["ordinance", "add", "--db", _example(), rules]) == 1


@fuzz(30)
@given(size=st.integers(100_000, 400_000), quote=st.booleans())
def test_huge_cells_and_lines_on_the_command_line(size, quote):
    sheet = CLI_DIR / "huge.csv"
    cell = '"' + "x" * size + ('"' if quote else "") if quote else "x" * size
    sheet.write_text("ontvangen_op;wijk;titel\n2-3-2026;Poelenburg;" + cell + "\n",
                     encoding="utf-8")
    _cli(["import", "--db", _example(), sheet, "--dry-run"])
