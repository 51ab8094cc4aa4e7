"""Decision letters as PDF (A4): what was decided, on which article, why, with the vouchers,
the conditions and, for decisions one may object to, the objection clause of Awb 3:45.

Written in the current language (Dutch by default). The municipality's and the steering
group's details (its address, phone and e-mail: regiegroep.contact) head the letter; it is
signed on behalf of the college (Art. 2.6 mandate). A correction names the decision it
corrects and says what changed. Short blocks (a sentence and the list it announces, a heading
and its text) are kept on one page.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .deadlines import objection_deadline
from .documents import accessible
from .decisions import Decision, Kind
from .errors import UserError
from .files import private_temp_beside
from .i18n import _, format_date, format_datetime, format_money, ngettext
from .contact import group_contact
from .model import Application
from .register import Register
from .rules import Ordinance, resources_dir

ORDINANCE = "Subsidieverordening vouchers bewonersinitiatieven"
_FONTS_READY = False


def _fonts() -> None:
    """DejaVu Sans: the € sign and the letters of Turkish, Polish and other names."""
    global _FONTS_READY
    if not _FONTS_READY:
        folder = resources_dir() / "fonts"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(folder / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
        _FONTS_READY = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0,
                                textColor="#444444"),
        "head": ParagraphStyle("head", parent=base, fontName="DejaVuSans-Bold", fontSize=13,
                               leading=16, spaceAfter=2),
        "subject": ParagraphStyle("subject", parent=base, fontName="DejaVuSans-Bold"),
        "h": ParagraphStyle("h", parent=base, fontName="DejaVuSans-Bold", spaceBefore=4,
                            spaceAfter=3, keepWithNext=1),
    }


# A paragraph whose style ends in KEEP stays on one page with the one after it.
KEEP = "+"


def _p(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def letter_paragraphs(register: Register, app: Application, decision: Decision,
                      ordinance: Ordinance, sent: dt.date) -> list[tuple[str, str]]:
    """The letter's text as (style, text) pairs; plain text, escaped for PDF later."""
    a = app.applicant
    m = register.municipality()
    kind = decision.kind
    out: list[tuple[str, str]] = []
    say = out.append
    say(("subject", _("Decision on your application for vouchers: “{title}” (number {sequence})")
         .format(title=app.title, sequence=app.sequence)))
    say(("body", _("Dear {name},").format(name=a.contact_person or a.name)))
    say(("body", _("On {received} we received your application for vouchers for the initiative "
                   "“{title}” in {wijk}, with a cost estimate of {cost}. On {decided} the steering "
                   "group decided on it, by mandate of the college of mayor and aldermen.").format(
        received=format_date(app.received_at.date()), title=app.title, wijk=app.wijk,
        cost=format_money(app.cost_estimate) if app.cost_estimate is not None else "—",
        decided=format_date(decision.decided_on))))
    grounds = {g.letter: g.text for g in ordinance.refusal_grounds}
    if decision.corrects is not None:
        out += _correction(register, app, decision)

    def vouchers() -> None:
        count = len(decision.vouchers)
        say(("body" + KEEP, ngettext(
            "You receive {n} voucher with a value of {total}, in the name of {holder}:",
            "You receive {n} vouchers with a total value of {total}, in the name of {holder}:",
            count).format(n=count, total=format_money(decision.amount_granted),
                          holder=a.voucher_holder or a.name)))
        for number, value in enumerate(decision.vouchers, 1):
            last = number == len(decision.vouchers)
            say(("body" if last else "body" + KEEP, _("voucher {number}: {value}").format(
                number=number, value=format_money(value))))
        say(("body", _("A voucher is worth at most {max} (Art. 1a). You spend the vouchers on "
                       "the initiative only and keep careful accounts of what you spend; tell "
                       "us quickly of any change that matters for the initiative (Art. 8). The "
                       "cash manager of the municipality pays your suppliers, or up to {cash} "
                       "at a time in cash (Art. 9).").format(
            max=format_money(ordinance.max_voucher_value),
            cash=format_money(ordinance.cash_limit_per_redemption))))
        if decision.start_within_days:
            say(("body", _("Condition: the initiative starts within {days} days of this "
                           "decision, by {date} (Art. 5.6).").format(
                days=decision.start_within_days,
                date=format_date(decision.decided_on + dt.timedelta(days=decision.start_within_days)))))
        say(("body", _("Vouchers are issued until {issue} and the initiative must be carried "
                       "out by {done} (Art. 5.7).").format(
            issue=format_date(ordinance.last_issue_date), done=format_date(ordinance.last_completion_date))))

    def refusal_grounds() -> None:
        for letter, reason in sorted(decision.refusal_grounds.items()):
            say(("h", _("Ground {letter} of Art. 6: there is good reason to assume that {text}.")
                 .format(letter=letter, text=grounds.get(letter, ""))))
            say(("body", reason))

    if kind is Kind.GRANTED:
        say(("h", _("Decision: your application is granted.")))
        say(("body", _("Your application meets the requirements of the ordinance. We grant the "
                       "vouchers needed to carry out the initiative (Art. 5.1 and 5.2 of the {ordinance}).")
             .format(ordinance=ORDINANCE)))
        if decision.reasons:  # the group's own words belong in the letter (Awb 3:46)
            say(("body", decision.reasons))
        vouchers()
    elif kind is Kind.PARTIALLY_GRANTED:
        say(("h", _("Decision: your application is granted in part, {amount} of the {asked} asked.")
             .format(amount=format_money(decision.amount_granted), asked=format_money(app.cost_estimate))))
        say(("body", _("We grant part of the application (Art. 5.1 and 5.2) and refuse the rest "
                       "(Art. 6 of the {ordinance}; the notes to Art. 6 allow a partial grant). "
                       "Why we refuse the rest:").format(ordinance=ORDINANCE)))
        if decision.reasons:
            say(("body", decision.reasons))
        refusal_grounds()
        vouchers()
    elif kind is Kind.REFUSED:
        say(("h", _("Decision: your application is refused.")))
        if decision.refusal_grounds:
            say(("body", _("We refuse the vouchers on the ground(s) below (Art. 6 of the {ordinance}).")
                 .format(ordinance=ORDINANCE)))
        else:  # the outcome of a neighbourhood consultation
            say(("body", _("The neighbourhood consultation decided that the initiative does not "
                           "get its vouchers (Art. 5.3-5.5 of the {ordinance}).")
                 .format(ordinance=ORDINANCE)))
        refusal_grounds()
        if decision.reasons:
            say(("body", decision.reasons))
    elif kind is Kind.LEFT_UNDEALT:
        say(("h", _("Decision: your application is left undealt with.")))
        if decision.corrects is not None:
            say(("body", decision.reasons))
        say(("body", _("Your application lacked information the ordinance asks for (Art. 4.2) "
                       "and was not completed within the term we set. We therefore do not deal "
                       "with it further (Art. 4:5 of the General Administrative Law Act). You "
                       "may apply again with a complete application.")))
    else:  # referred
        say(("h", _("Decision: your initiative meets the ordinance; a neighbourhood consultation "
                    "decides on the vouchers.")))
        if decision.corrects is not None:
            say(("body", decision.reasons))
        say(("body", _("Your initiative costs more than {threshold}. We have checked that it "
                       "meets the requirements of the ordinance (Art. 5.3). Whether it gets its "
                       "vouchers is decided by a neighbourhood consultation, which we organise as "
                       "soon as possible or put on one already planned (Art. 5.5). We will let you "
                       "know the date.").format(
            threshold=format_money(ordinance.consultation_threshold))))
    if kind is not Kind.REFERRED:
        last_day = objection_deadline(sent).date
        say(("h", _("Objection")))
        say(("body", _(
            "Do you disagree with this decision? Then you, or anyone else with an interest in it, "
            "may object within six weeks of the day after this letter was sent: at the latest on "
            "{last_day}. Send your objection to the college of mayor and aldermen of {municipality}, "
            "{address}. An objection is signed and gives at least your name and address, the date, "
            "which decision you object to, and why (Art. 6:5 of the General Administrative Law "
            "Act).").format(last_day=format_date(last_day), municipality=m.name if m else "",
                            address=", ".join(x for x in (m.address, m.postcode, m.city) if x)
                            if m else "")))
    say(_questions(register, app))
    return out + _signature(register)


