"""What a resident gets to vote with in a neighbourhood consultation (Art. 1i, 5.3-5.5): a
letter per household address with its one-time voting code(s), and the ballot paper with a
field for the code and a box per initiative.

The address list is the municipality's CSV (columns ``address`` and ``postcode``, or
``adres`` and ``postcode``; optionally ``residents``/``bewoners`` for a vote per resident).
It is read for printing only and never kept: the register keeps just the codes' salted
hashes (regiegroep.consultations), stored once the letters are written whole, so a failed
print leaves no codes that nobody received.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import NamedTuple

from . import accessible
from ..consultations import (
    CANCELLED, CODE_LENGTH, consultation, label, new_codes, shown, store_codes,
)
from ..errors import UserError
from ..files import private_temp_beside
from ..i18n import _, format_date, format_money, ngettext
from ..register import Register
from ..store import DESKTOP
from .layout import BOLD, FONT, register_fonts

MAX_PER_ADDRESS = 12


class Address(NamedTuple):
    address: str
    postcode: str
    residents: int = 1


def read_addresses(path: str | os.PathLike) -> list[Address]:
    """The municipality's address list, checked; refused with the line that is wrong."""
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
        address = row.get("address") or row.get("adres")
        if "address" not in row and "adres" not in row or "postcode" not in row:
            raise UserError(_("The address list needs the columns address (or adres) and "
                              "postcode."))
        if not address:
            raise UserError(_("Line {line} of the address list has no address.").format(line=number))
        count = row.get("residents") or row.get("bewoners") or "1"
        if not count.isdigit() or not 1 <= int(count) <= MAX_PER_ADDRESS:
            raise UserError(_("Line {line} of the address list: the number of residents must "
                              "be 1 to {most}.").format(line=number, most=MAX_PER_ADDRESS))
        found.append(Address(address, row.get("postcode", ""), int(count)))
    if not found:
        raise UserError(_("The address list is empty."))
    return found


def _how_to_vote(c) -> list[str]:
    ways = []
    if c.form in ("meeting", "combination"):
        ways.append(_("Come to the meeting at {place}; show your code at the door.").format(
            place=c.place or _("the place on the poster")))
    if c.form in ("written", "combination"):
        ways.append(_("Fill in the ballot paper with your code and hand it in before {date}.")
                    .format(date=format_date(c.ends_on)))
    if c.form in ("digital", "combination"):
        ways.append(_("Vote on the laptop or the kiosk in the community centre with your code."))
    return ways


def _page_text(canvas, lines, x, y, size=10.5, leading=15):
    for style, text in lines:
        canvas.setFont(BOLD if style == "b" else FONT, size + (4 if style == "h" else 0))
        if style == "h":
            canvas.setFillColorRGB(0.12, 0.37, 0.55)
        for part in _wrap(canvas, text, BOLD if style == "b" else FONT,
                          size + (4 if style == "h" else 0)):
            canvas.drawString(x, y, part)
            y -= leading + (4 if style == "h" else 0)
        canvas.setFillColorRGB(0, 0, 0)
        y -= 4
    return y


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


