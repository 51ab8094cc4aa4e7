"""The example register's neighbourhood consultations (Art. 1i, 5.3-5.5): a planned, a
running and a decided one, made through the core as a steering group would (regiegroep.demo
builds the rest of the example)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING
from ..store import requires
from ..trust.access import Permission

if TYPE_CHECKING:
    from ..register import Register


@requires(Permission.MANAGE)
def hold_consultations(register: Register, rng: random.Random, member_ids: list[int],
                       actor: str, last_day: dt.date) -> None:
    """A planned, a running and a decided consultation, while referred initiatives last
    (Art. 5.3-5.5); the one decided counted in every channel and signed off by two."""
    from ..consultations import consultation_channels as channels
    from ..consultations import consultation_results as results
    from .. import consultations as cons

    waiting: dict[int, list] = {}
    for app_id, on in cons.unplanned(register):
        app = register.application(app_id)
        last = register.ordinance_for(app.wijk_id, app.year).last_issue_date
        waiting.setdefault(app.wijk_id, []).append((app_id, on, last))
    for state, take in (("running", 2), ("decided", 2), ("planned", 1)):
        # Each one can be carried through to decisions under the ordinance in force: it is
        # decided two days after it ends, by the last date to grant (Art. 5.7). The running
        # one is open on the example's last day, the planned one comes after it.
        chosen, start = [], None
        for wijk, left in waiting.items():
            for item in left:
                begins = _starts(state, max(on for _a, on, _l in [*chosen, item]), last_day)
                if (state != "running" or begins <= last_day) and all(
                        begins + dt.timedelta(days=9) <= last for _a, _on, last in [*chosen, item]):
                    chosen.append(item)
                    start = begins
                if len(chosen) == take:
                    break
            if chosen:
                waiting[wijk] = [item for item in left if item not in chosen]
                break
        if not chosen:
            continue
        c = cons.plan(register, cons.Consultation(
            wijk, "Wijkraadpleging " + ("najaar" if start.month > 6 else "voorjaar"),
            "combination", start, start + dt.timedelta(days=7),
            tuple(a for a, _on, _last in chosen), place="Buurthuis De Kolk"), actor)
        if state == "planned":
            continue
        codes = cons.new_codes(register, c.id, 40)
        cons.store_codes(register, c.id, codes, actor)
        with cons.voting_on(c.starts_on):  # opened, and the example's votes cast, in its period
            cons.open_voting(register, c.id, actor)
            ids = c.application_ids
            for code in codes[:6]:
                cons.cast_vote(register, c.id, code, {a: rng.choice(("for", "for", "against"))
                                                       for a in ids}, actor)
            if state == "running":
                continue
            for code in codes[6:18]:
                cons.register_at_door(register, c.id, code, actor)
            for a in ids:
                against = rng.randrange(5)
                channels.enter_tally(register, c.id, a, 12 - against - 1, against, 1, member_ids[0], actor)
            channels.confirm_tallies(register, c.id, member_ids[1], actor)
            for sheet, code in enumerate(codes[18:23], 1):
                choices = {a: rng.choice(("for", "against")) for a in ids}
                for member in member_ids[:2]:
                    channels.enter_paper(register, c.id, str(sheet), code, choices, member, actor)
        cons.close_voting(register, c.id, actor)
        result = results.record_result(register, c.id, actor)
        for member in member_ids[:2]:
            results.sign_off(register, result.id, member, actor)
        results.decide(register, c.id, decided_on=c.ends_on + dt.timedelta(days=2), actor=actor)


def _starts(state: str, referred_on: dt.date, last_day: dt.date) -> dt.date:
    """When the example's consultation in ``state`` starts: two weeks after the last of its
    referrals, and for the running and planned ones around and after the last day."""
    start = referred_on + dt.timedelta(days=14)
    if state == "running":
        return max(start, last_day - dt.timedelta(days=4))
    if state == "planned":
        return max(start, last_day + dt.timedelta(days=7))
    return start
