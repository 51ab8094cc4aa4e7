"""The rules: the ordinance as data, and the legal dates (Art. 1-10; Awb; Atw).

``rules`` (this module) reads the rule files of ``resources/``: the model ordinance and a
municipality's own version per year (Art. 10), with the ordinance's figures turned into text
in one place (``figures``). ``rules.deadlines`` computes the decision term of Art. 5.1 and
the objection term of Awb 6:7-6:8, moved past holidays under the Atw. ``rules.ordinance_texts``
gives the ordinance's name and the grounds of Art. 6 in each language. Nothing here reads or
writes the register.

Rule files: the ordinance and the holiday decrees, kept as data in ``resources/``.

A rule file is TOML. A broken one is refused with a message that names the file, the line
and what is wrong, in the user's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import UserError
from ..i18n import _


def resources_dir() -> Path:
    import resources  # the package of data files, installed beside this one

    return Path(resources.__file__).parent


@dataclasses.dataclass(frozen=True)
class Item:
    letter: str
    text: str
    guidance: str = ""


@dataclasses.dataclass(frozen=True)
class Ordinance:
    """One version of the voucher ordinance, as a municipality adopted it."""

    id: str
    title: str
    in_force_from: dt.date
    max_voucher_value: Decimal  # Art. 1a
    consultation_threshold: Decimal  # Art. 5.1, 5.3
    max_cost_reservation_percent: int  # Art. 2.3
    cash_limit_per_redemption: Decimal  # Art. 9.3b
    decision_term_weeks: int  # Art. 5.1, 5.3
    terms_extend_over_holidays: bool
    last_issue_date: dt.date  # Art. 5.7
    last_completion_date: dt.date  # Art. 5.7
    completion_term_days: int  # Art. 4.3, Awb 4:5: the term a request to complete gives
    application_items: tuple[Item, ...]  # Art. 4.2
    refusal_grounds: tuple[Item, ...]  # Art. 6


class _Reader:
    """Reads typed values from a parsed rule file, naming the line of anything wrong.

    A key the file lacks is read from ``defaults`` where given: the model's own file, for
    keys added after a municipality copied it (its copy then keeps the model's figure).
    """

    def __init__(self, path: Path, text: str, data: dict, defaults: dict | None = None):
        self.path, self.lines, self.data, self.defaults = path, text.splitlines(), data, defaults

    def fail(self, key: str, message: str) -> UserError:
        name = key.rsplit(".", 1)[-1]
        line = next((n for n, text in enumerate(self.lines, 1)
                     if text.strip().startswith(name) and "=" in text), None)
        where = _("line {line}").format(line=line) if line else _("key {key}").format(key=key)
        return UserError(_("The rule file {path} cannot be used ({where}): {message}").format(
            path=self.path, where=where, message=message))

    def get(self, key: str, optional: bool = False):
        found = _lookup(self.data, key)
        if found is _MISSING and optional and self.defaults is not None:
            found = _lookup(self.defaults, key)
        if found is _MISSING:
            raise self.fail(key, _("“{key}” is missing.").format(key=key))
        return found

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, _("“{key}” must be a text.").format(key=key))
        return value

    def date(self, key: str) -> dt.date:
        value = self.get(key)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.fail(key, _("“{key}” must be a date like 2009-06-30.").format(key=key))
        return value

    def whole(self, key: str, low: int, high: int, optional: bool = False) -> int:
        value = self.get(key, optional)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, _("“{key}” must be a whole number from {low} to {high}.").format(
                key=key, low=low, high=high))
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, _("“{key}” must be true or false.").format(key=key))
        return value

    def amount(self, key: str) -> Decimal:
        value = self.get(key)
        try:
            amount = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            amount = None
        # NaN, Infinity, 1e30 and amounts no budget holds are refused with the rest (issue 23.5).
        if amount is None or not amount.is_finite() or not 0 <= amount < Decimal("1e13") \
                or amount != amount.quantize(Decimal("0.01")):
            raise self.fail(key, _("“{key}” must be an amount in quotes, like \"5000.00\".").format(
                key=key))
        return amount.quantize(Decimal("0.01"))

    def items(self, key: str, letters: str, guidance: bool) -> tuple[Item, ...]:
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, _("“{key}” must be a list of [[{key}]] tables.").format(key=key))
        found = tuple(Item(str(v.get("letter", "")), str(v.get("text", "")),
                           str(v.get("guidance", ""))) for v in value)
        if "".join(i.letter for i in found) != letters or not all(i.text.strip() for i in found):
            raise self.fail(key, _("“{key}” must have the items {letters}, in order, each with a "
                                   "text.").format(key=key, letters=", ".join(letters)))
        if guidance and not all(i.guidance.strip() for i in found):
            raise self.fail(key, _("every item of “{key}” needs guidance.").format(key=key))
        return found


_MISSING = object()


def _lookup(data: dict, key: str):
    value = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _read(path: Path) -> str:
    from ..files import read_input

    try:
        return read_input(path).decode("utf-8")
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise UserError(_("The rule file {path} is not UTF-8 text.").format(path=path)) from None


def _parse(path: Path, text: str | None = None) -> tuple[str, dict]:
    text = _read(path) if text is None else text
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "Expected ... (at line 12, column 5)": keep its words, say where.
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        detail = str(exc)[:found.start()].strip() if found else str(exc)
        if found:
            raise UserError(_("The rule file {path} cannot be read at line {line}, column "
                              "{column}: {detail}").format(path=path, line=found.group(1),
                                                           column=found.group(2), detail=detail)
                            ) from None
        raise UserError(_("The rule file {path} cannot be read: {detail}").format(
            path=path, detail=detail)) from None


def load_ordinance(path: str | Path, text: str | None = None) -> Ordinance:
    """Read an ordinance rule file (or its ``text``, as a register keeps it, named by
    ``path``); raises UserError naming the line of anything wrong."""
    path = Path(path)
    text, data = _parse(path, text)
    r = _Reader(path, text, data, defaults=_model_data() if path != _model_path() else None)
    ordinance = Ordinance(
        id=r.text("ordinance.id"),
        title=r.text("ordinance.title"),
        in_force_from=r.date("ordinance.in_force_from"),
        max_voucher_value=r.amount("amounts.max_voucher_value"),
        consultation_threshold=r.amount("amounts.consultation_threshold"),
        max_cost_reservation_percent=r.whole("amounts.max_cost_reservation_percent", 0, 100),
        cash_limit_per_redemption=r.amount("amounts.cash_limit_per_redemption"),
        decision_term_weeks=r.whole("terms.decision_term_weeks", 1, 52),
        terms_extend_over_holidays=r.flag("terms.terms_extend_over_holidays"),
        last_issue_date=r.date("terms.last_issue_date"),
        last_completion_date=r.date("terms.last_completion_date"),
        completion_term_days=r.whole("terms.completion_term_days", 1, 365, optional=True),
        application_items=r.items("application_items", "abcd", guidance=False),
        refusal_grounds=r.items("refusal_grounds", "abcde", guidance=True),
    )
    if ordinance.max_voucher_value <= 0:
        raise r.fail("amounts.max_voucher_value", _("a voucher must be worth more than nothing."))
    if ordinance.last_completion_date < ordinance.last_issue_date:
        raise r.fail("terms.last_completion_date",
                     _("initiatives cannot have to be finished before their vouchers are issued."))
    return ordinance


def _model_path() -> Path:
    return resources_dir() / "ordinances" / "model-2008.toml"


@functools.lru_cache(maxsize=1)
def _model_data() -> dict:
    return _parse(_model_path())[1]


@functools.lru_cache(maxsize=1)
def model_ordinance() -> Ordinance:
    """The model ordinance of 2008, as shipped."""
    return load_ordinance(_model_path())


def model_text() -> str:
    """The model's rule file as shipped, comments and all: what a municipality copies."""
    return _read(_model_path())


# The lines of a rule file that a municipality adopting the model most often changes, by
# the table and key they stand under.
ADOPTABLE = {
    "id": "ordinance", "title": "ordinance", "in_force_from": "ordinance",
    "max_voucher_value": "amounts", "consultation_threshold": "amounts",
    "max_cost_reservation_percent": "amounts", "cash_limit_per_redemption": "amounts",
    "decision_term_weeks": "terms", "terms_extend_over_holidays": "terms",
    "last_issue_date": "terms", "last_completion_date": "terms",
    "completion_term_days": "terms",
}


def adopt(text: str, **changes) -> str:
    """A copy of a rule file's ``text`` with some of its values changed (``ADOPTABLE``),
    comments and layout kept: how the set-up and the command line write a municipality's
    own version of the model. The result is read back, so a wrong value is refused here."""
    lines = text.splitlines()
    for key, value in changes.items():
        table = ADOPTABLE.get(key)
        if table is None:
            raise ValueError(f"not a key a municipality adopts: {key}")
        written = _toml_value(value)
        start = next((n for n, line in enumerate(lines) if line.strip() == f"[{table}]"), None)
        if start is None:
            lines += ["", f"[{table}]"]
            start = len(lines) - 1
        end = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")),
                   len(lines))
        at = next((n for n in range(start + 1, end)
                   if re.match(rf"\s*{key}\s*=", lines[n])), None)
        if at is None:
            insert = end
            while insert > start + 1 and not lines[insert - 1].strip():
                insert -= 1
            lines.insert(insert, f"{key} = {written}")
        else:
            # The model's comment names its own figure: keep only the article it rests on.
            article = re.search(r"#.*?(Art\. [0-9][0-9a-z.]*[0-9a-z])", lines[at])
            lines[at] = f"{key} = {written}".ljust(44) + (
                f"# {article.group(1)}, as the municipality adopted it" if article else "")
            lines[at] = lines[at].rstrip()
    adopted = "\n".join(lines) + "\n"
    load_ordinance(Path(f"{changes.get('id', 'ordinance')}.toml"), adopted)
    return adopted


