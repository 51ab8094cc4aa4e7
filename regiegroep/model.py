"""The register's domain model: applicants, applications, neighbourhoods and budgets.

Article numbers refer to the model ordinance "Subsidieverordening vouchers
bewonersinitiatieven" (2008).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from typing import NamedTuple

from .i18n import N_, _


class ApplicantKind(enum.StrEnum):
    """Who applies (Art. 1c and the notes to Art. 5): always residents, never an institution."""

    RESIDENT = "resident"  # one resident; vouchers in their name
    GROUP = "group"  # a group without legal personality; vouchers in its contact person's name
    LEGAL_ENTITY = "legal_entity"  # a group with legal personality; vouchers in its name

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    ApplicantKind.RESIDENT: N_("One resident"),
    ApplicantKind.GROUP: N_("Group of residents (no legal entity)"),
    ApplicantKind.LEGAL_ENTITY: N_("Group with legal personality (association, foundation)"),
}


class Theme(enum.StrEnum):
    """The five themes of the neighbourhood approach (wijkenaanpak), or another."""

    HOUSING = "housing"  # wonen
    WORK = "work"  # werken
    LEARNING = "learning"  # leren en opgroeien
    INTEGRATION = "integration"  # integreren
    SAFETY = "safety"  # veiligheid
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_THEME_LABELS[self])


_THEME_LABELS = {
    Theme.HOUSING: N_("Housing"),
    Theme.WORK: N_("Work"),
    Theme.LEARNING: N_("Learning and growing up"),
    Theme.INTEGRATION: N_("Integration"),
    Theme.SAFETY: N_("Safety"),
    Theme.OTHER: N_("Other"),
}


class Status(enum.StrEnum):
    """Where an application is in its life (BRIEF: the life of an application)."""

    INCOMPLETE = "incomplete"  # registered, Art. 4.2 items missing
    RECEIVED = "received"  # registered and complete, not yet checked
    COMPLETION_REQUESTED = "completion_requested"  # Art. 4.3, Awb 4:5
    IN_REVIEW = "in_review"  # being checked against the ordinance
    CONSULTATION = "consultation"  # above the threshold: referred to a wijkraadpleging (Art. 5.3-5.5)
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    REFUSED = "refused"  # Art. 6
    LEFT_UNDEALT = "left_undealt"  # buiten behandeling, Awb 4:5
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"  # carried out and accounted for

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])

    @property
    def awaits_decision(self) -> bool:
        """Whether the decision term (Art. 5.1, 5.3) is still running for it."""
        return self in (Status.INCOMPLETE, Status.RECEIVED, Status.COMPLETION_REQUESTED,
                        Status.IN_REVIEW)


_STATUS_LABELS = {
    Status.INCOMPLETE: N_("Incomplete"),
    Status.RECEIVED: N_("Received"),
    Status.COMPLETION_REQUESTED: N_("Completion requested"),
    Status.IN_REVIEW: N_("Being checked"),
    Status.CONSULTATION: N_("Referred to consultation"),
    Status.GRANTED: N_("Granted"),
    Status.PARTIALLY_GRANTED: N_("Partly granted"),
    Status.REFUSED: N_("Refused"),
    Status.LEFT_UNDEALT: N_("Left undealt with"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.COMPLETED: N_("Completed"),
}

# Art. 4.2 a-d: what a written application must contain, and how to say it is missing.
ARTICLE_4_2 = {
    "a": N_("name, contact address, phone number and signature of the applicant"),
    "b": N_("a description of the content, execution and planning, and how it improves liveability"),
    "c": N_("a cost estimate and the number of vouchers wanted"),
    "d": N_("whether subsidy was also requested elsewhere"),
}


@dataclasses.dataclass
class Applicant:
    """Who applies (Art. 4.2 a): a resident, a group with legal personality, or a group
    without it, whose contact person holds the vouchers."""

    kind: ApplicantKind = ApplicantKind.RESIDENT
    name: str = ""
    contact_person: str = ""  # required for a group without legal personality
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    id: int | None = None
    # Art. 7.2 notices name the initiatives that got vouchers; the applicant's own name only
    # with their consent (AVG/GDPR).
    publish_name: bool = False
    language: str = "nl"  # letters go out in it where the app has a translation
    town: str = ""  # woonplaats, beside the postcode: letters go in the post

    @property
    def voucher_holder(self) -> str:
        """In whose name vouchers are put (notes to Art. 5)."""
        if self.kind is ApplicantKind.GROUP:
            return self.contact_person
        return self.name


@dataclasses.dataclass
class CostLine:
    """One line of the cost estimate (Art. 4.2 c), when the applicant itemised it."""

    description: str
    amount: Decimal


@dataclasses.dataclass
class Application:
    """An application for vouchers with everything Art. 4.2 asks of it."""

    received_at: dt.datetime
    wijk_id: int
    applicant: Applicant = dataclasses.field(default_factory=Applicant)
    signed: bool = False
    title: str = ""
    description: str = ""
    execution: str = ""
    planning: str = ""
    liveability: str = ""
    cost_estimate: Decimal | None = None
    cost_lines: list[CostLine] = dataclasses.field(default_factory=list)
    vouchers_requested: int | None = None
    other_subsidy: bool | None = None  # None: the application does not say
    other_subsidy_details: str = ""
    theme: Theme | None = None
    status: Status | None = None  # None: derived from completeness on registration
    id: int | None = None
    sequence: int | None = None
    wijk: str = ""

    @property
    def year(self) -> int:
        """The budget year the application counts against: the year it was received."""
        return self.received_at.year


class Gap(NamedTuple):
    """One thing an application still lacks, with the Art. 4.2 item it belongs to."""

    item: str  # "a" .. "d"
    field: str  # the field to fill in
    message: str  # already translated, in plain words


def gaps(app: Application) -> list[Gap]:
    """What the application still lacks under Art. 4.2, field by field, in plain words."""
    a = app.applicant
    # Most applications lack nothing: asked first, in one go, without a Gap made per item.
    if (a.name.strip() and (a.contact_person.strip() or not needs_contact_person(a.kind))
            and a.address.strip() and a.phone.strip() and app.signed
            and app.description.strip() and app.execution.strip() and app.planning.strip()
            and app.liveability.strip() and app.cost_estimate is not None
            and app.vouchers_requested is not None and app.other_subsidy is not None
            and (not app.other_subsidy or app.other_subsidy_details.strip())):
        return []
    found: list[Gap] = []

    def need(item: str, field: str, ok: bool, message: str) -> None:
        if not ok:  # translated only when missing: exports ask this of every application
            found.append(Gap(item, field, _(message)))

    need("a", "applicant_name", bool(a.name.strip()), N_("The applicant's name is missing."))
    if needs_contact_person(a.kind):
        need(
            "a", "contact_person", bool(a.contact_person.strip()),
            N_("A group without legal personality needs a contact person: vouchers go in their name."),
        )
    need("a", "address", bool(a.address.strip()), N_("The contact address is missing."))
    need("a", "phone", bool(a.phone.strip()), N_("The phone number is missing."))
    need("a", "signed", app.signed, N_("The signature has not been received."))
    need("b", "description", bool(app.description.strip()), N_("Describe what the initiative is."))
    need("b", "execution", bool(app.execution.strip()), N_("Describe how it will be carried out."))
    need("b", "planning", bool(app.planning.strip()), N_("The planning is missing: when will it happen?"))
    need(
        "b", "liveability", bool(app.liveability.strip()),
        N_("Say how it improves liveability of the neighbourhood, block or street."),
    )
    need("c", "cost_estimate", app.cost_estimate is not None, N_("The cost estimate is missing."))
    need(
        "c", "vouchers_requested", app.vouchers_requested is not None,
        N_("The number of vouchers wanted is missing."),
    )
    need(
        "d", "other_subsidy", app.other_subsidy is not None,
        N_("Say whether subsidy was also requested elsewhere."),
    )
    if app.other_subsidy:
        need(
            "d", "other_subsidy_details", bool(app.other_subsidy_details.strip()),
            N_("Say where else subsidy was requested, and for how much."),
        )
    return found


def needs_contact_person(kind: ApplicantKind) -> bool:
    """Whether an applicant of this kind names a contact person (Art. 4.2a with Art. 1c):
    a group without legal personality does, the vouchers go in their name; a resident or
    a legal entity holds the vouchers itself."""
    return kind is ApplicantKind.GROUP


def may_name_contact_person(kind: ApplicantKind) -> bool:
    """Whether an applicant of this kind may name a contact person: a group must
    (``needs_contact_person``); an association may, for the letters' "t.a.v." line
    (issue 21); one resident speaks for themselves."""
    return kind in (ApplicantKind.GROUP, ApplicantKind.LEGAL_ENTITY)


def cost_lines_note(app: Application) -> str:
    """When the lines of the estimate (Art. 4.2c) do not add up to the estimate: what to
    check, in plain words; empty when they do or either is missing."""
    if app.cost_estimate is None or not app.cost_lines:
        return ""
    total = sum((line.amount for line in app.cost_lines), Decimal(0))
    if total == app.cost_estimate:
        return ""
    from .i18n import format_money

    return _("The lines add up to {total}, the estimate says {estimate}.").format(
        total=format_money(total), estimate=format_money(app.cost_estimate))


def missing_items(app: Application) -> list[str]:
    """The Art. 4.2 items (letters "a"-"d") not yet supplied, in order."""
    return sorted({gap.item for gap in gaps(app)})


def initial_status(app: Application) -> Status:
    """An incomplete application is still registered, as incomplete, as on paper (Art. 4.3)."""
    return Status.INCOMPLETE if gaps(app) else Status.RECEIVED


def replaced(record, **changes):
    """dataclasses.replace(record, **changes) for a frozen dataclass without __post_init__
    or __slots__ (Decision, Payment): the same record, made without looking up each of its
    fields by name, for the checks of a round of many decisions or payments."""
    unknown = changes.keys() - record.__dict__.keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)}")
    made = object.__new__(type(record))
    made.__dict__.update(record.__dict__, **changes)
    return made
