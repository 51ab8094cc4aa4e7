"""Conflicts of interest: a member of the steering group who applied takes no part.

A member who is the applicant, or the contact person of the group that applies, may not
decide on that application (Awb 2:4, without bias; the notes to Art. 5 of the ordinance).
The guided check, which proposes who decides, and the decision itself, which refuses a
member who applied, ask this one module, so they never disagree about who is who.
"""

from __future__ import annotations

from functools import lru_cache

from ..model import Application
from ..store import fold


@lru_cache(maxsize=4096)  # the same members' names, for every decision of a round
def normalise_name(name: str | None) -> str:
    """A name as the conflict test compares it: case folded, accents dropped, spaces at the
    ends gone and runs of spaces inside made one ("Jan  Jansen " is "jan jansen")."""
    return " ".join(fold(name or "").split())


def applicant_names(app: Application) -> frozenset[str]:
    """The people behind an application: the applicant and its contact person."""
    names = (normalise_name(app.applicant.name), normalise_name(app.applicant.contact_person))
    return frozenset(n for n in names if n)


def is_conflicted(member_name: str, app: Application) -> bool:
    """Whether a member with this name applied for ``app`` and so may not decide on it."""
    name = normalise_name(member_name)
    return bool(name) and name in applicant_names(app)


def conflicted_members(member_names: dict[int, str], app: Application) -> frozenset[int]:
    """The ids of the members (id -> name) who may not decide on ``app``."""
    names = applicant_names(app)
    return frozenset(i for i, name in member_names.items() if normalise_name(name) in names)
