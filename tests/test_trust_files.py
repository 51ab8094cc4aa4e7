"""Issue 11, points 4 and 5: spreadsheets that lie, and damaged, empty, foreign, read-only
or full files. Every case as a user meets it: a message, exit 1, no traceback, no half file."""

import csv
import datetime as dt
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep.trust import backup
from regiegroep import demo
from regiegroep.errors import UserError
from regiegroep import cli
from regiegroep.exchange.export import export, neutralise
from regiegroep.exchange.importer import import_csv, unneutralise
from regiegroep.money import parse_amount
from regiegroep.register import Register

from .conftest import complete_application

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


def run(*args, preexec_fn=None):
    env = dict(os.environ)
    env.pop("REGIEGROEP_LANG", None)
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=preexec_fn)


def refused(result, *words):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("example") / "register.sqlite"
    demo.write_demo(path, 20)
    return path


# --- Point 4: spreadsheets -------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/","Klik")', "+31 6 1234", "-kort", "@SUM(A1)"]


def test_every_formula_start_gets_a_quote_and_loses_it_again():
    for text in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"]:
        assert neutralise(text) == "'" + text
        assert unneutralise(neutralise(text)) == text
    assert neutralise("Straatfeest") == "Straatfeest"
    assert unneutralise("'t Hofje") == "'t Hofje"


