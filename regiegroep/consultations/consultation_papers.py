"""What the code letters and ballot papers of a consultation need beyond its plan (Art. 1i,
5.3-5.5): the meeting's day and time, where ballot papers are handed in, and whether a
second set of codes replaces the first.

A letter that is posted must say when and where the meeting is and where and until when a
ballot paper is handed in (by default at the group's own address, regiegroep.contact). Codes
are printed only while voting has not ended; a second set of letters for the same
consultation replaces the first only when the user says so, and then the first set's unused
codes can no longer be used (``replace_unused_codes``), so a household never holds two
valid sets. Functions take the register as their first argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from ..trust.access import Permission
from ..errors import UserError
from ..i18n import N_, _, ngettext
from ..store import DESKTOP
from ..store import reads, requires
from ..trust.access import Read

if TYPE_CHECKING:
    from ..register import Register

MEETING_FORMS = ("meeting", "combination")
WRITTEN_FORMS = ("written", "combination")


@dataclasses.dataclass(frozen=True)
class Meeting:
    meets_at: dt.datetime | None = None  # the meeting's day and time
    hand_in: str = ""  # where ballot papers are handed in ("": the group's address)


class SecondSet(UserError):
    """Codes were printed for this consultation before: replace them, or print none."""

    def __init__(self, issued: int, used: int):
        self.issued, self.used = issued, used
        super().__init__(ngettext(
            "{n} voting code was printed for this consultation already ({used} used). A "
            "second set replaces the first: its unused codes can then no longer be used. Say "
            "so with --replace.",
            "{n} voting codes were printed for this consultation already ({used} used). A "
            "second set replaces the first: its unused codes can then no longer be used. Say "
            "so with --replace.", issued).format(n=issued, used=used))


class NoMeetingTime(UserError):
    """Code letters refused for a meeting without its day and time: the app's words (its
    button in the consultations window); the command line adds its own command."""


NO_MEETING_TIME = N_("The letters must say when the meeting is: give its day and time first "
                     "(Meeting day and time… in the consultations window).")


@reads(Read.PUBLIC)
def meeting_changeable(register: Register, c) -> bool:
    """Whether the meeting's day and time and where ballots are handed in may still be
    changed: while the consultation is planned or its voting is open; not once voting
    closed, it was decided or cancelled (what was printed then is what happened)."""
    return c.status in ("planned", "running")


@reads(Read.PUBLIC)
def group_address(register: Register) -> str:
    """Where ballot papers go when the plan names no place: the group's own postal address
    (its contact), else the municipality's."""
    from ..budgets.contact import group_contact

    m = register.municipality()
    return group_contact(register).postal or ", ".join(x for x in ((m.address, " ".join(
        y for y in (m.postcode, m.city) if y)) if m else ()) if x)


@reads(Read.PUBLIC)
def meeting(register: Register, consultation_id: int) -> Meeting:
    row = register.conn.execute("SELECT meets_at, hand_in FROM consultation_meeting "
                                "WHERE consultation_id = ?", [consultation_id]).fetchone()
    if row is None:
        return Meeting()
    return Meeting(dt.datetime.fromisoformat(row[0]) if row[0] else None, row[1])


@requires(Permission.DECIDE)
def set_meeting(register: Register, consultation_id: int, meets_at: dt.datetime | None,
                hand_in: str = "", actor: str = DESKTOP) -> Meeting:
    """Keep the meeting's day and time and where ballots are handed in: one transaction
    with its audit entry (the app's Meeting day and time…, ``consultation meeting``). The
    meeting falls within the consultation's dates; refused once it can no longer be
    changed (meeting_changeable)."""
    from . import consultation, label

    c = consultation(register, consultation_id)
    if not meeting_changeable(register, c):
        raise UserError(_("The meeting of “{title}” can no longer be changed ({status}).")
                        .format(title=c.title, status=label(c.status)))
    hand_in = " ".join(hand_in.split())
    if meets_at is not None and not c.starts_on <= meets_at.date() <= c.ends_on:
        raise UserError(_("The meeting falls within the consultation, from {start} up to and "
                          "including {end}.").format(start=_date(c.starts_on),
                                                     end=_date(c.ends_on)))
    if len(hand_in) > 200:
        raise UserError(_("Say where ballot papers are handed in in at most 200 characters."))
    moment = meets_at.replace(second=0, microsecond=0).isoformat() if meets_at else None
    with register.write():
        register.conn.execute(
            "INSERT INTO consultation_meeting (consultation_id, meets_at, hand_in) "
            "VALUES (?, ?, ?) ON CONFLICT (consultation_id) DO UPDATE SET "
            "meets_at = excluded.meets_at, hand_in = excluded.hand_in",
            [consultation_id, moment, hand_in])
        register.event(actor, "consultation meeting set", None,
                        {"consultation": consultation_id, "meets_at": moment,
                         "hand_in": hand_in})
    return meeting(register, consultation_id)


def _date(day: dt.date) -> str:
    from ..i18n import format_date

    return format_date(day)


@requires(Permission.DECIDE)
def check_codes_may_be_printed(register: Register, c, replace: bool,
                               today: dt.date | None = None) -> None:
    """Refuse codes for a consultation whose voting ended, for a meeting without its day
    and time, and a second set unless it replaces the first (SecondSet). The day is the
    consultation's own notion of today (consultations.today), as for votes and codes."""
    from . import period_over

    if period_over(c, today):
        raise UserError(_("Voting in “{title}” ended on {date}: no more codes are printed for "
                          "it.").format(title=c.title, date=_date(c.ends_on)))
    if c.form in MEETING_FORMS and meeting(register, c.id).meets_at is None:
        raise NoMeetingTime(_(NO_MEETING_TIME))
    if c.codes_issued and not replace:
        raise SecondSet(c.codes_issued, sum(c.codes_used.values()))


@requires(Permission.DECIDE)
def replace_unused_codes(register: Register, consultation_id: int,
                         actor: str = DESKTOP) -> int:
    """The first set's unused codes can no longer be used: removed, in the caller's
    transaction or one of its own, on record in the trail. Returns how many."""
    with register.write():
        gone = register.conn.execute(
            "DELETE FROM voting_code WHERE consultation_id = ? AND used IS NULL",
            [consultation_id]).rowcount
        register.event(actor, "voting codes replaced", None,
                        {"consultation": consultation_id, "unused_removed": gone})
    return gone


@requires(Permission.DECIDE)
def plan_with_meeting(register: Register, c, meets_at: dt.datetime | None, hand_in: str = "",
                      actor: str = DESKTOP):
    """Plan a consultation (regiegroep.consultations.plan) with its meeting's day and time
    and where ballots are handed in, as one action: both or neither."""
    from . import plan

    if meets_at is not None and not c.starts_on <= meets_at.date() <= c.ends_on:
        raise UserError(_("The meeting falls within the consultation, from {start} up to and "
                          "including {end}.").format(start=_date(c.starts_on),
                                                     end=_date(c.ends_on)))
    with register.write():
        planned = plan(register, c, actor)
        if meets_at is not None or hand_in.strip():
            set_meeting(register, planned.id, meets_at, hand_in, actor)
    return planned


def parse_meeting(text: str) -> dt.datetime | None:
    """"12-5-2026 19:30" (or 2026-05-12 19:30) as the meeting's moment; "" as none."""
    text = " ".join(text.split())
    if not text:
        return None
    for form in ("%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H.%M"):
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            continue
    raise UserError(_("Give the meeting's day and time as day-month-year hours:minutes, such "
                      "as 12-5-2026 19:30."))
