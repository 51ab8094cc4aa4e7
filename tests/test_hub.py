"""The municipality's hub (issue 26): signed year packages from three groups of one
municipality, made with ``regiegroep demo --seed`` under three versions of the ordinance,
received and reported on SQLite and on a real PostgreSQL server the tests start and stop
themselves (pgserver); the same tests, the same answers."""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep import demo
from regiegroep.reports.accounts import accounts
from regiegroep.cli import main as app_main
from regiegroep.reports.exchange_report import write_report
from regiegroep.hub import cli as hub_cli
from regiegroep.hub.db import Database
from regiegroep.hub.report import figures
from regiegroep.register import Register
from regiegroep.exchange.year_package import register_id

YEAR = 2026
SEEDS = (1, 14, 27)  # three groups of Amsterdam, each under another version of the ordinance
OUTSIDER = 40  # a group whose key the hub does not trust
SIZE = 40


@pytest.fixture(scope="module")
def groups(tmp_path_factory):
    """Three groups' registers, public keys and signed packages of YEAR, and an outsider's."""
    folder = tmp_path_factory.mktemp("groups")
    made = {}
    for seed in (*SEEDS, OUTSIDER):
        db = folder / f"group-{seed}.sqlite"
        demo.write_demo(db, SIZE, seed=seed)
        assert app_main(["key", "export", "--db", str(db), "--out", str(folder / f"{seed}.pem")]) == 0
        assert app_main(["report", "--db", str(db), "--year", str(YEAR), "--package",
                         str(folder / f"{seed}.pkg")]) == 0
        made[seed] = {"db": db, "key": folder / f"{seed}.pem", "package": folder / f"{seed}.pkg"}
    return made


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A PostgreSQL server of our own, started here and stopped when the module is done.

    Its folder is made in the system's temporary folder, not pytest's: run as root, pgserver
    runs the server as a user of its own, who may not enter pytest's private folder."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="regiegroep-postgres-")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a server
        import pgserver

        server = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        yield server
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub(request, tmp_path):
    """The address of an empty hub on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "hub.sqlite")
    import psycopg

    server = request.getfixturevalue("postgres")
    name = f"hub_{next(_numbers)}"
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.get_uri().replace("/postgres?", f"/{name}?")


def run_hub(address: str, *args: str) -> int:
    return hub_cli.main(["--lang", "en", "--db", address, *args])


def fingerprint_of(key: Path) -> str:
    """The fingerprint the key file's head gives, in the words of the language it was
    exported in (Dutch by default: "Vingerafdruk")."""
    return next(line.split(": ", 1)[1] for line in key.read_text().splitlines()
                if line.startswith(("Fingerprint", "Vingerafdruk")))


def trust_all(address: str, groups) -> None:
    for seed in SEEDS:
        key = groups[seed]["key"]
        assert run_hub(address, "trust", str(key), "--name", f"Groep {seed}",
                       "--fingerprint", fingerprint_of(key)) == 0


def counts(address: str) -> tuple[int, int, int]:
    with Database(address) as db:
        return tuple(db.one(f"SELECT count(*) FROM {t}")[0]
                     for t in ("package", "application", "budget"))


def year_report_totals(db_path: Path, out: Path) -> dict[str, Decimal]:
    """The group's own year report's totals, as its CSV gives them."""
    with Register.open(db_path) as register:
        written = write_report(register, YEAR, out, csv_form="machine")  # the stable columns
    totals = next(p for p in written if p.name.endswith("-totals.csv"))
    with totals.open(encoding="utf-8") as fp:
        return {row["figure"]: Decimal(row["value"] or 0) for row in csv.DictReader(fp)}


def test_a_municipality_of_three_groups_adds_up_and_refuses_what_it_cannot_trust(
        groups, hub, tmp_path, capsys):
    trust_all(hub, groups)
    assert run_hub(hub, "receive", *(str(groups[s]["package"]) for s in SEEDS)) == 0
    held = counts(hub)
    assert held[0] == 3

    # Changed in one byte: a figure in the middle of the package.
    original = groups[SEEDS[0]]["package"].read_bytes()
    at = original.index(b'"amount_cents":') + len(b'"amount_cents":')
    tampered = tmp_path / "tampered.pkg"
    tampered.write_bytes(original[:at] + bytes([original[at] ^ 1]) + original[at + 1:])
    # Signed by a key the hub never trusted; and the same package a second time.
    capsys.readouterr()
    assert run_hub(hub, "receive", str(tampered)) == 1
    assert "signature does not match" in capsys.readouterr().err
    assert run_hub(hub, "receive", str(groups[OUTSIDER]["package"])) == 1
    assert "does not trust" in capsys.readouterr().err
    assert run_hub(hub, "receive", str(groups[SEEDS[1]]["package"])) == 0
    assert "already received" in capsys.readouterr().out
    assert counts(hub) == held  # nothing stored of any of them

    out = tmp_path / "report"
    assert run_hub(hub, "report", "--year", str(YEAR), "--municipality", "Amsterdam",
                   "--out", str(out)) == 0
    with (out / f"hub-report-{YEAR}-totals.csv").open(encoding="utf-8") as fp:
        lines = list(csv.DictReader(fp))
    assert {"budget", "granted", "issued", "redeemed", "returned"} <= set(lines[0])

    # Figure by figure, the sum of the three groups' own year reports.
    own = [year_report_totals(groups[s]["db"], tmp_path / f"own-{s}") for s in SEEDS]
    for column, figure in (("budget", "amount"), ("ceiling", "ceiling"),
                           ("granted", "granted_sum"), ("issued", "vouchers_issued"),
                           ("redeemed", "redeemed"), ("cash", "cash_paid"),
                           ("returned", "returned"), ("expired", "expired"),
                           ("outstanding", "outstanding"), ("left", "ceiling_left"),
                           ("applications", "applied_count")):
        hub_sum = sum(Decimal(line[column]) for line in lines)
        assert hub_sum == sum(o[figure] for o in own), column
    assert sum(own_["granted_sum"] for own_ in own) > 0

    # And per group and neighbourhood, each neighbourhood's own accounts.
    for seed in SEEDS:
        with Register.open(groups[seed]["db"]) as register:
            group = register.municipality().steering_group_name
            for wijk in register.wijken():
                acc = accounts(register, YEAR, wijk.id)
                line = next(l for l in lines if l["group"] == group and l["wijk"] == wijk.name)
                assert Decimal(line["budget"]) == acc.amount
                assert Decimal(line["granted"]) == acc.granted_sum
                assert Decimal(line["issued"]) == acc.vouchers_issued
                assert Decimal(line["redeemed"]) == acc.redeemed
                assert Decimal(line["returned"]) == acc.returned

    # The workbook's totals are formulas, written with their values.
    import openpyxl

    book = openpyxl.load_workbook(out / f"hub-report-{YEAR}.xlsx")
    sheet = book.worksheets[0]
    total_row = len(lines) + 2
    assert str(sheet.cell(total_row, 7).value).startswith("=SUM(G2:G")
    values = openpyxl.load_workbook(out / f"hub-report-{YEAR}.xlsx", data_only=True).worksheets[0]
    assert Decimal(str(values.cell(total_row, 7).value)).quantize(Decimal("0.01")) == \
        sum(o["granted_sum"] for o in own)
    # The PDF names the municipality and each group, with its key's fingerprint.
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(out / f"hub-report-{YEAR}.pdf").pages)
    assert "Amsterdam" in text
    for seed in SEEDS:
        assert fingerprint_of(groups[seed]["key"]) in text
    # A tagged PDF, as the group's own documents: headings, tables with their header cells.
    from .pdf_tags import assert_tagged

    from regiegroep.i18n import current_language

    tags = assert_tagged(out / f"hub-report-{YEAR}.pdf", current_language())
    assert tags.of("H1") and len(tags.of("H2")) >= 5 and tags.of("Table") and tags.of("TH")


def test_both_engines_give_the_same_answers(groups, postgres, tmp_path):
    """The same packages give the same report, figure by figure, on SQLite and PostgreSQL."""
    import psycopg

    with psycopg.connect(postgres.get_uri(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE hub_same")
    addresses = [str(tmp_path / "hub.sqlite"), postgres.get_uri().replace("/postgres?", "/hub_same?")]
    reports = []
    for address in addresses:
        trust_all(address, groups)
        assert run_hub(address, "receive", *(str(groups[s]["package"]) for s in SEEDS)) == 0
        with Database(address) as db:
            reports.append(figures(db, YEAR))
            # The totals kept per package are those of its rows.
            for column in ("granted_cents", "issued_cents", "redeemed_cents", "returned_cents"):
                assert int(db.one(f"SELECT sum({column}) FROM application")[0]) == \
                    int(db.one(f"SELECT sum({column}) FROM application_total")[0])
    assert reports[0] == reports[1]
    assert len(reports[0].lines) == 9 and reports[0].total.granted > 0


def test_a_newer_package_supersedes_the_older_and_both_are_kept(groups, hub, tmp_path, capsys):
    seed = SEEDS[0]
    trust_all(hub, groups)
    older = groups[seed]["package"]
    # The group corrects its register (a budget raised) and hands in a new package.
    copy = tmp_path / "group.sqlite"
    copy.write_bytes(groups[seed]["db"].read_bytes())
    with Register.open(copy) as register:
        budget = next(b for b in register.budgets() if b.year == YEAR)
        register.set_budget(budget.wijk_id, YEAR, budget.amount + 1000, budget.cost_reservation)
    newer = tmp_path / "newer.pkg"
    assert app_main(["report", "--db", str(copy), "--year", str(YEAR), "--package", str(newer)]) == 0
    # Received newest first: the older one arriving late does not take over.
    assert run_hub(hub, "receive", str(newer), str(older)) == 0
    assert "newer package" in capsys.readouterr().out
    with Database(hub) as db:
        report = figures(db, YEAR)
        assert report.superseded == 1 and len(report.packages) == 1
        assert report.total.budget == sum(
            b["amount_cents"] for b in json.loads(newer.read_bytes().split(b"\n")[1])["budgets"])
    capsys.readouterr()
    assert run_hub(hub, "list") == 0
    listed = capsys.readouterr().out
    assert "in force" in listed and "superseded by" in listed
    assert fingerprint_of(groups[seed]["key"]) in listed


def test_a_key_whose_fingerprint_differs_is_not_trusted(groups, hub, capsys):
    assert run_hub(hub, "trust", str(groups[SEEDS[0]]["key"]), "--name", "Groep",
                   "--fingerprint", fingerprint_of(groups[SEEDS[1]]["key"])) == 1
    assert "does not match" in capsys.readouterr().err
    with Database(hub) as db:
        assert db.one("SELECT count(*) FROM group_key")[0] == 0


def test_the_package_alone_carries_no_personal_data(groups, tmp_path, capsys):
    seed = SEEDS[0]
    package = tmp_path / "alone.pkg"
    capsys.readouterr()
    assert app_main(["--lang", "en", "report", "--db", str(groups[seed]["db"]), "--year",
                     str(YEAR), "--package", str(package)]) == 0
    out = capsys.readouterr().out
    assert fingerprint_of(groups[seed]["key"]) in out
    assert [p.name for p in tmp_path.iterdir()] == ["alone.pkg"]  # no report beside it
    text = package.read_text(encoding="utf-8")
    with Register.open(groups[seed]["db"]) as register:
        for app in register.iter_applications():
            for personal in (app.applicant.name, app.applicant.contact_person,
                             app.applicant.address, app.applicant.phone, app.applicant.email,
                             app.title):
                assert not personal or personal not in text, personal
        members = [m.name for m in register.members()]
    assert members and not any(name in text for name in members)


def test_a_seed_makes_another_group_the_same_every_time(tmp_path):
    def made(path, seed):
        demo.write_demo(path, 12, seed=seed)
        with Register.open(path) as register:
            return (register.municipality(), [w.name for w in register.wijken()],
                    [(a.sequence, a.wijk, str(a.cost_estimate)) for a in register.iter_applications()],
                    register.year_ordinance(YEAR).id,
                    register.conn.execute("SELECT kid FROM signing_key").fetchone()[0],
                    register_id(register))

    one, again, other = (made(tmp_path / f"{n}.sqlite", seed)
                         for n, seed in ((1, 5), (2, 5), (3, 6)))
    assert one[:4] == again[:4]  # names and numbers
    assert one[4] != again[4] and one[5] != again[5]  # each register its own key and id
    assert one[0] != other[0] and one[1] != other[1] and one[2] != other[2]
    assert one[1] != [w for w in demo.WIJKEN]


def test_without_a_seed_the_example_is_exactly_as_before(tmp_path):
    path = tmp_path / "voorbeeld.sqlite"
    demo.write_demo(path, 60)
    with Register.open(path) as reg:
        rows = [(a.sequence, a.wijk, a.status.value, str(a.cost_estimate), a.title,
                 a.applicant.name, a.received_at.isoformat()) for a in reg.iter_applications()]
        budgets = [(b.wijk, b.year, str(b.amount)) for b in reg.budgets()]
        vouchers = list(reg.conn.execute(
            "SELECT serial, value_cents, status FROM voucher ORDER BY serial"))
    digest = hashlib.sha256(repr((rows, budgets, vouchers)).encode()).hexdigest()
    assert digest == "1d4dbd436331190ef18f1639d2d86b6344be1bcc8903d1516ead213db3ec9d37"


def test_mistakes_are_said_in_words(groups, tmp_path, capsys):
    # A PostgreSQL address nobody answers on; a report with nowhere to go.
    assert run_hub("postgresql://nobody@127.0.0.1:9/hub", "list") == 1
    assert "Cannot reach the PostgreSQL database" in capsys.readouterr().err
    assert app_main(["--lang", "en", "report", "--db", str(groups[SEEDS[0]]["db"]),
                     "--year", str(YEAR)]) == 1
    assert "--package FILE" in capsys.readouterr().err
    hub = str(tmp_path / "hub.sqlite")
    assert run_hub(hub, "receive", str(tmp_path / "missing.pkg")) == 1
    assert "cannot read it" in capsys.readouterr().err
    not_a_package = tmp_path / "letter.pkg"
    not_a_package.write_text("Beste gemeente,\n")
    assert run_hub(hub, "receive", str(not_a_package)) == 1
    assert "not a signed year package" in capsys.readouterr().err
    assert run_hub(hub, "report", "--year", str(YEAR), "--municipality", "Atlantis",
                   "--out", str(tmp_path / "out")) == 1
    assert "no package of a municipality called Atlantis" in capsys.readouterr().err


class _Terminal:
    """Typed answers, as from a person at a terminal."""

    def __init__(self, text: str):
        import io

        self._lines = io.StringIO(text)

    def isatty(self) -> bool:
        return True

    def readline(self, *args) -> str:
        return self._lines.readline(*args)


def test_trust_asks_once_whether_the_fingerprint_is_the_one_read_out(
        groups, tmp_path, monkeypatch, capsys):
    hub = str(tmp_path / "hub.sqlite")
    key = groups[SEEDS[0]]["key"]
    monkeypatch.setattr("sys.stdin", _Terminal("nee\n"))
    assert hub_cli.main(["--db", hub, "trust", str(key), "--name", "Groep"]) == 1
    out = capsys.readouterr()
    assert fingerprint_of(key) in out.out and "niet vertrouwd" in out.err
    monkeypatch.setattr("sys.stdin", _Terminal("ja\n"))
    assert hub_cli.main(["--db", hub, "trust", str(key), "--name", "Groep"]) == 0
    with Database(hub) as db:
        assert db.all("SELECT name, fingerprint FROM group_key") == [("Groep", fingerprint_of(key))]


def _signed_by_a_new_group(groups, tmp_path, name, change):
    """A package of a group of its own (a new key), made from a real one and changed by
    ``change(package)`` before it is signed: well signed, whatever it holds."""
    from regiegroep.exchange.year_package import sign_package
    from regiegroep.vouchers import signing

    key = signing.generate_key()
    key_file = tmp_path / f"{name}.pem"
    key_file.write_bytes(signing.public_key_file(key, name))
    package = json.loads(groups[SEEDS[0]]["package"].read_bytes().split(b"\n")[1])
    package["register"].update(id=hashlib.sha256(name.encode()).hexdigest()[:32],
                               fingerprint=signing.fingerprint(key), group=name)
    change(package)
    path = tmp_path / f"{name}.pkg"
    path.write_bytes(sign_package(key, package))
    return key_file, path


def test_a_signed_package_whose_rows_do_not_fit_is_refused_and_the_others_go_on(
        groups, hub, tmp_path, capsys):
    granted = 8  # the column of granted_cents in a package's row

    def too_large(package):
        package["applications"]["rows"][-1][granted] = 2 ** 70

    def short_row(package):
        package["applications"]["rows"][0].pop()

    def no_status(package):
        package["applications"]["rows"][0][5] = None

    def many_vouchers(package):  # fits a BIGINT: stored exactly, never wrapped
        package["applications"]["rows"][0][15] = 2 ** 40

    made = [_signed_by_a_new_group(groups, tmp_path, name, change) for name, change in (
        ("too-large", too_large), ("short-row", short_row), ("no-status", no_status),
        ("many-vouchers", many_vouchers))]
    for key_file, path in made:
        assert run_hub(hub, "trust", str(key_file), "--name", path.stem) == 0
    trust_all(hub, groups)
    capsys.readouterr()
    assert run_hub(hub, "receive", *(str(path) for _key, path in made),
                   str(groups[SEEDS[1]]["package"])) == 1
    out = capsys.readouterr()
    refused = [line for line in out.err.splitlines() if "not a signed year package" in line]
    assert [line.split(":")[0] for line in refused] == [str(p) for _k, p in made[:3]]
    assert "3 packages were refused" in out.err
    assert out.out.count("received:") == 2  # the one of many vouchers, and the real one
    with Database(hub) as db:
        held = db.all("SELECT group_name FROM package ORDER BY id")
        assert [g for (g,) in held][0] == "many-vouchers" and len(held) == 2
        assert db.one("SELECT max(vouchers) FROM application")[0] == 2 ** 40
        assert db.one("SELECT count(*) FROM application")[0] == sum(
            len(json.loads(p.read_bytes().split(b"\n")[1])["applications"]["rows"])
            for p in (made[3][1], groups[SEEDS[1]]["package"]))


# The application table as schema 1 made it: a foreign key, and 4-byte counts.
_APPLICATION_1 = """CREATE TABLE application (
    package_id BIGINT NOT NULL REFERENCES package(id), sequence BIGINT NOT NULL,
    wijk TEXT NOT NULL, received_on TEXT NOT NULL, theme TEXT, route TEXT, status TEXT NOT NULL,
    decision TEXT, asked_cents BIGINT, granted_cents BIGINT NOT NULL,
    refusal_grounds TEXT NOT NULL, decided_on TEXT, deadline TEXT NOT NULL,
    within_term INTEGER, days_late INTEGER, referred INTEGER NOT NULL,
    vouchers INTEGER NOT NULL, issued_cents BIGINT NOT NULL, redeemed_cents BIGINT NOT NULL,
    cash_cents BIGINT NOT NULL, outstanding_cents BIGINT NOT NULL,
    expired_cents BIGINT NOT NULL, returned_cents BIGINT NOT NULL,
    completion_requests INTEGER NOT NULL, suspended_days INTEGER NOT NULL)"""


def test_a_hub_of_schema_1_is_brought_up_to_date_with_its_rows(groups, hub, tmp_path):
    trust_all(hub, groups)
    assert run_hub(hub, "receive", str(groups[SEEDS[0]]["package"])) == 0
    with Database(hub) as db:
        before = db.all("SELECT * FROM application ORDER BY package_id, sequence")
        with db.transaction():
            db.execute("ALTER TABLE application RENAME TO application_now")
            db.execute(_APPLICATION_1)
            db.execute("INSERT INTO application SELECT * FROM application_now")
            db.execute("DROP TABLE application_now")
            db.execute("CREATE INDEX application_package ON application (package_id)")
            db.execute("UPDATE hub_meta SET value = '1' WHERE key = 'schema'")
    with Database(hub) as db:
        assert db.one("SELECT value FROM hub_meta WHERE key = 'schema'")[0] == "2"
        assert db.all("SELECT * FROM application ORDER BY package_id, sequence") == before
        if db.postgresql:
            assert db.all("SELECT conname FROM pg_constraint WHERE conrelid = "
                          "'application'::regclass AND contype = 'f'") == []
            assert {t for (t,) in db.all(
                "SELECT data_type FROM information_schema.columns WHERE table_name = "
                "'application' AND data_type IN ('integer', 'bigint', 'smallint')")} == {"bigint"}
        else:
            assert db.all("PRAGMA foreign_key_list(application)") == []
        assert db.one("SELECT count(*) FROM sqlite_master WHERE name = 'application_package'"
                      if not db.postgresql else
                      "SELECT count(*) FROM pg_indexes WHERE indexname = 'application_package'"
                      )[0] == 1
    assert run_hub(hub, "receive", *(str(groups[s]["package"]) for s in SEEDS[1:])) == 0
    with Database(hub) as db:
        assert len(figures(db, YEAR).packages) == 3
