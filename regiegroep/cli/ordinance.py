"""regiegroep ordinance add: the municipality's own version of the ordinance (Art. 10)."""

from __future__ import annotations

from ..i18n import _
from .base import UserError, db_option, open_register, subcommands

COMMANDS = ("ordinance",)


def add(commands) -> None:
    p = commands.add_parser("ordinance", help=_("keep the municipality's version of the ordinance"),
                            description=_("The rules that apply: the model ordinance of 2008 "
                                          "unless the register keeps the municipality's own "
                                          "copy of the rule file for a budget year."))
    ordinance_commands = subcommands(p, "ordinance_command")
    o = ordinance_commands.add_parser(
        "add", help=_("keep a rule file in the register"),
        description=_("Check a copy of resources/ordinances/model-2008.toml as the "
                      "municipality adopted it, keep it in the register and, with --year, apply "
                      "it to every budget of that year."))
    db_option(o)
    o.add_argument("file", metavar="FILE.toml", help=_("the rule file"))
    o.add_argument("--year", type=int, metavar="YEAR",
                   help=_("the budget year it applies to"))


def run(args) -> int:
    from ..register import COMMAND_LINE

    if args.year is not None and not 1 <= args.year <= 9999:
        raise UserError(_("{year} is not a budget year.").format(year=args.year))
    with open_register(args.sub_db, write=True) as register:
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
