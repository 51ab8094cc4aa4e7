"""pytest-qt walks the check wizard through a grant, a partial grant, a refusal and a referral."""

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit,
    QWidget, QWizard,
)

from regiegroep.deciding.check import CheckFlow
from regiegroep.deciding.decision import Kind
from regiegroep.model import Status
from ui import app as app_module
from ui.check_wizard import (
    ApplicantPage, CheckWizard, DecisionPage, GroundsPage, PurposePage,
)

from .conftest import complete_application


@pytest.fixture
def group(register):
    app_module.make_application()
    for name, role in (("Joke van der Meer", "chair"), ("Marieke Bakker", "secretary")):
        register.add_member(name, role)
    return register


def wizard_for(qtbot, register, **changes):
    app = register.register_application(
        complete_application(register.wijk_by_name("Poelenburg").id, **changes))
    wizard = CheckWizard(CheckFlow(register, app.id))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard, app


def go_to(wizard, page_type):
    while not isinstance(wizard.currentPage(), page_type):
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled(), wizard.currentPage().title()
        wizard.next()
    return wizard.currentPage()


def answer_yes(wizard):
    page = go_to(wizard, ApplicantPage)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # not answered yet
    page.group.button(1).click()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    go_to(wizard, PurposePage).group.button(1).click()


def answer_private(wizard):
    """Residents, for a private interest: on to the grounds for refusal."""
    go_to(wizard, ApplicantPage).group.button(1).click()
    go_to(wizard, PurposePage).group.button(0).click()
    return go_to(wizard, GroundsPage)


def answer_summary(qtbot, wizard, button=QMessageBox.StandardButton.Yes, seen=None):
    """Finish: the summary of the decision comes up first; read it (into ``seen``) and
    answer it with a click on ``button``."""
    def answer():
        box = wizard.confirmation
        if box is None or not box.isVisible():
            QTimer.singleShot(20, answer)
            return
        if seen is not None:
            seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    wizard.accept()


def finish(wizard, register, app, qtbot):
    page = go_to(wizard, DecisionPage)
    assert page.isComplete(), page.problem_label.text()
    page.date.setDate(app.received_at.date())
    answer_summary(qtbot, wizard)
    assert wizard.decision is not None
    return register.latest_decision(app.id)


def test_a_grant(qtbot, group):
    wizard, app = wizard_for(qtbot, group)
    answer_yes(wizard)
    decision = finish(wizard, group, app, qtbot)
    assert decision.kind is Kind.GRANTED and decision.amount_granted == Decimal("1850.00")
    assert group.application(app.id).status is Status.GRANTED


