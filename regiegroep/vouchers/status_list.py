"""The signed status list of a register's vouchers, for checking offline (Art. 9).

A signed voucher code says what a voucher was worth when it was printed; it cannot say what
happened afterwards. The group therefore publishes a status list, signed with the same key
as its vouchers (as the EU digital certificates' revocation lists are): every voucher that
was voided, has expired or is redeemed in full, and what is left on a partly redeemed one,
with the moment the list was made. ``regiegroep vouchers status`` writes it;
``regiegroep verify --key KEY --status FILE CODE`` refuses a voucher the list names and says
how old the list is (a list older than :data:`MAX_AGE` is warned about).

The file is text: lines starting with ``#`` for people (the register, when it was made, the
vouchers it names), then one line ``RGS1:...`` that alone counts: CBOR
``{"r": register, "t": made at (ISO, UTC), "e": {serial: [state, cents left]}}`` signed as
COSE_Sign1 in base45, exactly as a voucher's code (regiegroep.signing).

Light on purpose (no database, no ReportLab) for reading: ``verify --key`` stays fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import cbor2

from . import serials, signing
from ..errors import UserError
from ..store import reads, requires
from ..trust.access import Permission, Read
from ..i18n import _, format_datetime, format_money, ngettext

PREFIX = signing.STATUS_PREFIX
MAX_AGE = dt.timedelta(days=7)
REFUSED = ("voided", "expired", "redeemed")  # states a cash manager must not pay
PARTLY = "partly_redeemed"


@dataclasses.dataclass(frozen=True)
class StatusList:
    register: str
    made_at: dt.datetime  # aware, UTC
    entries: dict[str, tuple[str, int]]  # plain serial -> (state, cents left)

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        now = now or dt.datetime.now(dt.timezone.utc)
        return max(now - self.made_at, dt.timedelta(0))

    def too_old(self, now: dt.datetime | None = None) -> bool:
        return self.age(now) > MAX_AGE


def _state_words(state: str) -> str:
    return {"voided": _("voided"), "expired": _("expired"), "redeemed": _("redeemed in full"),
            PARTLY: _("partly redeemed")}[state]


# -- writing (with the register) --------------------------------------------------------

@reads(Read.VOUCHERS)
def entries(register) -> dict[str, tuple[str, int]]:
    """Every voucher a cash manager must know about: voided, expired, redeemed, partly
    redeemed (with what is left). Vouchers still whole are not named."""
    from ..money import to_cents

    found = {}
    for voucher in register.all_vouchers():
        state = voucher.state
        if state in REFUSED or state == PARTLY:
            found[voucher.serial] = (state, to_cents(voucher.left))
    return found


@requires(Permission.DECIDE)
@reads(Read.VOUCHERS)
def build(register, now: dt.datetime | None = None) -> tuple[str, StatusList]:
    """The text of the status list of ``register`` and what it says (signed with the
    register's key: the steering group's to make)."""
    from .issuing import issuer, signed_status

    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(
        microsecond=0)
    status = StatusList(issuer(register), now, entries(register))
    line = signed_status(register, status.register, now, status.entries)
    refused = sum(1 for state, _left in status.entries.values() if state in REFUSED)
    head = [_("Regiegroep: status list of the vouchers of {register}").format(
                register=status.register),
            _("Made on {moment}. Refresh it at least once a week: a list older than a week "
              "is warned about.").format(moment=format_datetime(now.astimezone())),
            ngettext("{count} voucher may not be paid any more:",
                     "{count} vouchers may not be paid any more:", refused).format(
                count=refused)]
    for serial, (state, left) in sorted(status.entries.items()):
        text = f"  {serials.format_serial(serial)}: {_state_words(state)}"
        if state == PARTLY:
            text += " " + _("({left} left)").format(left=format_money(Decimal(left) / 100))
        head.append(text)
    head.append(_("Only the signed line below counts; changing it makes the list invalid."))
    return "".join(f"# {line_}\n" for line_ in head) + line + "\n", status


@reads(Read.VOUCHERS)
def write(register, out, now: dt.datetime | None = None) -> StatusList:
    """Write the status list to ``out`` (whole or not at all, 0600)."""
    from ..files import write_whole

    text, status = build(register, now)
    with write_whole(out) as fp:
        fp.write(text)
    return status


# -- reading (with the public key only) ------------------------------------------------

def read(text: str, public_keys: dict) -> StatusList:
    """The status list in ``text``, its signature checked against ``public_keys``; else a
    UserError saying what is wrong with it."""
    line = next((row.strip() for row in text.splitlines()
                 if row.strip().upper().startswith(PREFIX)), None)
    if line is None:
        raise UserError(_("This file is no status list of vouchers."))
    try:
        payload = signing.open_payload(line, PREFIX, public_keys)
    except signing.CodeError as problem:
        if problem.reason == "format":
            raise UserError(_("The status list is damaged; ask the steering group for a new "
                              "one.")) from None
        raise UserError(_("The status list is not signed with the key you have: {reason} "
                          "Ask the steering group for a new list.").format(
                              reason=problem)) from None
    try:
        data = cbor2.loads(payload)
        made_at = dt.datetime.fromisoformat(data["t"])
        if made_at.tzinfo is None:
            made_at = made_at.replace(tzinfo=dt.timezone.utc)
        found = {str(serial): (str(state), int(left))
                 for serial, (state, left) in data["e"].items()}
        return StatusList(str(data["r"]), made_at, found)
    except (ValueError, TypeError, KeyError, AttributeError, cbor2.CBORDecodeError):
        raise UserError(_("The status list is damaged; ask the steering group for a new "
                          "one.")) from None


def age_text(status: StatusList, now: dt.datetime | None = None) -> str:
    """How old the list is, as a line for the cash manager, with a warning past a week."""
    age = status.age(now)
    days = age.days
    if days >= 1:
        how_old = ngettext("{count} day old", "{count} days old", days).format(count=days)
    elif age.seconds >= 3600:
        hours = age.seconds // 3600
        how_old = ngettext("{count} hour old", "{count} hours old", hours).format(count=hours)
    else:
        how_old = _("less than an hour old")
    text = _("Status list of {moment} ({age}).").format(
        moment=format_datetime(status.made_at.astimezone()), age=how_old)
    if status.too_old(now):
        text += " " + _("Warning: the list is older than a week; vouchers voided since are "
                        "not in it. Ask the steering group for a new list.")
    return text


def refusal(status: StatusList, serial: str) -> tuple[str, str] | None:
    """(state, message) when the list says ``serial`` may not be paid; None otherwise."""
    state, left = status.entries.get(serial, ("", 0))
    shown = serials.format_serial(serial)
    if state == "voided":
        return state, _("Voucher {serial} is voided, according to the status list. Do not pay "
                        "it; the holder hands it back to the steering group.").format(
            serial=shown)
    if state == "expired":
        return state, _("Voucher {serial} has expired, according to the status list. Do not "
                        "pay it.").format(serial=shown)
    if state == "redeemed":
        return state, _("Voucher {serial} is redeemed in full, according to the status list. "
                        "Do not pay it.").format(serial=shown)
    return None


def left_text(status: StatusList, serial: str) -> str:
    """What the list says is left on a partly redeemed voucher, or ""."""
    state, left = status.entries.get(serial, ("", 0))
    if state != PARTLY:
        return ""
    return _("According to the status list, {left} was left on it.").format(
        left=format_money(Decimal(left) / 100))
