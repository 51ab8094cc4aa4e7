"""The totals of a budget year as the report, the workbook and the screens print them:
each labelled in the current language, in one order (Art. 2, 5, 6, 9)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from .accounts import GROUNDS, Accounts
from ..i18n import N_, _


@dataclasses.dataclass(frozen=True)
class Figure:
    """One total as the report prints it: ``unit`` is "money", "count", "share" or "days"."""

    key: str
    label: str  # translated
    value: Decimal | int | None
    unit: str

    def text(self) -> str:
        """The value as the report and the screens show it, in the current language."""
        from ..i18n import format_money, format_number, ngettext

        if self.value is None:
            return "—"
        if self.unit == "money":
            return format_money(self.value)
        if self.unit == "share":
            return format_number(round(self.value * 100)) + "%"
        if self.unit == "days":
            return ngettext("{n} day", "{n} days", self.value).format(n=format_number(self.value))
        return format_number(self.value)


# The totals every form of the report gives, in the order it gives them. The keys name
# the figure in the CSV and in the workbook's formulas (regiegroep/exchange_report.py).
_FIGURES = (
    ("amount", N_("Budget amount (Art. 2.2)"), "money"),
    ("cost_reservation", N_("Cost reservation of the college (Art. 2.3)"), "money"),
    ("cost_reservation_cap", N_("Largest cost reservation allowed (Art. 2.3)"), "money"),
    ("ceiling", N_("Subsidy ceiling (Art. 2.5)"), "money"),
    ("applied_count", N_("Applications received"), "count"),
    ("applied_sum", N_("Amount applied for"), "money"),
    ("referred_count", N_("Referred to a neighbourhood consultation"), "count"),
    ("referred_sum", N_("Amount referred to a consultation"), "money"),
    ("granted_count", N_("Granted in full"), "count"),
    ("granted_in_full_sum", N_("Amount granted in full"), "money"),
    ("partially_granted_count", N_("Partly granted"), "count"),
    ("partially_granted_sum", N_("Amount partly granted"), "money"),
    ("granted_sum", N_("Amount granted in all"), "money"),
    ("refused_count", N_("Refused"), "count"),
    *((f"refused_{g}", N_("Refusals on ground {letter} of Art. 6"), "count") for g in GROUNDS),
    ("left_undealt_count", N_("Left undealt with"), "count"),
    ("waiting_count", N_("Still waiting for a decision"), "count"),
    ("waiting_sum", N_("Amount still waiting for a decision"), "money"),
    ("decided_count", N_("Decided"), "count"),
    ("decided_in_time", N_("Decided within the term"), "count"),
    ("share_in_time", N_("Share decided within the term"), "share"),
    # A decision is within its term or late (Row.within_term): the share and the longest
    # delay are both of decisions taken; what still waits past its term is counted apart.
    ("longest_delay", N_("Longest delay of a decision past the term"), "days"),
    ("overdue_count", N_("Waiting past the term"), "count"),
    ("longest_wait", N_("Longest wait past the term"), "days"),
    ("completion_requests", N_("Requests to complete an application"), "count"),
    ("suspended_days", N_("Days the terms were suspended by them"), "days"),
    ("vouchers_issued_count", N_("Vouchers issued (a lost one's replacement not counted)"),
     "count"),
    ("vouchers_issued", N_("Value of the vouchers issued"), "money"),
    ("redeemed", N_("Redeemed (paid out, Art. 9)"), "money"),
    ("cash_paid", N_("Of which paid in cash (Art. 9.3b)"), "money"),
    ("outstanding", N_("Still open on issued vouchers"), "money"),
    ("expired", N_("Expired after the valid-until date (Art. 5.7)"), "money"),
    ("returned", N_("Returned: vouchers voided without a replacement"), "money"),
    ("ceiling_left", N_("Left under the ceiling"), "money"),
)


def figures(acc: Accounts) -> list[Figure]:
    """The totals of ``acc``, labelled in the current language."""
    grounds = acc.refused_by_ground()
    found = []
    for key, label, unit in _FIGURES:
        if key.startswith("refused_") and key[-1] in GROUNDS and len(key) == 9:
            value, label = grounds[key[-1]], _(label).format(letter=key[-1])
        elif key in ("longest_delay", "longest_wait"):
            row = getattr(acc, key)
            value, label = (row.days_late if row else 0), _(label)
        else:
            value = getattr(acc, key)
            value, label = value() if callable(value) else value, _(label)
        found.append(Figure(key, label, value, unit))
    return found


# -- what became of every application: one outcome each, by its decision in force ------

# The outcomes in the order the year report's table adds them up: received = the sum.
OUTCOMES = (
    ("granted", N_("Granted")), ("partially_granted", N_("Partly granted")),
    ("refused", N_("Refused")), ("left_undealt", N_("Left undealt with")),
    ("withdrawn", N_("Withdrawn")), ("referred_waiting", N_("Referred, awaiting the consultation")),
    ("waiting", N_("Still waiting")),
)


def outcome(row) -> str:
    """The one outcome an application of the rows counts as: withdrawn if it was withdrawn,
    else its decision in force (a referred application granted after its consultation is
    granted, not also referred), else waiting."""
    from ..deciding.decision import Kind
    from ..model import Status

    if row.status is Status.WITHDRAWN:
        return "withdrawn"
    if row.decision is Kind.REFERRED or (row.decision is None and row.referred):
        return "referred_waiting"
    if row.decision is not None:
        return row.decision.value
    return "waiting"


def outcome_table(acc: Accounts) -> list[tuple[str, dict[str, int], int]]:
    """Per neighbourhood (and in all, when there are more): the outcomes counted, and the
    applications received; each row's outcomes add up to what was received."""
    keys = [key for key, _label in OUTCOMES]
    per: dict[str, dict[str, int]] = {w: dict.fromkeys(keys, 0) for w in acc.wijken}
    for row in acc.rows:
        per.setdefault(row.wijk, dict.fromkeys(keys, 0))[outcome(row)] += 1
    table = [(wijk, counts, sum(counts.values())) for wijk, counts in per.items()]
    if len(table) > 1:
        total = {key: sum(counts[key] for _w, counts, _n in table) for key in keys}
        table.append((_("All neighbourhoods"), total, sum(total.values())))
    return table


def not_issued(acc: Accounts) -> list:
    """The rows whose grant in force has no vouchers issued yet: what the vouchers issued
    still lack of what was granted (granted = issued + these, corrections aside)."""
    return [row for row in acc.rows if row.granted > 0 and row.vouchers == 0
            and outcome(row) in ("granted", "partially_granted")]


def granted_and_issued(acc: Accounts) -> str:
    """Why the amount granted and the vouchers issued differ, as one sentence in the current
    language: granted = the vouchers issued + the grants whose vouchers are not issued yet
    (not_issued) + what corrected decisions changed (the year report and the budget view)."""
    from ..i18n import format_money

    waiting = sum((r.granted for r in not_issued(acc)), Decimal(0))
    rest = acc.granted_sum - acc.vouchers_issued - waiting
    text = _("Granted {granted} = vouchers issued {issued} + granted, vouchers not issued yet "
             "{waiting}").format(granted=format_money(acc.granted_sum),
                                 issued=format_money(acc.vouchers_issued),
                                 waiting=format_money(waiting))
    if rest:
        text += " " + _("+ the difference of corrected decisions {rest} (vouchers of an "
                        "earlier decision stay counted as issued)").format(
            rest=format_money(rest))
    return text + "."
