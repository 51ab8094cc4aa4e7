"""Public notices (Art. 7): the scheme leaflet and poster, and the publication of granted
initiatives.

Art. 7.1: the steering group tells every resident what the scheme offers, how and where to
apply, with the ordinance's own figures (regiegroep.rules.figures, never a constant). Art.
7.2: it makes public which initiatives received vouchers, how much, by which route and when;
the applicant's name only where they agreed to it (``Applicant.publish_name``, AVG), and no
other personal data at all: no contact person, address, postcode, phone or e-mail.

Each notice is a list of blocks, drawn as a PDF (A4 leaflet or A3 poster), plain text, or one
HTML page with no external resources, following the file's extension. The words go through
gettext: a new language is a new catalog, not new code. ``language="all"`` puts every
shipped language in one notice, one after the other.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from html import escape
from pathlib import Path

from .. import i18n
from . import accessible
from ..errors import UserError
from ..files import private_temp_beside
from ..i18n import _, format_date, format_money, format_number, ngettext
from ..budgets.contact import group_contact
from ..budgets.kiosk_place import kiosk_place, set_kiosk_place
from ..model import ARTICLE_4_2, Theme
from ..register import Register
from ..rules import CONSULTATION, figures
from .layout import ACCENT, bullets, register_fonts, styles, table, para
from ..i18n import list_comma
from .shaping import left_to_right
from ..store import reads
from ..trust.access import Read

KINDS = ("scheme", "granted")
SIZES = ("a4", "a3")
FORMATS = (".pdf", ".txt", ".html")
ALL = "all"


def _budget_year(register: Register, wijk_id: int | None, year: int):
    """The year's budgets (only for whoever may read them: the kiosk's leaflet names no
    ceiling) and the ordinance in force."""
    from ..trust.access import Read

    budgets = [b for b in register.budgets()
               if b.year == year and (wijk_id is None or b.wijk_id == wijk_id)
               ] if register.session.may_read(Read.BUDGETS) else []
    if budgets:
        return budgets, register.ordinance_for(budgets[0].wijk_id, year)
    if wijk_id is not None:
        return [], register.ordinance_for(wijk_id, year)
    return [], register.year_ordinance(year)


@reads(Read.PUBLIC)
def scheme_blocks(register: Register, wijk_id: int | None, year: int) -> list[tuple]:
    """The leaflet's text in the current language (Art. 7.1)."""
    names = {w.id: w.name for w in register.wijken()}
    where = names[wijk_id] if wijk_id is not None else list_comma().join(names.values())
    budgets, ordinance = _budget_year(register, wijk_id, year)
    f = figures(ordinance, i18n.current_language())
    m = register.municipality()
    place = kiosk_place(register)
    group = (m.steering_group_name if m else "") or _("the steering group")
    blocks: list[tuple] = [
        ("title", _("Vouchers for your idea in {where}").format(where=where)),
        ("lead", _("Do you have an idea that makes your street, block or neighbourhood a better "
                   "place to live? Residents can apply for vouchers to carry it out. {group} "
                   "decides, on behalf of the municipality of {municipality}.").format(
            group=group, municipality=m.name if m else "")),
    ]
    if budgets:
        ceiling = sum((b.ceiling for b in budgets), Decimal(0))
        blocks.append(("p", _("In {year} there is {ceiling} for residents' initiatives.").format(
            year=year, ceiling=format_money(ceiling))))
    blocks += [
        ("h", _("What can you apply for?")),
        ("p", _("Vouchers pay for what your initiative needs: materials, rent, services. One "
                "voucher is worth at most {max_voucher_value}. The cash manager of the "
                "municipality pays your suppliers with them, or gives you up to {cash_limit} at "
                "a time in cash.").format(**f)),
        ("p", _("Any resident may apply, alone, with a group of neighbours, or as an "
                "association or foundation of residents. The initiative is about: "
                "{themes}.").format(themes=list_comma().join(t.label.lower() for t in Theme))),
        ("h", _("How do you apply?")),
        ("p", _("Write the following down, or tell it to us at the kiosk:") if place
         else _("Write the following down:")),
        ("list", [_(ARTICLE_4_2[item]) for item in "abcd"]),
        ("h", _("Where?")),
    ]
    if place:
        blocks.append(("p", _("At the kiosk of {group}: {place}.").format(group=group,
                                                                         place=place)))
    # The group's own address (the one its letters give), not the town hall's.
    contact = group_contact(register)
    address = contact.postal or ", ".join(
        x for x in ((m.address, " ".join(y for y in (m.postcode, m.city) if y)) if m else ())
        if x)
    blocks.append(("p", (_("Or send or bring your application to {group}, {address}.") if place
                         else _("Send or bring your application to {group}, {address}.")).format(
        group=group, address=address or (m.name if m else ""))))
    reach = [_("phone {phone}").format(phone=left_to_right(contact.phone))
             if contact.phone else "",
             _("e-mail {email}").format(email=contact.email) if contact.email else ""]
    if any(reach):
        blocks.append(("p", _("Questions? Call or write to us: {how}.").format(
            how=_(" or ").join(x for x in reach if x))))
    blocks += [
        ("h", _("The rules")),
        ("list", [
            _("Up to {consultation_threshold} the steering group decides within {decision_term} "
              "of receiving your complete application.").format(**f),
            _("Above {consultation_threshold} the steering group checks the initiative; then a "
              "neighbourhood consultation decides: the residents have their say.").format(**f),
            _("Applications are dealt with in order of receipt, as long as there is budget.")
            if not budgets else _("Applications are dealt with in order of receipt, as long as "
                                  "the budget lasts."),
            _("If something is missing, we ask you to complete it within {completion_term}.")
            .format(**f),
            _("Vouchers are issued until {last_issue_date}; the initiative must be carried out "
              "by {last_completion_date}.").format(**f),
            _("We publish which initiatives received vouchers; your name only if you agree."),
        ]),
        ("small", _("This notice follows Art. 7.1 of the ordinance: {title}.").format(
            title=ordinance.title) + " " + _("{group}, {date}").format(
            group=group, date=format_date(dt.date.today()))),
    ]
    return blocks


