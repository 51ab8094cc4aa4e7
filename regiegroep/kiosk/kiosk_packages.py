"""The kiosk in the community centre: its session, what it shows, and the packages between
a kiosk register and the group's own (Art. 4.1, 4.4, 7; AVG).

The kiosk shows only public data (Art. 7): the scheme with the ordinance's own figures,
the initiatives granted (title, amount, date, route; the applicant's name only with their
consent) and the consultations open now. ``public_view`` gives it, from a loaded public
package or from the register itself (the group's laptop in kiosk mode).

A kiosk PC of its own gets a kiosk register: ``public_package`` (at the group's laptop)
writes the public data and the group's sealing key; ``load_public_package`` makes or
refreshes the kiosk register from it. What residents hand in at the kiosk, ``collect``
seals to the group's key and removes from the kiosk register (PRAGMA secure_delete and
VACUUM), so the kiosk PC holds no readable personal data once the package is written.
``receive`` (at the laptop) opens it, refuses one that was altered, and registers what
came in, in order of receipt; a second receive of the same package changes nothing.

Sealing: X25519 with a fresh key per package, HKDF-SHA256, AES-256-GCM; the header (magic,
the sender's one-time public key, the recipient's key id, the nonce) is authenticated with
the contents, so one changed byte anywhere makes the package unreadable. The group's key
pair stays in its own register (table kiosk_key).

Votes (regiegroep.kiosk.kiosk_votes): the public package carries the consultations whose digital
voting is open now, with a slow hash (scrypt) of each code's salted hash; the kiosk keeps each vote only as a
ballot sealed to the group's key at once; ``collect`` puts those ballots in the sealed
package and ``receive`` counts each whose code was not used in any channel yet.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..applications.lookups import holds_applications
from ..trust.access import STEERING_GROUP, Permission, Read, Session
from ..errors import UserError
from ..i18n import LANGUAGES, N_, _
from ..consultations import KIOSK_PACKAGE_PREPARED as PREPARED
from ..store import COMMAND_LINE, now, open_to_all, reads, requires
from .sealing import DAMAGED, KeptCopy, fingerprint, is_kiosk_register, seal, sealing_key, unseal

if TYPE_CHECKING:
    from ..register import Register

PUBLIC_FORMAT = "regiegroep-kiosk-public"
COLLECTED = "collected into a sealed kiosk package"


# ------------------------------------------------------------------ the kiosk's session

@open_to_all('it hands the register to the kiosk: it takes rights away, never gives them')
def start_kiosk(register: Register) -> Session:
    """The register in the kiosk role: whoever starts the kiosk holds the file and hands
    it to the kiosk, which only adds applications and votes (regiegroep.trust.access)."""
    row = register.conn.execute(
        "SELECT id, name FROM member WHERE active = 1 AND role = 'kiosk' ORDER BY id").fetchone()
    if row is None:
        raise UserError(_("This register has no kiosk yet. Add one first: File › People and "
                          "PINs…, a person with the role kiosk."))
    with register.write():
        register.event(row[1], "kiosk_started", None, {"person": row[0]})
    register.session = Session(row[1], "kiosk", row[0])
    return register.session


@open_to_all('a member signs in with a PIN to leave the kiosk: the PIN is the check')
def leave_kiosk(register: Register, name: str, pin: str) -> Session:
    """A steering-group member signs in to leave kiosk mode, with the lock-out after wrong
    PINs of every sign-in; anyone else stays in the kiosk."""
    from ..store import fold

    kiosk = register.session
    # A name typed without its accents is the same person ("Hasan Yildiz" is Hasan
    # Yıldız); a name nobody has is told as a wrong PIN is, so the screen does not say
    # which members exist (issue 24).
    wanted = fold(" ".join(name.split()))
    found = next((n for (n,) in register.conn.execute(
        "SELECT name FROM member WHERE active = 1 AND pin_hash IS NOT NULL AND role != 'kiosk'")
        if fold(n) == wanted), None)
    if found is None:
        raise UserError(_("That name and PIN do not match a member of the steering group."))
    try:
        session = register.sign_in(found, pin)
    except UserError:  # a wrong PIN, or locked out after several: the same words
        register.session = kiosk
        raise UserError(_("That name and PIN do not match a member of the steering "
                          "group.")) from None
    if session.role not in STEERING_GROUP:
        register.session = kiosk
        raise UserError(_("Only a member of the steering group can leave the kiosk."))
    return session


# --------------------------------------------------------------------- what it shows

def _granted(register: Register) -> list[dict]:
    """The grants in force, with only what may be published (Art. 7.2, AVG), newest first."""
    return [{"title": g.title, "wijk": g.wijk, "name": g.name, "amount": str(g.amount),
             "date": g.date.isoformat(), "route": g.route}
            for g in reversed(register.published_grants())]


def _public_parts(register: Register, consultations: list[dict] | None) -> dict:
    from ..documents.notices import notice_blocks

    from ..budgets.contact import group_contact

    m = register.municipality()
    contact = group_contact(register)
    return {
        "format": PUBLIC_FORMAT, "version": 1, "made_at": now(),
        "municipality": m._asdict() if m else None,
        # How a resident reaches the group, on the kiosk's receipt (the letters' own head).
        "contact": {"phone": contact.phone, "email": contact.email, "postal": contact.postal},
        "wijken": [w._asdict() for w in register.wijken()],
        "scheme": {code: notice_blocks(register, "scheme", language=code) for code in LANGUAGES},
        "granted": _granted(register),
        # Optional: the consultations open now, with their initiatives and code hashes.
        "consultations": list(consultations or []),
    }


@reads(Read.PUBLIC)
def public_view(register: Register) -> dict:
    """What the kiosk shows: the loaded public package, else the register's own public data."""
    if not register.session.may_read(Read.PUBLIC):
        raise UserError(_("Nobody is signed in."))
    row = register.conn.execute("SELECT package FROM kiosk_public WHERE id = 1").fetchone()
    if row is not None:
        from .kiosk_votes import shown

        view = json.loads(row[0])
        view["consultations"] = shown(view.get("consultations") or [])
        return view
    return _public_parts(register, open_consultations(register))


