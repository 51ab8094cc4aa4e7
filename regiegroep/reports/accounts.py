"""The accounts of a budget: what happened to a neighbourhood's money in a year (Art. 2, 5, 6, 9).

The figures of one neighbourhood's budget year, or of a year over all neighbourhoods: the
amount, the cost reservation against the ordinance's cap (Art. 2.3), the subsidy ceiling
(Art. 2.5), what was applied for, referred to a consultation (Art. 5.3), granted (Art. 5.2),
refused on which ground (Art. 6), left undealt with (Awb 4:5), what still waits in order of
receipt (Art. 4.4), how timely the decisions were (Art. 5.1, Awb 4:15), the vouchers on
record and what became of them (Art. 1a, 5.7, 9), and what is left under the ceiling.

The vouchers are counted from the voucher table (regiegroep.vouchers). What each voucher
issued stands for ends up in exactly one of four places: paid out (redeemed), still on an
issued voucher (outstanding), expired after its valid-until date (Art. 5.7), or returned
(voided without a replacement: handed back, or withdrawn by a corrected decision). A lost
voucher's replacement carries what was left on it, so replacements are not issued anew:
issued = redeemed + outstanding + expired + returned.

Every figure is a sum over ``Accounts.rows``, one row per application, so that the year
report's workbook can give the rows and recompute each figure from them.

The rows are read with a few SELECTs of our own (read only): the public reads build full
applications with personal data one at a time, far too slow for 100,000 (benchmarks/
report.py). tests/test_accounts.py checks the figures against the public reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from decimal import Decimal
from typing import NamedTuple

from ..deciding.decision import Kind
from ..rules.deadlines import decision_day
from ..model import Status, Theme
from ..register import Register
from ..rules import Ordinance, route
from ..store import reads
from ..trust.access import Read

ZERO = Decimal("0.00")  # two decimals, as every amount of a row: str() gives "0.00"
# Looked up by value: the enums' own lookup is slow for 100,000 rows.
_STATUSES = {s.value: s for s in Status}
_THEMES = {t.value: t for t in Theme}
_KINDS = {k.value: k for k in Kind}
_GRANTS = (Kind.GRANTED, Kind.PARTIALLY_GRANTED)


def _cents(cents: int) -> Decimal:
    if not cents:
        return ZERO  # most amounts of a row are nothing
    return Decimal(cents).scaleb(-2)  # exact, two decimals, as money.from_cents
GROUNDS = "abcde"  # Art. 6 a-e
_WAITING = frozenset(s for s in Status if s.awaits_decision)


class Row(NamedTuple):
    """One application as the figures count it (a named tuple: 100,000 are made quickly)."""

    id: int
    sequence: int
    wijk: str
    received_at: dt.datetime
    title: str
    theme: Theme | None
    status: Status
    asked: Decimal | None  # the cost estimate (Art. 4.2 c)
    route: str | None  # rules.STEERING_GROUP or rules.CONSULTATION; None without an estimate
    decision: Kind | None  # the decision in force
    decided_on: dt.date | None  # the first decision: the one the term counts for
    deadline: dt.date  # the last day to decide (Art. 5.1, 5.3; Awb 4:15)
    days_late: int | None  # after the deadline: decided that late, or waiting that long today
    # (negative: decided, or due, that many days before it)
    referred: bool  # referred to a neighbourhood consultation (Art. 5.3)
    granted: Decimal  # by the decision in force; 0 when none
    refusal_grounds: tuple[str, ...]  # the Art. 6 letters of a refusal
    vouchers: int  # vouchers issued for it, replacements of lost ones not counted
    issued: Decimal  # their value
    paid: Decimal  # paid from its vouchers (Art. 9), suppliers and cash: redeemed
    cash_paid: Decimal  # of which in cash (Art. 9.3b)
    outstanding: Decimal  # left on its vouchers still issued
    expired: Decimal  # left on its vouchers when they expired (Art. 5.7)
    returned: Decimal  # left on its vouchers voided without a replacement
    completion_requests: int  # Art. 4.3, Awb 4:5
    suspended_days: int  # the days they suspended the decision term (Awb 4:15)

    @property
    def waiting(self) -> bool:
        return self.status in _WAITING

    @property
    def within_term(self) -> bool | None:
        """Decided by the deadline (Art. 5.1, 5.3 of the ordinance the decision was taken
        under; Awb 4:15); None while not decided. The one test of timeliness: the share
        decided within the term counts these, the longest delay is the most days_late of
        the others, so a share of 100% and a longest delay of 0 days go together."""
        return None if self.decided_on is None else self.days_late <= 0


@dataclasses.dataclass(frozen=True)
class Month:
    """One month of the chart: granted (by the day of decision) and redeemed (by the day of
    payment) in it, and both added up from the start of the year."""

    year: int
    month: int
    granted: Decimal
    redeemed: Decimal
    granted_so_far: Decimal
    redeemed_so_far: Decimal


@dataclasses.dataclass(frozen=True)
class Accounts:
    """The figures of a budget year; of one neighbourhood, or all (``wijk`` None)."""

    year: int
    wijk: str | None
    wijken: tuple[str, ...]  # the neighbourhoods counted
    as_of: dt.date  # "still waiting" and "late" are as of this day
    amount: Decimal  # Art. 2.2
    cost_reservation: Decimal  # Art. 2.3
    cost_reservation_cap: Decimal  # the ordinance's percentage of the amount
    ceiling: Decimal  # Art. 2.5
    rows: tuple[Row, ...]
    months: tuple[Month, ...]

    @functools.cached_property
    def _tally(self) -> dict:
        """Every total, counted in one pass over the rows."""
        t = {"applied_sum": ZERO, "referred_count": 0, "referred_sum": ZERO, "waiting_count": 0,
             "waiting_sum": ZERO, "decided_count": 0, "decided_in_time": 0, "overdue_count": 0,
             "completion_requests": 0, "completion_requested_count": 0, "suspended_days": 0,
             "vouchers_issued_count": 0, "vouchers_issued": ZERO, "granted_sum": ZERO,
             "redeemed": ZERO, "cash_paid": ZERO, "outstanding": ZERO, "expired": ZERO,
             "returned": ZERO}
        kinds = {k: [0, ZERO] for k in Kind}
        grounds = dict.fromkeys(GROUNDS, 0)
        themes: dict = {}
        routes: dict = {}
        longest = longest_wait = None
        for r in self.rows:
            themes[r.theme] = themes.get(r.theme, 0) + 1
            routes[r.route] = routes.get(r.route, 0) + 1
            asked = r.asked or ZERO
            t["applied_sum"] += asked
            if r.referred:
                t["referred_count"] += 1
                t["referred_sum"] += asked
            if r.decision is not None:
                kind = kinds[r.decision]
                kind[0] += 1
                kind[1] += r.granted
                if r.decision is Kind.REFUSED:
                    for g in r.refusal_grounds:
                        grounds[g] = grounds.get(g, 0) + 1
            waiting = r.status in _WAITING
            if waiting:
                t["waiting_count"] += 1
                t["waiting_sum"] += asked
            # Timeliness: a decision taken is within its term or late (within_term); an
            # application still waiting may be past its term. The two are told apart, so the
            # decisions' share within the term and their longest delay agree.
            if r.decided_on is not None:
                t["decided_count"] += 1
                if r.within_term:
                    t["decided_in_time"] += 1
                elif longest is None or r.days_late > longest.days_late:
                    longest = r
            elif waiting and r.days_late > 0:
                t["overdue_count"] += 1
                if longest_wait is None or r.days_late > longest_wait.days_late:
                    longest_wait = r
            if r.completion_requests:
                t["completion_requests"] += r.completion_requests
                t["completion_requested_count"] += 1
                t["suspended_days"] += r.suspended_days
            t["granted_sum"] += r.granted
            if r.vouchers:
                t["vouchers_issued_count"] += r.vouchers
                t["vouchers_issued"] += r.issued
                t["outstanding"] += r.outstanding
                t["expired"] += r.expired
                t["returned"] += r.returned
            t["redeemed"] += r.paid
            t["cash_paid"] += r.cash_paid
        t.update(kinds=kinds, grounds=grounds, themes=themes, routes=routes, longest_delay=longest,
                 longest_wait=longest_wait)
        return t

    # What was applied for (Art. 4)
    @property
    def applied_count(self) -> int:
        return len(self.rows)

    @property
    def applied_sum(self) -> Decimal:
        return self._tally["applied_sum"]

    def by_theme(self) -> dict[Theme | None, int]:
        return dict(self._tally["themes"])

    def by_route(self) -> dict[str | None, int]:
        return dict(self._tally["routes"])

    # Decisions (Art. 5, 6): the decision in force on each application
    @property
    def referred_count(self) -> int:
        return self._tally["referred_count"]

    @property
    def referred_sum(self) -> Decimal:
        return self._tally["referred_sum"]

    @property
    def granted_count(self) -> int:
        """Granted in full."""
        return self._tally["kinds"][Kind.GRANTED][0]

    @property
    def granted_in_full_sum(self) -> Decimal:
        return self._tally["kinds"][Kind.GRANTED][1]

    @property
    def partially_granted_count(self) -> int:
        return self._tally["kinds"][Kind.PARTIALLY_GRANTED][0]

    @property
    def partially_granted_sum(self) -> Decimal:
        return self._tally["kinds"][Kind.PARTIALLY_GRANTED][1]

    @property
    def granted_sum(self) -> Decimal:
        """Everything granted, in full or in part: what counts against the ceiling."""
        return self._tally["granted_sum"]

    @property
    def refused_count(self) -> int:
        return self._tally["kinds"][Kind.REFUSED][0]

    def refused_by_ground(self) -> dict[str, int]:
        """Refusals citing each ground of Art. 6; one refusal may cite several."""
        return dict(self._tally["grounds"])

    @property
    def left_undealt_count(self) -> int:
        return self._tally["kinds"][Kind.LEFT_UNDEALT][0]

    def waiting(self) -> list[Row]:
        """Still waiting for a decision, in order of receipt (Art. 4.4)."""
        return sorted((r for r in self.rows if r.waiting), key=lambda r: (r.received_at, r.sequence))

    @property
    def waiting_count(self) -> int:
        return self._tally["waiting_count"]

    @property
    def waiting_sum(self) -> Decimal:
        return self._tally["waiting_sum"]

    # Timeliness (Art. 5.1, 5.3; Awb 4:15)
    @property
    def decided_count(self) -> int:
        return self._tally["decided_count"]

    @property
    def decided_in_time(self) -> int:
        return self._tally["decided_in_time"]

    @property
    def share_in_time(self) -> Decimal | None:
        """The share decided within the term, from 0 to 1; None when nothing was decided."""
        if not self.decided_count:
            return None
        return Decimal(self.decided_in_time) / Decimal(self.decided_count)

    @property
    def overdue_count(self) -> int:
        """Still waiting after their deadline."""
        return self._tally["overdue_count"]

    @property
    def longest_delay(self) -> Row | None:
        """The decision taken latest after its deadline (the first received of equals); None
        when every decision was within its term (``share_in_time`` is then 1)."""
        return self._tally["longest_delay"]

    @property
    def longest_wait(self) -> Row | None:
        """The application still waiting longest past its deadline (the first received of
        equals); None when none waits past it (``overdue_count`` is then 0)."""
        return self._tally["longest_wait"]

    @property
    def completion_requests(self) -> int:
        return self._tally["completion_requests"]

    @property
    def completion_requested_count(self) -> int:
        """Applications that were asked to complete."""
        return self._tally["completion_requested_count"]

    @property
    def suspended_days(self) -> int:
        return self._tally["suspended_days"]

    # Vouchers and payments (Art. 1a, 9)
    @property
    def vouchers_issued_count(self) -> int:
        return self._tally["vouchers_issued_count"]

    @property
    def vouchers_issued(self) -> Decimal:
        """The value of the vouchers issued (a lost one's replacement is not issued anew)."""
        return self._tally["vouchers_issued"]

    @property
    def redeemed(self) -> Decimal:
        """Paid out from the vouchers, to suppliers and in cash."""
        return self._tally["redeemed"]

    @property
    def cash_paid(self) -> Decimal:
        return self._tally["cash_paid"]

    @property
    def outstanding(self) -> Decimal:
        """Left on the vouchers still issued: what may still be paid."""
        return self._tally["outstanding"]

    @property
    def expired(self) -> Decimal:
        """Left on vouchers when they expired (Art. 5.7): back to the budget."""
        return self._tally["expired"]

    @property
    def returned(self) -> Decimal:
        """Left on vouchers voided without a replacement: handed back or withdrawn."""
        return self._tally["returned"]

    @property
    def ceiling_left(self) -> Decimal:
        return self.ceiling - self.granted_sum


@reads(Read.BUDGETS, Read.APPLICATIONS)
def accounts(register: Register, year: int, wijk_id: int | None = None,
             today: dt.date | None = None) -> Accounts:
    """The figures of ``year`` for one neighbourhood, or all of them (``wijk_id`` None)."""
    today = today or dt.date.today()
    budgets = [b for b in register.budgets()
               if b.year == year and (wijk_id is None or b.wijk_id == wijk_id)]
    wijken = {w.id: w.name for w in register.wijken()}
    cap = sum((b.amount * register.ordinance_for(b.wijk_id, year).max_cost_reservation_percent
               / 100 for b in budgets), ZERO)
    granted: dict[tuple[int, int], Decimal] = {}
    redeemed: dict[tuple[int, int], Decimal] = {}
    rows = tuple(_rows(register, year, wijk_id, today, granted, redeemed))
    named = sorted({wijken[wijk_id]} if wijk_id is not None else
                   {b.wijk for b in budgets} | {r.wijk for r in rows}, key=str.casefold)
    return Accounts(
        year=year, wijk=wijken.get(wijk_id) if wijk_id is not None else None,
        wijken=tuple(named), as_of=today,
        amount=sum((b.amount for b in budgets), ZERO),
        cost_reservation=sum((b.cost_reservation for b in budgets), ZERO),
        cost_reservation_cap=cap.quantize(Decimal("0.01")),
        ceiling=sum((b.ceiling for b in budgets), ZERO),
        rows=rows, months=tuple(_months(year, granted, redeemed)))


def _deadline(cache: dict, received: dt.date, ordinance: Ordinance, suspended_days: int) -> dt.date:
    # The deadline depends on the day of receipt, the ordinance (by identity: hashing its
    # articles per row costs more) and the days suspended: a few hundred of each a year.
    key = (received, id(ordinance), suspended_days)
    found = cache.get(key)
    if found is None:
        found = cache[key] = decision_day(received, ordinance, suspended_days)
    return found


def _scope(year: int, wijk_id: int | None, alias: str = "a") -> tuple[str, list]:
    sql = f"{alias}.deleted_at IS NULL AND {alias}.year = ?"
    params: list = [year]
    if wijk_id is not None:
        sql += f" AND {alias}.wijk_id = ?"
        params.append(wijk_id)
    return sql, params


def _rows(register: Register, year: int, wijk_id: int | None, today: dt.date,
          granted_in: dict, redeemed_in: dict):
    """The rows, in order of receipt; adds up ``granted_in`` by the month of the decision
    in force and ``redeemed_in`` by the month of payment on the way."""
    conn = register.conn
    where, params = _scope(year, wijk_id)
    first: dict[int, dt.date] = {}
    latest: dict[int, tuple] = {}
    referred: set[int] = set()
    under: dict[int, str] = {}  # the ordinance of each application's first decision
    for app_id, dec_id, kind, on, cents, grounds, rules in conn.execute(
            "SELECT d.application_id, d.id, d.kind, d.decided_on, d.amount_granted_cents, "
            "d.refusal_grounds, d.ordinance_id FROM decision d JOIN application a ON "
            f"a.id = d.application_id WHERE {where} ORDER BY d.id", params):
        first.setdefault(app_id, dt.date.fromisoformat(on))
        under.setdefault(app_id, rules)
        latest[app_id] = (dec_id, kind, cents, grounds, on)
        if kind == Kind.REFERRED.value:
            referred.add(app_id)
    paid: dict[int, tuple[int, int]] = {}  # application id: (all, cash) in cents
    by_month: dict[int, list[tuple[str, int]]] = {}  # application id: (month, cents)
    for app_id, month, total, cash in conn.execute(
            "SELECT v.application_id, substr(p.paid_on, 1, 7), sum(p.amount_cents), "
            "coalesce(sum(p.amount_cents) FILTER (WHERE p.way = 'cash'), 0) FROM payment p "
            "JOIN voucher v ON v.serial = p.serial JOIN application a ON a.id = v.application_id "
            f"WHERE {where} GROUP BY v.application_id, substr(p.paid_on, 1, 7)", params):
        before = paid.get(app_id, (0, 0))
        paid[app_id] = (before[0] + total, before[1] + cash)
        by_month.setdefault(app_id, []).append((month, total))
    held = _vouchers(conn, where, params)
    suspensions = register.all_suspensions()
    ordinances: dict[int | str, Ordinance] = {}
    deadlines: dict = {}
    # Each amount made once: a year's rows repeat a few thousand over 400,000 cells.
    scaled = functools.lru_cache(maxsize=None)(_cents)
    fromiso, waiting_states = dt.datetime.fromisoformat, _WAITING
    for (app_id, sequence, wijk, wijk_no, received, title, theme, status,
         asked_cents) in conn.execute(
            "SELECT a.id, a.sequence, w.name, a.wijk_id, a.received_at, a.title, a.theme, "
            "a.status, a.cost_estimate_cents FROM application a JOIN wijk w ON w.id = a.wijk_id "
            f"WHERE {where} ORDER BY a.received_at, a.sequence", params):
        rules = under.get(app_id)  # a decision taken: the ordinance it was taken under
        ordinance = ordinances.get(rules or wijk_no)
        if ordinance is None:
            ordinance = ordinances[rules or wijk_no] = register.ordinance_by_id(rules) \
                if rules else register.ordinance_for(wijk_no, year)
        received_at = fromiso(received)
        asked = scaled(asked_cents) if asked_cents is not None else None
        own = suspensions.get(app_id, ())
        suspended = sum(s.days for s in own) if own else 0
        deadline = _deadline(deadlines, received_at.date(), ordinance, suspended)
        status = _STATUSES[status]
        decided_on = first.get(app_id)
        if decided_on is not None:
            late = (decided_on - deadline).days
        elif status in waiting_states:
            late = (today - deadline).days
        else:
            late = None
        decision = latest.get(app_id)
        if decision is not None:
            kind = _KINDS[decision[1]]
            granted = scaled(decision[2]) if kind in _GRANTS and decision[2] is not None else ZERO
            grounds = tuple(sorted(json.loads(decision[3]))) if kind is Kind.REFUSED else ()
        else:
            kind, granted, grounds = None, ZERO, ()
        total, cash = paid.get(app_id, (0, 0))
        count, issued, outstanding, expired, returned = held.get(app_id, _NO_VOUCHERS)
        if granted:
            on = decision[4]
            key = (int(on[:4]), int(on[5:7]))
            granted_in[key] = granted_in.get(key, ZERO) + granted
        if total:
            for month, cents in by_month[app_id]:
                key = (int(month[:4]), int(month[5:7]))
                redeemed_in[key] = redeemed_in.get(key, ZERO) + scaled(cents)
        # Positional, in the order of Row's fields: a hundred thousand rows are made.
        yield Row(app_id, sequence, wijk, received_at, title, _THEMES[theme] if theme else None,
                  status, asked, route(asked, ordinance), kind, decided_on, deadline, late,
                  app_id in referred, granted, grounds, count, scaled(issued), scaled(total),
                  scaled(cash), scaled(outstanding), scaled(expired), scaled(returned),
                  len(own), suspended)


_NO_VOUCHERS = (0, 0, 0, 0, 0)


def _vouchers(conn, where: str, params: list) -> dict[int, tuple[int, int, int, int, int]]:
    """Per application: (vouchers issued, their value, outstanding, expired, returned), in
    cents, from the voucher table. A replacement (the serial a voided voucher names as
    ``replaced_by``) carries what was left on the lost one: it is not issued anew, and the
    voucher it replaced returns nothing."""
    found: dict[int, list[int]] = {}
    for app_id, status, replaced, value, paid, replacing in conn.execute(
            "SELECT v.application_id, v.status, v.replaced_by IS NOT NULL, v.value_cents, "
            "(SELECT coalesce(sum(amount_cents), 0) FROM payment WHERE serial = v.serial), "
            "v.serial IN (SELECT replaced_by FROM voucher WHERE replaced_by IS NOT NULL) "
            f"FROM voucher v JOIN application a ON a.id = v.application_id WHERE {where}",
            params):
        t = found.get(app_id)
        if t is None:
            t = found[app_id] = [0, 0, 0, 0, 0]
        if not replacing:
            t[0] += 1
            t[1] += value
        left = value - paid
        if status == "issued":
            t[2] += left
        elif status == "expired":
            t[3] += left
        elif not replaced:  # voided without a replacement
            t[4] += left
    return {app_id: tuple(t) for app_id, t in found.items()}


def _months(year: int, granted: dict, redeemed: dict) -> list[Month]:
    """Granted by the month of the decision in force, redeemed by the month of payment, from
    January of the budget year to the last month anything happened (payments run on into
    the next year, Art. 5.7)."""
    last = max([(year, 12), *granted, *redeemed])
    months, so_far_granted, so_far_redeemed = [], ZERO, ZERO
    y, m = year, 1
    while (y, m) <= last:
        g, p = granted.get((y, m), ZERO), redeemed.get((y, m), ZERO)
        so_far_granted += g
        so_far_redeemed += p
        months.append(Month(y, m, g, p, so_far_granted, so_far_redeemed))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months
