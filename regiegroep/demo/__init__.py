"""The example register and other groups' examples (``demo --seed``).

``demo`` (this module) fills a register with an invented steering group's year through the
rooms' own actions; ``demo.demo_consultations`` adds its consultations.

The example register: an invented steering group's year, the same every time.

Made from a fixed seed and fixed dates, so screenshots, tests and benchmarks see the same
register. ``size`` can go to 100,000 applications for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..trust.access import Permission, STEERING_GROUP
from ..errors import UserError
from ..i18n import _
from ..model import Applicant, ApplicantKind, Application, CostLine, Status, Theme, gaps
from ..store import COMMAND_LINE, requires
from ..budgets import Municipality
from ..register import Register

if TYPE_CHECKING:
    from ..deciding.decision import Decision
    from .demo_places import Place
    from ..vouchers.payments import Payment

# The decisions, payments and the ordinance's rules are imported where the example is
# built: the sign-in page reads only the example people's PINs from here.

SEED = 2008
DEFAULT_SIZE = 60
BATCH = 100_000
FIRST_DAY = dt.date(2025, 1, 6)
LAST_DAY = dt.date(2026, 10, 30)

WIJKEN = {
    # name: (street names, postcode prefix, budget per year)
    "Poelenburg": (["Poelenburgerweg", "Pelikaanweg", "Ooievaarstraat", "Reigerstraat",
                    "Zwanenstraat", "Meeuwenlaan"], "1504", Decimal("300000")),
    "Peldersveld": (["Pelderslaan", "Pieter Lastmankade", "Vincent van Goghweg",
                     "Rembrandtstraat", "Jan Steenstraat"], "1502", Decimal("180000")),
    "Kogerveld": (["Kogerveldweg", "Jufferstraat", "Zuiderhoofdstraat", "Kogerpolderpad",
                   "Mauritsstraat"], "1503", Decimal("120000")),
}
COST_RESERVATION = Decimal("0.05")  # the college reserves 5% for its own costs (Art. 2.3)

MEMBERS = [("Joke van der Meer", "chair"), ("Marieke Bakker", "secretary"),
           ("Hasan Yıldız", "member"), ("Ahmed El Amrani", "member"),
           ("Gerda Visser", "member"), ("Ryan Martina", "member"), ("Ewa Nowak", "member")]
# Beside the steering group: the municipality's cash manager, and the kiosk in the
# community centre, which signs in as a "person" of its own.
OTHERS = [("Priya Ramdin", "cash_manager"), ("Kiosk buurthuis", "kiosk")]
# Everyone's PIN, listed in README so that a newcomer can try every role (issue 3).
PINS = {"Joke van der Meer": "1111", "Marieke Bakker": "2222", "Hasan Yıldız": "3333",
        "Ahmed El Amrani": "4444", "Gerda Visser": "5555", "Ryan Martina": "6666",
        "Ewa Nowak": "7777", "Priya Ramdin": "8888", "Kiosk buurthuis": "0000"}

FIRST_NAMES = ["Fatma", "Mohamed", "Anouk", "Kees", "Ayşe", "Yusuf", "Sanne", "Piotr",
               "Latifa", "Henk", "Shanti", "Sevda", "Youssef", "Marjolein", "Jurgen",
               "Agnieszka", "Ilse", "Mustafa", "Naima", "Ruud", "Kenneth", "Zeynep",
               "Bram", "Samira", "Wilma", "Kadir", "Esra", "Rachid", "Els", "Tomasz"]
LAST_NAMES = ["Yılmaz", "de Vries", "Jansen", "El Idrissi", "Öztürk", "Kowalski", "Bakker",
              "Boukhari", "Smit", "Doğan", "Mulder", "Ramdin", "Kaya", "de Jong", "Visser",
              "Wiśniewska", "Bouzid", "Hendriks", "Pinas", "Çelik", "van Dijk", "Ait Taleb",
              "Koster", "Sedney", "Meijer", "Şahin", "Brouwer", "Lewandowski", "Ben Ali", "Vos"]
GROUP_NAMES = ["Bewonerscommissie {street}", "Speeltuinwerkgroep {wijk}", "Moestuinclub {wijk}",
               "Vrouwengroep Buurthuis De Kolk", "Jongerenplatform {wijk}", "Seniorenclub De Linde",
               "Buurtpreventie {street}", "Straatgroep {street}", "Ouders van De Regenboog"]
LEGAL_NAMES = ["Stichting Wijkfeest {wijk}", "Vereniging Buurthuis De Kolk",
               "Stichting Huiswerkhulp {wijk}", "Voetbalvereniging {wijk} Boys",
               "Stichting Samen Koken", "Vereniging Volkstuinen {wijk}"]

# (title, theme, description, execution, planning, liveability, cost range, lines)
INITIATIVES = [
    ("Straatfeest {street}", Theme.INTEGRATION,
     "Een straatfeest voor alle bewoners van de {street}, met muziek, eten uit verschillende keukens en spelletjes voor de kinderen.",
     "Bewoners koken zelf; we huren een partytent, tafels en een geluidsinstallatie. De straat wordt afgezet met een vergunning van de gemeente.",
     "Op een zaterdag in juni, van 14.00 tot 21.00 uur; voorbereiding vanaf april.",
     "Buren leren elkaar kennen; na vorige feesten helpen mensen elkaar meer en is er minder overlast.",
     (900, 2600), [("Huur partytent en tafels", 0.4), ("Geluid en muziek", 0.3), ("Boodschappen", 0.3)]),
    ("Bloembakken langs de {street}", Theme.HOUSING,
     "Twintig grote bloembakken met vaste planten langs de {street}.",
     "Bewoners plaatsen en vullen de bakken; vijf gezinnen geven om beurten water.",
     "Plaatsen in april, onderhoud het hele seizoen.",
     "De straat wordt groener en vriendelijker; bewoners voelen zich verantwoordelijk voor hun straat.",
     (700, 3200), [("Bloembakken", 0.55), ("Planten en potgrond", 0.45)]),
    ("Huiswerkklas in buurthuis De Kolk", Theme.LEARNING,
     "Twee middagen per week huiswerkbegeleiding voor kinderen uit groep 7 en 8 en de brugklas.",
     "Vrijwilligers uit de wijk begeleiden; we kopen boeken, laptops en een printer.",
     "Van september tot de zomervakantie, dinsdag en donderdag 15.30-17.30 uur.",
     "Kinderen halen betere resultaten en hangen minder op straat; ouders ontmoeten elkaar.",
     (2500, 7800), [("Twee laptops en printer", 0.5), ("Lesmateriaal", 0.2), ("Vrijwilligersvergoeding", 0.3)]),
    ("Opknappen speeltuin {street}", Theme.SAFETY,
     "Nieuwe speeltoestellen en een hek rond de speeltuin aan de {street}.",
     "Een erkende leverancier plaatst de toestellen; bewoners schilderen het hek. De gemeente neemt het onderhoud over.",
     "Bestellen in maart, plaatsen in mei.",
     "Jonge kinderen kunnen veilig buiten spelen; de plek is nu een hangplek met zwerfvuil.",
     (6000, 14500), [("Speeltoestellen", 0.6), ("Hekwerk", 0.3), ("Verf en materiaal", 0.1)]),
    ("Buurtmoestuin {wijk}", Theme.INTEGRATION,
     "Een gezamenlijke moestuin op het braakliggende veld achter de flats.",
     "Bewoners leggen de tuin aan met hulp van de woningcorporatie; iedere deelnemer krijgt een bak.",
     "Aanleg in het voorjaar, oogstfeest in september.",
     "Bewoners van verschillende afkomst werken samen en eten gezonder.",
     (1500, 5500), [("Hout voor moestuinbakken", 0.45), ("Gereedschap", 0.25), ("Zaden en grond", 0.3)]),
    ("Sporthal huren voor zaalvoetbal", Theme.SAFETY,
     "Een jaar lang op vrijdagavond zaalvoetbal voor jongeren van 14 tot 20 jaar.",
     "Twee trainers uit de wijk begeleiden; we huren de sporthal en kopen ballen en hesjes.",
     "Het hele seizoen, elke vrijdag van 20.00 tot 23.00 uur.",
     "Jongeren hebben een plek op vrijdagavond; de politie verwacht minder overlast op het plein.",
     (9000, 16000), [("Zaalhuur", 0.8), ("Ballen en hesjes", 0.05), ("Vergoeding trainers", 0.15)]),
    ("Computercursus voor ouderen", Theme.LEARNING,
     "Een cursus van tien lessen: mailen, videobellen en DigiD gebruiken.",
     "Vrijwillige docenten; we huren laptops en betalen koffie en een cursusboek.",
     "Tien weken in het najaar, op maandagochtend.",
     "Ouderen raken minder geïsoleerd en kunnen zelf hun zaken regelen.",
     (800, 2400), [("Huur laptops", 0.5), ("Cursusmateriaal", 0.3), ("Koffie en thee", 0.2)]),
    ("Buurtkrant {wijk}", Theme.INTEGRATION,
     "Vier keer per jaar een buurtkrant in het Nederlands met samenvattingen in het Turks, Arabisch en Pools.",
     "Een redactie van vijf bewoners schrijft; een drukker drukt 3.000 exemplaren; jongeren bezorgen.",
     "Nummers in maart, juni, september en december.",
     "Alle bewoners weten wat er in de wijk gebeurt en waar ze terecht kunnen.",
     (2000, 6000), [("Drukwerk", 0.7), ("Vertalingen", 0.2), ("Bezorging", 0.1)]),
    ("Buurtpreventie-app en hesjes", Theme.SAFETY,
     "Een buurtpreventieteam dat 's avonds door de wijk loopt, met hesjes, zaklampen en een app-groep.",
     "Vijftien bewoners lopen in tweetallen; de wijkagent geeft een training.",
     "Start na de training in oktober, doorlopend.",
     "Bewoners voelen zich veiliger; inbraken en vernielingen worden eerder gemeld.",
     (600, 1800), [("Hesjes en zaklampen", 0.6), ("Training", 0.4)]),
    ("Taalcafé in de bibliotheek", Theme.INTEGRATION,
     "Elke woensdag een taalcafé waar nieuwkomers Nederlands oefenen met buurtbewoners.",
     "Vrijwilligers leiden de gesprekken; we betalen koffie, thee en oefenmateriaal.",
     "Het hele jaar, woensdag 10.00-12.00 uur.",
     "Nieuwkomers leren de taal en hun buren kennen; dat versterkt de samenhang.",
     (500, 1600), [("Koffie en thee", 0.5), ("Oefenmateriaal", 0.5)]),
    ("Klusdag voor de buurthuistuin", Theme.HOUSING,
     "Een klusdag om de tuin van het buurthuis op te knappen: bestrating, banken, beplanting.",
     "Bewoners doen het werk onder leiding van een hovenier.",
     "Eén zaterdag in mei.",
     "De tuin wordt weer een ontmoetingsplek voor de hele buurt.",
     (1200, 4200), [("Bestrating en banken", 0.6), ("Planten", 0.25), ("Hovenier", 0.15)]),
    ("Sollicitatietraining voor jongeren", Theme.WORK,
     "Vijf avonden training: cv schrijven, gesprek oefenen, netwerken bij bedrijven uit de regio.",
     "Een trainer uit de wijk en vrijwilligers van bedrijven; afsluiting met een banenmarkt.",
     "Vijf dinsdagavonden in februari en maart.",
     "Jongeren vinden sneller werk of een stage; dat geeft rust en perspectief in de wijk.",
     (1500, 4500), [("Trainer", 0.6), ("Zaalhuur", 0.2), ("Banenmarkt", 0.2)]),
    ("Nieuwe voordeur voor mijn woning", Theme.HOUSING,
     "Ik wil mijn voordeur laten vervangen en schilderen; de oude deur is kapot.",
     "Een aannemer plaatst de deur.",
     "Zo snel mogelijk.",
     "Mijn huis ziet er dan weer netjes uit.",
     (900, 2200), [("Deur en plaatsing", 1.0)]),
    ("Wijkfestival {wijk}", Theme.INTEGRATION,
     "Een festival op het plein met podium, optredens van wijkbewoners, markt en eten.",
     "Een werkgroep van twaalf bewoners organiseert; podium, geluid en beveiliging worden ingehuurd.",
     "Een zondag in augustus; voorbereiding vanaf januari.",
     "Het hele plein komt samen; het festival trekt ook bewoners die nooit naar het buurthuis komen.",
     (11000, 24000), [("Podium en geluid", 0.45), ("Beveiliging en vergunningen", 0.2), ("Optredens", 0.2), ("Markt en eten", 0.15)]),
]

_PRIVATE = INITIATIVES[12]  # the front door: a private interest (Art. 6c)
assert _PRIVATE[0].startswith("Nieuwe voordeur")
_GRANTS = (Status.GRANTED, Status.PARTIALLY_GRANTED, Status.COMPLETED)
_REFUSALS = {
    "a": "De planning is niet haalbaar: de zaal is in die periode niet te huren.",
    "c": "Het initiatief gaat vooral over de eigen woning van de aanvrager, niet over de straat.",
    "d": "Er is niet geregeld wie de voorzieningen na plaatsing beheert en onderhoudt.",
}

_STATUS_WEIGHTS_OLD = {Status.GRANTED: 40, Status.PARTIALLY_GRANTED: 8, Status.REFUSED: 8,
                       Status.LEFT_UNDEALT: 3, Status.WITHDRAWN: 3, Status.COMPLETED: 30,
                       Status.CONSULTATION: 4}
_STATUS_WEIGHTS_NEW = {Status.INCOMPLETE: 25, Status.RECEIVED: 30, Status.COMPLETION_REQUESTED: 10,
                       Status.IN_REVIEW: 20, Status.CONSULTATION: 5, Status.GRANTED: 10}


# Drawn from for every application: made once (the same draws as from the lists and
# weights above; random.choices adds the weights up into these very cumulative weights).
_WIJK_NAMES = tuple(WIJKEN)
_LARGE = next(t for t in INITIATIVES if t[6][1] > 15000)
_FOR_GRANTS = tuple(t for t in INITIATIVES if t[6][0] < 10000 and t is not _PRIVATE)
_KINDS, _KIND_WEIGHTS = tuple(ApplicantKind), list(itertools.accumulate([5, 3, 2]))
_NEW, _OLD = ((tuple(w), list(itertools.accumulate(w.values())))
              for w in (_STATUS_WEIGHTS_NEW, _STATUS_WEIGHTS_OLD))


# Each line's share of the cost as Decimal(str(share)), made once; amounts in whole euros.
_SHARES = {share: Decimal(str(share)) for t in INITIATIVES for _line, share in t[7]}
_EURO = Decimal(1)


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high, 5))


def _application(rng: random.Random, received: dt.datetime, wijk_ids: dict[str, int],
                 status: Status | None, place: Place | None = None) -> Application:
    wijken, names = (WIJKEN, _WIJK_NAMES) if place is None else (place.wijken, place.names)
    wijk = rng.choice(names)
    streets, pc, _budget = wijken[wijk]
    street = rng.choice(streets)
    template = rng.choice(INITIATIVES)
    if status is Status.CONSULTATION:
        template = _LARGE
    elif status in _GRANTS:
        # Granted by the steering group itself: up to EUR 10,000 (Art. 5.1), for the street.
        template = rng.choice(_FOR_GRANTS)
    title, theme, description, execution, planning, liveability, (low, high), lines = template
    if status in _GRANTS:
        high = min(high, 10000)
    fill = {"street": street, "wijk": wijk}
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    kind = rng.choices(_KINDS, cum_weights=_KIND_WEIGHTS)[0]
    if title.startswith("Nieuwe voordeur"):
        kind = ApplicantKind.RESIDENT
    if kind is ApplicantKind.RESIDENT:
        name, contact = person, ""
    elif kind is ApplicantKind.GROUP:
        name, contact = rng.choice(GROUP_NAMES).format(**fill), person
    else:
        name, contact = rng.choice(LEGAL_NAMES).format(**fill), person
    cost = _money(rng, low, high)
    if status is Status.CONSULTATION:
        cost = max(cost, Decimal(10500))
    cost_lines, rest = [], cost
    for i, (line, share) in enumerate(lines):
        amount = rest if i == len(lines) - 1 else (cost * _SHARES[share]).quantize(_EURO)
        cost_lines.append(CostLine(line, amount))
        rest -= amount
    other = rng.random() < 0.15
    app = Application(
        received_at=received, wijk_id=wijk_ids[wijk], wijk=wijk,
        applicant=Applicant(
            kind=kind, name=name, contact_person=contact,
            address=f"{street} {rng.randrange(1, 180)}",
            postcode=f"{pc} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
            phone=f"06-{rng.randrange(10000000, 99999999)}",
            email=f"{person.split()[0].lower()}{rng.randrange(10, 99)}@voorbeeld.nl" if rng.random() < 0.7 else "",
            town="Zaandam" if place is None else place.town,
        ),
        signed=True, title=title.format(**fill), description=description.format(**fill),
        execution=execution, planning=planning, liveability=liveability,
        cost_estimate=cost, cost_lines=cost_lines if rng.random() < 0.6 else [],
        vouchers_requested=max(1, -(-int(cost) // 5000)),
        other_subsidy=other,
        other_subsidy_details="Ook aangevraagd bij het Oranje Fonds (€ 450)." if other else "",
        theme=theme,
    )
    wants_gap = status in (Status.INCOMPLETE, Status.COMPLETION_REQUESTED, Status.LEFT_UNDEALT)
    if wants_gap:
        gap = rng.choice(["cost", "signature", "phone", "planning", "subsidy"])
        if gap == "cost":
            app.cost_estimate, app.cost_lines = None, []
        elif gap == "signature":
            app.signed = False
        elif gap == "phone":
            app.applicant.phone = ""
        elif gap == "planning":
            app.planning = ""
        else:
            app.other_subsidy, app.other_subsidy_details = None, ""
    app.status = status
    assert bool(gaps(app)) == wants_gap
    return app


@requires(Permission.MANAGE)
def build(register: Register, size: int = DEFAULT_SIZE, progress=None,
          seed: int | None = None) -> int:
    """Fill an empty register with the example steering group; returns applications made.
    ``seed``: another group's example (demo_places), the same every time for that seed."""
    if size < 0:
        raise UserError(_("The size must be 0 or more."))
    if register.count() or register.wijken():
        raise UserError(_("The register is not empty; the example goes into a new file."))
    place = None
    if seed is None:
        rng = random.Random(SEED)
    else:
        from .demo_places import place_of

        place = place_of(seed)
        rng = random.Random(f"regiegroep-demo-{seed}")
    wijken = WIJKEN if place is None else place.wijken
    actor = COMMAND_LINE
    register.mark_as_example(actor)
    from ..budgets.contact import GroupContact, set_group_contact
    from ..budgets.kiosk_place import set_kiosk_place
    if place is None:
        register.set_municipality(Municipality(
            name="Zaanstad", address="Stadhuisplein 100", postcode="1506 MZ", city="Zaandam",
            steering_group_name="Regiegroep Bewonersbudget Zaanstad"), actor)
        set_group_contact(register, GroupContact(
            address="Wijkcentrum De Vlinder, Poelenburg 1", postcode="1504 NA", town="Zaandam",
            phone="075-123 45 67", email="regiegroep@voorbeeld.nl"), actor)
        set_kiosk_place(register, "Wijkcentrum De Vlinder, Poelenburg 1 (in de hal; dinsdag en "
                        "donderdag 10.00-12.00 uur)", actor)
    else:
        register.set_municipality(place.municipality, actor)
        set_group_contact(register, place.contact, actor)
    wijk_ids = {name: register.add_wijk(name, actor).id for name in wijken}
    member_ids = []
    for name, role in MEMBERS + OTHERS:
        person = register.add_member(name, role, actor=actor)
        register.set_pin(person.id, PINS[name], actor)
        if role in STEERING_GROUP:
            member_ids.append(person.id)

    span = (LAST_DAY - FIRST_DAY).days
    # Moments of receipt, spread over the period, in order.
    moments = sorted(
        dt.datetime.combine(FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1)),
                            dt.time(rng.choice([9, 10, 11, 14, 15, 16, 19, 20]), rng.randrange(0, 60, 5)))
        for _i in range(size))
    # The first applications show every status once, so even a small example has them all.
    forced = list(Status)
    apps: list[Application] = []
    for index, moment in enumerate(moments):
        age = (LAST_DAY - moment.date()).days
        if index < len(forced):
            status = forced[index]
        else:
            statuses, weights = _NEW if age < 45 else _OLD
            status = rng.choices(statuses, cum_weights=weights)[0]
        apps.append(_application(rng, moment, wijk_ids, status, place))

    # Zaanstad adopted the ordinance with two changes (JOURNEYS, scene 1): its own terms run
    # on past holidays, and each year's vouchers are issued until the next 30 June and spent
    # by the next 30 September.
    from ..rules import resources_dir

    model_text = (resources_dir() / "ordinances" / "model-2008.toml").read_text(encoding="utf-8")

    def zaanstad(year: int) -> str:
        return (model_text
                .replace('id = "model-2008"', f'id = "zaanstad-{year}"')
                .replace('title = "Subsidieverordening vouchers bewonersinitiatieven (model G31, 2008)"',
                         f'title = "Subsidieverordening vouchers bewonersinitiatieven Zaanstad {year}"')
                .replace("terms_extend_over_holidays = false", "terms_extend_over_holidays = true")
                .replace("last_issue_date = 2009-06-30", f"last_issue_date = {year + 1}-06-30")
                .replace("last_completion_date = 2009-12-31", f"last_completion_date = {year + 1}-09-30"))

    # Budgets (Art. 2): the usual amounts, larger where a big example grants more.
    granted: dict[tuple[int, int], Decimal] = {}
    for app in apps:
        if app.status in _GRANTS:
            key = (app.wijk_id, app.year)
            granted[key] = granted.get(key, Decimal(0)) + app.cost_estimate
    for name, (_streets, _pc, base) in wijken.items():
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            need = granted.get((wijk_ids[name], year), Decimal(0)) * Decimal("1.15")
            amount = max(base, (need / 10000).to_integral_value(rounding="ROUND_CEILING") * 10000)
            register.set_budget(wijk_ids[name], year, amount,
                                (amount * COST_RESERVATION).quantize(Decimal(1)), actor=actor)
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        if place is None:
            register.add_ordinance(f"zaanstad-{year}.toml", year, actor, text=zaanstad(year))
        else:
            text = place.ordinance(model_text, year)
            register.add_ordinance(f"{place.slug}-{year}.toml", year, actor, text=text)

    made, standing = 0, []  # standing: serials of initiatives still under way
    # In batches of BATCH, each stage one transaction: the checks of a stage read what the
    # register already holds, so fewer, larger batches read it fewer times.
    for start in range(0, len(apps), BATCH):
        batch = apps[start:start + BATCH]
        made += len(register.register_applications(batch, actor, source="demo"))
        with register.write():  # Art. 4.3: the incomplete ones were asked to complete them
            for app in batch:  # (each request its own action, all in one transaction)
                if app.status in (Status.COMPLETION_REQUESTED, Status.LEFT_UNDEALT):
                    requested = min(app.received_at.date()
                                    + dt.timedelta(days=rng.randrange(1, 5)), LAST_DAY)
                    register.request_completion(app.id, requested, actor=actor)
        decided = [app for app in batch if app.status in _DECIDED]
        decisions = register.decide_many([(app.id, _decision(rng, app, member_ids))
                                          for app in decided], actor, source="demo")
        granted = [(app, d) for app, d in zip(decided, decisions) if d.amount_granted]
        serials = register.issue_many([(app.id, None, d.decided_on) for app, d in granted],
                                      actor, source="demo", serials_from=rng)
        from ..vouchers.issuing import vouchers_by_serial

        per_app: dict[int, list] = {}  # the vouchers issued, in order: the voucher table's
        issued = vouchers_by_serial(register, serials)
        for serial in serials:
            per_app.setdefault(issued[serial].application_id, []).append(issued[serial])
        register.redeem_many([item for app, decision in granted
                              for item in _payments(rng, app, decision, per_app[app.id])],
                             actor, source="demo")
        standing += [voucher.serial for app, _d in granted if app.status is not Status.COMPLETED
                     for voucher in per_app[app.id]]
        if progress:
            progress(made, size)
    _lost_and_expired(register, rng, standing, actor)
    from .demo_consultations import hold_consultations

    hold_consultations(register, rng, member_ids, actor, LAST_DAY)
    if progress:
        progress(made, size)
    return made


