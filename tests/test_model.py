"""Art. 4.2 a-d: what an application must contain, and what the app says is missing."""

from decimal import Decimal

import pytest

from regiegroep.model import ApplicantKind, Status, gaps, initial_status, missing_items

from .conftest import complete_application


def test_a_complete_application_lacks_nothing():
    app = complete_application(1)
    assert gaps(app) == []
    assert missing_items(app) == []
    assert initial_status(app) is Status.RECEIVED


@pytest.mark.parametrize("change, item, field", [
    (lambda a: setattr(a.applicant, "name", ""), "a", "applicant_name"),
    (lambda a: setattr(a.applicant, "address", " "), "a", "address"),
    (lambda a: setattr(a.applicant, "phone", ""), "a", "phone"),
    (lambda a: setattr(a, "signed", False), "a", "signed"),
    (lambda a: setattr(a, "description", ""), "b", "description"),
    (lambda a: setattr(a, "execution", ""), "b", "execution"),
    (lambda a: setattr(a, "planning", ""), "b", "planning"),
    (lambda a: setattr(a, "liveability", ""), "b", "liveability"),
    (lambda a: setattr(a, "cost_estimate", None), "c", "cost_estimate"),
    (lambda a: setattr(a, "vouchers_requested", None), "c", "vouchers_requested"),
    (lambda a: setattr(a, "other_subsidy", None), "d", "other_subsidy"),
])
def test_each_missing_item_is_named_with_its_letter(change, item, field):
    app = complete_application(1)
    change(app)
    assert missing_items(app) == [item]
    assert [(g.item, g.field) for g in gaps(app)] == [(item, field)]
    assert initial_status(app) is Status.INCOMPLETE


def test_the_messages_are_plain_dutch():
    app = complete_application(1, cost_estimate=None)
    assert gaps(app)[0].message == "De kostenraming ontbreekt."


def test_a_group_without_legal_personality_needs_a_contact_person():
    app = complete_application(1)
    app.applicant.kind = ApplicantKind.GROUP
    app.applicant.name = "Straatgroep Reigerstraat"
    assert missing_items(app) == ["a"]
    app.applicant.contact_person = "Fatma Yılmaz"
    assert missing_items(app) == []
    assert app.applicant.voucher_holder == "Fatma Yılmaz"


def test_vouchers_are_in_the_name_of_the_legal_entity_or_the_resident():
    app = complete_application(1)
    assert app.applicant.voucher_holder == "Fatma Yılmaz"
    app.applicant.kind = ApplicantKind.LEGAL_ENTITY
    app.applicant.name = "Stichting Wijkfeest"
    app.applicant.contact_person = "Kees de Vries"
    assert app.applicant.voucher_holder == "Stichting Wijkfeest"


def test_other_subsidy_yes_needs_details():
    app = complete_application(1, other_subsidy=True)
    assert missing_items(app) == ["d"]
    app.other_subsidy_details = "Oranje Fonds, € 500"
    assert missing_items(app) == []


def test_zero_cost_is_an_estimate_not_a_gap():
    assert missing_items(complete_application(1, cost_estimate=Decimal(0))) == []


def test_an_empty_application_lacks_everything():
    app = complete_application(1)
    for name in ("description", "execution", "planning", "liveability"):
        setattr(app, name, "")
    app.applicant.name = app.applicant.address = app.applicant.phone = ""
    app.signed, app.cost_estimate, app.vouchers_requested, app.other_subsidy = False, None, None, None
    assert missing_items(app) == ["a", "b", "c", "d"]