def test_a_partial_grant(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    page.kinds.button(1).click()
    page.amount.setText("4.900")
    page.reasons.setPlainText("De gemeente betaalt het hek al.")
    # The part refused is refused on a ground of Art. 6: the check asks for it.
    assert not page.isComplete() and "(a-e)" in page.problem_label.text()
    while not isinstance(wizard.currentPage(), GroundsPage):
        wizard.back()
    box, reason = wizard.currentPage().boxes["d"]
    box.setChecked(True)
    reason.setPlainText("Wie het hek onderhoudt, is niet geregeld.")
    page = go_to(wizard, DecisionPage)
    assert "4.900,00" in page.vouchers.text()
    decision = finish(wizard, group, app, qtbot)
    assert decision.kind is Kind.PARTIALLY_GRANTED and decision.amount_granted == Decimal("4900.00")
    assert decision.refusal_grounds == {"d": "Wie het hek onderhoudt, is niet geregeld."}


def test_a_refusal_cannot_finish_without_a_reason(qtbot, group):
    wizard, app = wizard_for(qtbot, group, title="Mijn voordeur")
    grounds = answer_private(wizard)
    box, reason = grounds.boxes["c"]
    box.setChecked(True)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    reason.setPlainText("Het gaat om de eigen voordeur van de aanvrager.")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    decision = finish(wizard, group, app, qtbot)
    assert decision.kind is Kind.REFUSED and list(decision.refusal_grounds) == ["c"]


def test_a_referral(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    assert not page.kinds.button(0).isEnabled()  # the steering group cannot grant this itself
    assert page.kinds.button(3).isChecked()
    decision = finish(wizard, group, app, qtbot)
    assert decision.kind is Kind.REFERRED
    assert group.application(app.id).status is Status.CONSULTATION


def test_cancel_keeps_the_answers(qtbot, group):
    wizard, app = wizard_for(qtbot, group)
    go_to(wizard, ApplicantPage).group.button(1).click()
    wizard.reject()
    assert CheckFlow(group, app.id).answers.residents is True


def test_an_incomplete_application_is_asked_to_complete_then_left_undealt(qtbot, group):
    import datetime as dt

    from ui.check_wizard import CompletenessPage

    wizard, app = wizard_for(qtbot, group, cost_estimate=None,
                             received_at=dt.datetime.now().replace(microsecond=0)
                             - dt.timedelta(days=30))
    page = wizard.currentPage()
    assert isinstance(page, CompletenessPage)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.term.setValue(7)
    page.request_button.click()
    assert wizard.outcome == "completion_requested"
    assert group.application(app.id).status is Status.COMPLETION_REQUESTED
    # The term ran out unused: the next check offers to leave it undealt with.
    with group.db.atomic():
        group.conn.execute("UPDATE completion_request SET requested_on = ?",
                           [(dt.date.today() - dt.timedelta(days=20)).isoformat()])
    again = CheckWizard(CheckFlow(group, app.id))
    qtbot.addWidget(again)
    again.show()
    # Leaving it undealt with is shown to confirm first: cancelled, nothing is recorded.
    seen = []

    def answer(button):
        def click():
            box = again.confirmation
            if box is None or not box.isVisible():
                QTimer.singleShot(20, click)
                return
            seen.append(box.text())
            qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        QTimer.singleShot(0, click)
        again.currentPage().undealt_button.click()

    answer(QMessageBox.StandardButton.Cancel)
    assert again.outcome is None and group.latest_decision(app.id) is None
    assert "Buiten behandeling" in seen[0] and "Nog ontbrekend" in seen[0], seen[0]
    assert "ongebruikt verstreken" in seen[0]  # the term to complete ran out, and when
    answer(QMessageBox.StandardButton.Yes)
    assert again.outcome == "decided" and again.decision.kind is Kind.LEFT_UNDEALT
    assert group.application(app.id).status is Status.LEFT_UNDEALT


def test_no_error_is_shown_before_anything_is_answered(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=None)
    assert wizard.currentPage().problem_label.text() == ""  # what is missing is listed above
    wizard, app = wizard_for(qtbot, group)
    page = go_to(wizard, ApplicantPage)
    assert page.problem_label.text() == ""
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_no_to_what_it_is_for_ticks_ground_c(qtbot, group):
    wizard, app = wizard_for(qtbot, group, title="Mijn voordeur")
    grounds = answer_private(wizard)
    box, reason = grounds.boxes["c"]
    assert box.isChecked() and reason.isVisible()
    assert "schrijf de reden op" in grounds.problem_label.text()
    reason.setPlainText("Het gaat om de eigen voordeur van de aanvrager.")
    decision = finish(wizard, group, app, qtbot)
    assert decision.kind is Kind.REFUSED


def test_an_applicant_typed_with_two_spaces_is_not_ticked_to_decide(qtbot, group):
    group.add_member("Jan Jansen", "member")
    wizard, app = wizard_for(qtbot, group, applicant=dataclasses.replace(
        complete_application(1).applicant, name="Jan  Jansen"))
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    jan = next(box for box in page.members.values() if box.text() == "Jan Jansen")
    assert not jan.isChecked() and not jan.isEnabled()
    assert finish(wizard, group, app, qtbot).kind is Kind.GRANTED


def _unnamed_controls(wizard) -> list[str]:
    """Every control a person can tab to that a screen reader would not name."""
    inputs = (QAbstractButton, QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox)
    own = {wizard.button(which) for which in QWizard.WizardButton
           if which not in (QWizard.WizardButton.Stretch, QWizard.WizardButton.NoButton)}
    unnamed = []
    for widget in wizard.findChildren(QWidget):
        if not isinstance(widget, inputs) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the line inside a spin box is read as the spin box
        if widget in own and (widget.text() or not widget.isVisibleTo(wizard)):
            continue  # the wizard's own Next, Back and Cancel say what they are
        if not widget.accessibleName().strip():
            unnamed.append(f"{type(widget).__name__} {getattr(widget, 'text', str)()!r}")
    return unnamed


def test_every_control_of_the_check_has_a_name_a_screen_reader_reads(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    answer_yes(wizard)
    go_to(wizard, DecisionPage)
    assert _unnamed_controls(wizard) == []
    incomplete, _app = wizard_for(qtbot, group, cost_estimate=None)
    assert incomplete.currentPage().request_button is not None
    assert _unnamed_controls(incomplete) == []


def test_the_decision_date_is_the_day_typed_and_no_date_is_no_decision(qtbot, group):
    """The decision's date is typed as a whole (not a Qt date field's sections): the day
    typed is the day recorded, and text that is no date keeps the wizard from finishing."""
    wizard, app = wizard_for(qtbot, group)
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    page.date.setText("31-2-2026")
    assert not page.isComplete() and page.problem_label.text()
    page.date.clear()
    qtbot.keyClicks(page.date, app.received_at.date().strftime("%d-%m-%Y"))
    assert page.isComplete(), page.problem_label.text()
    answer_summary(qtbot, wizard)
    assert group.latest_decision(app.id).decided_on == app.received_at.date()


def test_the_decision_is_shown_to_confirm_and_cancel_records_nothing(qtbot, group):
    """Issue 21, 11: before the wizard records, a summary of the decision is shown (the
    application, the decision with its ground, the amount, the vouchers, the date, the
    objection term). Cancel returns to the wizard as typed; Yes records it once, with its
    audit entry."""
    import datetime as dt

    from regiegroep.i18n import format_date
    from regiegroep.rules.deadlines import objection_deadline

    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    def click(widget):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def tick(button):  # a radio or a check box with a long text: as a keyboard does
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    def walk_to(page_type):
        while not isinstance(wizard.currentPage(), page_type):
            assert next_button.isEnabled(), wizard.currentPage().title()
            click(next_button)
        return wizard.currentPage()

    tick(walk_to(ApplicantPage).group.button(1))
    tick(walk_to(PurposePage).group.button(1))
    box, reason = walk_to(GroundsPage).boxes["d"]
    tick(box)
    qtbot.keyClicks(reason, "Wie het hek onderhoudt, is niet geregeld.")
    page = walk_to(DecisionPage)
    tick(page.kinds.button(1))  # partly granted
    qtbot.keyClicks(page.amount, "4.900")
    qtbot.keyClicks(page.reasons, "De gemeente betaalt het hek al.")
    day = app.received_at.date()
    page.date.clear()
    qtbot.keyClicks(page.date, day.strftime("%d-%m-%Y"))
    assert page.isComplete(), page.problem_label.text()
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    seen = []

    def answer(button):
        def read_and_click():
            box = wizard.confirmation
            if box is None or not box.isVisible():
                QTimer.singleShot(20, read_and_click)
                return
            seen.append(box.text())
            click(box.button(button))
        QTimer.singleShot(0, read_and_click)
        click(finish_button)

    decided_before = [e for e in group.events(app.id) if e.action == "decided"]
    answer(QMessageBox.StandardButton.Cancel)
    text = seen[-1].replace("\xa0", " ")
    for expected in (f"Aanvraag {app.sequence}: {app.title}", "Deels toegekend",
                     "Grond d", "Wie het hek onderhoudt", "€ 4.900,00", "€ 6.400,00",
                     format_date(day), format_date(objection_deadline(day).date), "Awb 6:7",
                     "Motivering: De gemeente betaalt het hek al."):  # the reasons typed too
        assert expected in text, (expected, text)
    vouchers = next(line for line in text.splitlines() if line.startswith("Te verstrekken vouchers"))
    assert "4.900,00" in vouchers  # as issuing will make them
    # Cancelled: nothing recorded, the wizard still open on the decision, as typed.
    assert group.latest_decision(app.id) is None
    assert [e for e in group.events(app.id) if e.action == "decided"] == decided_before
    assert wizard.isVisible() and wizard.currentPage() is page
    assert page.amount.text() == "4.900" and page.kinds.button(1).isChecked()
    assert page.reasons.toPlainText() == "De gemeente betaalt het hek al."
    # Confirmed: recorded once, with its audit entry.
    answer(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    decision = group.latest_decision(app.id)
    assert decision.kind is Kind.PARTIALLY_GRANTED and decision.amount_granted == Decimal("4900.00")
    assert decision.decided_on == day and dt.date.today() >= day
    entries = [e for e in group.events(app.id) if e.action == "decided"]
    assert len(entries) == len(decided_before) + 1
    assert entries[-1].details["kind"] == "partially_granted"


def _walk_to_the_decision(qtbot, wizard, grounds: dict[str, str] | None = None):
    """Residents, for the neighbourhood, ``grounds`` ticked with their reasons: on to the
    decision, as a person does (Space on an answer, a click on Next)."""
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    def tick(button):
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    def walk_to(page_type):
        while not isinstance(wizard.currentPage(), page_type):
            assert next_button.isEnabled(), wizard.currentPage().title()
            qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        return wizard.currentPage()

    tick(walk_to(ApplicantPage).group.button(1))
    tick(walk_to(PurposePage).group.button(1))
    page = walk_to(GroundsPage)
    for letter, why in (grounds or {}).items():
        box, reason = page.boxes[letter]
        tick(box)
        qtbot.keyClicks(reason, why)
    return walk_to(DecisionPage), tick


def test_a_referral_has_no_amount_to_type_and_its_summary_names_none(qtbot, group):
    """Above the threshold the group refers (Art. 5.3-5.5): it grants nothing, so the amount
    and the start term cannot be filled in, and the summary to confirm names no amount."""
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    page, tick = _walk_to_the_decision(qtbot, wizard)
    referred, refused = page.kinds.button(3), page.kinds.button(2)
    assert referred.isChecked()
    assert not page.amount.isEnabled() and not page.start.isEnabled()
    assert page.vouchers.text() == ""
    tick(refused)
    assert not page.amount.isEnabled()
    tick(referred)
    assert not page.amount.isEnabled() and not page.start.isEnabled()
    qtbot.keyClicks(page.amount, "4.900")  # a disabled field takes nothing
    assert page.amount.text() == ""
    page.date.clear()
    qtbot.keyClicks(page.date, app.received_at.date().strftime("%d-%m-%Y"))
    assert page.isComplete(), page.problem_label.text()
    seen = []
    answer_summary(qtbot, wizard, seen=seen)
    text = seen[-1].replace("\xa0", " ")
    assert "Besluit: Voorgelegd aan een wijkraadpleging" in text, text
    assert "€" not in text and "14.000" not in text, text
    decision = group.latest_decision(app.id)
    assert decision.kind is Kind.REFERRED and decision.amount_granted is None
    assert decision.start_within_days is None


def test_the_amount_comes_back_with_a_partial_grant(qtbot, group):
    """Chosen away from a partial grant, the amount field is off and empty; back to it, it is
    on again with what was typed. A full grant gives what was asked: nothing to type."""
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    page, tick = _walk_to_the_decision(
        qtbot, wizard, {"d": "Wie het hek onderhoudt, is niet geregeld."})
    granted, partly, refused = (page.kinds.button(i) for i in range(3))
    tick(partly)
    assert page.amount.isEnabled() and page.start.isEnabled()
    qtbot.keyClicks(page.amount, "4.900")
    page.start.setFocus()
    qtbot.keyClick(page.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.start, "30")
    assert page.start.value() == 30
    assert "4.900,00" in page.vouchers.text()
    tick(refused)
    assert not page.amount.isEnabled() and page.amount.text() == ""
    assert not page.start.isEnabled()
    assert page.vouchers.text() == "" and page.flow.answers.amount is None
    tick(partly)
    assert page.amount.isEnabled() and page.amount.text() == "4.900"
    assert page.start.isEnabled() and page.start.value() == 30
    assert "4.900,00" in page.vouchers.text()
    tick(granted)
    assert not page.amount.isEnabled() and page.start.isEnabled()
    tick(partly)
    qtbot.keyClicks(page.reasons, "De gemeente betaalt het hek al.")
    page.date.clear()
    qtbot.keyClicks(page.date, app.received_at.date().strftime("%d-%m-%Y"))
    assert page.isComplete(), page.problem_label.text()
    seen = []
    answer_summary(qtbot, wizard, seen=seen)
    assert "binnen 30 dagen" in seen[-1], seen[-1]  # the condition typed, read before it is kept
    decision = group.latest_decision(app.id)
    assert decision.kind is Kind.PARTIALLY_GRANTED and decision.amount_granted == Decimal("4900.00")
    assert decision.start_within_days == 30
