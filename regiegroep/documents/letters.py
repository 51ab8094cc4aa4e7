"""Decision letters as PDF (A4): what was decided, on which article, why, with the vouchers,
the conditions and, for decisions one may object to, the objection clause of Awb 3:45.

Written in the applicant's language, passed down (i18n.document_language): the screen and a
command's messages keep theirs, on any thread. The municipality's and the steering group's
details (its address, phone and e-mail: regiegroep.contact) head the letter; the address
block starts 58 mm from the top, in a window envelope's window; an organisation is written to
"t.a.v." its contact person. It is signed on behalf of the college (Art. 2.6 mandate) and
dated on the day it was sent (regiegroep.sending), from which the objection term counts.
That day is recorded once the letter left the app, printed or kept as a file: drawn for a
print preview (``draw_letter``, ``draw_letters``) it carries the day it would be sent on
and records nothing; ``record_posting`` records it afterwards, as one action.

The articles follow the route (Art. 5.1-5.2, or 5.3-5.5 after a consultation); a refusal
and a partial grant name their grounds of Art. 6 in the reader's language
(regiegroep.ordinance_texts). The vouchers are the voucher table's, or before issue the one
proposal issuing carries out (regiegroep.vouchers.proposal). A correction names the decision
it corrects, what changed, and every voucher it made void, which it asks back; a voided
voucher's replacement has a letter of its own. A letter whose text fits one page is set a
little tighter rather than run to a second; short blocks (a sentence and the list it
announces, a heading and its text) stay on one page, and the sign-off keeps the text before
it. A meeting's letters go into one PDF, each starting on a new sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from html import escape
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..rules.deadlines import objection_deadline
from ..deciding.decision import Decision, Kind
from ..errors import UserError
from ..files import private_temp_beside
from ..i18n import _, format_date, format_datetime, format_money, ngettext
from ..budgets.contact import group_contact
from ..model import Application
from ..rules.ordinance_texts import ground_text, ordinance_name
from ..register import Register
from ..rules import CONSULTATION, Ordinance, resources_dir
from . import accessible
from .shaping import reach as reach_of
from ..store import DESKTOP, reads, requires
from ..trust.access import Permission, Read


def _fonts() -> None:
    """DejaVu Sans: the € sign and the letters of Turkish, Polish and other names, with
    Arabic shaped and ordered (the documents' one set of fonts)."""
    from . import register_fonts

    register_fonts()


def _styles(tight: bool = False) -> dict[str, ParagraphStyle]:
    """The letter's styles; ``tight``: a little smaller, for a text that then fits one page."""
    base = (ParagraphStyle("body", fontName="DejaVuSans", fontSize=9.5, leading=12.2, spaceAfter=4)
            if tight else
            ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13.5, spaceAfter=6))
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


# The letter's head (municipality, group, contact) takes this much: the address block
# below it starts 58 mm from the top of the page (20 mm margin + 38 mm), where a window
# envelope (C5/DL, window on the left) shows it.
HEAD_HEIGHT = 38 * mm
ADDRESS_TOP_MM = 58

# A paragraph whose style ends in KEEP stays on one page with the one after it.
KEEP = "+"


