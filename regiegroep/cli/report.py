"""regiegroep report: the year report to the municipality (Art. 2, 5, 6, 9)."""

from __future__ import annotations

from ..i18n import _
from .base import UserError, db_option, open_register, whole_number

COMMANDS = ("report",)


def add(commands) -> None:
    p = commands.add_parser(
        "report", help=_("write the year report to the municipality"),
        description=_("Write the year report of a budget year, for one neighbourhood or all: "
                      "a PDF with tables and charts, CSV files, and a workbook whose totals "
                      "are formulas over its rows."))
    db_option(p)
    p.add_argument("--year", type=whole_number, required=True, metavar="YYYY", help=_("the budget year"))
    p.add_argument("--wijk", metavar="NAME", help=_("one neighbourhood (default: all)"))
    p.add_argument("--out", metavar="DIR", required=True, help=_("the folder to write into"))
    p.add_argument("--csv", choices=("excel", "machine"), default="excel", dest="csv_form",
                   help=_("the CSV files' form: excel (default: opens in Dutch Excel as "
                          "columns; semicolons, decimal commas) or machine (commas, points, "
                          "stable column names, for other programs)"))


def run(args) -> int:
    from ..reports.exchange_report import write_report

    if not 2000 <= args.year <= 2200:
        raise UserError(_("{year} is not a budget year.").format(year=args.year))
    with open_register(args.sub_db) as register:
        written = write_report(register, args.year, args.out, wijk=args.wijk,
                               csv_form=args.csv_form)
    for path in written:
        print(_("Wrote {path}.").format(path=path))
    return 0