@reads(Read.PUBLIC)
def open_consultations(register: Register) -> list[dict]:
    """The consultations the kiosk may take votes in now: the group's own register's
    running ones (consultations.open_now); on a kiosk register of its own, those its public
    package carries (their digital voting was open when it was prepared)."""
    from ..consultations import open_now

    if is_kiosk_register(register):
        return public_view(register)["consultations"]
    return open_now(register)


# ------------------------------------------------------------------ the public package



@requires(Permission.DECIDE)
def public_package(register: Register, consultations: list[dict] | None = None,
                   progress=None, actor: str = COMMAND_LINE) -> bytes:
    """The public package for a kiosk register (at the group's laptop): public data only,
    the consultations whose digital voting is open now with a slow hash of each code's
    salted hash (kiosk_votes.package_consultations; ``progress(done, total)`` hears how far
    it is), and the group's public key to seal what comes in. Audited with the
    consultations it carries: closing one of them asks for the kiosk's votes first
    (consultations.kiosk_out)."""
    from .kiosk_votes import package_consultations

    if is_kiosk_register(register):  # a key made here would refuse every later refresh
        raise UserError(_("This is a kiosk register; write the public package at the group's "
                          "own register."))
    key = sealing_key(register)
    if consultations is None:
        consultations = package_consultations(register, progress)
    parts = _public_parts(register, consultations)
    parts["recipient"] = base64.b64encode(key).decode("ascii")
    # The kiosk packages received here: their kept copies on a kiosk PC may go.
    parts["received"] = [p for (p,) in register.conn.execute(
        "SELECT package_id FROM kiosk_received ORDER BY package_id")]
    with register.write():
        register.event(actor, PREPARED, None,
                        {"made_at": parts["made_at"],
                         "consultations": [int(c["id"]) for c in consultations]})
    return json.dumps(parts, ensure_ascii=False, indent=1).encode("utf-8")