def _p(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _postal(m) -> str:
    """The municipality's postal address on one line: "Stadhuisplein 100, 1506 MZ Zaandam"."""
    if m is None:
        return ""
    place = " ".join(x for x in (m.postcode, m.city) if x)
    return ", ".join(x for x in (m.address, place) if x)


def _by_consultation(register: Register, app: Application, decision: Decision) -> bool:
    """Whether the route of Art. 5.3-5.5 applies: a neighbourhood consultation decided."""
    from ..rules import route

    if decision.kind not in (Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED):
        return False
    if _consultation_of(register, decision) is not None:
        return True
    ordinance = register.ordinance_for(app.wijk_id, app.year)
    return route(app.cost_estimate, ordinance) == CONSULTATION and not decision.refusal_grounds


def _consultation_of(register: Register, decision: Decision):
    """(consultation, its figures for this initiative, turnout) when the decision is a
    consultation's outcome, else None."""
    if decision.id is None:
        return None
    row = register.conn.execute("SELECT consultation_id, application_id FROM consultation_item "
                                "WHERE decision_id = ?", [decision.id]).fetchone()
    if row is None:
        return None
    from ..consultations.consultation_results import latest_result
    from ..consultations import consultation

    result = latest_result(register, row[0])
    item = next((it for it in (result.figures["items"] if result else ())
                 if it["application_id"] == row[1]), None)
    if item is None:
        return None
    return consultation(register, row[0]), item, result.figures["turnout_percent"]


def _reasons(register: Register, decision: Decision) -> str:
    """The decision's reasons; a consultation's outcome is told again in the letter's own
    language (the words kept with the decision are in the language of the screen it was
    decided on)."""
    found = _consultation_of(register, decision)
    if found is None:
        return decision.reasons
    from ..consultations.consultation_results import reason

    return reason(*found)


@reads(Read.VOUCHERS, Read.DECISIONS)
def voucher_lines(register: Register, app: Application,
                  decision: Decision) -> tuple[list[tuple[Decimal, str]], bool]:
    """The vouchers of a grant as its letter lists them, and whether they are issued: the
    voucher table's (a lost voucher's replacement in its place), or before issue the one
    proposal issuing them will carry out (regiegroep.vouchers.proposal)."""
    from ..vouchers.serials import format_serial
    from ..vouchers.issuing import Status, proposal

    issued = [v for v in register.issued_vouchers(app.id) if v.decision_id == decision.id
              and (v.status is not Status.VOIDED or v.void_reason == CORRECTED)]
    if issued:
        return [(v.value, format_serial(v.serial)) for v in issued], True
    latest = register.latest_decision(app.id)
    if latest is not None and latest.id == decision.id:
        return [(value, "") for value in proposal(register, app.id)], False
    return [(value, "") for value in proposal(register, app.id, decision.amount_granted)], False


CORRECTED = "corrected decision"  # regiegroep.vouchers.after_corrections' reason


@reads(Read.VOUCHERS)
def voided_by_correction(register: Register, app_id: int, decision_id: int) -> list:
    """The vouchers a correction made void (as its audit entry names them)."""
    import json

    from ..vouchers.issuing import vouchers_by_serial

    serials: list[str] = []
    for (details,) in register.conn.execute(
            "SELECT details FROM event WHERE application_id = ? AND action = 'voucher_voided' "
            "ORDER BY id", [app_id]):
        found = json.loads(details)
        if found.get("decision") == decision_id:
            serials += found.get("serials", [])
    known = vouchers_by_serial(register, serials)
    return [known[s] for s in serials if s in known]


@reads(Read.PERSONAL_DATA, Read.DECISIONS)
def letter_paragraphs(register: Register, app: Application, decision: Decision,
                      ordinance: Ordinance, sent: dt.date) -> list[tuple[str, str]]:
    """The letter's text as (style, text) pairs; plain text, escaped for PDF later."""
    a = app.applicant
    m = register.municipality()
    kind = decision.kind
    law = ordinance_name()
    out: list[tuple[str, str]] = []
    say = out.append
    say(("subject", _("Decision on your application for vouchers: “{title}” (number {sequence})")
         .format(title=app.title, sequence=app.sequence)))
    say(("body", _("Dear {name},").format(name=a.contact_person or a.name)))
    if app.cost_estimate is not None:
        say(("body", _("On {received} we received your application for vouchers for the "
                       "initiative “{title}” in {wijk}, with a cost estimate of {cost}. On "
                       "{decided} the steering group decided on it, by mandate of the college "
                       "of mayor and aldermen.").format(
            received=format_date(app.received_at.date()), title=app.title, wijk=app.wijk,
            cost=format_money(app.cost_estimate), decided=format_date(decision.decided_on))))
    else:
        say(("body", _("On {received} we received your application for vouchers for the "
                       "initiative “{title}” in {wijk}. On {decided} the steering group decided "
                       "on it, by mandate of the college of mayor and aldermen.").format(
            received=format_date(app.received_at.date()), title=app.title, wijk=app.wijk,
            decided=format_date(decision.decided_on))))
    if decision.corrects is not None:
        out += _correction(register, app, decision)
    consulted = _by_consultation(register, app, decision)
    basis = (_("Art. 5.3 to 5.5 of the {ordinance}") if consulted
             else _("Art. 5.1 and 5.2 of the {ordinance}")).format(ordinance=law)
    reasons = _reasons(register, decision)

    def vouchers() -> None:
        lines, issued = voucher_lines(register, app, decision)
        count = len(lines)
        total = sum((value for value, _serial in lines), Decimal(0))
        holder = a.voucher_holder or a.name
        if issued:
            say(("body" + KEEP, ngettext(
                "You receive {n} voucher with a value of {total}, in the name of {holder}:",
                "You receive {n} vouchers with a total value of {total}, in the name of {holder}:",
                count).format(n=count, total=format_money(total), holder=holder)))
        else:
            say(("body" + KEEP, ngettext(
                "You will receive {n} voucher with a value of {total}, in the name of {holder}:",
                "You will receive {n} vouchers with a total value of {total}, in the name of "
                "{holder}:", count).format(n=count, total=format_money(total), holder=holder)))
        for number, (value, serial) in enumerate(lines, 1):
            last = number == count
            text = (_("voucher {number}: {value}, number {serial}").format(
                number=number, value=format_money(value), serial=serial) if serial else
                _("voucher {number}: {value}").format(number=number, value=format_money(value)))
            say(("body" if last else "body" + KEEP, text))
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
            text = ground_text(ordinance, letter)
            say(("h", _("Ground {letter} of Art. 6: there is good reason to assume that {text}.")
                 .format(letter=letter, text=text) if text else
                 _("Ground {letter} of Art. 6 of the ordinance applies.").format(letter=letter)))
            say(("body", reason))

    if kind is Kind.GRANTED:
        say(("h", _("Decision: your application is granted.")))
        if consulted:
            say(("body", _("The neighbourhood consultation decided that the initiative gets "
                           "its vouchers. We grant the vouchers needed to carry it out ({basis}).")
                 .format(basis=basis)))
        else:
            say(("body", _("Your application meets the requirements of the ordinance. We grant "
                           "the vouchers needed to carry out the initiative ({basis}).")
                 .format(basis=basis)))
        if reasons:  # the group's own words belong in the letter (Awb 3:46)
            say(("body", reasons))
        vouchers()
    elif kind is Kind.PARTIALLY_GRANTED:
        say(("h", _("Decision: your application is granted in part, {amount} of the {asked} asked.")
             .format(amount=format_money(decision.amount_granted), asked=format_money(app.cost_estimate))))
        say(("body", ngettext(
            "We grant part of the application ({basis}) and refuse the rest on the ground of "
            "Art. 6 below (the notes to Art. 6 allow a partial grant). Why we refuse the rest:",
            "We grant part of the application ({basis}) and refuse the rest on the grounds of "
            "Art. 6 below (the notes to Art. 6 allow a partial grant). Why we refuse the rest:",
            len(decision.refusal_grounds)).format(basis=basis)))
        refusal_grounds()
        if reasons:
            say(("body", reasons))
        vouchers()
    elif kind is Kind.REFUSED:
        say(("h", _("Decision: your application is refused.")))
        if decision.refusal_grounds:
            say(("body", ngettext(
                "We refuse the vouchers on the ground below (Art. 6 of the {ordinance}).",
                "We refuse the vouchers on the grounds below (Art. 6 of the {ordinance}).",
                len(decision.refusal_grounds)).format(ordinance=law)))
        else:  # the outcome of a neighbourhood consultation
            say(("body", _("The neighbourhood consultation decided that the initiative does not "
                           "get its vouchers (Art. 5.3 to 5.5 of the {ordinance}).")
                 .format(ordinance=law)))
        refusal_grounds()
        if reasons:
            say(("body", reasons))
    elif kind is Kind.LEFT_UNDEALT:
        say(("h", _("Decision: your application is left undealt with.")))
        if decision.corrects is not None:
            say(("body", reasons))
        out += _what_was_missing(register, app)
        say(("body", _("We therefore do not deal with it further (Art. 4:5 of the General "
                       "Administrative Law Act). You may apply again with a complete "
                       "application.")))
    else:  # referred
        say(("h", _("Decision: your initiative meets the ordinance; a neighbourhood consultation "
                    "decides on the vouchers.")))
        if decision.corrects is not None:
            say(("body", reasons))
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
                            address=_postal(m))))
    say(_questions(register, app))
    return out + _signature(register)


