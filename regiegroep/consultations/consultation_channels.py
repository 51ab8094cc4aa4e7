"""The two channels counted by hand (Art. 1i, 5.3-5.5): the meeting's show of hands and the
paper ballots.

At the meeting, attendees register with their code at the door
(regiegroep.consultations.register_at_door); the chair enters the tallies per initiative
and a second member confirms them. No more hands than people registered are accepted.

A paper ballot is typed in, with its code, by two members separately, under its number on
the pile. The first entry uses the code on paper, in the same transaction that keeps that
member's choices under the sheet's number; no entry keeps the code or its hash, so no table
ever holds a code beside a vote, and a new sheet can never count a code twice. A later
entry's code must be one of this consultation used on paper, and the code of the sheet's
first entry: while a sheet waits, table paper_sheet keeps a check of 16 bits of its number and
its code (``_code_check``), too short to tell which code it was and never beside the
choices, removed with the entries once the ballot counts. A paper ballot is entered within the voting period, or
after it when it was handed in by its last day (``in_time``; the entry says so). When two entries agree the
vote is stored and the entries removed; until then the ballot is not counted, the app shows
which initiatives differ, and a third member's entry that agrees with one settles it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Permission
from . import CANCELLED, hash_code, code_salt, store_ballot, use_code, check_choices, consultation, outside_period, read_code, today
from ..errors import UserError
from ..i18n import _, format_date
from ..store import DESKTOP
from ..store import requires, reads
from ..trust.access import Read

if TYPE_CHECKING:
    from ..register import Register

# ----------------------------------------------------------------- the meeting's tallies

@requires(Permission.DECIDE)
def enter_tally(register: Register, consultation_id: int, app_id: int, votes_for: int,
                votes_against: int, abstained: int, member_id: int,
                actor: str = DESKTOP) -> None:
    """The chair enters the show of hands for one initiative; a second member confirms."""
    if min(votes_for, votes_against, abstained) < 0:
        raise UserError(_("A number of votes is 0 or more."))
    with register.write():  # read inside the write lock: another copy of the app may write
        c = consultation(register, consultation_id)
        if c.status not in ("running", "closed"):
            raise UserError(_("Tallies are entered while the consultation runs or after it "
                              "closed."))
        if app_id not in c.application_ids:
            raise UserError(_("A vote can only be for the initiatives of this consultation."))
        present = c.codes_used.get("meeting", 0)
        if votes_for + votes_against + abstained > present:
            raise UserError(_("{total} hands, but only {present} people registered at the "
                              "door: count again.").format(
                                  total=votes_for + votes_against + abstained, present=present))
        register.conn.execute(
            "INSERT INTO meeting_tally (consultation_id, application_id, votes_for, "
            "votes_against, abstained, entered_by) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (consultation_id, application_id) DO UPDATE SET "
            "votes_for = excluded.votes_for, votes_against = excluded.votes_against, "
            "abstained = excluded.abstained, entered_by = excluded.entered_by, "
            "confirmed_by = NULL",
            [consultation_id, app_id, votes_for, votes_against, abstained, member_id])
        register.event(actor, "meeting tally entered", app_id, {
            "consultation": consultation_id, "for": votes_for, "against": votes_against,
            "abstained": abstained, "member": member_id})


@requires(Permission.DECIDE)
def confirm_tallies(register: Register, consultation_id: int, member_id: int,
                    actor: str = DESKTOP) -> int:
    """A second member confirms the tallies the chair entered; returns how many."""
    with register.write():  # read inside the write lock: what is confirmed is what was read
        rows = register.conn.execute(
            "SELECT application_id, entered_by FROM meeting_tally WHERE consultation_id = ? "
            "AND confirmed_by IS NULL", [consultation_id]).fetchall()
        if any(entered == member_id for _a, entered in rows):
            raise UserError(_("A second member confirms the tallies, not the one who entered "
                              "them."))
        register.conn.execute("UPDATE meeting_tally SET confirmed_by = ? WHERE "
                              "consultation_id = ? AND confirmed_by IS NULL",
                              [member_id, consultation_id])
        register.event(actor, "meeting tallies confirmed", None,
                        {"consultation": consultation_id, "member": member_id,
                         "count": len(rows)})
    return len(rows)


@reads(Read.DECISIONS)
def tallies(register: Register, consultation_id: int) -> dict[int, tuple]:
    """application id -> (for, against, abstained, entered_by, confirmed_by)."""
    return {row[0]: tuple(row[1:]) for row in register.conn.execute(
        "SELECT application_id, votes_for, votes_against, abstained, entered_by, confirmed_by "
        "FROM meeting_tally WHERE consultation_id = ?", [consultation_id])}


# ------------------------------------------------------------------------ paper ballots

class Difference(NamedTuple):
    """A ballot whose entries differ in their choices. Whether the typists typed the same
    code cannot be known: nothing of the code is kept beside the choices."""

    sheet: str
    entries: dict  # member id -> choices
    choices_differ: tuple[int, ...]  # application ids whose choice differs


def _used_on_paper(register: Register, consultation_id: int, code_hash: str) -> None:
    """A later entry's code: a genuine code of this consultation, used on paper."""
    row = register.conn.execute(
        "SELECT used FROM voting_code WHERE consultation_id = ? AND hash = ?",
        [consultation_id, code_hash]).fetchone()
    if row is None or row[0] != "paper":
        raise UserError(_("This is not the code of a paper ballot typed in already in this "
                          "consultation. Check the code on the ballot and type it again."))


