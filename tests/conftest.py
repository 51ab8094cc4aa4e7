"""Test set-up: Qt offscreen, data and settings in temporary folders, Dutch by default."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: no display is needed, and the user's own settings and
# registers are never touched.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_home = tempfile.mkdtemp(prefix="regiegroep-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
os.environ["REGIEGROEP_DATA_DIR"] = os.path.join(_home, "registers")
os.environ.pop("REGIEGROEP_LANG", None)

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from regiegroep import i18n  # noqa: E402
from regiegroep.model import Applicant, ApplicantKind, Application  # noqa: E402
from regiegroep.budgets import Municipality
from regiegroep.register import Register  # noqa: E402


# In CI the generated examples are the same every run, so a landing is never refused by
# chance; on a developer's machine they vary, to keep finding new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def dutch():
    """Every test starts in the default language, Dutch, and leaves it so."""
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


@pytest.fixture(autouse=True)
def no_job_outlives_its_test():
    """A job a test started in the background (ui.tasks) ends within that test: one still
    finishing while the next test runs would meet that test's windows."""
    yield
    import sys

    if "ui.tasks" in sys.modules:
        sys.modules["ui.tasks"].wait_for_all()


# The day the tests' consultations vote on: within the period of the consultations they plan
# (1 to 14 April 2026). Tests of the voting period move it with consultations.voting_on;
# the example register votes on its own days whatever this says.
VOTING_DAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def voting_day():
    from regiegroep.consultations import voting_on

    with voting_on(VOTING_DAY):
        yield VOTING_DAY


def own_ordinance(reg: Register, year: int, municipality: str = "Zaanstad") -> None:
    """Apply the municipality's own version of the model to a year, as the first set-up
    does: the model's figures with dates of its own (Art. 5.7), so that grants can be
    decided in that year."""
    from regiegroep.rules import municipal_version

    reg.add_ordinance(f"{year}.toml", year, text=municipal_version(
        municipality, year, id=f"{municipality.lower()}-eigen-{year}"))


def _model_register(path) -> Register:
    reg = Register.open(path)
    reg.set_municipality(Municipality("Zaanstad", "Stadhuisplein 100", "1506 MZ", "Zaandam"))
    poelenburg = reg.add_wijk("Poelenburg")
    kogerveld = reg.add_wijk("Kogerveld")
    reg.set_budget(poelenburg.id, 2026, Decimal("300000"), Decimal("15000"))
    reg.set_budget(kogerveld.id, 2026, Decimal("120000"))
    return reg


@pytest.fixture
def model_register(tmp_path):
    """A real register file with a municipality, two neighbourhoods and their budgets,
    under the model ordinance as shipped (whose last dates are in 2009)."""
    with _model_register(tmp_path / "register.sqlite") as reg:
        yield reg


@pytest.fixture
def register(tmp_path):
    """A real register file with a municipality, two neighbourhoods and their budgets for
    2026, under the municipality's own version of the model for 2026."""
    with _model_register(tmp_path / "register.sqlite") as reg:
        own_ordinance(reg, 2026)
        yield reg


def complete_application(wijk_id: int, **changes) -> Application:
    """An application with everything Art. 4.2 asks for."""
    app = Application(
        received_at=dt.datetime(2026, 3, 2, 19, 30),
        wijk_id=wijk_id,
        applicant=Applicant(kind=ApplicantKind.RESIDENT, name="Fatma Yılmaz",
                            address="Reigerstraat 12", postcode="1504 AB", phone="06-12345678"),
        signed=True,
        title="Straatfeest Reigerstraat",
        description="Een straatfeest voor de hele straat.",
        execution="Bewoners koken; we huren een tent.",
        planning="Zaterdag 13 juni.",
        liveability="Buren leren elkaar kennen.",
        cost_estimate=Decimal("1850.00"),
        vouchers_requested=1,
        other_subsidy=False,
    )
    for key, value in changes.items():
        setattr(app, key, value)
    return app
