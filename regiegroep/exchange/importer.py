"""Import applications typed into a spreadsheet (CSV).

UTF-8, comma or semicolon separated (Dutch spreadsheets use semicolons), amounts with a
decimal comma or point. A file with any bad value imports nothing: every problem is
reported with its row and column, so the volunteer can fix them all in one go. Empty
cells are fine: an incomplete application is still registered, as incomplete, as on paper.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
from pathlib import Path

from ..errors import UserError
from ..i18n import _, format_date
from ..model import Applicant, ApplicantKind, Application, Theme
from ..money import parse_amount
from ..store import COMMAND_LINE, requires
from ..register import Register
from ..trust.access import Permission

# Column names: the English name first, then the Dutch names accepted for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "received_at": ("ontvangen_op", "ontvangen", "datum_ontvangst"),
    "wijk": ("buurt", "neighbourhood"),
    "applicant_kind": ("soort_aanvrager",),
    "applicant_name": ("naam_aanvrager", "aanvrager", "naam"),
    "contact_person": ("contactpersoon",),
    "address": ("adres", "contactadres"),
    "postcode": (),
    "town": ("woonplaats", "plaats"),
    "phone": ("telefoon", "telefoonnummer"),
    "email": ("e_mail", "emailadres", "e_mailadres"),
    "publish_name": ("naam_publiceren", "naam_mag_gepubliceerd"),
    "language": ("taal",),
    "signed": ("ondertekend", "handtekening"),
    "title": ("titel", "naam_initiatief"),
    "description": ("beschrijving", "inhoud"),
    "execution": ("uitvoering",),
    "planning": (),
    "liveability": ("leefbaarheid",),
    "cost_estimate": ("kostenraming", "kosten"),
    "vouchers_requested": ("aantal_vouchers", "vouchers"),
    "other_subsidy": ("elders_subsidie", "andere_subsidie", "subsidie_elders"),
    "other_subsidy_details": ("elders_subsidie_toelichting", "toelichting_andere_subsidie",
                              "subsidie_elders_toelichting"),
    "theme": ("thema",),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in (name, *aliases)}
# Columns an export adds that the register works out itself: read back without a word.
DERIVED = {"sequence", "status", "missing", "route", "decision_deadline", "decision",
           "amount_granted", "refusal_grounds", "decided_on", "objection_deadline", "referred_on",
           "amount_paid"}

YES = {"yes", "y", "ja", "j", "true", "1", "x", "waar"}
NO = {"no", "n", "nee", "false", "0", "onwaar"}

KINDS = {
    "resident": ApplicantKind.RESIDENT, "bewoner": ApplicantKind.RESIDENT,
    "individual": ApplicantKind.RESIDENT, "individueel": ApplicantKind.RESIDENT,
    "group": ApplicantKind.GROUP, "groep": ApplicantKind.GROUP,
    "bewonersgroep": ApplicantKind.GROUP,
    "legal_entity": ApplicantKind.LEGAL_ENTITY, "rechtspersoon": ApplicantKind.LEGAL_ENTITY,
    "vereniging": ApplicantKind.LEGAL_ENTITY, "stichting": ApplicantKind.LEGAL_ENTITY,
}

THEMES = {
    **{t.value: t for t in Theme},
    "wonen": Theme.HOUSING, "werken": Theme.WORK, "leren en opgroeien": Theme.LEARNING,
    "leren_en_opgroeien": Theme.LEARNING, "leren": Theme.LEARNING,
    "integreren": Theme.INTEGRATION, "integratie": Theme.INTEGRATION,
    "veiligheid": Theme.SAFETY, "overig": Theme.OTHER, "anders": Theme.OTHER,
    "ander": Theme.OTHER,
}

_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?")


def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))


def parse_received(text: str) -> dt.datetime:
    """A date, or a date and time: ISO (2026-03-02, 2026-03-02 19:30) or Dutch (2-3-2026)."""
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        match = _DUTCH_DATE.fullmatch(text)
        if not match:
            raise UserError(
                _("“{text}” is not a date. Write it like 2-3-2026 or 2026-03-02, "
                  "with a time if you know it: 2-3-2026 19:30.").format(text=text)) from None
        day, month, year, hour, minute, second = match.groups()
        try:
            moment = dt.datetime(int(year), int(month), int(day), int(hour or 0),
                                 int(minute or 0), int(second or 0))
        except ValueError:
            raise UserError(_("“{text}” is not a date that exists.").format(text=text)) from None
    return moment.replace(tzinfo=None, microsecond=0)


def parse_yes_no(text: str) -> bool | None:
    value = text.strip().lower()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise UserError(_("“{text}” is not yes or no (ja/nee).").format(text=text))


@dataclasses.dataclass(frozen=True)
class Problem:
    row: int  # the row in the spreadsheet, the header being row 1
    column: str  # the register's name for the column (received_at)
    message: str
    heading: str = ""  # the column's name as it stands in the sheet (ontvangen_op)

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        column = self.column
        if self.heading and normalise_header(self.heading) != self.column:
            column = _("{name} (“{heading}” in the sheet)").format(name=self.column,
                                                                 heading=self.heading)
        return _("Row {row}, column {column}: {message}").format(
            row=self.row, column=column, message=self.message)


# A cell this long is no application text but a broken file (a quote never closed, say).
MAX_CELL = 128 * 1024
# More vouchers than any neighbourhood budget holds: a typing mistake.
MAX_VOUCHERS = 10_000
# No application is older than the ordinances it could fall under.
EARLIEST = dt.date(2000, 1, 1)


def _unclosed_quote(text: str, delimiter: str) -> int | None:
    """The line on which a quoted cell opens that is never closed, as the CSV reader reads
    quotes (only at the start of a cell); None when every quote closes."""
    if '"' not in text:
        return None
    line, opened_on, in_quotes, at_start, i, n = 1, 0, False, True, 0, len(text)
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    in_quotes = False
            elif c == "\n":
                line += 1
        elif c == '"' and at_start:
            in_quotes, opened_on = True, line
        elif c == delimiter:
            at_start = True
            i += 1
            continue
        elif c == "\n":
            line += 1
            at_start = True
            i += 1
            continue
        at_start = False if not in_quotes else at_start
        i += 1
    return opened_on if in_quotes else None


def unneutralise(text: str) -> str:
    """Take off the single quote an export put before a cell that looks like a formula
    (``'=SUM(...)``), so export and import give back the same text."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


@dataclasses.dataclass
class ImportResult:
    applications: list[Application]
    problems: list[Problem]
    warnings: list[str]
    imported: bool = False


@requires(Permission.EDIT)
def read_csv(register: Register, data: bytes) -> ImportResult:
    """Read and check every row; return the applications in order of receipt, or the problems."""
    problems: list[Problem] = []
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            _("The file is not UTF-8 text (first odd character on line {line}). In your "
              "spreadsheet choose Save as, then “CSV UTF-8”.").format(line=line)) from None
    if not text.strip():
        raise UserError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    line = _unclosed_quote(text, delimiter)
    if line is not None:
        raise UserError(_("A quote (\") opened on line {line} is never closed, so the rest of "
                          "the file would be read as one cell. Close it, or remove it; "
                          "nothing was imported.").format(line=line))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        records = None
    if records is None or any(len(c) > MAX_CELL for cells in records for c in cells):
        raise UserError(_("A cell in the file is longer than {n} characters: that is no "
                          "application text. Check the file; nothing was imported.").format(
                              n=MAX_CELL))
    reader = iter(records)
    header = next(reader)
    columns: dict[int, str] = {}
    shown: dict[str, str] = {}
    for index, raw in enumerate(header):
        name = normalise_header(raw)
        if not name:
            continue
        if name in DERIVED:
            continue
        if name not in _ALIASES:
            warnings.append(_("Column “{name}” is not known and was skipped.").format(name=raw.strip()))
            continue
        if _ALIASES[name] in columns.values():
            problems.append(Problem(1, raw.strip(), _("This column appears twice.")))
        columns[index] = _ALIASES[name]
        shown.setdefault(_ALIASES[name], raw.strip())
    if "received_at" not in columns.values():
        problems.append(Problem(0, "received_at", _(
            "The file has no column received_at (ontvangen_op): every application needs the "
            "day it was received, because they are handled in that order (Art. 4.4).")))
        return ImportResult([], problems, warnings)

    wijken = register.wijken()
    by_name = {w.name.lower(): w for w in wijken}
    earliest = _earliest_receipt(register)
    rows: list[tuple[dt.datetime, int, Application]] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {name: unneutralise((cells[i] if i < len(cells) else "").strip())
                  for i, name in columns.items()}
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(Problem(row_number, "", _(
                "This row has more cells than the header has columns; check for a "
                "separator inside a text (put such texts in quotes).")))
        app, row_problems = _application(values, row_number, wijken, by_name, earliest)
        problems += [dataclasses.replace(p, heading=shown.get(p.column, p.column))
                     for p in row_problems]
        if app is not None:
            rows.append((app.received_at, row_number, app))
    if not rows and not problems:
        problems.append(Problem(0, "", _("The file has a header but no applications.")))
    rows.sort(key=lambda item: (item[0], item[1]))  # Art. 4.4: in order of receipt
    return ImportResult([app for _r, _n, app in rows], problems, warnings)