class Loaded(NamedTuple):
    wijken: int
    granted: int
    fingerprint: str
    kiosk_fingerprint: str = ""  # the kiosk's own signing key (regiegroep.kiosk_identity)


@requires(Permission.MANAGE)
def load_public_package(register: Register, data: bytes, keeper: tuple[str, str] | None = None,
                        kiosk_name: str = "Kiosk") -> Loaded:
    """Make or refresh a kiosk register from a public package. ``keeper``: (name, PIN) of the
    steering-group member who may leave kiosk mode on this PC."""
    from ..trust.access import hash_pin

    try:
        parts = json.loads(data.decode("utf-8"))
        if parts.get("format") != PUBLIC_FORMAT:
            raise ValueError("not a public kiosk package")
        recipient = base64.b64decode(parts["recipient"], validate=True)
        if len(recipient) != 32:
            raise ValueError("not a key")
        from .kiosk_votes import check_cost

        for c in parts.get("consultations") or []:
            int(c["id"]), bytes.fromhex(c["salt"]), list(c["codes"]), list(c["initiatives"])
            check_cost(c["scrypt"])
            # Each field of the right kind before anything is written (issue 23.5).
            if type(c["id"]) is not int or not 0 < c["id"] < 2**63 or not all(  # noqa: E721
                    isinstance(code, list) and len(code) == 2 and isinstance(code[0], str)
                    for code in c["codes"]):
                raise ValueError("a consultation")
        if not isinstance(parts["granted"], list) or not isinstance(parts["wijken"], list) \
                or not all(isinstance(w, dict) and type(w.get("id")) is int  # noqa: E721
                           and 0 < w["id"] < 2**63 and isinstance(w.get("name"), str)
                           for w in parts["wijken"]) \
                or not isinstance(parts.get("municipality") or {}, dict) \
                or not all(isinstance(v, str) for v in (parts.get("municipality") or {}).values()):
            raise ValueError("the neighbourhoods, initiatives or municipality")
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        raise UserError(_("This file is not a public kiosk package.")) from None
    if register.conn.execute("SELECT 1 FROM kiosk_key").fetchone() is not None:
        raise UserError(_("This is the group's own register; load the package into a kiosk "
                          "register of its own."))
    if not is_kiosk_register(register) and holds_applications(register):
        raise UserError(_("This register holds applications of its own; load the package into "
                          "a new, empty kiosk register."))
    if is_kiosk_register(register) and _uncollected(register) and base64.b64decode(
            json.loads(register.conn.execute("SELECT package FROM kiosk_public WHERE id = 1"
                                             ).fetchone()[0])["recipient"]) != recipient:
        raise UserError(_("What came in at this kiosk is for the group whose package was "
                          "loaded before, and it was not collected yet: collect it first "
                          "(regiegroep kiosk collect), then load this package."))
    if keeper is not None and len(keeper[1]) < 4:
        raise UserError(_("A PIN has at least 4 characters."))
    from .kiosk_votes import load_codes

    stored = dict(parts)
    with register.write():
        from .kiosk_identity import own_key

        signing = own_key(register)
        stored["consultations"] = load_codes(register, parts.get("consultations") or [])
        received = parts.get("received") or []
        if isinstance(received, list):
            register.conn.executemany("DELETE FROM kiosk_sent WHERE package_id = ?",
                                      [(str(p),) for p in received])
        from ..budgets import mirror_public
        from ..trust.people import kiosk_people

        mirror_public(register, parts.get("municipality"), parts["wijken"])
        kiosk_people(register, kiosk_name, keeper)
        register.conn.execute(
            "INSERT INTO kiosk_public (id, package, loaded_at) VALUES (1, ?, ?) ON CONFLICT (id) "
            "DO UPDATE SET package = excluded.package, loaded_at = excluded.loaded_at",
            [json.dumps(stored, ensure_ascii=False), now()])
        register.event(COMMAND_LINE, "kiosk_package_loaded", None,
                        {"made_at": parts.get("made_at"), "granted": len(parts["granted"]),
                         "consultations": [c["id"] for c in stored["consultations"]],
                         "fingerprint": fingerprint(recipient)})
    return Loaded(len(parts["wijken"]), len(parts["granted"]), fingerprint(recipient), signing)


