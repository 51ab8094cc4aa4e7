"""regiegroep print: the register's documents as PDF files."""

from __future__ import annotations

from ..i18n import _, ngettext
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
    lt.add_argument("--sent", type=date_value, metavar="DATE",
                    help=_("the day the letter goes in the post (YYYY-MM-DD): recorded, the "
                           "letter is dated on it and the objection term counts from it "
                           "(default: the day recorded before, else the day of the decision)"))

    ls = print_commands.add_parser(
        "letters", help=_("the letters of every decision of a meeting or a date range"),
        description=_("Write the decision letters of every decision taken in a date range (a "
                      "meeting's) into one PDF, each letter on a new sheet, ready for window "
                      "envelopes."))
    db_option(ls)
    ls.add_argument("--decided-from", dest="decided_from", type=date_value, required=True,
                    metavar="DATE", help=_("decisions taken from this day (YYYY-MM-DD)"))
    ls.add_argument("--decided-to", dest="decided_to", type=date_value, metavar="DATE",
                    help=_("up to and including this day (default: the first day)"))
    ls.add_argument("--sent", type=date_value, metavar="DATE",
                    help=_("the day the letters go in the post (YYYY-MM-DD): recorded, the "
                           "letters are dated on it and the objection terms count from it"))
    ls.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))

    rp = print_commands.add_parser(
        "replacement", help=_("the letter on a voided voucher and its replacement"),
        description=_("Write the letter on a voucher made void (lost, stolen, damaged): it "
                      "names the voucher made void, asks it back, and names its replacement."))
    db_option(rp)
    rp.add_argument("--serial", required=True, metavar="SERIAL", help=_("the voided voucher"))
    rp.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))

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

    vp.add_argument("--lang", dest="document_language", metavar="CODE",
                    choices=list(i18n.LANGUAGES),
                    help=_("the certificates' language (default: the applicants' own)"))

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
            from ..store import COMMAND_LINE

            path = register.print_vouchers(args.out, args.application,
                                           language=args.document_language,
                                           actor=COMMAND_LINE)
        print(_("Wrote the vouchers to {path}.").format(path=path))
        return 0
    from ..documents import letters

    if args.print_command == "replacement":
        with open_register(args.sub_db) as register:
            path = letters.write_replacement_letter(register, args.serial, args.out)
        print(_("Wrote the letter to {path}.").format(path=path))
        return 0
    if args.print_command == "letters":
        with open_register(args.sub_db, write=args.sent is not None) as register:
            path, count = letters.write_letters(register, args.decided_from,
                                                args.decided_to or args.decided_from, args.out,
                                                args.sent)
        print(ngettext("Wrote {count} letter to {path}.", "Wrote {count} letters to {path}.",
                       count).format(count=count, path=path))
        return 0
    if not 1 <= args.application <= LARGEST:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=args.application))
    with open_register(args.sub_db, write=args.sent is not None) as register:
        if args.sent is None:
            path = letters.write_letter(register, args.application, args.out)
        else:  # the day it goes in the post, on record with the file (Awb 3:41, 6:8)
            with register.write():
                paper = letters.draw_letter(register, args.application, args.out, args.sent)
                path = letters.record_posting(register, paper)
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
