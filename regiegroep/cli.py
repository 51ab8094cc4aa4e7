"""The command line: ``regiegroep demo | import | export``.

These commands are run by whoever holds the register file; they need no sign-in and say
so in the register's record ("command line"). Mistakes a user can fix are printed on
stderr in the user's language with exit status 1; wrong options exit with 2.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from . import __version__, i18n
from .errors import UserError
from .i18n import N_, _, ngettext

EXIT_USER_ERROR = 1
COMMANDS = ("demo", "import", "export", "backup", "restore", "privacy", "ordinance", "print",
            "people", "audit")

# argparse's own words, marked here so they are translated with the rest (argparse looks
# them up through the ``_`` installed by ``_argparse_translations``).
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("can't open '%(filename)s': %(error)s"),
)


class _Parser(argparse.ArgumentParser):
    """argparse, with its own messages translated and errors in the user's language."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _argparse_translations() -> None:
    # argparse looks its words up through gettext.gettext; route them to our catalogs.
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def build_app_parser(prog: str = "regiegroep") -> argparse.ArgumentParser:
    """The options of the app itself; the app parses only these when it starts."""
    _argparse_translations()
    parser = _Parser(
        prog=prog,
        description=_("Register, checks and documents for a resident steering group "
                      "(bewonersregiegroep) running a neighbourhood voucher budget. "
                      "Without a command, the app opens."),
    )
    parser.add_argument("--version", action="version", version=f"Regiegroep {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", metavar="PATH",
                        help=_("the register file to open (default: the last one used, or "
                               "register.sqlite in your data folder)"))
    parser.add_argument("--lang", metavar="CODE", choices=sorted(i18n.LANGUAGES),
                        help=_("language of the app and its messages: nl (default) or en"))
    return parser


