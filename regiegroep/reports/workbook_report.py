"""The year report's workbook (XLSX): the rows every figure comes from, and the totals as
spreadsheet formulas over them (Art. 2, 5, 6, 9).

Sheet one holds one row per application (regiegroep.accounts.Row). Sheet two holds each
total of the report as a COUNTIFS, SUMIFS or SUM over those rows, written together with
the value the app computed, so a viewer that does not recalculate shows the same figure
and a controller who does recalculate can see that the two agree. The budget's own
amounts (amount, cost reservation, ceiling) are not sums of rows and are written as
numbers. Sheet three gives the months of the chart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from .accounts import Accounts
from .report_figures import figures
from ..deciding.decision import Kind
from .rows import COLUMNS, breakdown, headers, route_label
from ..i18n import _
from ..model import Theme
from ..rules import CONSULTATION, STEERING_GROUP

_EPOCH = dt.date(1899, 12, 30)  # day 0 of a spreadsheet's dates
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML
_LETTERS = {key: chr(ord("A") + n) for n, (key, _kind) in enumerate(COLUMNS)}
# _cell_xml writes the rows' cells with these letters, A to Z: one letter a column.
assert len(COLUMNS) <= 26


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sheet_name(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def totals_formulas(acc: Accounts, sheet: str, cells: dict[str, str]) -> dict[str, str]:
    """Each total's formula over the rows on ``sheet``; ``cells`` gives the totals' own cells
    (for the totals made of other totals)."""
    last = max(2, len(acc.rows) + 1)

    def r(key: str) -> str:
        col = _LETTERS[key]
        return f"'{sheet}'!${col}$2:${col}${last}"

    yes, no = _quoted(_("yes")), _quoted(_("no"))

    def kind(k: Kind) -> str:
        return _quoted(k.label)

    formulas = {
        "applied_count": f"=COUNT({r('sequence')})",
        "applied_sum": f"=SUM({r('asked')})",
        "referred_count": f"=COUNTIFS({r('referred')},{yes})",
        "referred_sum": f"=SUMIFS({r('asked')},{r('referred')},{yes})",
        "granted_count": f"=COUNTIFS({r('decision')},{kind(Kind.GRANTED)})",
        "granted_in_full_sum": f"=SUMIFS({r('granted')},{r('decision')},{kind(Kind.GRANTED)})",
        "partially_granted_count": f"=COUNTIFS({r('decision')},{kind(Kind.PARTIALLY_GRANTED)})",
        "partially_granted_sum":
            f"=SUMIFS({r('granted')},{r('decision')},{kind(Kind.PARTIALLY_GRANTED)})",
        "granted_sum": f"=SUM({r('granted')})",
        "refused_count": f"=COUNTIFS({r('decision')},{kind(Kind.REFUSED)})",
        **{f"refused_{g}": f"=COUNTIFS({r('decision')},{kind(Kind.REFUSED)},"
                           f"{r('refusal_grounds')},\"*{g}*\")" for g in "abcde"},
        "left_undealt_count": f"=COUNTIFS({r('decision')},{kind(Kind.LEFT_UNDEALT)})",
        "waiting_count": f"=COUNTIFS({r('waiting')},{yes})",
        "waiting_sum": f"=SUMIFS({r('asked')},{r('waiting')},{yes})",
        "decided_count": f"=COUNT({r('decided_on')})",
        "decided_in_time": f"=COUNTIFS({r('within_term')},{yes})",
        "share_in_time": f"=IF({cells['decided_count']}=0,\"\","
                         f"{cells['decided_in_time']}/{cells['decided_count']})",
        # The most days past the term of the decisions not within it, and of what waits:
        # SUMPRODUCT makes MAX go over the rows in every spreadsheet, without MAXIFS.
        "longest_delay": f"=MAX(0,SUMPRODUCT(MAX(({r('within_term')}={no})*{r('days_late')})))",
        "overdue_count": f"=COUNTIFS({r('waiting')},{yes},{r('days_late')},\">0\")",
        "longest_wait": f"=MAX(0,SUMPRODUCT(MAX(({r('waiting')}={yes})*{r('days_late')})))",
        "completion_requests": f"=SUM({r('completion_requests')})",
        "suspended_days": f"=SUM({r('suspended_days')})",
        "vouchers_issued_count": f"=SUM({r('vouchers')})",
        "vouchers_issued": f"=SUM({r('issued')})",
        "redeemed": f"=SUM({r('paid')})",
        "cash_paid": f"=SUM({r('cash_paid')})",
        "outstanding": f"=SUM({r('outstanding')})",
        "expired": f"=SUM({r('expired')})",
        "returned": f"=SUM({r('returned')})",
        "ceiling_left": f"={cells['ceiling']}-{cells['granted_sum']}",
    }
    for theme in (*Theme, None):
        label = theme.label if theme else ""
        formulas[f"theme_{theme.value if theme else 'none'}"] = (
            f"=COUNTIFS({r('theme')},{_quoted(label)})" if theme else
            f"=COUNT({r('sequence')})-SUM({','.join(cells[f'theme_{t.value}'] for t in Theme)})")
    for route in (STEERING_GROUP, CONSULTATION):
        formulas[f"route_{route}"] = f"=COUNTIFS({r('route')},{_quoted(route_label(route))})"
    return formulas


def write_workbook(acc: Accounts, path: Path, check: Callable[[], None] = lambda: None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "in_memory": False})
    try:
        bold = book.add_format({"bold": True, "bg_color": "#e8f0f6", "text_wrap": True,
                                "valign": "top"})
        money = book.add_format({"num_format": "#,##0.00"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        share = book.add_format({"num_format": "0.0%"})
        rows_name = _sheet_name(_("Applications"))
        rows_sheet = book.add_worksheet(rows_name)
        totals_sheet = book.add_worksheet(_sheet_name(_("Totals")))
        months_sheet = book.add_worksheet(_sheet_name(_("Months")))

        kinds = [k for _key, k in COLUMNS]
        rows_sheet.freeze_panes(1, 1)
        for n, title in enumerate(headers()):
            rows_sheet.write_string(0, n, title, bold)
            rows_sheet.set_column(n, n, 28 if COLUMNS[n][0] == "title" else 13,
                                  {"money": money, "date": date}.get(kinds[n]))
        # The totals: label, value (a formula with its computed value), the stable key.
        listed = [(f.key, f.label, f.value, f.unit) for f in figures(acc)]
        listed += [(key, label, count, "count") for key, label, count in breakdown(acc)]
        cells = {key: f"$B${n + 2}" for n, (key, *_rest) in enumerate(listed)}
        formulas = totals_formulas(acc, rows_name, cells)
        totals_sheet.set_column(0, 0, 52)
        totals_sheet.set_column(1, 1, 18)
        totals_sheet.set_column(2, 2, 24)
        for n, title in enumerate((_("Figure"), _("Value"), _("Key"))):
            totals_sheet.write_string(0, n, title, bold)
        for y, (key, label, value, unit) in enumerate(listed, 1):
            style = {"money": money, "share": share}.get(unit)
            computed = "" if value is None else float(value) if isinstance(value, Decimal) else value
            totals_sheet.write_string(y, 0, label)
            if key in formulas:
                totals_sheet.write_formula(y, 1, formulas[key], style, computed)
            else:
                totals_sheet.write_number(y, 1, computed, style)
            totals_sheet.write_string(y, 2, key)

        months_sheet.set_column(0, 5, 16)
        for n, title in enumerate((_("Month"), _("Granted"), _("Redeemed"), _("Granted so far"),
                                   _("Redeemed so far"), _("Subsidy ceiling"))):
            months_sheet.write_string(0, n, title, bold)
        for y, m in enumerate(acc.months, 1):
            months_sheet.write_string(y, 0, f"{m.year}-{m.month:02d}")
            for x, value in enumerate((m.granted, m.redeemed, m.granted_so_far,
                                       m.redeemed_so_far, acc.ceiling), 1):
                months_sheet.write_number(y, x, float(value), money)
        if acc.months:
            chart = book.add_chart({"type": "line"})
            months_name = _sheet_name(_("Months"))
            end = len(acc.months)
            for column in (3, 4, 5):
                chart.add_series({"name": [months_name, 0, column],
                                  "categories": [months_name, 1, 0, end, 0],
                                  "values": [months_name, 1, column, end, column]})
            chart.set_title({"name": _("Granted and redeemed against the ceiling")})
            chart.set_size({"width": 720, "height": 360})
            months_sheet.insert_chart(1, 7, chart)
    finally:
        book.close()
    _add_rows(path, acc, money.xf_index, date.xf_index, check)


def _cell_xml(rows, money_style: int, date_style: int, check: Callable[[], None]):
    """The rows' cells as sheet XML, a few thousand rows at a time: the same cells as
    exchange_report.row_values gives, built here with each label translated and escaped
    once (row_values is the reference; tests/test_year_report.py reads both back)."""
    from ..model import Status
    from ..exchange.spreadsheet import safe_text

    def x(text: str) -> str:
        text = _CONTROL.sub("", escape(text))
        return f'<t xml:space="preserve">{text}</t>' if text != text.strip() else f"<t>{text}</t>"

    themes = {t: x(t.label) for t in Theme}
    statuses = {t: x(t.label) for t in Status}
    kinds = {k: x(k.label) for k in Kind}
    routes = {r: x(route_label(r)) for r in (STEERING_GROUP, CONSULTATION)}
    yes, no = x(_("yes")), x(_("no"))
    wijken: dict[str, str] = {}
    m, d = money_style, date_style

    def text_cell(text: str) -> str:
        """A text cell after its reference: '<c r="E7' + this."""
        return f'" t="inlineStr"><is>{text}</is></c>'

    themes = {t: text_cell(v) for t, v in themes.items()}
    statuses = {t: text_cell(v) for t, v in statuses.items()}
    kinds = {k: text_cell(v) for k, v in kinds.items()}
    routes = {r: text_cell(v) for r, v in routes.items()}
    answer = {True: text_cell(yes), False: text_cell(no)}
    epoch = _EPOCH.toordinal()
    # Cells whose text repeats are made once without their reference, which each row puts
    # in front: the same XML, built without formatting every cell again.
    chunk = []
    for y, r in enumerate(rows, 2):
        wijk = wijken.get(r.wijk)
        if wijk is None:
            wijk = wijken[r.wijk] = text_cell(x(safe_text(r.wijk)))
        decided = r.decided_on
        c = [f'<row r="{y}"><c r="A{y}"><v>{r.sequence}</v></c>', f'<c r="B{y}{wijk}',
             f'<c r="C{y}" s="{d}"><v>{r.received_at.toordinal() - epoch}</v></c>']
        if r.title:
            c.append(f'<c r="D{y}" t="inlineStr"><is>{x(safe_text(r.title))}</is></c>')
        if r.theme:
            c.append(f'<c r="E{y}{themes[r.theme]}')
        if r.route:
            c.append(f'<c r="F{y}{routes[r.route]}')
        c.append(f'<c r="G{y}{statuses[r.status]}')
        if r.asked is not None:
            c.append(f'<c r="H{y}" s="{m}"><v>{r.asked}</v></c>')
        c.append(f'<c r="I{y}{answer[r.referred]}')
        if r.decision is not None:
            c.append(f'<c r="J{y}{kinds[r.decision]}')
        c.append(f'<c r="K{y}" s="{m}"><v>{r.granted}</v></c>')
        if r.refusal_grounds:
            c.append(f'<c r="L{y}" t="inlineStr"><is>{x(", ".join(r.refusal_grounds))}</is></c>')
        if decided is not None:
            c.append(f'<c r="M{y}" s="{d}"><v>{decided.toordinal() - epoch}</v></c>')
        c.append(f'<c r="N{y}" s="{d}"><v>{r.deadline.toordinal() - epoch}</v></c>')
        if decided is not None:
            c.append(f'<c r="O{y}{answer[decided <= r.deadline]}')
        if r.days_late is not None:
            c.append(f'<c r="P{y}"><v>{r.days_late}</v></c>')
        c.append(f'<c r="Q{y}{answer[r.waiting]}')
        c.append(f'<c r="R{y}"><v>{r.vouchers}</v></c><c r="S{y}" s="{m}"><v>{r.issued}</v></c>'
                 f'<c r="T{y}" s="{m}"><v>{r.paid}</v></c>'
                 f'<c r="U{y}" s="{m}"><v>{r.cash_paid}</v></c>'
                 f'<c r="V{y}" s="{m}"><v>{r.outstanding}</v></c>'
                 f'<c r="W{y}" s="{m}"><v>{r.expired}</v></c>'
                 f'<c r="X{y}" s="{m}"><v>{r.returned}</v></c>'
                 f'<c r="Y{y}"><v>{r.completion_requests}</v></c>'
                 f'<c r="Z{y}"><v>{r.suspended_days}</v></c></row>')
        chunk.append("".join(c))
        if len(chunk) == 5000:
            check()
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _add_rows(path: Path, acc: Accounts, money_style: int, date_style: int,
              check: Callable[[], None]) -> None:
    """Put the rows into the first sheet of the workbook xlsxwriter wrote.

    xlsxwriter takes some 10 microseconds a cell; the 1.2 million cells of a large year took
    the report far past its 5 seconds (benchmarks/report.py). So xlsxwriter writes the
    workbook with the rows sheet's header, formats and column widths, and the rows' cells
    are written here as the sheet's XML (the same inline strings and numbers xlsxwriter's
    constant-memory mode writes), streamed into a copy of the file.
    """
    sheet = "xl/worksheets/sheet1.xml"
    done = path.with_name(path.name + ".rows")
    try:
        _copy_with_rows(path, done, sheet, acc, money_style, date_style, check)
    except BaseException:
        done.unlink(missing_ok=True)
        raise
    done.replace(path)


def _copy_with_rows(path, done, sheet, acc, money_style, date_style, check) -> None:
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(
            done, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != sheet:
                target.writestr(item, data)
                continue
            xml = data.decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            last = max(1, len(acc.rows) + 1)
            head = head.replace(f':{chr(ord("A") + len(COLUMNS) - 1)}1"/>',
                                f':{chr(ord("A") + len(COLUMNS) - 1)}{last}"/>', 1)
            with target.open(sheet, "w") as out:  # the archive's own compression level
                out.write(head.encode("utf-8"))
                for part in _cell_xml(acc.rows, money_style, date_style, check):
                    out.write(part.encode("utf-8"))
                out.write(("</sheetData>" + tail).encode("utf-8"))

