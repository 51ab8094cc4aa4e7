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
from ..reports.accounts import Accounts
from ..reports.report_figures import figures
from ..i18n import (
    _,
    current_locale,
    format_date,
    format_money,
    format_number,
    format_whole_money,
)
from ..register import Register
from .layout import ACCENT, FONT, para, register_fonts, styles, table
from .tagged import Tag
from ..store import reads
from ..trust.access import Read

GRANTED_COLOUR = ACCENT
REDEEMED_COLOUR = colors.HexColor("#e07b39")
CEILING_COLOUR = colors.HexColor("#888888")
WAITING_SHOWN = 40  # the rest of the waiting list is in the workbook and the CSV


def _fingerprint(register: Register) -> str:
    """The seals' fingerprint of the whole register (regiegroep.trust.seals), which
    ``audit verify --expect`` checks: kept on paper by the municipality."""
    from ..trust.seals import fingerprint, is_sealed

    return fingerprint(register.conn, sealed=is_sealed(register.conn))


@reads(Read.BUDGETS, Read.APPLICATIONS)
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
    """An axis label in whole euros as the language writes money: "€ 3.000.000" in Dutch,
    "3 000 000 €" in Polish, never "3000000"; the budget view's axis says the same."""
    return format_whole_money(int(value))


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
    drawing.add(String(0, 1 * mm, ceiling_text(acc), fontName=FONT, fontSize=7.5))
    return drawing


def ceiling_text(acc: Accounts) -> str:
    """What the ceiling bar shows, in words (its text for a screen reader too)."""
    return _("Redeemed {redeemed} · granted {granted} · left {left} of "
             "the ceiling of {ceiling}").format(
        redeemed=format_money(acc.redeemed), granted=format_money(acc.granted_sum),
        left=format_money(acc.ceiling_left), ceiling=format_money(acc.ceiling))


