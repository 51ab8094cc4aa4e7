"""pytest-qt walks the check wizard through a grant, a partial grant, a refusal and a referral."""

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QWizard

from regiegroep.check import CheckFlow
from regiegroep.decisions import Kind
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


def finish(wizard, register, app):
    page = go_to(wizard, DecisionPage)
    assert page.isComplete(), page.problem_label.text()
    page.date.setDate(app.received_at.date())
    wizard.accept()
    assert wizard.decision is not None
    return register.latest_decision(app.id)


def test_a_grant(qtbot, group):
    wizard, app = wizard_for(qtbot, group)
    answer_yes(wizard)
    decision = finish(wizard, group, app)
    assert decision.kind is Kind.GRANTED and decision.vouchers == (Decimal("1850.00"),)
    assert group.application(app.id).status is Status.GRANTED


def test_a_partial_grant(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("6400"), vouchers_requested=2)
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    page.kinds.button(1).click()
    page.amount.setText("4.900")
    assert not page.isComplete()  # the part refused must be explained
    page.reasons.setPlainText("De gemeente betaalt het hek al.")
    assert "4.900,00" in page.vouchers.text()
    decision = finish(wizard, group, app)
    assert decision.kind is Kind.PARTIALLY_GRANTED and decision.amount_granted == Decimal("4900.00")


def test_a_refusal_cannot_finish_without_a_reason(qtbot, group):
    wizard, app = wizard_for(qtbot, group, title="Mijn voordeur")
    go_to(wizard, ApplicantPage).group.button(1).click()
    go_to(wizard, PurposePage).group.button(0).click()
    grounds = go_to(wizard, GroundsPage)
    box, reason = grounds.boxes["c"]
    box.setChecked(True)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    reason.setPlainText("Het gaat om de eigen voordeur van de aanvrager.")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    decision = finish(wizard, group, app)
    assert decision.kind is Kind.REFUSED and list(decision.refusal_grounds) == ["c"]


def test_a_referral(qtbot, group):
    wizard, app = wizard_for(qtbot, group, cost_estimate=Decimal("14000"), vouchers_requested=3)
    answer_yes(wizard)
    page = go_to(wizard, DecisionPage)
    assert not page.kinds.button(0).isEnabled()  # the steering group cannot grant this itself
    assert page.kinds.button(3).isChecked()
    decision = finish(wizard, group, app)
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
    again.currentPage().undealt_button.click()
    assert again.outcome == "decided" and again.decision.kind is Kind.LEFT_UNDEALT
    assert group.application(app.id).status is Status.LEFT_UNDEALT