def _correction(register: Register, app: Application, decision: Decision) -> list[tuple[str, str]]:
    """What a correction says first: which decision it corrects, what changed, and that what
    was paid from the vouchers stays paid."""
    from .deciding import paid_per_application

    earlier = next(d for d in register.decisions(app.id) if d.id == decision.corrects)

    def said(d: Decision) -> str:
        if d.amount_granted:
            return _("{kind}, {amount}").format(kind=d.kind.label,
                                                amount=format_money(d.amount_granted))
        return d.kind.label

    out = [("h", _("This decision corrects our decision of {date}: that decision was “{before}”, "
                   "this one is “{after}”.").format(date=format_date(earlier.decided_on),
                                                    before=said(earlier), after=said(decision)))]
    paid = paid_per_application(register, [app.id]).get(app.id)
    if paid:
        out.append(("body", _("{paid} was already paid from the vouchers. Those payments stay "
                              "as they were.").format(paid=format_money(paid))))
    return out


def _questions(register: Register, app: Application) -> tuple[str, str]:
    reach = group_contact(register).reach()
    if reach:
        return ("body", _("Questions? Contact the steering group: {reach}; please mention number "
                          "{sequence}.").format(reach=reach, sequence=app.sequence))
    return ("body", _("Questions? Contact the steering group; please mention number {sequence}.")
            .format(sequence=app.sequence))


