"""regiegroep print: the register's documents as PDF files."""

from __future__ import annotations

from ..i18n import _
from .base import (LARGEST, UserError, date_value, db_option, open_register, subcommands,
                   whole_number)

COMMANDS = ("print",)


def add(commands) -> None:
    p = commands.add_parser("print", help=_("print documents as PDF"),
                            description=_("Write the register's documents as PDF files (A4)."))
    print_commands = subcommands(p, "print_command", _("DOCUMENT"))
    lt = print_commands.add_parser(
        "letter", help=_("the letter for the latest decision on an application"),
        description=_("Write the decision letter for the latest decision on an application: "
                      "the decision, its article, the reasons, the vouchers and, where one may "
                      "object, the objection clause with its last day."))
    db_option(lt)
    lt.add_argument("--application", type=whole_number, required=True, metavar="SEQUENCE",
                    help=_("the application's number"))
    lt.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))

    vp = print_commands.add_parser(
        "vouchers", help=_("the issued vouchers as certificates"),
        description=_("Write the issued vouchers of the register, or of one application, as "
                      "certificates: two to an A4 page with cut marks, each with its signed QR "
                      "code."))
    db_option(vp)
    vp.add_argument("--application", type=whole_number, metavar="SEQUENCE",
                    help=_("only this application's vouchers"))
    vp.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))

    from .. import i18n
    from ..documents.notices import ALL, KINDS, SIZES

    p = print_commands.add_parser(
        "notice", help=_("a public notice: the scheme, or the initiatives granted"),
        description=_("Write a public notice (Art. 7): the scheme leaflet or poster, or the "
                      "publication of the initiatives that received vouchers. The file's "
                      "extension chooses the format: .pdf, .txt or .html."))
    db_option(p)
    p.add_argument("--kind", required=True, choices=KINDS, help=_("scheme or granted"))
    p.add_argument("--wijk", metavar="NAME", help=_("one neighbourhood (default: all)"))
    p.add_argument("--from", dest="start", type=date_value, metavar="DATE",
                   help=_("granted from this day (YYYY-MM-DD; without --from and --to: the "
                          "current budget year)"))
    p.add_argument("--to", dest="end", type=date_value, metavar="DATE",
                   help=_("granted up to and including this day (YYYY-MM-DD)"))
    p.add_argument("--lang", dest="notice_language", metavar="CODE",
                   choices=[*i18n.LANGUAGES, ALL],
                   help=_("the notice's language, or “all” for every language the app has"))
    p.add_argument("--size", choices=SIZES, default="a4", help=_("a4 (leaflet) or a3 (poster)"))
    p.add_argument("--kiosk-place", metavar="TEXT", dest="kiosk",
                   help=_("where residents find the kiosk, for the scheme notice (kept for "
                          "the next notice; \"\" for none)"))
    p.add_argument("--out", metavar="FILE", required=True,
                   help=_("the file to write: .pdf, .txt or .html"))


def run(args) -> int:
    if args.print_command == "notice":
        return _notice(args)
    if args.print_command == "vouchers":
        with open_register(args.sub_db) as register:
            from ..register import COMMAND_LINE

            path = register.print_vouchers(args.out, args.application, actor=COMMAND_LINE)
        print(_("Wrote the vouchers to {path}.").format(path=path))
        return 0
    from ..documents import letters

    if not 1 <= args.application <= LARGEST:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=args.application))
    with open_register(args.sub_db) as register:
        path = letters.write_letter(register, args.application, args.out)
    print(_("Wrote the letter to {path}.").format(path=path))
    return 0


def _notice(args) -> int:
    from ..documents.notices import write_notice

    with open_register(args.sub_db) as register:
        path = write_notice(register, args.kind, args.out, wijk=args.wijk, start=args.start,
                            end=args.end, language=args.notice_language, size=args.size,
                            kiosk=args.kiosk)
    print(_("Wrote the notice to {path}.").format(path=path))
    return 0