_DECIDED = (*_GRANTS, Status.REFUSED, Status.LEFT_UNDEALT, Status.CONSULTATION)


SUPPLIERS = ["Bouwmarkt Zaandam", "Drukkerij De Zaan", "Partyverhuur Zaanstreek",
             "Tuincentrum Assendelft", "Sport- en spelverhuur Noord", "Cateraar Zaans Proeflokaal"]


def _payments(rng: random.Random, app: Application, decision: Decision,
              vouchers: list) -> list[tuple[int, Payment]]:
    """What the cash manager paid from the vouchers (Art. 9): all of it for a carried-out
    initiative, a first invoice for some still under way; now and then a little in cash."""
    from ..vouchers.payments import Payment, Way

    serials = [v.serial for v in vouchers]
    if app.status is Status.COMPLETED:
        spend = [v.value for v in vouchers]
    elif vouchers and rng.random() < 0.4:
        spend = [(vouchers[0].value * Decimal("0.6")).quantize(Decimal("0.01"))]
    else:
        return []
    paid_on = min(decision.decided_on + dt.timedelta(days=rng.randrange(10, 60)), LAST_DAY)
    payments = []
    for serial, amount in zip(serials, spend):
        cash = min(Decimal(rng.choice([0, 0, 0, 150, 250, 500])), amount)
        invoice = f"Factuur {rng.randrange(1000, 9999)}"
        if amount - cash > 0:
            payments.append((app.id, Payment(serial, paid_on, Way.SUPPLIER, amount - cash,
                                             payee=rng.choice(SUPPLIERS), description=invoice,
                                             iban=rng.choice(IBANS), invoice=invoice)))
        if cash:
            payments.append((app.id, Payment(serial, paid_on, Way.CASH, cash)))
    return payments


