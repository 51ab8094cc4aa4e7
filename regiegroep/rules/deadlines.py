"""Legal dates: the decision term of the ordinance and the objection term of the Awb.

Each function returns a Deadline: the date, and a sentence in the current language saying
how it was reached, for the letter and for the volunteer who wants to check it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable

from dateutil.easter import easter

from ..i18n import _, format_date, ngettext
from . import Ordinance, decree_days

OBJECTION_WEEKS = 6  # Awb 6:7


@dataclasses.dataclass(frozen=True)
class Deadline:
    date: dt.date
    explanation: str


@dataclasses.dataclass(frozen=True)
class Suspension:
    """A request to complete the application (Awb 4:5), which suspends the decision term
    (Awb 4:15) from the day after ``requested`` until ``until``: the day the application
    was completed, or the last day of the term set for completing it if that ran out."""

    requested: dt.date
    until: dt.date

    @property
    def days(self) -> int:
        # From the day after the request up to and including the end day.
        return max(0, (self.until - self.requested).days)


@dataclasses.dataclass(frozen=True)
class CompletionRequest:
    """A request to complete an application (Art. 4.3, Awb 4:5) and what became of it."""

    requested_on: dt.date
    term_days: int
    missing: str  # the Art. 4.2 items asked for, as letters
    completed_on: dt.date | None = None
    id: int | None = None

    @property
    def term_ends(self) -> dt.date:
        return self.requested_on + dt.timedelta(days=self.term_days)

    @property
    def suspension(self) -> "Suspension":
        """Awb 4:15: until the day it was completed, or the term ran out unused."""
        until = self.completed_on if self.completed_on and self.completed_on < self.term_ends \
            else self.term_ends
        return Suspension(self.requested_on, until)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    sunday = easter(year)
    days = {
        dt.date(year, 1, 1),  # New Year's Day
        sunday - dt.timedelta(days=2),  # Good Friday (as the project's brief lists it)
        sunday + dt.timedelta(days=1),  # Easter Monday
        sunday + dt.timedelta(days=39),  # Ascension Day
        sunday + dt.timedelta(days=50),  # Whit Monday
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
        dt.date(year, 5, 5),  # every year, not only in lustrum years
    }
    # The day the King's birthday is celebrated: 27 April, or 26 April when the 27th is a
    # Sunday (from 2014; before, the Queen's Day on 30 April, or 29 April for a Sunday).
    if year >= 2014:
        kings = dt.date(year, 4, 27)
        days.add(kings - dt.timedelta(days=1) if kings.weekday() == 6 else kings)
    else:
        queens = dt.date(year, 4, 30)
        days.add(queens - dt.timedelta(days=1) if queens.weekday() == 6 else queens)
    return frozenset(days)


@functools.lru_cache(maxsize=1)
def _decree_days() -> frozenset[dt.date]:
    return decree_days()


def is_general_holiday(day: dt.date | dt.datetime) -> bool:
    """A general holiday under Atw art. 3, including the days royal decrees declare equal
    (kept as data in resources/holidays.toml)."""
    day = _day(day)
    return day in _holidays(day.year) or day in _decree_days()


def _is_closed(day: dt.date) -> bool:
    return day.weekday() >= 5 or is_general_holiday(day)


def _run_on(day: dt.date) -> dt.date:
    """Atw art. 1: a term ending on a Saturday, Sunday or general holiday runs on to the next
    day that is none of these."""
    while _is_closed(day):
        day += dt.timedelta(days=1)
    return day


def decision_day(received: dt.date, ordinance: Ordinance, suspended_days: int = 0) -> dt.date:
    """The date decision_deadline gives, without the words (for selecting many)."""
    end = received + dt.timedelta(weeks=ordinance.decision_term_weeks, days=suspended_days)
    return _run_on(end) if ordinance.terms_extend_over_holidays else end


def decision_deadline(received: dt.date | dt.datetime, ordinance: Ordinance,
                      suspensions: Iterable[Suspension | tuple[dt.date, dt.date]] = ()) -> Deadline:
    """The last day to decide on an application (Art. 5.1, 5.3 of the ordinance).

    The same weekday the ordinance's term in weeks after receipt, plus the days suspended by
    requests to complete the application (Awb 4:15), run on past weekends and holidays only
    if the ordinance says so.
    """
    received = _day(received)
    weeks = ordinance.decision_term_weeks
    end = received + dt.timedelta(weeks=weeks)
    parts = [ngettext("Received on {received}; the ordinance gives {weeks} week to decide: {end}.",
                      "Received on {received}; the ordinance gives {weeks} weeks to decide: {end}.",
                      weeks).format(received=format_date(received), weeks=weeks,
                                    end=format_date(end))]
    for suspension in suspensions:
        if not isinstance(suspension, Suspension):
            suspension = Suspension(_day(suspension[0]), _day(suspension[1]))
        if suspension.days:
            end += dt.timedelta(days=suspension.days)
            parts.append(ngettext(
                "The request to complete it of {requested} suspended the term by {days} day, "
                "until {until} (Awb 4:15): {end}.",
                "The request to complete it of {requested} suspended the term by {days} days, "
                "until {until} (Awb 4:15): {end}.", suspension.days).format(
                    requested=format_date(suspension.requested), days=suspension.days,
                    until=format_date(suspension.until), end=format_date(end)))
    if ordinance.terms_extend_over_holidays:
        moved = _run_on(end)
        if moved != end:
            parts.append(_("That is a Saturday, Sunday or general holiday, so the term runs on "
                           "to {end}.").format(end=format_date(moved)))
        end = moved
    return Deadline(end, " ".join(parts))


def objection_deadline(sent: dt.date | dt.datetime) -> Deadline:
    """The last day to object to a decision (Awb 6:7, 6:8; Atw art. 1).

    Six weeks, starting the day after the decision was sent or handed over; a term ending
    on a Saturday, Sunday or general holiday runs on to the next day that is none.
    """
    sent = _day(sent)
    end = sent + dt.timedelta(weeks=OBJECTION_WEEKS)
    parts = [_("Sent on {sent}; the six weeks for an objection start the next day and end on "
               "{end} (Awb 6:7, 6:8).").format(sent=format_date(sent), end=format_date(end))]
    moved = _run_on(end)
    if moved != end:
        parts.append(_("That is a Saturday, Sunday or general holiday, so the term runs on to "
                       "{end} (Algemene termijnenwet).").format(end=format_date(moved)))
    return Deadline(moved, " ".join(parts))


def receipt_cutoff(day: dt.date, ordinance: Ordinance) -> dt.date:
    """The first day of receipt whose decision deadline (without suspensions) falls on or
    after ``day``: applications received before it were due before ``day``.

    Deadlines never go down as the day of receipt goes up, so a search finds it; the
    register uses it to select overdue applications in SQL.
    """
    low = day - dt.timedelta(weeks=ordinance.decision_term_weeks + 3)
    high = day - dt.timedelta(weeks=ordinance.decision_term_weeks) + dt.timedelta(days=1)
    while low < high:  # the first receipt day in [low, high] with deadline >= day
        middle = low + (high - low) // 2
        if decision_day(middle, ordinance) >= day:
            high = middle
        else:
            low = middle + dt.timedelta(days=1)
    return low
