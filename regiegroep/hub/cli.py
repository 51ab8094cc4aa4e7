"""``regiegroep-hub``: the municipality's hub on the command line.

    regiegroep-hub [--db PATH|postgresql://...] trust KEYFILE --name NAME [--fingerprint F]
    regiegroep-hub [--db ...] receive FILE...
    regiegroep-hub [--db ...] report --year YYYY [--municipality NAME] --out DIR
    regiegroep-hub [--db ...] list

Messages are in Dutch unless ``--lang en``; a mistake is printed on stderr with exit
status 1 (2 for wrong options), never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .. import i18n
from ..errors import UserError
from ..i18n import _, format_number, ngettext

EXIT_USER_ERROR = 1


def build_parser():
    from ..cli.base import Parser, argparse_translations, subcommands

    argparse_translations()
    parser = Parser(prog="regiegroep-hub", description=_(
        "The municipality's hub: the signed year packages of its steering groups, checked "
        "and gathered into one report."))
    parser.add_argument("--db", metavar="PATH", help=_(
        "the hub's database: a file (default: hub.sqlite in the data folder) or a "
        "postgresql:// address"))
    parser.add_argument("--lang", metavar="CODE", choices=sorted(i18n.LANGUAGES),
                        help=_("language of the messages: nl (default) or en"))
    commands = subcommands(parser, "command")
    p = commands.add_parser("trust", help=_("trust a group's public key"), description=_(
        "Trust a steering group's public key, the file 'regiegroep key export' writes. "
        "Compare its fingerprint with the one the group read out to you."))
    p.add_argument("keyfile", metavar="KEYFILE", help=_("the group's public key file"))
    p.add_argument("--name", required=True, metavar="NAME", help=_("the group's name"))
    p.add_argument("--fingerprint", metavar="FINGERPRINT", help=_(
        "the fingerprint the group read out; the key is refused when it differs"))
    p = commands.add_parser("receive", help=_("receive signed year packages"), description=_(
        "Receive signed year packages. A package signed by a key the hub does not trust, or "
        "changed in any byte, is refused and nothing of it is stored (exit status 1). The "
        "same package twice changes nothing; a newer package of the same group and year "
        "supersedes the older (both are kept)."))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("the package files"))
    p = commands.add_parser("report", help=_("write the report of a year"), description=_(
        "Write the report of a budget year, for one municipality or all: "
        "hub-report-YYYY.pdf, hub-report-YYYY.xlsx and CSV files."))
    p.add_argument("--year", type=int, required=True, metavar="YYYY", help=_("the budget year"))
    p.add_argument("--municipality", metavar="NAME", help=_("one municipality (default: all)"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write into"))
    commands.add_parser("list", help=_("list the trusted keys and the packages held"),
                        description=_("List the trusted keys and every package the hub holds, "
                                      "from whom, with its key's fingerprint."))
    return parser


def _pre_language(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def run(args) -> int:
    from .db import Database

    with Database(args.db) as db:
        if args.command == "trust":
            from .store import key_fingerprint, trust

            given = args.fingerprint
            if given is None and sys.stdin.isatty():
                # Once, by eye: the fingerprint the group read out against the file's.
                found = key_fingerprint(args.keyfile)
                print(_("The key's fingerprint: {fingerprint}").format(fingerprint=found))
                answer = input(_("Is it the one the group read out to you? (yes/no) "))
                if answer.strip().casefold() not in {_("yes").casefold(), "y", "yes", "j", "ja"}:
                    raise UserError(_("The key was not trusted."))
                given = found
            fingerprint, new = trust(db, args.keyfile, args.name, given)
            if new:
                print(_("Trusted the key of {name}: {fingerprint}").format(
                    name=" ".join(args.name.split()), fingerprint=fingerprint))
            else:
                print(_("This key was already trusted; nothing changed: {fingerprint}").format(
                    fingerprint=fingerprint))
            if args.fingerprint is None:
                print(_("Compare this fingerprint with the one the group read out to you."))
            return 0
        if args.command == "receive":
            from .store import receive

            done = receive(db, args.files)
            for r in done:
                print(f"{r.path}: {r.message}", file=sys.stderr if r.outcome == "refused"
                      else sys.stdout)
            refused = sum(r.outcome == "refused" for r in done)
            if refused:
                print(ngettext("{n} package was refused.", "{n} packages were refused.",
                               refused).format(n=refused), file=sys.stderr)
                return EXIT_USER_ERROR
            return 0
        if args.command == "report":
            from .report_files import write_report

            if not 2000 <= args.year <= 2200:
                raise UserError(_("{year} is not a budget year.").format(year=args.year))
            for path in write_report(db, args.year, args.out, args.municipality):
                print(_("Wrote {path}.").format(path=path))
            return 0
        from .store import keys, packages

        print(_("Trusted keys:"))
        for name, fingerprint, _at in keys(db):
            print(f"  {name}  {fingerprint}")
        print(_("Packages:"))
        for p in packages(db):
            state = (_("in force") if p.in_force
                     else _("superseded by {id}").format(id=p.superseded_by))
            print("  " + ngettext("{id}: {municipality} · {group} ({key}), {year}, made {made}, "
                                  "{n} application, {state}, key {fingerprint}",
                                  "{id}: {municipality} · {group} ({key}), {year}, made {made}, "
                                  "{n} applications, {state}, key {fingerprint}",
                                  p.applications).format(
                id=p.id, municipality=p.municipality, group=p.group, key=p.key_name,
                year=p.year, made=p.made_at[:19], n=format_number(p.applications),
                state=state, fingerprint=p.fingerprint))
        return 0


def _database_error(exc: Exception) -> bool:
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.Error)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(i18n.requested_language(_pre_language(argv)))
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except UserError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # the database said no: a message, never a traceback
        if not _database_error(exc):
            raise
        print(_("Error: {message}").format(message=_("the hub's database: {reason}").format(
            reason=str(exc).strip())), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(_("Stopped; nothing was half-written."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
