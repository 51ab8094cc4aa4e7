"""Import from a spreadsheet: all or nothing, every problem with its row and column."""

import datetime as dt
from decimal import Decimal

import pytest

from regiegroep.errors import UserError
from regiegroep.exchange.importer import import_csv, parse_received
from regiegroep.model import ApplicantKind, Status, Theme

DUTCH = (
    "ontvangen_op;wijk;soort_aanvrager;naam_aanvrager;contactpersoon;adres;postcode;telefoon;"
    "e-mail;ondertekend;titel;beschrijving;uitvoering;planning;leefbaarheid;kostenraming;"
    "aantal_vouchers;elders_subsidie;elders_subsidie_toelichting;thema\n"
    "5-3-2026 19:30;Poelenburg;groep;Straatgroep Reiger;Fatma Yılmaz;Reigerstraat 12;1504 AB;"
    "06-12345678;fatma@example.nl;ja;Straatfeest;Feest voor de straat;Bewoners koken;juni;"
    "Buren leren elkaar kennen;1.850,00;1;nee;;leren en opgroeien\n"
    "2-3-2026;poelenburg;bewoner;Kees de Vries;;Zwanenstraat 3;1504 XY;06-87654321;;ja;"
    "Bloembakken;Twintig bakken;Zelf plaatsen;april;Groener;\"12.500\";3;ja;Oranje Fonds;wonen\n"
)


def write(tmp_path, text, name="aanvragen.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_dutch_semicolon_file_with_decimal_commas(register, tmp_path):
    result = import_csv(register, write(tmp_path, DUTCH))
    assert result.imported and result.problems == []
    apps = register.applications()
    # Art. 4.4: numbered in order of receipt, not in the order of the rows.
    assert [(a.sequence, a.title) for a in apps] == [(1, "Bloembakken"), (2, "Straatfeest")]
    bloem, feest = apps
    assert bloem.received_at == dt.datetime(2026, 3, 2)
    assert bloem.cost_estimate == Decimal("12500.00") and bloem.vouchers_requested == 3
    assert bloem.theme is Theme.HOUSING and bloem.other_subsidy is True
    assert bloem.wijk == "Poelenburg"
    assert feest.applicant.kind is ApplicantKind.GROUP
    assert feest.applicant.contact_person == "Fatma Yılmaz"
    assert feest.cost_estimate == Decimal("1850.00") and feest.theme is Theme.LEARNING
    assert feest.status is Status.RECEIVED and bloem.status is Status.RECEIVED
    assert register.events(feest.id)[0].details["source"] == "aanvragen.csv"


def test_english_comma_file_with_empty_cells_is_registered_as_incomplete(register, tmp_path):
    text = ("received_at,wijk,applicant_kind,applicant_name,title,cost_estimate,signed\n"
            "2026-03-02T10:15:00,Kogerveld,resident,Anouk Jansen,Taalcafé,\"1,250.50\",yes\n")
    result = import_csv(register, write(tmp_path, text))
    assert result.imported
    app = register.applications()[0]
    assert app.cost_estimate == Decimal("1250.50")
    assert app.status is Status.INCOMPLETE
    assert app.vouchers_requested is None and app.other_subsidy is None


def test_a_bad_file_imports_nothing_and_names_every_problem(register, tmp_path):
    text = ("received_at;wijk;cost_estimate;vouchers_requested;signed;applicant_kind;theme;email\n"
            "2026-03-02;Poelenburg;1850;1;ja;resident;wonen;a@b.nl\n"
            "32-13-2026;Poelenburg;veel;1;ja;resident;wonen;\n"
            "2026-03-04;Atlantis;1850;nul;misschien;bedrijf;sport;geen adres\n")
    result = import_csv(register, write(tmp_path, text))
    assert not result.imported
    assert register.count() == 0
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(3, "received_at"), (3, "cost_estimate"), (4, "wijk"),
                     (4, "vouchers_requested"), (4, "signed"), (4, "applicant_kind"),
                     (4, "theme"), (4, "email")}
    text_of = {(p.row, p.column): str(p) for p in result.problems}
    assert text_of[(4, "wijk")].startswith("Rij 4, kolom wijk:")
    assert "Atlantis" in text_of[(4, "wijk")]


def test_dry_run_changes_nothing(register, tmp_path):
    result = import_csv(register, write(tmp_path, DUTCH), dry_run=True)
    assert not result.imported and len(result.applications) == 2
    assert register.count() == 0


def test_received_at_is_needed(register, tmp_path):
    result = import_csv(register, write(tmp_path, "wijk;titel\nPoelenburg;Feest\n"))
    assert result.problems and "received_at" in str(result.problems[0])
    result = import_csv(register, write(tmp_path, "received_at;wijk\n;Poelenburg\n"))
    assert [(p.row, p.column) for p in result.problems] == [(2, "received_at")]


def test_not_utf8_is_explained(register, tmp_path):
    with pytest.raises(UserError, match="UTF-8"):
        import_csv(register, write(tmp_path, DUTCH.replace("Yılmaz", "Müller"), encoding="latin-1"))


def test_unknown_columns_are_reported_not_silently_dropped(register, tmp_path):
    result = import_csv(register, write(tmp_path, "received_at;wijk;opmerking\n2026-03-02;Poelenburg;x\n"))
    assert result.imported
    assert any("opmerking" in w for w in result.warnings)


def test_a_byte_order_mark_and_blank_rows_are_fine(register, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "ontvangen_op;wijk\n2-3-2026;Kogerveld\n;\n".encode())
    assert import_csv(register, path).imported
    assert register.count() == 1


@pytest.mark.parametrize("text, moment", [
    ("2026-03-02", dt.datetime(2026, 3, 2)),
    ("2026-03-02 19:30", dt.datetime(2026, 3, 2, 19, 30)),
    ("2-3-2026", dt.datetime(2026, 3, 2)),
    ("02/03/2026 7:05", dt.datetime(2026, 3, 2, 7, 5)),
    ("2.3.2026", dt.datetime(2026, 3, 2)),
])
def test_dates_as_people_write_them(text, moment):
    assert parse_received(text) == moment


@pytest.mark.parametrize("text", ["gisteren", "30-2-2026", "2026-13-01", "3/2"])
def test_not_a_date(text):
    with pytest.raises(UserError):
        parse_received(text)


def test_the_language_letters_are_written_in(register, tmp_path):
    result = import_csv(register, write(tmp_path, "ontvangen_op;wijk;taal\n2-3-2026;Poelenburg;English\n"
                                                  "3-3-2026;Poelenburg;\n4-3-2026;Poelenburg;Pools\n"))
    assert [(p.row, p.column) for p in result.problems] == [(4, "language")]
    result = import_csv(register, write(tmp_path, "ontvangen_op;wijk;taal\n2-3-2026;Poelenburg;en\n"
                                                  "3-3-2026;Poelenburg;\n"))
    assert [a.applicant.language for a in register.applications()] == ["en", "nl"]
