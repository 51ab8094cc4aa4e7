"""The result of a neighbourhood consultation and the decisions it becomes (Art. 5.3-5.5,
6e, 7.2).

The count adds up every channel (the meeting's confirmed tallies, the paper ballots both
typists agreed on, the digital votes) per initiative, with the turnout (codes used of the
codes issued), and applies the rule recorded when the consultation was planned:

- majority: vouchers when more votes are for than against; below the minimum turnout, if
  one was recorded, none; a tie means what was recorded (vouchers or none);
- budget: the initiatives in order of their votes, while the money left under the ceiling
  lasts (one that no longer fits is passed over, a cheaper one after it may still fit); a
  tie is settled as recorded (the earlier application, or the cheaper initiative, first).

Two members sign the result off; then it is locked (a trigger refuses any change), and a
recount is a new result that refers to it. The outcome becomes each application's decision
through the register's normal deciding: granted, or refused with the consultation as its
reason, the grants counted against the ceiling in order of receipt.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Permission, Read
from .consultation_channels import paper_differences, paper_waiting, tallies
from . import CHANNELS, Consultation, ballots, consultation
from ..errors import UserError
from ..i18n import _, format_date, format_money
from ..money import as_text
from ..store import DESKTOP, now, reads, requires

if TYPE_CHECKING:
    from ..register import Register


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def shown_percent(value: str | Decimal) -> str:
    """A percentage of the count as the reader writes it: ``57,5`` in Dutch."""
    from babel.numbers import format_decimal

    from ..i18n import current_locale

    return format_decimal(Decimal(value), format="0.#", locale=current_locale())


def majority_outcome(votes_for: int, votes_against: int, tie: str,
                     turnout: Decimal, minimum_turnout: int | None) -> str:
    """"granted" or "refused" under the rule "more for than against"."""
    if minimum_turnout is not None and turnout < minimum_turnout:
        return "refused"
    if votes_for == votes_against:
        return "granted" if tie == "granted" and votes_for > 0 else "refused"
    return "granted" if votes_for > votes_against else "refused"


class Candidate(NamedTuple):
    key: int
    cost: Decimal
    votes: int
    received_at: str


def budget_winners(candidates: list[Candidate], budget: Decimal, tie: str) -> list[int]:
    """The winners of a budget vote, in order: most votes first, ties settled by ``tie``
    ("earlier" application or "cheaper" initiative first), each while the money lasts."""
    if tie == "cheaper":
        order = sorted(candidates, key=lambda c: (-c.votes, c.cost, c.received_at, c.key))
    else:
        order = sorted(candidates, key=lambda c: (-c.votes, c.received_at, c.key))
    left, won = budget, []
    for c in order:
        if c.votes > 0 and c.cost <= left:
            won.append(c.key)
            left -= c.cost
    return won


@reads(Read.DECISIONS)
def count(register: Register, consultation_id: int) -> dict:
    """The figures of the count as they stand, per initiative and channel."""
    c = consultation(register, consultation_id)
    votes = {item.application_id: {ch: {"for": 0, "against": 0, "abstain": 0} for ch in CHANNELS}
             for item in c.items}
    unconfirmed = []
    for app_id, (f, a, ab, _by, confirmed) in tallies(register, consultation_id).items():
        if confirmed is None:
            unconfirmed.append(app_id)
            continue
        votes[app_id]["meeting"] = {"for": f, "against": a, "abstain": ab}
    cast = {"paper": 0, "digital": 0}
    for channel, choices in ballots(register, consultation_id):
        cast[channel] += 1
        for app_id in votes:
            votes[app_id][channel][choices.get(str(app_id), "abstain")] += 1
    used = sum(c.codes_used.values())
    turnout = percent(used, c.codes_issued)
    items = []
    for item in c.items:
        per = votes[item.application_id]
        total_for = sum(v["for"] for v in per.values())
        total_against = sum(v["against"] for v in per.values())
        voted = sum(sum(v.values()) for v in per.values())
        items.append({"application_id": item.application_id, "sequence": item.sequence,
                      "title": item.title, "cost": as_text(item.cost), "votes": per,
                      "for": total_for, "against": total_against,
                      "turnout_percent": str(percent(voted, c.codes_issued)),
                      "outcome": None})
    if c.rule == "majority":
        for it in items:
            it["outcome"] = majority_outcome(it["for"], it["against"], c.tie, turnout,
                                             c.minimum_turnout_percent)
    else:
        budget = c.budget or Decimal(0)
        received = {item.application_id: item.received_at for item in c.items}
        below = (c.minimum_turnout_percent is not None and turnout < c.minimum_turnout_percent)
        won = [] if below else budget_winners(
            [Candidate(it["application_id"], Decimal(it["cost"]), it["for"],
                       received[it["application_id"]]) for it in items], budget, c.tie)
        for it in items:
            it["outcome"] = "granted" if it["application_id"] in won else "refused"
            it["rank"] = won.index(it["application_id"]) + 1 if it["application_id"] in won else None
    return {"issued": c.codes_issued, "used": {ch: c.codes_used.get(ch, 0) for ch in CHANNELS},
            "turnout_percent": str(turnout), "rule": c.rule, "tie": c.tie,
            "minimum_turnout_percent": c.minimum_turnout_percent,
            "budget": as_text(c.budget) if c.budget is not None else None,
            "unconfirmed_tallies": unconfirmed, "items": items}


class Result(NamedTuple):
    id: int
    consultation_id: int
    counted_at: str
    figures: dict
    signed_by: tuple[int, ...]
    locked: bool
    recount_of: int | None


@reads(Read.DECISIONS)
def results(register: Register, consultation_id: int) -> list[Result]:
    """The consultation's results, oldest first; a recount refers to the one before."""
    return [Result(i, c, at, json.loads(f), tuple(json.loads(s)), locked is not None, r)
            for i, c, at, f, s, locked, r in register.conn.execute(
        "SELECT id, consultation_id, counted_at, figures, signed_by, locked_at, recount_of "
        "FROM consultation_result WHERE consultation_id = ? ORDER BY id", [consultation_id])]


