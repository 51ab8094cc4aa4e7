"""CSV files people open: in Dutch Excel as columns, never with a live formula.

Dutch Excel opens a CSV by the Windows list separator (a semicolon), reads "1234,50" as a
number and needs a UTF-8 byte-order mark to read "Öztürk" as UTF-8. Every text cell that
starts like a formula (=, +, -, @, a tab or a return) gets a quote in front (OWASP, CSV
injection; the import takes it off again), in every CSV the app writes for people.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

BOM = "\ufeff"
SEPARATOR = ";"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection,
# OWASP); the importer (importer.unneutralise) takes the quote off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``=HYPERLINK(...)`` as ``'=HYPERLINK(...)``: shown as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def amount(value: Decimal) -> str:
    """``Decimal("1234.5")`` as ``"1234,50"``: a number to a Dutch spreadsheet."""
    return f"{value:.2f}".replace(".", ",")


def cell(value) -> str:
    """One value as a Dutch spreadsheet reads it: amounts with a decimal comma, dates as
    dd-mm-yyyy, texts safe from formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return safe_text(str(value))


class PeopleWriter:
    """Rows for people: the byte-order mark first, semicolons, CRLF, :func:`cell` values."""

    def __init__(self, fp):
        fp.write(BOM)
        self._writer = csv.writer(fp, delimiter=SEPARATOR, lineterminator="\r\n")

    def writerow(self, values) -> None:
        self._writer.writerow([cell(v) for v in values])


class MachineWriter:
    """Rows for other programs: commas, points, ISO dates, no byte-order mark; texts are
    still kept from running as formulas."""

    def __init__(self, fp):
        self._writer = csv.writer(fp)

    def writerow(self, values) -> None:
        self._writer.writerow([safe_text(v) if isinstance(v, str) else v for v in values])