@reads(Read.PUBLIC)
def granted_entries(register: Register, wijk_id: int | None, start: dt.date | None,
                    end: dt.date | None) -> list[dict]:
    """The grants in force decided from ``start`` to ``end``: only what may be published."""
    return [g._asdict() for g in register.published_grants(wijk_id, start, end)]


@reads(Read.PUBLIC)
def granted_blocks(register: Register, wijk_id: int | None, start: dt.date | None,
                   end: dt.date | None) -> list[tuple]:
    """The publication of granted initiatives in the current language (Art. 7.2)."""
    names = {w.id: w.name for w in register.wijken()}
    where = names[wijk_id] if wijk_id is not None else _("all neighbourhoods")
    entries = granted_entries(register, wijk_id, start, end)
    if start and end:
        period = _("from {start} to {end}").format(start=format_date(start), end=format_date(end))
    elif start:
        period = _("from {start}").format(start=format_date(start))
    elif end:
        period = _("until {end}").format(end=format_date(end))
    else:
        period = _("all decisions so far")
    total = sum((e["amount"] for e in entries), Decimal(0))
    rows = [[format_date(e["date"]), e["title"] + (f" ({e['name']})" if e["name"] else ""),
             e["wijk"], format_money(e["amount"]),
             _("neighbourhood consultation") if e["route"] == CONSULTATION else _("steering group")]
            for e in entries]
    m = register.municipality()
    return [
        ("title", _("Initiatives that received vouchers")),
        ("lead", _("{where}, {period}").format(where=where, period=period)),
        ("p", _("The steering group makes public which initiatives received vouchers (Art. 7.2). "
                "The applicant's name is given only where they agreed to it.")),
        ("table", [_("Date"), _("Initiative"), _("Neighbourhood"), _("Vouchers"), _("Decided by")],
         rows, (3,)) if rows else ("p", _("No initiative received vouchers in this period.")),
        ("p", ngettext("{n} initiative received {total} in vouchers.",
                       "{n} initiatives received {total} in vouchers.", len(entries)).format(
            n=format_number(len(entries)), total=format_money(total))),
        ("small", _("{group}, municipality of {municipality}, {date}.").format(
            group=(m.steering_group_name if m else "") or _("the steering group"),
            municipality=m.name if m else "", date=format_date(dt.date.today()))),
    ]


