"""The register of initiatives: the one way in for the app and the command line.

A ``Register`` opens the file (regiegroep.store), knows who is signed in (regiegroep.trust.access)
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
        self.matches_cache: tuple = (None, 0)
        self.suspended_cache: tuple = (None, {})
        self.ordinance_cache: dict = {}  # (wijk_id, year) -> Ordinance, read once

    @classmethod
    def open(cls, path: str | os.PathLike | None, *, create: bool = True,
             check: bool = True) -> "Register":
        return cls(store.open_connection(path, create=create, check=check), path)

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
    add_member = _Room("trust.people")
    members = _Room("trust.people")
    sign_in_names = _Room("trust.people")
    requires_sign_in = _Room("trust.people")
    set_pin = _Room("trust.people")
    has_pin = _Room("trust.people")
    remove_person = _Room("trust.people")
    sign_in = _Room("trust.people")
    sign_out = _Room("trust.people")
    mark_as_example = _Room("trust.people")
    is_example = _Room("trust.people")
    example_people = _Room("trust.people")
    kiosk_places = _Room("trust.people")
    published_grants = _Room("reports.publication")
    people = _Room("trust.people")

    # ------------------------------------------------------------- applications (Art. 4)
    register_application = _Room("applications")
    register_applications = _Room("applications")
    application = _Room("applications")
    application_by_sequence = _Room("applications")
    is_deleted = _Room("applications")
    update_application = _Room("applications")
    delete_application = _Room("applications")
    restore_application = _Room("applications")
    forget_applicant = _Room("applications")
    follow_decisions = _Room("applications")
    waiting_before = _Room("applications")

    # ----------------------------------------------- completion requests (Art. 4.3, Awb 4:5)
    request_completion = _Room("applications.completion")
    completion_requests = _Room("applications.completion")
    all_suspensions = _Room("applications.completion")
    suspensions = _Room("applications.completion")
    decision_deadline = _Room("applications.completion")

    # ------------------------------------------------------------- decisions (Art. 5, 6)
    decisions = _Room("deciding")
    latest_decisions = _Room("deciding")
    latest_decision = _Room("deciding")
    decide = _Room("deciding")
    decide_many = _Room("deciding")
    check_answers = _Room("deciding")
    forget_objectors = _Room("deciding.objections")
    objections = _Room("deciding.objections")
    objections_by = _Room("deciding.objections")
    save_check_answers = _Room("deciding")

    # ---------------------------------------------------- vouchers redeemed (Art. 9)
    redeem = _Room("vouchers.payments")
    check_redeem = _Room("vouchers.payments")
    redeem_many = _Room("vouchers.payments")
    paid_per_decision = _Room("vouchers.payments")
    vouchers = _Room("vouchers.payments")
    payments = _Room("vouchers.payments")
    refuse_payment = _Room("vouchers.payments")
    refusals = _Room("vouchers.payments")
    cash_warning = _Room("vouchers.payments")
    cash_cap = _Room("vouchers.payments")
    set_cash_cap = _Room("vouchers.payments")

    # ------------------------------------------- vouchers issued, voided, expired (Art. 5)
    issue_vouchers = _Room("vouchers.issuing")
    issue_many = _Room("vouchers.issuing")
    after_corrections = _Room("vouchers.issuing")
    forget_holders = _Room("vouchers.issuing")
    issued_vouchers = _Room("vouchers.issuing")
    all_vouchers = _Room("vouchers.issuing")
    voucher_by_serial = _Room("vouchers.issuing")
    void_voucher = _Room("vouchers.issuing")
    due_to_expire = _Room("vouchers.issuing")
    expire_vouchers = _Room("vouchers.issuing")
    voucher_code = _Room("vouchers.issuing")
    voucher_totals = _Room("vouchers.issuing")
    export_key = _Room("vouchers.issuing")
    print_vouchers = _Room("vouchers.voucher_prints")
    check_voucher = _Room("vouchers.verifying")
    find_voucher = _Room("vouchers.voucher_lookup")
    serial_in = _Room("vouchers.voucher_lookup")
    to_do = _Room("todo")

    # --------------------------------------- neighbourhood consultations (Art. 1i, 5.3-5.5)
    consultations = _Room("consultations")
    consultation = _Room("consultations")
    cast_vote = _Room("consultations")

    # ------------------------------------------------------------- privacy (AVG/GDPR)
    CLOSED = _Room("trust.privacy")
    retention_months = _Room("trust.privacy")
    set_retention_months = _Room("trust.privacy")
    due_for_anonymising = _Room("trust.privacy")
    anonymise = _Room("trust.privacy")
    person_data = _Room("trust.privacy")

    # -------------------------------------------------------------------- attachments
    add_attachment = _Room("applications.attachments")
    attachment_data = _Room("applications.attachments")
    attachments = _Room("applications.attachments")

    # ------------------------------------------------------------------ the register view
    BROAD_SEARCH = _Room("applications.search")  # a test may lower it on one register
    deadline_counts = _Room("applications.search")
    count = _Room("applications.search")
    count_at_most = _Room("applications.search")
    applications = _Room("applications.search")
    iter_applications = _Room("applications.search")
    erase_deleted_text = _Room("applications.search")

    column_cache: list[str] | None = None  # applications.columns