def _db_option(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """--db PATH, the register a command works on."""
    parser.add_argument("--db", metavar="PATH", required=True, dest="sub_db",
                        help=help or _("the register"))


def _subcommands(parser: argparse.ArgumentParser, dest: str, metavar: str | None = None):
    """A command's own commands (privacy export, people add, ...), one of which is required."""
    return parser.add_subparsers(dest=dest, metavar=metavar or _("COMMAND"),
                                 parser_class=_Parser, required=True)


def build_parser(prog: str = "regiegroep") -> argparse.ArgumentParser:
    """The app's options and the commands."""
    from . import demo, export
    from .access import ROLES

    parser = build_app_parser(prog)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    p = commands.add_parser("demo", help=_("write an example register"),
                            description=_("Write an example register: one municipality, three "
                                          "neighbourhoods with budgets, steering-group members "
                                          "and applications in every status. The same every time."))
    p.add_argument("path", metavar="PATH", help=_("the new register file"))
    p.add_argument("--size", type=int, default=demo.DEFAULT_SIZE, metavar="N",
                   help=_("number of applications (default: {n})").format(n=demo.DEFAULT_SIZE))

    p = commands.add_parser("import", help=_("import applications from a spreadsheet (CSV)"),
                            description=_("Import applications typed into a spreadsheet, saved as "
                                          "CSV (UTF-8, comma or semicolon separated). A file with a "
                                          "bad value imports nothing and every problem is listed "
                                          "with its row and column. The columns are listed in README."))
    _db_option(p, _("the register to import into"))
    p.add_argument("file", metavar="FILE.csv", help=_("the spreadsheet saved as CSV"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("only check the file and report; change nothing"))

    p = commands.add_parser("export", help=_("write the register as JSON or CSV"),
                            description=_("Write the register's applications, in order of "
                                          "receipt, and its budgets."))
    _db_option(p, _("the register to export"))
    p.add_argument("--format", choices=export.FORMATS, required=True, help=_("json or csv"))
    p.add_argument("--out", metavar="PATH", required=True, help=_("the file to write"))

    p = commands.add_parser("backup", help=_("copy the register into a backup folder"),
                            description=_("Make a consistent copy of the register in a folder "
                                          "(a USB stick, say), checked after writing, and keep "
                                          "the newest of each of the last 7 days, 4 weeks and "
                                          "12 months."))
    _db_option(p, _("the register to copy"))
    p.add_argument("--to", metavar="DIR", required=True, help=_("the backup folder"))

    p = commands.add_parser("restore", help=_("put a backup back in place of the register"),
                            description=_("Check a backup and put it in place of the register. "
                                          "Refuses when the register has changes the backup "
                                          "does not have, unless --force; the register is then "
                                          "kept beside it first."))
    _db_option(p, _("the register to restore"))
    p.add_argument("--from", metavar="FILE", required=True, dest="backup",
                   help=_("the backup file"))
    p.add_argument("--force", action="store_true",
                   help=_("replace the register even if it has newer changes"))

    p = commands.add_parser("privacy", help=_("personal data: export for one person, anonymise"),
                            description=_("Personal data in the register (AVG/GDPR)."))
    privacy_commands = _subcommands(p, "privacy_command")
    e = privacy_commands.add_parser(
        "export", help=_("write everything stored about one person"),
        description=_("Write everything the register holds about one person, as applicant or "
                      "contact person, to a JSON file readable by you alone."))
    _db_option(e)
    e.add_argument("--name", required=True, help=_("the person's name, as on the application"))
    e.add_argument("--out", metavar="PATH", required=True, help=_("the file to write"))
    a = privacy_commands.add_parser(
        "anonymise", help=_("remove personal data of closed applications after the retention period"),
        description=_("Remove the applicant's name, address, phone, e-mail and the attached "
                      "scans of applications that were closed or deleted longer ago than the "
                      "retention period (default 24 months). Amounts, decisions and the audit "
                      "trail stay for the accounts."))
    _db_option(a)
    a.add_argument("--months", type=int, metavar="N",
                   help=_("set the retention period to N months first"))
    a.add_argument("--dry-run", action="store_true",
                   help=_("only say which applications are due; change nothing"))

    p = commands.add_parser("ordinance", help=_("keep the municipality's version of the ordinance"),
                            description=_("The rules that apply: the model ordinance of 2008 "
                                          "unless the register keeps the municipality's own "
                                          "copy of the rule file for a budget year."))
    ordinance_commands = _subcommands(p, "ordinance_command")
    o = ordinance_commands.add_parser(
        "add", help=_("keep a rule file in the register"),
        description=_("Check a copy of resources/ordinances/model-2008.toml as the "
                      "municipality adopted it, keep it in the register and, with --year, apply "
                      "it to every budget of that year."))
    _db_option(o)
    o.add_argument("file", metavar="FILE.toml", help=_("the rule file"))
    o.add_argument("--year", type=int, metavar="YEAR",
                   help=_("the budget year it applies to"))

    p = commands.add_parser("print", help=_("print documents as PDF"),
                            description=_("Write the register's documents as PDF files (A4)."))
    print_commands = _subcommands(p, "print_command", _("DOCUMENT"))
    lt = print_commands.add_parser(
        "letter", help=_("the letter for the latest decision on an application"),
        description=_("Write the decision letter for the latest decision on an application: "
                      "the decision, its article, the reasons, the vouchers and, where one may "
                      "object, the objection clause with its last day."))
    _db_option(lt)
    lt.add_argument("--application", type=int, required=True, metavar="SEQUENCE",
                    help=_("the application's number"))
    lt.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))

    p = commands.add_parser("people", help=_("who works with the register, and their PINs"),
                            description=_("The steering group, the cash manager and the kiosk: "
                                          "who they are, their roles, and their PINs for "
                                          "signing in to the app."))
    people_commands = _subcommands(p, "people_command")
    pl = people_commands.add_parser("list", help=_("list the people, their roles and who has a PIN"))
    _db_option(pl)
    pa = people_commands.add_parser("add", help=_("add a person"))
    _db_option(pa)
    pa.add_argument("--name", required=True, help=_("their name, as they choose it when signing in"))
    pa.add_argument("--role", required=True, choices=ROLES,
                    help=_("chair, secretary, member, cash_manager or kiosk"))
    pp = people_commands.add_parser(
        "pin", help=_("set a person's PIN"),
        description=_("Set a person's PIN or passphrase (at least 4 characters). It is asked "
                      "twice without showing it, or read from the first line of the input when "
                      "that is not a terminal; never give it as an option, where others could "
                      "read it."))
    _db_option(pp)
    pp.add_argument("--name", required=True, help=_("the person"))
    pr = people_commands.add_parser("remove", help=_("someone leaves: they can no longer sign in"))
    _db_option(pr)
    pr.add_argument("--name", required=True, help=_("the person"))

    p = commands.add_parser("audit", help=_("check the audit trail"),
                            description=_("The register's audit trail: every change, who made "
                                          "it and when, chained by hashes."))
    audit_commands = _subcommands(p, "audit_command")
    v = audit_commands.add_parser(
        "verify", help=_("check that no entry was changed, removed or reordered"),
        description=_("Recompute the chain of the audit trail. Exits with 0 when it is intact; "
                      "otherwise names the first entry that does not fit and exits with 1."))
    _db_option(v, _("the register to check"))
    return parser