def kiosk_reference(number: int) -> str:
    """The reference a resident gets at a kiosk PC of its own: not the number the group's
    register will give (that is known only at receive), so not a bare number either, which
    would name someone else's application there (issue 24). Kept on the application at
    receive and shown in its history."""
    return "K{}".format(int(number))


def _uncollected(register: Register) -> bool:
    """Whether applications or sealed votes wait on this kiosk register to be collected."""
    return register.conn.execute("SELECT 1 FROM kiosk_ballot LIMIT 1").fetchone() is not None \
        or holds_applications(register, deleted_too=False)


# ------------------------------------------------------------------ the sealed package

def _as_dict(register: Register, app) -> dict:
    signature = register.conn.execute(
        "SELECT data FROM attachment WHERE application_id = ? AND kind = 'signed_form' "
        "AND filename = 'signature.png' ORDER BY id LIMIT 1", [app.id]).fetchone()
    a = app.applicant
    return {
        "kiosk_number": app.sequence, "received_at": app.received_at.isoformat(),
        "wijk_id": app.wijk_id, "signed": app.signed, "title": app.title,
        "description": app.description, "execution": app.execution, "planning": app.planning,
        "liveability": app.liveability,
        "cost_estimate": None if app.cost_estimate is None else str(app.cost_estimate),
        "vouchers_requested": app.vouchers_requested, "other_subsidy": app.other_subsidy,
        "other_subsidy_details": app.other_subsidy_details,
        "theme": app.theme.value if app.theme else None,
        "applicant": {"kind": a.kind.value, "name": a.name, "contact_person": a.contact_person,
                      "address": a.address, "postcode": a.postcode, "town": a.town,
                      "phone": a.phone,
                      "email": a.email, "publish_name": a.publish_name, "language": a.language},
        "signature_png": base64.b64encode(bytes(signature[0])).decode("ascii") if signature else None,
    }


class Collected(NamedTuple):
    applications: int
    votes: int


@requires(Permission.MANAGE)
def collect(register: Register, out: str | os.PathLike) -> Collected:
    """Seal what came in at the kiosk to the group's key into ``out``, then remove it from
    the kiosk register for good: the applications, and the sealed ballots (the used codes'
    marks stay, so a code used here stays refused here until a refreshed public package
    says it was used)."""
    import uuid

    from ..files import write_whole
    from .kiosk_votes import sealed_ballots
    from ..applications.search import Filter

    row = register.conn.execute("SELECT package FROM kiosk_public WHERE id = 1").fetchone()
    if row is None:
        raise UserError(_("This is not a kiosk register: load a public package into it first "
                          "(regiegroep kiosk load)."))
    public = json.loads(row[0])
    recipient = base64.b64decode(public["recipient"])
    apps = list(register.iter_applications(Filter()))
    ballots = sealed_ballots(register)
    kiosk = register.conn.execute("SELECT name FROM member WHERE role = 'kiosk' AND active = 1 "
                                  "ORDER BY id").fetchone()
    payload = {"format": "regiegroep-kiosk-sealed", "version": 1,
               "package_id": uuid.uuid4().hex, "kiosk": kiosk[0] if kiosk else "",
               "made_at": now(), "public_made_at": public.get("made_at"),
               "applications": [_as_dict(register, a) for a in apps],
               "votes": [base64.b64encode(b).decode("ascii") for b in ballots]}
    from .kiosk_identity import sign

    payload = sign(register, payload)  # from this kiosk only (its own key, made at load)
    sealed = seal(json.dumps(payload, ensure_ascii=False).encode("utf-8"), recipient)
    with write_whole(out, "wb") as fp:
        fp.write(sealed)
    register.conn.execute("PRAGMA secure_delete = ON")
    stamp = now()
    with register.write():
        from ..applications import wipe_collected

        wipe_collected(register, apps, stamp, COLLECTED)
        register.conn.execute("DELETE FROM kiosk_ballot")
        # Kept, sealed, until a later public package says the group received it: a package
        # damaged on its way can be written again (resend).
        if apps or ballots:  # an empty package has nothing to lose
            register.conn.execute(
                "INSERT INTO kiosk_sent (package_id, sealed, made_at) VALUES (?, ?, ?)",
                [payload["package_id"], sealed, payload["made_at"]])
        register.erase_deleted_text()  # the search indexes forget them too
        register.event(COMMAND_LINE, "kiosk_collected", None,
                        {"package_id": payload["package_id"], "applications": len(apps),
                         "votes": len(ballots)})
    register.conn.execute("VACUUM")
    register.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Collected(len(apps), len(ballots))


