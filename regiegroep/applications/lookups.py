"""What other rooms ask of the application table (Art. 4.4: numbered in order of receipt),
answered here so that the table is read and written by its own package only.

Each function reads many applications in chunks of one statement each, never one query per
application: a number (``sequences``), the budget an application draws on (``budget_keys``,
Art. 2), which are deleted (``deleted_among``), what a decision's checks read of them
(``to_decide``, Art. 4.2, 5, 6), the years they span, and for the privacy rooms which are
closed and untouched since a day or still carry a name (AVG, the retention period).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..model import Applicant, ApplicantKind, Application, Status
from ..money import from_cents
from ..store import open_to_all, reads
from ..trust.access import Read

if TYPE_CHECKING:
    from ..register import Register

CHUNK = 500  # SQLite's limit of host parameters is far above; a chunk keeps statements short


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))


@reads(Read.APPLICATIONS)
def sequences(register: Register, app_ids: Iterable[int]) -> dict[int, int]:
    """The number each application carries in the register (Art. 4.4), by id; an id that
    is not there is left out."""
    found: dict[int, int] = {}
    for chunk in _chunks(app_ids):
        found.update(register.conn.execute(
            f"SELECT id, sequence FROM application WHERE id IN ({_marks(chunk)})", chunk))
    return found


@reads(Read.APPLICATIONS)
def sequence_of(register: Register, app_id: int) -> int | None:
    """The number of one application, or None when there is no such application."""
    return sequences(register, [app_id]).get(app_id)


@reads(Read.APPLICATIONS)
def budget_keys(register: Register, app_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(neighbourhood, year) of each application: the budget it draws on (Art. 2)."""
    found: dict[int, tuple[int, int]] = {}
    for chunk in _chunks(app_ids):
        found.update((i, (wijk, year)) for i, wijk, year in register.conn.execute(
            f"SELECT id, wijk_id, year FROM application WHERE id IN ({_marks(chunk)})", chunk))
    return found


@reads(Read.APPLICATIONS)
def deleted_among(register: Register, app_ids: Iterable[int]) -> set[int]:
    """Which of ``app_ids`` are deleted (and may be restored)."""
    deleted: set[int] = set()
    for chunk in _chunks(app_ids):
        deleted.update(row[0] for row in register.conn.execute(
            f"SELECT id FROM application WHERE id IN ({_marks(chunk)}) "
            "AND deleted_at IS NOT NULL", chunk))
    return deleted


@open_to_all("whether a register holds any application says nothing of anyone; the kiosk "
             "asks it of its own register before it loads a package or hands one over")
def holds_applications(register: Register, deleted_too: bool = True) -> bool:
    """Whether the register holds any application (``deleted_too``: deleted ones count)."""
    sql = "SELECT 1 FROM application" + ("" if deleted_too else " WHERE deleted_at IS NULL")
    return register.conn.execute(sql + " LIMIT 1").fetchone() is not None


@reads(Read.APPLICATIONS)
def year_span(register: Register) -> tuple[int | None, int | None]:
    """The first and the last year of the applications (None, None without any)."""
    # Two subqueries: SQLite answers a lone min() or max() from the index.
    first, last = register.conn.execute(
        "SELECT (SELECT min(year) FROM application), (SELECT max(year) FROM application)"
    ).fetchone()
    return first, last


# What the checks of a decision read of its application (regiegroep.deciding.decision: the
# route, completeness under Art. 4.2, conflicts of interest, the dates and amounts), and its
# status; not its title, neighbourhood name, postcode or e-mail, which no check asks.
_TO_DECIDE = (
    "SELECT application.id, sequence, received_at, wijk_id, signed, description, execution, "
    "planning, liveability, cost_estimate_cents, vouchers_requested, other_subsidy, "
    "other_subsidy_details, status, applicant.kind, applicant.name, contact_person, address, "
    "phone FROM application JOIN applicant ON applicant.id = application.applicant_id "
    "WHERE application.id IN ({marks})")
_KINDS = {kind.value: kind for kind in ApplicantKind}
_STATUSES = {status.value: status for status in Status}


@reads(Read.APPLICATIONS, Read.PERSONAL_DATA)
def to_decide(register: Register, app_ids: Iterable[int]) -> dict[int, Application]:
    """The applications to decide on, by id, with what the checks of a decision read."""
    apps = {}
    for chunk in _chunks(app_ids):
        for (i, seq, received, wijk, signed, description, execution, planning, liveability,
             cents, vouchers, other, details, status, kind, name, contact, address,
             phone) in register.conn.execute(_TO_DECIDE.format(marks=_marks(chunk)), chunk):
            apps[i] = Application(
                id=i, sequence=seq, received_at=dt.datetime.fromisoformat(received),
                wijk_id=wijk, applicant=Applicant(kind=_KINDS[kind], name=name,
                                                  contact_person=contact, address=address,
                                                  phone=phone),
                signed=bool(signed), description=description, execution=execution,
                planning=planning, liveability=liveability,
                cost_estimate=from_cents(cents) if cents is not None else None,
                vouchers_requested=vouchers, other_subsidy=None if other is None else bool(other),
                other_subsidy_details=details, status=_STATUSES[status])
    return apps


@reads(Read.APPLICATIONS, Read.PERSONAL_DATA)
def closed_untouched_since(register: Register, closed: Iterable[Status],
                           cutoff: dt.date) -> list[int]:
    """Applications closed (one of ``closed``) or deleted, unchanged since before ``cutoff``,
    whose applicant still has personal data on file; in order of their number."""
    statuses = [s.value for s in closed]
    return [row[0] for row in register.conn.execute(
        "SELECT application.id FROM application JOIN applicant "
        "ON applicant.id = application.applicant_id WHERE applicant.anonymised_at IS NULL "
        f"AND (application.status IN ({_marks(statuses)}) OR application.deleted_at IS NOT NULL) "
        "AND application.updated_at < ? ORDER BY application.sequence",
        [*statuses, cutoff.isoformat()])]


@reads(Read.APPLICATIONS, Read.PERSONAL_DATA)
def still_named(register: Register, numbered: Iterable[tuple[int, int | None]]) -> list[int]:
    """Of (id, number) pairs, the applications that still carry that number and whose
    applicant still has personal data on file."""
    return [app_id for app_id, sequence in numbered if register.conn.execute(
        "SELECT 1 FROM application JOIN applicant ON applicant.id = application.applicant_id "
        "WHERE application.id = ? AND sequence IS ? AND applicant.anonymised_at IS NULL",
        [app_id, sequence]).fetchone()]


@reads(Read.APPLICATIONS, Read.PERSONAL_DATA)
def by_name(register: Register, folded: str) -> list[tuple]:
    """(id, number, applicant, contact person, address, postcode, town) of every
    application whose applicant or contact person is called ``folded`` (as
    ``regiegroep.store.fold`` writes a name), in order of number."""
    return register.conn.execute(
        "SELECT application.id, application.sequence, applicant.name, "
        "applicant.contact_person, applicant.address, applicant.postcode, applicant.town "
        "FROM application JOIN applicant ON applicant.id = application.applicant_id "
        "WHERE regiegroep_fold(applicant.name) = ? "
        "OR regiegroep_fold(applicant.contact_person) = ? "
        "ORDER BY application.sequence", [folded, folded]).fetchall()