def test_formulas_are_text_in_the_csv_and_the_import_gives_them_back(register, tmp_path):
    wijk = register.wijken()[0]
    for n, text in enumerate(FORMULAS):
        register.register_application(complete_application(wijk.id, title=text + f" {n}",
                                                            description=text))
    out = tmp_path / "export.csv"
    export(register, "csv", out)
    with open(out, encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    for row in rows:
        assert row["title"].startswith("'"), row["title"]
        assert row["description"].startswith("'")
        assert row["cost_estimate"] == "1850.00"  # amounts stay plain numbers
    with Register.open(tmp_path / "other.sqlite") as other:
        poelenburg = other.add_wijk(wijk.name)
        other.set_budget(poelenburg.id, 2026, Decimal("300000"))
        assert import_csv(other, out).imported
        assert sorted(a.title for a in other.applications()) == sorted(
            t + f" {n}" for n, t in enumerate(FORMULAS))
        assert {a.description for a in other.applications()} == set(FORMULAS)


@pytest.mark.parametrize("text, readings", [
    ("12,345", ["€\u00a012.345,00", "€\u00a012,35", "12345", "12,35"]),
    ("0.125", ["€\u00a0125,00", "€\u00a00,13"]),
    ("12,500", ["€\u00a012.500,00", "€\u00a012,50"]),
])
def test_an_amount_that_reads_two_ways_is_refused_with_both(text, readings):
    with pytest.raises(UserError) as caught:
        parse_amount(text)
    for reading in readings:
        assert reading in str(caught.value)


@pytest.mark.parametrize("text, value", [("1.850,00", "1850.00"), ("1850.00", "1850.00"),
                                         ("12.500", "12500.00"), ("1.250.000", "1250000.00"),
                                         ("12,500.00", "12500.00")])
def test_unambiguous_amounts_are_still_read(text, value):
    assert parse_amount(text) == Decimal(value)


def write(tmp_path, text):
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unclosed_quote_is_refused_with_its_line(register, tmp_path):
    text = ('ontvangen_op;wijk;titel\n2-3-2026;Poelenburg;Feest\n'
            '3-3-2026;Poelenburg;"Bloemen\n4-3-2026;Poelenburg;Bankje\n')
    with pytest.raises(UserError, match="regel 3"):
        import_csv(register, write(tmp_path, text))
    assert register.count() == 0


def test_a_huge_cell_is_refused(register, tmp_path):
    text = "ontvangen_op;wijk;titel\n2-3-2026;Poelenburg;" + "x" * (200 * 1024) + "\n"
    with pytest.raises(UserError):
        import_csv(register, write(tmp_path, text))
    quoted = 'ontvangen_op;wijk;titel\n2-3-2026;Poelenburg;"' + "x" * (200 * 1024) + '"\n'
    with pytest.raises(UserError):
        import_csv(register, write(tmp_path, quoted))


def test_problems_name_the_column_as_in_the_sheet_and_absurd_values(register, tmp_path):
    text = ("ontvangen_op;wijk;aantal_vouchers\n2-3-1999;Poelenburg;1\n"
            "2-3-2026;Poelenburg;99999999999999999999\n")
    result = import_csv(register, write(tmp_path, text))
    shown = [str(p) for p in result.problems]
    assert len(shown) == 2
    assert "kolom received_at (“ontvangen_op” in het bestand):" in shown[0]
    assert "1999" in shown[0]
    assert "kolom vouchers_requested (“aantal_vouchers” in het bestand):" in shown[1]
    assert register.count() == 0


def test_a_huge_application_number_for_a_letter(example, tmp_path):
    refused(run("print", "letter", "--db", example, "--application", "9" * 20,
                "--out", tmp_path / "b.pdf"), "99999999999999999999")
    assert not (tmp_path / "b.pdf").exists()


# --- Point 5: empty, foreign, damaged files ---------------------------------------------

def _files(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_text("naam;adres\n", encoding="utf-8")
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    return [empty, foreign, damaged]


COMMANDS_WITH_DB = [
    ["audit", "verify"], ["export", "--format", "json", "--out", "{out}"],
    ["import", "{csv}"], ["import", "{csv}", "--dry-run"], ["backup", "--to", "{dir}"],
    ["privacy", "export", "--name", "x", "--out", "{out}"], ["privacy", "anonymise"],
    ["ordinance", "add", "{toml}"], ["print", "letter", "--application", "1", "--out", "{out}"],
    ["people", "list"], ["people", "add", "--name", "x", "--role", "member"],
    ["people", "remove", "--name", "x"],
]


@pytest.mark.parametrize("command", COMMANDS_WITH_DB, ids=lambda c: "-".join(c[:2]))
def test_an_empty_foreign_or_damaged_file_is_never_made_a_register(command, tmp_path):
    sheet = write(tmp_path, "ontvangen_op\n2-3-2026\n")
    toml = tmp_path / "rules.toml"
    toml.write_text("[ordinance]\n", encoding="utf-8")
    for db in _files(tmp_path):
        before = db.read_bytes()
        args = [a.format(out=tmp_path / "out.x", csv=sheet, dir=tmp_path / "backups", toml=toml)
                for a in command]
        result = run(*args[:2], "--db", db, *args[2:]) if command[0] in (
            "audit", "privacy", "ordinance", "print", "people") else run(*args, "--db", db)
        refused(result)
        assert db.read_bytes() == before, db
        assert not (tmp_path / "out.x").exists()


def test_audit_verify_on_an_empty_file(tmp_path):
    empty = tmp_path / "leeg.sqlite"
    empty.write_bytes(b"")
    refused(run("audit", "verify", "--db", empty), "leeg")
    assert empty.stat().st_size == 0


def test_a_backup_of_an_emptied_register_keeps_the_good_ones(example, tmp_path):
    folder = tmp_path / "backups"
    register = tmp_path / "register.sqlite"
    register.write_bytes(example.read_bytes())
    good = backup.make_backup(register, folder, dt.datetime(2026, 3, 2, 9, 0))
    register.write_bytes(b"")
    refused(run("backup", "--db", register, "--to", folder))
    with pytest.raises(UserError):  # the app's backups too
        backup.make_backup(register, folder)
    assert register.stat().st_size == 0
    assert [p.name for p in folder.iterdir()] == [good.name]


def test_rotation_leaves_another_registers_backups_alone(example, tmp_path):
    folder = tmp_path / "backups"
    mine = tmp_path / "register.sqlite"
    mine.write_bytes(example.read_bytes())
    old = [backup.make_backup(mine, folder, dt.datetime(2026, 3, 2, h, 0)) for h in (9, 10, 11)]
    other = tmp_path / "other" / "register.sqlite"
    other.parent.mkdir()
    demo.write_demo(other, 3)
    with Register.open(other) as reg:  # another register: its own first audit entry
        reg.add_wijk("Rosmolenwijk")
    other.unlink()
    with Register.open(other) as reg:
        reg.add_wijk("Westerwatering")
    new = backup.make_backup(other, folder, dt.datetime(2026, 3, 2, 12, 0))
    assert backup.rotate(folder, "register", dt.date(2026, 3, 2), register=new) == []
    assert all(p.exists() for p in old)
    assert backup.rotate(folder, "register", dt.date(2026, 3, 2), register=old[-1]) == old[:2]


def test_a_killed_backup_is_cleaned_up_and_backups_are_private_from_the_start(example, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    leftover = folder / "register-20260301-090000.sqlite.partial"
    journal = folder / "register-20260301-090000.sqlite.partial-journal"
    for path in (leftover, journal):
        path.write_bytes(b"x" * 1000)
        os.chmod(path, 0o644)
        os.utime(path, (0, 0))
    register = tmp_path / "register.sqlite"
    register.write_bytes(example.read_bytes())
    made = backup.make_backup(register, folder)
    assert not leftover.exists() and not journal.exists()
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [made.name]


def test_a_backup_of_a_newer_version_is_not_restored(example, tmp_path):
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(example.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    target = tmp_path / "register.sqlite"
    refused(run("restore", "--db", target, "--from", newer), "nieuwere")
    assert not target.exists()


# --- Read-only and full disks -----------------------------------------------------------

def _as_owner(path, mode):
    """os.access as for an ordinary user: root may write anything, a volunteer may not."""
    if mode & os.W_OK and not os.stat(path).st_mode & stat.S_IWUSR:
        return False
    return True


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_read_only_register_or_folder_is_said_so(example, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    db = folder / "register.sqlite"
    db.write_bytes(example.read_bytes())
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("ontvangen_op;wijk\n2-3-2026;Poelenburg\n", encoding="utf-8")
    if os.geteuid() == 0:
        monkeypatch.setattr(os, "access", _as_owner)
    before = db.read_bytes()
    try:
        for mode, folder_mode in ((0o400, 0o755), (0o600, 0o555)):
            os.chmod(db, mode)
            os.chmod(folder, folder_mode)
            for args in (["import", "--db", db, sheet], ["privacy", "anonymise", "--db", db]):
                assert cli.main(list(map(str, args))) == 1
                err = capsys.readouterr().err
                assert "alleen-lezen" in err and "geen databasebestand" not in err, err
        assert cli.main(["export", "--db", str(db), "--format", "csv",
                         "--out", str(tmp_path / "x.csv")]) == 1  # no write-ahead log here
        assert "alleen-lezen" in capsys.readouterr().err
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db, 0o600)
    assert db.read_bytes() == before


def _full_disk(limit):
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


@pytest.mark.skipif(os.name == "nt", reason="POSIX resource limits")
def test_a_full_disk_leaves_no_half_files(example, tmp_path):
    with Register.open(example) as reg:  # held open: its -wal and -shm stay as they are
        decided = next(iter(reg.latest_decisions()))
        sequence, name = reg.application(decided).sequence, reg.application(decided).applicant.name
        count = reg.count()
        for args in (["export", "--db", example, "--format", "json", "--out", tmp_path / "o.json"],
                     ["export", "--db", example, "--format", "csv", "--out", tmp_path / "o.csv"],
                     ["privacy", "export", "--db", example, "--name", name, "--out",
                      tmp_path / "o.json"],
                     ["print", "letter", "--db", example, "--application", sequence, "--out",
                      tmp_path / "o.pdf"]):
            refused(run(*args, preexec_fn=_full_disk(500)), "schijf is vol")
            assert sorted(p.name for p in tmp_path.iterdir()) == [], args
        sheet = Path(str(example) + ".csv")
        sheet.write_text("ontvangen_op;wijk\n" + "2-3-2026;Poelenburg\n" * 200, encoding="utf-8")
        refused(run("import", "--db", example, sheet, preexec_fn=_full_disk(1)))
        sheet.unlink()
        assert reg.count() == count
