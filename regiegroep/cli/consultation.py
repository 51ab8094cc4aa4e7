"""regiegroep consultation list | show | plan | codes | meeting | ballots | print | close | cancel: neighbourhood
consultations (Art. 1i, 5.3-5.5, 7.2) from the command line."""

from __future__ import annotations

from ..i18n import _, format_date
from .base import (
    LARGEST, UserError, date_value, db_option, open_register, subcommands, whole_number,
)

COMMANDS = ("consultation",)


def _id(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= LARGEST:
        raise UserError(_("A consultation is given by its number, such as 1."))
    return int(text)


def add(commands) -> None:
    p = commands.add_parser("consultation", help=_("neighbourhood consultations: list, show, "
                                                   "print code letters, ballots and reports"),
                            description=_("Neighbourhood consultations decide on initiatives "
                                          "above the consultation threshold (Art. 5.3-5.5)."))
    sub = subcommands(p, "consultation_command")
    pl = sub.add_parser("list", help=_("list the consultations"))
    db_option(pl)
    ps = sub.add_parser("show", help=_("show a consultation, its initiatives and its count"))
    db_option(ps)
    ps.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pn = sub.add_parser("plan", help=_("plan a consultation for referred initiatives"),
                        description=_("Plan a consultation (Art. 5.5) for the referred "
                                      "initiatives of a neighbourhood waiting for one. Says so "
                                      "when it ends after the last day vouchers are issued "
                                      "(Art. 5.7)."))
    db_option(pn)
    pn.add_argument("--wijk", required=True, metavar="NAME", help=_("the neighbourhood"))
    pn.add_argument("--title", required=True, metavar="TEXT",
                    help=_("a name residents recognise"))
    pn.add_argument("--from", dest="start", required=True, type=date_value, metavar="DATE",
                    help=_("the first day of voting (YYYY-MM-DD)"))
    pn.add_argument("--to", dest="end", required=True, type=date_value, metavar="DATE",
                    help=_("the last day of voting (YYYY-MM-DD)"))
    pn.add_argument("--form", choices=("meeting", "written", "digital", "combination"),
                    default="meeting", help=_("meeting, written, digital or combination"))
    pn.add_argument("--application", type=whole_number, action="append", metavar="SEQUENCE",
                    help=_("a referred initiative to put to it (again for more; default: "
                           "every one waiting in the neighbourhood)"))
    pc = sub.add_parser("codes", help=_("print the letters with one-time voting codes"),
                        description=_("One letter per address of the municipality's address "
                                      "list (CSV with the columns address, postcode and town, "
                                      "or a BAG extract); the list is not kept, the codes only "
                                      "as salted hashes. Refused once voting has ended, and "
                                      "for a second set unless --replace."))
    db_option(pc)
    pc.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pc.add_argument("--addresses", required=True, metavar="FILE.csv", help=_("the address list"))
    pc.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    pc.add_argument("--replace", action="store_true",
                    help=_("a second set replaces the first: its unused codes can no longer be "
                           "used"))
    pm = sub.add_parser("meeting", help=_("the meeting's day and time, and where ballots are "
                                          "handed in"),
                        description=_("Keep the meeting's day and time and where ballot papers "
                                      "are handed in (default: the group's address), for the "
                                      "code letters and ballot papers."))
    db_option(pm)
    pm.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pm.add_argument("--at", metavar="\"YYYY-MM-DD HH:MM\"", help=_("the meeting's day and time"))
    pm.add_argument("--hand-in", metavar="TEXT", default="", dest="hand_in",
                    help=_("where ballot papers are handed in"))
    pb = sub.add_parser("ballots", help=_("print ballot papers"))
    db_option(pb)
    pb.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pb.add_argument("--count", type=whole_number, default=2, help=_("how many ballot papers"))
    pb.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    pp = sub.add_parser("print", help=_("print the announcement, the report or the result"))
    db_option(pp)
    pp.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pp.add_argument("what", choices=("announcement", "report", "result"),
                    help=_("announcement, report (proces-verbaal) or result"))
    pp.add_argument("--size", choices=("a4", "a3"), default="a4", help=_("a4 or a3 (a poster)"))
    pp.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    pz = sub.add_parser("close", help=_("close the voting"),
                        description=_("Close the voting. Refused while a kiosk PC loaded with "
                                      "the consultation has not sent its votes back, unless "
                                      "--anyway: received later, they are never counted."))
    db_option(pz)
    pz.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    pz.add_argument("--anyway", action="store_true",
                    help=_("close even though kiosk votes have not come back"))
    px = sub.add_parser("cancel", help=_("cancel a consultation before anyone voted"),
                        description=_("Cancel a planned consultation, or a running one before "
                                      "any code was used: its initiatives wait for another "
                                      "consultation, its voting codes can no longer be used."))
    db_option(px)
    px.add_argument("--consultation", required=True, metavar="ID", help=_("its number"))
    px.add_argument("--reason", required=True, metavar="TEXT",
                    help=_("why it is cancelled (kept with it)"))


def run(args) -> int:
    command = args.consultation_command
    with open_register(args.sub_db,
                       write=command in ("codes", "cancel", "close", "meeting", "plan")) as register:
        return _run(register, args, command)


def _run(register, args, command: str) -> int:
    from .. import consultations as cons
    from ..consultations.consultation_results import latest_result
    from ..consultations import voting_line
    from ..store import COMMAND_LINE

    if command == "list":
        for c in cons.consultations(register):
            print("{id}\t{start}\t{form}\t{status}\t{title}".format(
                id=c.id, start=format_date(c.starts_on), form=cons.label(c.form),
                status=cons.label(c.status), title=c.title))
        return 0
    if command == "plan":
        return _plan(register, args)
    c = cons.consultation(register, _id(args.consultation))
    if command == "close":
        cons.close_voting(register, c.id, actor=COMMAND_LINE, anyway=args.anyway)
        print(_("Voting in consultation {id} is closed; count the votes.").format(id=c.id))
        return 0
    if command == "cancel":
        cons.cancel(register, c.id, args.reason, actor=COMMAND_LINE)
        print(_("Consultation {id} is cancelled; its initiatives wait for another "
                "consultation.").format(id=c.id))
        return 0
    if command == "show":
        print(c.title)
        print(_("Form: {form}. Dates: {start} to {end}. Place: {place}.").format(
            form=cons.label(c.form), start=format_date(c.starts_on),
            end=format_date(c.ends_on), place=c.place or "\u2014"))
        print(_("Rule: {rule}; {tie}. Status: {status}. Codes: {issued} issued, {used} used.")
              .format(rule=cons.label(c.rule), tie=cons.label(c.tie),
                      status=cons.label(c.status), issued=c.codes_issued,
                      used=sum(c.codes_used.values())))
        print(voting_line(c))
        if c.cancel_reason:
            print(_("Cancelled: {reason}").format(reason=c.cancel_reason))
        result = latest_result(register, c.id)
        outcome = {it["application_id"]: it for it in result.figures["items"]} if result else {}
        for item in c.items:
            it = outcome.get(item.application_id)
            print("  {sequence}\t{title}".format(sequence=item.sequence, title=item.title) + (
                "\t" + _("{votes_for} for, {votes_against} against: {outcome}").format(
                    votes_for=it["for"], votes_against=it["against"],
                    outcome=cons.label("vouchers" if it["outcome"] == "granted" else "no_vouchers"))
                if it else ""))
        return 0
    if command == "codes":
        from ..consultations.consultation_papers import NoMeetingTime
        from ..documents.consultation_letters import read_addresses, write_code_letters

        try:
            issued = write_code_letters(register, c.id, read_addresses(args.addresses),
                                        args.out, actor=COMMAND_LINE, replace=args.replace)
        except NoMeetingTime as exc:  # the app's words, and the command that gives it
            raise UserError(str(exc) + " " + _(
                "On the command line: regiegroep consultation meeting --db PATH "
                "--consultation {id} --at \"YYYY-MM-DD HH:MM\".").format(id=c.id)) from None
        print(_("{count} voting codes printed to {path}; the address list was not kept.")
              .format(count=issued, path=args.out))
        return 0
    if command == "meeting":
        import datetime as dt

        from ..consultations.consultation_papers import set_meeting

        try:
            at = dt.datetime.strptime(args.at.strip(), "%Y-%m-%d %H:%M") if args.at else None
        except ValueError:
            raise UserError(_("Give the meeting's day and time as YYYY-MM-DD HH:MM, such as "
                              "2026-05-12 19:30.")) from None
        set_meeting(register, c.id, at, args.hand_in, COMMAND_LINE)
        print(_("The meeting of consultation {id} is kept.").format(id=c.id))
        return 0
    if command == "ballots":
        from ..documents.consultation_letters import write_ballots

        if not 1 <= args.count <= 10000:
            raise UserError(_("Print 1 to 10,000 ballot papers."))
        write_ballots(register, c.id, args.out, args.count)
        print(_("Ballot papers written to {path}.").format(path=args.out))
        return 0
    from ..documents.consultation_notices import write

    write(register, args.what, c.id, args.out, args.size)
    print(_("Written to {path}.").format(path=args.out))
    return 0


def _plan(register, args) -> int:
    """Plan it; a consultation ending after the last issuing date is planned all the same,
    with the warning on stderr (the dialog asks; a command says)."""
    import sys

    from .. import consultations as cons
    from ..store import COMMAND_LINE

    wijk = register.wijk_by_name(args.wijk)
    if wijk is None:
        raise UserError(_("There is no neighbourhood called {name}.").format(name=args.wijk))
    if args.application:
        ids = []
        for sequence in args.application:
            if not 1 <= sequence <= LARGEST:
                raise UserError(_("There is no application {sequence}.").format(sequence=sequence))
            ids.append(register.application_by_sequence(sequence).id)
    else:
        ids = [app_id for app_id, _on in cons.unplanned(register, wijk.id)]
    planned = cons.Consultation(wijk.id, args.title, args.form, args.start, args.end, tuple(ids))
    warning = cons.issuing_warning(register, planned)
    planned = cons.plan(register, planned, COMMAND_LINE)
    if warning:
        print(warning, file=sys.stderr)
    print(_("Consultation {id} is planned: {title}, {start} to {end}.").format(
        id=planned.id, title=planned.title, start=format_date(planned.starts_on),
        end=format_date(planned.ends_on)))
    return 0
