"""regiegroep people list | add | pin | remove: who works with the register (Art. 1g, 1h)."""

from __future__ import annotations

import sys

from ..i18n import _
from .base import UserError, db_option, open_register, subcommands

COMMANDS = ("people",)


def add(commands) -> None:
    from ..trust.access import ROLES

    p = commands.add_parser("people", help=_("who works with the register, and their PINs"),
                            description=_("The steering group, the cash manager and the kiosk: "
                                          "who they are, their roles, and their PINs for "
                                          "signing in to the app."))
    people_commands = subcommands(p, "people_command")
    pl = people_commands.add_parser("list", help=_("list the people, their roles and who has a PIN"))
    db_option(pl)
    pa = people_commands.add_parser("add", help=_("add a person"))
    db_option(pa)
    pa.add_argument("--name", required=True, help=_("their name, as they choose it when signing in"))
    pa.add_argument("--role", required=True, choices=ROLES,
                    help=_("chair, secretary, member, cash_manager or kiosk"))
    pp = people_commands.add_parser(
        "pin", help=_("set a person's PIN"),
        description=_("Set a person's PIN or passphrase (at least 4 characters). It is asked "
                      "twice without showing it, or read from the first line of the input when "
                      "that is not a terminal; never give it as an option, where others could "
                      "read it."))
    db_option(pp)
    pp.add_argument("--name", required=True, help=_("the person"))
    pr = people_commands.add_parser("remove", help=_("someone leaves: they can no longer sign in"))
    db_option(pr)
    pr.add_argument("--name", required=True, help=_("the person"))


def run(args) -> int:
    with open_register(args.sub_db, write=args.people_command != "list") as register:
        return _people(register, args)


def _people(register, args) -> int:
    from ..trust.access import role_label
    from ..store import COMMAND_LINE

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