def suggested_dates(year: int) -> dict:
    """What the set-up proposes for a municipality's own version of the model for a budget
    year (Art. 5.7): vouchers issued until 31 December of that year, initiatives carried out
    by 31 December of the next; its terms run on past holidays as the model's do."""
    return {"last_issue_date": dt.date(year, 12, 31),
            "last_completion_date": dt.date(year + 1, 12, 31),
            "terms_extend_over_holidays": model_ordinance().terms_extend_over_holidays}


def version_id(municipality: str, year: int) -> str:
    """The id a municipality's own version for a budget year gets unless it names one:
    "zaanstad-2026"."""
    slug = re.sub(r"[^a-z0-9]+", "-", municipality.casefold()).strip("-") or "gemeente"
    return f"{slug}-{year}"


def municipal_version(municipality: str, year: int, text: str | None = None, *,
                      id: str | None = None, **dates) -> str:
    """A municipality's version of a rule file (the model's when ``text`` is None) for a
    budget year with its own dates of Art. 5.7 (``last_issue_date``,
    ``last_completion_date``, ``terms_extend_over_holidays``; those not given are kept,
    or for the model suggested by ``suggested_dates`` and titled after the municipality),
    under ``id`` (``version_id`` by default)."""
    changes = {k: v for k, v in dates.items() if v is not None}
    if text is None:
        text = model_text()
        changes = {**suggested_dates(year), **changes,
                   "title": _("{title}, as {municipality} adopted it for {year}").format(
                       title=model_ordinance().title, municipality=municipality, year=year)}
    return adopt(text, id=id or version_id(municipality, year), **changes)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f'"{value.quantize(Decimal("0.01"))}"'
    if isinstance(value, (int, dt.date)):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


