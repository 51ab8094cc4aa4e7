"""The guided check of one application, as a sequence of steps (core; the Qt wizard renders it).

In order: completeness (Art. 4.2), who applies (Art. 1c), the purpose (Art. 1b), the refusal
grounds of Art. 6, the permits the initiative may touch, the budget (Art. 2.5, 6e), the
route (Art. 5.1, 5.3) and the decision (Art. 5, 6). Each step says in plain words what it
asks and cites the article; ``problems`` says what still blocks going on, so a wizard can
only enable Next when the step is answered. The flow also says what may be done with an
incomplete application: ask to complete it, with which term (Art. 4.3, Awb 4:5), or leave it
undealt with once that term ran out unused. Answers can be saved and resumed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import tomllib
from decimal import Decimal

from .conflicts import conflicted_members, is_conflicted
from .decision import Decision, Kind
from .decision import check as check_decision
from ..errors import UserError
from ..i18n import N_, _, current_language, format_date, format_money, format_number, ngettext
from ..model import gaps
from ..money import parse_amount, to_cents
from ..store import DESKTOP
from ..register import Register
from ..rules import CONSULTATION, figures, resources_dir, route

# Longer terms than these are typing mistakes, not reasonable terms.
LONGEST_COMPLETION_TERM_DAYS = 90
LONGEST_START_TERM_DAYS = 365  # Art. 5.6


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

STEPS = tuple(Step)  # in the order the check walks them

# The decisions the check offers, in the order it shows them; leaving an application undealt
# with is offered at the completeness step, not here.
DECISION_KINDS = (Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED, Kind.REFERRED)
VOUCHER_KINDS = frozenset({Kind.GRANTED, Kind.PARTIALLY_GRANTED})  # Art. 5.2
# The decision whose amount is typed: less than asked (the notes to Art. 6). A full grant
# gives what was asked (Art. 5.2); a refusal or a referral grants nothing (Art. 5.3-5.5).
AMOUNT_KINDS = frozenset({Kind.PARTIALLY_GRANTED})


class Completion(enum.StrEnum):
    """Where an application stands with what Art. 4.2 asks."""

    COMPLETE = "complete"
    MAY_REQUEST = "may_request"  # incomplete, nobody asked yet: ask to complete it
    REQUEST_OPEN = "request_open"  # asked; the term runs
    TERM_RAN_OUT = "term_ran_out"  # asked, not completed in time: it may be left undealt with


@dataclasses.dataclass
class Answers:
    residents: bool | None = None  # residents of the neighbourhood, not an institution (Art. 1c)
    for_the_neighbourhood: bool | None = None  # liveability or cohesion, not private (Art. 1b)
    grounds: dict[str, str] = dataclasses.field(default_factory=dict)  # Art. 6: letter -> reason
    permits: dict[str, bool] = dataclasses.field(default_factory=dict)
    kind: Kind | None = None  # None: what the answers so far suggest
    amount: Decimal | None = None  # a partial grant
    reasons: str = ""
    start_within_days: int | None = None  # Art. 5.6
    members: list[int] = dataclasses.field(default_factory=list)
    decided_on: dt.date | None = None  # None: today

    def key(self) -> tuple:
        """The answers as one comparable value: what the proposal is kept for."""
        return (self.residents, self.for_the_neighbourhood, tuple(sorted(self.grounds.items())),
                tuple(sorted(self.permits.items())), self.kind, self.amount, self.reasons,
                self.start_within_days, tuple(self.members), self.decided_on)

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value if self.kind else None
        data["amount"] = to_cents(self.amount) if self.amount is not None else None
        data["decided_on"] = self.decided_on.isoformat() if self.decided_on else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Answers":
        data = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        data["kind"] = Kind(data["kind"]) if data.get("kind") else None
        data["decided_on"] = (dt.date.fromisoformat(data["decided_on"])
                              if data.get("decided_on") else None)
        amount = data.get("amount")
        if isinstance(amount, int):
            data["amount"] = (Decimal(amount) / 100).quantize(Decimal("0.01"))
        elif isinstance(amount, str):  # saved by an earlier version: the amount as typed
            try:
                data["amount"] = parse_amount(amount)
            except UserError:
                data["amount"] = None
        return cls(**data)


def permit_questions(language: str | None = None) -> list[dict]:
    """The permits and rules the check asks about (resources/permits.toml), each with its
    "question" and "guidance" in ``language`` (the current one unless given): the
    ``question_en``-style text where the list has one, the Dutch one otherwise."""
    language = language or current_language()
    with (resources_dir() / "permits.toml").open("rb") as fp:
        permits = tomllib.load(fp)["permits"]
    return [{**permit, **{field: permit.get(f"{field}_{language}", permit[field])
                          for field in ("question", "guidance") if field in permit}}
            for permit in permits]


class CheckFlow:
    """The check of one application in one register.

    What the check needs from the register is read once, when it starts; the decision the
    answers lead to is worked out once for each change of the answers."""

    STEPS = STEPS

    def __init__(self, register: Register, app_id: int, today: dt.date | None = None):
        self.register = register
        self.today = today or dt.date.today()
        self.app = register.application(app_id)
        self.ordinance = register.ordinance_for(self.app.wijk_id, self.app.year)
        self.gaps = gaps(self.app)
        self.members = register.members()
        self.member_names = {m.id: m.name for m in self.members}
        self.previous = register.latest_decision(app_id)
        self.completion_requests = register.completion_requests(app_id)
        self._ceiling_left = register.ceiling_left(self.app.wijk_id, self.app.year,
                                                   leaving_out=self.app.id)
        self._conflicted = conflicted_members(self.member_names, self.app)
        saved = register.check_answers(app_id)
        self.answers = Answers.from_json(saved) if saved else Answers()
        if not self.answers.members:
            self.answers.members = [m.id for m in self.members if m.id not in self._conflicted]
        self.amount_problem: str | None = None  # an amount typed that is not one
        self.date_problem: str | None = None  # a decision date typed that is not one
        self._proposed: tuple[tuple, Decision | UserError] | None = None

    # -------------------------------------------------------------------- guidance

    @property
    def steps(self) -> tuple[Step, ...]:
        return STEPS

    def conflicted(self, member_name: str) -> bool:
        """A member who is the applicant or its contact person takes no part (conflict of
        interest, regiegroep.deciding.conflicts)."""
        return is_conflicted(member_name, self.app)

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
            Step.ROUTE: _("Up to {threshold} the steering group decides within {term} "
                          "(Art. 5.1). Above it, the steering group only decides whether the "
                          "initiative meets the ordinance, and a neighbourhood consultation "
                          "decides on the vouchers (Art. 5.3-5.5).").format(
                              threshold=threshold, term=figures(self.ordinance)["decision_term"]),
            Step.DECISION: _("Grant the vouchers needed, grant part and explain what is left "
                             "out, or refuse on the grounds found. A condition to start within "
                             "a term is possible (Art. 5.6).") if self.route != CONSULTATION
            else _("Above the threshold the steering group decides only whether the initiative "
                   "meets the ordinance: refer it to a neighbourhood consultation, which "
                   "decides on the vouchers, or refuse on the grounds found (Art. 5.3-5.5)."),
        }[step]

    def ceiling_left(self) -> Decimal | None:
        return self._ceiling_left

    def over_the_ceiling(self) -> bool:
        """Whether the full amount asked would take the budget over the subsidy ceiling, so
        that only less, or a refusal on ground e, is possible (Art. 2.5, 6e)."""
        left, cost = self._ceiling_left, self.app.cost_estimate
        return left is not None and cost is not None and cost > left

    def budget_advice(self) -> list[str]:
        """What the budget step tells the volunteer, paragraph by paragraph."""
        app, left, cost = self.app, self._ceiling_left, self.app.cost_estimate
        if left is None:
            return [_("There is no budget for {wijk} in {year}.").format(wijk=app.wijk, year=app.year)]
        advice = [_("Asked: {cost}. Left under the subsidy ceiling of {wijk} in {year}: {left}.").format(
            cost=format_money(cost) if cost is not None else _("no cost estimate yet"),
            wijk=app.wijk, year=app.year, left=format_money(left))]
        if self.over_the_ceiling():
            advice[0] += "\n" + _("The full amount does not fit: refuse on ground e, or grant less.")
        count, asked = self.register.waiting_before(app)
        if count:
            advice.append(ngettext(
                "{n} application received earlier is still waiting, asking {amount}; in order "
                "of receipt it comes first (Art. 4.4).",
                "{n} applications received earlier are still waiting, asking {amount} in all; in "
                "order of receipt they come first (Art. 4.4).", count).format(
                    n=format_number(count), amount=format_money(asked)))
        return advice

    def route_advice(self) -> str:
        threshold = format_money(self.ordinance.consultation_threshold)
        if self.route == CONSULTATION:
            return _("Above {threshold}: the steering group checks, a neighbourhood "
                     "consultation decides.").format(threshold=threshold)
        return _("Up to {threshold}: the steering group decides.").format(threshold=threshold)

    # ---------------------------------------------------- completion (Art. 4.3, Awb 4:5)

    @property
    def open_request(self):
        """The request to complete that is still open, if any."""
        requests = self.completion_requests
        return requests[-1] if requests and requests[-1].completed_on is None else None

    def completion(self) -> Completion:
        if not self.gaps:
            return Completion.COMPLETE
        request = self.open_request
        if request is None:
            return Completion.MAY_REQUEST
        return Completion.TERM_RAN_OUT if request.term_ends < self.today else Completion.REQUEST_OPEN

    def completion_advice(self) -> str:
        """What the completeness step says about the request to complete."""
        request = self.open_request
        state = self.completion()
        if state is Completion.TERM_RAN_OUT:
            return _("The term to complete ran out on {date} unused.").format(
                date=format_date(request.term_ends))
        if state is Completion.REQUEST_OPEN:
            return _("Asked on {asked} to complete it by {date}.").format(
                asked=format_date(request.requested_on), date=format_date(request.term_ends))
        return ""

    @property
    def may_request_completion(self) -> bool:
        return self.completion() is Completion.MAY_REQUEST

    @property
    def completion_term_days(self) -> int:
        """The term offered to complete the application (Art. 4.3, Awb 4:5): the ordinance's."""
        return self.ordinance.completion_term_days

    def request_completion(self, term_days: int | None = None, actor: str = DESKTOP):
        """Ask the applicant, today, to complete the application within the term."""
        return self.register.request_completion(
            self.app.id, self.today, term_days or self.completion_term_days, actor)

    @property
    def may_leave_undealt(self) -> bool:
        """Only after a request to complete whose term ran out unused (Awb 4:5)."""
        return self.completion() is Completion.TERM_RAN_OUT

    def leave_undealt(self, actor: str = DESKTOP) -> Decision:
        self.answers.kind = Kind.LEFT_UNDEALT
        self.answers.decided_on = self.today
        return self.finish(actor)

    # -------------------------------------------------------------------- progress

    def answered(self, step: Step) -> bool:
        """Whether the volunteer answered anything at ``step`` yet: until then a wizard says
        nothing is wrong there (Next stays off all the same)."""
        a = self.answers
        return {Step.COMPLETENESS: False, Step.APPLICANT: a.residents is not None,
                Step.PURPOSE: a.for_the_neighbourhood is not None, Step.GROUNDS: bool(a.grounds),
                Step.PERMITS: bool(a.permits), Step.BUDGET: False, Step.ROUTE: False,
                Step.DECISION: True}[step]

    def problems(self, step: Step) -> list[str]:
        """What must be answered before going on from ``step`` (empty: Next is allowed)."""
        a = self.answers
        if step is Step.COMPLETENESS:
            return [g.message for g in self.gaps]
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
            if self.amount_problem or self.date_problem:
                return [p for p in (self.amount_problem, self.date_problem) if p]
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

    def suggested_grounds(self) -> set[str]:
        """Grounds of Art. 6 the earlier answers point to: mainly a private interest is
        ground c."""
        return {"c"} if self.answers.for_the_neighbourhood is False else set()

    @property
    def kind(self) -> Kind:
        """The decision chosen, or else the one suggested."""
        return self.answers.kind or self.suggested_kind()

    def allowed_kinds(self) -> frozenset[Kind]:
        """What the route allows: up to the threshold the steering group grants or refuses
        (Art. 5.1); above it, it refuses or refers to a consultation (Art. 5.3)."""
        if self.route == CONSULTATION:
            return frozenset({Kind.REFUSED, Kind.REFERRED})
        return frozenset({Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED})

    def gives_vouchers(self, kind: Kind | None = None) -> bool:
        return (kind or self.kind) in VOUCHER_KINDS

    def takes_amount(self, kind: Kind | None = None) -> bool:
        """Whether the decision (the one chosen unless given) has an amount to type: only a
        partial grant; a referral leaves the vouchers to the consultation."""
        return (kind or self.kind) in AMOUNT_KINDS

    def takes_start_term(self, kind: Kind | None = None) -> bool:
        """Whether the decision can carry the condition to start within a term (Art. 5.6):
        a condition of a grant, so only a decision that gives vouchers."""
        return self.gives_vouchers(kind)

    def type_amount(self, text: str) -> None:
        """Take the amount of a partial grant as typed; an amount that is not one is a
        problem of the decision step."""
        self.amount_problem = None
        self.answers.amount = None
        if text.strip():
            try:
                self.answers.amount = parse_amount(text)
            except UserError as exc:
                self.amount_problem = str(exc)

    def type_date(self, text: str) -> None:
        """Take the decision's date as typed (2-3-2026, 2026-03-02, ...); text that is no
        date is a problem of the decision step, and the last date typed is not kept."""
        from ..exchange.importer import parse_received

        self.date_problem = None
        try:
            self.answers.decided_on = parse_received(text).date()
        except UserError as exc:
            self.date_problem = _("Decided on: {problem}").format(problem=exc)

    def proposal(self) -> Decision:
        """The decision the answers describe, checked by the core as ``decide`` will; worked
        out once for each change of the answers. Raises UserError."""
        key = self.answers.key()
        if self._proposed is None or self._proposed[0] != key:
            try:
                found: Decision | UserError = self._propose()
            except UserError as exc:
                found = exc
            self._proposed = (key, found)
        found = self._proposed[1]
        if isinstance(found, UserError):
            raise found
        return found

    def _propose(self) -> Decision:
        a = self.answers
        kind = self.kind
        grounds = dict(a.grounds)
        if a.for_the_neighbourhood is False and "c" not in grounds and kind is Kind.REFUSED:
            raise UserError(_("The initiative serves mainly a private interest: tick ground c "
                              "and write why."))
        if a.residents is False and kind is not Kind.REFUSED:
            raise UserError(_("Only residents can get vouchers (Art. 1c): refuse, and explain."))
        if kind is Kind.PARTIALLY_GRANTED and not grounds:  # the notes to Art. 6
            raise UserError(_("A partial grant refuses the rest on a ground of Art. 6: go back "
                              "to “{step}” and tick the ground (a-e) that applies to the part "
                              "refused, with its reason.").format(step=Step.GROUNDS.title))
        if kind in (Kind.GRANTED, Kind.REFERRED) and (grounds or a.for_the_neighbourhood is False):
            raise UserError(_("The check found a ground for refusal: refuse, or grant in part "
                              "and explain what is refused."))
        decision = Decision(
            kind=kind, decided_on=a.decided_on or self.today, members=tuple(a.members),
            amount_granted=a.amount if kind is Kind.PARTIALLY_GRANTED else None,
            refusal_grounds=grounds if kind in (Kind.REFUSED, Kind.PARTIALLY_GRANTED) else {},
            reasons=a.reasons,
            start_within_days=a.start_within_days if self.takes_start_term(kind) else None,
            corrects=self.previous.id if self.previous else None)
        return check_decision(decision, self.app, self.ordinance, member_names=self.member_names,
                              ceiling_left=self._ceiling_left, previous=self.previous,
                              today=self.today, completion_requests=self.completion_requests)

    def vouchers(self) -> tuple[Decimal, ...]:
        """The vouchers the decision chosen would give (Art. 1a), as soon as it is known:
        the very ones issuing them will make (after what was paid already)."""
        a = self.answers
        if not self.gives_vouchers():
            return ()
        if self.kind is Kind.PARTIALLY_GRANTED:
            amount = a.amount
        else:
            amount = self.app.cost_estimate
        if amount is None:
            return ()
        from ..vouchers.issuing import proposal  # the one split, the one issue_vouchers will make

        return proposal(self.register, self.app.id, amount)

    def save(self, actor: str = DESKTOP) -> None:
        """Keep the answers so far, to resume the check later."""
        self.register.save_check_answers(self.app.id, self.answers.to_json())

    def finish(self, actor: str = DESKTOP) -> Decision:
        """Record the decision; the register drops the saved answers with it."""
        return self.register.decide(self.app.id, self.proposal(), actor)
