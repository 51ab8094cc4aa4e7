"""regiegroep print: the register's documents as PDF files."""

from __future__ import annotations

from ..i18n import _
from .base import LARGEST, UserError, db_option, open_register, subcommands

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
    lt.add_argument("--application", type=int, required=True, metavar="SEQUENCE",
                    help=_("the application's number"))
    lt.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the file to write"))


def run(args) -> int:
    from .. import letters

    if not 1 <= args.application <= LARGEST:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=args.application))
    with open_register(args.sub_db) as register:
        path = letters.write_letter(register, args.application, args.out)
    print(_("Wrote the letter to {path}.").format(path=path))
    return 0