IBANS = ["NL91ABNA0417164300", "NL44RABO0123456789", "NL20INGB0001234567"]


def _lost_and_expired(register: Register, rng: random.Random, standing: list[str],
                      actor: str) -> None:
    """Now and then a voucher is lost and replaced by a new serial, once a refused payment
    (Art. 9.2); what is left on vouchers past their valid-until date expires (Art. 5.7)."""
    from ..vouchers.payments import Way

    for serial in standing[3::97][:200]:
        register.void_voucher(serial, "Verloren door de houder", today=LAST_DAY, actor=actor,
                              serials_from=rng)
    if standing[1:2]:
        register.refuse_payment(standing[1], Decimal("95.00"), "Een eigen tuinset, niet voor "
                                "het initiatief", Way.SUPPLIER, LAST_DAY, actor)
    register.expire_vouchers(LAST_DAY, actor)


def _decision(rng: random.Random, app: Application, member_ids: list[int]) -> Decision:
    """The decision that brought the example application to its status."""
    from ..deciding.decision import Decision, Kind

    decided_on = min(app.received_at.date() + dt.timedelta(days=rng.randrange(7, 28)), LAST_DAY)
    members = tuple(sorted(rng.sample(member_ids, 4)))
    if app.status is Status.CONSULTATION:
        return Decision(Kind.REFERRED, decided_on, members)
    if app.status is Status.LEFT_UNDEALT:
        # After the fourteen days to complete it ran out (Awb 4:5).
        decided_on = app.received_at.date() + dt.timedelta(days=20 + rng.randrange(10))
        return Decision(Kind.LEFT_UNDEALT, decided_on, members)
    if app.status is Status.REFUSED:
        ground = "c" if app.title.startswith("Nieuwe voordeur") else rng.choice("ad")
        return Decision(Kind.REFUSED, decided_on, members, refusal_grounds={ground: _REFUSALS[ground]})
    if app.status is Status.PARTIALLY_GRANTED:
        part = (app.cost_estimate * Decimal("0.8")).quantize(Decimal(10))
        # The rest is refused on a ground of Art. 6, as its notes require.
        return Decision(Kind.PARTIALLY_GRANTED, decided_on, members, amount_granted=part,
                        refusal_grounds={"a": "Het tweede deel van het programma past niet in de "
                                              "planning van de aanvraag: de zaal is dan niet vrij. "
                                              "Dat deel laten we weg."})
    return Decision(Kind.GRANTED, decided_on, members,
                    start_within_days=90 if rng.random() < 0.5 else None)


