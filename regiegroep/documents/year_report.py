"""The year report to the municipality as a PDF (A4): what happened to the neighbourhood's
money in a budget year (Art. 2, 5, 6, 9), in tables and charts a council member can read.

The budget, the cost reservation against its cap (Art. 2.3) and the ceiling (Art. 2.5); the
applications by theme and route; the decisions (Art. 5, 6) and their timeliness (Art. 5.1,
Awb 4:15); the vouchers and their payments (Art. 9); what still waits, in order of receipt
(Art. 4.4). The last page carries the newest hash of the audit trail, so the municipality
holds a copy of it (regiegroep/audit.py: a chain rewritten later no longer ends in it).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from . import accessible
from ..accounts import Accounts
from ..report_figures import figures
from ..i18n import _, current_locale, format_date, format_money, format_number
from ..register import Register
from .layout import ACCENT, FONT, para, register_fonts, styles, table

GRANTED_COLOUR = ACCENT
REDEEMED_COLOUR = colors.HexColor("#e07b39")
CEILING_COLOUR = colors.HexColor("#888888")
WAITING_SHOWN = 40  # the rest of the waiting list is in the workbook and the CSV


def _fingerprint(register: Register) -> str:
    """The seals' fingerprint of the whole register (regiegroep.seals), which
    ``audit verify --expect`` checks: kept on paper by the municipality."""
    from ..seals import fingerprint, is_sealed

    return fingerprint(register.conn, sealed=is_sealed(register.conn))


def audit_head(register: Register) -> tuple[int, str]:
    """The number of audit entries and the newest hash (audit.py keeps them in audit_head)."""
    row = register.conn.execute("SELECT count, hash FROM audit_head WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else (0, "")


def _month_names() -> list[str]:
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", locale=current_locale())
    return [names[m] for m in range(1, 13)]


def _month_labels(acc: Accounts) -> list[str]:
    """Month names; past the budget year with the year, and only every other one when the
    months would not fit."""
    names = _month_names()
    labels = [names[m.month - 1] + ("" if m.year == acc.year else f" ’{m.year % 100:02d}")
              for m in acc.months]
    if len(labels) > 14:
        labels = [label if n % 2 == 0 else "" for n, label in enumerate(labels)]
    return labels


def _share(part: int, whole: int) -> str:
    return format_number(round(Decimal(100 * part) / whole)) + "%" if whole else "—"


def _amount_axis(value) -> str:
    return format_number(int(value))


def _legend(drawing: Drawing, x: float, y: float, items) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 120
    legend.colorNamePairs = items
    drawing.add(legend)


def month_chart(acc: Accounts, width: float) -> Drawing:
    """Granted and redeemed so far, month by month, against the ceiling."""
    drawing = Drawing(width, 54 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 18 * mm, 14 * mm, width - 24 * mm, 38 * mm
    months = list(acc.months)
    chart.data = [[float(m.granted_so_far) for m in months],
                  [float(m.redeemed_so_far) for m in months],
                  [float(acc.ceiling)] * len(months)]
    chart.categoryAxis.categoryNames = _month_labels(acc)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _amount_axis
    for n, colour in enumerate((GRANTED_COLOUR, REDEEMED_COLOUR, CEILING_COLOUR)):
        chart.lines[n].strokeColor = colour
        chart.lines[n].strokeWidth = 2 if n < 2 else 1
    chart.lines[2].strokeDashArray = (3, 2)
    drawing.add(chart)
    _legend(drawing, 18 * mm, 4 * mm, [(GRANTED_COLOUR, _("Granted so far")),
                                       (REDEEMED_COLOUR, _("Redeemed so far")),
                                       (CEILING_COLOUR, _("Subsidy ceiling"))])
    return drawing


def monthly_bars(acc: Accounts, width: float) -> Drawing:
    """Granted and redeemed in each month."""
    drawing = Drawing(width, 48 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 18 * mm, 14 * mm, width - 24 * mm, 32 * mm
    months = list(acc.months)
    chart.data = [[float(m.granted) for m in months], [float(m.redeemed) for m in months]]
    chart.categoryAxis.categoryNames = _month_labels(acc)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _amount_axis
    chart.bars[0].fillColor, chart.bars[1].fillColor = GRANTED_COLOUR, REDEEMED_COLOUR
    chart.bars.strokeColor = None
    drawing.add(chart)
    _legend(drawing, 18 * mm, 4 * mm, [(GRANTED_COLOUR, _("Granted in the month")),
                                       (REDEEMED_COLOUR, _("Redeemed in the month"))])
    return drawing


def ceiling_bar(acc: Accounts, width: float) -> Drawing:
    """The ceiling as one bar: redeemed, granted but not yet redeemed, and left."""
    drawing = Drawing(width, 16 * mm)
    ceiling = max(acc.ceiling, acc.granted_sum, Decimal(1))
    x, height = 0.0, 8 * mm
    parts = ((acc.redeemed, REDEEMED_COLOUR), (acc.granted_sum - acc.redeemed, GRANTED_COLOUR),
             (max(acc.ceiling_left, Decimal(0)), colors.HexColor("#dddddd")))
    for value, colour in parts:
        w = float(value / ceiling) * width
        drawing.add(Rect(x, 6 * mm, w, height, fillColor=colour, strokeColor=None))
        x += w
    drawing.add(String(0, 1 * mm, _("Redeemed {redeemed} · granted {granted} · left {left} of "
                                    "the ceiling of {ceiling}").format(
        redeemed=format_money(acc.redeemed), granted=format_money(acc.granted_sum),
        left=format_money(acc.ceiling_left), ceiling=format_money(acc.ceiling)),
        fontName=FONT, fontSize=7.5))
    return drawing


def story(register: Register, acc: Accounts, width: float) -> list:
    s = styles()
    found = {f.key: f for f in figures(acc)}
    m = register.municipality()
    where = acc.wijk or _("all neighbourhoods")
    out = [para(_("Year report {year}: {where}").format(year=acc.year, where=where), s["title"]),
           para("\n".join(x for x in (
               _("Municipality of {name}").format(name=m.name) if m else "",
               (m.steering_group_name if m else "") or _("Steering group"),
               _("Neighbourhoods: {names}").format(names=", ".join(acc.wijken) or "—"),
               _("Made on {date}; what still waits is as of that day.").format(
                   date=format_date(acc.as_of)))
               if x), s["body"])]

    def figure_table(keys: list[str]) -> object:
        return table([[_("Figure"), _("Value")]] +
                     [[found[k].label, found[k].text()] for k in keys],
                     [width * 0.66, width * 0.34], s["cell"], right=(1,))

    out += [KeepTogether([para(_("The budget"), s["h"]), ceiling_bar(acc, width),
                          figure_table(["amount", "cost_reservation", "cost_reservation_cap",
                                        "ceiling", "granted_sum", "ceiling_left"])])]
    if acc.cost_reservation > acc.cost_reservation_cap:
        out.append(para(_("The cost reservation is above what the ordinance allows."), s["bold"]))
    if acc.wijk is None and len(acc.wijken) > 1:
        rows = [[_("Neighbourhood"), _("Ceiling"), _("Granted"), _("Redeemed"), _("Left")]]
        budgets = {b.wijk: b for b in register.budgets() if b.year == acc.year}
        for name in acc.wijken:
            own = [r for r in acc.rows if r.wijk == name]
            granted = sum((r.granted for r in own), Decimal(0))
            ceiling = budgets[name].ceiling if name in budgets else None
            rows.append([name, format_money(ceiling) if ceiling is not None else "—",
                         format_money(granted), format_money(sum((r.paid for r in own), Decimal(0))),
                         format_money(ceiling - granted) if ceiling is not None else "—"])
        out += [Spacer(1, 3 * mm), table(rows, [width * 0.28] + [width * 0.18] * 4, s["cell"],
                                         right=(1, 2, 3, 4))]

    out += [KeepTogether([para(_("The year month by month"), s["h"]), month_chart(acc, width),
                          monthly_bars(acc, width)])]

    from ..workbook_report import breakdown

    out += [PageBreak(), para(_("Applications"), s["h"]),
            figure_table(["applied_count", "applied_sum"]), Spacer(1, 3 * mm),
            table([[_("Theme or route"), _("Applications"), _("Share")]] +
                  [[label, format_number(count), _share(count, acc.applied_count)]
                   for _key, label, count in breakdown(acc)],
                  [width * 0.6, width * 0.2, width * 0.2], s["cell"], right=(1, 2))]
    out += [para(_("Decisions (Art. 5 and 6)"), s["h"]),
            figure_table(["granted_count", "granted_in_full_sum", "partially_granted_count",
                          "partially_granted_sum", "referred_count", "referred_sum",
                          "refused_count", *(f"refused_{g}" for g in "abcde"),
                          "left_undealt_count", "waiting_count", "waiting_sum"])]
    grounds = _grounds(register, acc)
    if grounds:
        out.append(para("\n".join(_("Ground {letter}: {text}").format(letter=g.letter, text=g.text)
                                  for g in grounds), s["small"]))
    out.append(para(_("Consultations: {n} initiatives were referred to a neighbourhood "
                      "consultation; the register does not keep consultations and their turnout "
                      "yet.").format(n=format_number(acc.referred_count)), s["small"]))
    timely = [para(_("Timeliness (Art. 5.1; Awb 4:15)"), s["h"]),
              figure_table(["decided_count", "decided_in_time", "share_in_time",
                            "longest_delay", "overdue_count", "completion_requests",
                            "suspended_days"])]
    late = acc.longest_delay
    if late is not None:
        timely.append(para(_("The longest delay: number {sequence}, received on {received}, "
                             "deadline {deadline}.").format(
            sequence=late.sequence, received=format_date(late.received_at.date()),
            deadline=format_date(late.deadline)), s["small"]))
    out += [KeepTogether(timely), KeepTogether([
        para(_("Vouchers and payments (Art. 9)"), s["h"]),
        figure_table(["vouchers_issued_count", "vouchers_issued", "redeemed", "cash_paid",
                      "outstanding", "expired", "returned"]),
        para(_("What the vouchers issued were worth is paid out, still open, expired or "
               "returned: {issued} = {redeemed} + {outstanding} + {expired} + {returned}. A "
               "lost voucher's replacement carries what was left on it and is not counted "
               "again.").format(
            issued=found["vouchers_issued"].text(), redeemed=found["redeemed"].text(),
            outstanding=found["outstanding"].text(), expired=found["expired"].text(),
            returned=found["returned"].text()), s["small"])])]

    waiting = acc.waiting()
    out += [PageBreak(), para(_("Still waiting for a decision, in order of receipt"), s["h"])]
    if waiting:
        rows = [[_("Number"), _("Received"), _("Initiative"), _("Asks"), _("Deadline")]]
        rows += [[str(r.sequence), format_date(r.received_at.date()), r.title,
                  format_money(r.asked) if r.asked is not None else "—", format_date(r.deadline)]
                 for r in waiting[:WAITING_SHOWN]]
        out.append(table(rows, [width * 0.12, width * 0.2, width * 0.33, width * 0.15,
                                width * 0.2], s["cell"], right=(3,)))
        if len(waiting) > WAITING_SHOWN:
            out.append(para(_("And {n} more: the workbook and the CSV file list them all.").format(
                n=format_number(len(waiting) - WAITING_SHOWN)), s["small"]))
    else:
        out.append(para(_("Nothing is waiting for a decision."), s["body"]))

    entries, digest = audit_head(register)
    out += [PageBreak(), KeepTogether([
        para(_("The audit trail"), s["h"]),
        para(_("Every change to the register is an entry in its audit trail, each chained to "
               "the one before by a hash. Keep this page: if the trail is ever rewritten, it no "
               "longer ends in this hash."), s["body"]),
        para(_("Entries: {n}").format(n=format_number(entries)), s["body"]),
        para(_("Newest hash:"), s["body"]),
        para(digest or "—", styles()["bold"]),
        para(_("The register's fingerprint (the trail and every decision, payment, budget and "
               "person in it, as they are now):"), s["body"]),
        para(_fingerprint(register), styles()["bold"]),
        para(_("Check a register against this page with: regiegroep audit verify --db PATH "
               "--expect FINGERPRINT"), s["small"])])]
    return out


def _grounds(register: Register, acc: Accounts):
    budgets = [b for b in register.budgets() if b.year == acc.year and
               (acc.wijk is None or b.wijk == acc.wijk)]
    if not budgets:
        from ..rules import model_ordinance

        return model_ordinance().refusal_grounds
    return register.ordinance_for(budgets[0].wijk_id, acc.year).refusal_grounds


def write_pdf(register: Register, acc: Accounts, path: str | Path) -> Path:
    """Write the report of ``acc`` as an A4 PDF to ``path``."""
    register_fonts()
    path = Path(path)
    where = acc.wijk or _("all neighbourhoods")
    title = _("Year report {year}: {where}").format(year=acc.year, where=where)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=20 * mm, title=title,
                            author="Regiegroep", **accessible.document_options())

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor("#555555")
        canvas.drawString(20 * mm, 11 * mm, _("{title} · page {page}").format(
            title=title, page=document.page))
        canvas.restoreState()

    doc.build(story(register, acc, A4[0] - 40 * mm), onFirstPage=footer, onLaterPages=footer)
    return path

