"""The list the schema steps join (sqlite-utils ``Migrations``) and how a step runs its SQL."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("regiegroep")


def run(db: Database, *statements: str) -> None:
    """Run a step's statements one by one: executescript() would commit the migration's
    transaction."""
    for statement in statements:
        db.execute(statement)