def write_code_letters(register: Register, consultation_id: int, addresses: list[Address],
                       out: str | os.PathLike, progress=None, actor: str = DESKTOP) -> int:
    """One letter per address with its code(s); the codes are kept (hashed) only once the
    PDF is whole. Returns the number of codes issued."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    if c.status not in ("planned", "running"):
        raise UserError(_("Voting has closed; no more codes can be issued."))
    per_address = [a.residents if c.voters == "resident" else 1 for a in addresses]
    codes = new_codes(register, consultation_id, sum(per_address))
    register_fonts()
    m = register.municipality()
    group = (m.steering_group_name if m else "") or _("the steering group")
    out = Path(out)
    with private_temp_beside(out) as temp:
        canvas = Canvas(str(temp), pagesize=A4, **accessible.canvas_options())
        canvas.setTitle(_("Voting codes: {title}").format(title=c.title))
        given = iter(codes)
        for n, (address, count) in enumerate(zip(addresses, per_address)):
            if progress is not None:
                progress(n, len(addresses))
            mine = [next(given) for _i in range(count)]
            canvas.setFont(FONT, 11)
            canvas.drawString(70, 740, _("To the residents of"))
            canvas.drawString(70, 725, address.address)
            canvas.drawString(70, 710, address.postcode)
            lines = [("h", _("Your vote on initiatives in your neighbourhood")),
                     ("", _("{group} asks the residents of the neighbourhood to decide on the "
                            "initiatives below (Art. 5.3-5.5 of the voucher ordinance). The "
                            "consultation \u201c{title}\u201d runs from {start} to {end}.").format(
                         group=group, title=c.title, start=format_date(c.starts_on),
                         end=format_date(c.ends_on)))]
            lines += [("", "\u2022 {sequence}. {title} ({cost})".format(
                sequence=item.sequence, title=item.title, cost=format_money(item.cost)))
                for item in c.items]
            lines.append(("b", ngettext(
                "Your personal voting code (use it once, in one way only):",
                "Your {n} personal voting codes, one for each resident aged {age} or over "
                "(each is used once, in one way only):", count).format(n=count, age=c.minimum_age)))
            y = _page_text(canvas, lines, 70, 670)
            for code in mine:
                canvas.setFont(BOLD, 20)
                canvas.drawString(90, y - 8, shown(code))
                y -= 32
            how = [("b", _("How to vote"))] + [("", "\u2022 " + w) for w in _how_to_vote(c)]
            if c.voters == "household":
                how.append(("", _("One vote per household, from a resident aged {age} or over.")
                            .format(age=c.minimum_age)))
            how.append(("", _("The code is not linked to your address in the register: nobody "
                              "can see how you voted.")))
            _page_text(canvas, how, 70, y - 10)
            canvas.setFont(FONT, 8)
            canvas.drawString(70, 40, _("{group}, {municipality}").format(
                group=group, municipality=m.name if m else ""))
            canvas.showPage()
        canvas.save()
        store_codes(register, consultation_id, codes, actor)
    return len(codes)


def write_ballots(register: Register, consultation_id: int, out: str | os.PathLike,
                  count: int = 1) -> Path:
    """Ballot papers: a field for the code and a box per initiative, two to a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = consultation(register, consultation_id)
    if c.status == "cancelled":
        raise UserError(_(CANCELLED))
    register_fonts()
    out = Path(out)
    budget = c.rule == "budget"
    with private_temp_beside(out) as temp:
        canvas = Canvas(str(temp), pagesize=A4, **accessible.canvas_options())
        canvas.setTitle(_("Ballot paper: {title}").format(title=c.title))
        for n in range(count):
            top = 800 if n % 2 == 0 else 400
            canvas.setFont(BOLD, 14)
            canvas.drawString(60, top, _("Ballot paper: {title}").format(title=c.title))
            canvas.setFont(FONT, 9.5)
            rule = (_("Tick the initiatives you choose; together they may cost at most {left}.")
                    .format(left=format_money(c.budget or 0)) if budget else
                    _("Tick for or against for each initiative; leave both empty to abstain."))
            canvas.drawString(60, top - 18, rule)
            canvas.drawString(60, top - 44, _("Your voting code ({n} characters):").format(n=CODE_LENGTH))
            for box in range(CODE_LENGTH):
                canvas.rect(250 + box * 22, top - 50, 18, 20)
            y = top - 85
            canvas.setFont(BOLD, 9.5)
            if budget:
                canvas.drawString(470, y + 12, _("choose"))
            else:
                canvas.drawString(440, y + 12, label("for"))
                canvas.drawString(490, y + 12, label("against"))
            canvas.setFont(FONT, 10)
            for item in c.items:
                text = "{sequence}. {title} ({cost})".format(
                    sequence=item.sequence, title=item.title, cost=format_money(item.cost))
                canvas.drawString(60, y, _wrap(canvas, text, FONT, 10, 360)[0])
                for x in ((475,) if budget else (445, 495)):
                    canvas.rect(x, y - 3, 13, 13)
                y -= 22
            canvas.setFont(FONT, 8)
            canvas.drawString(60, top - 340, _("Hand in before {date}. A ballot without a valid "
                                               "code, or with a code already used, is not counted.")
                              .format(date=format_date(c.ends_on)))
            if n % 2 == 1 or n == count - 1:
                canvas.showPage()
            else:
                canvas.setDash(3, 3)
                canvas.line(30, 420, 565, 420)
                canvas.setDash()
        canvas.save()
    return out