def _what_was_missing(register: Register, app: Application) -> list[tuple[str, str]]:
    """Left undealt with (Awb 4:5): which information was asked for, when, and until when."""
    from ..model import ARTICLE_4_2

    requests = [r for r in register.completion_requests(app.id) if r.completed_on is None]
    if not requests:
        return [("body", _("Your application lacked information the ordinance asks for (Art. "
                           "4.2) and was not completed within the term we set."))]
    request = requests[-1]
    items = [item for item in request.missing if item in ARTICLE_4_2]
    out = [("body" + KEEP if items else "body", _(
        "On {requested} we asked you to complete your application by {term_ends}. We did not "
        "receive what was missing (Art. 4.2 of the ordinance):").format(
            requested=format_date(request.requested_on), term_ends=format_date(request.term_ends)))]
    for number, item in enumerate(items, 1):
        out.append(("body" if number == len(items) else "body" + KEEP,
                    _("{item}. {what}").format(item=item, what=_(ARTICLE_4_2[item]))))
    return out


def _correction(register: Register, app: Application, decision: Decision) -> list[tuple[str, str]]:
    """What a correction says first: which decision it corrects, what changed, which vouchers
    it makes void (to be handed back), and that what was paid from them stays paid."""
    from ..deciding import paid_per_application
    from ..vouchers.serials import format_serial

    earlier = next(d for d in register.decisions(app.id) if d.id == decision.corrects)

    def said(d: Decision) -> str:
        if d.amount_granted:
            return _("{kind}, {amount}").format(kind=d.kind.label,
                                                amount=format_money(d.amount_granted))
        return d.kind.label

    out = [("h", _("This decision corrects our decision of {date}: that decision was “{before}”, "
                   "this one is “{after}”.").format(date=format_date(earlier.decided_on),
                                                    before=said(earlier), after=said(decision)))]
    void = voided_by_correction(register, app.id, decision.id)
    if void:
        out.append(("body" + KEEP, ngettext(
            "This makes the voucher below void from {date}; it can no longer be used:",
            "This makes the vouchers below void from {date}; they can no longer be used:",
            len(void)).format(date=format_date(decision.decided_on))))
        for number, v in enumerate(void, 1):
            out.append(("body" if number == len(void) else "body" + KEEP,
                        _("void: voucher number {serial}, {value}").format(
                            serial=format_serial(v.serial), value=format_money(v.value))))
        out.append(("body", ngettext(
            "Please hand it back to the steering group, or destroy it.",
            "Please hand them back to the steering group, or destroy them.", len(void))))
    paid = paid_per_application(register, [app.id]).get(app.id)
    if paid:
        out.append(("body", _("{paid} was already paid from the vouchers. Those payments stay "
                              "as they were.").format(paid=format_money(paid))))
    return out