def _pre_language(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


# SQLite keeps integers in 64 bits; larger numbers are typing mistakes.
_LARGEST = 2 ** 63 - 1
# More example applications than anyone benchmarks with would take hours to write.
_DEMO_LARGEST = 1_000_000


def _open(path: str, *, write: bool = False):
    """The register at ``path``, which must exist and be a register: an empty or foreign
    file is refused before SQLite opens (and would change) it. A read-only file or folder
    is refused first for a command that changes the register (``write``); any command
    needs a folder it may write in, for SQLite's write-ahead log."""
    from . import files
    from .register import Register

    files.refuse_non_register(path)
    problem = files.read_only_problem(path)
    if problem and (write or not files.folder_writable(path)):
        raise problem
    return Register.open(path, create=False)


def _sqlite_problem(exc: Exception) -> str:
    """An SQLite failure that reached the command line, in words a volunteer can act on."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return _("The register or its folder is read-only: nothing was changed. Copy the "
                 "register to a folder where you may save files.")
    if "full" in text:
        return _("The disk is full. Free some space and try again; nothing was changed.")
    if "locked" in text or "busy" in text:
        return _("The register is busy in another program. Close it there and try again.")
    return _("The register cannot be used: {reason}").format(reason=exc)


def run(args: argparse.Namespace) -> int:
    from . import audit, backup, demo, export, importer
    from .register import COMMAND_LINE

    if args.command == "demo":
        if not 0 <= args.size <= _DEMO_LARGEST:
            raise UserError(_("An example register has 0 to {n} applications.").format(
                n=i18n.format_number(_DEMO_LARGEST)))
        made = demo.write_demo(args.path, args.size)
        print(ngettext("Wrote an example register with {n} application to {path}.",
                       "Wrote an example register with {n} applications to {path}.", made)
              .format(n=i18n.format_number(made), path=args.path))
        return 0
    if args.command == "import":
        with _open(args.sub_db, write=not args.dry_run) as register:
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
                  .format(n=i18n.format_number(len(apps))))
        else:
            print(ngettext("Imported {n} application (number {first} to {last}).",
                           "Imported {n} applications (numbers {first} to {last}).", len(apps))
                  .format(n=i18n.format_number(len(apps)), first=apps[0].sequence, last=apps[-1].sequence))
            if incomplete:
                print(ngettext("{n} of them is incomplete; see what is missing in the app.",
                               "{n} of them are incomplete; see what is missing in the app.",
                               incomplete).format(n=i18n.format_number(incomplete)))
        return 0
    if args.command == "export":
        with _open(args.sub_db) as register:
            count = export.export(register, args.format, args.out)
        print(ngettext("Wrote {n} application to {path}.", "Wrote {n} applications to {path}.",
                       count).format(n=i18n.format_number(count), path=args.out))
        return 0
    if args.command == "backup":
        from . import files

        files.refuse_non_register(args.sub_db)
        path = backup.make_backup(args.sub_db, args.to)
        removed = backup.rotate(args.to, path.stem.rsplit("-", 2)[0], register=path)
        print(_("Backup written and checked: {path}").format(path=path))
        if removed:
            print(ngettext("{n} older backup removed (7 daily, 4 weekly, 12 monthly are kept).",
                           "{n} older backups removed (7 daily, 4 weekly, 12 monthly are kept).",
                           len(removed)).format(n=len(removed)))
        return 0
    if args.command == "restore":
        safety = backup.restore(args.backup, args.sub_db, force=args.force)
        print(_("Restored {backup} into {register}.").format(backup=args.backup,
                                                             register=args.sub_db))
        if safety:
            print(_("The register as it was is kept as {path}.").format(path=safety))
        return 0
    if args.command == "privacy":
        writes = args.privacy_command == "anonymise" and not args.dry_run
        if writes and args.months is not None and not 1 <= args.months <= _LARGEST:
            raise UserError(_("The retention period must be 1 to 600 months."))
        with _open(args.sub_db, write=writes) as register:
            if args.privacy_command == "export":
                count = export.person_export(register, args.name, args.out)
                print(ngettext("Wrote {n} application of {name} to {path}.",
                               "Wrote {n} applications of {name} to {path}.", count).format(
                                   n=i18n.format_number(count), name=args.name, path=args.out))
                return 0
            if args.months is not None and not args.dry_run:
                register.set_retention_months(args.months, COMMAND_LINE)
            due = register.due_for_anonymising()
            sequences = [register.application(i).sequence for i in due]
            if args.dry_run:
                print(ngettext("{n} application is due for anonymising: {numbers}",
                               "{n} applications are due for anonymising: {numbers}", len(due))
                      .format(n=i18n.format_number(len(due)), numbers=", ".join(map(str, sequences)) or "-"))
                return 0
            register.anonymise(due, COMMAND_LINE)
            print(ngettext("Anonymised {n} application (retention {months} months).",
                           "Anonymised {n} applications (retention {months} months).", len(due))
                  .format(n=i18n.format_number(len(due)), months=register.retention_months()))
        return 0
    if args.command == "print":
        from . import letters

        if not 1 <= args.application <= _LARGEST:
            raise UserError(_("There is no application with number {sequence}.").format(
                sequence=args.application))
        with _open(args.sub_db) as register:
            path = letters.write_letter(register, args.application, args.out)
        print(_("Wrote the letter to {path}.").format(path=path))
        return 0
    if args.command == "ordinance":
        if args.year is not None and not 1 <= args.year <= 9999:
            raise UserError(_("{year} is not a budget year.").format(year=args.year))
        with _open(args.sub_db, write=True) as register:
            try:
                ordinance = register.add_ordinance(args.file, args.year, COMMAND_LINE)
            except RecursionError:  # tomllib reads nesting by recursion
                raise UserError(_("The rule file {path} is nested too deeply to be a rule "
                                  "file; nothing was changed.").format(path=args.file)) from None
        print(_("The register keeps “{title}” ({id}).").format(title=ordinance.title,
                                                               id=ordinance.id))
        if args.year is not None:
            print(_("It applies to the budgets of {year}.").format(year=args.year))
        return 0
    if args.command == "people":
        with _open(args.sub_db, write=args.people_command != "list") as register:
            return _people(register, args)
    if args.command == "audit":
        with _open(args.sub_db) as register:
            verdict = audit.verify(register.conn)
        print(verdict, file=sys.stdout if verdict.intact else sys.stderr)
        return 0 if verdict.intact else EXIT_USER_ERROR
    raise AssertionError(args.command)


def _people(register, args: argparse.Namespace) -> int:
    from .access import role_label
    from .register import COMMAND_LINE

    if args.people_command == "list":
        for person in register.people():
            print("{name}\t{role}\t{pin}".format(
                name=person.name, role=role_label(person.role),
                pin=_("PIN set") if register.has_pin(person.id) else _("no PIN")))
        return 0
    if args.people_command == "add":
        person = register.add_member(args.name, args.role, actor=COMMAND_LINE)
        print(_("Added {name} ({role}). Give them a PIN with: regiegroep people pin").format(
            name=person.name, role=role_label(person.role)))
        return 0
    wanted = " ".join(args.name.split()).casefold()
    found = [p for p in register.people() if p.name.casefold() == wanted]
    if not found:
        raise UserError(_("There is nobody called {name}; see: regiegroep people list").format(
            name=args.name))
    person = found[0]
    if args.people_command == "remove":
        register.remove_person(person.id, COMMAND_LINE)
        print(_("{name} can no longer sign in.").format(name=person.name))
        return 0
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass(_("New PIN for {name}: ").format(name=person.name))
        if getpass.getpass(_("The same PIN again: ")) != pin:
            raise UserError(_("The two PINs differ; nothing was changed."))
    else:
        pin = sys.stdin.readline().rstrip("\r\n")
    register.set_pin(person.id, pin, COMMAND_LINE)
    print(_("{name} has a new PIN.").format(name=person.name))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command-line command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(i18n.requested_language(_pre_language(argv)))
    args = build_parser().parse_args(argv)
    if args.command is None:
        print(_("Give a command ({commands}), or start the app with: regiegroep").format(
                commands=", ".join(COMMANDS)),
              file=sys.stderr)
        return 2
    try:
        return run(args)
    except UserError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except sqlite3.Error as exc:
        print(_("Error: {message}").format(message=_sqlite_problem(exc)), file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:
        from .files import write_problem

        print(_("Error: {message}").format(message=write_problem(exc.filename or "", exc)),
              file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(_("Stopped; nothing was half-written."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