@reads(Read.PUBLIC)
def notice_blocks(register: Register, kind: str, wijk_id: int | None = None,
                  start: dt.date | None = None, end: dt.date | None = None,
                  language: str | None = None) -> list[tuple]:
    """The notice's blocks in ``language`` (a code of i18n.LANGUAGES, ``"all"``, or None
    for the current one); languages after the first start on a new page."""
    if kind not in KINDS:
        raise UserError(_("A notice is one of: {kinds}.").format(kinds=", ".join(KINDS)))
    languages = list(i18n.LANGUAGES) if language == ALL else [language or i18n.current_language()]
    for code in languages:
        if code not in i18n.LANGUAGES:
            raise UserError(_("The app has no language “{code}”; it has: {codes}.").format(
                code=code, codes=", ".join(i18n.LANGUAGES)))
    blocks: list[tuple] = []
    for code in languages:  # each in its own language, passed down: nothing global switched
        with i18n.document_language(code):
            if blocks:
                blocks.append(("break", code))
            else:
                blocks.append(("language", code))
            year = (start or dt.date.today()).year
            blocks += (scheme_blocks(register, wijk_id, year) if kind == "scheme"
                       else granted_blocks(register, wijk_id, start, end))
    return blocks


# --------------------------------------------------------------------------- drawing

def as_text(blocks: list[tuple]) -> str:
    lines: list[str] = []
    for block in blocks:
        what = block[0]
        if what == "title":
            lines += [block[1], "=" * len(block[1]), ""]
        elif what == "h":
            lines += ["", block[1], "-" * len(block[1])]
        elif what in ("p", "lead", "small"):
            lines += [block[1], ""]
        elif what == "list":
            lines += [f"- {item}" for item in block[1]] + [""]
        elif what == "table":
            _kind, header, rows, _right = block
            widths = [max(len(str(r[n])) for r in [header, *rows]) for n in range(len(header))]
            for row in [header, *rows]:
                lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
            lines.append("")
        elif what == "break":
            lines += ["", "* * *", ""]
    return "\n".join(lines).rstrip() + "\n"