@reads(Read.PERSONAL_DATA, Read.VOUCHERS)
def replacement_paragraphs(register: Register, app: Application, old,
                           new) -> list[tuple[str, str]]:
    """The letter on a voided voucher (lost, stolen, damaged) and its replacement: names the
    voucher made void, asks it back should it turn up, and names the new one."""
    from ..vouchers.serials import format_serial

    out: list[tuple[str, str]] = []
    say = out.append
    say(("subject", _("Your voucher {serial} is void: “{title}” (number {sequence})").format(
        serial=format_serial(old.serial), title=app.title, sequence=app.sequence)))
    say(("body", _("Dear {name},").format(name=app.applicant.contact_person or app.applicant.name)))
    say(("body", _("On {date} we made voucher number {serial} void: {reason}. It was worth "
                   "{value}, of which {left} was left. It can no longer be used: the cash "
                   "manager refuses it. Should it turn up, please hand it back to the steering "
                   "group, or destroy it.").format(
        date=format_date(old.ended_on), serial=format_serial(old.serial), reason=old.void_reason,
        value=format_money(old.value), left=format_money(old.unspent))))
    if new is not None:
        say(("body", _("In its place you receive voucher number {serial}, worth {value}: what "
                       "was left on the old one, in the name of {holder}. It is valid until "
                       "{until}; the decision and its conditions stay as they were.").format(
            serial=format_serial(new.serial), value=format_money(new.value), holder=new.holder,
            until=format_date(new.valid_until))))
    say(_questions(register, app))
    return out + _signature(register)


@reads(Read.PERSONAL_DATA, Read.VOUCHERS)
def write_replacement_letter(register: Register, serial: str, out: str | os.PathLike,
                             sent: dt.date | None = None) -> Path:
    """The letter on voided voucher ``serial`` and its replacement, as an A4 PDF, in the
    applicant's language; dated ``sent`` or the day it was voided."""
    from .. import i18n
    from ..vouchers.issuing import Status, voucher_by_serial

    old = voucher_by_serial(register, serial)
    if old is None or old.status is not Status.VOIDED or old.void_reason == CORRECTED:
        raise UserError(_("Voucher {serial} was not voided and replaced; there is no letter "
                          "about it. (A correction's vouchers are named in its decision "
                          "letter.)").format(serial=serial))
    new = voucher_by_serial(register, old.replaced_by) if old.replaced_by else None
    app = register.application(old.application_id)
    return _write(register, _in_languages(app, lambda: _Letter(
        app, replacement_paragraphs(register, app, old, new), sent or old.ended_on)), out)


