"""Public notices (Art. 7): the scheme with the ordinance's own figures in every language,
and the granted initiatives without personal data nobody agreed to publish."""

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader

from regiegroep import i18n
from regiegroep.deciding.decision import Decision, Kind
from regiegroep.documents.notices import write_notice
from regiegroep.documents.shaping import visual
from regiegroep.errors import UserError
from regiegroep.model import Applicant
from regiegroep.rules import adopt, figures, model_text

from .conftest import complete_application
from .pdf_glyphs import drawn_strings

D = dt.date


def text_of(path):
    if path.suffix == ".pdf":
        return " ".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", " ")
    return path.read_text(encoding="utf-8")


def flat(text):
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def granted(register):
    member = register.add_member("Joke van der Meer", "chair").id
    poel = register.wijk_by_name("Poelenburg").id
    public = register.register_application(complete_application(
        poel, title="Straatfeest Reigerstraat", applicant=Applicant(
            name="Fatma Yılmaz", address="Reigerstraat 12", postcode="1504 AB",
            phone="06-12345678", email="fatma@example.nl", publish_name=True)))
    private = register.register_application(complete_application(
        poel, title="Buurtmoestuin", cost_estimate=Decimal("2400"), applicant=Applicant(
            name="Kees Verborgen", address="Zwanenstraat 99", postcode="1504 ZZ",
            phone="06-99887766", email="kees@example.nl", publish_name=False)))
    for app, on in ((public, D(2026, 3, 10)), (private, D(2026, 3, 12))):
        register.decide(app.id, Decision(kind=Kind.GRANTED, decided_on=on, members=(member,)))
    return register


@pytest.mark.parametrize("suffix", [".pdf", ".txt", ".html"])
@pytest.mark.parametrize("language", ["nl", "en", "all"])
def test_a_notice_never_names_whom_did_not_agree(granted, tmp_path, suffix, language):
    out = write_notice(granted, "granted", tmp_path / f"granted{suffix}", wijk="Poelenburg",
                       start=D(2026, 1, 1), end=D(2026, 12, 31), language=language)
    text = flat(text_of(out))
    assert "Straatfeest Reigerstraat" in text and "Buurtmoestuin" in text
    assert "Fatma Yılmaz" in text  # she agreed
    for private in ("Kees", "Verborgen", "Zwanenstraat", "1504 ZZ", "06-99887766",
                    "kees@example.nl"):
        assert private not in text
    # Of the one who agreed, only the name: never her address or phone.
    for private in ("Reigerstraat 12", "1504 AB", "06-12345678", "fatma@example.nl"):
        assert private not in text
    assert "€ 1.850,00" in text or "€1,850.00" in text


def test_the_period_and_the_neighbourhood_choose_the_grants(granted, tmp_path):
    out = write_notice(granted, "granted", tmp_path / "march.txt", start=D(2026, 3, 11),
                       end=D(2026, 3, 31), language="en")
    text = flat(out.read_text(encoding="utf-8"))
    assert "Buurtmoestuin" in text and "Straatfeest" not in text
    assert "1 initiative received €2,400.00 in vouchers." in text
    out = write_notice(granted, "granted", tmp_path / "kogerveld.txt", wijk="Kogerveld",
                       language="en")
    assert "No initiative received vouchers" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_the_scheme_gives_the_ordinances_own_figures(register, tmp_path, language):
    # The municipality's own figures, not the model's.
    poel = register.wijk_by_name("Poelenburg")
    text = adopt(model_text(), id="zaanstad-2026", max_voucher_value=Decimal("2500.00"),
                 consultation_threshold=Decimal("7500.00"), decision_term_weeks=6)
    ordinance = register.add_ordinance("zaanstad-2026.toml", 2026, text=text)
    register.add_member("Kiosk buurthuis De Bolder", "kiosk")
    f = figures(ordinance, language)
    for suffix in (".pdf", ".txt", ".html"):
        out = write_notice(register, "scheme", tmp_path / f"scheme{suffix}", wijk=poel.name,
                           start=D(2026, 1, 1), language=language, size="a3",
                           kiosk="Buurthuis De Bolder, Bolderstraat 2")
        shown = flat(text_of(out))
        drawn = " ".join(drawn_strings(out)) if suffix == ".pdf" else ""
        for key in ("max_voucher_value", "consultation_threshold", "decision_term", "cash_limit",
                    "completion_term", "last_issue_date"):
            if drawn and i18n.is_right_to_left(language):  # Arabic: the glyphs as drawn
                words = visual(f[key]).replace("\u200f", "").split()  # the mark has no glyph
                assert all(word in drawn for word in words), (suffix, key)
            else:
                assert flat(f[key]) in shown, (suffix, key)
        assert "€ 5.000,00" not in shown and "€5,000.00" not in shown
        assert "Buurthuis De Bolder, Bolderstraat 2" in shown and "Stadhuisplein 100" in shown
        assert "Kiosk buurthuis De Bolder" not in shown  # its sign-in name is no place
    assert (PdfReader(tmp_path / "scheme.pdf").pages[0].mediabox.width
            == pytest.approx(841.89, abs=1))  # A3


