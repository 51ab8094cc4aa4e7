"""What to write before a document is written: the year report's year and neighbourhood
(Art. 10), a public notice's kind, neighbourhood, language, paper and period (Art. 7), and
whether it is printed or saved. ui.documents asks these when a volunteer chooses the
document; they are imported then, not when the window starts (benchmarks/startup.py)."""

from __future__ import annotations

from PySide6 import QtWidgets

from regiegroep.i18n import _


def _print_or_save(dialog: QtWidgets.QDialog, form: QtWidgets.QFormLayout, save: str) -> None:
    """The dialog's buttons: Print… (a preview of the PDF, printed from there), ``save`` (the
    default) and Cancel; ``dialog.action`` says which was chosen, "print" or "save"."""
    dialog.action = "save"
    buttons = QtWidgets.QDialogButtonBox()
    buttons.addButton(_("Cancel"), QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
    dialog.print_button = buttons.addButton(_("Print…"),
                                            QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
    dialog.save_button = buttons.addButton(save, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
    dialog.save_button.setDefault(True)

    def print_it() -> None:
        dialog.action = "print"
        dialog.accept()

    dialog.print_button.clicked.connect(print_it)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class ReportChoice(QtWidgets.QDialog):
    """The year report of which budget year, for all neighbourhoods or one; printed or
    saved into a folder."""

    def __init__(self, years: list[int], wijken: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Year report"))
        self.year = QtWidgets.QSpinBox()
        self.year.setRange(2000, 2200)
        self.year.setValue(years[-1])
        self.wijk = QtWidgets.QComboBox()
        self.wijk.addItem(_("All neighbourhoods"), None)
        for name in sorted(wijken, key=str.casefold):
            self.wijk.addItem(name, name)
        form = QtWidgets.QFormLayout(self)
        for label, field in ((_("Budget year"), self.year), (_("Neighbourhood"), self.wijk)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        _print_or_save(self, form, _("Save into a folder…"))

    def values(self) -> tuple[int, str | None]:
        """The year, and the neighbourhood's name (None: all of them)."""
        return self.year.value(), self.wijk.currentData()


class NoticeChoice(QtWidgets.QDialog):
    """Which notice, for which neighbourhood (or all), in which language and on which paper
    size; for the granted initiatives (Art. 7.2) also the period of the decisions, as
    ``regiegroep print notice`` takes them (--wijk, --from, --to). The period is asked of the
    core (notices.check_period) before anything is written; what is wrong is said here."""

    def __init__(self, wijken: list[str] = (), parent=None, today=None, kiosk: str = ""):
        import datetime as dt

        from regiegroep import i18n
        from ui.error_line import error_label
        from ui.widgets import date_field

        super().__init__(parent)
        self.setWindowTitle(_("Print a notice"))
        self.kind = QtWidgets.QComboBox()
        self.kind.addItem(_("The scheme: what residents can apply for (Art. 7.1)"), "scheme")
        self.kind.addItem(_("The initiatives that received vouchers (Art. 7.2)"), "granted")
        self.language = QtWidgets.QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.size = QtWidgets.QComboBox()
        self.size.addItem(_("A4 leaflet"), "a4")
        self.size.addItem(_("A3 poster"), "a3")
        self.wijk = QtWidgets.QComboBox()
        self.wijk.addItem(_("All neighbourhoods"), None)
        for name in sorted(wijken, key=str.casefold):
            self.wijk.addItem(name, name)
        today = today or dt.date.today()
        # The budget year so far: decisions from the first of January up to today.
        self.start = date_field(dt.date(today.year, 1, 1))
        self.end = date_field(today)
        # Where residents find the kiosk (the scheme notice names it), kept for next time.
        self.kiosk = QtWidgets.QLineEdit(kiosk)
        self.kiosk.setPlaceholderText(_("e.g. Buurthuis De Kolk, Pieter Lieftinckweg 3, "
                                        "tuesdays 10-12; empty: no kiosk"))
        self.error = error_label()
        self.error.hide()
        form = QtWidgets.QFormLayout(self)
        self._form = form
        for label, field in ((_("Notice"), self.kind), (_("Neighbourhood"), self.wijk),
                             (_("Where the kiosk is"), self.kiosk),
                             (_("Decided from"), self.start), (_("Decided until"), self.end),
                             (_("Language"), self.language), (_("Paper size (PDF)"), self.size)):
            field.setAccessibleName(label)
            form.addRow(label, field)
        form.addRow(self.error)
        _print_or_save(self, form, _("Save as a file…"))
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        for field in (self.start, self.end):
            field.textChanged.connect(self._typed)
        self._kind_chosen()

    def _granted(self) -> bool:
        return self.kind.currentData() == "granted"

    def _kind_chosen(self, *_args) -> None:
        """The period is the granted notice's only; both notices may be for one
        neighbourhood (the scheme then gives its budget and its ordinance's figures)."""
        for field in (self.start, self.end):
            self._form.setRowVisible(field, self._granted())
        self._form.setRowVisible(self.kiosk, not self._granted())
        self._typed()
        self.adjustSize()

    def _typed(self, *_args) -> None:
        self.error.hide()

    def problem(self) -> str:
        """Why the choice cannot be written ("" when it can): a date that is not one, or a
        period that the core refuses."""
        from regiegroep.documents.notices import check_period
        from regiegroep.errors import UserError
        from ui.widgets import dates_problem

        if not self._granted():
            return ""
        problem = dates_problem((_("Decided from"), self.start), (_("Decided until"), self.end))
        if problem:  # not a date: which field, and why
            return problem
        try:
            check_period(self.start.date().toPython(), self.end.date().toPython())
        except UserError as exc:
            return str(exc)
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.action = "save"
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()

    def options(self) -> dict:
        """The choice as write_notice's keyword arguments, those of ``print notice``: kind,
        wijk (None: all), start and end (the scheme: None), language, size and the kiosk's
        place (the granted notice: None, left as kept)."""
        granted = self._granted()
        return {"kind": self.kind.currentData(),
                "wijk": self.wijk.currentData(),
                "start": self.start.date().toPython() if granted else None,
                "end": self.end.date().toPython() if granted else None,
                "language": self.language.currentData(), "size": self.size.currentData(),
                "kiosk": None if granted else self.kiosk.text()}
