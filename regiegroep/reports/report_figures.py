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
    ("longest_delay", N_("Longest delay past the term"), "days"),
    ("overdue_count", N_("Waiting past the term"), "count"),
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
        elif key == "longest_delay":
            value, label = (acc.longest_delay.days_late if acc.longest_delay else 0), _(label)
        else:
            value = getattr(acc, key)
            value, label = value() if callable(value) else value, _(label)
        found.append(Figure(key, label, value, unit))
    return found