def completion_paragraphs(register: Register, app: Application, request) -> list[tuple[str, str]]:
    """The request to complete an application (Art. 4.3, Awb 4:5), with its term."""
    from .model import ARTICLE_4_2, gaps
    from .rules import figures

    term = figures(register.ordinance_for(app.wijk_id, app.year))["decision_term"]

    out: list[tuple[str, str]] = []
    say = out.append
    say(("subject", _("Request to complete your application for vouchers: “{title}” (number "
                      "{sequence})").format(title=app.title, sequence=app.sequence)))
    say(("body", _("Dear {name},").format(name=app.applicant.contact_person or app.applicant.name)))
    say(("body", _("On {received} we received your application for vouchers for the initiative "
                   "“{title}”. Thank you. To judge it, the ordinance asks for some information "
                   "that we do not have yet (Art. 4.2 of the {ordinance}):").format(
        received=format_date(app.received_at.date()), title=app.title, ordinance=ORDINANCE)))
    for item in request.missing:
        say(("h", _("{item}. {what}").format(item=item, what=_(ARTICLE_4_2[item]))))
        for gap in gaps(app):
            if gap.item == item:
                say(("body", gap.message))
    contact = group_contact(register)
    if contact.reach():
        say(("body", _("Please send or bring us the missing information by {date} at the latest "
                       "({days} days): {reach}. We are glad to help you complete it (Art. "
                       "4.3).").format(date=format_date(request.term_ends),
                                       days=request.term_days, reach=contact.reach())))
    else:
        say(("body", _("Please send or bring us the missing information by {date} at the latest "
                       "({days} days). We are glad to help you complete it (Art. 4.3).").format(
            date=format_date(request.term_ends), days=request.term_days)))
    say(("body", _("Until then, the {term} we have to decide stand still (Art. 4:15 of the "
                   "General Administrative Law Act). If we do not receive the information in "
                   "time, we may decide not to deal with your application further (Art. 4:5).")
         .format(term=term)))
    say(_questions(register, app))
    return out + _signature(register)


def _signature(register: Register) -> list[tuple[str, str]]:
    m = register.municipality()
    chair = next((mb.name for mb in register.members() if mb.role == "chair"), "")
    return [("body", _("Kind regards,")),
            ("body", _("on behalf of the college of mayor and aldermen of {municipality},\n"
                       "{group}\n{chair}, chair").format(
                municipality=m.name if m else "",
                group=(m.steering_group_name if m else "") or _("the steering group"), chair=chair))]


