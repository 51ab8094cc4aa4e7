"""The hub's report as a PDF (A4 landscape, for a council member) and as a workbook whose
totals are formulas over its rows (each written with its computed value)."""

from __future__ import annotations

import csv
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from ..deciding.decision import Kind
from ..errors import UserError
from ..i18n import _, format_money, format_number, ngettext
from ..model import Theme
from ..rules import CONSULTATION, STEERING_GROUP
from .db import Database
from .report import HubReport, Line, csv_tables, figures


def _euro(cents: int) -> str:
    return format_money(Decimal(cents).scaleb(-2))


def _route(code: str) -> str:
    return {STEERING_GROUP: _("Steering group"), CONSULTATION: _("Consultation")}.get(
        code, _("No estimate"))


def _decision(code: str) -> str:
    return Kind(code).label if code else _("Not decided")


def _theme(code: str) -> str:
    return Theme(code).label


def _share(part: int, whole: int) -> str:
    return "—" if not whole else format_number(round(part * 100 / whole)) + "%"


def _headers() -> list[str]:
    return [_("Budget"), _("Granted"), _("Vouchers issued"), _("Redeemed"), _("Returned"),
            _("Expired"), _("Left under the ceiling")]


def _amounts(l: Line) -> list[str]:
    return [_euro(l.budget), _euro(l.granted), _euro(l.issued), _euro(l.redeemed),
            _euro(l.returned), _euro(l.expired), _euro(l.left)]


