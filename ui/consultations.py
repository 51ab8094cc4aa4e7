"""Neighbourhood consultations on the laptop (Art. 1i, 5.3-5.5): plan one, print its code
letters and papers, register attendees at the door and enter the meeting's tallies, type in
paper ballots twice, cast digital votes, count, sign off and decide.

The core decides everything (regiegroep.consultations, regiegroep.consultations.consultation_results):
these screens draw what it says and show its refusals as they are.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from regiegroep.consultations import consultation_channels as channels
from regiegroep import consultations as cons
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date, format_money
from ui.widgets import date_field, dates_problem, error_label, fit_to_screen


def _members(register, combo: QComboBox, skip: int | None = None) -> QComboBox:
    for m in register.members():
        if m.id != skip:
            combo.addItem(m.name, m.id)
    me = register.session.person_id
    if me is not None and combo.findData(me) >= 0:
        combo.setCurrentIndex(combo.findData(me))
    return combo


class Person(QWidget):
    """Who does it, and their own PIN when it is not the person signed in (four eyes that
    are four: regiegroep.four_eyes)."""

    def __init__(self, register, skip_me: bool = False):
        super().__init__()
        self.register = register
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = _members(register, QComboBox())
        self.combo.setAccessibleName(_("Name"))  # the form's label names it more closely
        if skip_me and self.combo.count() > 1 \
                and self.combo.currentData() == register.session.person_id:
            self.combo.setCurrentIndex(1 if self.combo.currentIndex() == 0 else 0)
        row.addWidget(self.combo, 1)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(_("their own PIN"))
        self.pin.setAccessibleName(_("PIN of the person chosen"))
        row.addWidget(self.pin)
        self.combo.currentIndexChanged.connect(self._pin_needed)
        self._pin_needed()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        """The person's name is the choice a screen reader asks about."""
        super().setAccessibleName(name)
        self.combo.setAccessibleName(name)

    def _pin_needed(self, *_args) -> None:
        me = self.combo.currentData() == self.register.session.person_id
        self.pin.setEnabled(not me and self.register.requires_sign_in())
        self.pin.clear()

    # As the member list it was before: who is chosen, and choosing someone.
    def currentData(self):
        return self.combo.currentData()

    def currentIndex(self) -> int:
        return self.combo.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        self.combo.setCurrentIndex(index)

    def findData(self, data) -> int:
        return self.combo.findData(data)

    def count(self) -> int:
        return self.combo.count()

    @contextlib.contextmanager
    def acting(self, keep: bool = False):
        """The register acts as the person chosen within this block, once their PIN is
        right (regiegroep.four_eyes.acting_as); UserError otherwise. A wrong PIN is wiped;
        a right one too, unless ``keep`` (a pile of ballots typed in by the same person:
        the PIN stays until someone else is chosen or the screen closes)."""
        from regiegroep.trust.four_eyes import acting_as

        pin = self.pin.text()
        acting = acting_as(self.register, self.combo.currentData(), pin)
        try:
            name = acting.__enter__()
        except UserError:  # a wrong PIN goes; a right one stays for the next ballot
            self.pin.clear()
            raise
        if not keep:
            self.pin.clear()
        try:
            yield name
        except BaseException as exc:
            if not acting.__exit__(type(exc), exc, exc.__traceback__):
                raise
        else:
            acting.__exit__(None, None, None)


def _choices(c, layout: QGridLayout, first_row: int = 0) -> dict[int, QComboBox]:
    boxes = {}
    options = ("abstain", "for") if c.rule == "budget" else ("abstain", "for", "against")
    for row, item in enumerate(c.items, first_row):
        layout.addWidget(QLabel("{sequence}. {title} ({cost})".format(
            sequence=item.sequence, title=item.title, cost=format_money(item.cost))), row, 0)
        box = QComboBox()
        for option in options:
            box.addItem(cons.label(option), option)
        layout.addWidget(box, row, 1)
        boxes[item.application_id] = box
    return boxes


