"""Budgets: the municipality, its neighbourhoods and their budgets (Art. 2, 6e, 10).

The package writes the tables ``municipality``, ``wijk``, ``budget``, ``ordinance`` and the
group's contact (``budgets.contact``: how applicants reach the steering group, printed on
letters and notices). Offers ``ceiling_left`` (what is left under the subsidy ceiling),
``ordinance_for`` (the ordinance in force for a budget year) and the set-up.

The municipality, its neighbourhoods and their budgets (Art. 2, 6e of the ordinance).

The college designates the neighbourhoods (Art. 2.1) and sets each one's budget for a year
(Art. 2.2), of which it may reserve for its own costs at most the share the ordinance in
force sets (Art. 2.3); what is left is the subsidy ceiling (Art. 2.5). Grants beyond the
ceiling are refused (Art. 6e): ``ceiling_left`` says what is left. A municipality's own
ordinance applies to the budgets of the year it is kept for (Art. 10), else the model
ordinance; the first set-up writes the municipality's version of the model with its own
dates (Art. 5.7). Functions take the register as their first argument;
``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _
from ..money import from_cents, to_cents
from ..store import DESKTOP, now, open_to_all, reads, requires

if TYPE_CHECKING:
    from ..register import Register
    from ..rules import Ordinance


class Municipality(NamedTuple):
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    steering_group_name: str = ""


class Wijk(NamedTuple):
    id: int
    name: str


class Budget(NamedTuple):
    """One neighbourhood's budget for one year (Art. 2.2-2.5)."""

    wijk_id: int
    wijk: str
    year: int
    amount: Decimal
    cost_reservation: Decimal  # at most the ordinance's share of the amount (Art. 2.3)
    ceiling: Decimal  # subsidieplafond (Art. 2.5); by default amount less reservation
    ordinance_id: str | None = None  # None: the model ordinance of 2008


@reads(Read.PUBLIC)
def municipality(register: Register) -> Municipality | None:
    row = register.conn.execute(
        "SELECT name, address, postcode, city, steering_group_name FROM municipality"
    ).fetchone()
    return Municipality(*row) if row else None


@requires(Permission.MANAGE)
def set_municipality(register: Register, municipality: Municipality, actor: str = DESKTOP) -> None:
    if not municipality.name.strip():
        raise UserError(_("Give the name of the municipality."))
    with register.write():
        register.conn.execute(
            "INSERT INTO municipality (id, name, address, postcode, city, steering_group_name) "
            "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, postcode = excluded.postcode, city = excluded.city, "
            "steering_group_name = excluded.steering_group_name",
            [municipality.name.strip(), municipality.address, municipality.postcode,
             municipality.city, municipality.steering_group_name],
        )
        register.event(actor, "municipality_set", None, municipality._asdict())


@reads(Read.PUBLIC)
def wijken(register: Register) -> list[Wijk]:
    return [Wijk(*row) for row in register.conn.execute(
        "SELECT id, name FROM wijk ORDER BY name COLLATE NOCASE")]


