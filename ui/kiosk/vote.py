"""Voting at the kiosk: the code from the letter on large keys (its check character catches a
mistyped code before anything is sent), the initiatives of the open consultation, the vote
and its confirmation. Nothing on the screen ties the vote to the code afterwards.

Under the majority rule the resident says for, against or abstain per initiative; in a
budget vote they tick initiatives up to the amount left, seeing what is left as they choose
(Art. 5.3-5.5). What may be chosen is the core's (regiegroep.consultations.check_choices);
this screen only draws it and sends the choices the core expects.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from regiegroep import consultations
from regiegroep.kiosk import kiosk_packages, kiosk_votes
from regiegroep.vouchers import serials
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_money
from ui.error_line import ErrorLine
from ui.kiosk.touch import big_button, clear_screen, focus_first, Keyboard


class Ballot(Protocol):
    def open_consultations(self) -> list[dict]:
        """consultations.open_now: [{"id", "title", "form", "rule", "budget",
        "initiatives": [{"id", "title", "amount"}]}], the consultations open now."""

    def cast_vote(self, consultation_id, code: str, choices: dict) -> None:
        """Use the code and count the vote, apart from the code; UserError if refused.
        ``choices``: application id -> "for" / "against" / "abstain"."""

    def counted_at_once(self) -> bool:
        """Whether the vote counts when cast, or when the group receives the kiosk's package."""


class RegisterBallot:
    """The register's consultations open now, voted through the core: the register's own
    digital vote on the group's laptop, a sealed ballot on a kiosk register of its own
    (regiegroep.kiosk.kiosk_votes)."""

    def __init__(self, register, public: dict | None = None):
        self.register = register

    def open_consultations(self) -> list[dict]:
        return kiosk_packages.open_consultations(self.register)

    def cast_vote(self, consultation_id, code: str, choices: dict) -> None:
        kiosk_votes.cast_vote(self.register, consultation_id, code, choices)

    def counted_at_once(self) -> bool:
        return kiosk_votes.counted_at_once(self.register)


