"""Serial numbers a person can read, type and check: voucher serials (Art. 1a, 5) and,
with another length, the consultation's voting codes.

A serial is written in an alphabet of 23 characters without look-alikes: no 0/O/Q, 1/I/L,
5/S, 2/Z, 8/B, nor U/V. Its last character is a check character: the weighted sum

    sum((position + 1) * value)  with positions counted from the right, the check at 0

of all characters is 0 modulo 23. Because 23 is prime and every weight 1..22 is different
and not 0 modulo 23, this catches every single mistyped character (w * d is never 0 mod 23
for d != 0) and every swap of two characters, neighbours or not ((w1 - w2) * d is never 0),
for serials of up to 22 characters. A Luhn mod N, for comparison, misses the swap of the
first and the last character of its alphabet; the alphabet is cut to a prime size on purpose.

Serials are stored and compared in their plain form (``"7KM4QX..."``, upper case, no
dashes) and printed grouped (``format_serial``: ``"7KM4-RXA9-..."``). ``parse_serial``
reads what a person types or a USB scanner types like a keyboard: case, spaces, dashes and
dots do not matter.
"""

from __future__ import annotations

import itertools
import operator
import random

from ..errors import UserError
from ..i18n import _

ALPHABET = "34679ACDEFGHJKMNPRTUWXY"
MODULUS = len(ALPHABET)  # 23, a prime: see the module's docstring
_VALUE = {char: index for index, char in enumerate(ALPHABET)}

VOUCHER_LENGTH = 12  # 11 random characters (about 50 bits) and the check character
GROUP = 4
MAX_LENGTH = MODULUS - 1  # beyond 22 characters the weights repeat and swaps may slip
_SEPARATORS = "-._\u2010\u2011\u2012\u2013\u2014"  # and any white space


class SerialError(UserError):
    """A text that is not a valid serial; ``reason`` says why for a caller to act on.

    Reasons: ``"empty"``, ``"character"`` (a character the alphabet does not use; ``char``
    names it), ``"length"`` (``length`` is what was typed, ``expected`` what was wanted) and
    ``"check"`` (the check character does not match: a typing error or a forgery).
    """

    def __init__(self, reason: str, message: str, **details):
        super().__init__(message)
        self.reason = reason
        self.details = details


def _weighted_sum(plain: str) -> int:
    """The weighted sum of ``plain`` as if a check character 0 were appended."""
    # The weight of each character, from the last one: 2, 3, 4, ... (however long).
    return sum(map(operator.mul, itertools.count(2), map(_VALUE.__getitem__, reversed(plain))))


def check_character(body: str) -> str:
    """The check character to append to ``body`` (plain characters of the alphabet)."""
    return ALPHABET[-_weighted_sum(body) % MODULUS]


def _checks(plain: str) -> bool:
    # The weight of each character, from the last one: 1, 2, 3, ... (the check character 1).
    total = sum(map(operator.mul, itertools.count(1), map(_VALUE.__getitem__, reversed(plain))))
    return total % MODULUS == 0


def new_serial(source, length: int = VOUCHER_LENGTH) -> str:
    """A new random serial of ``length`` characters, the check character included.

    ``source`` is ``secrets`` for real serials (anything with ``choice``, such as a seeded
    ``random.Random`` for the example register). The caller makes sure it is unique.
    """
    if not 2 <= length <= MAX_LENGTH:
        raise ValueError(f"a serial has 2 to {MAX_LENGTH} characters, not {length}")
    if type(source) is random.Random:
        # What ``choice`` draws, without its calls around each draw: 5 random bits, again
        # while they are 23 or more (Random._randbelow_with_getrandbits); the same serials.
        bits, body = source.getrandbits, []
        for _ in range(length - 1):
            value = bits(5)
            while value >= MODULUS:
                value = bits(5)
            body.append(ALPHABET[value])
        body = "".join(body)
    else:
        body = "".join(source.choice(ALPHABET) for _ in range(length - 1))
    return body + check_character(body)


def normalise(text: str) -> str:
    """``text`` in upper case without white space, dashes or dots; nothing else is changed
    (a scanner ends what it types with Enter, a person may type a group at a time)."""
    if text.isascii() and text.isalnum():  # plain already, as the app's own serials are
        return text.upper()
    return "".join(char for char in text.upper()
                   if char not in _SEPARATORS and not char.isspace())


def parse_serial(text: str, length: int | None = VOUCHER_LENGTH) -> str:
    """The plain serial in what a person typed, or :class:`SerialError` saying what is wrong.

    ``length`` is the number of characters expected (the check included); None accepts any
    length from 2 to 22.
    """
    plain = normalise(text)
    if not plain:
        raise SerialError("empty", _("No serial number was entered."))
    for char in plain:
        if char not in _VALUE:
            raise SerialError("character",
                              _("A serial number never contains \u201c{char}\u201d; "
                                "check what you typed.").format(char=char), char=char)
    if (length is not None and len(plain) != length) or not 2 <= len(plain) <= MAX_LENGTH:
        expected = length if length is not None else MAX_LENGTH
        raise SerialError("length",
                          _("A serial number has {expected} characters, this one has {count}; "
                            "check what you typed.").format(expected=expected, count=len(plain)),
                          length=len(plain), expected=expected)
    if not _checks(plain):
        raise SerialError("check",
                          _("The check character of this serial number does not match: "
                            "a character was mistyped, or the serial is not genuine."))
    return plain


def is_valid(text: str, length: int | None = VOUCHER_LENGTH) -> bool:
    """Whether ``text`` is a serial of ``length`` characters with a matching check character."""
    try:
        parse_serial(text, length)
    except SerialError:
        return False
    return True


def format_serial(serial: str, group: int = GROUP) -> str:
    """``"7KM4RXA9CDEF"`` as ``"7KM4-RXA9-CDEF"``: groups of ``group`` characters."""
    plain = normalise(serial)
    return "-".join(plain[i:i + group] for i in range(0, len(plain), group))
