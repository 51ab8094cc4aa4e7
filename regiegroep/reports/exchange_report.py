"""The year report to the municipality as files: a PDF, CSV files and one XLSX workbook
(Art. 2, 5, 6, 9: what happened to the neighbourhood's money).

The workbook holds one sheet of the rows the figures come from, one row per application,
and a sheet of totals written as formulas over those rows (COUNTIFS, SUMIFS), each with
its computed value, so a controller can recompute every figure and a viewer that does not
recalculate still shows it. The CSV files hold the same rows, totals and months, with
stable column names and plain values (amounts as "1850.00", dates as 2026-03-02).

Every file is written to a temporary name in the folder and renamed when complete: a
cancelled or failed run leaves no half-written report.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from .accounts import Accounts, Row, accounts
from ..deciding.decision import Kind
from .report_figures import figures
from .rows import COLUMNS, headers, row_values
from ..errors import UserError
from ..i18n import _
from ..model import Status, Theme
from ..money import as_text
from ..register import Register
from ..rules import CONSULTATION, STEERING_GROUP
from ..store import reads
from ..trust.access import Read


class Cancelled(Exception):
    """The person asked to stop; nothing was written."""


def _csv_rows(rows):
    """The rows with stable codes, for other tools (a row's amounts have two decimals)."""
    code = {member: member.value for kind in (Theme, Status, Kind) for member in kind}
    code[None] = ""
    for r in rows:
        decided = r.decided_on
        yield [r.sequence, r.wijk, r.received_at.isoformat(), r.title, code[r.theme],
               r.route or "", code[r.status], "" if r.asked is None else str(r.asked),
               int(r.referred), code[r.decision], str(r.granted), "".join(r.refusal_grounds),
               decided.isoformat() if decided else "", r.deadline.isoformat(),
               "" if decided is None else int(decided <= r.deadline),
               "" if r.days_late is None else r.days_late, int(r.waiting), r.vouchers,
               str(r.issued), str(r.paid), str(r.cash_paid), str(r.outstanding),
               str(r.expired), str(r.returned), r.completion_requests, r.suspended_days]


def _plain(value, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return as_text(value) if unit == "money" else str(value.quantize(Decimal("0.0001")))
    return str(value)


def base_name(acc: Accounts) -> str:
    """``jaarverslag-2026`` or ``jaarverslag-2026-poelenburg`` (``year-report-2026`` in
    English): the report's file names in its language."""
    name = _("year-report") + f"-{acc.year}"
    if acc.wijk:
        name += "-" + re.sub(r"[^a-z0-9]+", "-", acc.wijk.casefold()).strip("-")
    return name


class _Atomic:
    """A file written under a temporary name beside ``path`` and renamed when complete."""

    def __init__(self, path: Path):
        from ..files import output_target, remove_stale

        self.path = path = output_target(path)  # never over a register, a device, a FIFO
        # What a killed run left (issue 23.6): ".year-report-2026.pdf.abc123.partial".
        remove_stale(path.parent, f".{glob.escape(path.name)}.*.partial")
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        os.close(fd)
        self.temp = Path(temp)

    def done(self) -> Path:
        os.chmod(self.temp, 0o600)  # like every document (the workbook is written anew)
        os.replace(self.temp, self.path)
        return self.path

    def drop(self) -> None:
        self.temp.unlink(missing_ok=True)


# The CSV files' forms: for people (Dutch Excel opens it as columns: UTF-8 with a byte-order
# mark, semicolons, decimal commas, the workbook's headers and labels) or for other programs
# (commas, points, ISO dates, stable column names and codes). Texts are safe from formulas
# in both (regiegroep.spreadsheet).
CSV_FORMS = ("excel", "machine")


def _for_people(value, unit: str):
    """A total as a Dutch spreadsheet reads it: a share as "87,5%", money with two decimals."""
    if isinstance(value, Decimal) and unit == "share":
        return f"{value * 100:.1f}%".replace(".", ",")
    return value


def _excel_csvs(acc: Accounts):
    yield (_("applications"), headers(), (row_values(r) for r in acc.rows))
    yield (_("totals"), [_("Figure"), _("Value"), _("Key")],
           ([f.label, _for_people(f.value, f.unit), f.key] for f in figures(acc)))
    yield (_("months"), [_("Month"), _("Granted"), _("Redeemed"), _("Granted so far"),
                         _("Redeemed so far")],
           ([f"{m.year}-{m.month:02d}", m.granted, m.redeemed, m.granted_so_far,
             m.redeemed_so_far] for m in acc.months))


def _machine_csvs(acc: Accounts):
    yield (_("applications"), [c[0] for c in COLUMNS], _csv_rows(acc.rows))
    yield (_("totals"), ["figure", "label", "value"],
           ([f.key, f.label, _plain(f.value, f.unit)] for f in figures(acc)))
    yield (_("months"), ["month", "granted", "redeemed", "granted_so_far", "redeemed_so_far"],
           ([f"{m.year}-{m.month:02d}", as_text(m.granted), as_text(m.redeemed),
             as_text(m.granted_so_far), as_text(m.redeemed_so_far)] for m in acc.months))


def write_csvs(acc: Accounts, folder: Path, name: str, check: Callable[[], None],
               temps: list[_Atomic], form: str = "excel") -> list[_Atomic]:
    from ..exchange.spreadsheet import MachineWriter, PeopleWriter

    if form not in CSV_FORMS:
        raise UserError(_("Unknown CSV form {form}; choose excel or machine.").format(form=form))
    files = []
    for suffix, header, lines in (_excel_csvs(acc) if form == "excel" else _machine_csvs(acc)):
        target = _Atomic(folder / f"{name}-{suffix}.csv")
        temps.append(target)
        with target.temp.open("w", encoding="utf-8", newline="") as fp:
            writer = PeopleWriter(fp) if form == "excel" else MachineWriter(fp)
            writer.writerow(header)
            for n, line in enumerate(lines):
                writer.writerow(line)
                if n % 5000 == 4999:
                    check()
        files.append(target)
    return files


def _wijk_id(register: Register, wijk: str | None, year: int | None = None) -> int | None:
    """The neighbourhood's id (None: all); a year without a budget there is refused: its
    report would be empty."""
    found = None
    if wijk is not None:
        found = register.wijk_by_name(wijk)
        if found is None:
            raise UserError(_("There is no neighbourhood called {name}.").format(name=wijk))
    if year is not None and not any(b.year == year and (found is None or b.wijk_id == found.id)
                                    for b in register.budgets()):
        raise UserError(_("There is no budget for {year}{where}: a year report needs the "
                          "year's budget. Set it up first, or choose another year.").format(
            year=year, where=_(" in {name}").format(name=found.name) if found else ""))
    return found.id if found else None


@reads(Read.BUDGETS, Read.APPLICATIONS)
def write_report_pdf(register: Register, year: int, out: str | os.PathLike,
                     wijk: str | None = None, progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     today: dt.date | None = None) -> Path:
    """Write only the year report's PDF to ``out`` (to print it), as write_report does:
    ``progress`` told how far it got, Cancelled when ``cancelled()`` turns true, and no
    half-written file left behind."""
    from ..documents.year_report import write_pdf

    wijk_id = _wijk_id(register, wijk, year)
    if progress is not None:
        progress(0, 2)
    acc = accounts(register, year, wijk_id, today=today)
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(1, 2)
    pdf = _Atomic(Path(out))
    try:
        write_pdf(register, acc, pdf.temp)
        if cancelled is not None and cancelled():
            raise Cancelled()
        done = pdf.done()
    except OSError as exc:
        pdf.drop()
        raise UserError(_("Cannot write to {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from None
    except BaseException:
        pdf.drop()
        raise
    if progress is not None:
        progress(2, 2)
    return done


@reads(Read.BUDGETS, Read.APPLICATIONS)
def write_report(register: Register, year: int, out_dir: str | os.PathLike,
                 wijk: str | None = None, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 today: dt.date | None = None, csv_form: str = "excel") -> list[Path]:
    """Write the year report of ``year`` (one neighbourhood by name, or all) into ``out_dir``:
    the PDF, three CSV files (``csv_form``: one of CSV_FORMS) and the workbook. Returns the
    paths written.

    ``progress(done, total)`` is told how far it got; when ``cancelled()`` turns true the run
    stops with Cancelled and leaves nothing behind.
    """
    from ..documents.year_report import write_pdf
    from .workbook_report import write_workbook

    wijk_id = _wijk_id(register, wijk, year)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("Cannot write to {path}: {reason}").format(
            path=folder, reason=exc.strerror or exc)) from None

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    steps = 4

    def step(done: int) -> None:
        check()
        if progress is not None:
            progress(done, steps)

    step(0)
    acc = accounts(register, year, wijk_id, today=today)
    name = base_name(acc)
    temps: list[_Atomic] = []
    try:
        step(1)
        pdf = _Atomic(folder / f"{name}.pdf")
        temps.append(pdf)
        write_pdf(register, acc, pdf.temp)
        step(2)
        write_csvs(acc, folder, name, check, temps, csv_form)
        step(3)
        xlsx = _Atomic(folder / f"{name}.xlsx")
        temps.append(xlsx)
        write_workbook(acc, xlsx.temp, check)
        check()
        written = [t.done() for t in temps]
    except OSError as exc:
        for t in temps:
            t.drop()
        raise UserError(_("Cannot write to {path}: {reason}").format(
            path=folder, reason=exc.strerror or exc)) from None
    except BaseException:
        for t in temps:
            t.drop()
        raise
    if progress is not None:
        progress(steps, steps)
    return written