def test_the_scheme_in_every_language_at_once(register, tmp_path):
    out = write_notice(register, "scheme", tmp_path / "all.html", language="all")
    html = out.read_text(encoding="utf-8")
    assert "Vouchers for your idea" in html and "Vouchers voor uw idee" in html
    assert "http" not in html and "<script" not in html and "<link" not in html
    assert i18n.current_language() == "nl"


def test_the_command_and_its_refusals(granted, tmp_path, capsys):
    from regiegroep import cli

    path = granted.path
    granted.close()
    args = ["print", "notice", "--db", str(path), "--kind", "granted", "--from",
            "2026-03-01", "--to", "2026-03-31", "--lang", "en",
            "--out", str(tmp_path / "granted.pdf")]
    assert cli.main(args) == 0 and (tmp_path / "granted.pdf").exists()
    assert "granted.pdf" in capsys.readouterr().out
    from regiegroep.register import Register

    with Register.open(path, create=False) as register:
        with pytest.raises(UserError):
            write_notice(register, "granted", tmp_path / "granted.docx")
        with pytest.raises(UserError):
            write_notice(register, "scheme", tmp_path / "x.pdf", wijk="Nergenshuizen")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["granted.pdf", "register.sqlite"]


def test_the_scheme_gives_the_groups_own_address_phone_email_and_date(register, tmp_path):
    import os

    from regiegroep.budgets.contact import GroupContact, set_group_contact

    set_group_contact(register, GroupContact("Pieter Lieftinckweg 3", "1505 HX", "Zaandam",
                                             "075-1234567", "regiegroep@example.nl"))
    register.add_member("Kiosk buurthuis", "kiosk")
    out = write_notice(register, "scheme", tmp_path / "regeling.pdf", language="nl",
                       kiosk="Buurthuis De Kolk, Pieter Lieftinckweg 3, dinsdag 10-12 uur")
    text = flat(text_of(out))
    assert "Bij de kiosk van" in text and "Buurthuis De Kolk" in text
    assert "Kiosk buurthuis" not in text
    assert "Pieter Lieftinckweg 3, 1505 HX Zaandam" in text and "Stadhuisplein" not in text
    assert "075-1234567" in text and "regiegroep@example.nl" in text
    assert i18n.format_date(dt.date.today()) in text
    assert "Schrijf het volgende op, of vertel het ons bij de kiosk" in text
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert len(PdfReader(out).pages) == 1  # the date is no page of its own
    # The place is kept for the next notice; an empty one says there is no kiosk.
    again = flat(text_of(write_notice(register, "scheme", tmp_path / "weer.txt", language="nl")))
    assert "Buurthuis De Kolk" in again
    none = flat(text_of(write_notice(register, "scheme", tmp_path / "geen.txt", language="nl",
                                     kiosk="")))
    assert "kiosk" not in none.casefold() and "Stuur of breng uw aanvraag" in none


def test_a_granted_notice_without_a_period_is_the_current_budget_year(granted, tmp_path):
    member = granted.members()[0].id
    poel = granted.wijk_by_name("Poelenburg").id
    granted.set_budget(poel, 2025, Decimal("100000"))
    granted.add_ordinance("eigen-2025.toml", 2025, text=adopt(
        model_text(), id="eigen-2025", last_issue_date=D(2025, 12, 31),
        last_completion_date=D(2026, 6, 30)))
    old = granted.register_application(complete_application(
        poel, title="Oud initiatief", received_at=dt.datetime(2025, 3, 1, 10, 0)))
    granted.decide(old.id, Decision(kind=Kind.GRANTED, decided_on=D(2025, 3, 20),
                                    members=(member,)))
    out = write_notice(granted, "granted", tmp_path / "toegekend.txt", language="nl")
    text = flat(out.read_text(encoding="utf-8"))
    year = dt.date.today().year
    assert f"1 januari {year}" in text and f"31 december {year}" in text
    assert "Oud initiatief" not in text