@reads(Read.PUBLIC)
def wijk_by_name(register: Register, name: str) -> Wijk | None:
    row = register.conn.execute(
        "SELECT id, name FROM wijk WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
    return Wijk(*row) if row else None


@requires(Permission.MANAGE)
def add_wijk(register: Register, name: str, actor: str = DESKTOP) -> Wijk:
    """Designate a neighbourhood where the voucher scheme applies (Art. 2.1)."""
    name = " ".join(name.split())
    if not name:
        raise UserError(_("Give the name of the neighbourhood."))
    if register.wijk_by_name(name):
        raise UserError(_("There is already a neighbourhood called {name}.").format(name=name))
    with register.write():
        cursor = register.conn.execute("INSERT INTO wijk (name) VALUES (?)", [name])
        register.event(actor, "wijk_added", None, {"name": name})
    return Wijk(cursor.lastrowid, name)


def check_budget(year: int, amount: Decimal, cost_reservation: Decimal, ceiling: Decimal | None,
                 ordinance: "Ordinance") -> Decimal:
    """Whether a budget may be set so (pure); returns its subsidy ceiling, raises UserError.

    Art. 2.3: the college may reserve for its own costs at most the share of the amount the
    ordinance sets. Art. 2.5 and the notes: the subsidy ceiling is by default the amount
    less that reservation, and can be no more than that.
    """
    if amount < 0 or cost_reservation < 0:
        raise UserError(_("A budget cannot be negative."))
    if cost_reservation * 100 > amount * ordinance.max_cost_reservation_percent:
        from ..rules import figures

        cap = (amount * ordinance.max_cost_reservation_percent / 100).quantize(
            Decimal("0.01"), rounding=ROUND_DOWN)
        raise UserError(
            _("The cost reservation may be at most {percent} of the amount (Art. 2.3 of "
              "“{ordinance}”): at most {max}.").format(
                percent=figures(ordinance)["max_cost_reservation"], ordinance=ordinance.title,
                max=_money(cap)))
    available = amount - cost_reservation
    if ceiling is None:
        ceiling = available
    if ceiling < 0 or ceiling > available:
        raise UserError(
            _("The subsidy ceiling cannot be more than the amount less the cost "
              "reservation ({max}).").format(max=_money(available)))
    if not 2000 <= year <= 2200:
        raise UserError(_("{year} is not a budget year.").format(year=year))
    return ceiling


@requires(Permission.MANAGE)
def set_budget(
    register: Register, wijk_id: int, year: int, amount: Decimal,
    cost_reservation: Decimal = Decimal(0), ceiling: Decimal | None = None,
    actor: str = DESKTOP,
) -> Budget:
    """Record a neighbourhood's budget for a year (checked by ``check_budget`` against the
    ordinance in force for that year). A new budget follows the ordinance applied to the
    other budgets of its year."""
    ordinance = ordinance_for(register, wijk_id, year)
    granted = granted_from(register, wijk_id, year)
    if amount < granted:
        raise UserError(_("{granted} is already granted from this budget: the budget cannot "
                          "be {amount}, less than that (Art. 2.2).").format(
                              granted=_money(granted), amount=_money(amount)))
    ceiling = check_budget(year, amount, cost_reservation, ceiling, ordinance)
    if ceiling < granted:  # the ceiling (at most the amount) below what is granted already
        raise UserError(_("{granted} is already granted from this budget: the subsidy ceiling "
                          "cannot be {ceiling}, less than that (Art. 2.5).").format(
                              granted=_money(granted), ceiling=_money(ceiling)))
    with register.write():
        register.conn.execute(
            "INSERT INTO budget (wijk_id, year, amount_cents, cost_reservation_cents, ceiling_cents, "
            "ordinance_id) VALUES (?, ?, ?, ?, ?, (SELECT max(ordinance_id) FROM budget "
            "WHERE year = ?)) ON CONFLICT (wijk_id, year) DO UPDATE SET "
            "amount_cents = excluded.amount_cents, "
            "cost_reservation_cents = excluded.cost_reservation_cents, "
            "ceiling_cents = excluded.ceiling_cents",
            [wijk_id, year, to_cents(amount), to_cents(cost_reservation), to_cents(ceiling),
             year],
        )
        register.event(actor, "budget_set", None, {
            "wijk_id": wijk_id, "year": year, "amount": str(amount),
            "cost_reservation": str(cost_reservation), "ceiling": str(ceiling)})
    register.ordinance_cache.clear()
    return next(b for b in register.budgets() if b.wijk_id == wijk_id and b.year == year)


@reads(Read.BUDGETS)
def budgets(register: Register) -> list[Budget]:
    rows = register.conn.execute(
        "SELECT budget.wijk_id, wijk.name, year, amount_cents, cost_reservation_cents, "
        "ceiling_cents, ordinance_id FROM budget JOIN wijk ON wijk.id = budget.wijk_id "
        "ORDER BY wijk.name COLLATE NOCASE, year")
    return [Budget(w, n, y, from_cents(a), from_cents(r), from_cents(c), o)
            for w, n, y, a, r, c, o in rows]


@requires(Permission.MANAGE)
def add_ordinance(register: Register, path: str | os.PathLike, year: int | None = None,
                  actor: str = DESKTOP, text: str | None = None) -> "Ordinance":
    """Keep a municipality's rule file (or its ``text``) in the register; with ``year``,
    it applies to every budget of that year. The same file again is fine; another file
    with the same id is refused, so decisions stay checkable against the rules they were
    made under."""
    from ..rules import load_ordinance

    path = Path(path)
    if text is None and path.is_file():
        text = path.read_text(encoding="utf-8")
    ordinance = load_ordinance(path, text)
    stored = register.conn.execute("SELECT rules FROM ordinance WHERE id = ?",
                               [ordinance.id]).fetchone()
    if stored and stored[0] != text:
        raise UserError(_("The register already keeps another ordinance with the id "
                          "“{id}”. Give your copy an id of its own (the id line in the "
                          "[ordinance] table).").format(id=ordinance.id))
    with register.write():
        if not stored:
            register.conn.execute(
                "INSERT INTO ordinance (id, title, rules, added_at) VALUES (?, ?, ?, ?)",
                [ordinance.id, ordinance.title, text, now()])
            register.event(actor, "ordinance_added", None,
                        {"id": ordinance.id, "title": ordinance.title})
        if year is not None:
            changed = register.conn.execute(
                "UPDATE budget SET ordinance_id = ? WHERE year = ?", [ordinance.id, year]).rowcount
            if not changed:
                raise UserError(_("There is no budget for {year} yet; set the budget first.")
                                .format(year=year))
            register.event(actor, "ordinance_applied", None, {"id": ordinance.id, "year": year})
    register.ordinance_cache.clear()
    return ordinance


@requires(Permission.MANAGE)
def add_own_ordinance(register: Register, year: int, text: str | None = None,
                      actor: str = DESKTOP, *, id: str | None = None, **dates) -> "Ordinance":
    """Keep the municipality's version of a rule file (the model's when ``text`` is None)
    with its own dates of Art. 5.7 (``rules.municipal_version``) and apply it to the
    budgets of ``year``. Without an ``id`` it gets one from the municipality and the year,
    numbered on when the register already keeps other rules under it."""
    from ..rules import municipal_version, version_id

    found = register.municipality()
    name = found.name if found else ""
    base = id or version_id(name, year)
    for n in range(1, 1000):
        candidate = base if n == 1 or id else f"{base}-{n}"
        version = municipal_version(name, year, text, id=candidate, **dates)
        stored = register.conn.execute("SELECT rules FROM ordinance WHERE id = ?",
                                       [candidate]).fetchone()
        if id or stored is None or stored[0] == version:
            break
    return add_ordinance(register, f"{candidate}.toml", year, actor, text=version)


@reads(Read.PUBLIC)
def ordinance_for(register: Register, wijk_id: int, year: int) -> "Ordinance":
    """The ordinance in force for a neighbourhood's budget year: the one applied to that
    budget; for a budget not yet recorded, the one applied to the other budgets of that
    year; else the model ordinance."""
    from ..rules import load_ordinance, model_ordinance

    key = (wijk_id, year)
    if key not in register.ordinance_cache:
        row = register.conn.execute(
            "SELECT ordinance.id, ordinance.rules FROM ordinance WHERE ordinance.id = coalesce("
            "(SELECT ordinance_id FROM budget WHERE wijk_id = ? AND year = ?), "
            "(SELECT max(ordinance_id) FROM budget WHERE year = ? AND NOT EXISTS "
            "(SELECT 1 FROM budget WHERE wijk_id = ? AND year = ?)))",
            [wijk_id, year, year, wijk_id, year]).fetchone()
        register.ordinance_cache[key] = (load_ordinance(Path(f"{row[0]}.toml"), row[1]) if row
                                     else model_ordinance())
    return register.ordinance_cache[key]


@reads(Read.PUBLIC)
def ordinance_by_id(register: Register, ordinance_id: str | None) -> "Ordinance":
    """The rule file kept under ``ordinance_id`` (the model ordinance for None or one not
    kept): a decision is judged by the ordinance it was taken under (decision.ordinance_id),
    whatever was applied to its budget afterwards."""
    from ..rules import load_ordinance, model_ordinance

    key = ("id", ordinance_id)
    if key not in register.ordinance_cache:
        row = register.conn.execute("SELECT id, rules FROM ordinance WHERE id = ?",
                                    [ordinance_id]).fetchone()
        register.ordinance_cache[key] = (load_ordinance(Path(f"{row[0]}.toml"), row[1]) if row
                                     else model_ordinance())
    return register.ordinance_cache[key]


@reads(Read.DECISIONS)
def decided_under_other(register: Register, year: int, ordinance_id: str) -> int:
    """How many decisions on applications of ``year`` were taken under another ordinance
    than ``ordinance_id``: a rule file applied to a year leaves them as they were."""
    return register.conn.execute(
        "SELECT count(*) FROM decision d JOIN application a ON a.id = d.application_id "
        "WHERE a.year = ? AND a.deleted_at IS NULL AND d.ordinance_id IS NOT ?",
        [year, ordinance_id]).fetchone()[0]


@reads(Read.PUBLIC)
def year_ordinance(register: Register, year: int) -> "Ordinance":
    """The ordinance applied to the budgets of a year (the model one when none is)."""
    return ordinance_for(register, None, year)


@reads(Read.APPLICATIONS)
def years(register: Register) -> list[int]:
    """The budget years, and every year from the first to the last application."""
    from ..applications.lookups import year_span

    first, last = year_span(register)
    years = {row[0] for row in register.conn.execute("SELECT year FROM budget")}
    if first is not None:
        years.update(range(first, last + 1))
    return sorted(years)


@reads(Read.BUDGETS)
def granted_from(register: Register, wijk_id: int, year: int) -> Decimal:
    """What the grants in force (the latest decision of each application) give from a
    neighbourhood's budget of a year."""
    cents = register.conn.execute(
        "SELECT coalesce(sum(d.amount_granted_cents), 0) FROM decision d "
        "JOIN application a ON a.id = d.application_id "
        "WHERE a.wijk_id = ? AND a.year = ? AND a.deleted_at IS NULL "
        "AND d.id = (SELECT max(id) FROM decision WHERE application_id = a.id) "
        "AND d.kind IN ('granted', 'partially_granted')", [wijk_id, year]).fetchone()[0]
    return from_cents(cents)


@reads(Read.BUDGETS)
def ceiling_left(register: Register, wijk_id: int, year: int,
                 leaving_out: int | None = None) -> Decimal | None:
    """What is left under the subsidy ceiling (Art. 2.5, 6e) of a budget after the grants
    in force (the latest decision of each application); None without a budget."""
    row = register.conn.execute("SELECT ceiling_cents FROM budget WHERE wijk_id = ? AND year = ?",
                            [wijk_id, year]).fetchone()
    if row is None:
        return None
    granted = register.conn.execute(
        "SELECT coalesce(sum(d.amount_granted_cents), 0) FROM decision d "
        "JOIN application a ON a.id = d.application_id "
        "WHERE a.wijk_id = ? AND a.year = ? AND a.deleted_at IS NULL AND a.id IS NOT ? "
        "AND d.id = (SELECT max(id) FROM decision WHERE application_id = a.id) "
        "AND d.kind IN ('granted', 'partially_granted')",
        [wijk_id, year, leaving_out]).fetchone()[0]
    return from_cents(row[0] - granted)


@requires(Permission.MANAGE)
def set_up(register: Register, municipality: Municipality, wijk: str, year: int, amount: Decimal,
           cost_reservation: Decimal = Decimal(0), ceiling: Decimal | None = None,
           actor: str = DESKTOP, *, last_issue_date: dt.date | None = None,
           last_completion_date: dt.date | None = None,
           terms_extend_over_holidays: bool | None = None,
           cash_cap: Decimal | None = None) -> Wijk:
    """A first start: the municipality, its first neighbourhood, that year's budget and the
    municipality's version of the model ordinance with its own dates (Art. 5.7; those not
    given as ``rules.suggested_dates`` proposes), applied to that year, and the group's own
    cap on cash per voucher per day if it keeps one (beside the ordinance's cap per payment,
    Art. 9.3b), all in one transaction."""
    with register.write():
        register.set_municipality(municipality, actor)
        created = register.wijk_by_name(wijk) or register.add_wijk(wijk, actor)
        register.set_budget(created.id, year, amount, cost_reservation, ceiling, actor)
        add_own_ordinance(register, year, actor=actor, last_issue_date=last_issue_date,
                          last_completion_date=last_completion_date,
                          terms_extend_over_holidays=terms_extend_over_holidays)
        if cash_cap is not None:
            register.set_cash_cap(cash_cap, actor)
    return created


@open_to_all('whether a first start must set the register up; it says nothing of what it holds')
def is_set_up(register: Register) -> bool:
    """Whether the register has a municipality and at least one neighbourhood."""
    return register.municipality() is not None and bool(register.wijken())


def _money(amount: Decimal) -> str:
    from ..i18n import format_money
    return format_money(amount)


@requires(Permission.MANAGE)
def mirror_public(register: Register, municipality: dict | None, wijken: list[dict]) -> None:
    """Inside the caller's action, on a kiosk PC's register (regiegroep.kiosk): the group's
    municipality and neighbourhoods as its public package gives them, their ids kept, so an
    application handed in at the kiosk names the neighbourhood the group knows."""
    if municipality:
        register.conn.execute(
            "INSERT INTO municipality (id, name, address, postcode, city, "
            "steering_group_name) VALUES (1, :name, :address, :postcode, :city, "
            ":steering_group_name) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "address = excluded.address, postcode = excluded.postcode, city = excluded.city, "
            "steering_group_name = excluded.steering_group_name", municipality)
    for wijk in wijken:
        register.conn.execute("INSERT INTO wijk (id, name) VALUES (?, ?) ON CONFLICT (id) "
                              "DO UPDATE SET name = excluded.name", [wijk["id"], wijk["name"]])