def _questions(register: Register, app: Application) -> tuple[str, str]:
    reach = reach_of(group_contact(register))
    if reach:
        return ("body", _("Questions? Contact the steering group: {reach}; please mention number "
                          "{sequence}.").format(reach=reach, sequence=app.sequence))
    return ("body", _("Questions? Contact the steering group; please mention number {sequence}.")
            .format(sequence=app.sequence))


@reads(Read.PERSONAL_DATA, Read.CHECK)
def completion_paragraphs(register: Register, app: Application, request) -> list[tuple[str, str]]:
    """The request to complete an application (Art. 4.3, Awb 4:5), with its term."""
    from ..model import ARTICLE_4_2, gaps
    from ..rules import figures

    term = figures(register.ordinance_for(app.wijk_id, app.year))["decision_term"]

    out: list[tuple[str, str]] = []
    say = out.append
    say(("subject", _("Request to complete your application for vouchers: “{title}” (number "
                      "{sequence})").format(title=app.title, sequence=app.sequence)))
    say(("body", _("Dear {name},").format(name=app.applicant.contact_person or app.applicant.name)))
    say(("body", _("On {received} we received your application for vouchers for the initiative "
                   "“{title}”. Thank you. To judge it, the ordinance asks for some information "
                   "that we do not have yet (Art. 4.2 of the {ordinance}):").format(
        received=format_date(app.received_at.date()), title=app.title, ordinance=ordinance_name())))
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
                                       days=request.term_days, reach=reach_of(contact))))
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


def _language_of(app: Application) -> str:
    """The language the applicant reads, where the app has it; Dutch otherwise."""
    from .. import i18n

    return (app.applicant.language if app.applicant.language in i18n.LANGUAGES
            else i18n.DEFAULT_LANGUAGE)


def _languages_of(app: Application) -> list[str]:
    """The languages of a legal letter to this applicant: theirs alone, or, for a language
    whose letters go "after Dutch" (translations/languages.toml), Dutch (the decision's
    language) and then the same letter in theirs, each on a sheet of its own."""
    from .. import i18n

    return i18n.letter_languages(_language_of(app))


def _in_languages(app: Application, make) -> list["_Letter"]:
    """The letter ``make()`` writes, once in each of the applicant's letter languages."""
    from .. import i18n

    letters = []
    for language in _languages_of(app):
        with i18n.document_language(language):
            letters.append(make())
    return letters


@reads(Read.PERSONAL_DATA, Read.DECISIONS, Read.CHECK)
def write_letter(register: Register, sequence: int, out: str | os.PathLike,
                 sent: dt.date | None = None) -> Path:
    """The letter for the latest decision on application ``sequence`` as an A4 PDF, or, while
    a request to complete it is open, that request.

    Dated on the day it was sent: ``sent``, else the day recorded as its sending day
    (regiegroep.sending), else the day of the decision (or request); the last day to object
    counts from it. Written in the applicant's language, passed down: the screen and the
    command's own messages keep theirs, on any thread.
    """
    from .. import i18n

    app = register.application_by_sequence(sequence)
    if app is None:
        raise UserError(_("There is no application with number {sequence}.").format(
            sequence=sequence))
    decision = register.latest_decision(app.id)
    open_request = _open_request(register, app, decision)
    if open_request is not None:
        return _write(register, _in_languages(app, lambda: _Letter(app, completion_paragraphs(
            register, app, open_request), sent or open_request.requested_on)), out)
    if decision is None:
        raise UserError(_("Application {sequence} has not been decided yet; there is no letter "
                          "to print.").format(sequence=sequence))
    return _write(register, decision_letters(register, app, decision, sent), out)


def _open_request(register: Register, app: Application, decision: Decision | None):
    """The open request to complete the application, when it is newer than the decision:
    then the letter is that request."""
    requests = register.completion_requests(app.id)
    open_request = requests[-1] if requests and requests[-1].completed_on is None else None
    if open_request and (decision is None or decision.decided_on < open_request.requested_on):
        return open_request
    return None


@reads(Read.DECISIONS, Read.CHECK)
def decision_of_letter(register: Register, app: Application) -> Decision | None:
    """The decision the application's letter is about, or None while its letter is a
    request to complete it (or nothing was decided): what a sending day is recorded for."""
    decision = register.latest_decision(app.id)
    return None if _open_request(register, app, decision) is not None else decision


@reads(Read.DECISIONS)
def letter_day(register: Register, decision: Decision, sent: dt.date | None = None) -> dt.date:
    """The day a decision letter is dated and its objection term counts from."""
    from ..deciding.sending import sent_on

    return sent or sent_on(register, decision.id) or decision.decided_on


