"""The group's own affairs from the main window: neighbourhoods and budgets (and the budget at
a glance), neighbourhood consultations (Art. 5.3-5.5), objections (Awb 6, 7), the group's
contact in the letters' head, personal data (AVG), and the manual with the ordinance in force.

Each opens its dialog; what may be done and what it means is the core's.
"""

from __future__ import annotations

import datetime as dt

from regiegroep.i18n import _
from regiegroep.trust.access import Read


class Management:
    """The group's own affairs (the window's ``manage`` part): budgets, consultations, objections,
    the contact, personal data and the manual."""

    def __init__(self, window) -> None:
        self.window = window
        self.glance = None  # the budget view, while it is open

    def manage_budgets(self) -> None:
        from ui.budgets_dialog import BudgetsDialog

        if self.window.menus.budgets_action.isEnabled():
            BudgetsDialog(self.window.register, self.window).exec()
            self.window.reread(getattr(self.window.selected(), "id", None))

    def budget_at_a_glance(self) -> None:
        """The budget view in a window of its own beside the register, following it."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from ui.budget_view import BudgetView

        if not self.window.menus.glance_action.isEnabled():
            return
        self.close_views()
        self.glance = QDialog(self.window)
        self.glance.setWindowTitle(_("Budget at a glance"))
        QVBoxLayout(self.glance).addWidget(BudgetView(self.window.register, self.glance))
        from PySide6.QtCore import QSize

        from ui.widgets import fit_to_screen

        fit_to_screen(self.glance, QSize(1200, 700))  # on a 1366x768 laptop too
        self.glance.show()

    def close_views(self) -> None:
        """Close the views of a register that is being closed."""
        if self.glance is not None:
            self.glance.close()
            self.glance.deleteLater()
            self.glance = None

    def open_consultations(self, select: int | None = None,
                           plan_for: int | None = None) -> None:
        """The consultations, with ``select`` chosen, or planning one for the referred
        application ``plan_for`` begun (lines of the to-do list)."""
        from PySide6.QtCore import QTimer

        from ui.consultation_list import ConsultationsDialog

        dialog = ConsultationsDialog(self.window.register, self.window)
        if select is not None:
            dialog.refresh(select=select)
        if plan_for is not None:
            QTimer.singleShot(0, lambda: dialog.plan(for_application=plan_for))
        dialog.wait_weeks_changed.connect(self.window.filters.show_deadline_counts)
        dialog.exec()
        self.window.reread(None)  # decisions may have followed

    def objections(self) -> None:
        from ui.objections_dialog import show_objections

        show_objections(self.window)

    def group_contact(self) -> None:
        from ui.group_dialog import edit_group_contact

        edit_group_contact(self.window)

    def personal_data(self) -> None:
        from ui.privacy_dialog import PrivacyDialog

        if self.window.menus.personal_data_action.isEnabled():
            PrivacyDialog(self.window.register, self.window).exec()
            self.window.reread(None)

    def _ordinance_in_sight(self):
        """The ordinance in force for the selected application's year, else for this year's
        budget; None (the model ordinance) without either."""
        if self.window.register is None:
            return None
        session = self.window.register.session
        if not session.may_read(Read.PUBLIC):  # the sign-in page: nobody has signed in yet
            return None
        if not session.may_read(Read.BUDGETS):
            return self.window.register.year_ordinance(dt.date.today().year)
        current = self.window.selected()
        if current is not None:
            return self.window.register.ordinance_for(current.wijk_id, current.year)
        this_year = [b for b in self.window.register.budgets() if b.year == dt.date.today().year]
        return self.window.register.ordinance_for(this_year[0].wijk_id, this_year[0].year) \
            if this_year else None

    def show_manual(self) -> None:
        from ui.help import HelpWindow

        if self.window.menus.manual_action.isEnabled():
            HelpWindow(self.window, self._ordinance_in_sight()).exec()