@requires(Permission.MANAGE)
def kept(register: Register) -> list[tuple[str, str]]:
    """The sealed packages this kiosk register keeps, (package id, made at), oldest first:
    written by collect, not yet said received by a public package loaded since."""
    if not is_kiosk_register(register):
        raise UserError(_("This is not a kiosk register: load a public package into it first "
                          "(regiegroep kiosk load)."))
    return [(p, m) for p, m in register.conn.execute(
        "SELECT package_id, made_at FROM kiosk_sent ORDER BY made_at, package_id")]


@requires(Permission.MANAGE)
def resend(register: Register, out: str | os.PathLike, package_id: str | None = None) -> str:
    """Write a kept sealed package again (the newest, or ``package_id``); returns its id."""
    from ..files import write_whole

    packages = kept(register)
    if not packages:
        raise UserError(_("This kiosk register keeps no sealed package: each was received by "
                          "the group, or none was collected here."))
    chosen = packages[-1][0] if package_id is None else package_id
    row = register.conn.execute("SELECT sealed FROM kiosk_sent WHERE package_id = ?",
                                [chosen]).fetchone()
    if row is None:
        raise UserError(_("This kiosk register keeps no package {id}.").format(id=chosen))
    with write_whole(out, "wb") as fp:
        fp.write(bytes(row[0]))
    return chosen


class Received(NamedTuple):
    applications: int
    votes: int  # counted
    already: bool  # this package was received before: nothing changed
    not_counted: dict = {}  # why votes were not counted (kiosk_votes.USED, ...) -> how many
    learned: str = ""  # the fingerprint of the kiosk this register came to know at this receive


def _application(entry: dict):
    from ..model import Applicant, ApplicantKind, Application, Theme

    a = entry["applicant"]
    return Application(
        received_at=dt.datetime.fromisoformat(entry["received_at"]), wijk_id=entry["wijk_id"],
        applicant=Applicant(kind=ApplicantKind(a["kind"]), name=a["name"],
                            contact_person=a["contact_person"], address=a["address"],
                            postcode=a["postcode"], town=a.get("town", ""), phone=a["phone"],
                            email=a["email"],
                            publish_name=bool(a["publish_name"]), language=a["language"]),
        signed=bool(entry["signed"]), title=entry["title"], description=entry["description"],
        execution=entry["execution"], planning=entry["planning"],
        liveability=entry["liveability"],
        cost_estimate=None if entry["cost_estimate"] is None else Decimal(entry["cost_estimate"]),
        vouchers_requested=entry["vouchers_requested"], other_subsidy=entry["other_subsidy"],
        other_subsidy_details=entry["other_subsidy_details"],
        theme=Theme(entry["theme"]) if entry["theme"] else None)


def _opened(register: Register, data: bytes):
    """The sealed package's contents, read whole; UserError for a damaged one."""
    plain = unseal(register, data)
    try:
        return json.loads(plain.decode("utf-8"))
    except (ValueError, RecursionError):
        raise KeptCopy(_(DAMAGED)) from None