@reads(Read.PERSONAL_DATA, Read.DECISIONS)
def decision_letters(register: Register, app: Application, decision: Decision,
                     sent: dt.date | None = None) -> list["_Letter"]:
    """One decision letter, its text made in the applicant's language (or in Dutch with the
    applicant's language after it)."""
    day = letter_day(register, decision, sent)
    ordinance = register.ordinance_for(app.wijk_id, app.year)
    return _in_languages(app, lambda: _Letter(
        app, letter_paragraphs(register, app, decision, ordinance, day), day))


@reads(Read.DECISIONS)
def decisions_between(register: Register, start: dt.date, end: dt.date) -> list[Decision]:
    """Every decision taken from ``start`` to ``end`` (inclusive), in order: a meeting's."""
    from ..trust.access import Read

    ids = [row[0] for row in register.conn.execute(
        "SELECT application_id FROM decision WHERE decided_on BETWEEN ? AND ? ORDER BY id",
        [start.isoformat(), end.isoformat()])]
    found = []
    for app_id in dict.fromkeys(ids):
        found += [d for d in register.decisions(app_id) if start <= d.decided_on <= end]
    return sorted(found, key=lambda d: d.id)


@reads(Read.DECISIONS)
def latest_decision_day(register: Register) -> dt.date | None:
    """The day of the latest decision: the meeting whose letters are printed next."""
    from ..trust.access import Read

    day = register.conn.execute("SELECT max(decided_on) FROM decision").fetchone()[0]
    return dt.date.fromisoformat(day) if day else None


@dataclasses.dataclass(frozen=True)
class LetterPaper:
    """Letters written to ``path``, dated ``sent``, whose sending day is not on record yet:
    ``decisions`` are the ones ``record_posting`` records as sent on ``sent`` once the
    letters are printed or kept (none: nothing to record)."""

    path: Path
    count: int
    sent: dt.date | None
    decisions: tuple[Decision, ...] = ()


@reads(Read.PERSONAL_DATA, Read.DECISIONS, Read.CHECK)
def draw_letter(register: Register, sequence: int, out: str | os.PathLike,
                sent: dt.date | None = None, today: dt.date | None = None) -> LetterPaper:
    """``write_letter``, dated ``sent`` and without recording it: the day is checked first
    (regiegroep.deciding.sending.check_sending: a refusal is said before anything is
    printed), and the paper says which sending day ``record_posting`` records once it was
    printed or kept. A request to complete records no day."""
    from ..deciding.sending import check_sending

    app = register.application_by_sequence(sequence)
    decision = decision_of_letter(register, app) if app is not None else None
    unsent = check_sending(register, [decision], sent, today) \
        if decision is not None and sent is not None else []
    path = write_letter(register, sequence, out, sent)
    return LetterPaper(Path(path), 1, sent, tuple(unsent))


@reads(Read.DECISIONS)
def check_letters(register: Register, start: dt.date, end: dt.date,
                  sent: dt.date | None = None, today: dt.date | None = None
                  ) -> tuple[list[Decision], list[Decision]]:
    """Whether the letters of the decisions taken from ``start`` to ``end`` can be printed,
    dated ``sent`` (check_sending), without writing anything: a UserError says why not (asked
    while the days are typed). Returns the decisions, and those not yet on record as sent."""
    from ..deciding.sending import check_sending

    if end < start:
        raise UserError(_("The last day {end} is before the first day {start}.").format(
            end=format_date(end), start=format_date(start)))
    chosen = decisions_between(register, start, end)
    if not chosen:
        raise UserError(_("No decisions were taken from {start} to {end}; there are no letters "
                          "to print.").format(start=format_date(start), end=format_date(end)))
    return chosen, check_sending(register, chosen, sent, today) if sent is not None else []


@reads(Read.PERSONAL_DATA, Read.DECISIONS)
def draw_letters(register: Register, start: dt.date, end: dt.date, out: str | os.PathLike,
                 sent: dt.date | None = None, today: dt.date | None = None) -> LetterPaper:
    """The letters of every decision taken from ``start`` to ``end`` (a meeting's, or a date
    range's) in one PDF, each starting on a new sheet, ready for window envelopes; dated
    ``sent`` (checked first, not recorded: ``record_posting`` does, once they are printed
    or kept), else each on its recorded day or the day of its decision."""
    chosen, unsent = check_letters(register, start, end, sent, today)
    apps = {d.id: _application_of(register, d) for d in chosen}
    letters = [letter for d in chosen for letter in decision_letters(register, apps[d.id], d, sent)]
    return LetterPaper(_write(register, letters, out), len(letters), sent, tuple(unsent))


