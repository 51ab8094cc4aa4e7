"""Who may do what (issue 3, item 1): roles, permissions and PINs, checked in the core.

Steering-group members (chair, secretary, member) decide; the cash manager redeems
vouchers (a member may do so on their behalf, recorded as such); the kiosk in the community
centre only adds applications and votes. PINs are kept as scrypt hashes, never in clear.
Whoever runs the command line holds the file itself and is recorded as "command line".
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from ..i18n import _

STEERING_GROUP = ("chair", "secretary", "member")
MANAGERS = ("chair", "secretary")  # who manage the people, budgets and rules
ROLES = (*STEERING_GROUP, "cash_manager", "kiosk")
MAX_FAILURES = 5  # wrong PINs in a row before a lock-out
LOCK_MINUTES = 15
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


class Permission(enum.StrEnum):
    REGISTER = "register"  # add applications and their files
    EDIT = "edit"
    DELETE = "delete"
    DECIDE = "decide"  # Art. 5: only the steering group
    REDEEM = "redeem"  # Art. 9: the cash manager
    REDEEM_FOR = "redeem_for"  # a member acting for the cash manager, recorded as such
    VOTE = "vote"
    MANAGE = "manage"  # municipality, budgets, people, ordinance, retention
    PERSONAL_DATA = "personal_data"  # see and export residents' personal data

    @property
    def label(self) -> str:
        """What this permission allows, in words (in a refusal's message)."""
        return {Permission.REGISTER: _("register applications"),
                Permission.EDIT: _("change applications"),
                Permission.DELETE: _("delete applications"),
                Permission.DECIDE: _("decide and issue vouchers"),
                Permission.REDEEM: _("redeem vouchers"),
                Permission.REDEEM_FOR: _("redeem vouchers for the cash manager"),
                Permission.VOTE: _("vote"), Permission.MANAGE: _("manage the register"),
                Permission.PERSONAL_DATA: _("see residents' personal data")}[self]


_MEMBER = {Permission.REGISTER, Permission.EDIT, Permission.DECIDE, Permission.REDEEM_FOR,
           Permission.PERSONAL_DATA}
GRANTS: dict[str, frozenset[Permission]] = {
    "chair": frozenset(_MEMBER | {Permission.DELETE, Permission.MANAGE}),
    "secretary": frozenset(_MEMBER | {Permission.DELETE, Permission.MANAGE}),
    "member": frozenset(_MEMBER),
    "cash_manager": frozenset({Permission.REDEEM, Permission.PERSONAL_DATA}),
    "kiosk": frozenset({Permission.REGISTER, Permission.VOTE}),
}


class Read(enum.StrEnum):
    """What a role may read: each of the register's records is one of these."""

    PUBLIC = "public"  # the scheme, granted initiatives, open consultations (Art. 7)
    APPLICATIONS = "applications"  # the register's rows: number, title, status, amounts
    PERSONAL_DATA = "personal_data"  # applicants' names, addresses, phones, scans
    CHECK = "check"  # the guided check's saved answers, requests to complete
    DECISIONS = "decisions"  # decisions with their reasons and members (Art. 5, 6)
    VOUCHERS = "vouchers"  # vouchers and their holders (Art. 1a, 5)
    PAYMENTS = "payments"  # payments from vouchers, payees (Art. 9)
    BUDGETS = "budgets"  # budgets, the ceiling and what is left of it (Art. 2)
    PEOPLE = "people"  # the group's people and roles
    AUDIT = "audit"  # the audit trail

    @property
    def label(self) -> str:
        """The record, in words (in a refusal's message)."""
        return {Read.PUBLIC: _("what is public"), Read.APPLICATIONS: _("the applications"),
                Read.PERSONAL_DATA: _("residents' personal data"),
                Read.CHECK: _("the check's answers"), Read.DECISIONS: _("the decisions"),
                Read.VOUCHERS: _("the vouchers"), Read.PAYMENTS: _("the payments"),
                Read.BUDGETS: _("the budgets"), Read.PEOPLE: _("the people and their roles"),
                Read.AUDIT: _("the audit trail")}[self]


_EVERYTHING = frozenset(Read)
# What each role may read; a test checks every cell. Whoever holds the file (role None)
# reads everything; nobody signed in reads nothing.
READS: dict[str, frozenset[Read]] = {
    "chair": _EVERYTHING,
    "secretary": _EVERYTHING,
    "member": _EVERYTHING,
    "cash_manager": frozenset({Read.PUBLIC, Read.APPLICATIONS, Read.PERSONAL_DATA,
                               Read.DECISIONS, Read.VOUCHERS, Read.PAYMENTS, Read.BUDGETS}),
    "kiosk": frozenset({Read.PUBLIC}),
    "nobody": frozenset(),
}


class Session(NamedTuple):
    """Who is acting. ``role`` None: whoever holds the file (the command line, or the app
    on a register without PINs), who may do everything."""

    name: str
    role: str | None = None
    person_id: int | None = None

    def may(self, permission: Permission) -> bool:
        return self.role is None or permission in GRANTS.get(self.role, frozenset())

    def may_read(self, record: Read) -> bool:
        return self.role is None or record in READS.get(self.role, frozenset())

    @property
    def receipt_is_now(self) -> bool:
        """Whether what this person hands in is received at the clock's moment (Art. 4.4):
        so for whoever may not change applications, the kiosk; the others type the moment
        a form came in."""
        return not self.may(Permission.EDIT)


def role_label(role: str) -> str:
    """The role as a volunteer reads it."""
    return {"chair": _("chair"), "secretary": _("secretary"), "member": _("member"),
            "cash_manager": _("cash manager"), "kiosk": _("kiosk")}.get(role, role)


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of a PIN or passphrase, to keep instead of the PIN."""
    import hashlib
    import os

    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt${n}${r}${p}${salt}${digest}".format(salt=salt.hex(), digest=digest.hex(), **_SCRYPT)


def verify_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32,
                               n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)