class VoteScreen(QWidget):
    def __init__(self, kiosk, ballot: Ballot):
        super().__init__()
        self.kiosk, self.ballot = kiosk, ballot
        self.code, self.consultation, self.choices, self.step = "", None, {}, "code"
        self.setLayout(QVBoxLayout())

    def wipe(self) -> None:
        self.code, self.consultation, self.choices, self.step = "", None, {}, "code"
        self.enter()

    def enter(self) -> None:
        clear_screen(self)
        layout = self.layout()
        self.field = None
        self.open = self.ballot.open_consultations()
        self.error = ErrorLine()  # said aloud to a screen reader
        self.error.setStyleSheet("color: #a00000; font-weight: bold;")
        self.error.setWordWrap(True)
        if not self.open and self.step != "done":
            self._title(_("No consultation is open now."))
        elif self.step == "code":
            self._draw_code()
        elif self.step == "choose":
            self._draw_choose()
        elif self.step == "confirm":
            self._draw_confirm()
        else:
            if self.ballot.counted_at_once():
                self._title(_("Thank you! Your vote is counted."))
            else:  # a kiosk PC of its own: counted when the steering group collects it
                self._title(_("Thank you! Your vote is in."))
                self._text(_("The steering group collects the votes from this kiosk and counts "
                             "them; a code that was used elsewhere before counts only once."))
            self._text(_("Your code is used now; nobody can see how you voted."))
        layout.addWidget(self.error)
        layout.addStretch(1)
        if self.step == "done" or not self.open:
            done = big_button(_("Done"))
            done.clicked.connect(self.kiosk.reset)
            layout.addWidget(done)
        focus_first(self)  # choosing, confirming, done: the keyboard starts on the screen

    def _title(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("question")
        label.setWordWrap(True)
        self.layout().addWidget(label)

    def _text(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout().addWidget(label)

    def _draw_code(self) -> None:
        if len(self.open) > 1:  # the letter names its consultation
            self._text(_("Touch the consultation your letter is about."))
            for c in self.open:
                button = big_button(c["title"], checkable=True)
                button.setChecked(self.consultation is not None and c["id"] == self.consultation["id"])
                button.clicked.connect(lambda _c=False, c=c: self._pick(c))
                self.layout().addWidget(button)
        self._title(_("Type the code from your letter"))
        self._text(_("Only the letters and digits on the keys below are used."))
        self.field = QLineEdit(self.code)
        self.field.setMaxLength(40)
        self.field.returnPressed.connect(self.check_code)  # Enter, as Next
        self.field.textEdited.connect(lambda _t: self.error.setText(""))  # no old refusal
        self.field.setAccessibleName(_("Type the code from your letter"))
        self.layout().addWidget(self.field)
        self.field.setFocus()
        field = self.field
        QTimer.singleShot(0, lambda: field.setFocus()  # not while wiped out of sight
                          if self.field is field and field.isVisible() else None)
        alphabet = serials.ALPHABET
        self.layout().addWidget(Keyboard((alphabet[:12], alphabet[12:]), self.field))
        go = big_button(_("Next"))
        go.clicked.connect(self.check_code)
        self.layout().addWidget(go)

    def _pick(self, c: dict) -> None:
        typed = self.field.text() if self.field is not None else ""
        self.consultation = c
        self.enter()
        self.field.setText(typed)

    def check_code(self) -> None:
        """The check character first: a mistyped code never reaches the register."""
        try:
            code = consultations.read_code(self.field.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        if self.consultation is None:
            if len(self.open) > 1:
                self.error.setText(_("Touch the consultation your letter is about."))
                return
            self.consultation = self.open[0]
        self.code, self.choices, self.step = code, {}, "choose"
        self.field.clear()
        self.enter()

    # ------------------------------------------------------------------ choosing
    def _budget(self) -> bool:
        return self.consultation.get("rule") == "budget"

    def left(self) -> Decimal | None:
        """What is left of a budget vote's budget with the initiatives ticked so far."""
        budget = self.consultation.get("budget")
        if budget is None:
            return None
        chosen = sum((Decimal(i["amount"]) for i in self.consultation["initiatives"]
                      if self.choices.get(i["id"]) == "for"), Decimal(0))
        return Decimal(budget) - chosen

    def _draw_choose(self) -> None:
        self._title(self.consultation["title"])
        if self._budget():
            self._draw_budget()
        else:
            self._draw_majority()
        go = big_button(_("Next"))
        go.clicked.connect(self.to_confirm)
        self.layout().addWidget(go)
        self.next_button = go

    def _draw_majority(self) -> None:
        self._text(_("Say for each initiative whether you are for or against it."))
        grid = QGridLayout()
        words = {"for": _("I am for"), "against": _("I am against"), "abstain": _("No opinion")}
        for row, initiative in enumerate(self.consultation["initiatives"]):
            title = QLabel("{title}\n{amount}".format(
                title=initiative["title"], amount=format_money(Decimal(initiative["amount"]))))
            title.setWordWrap(True)
            grid.addWidget(title, row, 0)
            group = QButtonGroup(self)
            for column, choice in enumerate(consultations.CHOICES, 1):
                button = big_button(words[choice], checkable=True)
                button.setObjectName("{}:{}".format(initiative["id"], choice))
                button.setChecked(self.choices.get(initiative["id"]) == choice)
                group.addButton(button)
                button.clicked.connect(
                    lambda _c=False, i=initiative["id"], v=choice: self.choose(i, v))
                grid.addWidget(button, row, column)
        self.layout().addLayout(grid)

    def _draw_budget(self) -> None:
        self._text(_("Touch the initiatives you want to get vouchers, together no more than "
                     "the amount left."))
        self.left_label = QLabel("")
        self.left_label.setObjectName("question")
        self.layout().addWidget(self.left_label)
        self.ticks = {}
        for initiative in self.consultation["initiatives"]:
            button = big_button("{title}: {amount}".format(
                title=initiative["title"], amount=format_money(Decimal(initiative["amount"]))),
                checkable=True)
            button.setChecked(self.choices.get(initiative["id"]) == "for")
            button.clicked.connect(lambda checked, i=initiative["id"]: self.tick(i, checked))
            self.ticks[initiative["id"]] = button
            self.layout().addWidget(button)
        self._show_left()

    def _show_left(self) -> None:
        self.left_label.setText(_("Left to spend: {amount}").format(
            amount=format_money(self.left())))

    def choose(self, initiative, choice: str) -> None:
        self.choices[initiative] = choice
        self.error.setText("")

    def tick(self, initiative, checked: bool) -> None:
        self.error.setText("")
        if not checked:
            self.choices.pop(initiative, None)
        else:
            amount = next(Decimal(i["amount"]) for i in self.consultation["initiatives"]
                          if i["id"] == initiative)
            if self.left() is not None and amount > self.left():
                self.ticks[initiative].setChecked(False)
                self.error.setText(_("Not enough is left for this initiative: {left} is left. "
                                     "Untick another one first.").format(
                    left=format_money(self.left())))
                return
            self.choices[initiative] = "for"
        self._show_left()

    def to_confirm(self) -> None:
        if not self._budget():
            missing = [i for i in self.consultation["initiatives"] if i["id"] not in self.choices]
            if missing:
                self.error.setText(_("Choose for, against or no opinion for: {initiative}")
                                   .format(initiative=missing[0]["title"]))
                return
        self.step = "confirm"
        self.enter()

    def _draw_confirm(self) -> None:
        self._title(_("Is this your vote?"))
        words = {"for": _("I am for"), "against": _("I am against"), "abstain": _("No opinion")}
        for initiative in self.consultation["initiatives"]:
            choice = self.choices.get(initiative["id"])
            if self._budget():
                if choice == "for":
                    self._text(initiative["title"])
            else:
                self._text(_("{initiative}: {choice}").format(initiative=initiative["title"],
                                                               choice=words[choice]))
        if self._budget() and not self.choices:
            self._text(_("You chose none of the initiatives."))
        self._text(_("After you confirm, your vote cannot be changed."))
        yes = big_button(_("Confirm my vote"))
        yes.clicked.connect(self.confirm)
        self.layout().addWidget(yes)
        no = big_button(_("Choose again"))
        no.clicked.connect(lambda: self._again())
        self.layout().addWidget(no)

    def _again(self) -> None:
        self.step = "choose"
        self.enter()

    def confirm(self) -> None:
        code, self.code = self.code, ""  # not kept past this moment
        try:
            self.ballot.cast_vote(self.consultation["id"], code, dict(self.choices))
        except UserError as exc:
            self.step, self.choices, self.consultation = "code", {}, None
            self.enter()
            self.error.setText(str(exc))
            return
        self.step, self.choices, self.consultation = "done", {}, None
        self.enter()
