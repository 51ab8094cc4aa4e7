"""The guided check of one application, as a sequence of steps (core; the Qt wizard renders it).

In order: completeness (Art. 4.2), who applies (Art. 1c), the purpose (Art. 1b), the refusal
grounds of Art. 6, the permits the initiative may touch, the budget (Art. 2.5, 6e), the
route (Art. 5.1, 5.3) and the decision (Art. 5, 6). Each step says in plain words what it
asks and cites the article; ``problems`` says what still blocks going on, so a wizard can
only enable Next when the step is answered. Answers can be saved and resumed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import tomllib
from decimal import Decimal

from .decisions import Decision, Kind, split_vouchers
from .errors import UserError
from .i18n import N_, _, format_money
from .model import gaps
from .register import DESKTOP, Register
from .rules import CONSULTATION, resources_dir, route


class Step(enum.StrEnum):
    COMPLETENESS = "completeness"
    APPLICANT = "applicant"
    PURPOSE = "purpose"
    GROUNDS = "grounds"
    PERMITS = "permits"
    BUDGET = "budget"
    ROUTE = "route"
    DECISION = "decision"

    @property
    def title(self) -> str:
        return _(_TITLES[self])


_TITLES = {
    Step.COMPLETENESS: N_("Is the application complete?"),
    Step.APPLICANT: N_("Who applies?"),
    Step.PURPOSE: N_("What is it for?"),
    Step.GROUNDS: N_("Grounds for refusal"),
    Step.PERMITS: N_("Permits and rules"),
    Step.BUDGET: N_("The budget"),
    Step.ROUTE: N_("Who decides?"),
    Step.DECISION: N_("The decision"),
}


@dataclasses.dataclass
class Answers:
    residents: bool | None = None  # residents of the neighbourhood, not an institution (Art. 1c)
    for_the_neighbourhood: bool | None = None  # liveability or cohesion, not private (Art. 1b)
    grounds: dict[str, str] = dataclasses.field(default_factory=dict)  # Art. 6: letter -> reason
    permits: dict[str, bool] = dataclasses.field(default_factory=dict)
    kind: str | None = None
    amount: str | None = None  # a partial grant, as typed
    reasons: str = ""
    start_within_days: int | None = None
    members: list[int] = dataclasses.field(default_factory=list)
    decided_on: str | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Answers":
        return cls(**json.loads(text))


def permit_questions() -> list[dict]:
    with (resources_dir() / "permits.toml").open("rb") as fp:
        return tomllib.load(fp)["permits"]


class CheckFlow:
    """The check of one application in one register."""

    STEPS = list(Step)

    def __init__(self, register: Register, app_id: int):
        self.register = register
        self.app = register.application(app_id)
        self.ordinance = register.ordinance_for(self.app.wijk_id, self.app.year)
        saved = register.check_answers(app_id)
        self.answers = Answers.from_json(saved) if saved else Answers()
        if not self.answers.members:
            self.answers.members = [m.id for m in register.members()
                                    if not self.conflicted(m.name)]

    # -------------------------------------------------------------------- guidance

    def conflicted(self, member_name: str) -> bool:
        """A member who is the applicant or its contact person takes no part (conflict of
        interest)."""
        from .store import fold

        names = {fold(n).strip() for n in (self.app.applicant.name, self.app.applicant.contact_person) if n}
        return fold(member_name).strip() in names

    @property
    def route(self) -> str | None:
        return route(self.app.cost_estimate, self.ordinance)

    def guidance(self, step: Step) -> str:
        threshold = format_money(self.ordinance.consultation_threshold)
        return {
            Step.COMPLETENESS: _("Art. 4.2 asks for a. name, address, phone and signature; b. a "
                                 "description of content, execution and planning and how it "
                                 "improves liveability; c. a cost estimate and the number of "
                                 "vouchers; d. whether subsidy was asked elsewhere. If something "
                                 "is missing, ask the applicant to complete it (Art. 4.3)."),
            Step.APPLICANT: _("Applicants are residents of the designated neighbourhood: one "
                              "resident or a group of residents, organised or not. Vouchers "
                              "cannot go to professional institutions or companies (Art. 1c and "
                              "its notes)."),
            Step.PURPOSE: _("The initiative must improve the liveability of the neighbourhood, "
                            "block or street or strengthen social cohesion (Art. 1b, 1d, 1e); "
                            "not mainly a private interest, such as fixing up one's own house "
                            "(Art. 6c)."),
            Step.GROUNDS: _("Vouchers may be refused only when there is good reason to assume "
                            "one of the grounds of Art. 6. For each ground that applies, write "
                            "the reason in plain words: a refusal must be explained."),
            Step.PERMITS: _("Some initiatives need a permit or a notice to the municipality. "
                            "This does not decide the application, but tells the applicant in "
                            "time."),
            Step.BUDGET: _("A grant may not take the budget over the subsidy ceiling (Art. 2.5, "
                           "Art. 6e). Applications are dealt with in order of receipt (Art. 4.4)."),
            Step.ROUTE: _("Up to {threshold} the steering group decides within four weeks "
                          "(Art. 5.1). Above it, the steering group only decides whether the "
                          "initiative meets the ordinance, and a neighbourhood consultation "
                          "decides on the vouchers (Art. 5.3-5.5).").format(threshold=threshold),
            Step.DECISION: _("Grant the vouchers needed, grant part and explain what is left "
                             "out, or refuse on the grounds found. A condition to start within "
                             "a term is possible (Art. 5.6)."),
        }[step]

    def ceiling_left(self) -> Decimal | None:
        return self.register.ceiling_left(self.app.wijk_id, self.app.year,
                                          leaving_out=self.app.id)

    # -------------------------------------------------------------------- progress

    def problems(self, step: Step) -> list[str]:
        """What must be answered before going on from ``step`` (empty: Next is allowed)."""
        a = self.answers
        if step is Step.COMPLETENESS:
            return [g.message for g in gaps(self.app)]
        if step is Step.APPLICANT and a.residents is None:
            return [_("Say whether the applicants are residents of the neighbourhood.")]
        if step is Step.PURPOSE and a.for_the_neighbourhood is None:
            return [_("Say whether the initiative serves the neighbourhood.")]
        if step is Step.GROUNDS:
            letters = {g.letter for g in self.ordinance.refusal_grounds}
            return [_("Ground {letter} applies: write the reason.").format(letter=letter)
                    for letter, reason in sorted(a.grounds.items())
                    if letter in letters and not reason.strip()]
        if step is Step.PERMITS:
            return [_("Answer: {question}").format(question=q["question"])
                    for q in permit_questions() if q["key"] not in a.permits]
        if step is Step.DECISION:
            try:
                self.proposal()
            except UserError as exc:
                return [str(exc)]
        return []

    def suggested_kind(self) -> Kind:
        """What the answers so far point to."""
        a = self.answers
        if a.residents is False or a.for_the_neighbourhood is False or a.grounds:
            return Kind.REFUSED
        if self.route == CONSULTATION:
            return Kind.REFERRED
        return Kind.GRANTED

    def proposal(self) -> Decision:
        """The decision the answers describe, checked by the core as ``decide`` will."""
        from .decisions import check

        a = self.answers
        kind = Kind(a.kind) if a.kind else self.suggested_kind()
        grounds = dict(a.grounds)
        if a.for_the_neighbourhood is False and "c" not in grounds and kind is Kind.REFUSED:
            raise UserError(_("The initiative serves mainly a private interest: tick ground c "
                              "and write why."))
        if a.residents is False and kind is not Kind.REFUSED:
            raise UserError(_("Only residents can get vouchers (Art. 1c): refuse, and explain."))
        if kind in (Kind.GRANTED, Kind.REFERRED) and (grounds or a.for_the_neighbourhood is False):
            raise UserError(_("The check found a ground for refusal: refuse, or grant in part "
                              "and explain what is refused."))
        amount = None
        if kind is Kind.PARTIALLY_GRANTED and a.amount:
            from .money import parse_amount
            amount = parse_amount(a.amount)
        decision = Decision(
            kind=kind, decided_on=dt.date.fromisoformat(a.decided_on) if a.decided_on else dt.date.today(),
            members=tuple(a.members), amount_granted=amount,
            refusal_grounds=grounds if kind in (Kind.REFUSED, Kind.PARTIALLY_GRANTED) else {},
            reasons=a.reasons, start_within_days=a.start_within_days,
            corrects=(self.register.latest_decision(self.app.id).id
                      if self.register.latest_decision(self.app.id) else None))
        members = {m.id: m.name for m in self.register.members()}
        return check(decision, self.app, self.ordinance, member_names=members,
                     ceiling_left=self.ceiling_left(), previous=self.register.latest_decision(self.app.id),
                     completion_requests=self.register.completion_requests(self.app.id))

    def vouchers(self) -> tuple[Decimal, ...]:
        a = self.answers
        if a.kind == Kind.PARTIALLY_GRANTED.value and a.amount:
            from .money import parse_amount
            return split_vouchers(parse_amount(a.amount), self.ordinance.max_voucher_value)
        if self.app.cost_estimate is not None:
            return split_vouchers(self.app.cost_estimate, self.ordinance.max_voucher_value)
        return ()

    def save(self, actor: str = DESKTOP) -> None:
        """Keep the answers so far, to resume the check later."""
        self.register.save_check_answers(self.app.id, self.answers.to_json())

    def finish(self, actor: str = DESKTOP) -> Decision:
        """Record the decision; the register drops the saved answers with it."""
        return self.register.decide(self.app.id, self.proposal(), actor)