@reads(Read.DECISIONS)
def latest_result(register: Register, consultation_id: int) -> Result | None:
    found = results(register, consultation_id)
    return found[-1] if found else None


@requires(Permission.DECIDE)
def record_result(register: Register, consultation_id: int, actor: str = DESKTOP) -> Result:
    """Count after voting closed. A signed result is never changed: counting again makes a
    recount that refers to it; an unsigned one is counted afresh."""
    with register.write():
        c = consultation(register, consultation_id)
        if c.status != "closed":
            raise UserError(_("Close the voting before counting."))
        figures = count(register, consultation_id)
        if figures["unconfirmed_tallies"]:
            raise UserError(_("A second member must first confirm the meeting's tallies."))
        pending = sorted({*paper_waiting(register, consultation_id),
                          *(d.sheet for d in paper_differences(register, consultation_id))})
        if pending:  # their codes are used, their votes not counted yet: never lose them
            raise UserError(_("Not every paper ballot is counted yet (on the pile: {sheets}): "
                              "a second member types it in, or a third settles a difference. "
                              "Then count.")
                            .format(sheets=", ".join(pending)))
        latest = latest_result(register, consultation_id)
        if latest is not None and not latest.locked:
            register.conn.execute(
                "UPDATE consultation_result SET figures = ?, counted_at = ?, signed_by = '[]' "
                "WHERE id = ?", [json.dumps(figures), now(), latest.id])
            result_id = latest.id
        else:
            result_id = register.conn.execute(
                "INSERT INTO consultation_result (consultation_id, counted_at, figures, "
                "recount_of) VALUES (?, ?, ?, ?)",
                [consultation_id, now(), json.dumps(figures),
                 latest.id if latest is not None else None]).lastrowid
        register.event(actor, "consultation counted", None, {
            "consultation": consultation_id, "result": result_id,
            "recount_of": latest.id if latest is not None and latest.locked else None})
    return latest_result(register, consultation_id)


@requires(Permission.DECIDE)
def sign_off(register: Register, result_id: int, member_id: int, actor: str = DESKTOP) -> Result:
    """A member signs the result off; after two different members it is locked."""
    row = register.conn.execute("SELECT consultation_id FROM consultation_result WHERE id = ?",
                                [result_id]).fetchone()
    if row is None:
        raise UserError(_("There is no result {id}.").format(id=result_id))
    result = next(r for r in results(register, row[0]) if r.id == result_id)
    if result.locked:
        raise UserError(_("This result is signed off and locked already; count again for a "
                          "recount."))
    if member_id in result.signed_by:
        raise UserError(_("You signed this result already: a second member signs it off."))
    if member_id not in {m.id for m in register.members()}:
        raise UserError(_("Member {id} is not in this register.").format(id=member_id))
    if count(register, row[0])["items"] != result.figures["items"]:
        raise UserError(_("Votes were entered after this count: count again first."))
    signed = [*result.signed_by, member_id]
    with register.write():
        register.conn.execute(
            "UPDATE consultation_result SET signed_by = ?, locked_at = ? WHERE id = ?",
            [json.dumps(signed), now() if len(signed) >= 2 else None, result_id])
        register.event(actor, "consultation result signed", None, {
            "consultation": row[0], "result": result_id, "member": member_id,
            "locked": len(signed) >= 2})
    return next(r for r in results(register, row[0]) if r.id == result_id)


