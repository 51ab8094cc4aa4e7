"""The register of initiatives: the one way in for the app and the command line.

A ``Register`` opens the file (regiegroep.store), knows who is signed in (regiegroep.access)
and hands each call to the room of the ordinance it belongs to:

    budgets.py       the municipality, neighbourhoods, budgets, ordinances, ceiling left  Art. 2, 6e
    people.py        members, PINs, sign-in and lock-out                               Art. 1g
    applications.py  register, change, delete, restore; order of receipt                  Art. 4
    completion.py    requests to complete, suspensions, the decision deadline  Art. 4.3; Awb 4:5
    deciding.py      recording decisions, the guided check's saved answers           Art. 5, 6
    vouchers.py      vouchers issued, voided and replaced, expired                 Art. 1a, 5
    payments.py      vouchers redeemed, payments refused                                Art. 9
    verifying.py     a voucher checked against the register                          Art. 9
    privacy.py       retention, anonymising, a person's data                              AVG
    attachments.py   scans and files
    search.py        the register view: filters, search, counts, pages
    consultations.py neighbourhood consultations: plan, codes, votes    Art. 1i, 5.3-5.5

Each room's functions take the register as their first argument and are its methods here,
so every action is one transaction with its audit entry (``Store._write``), and what the
person signed in may do is asked in one place (``_require``). A room is imported when one of
its methods is first used: showing the register's first rows needs only a few of them.
"""

from __future__ import annotations

import os
import sqlite3

from . import store
from .access import Permission, Read, Session
from .errors import UserError
from .i18n import _

# The names other modules know from here, wherever they live now.
from .applications import PERSONAL, PERSONAL_FIELDS, diff, validate, value_problems  # noqa: F401
from .attachments import ATTACHMENT_KINDS, Attachment  # noqa: F401
from .budgets import Budget, Municipality, Wijk  # noqa: F401
from .people import Member  # noqa: F401
from .search import BROAD_SEARCH, SORT_KEYS, Filter, Search  # noqa: F401
from .store import COMMAND_LINE, DESKTOP, Event, fold, now  # noqa: F401

# json, sqlite-utils and the rules' modules are imported where used: opening a register and
# reading its first rows needs none of them (benchmarks/startup.py).


class _Room:
    """A method of Register that is its room's function of the same name (or a constant of
    the room), the room imported on first use; from then on it is a plain method, as fast as
    one written here."""

    def __init__(self, room: str):
        self.room = room

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, register, owner: type | None = None):
        from importlib import import_module

        found = getattr(import_module(f"{__package__}.{self.room}"), self.name)
        setattr(owner or type(register), self.name, found)
        return found if register is None or not callable(found) else found.__get__(register, owner)