def _table(rows: list[list], widths: list[float], right: tuple[int, ...], wrap: tuple[int, ...],
           style):
    """A table of many rows drawn quickly: figures as plain text aligned right, only the
    ``wrap`` columns (names) as paragraphs that may break over lines. The look of
    documents.layout.table: a shaded header row, light lines."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from ..documents.layout import FONT, LIGHT, para
    from ..documents.tagged import table_tags

    from reportlab.lib.styles import ParagraphStyle

    aligned = ParagraphStyle("right", parent=style, alignment=2)
    cells = [[para(c, aligned if n in right else style) if (n in wrap or i == 0) else c
              for n, c in enumerate(row)] for i, row in enumerate(rows)]
    made = Table(cells, colWidths=widths, hAlign="LEFT", repeatRows=1,
                 renderCB=table_tags(header=1))  # /Table, /TR, /TH, /TD for a screen reader
    made.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, style.fontSize, style.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *(("ALIGN", (n, 1), (n, -1), "RIGHT") for n in right),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT)]))
    return made


def write_pdf(report: HubReport, path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from ..consultations.consultation_results import shown_percent
    from ..documents import accessible
    from ..documents.layout import para, register_fonts, styles, table

    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    st = styles()
    # Eight figures side by side on a landscape page: a size smaller than the year report's.
    st["cell"] = ParagraphStyle("hubcell", parent=st["cell"], fontSize=8, leading=10)
    # A heading stays with the start of its table.
    st["h"] = ParagraphStyle("h-hub", parent=st["h"], keepWithNext=1)  # tagged /H2
    scope = report.municipality or _("all municipalities")
    story = [para(_("Voucher budgets {year}: {scope}").format(year=report.year, scope=scope),
                  st["title"]),
             para(_("From the signed year packages of {n} steering groups, each checked "
                    "against its group's key. Amounts granted, issued and redeemed as the "
                    "groups' own year reports give them.").format(n=len(report.packages)),
                  st["body"])]
    money_cols = tuple(range(2, 10))
    story += [para(_("Per municipality"), st["h"]),
              table([[_("Municipality"), _("Applications"), *_headers()]]
                    + [[l.municipality, format_number(l.applications), *_amounts(l)]
                       for l in [*report.municipalities, report.total]],
                    [44 * mm, 20 * mm] + [29 * mm] * 7, st["cell"], right=(1, *money_cols))]
    story += [para(_("Per group and neighbourhood"), st["h"]),
              _table([[_("Group"), _("Neighbourhood"), *_headers()]]
                     + [[f"{l.municipality} · {l.group}", l.wijk, *_amounts(l)]
                        for l in report.lines],
                     [52 * mm, 32 * mm] + [26 * mm] * 7, money_cols, (0, 1), st["cell"])]
    story += [para(_("Per theme of the neighbourhood approach"), st["h"]),
              table([[_("Theme"), _("Applications"), _("Granted"), _("Vouchers issued"),
                      _("Redeemed"), _("Returned")]]
                    + [[_theme(code), format_number(t.applications), _euro(t.granted),
                        _euro(t.issued), _euro(t.redeemed), _euro(t.returned)]
                       for code, t in report.themes.items()],
                    [60 * mm, 25 * mm] + [35 * mm] * 4, st["cell"], right=(1, 2, 3, 4, 5))]
    story += [para(_("Applications by route and decision"), st["h"]),
              table([[_("Route"), _("Decision"), _("Applications"), _("Granted")]]
                    + [[_route(r), _decision(d), format_number(c), _euro(g)]
                       for r, d, c, g in report.decisions],
                    [50 * mm, 50 * mm, 30 * mm, 35 * mm], st["cell"], right=(2, 3))]
    story += [para(_("Timeliness"), st["h"]),
              table([[_("Municipality"), _("Decided"), _("Within the term"), _("Share"),
                      _("Waiting past the term")]]
                    + [[l.municipality, format_number(l.decided), format_number(l.in_time),
                        _share(l.in_time, l.decided), format_number(l.overdue)]
                       for l in [*report.municipalities, report.total]],
                    [60 * mm, 30 * mm, 35 * mm, 25 * mm, 45 * mm], st["cell"],
                    right=(1, 2, 3, 4))]
    story.append(para(_("Consultations and turnout"), st["h"]))
    if report.consultations:
        story.append(table(
            [[_("Group"), _("Neighbourhood"), _("Consultation"), _("Codes issued"),
              _("Turnout"), _("Initiatives"), _("Granted")]]
            + [[f"{c.municipality} · {c.group}", c.wijk, c.title,
                format_number(c.codes_issued), shown_percent(c.turnout_percent) + "%",
                format_number(c.initiatives), format_number(c.granted)]
               for c in report.consultations],
            [55 * mm, 30 * mm, 70 * mm, 25 * mm, 20 * mm, 22 * mm, 20 * mm], st["cell"],
            right=(3, 4, 5, 6)))
    else:
        story.append(para(_("No consultations were held this year."), st["body"]))
    story += [para(_("The packages in force"), st["h"]),
              _table([[_("Group"), _("Key fingerprint"), _("Made"), _("Applications")]]
                     + [[f"{p.municipality} · {p.group}", p.fingerprint, p.made_at[:19],
                         format_number(p.applications)] for p in report.packages],
                     [80 * mm, 85 * mm, 45 * mm, 25 * mm], (3,), (0,), st["cell"])]
    if report.superseded:
        story.append(para(ngettext(
            "{n} older package of this year was superseded by a newer one of the same group "
            "and is not counted.",
            "{n} older packages of this year were superseded by a newer one of the same group "
            "and are not counted.", report.superseded).format(n=report.superseded),
            st["small"]))
    story.append(Spacer(1, 4 * mm))

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=15 * mm,
                            rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                            title=_("Voucher budgets {year}").format(year=report.year),
                            **accessible.document_options())
    doc.build(story, canvasmaker=accessible.Canvas)  # a tagged PDF, as the group's documents


def _col(n: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(n)


def write_workbook(report: HubReport, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    euro = book.add_format({"num_format": "#,##0.00"})
    euro_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    groups = book.add_worksheet(_("Groups")[:31])
    head = [_("Municipality"), _("Group"), _("Neighbourhood"), _("Applications"), _("Budget"),
            _("Ceiling"), _("Granted"), _("Vouchers issued"), _("Redeemed"), _("Paid in cash"),
            _("Returned"), _("Expired"), _("Still open"), _("Left under the ceiling")]
    groups.write_row(0, 0, head, bold)
    names = ("budget", "ceiling", "granted", "issued", "redeemed", "cash", "returned",
             "expired", "outstanding")
    for n, l in enumerate(report.lines, start=1):
        groups.write_row(n, 0, [l.municipality, l.group, l.wijk])
        groups.write_number(n, 3, l.applications)
        for c, name in enumerate(names, start=4):
            groups.write_number(n, c, getattr(l, name) / 100, euro)
        groups.write_formula(n, 13, f"=F{n + 1}-G{n + 1}", euro, l.left / 100)
    last = len(report.lines) + 1
    total = len(report.lines) + 1
    groups.write(total, 0, _("Total"), bold)
    groups.write_formula(total, 3, f"=SUM(D2:D{last})", bold, report.total.applications)
    for c, name in enumerate((*names, "left"), start=4):
        value = getattr(report.total, name)
        groups.write_formula(total, c, f"=SUM({_col(c)}2:{_col(c)}{last})", euro_bold,
                             value / 100)
    groups.set_column(0, 2, 22)
    groups.set_column(3, 13, 15)

    sheet = "'" + _("Groups")[:31] + "'"
    per = book.add_worksheet(_("Municipalities")[:31])
    per.write_row(0, 0, [_("Municipality"), *head[3:]], bold)
    for n, l in enumerate(report.municipalities, start=1):
        per.write(n, 0, l.municipality)
        crit = f"{sheet}!$A$2:$A${last},$A{n + 1}"
        per.write_formula(n, 1, f"=SUMIFS({sheet}!$D$2:$D${last},{crit})", None, l.applications)
        for c, name in enumerate((*names, "left"), start=2):
            src = _col(c + 2)
            per.write_formula(n, c, f"=SUMIFS({sheet}!${src}$2:${src}${last},{crit})", euro,
                              getattr(l, name) / 100)
    per.set_column(0, 0, 22)
    per.set_column(1, 11, 15)

    themes = book.add_worksheet(_("Themes")[:31])
    themes.write_row(0, 0, [_("Theme"), _("Applications"), _("Granted"), _("Vouchers issued"),
                            _("Redeemed"), _("Returned")], bold)
    items = list(report.themes.items())
    for n, (code, t) in enumerate(items, start=1):
        themes.write(n, 0, _theme(code))
        themes.write_number(n, 1, t.applications)
        for c, name in enumerate(("granted", "issued", "redeemed", "returned"), start=2):
            themes.write_number(n, c, getattr(t, name) / 100, euro)
    end = len(items) + 1
    themes.write(end, 0, _("Total"), bold)
    themes.write_formula(end, 1, f"=SUM(B2:B{end})", bold, report.total.applications)
    for c, name in enumerate(("granted", "issued", "redeemed", "returned"), start=2):
        themes.write_formula(end, c, f"=SUM({_col(c)}2:{_col(c)}{end})", euro_bold,
                             getattr(report.total, name) / 100)
    themes.set_column(0, 0, 28)
    themes.set_column(1, 5, 16)

    dec = book.add_worksheet(_("Decisions")[:31])
    dec.write_row(0, 0, [_("Route"), _("Decision"), _("Applications"), _("Granted")], bold)
    for n, (r, d, c, g) in enumerate(report.decisions, start=1):
        dec.write_row(n, 0, [_route(r), _decision(d)])
        dec.write_number(n, 2, c)
        dec.write_number(n, 3, g / 100, euro)
    end = len(report.decisions) + 1
    dec.write(end, 0, _("Total"), bold)
    dec.write_formula(end, 2, f"=SUM(C2:C{end})", bold, report.total.applications)
    dec.write_formula(end, 3, f"=SUM(D2:D{end})", euro_bold, report.total.granted / 100)
    dec.set_column(0, 1, 24)
    dec.set_column(2, 3, 16)

    con = book.add_worksheet(_("Consultations")[:31])
    con.write_row(0, 0, [_("Municipality"), _("Group"), _("Neighbourhood"), _("Consultation"),
                         _("Codes issued"), _("Codes used"), _("Turnout"), _("Initiatives"),
                         _("Granted")], bold)
    for n, c in enumerate(report.consultations, start=1):
        con.write_row(n, 0, [c.municipality, c.group, c.wijk, c.title])
        con.write_number(n, 4, c.codes_issued)
        con.write_number(n, 5, sum(c.used.values()))
        con.write_formula(n, 6, f"=IF(E{n + 1}=0,0,F{n + 1}/E{n + 1})",
                          book.add_format({"num_format": "0.0%"}),
                          float(Decimal(c.turnout_percent) / 100))
        con.write_number(n, 7, c.initiatives)
        con.write_number(n, 8, c.granted)
    con.set_column(0, 3, 22)
    book.close()


def write_report(db: Database, year: int, out_dir: str | os.PathLike,
                 municipality: str | None = None) -> list[Path]:
    """Write ``hub-report-YYYY.pdf``, ``.xlsx`` and its CSVs into ``out_dir``."""
    report = figures(db, year, municipality)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(_("Cannot write to {path}: {reason}").format(
            path=folder, reason=exc.strerror or exc)) from None
    name = f"hub-report-{year}"
    temps: list[tuple[Path, Path]] = []

    def temp(final: Path) -> Path:
        fd, path = tempfile.mkstemp(dir=folder, prefix=f".{final.name}.", suffix=".partial")
        os.close(fd)
        temps.append((Path(path), final))
        return Path(path)

    try:
        write_pdf(report, temp(folder / f"{name}.pdf"))
        write_workbook(report, temp(folder / f"{name}.xlsx"))
        for suffix, (header, rows) in csv_tables(report).items():
            with temp(folder / f"{name}-{suffix}.csv").open("w", encoding="utf-8",
                                                             newline="") as fp:
                writer = csv.writer(fp)
                writer.writerow(header)
                writer.writerows(rows)
        written = []
        for path, final in temps:
            os.chmod(path, 0o644)
            os.replace(path, final)
            written.append(final)
    except OSError as exc:
        for path, _final in temps:
            path.unlink(missing_ok=True)
        raise UserError(_("Cannot write to {path}: {reason}").format(
            path=folder, reason=exc.strerror or exc)) from None
    except BaseException:
        for path, _final in temps:
            path.unlink(missing_ok=True)
        raise
    return written
