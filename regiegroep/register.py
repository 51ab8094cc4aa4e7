"""The register of initiatives: the one way in for the app and the command line.

A ``Register`` opens the file (regiegroep.store), knows who is signed in (regiegroep.access)
and hands each call to the room of the ordinance it belongs to:

    budgets.py       the municipality, neighbourhoods, budgets, ordinances, ceiling left  Art. 2, 6e
    people.py        members, PINs, sign-in and lock-out                               Art. 1g
    applications.py  register, change, delete, restore; order of receipt                  Art. 4
    completion.py    requests to complete, suspensions, the decision deadline  Art. 4.3; Awb 4:5
    deciding.py      recording decisions, the guided check's saved answers           Art. 5, 6
    payments.py      vouchers redeemed                                                  Art. 9
    privacy.py       retention, anonymising, a person's data                              AVG
    attachments.py   scans and files
    search.py        the register view: filters, search, counts, pages

Each room's functions take the register as their first argument and are its methods here,
so every action is one transaction with its audit entry (``Store._write``), and what the
person signed in may do is asked in one place (``_require``). (A method named like its room,
``budgets = budgets.budgets``, comes last in its group: from there on the name is the method.)
"""

from __future__ import annotations

import os
import sqlite3

from . import applications, attachments, budgets, completion, deciding, payments, people
from . import privacy, search, store
from .access import Permission, Session
from .errors import UserError
from .i18n import _

# The names other modules know from here, wherever they live now.
from .applications import PERSONAL, PERSONAL_FIELDS, diff, validate, value_problems  # noqa: F401
from .attachments import ATTACHMENT_KINDS, Attachment  # noqa: F401
from .budgets import Budget, Municipality, Wijk  # noqa: F401
from .people import Member  # noqa: F401
from .search import SORT_KEYS, Filter, Search  # noqa: F401
from .store import COMMAND_LINE, DESKTOP, Event, fold, now  # noqa: F401

# json, sqlite-utils and the rules' modules are imported where used: opening a register and
# reading its first rows needs none of them (benchmarks/startup.py).


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

    def _who(self, actor: str) -> str:
        """Who the record names: the person signed in, else the given source."""
        return self.session.name if self.session.role else actor

    def _event(self, actor: str, action: str, application_id: int | None, details: dict) -> None:
        """Record a change in the audit trail, inside the change's own transaction."""
        import json

        self._audit([(now(), self._who(actor), action, application_id,
                      json.dumps(details, default=str))])

    # ----------------------------------------------------------- set-up (Art. 2, 6e, 10)
    municipality = budgets.municipality
    set_municipality = budgets.set_municipality
    wijken = budgets.wijken
    wijk_by_name = budgets.wijk_by_name
    add_wijk = budgets.add_wijk
    set_budget = budgets.set_budget
    add_ordinance = budgets.add_ordinance
    ordinance_for = budgets.ordinance_for
    years = budgets.years
    ceiling_left = budgets.ceiling_left
    set_up = budgets.set_up
    is_set_up = budgets.is_set_up
    budgets = budgets.budgets

    # ------------------------------------------------------ people, signing in (Art. 1g)
    add_member = people.add_member
    members = people.members
    sign_in_names = people.sign_in_names
    requires_sign_in = people.requires_sign_in
    set_pin = people.set_pin
    has_pin = people.has_pin
    remove_person = people.remove_person
    sign_in = people.sign_in
    sign_out = people.sign_out
    mark_as_example = people.mark_as_example
    is_example = people.is_example
    people = people.people

    # ------------------------------------------------------------- applications (Art. 4)
    register_application = applications.register_application
    register_applications = applications.register_applications
    application = applications.application
    application_by_sequence = applications.application_by_sequence
    is_deleted = applications.is_deleted
    update_application = applications.update_application
    delete_application = applications.delete_application
    restore_application = applications.restore_application
    waiting_before = applications.waiting_before

    # ----------------------------------------------- completion requests (Art. 4.3, Awb 4:5)
    request_completion = completion.request_completion
    completion_requests = completion.completion_requests
    all_suspensions = completion.all_suspensions
    suspensions = completion.suspensions
    decision_deadline = completion.decision_deadline

    # ------------------------------------------------------------- decisions (Art. 5, 6)
    decisions = deciding.decisions
    latest_decisions = deciding.latest_decisions
    latest_decision = deciding.latest_decision
    decide = deciding.decide
    decide_many = deciding.decide_many
    check_answers = deciding.check_answers
    save_check_answers = deciding.save_check_answers

    # ---------------------------------------------------- vouchers redeemed (Art. 9)
    redeem = payments.redeem
    redeem_many = payments.redeem_many
    paid_per_decision = payments.paid_per_decision
    vouchers = payments.vouchers
    payments = payments.payments

    # ------------------------------------------------------------- privacy (AVG/GDPR)
    CLOSED = privacy.CLOSED
    retention_months = privacy.retention_months
    set_retention_months = privacy.set_retention_months
    due_for_anonymising = privacy.due_for_anonymising
    anonymise = privacy.anonymise
    person_data = privacy.person_data

    # -------------------------------------------------------------------- attachments
    add_attachment = attachments.add_attachment
    attachment_data = attachments.attachment_data
    attachments = attachments.attachments

    # ------------------------------------------------------------------ the register view
    BROAD_SEARCH = search.BROAD_SEARCH  # a test may lower it on one register
    deadline_counts = search.deadline_counts
    count = search.count
    count_at_most = search.count_at_most
    applications = search.applications
    iter_applications = search.iter_applications

    _column_cache: list[str] | None = None  # applications.columns