def reason(c: Consultation, item: dict, turnout: Decimal | str) -> str:
    """The consultation as the decision's reason, in the letter's words. ``turnout``: the
    consultation's turnout (codes used of those issued), the one its rule was applied to."""
    turnout = Decimal(turnout)
    dates = (format_date(c.starts_on) if c.starts_on == c.ends_on else
             _("{start} to {end}").format(start=format_date(c.starts_on), end=format_date(c.ends_on)))
    said = _("The neighbourhood consultation \u201c{title}\u201d ({dates}) decided on it: "
             "{votes_for} votes for, {votes_against} against, a turnout of {turnout}%.").format(
        title=c.title, dates=dates, votes_for=item["for"], votes_against=item["against"],
        turnout=shown_percent(turnout))
    if c.rule == "budget":
        said += " " + (_("In the budget vote it was among the initiatives chosen within the "
                         "{budget} left.") if item["outcome"] == "granted" else
                       _("In the budget vote it was not among the initiatives chosen within "
                         "the {budget} left.")).format(budget=format_money(c.budget or 0))
    elif item["outcome"] == "refused" and c.minimum_turnout_percent is not None and \
            turnout < c.minimum_turnout_percent:
        said += " " + _("Fewer residents voted than the {minimum}% needed.").format(
            minimum=c.minimum_turnout_percent)
    return said


def _decisions(register: Register, consultation_id: int, members: tuple[int, ...] | None,
               decided_on: dt.date | None) -> tuple:
    """The consultation, its signed result and the decision on each application it would
    make: granted, in order of receipt while the ceiling lasts (Art. 6e), or refused."""
    from ..deciding.decision import Decision, Kind

    c = consultation(register, consultation_id)
    result = latest_result(register, consultation_id)
    if c.status != "closed" or result is None or not result.locked:
        raise UserError(_("Two members must sign off the result before it is decided."))
    if count(register, consultation_id)["items"] != result.figures["items"]:
        raise UserError(_("Votes were entered after the signed-off count: count again (a "
                          "recount) and have it signed off before deciding."))
    members = tuple(members or result.signed_by)
    decided_on = decided_on or dt.date.today()
    outcome = {it["application_id"]: it for it in result.figures["items"]}
    order = sorted(c.items, key=lambda item: (item.received_at, item.application_id))
    left: dict = {}
    items = []
    for item in order:
        it = outcome[item.application_id]
        app = register.application(item.application_id)
        key = (app.wijk_id, app.year)
        if key not in left:
            left[key] = register.ceiling_left(*key)
        words = reason(c, it, result.figures["turnout_percent"])
        if it["outcome"] == "granted" and (left[key] is None or item.cost <= left[key]):
            if left[key] is not None:
                left[key] -= item.cost
            items.append((item.application_id, Decision(
                Kind.GRANTED, decided_on, members, reasons=words, consultation=c.id)))
        elif it["outcome"] == "granted":  # the ceiling ran out before it (Art. 6e)
            items.append((item.application_id, Decision(
                Kind.REFUSED, decided_on, members, reasons=words, consultation=c.id,
                refusal_grounds={"e": _("What is left under the subsidy ceiling, {left}, no "
                                        "longer covers this initiative after the grants "
                                        "received before it.").format(
                                            left=format_money(left[key]))})))
        else:
            items.append((item.application_id, Decision(
                Kind.REFUSED, decided_on, members, reasons=words, consultation=c.id)))
    return c, result, items


@requires(Permission.DECIDE)
def decisions_to_confirm(register: Register, consultation_id: int) -> list[str]:
    """What ``decide`` would record, a line per initiative, to confirm before it does:
    the same computation, so the confirmation and the record cannot differ."""
    from ..deciding.decision import Kind

    c, _result, items = _decisions(register, consultation_id, None, None)
    by_id = {item.application_id: item for item in c.items}
    lines = []
    for app_id, decision in items:
        item = by_id[app_id]
        lines.append(_("{sequence}. {title}: granted, {amount}").format(
            sequence=item.sequence, title=item.title, amount=format_money(item.cost))
            if decision.kind is Kind.GRANTED else
            _("{sequence}. {title}: refused").format(sequence=item.sequence, title=item.title))
    return lines


@requires(Permission.DECIDE)
def decide(register: Register, consultation_id: int, members: tuple[int, ...] | None = None,
           decided_on: dt.date | None = None, actor: str = DESKTOP) -> list:
    """The signed result becomes the decision on each application, in one transaction:
    granted, in order of receipt while the ceiling lasts (Art. 6e), or refused with the
    consultation as its reason."""
    c, result, items = _decisions(register, consultation_id, members, decided_on)
    with register.write():
        made = register.decide_many(items, actor, source="consultation {id}".format(id=c.id))
        register.conn.executemany(
            "UPDATE consultation_item SET decision_id = ? WHERE consultation_id = ? AND "
            "application_id = ?", [(d.id, c.id, app_id) for (app_id, _d), d in zip(items, made)])
        register.conn.execute("UPDATE consultation SET status = 'decided' WHERE id = ?", [c.id])
        register.event(actor, "consultation decided", None, {
            "consultation": c.id, "result": result.id,
            "decisions": [d.id for d in made]})
    return made
