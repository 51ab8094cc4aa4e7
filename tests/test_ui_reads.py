"""The window asks the core only for what the person signed in may read (issue 11.2):
every role browses the example register and no screen shows a refusal."""

import pytest

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)

ROLES = {"chair": "Joke van der Meer", "member": "Hasan Yıldız",
         "cash_manager": "Priya Ramdin", "kiosk": "Kiosk buurthuis"}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_browses_without_being_refused_a_read(qtbot, example_copy, role):
    w = opened(qtbot, example_copy, person=ROLES[role])
    assert w.register.session.role == role
    shown = [w.detail.toPlainText()] if w.table.isVisible() else []
    for row in range(min(w.model.rowCount(), 25)) if w.table.isVisible() else ():
        w.table.selectRow(row)
        shown.append(w.detail.toPlainText())
    if role == "kiosk":
        assert not w.table.isVisible()  # the kiosk sees no register at all
    else:
        assert len(shown) > 1
    assert not [text for text in shown if "mag dit hier niet" in text]
