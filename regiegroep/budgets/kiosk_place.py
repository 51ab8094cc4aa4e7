"""Where residents find the group's kiosk, as the scheme notice tells them (Art. 7.1).

The kiosk's sign-in name ("Kiosk buurthuis") is no place a resident can walk to; the group
keeps the place itself ("Buurthuis De Kolk, Pieter Lieftinckweg 3, tuesdays 10-12") as one
setting, given when a notice is printed and remembered for the next. Functions take the
register as their first argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _
from ..store import DESKTOP, open_to_all, reads

if TYPE_CHECKING:
    from ..register import Register

_KEY = "kiosk_place"
LONGEST = 200


@reads(Read.PUBLIC)
def kiosk_place(register: Register) -> str:
    """The kiosk's place as last given, or "" (then no notice names a kiosk)."""
    return register.setting(_KEY) or ""


@open_to_all("an unchanged place is no change; a new one needs MANAGE, asked inside")
def set_kiosk_place(register: Register, place: str, actor: str = DESKTOP) -> None:
    """Keep the kiosk's place: one transaction with its audit entry; "" says there is none."""
    place = " ".join(place.split())
    if len(place) > LONGEST:
        raise UserError(_("Say where the kiosk is in at most {n} characters.").format(n=LONGEST))
    if place == kiosk_place(register):
        return
    register.require(Permission.MANAGE)
    with register.write():
        register.set_setting(_KEY, place)
        register.event(actor, "kiosk_place_set", None, {"place": place})