def write_demo(path: str | os.PathLike, size: int = DEFAULT_SIZE, progress=None,
               seed: int | None = None) -> int:
    """Write the example register to a new file at ``path`` (with ``seed``: the example of
    another group, regiegroep.demo_places)."""
    path = Path(path)
    from ..files import not_a_regular_file

    if path.is_symlink() or not_a_regular_file(path):  # never into a device or a FIFO
        raise UserError(_("{path} is a device, a pipe, a socket or a link; the example register "
                          "is written to a new file. Choose another name.").format(path=path))
    if path.exists() and path.stat().st_size > 0:
        raise UserError(_("{path} already exists; the example register is written to a new "
                          "file. Choose another name or remove the file first.").format(path=path))
    # Built beside the destination and moved into place, so an interrupted run never
    # leaves a half-made example where a register is expected.
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(str(partial) + "-wal"), Path(str(partial) + "-shm")):
        leftover.unlink(missing_ok=True)
    try:
        with Register.open(partial) as register:
            # Nobody works in the half-made file: it need not survive a power cut on the way
            # (it is made anew), so SQLite does not wait for the disk after every stage; its
            # rows are sealed once, when all is written. Closing it syncs it to the disk.
            register.conn.execute("PRAGMA synchronous = OFF")
            # Each stage reads back what the one before wrote: a page cache that holds more
            # of the new file (up to 256 MB, for the largest examples) reads it less often.
            register.conn.execute("PRAGMA cache_size = -262144")
            with register.sealed_at_the_end():
                made = build(register, size, progress, seed)
            register.conn.execute("PRAGMA synchronous = FULL")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return made