def write_letter(register: Register, sequence: int, out: str | os.PathLike,
                 sent: dt.date | None = None) -> Path:
    """The letter for the latest decision on application ``sequence`` as an A4 PDF, or, while
    a request to complete it is open, that request.

    Dated, and so sent, on the day of the decision (or request) unless ``sent`` says
    otherwise; the last day to object counts from it, as in the export.
    """
    from . import i18n

    app = register.application_by_sequence(sequence)
    previous_language = i18n.current_language()
    # In the language the applicant reads, where the app has it; Dutch otherwise.
    i18n.set_language(app.applicant.language if app.applicant.language in i18n.LANGUAGES
                      else i18n.DEFAULT_LANGUAGE)
    try:
        return _letter(register, app, out, sent)
    finally:
        i18n.set_language(previous_language)


def _letter(register: Register, app: Application, out, sent) -> Path:
    sequence = app.sequence
    decision = register.latest_decision(app.id)
    requests = register.completion_requests(app.id)
    open_request = requests[-1] if requests and requests[-1].completed_on is None else None
    if open_request and (decision is None or decision.decided_on < open_request.requested_on):
        return _write(register, app, completion_paragraphs(register, app, open_request),
                      sent or open_request.requested_on, out)
    if decision is None:
        raise UserError(_("Application {sequence} has not been decided yet; there is no letter "
                          "to print.").format(sequence=sequence))
    sent = sent or decision.decided_on
    ordinance = register.ordinance_for(app.wijk_id, app.year)
    return _write(register, app, letter_paragraphs(register, app, decision, ordinance, sent),
                  sent, out)


def _write(register: Register, app: Application, paragraphs: list[tuple[str, str]],
           sent: dt.date, out: str | os.PathLike) -> Path:
    _fonts()
    styles = _styles()
    m = register.municipality()
    a = app.applicant
    out = Path(out)
    with private_temp_beside(out) as temp:  # whole or not at all; the owner's alone
        _build(temp, register, app, paragraphs, sent, styles, m, a)
    return out


def _build(path: Path, register: Register, app: Application, paragraphs, sent, styles, m,
           a) -> None:
    sequence = app.sequence
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=22 * mm,
                            title=_("Decision on application {sequence}").format(sequence=sequence),
                            author=(m.steering_group_name if m else "") or "Regiegroep",
                            **accessible.document_options())
    story = []
    head = [Paragraph(_p(_("Municipality of {name}").format(name=m.name) if m else ""), styles["head"]),
            Paragraph(_p((m.steering_group_name if m else "") or _("Steering group")), styles["body"]),
            Paragraph(_p(", ".join(x for x in (m.address, m.postcode, m.city) if x) if m else ""),
                      styles["small"])]
    reach = group_contact(register).reach()
    if reach:
        head.append(Paragraph(_p(_("Steering group: {reach}").format(reach=reach)),
                              styles["small"]))
    story += head + [Spacer(1, 10 * mm)]
    address = "\n".join(x for x in (a.contact_person or a.name, a.name if a.contact_person else "",
                                    a.address, " ".join(y for y in (a.postcode, a.town) if y))
                         if x)
    meta = Table([[Paragraph(_p(address), styles["body"]),
                   Paragraph(_p(_("Date: {date}\nOur number: {sequence}\nReceived: {received}").format(
                       date=format_date(sent), sequence=app.sequence,
                       received=format_datetime(app.received_at))), styles["small"])]],
                 colWidths=[95 * mm, 60 * mm], hAlign="LEFT")
    meta.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [meta, Spacer(1, 8 * mm)]
    kept: list = []  # paragraphs that stay on one page with the next
    for style, text in paragraphs[:-2]:
        kept.append(Paragraph(_p(text), styles[style.removesuffix(KEEP)]))
        if not style.endswith(KEEP):
            story.append(KeepTogether(kept) if len(kept) > 1 else kept[0])
            kept = []
    story += kept
    # The greeting and the signature stay together.
    story.append(KeepTogether([Paragraph(_p(text), styles[style]) for style, text in paragraphs[-2:]]))

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("DejaVuSans", 7.5)
        canvas.setFillColor("#555555")
        canvas.drawString(25 * mm, 12 * mm, _("{ordinance} · number {sequence} · page {page}").format(
            ordinance=ORDINANCE, sequence=app.sequence, page=document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
