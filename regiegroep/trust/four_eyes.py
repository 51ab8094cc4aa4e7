"""Four eyes that are four (issue 21): where the ordinance's work wants a second person — a
paper ballot typed in a second time, the meeting's tallies confirmed, a result signed off —
the second person confirms with their own PIN on the same screen, and the audit trail
records them, not whoever happens to be signed in.

``confirm_person`` checks the PIN as a sign-in does (the same lock-out after wrong PINs,
every attempt in the trail, never the PIN), without changing who is signed in; ``acting_as``
does the action as that person, so the trail names them (the trail names whoever is signed
in, whatever a caller says). The person signed in acts as themselves without a PIN.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .access import STEERING_GROUP, Session
from ..errors import UserError
from ..i18n import _
from ..store import requires
from .access import Permission

if TYPE_CHECKING:
    from ..register import Register


@requires(Permission.DECIDE)
def confirm_person(register: Register, member_id: int | None, pin: str) -> str:
    """The name of steering-group member ``member_id``, once they confirmed with their own
    PIN (none needed for whoever is signed in); UserError in plain words otherwise. The
    register's session is the same afterwards."""
    if member_id is None:
        raise UserError(_("Choose who does this."))
    row = register.conn.execute("SELECT name, role FROM member WHERE id = ? AND active = 1",
                                [int(member_id)]).fetchone()
    if row is None:
        raise UserError(_("Choose who does this."))
    name, role = row
    session = register.session
    if session.person_id == member_id or not register.requires_sign_in():
        return name  # signed in; or a register with no PINs, where nobody proves who they are
    if role not in STEERING_GROUP:
        raise UserError(_("Only a member of the steering group can do this."))
    if not pin.strip():
        raise UserError(_("{name} confirms with their own PIN.").format(name=name))
    from .people import sign_in

    # The attempt is theirs in the trail (Register._who names whoever is signed in).
    register.session = Session(name, role, int(member_id))
    try:
        sign_in(register, name, pin)
    finally:
        register.session = session  # who is signed in stays signed in
    return name


@requires(Permission.DECIDE)
@contextlib.contextmanager
def acting_as(register: Register, member_id: int | None, pin: str):
    """Within this block the register acts as ``member_id``, once they confirmed with their
    own PIN (``confirm_person``): what is done is theirs in the audit trail, and then the
    person signed in is back. Yields their name."""
    name = confirm_person(register, member_id, pin)
    session = register.session
    if session.person_id == member_id or not register.requires_sign_in():
        yield name
        return
    role = register.conn.execute("SELECT role FROM member WHERE id = ?",
                                 [int(member_id)]).fetchone()[0]
    register.session = Session(name, role, int(member_id))
    try:
        yield name
    finally:
        register.session = session
