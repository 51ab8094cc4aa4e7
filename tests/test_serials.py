"""Voucher serials and voting codes: readable, typed back safely, every slip of a finger caught."""

import random
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiegroep.vouchers import serials
from regiegroep.vouchers.serials import (
    ALPHABET,
    SerialError,
    format_serial,
    is_valid,
    new_serial,
    parse_serial,
)

LOOK_ALIKES = "0O1IL5S2Z8BQV"


def test_the_alphabet_has_no_look_alikes_and_a_prime_size():
    assert not set(LOOK_ALIKES) & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 23
    assert all(len(ALPHABET) % d for d in range(2, len(ALPHABET)))


def sample(count: int, length: int) -> list[str]:
    source = random.Random(20260302)
    return [new_serial(source, length) for _ in range(count)]


@pytest.mark.parametrize("length", [10, 11, 12, 22])
def test_every_single_mistyped_character_and_every_neighbour_swap_is_caught(length):
    tried_single = tried_swaps = 0
    for serial in sample(120, length):
        assert is_valid(serial, length)
        for position, original in enumerate(serial):
            for typed in ALPHABET:
                if typed != original:
                    wrong = serial[:position] + typed + serial[position + 1:]
                    assert not is_valid(wrong, length), (serial, wrong)
                    tried_single += 1
        for position in range(length - 1):
            a, b = serial[position], serial[position + 1]
            if a != b:
                swapped = serial[:position] + b + a + serial[position + 2:]
                assert not is_valid(swapped, length), (serial, swapped)
                tried_swaps += 1
    print(f"length {length}: {tried_single} single errors and {tried_swaps} neighbour swaps "
          "tried, all caught")
    assert tried_single == 120 * length * 22
    assert tried_swaps > 120 * (length - 1) * 0.9


def test_the_check_catches_every_error_exhaustively_on_short_codes():
    # All 23**2 bodies of three-character codes: every single error, every swap of any two.
    caught = 0
    for first in ALPHABET:
        for second in ALPHABET:
            code = first + second + serials.check_character(first + second)
            assert is_valid(code, 3)
            for i in range(3):
                for typed in ALPHABET.replace(code[i], ""):
                    assert not is_valid(code[:i] + typed + code[i + 1:], 3)
                    caught += 1
                for j in range(i + 1, 3):
                    if code[i] != code[j]:
                        swapped = list(code)
                        swapped[i], swapped[j] = swapped[j], swapped[i]
                        assert not is_valid("".join(swapped), 3)
                        caught += 1
    assert caught > 23 * 23 * 66


def test_a_serial_is_printed_in_groups_and_read_back_as_typed():
    serial = new_serial(secrets)
    printed = format_serial(serial)
    assert len(serial) == serials.VOUCHER_LENGTH
    assert printed.count("-") == 2 and printed.replace("-", "") == serial
    for typed in (printed, printed.lower(), " " + printed.replace("-", " ") + "\n",
                  printed.replace("-", ".")):
        assert parse_serial(typed) == serial


@given(st.randoms(use_true_random=False), st.integers(min_value=2, max_value=22))
def test_any_new_serial_of_any_length_is_valid(source, length):
    serial = new_serial(source, length)
    assert len(serial) == length and set(serial) <= set(ALPHABET)
    assert is_valid(serial, length) and is_valid(format_serial(serial), None)
    assert not is_valid(serial, length + 1)


def test_a_seeded_source_gives_the_serials_its_choice_would_give():
    """The example register's serials stay the same: the quick draw for a seeded
    random.Random is the very draw of its ``choice``."""

    class ByChoice:  # anything with choice takes the plain way
        def __init__(self, seed):
            self.rng = random.Random(seed)

        def choice(self, seq):
            return self.rng.choice(seq)

    for length in (2, 8, 12, 22):
        quick, plain = random.Random(2008), ByChoice(2008)
        assert ([new_serial(quick, length) for _ in range(2000)]
                == [new_serial(plain, length) for _ in range(2000)])
        assert quick.random() == plain.rng.random()  # and it is left where choice leaves it


@given(st.text(max_size=30))
def test_any_typed_text_is_refused_with_a_reason_or_accepted(text):
    try:
        plain = parse_serial(text, None)
    except SerialError as error:
        assert error.reason in {"empty", "character", "length", "check"}
        assert str(error)
    else:
        assert plain == serials.normalise(text)


def test_each_reason_tells_what_went_wrong():
    serial = new_serial(secrets)
    reasons = {}
    for typed in ("", " - ", serial[:-1] + "0", serial[:-1], serial + "A",
                  serial[:-1] + ALPHABET[(ALPHABET.index(serial[-1]) + 1) % 23]):
        with pytest.raises(SerialError) as caught:
            parse_serial(typed)
        reasons[typed] = caught.value.reason
    assert list(reasons.values()) == ["empty", "empty", "character", "length", "length", "check"]
    with pytest.raises(SerialError, match="0"):
        parse_serial(serial[:-1] + "0")


def test_lengths_beyond_what_the_check_protects_are_refused():
    with pytest.raises(ValueError):
        new_serial(secrets, 23)
    with pytest.raises(ValueError):
        new_serial(secrets, 1)
