"""The year report (Art. 2, 5, 6, 9): the PDF, the CSV files and the workbook agree, and a
controller can recompute every total from the workbook's rows."""

import csv
import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from regiegroep.reports.accounts import accounts
from regiegroep.reports.report_figures import figures
from regiegroep.deciding.decision import Kind
from regiegroep.documents.year_report import audit_head
from regiegroep.reports.exchange_report import Cancelled, write_report
from regiegroep.reports.rows import COLUMNS, headers, row_values
from regiegroep.i18n import _, format_money, format_number
from regiegroep.model import Theme

from .accounts_example import TODAY, fill


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def workbook_rows(path):
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == headers()
    keys = [key for key, _kind in COLUMNS]
    return [dict(zip(keys, line)) for line in lines[1:]], book


def recomputed(rows) -> dict:
    """Every total, from the workbook's rows alone, as a controller would."""
    yes = _("yes")

    def count(**want):
        return sum(1 for r in rows if all(r[k] == v for k, v in want.items()))

    def total(column, **want):
        return sum((money(r[column]) for r in rows if all(r[k] == v for k, v in want.items())),
                   Decimal("0.00"))

    found = {
        "applied_count": len(rows), "applied_sum": total("asked"),
        "referred_count": count(referred=yes), "referred_sum": total("asked", referred=yes),
        "granted_count": count(decision=Kind.GRANTED.label),
        "granted_in_full_sum": total("granted", decision=Kind.GRANTED.label),
        "partially_granted_count": count(decision=Kind.PARTIALLY_GRANTED.label),
        "partially_granted_sum": total("granted", decision=Kind.PARTIALLY_GRANTED.label),
        "granted_sum": total("granted"), "refused_count": count(decision=Kind.REFUSED.label),
        "left_undealt_count": count(decision=Kind.LEFT_UNDEALT.label),
        "waiting_count": count(waiting=yes), "waiting_sum": total("asked", waiting=yes),
        "decided_count": sum(1 for r in rows if r["decided_on"] is not None),
        "decided_in_time": count(within_term=yes),
        # Of the decisions not within their term; and of what still waits past it.
        "longest_delay": max([0] + [r["days_late"] for r in rows if r["within_term"] == _("no")]),
        "overdue_count": sum(1 for r in rows if r["waiting"] == yes and (r["days_late"] or 0) > 0),
        "longest_wait": max([0] + [r["days_late"] for r in rows if r["waiting"] == yes]),
        "completion_requests": sum(r["completion_requests"] for r in rows),
        "suspended_days": sum(r["suspended_days"] for r in rows),
        "vouchers_issued_count": sum(r["vouchers"] for r in rows),
        "vouchers_issued": total("issued"), "redeemed": total("paid"),
        "cash_paid": total("cash_paid"), "outstanding": total("outstanding"),
        "expired": total("expired"), "returned": total("returned"),
    }
    for g in "abcde":
        found[f"refused_{g}"] = sum(1 for r in rows if r["decision"] == Kind.REFUSED.label
                                    and g in (r["refusal_grounds"] or "").split(", "))
    for theme in Theme:
        found[f"theme_{theme.value}"] = count(theme=theme.label)
    found["theme_none"] = count(theme=None)
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_total_recomputes_from_the_workbooks_rows(register, tmp_path, language):
    from regiegroep import i18n

    fill(register)
    i18n.set_language(language)
    tmp_path = tmp_path / "report"
    written = write_report(register, 2026, tmp_path, wijk="poelenburg", today=TODAY,
                           csv_form="machine")
    names = sorted(p.name for p in written)
    base, applications, months, totals_csv = {
        "nl": ("jaarverslag-2026-poelenburg", "aanvragen", "maanden", "totalen"),
        "en": ("year-report-2026-poelenburg", "applications", "months", "totals")}[language]
    assert names == sorted([f"{base}-{applications}.csv", f"{base}-{months}.csv",
                            f"{base}-{totals_csv}.csv", f"{base}.pdf", f"{base}.xlsx"])
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # nothing half-written left
    acc = accounts(register, 2026, register.wijk_by_name("Poelenburg").id, today=TODAY)
    rows, book = workbook_rows(tmp_path / f"{base}.xlsx")
    # The rows are the figures' rows, as row_values says them.
    assert len(rows) == 7
    for got, row in zip(rows, acc.rows):
        want = [None if v == "" else v for v in row_values(row)]
        got = [got[k] for k, _kind in COLUMNS]
        assert [money(g) if isinstance(w, Decimal) else
                g.date() if isinstance(g, dt.datetime) else g for g, w in zip(got, want)] == want
    # The totals sheet: a formula for every total made of rows, with its computed value.
    totals = {key: value for _label, value, key in
              book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    formulas = {key: value for _label, value, key in openpyxl.load_workbook(
        tmp_path / f"{base}.xlsx").worksheets[1].iter_rows(
            min_row=2, values_only=True)}
    mine = recomputed(rows)
    report = {f.key: f for f in figures(acc)}
    for key, value in mine.items():
        assert str(formulas[key]).startswith("="), key
        shown = money(totals[key]) if isinstance(value, Decimal) else totals[key]
        assert shown == value, key
        if key in report:
            assert report[key].value == value, key
    assert set(report) - set(mine) == {"amount", "cost_reservation", "cost_reservation_cap",
                                       "ceiling", "share_in_time", "ceiling_left"}
    assert money(totals["ceiling_left"]) == money(totals["ceiling"]) - mine["granted_sum"]
    # What the vouchers were worth adds up, from the rows alone: 6750 = 1300 + 2000 + 550 + 2900.
    assert (mine["vouchers_issued_count"], mine["vouchers_issued"], mine["outstanding"],
            mine["expired"], mine["returned"]) == (3, Decimal("6750.00"), Decimal("2000.00"),
                                                    Decimal("550.00"), Decimal("2900.00"))
    assert mine["vouchers_issued"] == (mine["redeemed"] + mine["outstanding"] + mine["expired"]
                                       + mine["returned"])
    assert totals["share_in_time"] == pytest.approx(mine["decided_in_time"] / mine["decided_count"])
    # The PDF shows the same totals, and the audit trail's newest hash on its last page.
    pdf = PdfReader(tmp_path / f"{base}.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ").replace(
        "\xa0", " ")
    for key in ("applied_sum", "granted_sum", "redeemed", "cash_paid", "outstanding",
                "ceiling_left", "waiting_sum", "referred_sum", "amount", "ceiling",
                "vouchers_issued", "expired", "returned"):
        assert format_money(report[key].value).replace("\xa0", " ") in text, key
    for key in ("applied_count", "refused_count", "decided_in_time", "completion_requests",
                "vouchers_issued_count", "expired", "returned"):
        assert report[key].label in text
    assert "Taalcafé" in text and "Repaircafé" in text  # the waiting list
    entries, digest = audit_head(register)
    assert digest in pdf.pages[-1].extract_text().replace("\n", "")
    assert format_number(entries) in pdf.pages[-1].extract_text()
    # The register's fingerprint too, the one `audit verify --expect` checks.
    from regiegroep import cli
    from regiegroep.trust.seals import fingerprint

    mark = fingerprint(register.conn)
    assert mark in pdf.pages[-1].extract_text().replace("\n", "")
    assert cli.main(["audit", "verify", "--db", str(register.path), "--expect", mark]) == 0
    # The CSV files say the same, with stable names.
    with open(tmp_path / f"{base}-{totals_csv}.csv", encoding="utf-8") as fp:
        csv_totals = {line["figure"]: line["value"] for line in csv.DictReader(fp)}
    assert Decimal(csv_totals["granted_sum"]) == Decimal("6750.00")
    assert csv_totals["refused_a"] == "1" and csv_totals["waiting_count"] == "2"
    with open(tmp_path / f"{base}-{applications}.csv", encoding="utf-8") as fp:
        lines = list(csv.DictReader(fp))
    assert [line["sequence"] for line in lines] == [str(r.sequence) for r in acc.rows]
    assert sum(Decimal(line["paid"]) for line in lines) == Decimal("1300.00")
    for column, want in (("issued", "6750.00"), ("outstanding", "2000.00"), ("expired", "550.00"),
                         ("returned", "2900.00")):
        assert sum(Decimal(line[column]) for line in lines) == Decimal(want), column
        assert Decimal(csv_totals[{"issued": "vouchers_issued"}.get(column, column)]) == \
            Decimal(want), column


def test_a_cancelled_report_leaves_nothing_behind(register, tmp_path):
    fill(register)
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 3  # after the PDF is written, before the rest

    with pytest.raises(Cancelled):
        write_report(register, 2026, tmp_path / "report", cancelled=cancelled)
    assert list((tmp_path / "report").iterdir()) == []


def test_the_command_writes_the_report_for_all_neighbourhoods(register, tmp_path, capsys):
    fill(register)
    from regiegroep import cli

    path = register.path
    register.close()
    assert cli.main(["report", "--db", str(path), "--year", "2026",
                     "--out", str(tmp_path / "out")]) == 0
    assert "jaarverslag-2026.xlsx" in capsys.readouterr().out
    rows, book = workbook_rows(tmp_path / "out" / "jaarverslag-2026.xlsx")
    assert len(rows) == 8 and {r["wijk"] for r in rows} == {"Poelenburg", "Kogerveld"}


def test_the_report_to_print_is_its_pdf_alone_and_a_cancel_leaves_nothing(register, tmp_path):
    from regiegroep.reports.exchange_report import write_report_pdf

    fill(register)
    out = tmp_path / "print" / "verslag.pdf"
    out.parent.mkdir()
    steps = []
    assert write_report_pdf(register, 2026, out, wijk="Kogerveld", today=TODAY,
                            progress=lambda done, total: steps.append((done, total))) == out
    assert [p.name for p in out.parent.iterdir()] == ["verslag.pdf"]
    assert steps[-1] == (2, 2)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Kogerveld" in text and "Repaircafé" not in text  # Poelenburg's waiting one
    asked = []
    with pytest.raises(Cancelled):
        write_report_pdf(register, 2026, tmp_path / "print" / "weg.pdf", today=TODAY,
                         cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert [p.name for p in out.parent.iterdir()] == ["verslag.pdf"]


def _as_excel_splits_it(path) -> list[list[str]]:
    """The file as Dutch Excel opens it: UTF-8 only after a byte-order mark, split at the
    list separator (a semicolon)."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Dutch Excel garbles Öztürk"
    return list(csv.reader(data[3:].decode("utf-8").splitlines(), delimiter=";"))


def _number(cell: str) -> bool:
    try:
        Decimal(cell.replace(",", "."))
    except ArithmeticError:
        return False
    return True


def test_the_csvs_open_in_dutch_excel_as_columns_and_never_run_a_formula(register, tmp_path):
    ids = fill(register)
    app = register.application(ids["party"])
    app.title = '=HYPERLINK("http://evil.example","klik")'
    app.applicant.name = "Öztürk"
    register.update_application(app)
    written = write_report(register, 2026, tmp_path, wijk="poelenburg", today=TODAY)
    names = sorted(p.name for p in written)
    assert names == ["jaarverslag-2026-poelenburg-aanvragen.csv",
                     "jaarverslag-2026-poelenburg-maanden.csv",
                     "jaarverslag-2026-poelenburg-totalen.csv",
                     "jaarverslag-2026-poelenburg.pdf", "jaarverslag-2026-poelenburg.xlsx"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in written)  # like every document
    rows = _as_excel_splits_it(tmp_path / "jaarverslag-2026-poelenburg-aanvragen.csv")
    assert rows[0] == headers() and all(len(row) == len(headers()) for row in rows)
    titles = [row[3] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) and not _number(cell)
                   for row in rows for cell in row)
    asked = [row[7] for row in rows[1:] if row[7]]
    assert "1850,00" in asked and not any("." in a for a in asked)
    totals = {row[2]: row[1] for row in _as_excel_splits_it(
        tmp_path / "jaarverslag-2026-poelenburg-totalen.csv")[1:]}
    assert totals["granted_sum"] == "6750,00"
    book = openpyxl.load_workbook(tmp_path / "jaarverslag-2026-poelenburg.xlsx")
    cells = [c.value for row in book.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in cells
    assert not any(cell.startswith("=") for cell in cells)


@pytest.fixture(scope="module")
def demo_2025(tmp_path_factory):
    """The example register's year report of 2025: a consultation, a grant after it whose
    vouchers are not issued, a withdrawn application."""
    from regiegroep import demo

    folder = tmp_path_factory.mktemp("demo")
    demo.write_demo(folder / "voorbeeld.sqlite", 60)
    return folder / "voorbeeld.sqlite"


def _pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_year_report_adds_up_every_application_once(demo_2025, tmp_path):
    from regiegroep.register import Register
    from regiegroep.reports.report_figures import OUTCOMES, not_issued, outcome, outcome_table

    with Register.open(demo_2025, create=False) as register:
        acc = accounts(register, 2025)
        written = write_report(register, 2025, tmp_path)
    # Every column of the table adds up to what was received, and a referred application
    # granted after its consultation counts once, as granted.
    table = outcome_table(acc)
    for _wijk, counts, received in table:
        assert sum(counts.values()) == received
    assert table[-1][2] == acc.applied_count == len(acc.rows)
    assert table[-1][1]["withdrawn"] >= 1  # the withdrawn ones are not missing
    consulted = [r for r in acc.rows if r.referred and r.decision is Kind.GRANTED]
    assert consulted and all(outcome(r) == "granted" for r in consulted)
    # Granted = issued + the grants whose vouchers are not issued yet, listed by number.
    pending = not_issued(acc)
    assert acc.granted_sum == acc.vouchers_issued + sum(r.granted for r in pending)
    text = _pdf_text(next(p for p in written if p.suffix == ".pdf"))
    assert "Wat er van de ontvangen aanvragen is geworden" in text
    assert "Ontvangen (het totaal) 7 13 6 26" in text.replace("\xa0", " ")
    assert all(_(label) in text for _key, label in OUTCOMES[:5])
    assert "Toekenningen waarvan de vouchers nog moeten worden uitgegeven" in text
    assert all(f"{r.sequence} {r.title}" in text for r in pending)
    # The consultations: each with its initiatives, votes, turnout per channel and outcome.
    assert "the register does not keep consultations" not in text
    assert "nog geen raadplegingen" not in text
    assert "Wijkraadpleging voorjaar" in text and "opkomst 58%" in text
    assert "12 op de bijeenkomst, 5 op papier, 6 digitaal" in text
    assert "Over onder het plafond" not in text and "Nog beschikbaar onder het plafond" in text
    # The charts' axes are money.
    import re

    assert re.search(r"€ 100\.000(?![,\d])", text.replace("\xa0", " "))  # an axis label
    assert not re.search(r"(?<![\d.,€ ])100000(?![\d,.])", text)  # never "100000"


def test_a_year_without_a_budget_is_refused(demo_2025, tmp_path):
    from regiegroep import cli

    out = tmp_path / "2027"
    assert cli.main(["report", "--db", str(demo_2025), "--year", "2027", "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())


def test_the_charts_axes_write_money_as_the_report_s_language_does(demo_2025, tmp_path):
    """Polish writes the euro after the amount, as the budget view's axis does."""
    import re

    from regiegroep import i18n
    from regiegroep.register import Register
    from regiegroep.reports.exchange_report import write_report_pdf

    i18n.set_language("pl")
    with Register.open(demo_2025, create=False) as register:
        pdf = write_report_pdf(register, 2025, tmp_path / "raport.pdf")
    text = _pdf_text(pdf).replace("\xa0", " ").replace("\u202f", " ")
    # The value axis from 0, as Polish writes it ("€ 0 € 100 000" before).
    assert re.search(r"(?<!€ )\b0 € 100 000 € 200 000 €", text)
