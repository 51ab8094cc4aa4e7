"""Whether a shipped translation has been confirmed by someone who reads the language.

A new catalog ships marked ``review = "awaiting"`` in ``translations/languages.toml``. The
steering group sees the mark beside the language (View › Language) until a member who reads
it has looked at the screens and letters and confirms it in the app; residents never see
the mark (the kiosk and the documents show the language's name alone). The confirmation is
kept in the register, one action with its audit entry, so the group knows who vouched for
the words its residents read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from . import i18n
from .trust.access import Permission, Read
from .errors import UserError
from .i18n import _
from .store import DESKTOP, open_to_all, reads, requires

if TYPE_CHECKING:
    from .register import Register

_KEY = "translation_confirmed_{code}"


@open_to_all("whether a language still awaits review: a mark, nothing of the register")
def awaiting_review(register: Register | None, code: str) -> bool:
    """True while ``code``'s catalog ships unreviewed and nobody confirmed it in this
    register (with no register open: as shipped)."""
    shipped = i18n.SHIPPED.get(code)
    if shipped is None or not shipped.awaiting_review:
        return False
    return register is None or register.setting(_KEY.format(code=code)) is None


@reads(Read.PUBLIC)
def confirmation(register: Register, code: str) -> dict | None:
    """Who confirmed ``code`` and when (``{"by": name, "on": "YYYY-MM-DD"}``), or None."""
    value = register.setting(_KEY.format(code=code))
    return json.loads(value) if value else None


@requires(Permission.DECIDE)  # a member of the steering group
def confirm_translation(register: Register, code: str, actor: str = DESKTOP,
                        on: dt.date | None = None) -> None:
    """Record that a member who reads ``code`` checked its translation in the app."""
    if code not in i18n.SHIPPED:
        raise UserError(_("The app has no language “{code}”; it has: {codes}.").format(
            code=code, codes=", ".join(i18n.LANGUAGES)))
    who = register.who(actor)
    done = {"by": who, "on": (on or dt.date.today()).isoformat()}
    with register.write():
        register.set_setting(_KEY.format(code=code), json.dumps(done))
        register.event(actor, "translation_confirmed", None, {"language": code, **done})
