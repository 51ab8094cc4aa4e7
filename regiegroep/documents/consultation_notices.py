"""The consultation's public papers (Art. 1i, 5.3-5.5, 7.2): the announcement (an A3 poster
or an A4 leaflet: the initiatives, the dates and how to vote), the report of the count
(proces-verbaal: votes per channel, turnout, the rule and the outcome, who signed it off)
and the public notice of the result.

They are lists of blocks drawn by regiegroep.documents.notices.as_pdf, like the scheme's
notices; they name initiatives and figures, never a resident.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

from ..consultations.consultation_results import latest_result, results, shown_percent
from ..consultations import CANCELLED, CHANNELS, consultation, label
from ..errors import UserError
from ..files import private_temp_beside
from ..i18n import _, format_date, format_datetime, format_money
from ..register import Register
from .consultation_letters import how_to_vote
from .notices import as_pdf
from ..store import reads
from ..trust.access import Read

KINDS = ("announcement", "report", "result")


def _dates(c) -> str:
    if c.starts_on == c.ends_on:
        return format_date(c.starts_on)
    return _("{start} to {end}").format(start=format_date(c.starts_on), end=format_date(c.ends_on))


def _rule(c) -> str:
    if c.rule == "budget":
        said = _("Budget vote: the initiatives with the most votes get their vouchers while the "
                 "{left} left lasts; {tie}.").format(left=format_money(c.budget or 0),
                                                     tie=label(c.tie))
    else:
        said = _("An initiative gets its vouchers when more votes are for than against; "
                 "{tie}.").format(tie=label(c.tie))
    if c.minimum_turnout_percent:
        said += " " + _("At least {minimum}% of the voting codes must be used.").format(
            minimum=c.minimum_turnout_percent)
    return said


@reads(Read.PUBLIC)
def announcement_blocks(register: Register, consultation_id: int) -> list[tuple]:
    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    m = register.municipality()
    group = (m.steering_group_name if m else "") or _("the steering group")
    return [
        ("title", _("You decide: {title}").format(title=c.title)),
        ("lead", _("Residents have asked for vouchers for these initiatives. Because each costs "
                   "more than the steering group may grant itself, the neighbourhood decides "
                   "(Art. 5.3-5.5). {group} invites you to vote.").format(group=group)),
        ("h", _("The initiatives")),
        ("list", ["{sequence}. {title}: {cost}".format(sequence=i.sequence, title=i.title,
                                                       cost=format_money(i.cost)) for i in c.items]),
        ("h", _("When and where")),
        ("p", _dates(c) + (" \u2014 " + c.place if c.place else "")),
        ("h", _("How to vote")),
        ("list", how_to_vote(register, c)),
        ("p", (_("Every household receives a letter with a personal voting code: one vote per "
                 "household, from a resident aged {age} or over.") if c.voters == "household" else
               _("Every resident aged {age} or over receives a personal voting code by letter."))
         .format(age=c.minimum_age)),
        ("p", _rule(c)),
        ("small", _("A code is used once, in one way only. Nobody can see how you voted.")),
    ]


def _rows(c, figures) -> list[list[str]]:
    rows = []
    for it in figures["items"]:
        cells = [_("number {sequence}: {title}").format(sequence=it["sequence"],
                                                        title=it["title"])]
        for channel in CHANNELS:
            v = it["votes"][channel]
            cells.append(str(v["for"]) if c.rule == "budget" else
                         _("{votes_for} for, {votes_against} against").format(
                             votes_for=v["for"], votes_against=v["against"]))
        cells.append(label("vouchers" if it["outcome"] == "granted" else "no_vouchers"))
        rows.append(cells)
    return rows


def _totals(figures) -> list[list[str]]:
    """Per initiative the votes for, against and abstained over every channel, added up."""
    rows = []
    for it in figures["items"]:
        abstained = sum(v.get("abstain", 0) for v in it["votes"].values())
        rows.append([_("number {sequence}: {title}").format(sequence=it["sequence"],
                                                            title=it["title"]),
                     str(it["for"]), str(it["against"]), str(abstained),
                     label("vouchers" if it["outcome"] == "granted" else "no_vouchers")])
    return rows


def _events(register: Register, actions: tuple[str, ...]):
    import json

    marks = ",".join("?" * len(actions))
    for at, action, details in register.conn.execute(
            f"SELECT at, action, details FROM event WHERE action IN ({marks}) ORDER BY id",
            list(actions)):
        yield at, action, json.loads(details or "{}")


def _closing(register: Register, c, figures) -> list[tuple]:
    """When and how the voting closed, and the ballots that were not counted and why."""
    closed_at, anyway = None, None
    for at, action, details in _events(register, ("consultation closed",
                                                  "consultation closed with kiosk votes out")):
        if details.get("consultation") != c.id:
            continue
        if action == "consultation closed":
            closed_at = at
        else:
            anyway = details.get("prepared_at")
    blocks = []
    if closed_at is None:
        blocks.append(("p", _("The voting has not been closed.")))
    elif anyway:
        blocks.append(("p", _("The voting was closed on {at} although a kiosk loaded on {ready} "
                              "had not sent its votes back (closed anyway): its votes received "
                              "later are not counted.").format(
            at=format_datetime(dt.datetime.fromisoformat(closed_at)),
            ready=format_datetime(dt.datetime.fromisoformat(anyway)))))
    else:
        blocks.append(("p", _("The voting was closed on {at}, with every kiosk's votes "
                              "back.").format(at=format_datetime(
                                  dt.datetime.fromisoformat(closed_at)))))
    why = {"closed": _("received after the voting closed"),
           "used": _("its code had been used already"),
           "unknown": _("not a code of this consultation"),
           "invalid": _("the choices did not fit the ballot"),
           "cancelled": _("the consultation was cancelled")}
    late: dict[str, int] = {}
    opened = next((at for at, _a, d in _events(register, ("consultation running",))
                   if d.get("consultation") == c.id), None)
    for at, _action, details in _events(register, ("kiosk_package_received",)):
        if opened is not None and at >= opened:
            for reason, n in (details.get("not_counted") or {}).items():
                late[reason] = late.get(reason, 0) + n
    lines = [_("{n} kiosk ballots: {why}").format(n=n, why=why.get(reason, reason))
             for reason, n in sorted(late.items()) if n]
    unconfirmed = {it["application_id"]: it for it in figures["items"]}
    for app_id in figures.get("unconfirmed_tallies") or ():
        it = unconfirmed.get(app_id)
        if it is not None:
            lines.append(_("the meeting's tally of number {sequence}: not confirmed by a second "
                           "member").format(sequence=it["sequence"]))
    if lines:
        blocks += [("h", _("Not counted")), ("list", lines)]
    else:
        blocks.append(("p", _("Every ballot received was counted.")))
    return blocks


def _header(c) -> list[str]:
    return [_("Initiative"), _("Meeting"), _("Paper"), _("Digital"), _("Outcome")]


@reads(Read.DECISIONS)
def report_blocks(register: Register, consultation_id: int) -> list[tuple]:
    """The proces-verbaal of the latest result."""
    c = consultation(register, consultation_id)
    result = latest_result(register, consultation_id)
    if result is None:
        raise UserError(_("Count the votes first."))
    f = result.figures
    names = {m.id: m.name for m in register.members()}
    signed = ", ".join(names.get(i, str(i)) for i in result.signed_by) or _("nobody yet")
    blocks = [
        ("title", _("Report of the neighbourhood consultation \u201c{title}\u201d").format(title=c.title)),
        ("p", _("Form: {form}. Dates: {dates}. Place: {place}.").format(
            form=label(c.form), dates=_dates(c), place=c.place or "\u2014")),
        ("p", _rule(c)),
        ("p", _("Voting codes issued: {issued}. Used: {meeting} at the meeting, {paper} on paper, "
                "{digital} digitally. Turnout: {turnout}%.").format(
            issued=f["issued"], turnout=shown_percent(f["turnout_percent"]), **f["used"])),
        ("table", _header(c), _rows(c, f), ()),
        ("h", _("Totals per initiative")),
        ("table", [_("Initiative"), _("Votes for"), _("Votes against"), _("Abstentions"),
                   _("Outcome")], _totals(f), (1, 2, 3)),
        *_closing(register, c, f),
        ("p", _("Counted on {at}; signed off by {names}.").format(
            at=format_datetime(dt.datetime.fromisoformat(result.counted_at)), names=signed)
         + (" " + _("The result is locked.") if result.locked else
            " " + _("Not yet locked: two members sign it off."))),
    ]
    if result.recount_of is not None:
        blocks.append(("p", _("This is a recount; it replaces result {id}.").format(id=result.recount_of)))
    if len(results(register, consultation_id)) > 1 and result.recount_of is None:
        blocks.append(("small", _("Earlier counts are kept in the register.")))
    return blocks


@reads(Read.DECISIONS)
def result_blocks(register: Register, consultation_id: int) -> list[tuple]:
    """The public notice of the result (Art. 7.2): which initiatives get vouchers."""
    c = consultation(register, consultation_id)
    result = latest_result(register, consultation_id)
    if result is None or not result.locked:
        raise UserError(_("The result is made public once two members have signed it off."))
    f = result.figures
    granted = [it for it in f["items"] if it["outcome"] == "granted"]
    refused = [it for it in f["items"] if it["outcome"] != "granted"]
    blocks = [("title", _("Result: {title}").format(title=c.title)),
              ("lead", _("The neighbourhood decided ({dates}); {turnout}% of the voting codes "
                         "were used.").format(dates=_dates(c),
                                              turnout=shown_percent(f["turnout_percent"])))]
    if granted:
        blocks += [("h", _("These initiatives get their vouchers")),
                   ("list", [_("number {sequence}: {title}: {cost} ({votes_for} for, "
                               "{votes_against} against)").format(
                       sequence=it["sequence"], title=it["title"],
                       cost=format_money(Decimal(it["cost"])),
                       votes_for=it["for"], votes_against=it["against"]) for it in granted])]
    if refused:
        blocks += [("h", _("These initiatives do not")),
                   ("list", [_("number {sequence}: {title} ({votes_for} for, {votes_against} "
                               "against)").format(
                       sequence=it["sequence"], title=it["title"], votes_for=it["for"],
                       votes_against=it["against"]) for it in refused])]
    blocks.append(("small", _("Anyone with an interest may object to a decision within six "
                              "weeks of its letter (Awb 6:7).")))
    return blocks


@reads(Read.PUBLIC)
def write(register: Register, kind: str, consultation_id: int, out: str | os.PathLike,
          size: str = "a4") -> Path:
    if kind not in KINDS:
        raise UserError(_("Choose the announcement, the report or the result."))
    blocks = {"announcement": announcement_blocks, "report": report_blocks,
              "result": result_blocks}[kind](register, consultation_id)
    out = Path(out)
    with private_temp_beside(out) as temp:
        as_pdf(blocks, temp, size)
    return out
