"""Other groups' examples: ``regiegroep demo PATH --seed N`` (issue 26).

The example of seed N is a steering group in one of the thirteen municipalities that tried
the voucher system (the ministry's progress report on the neighbourhood approach): its own
neighbourhoods, streets, postcodes, budgets and group name, and its own version of the
model ordinance (one of three: decision terms of four, six or eight weeks, its own cash
limit, terms past holidays or not), the same every time for that N. Seeds N, N + 13,
N + 26 ... are groups of the same municipality, each with another version of the
ordinance for every third seed. The people (and their PINs, README) are the example's own.
"""

from __future__ import annotations

import dataclasses
import random
import re
from decimal import Decimal

from ..budgets import Municipality
from ..budgets.contact import GroupContact

# (municipality, town, postcode area, city hall's address)
MUNICIPALITIES = (
    ("Alkmaar", "Alkmaar", 18, "Mallegatsplein 10"),
    ("Amsterdam", "Amsterdam", 10, "Amstel 1"),
    ("Almelo", "Almelo", 76, "Haven Zuidzijde 30"),
    ("Eindhoven", "Eindhoven", 56, "Stadhuisplein 1"),
    ("Haarlem", "Haarlem", 20, "Grote Markt 2"),
    ("Hengelo", "Hengelo", 75, "Hofstraat 6"),
    ("Leeuwarden", "Leeuwarden", 89, "Oldehoofsterkerkhof 2"),
    ("Leiden", "Leiden", 23, "Stadhuisplein 1"),
    ("Schiedam", "Schiedam", 31, "Stadserf 1"),
    ("Sittard-Geleen", "Sittard", 61, "Markt 1"),
    ("Tilburg", "Tilburg", 50, "Stadhuisplein 130"),
    ("Venlo", "Venlo", 59, "Hanzeplaats 1"),
    ("Zaanstad", "Zaandam", 15, "Stadhuisplein 100"),
)
NEIGHBOURHOODS = (
    "Oosterkwartier", "Molenwijk", "Bloemenbuurt", "Rivierenbuurt", "Vogelwijk",
    "Schildersbuurt", "Zeeheldenbuurt", "Spoorzone", "Kerkebuurt", "Het Hof", "De Horst",
    "Stationskwartier", "Bomenbuurt", "Componistenbuurt", "Indische Buurt", "Vredeskwartier",
    "De Esch", "Sterrenwijk", "Havenkwartier", "Parkwijk",
)
STREETS = (
    "Lindelaan", "Kastanjestraat", "Eikenlaan", "Beukenstraat", "Populierenweg",
    "Merelstraat", "Lijsterlaan", "Spreeuwstraat", "Kievitstraat", "Zwaluwstraat",
    "De Ruyterstraat", "Trompstraat", "Evertsenstraat", "Piet Heinstraat", "Rhijnvis Feithlaan",
    "Sweelinckstraat", "Mahlerlaan", "Bachstraat", "Vondelstraat", "Bilderdijkstraat",
    "Maasstraat", "Waalstraat", "Rijnlaan", "IJsselstraat", "Dommelstraat",
)
# The three versions of the model ordinance a seed's group works under.
VERSIONS = (
    {"decision_term_weeks": 4, "cash_limit_per_redemption": "500.00", "holidays": True},
    {"decision_term_weeks": 6, "cash_limit_per_redemption": "750.00", "holidays": False},
    {"decision_term_weeks": 8, "cash_limit_per_redemption": "600.00", "holidays": True},
)


@dataclasses.dataclass(frozen=True)
class Place:
    seed: int
    municipality: Municipality
    contact: GroupContact
    town: str
    wijken: dict  # name: (streets, postcode prefix, budget per year), as demo.WIJKEN
    version: dict

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.wijken)

    @property
    def slug(self) -> str:
        name = re.sub(r"[^a-z0-9]+", "-", self.municipality.name.casefold()).strip("-")
        return f"{name}-groep-{self.seed}"

    def ordinance(self, model_text: str, year: int) -> str:
        """The group's version of the model ordinance for ``year`` (vouchers issued until
        the next 30 June, spent by the next 30 September, as the example's own)."""
        v = self.version
        text = (model_text
                .replace('id = "model-2008"', f'id = "{self.slug}-{year}"')
                .replace('title = "Subsidieverordening vouchers bewonersinitiatieven (model '
                         'G31, 2008)"', 'title = "Subsidieverordening vouchers '
                         f'bewonersinitiatieven {self.municipality.name} {year}"')
                .replace("last_issue_date = 2009-06-30", f"last_issue_date = {year + 1}-06-30")
                .replace("last_completion_date = 2009-12-31",
                         f"last_completion_date = {year + 1}-09-30")
                .replace("terms_extend_over_holidays = false",
                         f"terms_extend_over_holidays = {str(v['holidays']).lower()}"))
        text = re.sub(r"(?m)^decision_term_weeks = \d+",
                      f"decision_term_weeks = {v['decision_term_weeks']}", text)
        return re.sub(r'(?m)^cash_limit_per_redemption = "[0-9.]+"',
                      f'cash_limit_per_redemption = "{v["cash_limit_per_redemption"]}"', text)


def place_of(seed: int) -> Place:
    """The group of ``seed``: the same every time."""
    rng = random.Random(f"regiegroep-place-{seed}")
    name, town, area, hall = MUNICIPALITIES[seed % len(MUNICIPALITIES)]
    chosen = rng.sample(NEIGHBOURHOODS, 3)
    wijken = {}
    for wijk in chosen:
        pc = f"{area}{rng.randrange(10, 99)}"
        wijken[wijk] = (rng.sample(STREETS, 5), pc,
                        Decimal(rng.randrange(8, 36) * 10000))
    first = chosen[0]
    group = f"Regiegroep {first} {town}"
    street, pc = wijken[first][0][0], wijken[first][1]
    return Place(
        seed=seed,
        municipality=Municipality(name=name, address=hall, postcode=f"{area}00 AA", city=town,
                                  steering_group_name=group),
        contact=GroupContact(address=f"Buurthuis {first}, {street} {rng.randrange(1, 90)}",
                             postcode=f"{pc} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
                                      f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}", town=town,
                             phone=f"0{rng.randrange(10, 99)}-{rng.randrange(100, 999)} "
                                   f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                             email=f"regiegroep{seed}@voorbeeld.nl"),
        town=town, wijken=wijken, version=VERSIONS[seed % len(VERSIONS)])
