"""regiegroep objection add | forward | outcome | list: objections against decisions (Awb 6, 7).

An objection received is registered with the day it came in, who objects and on what; the
register says whether it came within the term (counted from the day the letter was sent,
regiegroep.sending). Then the day it was forwarded to the college, and the outcome.
"""

from __future__ import annotations

from ..i18n import _, format_date
from .base import date_value, db_option, open_register, subcommands

COMMANDS = ("objection",)


def add(commands) -> None:
    from ..deciding.objections import Outcome

    p = commands.add_parser("objection", help=_("register objections against decisions"),
                            description=_("Objections against decisions (Awb 6, 7): received, "
                                          "forwarded to the college, decided."))
    objection_commands = subcommands(p, "objection_command")
    a = objection_commands.add_parser(
        "add", help=_("register an objection received"),
        description=_("Register an objection received against the decision on an application "
                      "(the decision in force unless --decision); says whether it came within "
                      "the term."))
    db_option(a)
    a.add_argument("--application", type=int, required=True, metavar="SEQUENCE",
                   help=_("the application's number"))
    a.add_argument("--decision", type=int, metavar="ID",
                   help=_("the decision objected to (default: the one in force)"))
    a.add_argument("--received", type=date_value, required=True, metavar="DATE",
                   help=_("the day it was received (YYYY-MM-DD)"))
    a.add_argument("--by", dest="objector", required=True, metavar="NAME",
                   help=_("who objects"))
    a.add_argument("--about", required=True, metavar="TEXT", help=_("what the objection says"))
    f = objection_commands.add_parser(
        "forward", help=_("record that an objection was forwarded to the college"),
        description=_("Record the day an objection was forwarded to the college of mayor and "
                      "aldermen, which decides on it (Awb 7:1)."))
    db_option(f)
    f.add_argument("--id", dest="objection", type=int, required=True, metavar="ID",
                   help=_("the objection"))
    f.add_argument("--on", type=date_value, metavar="DATE", help=_("the day (default: today)"))
    o = objection_commands.add_parser(
        "outcome", help=_("record what came of an objection"),
        description=_("Record the college's decision on an objection. When it is well-founded, "
                      "record the correction of the decision as well."))
    db_option(o)
    o.add_argument("--id", dest="objection", type=int, required=True, metavar="ID",
                   help=_("the objection"))
    o.add_argument("--outcome", required=True, choices=[x.value for x in Outcome],
                   help=_("the outcome"))
    o.add_argument("--on", type=date_value, metavar="DATE", help=_("the day (default: today)"))
    o.add_argument("--note", default="", metavar="TEXT", help=_("a note on the outcome"))
    lister = objection_commands.add_parser("list", help=_("list the objections"),
                                           description=_("List the objections registered."))
    db_option(lister)


def _line(o) -> str:
    timing = (_("in time (last day {day})") if o.in_time else
              _("late (last day {day})")).format(day=format_date(o.last_day))
    if not o.sent_recorded:
        timing += " " + _("(counted from the decision: the sending day is not recorded)")
    return _("Objection {id}: application {sequence}, decision {decision}, received {received} "
             "from {objector}, {timing}; {state}.").format(
                 id=o.id, sequence=o.sequence, decision=o.decision_id,
                 received=format_date(o.received_on), objector=o.objector, timing=timing,
                 state=o.state())


def run(args) -> int:
    from ..deciding import objections

    command = args.objection_command
    with open_register(args.sub_db, write=command != "list") as register:
        if command == "add":
            made = objections.register_objection(register, args.application, args.received,
                                                 args.objector, args.about, args.decision)
        elif command == "forward":
            made = objections.forward(register, args.objection, args.on)
        elif command == "outcome":
            made = objections.record_outcome(register, args.objection, args.outcome, args.on,
                                             args.note)
        else:
            found = objections.objections(register)
            for o in found:
                print(_line(o))
            if not found:
                print(_("No objections are registered."))
            return 0
    print(_line(made))
    return 0
