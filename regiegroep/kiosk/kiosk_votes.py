"""Votes on a kiosk PC with a register of its own (set-up b): one code, one vote across every
channel, and nothing that ties a vote to its code (Art. 5.3-5.5; AVG).

At the group's laptop ``package_consultations`` gives the public package the consultations
whose digital voting is open now: what the kiosk shows (regiegroep.consultations.open_now),
the salt, and per code a slow hash of its salted hash with where it was used already. The
codes themselves are never stored anywhere, and the package never holds the fast salted
hashes the laptop keeps: the package lies on a community-centre PC, and with a fast hash
(an HMAC) a copied package would let a GPU guess codes of about 45 bits against all of them
at once. Each guess must now pay an scrypt (``slow_hash``), the same the kiosk pays once to
check a typed code. The slow hashes of one consultation share a package salt of their own,
derived from the consultation's salt (so a refreshed package has the same hashes and a code
used on the kiosk stays used), which a guess cannot skip either. ``load_codes`` (inside the load of the package) makes
or refreshes the kiosk register's copy: a refresh adds the codes used elsewhere since, and a
consultation no longer open disappears from the kiosk.

On the kiosk register ``cast_sealed`` checks the code (its check character, then its slow
hash against the loaded ones, with the laptop's own messages), marks it used and keeps the vote
only as a sealed ballot: the code as typed with the choices, padded to a fixed size and
encrypted at once to the group's public key (regiegroep.kiosk_packages.seal). The ballot
carries the code itself, not its hash: the hashes and the group's public key are in the
public package on the kiosk PC, so a ballot that only named a hash could be sealed by anyone
who copied that package, for every code not yet used. The kiosk
register never holds a readable vote. The used marks (table kiosk_code) and the ballots
(kiosk_ballot) have no rowid and no time: the marks stand in the order of their hashes, the
ballots in the order of a random key, so the order of the rows pairs nothing; and the
file's write-ahead log is emptied after each vote.

At the laptop ``count_ballots`` (inside the receive of a sealed package) opens each ballot in
memory and hashes its code with the consultation's salt: a code not yet used anywhere is
used (channel digital) and the vote stored without it (consultations.use_code,
store_ballot); a code already used in any channel, a consultation no longer running
(closed, or cancelled meanwhile) or with a locked result, is not counted, and said.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TYPE_CHECKING

from ..trust.access import Permission
from ..consultations import ALREADY_USED, Consultation, Item, hash_code, code_salt, store_ballot, use_code, check_choices, consultation, open_now, read_code, today
from ..errors import UserError
from ..i18n import _, format_datetime, ngettext
from ..store import DESKTOP, reads, requires
from ..trust.access import Read

if TYPE_CHECKING:
    from ..register import Register

DIGITAL_FORMS = ("digital", "combination")
PADDED = 256  # a sealed ballot's contents: the longest possible, rounded up to this many bytes
# Why a ballot of a package was not counted at the laptop.
USED, CLOSED, CANCELLED, UNKNOWN, INVALID = "used", "closed", "cancelled", "unknown", "invalid"
# The slow hash in the public package: 1 MiB of memory per hash. benchmarks/kiosk_prepare.py:
# prepare with 5,000 codes about 9 s on a busy two-core machine (twice the cost would pass
# 15 s there); the kiosk pays one per typed code, about 3 ms.
SCRYPT = {"n": 2 ** 10, "r": 8, "p": 1, "dklen": 32}
_PACKAGE_SALT = b"regiegroep kiosk package salt 1"


def package_salt(salt: str) -> str:
    """The salt of a consultation's slow hashes: random-looking, one-way from its salt, the
    same in every package (a kiosk's used marks survive a refresh)."""
    return hmac.new(bytes.fromhex(salt), _PACKAGE_SALT, hashlib.sha256).hexdigest()[:32]


def slow_hash(fast: str, salt: str, cost: dict | None = None) -> str:
    """The slow hash (scrypt) of a code's fast salted hash (consultations.hash_code)."""
    return hashlib.scrypt(bytes.fromhex(fast), salt=bytes.fromhex(salt),
                          maxmem=129 * 1024 * 1024, **(cost or SCRYPT)).hex()


# ------------------------------------------------------------ at the laptop: the package

def check_cost(cost: dict) -> None:
    """ValueError unless ``cost`` is an scrypt cost a kiosk can pay for each typed code."""
    if (set(cost) != set(SCRYPT) or not all(type(v) is int for v in cost.values())
            or cost["n"] not in [2 ** k for k in range(10, 16)] or not 1 <= cost["r"] <= 16
            or cost["p"] != 1 or cost["dklen"] != 32):
        raise ValueError("not an scrypt cost of a kiosk package")


@requires(Permission.DECIDE)
def package_consultations(register: Register,
                          progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """The consultations whose digital voting is open now, for a kiosk register: public data
    (as open_now shows it), the salt, the scrypt cost and package salt, and per code the slow
    hash of its salted hash with where it was used, in the order of the slow hashes.
    ``progress(done, total)`` is told now and then how many codes are hashed."""
    chosen = [c for c in open_now(register, upcoming=True) if c["form"] in DIGITAL_FORMS]
    rows = {c["id"]: register.conn.execute(
        "SELECT hash, used FROM voting_code WHERE consultation_id = ?", [c["id"]]).fetchall()
        for c in chosen}
    total, done, shown = sum(len(r) for r in rows.values()), 0, []
    # scrypt lets go of the interpreter while it works: one thread per core hashes at once.
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        for c in chosen:
            salt = code_salt(register, c["id"])
            kiosk_salt = package_salt(salt)
            codes = []
            for (_fast, used), slow in zip(rows[c["id"]], pool.map(
                    lambda row: slow_hash(row[0], kiosk_salt), rows[c["id"]])):
                codes.append([slow, used])
                done += 1
                if progress is not None and (done % 250 == 0 or done == total):
                    progress(done, total)
            shown.append({**c, "salt": salt, "scrypt": dict(SCRYPT), "codes": sorted(codes)})
    return shown


def _typed_hash(c: dict, code: str) -> str:
    """On the kiosk: the slow hash of a typed code, as the package holds it."""
    return slow_hash(hash_code(c["salt"], code), package_salt(c["salt"]), c.get("scrypt"))


# ---------------------------------------------------------------- on the kiosk register

@requires(Permission.MANAGE)
def load_codes(register: Register, consultations: list[dict]) -> list[dict]:
    """Inside the load's transaction: the kiosk's codes made or refreshed from the package;
    returns the consultations as the kiosk keeps them (without their codes). A code used on
    the kiosk stays used; one used elsewhere meanwhile becomes used."""
    kept, ids = [], []
    for c in consultations:
        c = dict(c)
        codes = c.pop("codes", [])
        ids.append(int(c["id"]))
        register.conn.executemany(
            "INSERT INTO kiosk_code (consultation_id, hash, used) VALUES (?, ?, ?) "
            "ON CONFLICT (consultation_id, hash) DO UPDATE SET "
            "used = coalesce(kiosk_code.used, excluded.used)",
            [(c["id"], digest, used) for digest, used in codes])
        kept.append(c)
    register.conn.execute(
        "DELETE FROM kiosk_code WHERE consultation_id NOT IN ({})".format(
            ",".join("?" * len(ids))), ids)
    return kept


def _in_period(c: dict) -> bool:
    """Whether today is within the loaded consultation's voting period (a package of an
    older release carries no dates: its consultations were open when it was made)."""
    day = today()
    starts, ends = c.get("starts_on"), c.get("ends_on")
    return not ((starts and day < dt.date.fromisoformat(starts))
                or (ends and day > dt.date.fromisoformat(ends)))


def shown(consultations: list[dict]) -> list[dict]:
    """The loaded consultations as the kiosk shows them: those whose voting period runs
    today, without their salt."""
    return [{k: v for k, v in c.items() if k not in ("salt", "scrypt", "codes")}
            for c in consultations if _in_period(c)]


def _loaded(register: Register, consultation_id) -> tuple[dict, bytes]:
    import base64

    row = register.conn.execute("SELECT package FROM kiosk_public WHERE id = 1").fetchone()
    package = json.loads(row[0])
    for c in package.get("consultations") or []:
        if str(c["id"]) == str(consultation_id) and _in_period(c):
            return c, base64.b64decode(package["recipient"])
    raise UserError(_("Voting is not open in this consultation ({status}).").format(
        status=_("voting closed")))


def _as_consultation(c: dict) -> Consultation:
    """The loaded consultation as the core's own checks take it (check_choices)."""
    items = tuple(Item(int(i["id"]), 0, i["title"], Decimal(i["amount"]), "", None)
                  for i in c["initiatives"])
    return Consultation(0, c["title"], c["form"], None, None,
                        tuple(i.application_id for i in items), rule=c["rule"],
                        budget=None if c.get("budget") is None else Decimal(c["budget"]),
                        status="running", items=items, id=int(c["id"]))


def _ballot(c: dict, code: str, choices: dict) -> bytes:
    return json.dumps({"consultation_id": int(c["id"]), "code": code,
                       "choices": choices}).encode("ascii")


@requires(Permission.VOTE)
def cast_sealed(register: Register, consultation_id, code: str, choices: dict,
                actor: str = DESKTOP) -> None:
    """A vote on a kiosk register: the code checked and marked used, the vote kept only
    sealed to the group's key, in one transaction. UserError, in the laptop's words, for a
    mistyped, unknown or used code."""
    from .sealing import seal

    plain = read_code(code)
    c, recipient = _loaded(register, consultation_id)
    checked = check_choices(_as_consultation(c), choices)
    digest = _typed_hash(c, plain)
    contents = _ballot(c, plain, checked)
    # Padded to the size of the longest ballot possible: its size says nothing of the vote.
    longest = len(_ballot(c, plain, {str(i["id"]): "against" for i in c["initiatives"]}))
    contents += b" " * (longest + (-longest % PADDED) - len(contents))
    with register.write():
        row = register.conn.execute(
            "SELECT used FROM kiosk_code WHERE consultation_id = ? AND hash = ?",
            [c["id"], digest]).fetchone()
        if row is None:
            raise UserError(_("This voting code does not belong to this consultation."))
        if row[0] is not None:
            raise UserError(_(ALREADY_USED[row[0]]))
        register.conn.execute("UPDATE kiosk_code SET used = 'digital' WHERE consultation_id = ? "
                              "AND hash = ?", [c["id"], digest])
        register.conn.execute("INSERT INTO kiosk_ballot (key, sealed) VALUES (?, ?)",
                              [secrets.token_hex(16), seal(contents, recipient)])
        register.event(actor, "kiosk vote sealed", None, {"consultation": int(c["id"])})
    register.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@requires(Permission.VOTE)
def cast_vote(register: Register, consultation_id, code: str, choices: dict) -> None:
    """The kiosk's vote: sealed on a kiosk register of its own, else the register's own
    digital vote (the group's laptop in kiosk mode)."""
    from .sealing import is_kiosk_register

    if is_kiosk_register(register):
        cast_sealed(register, consultation_id, code, choices)
    else:
        register.cast_vote(consultation_id, code, choices)


@requires(Permission.MANAGE)
def sealed_ballots(register: Register) -> list[bytes]:
    """The sealed ballots for collect, in the order of their random keys."""
    return [bytes(b) for (b,) in register.conn.execute(
        "SELECT sealed FROM kiosk_ballot ORDER BY key")]


# ------------------------------------------------------------ at the laptop: the count

@requires(Permission.DECIDE)
def open_ballots(register: Register, sealed: list[bytes]) -> list[dict]:
    """Each sealed ballot opened in memory; UserError when one was altered."""
    from .sealing import unseal

    opened = []
    for blob in sealed:
        try:
            ballot = json.loads(unseal(register, blob).decode("ascii"))
            code = ballot.get("code")  # a ballot naming only a hash proves no code: not counted
            opened.append({"consultation_id": int(ballot["consultation_id"]),
                           "code": code if isinstance(code, str) else None,
                           "choices": dict(ballot["choices"])})
        except (ValueError, KeyError, TypeError):
            raise UserError(_("This kiosk package was altered or damaged; nothing was taken "
                              "from it. Collect it again at the kiosk.")) from None
    return opened


def _why_not(register: Register, ballot: dict) -> tuple[str | None, Consultation | None, str]:
    """Why ``ballot`` is not counted (None: it is), its consultation and its code's hash."""
    try:
        c = consultation(register, ballot["consultation_id"])
        digest = hash_code(code_salt(register, c.id), read_code(ballot["code"] or ""))
    except UserError:
        return UNKNOWN, None, ""
    locked = register.conn.execute(
        "SELECT 1 FROM consultation_result WHERE consultation_id = ? AND locked_at IS NOT NULL",
        [c.id]).fetchone()
    if c.status == "cancelled":
        return CANCELLED, c, digest
    if c.status != "running" or locked is not None:
        return CLOSED, c, digest
    row = register.conn.execute(
        "SELECT used FROM voting_code WHERE consultation_id = ? AND hash = ?",
        [c.id, digest]).fetchone()
    if row is None:
        return UNKNOWN, c, digest
    if row[0] is not None:
        return USED, c, digest
    return None, c, digest


@requires(Permission.DECIDE)
def count_ballots(register: Register, ballots: list[dict]) -> tuple[int, dict[str, int]]:
    """Inside the receive's transaction: count each ballot whose code was not used anywhere
    yet. Returns (counted, {reason: how many not counted})."""
    counted, refused = 0, {}
    for ballot in ballots:
        reason, c, digest = _why_not(register, ballot)
        checked = None
        if reason is None:
            try:
                checked = check_choices(c, ballot["choices"])
            except UserError:
                reason = INVALID
        if reason is not None:
            refused[reason] = refused.get(reason, 0) + 1
            continue
        use_code(register, c.id, digest, "digital")
        store_ballot(register, c.id, "digital", checked)
        counted += 1
    return counted, refused


@reads(Read.PUBLIC)
def counted_at_once(register: Register) -> bool:
    """Whether a vote cast on this register counts at once (the group's own register), or
    only when its sealed package is received at the group's laptop, and then only if its
    code was not used elsewhere meanwhile (a kiosk register of its own)."""
    from .sealing import is_kiosk_register

    return not is_kiosk_register(register)


def not_counted(reason: str, count: int) -> str:
    """What a receive says of ``count`` kiosk votes not counted for ``reason`` (USED, ...)."""
    if reason == USED:
        text = ngettext("{count} vote was not counted: its code was already used (at the "
                        "laptop, on paper, at the meeting or in an earlier kiosk package). "
                        "A code counts once.",
                        "{count} votes were not counted: their codes were already used (at the "
                        "laptop, on paper, at the meeting or in an earlier kiosk package). "
                        "A code counts once.", count)
    elif reason == CLOSED:
        text = ngettext("{count} vote was not counted: voting in its consultation has closed.",
                        "{count} votes were not counted: voting in their consultation has "
                        "closed.", count)
    elif reason == CANCELLED:
        text = ngettext("{count} vote was not counted: its consultation was cancelled.",
                        "{count} votes were not counted: their consultation was cancelled.",
                        count)
    elif reason == INVALID:
        text = ngettext("{count} vote was not counted: its choices do not fit the "
                        "consultation.", "{count} votes were not counted: their choices do "
                        "not fit the consultation.", count)
    else:
        text = ngettext("{count} vote was not counted: its code does not belong to a "
                        "consultation of this register.", "{count} votes were not counted: "
                        "their codes do not belong to a consultation of this register.", count)
    return text.format(count=count)
