"""regiegroep application complete | withdraw: the end of an application's life (Art. 4, 8).

An initiative carried out and accounted for is marked completed; an applicant who gives it
up has it marked withdrawn. Which statuses may end so is the core's rule
(regiegroep.applications.end_application).
"""

from __future__ import annotations

from ..i18n import _
from .base import LARGEST, UserError, db_option, open_register, subcommands, whole_number

COMMANDS = ("application",)


def add(commands) -> None:
    p = commands.add_parser(
        "application", help=_("mark an application completed or withdrawn"),
        description=_("The end of an application's life: completed (carried out and "
                      "accounted for) or withdrawn by the applicant."))
    ends = subcommands(p, "application_command")
    for name, help_text in (("complete", _("mark a granted application completed")),
                            ("withdraw", _("mark an application withdrawn by the applicant"))):
        e = ends.add_parser(name, help=help_text, description=help_text)
        db_option(e)
        e.add_argument("--application", type=whole_number, required=True, metavar="SEQUENCE",
                       help=_("the application's number"))
        e.add_argument("--reason", default="", metavar="TEXT",
                       help=_("why, kept in the register's record"))


def run(args) -> int:
    from ..applications import end_application
    from ..model import Status
    from ..store import COMMAND_LINE

    if not 1 <= args.application <= LARGEST:
        raise UserError(_("There is no application {sequence}.").format(sequence=args.application))
    ending = Status.COMPLETED if args.application_command == "complete" else Status.WITHDRAWN
    with open_register(args.sub_db, write=True) as register:
        app = register.application_by_sequence(args.application)
        end_application(register, app.id, ending, args.reason, COMMAND_LINE)
    print(_("Application {sequence} is now {status}.").format(
        sequence=app.sequence, status=ending.label.lower()))
    return 0
