"""regiegroep ordinance add: the municipality's own version of the ordinance (Art. 10),
with its own dates of Art. 5.7 in one command."""

from __future__ import annotations

from ..i18n import _, ngettext
from .base import UserError, date_value, db_option, open_register, subcommands, whole_number

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
    o.add_argument("file", metavar="FILE.toml", nargs="?",
                   help=_("the rule file (the model ordinance when left out)"))
    o.add_argument("--year", type=whole_number, metavar="YEAR",
                   help=_("the budget year it applies to"))
    o.add_argument("--last-issue-date", type=date_value, metavar="DATE",
                   help=_("vouchers are issued until this day (Art. 5.7), like 2026-12-31"))
    o.add_argument("--last-completion-date", type=date_value, metavar="DATE",
                   help=_("initiatives are carried out by this day (Art. 5.7), like 2027-12-31"))
    o.add_argument("--id", metavar="ID",
                   help=_("the id of the municipality's version (by default the "
                          "municipality's name and the year, like zaanstad-2026)"))


def run(args) -> int:
    from ..store import COMMAND_LINE

    if args.year is not None and not 1 <= args.year <= 9999:
        raise UserError(_("{year} is not a budget year.").format(year=args.year))
    own = args.file is None or args.id or args.last_issue_date or args.last_completion_date
    if own and args.year is None:
        raise UserError(_("Say with --year which budget year the municipality's version is "
                          "for."))
    with open_register(args.sub_db, write=True) as register:
        try:
            if own:
                ordinance = _add_own(register, args, COMMAND_LINE)
            else:
                ordinance = register.add_ordinance(args.file, args.year, COMMAND_LINE)
        except RecursionError:  # tomllib reads nesting by recursion
            raise UserError(_("The rule file {path} is nested too deeply to be a rule "
                              "file; nothing was changed.").format(path=args.file)) from None
        kept = (register.decided_under_other(args.year, ordinance.id)
                if args.year is not None else 0)
    print(_("The register keeps “{title}” ({id}).").format(title=ordinance.title,
                                                           id=ordinance.id))
    if args.year is not None:
        print(_("It applies to the budgets of {year}.").format(year=args.year))
        if kept:  # Art. 5, 6: a decision is judged by the rules it was taken under
            print(ngettext(
                "It applies to what is decided from now on: {n} decision already taken stays "
                "judged by the ordinance it was taken under (its term and its route).",
                "It applies to what is decided from now on: {n} decisions already taken stay "
                "judged by the ordinance they were taken under (their terms and routes).",
                kept).format(n=kept))
    return 0


def _add_own(register, args, actor):
    """The file (or the model) adopted with the dates given, under an id of its own."""
    from pathlib import Path

    from ..files import read_input
    from ..rules import load_ordinance

    text = None
    if args.file is not None:
        load_ordinance(args.file)  # refuses a file that cannot be used, naming the line
        text = read_input(args.file).decode("utf-8")  # load_ordinance read it as UTF-8
    return register.add_own_ordinance(args.year, text, actor, id=args.id,
                                      last_issue_date=args.last_issue_date,
                                      last_completion_date=args.last_completion_date)
