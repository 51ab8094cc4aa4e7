"""Decisions on applications (Art. 5, 6 of the ordinance) and the vouchers they imply.

The rules live here so the desktop, the kiosk and the command line decide alike: who may
decide (not a member who is the applicant), which route applies (up to the consultation
threshold the steering group decides; above it only whether the initiative meets the
ordinance, after which a neighbourhood consultation decides), refusals only on the grounds
of Art. 6 with a written reason, grants within the subsidy ceiling in order of receipt and
no later than the ordinance's last issuing date (Art. 5.7).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal

from .conflicts import applicant_names, normalise_name
from ..errors import UserError
from ..i18n import N_, _, format_date, format_money
from ..model import Application, Status, gaps, replaced
from ..rules import CONSULTATION, Ordinance, route

CENT = Decimal("0.01")


class Kind(enum.StrEnum):
    GRANTED = "granted"  # Art. 5.2: the vouchers needed
    PARTIALLY_GRANTED = "partially_granted"  # notes to Art. 6: partly granted, partly refused
    REFUSED = "refused"  # Art. 6
    LEFT_UNDEALT = "left_undealt"  # Awb 4:5: not completed in time
    REFERRED = "referred"  # Art. 5.3-5.5: meets the ordinance; a consultation decides

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def status(self) -> Status:
        return _KIND_STATUS[self]


_KIND_STATUS = {Kind.GRANTED: Status.GRANTED, Kind.PARTIALLY_GRANTED: Status.PARTIALLY_GRANTED,
                Kind.REFUSED: Status.REFUSED, Kind.LEFT_UNDEALT: Status.LEFT_UNDEALT,
                Kind.REFERRED: Status.CONSULTATION}
_KIND_LABELS = {
    Kind.GRANTED: N_("Granted"),
    Kind.PARTIALLY_GRANTED: N_("Partly granted"),
    Kind.REFUSED: N_("Refused"),
    Kind.LEFT_UNDEALT: N_("Left undealt with"),
    Kind.REFERRED: N_("Referred to a neighbourhood consultation"),
}


@dataclasses.dataclass(frozen=True)
class Decision:
    kind: Kind
    decided_on: dt.date
    members: tuple[int, ...]  # the steering-group members who took it
    amount_granted: Decimal | None = None
    refusal_grounds: dict[str, str] = dataclasses.field(default_factory=dict)  # letter: reason
    reasons: str = ""
    start_within_days: int | None = None  # Art. 5.6: start within this many days
    corrects: int | None = None  # the decision this one corrects
    ordinance_id: str = ""
    id: int | None = None
    consultation: int | None = None  # Art. 5.3-5.5: the consultation whose outcome this is


def check(decision: Decision, app: Application, ordinance: Ordinance, *,
          member_names: dict[int, str], ceiling_left: Decimal | None,
          previous: Decision | None, today: dt.date | None = None,
          completion_requests=(), paid: Decimal = Decimal(0)) -> Decision:
    """Refuse a decision the ordinance does not allow, saying why; return it complete
    (its amount worked out; its vouchers are the voucher table's, made at issue by
    regiegroep.vouchers). ``paid``: what was already paid from the application's vouchers;
    a correction never gives less (a payment made stays made). Raises UserError."""
    checked = _check(decision, app, ordinance, member_names=member_names,
                     ceiling_left=ceiling_left, previous=previous, today=today,
                     completion_requests=completion_requests)
    if paid > (checked.amount_granted or 0):
        raise UserError(_("{paid} was already paid from the vouchers of application {sequence}. "
                          "A correction cannot give less than what was paid: grant at least "
                          "{paid}. Getting money back from the applicant (recovery, Awb 4:49 "
                          "and 4:57) is up to the municipality, outside this app.").format(
                              paid=format_money(paid), sequence=app.sequence))
    return checked


def _check(decision: Decision, app: Application, ordinance: Ordinance, *,
           member_names: dict[int, str], ceiling_left: Decimal | None,
           previous: Decision | None, today: dt.date | None,
           completion_requests) -> Decision:
    today = today or dt.date.today()
    # The outcome of a neighbourhood consultation follows the referral (Art. 5.3-5.5).
    after_consultation = (decision.consultation is not None and previous is not None
                          and previous.kind is Kind.REFERRED and decision.corrects is None)
    if previous is not None and decision.corrects != previous.id and not after_consultation:
        raise UserError(_("Application {sequence} has been decided already. A decision is never "
                          "changed: record a correction of decision {id}.").format(
                              sequence=app.sequence, id=previous.id))
    if previous is None and decision.corrects is not None:
        raise UserError(_("There is no earlier decision to correct."))
    if previous is not None and not decision.reasons.strip():
        raise UserError(_("Say why the decision of {date} is corrected: a correction needs its "
                          "reason, and the letter tells the applicant what changed.").format(
                              date=format_date(previous.decided_on)))
    if (decision.amount_granted is not None
            and decision.amount_granted != decision.amount_granted.quantize(CENT)):
        raise UserError(_("{amount} has more than two decimals; euros have cents only.").format(
            amount=decision.amount_granted))
    if not decision.members:
        raise UserError(_("Say which members of the steering group took the decision."))
    applied = applicant_names(app)  # the same test as is_conflicted, names made once
    for member_id in decision.members:
        if member_id not in member_names:
            raise UserError(_("Member {id} is not in this register.").format(id=member_id))
        if normalise_name(member_names[member_id]) in applied:
            raise UserError(_("{name} applied for this initiative and may not decide on it: "
                              "leave them out of this decision.").format(
                                  name=member_names[member_id]))
    if decision.decided_on > today:
        raise UserError(_("A decision cannot be dated in the future."))
    if decision.decided_on < app.received_at.date():
        raise UserError(_("A decision cannot be dated before the application was received."))
    if decision.start_within_days is not None and decision.start_within_days < 1:
        raise UserError(_("The term to start must be at least one day (Art. 5.6)."))

    grounds = {g.letter for g in ordinance.refusal_grounds}
    for letter, reason in decision.refusal_grounds.items():
        if letter not in grounds:
            raise UserError(_("“{letter}” is not a refusal ground of Art. 6.").format(letter=letter))
        if not reason.strip():
            raise UserError(_("Ground {letter} of Art. 6 applies: write the reason in plain "
                              "words; a refusal must be explained.").format(letter=letter))

    kind, amount = decision.kind, decision.amount_granted
    the_route = route(app.cost_estimate, ordinance)
    incomplete = bool(gaps(app))
    if kind is Kind.LEFT_UNDEALT:
        if not incomplete:
            raise UserError(_("A complete application cannot be left undealt with; decide on it."))
        # Awb 4:5: only after the applicant was given a term to complete it, which ran out.
        if not any(r.completed_on is None and r.term_ends < decision.decided_on
                   for r in completion_requests):
            raise UserError(_("An application is left undealt with only after a request to "
                              "complete it whose term has run out (Art. 4.3, Awb 4:5)."))
        return replaced(decision, amount_granted=None,
                                   ordinance_id=ordinance.id)
    if incomplete:
        raise UserError(_("The application is incomplete (Art. 4.2). Ask the applicant to "
                          "complete it, or leave it undealt with when the term has passed."))
    if kind is Kind.REFUSED:
        if not decision.refusal_grounds and not (after_consultation and decision.reasons.strip()):
            raise UserError(_("A refusal needs at least one ground of Art. 6, with its reason."))
        return replaced(decision, amount_granted=None,
                                   ordinance_id=ordinance.id)
    if kind is Kind.REFERRED:
        if the_route != CONSULTATION:
            raise UserError(_("Up to {threshold} the steering group decides itself (Art. 5.1); "
                              "only larger initiatives go to a consultation.").format(
                                  threshold=format_money(ordinance.consultation_threshold)))
        return replaced(decision, amount_granted=None,
                                   ordinance_id=ordinance.id)
    # Granted, in full or in part.
    if the_route == CONSULTATION and not after_consultation:
        raise UserError(_("Above {threshold} a neighbourhood consultation decides whether the "
                          "initiative gets its vouchers (Art. 5.3-5.5): refer it.").format(
                              threshold=format_money(ordinance.consultation_threshold)))
    if decision.decided_on > ordinance.last_issue_date:
        raise UserError(_("Vouchers are issued until {date} under “{title}” (Art. 5.7): a "
                          "grant on {decided} is too late. If your municipality set other "
                          "dates, keep its own version of the ordinance for {year}: at the "
                          "first set-up, or with “regiegroep ordinance add --year {year} "
                          "--last-issue-date DATE”.").format(
                              date=format_date(ordinance.last_issue_date), title=ordinance.title,
                              decided=format_date(decision.decided_on), year=app.year))
    requested = app.cost_estimate
    if kind is Kind.GRANTED:
        amount = requested if amount is None else amount
        if amount != requested:
            raise UserError(_("A grant gives the vouchers needed: {amount}. For less, record a "
                              "partial grant with its reasons.").format(amount=format_money(requested)))
    else:
        if amount is None or not 0 < amount < requested:
            raise UserError(_("A partial grant is more than nothing and less than the {amount} "
                              "asked.").format(amount=format_money(requested)))
        if not decision.refusal_grounds:  # the notes to Art. 6: the rest is refused on a ground
            raise UserError(_("A partial grant refuses the rest on a ground of Art. 6: say "
                              "which ground (a-e) applies to the part refused, and why."))
    if amount is None or amount <= 0:
        raise UserError(_("A grant of nothing is no grant: refuse the application, or grant "
                          "an amount."))
    amount = amount.quantize(CENT)
    if ceiling_left is not None and amount > ceiling_left:
        raise UserError(_("This grant would exceed the subsidy ceiling: {left} is left in this "
                          "neighbourhood's budget. Refuse on ground e of Art. 6, or grant less.")
                        .format(left=format_money(ceiling_left)))
    return replaced(decision, amount_granted=amount, ordinance_id=ordinance.id)