@requires(Permission.DECIDE)
def record_posting(register: Register, paper: LetterPaper, actor: str = DESKTOP,
                   keep_as: str | os.PathLike | None = None,
                   today: dt.date | None = None) -> Path:
    """On record, one action with its audit entries: the letters of ``paper`` were sent on
    its day (regiegroep.deciding.sending), now that they were printed. With ``keep_as``
    they were saved: the file is moved there in the same action (a file that cannot be put
    there records nothing). Returns where the letters are."""
    from ..deciding.sending import record_sent
    from ..files import keep_as as kept

    with register.write():
        if paper.decisions:
            record_sent(register, list(paper.decisions), paper.sent, actor, today)
        return paper.path if keep_as is None else kept(paper.path, keep_as)


@reads(Read.PERSONAL_DATA, Read.DECISIONS)
def write_letters(register: Register, start: dt.date, end: dt.date, out: str | os.PathLike,
                  sent: dt.date | None = None, actor: str = DESKTOP) -> tuple[Path, int]:
    """The letters of a meeting (``draw_letters``) written to the file ``out`` the person
    named; with ``sent``, the day they go in the post is recorded with the file, in one
    transaction (the command line: a file written is a file kept). Returns the path and
    the number of letters."""
    if sent is None:
        paper = draw_letters(register, start, end, out)
        return paper.path, paper.count
    with register.write():
        paper = draw_letters(register, start, end, out, sent)
        record_posting(register, paper, actor)
    return paper.path, paper.count


def _application_of(register: Register, decision: Decision) -> Application:
    app_id = register.conn.execute("SELECT application_id FROM decision WHERE id = ?",
                                   [decision.id]).fetchone()[0]
    return register.application(app_id)


@dataclasses.dataclass
class _Letter:
    """One letter to write: to whom, its text, the day it is dated, its language."""

    app: Application
    paragraphs: list[tuple[str, str]]
    sent: dt.date
    language: str = ""
    tight: bool = False  # set a little tighter: then it fits one page

    def __post_init__(self) -> None:
        from .. import i18n

        self.language = self.language or i18n.current_language()


def _write(register: Register, letters: list[_Letter], out: str | os.PathLike) -> Path:
    """Write ``letters`` to one PDF, each on a new sheet; a letter whose text fits on one
    page is set a little tighter rather than run to a second (never a page with only the
    sign-off: the greeting keeps the text before it)."""
    from io import BytesIO

    from .. import i18n

    _fonts()
    m = register.municipality()
    reach = group_contact(register)  # said in each letter's own language
    for letter in letters:  # one page where the text fits: the tighter set if that fits
        with i18n.document_language(letter.language):
            normal = _pages(BytesIO(), register, [letter], m, reach, tight=False)
            if normal > 1 and _pages(BytesIO(), register, [letter], m, reach, tight=True) < normal:
                letter.tight = True
    out = Path(out)
    with private_temp_beside(out) as temp:  # whole or not at all; the owner's alone
        _pages(str(temp), register, letters, m, reach, tight=None)
    return out


def _pages(target, register: Register, letters: list[_Letter], m, reach, tight) -> int:
    """Build the letters into ``target``; returns the number of pages. ``tight``: every
    letter tight (True) or not (False), or each as decided (None)."""
    from .. import i18n

    from reportlab.platypus import PageBreak
    from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate

    from .tagged import Section
    from reportlab.platypus.frames import Frame

    first = letters[0]
    with i18n.document_language(first.language):
        title = (_("Decision on application {sequence}").format(sequence=first.app.sequence)
                 if len(letters) == 1 else _("Decision letters"))
    doc = BaseDocTemplate(target, pagesize=A4, leftMargin=25 * mm, rightMargin=22 * mm,
                          topMargin=20 * mm, bottomMargin=22 * mm, title=title,
                          author=(m.steering_group_name if m else "") or "Regiegroep",
                          **accessible.document_options(first.language))
    state = {"footer": "", "start": 1}

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("DejaVuSans", 7.5)
        canvas.setFillColor("#555555")
        canvas.drawString(25 * mm, 12 * mm, state["footer"].replace(
            "{page}", str(document.page - state["start"] + 1)))
        canvas.restoreState()

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="text")
    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPageEnd=footer)])
    story: list = []
    for number, letter in enumerate(letters):
        with i18n.document_language(letter.language):
            if number:
                story.append(PageBreak())
            story.append(Section(letter.language))  # each letter a part, in its language
            story.append(_Start(state, _("{ordinance} · number {sequence} · page {page}").format(
                ordinance=ordinance_name(), sequence=letter.app.sequence, page="{page}")))
            squeeze = letter.tight if tight is None else tight
            story += _story(register, letter, _styles(tight=squeeze), m, reach)
    doc.build(story, canvasmaker=accessible.Canvas)
    return doc.page


