"""Voting at the kiosk: the code from the letter on large keys (its check character catches a
mistyped code before anything is sent), the initiatives of the open consultation, the vote
and its confirmation. Nothing on the screen ties the vote to the code afterwards.

The consultations' core (issue 14) takes a vote as ``cast_vote(consultation_id, code,
choices)``; ``RegisterBallot`` is the small adapter this screen draws against, and any
object with the same two methods plugs in (the tests use a fake while the core is missing).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from regiegroep import serials
from regiegroep.errors import UserError
from regiegroep.i18n import _
from ui.kiosk.touch import Keyboard, big_button


class Ballot(Protocol):
    def open_consultations(self) -> list[dict]:
        """[{"id", "title", "initiatives": [{"id", "title"}]}]: the consultations open now."""

    def cast_vote(self, consultation_id, code: str, choices: list) -> None:
        """Use the code and count the vote, apart from the code; UserError if refused."""


class RegisterBallot:
    """The register's consultations: those in the public view, voted through the core."""

    def __init__(self, register, public: dict):
        self.register, self.public = register, public

    def open_consultations(self) -> list[dict]:
        if not hasattr(self.register, "cast_vote"):
            return []  # this version of the core takes no votes yet
        return list(self.public.get("consultations") or [])

    def cast_vote(self, consultation_id, code: str, choices: list) -> None:
        self.register.cast_vote(consultation_id, code, choices)


class VoteScreen(QWidget):
    def __init__(self, kiosk, ballot: Ballot):
        super().__init__()
        self.kiosk, self.ballot = kiosk, ballot
        self.code, self.consultation, self.choices, self.step = "", None, [], "code"
        self.setLayout(QVBoxLayout())

    def wipe(self) -> None:
        self.code, self.consultation, self.choices, self.step = "", None, [], "code"
        self.enter()

    def enter(self) -> None:
        layout = self.layout()
        for field in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            field.clear()  # nothing typed lingers in a widget waiting to be deleted
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.field = None
        consultations = self.ballot.open_consultations()
        self.error = QLabel("")
        self.error.setStyleSheet("color: #a00000; font-weight: bold;")
        self.error.setWordWrap(True)
        if not consultations:
            self._title(_("No consultation is open now."))
        elif self.step == "code":
            self._draw_code()
        elif self.step == "choose":
            self._draw_choose()
        elif self.step == "confirm":
            self._draw_confirm()
        else:
            self._title(_("Thank you! Your vote is counted."))
            self._text(_("Your code is used now; nobody can see how you voted."))
        layout.addWidget(self.error)
        layout.addStretch(1)
        if self.step == "done" or not consultations:
            done = big_button(_("Done"))
            done.clicked.connect(self.kiosk.reset)
            layout.addWidget(done)

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
        self._title(_("Type the code from your letter"))
        self._text(_("Only the letters and digits on the keys below are used."))
        self.field = QLineEdit(self.code)
        self.field.setReadOnly(False)
        self.layout().addWidget(self.field)
        self.field.setFocus()
        alphabet = serials.ALPHABET
        self.layout().addWidget(Keyboard((alphabet[:12], alphabet[12:]), self.field))
        go = big_button(_("Next"))
        go.clicked.connect(self.check_code)
        self.layout().addWidget(go)

    def check_code(self) -> None:
        try:
            self.code = serials.parse_serial(self.field.text(), None)
        except serials.SerialError:
            self.error.setText(_("This code is not right: a character was mistyped. Check it "
                                 "against your letter and try again."))
            return
        self.consultation = self.ballot.open_consultations()[0]
        self.step = "choose"
        self.enter()

    def _draw_choose(self) -> None:
        self._title(self.consultation["title"])
        self._text(_("Touch the initiative you vote for."))
        for initiative in self.consultation["initiatives"]:
            button = big_button(initiative["title"], checkable=True)
            button.setChecked(initiative["id"] in self.choices)
            button.clicked.connect(lambda _c=False, i=initiative["id"]: self._choose(i))
            self.layout().addWidget(button)

    def _choose(self, initiative) -> None:
        self.choices = [initiative]
        self.step = "confirm"
        self.enter()

    def _draw_confirm(self) -> None:
        titles = [i["title"] for i in self.consultation["initiatives"] if i["id"] in self.choices]
        self._title(_("You vote for: {initiatives}").format(initiatives=", ".join(titles)))
        self._text(_("Is this right? After you confirm, your vote cannot be changed."))
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
            self.ballot.cast_vote(self.consultation["id"], code, list(self.choices))
        except UserError as exc:
            self.step, self.choices = "code", []
            self.enter()
            self.error.setText(str(exc))
            return
        self.step, self.choices, self.consultation = "done", [], None
        self.enter()
