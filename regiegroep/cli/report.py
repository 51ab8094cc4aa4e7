"""regiegroep report: the year report to the municipality (Art. 2, 5, 6, 9), and the signed
year package for the municipality's hub (regiegroep.year_package)."""

from __future__ import annotations

from ..i18n import _, format_number, ngettext
from .base import UserError, db_option, open_register, whole_number

COMMANDS = ("report",)


def add(commands) -> None:
    p = commands.add_parser(
        "report", help=_("write the year report to the municipality"),
        description=_("Write the year report of a budget year, for one neighbourhood or all: "
                      "a PDF with tables and charts, CSV files, and a workbook whose totals "
                      "are formulas over its rows. With --package, also the signed year "
                      "package for the municipality's hub (only the package when --out is "
                      "not given)."))
    db_option(p)
    p.add_argument("--year", type=whole_number, required=True, metavar="YYYY", help=_("the budget year"))
    p.add_argument("--wijk", metavar="NAME", help=_("one neighbourhood (default: all)"))
    p.add_argument("--out", metavar="DIR", help=_("the folder to write into"))
    p.add_argument("--package", metavar="FILE",
                   help=_("the signed year package for the municipality (every neighbourhood "
                          "of the year, no personal data)"))
    p.add_argument("--csv", choices=("excel", "machine"), default="excel", dest="csv_form",
                   help=_("the CSV files' form: excel (default: opens in Dutch Excel as "
                          "columns; semicolons, decimal commas) or machine (commas, points, "
                          "stable column names, for other programs)"))


def run(args) -> int:
    from ..reports.exchange_report import write_report

    if not 2000 <= args.year <= 2200:
        raise UserError(_("{year} is not a budget year.").format(year=args.year))
    if args.out is None and args.package is None:
        raise UserError(_("Give --out DIR for the report, --package FILE for the package, "
                          "or both."))
    if args.package is not None and args.wijk is not None:
        raise UserError(_("A package holds every neighbourhood of the year; leave out --wijk."))
    with open_register(args.sub_db) as register:
        written = (write_report(register, args.year, args.out, wijk=args.wijk,
                                csv_form=args.csv_form)
                   if args.out is not None else [])
        if args.package is not None:
            from ..exchange.year_package import write_package

            fingerprint, rows = write_package(register, args.year, args.package)
    for path in written:
        print(_("Wrote {path}.").format(path=path))
    if args.package is not None:
        print(ngettext("Wrote the signed year package with {n} application to {path}.",
                       "Wrote the signed year package with {n} applications to {path}.", rows)
              .format(n=format_number(rows), path=args.package))
        print(_("Its key's fingerprint, for the municipality: {fingerprint}").format(
            fingerprint=fingerprint))
    return 0
