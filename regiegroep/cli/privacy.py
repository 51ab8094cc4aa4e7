"""regiegroep privacy export | anonymise: personal data (AVG/GDPR)."""

from __future__ import annotations

from ..i18n import _, format_number, ngettext
from .base import LARGEST, UserError, db_option, open_register, subcommands, whole_number

COMMANDS = ("privacy",)


def add(commands) -> None:
    p = commands.add_parser("privacy", help=_("personal data: export for one person, anonymise"),
                            description=_("Personal data in the register (AVG/GDPR)."))
    privacy_commands = subcommands(p, "privacy_command")
    e = privacy_commands.add_parser(
        "export", help=_("write everything stored about one person"),
        description=_("Write everything the register holds about one person, as applicant or "
                      "contact person, to a JSON file readable by you alone."))
    db_option(e)
    e.add_argument("--name", required=True, help=_("the person's name, as on the application"))
    e.add_argument("--out", metavar="PATH", required=True, help=_("the file to write"))
    e.add_argument("--application", metavar="SEQUENCE", type=int, action="append",
                   dest="applications",
                   help=_("an application of the person (its number in the register), to "
                          "choose between people of the same name; may be repeated"))
    a = privacy_commands.add_parser(
        "anonymise", help=_("remove personal data of closed applications after the retention period"),
        description=_("Remove the applicant's name, address, phone, e-mail and the attached "
                      "scans of applications that were closed or deleted longer ago than the "
                      "retention period (default 24 months). Amounts, decisions and the audit "
                      "trail stay for the accounts."))
    db_option(a)
    a.add_argument("--months", type=whole_number, metavar="N",
                   help=_("set the retention period to N months first"))
    a.add_argument("--dry-run", action="store_true",
                   help=_("only say which applications are due; change nothing"))


def run(args) -> int:
    from ..exchange import export
    from ..store import COMMAND_LINE

    writes = args.privacy_command == "anonymise" and not args.dry_run
    if writes and args.months is not None and not 1 <= args.months <= LARGEST:
        raise UserError(_("The retention period must be 1 to 600 months."))
    with open_register(args.sub_db, write=writes) as register:
        if args.privacy_command == "export":
            count = export.person_export(register, args.name, args.out, args.applications)
            print(ngettext("Wrote {n} application of {name} to {path}.",
                           "Wrote {n} applications of {name} to {path}.", count).format(
                               n=format_number(count), name=args.name, path=args.out))
            return 0
        if args.months is not None and not args.dry_run:
            register.set_retention_months(args.months, COMMAND_LINE)
        due = register.due_for_anonymising()
        sequences = [register.application(i).sequence for i in due]
        if args.dry_run:
            print(ngettext("{n} application is due for anonymising: {numbers}",
                           "{n} applications are due for anonymising: {numbers}", len(due))
                  .format(n=format_number(len(due)), numbers=", ".join(map(str, sequences)) or "-"))
            return 0
        register.anonymise(due, COMMAND_LINE)
        print(ngettext("Anonymised {n} application (retention {months} months).",
                       "Anonymised {n} applications (retention {months} months).", len(due))
              .format(n=format_number(len(due)), months=register.retention_months()))
    return 0