STEERING_GROUP = "steering_group"
CONSULTATION = "consultation"


def route(cost_estimate: Decimal | None, ordinance: Ordinance) -> str | None:
    """Who decides: up to the threshold the steering group (Art. 5.1); above it the steering
    group only checks the initiative against the ordinance and a neighbourhood consultation
    decides (Art. 5.3-5.5). None while the cost estimate is missing."""
    if cost_estimate is None:
        return None
    return CONSULTATION if cost_estimate > ordinance.consultation_threshold else STEERING_GROUP


def decree_days(path: str | Path | None = None) -> frozenset[dt.date]:
    """Days declared equal to general holidays by royal decree (Atw art. 3), from data."""
    path = Path(path) if path else resources_dir() / "holidays.toml"
    text, data = _parse(path)
    r = _Reader(path, text, data)
    table = r.get("decree_days")
    if not isinstance(table, dict):
        raise r.fail("decree_days", _("“{key}” must be a table of years.").format(key="decree_days"))
    days = set()
    for year, listed in table.items():
        if not isinstance(listed, list) or not all(
                isinstance(d, dt.date) and not isinstance(d, dt.datetime) and str(d.year) == year
                for d in listed):
            raise r.fail(f"decree_days.{year}", _(
                "the days of {year} must be dates in {year}, like [{year}-05-15].").format(year=year))
        days.update(listed)
    return frozenset(days)


def figures(ordinance: Ordinance, language: str | None = None) -> dict[str, str]:
    """The ordinance's own figures as a text says them, in the current language: what the
    screens, letters, notices and the manual fill in, so none of them repeats the model's."""
    from ..i18n import catalog, format_date, format_money, format_number

    ngettext = catalog(language).ngettext
    weeks, days = ordinance.decision_term_weeks, ordinance.completion_term_days
    return {
        "max_voucher_value": format_money(ordinance.max_voucher_value, language),
        "consultation_threshold": format_money(ordinance.consultation_threshold, language),
        "max_cost_reservation": format_number(ordinance.max_cost_reservation_percent,
                                              language) + "%",
        "cash_limit": format_money(ordinance.cash_limit_per_redemption, language),
        "decision_term": ngettext("{n} week", "{n} weeks", weeks).format(n=weeks),
        "completion_term": ngettext("{n} day", "{n} days", days).format(n=days),
        "last_issue_date": format_date(ordinance.last_issue_date, language),
        "last_completion_date": format_date(ordinance.last_completion_date, language),
    }
