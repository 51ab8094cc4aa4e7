"""The guided check as a Qt wizard: one page per step of regiegroep.check.CheckFlow.

The pages only render the core's steps: what each asks, its guidance citing the article,
and what still blocks going on (Next stays disabled until the step is answered). Cancel
keeps the answers so the check can be resumed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
    QWizard, QWizardPage,
)

from regiegroep.check import CheckFlow, Step, permit_questions
from regiegroep.decisions import Kind
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date, format_money, format_number, ngettext
from regiegroep.model import gaps
from ui.widgets import error_label


class _Page(QWizardPage):
    def __init__(self, flow: CheckFlow, step: Step):
        super().__init__()
        self.flow, self.step = flow, step
        self.setTitle(step.title)
        layout = QVBoxLayout(self)
        guidance = QLabel(flow.guidance(step))
        guidance.setWordWrap(True)
        guidance.setStyleSheet("color: #444;")
        layout.addWidget(guidance)
        self.body = QVBoxLayout()
        layout.addLayout(self.body)
        layout.addStretch()
        self.problem_label = error_label()
        layout.addWidget(self.problem_label)

    def changed(self) -> None:
        problems = self.flow.problems(self.step)
        self.problem_label.setText("\n".join(problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.flow.problems(self.step)

    def initializePage(self) -> None:
        self.changed()


def _yes_no(page: _Page, question: str, value, store) -> QButtonGroup:
    label = QLabel(question)
    label.setWordWrap(True)
    page.body.addWidget(label)
    yes, no = QRadioButton(_("Yes")), QRadioButton(_("No"))
    group = QButtonGroup(page)
    group.addButton(yes, 1)
    group.addButton(no, 0)
    yes.setChecked(value is True)
    no.setChecked(value is False)
    group.idClicked.connect(lambda id_: (store(bool(id_)), page.changed()))
    page.body.addWidget(yes)
    page.body.addWidget(no)
    return group


class CompletenessPage(_Page):
    """Complete: go on. Incomplete: ask the applicant to complete it, with a term (Art. 4.3,
    Awb 4:5); when that term ran out unused, leave the application undealt with."""

    def __init__(self, flow):
        super().__init__(flow, Step.COMPLETENESS)
        found = gaps(flow.app)
        label = QLabel(_("Complete: everything Art. 4.2 asks is there.") if not found else
                       _("Still missing (Art. 4.2):") + "\n" +
                       "\n".join("• " + g.message for g in found))
        label.setWordWrap(True)
        self.body.addWidget(label)
        self.request_button = self.undealt_button = None
        if not found:
            return
        requests = flow.register.completion_requests(flow.app.id)
        open_request = requests[-1] if requests and requests[-1].completed_on is None else None
        if open_request is None:
            row = QHBoxLayout()
            self.term = QSpinBox()
            self.term.setRange(1, 90)
            self.term.setValue(14)
            self.term.setSuffix(" " + _("days"))
            self.request_button = QPushButton(_("Ask the applicant to complete it"))
            self.request_button.clicked.connect(self.request_completion)
            row.addWidget(QLabel(_("Term to complete:")))
            row.addWidget(self.term)
            row.addWidget(self.request_button)
            row.addStretch()
            self.body.addLayout(row)
        elif open_request.term_ends < dt.date.today():
            note = QLabel(_("The term to complete ran out on {date} unused.").format(
                date=format_date(open_request.term_ends)))
            self.body.addWidget(note)
            self.undealt_button = QPushButton(_("Leave the application undealt with (Awb 4:5)"))
            self.undealt_button.clicked.connect(self.leave_undealt)
            self.body.addWidget(self.undealt_button)
        else:
            self.body.addWidget(QLabel(_("Asked on {asked} to complete it by {date}.").format(
                asked=format_date(open_request.requested_on), date=format_date(open_request.term_ends))))

    def request_completion(self) -> None:
        try:
            self.flow.register.request_completion(self.flow.app.id, dt.date.today(),
                                                  self.term.value())
        except UserError as exc:
            QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        self.wizard().outcome = "completion_requested"
        self.wizard().done(QWizard.DialogCode.Accepted)

    def leave_undealt(self) -> None:
        self.flow.answers.kind = Kind.LEFT_UNDEALT.value
        self.flow.answers.decided_on = dt.date.today().isoformat()
        try:
            self.wizard().decision = self.flow.finish()
        except UserError as exc:
            QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        self.wizard().outcome = "decided"
        self.wizard().done(QWizard.DialogCode.Accepted)


class ApplicantPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.APPLICANT)
        a = flow.app.applicant
        self.body.addWidget(QLabel(_("Applicant: {name} ({kind})").format(name=a.name, kind=a.kind.label)))
        self.group = _yes_no(self, _("Are the applicants residents of {wijk}, not an institution "
                                     "or a company?").format(wijk=flow.app.wijk),
                             flow.answers.residents, lambda v: setattr(flow.answers, "residents", v))


class PurposePage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.PURPOSE)
        summary = QLabel(f"<b>{flow.app.title}</b><br>{flow.app.liveability}")
        summary.setWordWrap(True)
        self.body.addWidget(summary)
        self.group = _yes_no(self, _("Does it improve liveability or cohesion in the "
                                     "neighbourhood, rather than mainly serving the applicant?"),
                             flow.answers.for_the_neighbourhood,
                             lambda v: setattr(flow.answers, "for_the_neighbourhood", v))


class GroundsPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.GROUNDS)
        self.boxes: dict[str, tuple[QCheckBox, QPlainTextEdit]] = {}
        for ground in flow.ordinance.refusal_grounds:
            box = QCheckBox(_("{letter}. {text}").format(letter=ground.letter, text=ground.text))
            box.setToolTip(ground.guidance)
            reason = QPlainTextEdit(flow.answers.grounds.get(ground.letter, ""))
            reason.setPlaceholderText(_("Why, in plain words"))
            reason.setFixedHeight(48)
            box.setChecked(ground.letter in flow.answers.grounds)
            reason.setVisible(box.isChecked())
            box.toggled.connect(lambda on, r=reason: (r.setVisible(on), self.store()))
            reason.textChanged.connect(self.store)
            self.body.addWidget(box)
            self.body.addWidget(reason)
            self.boxes[ground.letter] = (box, reason)

    def store(self) -> None:
        self.flow.answers.grounds = {letter: reason.toPlainText()
                                     for letter, (box, reason) in self.boxes.items() if box.isChecked()}
        self.changed()


class PermitsPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.PERMITS)
        self.boxes = {}
        for question in permit_questions():
            box = QCheckBox(question["question"])
            box.setToolTip(question["guidance"])
            box.setChecked(flow.answers.permits.get(question["key"], False))
            box.toggled.connect(self.store)
            self.body.addWidget(box)
            self.boxes[question["key"]] = box

    def initializePage(self) -> None:
        self.store()

    def store(self) -> None:
        self.flow.answers.permits = {key: box.isChecked() for key, box in self.boxes.items()}
        self.changed()


class BudgetPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.BUDGET)
        left = flow.ceiling_left()
        cost = flow.app.cost_estimate
        text = (_("Asked: {cost}. Left under the subsidy ceiling of {wijk} in {year}: {left}.").format(
            cost=format_money(cost) if cost is not None else _("no cost estimate yet"),
            wijk=flow.app.wijk, year=flow.app.year,
            left=format_money(left)) if left is not None else
            _("There is no budget for {wijk} in {year}.").format(wijk=flow.app.wijk, year=flow.app.year))
        if left is not None and cost is not None and cost > left:
            text += "\n" + _("The full amount does not fit: refuse on ground e, or grant less.")
        count, asked = flow.register.waiting_before(flow.app)
        if count:
            text += "\n\n" + ngettext(
                "{n} application received earlier is still waiting, asking {amount}; in order "
                "of receipt it comes first (Art. 4.4).",
                "{n} applications received earlier are still waiting, asking {amount} in all; in "
                "order of receipt they come first (Art. 4.4).", count).format(
                    n=format_number(count), amount=format_money(asked))
        label = QLabel(text)
        label.setWordWrap(True)
        self.body.addWidget(label)


class RoutePage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.ROUTE)
        label = QLabel(_("Above {threshold}: the steering group checks, a neighbourhood "
                         "consultation decides.").format(threshold=format_money(flow.ordinance.consultation_threshold))
                       if flow.route == "consultation" else
                       _("Up to {threshold}: the steering group decides.").format(
                           threshold=format_money(flow.ordinance.consultation_threshold)))
        label.setWordWrap(True)
        self.body.addWidget(label)


class DecisionPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.DECISION)
        a = flow.answers
        self.kinds = QButtonGroup(self)
        consultation = flow.route == "consultation"
        for index, kind in enumerate((Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED, Kind.REFERRED)):
            button = QRadioButton(kind.label)
            button.setEnabled((kind is Kind.REFERRED) == consultation or kind is Kind.REFUSED)
            self.kinds.addButton(button, index)
            self.body.addWidget(button)
        self._kinds = (Kind.GRANTED, Kind.PARTIALLY_GRANTED, Kind.REFUSED, Kind.REFERRED)
        self._user_chose = bool(a.kind)  # resumed: keep what was chosen
        if a.kind:
            self.kinds.button(self._kinds.index(Kind(a.kind))).setChecked(True)
        self.kinds.idClicked.connect(self._chosen)
        form = QFormLayout()
        self.amount = QLineEdit(a.amount or "")
        self.amount.setPlaceholderText(_("e.g. 4.900"))
        form.addRow(_("Amount granted (partial grant)"), self.amount)
        self.reasons = QPlainTextEdit(a.reasons)
        self.reasons.setFixedHeight(60)
        form.addRow(_("Reasons"), self.reasons)
        self.start = QSpinBox()
        self.start.setRange(0, 365)
        self.start.setSpecialValueText(_("no condition"))
        self.start.setValue(a.start_within_days or 0)
        form.addRow(_("Start within (days, Art. 5.6)"), self.start)
        self.date = QDateEdit(QDate(dt.date.fromisoformat(a.decided_on) if a.decided_on else dt.date.today()))
        self.date.setCalendarPopup(True)
        form.addRow(_("Decided on"), self.date)
        members = QWidget()
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 0, 0, 0)
        self.members = {}
        for member in flow.register.members():
            box = QCheckBox(member.name)
            if flow.conflicted(member.name):
                box.setEnabled(False)
                box.setToolTip(_("Applied for this initiative: takes no part in the decision."))
            box.setChecked(member.id in a.members)
            box.toggled.connect(lambda _on: self.store())
            members_layout.addWidget(box)
            self.members[member.id] = box
        form.addRow(_("Decided by"), members)
        self.body.addLayout(form)
        self.vouchers = QLabel()
        self.body.addWidget(self.vouchers)
        for widget in (self.amount,):
            widget.textChanged.connect(lambda _t: self.store())
        self.reasons.textChanged.connect(self.store)
        self.start.valueChanged.connect(lambda _v: self.store())
        self.date.dateChanged.connect(lambda _d: self.store())

    def _chosen(self, _index: int) -> None:
        self._user_chose = True
        self.store()

    def initializePage(self) -> None:
        # What the earlier steps point to, unless the volunteer already chose.
        if not self._user_chose:
            suggested = self.flow.suggested_kind()
            self.kinds.button(self._kinds.index(suggested)).setChecked(True)
        self.store()

    def store(self) -> None:
        a = self.flow.answers
        a.kind = self._kinds[self.kinds.checkedId()].value
        a.amount = self.amount.text().strip() or None
        a.reasons = self.reasons.toPlainText()
        a.start_within_days = self.start.value() or None
        a.decided_on = self.date.date().toPython().isoformat()
        a.members = [i for i, box in self.members.items() if box.isChecked()]
        try:
            vouchers = self.flow.vouchers() if a.kind in ("granted", "partially_granted") else ()
        except UserError:
            vouchers = ()
        self.vouchers.setText(_("Vouchers: {list}").format(
            list=", ".join(format_money(v) for v in vouchers)) if vouchers else "")
        self.changed()


class CheckWizard(QWizard):
    """Check one application and record the decision; Cancel keeps the answers."""

    def __init__(self, flow: CheckFlow, parent=None):
        super().__init__(parent)
        self.flow = flow
        self.decision = None
        self.outcome = None  # "decided" or "completion_requested" once something is recorded
        self.setWindowTitle(_("Check application {sequence}: {title}").format(
            sequence=flow.app.sequence, title=flow.app.title))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(720, 620)
        for page in (CompletenessPage, ApplicantPage, PurposePage, GroundsPage, PermitsPage,
                     BudgetPage, RoutePage, DecisionPage):
            self.addPage(page(flow))

    def accept(self) -> None:
        try:
            self.decision = self.flow.finish()
        except UserError as exc:
            QMessageBox.warning(self, _("The decision was not recorded"), str(exc))
            return
        self.outcome = "decided"
        super().accept()

    def reject(self) -> None:
        self.flow.save()  # to resume later
        super().reject()
