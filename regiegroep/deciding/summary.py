"""What a decision about to be recorded says, line by line, for a person to confirm first.

The check wizard shows it before it records (issue 21, 11): the application, the decision
(granted, partly granted with its ground of Art. 6, refused with its grounds, referred to a
neighbourhood consultation), the amount (none for a referral), the vouchers issuing will
make, the condition to start (Art. 5.6), the decision's date and the objection term (Awb 6:7,
counted as if the letter goes in the post that day). Every figure comes from the flow's own proposal, so the summary is what ``finish`` records.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .decision import Kind
from ..i18n import _, format_date, format_money
from ..rules.deadlines import objection_deadline
from ..rules.ordinance_texts import ground_text

if TYPE_CHECKING:
    from .check import CheckFlow


def pending_decision(flow: CheckFlow) -> list[str]:
    """The decision the flow's answers describe, as lines to read before it is recorded.
    Raises UserError when the answers do not make a decision yet (as ``finish`` would)."""
    decision = flow.proposal()
    app, kind = flow.app, decision.kind
    lines = [_("Application {sequence}: {title}").format(sequence=app.sequence, title=app.title),
             _("Decision: {kind}").format(kind=kind.label)]
    if flow.previous is not None:
        lines.append(_("This corrects the decision of {date}.").format(
            date=format_date(flow.previous.decided_on)))
    for letter, reason in sorted(decision.refusal_grounds.items()):
        text = ground_text(flow.ordinance, letter)
        lines.append(_("Ground {letter} of Art. 6: {text}").format(
            letter=letter, text=f"{text} ({reason.strip()})" if text else reason.strip()))
    if decision.amount_granted is not None:
        lines.append(_("Amount granted: {amount} of {asked} asked").format(
            amount=format_money(decision.amount_granted),
            asked=format_money(app.cost_estimate)))
    elif app.cost_estimate is not None and kind is not Kind.REFERRED:
        # A referral names no amount: the consultation decides on the vouchers (Art. 5.3-5.5).
        lines.append(_("Amount asked: {amount}").format(amount=format_money(app.cost_estimate)))
    if decision.reasons.strip():  # the motivation typed, as the letter will give it
        lines.append(_("Reasons: {text}").format(text=decision.reasons.strip()))
    vouchers = flow.vouchers() if flow.gives_vouchers(kind) else ()
    if vouchers:
        lines.append(_("Vouchers to be issued: {list}").format(
            list=", ".join(format_money(v) for v in vouchers)))
    if decision.start_within_days:  # as the letter will set it (Art. 5.6)
        lines.append(_("Condition: the initiative starts within {days} days of this decision, "
                       "by {date} (Art. 5.6).").format(
            days=decision.start_within_days,
            date=format_date(decision.decided_on + dt.timedelta(days=decision.start_within_days))))
    lines.append(_("Decided on: {date}").format(date=format_date(decision.decided_on)))
    lines += _objection_term(kind, decision.decided_on)
    return lines


def pending_undealt(flow: CheckFlow) -> list[str]:
    """Leaving the application undealt with (Awb 4:5), as lines to read before it is
    recorded: what is still missing, and since when the term to complete ran out."""
    app, today = flow.app, flow.today
    lines = [_("Application {sequence}: {title}").format(sequence=app.sequence, title=app.title),
             _("Decision: {kind}").format(kind=Kind.LEFT_UNDEALT.label),
             flow.completion_advice()]
    lines += [_("Still missing (Art. 4.2): {item}").format(item=gap.message) for gap in flow.gaps]
    lines.append(_("Decided on: {date}").format(date=format_date(today)))
    return lines + _objection_term(Kind.LEFT_UNDEALT, today)


def _objection_term(kind: Kind, decided_on) -> list[str]:
    if kind is Kind.REFERRED:
        return [_("No objection term yet: the neighbourhood consultation decides on the "
                  "vouchers (Art. 5.3-5.5).")]
    return [_("Objection term: six weeks from the day after the letter is sent; posted on "
              "{sent}, until {last_day} (Awb 6:7).").format(
                  sent=format_date(decided_on),
                  last_day=format_date(objection_deadline(decided_on).date))]
