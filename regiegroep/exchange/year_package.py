"""The signed year package: a budget year's accounts for the municipality's hub (Art. 2, 5,
6, 9; issue 26).

Beside its year report a group writes one file the municipality reads back by machine:
every application of the year as the report's rows (``regiegroep.accounts``: the very rows
the PDF, CSVs and workbook count), the budgets, the consultations (initiatives, turnout per
channel, outcome), the ordinance in force, the register's id and its key's fingerprint,
and no personal data at all: no names, addresses, titles or descriptions, only numbers,
codes, amounts and dates.

The file is UTF-8 text of three parts::

    REGIEGROEP-YEAR-PACKAGE 1 <fingerprint, 32 hex digits>\\n
    <the package as one line of JSON>\\n
    signature <base64 Ed25519 signature>\\n

The signature (by the register's own key, regiegroep.signing) covers every byte before the
word ``signature``: a package changed in any byte, or signed by another key, is refused.
Amounts are whole cents; dates ISO 8601. ``read_package`` checks the signature before it
reads a single field.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from decimal import Decimal

from ..errors import UserError
from ..i18n import _
from ..store import reads
from ..trust.access import Read

MAGIC = b"REGIEGROEP-YEAR-PACKAGE 1 "
_SIGNATURE = b"signature "
FORMAT = "regiegroep-year-package"
VERSION = 1

# The application rows' columns, in order; amounts in cents, dates ISO, booleans 0/1,
# nothing unknown as null.
COLUMNS = ("sequence", "wijk", "received_on", "theme", "route", "status", "decision",
           "asked_cents", "granted_cents", "refusal_grounds", "decided_on", "deadline",
           "within_term", "days_late", "referred", "vouchers", "issued_cents", "redeemed_cents",
           "cash_cents", "outstanding_cents", "expired_cents", "returned_cents",
           "completion_requests", "suspended_days")


class PackageError(UserError):
    """A file that is not a sound signed year package; ``reason`` says why: "format",
    "signature" (changed, or not signed by the key it names)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def package_row(r) -> list:
    """One application as the package carries it: the report's row (accounts.Row) without
    its title, codes instead of labels."""
    within = r.within_term
    return [r.sequence, r.wijk, r.received_at.date().isoformat(),
            r.theme.value if r.theme else None, r.route, r.status.value,
            r.decision.value if r.decision else None, _cents(r.asked), _cents(r.granted),
            "".join(r.refusal_grounds), _iso(r.decided_on), r.deadline.isoformat(),
            None if within is None else int(within), r.days_late, int(r.referred), r.vouchers,
            _cents(r.issued), _cents(r.paid), _cents(r.cash_paid), _cents(r.outstanding),
            _cents(r.expired), _cents(r.returned), r.completion_requests, r.suspended_days]


@reads(Read.BUDGETS)
def register_id(register) -> str:
    """The register's id, the same for as long as the register lives: made of the hash of
    its first audit entry and the id of its first key (random, made with the register), so
    two registers made in the same second with the same first entry still differ."""
    first = register.conn.execute("SELECT hash FROM event ORDER BY id LIMIT 1").fetchone()
    key = register.conn.execute("SELECT kid FROM signing_key ORDER BY created_at, rowid "
                                "LIMIT 1").fetchone()
    if first is None or key is None:
        raise UserError(_("This register has no record yet; it cannot hand in a package."))
    return hashlib.sha256(f"{first[0]}:{key[0]}".encode("ascii")).hexdigest()[:32]


def _ordinance(register, ordinance) -> dict:
    row = register.conn.execute("SELECT rules FROM ordinance WHERE id = ?",
                                [ordinance.id]).fetchone()
    if row is not None:
        text = row[0]
    else:
        from ..rules import resources_dir

        text = (resources_dir() / "ordinances" / "model-2008.toml").read_text(encoding="utf-8")
    return {"id": ordinance.id, "title": ordinance.title,
            "max_voucher_cents": _cents(ordinance.max_voucher_value),
            "consultation_threshold_cents": _cents(ordinance.consultation_threshold),
            "max_cost_reservation_percent": ordinance.max_cost_reservation_percent,
            "cash_limit_cents": _cents(ordinance.cash_limit_per_redemption),
            "decision_term_weeks": ordinance.decision_term_weeks,
            "terms_extend_over_holidays": ordinance.terms_extend_over_holidays,
            "last_issue_date": _iso(ordinance.last_issue_date),
            "last_completion_date": _iso(ordinance.last_completion_date),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text}


def _consultations(register, year: int, wijken: dict[int, str]) -> list[dict]:
    from ..consultations.consultation_results import count
    from ..consultations import consultations

    found = []
    for c in consultations(register):
        if c.starts_on.year != year or c.status == "cancelled":
            continue
        figures = count(register, c.id)
        found.append({
            "wijk": wijken.get(c.wijk_id, ""), "title": c.title, "form": c.form,
            "starts_on": _iso(c.starts_on), "ends_on": _iso(c.ends_on), "status": c.status,
            "rule": c.rule, "codes_issued": figures["issued"], "codes_used": figures["used"],
            "turnout_percent": figures["turnout_percent"],
            "initiatives": [{"sequence": it["sequence"],
                             "cost_cents": _cents(Decimal(it["cost"])),
                             "for": it["for"], "against": it["against"],
                             "votes": it["votes"], "outcome": it["outcome"]}
                            for it in figures["items"]]})
    return found


