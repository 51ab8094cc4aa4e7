"""The hub's report of a budget year, for one municipality or all: the accounts per
municipality, per group and neighbourhood and per theme of the neighbourhood approach
(budget, granted, vouchers issued, redeemed, returned, left), the applications by route and
decision, timeliness, the consultations and their turnout. Only packages in force count.

Written as a PDF a council member reads, a workbook whose totals are formulas over its rows,
and CSVs (amounts as "1850.00"); every file under a temporary name first, so a failed run
leaves nothing half-written. The figures are read with the same SQL on SQLite and on
PostgreSQL, in whole cents.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from ..errors import UserError
from ..i18n import _
from ..model import Status, Theme
from .db import Database

_WAITING = tuple(s.value for s in Status if s.awaits_decision)
AMOUNTS = ("budget", "ceiling", "granted", "issued", "redeemed", "cash", "returned", "expired",
           "outstanding")


# A package's application rows added up per neighbourhood, theme, route and decision when it
# is received (store.receive_bytes): a year's report then reads a few rows per package, not
# its thousands of applications.
TOTAL_COLUMNS = ("package_id", "wijk", "theme", "route", "decision", "applications",
                 "granted_cents", "issued_cents", "redeemed_cents", "cash_cents",
                 "returned_cents", "expired_cents", "outstanding_cents", "decided", "in_time",
                 "overdue")
TOTALS_OF_PACKAGE = (
    f"INSERT INTO application_total ({', '.join(TOTAL_COLUMNS)}) "
    "SELECT a.package_id, a.wijk, a.theme, a.route, a.decision, count(*), "
    "sum(a.granted_cents), sum(a.issued_cents), sum(a.redeemed_cents), sum(a.cash_cents), "
    "sum(a.returned_cents), sum(a.expired_cents), sum(a.outstanding_cents), "
    "count(a.decided_on), sum(CASE WHEN a.within_term = 1 THEN 1 ELSE 0 END), "
    "sum(CASE WHEN a.days_late > 0 AND a.status IN ("
    + ", ".join(f"'{s}'" for s in _WAITING) + ") THEN 1 ELSE 0 END) "
    "FROM application a WHERE a.package_id = ? "
    "GROUP BY a.package_id, a.wijk, a.theme, a.route, a.decision")


@dataclasses.dataclass
class Line:
    """The accounts of one group's neighbourhood, or a total of lines; amounts in cents."""

    municipality: str = ""
    group: str = ""
    wijk: str = ""
    applications: int = 0
    budget: int = 0
    ceiling: int = 0
    granted: int = 0
    issued: int = 0
    redeemed: int = 0
    cash: int = 0
    returned: int = 0
    expired: int = 0
    outstanding: int = 0
    decided: int = 0
    in_time: int = 0
    overdue: int = 0

    @property
    def left(self) -> int:
        """Left under the ceiling (Art. 2.5)."""
        return self.ceiling - self.granted

    def add(self, other: "Line") -> None:
        for f in dataclasses.fields(self):
            if f.type in ("int", int):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclasses.dataclass(frozen=True)
class Consultation:
    municipality: str
    group: str
    wijk: str
    title: str
    starts_on: str
    codes_issued: int
    used: dict  # channel: codes used
    turnout_percent: str
    initiatives: int
    granted: int


@dataclasses.dataclass(frozen=True)
class Package:
    municipality: str
    group: str
    fingerprint: str
    made_at: str
    applications: int


@dataclasses.dataclass
class HubReport:
    year: int
    municipality: str | None
    lines: list[Line]  # per group and neighbourhood
    municipalities: list[Line]
    total: Line
    themes: dict[str, Line]  # theme code: its totals (budget not split by theme)
    decisions: list[tuple[str, str, int, int]]  # route, decision, count, granted cents
    consultations: list[Consultation]
    packages: list[Package]
    superseded: int  # packages of the year kept but no longer in force


def _int(value) -> int:
    return int(value or 0)


