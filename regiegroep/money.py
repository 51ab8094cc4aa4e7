"""Money is Decimal euros in Python and integer cents in the register; never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import UserError
from .i18n import _

CENT = Decimal("0.01")
# No neighbourhood budget comes near; larger numbers are typing mistakes (and would not fit
# Decimal's default precision with cents).
LIMIT = Decimal(10) ** 9

# Characters people type around an amount that carry no value.
_NOISE = re.compile(r"[\s\u00a0\u202f€']|EUR|eur|,-$|\.-$")


class NotCents(UserError, ValueError):
    """An amount with more than two decimals: euros have cents only."""


def to_cents(amount: Decimal) -> int:
    """The amount in cents; an amount with more than two decimals is refused, never rounded
    (a grant of 99.999 is not one of 100.00), saying so."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise NotCents(_("{amount} has more than two decimals; euros have cents only.").format(
            amount=amount))
    return int(cents)


# Whole numbers of cents that fit Decimal's default precision (28 digits): shifted two
# places they are exact, as the division is; a larger one the division refuses.
_SHIFTABLE = 10 ** 28


def from_cents(cents: int) -> Decimal:
    if type(cents) is int and -_SHIFTABLE < cents < _SHIFTABLE:
        return Decimal(cents).scaleb(-2)  # shifted two places: the very Decimal the division gives
    return (Decimal(cents) / 100).quantize(CENT)


def as_text(amount: Decimal) -> str:
    """Two decimals with a point, the form exports use: ``"12500.00"``."""
    return str(amount.quantize(CENT))


def parse_amount(text: str) -> Decimal:
    """Read an amount of euros as people type it, with a decimal comma or point.

    ``12500``, ``12.500``, ``12.500,00``, ``12500,5``, ``12,500.00``, ``€ 1.850,-``.
    A lone point followed by exactly three digits groups thousands, as in Dutch:
    ``12.500`` is twelve thousand five hundred. A lone comma followed by three digits
    (``12,345``: a Dutch decimal comma or an English thousands comma) and a point after a
    zero (``0.125``) can be read two ways: they are refused, with both readings.
    Raises UserError, saying what is wrong, for anything else, negative amounts and
    amounts with more than two decimals.
    """
    raw = text
    text = _NOISE.sub("", text.strip())
    if not text:
        raise UserError(_("No amount given."))
    if not re.fullmatch(r"\d[\d.,]*", text) or text[-1] in ".,":
        raise UserError(
            _("“{text}” is not an amount of euros. Write it like 1850 or 1.850,00.").format(text=raw)
        )
    not_an_amount = UserError(
        _("“{text}” is not an amount of euros. Write it like 1850 or 1.850,00.").format(text=raw)
    )
    separators = [c for c in text if c in ".,"]
    if not separators:
        decimal_sep = None
    elif len(set(separators)) == 2:
        decimal_sep = separators[-1]  # 12.500,00 or 12,500.00: the last one is decimal
        if separators.count(decimal_sep) > 1:
            raise not_an_amount
    elif len(separators) == 1 and len(text) - text.index(separators[0]) - 1 != 3:
        decimal_sep = separators[0]  # 12500,5 or 12500.50
    elif len(separators) == 1 and (separators[0] == "," or text.startswith("0")):
        _two_readings(raw, text)  # 12,345 or 0.125
    else:
        decimal_sep = None  # 12.500 or 1.250.000: grouping only
    whole, _sep, fraction = text.rpartition(decimal_sep) if decimal_sep else ("", "", "")
    if not decimal_sep:
        whole = text
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (any(len(g) != 3 for g in groups[1:]) or not 1 <= len(groups[0]) <= 3):
        raise not_an_amount
    whole_digits = "".join(groups)
    if len(fraction) > 2:
        raise UserError(_("“{text}” has more than two decimals; euros have cents only.").format(text=raw))
    try:
        value = Decimal(whole_digits + ("." + fraction if fraction else ""))
    except InvalidOperation:
        raise not_an_amount from None
    if value >= LIMIT:
        raise UserError(_("“{text}” is more than a thousand million euros; check the amount.")
                        .format(text=raw))
    return value.quantize(CENT)


def _two_readings(raw: str, text: str) -> None:
    """Refuse ``12,345`` or ``0.125``, saying both ways it can be read."""
    from .i18n import format_money

    whole, _sep, fraction = text.partition("," if "," in text else ".")
    grouped = Decimal(whole + fraction)
    decimal = Decimal(whole + "." + fraction).quantize(CENT, ROUND_HALF_UP)
    readings = [format_money(grouped), format_money(decimal)]
    hints = [str(int(grouped)), f"{int(decimal)},{str(decimal).split('.')[1]}"]
    raise UserError(_("“{text}” can be read as {first} or {second}: write {first_hint} or "
                      "{second_hint}.").format(text=raw, first=readings[0], second=readings[1],
                                               first_hint=hints[0], second_hint=hints[1]))