def as_html(blocks: list[tuple]) -> str:
    language = next((b[1] for b in blocks if b[0] == "language"), i18n.current_language())
    title = next((b[1] for b in blocks if b[0] == "title"), "")
    body: list[str] = []
    for block in blocks:
        what = block[0]
        if what == "title":
            body.append(f"<h1>{escape(block[1])}</h1>")
        elif what == "h":
            body.append(f"<h2>{escape(block[1])}</h2>")
        elif what in ("p", "lead", "small"):
            body.append(f'<p class="{what}">{escape(block[1])}</p>')
        elif what == "list":
            body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block[1]) + "</ul>")
        elif what == "table":
            _kind, header, rows, right = block
            cell = lambda n, c, tag: (f'<{tag} class="num">' if n in right else f"<{tag}>") + \
                escape(str(c)) + f"</{tag}>"  # noqa: E731
            body.append("<table><thead><tr>" + "".join(cell(n, c, "th") for n, c in enumerate(header))
                        + "</tr></thead><tbody>" + "".join(
                            "<tr>" + "".join(cell(n, c, "td") for n, c in enumerate(r)) + "</tr>"
                            for r in rows) + "</tbody></table>")
        elif what == "language":
            body.append(f'<section lang="{escape(block[1])}">')
        elif what == "break":
            body.append(f'</section>\n<hr>\n<section lang="{escape(block[1])}">')
    body.append("</section>")
    style = ("body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;"
             "line-height:1.45;color:#222}h1,h2{color:#1f5f8b}.lead{font-size:1.15em}"
             ".small{font-size:.85em;color:#555}table{border-collapse:collapse;width:100%}"
             "th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #ccc}"
             "th{background:#e8f0f6}.num{text-align:right}")
    return (f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def as_pdf(blocks: list[tuple], out: Path, size: str = "a4") -> None:
    from reportlab.lib.pagesizes import A3, A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    from .tagged import Section

    register_fonts()
    page = A3 if size == "a3" else A4
    scale = 1.45 if size == "a3" else 1.05  # a poster is read from a few steps away
    s = styles(scale)
    s["lead"] = type(s["body"])("lead", parent=s["body"], fontSize=12 * scale,
                                leading=16 * scale, spaceAfter=8 * scale)
    margin = (24 if size == "a3" else 18) * mm
    width = page[0] - 2 * margin
    story = []
    for block in blocks:
        what = block[0]
        if what in ("title", "h", "lead", "small"):
            story.append(para(block[1], s[what]))
        elif what == "p":
            story.append(para(block[1], s["body"]))
        elif what == "list":
            story.append(bullets(block[1], s["body"], scale))
        elif what == "table":
            _kind, header, rows, right = block
            story.append(table([header, *rows], [width * w for w in (.2, .33, .17, .14, .16)],
                               s["cell"], right=right))
        elif what == "break":
            story.append(PageBreak())
            story.append(Section(block[1]))  # each language its own part, read in its language
        elif what == "language":
            story.append(Section(block[1]))
    title = next((b[1] for b in blocks if b[0] == "title"), "")
    # The document's language: its first (with every language, Dutch comes first).
    language = next((b[1] for b in blocks if b[0] == "language"), None)
    SimpleDocTemplate(str(out), pagesize=page, leftMargin=margin, rightMargin=margin,
                      topMargin=margin, bottomMargin=margin, title=title,
                      author="Regiegroep", **accessible.document_options(language)).build(
        story, canvasmaker=accessible.Canvas)


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    """Refuse a period of decisions that ends before it starts (a form asks this before it
    writes, so it can say so beside the dates)."""
    if start and end and end < start:
        raise UserError(_("The period ends before it starts."))


@reads(Read.PUBLIC)
def write_notice(register: Register, kind: str, out: str | os.PathLike, wijk: str | None = None,
                 start: dt.date | None = None, end: dt.date | None = None,
                 language: str | None = None, size: str = "a4",
                 kiosk: str | None = None) -> Path:
    """Write a public notice (``kind`` "scheme" or "granted") to ``out``, as PDF, text or
    HTML by its extension; ``wijk`` by name (default: all), ``start``/``end`` the period of
    decisions (granted; neither given: the current budget year), ``size`` "a4" or "a3" for
    a PDF; ``kiosk`` where residents find the kiosk, kept for the next notice (None: as
    kept)."""
    if kind == "granted" and start is None and end is None:
        today = dt.date.today()
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(_("Write a notice to a .pdf, .txt or .html file."))
    if size not in SIZES:
        raise UserError(_("A notice is printed on A4 or A3."))
    check_period(start, end)
    wijk_id = None
    if wijk is not None:
        found = register.wijk_by_name(wijk)
        if found is None:
            raise UserError(_("There is no neighbourhood called {name}.").format(name=wijk))
        wijk_id = found.id
    if kiosk is not None:
        set_kiosk_place(register, kiosk)
    blocks = notice_blocks(register, kind, wijk_id, start, end, language)
    with private_temp_beside(out) as temp:  # whole or not at all, 0600 like every document
        if suffix == ".pdf":
            as_pdf(blocks, temp, size)
        else:
            temp.write_text(as_text(blocks) if suffix == ".txt" else as_html(blocks),
                            encoding="utf-8")
    return out