@requires(Permission.DECIDE)
def package_signer(register: Register, data: bytes):
    """Which kiosk signed the sealed package ``data`` and whether this register knows it
    (regiegroep.kiosk.kiosk_identity.Signer), taking nothing from it: what the app shows the
    person to compare with the fingerprint the kiosk PC showed at load, before ``receive``.
    UserError for a damaged package or one not signed by a kiosk."""
    from .kiosk_identity import signer

    register.require(Permission.REGISTER)
    return signer(register, _opened(register, data))


@requires(Permission.DECIDE)
def receive(register: Register, data: bytes, actor: str = COMMAND_LINE,
            trust: str | None = None) -> Received:
    """Register what a sealed kiosk package holds, in order of receipt, and count its votes
    whose code was not used in any channel yet (kiosk_votes.count_ballots), once. Only a
    package signed by a kiosk this register knows is taken, or by the kiosk whose
    fingerprint ``trust`` is (the one the person read at the kiosk PC at load), which this
    register then knows (regiegroep.kiosk.kiosk_identity); anything else is refused before
    its contents are looked at."""
    from ..trust.access import Permission
    from .kiosk_identity import check, learn
    from .kiosk_votes import count_ballots, open_ballots

    register.require(Permission.REGISTER)
    digest = hashlib.sha256(data).hexdigest()
    # Anyone with the public package can seal to the group's key: only a kiosk's signature
    # says where a package comes from. Whatever was sealed is read whole before anything is
    # registered, and what makes no sense is refused in words.
    from . import kiosk_checks

    payload = _opened(register, data)
    signer = check(register, payload, trust)
    prepared = {m for (m,) in register.conn.execute(
        "SELECT json_extract(details, '$.made_at') FROM event WHERE action = ?", [PREPARED])}
    kiosk_checks.payload(payload, {w for (w,) in register.conn.execute("SELECT id FROM wijk")},
                         prepared, dt.datetime.now())
    try:
        package_id = str(payload["package_id"])
        sealed_votes = [base64.b64decode(v, validate=True) for v in payload.get("votes") or []]
        entries = sorted(payload["applications"],
                         key=lambda e: (str(e["received_at"]), int(e["kiosk_number"])))
        arrived = [(entry, _application(entry),
                    base64.b64decode(entry["signature_png"], validate=True)
                    if entry["signature_png"] else None) for entry in entries]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeptCopy(_(DAMAGED)) from None
    done = register.conn.execute("SELECT applications, votes FROM kiosk_received "
                                 "WHERE package_id = ?", [package_id]).fetchone()
    if done is not None:
        return Received(done[0], done[1], True)
    votes = open_ballots(register, sealed_votes)
    numbers = []
    with register.write():
        learn(register, signer)
        if not signer.known:
            register.event(actor, "kiosk_learned", None,
                           {"fingerprint": signer.fingerprint, "kiosk": signer.kiosk,
                            "package_id": package_id})
        for entry, application, png in arrived:
            app = register.register_application(application, actor, signature_png=png)
            numbers.append([entry["kiosk_number"], app.sequence])
            register.event(actor, "received_from_kiosk", app.id, {
                "kiosk": str(payload.get("kiosk", "")),
                "reference": kiosk_reference(entry["kiosk_number"])})
        counted, refused = count_ballots(register, votes)
        register.conn.execute(
            "INSERT INTO kiosk_received (package_id, sha256, received_at, applications, votes) "
            "VALUES (?, ?, ?, ?, ?)", [package_id, digest, now(), len(entries), counted])
        register.event(actor, "kiosk_package_received", None,
                        {"package_id": package_id, "kiosk": payload.get("kiosk", ""),
                         "signed_by": signer.fingerprint,
                         "sha256": digest, "applications": numbers, "votes": counted,
                         "not_counted": refused})
    return Received(len(entries), counted, False, refused,
                    "" if signer.known else signer.fingerprint)
