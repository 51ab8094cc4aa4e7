"""The guided check as a Qt wizard: one page per step of regiegroep.check.CheckFlow.

The pages only render the core's steps: what each asks, its guidance citing the article,
and what still blocks going on (Next stays disabled until the step is answered). What is
allowed, suggested and proposed comes from the flow. Cancel keeps the answers so the check
can be resumed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
    QWizard, QWizardPage,
)

from regiegroep.deciding.check import (
    DECISION_KINDS,
    LONGEST_COMPLETION_TERM_DAYS,
    LONGEST_START_TERM_DAYS,
    CheckFlow,
    Step,
    permit_questions,
)
from regiegroep.deciding.summary import pending_decision, pending_undealt
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_money
from regiegroep.rules.ordinance_texts import ground_text
from ui.widgets import date_field, error_label


def _named(widget: QWidget, name: str, description: str = "") -> QWidget:
    """What a screen reader says for a control (a label beside it is not always enough)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


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
        # Nothing is called wrong before the volunteer answered something here.
        problems = self.flow.problems(self.step) if self.flow.answered(self.step) else []
        self.problem_label.setText("\n".join(problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.flow.problems(self.step)

    def initializePage(self) -> None:
        self.changed()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self, self._focus_first)  # not after the page is gone

    def _focus_first(self) -> None:
        """The page opens with the focus, visibly, on its first answer (not on no widget):
        a keyboard starts answering at once."""
        from PySide6.QtCore import Qt

        from ui.accessibility import controls

        if self.wizard() is None or self.wizard().currentPage() is not self:
            return
        for widget in controls(self):
            if widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.wizard().button(which)  # nothing to answer here: on to the next
            if button.isVisible() and button.isEnabled():
                button.setFocus(Qt.FocusReason.TabFocusReason)
                return


def _yes_no(page: _Page, question: str, value, store) -> QButtonGroup:
    label = QLabel(question)
    label.setWordWrap(True)
    page.body.addWidget(label)
    # Named with their question: a screen reader meeting "Yes" alone cannot say to what.
    yes = _named(QRadioButton(_("Yes")), _("{question} {answer}").format(
        question=question, answer=_("Yes")), question)
    no = _named(QRadioButton(_("No")), _("{question} {answer}").format(
        question=question, answer=_("No")), question)
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
        found = flow.gaps
        label = QLabel(_("Complete: everything Art. 4.2 asks is there.") if not found else
                       _("Still missing (Art. 4.2):") + "\n" +
                       "\n".join("• " + g.message for g in found))
        label.setWordWrap(True)
        self.body.addWidget(label)
        self.request_button = self.undealt_button = None
        if flow.may_request_completion:
            row = QHBoxLayout()
            self.term = _named(QSpinBox(), _("Term to complete:"))
            self.term.setRange(1, LONGEST_COMPLETION_TERM_DAYS)
            self.term.setValue(flow.completion_term_days)
            self.term.setSuffix(" " + _("days"))
            self.request_button = _named(QPushButton(_("Ask the applicant to complete it")),
                                         _("Ask the applicant to complete it"))
            self.request_button.clicked.connect(self.request_completion)
            term_label = QLabel(_("Term to complete:"))
            term_label.setBuddy(self.term)
            row.addWidget(term_label)
            row.addWidget(self.term)
            row.addWidget(self.request_button)
            row.addStretch()
            self.body.addLayout(row)
        elif flow.completion_advice():
            note = QLabel(flow.completion_advice())
            note.setWordWrap(True)
            self.body.addWidget(note)
        if flow.may_leave_undealt:
            self.undealt_button = _named(
                QPushButton(_("Leave the application undealt with (Awb 4:5)")),
                _("Leave the application undealt with (Awb 4:5)"))
            self.undealt_button.clicked.connect(self.leave_undealt)
            self.body.addWidget(self.undealt_button)

    def request_completion(self) -> None:
        try:
            self.flow.request_completion(self.term.value())
        except UserError as exc:
            QMessageBox.warning(self, _("Regiegroep"), str(exc))
            return
        self.wizard().outcome = "completion_requested"
        self.wizard().done(QWizard.DialogCode.Accepted)

    def leave_undealt(self) -> None:
        try:
            if not self.wizard().confirmed(pending_undealt(self.flow)):
                return  # nothing recorded
            self.wizard().decision = self.flow.leave_undealt()
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
            text = _("{letter}. {text}").format(  # the ground in the screen's language
                letter=ground.letter, text=ground_text(flow.ordinance, ground.letter) or ground.text)
            box = _named(QCheckBox(text), text, ground.guidance)
            box.setToolTip(ground.guidance)
            reason = QPlainTextEdit(flow.answers.grounds.get(ground.letter, ""))
            _named(reason, _("Why ground {letter} applies").format(letter=ground.letter))
            reason.setPlaceholderText(_("Why, in plain words"))
            reason.setFixedHeight(48)
            box.setChecked(ground.letter in flow.answers.grounds)
            reason.setVisible(box.isChecked())
            box.toggled.connect(lambda on, r=reason: (r.setVisible(on), self.store()))
            reason.textChanged.connect(self.store)
            self.body.addWidget(box)
            self.body.addWidget(reason)
            self.boxes[ground.letter] = (box, reason)

    def initializePage(self) -> None:
        # What the earlier answers point to (a private interest: ground c) is ticked already.
        for letter in self.flow.suggested_grounds():
            if letter in self.boxes:
                self.boxes[letter][0].setChecked(True)
        self.changed()

    def store(self) -> None:
        self.flow.answers.grounds = {letter: reason.toPlainText()
                                     for letter, (box, reason) in self.boxes.items() if box.isChecked()}
        self.changed()


class PermitsPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.PERMITS)
        self.boxes = {}
        for question in permit_questions():
            box = _named(QCheckBox(question["question"]), question["question"], question["guidance"])
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
        label = QLabel("\n\n".join(flow.budget_advice()))
        label.setWordWrap(True)
        self.body.addWidget(label)