def _code_check(salt: str, sheet: str, code: str) -> str:
    """16 bits of a keyed hash of the sheet's number and its code: enough to catch another
    sheet's code at a second entry (1 in 65,536 slips through), too few to tell the code."""
    message = "paper entry\n{}\n{}".format(sheet, code).encode("utf-8")
    return hmac.new(bytes.fromhex(salt), message, hashlib.sha256).hexdigest()[:4]


@requires(Permission.DECIDE)
def enter_paper(register: Register, consultation_id: int, sheet: str, code: str, choices: dict,
                member_id: int, actor: str = DESKTOP, in_time: bool = False) -> str:
    """One member types in paper ballot ``sheet`` (its number on the pile) with its code.

    The first entry of a sheet uses its code on paper at once (a code used in any channel
    is refused) and keeps the member's choices under the sheet's number, without the code.
    A later entry types the code too: it must be a code of this consultation used on
    paper, and nothing of it is kept. Returns "waiting" (a second member has to type it
    too), "counted" (two entries agree: the vote is stored without the code, the entries
    removed), or "differs" (see ``paper_differences``; a third member's entry settles it).
    A later entry must give the code of the sheet's first. A sheet's first entry after the
    voting period needs ``in_time``: the ballot was handed in by the last day.
    """
    sheet = sheet.strip()
    if not sheet:
        raise UserError(_("Give the ballot's number on the pile, so the second entry finds it."))
    plain = read_code(code)
    with register.write():
        c = consultation(register, consultation_id)
        if c.status == "cancelled":
            raise UserError(_(CANCELLED))
        if c.status not in ("running", "closed"):
            raise UserError(_("Paper ballots are entered while the consultation runs or after "
                              "it closed."))
        checked = check_choices(c, choices)
        salt = code_salt(register, consultation_id)
        digest = hash_code(salt, plain)
        others = register.conn.execute(
            "SELECT member_id, choices FROM paper_entry WHERE consultation_id = ? "
            "AND sheet = ?", [consultation_id, sheet]).fetchall()
        if any(m == member_id for m, _c in others):
            raise UserError(_("You typed this ballot in already; a second member types it "
                              "in separately."))
        check = _code_check(salt, sheet, plain)
        late = False
        if others:
            _used_on_paper(register, consultation_id, digest)
            first = register.conn.execute(
                "SELECT code_check FROM paper_sheet WHERE consultation_id = ? AND sheet = ?",
                [consultation_id, sheet]).fetchone()
            if first is not None and first[0] != check:
                raise UserError(_("This is not the code the first entry of ballot {sheet} "
                                  "gave. Check the ballot's number and the code on it, and "
                                  "type them again.").format(sheet=sheet))
        else:  # a new sheet: its code counts now, so no code is ever counted on two sheets
            if today() < c.starts_on:
                raise UserError(outside_period(c))
            late = today() > c.ends_on or c.status == "closed"
            if late and not in_time:
                raise UserError(_(
                    "Voting is closed. Enter a paper ballot now only if it was handed in by "
                    "the end of voting ({date}), and say so.").format(
                    date=format_date(c.ends_on)))
            use_code(register, consultation_id, digest, "paper")
            register.conn.execute(
                "INSERT OR REPLACE INTO paper_sheet (consultation_id, sheet, code_check) "
                "VALUES (?, ?, ?)", [consultation_id, sheet, check])
        mine = json.dumps(checked)
        if any(ch == mine for _m, ch in others):
            store_ballot(register, consultation_id, "paper", checked)
            for table in ("paper_entry", "paper_sheet"):
                register.conn.execute(f"DELETE FROM {table} WHERE consultation_id = ? "
                                      "AND sheet = ?", [consultation_id, sheet])
            outcome = "counted"
        else:
            register.conn.execute(
                "INSERT INTO paper_entry (consultation_id, sheet, member_id, choices) "
                "VALUES (?, ?, ?, ?)", [consultation_id, sheet, member_id, mine])
            outcome = "differs" if others else "waiting"
        details = {"consultation": consultation_id, "sheet": sheet, "member": member_id,
                   "outcome": outcome}
        if late:
            details["handed_in_by"] = c.ends_on.isoformat()  # entered after the period
        register.event(actor, "paper ballot entered", None, details)
    return outcome


@reads(Read.DECISIONS)
def paper_differences(register: Register, consultation_id: int) -> list[Difference]:
    """Ballots whose entries do not agree: which initiatives differ, for a third member."""
    by_sheet: dict[str, list] = {}
    for sheet, member, choices in register.conn.execute(
            "SELECT sheet, member_id, choices FROM paper_entry "
            "WHERE consultation_id = ? ORDER BY sheet, member_id", [consultation_id]):
        by_sheet.setdefault(sheet, []).append((member, json.loads(choices)))
    found = []
    for sheet, entries in by_sheet.items():
        if len(entries) < 2:
            continue
        keys = sorted({k for _m, ch in entries for k in ch})
        differ = tuple(int(k) for k in keys
                       if len({ch.get(k, "abstain") for _m, ch in entries}) > 1)
        found.append(Difference(sheet, dict(entries), differ))
    return found


@reads(Read.DECISIONS)
def paper_waiting(register: Register, consultation_id: int) -> list[str]:
    """Sheets typed in once, waiting for a second member."""
    return [row[0] for row in register.conn.execute(
        "SELECT sheet FROM paper_entry WHERE consultation_id = ? GROUP BY sheet "
        "HAVING count(*) = 1 ORDER BY sheet", [consultation_id])]
