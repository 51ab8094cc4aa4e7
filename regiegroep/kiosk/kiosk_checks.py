"""What a sealed kiosk package may hold, checked field by field before anything of it is
registered (issue 23: forged packages).

Anyone with the public package (it lies on the kiosk PC) can seal to the group's key, so
``receive`` trusts nothing in it: every field has its type, its range and its size, and a
message naming the field when it has not. A receipt moment (Art. 4.4: the order of
receipt) lies between the moment the public package it answers was prepared at this
register (less 15 minutes, for two PCs' clocks) and the moment the package was sealed,
which is not in the future; an application
marked signed carries a signature of a sensible size. Plain functions without Qt.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal, InvalidOperation

from ..errors import UserError
from ..i18n import LANGUAGES, _

LINE = 200  # characters: a name, an address line, a title
TEXT = 10_000  # characters: a description, the planning
SIGNATURE_BYTES = 256 * 1024  # a PNG drawn with a finger is a few KiB
MOST_APPLICATIONS = 10_000
MOST_VOTES = 100_000
LARGEST_AMOUNT = Decimal(10_000_000)
MOST_VOUCHERS = 10_000
PNG = b"\x89PNG\r\n\x1a\n"
CLOCKS_DIFFER = dt.timedelta(minutes=15)  # what two PCs' clocks may differ by


def _wrong(field: str) -> UserError:
    return UserError(_("This kiosk package is refused: its field \u201c{field}\u201d is not what "
                       "a kiosk writes (type, range or size). Nothing was taken from it.")
                     .format(field=field))


def text(value, field: str, longest: int = LINE) -> str:
    if not isinstance(value, str) or len(value) > longest or "\x00" in value:
        raise _wrong(field)
    return value


def whole(value, field: str, lowest: int, highest: int, empty: bool = False) -> int | None:
    if value is None and empty:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise _wrong(field)
    return value


def yes_no(value, field: str, empty: bool = False) -> bool | None:
    if value is None and empty:
        return None
    if not isinstance(value, bool):
        raise _wrong(field)
    return value


def moment(value, field: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text(value, field, 40)).replace(tzinfo=None)
    except ValueError:
        raise _wrong(field) from None


def amount(value, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        found = Decimal(text(value, field, 20))
    except InvalidOperation:
        raise _wrong(field) from None
    if not found.is_finite() or not 0 <= found <= LARGEST_AMOUNT \
            or found != found.quantize(Decimal("0.01")):
        raise _wrong(field)
    return found


def signature(value, field: str) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > SIGNATURE_BYTES * 4 // 3 + 4:
        raise _wrong(field)
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _wrong(field) from None
    if not data.startswith(PNG) or len(data) > SIGNATURE_BYTES:
        raise _wrong(field)
    return data


def signed_part(data) -> dict:
    """The package before its signature is checked: a mapping whose signing fields, when
    there, are short text (an Ed25519 key and signature in base64); UserError otherwise."""
    if not isinstance(data, dict):
        raise _wrong("package")
    for key in ("signed_by", "signature"):
        if data.get(key) is not None:
            text(data.get(key), key, 200)
    return data


def payload(data, wijk_ids: set[int], prepared: set[str], now: dt.datetime) -> dict:
    """The package's contents, checked; UserError naming the first field that is wrong.
    ``prepared``: the moments public packages were prepared at this register."""
    from ..model import ApplicantKind, Theme

    signed_part(data)
    package_id = text(data.get("package_id"), "package_id", 64)
    text(data.get("kiosk", ""), "kiosk")
    sealed_at = moment(data.get("made_at"), "made_at")
    if sealed_at > now + dt.timedelta(minutes=5):
        raise _wrong("made_at")
    answers = data.get("public_made_at")
    if answers not in prepared:
        raise UserError(_("This kiosk package answers no public package made at this "
                          "register; nothing was taken from it."))
    # The kiosk keeps receipt moments to the minute, by its own clock: a kiosk PC's clock a
    # little behind the laptop's does not make its applications forged.
    opened = moment(answers, "public_made_at").replace(second=0, microsecond=0) - CLOCKS_DIFFER
    votes = data.get("votes") or []
    if not isinstance(votes, list) or len(votes) > MOST_VOTES \
            or not all(isinstance(v, str) and len(v) < 4096 for v in votes):
        raise _wrong("votes")
    apps = data.get("applications")
    if not isinstance(apps, list) or len(apps) > MOST_APPLICATIONS:
        raise _wrong("applications")
    for n, entry in enumerate(apps):
        where = "applications[{}].".format(n)
        if not isinstance(entry, dict) or not isinstance(entry.get("applicant"), dict):
            raise _wrong(where + "applicant")
        whole(entry.get("kiosk_number"), where + "kiosk_number", 1, 10 ** 9)
        received = moment(entry.get("received_at"), where + "received_at")
        if not opened <= received <= sealed_at:
            raise UserError(_("This kiosk package is refused: application {n} says it was "
                              "received on {moment}, outside the time the kiosk was open for "
                              "it. Nothing was taken from it.").format(
                n=n + 1, moment=received.isoformat(sep=" ")))
        if whole(entry.get("wijk_id"), where + "wijk_id", 1, 10 ** 9, empty=True) \
                not in wijk_ids | {None}:
            raise _wrong(where + "wijk_id")
        for key in ("title", "other_subsidy_details"):
            text(entry.get(key, ""), where + key)
        for key in ("description", "execution", "planning", "liveability"):
            text(entry.get(key, ""), where + key, TEXT)
        amount(entry.get("cost_estimate"), where + "cost_estimate")
        whole(entry.get("vouchers_requested"), where + "vouchers_requested", 1, MOST_VOUCHERS,
              empty=True)
        yes_no(entry.get("other_subsidy"), where + "other_subsidy", empty=True)
        theme = entry.get("theme")
        if theme is not None and theme not in {t.value for t in Theme}:
            raise _wrong(where + "theme")
        png = signature(entry.get("signature_png"), where + "signature_png")
        if yes_no(entry.get("signed"), where + "signed") and png is None:
            raise _wrong(where + "signed")  # signed, with no signature to show for it
        a = entry["applicant"]
        if a.get("kind") not in {k.value for k in ApplicantKind}:
            raise _wrong(where + "applicant.kind")
        for key in ("name", "contact_person", "address", "postcode", "town", "phone", "email"):
            text(a.get(key, ""), where + "applicant." + key)
        yes_no(a.get("publish_name"), where + "applicant.publish_name")
        if a.get("language") not in LANGUAGES:
            raise _wrong(where + "applicant.language")
    return {"package_id": package_id, "sealed_at": sealed_at}
