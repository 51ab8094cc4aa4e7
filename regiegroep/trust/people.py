"""The people who work with the register: members, PINs, sign-in and lock-out (Art. 1g, 2.6).

The college mandates the steering group's members (Art. 1g, 2.6); the cash manager and the
kiosk work with the register too. Whoever has a PIN signs in with it; after repeated wrong
PINs they are locked out for a while, and every attempt is in the audit trail (never the
PIN). What each role may do is in regiegroep.trust.access. Functions take the register as their
first argument; ``regiegroep.register.Register`` offers them as its methods.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from .access import ROLES, STEERING_GROUP, Permission, Read, Session
from ..errors import UserError
from ..i18n import _, ngettext
from ..store import DESKTOP, fold, open_to_all, reads, requires

if TYPE_CHECKING:
    from ..register import Register


class Member(NamedTuple):
    id: int
    name: str
    role: str
    wijk_id: int | None = None
    phone: str = ""
    email: str = ""


@requires(Permission.MANAGE)
def add_member(register: Register, name: str, role: str = "member", wijk_id: int | None = None,
               phone: str = "", email: str = "", actor: str = DESKTOP) -> Member:
    """A steering-group member, mandated by the college (Art. 1g, 2.6)."""
    name = " ".join(name.split())
    if not name:
        raise UserError(_("Give the member's name."))
    if role not in ROLES:
        raise UserError(_("Unknown role {role}.").format(role=role))
    with register.write():
        # People sign in by their name: two of the same name could not be told apart.
        if any(fold(m.name) == fold(name) for m in _everyone(register)):
            raise UserError(_("{name} is already in the register. People sign in by their "
                              "name: give the second one a name that tells them apart (with "
                              "an initial, for instance).").format(name=name))
        cursor = register.conn.execute(
            "INSERT INTO member (name, role, wijk_id, phone, email) VALUES (?, ?, ?, ?, ?)",
            [name, role, wijk_id, phone, email])
        register.event(actor, "member_added", None, {"name": name, "role": role})
    return Member(cursor.lastrowid, name, role, wijk_id, phone, email)


@reads(Read.PEOPLE)
def members(register: Register) -> list[Member]:
    """The steering group: those who decide (Art. 5)."""
    return [m for m in _everyone(register) if m.role in STEERING_GROUP]


@reads(Read.PEOPLE)
def people(register: Register) -> list[Member]:
    """Everyone who works with the register: the steering group, the cash manager, the
    kiosk."""
    return _everyone(register)


@reads(Read.PUBLIC)
def kiosk_places(register: Register) -> list[str]:
    """Where residents find a kiosk (its name, such as "Kiosk buurthuis"): public, for the
    scheme leaflet (Art. 7.1), also on the kiosk itself."""
    return [m.name for m in _everyone(register) if m.role == "kiosk"]


def _everyone(register: Register) -> list[Member]:
    return [Member(*row) for row in register.conn.execute(
        "SELECT id, name, role, wijk_id, phone, email FROM member WHERE active = 1 "
        "ORDER BY CASE role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 WHEN 'member' THEN 2 "
        "WHEN 'cash_manager' THEN 3 ELSE 4 END, name")]


@open_to_all('the sign-in page lists who can sign in')
def sign_in_names(register: Register) -> list[str]:
    """The names of everyone who can sign in (has a PIN), in the order of people()."""
    with_pin = {row[0] for row in register.conn.execute(
        "SELECT id FROM member WHERE active = 1 AND pin_hash IS NOT NULL")}
    return [person.name for person in _everyone(register) if person.id in with_pin]


@open_to_all('whether the app asks who is there')
def requires_sign_in(register: Register) -> bool:
    """Whether anyone has a PIN: then the app asks who is there."""
    return register.conn.execute(
        "SELECT 1 FROM member WHERE active = 1 AND pin_hash IS NOT NULL LIMIT 1").fetchone() is not None


PIN_LONGEST = 200


def check_pin_text(pin: str) -> None:
    """A PIN is at least 4 digits, or a passphrase of at least 4 letters, digits, marks or
    spaces between them; tabs, control characters (NUL), bytes that are not text and a PIN
    of spaces only are refused (issue 23.7), as is one too long to type."""
    import unicodedata

    if (len(pin.strip()) < 4 or len(pin) > PIN_LONGEST
            or any(unicodedata.category(c).startswith("C") for c in pin)):
        raise UserError(_("A PIN is at least 4 digits, or a passphrase of 4 to {longest} "
                          "letters, digits, punctuation marks and spaces; tabs and other "
                          "control characters are not allowed. Nothing was changed.").format(
                              longest=PIN_LONGEST))


@open_to_all("everyone changes their own PIN; another's needs MANAGE, asked inside")
def set_pin(register: Register, person_id: int, pin: str, actor: str = DESKTOP,
            current: str | None = None) -> None:
    """Give a person a PIN or passphrase (kept as a scrypt hash). The chair or secretary
    sets anyone's; everyone else changes their own with their ``current`` PIN (so that
    nobody at a window left signed in takes a member's name over). The first PIN goes to a
    chair or secretary: once anyone has a PIN the app asks who is there, and someone must
    be able to manage the people."""
    from .access import MANAGERS, hash_pin, verify_pin

    if register.session.person_id != person_id:
        register.require(Permission.MANAGE)
    check_pin_text(pin)
    row = register.conn.execute("SELECT role FROM member WHERE id = ? AND active = 1",
                            [person_id]).fetchone()
    if row is None:
        raise UserError(_("There is no person {id}.").format(id=person_id))
    if row[0] not in MANAGERS and not _managers_with_pin(register):
        raise UserError(_("Give the chair or the secretary a PIN first: once anyone has a "
                          "PIN, the app asks who is there, and they manage the people."))
    with register.write():
        stored = register.conn.execute("SELECT pin_hash FROM member WHERE id = ?",
                                       [person_id]).fetchone()[0]
        own = register.session.role is not None and register.session.person_id == person_id
        if stored and (current is not None or (own and not register.session.may(
                Permission.MANAGE))) and not verify_pin(current or "", stored):
            raise UserError(_("That is not your current PIN: give it to change your PIN."))
        register.conn.execute(
            "UPDATE member SET pin_hash = ?, failed_attempts = 0, locked_until = NULL "
            "WHERE id = ?", [hash_pin(pin), person_id])
        register.event(actor, "pin_set", None, {"person": person_id})


def _managers_with_pin(register: Register, leaving_out: int | None = None) -> int:
    from .access import MANAGERS

    return register.conn.execute(
        f"SELECT count(*) FROM member WHERE active = 1 AND pin_hash IS NOT NULL AND role IN "
        f"({','.join('?' * len(MANAGERS))}) AND id IS NOT ?", [*MANAGERS, leaving_out]).fetchone()[0]


@reads(Read.PEOPLE)
def has_pin(register: Register, person_id: int) -> bool:
    return register.conn.execute("SELECT pin_hash IS NOT NULL FROM member WHERE id = ?",
                             [person_id]).fetchone() == (1,)


@requires(Permission.MANAGE)
def remove_person(register: Register, person_id: int, actor: str = DESKTOP) -> None:
    """Someone leaves the group: they can no longer sign in. Their name stays on the
    decisions and in the audit trail they are part of."""
    row = register.conn.execute("SELECT name FROM member WHERE id = ? AND active = 1",
                            [person_id]).fetchone()
    if row is None:
        raise UserError(_("There is no person {id}.").format(id=person_id))
    others = register.conn.execute(
        "SELECT count(*) FROM member WHERE active = 1 AND pin_hash IS NOT NULL AND id <> ?",
        [person_id]).fetchone()[0]
    if others and not _managers_with_pin(register, leaving_out=person_id):
        raise UserError(_("{name} is the last chair or secretary with a PIN; give another "
                          "one a PIN first, or nobody could manage the people.").format(
                              name=row[0]))
    with register.write():
        register.conn.execute("UPDATE member SET active = 0, pin_hash = NULL WHERE id = ?",
                          [person_id])
        register.event(actor, "person_removed", None, {"person": person_id})


def clock() -> dt.datetime:
    """The moment of a sign-in, for the lock-out: the computer's clock, never the caller's
    (a test replaces this function to move time on)."""
    return dt.datetime.now()


@open_to_all('signing in: the PIN is the check')
def sign_in(register: Register, name: str, pin: str) -> Session:
    """Sign in with name and PIN; after repeated wrong PINs the person is locked out for
    a while. Every attempt is in the audit trail (never the PIN)."""
    from .access import LOCK_MINUTES, MAX_FAILURES, verify_pin

    at = clock().replace(microsecond=0)
    row = register.conn.execute(
        "SELECT id, name, role, pin_hash, failed_attempts, locked_until FROM member "
        "WHERE active = 1 AND name = ? COLLATE NOCASE", [" ".join(name.split())]).fetchone()
    if row is None or row[3] is None:
        raise UserError(_("There is nobody called {name} with a PIN.").format(name=name))
    person_id, person, role, stored, failures, locked_until = row
    if locked_until and dt.datetime.fromisoformat(locked_until) > at:
        raise UserError(_("Too many wrong PINs: {name} can try again after {time}.").format(
            name=person, time=dt.datetime.fromisoformat(locked_until).strftime("%H:%M")))
    with register.write():
        if not verify_pin(pin, stored):
            failures += 1
            lock = (at + dt.timedelta(minutes=LOCK_MINUTES)).isoformat() \
                if failures >= MAX_FAILURES else None
            register.conn.execute("UPDATE member SET failed_attempts = ?, locked_until = ? "
                              "WHERE id = ?", [0 if lock else failures, lock, person_id])
            register.event(person, "locked_out" if lock else "sign_in_failed", None,
                        {"person": person_id})
        else:
            register.conn.execute("UPDATE member SET failed_attempts = 0, locked_until = NULL "
                              "WHERE id = ?", [person_id])
            register.event(person, "signed_in", None, {"person": person_id, "role": role})
            register.session = Session(person, role, person_id)
            return register.session
    if lock:
        raise UserError(_("Too many wrong PINs: {name} can try again after {time}.").format(
            name=person, time=(at + dt.timedelta(minutes=LOCK_MINUTES)).strftime("%H:%M")))
    raise UserError(ngettext("Wrong PIN. {n} try left before a lock-out.",
                             "Wrong PIN. {n} tries left before a lock-out.",
                             MAX_FAILURES - failures).format(n=MAX_FAILURES - failures))


@open_to_all('signing out takes rights away')
def sign_out(register: Register) -> None:
    """Nobody is signed in: nothing may be done until someone signs in again."""
    register.session = Session("", "nobody")


@requires(Permission.MANAGE)
def mark_as_example(register: Register, actor: str = DESKTOP) -> None:
    """An invented register to try the app on (regiegroep demo): the sign-in page then
    shows its PINs, which README lists too."""
    with register.write():
        register.set_setting("example", "1")
        register.event(actor, "marked_as_example", None, {})


@open_to_all("the example register's invented people, for its sign-in page")
def example_people(register: Register) -> list[Member]:
    """The invented people of the example register, for its sign-in page (before anyone
    signs in); none on a register of one's own, whose people only members may see."""
    return _everyone(register) if is_example(register) else []


@open_to_all('whether this is the example register, for its sign-in page')
def is_example(register: Register) -> bool:
    return register.setting("example") == "1"


@requires(Permission.MANAGE)
def kiosk_people(register: Register, kiosk_name: str, keeper: tuple[str, str] | None) -> None:
    """Inside the caller's action, on a kiosk PC's register (regiegroep.kiosk): the kiosk
    itself as a person, and the member who keeps the PC (name, PIN) as its only member, with
    the PIN kept as a hash; an earlier keeper of the same name steps down."""
    from .access import hash_pin

    if register.conn.execute("SELECT 1 FROM member WHERE role = 'kiosk' AND active = 1"
                             ).fetchone() is None:
        register.conn.execute("INSERT INTO member (name, role) VALUES (?, 'kiosk')", [kiosk_name])
    if keeper is not None:
        name = " ".join(keeper[0].split())
        register.conn.execute("UPDATE member SET active = 0, pin_hash = NULL WHERE name = ? "
                              "COLLATE NOCASE", [name])
        register.conn.execute("INSERT INTO member (name, role, pin_hash) VALUES (?, 'member', ?)",
                              [name, hash_pin(keeper[1])])