class _Start(Flowable):
    """Where a letter starts: its footer, and its pages counted from here."""

    def __init__(self, state: dict, footer: str):
        super().__init__()
        self.state, self.footer = state, footer
        self.width = self.height = 0

    def draw(self) -> None:
        self.state["footer"] = self.footer
        self.state["start"] = self.canv.getPageNumber()


def _aligned(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """Right-aligned for a text in a right-to-left script (Arabic), else as it is."""
    from .shaping import alignment

    wanted = alignment(text, style.alignment)
    return style if wanted == style.alignment else ParagraphStyle(
        style.name + "-rtl", parent=style, alignment=wanted)


# A letter's paragraphs for a screen reader (documents/tagged.py): its subject is its heading.
_ROLES = {"subject": "H1", "h": "H2"}


def _para(text: str, style: ParagraphStyle, aligned: bool = False):
    """A tagged paragraph of the letter (escaped; aligned right for a right-to-left text)."""
    from .tagged import Tag

    return Tag(Paragraph(_p(text), _aligned(style, text) if aligned else style),
               _ROLES.get(style.name.split("-")[0], "P"))


def _story(register: Register, letter: _Letter, styles, m, contact) -> list:
    from .. import i18n

    if i18n.is_right_to_left(letter.language):  # Arabic: the whole letter reads from the right
        styles = {k: ParagraphStyle(k + "-rtl", parent=v, alignment=2) for k, v in styles.items()}
    app, a, paragraphs = letter.app, letter.app.applicant, letter.paragraphs
    reach = reach_of(contact)
    story = []
    head = [_para(_("Municipality of {name}").format(name=m.name) if m else "", styles["head"]),
            _para((m.steering_group_name if m else "") or _("Steering group"), styles["body"]),
            _para(_postal(m), styles["small"])]
    if reach:
        head.append(_para(_("Steering group: {reach}").format(reach=reach), styles["small"]))
    # The head in a box of fixed height: the address block always starts 58 mm from the
    # top, in a window envelope's window, however many lines the head has.
    box = Table([[head]], colWidths=[155 * mm], rowHeights=[HEAD_HEIGHT], hAlign="LEFT")
    box.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 0),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story += [box]
    meta = Table([[_para("\n".join(address_lines(app)), styles["body"]),
                   _para(_("Date: {date}\nOur number: {sequence}\nReceived: {received}").format(
                       date=format_date(letter.sent), sequence=app.sequence,
                       received=format_datetime(app.received_at)), styles["small"])]],
                 colWidths=[95 * mm, 60 * mm], hAlign="LEFT")
    meta.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    story += [meta, Spacer(1, 8 * mm)]
    # The greeting and the signature stay together, with the text before them: a page
    # never holds the sign-off alone.
    start = max(len(paragraphs) - 4, 0)  # the paragraph before the questions,
    while start > 0 and (paragraphs[start - 1][0].endswith(KEEP)  # what it belongs to
                         or paragraphs[start - 1][0] == "h"):  # and its heading
        start -= 1
    ending = len(paragraphs) - start
    kept: list = []  # paragraphs that stay on one page with the next
    for style, text in paragraphs[:-ending]:
        kept.append(_para(text, styles[style.removesuffix(KEEP)], aligned=True))
        if not style.endswith(KEEP):
            story.append(KeepTogether(kept) if len(kept) > 1 else kept[0])
            kept = []
    story.append(KeepTogether(kept + [_para(text, styles[style.removesuffix(KEEP)], aligned=True)
                                      for style, text in paragraphs[-ending:]]))
    return story


def address_lines(app: Application) -> list[str]:
    """The address block for a window envelope: a resident by name; an organisation by its
    name, for the attention of its contact person ("t.a.v."); then the street and the town."""
    from ..model import ApplicantKind

    a = app.applicant
    if a.kind is ApplicantKind.RESIDENT or not a.contact_person:
        names = [a.name or a.contact_person]
    else:
        names = [a.name, _("for the attention of {name}").format(name=a.contact_person)]
    place = " ".join(y for y in (a.postcode, a.town) if y)
    return [x for x in (*names, a.address, place) if x]