class PlanDialog(QDialog):
    """Plan a consultation for referred initiatives waiting for one (Art. 5.5)."""

    def __init__(self, register, parent: QWidget | None = None,
                 for_application: int | None = None):
        """``for_application``: the referred initiative it is planned for (its neighbourhood
        is chosen); otherwise the neighbourhood of the one waiting longest."""
        super().__init__(parent)
        self.register, self.planned = register, None
        self.warning_box = None  # the warning on the last issuing date, while it is shown
        self.setWindowTitle(_("Plan a neighbourhood consultation"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.wijk = QComboBox()
        for w in register.wijken():
            self.wijk.addItem(w.name, w.id)
        waiting = sorted(cons.unplanned(register), key=lambda found: found[1])
        first = for_application or (waiting[0][0] if waiting else None)
        if first is not None:
            self.wijk.setCurrentIndex(max(0, self.wijk.findData(
                register.application(first).wijk_id)))
        self.wijk.currentIndexChanged.connect(self._fill)
        form.addRow(_("Neighbourhood"), self.wijk)
        self.title = QLineEdit()
        form.addRow(_("Name"), self.title)
        self.form = self._combo(cons.FORMS)
        form.addRow(_("Form"), self.form)
        today = QDate.currentDate()
        self.starts, self.ends = date_field(today.addDays(21)), date_field(today.addDays(28))
        form.addRow(_("From"), self.starts)
        form.addRow(_("Until"), self.ends)
        self.place = QLineEdit()
        form.addRow(_("Place"), self.place)
        # What the code letters tell residents (regiegroep.consultation_papers).
        self.meets_at = QLineEdit()
        self.meets_at.setPlaceholderText(_("day-month-year hours:minutes, e.g. 12-5-2026 19:30"))
        self.meets_at.setAccessibleName(_("The meeting's day and time"))
        form.addRow(_("Meeting (day and time)"), self.meets_at)
        self.hand_in = QLineEdit()
        self.hand_in.setPlaceholderText(_("empty: the group's own address"))
        self.hand_in.setAccessibleName(_("Where ballot papers are handed in"))
        form.addRow(_("Hand in ballot papers at"), self.hand_in)
        self.voters = self._combo(cons.VOTERS)
        form.addRow(_("Who votes"), self.voters)
        self.age = QSpinBox()
        self.age.setRange(0, 120)
        self.age.setValue(18)
        form.addRow(_("Minimum age"), self.age)
        self.rule = self._combo(cons.RULES)
        self.rule.currentIndexChanged.connect(self._ties)
        form.addRow(_("Decision rule"), self.rule)
        self.tie = QComboBox()
        form.addRow(_("A tie"), self.tie)
        self.turnout = QSpinBox()
        self.turnout.setRange(0, 100)
        self.turnout.setSpecialValueText(_("none"))
        self.turnout.setSuffix("%")
        form.addRow(_("Minimum turnout"), self.turnout)
        outer.addLayout(form)
        outer.addWidget(QLabel(_("Referred initiatives waiting for a consultation:")))
        self.initiatives = QListWidget()
        outer.addWidget(self.initiatives)
        self.error = error_label()
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save_changes)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._ties()
        self._fill()
        fit_to_screen(self, self._wide_enough())
        from ui.accessibility import dialog_mnemonics

        dialog_mnemonics(self)  # Alt+letter to each labelled field, once in the dialog

    def _wide_enough(self) -> QSize:
        """Wide enough to read each waiting initiative's line whole (the screen permitting)."""
        room = self.width() - self.initiatives.viewport().width() if self.isVisible() else 60
        return self.sizeHint().expandedTo(
            QSize(self.initiatives.sizeHintForColumn(0) + max(room, 60), 0))

    def _combo(self, values) -> QComboBox:
        box = QComboBox()
        for value in values:
            box.addItem(cons.label(value), value)
        return box

    def _ties(self) -> None:
        self.tie.clear()
        for value in cons.TIES[self.rule.currentData()]:
            self.tie.addItem(cons.label(value), value)

    def _fill(self) -> None:
        self.initiatives.clear()
        for app_id, on in cons.unplanned(self.register, self.wijk.currentData()):
            app = self.register.application(app_id)
            item = QListWidgetItem(_("{sequence}. {title} ({cost}), referred on {date}").format(
                sequence=app.sequence, title=app.title, cost=format_money(app.cost_estimate),
                date=format_date(on)))
            item.setData(Qt.ItemDataRole.UserRole, app_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.initiatives.addItem(item)
        if self.isVisible():
            fit_to_screen(self, self._wide_enough().expandedTo(self.size()))

    def save_changes(self) -> None:
        chosen = tuple(self.initiatives.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.initiatives.count())
                       if self.initiatives.item(i).checkState() == Qt.CheckState.Checked)
        try:
            problem = dates_problem((_("From"), self.starts), (_("Until"), self.ends))
            if problem:  # not a date: which field, and why
                raise UserError(problem)
            from regiegroep.consultations import consultation_papers as papers

            meets_at = papers.parse_meeting(self.meets_at.text())
            planned = cons.Consultation(
                self.wijk.currentData(), self.title.text(), self.form.currentData(),
                self.starts.date().toPython(), self.ends.date().toPython(), chosen,
                self.place.text().strip(), self.voters.currentData(), self.age.value(),
                self.rule.currentData(), self.turnout.value() or None, self.tie.currentData())
            warning = cons.issuing_warning(self.register, planned)
            if warning and not self._anyway(warning):
                self.ends.setFocus()
                self.ends.selectAll()
                return
            self.planned = papers.plan_with_meeting(self.register, planned, meets_at,
                                                    self.hand_in.text())
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


    def _anyway(self, warning: str) -> bool:
        """The consultation ends after the last issuing date (Art. 5.7): plan it anyway, or
        go back and change the date."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Plan a neighbourhood consultation"),
                          warning, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("issuing_warning")
        anyway = box.addButton(_("Plan anyway"), QMessageBox.ButtonRole.AcceptRole)
        change = box.addButton(_("Change the date"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(change)
        self.warning_box = box
        try:
            box.exec()
            return box.clickedButton() is anyway
        finally:
            self.warning_box = None
            box.deleteLater()


class MeetingTimeDialog(QDialog):
    """The meeting's day and time and where ballot papers are handed in, after planning:
    what the code letters and ballot papers tell residents. The core checks and keeps it
    (regiegroep.consultations.consultation_papers.set_meeting, as the command line)."""

    def __init__(self, register, consultation_id: int, parent: QWidget | None = None):
        from regiegroep.consultations import consultation_papers as papers

        super().__init__(parent)
        self.register = register
        self.c = cons.consultation(register, consultation_id)
        self.setWindowTitle(_("Meeting day and time") + " — " + self.c.title)
        outer = QVBoxLayout(self)
        intro = QLabel(_("{form}, {start} to {end}, {place}.").format(
            form=cons.label(self.c.form), start=format_date(self.c.starts_on),
            end=format_date(self.c.ends_on), place=self.c.place or "\u2014"))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        kept = papers.meeting(register, consultation_id)
        self.meets_at = QLineEdit()  # as in the plan: the core reads what was typed
        if kept.meets_at is not None:
            at = kept.meets_at
            self.meets_at.setText(f"{at.day}-{at.month}-{at.year} {at:%H:%M}")
        self.meets_at.setPlaceholderText(_("day-month-year hours:minutes, e.g. 12-5-2026 19:30"))
        self.meets_at.setAccessibleName(_("The meeting's day and time"))
        form.addRow(_("Meeting (day and time)"), self.meets_at)
        # Without a meeting (written or digital) only where ballot papers go is asked.
        form.setRowVisible(self.meets_at, self.c.form in papers.MEETING_FORMS)
        self.kept_at = kept.meets_at
        self.hand_in = QLineEdit(kept.hand_in)
        address = papers.group_address(register)  # what the letters say while this is empty
        self.hand_in.setPlaceholderText(
            _("empty: the group's own address, {address}").format(address=address) if address
            else _("empty: the group's own address"))
        self.hand_in.setAccessibleName(_("Where ballot papers are handed in"))
        form.addRow(_("Hand in ballot papers at"), self.hand_in)
        outer.addLayout(form)
        self.error = error_label()
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save_changes)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        # Wide enough to read the group's address in the empty field whole.
        room = self.hand_in.fontMetrics().horizontalAdvance(self.hand_in.placeholderText())
        fit_to_screen(self, self.sizeHint().expandedTo(QSize(room + 260, 0)))
        from ui.accessibility import dialog_mnemonics

        dialog_mnemonics(self)  # Alt+letter to each labelled field, once in the dialog

    def save_changes(self) -> None:
        from regiegroep.consultations import consultation_papers as papers

        try:
            meets_at = papers.parse_meeting(self.meets_at.text()) \
                if self.c.form in papers.MEETING_FORMS else self.kept_at
            papers.set_meeting(self.register, self.c.id, meets_at, self.hand_in.text())
        except UserError as exc:  # a bad date, outside the consultation, or too late: kept open
            self.error.setText(str(exc))
            self.error.show()
            field = self.meets_at if self.meets_at.isVisibleTo(self) else self.hand_in
            field.setFocus()
            field.selectAll()
            return
        self.accept()


class _Channel(QDialog):
    """A screen for one consultation, with a line saying what happened last."""

    def __init__(self, register, consultation_id: int, title: str, parent=None):
        super().__init__(parent)
        self.register = register
        self.c = cons.consultation(register, consultation_id)
        self.setWindowTitle(title.format(title=self.c.title))
        self.outer = QVBoxLayout(self)
        self.said = QLabel()
        self.said.setWordWrap(True)

    def tell(self, text: str, bad: bool = False) -> None:
        self.said.setText(text)
        self.said.setStyleSheet("color:#a40000" if bad else "color:#1b5e20")
        # A message of two lines gets its two lines, not half of the second.
        self.said.setMinimumHeight(self.said.heightForWidth(max(1, self.said.width())))

    def finish(self) -> None:
        self.outer.addWidget(self.said)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.outer.addWidget(close)


class MeetingDialog(_Channel):
    """The meeting: codes at the door, the chair's tallies, a second member's confirmation."""

    def __init__(self, register, consultation_id: int, parent=None):
        super().__init__(register, consultation_id, _("Meeting: {title}"), parent)
        door = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("voting code"))
        door.addWidget(QLabel(_("At the door")))
        door.addWidget(self.code)
        enter = QPushButton(_("Let in"))
        enter.setDefault(True)  # Enter in the code field lets in once (no returnPressed too)
        enter.clicked.connect(self.register_code)
        door.addWidget(enter)
        self.outer.addLayout(door)
        grid = QGridLayout()
        for col, text in enumerate((_("Initiative"), cons.label("for"), cons.label("against"),
                                    cons.label("abstain"))):
            grid.addWidget(QLabel(text), 0, col)
        self.counts = {}
        known = channels.tallies(register, consultation_id)
        for row, item in enumerate(self.c.items, 1):
            grid.addWidget(QLabel("{sequence}. {title}".format(sequence=item.sequence,
                                                               title=item.title)), row, 0)
            boxes = []
            for col in range(3):
                box = QSpinBox()
                box.setRange(0, 100000)
                box.setValue(known.get(item.application_id, (0, 0, 0))[col])
                grid.addWidget(box, row, col + 1)
                boxes.append(box)
            self.counts[item.application_id] = boxes
        self.outer.addLayout(grid)
        form = QFormLayout()
        self.chair = Person(register)
        form.addRow(_("Entered by"), self.chair)
        self.second = Person(register, skip_me=True)
        if self.second.count() > 1 and self.second.currentData() == self.chair.currentData():
            self.second.setCurrentIndex(1 if self.second.currentIndex() == 0 else 0)
        form.addRow(_("Confirmed by"), self.second)
        self.outer.addLayout(form)
        row = QHBoxLayout()
        save = QPushButton(_("Save the tallies"))
        save.clicked.connect(self.save_tallies)
        confirm = QPushButton(_("Confirm the tallies"))
        confirm.clicked.connect(self.confirm)
        row.addWidget(save)
        row.addWidget(confirm)
        self.outer.addLayout(row)
        self.finish()

    def register_code(self) -> None:
        try:
            present = cons.register_at_door(self.register, self.c.id, self.code.text())
        except UserError as exc:
            self.tell(str(exc), bad=True)
            self.code.selectAll()  # the next attendee's code replaces it, not added to it
            return
        self.code.clear()
        self.tell(_("Welcome: {n} registered.").format(n=present))

    def save_tallies(self) -> None:
        try:
            with self.chair.acting():
                for app_id, boxes in self.counts.items():
                    channels.enter_tally(self.register, self.c.id, app_id,
                                         *(b.value() for b in boxes),
                                         member_id=self.chair.currentData())
        except UserError as exc:
            self.tell(str(exc), bad=True)
            return
        self.tell(_("Saved; a second member confirms them now."))

    def confirm(self) -> None:
        try:
            with self.second.acting():
                channels.confirm_tallies(self.register, self.c.id, self.second.currentData())
        except UserError as exc:
            self.tell(str(exc), bad=True)
            return
        self.tell(_("The tallies are confirmed."))


class PaperDialog(_Channel):
    """Paper ballots, each typed in by two members separately; what differs is shown."""

    def __init__(self, register, consultation_id: int, parent=None):
        super().__init__(register, consultation_id, _("Paper ballots: {title}"), parent)
        form = QFormLayout()
        self.member = Person(register)
        form.addRow(_("Typed in by"), self.member)
        self.sheet = QLineEdit()
        form.addRow(_("Ballot number on the pile"), self.sheet)
        self.code = QLineEdit()
        form.addRow(_("Voting code"), self.code)
        self.outer.addLayout(form)
        grid = QGridLayout()
        self.boxes = _choices(self.c, grid)
        self.outer.addLayout(grid)
        # After the voting period a ballot is entered only when it was handed in in time.
        self.in_time = QCheckBox(_("This ballot was handed in by the end of voting ({date})")
                                 .format(date=format_date(self.c.ends_on)))
        self.in_time.setVisible(self.c.status == "closed" or cons.today() > self.c.ends_on)
        self.outer.addWidget(self.in_time)
        enter = QPushButton(_("Enter this ballot"))
        enter.clicked.connect(self.enter)
        self.outer.addWidget(enter)
        said = QLabel(_("The first entry of a ballot uses its code. Each later entry types "
                        "the ballot's number and code too: the app checks that it is the code "
                        "the first entry gave, without keeping the code beside the choices."))
        said.setWordWrap(True)
        self.outer.addWidget(said)
        self.outer.addWidget(QLabel(_("Ballots whose two entries differ in their choices:")))
        self.differences = QListWidget()
        self.outer.addWidget(self.differences)
        self.finish()
        self.refresh()

    def enter(self) -> None:
        late = self.in_time.isVisible() and self.in_time.isChecked()
        try:
            with self.member.acting(keep=True):
                outcome = channels.enter_paper(
                    self.register, self.c.id, self.sheet.text(), self.code.text(),
                    {a: box.currentData() for a, box in self.boxes.items()},
                    self.member.currentData(), in_time=late)
        except UserError as exc:
            self.tell(str(exc), bad=True)
            return
        said = {"waiting": _("Saved; a second member types this ballot in too."),
                "counted": _("Both entries agree: the ballot is counted."),
                "differs": _("The entries differ: see below. A third member types this ballot "
                             "in once more; that entry settles it.")}[outcome]
        if late:
            said += " " + _("Entered after voting ended, as handed in by {date}.").format(
                date=format_date(self.c.ends_on))
        self.tell(said, bad=outcome == "differs")
        # The next ballot starts empty: no choice, number or code of this one stays.
        self.sheet.clear()
        self.code.clear()
        self.in_time.setChecked(False)
        for box in self.boxes.values():
            box.setCurrentIndex(0)
        self.sheet.setFocus()
        self.refresh()

    def refresh(self) -> None:
        self.differences.clear()
        sequences = {i.application_id: i.sequence for i in self.c.items}
        for d in channels.paper_differences(self.register, self.c.id):
            parts = [_("initiative {sequence}").format(sequence=sequences[a])
                     for a in d.choices_differ]
            self.differences.addItem(_("Ballot {sheet}: {what}").format(
                sheet=d.sheet, what=", ".join(parts)))


class VoteDialog(_Channel):
    """A resident votes on the laptop with their code (the kiosk has its own screen)."""

    def __init__(self, register, consultation_id: int, parent=None):
        super().__init__(register, consultation_id, _("Vote: {title}"), parent)
        form = QFormLayout()
        self.code = QLineEdit()
        form.addRow(_("Your voting code"), self.code)
        self.outer.addLayout(form)
        grid = QGridLayout()
        self.boxes = _choices(self.c, grid)
        self.outer.addLayout(grid)
        if self.c.rule == "budget":
            self.outer.addWidget(QLabel(_("Choose initiatives costing {left} at most together.")
                                        .format(left=format_money(self.c.budget or 0))))
        # Two steps, as on the kiosk: the vote is read back before it is cast.
        self.cast_button = QPushButton(_("Cast my vote"))
        self.cast_button.clicked.connect(self.cast)
        self.confirm_button = QPushButton(_("Yes, this is my vote"))
        self.confirm_button.clicked.connect(self.confirm)
        self.change_button = QPushButton(_("Change"))
        self.change_button.clicked.connect(self._change)
        row = QHBoxLayout()
        for button in (self.cast_button, self.confirm_button, self.change_button):
            row.addWidget(button)
        self.outer.addLayout(row)
        self.code.textChanged.connect(self._change)
        for box in self.boxes.values():
            box.currentIndexChanged.connect(self._change)
        self.finish()
        self._change()
        self._closed()  # said before anyone types a code, not after they confirmed their vote

    def _closed(self) -> bool:
        """Whether no vote can be cast today (the core's outside_period), said if so."""
        closed = cons.outside_period(self.c)
        if closed:
            self.tell(closed, bad=True)
        return bool(closed)

    def _change(self, *_args) -> None:
        """Back to choosing: nothing is pending."""
        self.pending = None
        self.cast_button.setVisible(True)
        self.confirm_button.setVisible(False)
        self.change_button.setVisible(False)

    def cast(self) -> None:
        """Read the vote back, for the resident to confirm it."""
        choices = {a: box.currentData() for a, box in self.boxes.items()}
        try:
            cons.read_code(self.code.text())  # a mistyped code is caught before anything
        except UserError as exc:
            self.tell(str(exc), bad=True)
            return
        if self._closed():
            return
        names = {i.application_id: "{sequence}. {title}".format(sequence=i.sequence, title=i.title)
                 for i in self.c.items}
        self.tell(_("Your vote: {choices}. Is this right? A code is used once.").format(
            choices="; ".join(_("{initiative}: {choice}").format(
                initiative=names[a], choice=cons.label(choice)) for a, choice in choices.items())))
        self.pending = choices
        self.confirm_button.setVisible(True)
        self.change_button.setVisible(True)
        focused = self.cast_button.hasFocus()
        self.cast_button.setVisible(False)
        if focused:  # the keyboard goes on to confirm, not to Close
            self.confirm_button.setFocus()

    def confirm(self) -> None:
        """Cast the vote read back: the code is used and the vote counted apart from it."""
        if self.pending is None:
            return
        try:
            cons.cast_vote(self.register, self.c.id, self.code.text(), self.pending)
        except UserError as exc:
            self._change()
            self.code.setFocus()  # not Close: the resident reads why and types again
            self.code.selectAll()
            self.tell(str(exc), bad=True)
            return
        self.code.clear()
        for box in self.boxes.values():
            box.setCurrentIndex(0)
        self.code.setFocus()  # the next resident types their code
        self.tell(_("Thank you: your vote is counted."))
