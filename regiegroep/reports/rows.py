"""The year report's rows: one column table for the CSV, the workbook and the package.

Each column is kept once: its stable key (the CSV's header), the kind of its value, its
title in the reader's language and how it is read off an application's row
(regiegroep.reports.accounts.Row). ``COLUMNS``, ``headers()`` and ``row_values()`` are read
off that one table, so a column cannot be added to one list and forgotten in another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..i18n import N_, _
from ..model import Theme
from ..rules import CONSULTATION, STEERING_GROUP
from .accounts import Accounts, Row


def route_label(route: str | None) -> str:
    return {STEERING_GROUP: _("Steering group"), CONSULTATION: _("Consultation")}.get(route, "")


def yes_no(value: bool | None) -> str:
    return "" if value is None else (_("yes") if value else _("no"))


class Column(NamedTuple):
    key: str     # the CSV's header, stable across languages
    kind: str    # int, text, date or money
    title: str   # the workbook's header (a msgid, translated when shown)
    value: Callable[[Row], object]  # the value as the workbook shows it


TABLE = (
    Column("sequence", "int", N_("Number"), lambda r: r.sequence),
    Column("wijk", "text", N_("Neighbourhood"), lambda r: r.wijk),
    Column("received_at", "date", N_("Received"), lambda r: r.received_at.date()),
    Column("title", "text", N_("Initiative"), lambda r: r.title),
    Column("theme", "text", N_("Theme"), lambda r: r.theme.label if r.theme else ""),
    Column("route", "text", N_("Route"), lambda r: route_label(r.route)),
    Column("status", "text", N_("Status"), lambda r: r.status.label),
    Column("asked", "money", N_("Asked"), lambda r: r.asked),
    Column("referred", "text", N_("Referred"), lambda r: yes_no(r.referred)),
    Column("decision", "text", N_("Decision"), lambda r: r.decision.label if r.decision else ""),
    Column("granted", "money", N_("Granted"), lambda r: r.granted),
    Column("refusal_grounds", "text", N_("Refusal grounds"), lambda r: ", ".join(r.refusal_grounds)),
    Column("decided_on", "date", N_("Decided on"), lambda r: r.decided_on),
    Column("deadline", "date", N_("Deadline"), lambda r: r.deadline),
    Column("within_term", "text", N_("Within the term"), lambda r: yes_no(r.within_term)),
    Column("days_late", "int", N_("Days past the term"), lambda r: r.days_late),
    Column("waiting", "text", N_("Waiting"), lambda r: yes_no(r.waiting)),
    Column("vouchers", "int", N_("Vouchers"), lambda r: r.vouchers),
    Column("issued", "money", N_("Vouchers' value"), lambda r: r.issued),
    Column("paid", "money", N_("Paid"), lambda r: r.paid),
    Column("cash_paid", "money", N_("Paid in cash"), lambda r: r.cash_paid),
    Column("outstanding", "money", N_("Still open"), lambda r: r.outstanding),
    Column("expired", "money", N_("Expired"), lambda r: r.expired),
    Column("returned", "money", N_("Returned"), lambda r: r.returned),
    Column("completion_requests", "int", N_("Requests to complete"), lambda r: r.completion_requests),
    Column("suspended_days", "int", N_("Days suspended"), lambda r: r.suspended_days),
)

# The rows' columns as (key, kind), in order.
COLUMNS = tuple((c.key, c.kind) for c in TABLE)


def headers() -> list[str]:
    """The workbook's column headers, in the current language."""
    return [_(c.title) for c in TABLE]


def row_values(r: Row) -> list:
    """The row as the workbook shows it: labels in the current language."""
    return [c.value(r) for c in TABLE]


def breakdown(acc: Accounts) -> list[tuple[str, str, int]]:
    """The applications by theme and by route, as (key, label, count)."""
    themes, routes = acc.by_theme(), acc.by_route()
    found = [(f"theme_{t.value}", _("Theme: {theme}").format(theme=t.label), themes.get(t, 0))
             for t in Theme]
    found.append(("theme_none", _("Theme: none given"), themes.get(None, 0)))
    found += [(f"route_{r}", _("Route: {route}").format(route=route_label(r)), routes.get(r, 0))
              for r in (STEERING_GROUP, CONSULTATION)]
    return found