class Register(store.Store):
    """One register file and everything a steering group does with it."""

    def __init__(self, conn: sqlite3.Connection, path: str | os.PathLike | None = None):
        super().__init__(conn, path)
        # The last text-match count, keyed by the search and the register's state: typing
        # asks for it for the count and again for the first page.
        self._matches_cache: tuple = (None, 0)
        self._suspended_cache: tuple = (None, {})
        self._ordinances: dict = {}  # (wijk_id, year) -> Ordinance, read once
        # Who acts: whoever holds the file until someone signs in (see regiegroep.access).
        self.session = Session(DESKTOP)

    @classmethod
    def open(cls, path: str | os.PathLike | None, *, create: bool = True,
             check: bool = True) -> "Register":
        return cls(store.open_connection(path, create=create, check=check), path)

    def _require(self, permission: Permission) -> None:
        if not self.session.may(permission):
            raise UserError(_("{name} may not do this here ({permission}); ask a member of the "
                              "steering group.").format(name=self.session.name or _("Nobody"),
                                                         permission=permission.value))

    def require_read(self, record: Read) -> None:
        """Refuse a read the person signed in may not do (access.READS): every read of the
        core asks this first, so a hidden screen is never the only guard."""
        if not self.session.may_read(record):
            raise UserError(_("{name} may not see this here ({record}); ask a member of the "
                              "steering group.").format(name=self.session.name or _("Nobody"),
                                                         record=record.value))

    def _who(self, actor: str) -> str:
        """Who the record names: the person signed in, else the given source."""
        return self.session.name if self.session.role else actor

    def _event(self, actor: str, action: str, application_id: int | None, details: dict) -> None:
        """Record a change in the audit trail, inside the change's own transaction."""
        import json

        self._audit([(now(), self._who(actor), action, application_id,
                      json.dumps(details, default=str))])

    # ----------------------------------------------------------- set-up (Art. 2, 6e, 10)
    municipality = _Room("budgets")
    set_municipality = _Room("budgets")
    wijken = _Room("budgets")
    wijk_by_name = _Room("budgets")
    add_wijk = _Room("budgets")
    set_budget = _Room("budgets")
    add_ordinance = _Room("budgets")
    add_own_ordinance = _Room("budgets")
    ordinance_for = _Room("budgets")
    year_ordinance = _Room("budgets")
    ordinance_by_id = _Room("budgets")
    decided_under_other = _Room("budgets")
    granted_from = _Room("budgets")
    years = _Room("budgets")
    ceiling_left = _Room("budgets")
    set_up = _Room("budgets")
    is_set_up = _Room("budgets")
    budgets = _Room("budgets")

    # ------------------------------------------------------ people, signing in (Art. 1g)
    add_member = _Room("people")
    members = _Room("people")
    sign_in_names = _Room("people")
    requires_sign_in = _Room("people")
    set_pin = _Room("people")
    has_pin = _Room("people")
    remove_person = _Room("people")
    sign_in = _Room("people")
    sign_out = _Room("people")
    mark_as_example = _Room("people")
    is_example = _Room("people")
    example_people = _Room("people")
    kiosk_places = _Room("people")
    published_grants = _Room("publication")
    people = _Room("people")

    # ------------------------------------------------------------- applications (Art. 4)
    register_application = _Room("applications")
    register_applications = _Room("applications")
    application = _Room("applications")
    application_by_sequence = _Room("applications")
    is_deleted = _Room("applications")
    update_application = _Room("applications")
    delete_application = _Room("applications")
    restore_application = _Room("applications")
    waiting_before = _Room("applications")

    # ----------------------------------------------- completion requests (Art. 4.3, Awb 4:5)
    request_completion = _Room("completion")
    completion_requests = _Room("completion")
    all_suspensions = _Room("completion")
    suspensions = _Room("completion")
    decision_deadline = _Room("completion")

    # ------------------------------------------------------------- decisions (Art. 5, 6)
    decisions = _Room("deciding")
    latest_decisions = _Room("deciding")
    latest_decision = _Room("deciding")
    decide = _Room("deciding")
    decide_many = _Room("deciding")
    check_answers = _Room("deciding")
    save_check_answers = _Room("deciding")

    # ---------------------------------------------------- vouchers redeemed (Art. 9)
    redeem = _Room("payments")
    redeem_many = _Room("payments")
    paid_per_decision = _Room("payments")
    vouchers = _Room("payments")
    payments = _Room("payments")
    refuse_payment = _Room("payments")
    refusals = _Room("payments")
    cash_warning = _Room("payments")
    cash_cap = _Room("payments")
    set_cash_cap = _Room("payments")

    # ------------------------------------------- vouchers issued, voided, expired (Art. 5)
    issue_vouchers = _Room("vouchers")
    issue_many = _Room("vouchers")
    issued_vouchers = _Room("vouchers")
    all_vouchers = _Room("vouchers")
    voucher_by_serial = _Room("vouchers")
    void_voucher = _Room("vouchers")
    due_to_expire = _Room("vouchers")
    expire_vouchers = _Room("vouchers")
    voucher_code = _Room("vouchers")
    voucher_totals = _Room("vouchers")
    export_key = _Room("vouchers")
    print_vouchers = _Room("vouchers")
    check_voucher = _Room("verifying")
    find_voucher = _Room("voucher_lookup")
    to_do = _Room("todo")
    serial_in = _Room("voucher_lookup")

    # --------------------------------------- neighbourhood consultations (Art. 1i, 5.3-5.5)
    consultations = _Room("consultations")
    consultation = _Room("consultations")
    cast_vote = _Room("consultations")

    # ------------------------------------------------------------- privacy (AVG/GDPR)
    CLOSED = _Room("privacy")
    retention_months = _Room("privacy")
    set_retention_months = _Room("privacy")
    due_for_anonymising = _Room("privacy")
    anonymise = _Room("privacy")
    person_data = _Room("privacy")

    # -------------------------------------------------------------------- attachments
    add_attachment = _Room("attachments")
    attachment_data = _Room("attachments")
    attachments = _Room("attachments")

    # ------------------------------------------------------------------ the register view
    BROAD_SEARCH = BROAD_SEARCH  # search.py; a test may lower it on one register
    deadline_counts = _Room("search")
    count = _Room("search")
    count_at_most = _Room("search")
    applications = _Room("search")
    iter_applications = _Room("search")

    _column_cache: list[str] | None = None  # applications.columns
