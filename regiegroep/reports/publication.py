"""What may be made public of the grants (Art. 7.2): which initiatives received how much,
by which route and when, and the applicant's name only where they agreed (AVG).

Everyone may read this, the kiosk too: it holds nothing else of anyone. The public notice
of granted initiatives and the kiosk's screen both take their entries from here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..trust.access import Read
from ..money import from_cents
from ..store import reads

if TYPE_CHECKING:
    from ..register import Register


class PublishedGrant(NamedTuple):
    title: str
    wijk: str
    name: str  # "" unless the applicant agreed to publication (publish_name)
    amount: Decimal
    route: str | None  # rules.STEERING_GROUP or rules.CONSULTATION
    date: dt.date


@reads(Read.PUBLIC)
def published_grants(register: Register, wijk_id: int | None = None,
                     start: dt.date | None = None, end: dt.date | None = None
                     ) -> list[PublishedGrant]:
    """The grants in force decided from ``start`` to ``end``, oldest first."""
    from ..rules import route

    found = []
    for title, wijk_id_, wijk, year, cost, name, granted, decided in register.conn.execute(
            "SELECT a.title, a.wijk_id, w.name, a.year, a.cost_estimate_cents, "
            "CASE WHEN p.publish_name = 1 THEN p.name ELSE '' END, "
            "coalesce(d.amount_granted_cents, 0), d.decided_on "
            "FROM decision d JOIN application a ON a.id = d.application_id "
            "JOIN wijk w ON w.id = a.wijk_id JOIN applicant p ON p.id = a.applicant_id "
            "WHERE a.deleted_at IS NULL AND d.kind IN ('granted', 'partially_granted') "
            "AND d.id = (SELECT max(id) FROM decision WHERE application_id = a.id) "
            "AND (? IS NULL OR a.wijk_id = ?) AND (? IS NULL OR d.decided_on >= ?) "
            "AND (? IS NULL OR d.decided_on <= ?)",
            [wijk_id, wijk_id, *(start and start.isoformat(),) * 2,
             *(end and end.isoformat(),) * 2]):
        found.append(PublishedGrant(
            title, wijk, name, from_cents(granted),
            route(from_cents(cost) if cost is not None else None,
                  register.ordinance_for(wijk_id_, year)),
            dt.date.fromisoformat(decided)))
    return sorted(found, key=lambda g: (g.date, g.wijk, g.title))