class RoutePage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.ROUTE)
        label = QLabel(flow.route_advice())
        label.setWordWrap(True)
        self.body.addWidget(label)


class DecisionPage(_Page):
    def __init__(self, flow):
        super().__init__(flow, Step.DECISION)
        a = flow.answers
        self.kinds = QButtonGroup(self)
        allowed = flow.allowed_kinds()
        for index, kind in enumerate(DECISION_KINDS):
            button = _named(QRadioButton(kind.label), _("{question} {answer}").format(
                question=_("Decision"), answer=kind.label))
            button.setEnabled(kind in allowed)
            self.kinds.addButton(button, index)
            self.body.addWidget(button)
        self.kinds.idClicked.connect(self._chosen)
        form = QFormLayout()
        self.amount = _named(QLineEdit(format_money(a.amount) if a.amount is not None
                                       else ""), _("Amount granted (partial grant)"))
        self.amount.setPlaceholderText(_("e.g. 4.900"))
        form.addRow(_("Amount granted (partial grant)"), self.amount)
        self.reasons = _named(QPlainTextEdit(a.reasons), _("Reasons"))
        self.reasons.setFixedHeight(60)
        form.addRow(_("Reasons"), self.reasons)
        self.start = _named(QSpinBox(), _("Start within (days, Art. 5.6)"))
        self.start.setRange(0, LONGEST_START_TERM_DAYS)
        self.start.setSpecialValueText(_("no condition"))
        self.start.setValue(a.start_within_days or 0)
        form.addRow(_("Start within (days, Art. 5.6)"), self.start)
        self.date = _named(date_field(a.decided_on or flow.today), _("Decided on"))
        form.addRow(_("Decided on"), self.date)
        members = QWidget()
        members_layout = QVBoxLayout(members)
        members_layout.setContentsMargins(0, 0, 0, 0)
        self.members = {}
        for member in flow.members:
            box = _named(QCheckBox(member.name), member.name, _("Decided by"))
            if flow.conflicted(member.name):
                box.setEnabled(False)
                box.setToolTip(_("Applied for this initiative: takes no part in the decision."))
                box.setAccessibleDescription(box.toolTip())
            box.setChecked(member.id in a.members)
            box.toggled.connect(lambda _on: self.store())
            members_layout.addWidget(box)
            self.members[member.id] = box
        form.addRow(_("Decided by"), members)
        self.body.addLayout(form)
        self.vouchers = QLabel()
        self.body.addWidget(self.vouchers)
        # What was typed in a field the decision chosen has not, back when it has it again.
        self._put_aside = {self.amount: "", self.start: 0}
        self.amount.textChanged.connect(lambda _t: self.store())
        self.reasons.textChanged.connect(self.store)
        self.start.valueChanged.connect(lambda _v: self.store())
        self.date.textChanged.connect(lambda _t: self.store())

    def _chosen(self, index: int) -> None:
        self.flow.answers.kind = DECISION_KINDS[index]
        self._fit_to_kind()
        self.store()

    def initializePage(self) -> None:
        # What the earlier steps point to, unless the volunteer already chose.
        self.kinds.button(DECISION_KINDS.index(self.flow.kind)).setChecked(True)
        self._fit_to_kind()
        self.store()

    def _fit_to_kind(self) -> None:
        """The amount and the start term can be filled in only where the decision chosen has
        them (the flow says which): a referral or a refusal grants nothing, a full grant
        gives what was asked. They are empty then; what was typed comes back with them."""
        for field, on in ((self.amount, self.flow.takes_amount()),
                          (self.start, self.flow.takes_start_term())):
            if on == field.isEnabled():
                continue
            field.blockSignals(True)  # store() follows, once
            if isinstance(field, QLineEdit):
                if not on:
                    self._put_aside[field] = field.text()
                field.setText(self._put_aside[field] if on else "")
                field.setPlaceholderText(_("e.g. 4.900") if on else "")  # nothing to type
            else:
                if not on:
                    self._put_aside[field] = field.value()
                field.setValue(self._put_aside[field] if on else 0)
            field.blockSignals(False)
            field.setEnabled(on)

    def store(self) -> None:
        a = self.flow.answers
        self.flow.type_amount(self.amount.text())
        a.reasons = self.reasons.toPlainText()
        a.start_within_days = self.start.value() or None
        self.flow.type_date(self.date.text())
        a.members = [i for i, box in self.members.items() if box.isChecked()]
        vouchers = self.flow.vouchers()
        self.vouchers.setText(_("Vouchers: {list}").format(
            list=", ".join(format_money(v) for v in vouchers)) if vouchers else "")
        self.changed()


