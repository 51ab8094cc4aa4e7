"""A volunteer with a screen reader or only a keyboard (issue 25): every control of every
window, dialog and kiosk screen has a name that says what it is for; the register table says
its column titles and lets Tab leave it; the evening's work is done by key presses alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from regiegroep import demo
from regiegroep.register import Register
from ui import accessibility

from .conftest import complete_application
from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)


def _unnamed(root: QWidget) -> list[str]:
    return [accessibility.describe(w) for w in accessibility.unnamed(root)]


def dialogs(window) -> dict:
    """Every dialog of the main window, made as its action makes it, on the example."""
    from ui.application_form import ApplicationForm
    from ui.budgets_dialog import BudgetsDialog
    from ui.consultation_list import ConsultationsDialog
    from ui.document_choices import NoticeChoice, ReportChoice
    from ui.group_dialog import GroupDialog
    from ui.help import HelpWindow
    from ui.people_dialog import PeopleDialog, PersonDialog, PinDialog
    from ui.privacy_dialog import PrivacyDialog
    from ui.redeem_dialog import RedeemDialog
    from ui.setup_dialog import SetupDialog
    from ui.vouchers_dialog import CheckVoucherDialog

    register = window.register
    with_vouchers = next(a for a in register.applications() if register.vouchers(a.id))
    return {
        "application form": lambda: ApplicationForm(register.wijken(), parent=window),
        "redeem": lambda: RedeemDialog(register, register.application(with_vouchers.id),
                                       register.vouchers(with_vouchers.id), window),
        "budgets": lambda: BudgetsDialog(register, window),
        "consultations": lambda: ConsultationsDialog(register, window),
        "report choice": lambda: ReportChoice([2025], ["Oost"], window),
        "notice choice": lambda: NoticeChoice(["Oost"], window),
        "group": lambda: GroupDialog(register, window),
        "help": lambda: HelpWindow(window),
        "people": lambda: PeopleDialog(register, window),
        "new person": lambda: PersonDialog(register, window),
        "pin": lambda: PinDialog(register, register.people()[0], window),
        "privacy": lambda: PrivacyDialog(register, window),
        "set-up": lambda: SetupDialog(window),
        "check a voucher": lambda: CheckVoucherDialog(register, window),
    }


def walk_main_window(qtbot, window) -> dict[str, tuple[int, list[str]]]:
    """Per screen: how many controls, and which have no name."""
    seen = {"main window": (len(accessibility.controls(window)), _unnamed(window))}
    for title, make in dialogs(window).items():
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        seen[title] = (len(accessibility.controls(dialog)), _unnamed(dialog))
        dialog.done(0)
        dialog.deleteLater()
    from regiegroep.check import CheckFlow
    from ui.check_wizard import CheckWizard

    register = window.register
    app = register.register_application(
        complete_application(register.wijken()[0].id))
    wizard = CheckWizard(CheckFlow(register, app.id), window)
    wizard.show()
    while True:
        page = wizard.currentPage()
        seen[f"check: {type(page).__name__}"] = (len(accessibility.controls(page)),
                                                 _unnamed(page))
        if getattr(page, "group", None) is not None and page.group.checkedId() == -1:
            page.group.button(1).click()  # yes: on to the decision
        if page is None or not wizard.button(wizard.WizardButton.NextButton).isEnabled():
            break
        wizard.next()
    wizard.done(0)
    return seen


def walk_kiosk(kiosk) -> dict[str, tuple[int, list[str]]]:
    seen = {}
    for name in ("home", "scheme", "public", "vote", "exit"):
        kiosk.show_screen(name)
        QApplication.processEvents()  # what a screen draws is shown in the next turn
        seen[f"kiosk {name}"] = (len(accessibility.controls(kiosk)), _unnamed(kiosk))
    kiosk.show_screen("apply")
    apply = kiosk.screens["apply"]
    for index, question in enumerate(apply.questions()):
        apply.index = index
        apply.enter()
        QApplication.processEvents()
        seen[f"kiosk apply {question.key}"] = (len(accessibility.controls(kiosk)),
                                               _unnamed(kiosk))
    return seen


def report(seen) -> None:
    """The counts per screen, for a note (pytest -s)."""
    for screen, (count, missing) in seen.items():
        print(f"{screen:40} {count:3} controls, {len(missing):2} unnamed  {missing}")


def test_every_control_of_the_main_window_and_its_dialogs_has_a_name(qtbot, example_copy):
    window = opened(qtbot, example_copy)
    seen = walk_main_window(qtbot, window)
    report(seen)
    assert len(seen) > 15
    assert {screen: missing for screen, (_n, missing) in seen.items() if missing} == {}


def test_every_control_of_the_kiosk_has_a_name(qtbot, kiosk):  # noqa: F811
    seen = walk_kiosk(kiosk)
    report(seen)
    assert len(seen) > 10
    assert {screen: missing for screen, (_n, missing) in seen.items() if missing} == {}


from .test_ui_kiosk import kiosk  # noqa: E402, F401 (fixture)
