"""What a resident gets to vote with in a neighbourhood consultation (Art. 1i, 5.3-5.5): a
letter per household address with its one-time voting code(s), and the ballot paper with a
field for the code and a box per initiative.

The address list is the municipality's CSV: columns ``address``/``adres``, ``postcode`` and
``town``/``woonplaats`` (optionally ``residents``/``bewoners`` for a vote per resident), or
an address extract from the BAG as it comes (``openbareruimtenaam``, ``huisnummer``,
``huisletter``, ``huisnummertoevoeging``, ``postcode``, ``woonplaatsnaam``). It is read for
printing only and never kept: the register keeps just the codes' salted hashes
(regiegroep.consultations), stored once the letters are written whole, so a failed print
leaves no codes that nobody received.

A letter goes in a window envelope: the address block stands where the decision letters
have it (ADDRESS_TOP from the top of the page), with the group as sender and its contact,
the date, the meeting's day, time and place, and where and until when a ballot paper is
handed in (regiegroep.consultation_papers), in one wording: "up to and including".
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import NamedTuple

from . import accessible
from .shaping import left_to_right, reach
from ..consultations.consultation_papers import (
    MEETING_FORMS,
    WRITTEN_FORMS,
    check_codes_may_be_printed,
    group_address,
    meeting,
    replace_unused_codes,
)
from ..consultations import (
    CANCELLED,
    CODE_LENGTH,
    consultation,
    label,
    new_codes,
    shown,
    store_codes,
)
from ..budgets.contact import group_contact
from ..errors import UserError
from ..files import private_temp_beside
from .. import i18n
from ..i18n import _, format_date, format_money, ngettext
from ..register import Register
from ..store import DESKTOP, requires
from .layout import BOLD, FONT, register_fonts
from ..trust.access import Permission
from .shaping import alignment
from .tagged import element, marked, section
from ..store import reads
from ..trust.access import Read

MAX_PER_ADDRESS = 12
MM = 72 / 25.4
LEFT = 25 * MM  # the decision letters' left margin
ADDRESS_TOP = 58 * MM  # the top of the address block, from the top of the page
BAG = ("openbareruimtenaam", "huisnummer", "postcode", "woonplaatsnaam")


class Address(NamedTuple):
    address: str
    postcode: str
    residents: int = 1
    town: str = ""


def _bag_address(row: dict) -> str:
    """"Reigerstraat 12A-2" from a BAG extract's street, number, letter and addition."""
    number = row.get("huisnummer", "") + row.get("huisletter", "")
    extra = row.get("huisnummertoevoeging", "")
    return " ".join(x for x in (row.get("openbareruimtenaam", ""),
                                number + (f"-{extra}" if extra else "")) if x)