_PAGES = {Step.COMPLETENESS: CompletenessPage, Step.APPLICANT: ApplicantPage,
          Step.PURPOSE: PurposePage, Step.GROUNDS: GroundsPage, Step.PERMITS: PermitsPage,
          Step.BUDGET: BudgetPage, Step.ROUTE: RoutePage, Step.DECISION: DecisionPage}


class CheckWizard(QWizard):
    """Check one application and record the decision; Cancel keeps the answers."""

    def __init__(self, flow: CheckFlow, parent=None):
        super().__init__(parent)
        self.flow = flow
        self.decision = None
        self.outcome = None  # "decided" or "completion_requested" once something is recorded
        self.confirmation = None  # the summary to confirm, while it is shown
        self.setWindowTitle(_("Check application {sequence}: {title}").format(
            sequence=flow.app.sequence, title=flow.app.title))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(720, 620)
        for step in flow.steps:
            self.addPage(_PAGES[step](flow))

    def accept(self) -> None:
        try:
            if not self.confirmed(pending_decision(self.flow)):
                return  # back to the wizard, everything as typed, nothing recorded
            self.decision = self.flow.finish()
        except UserError as exc:
            QMessageBox.warning(self, _("The decision was not recorded"), str(exc))
            return
        self.outcome = "decided"
        super().accept()

    def confirmed(self, lines: list[str]) -> bool:
        """The decision about to be recorded, to read and confirm first: a decision is never
        changed afterwards, only corrected by a new one."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Record this?"), "\n".join(lines),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("decision_summary")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        self.confirmation = box
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            self.confirmation = None
            box.deleteLater()

    def reject(self) -> None:
        self.flow.save()  # to resume later
        super().reject()
