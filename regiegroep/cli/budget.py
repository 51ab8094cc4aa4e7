"""regiegroep budget set | list: the neighbourhoods' budgets per year (Art. 2).

``budget set`` designates a neighbourhood when it is new (Art. 2.1) and sets its budget for
a year (Art. 2.2) with the college's cost reservation (Art. 2.3, at most the cap of the
ordinance in force for that year) and the subsidy ceiling (Art. 2.5); the register refuses
what the ordinance does not allow. Amounts are read as people type them (regiegroep.money).
"""

from __future__ import annotations

from ..i18n import _, format_money
from .base import UserError, db_option, open_register, subcommands, whole_number

COMMANDS = ("budget",)


def add(commands) -> None:
    p = commands.add_parser("budget", help=_("set or list the neighbourhoods' budgets"),
                            description=_("The budget of each neighbourhood per year (Art. 2)."))
    budget_commands = subcommands(p, "budget_command")
    s = budget_commands.add_parser(
        "set", help=_("set a neighbourhood's budget for a year"),
        description=_("Set a neighbourhood's budget for a year; a new neighbourhood is added. "
                      "Amounts in euros, as 12500, 12.500,00 or 12,500.00."))
    db_option(s)
    s.add_argument("--wijk", required=True, metavar="NAME", help=_("the neighbourhood"))
    s.add_argument("--year", type=whole_number, required=True, metavar="YEAR", help=_("the budget year"))
    s.add_argument("--amount", required=True, metavar="EUR", help=_("the budget"))
    s.add_argument("--reservation", metavar="EUR",
                   help=_("the municipality's cost reservation (default: the one on record, "
                          "else none)"))
    s.add_argument("--ceiling", metavar="EUR",
                   help=_("the subsidy ceiling (default: the amount less the reservation)"))
    lister = budget_commands.add_parser("list", help=_("list the budgets"),
                                        description=_("List every neighbourhood's budgets."))
    db_option(lister)


def _amount(text: str | None, option: str):
    """An amount typed after ``option``, or None; a bad one is refused, naming the option."""
    from ..money import parse_amount

    if text is None:
        return None
    try:
        return parse_amount(text)
    except UserError as exc:
        raise UserError(_("{option}: {problem}").format(option=option, problem=exc)) from None


def _line(b) -> str:
    return _("{wijk} {year}: {amount}, cost reservation {reservation}, subsidy ceiling "
             "{ceiling}").format(wijk=b.wijk, year=b.year, amount=format_money(b.amount),
                                 reservation=format_money(b.cost_reservation),
                                 ceiling=format_money(b.ceiling))


def run(args) -> int:
    from decimal import Decimal

    from ..store import COMMAND_LINE

    if args.budget_command == "list":
        with open_register(args.sub_db) as register:
            budgets = register.budgets()
            for b in budgets:
                print(_line(b))
            if not budgets:
                print(_("No budgets yet."))
        return 0
    amount = _amount(args.amount, "--amount")
    reservation = _amount(args.reservation, "--reservation")
    ceiling = _amount(args.ceiling, "--ceiling")
    with open_register(args.sub_db, write=True) as register:
        with register.write():  # a new neighbourhood and its budget, or neither
            wijk = register.wijk_by_name(args.wijk) or register.add_wijk(args.wijk, COMMAND_LINE)
            if reservation is None:  # not given: the reservation on record stays
                reservation = next((b.cost_reservation for b in register.budgets()
                                    if b.wijk_id == wijk.id and b.year == args.year), Decimal(0))
            budget = register.set_budget(wijk.id, args.year, amount, reservation, ceiling,
                                         COMMAND_LINE)
    print(_line(budget))
    return 0
