"""One owner per table (issue 20): each table of the register is written by one package of
the core; the others ask it. Read off the SQL the core's modules hold."""

import ast
import re
from collections import defaultdict
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "regiegroep"
WRITE = re.compile(r"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)", re.I)
# Not the register's tables: the schema's steps, and the municipality's hub, whose tables
# are of a database of its own (regiegroep.hub.store writes them all).
NOT_ROOMS = ("store/migrations", "hub/")


def _package(path: Path) -> str:
    parts = path.relative_to(CORE).parts
    return parts[0] if len(parts) > 1 else path.stem


def writers() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in CORE.rglob("*.py"):
        if any(part in str(path.relative_to(CORE)) for part in NOT_ROOMS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for table in WRITE.findall(node.value):
                    if table.lower() not in ("set",):  # "ON CONFLICT ... DO UPDATE SET"
                        found[table.lower()].add(_package(path))
    return found


def test_each_table_is_written_by_one_package():
    shared = {table: sorted(packages) for table, packages in writers().items()
              if len(packages) > 1}
    assert shared == {}


def test_the_reader_of_sql_finds_the_writers():
    found = writers()
    assert found["decision"] == {"deciding"} and found["voucher"] == {"vouchers"}
    assert found["setting"] == {"store"} and found["application"] >= {"applications"}


READ = re.compile(r"\b(?:FROM|JOIN)\s+application\b(?!_)", re.I)
# The figures that count money and decisions per neighbourhood and year read the application's
# key columns (neighbourhood, year, number, deleted) in the same statement as their own
# tables: one statement for a year report over thousands of applications, not one lookup per
# application. Everything else asks regiegroep.applications (its lookups and search).
JOINS_FOR_FIGURES = {
    "budgets/__init__.py",  # what is granted from a budget (Art. 2)
    "consultations/__init__.py",  # the referred initiatives and the items of a consultation
    "deciding/objections.py",  # objections listed with their application's number
    "reports/accounts.py",  # the year's accounts, row by row
    "reports/publication.py",  # the granted initiatives made public (Art. 7)
    "vouchers/issuing.py",  # vouchers issued and redeemed per budget
}


def test_the_application_table_is_read_through_its_package():
    readers = set()
    for path in CORE.rglob("*.py"):
        name = str(path.relative_to(CORE))
        if name.startswith(("applications/", *NOT_ROOMS)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and READ.search(node.value):
                readers.add(name)
    assert readers <= JOINS_FOR_FIGURES, sorted(readers - JOINS_FOR_FIGURES)
    assert readers, "the reader of SQL finds nothing: the test would pass whatever"