def read_addresses(path: str | os.PathLike) -> list[Address]:
    """The municipality's address list, checked; refused with the line that is wrong."""
    from ..files import not_a_regular_file

    if not_a_regular_file(path):  # a FIFO would hang (issue 23.5)
        raise UserError(_("{path} is a device, a pipe or a socket, not a file: nothing was "
                          "read or changed. Give the name of a file.").format(path=path))
    try:
        with open(path, encoding="utf-8-sig", newline="") as fp:
            sample = fp.read(4096)
            fp.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
            rows = list(csv.DictReader(fp, dialect=dialect))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(_("Cannot read the address list {path}: {reason}").format(
            path=path, reason=getattr(exc, "strerror", None) or exc)) from None
    found = []
    for number, row in enumerate(rows, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        bag = all(column in row for column in BAG)
        if bag:
            address, town = _bag_address(row), row.get("woonplaatsnaam", "")
        else:
            if "address" not in row and "adres" not in row or "postcode" not in row:
                raise UserError(_("The address list needs the columns address (or adres), "
                                  "postcode and town (or woonplaats), or a BAG extract's "
                                  "openbareruimtenaam, huisnummer, postcode and "
                                  "woonplaatsnaam."))
            address = row.get("address") or row.get("adres")
            town = row.get("town") or row.get("woonplaats") or ""
        if not address:
            raise UserError(_("Line {line} of the address list has no address.").format(line=number))
        count = row.get("residents") or row.get("bewoners") or "1"
        if not (count.isascii() and count.isdigit()) or not 1 <= int(count) <= MAX_PER_ADDRESS:
            raise UserError(_("Line {line} of the address list: the number of residents must "
                              "be 1 to {most}.").format(line=number, most=MAX_PER_ADDRESS))
        found.append(Address(address, row.get("postcode", ""), int(count), town))
    if not found:
        raise UserError(_("The address list is empty."))
    return found


def _hand_in(register: Register, c) -> str:
    """Where ballot papers are handed in: the plan's, else the group's own address."""
    return meeting(register, c.id).hand_in or group_address(register)


@reads(Read.PUBLIC)
def how_to_vote(register: Register, c) -> list[str]:
    ways = []
    if c.form in MEETING_FORMS:
        meets_at = meeting(register, c.id).meets_at
        if meets_at is None:  # the poster of a plan without it yet; letters refuse this
            ways.append(_("Come to the meeting at {place}; show your code at the door.").format(
                place=c.place or _("the place on the poster")))
        else:
            ways.append(_("Come to the meeting on {date} at {time} at {place}; show your code "
                          "at the door.").format(
                date=format_date(meets_at.date()), time=meets_at.strftime("%H:%M"),
                place=c.place or _hand_in(register, c)))
    if c.form in WRITTEN_FORMS:
        ways.append(_("Fill in the ballot paper with your code and hand it in at {place}, up to "
                      "and including {date}.").format(place=_hand_in(register, c),
                                                      date=format_date(c.ends_on)))
    if c.form in ("digital", "combination"):
        ways.append(_("Vote with your code on the laptop or the kiosk in the community centre, "
                      "up to and including {date}.").format(date=format_date(c.ends_on)))
    return ways


def _page_text(canvas, lines, x, y, size=10.5, leading=15):
    items = None  # the list a run of bulleted lines makes
    for style, text in lines:
        bullet = text.startswith("\u2022")
        items = (items or element(canvas, "L")) if bullet else None
        with marked(canvas, "H2" if style == "h" else "LI" if bullet else "P", parent=items):
            y = _text_step(canvas, style, text, x, y, size, leading)
    return y


def _text_step(canvas, style, text, x, y, size, leading):
    canvas.setFont(BOLD if style == "b" else FONT, size + (4 if style == "h" else 0))
    if style == "h":
        canvas.setFillColorRGB(0.12, 0.37, 0.55)
    right_to_left = alignment(text) == 2  # Arabic: from the right edge of the column
    for part in _wrap(canvas, text, BOLD if style == "b" else FONT,
                      size + (4 if style == "h" else 0)):
        if right_to_left:
            canvas.drawRightString(x + 470, y, part)
        else:
            canvas.drawString(x, y, part)
        y -= leading + (4 if style == "h" else 0)
    canvas.setFillColorRGB(0, 0, 0)
    y -= 4
    return y


class _Side:
    """Where a ballot's parts go: as measured from the left, or, in a right-to-left language
    (Arabic), mirrored: texts from the right edge, the boxes to tick on the left."""

    def __init__(self, width: float, rtl: bool):
        self.width, self.rtl = width, rtl

    def start(self, canvas, x: float, y: float, text: str) -> None:
        if self.rtl:
            canvas.drawRightString(self.width - x, y, text)
        else:
            canvas.drawString(x, y, text)

    def box(self, canvas, x: float, y: float, width: float, height: float) -> None:
        canvas.rect(self.width - x - width if self.rtl else x, y, width, height)


def _wrap(canvas, text, font, size, width=470):
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(trial, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def _sender(canvas, register: Register, group: str, height: float) -> None:
    """The group as sender, with how to reach it, at the top of the letter."""
    contact = group_contact(register)
    m = register.municipality()
    y = height - 20 * MM
    canvas.setFont(BOLD, 11)
    with marked(canvas, "P"):
        canvas.drawString(LEFT, y, group)
    canvas.setFont(FONT, 8.5)
    lines = [contact.postal or ", ".join(x for x in ((m.address, " ".join(
                 y_ for y_ in (m.postcode, m.city) if y_)) if m else ()) if x),
             "  ".join(x for x in (_("phone {phone}").format(phone=left_to_right(contact.phone))
                                   if contact.phone else "",
                                   _("e-mail {email}").format(email=contact.email)
                                   if contact.email else "") if x),
             _("Municipality of {name}").format(name=m.name) if m else ""]
    for line in (x for x in lines if x):
        y -= 11
        with marked(canvas, "P"):
            canvas.drawString(LEFT, y, line)


def _address_block(canvas, address: Address, height: float) -> None:
    """The address where a window envelope shows it (the decision letters' place)."""
    canvas.setFont(FONT, 10.5)
    y = height - ADDRESS_TOP - 10.5
    for line in (_("To the residents of"), address.address,
                 "  ".join(x for x in (address.postcode, address.town) if x)):
        with marked(canvas, "P"):
            canvas.drawString(LEFT, y, line)
        y -= 14


@requires(Permission.DECIDE)
def write_code_letters(register: Register, consultation_id: int, addresses: list[Address],
                       out: str | os.PathLike, progress=None, actor: str = DESKTOP,
                       replace: bool = False, today: dt.date | None = None) -> int:
    """One letter per address with its code(s); the codes are kept (hashed) only once the
    PDF is whole. Refused once voting has ended, for a meeting without its day and time,
    and for a second set unless ``replace`` (then the first set's unused codes die).
    Returns the number of codes issued."""
    from reportlab.lib.pagesizes import A4

    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    if c.status not in ("planned", "running"):
        raise UserError(_("Voting has closed; no more codes can be issued."))
    check_codes_may_be_printed(register, c, replace, today)  # on the consultation's today
    today = today or dt.date.today()  # the letters' date
    per_address = [a.residents if c.voters == "resident" else 1 for a in addresses]
    codes = new_codes(register, consultation_id, sum(per_address))
    register_fonts()
    m = register.municipality()
    group = (m.steering_group_name if m else "") or _("the steering group")
    how = how_to_vote(register, c)
    width, height = A4
    out = Path(out)
    with private_temp_beside(out) as temp:
        canvas = accessible.Canvas(str(temp), pagesize=A4, **accessible.canvas_options())
        canvas.setTitle(_("Voting codes: {title}").format(title=c.title))
        given = iter(codes)
        for n, (address, count) in enumerate(zip(addresses, per_address)):
            if progress is not None:
                progress(n, len(addresses))
            mine = [next(given) for _i in range(count)]
            section(canvas)  # each letter a part of the document
            _sender(canvas, register, group, height)
            _address_block(canvas, address, height)
            canvas.setFont(FONT, 9.5)
            for n, line in enumerate((_("Date: {date}").format(date=format_date(today)),
                                      _("Subject: {title}").format(title=c.title))):
                with marked(canvas, "P"):  # beside the address; in Arabic from the right edge
                    if alignment(line) == 2:
                        canvas.drawRightString(LEFT + 470, height - ADDRESS_TOP - 10.5 - 14 * n,
                                               line)
                    else:
                        canvas.drawString(125 * MM, height - ADDRESS_TOP - 10.5 - 14 * n, line)
            lines = [("h", _("Your vote on initiatives in your neighbourhood")),
                     ("", _("{group} asks the residents of the neighbourhood to decide on the "
                            "initiatives below (Art. 5.3-5.5 of the voucher ordinance). The "
                            "consultation \u201c{title}\u201d runs from {start} up to and "
                            "including {end}.").format(
                         group=group, title=c.title, start=format_date(c.starts_on),
                         end=format_date(c.ends_on)))]
            lines += [("", "\u2022 " + _("number {sequence}: {title} ({cost})").format(
                sequence=item.sequence, title=item.title, cost=format_money(item.cost)))
                for item in c.items]
            lines.append(("b", ngettext(
                "Your personal voting code (use it once, in one way only):",
                "Your {n} personal voting codes, one for each resident aged {age} or over "
                "(each is used once, in one way only):", count).format(n=count, age=c.minimum_age)))
            y = _page_text(canvas, lines, LEFT, height - 100 * MM)
            for code in mine:
                canvas.setFont(BOLD, 20)
                with marked(canvas, "P"):
                    canvas.drawString(LEFT + 20, y - 8, shown(code))
                y -= 32
            steps = [("b", _("How to vote"))] + [("", "\u2022 " + w) for w in how]
            if c.voters == "household":
                steps.append(("", _("One vote per household, from a resident aged {age} or "
                                    "over.").format(age=c.minimum_age)))
            steps.append(("", _("The code is not linked to your address in the register: "
                                "nobody can see how you voted.")))
            said = reach(group_contact(register))
            if said:
                steps.append(("", _("Questions? Ask {group}: {reach}.").format(group=group,
                                                                             reach=said)))
            _page_text(canvas, steps, LEFT, y - 10)
            canvas.showPage()
        canvas.save()
        with register.write():  # the new set, and the old set's unused codes gone, as one
            if replace and c.codes_issued:
                replace_unused_codes(register, consultation_id, actor)
            store_codes(register, consultation_id, codes, actor)
    return len(codes)


@requires(Permission.DECIDE)
def write_ballots(register: Register, consultation_id: int, out: str | os.PathLike,
                  count: int = 1) -> Path:
    """Ballot papers: a field for the code and a box per initiative, two to a page."""
    from reportlab.lib.pagesizes import A4

    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    register_fonts()
    out = Path(out)
    budget = c.rule == "budget"
    hand_in = _hand_in(register, c)
    with private_temp_beside(out) as temp:
        canvas = accessible.Canvas(str(temp), pagesize=A4, **accessible.canvas_options())
        canvas.setTitle(_("Ballot paper: {title}").format(title=c.title))
        side = _Side(A4[0], i18n.is_right_to_left())  # Arabic: the paper read from the right
        for n in range(count):
            top = 800 if n % 2 == 0 else 400
            section(canvas)  # each ballot a part of the document
            canvas.setFont(BOLD, 14)
            with marked(canvas, "H1"):
                side.start(canvas, 60, top, _("Ballot paper: {title}").format(title=c.title))
            canvas.setFont(FONT, 9.5)
            rule = (_("Tick the initiatives you choose; together they may cost at most {left}.")
                    .format(left=format_money(c.budget or 0)) if budget else
                    _("Tick for or against for each initiative; leave both empty to abstain."))
            with marked(canvas, "P"):
                side.start(canvas, 60, top - 18, rule)
            with marked(canvas, "P"):
                side.start(canvas, 60, top - 44, _("Your voting code ({n} characters):").format(
                    n=CODE_LENGTH))
            for box in range(CODE_LENGTH):
                side.box(canvas, 250 + box * 22, top - 50, 18, 20)
            y = top - 85
            canvas.setFont(BOLD, 9.5)
            with marked(canvas, "P"):  # the columns' heads
                if budget:
                    side.start(canvas, 470, y + 16, _("choose"))
                else:
                    side.start(canvas, 440, y + 16, label("for"))
                    side.start(canvas, 490, y + 16, label("against"))
            canvas.setFont(FONT, 10)
            for item in c.items:
                text = "{sequence}. {title} ({cost})".format(
                    sequence=item.sequence, title=item.title, cost=format_money(item.cost))
                with marked(canvas, "P"):
                    side.start(canvas, 60, y, _wrap(canvas, text, FONT, 10, 360)[0])
                for x in ((475,) if budget else (445, 495)):
                    side.box(canvas, x, y - 3, 13, 13)
                y -= 22
            canvas.setFont(FONT, 8.5)
            with marked(canvas, "P"):
                side.start(canvas, 60, top - 326, _("Hand in this ballot paper at {place}, up to "
                                                    "and including {date}.").format(
                    place=hand_in, date=format_date(c.ends_on)))
            with marked(canvas, "P"):
                side.start(canvas, 60, top - 340, _("A ballot without a valid code, or with a "
                                                    "code already used, is not counted."))
            if n % 2 == 1 or n == count - 1:
                canvas.showPage()
            else:
                canvas.setDash(3, 3)
                canvas.line(30, 420, 565, 420)
                canvas.setDash()
        canvas.save()
    return out