def figures(db: Database, year: int, municipality: str | None = None) -> HubReport:
    """The figures of ``year`` (one municipality by name, or all)."""
    scope = "p.year = ? AND p.in_force = 1"
    params: list = [year]
    if municipality is not None:
        scope += " AND p.municipality = ?"
        params.append(municipality)
    packs = {row[0]: row[1:] for row in db.all(
        f"SELECT p.id, p.municipality, p.group_name, p.fingerprint, p.made_at, p.applications "
        f"FROM package p WHERE {scope}", params)}
    if municipality is not None and not packs:
        known = db.one("SELECT 1 FROM package WHERE municipality = ?", [municipality])
        if known is None:
            raise UserError(_("The hub holds no package of a municipality called {name}.")
                            .format(name=municipality))
    lines: dict[tuple, Line] = {}

    def line(package_id: int, wijk: str) -> Line:
        key = (package_id, wijk)
        found = lines.get(key)
        if found is None:
            m, g = packs[package_id][:2]
            found = lines[key] = Line(m, g, wijk)
        return found

    for package_id, wijk, amount, ceiling in db.all(
            f"SELECT b.package_id, b.wijk, sum(b.amount_cents), sum(b.ceiling_cents) "
            f"FROM budget b JOIN package p ON p.id = b.package_id WHERE {scope} "
            f"GROUP BY b.package_id, b.wijk", params):
        here = line(package_id, wijk)
        here.budget, here.ceiling = _int(amount), _int(ceiling)
    themes: dict[str, Line] = {t.value: Line(wijk=t.value) for t in Theme}
    decisions: dict[tuple[str, str], list[int]] = {}
    for (package_id, wijk, theme, route, decision, count, granted, issued, redeemed, cash,
         returned, expired, outstanding, decided, in_time, overdue) in db.all(
            f"SELECT {', '.join('t.' + c for c in TOTAL_COLUMNS[:5])}, "
            f"{', '.join('t.' + c for c in TOTAL_COLUMNS[5:])} FROM application_total t "
            f"JOIN package p ON p.id = t.package_id WHERE {scope}", params):
        part = Line(applications=_int(count), granted=_int(granted), issued=_int(issued),
                    redeemed=_int(redeemed), cash=_int(cash), returned=_int(returned),
                    expired=_int(expired), outstanding=_int(outstanding),
                    decided=_int(decided), in_time=_int(in_time), overdue=_int(overdue))
        line(package_id, wijk).add(part)
        themes[theme or Theme.OTHER.value].add(part)
        pair = decisions.setdefault((route or "", decision or ""), [0, 0])
        pair[0] += part.applications
        pair[1] += part.granted
    ordered = sorted(lines.values(), key=lambda l: (l.municipality.casefold(),
                                                    l.group.casefold(), l.wijk.casefold()))
    per_municipality: dict[str, Line] = {}
    total = Line(municipality=_("All"))
    for l in ordered:
        per_municipality.setdefault(l.municipality, Line(l.municipality)).add(l)
        total.add(l)
    consultations = _consultations(db, scope, params)
    superseded = _int(db.one(
        "SELECT count(*) FROM package p WHERE " + scope.replace("p.in_force = 1",
                                                                "p.in_force = 0"),
        params)[0])
    return HubReport(
        year=year, municipality=municipality, lines=ordered,
        municipalities=list(per_municipality.values()), total=total, themes=themes,
        decisions=sorted((r, d, c, g) for (r, d), (c, g) in decisions.items()),
        consultations=consultations,
        packages=sorted((Package(*row) for row in packs.values()),
                        key=lambda p: (p.municipality.casefold(), p.group.casefold())),
        superseded=superseded)


def _consultations(db: Database, scope: str, params: list) -> list[Consultation]:
    used: dict[int, dict] = {}
    for cid, channel, count in db.all(
            "SELECT t.consultation_id, t.channel, t.codes_used FROM consultation_turnout t "
            "JOIN consultation c ON c.id = t.consultation_id JOIN package p ON "
            f"p.id = c.package_id WHERE {scope}", params):
        used.setdefault(cid, {})[channel] = _int(count)
    found = []
    for (cid, m, g, wijk, title, starts, issued, turnout, items, granted) in db.all(
            "SELECT c.id, p.municipality, p.group_name, c.wijk, c.title, c.starts_on, "
            "c.codes_issued, c.turnout_percent, "
            "(SELECT count(*) FROM consultation_item i WHERE i.consultation_id = c.id), "
            "(SELECT count(*) FROM consultation_item i WHERE i.consultation_id = c.id AND "
            "i.outcome = 'granted') FROM consultation c JOIN package p ON p.id = c.package_id "
            f"WHERE {scope} ORDER BY p.municipality, p.group_name, c.starts_on, c.id", params):
        found.append(Consultation(m, g, wijk, title, starts, _int(issued), used.get(cid, {}),
                                  turnout, _int(items), _int(granted)))
    return found


# -- the files --------------------------------------------------------------------------

def money(cents: int) -> str:
    """An amount as the CSVs write it: ``1850.00``."""
    return str(Decimal(cents).scaleb(-2).quantize(Decimal("0.01")))


TOTALS_COLUMNS = ("municipality", "group", "wijk", "applications", "budget", "ceiling",
                  "granted", "issued", "redeemed", "cash", "returned", "expired",
                  "outstanding", "left")


def _row(l: Line) -> list:
    return [l.municipality, l.group, l.wijk, l.applications,
            *(money(getattr(l, a)) for a in AMOUNTS), money(l.left)]


def csv_tables(report: HubReport) -> dict[str, tuple[list, list]]:
    from ..consultations import CHANNELS

    return {
        "totals": (list(TOTALS_COLUMNS), [_row(l) for l in report.lines]),
        "municipalities": (["municipality", *TOTALS_COLUMNS[3:], "decided", "within_term",
                            "overdue"],
                           [[l.municipality, *_row(l)[3:], l.decided, l.in_time, l.overdue]
                            for l in report.municipalities]),
        "themes": (["theme", "applications", "granted", "issued", "redeemed", "returned"],
                   [[code, t.applications, money(t.granted), money(t.issued),
                     money(t.redeemed), money(t.returned)] for code, t in report.themes.items()]),
        "decisions": (["route", "decision", "applications", "granted"],
                      [[r, d, c, money(g)] for r, d, c, g in report.decisions]),
        "consultations": (["municipality", "group", "wijk", "title", "starts_on",
                           "codes_issued", *(f"used_{ch}" for ch in CHANNELS),
                           "turnout_percent", "initiatives", "granted"],
                          [[c.municipality, c.group, c.wijk, c.title, c.starts_on,
                            c.codes_issued, *(c.used.get(ch, 0) for ch in CHANNELS),
                            c.turnout_percent, c.initiatives, c.granted]
                           for c in report.consultations]),
    }