@reads(Read.BUDGETS, Read.APPLICATIONS)
def build_package(register, year: int, today: dt.date | None = None) -> dict:
    """The package of ``year`` as a dict: from the same rows as the year report."""
    from ..reports.accounts import accounts
    from ..vouchers.issuing import key_fingerprint

    acc = accounts(register, year, today=today)
    municipality = register.municipality()
    wijken = {w.id: w.name for w in register.wijken()}
    budgets, ordinances = [], {}
    for b in register.budgets():
        if b.year != year:
            continue
        ordinance = register.ordinance_for(b.wijk_id, year)
        ordinances.setdefault(ordinance.id, _ordinance(register, ordinance))
        budgets.append({"wijk": b.wijk, "amount_cents": _cents(b.amount),
                        "cost_reservation_cents": _cents(b.cost_reservation),
                        "ceiling_cents": _cents(b.ceiling), "ordinance": ordinance.id})
    if not budgets:  # no budget recorded: the ordinance of the year (the model's)
        ordinance = register.year_ordinance(year)
        ordinances[ordinance.id] = _ordinance(register, ordinance)
    return {
        "format": FORMAT, "version": VERSION,
        "register": {"id": register_id(register), "fingerprint": key_fingerprint(register),
                     "municipality": municipality.name if municipality else "",
                     "group": (getattr(municipality, "steering_group_name", "") or "")
                     if municipality else ""},
        "year": year, "as_of": acc.as_of.isoformat(),
        "made_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
        "budgets": budgets, "ordinances": list(ordinances.values()),
        "applications": {"columns": list(COLUMNS),
                         "rows": [package_row(r) for r in acc.rows]},
        "consultations": _consultations(register, year, wijken),
    }


def _compact_fingerprint(fingerprint: str) -> str:
    return fingerprint.replace(" ", "")


def package_body(fingerprint: str, package: dict) -> bytes:
    """What is signed: the header naming the key, and the package's JSON."""
    head = MAGIC + _compact_fingerprint(fingerprint).encode("ascii") + b"\n"
    return head + json.dumps(package, ensure_ascii=False, separators=(",", ":"),
                             sort_keys=True).encode("utf-8") + b"\n"


def signed_file(body: bytes, signature: bytes) -> bytes:
    """The package's file: its body, then the signature."""
    return body + _SIGNATURE + base64.b64encode(signature) + b"\n"


def sign_package(private_key, package: dict) -> bytes:
    """The package's file signed with ``private_key`` (another group's example, a test)."""
    from ..vouchers import signing

    body = package_body(signing.fingerprint(private_key), package)
    return signed_file(body, signing.sign_document(private_key, body))


@reads(Read.BUDGETS, Read.APPLICATIONS)
def write_package(register, year: int, out, today: dt.date | None = None) -> tuple[str, int]:
    """Write the signed package of ``year`` to ``out`` (whole or not at all), signed by the
    register (which keeps its key); returns the key's fingerprint and the number of
    applications in it."""
    from ..files import write_whole
    from ..vouchers.issuing import key_fingerprint, sign_document

    fingerprint = key_fingerprint(register)
    package = build_package(register, year, today)
    body = package_body(fingerprint, package)
    data = signed_file(body, sign_document(register, body))
    with write_whole(out, "wb") as fp:
        fp.write(data)
    return fingerprint, len(package["applications"]["rows"])


def split(data: bytes) -> tuple[str, bytes, bytes]:
    """The fingerprint the header names, the signed bytes and the signature; PackageError
    ("format") when the file is not shaped as a package."""
    refused = PackageError("format", _("This is not a signed year package of a steering "
                                       "group, or it is damaged."))
    if not data.startswith(MAGIC) or not data.endswith(b"\n"):
        raise refused
    at = data.rfind(b"\n" + _SIGNATURE)
    first = data.find(b"\n")
    if at < 0 or first >= at:
        raise refused
    signed, tail = data[:at + 1], data[at + 1 + len(_SIGNATURE):-1]
    fingerprint = data[len(MAGIC):first].decode("ascii", "replace")
    try:
        signature = base64.b64decode(tail, validate=True)
    except ValueError:
        raise refused from None
    if len(fingerprint) != 32 or len(signature) != 64:
        raise refused
    return " ".join(fingerprint[i:i + 4] for i in range(0, 32, 4)), signed, signature


def read_package(data: bytes, public_key) -> dict:
    """The package in ``data`` once its signature by ``public_key`` holds; PackageError
    otherwise. Nothing of it is read before the signature is checked."""
    from cryptography.exceptions import InvalidSignature

    from ..vouchers import signing

    fingerprint, signed, signature = split(data)
    if fingerprint != signing.fingerprint(public_key):
        raise PackageError("signature", _("The package is signed by another key than the one "
                                          "it names."))
    try:
        signing.verify_document(public_key, signed, signature)
    except InvalidSignature:
        raise PackageError("signature", _("The signature does not match: the package was "
                                          "changed after it was signed.")) from None
    try:
        package = json.loads(signed[signed.find(b"\n") + 1:].decode("utf-8"))
        if (package.get("format") != FORMAT or package.get("version") != VERSION
                or package["applications"]["columns"] != list(COLUMNS)
                or package["register"]["fingerprint"] != fingerprint):
            raise ValueError("not a package of this version")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PackageError("format", _("This is not a signed year package of a steering "
                                       "group, or it is damaged.")) from None
    return package
