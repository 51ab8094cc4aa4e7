"""How applicants reach the steering group: its postal address, phone and e-mail.

Every letter names them in its head and where it asks the applicant to contact the group or
to send or bring something (Art. 4.3, and the objection clause of Awb 3:45 names the
college's own address beside them). Set by the chair or the secretary after the first set-up.
Functions take the register as their first argument.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..trust.access import Permission, Read
from ..errors import UserError
from ..i18n import _
from ..store import DESKTOP, reads, requires

if TYPE_CHECKING:
    from ..register import Register

_FIELDS = ("address", "postcode", "town", "phone", "email")


@dataclasses.dataclass(frozen=True)
class GroupContact:
    address: str = ""
    postcode: str = ""
    town: str = ""
    phone: str = ""
    email: str = ""

    @property
    def postal(self) -> str:
        """The postal address on one line: "Street 1, 1506 MZ Zaandam"."""
        place = " ".join(x for x in (self.postcode, self.town) if x)
        return ", ".join(x for x in (self.address, place) if x)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in _FIELDS)

    def reach(self, comma: str = ", ", number=str) -> str:
        """How to reach the group, as a letter says it: address, phone, e-mail; the parts
        joined with ``comma``, the phone number as ``number`` writes it (a right-to-left
        document keeps it one run: regiegroep.documents.shaping.reach)."""
        parts = [self.postal]
        if self.phone:
            parts.append(_("phone {phone}").format(phone=number(self.phone)))
        if self.email:
            parts.append(_("e-mail {email}").format(email=self.email))
        return comma.join(p for p in parts if p)


@reads(Read.PUBLIC)
def group_contact(register: Register) -> GroupContact:
    """The steering group's contact details; empty ones while none were entered."""
    row = register.conn.execute(f"SELECT {', '.join(_FIELDS)} FROM group_contact").fetchone()
    return GroupContact(*row) if row else GroupContact()


@requires(Permission.MANAGE)
def set_group_contact(register: Register, contact: GroupContact, actor: str = DESKTOP) -> None:
    """Keep the group's contact details: one transaction, on record in the audit trail. A
    letter must say how to reach the group, so an address, phone or e-mail is needed."""
    contact = GroupContact(*(getattr(contact, f).strip() for f in _FIELDS))
    if contact.email and ("@" not in contact.email or " " in contact.email):
        raise UserError(_("“{email}” is not an e-mail address.").format(email=contact.email))
    if not (contact.address or contact.phone or contact.email):
        raise UserError(_("Give at least an address, a phone number or an e-mail address: "
                          "letters tell applicants how to reach the steering group."))
    with register.write():
        register.conn.execute(
            f"INSERT INTO group_contact (id, {', '.join(_FIELDS)}) VALUES (1, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{f} = excluded.{f}" for f in _FIELDS),
            [getattr(contact, f) for f in _FIELDS])
        register.event(actor, "group_contact_set", None, dataclasses.asdict(contact))