@reads(Read.BUDGETS, Read.APPLICATIONS)
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

    def figure(drawing, heading: str, *legend: str) -> Tag:
        """A chart for a screen reader: a /Figure with its heading and legend as its text."""
        return Tag(drawing, "Figure", alt=heading + ": " + ", ".join(legend))

    def figure_table(keys: list[str]) -> object:
        return table([[_("Figure"), _("Value")]] +
                     [[found[k].label, found[k].text()] for k in keys],
                     [width * 0.66, width * 0.34], s["cell"], right=(1,))

    out += [KeepTogether([para(_("The budget"), s["h"]),
                          figure(ceiling_bar(acc, width), _("The budget"), ceiling_text(acc)),
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

    month = _("The year month by month")
    out += [KeepTogether([para(month, s["h"]),
                          figure(month_chart(acc, width), month, _("Granted so far"),
                                 _("Redeemed so far"), _("Subsidy ceiling")),
                          figure(monthly_bars(acc, width), month, _("Granted in the month"),
                                 _("Redeemed in the month"))])]

    from ..reports.rows import breakdown

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
    out += _outcomes(acc, width, s)
    out += _consultations(register, acc, width, s)
    timely = [para(_("Timeliness (Art. 5.1; Awb 4:15)"), s["h"]),
              figure_table(["decided_count", "decided_in_time", "share_in_time",
                            "longest_delay", "overdue_count", "longest_wait",
                            "completion_requests",
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
    out += _granted_and_issued(acc, width, s, found)

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


def _outcomes(acc: Accounts, width: float, s) -> list:
    """What became of every application received, one outcome each, per neighbourhood: a
    table whose every row adds up to what was received."""
    from ..reports.report_figures import OUTCOMES, outcome_table

    counted = outcome_table(acc)  # one column per neighbourhood (and all): each adds up
    header = [_("Outcome"), *(wijk for wijk, _counts, _received in counted)]
    rows = [header] + [[_(label), *(format_number(counts[key]) for _w, counts, _r in counted)]
                       for key, label in OUTCOMES]
    rows.append([_("Received (the sum)"),
                 *(format_number(received) for _w, _counts, received in counted)])
    first = width * (0.4 if len(header) <= 3 else 0.3)
    rest = (width - first) / (len(header) - 1)
    return [KeepTogether([
        para(_("What became of the applications received"), s["h"]),
        para(_("Each application counts once, by its decision in force: an initiative "
               "granted after its consultation counts as granted, not also as referred. Each "
               "column adds up to the applications received."), s["small"]),
        table(rows, [first] + [rest] * (len(header) - 1), s["cell"],
              right=tuple(range(1, len(header))))])]


def _granted_and_issued(acc: Accounts, width: float, s, found) -> list:
    """Granted = the vouchers issued + the grants whose vouchers are not issued yet (listed);
    what is left is the difference corrected decisions made."""
    from ..reports.report_figures import granted_and_issued, not_issued

    pending = not_issued(acc)
    out = [para(_("Granted and issued"), s["h"]), para(granted_and_issued(acc), s["body"])]
    if pending:
        rows = [[_("Number"), _("Initiative"), _("Decided on"), _("Granted")]]
        rows += [[str(r.sequence), r.title, format_date(r.decided_on) if r.decided_on else "—",
                  format_money(r.granted)] for r in pending]
        out += [para(_("Grants whose vouchers must still be issued:"), s["body"]),
                table(rows, [width * 0.12, width * 0.48, width * 0.2, width * 0.2], s["cell"],
                      right=(3,))]
    return [KeepTogether(out)]


def _consultations(register: Register, acc: Accounts, width: float, s) -> list:
    """Each consultation of the year's applications: its initiatives with their votes and
    outcome, and the turnout per channel."""
    from ..consultations.consultation_results import latest_result, shown_percent
    from ..consultations import CHANNELS, consultations, label

    ids = {r.id for r in acc.rows}
    held = [c for c in consultations(register) if ids & set(c.application_ids)]
    out = [para(_("Neighbourhood consultations (Art. 5.3-5.5)"), s["h"])]
    if not held:
        out.append(para(_("No application of this year was put to a neighbourhood "
                          "consultation."), s["body"]))
        return [KeepTogether(out)]
    decision = {r.id: r.decision for r in acc.rows}
    channel = {"meeting": _("at the meeting"), "paper": _("on paper"),
               "digital": _("digitally")}
    for c in held:
        result = latest_result(register, c.id) if c.id is not None else None
        counted = {it["application_id"]: it for it in result.figures["items"]} if result else {}
        used = sum(c.codes_used.get(ch, 0) for ch in CHANNELS)
        turnout = (format_number(round(Decimal(100 * used) / c.codes_issued)) + "%"
                   if c.codes_issued else "—")
        head = _("{title}, {start} to {end} ({status})").format(
            title=c.title, start=format_date(c.starts_on), end=format_date(c.ends_on),
            status=label(c.status))
        turnout_text = _("Voting codes issued: {issued}; used {channels}; turnout "
                         "{turnout}.").format(
            issued=format_number(c.codes_issued), turnout=turnout,
            channels=", ".join(_("{n} {where}").format(n=format_number(c.codes_used.get(ch, 0)),
                                                      where=channel[ch]) for ch in CHANNELS))
        rows = [[_("Number"), _("Initiative"), _("Votes for"), _("Votes against"),
                 _("Abstentions"), _("Outcome")]]
        for item in c.items:
            it = counted.get(item.application_id)
            if it is not None:
                abstained = sum(v.get("abstain", 0) for v in it["votes"].values())
                votes = [format_number(it["for"]), format_number(it["against"]),
                         format_number(abstained)]
            else:
                votes = ["—", "—", "—"]
            kind = decision.get(item.application_id)
            rows.append([str(item.sequence), item.title, *votes,
                         kind.label if kind is not None else _("not decided yet")])
        out.append(KeepTogether([
            para(head, s["bold"]), para(turnout_text, s["small"]),
            table(rows, [width * 0.11, width * 0.35, width * 0.1, width * 0.1, width * 0.15,
                         width * 0.19], s["cell"], right=(2, 3, 4))]))
    return out


def _grounds(register: Register, acc: Accounts):
    budgets = [b for b in register.budgets() if b.year == acc.year and
               (acc.wijk is None or b.wijk == acc.wijk)]
    if not budgets:
        from ..rules import model_ordinance

        return model_ordinance().refusal_grounds
    return register.ordinance_for(budgets[0].wijk_id, acc.year).refusal_grounds


@reads(Read.BUDGETS, Read.APPLICATIONS)
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

    doc.build(story(register, acc, A4[0] - 40 * mm), onFirstPage=footer, onLaterPages=footer,
              canvasmaker=accessible.Canvas)
    return path