def _earliest_receipt(register: Register) -> dt.date:
    """The first day an application can have been received: when the ordinance of the first
    budget year came into force, and not before 2000."""
    budgets = register.budgets()
    if not budgets:
        return EARLIEST
    first = min(budgets, key=lambda b: b.year)
    return max(EARLIEST, register.ordinance_for(first.wijk_id, first.year).in_force_from)


def _application(values: dict[str, str], row: int, wijken, by_name, earliest=EARLIEST):
    problems: list[Problem] = []

    def field(column: str, parse, default=None):
        text = values.get(column, "")
        if not text:
            return default
        try:
            return parse(text)
        except UserError as exc:
            problems.append(Problem(row, column, str(exc)))
            return default

    received = None
    if values.get("received_at"):
        received = field("received_at", parse_received)
        if received is not None and received > dt.datetime.now():
            problems.append(Problem(row, "received_at", _("The day of receipt cannot be in the future.")))
        elif received is not None and received.date() < earliest:
            problems.append(Problem(row, "received_at", _(
                "{day} is before the ordinance of this register came into force ({start}); "
                "check the year.").format(day=format_date(received.date()),
                                          start=format_date(earliest))))
    else:
        problems.append(Problem(row, "received_at", _("The day of receipt is empty.")))

    wijk = None
    name = values.get("wijk", "")
    if name:
        wijk = by_name.get(name.lower())
        if wijk is None:
            known = ", ".join(w.name for w in wijken) or _("none yet")
            problems.append(Problem(row, "wijk", _(
                "The neighbourhood “{name}” is not in this register (known: {known}).").format(
                    name=name, known=known)))
    elif len(wijken) == 1:
        wijk = wijken[0]
    else:
        problems.append(Problem(row, "wijk", _("Say which neighbourhood the application is for.")))

    def kind(text: str) -> ApplicantKind:
        key = normalise_header(text)
        if key not in KINDS:
            raise UserError(_("“{text}” is not a kind of applicant; use resident, group or "
                              "legal_entity (bewoner, groep, rechtspersoon).").format(text=text))
        return KINDS[key]

    def theme(text: str) -> Theme:
        key = " ".join(text.lower().replace("_", " ").split())
        if key not in THEMES and key.replace(" ", "_") not in THEMES:
            raise UserError(_("“{text}” is not a theme; use wonen, werken, leren en opgroeien, "
                              "integreren, veiligheid or overig.").format(text=text))
        return THEMES.get(key) or THEMES[key.replace(" ", "_")]

    def count(text: str) -> int:
        if not re.fullmatch(r"\d+", text):
            raise UserError(_("“{text}” is not a whole number.").format(text=text))
        if int(text) < 1:
            raise UserError(_("The number of vouchers must be 1 or more."))
        if len(text) > 6 or int(text) > MAX_VOUCHERS:
            raise UserError(_("{text} vouchers is more than any budget holds; check the "
                              "number.").format(text=text))
        return int(text)

    def language(text: str) -> str:
        from ..i18n import LANGUAGES

        code = text.strip().lower()[:2]
        names = {name.lower(): c for c, name in LANGUAGES.items()}
        code = names.get(text.strip().lower(), code)
        if code not in LANGUAGES:
            raise UserError(_("Letters can be written in: {languages}.").format(
                languages=", ".join(LANGUAGES.values())))
        return code

    def email(text: str) -> str:
        if "@" not in text or " " in text:
            raise UserError(_("“{email}” is not an e-mail address.").format(email=text))
        return text

    applicant = Applicant(
        kind=field("applicant_kind", kind, ApplicantKind.RESIDENT),
        name=values.get("applicant_name", ""),
        contact_person=values.get("contact_person", ""),
        address=values.get("address", ""),
        postcode=values.get("postcode", ""),
        town=values.get("town", ""),
        phone=values.get("phone", ""),
        email=field("email", email, ""),
        publish_name=bool(field("publish_name", parse_yes_no, False)),
        language=field("language", language, "nl"),
    )
    app_values = dict(
        applicant=applicant,
        signed=bool(field("signed", parse_yes_no, False)),
        title=values.get("title", ""),
        description=values.get("description", ""),
        execution=values.get("execution", ""),
        planning=values.get("planning", ""),
        liveability=values.get("liveability", ""),
        cost_estimate=field("cost_estimate", parse_amount),
        vouchers_requested=field("vouchers_requested", count),
        other_subsidy=field("other_subsidy", parse_yes_no),
        other_subsidy_details=values.get("other_subsidy_details", ""),
        theme=field("theme", theme),
    )
    if problems or received is None or wijk is None:
        return None, problems
    return Application(received_at=received, wijk_id=wijk.id, wijk=wijk.name, **app_values), problems


@requires(Permission.EDIT)
def import_csv(register: Register, path: str | os.PathLike, *, dry_run: bool = False,
               actor: str = COMMAND_LINE) -> ImportResult:
    """Import the file: all rows in one transaction, or nothing when any row is bad."""
    path = Path(path)
    from ..files import read_input

    data = read_input(path)
    result = read_csv(register, data)
    if result.problems or dry_run:
        return result
    register.register_applications(result.applications, actor=actor, source=path.name)
    result.imported = True
    return result
