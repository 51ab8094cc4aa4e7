"""regiegroep import | export: spreadsheets in, JSON or CSV out."""

from __future__ import annotations

import sys

from ..i18n import _, format_number, ngettext
from .base import EXIT_USER_ERROR, db_option, open_register

COMMANDS = ("import", "export")


def add(commands) -> None:
    from ..exchange import export

    p = commands.add_parser("import", help=_("import applications from a spreadsheet (CSV)"),
                            description=_("Import applications typed into a spreadsheet, saved as "
                                          "CSV (UTF-8, comma or semicolon separated). A file with a "
                                          "bad value imports nothing and every problem is listed "
                                          "with its row and column. The columns are listed in README."))
    db_option(p, _("the register to import into"))
    p.add_argument("file", metavar="FILE.csv", help=_("the spreadsheet saved as CSV"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only check the file and report; change nothing"))

    p = commands.add_parser("export", help=_("write the register as JSON or CSV"),
                            description=_("Write the register's applications, in order of "
                                          "receipt, and its budgets."))
    db_option(p, _("the register to export"))
    p.add_argument("--format", choices=export.FORMATS, required=True, help=_("json or csv"))
    p.add_argument("--out", metavar="PATH", required=True, help=_("the file to write"))


def run(args) -> int:
    return _import(args) if args.command == "import" else _export(args)


def _import(args) -> int:
    from ..exchange import importer

    with open_register(args.sub_db, write=not args.dry_run) as register:
        result = importer.import_csv(register, args.file, dry_run=args.dry_run)
    for warning in result.warnings:
        print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
    if result.problems:
        print(ngettext("Nothing was imported: {n} problem in {file}:",
                       "Nothing was imported: {n} problems in {file}:", len(result.problems))
              .format(n=len(result.problems), file=args.file), file=sys.stderr)
        for problem in result.problems:
            print("  " + str(problem), file=sys.stderr)
        return EXIT_USER_ERROR
    apps = result.applications
    incomplete = sum(1 for a in apps if a.status is None or a.status.value == "incomplete")
    if args.dry_run:
        print(ngettext("The file is fine: {n} application would be imported.",
                       "The file is fine: {n} applications would be imported.", len(apps))
              .format(n=format_number(len(apps))))
    else:
        print(ngettext("Imported {n} application (number {first}).",
                       "Imported {n} applications (numbers {first} to {last}).", len(apps))
              .format(n=format_number(len(apps)), first=apps[0].sequence, last=apps[-1].sequence))
        if incomplete:
            print(ngettext("{n} of them is incomplete; see what is missing in the app.",
                           "{n} of them are incomplete; see what is missing in the app.",
                           incomplete).format(n=format_number(incomplete)))
    return 0


def _export(args) -> int:
    from ..exchange import export

    with open_register(args.sub_db) as register:
        count = export.export(register, args.format, args.out)
    print(ngettext("Wrote {n} application to {path}.", "Wrote {n} applications to {path}.",
                   count).format(n=format_number(count), path=args.out))
    return 0
