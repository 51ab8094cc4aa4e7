"""Applying at the kiosk: one question per screen, Art. 4.2 in plain words, the privacy
notice and consent, a signature drawn with a finger; at the end a reference number and,
when a printer is set up, a printed receipt. The core registers it (as received via the
kiosk, at the clock's moment); this screen only asks and shows."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QScrollArea, QVBoxLayout, QWidget)

from regiegroep import i18n
from regiegroep.errors import UserError
from regiegroep.i18n import N_, _
from regiegroep.model import Applicant, ApplicantKind, Application, Theme
from ui.error_line import ErrorLine
from ui.kiosk.touch import (
    big_button, target_px, clear_screen, consent_outline, Keyboard, keyboard_attached, SignaturePad,
    touch_scrolling,
)


@dataclasses.dataclass
class Question:
    key: str
    text: str  # marked with N_, translated when shown
    kind: str  # line, long, amount, number, choice, yes_no, privacy, signature
    help: str = ""
    when: object = None  # answers -> whether this question is asked


def _group(answers: dict) -> bool:
    return answers.get("kind") == ApplicantKind.GROUP.value


QUESTIONS = (
    Question("wijk", N_("Which neighbourhood is your idea for?"), "choice"),
    Question("kind", N_("Who applies?"), "choice"),
    Question("name", N_("Your name, or the name of your group"), "line",
             N_("We need it to deal with your application (Art. 4.2 a).")),
    Question("contact_person", N_("Who is the contact person of the group?"), "line",
             N_("The vouchers are put in this person's name."), _group),
    Question("address", N_("Your address"), "line", N_("Street and house number.")),
    Question("postcode", N_("Your postcode"), "line"),
    Question("town", N_("Your town or village"), "line"),
    Question("phone", N_("Your phone number"), "line", N_("So we can call you about your idea.")),
    Question("email", N_("Your e-mail address (you may leave this empty)"), "line"),
    Question("title", N_("What is your idea called?"), "line", N_("A few words are enough.")),
    Question("description", N_("What is your idea?"), "long",
             N_("Tell us what you want to do (Art. 4.2 b).")),
    Question("execution", N_("How will you do it?"), "long", N_("Who helps, what is needed.")),
    Question("planning", N_("When will it happen?"), "long"),
    Question("liveability", N_("How does it make the neighbourhood a better place to live?"),
             "long"),
    Question("cost_estimate", N_("What does it cost in total, in euros?"), "amount",
             N_("An estimate is fine (Art. 4.2 c).")),
    Question("vouchers_requested", N_("How many vouchers do you ask for?"), "number"),
    Question("other_subsidy", N_("Did you also ask for money for this idea elsewhere?"), "yes_no",
             N_("For example from a fund or the municipality (Art. 4.2 d).")),
    Question("other_subsidy_details", N_("Where did you ask, and how much?"), "line", "",
             lambda a: a.get("other_subsidy") is True),
    Question("theme", N_("What is your idea about?"), "choice"),
    Question("publish_name", N_("May we publish your name with your idea if it gets vouchers?"),
             "yes_no", N_("If you say no, we publish only the idea.")),
    Question("privacy", N_("What we do with your details"), "privacy"),
    Question("signature", N_("Sign with your finger"), "signature",
             N_("Your signature confirms the application (Art. 4.2 a).")),
)


# Answers the steering group needs to act on an application (Art. 4.2; the core's own
# check, regiegroep.model.gaps, says what is missing): the kiosk asks for them again rather
# than hand in what nobody can deal with. The others may stay empty.
OPTIONAL = {"email"}
# The core's name for a missing answer (model.gaps) where it differs from the question's.
GAP_FIELDS = {"name": "applicant_name"}
LONGEST = {"line": 200, "long": 4000}  # characters: a name, a story


def needed(question: Question) -> bool:
    return question.key not in OPTIONAL and question.kind not in ("privacy", "signature", "review")


REVIEW = Question("review", N_("Is everything right?"), "review",
                  N_("Touch Change to correct an answer."))


class ApplyScreen(QWidget):
    """The guided form: ``answers`` is all that was typed, wiped by ``wipe``."""

    def __init__(self, kiosk):
        super().__init__()
        self.kiosk = kiosk
        self.answers: dict = {}
        self.index = 0
        self.reference = ""
        self.signature_png: bytes | None = None
        self.reviewing = False  # a change asked from the review screen: Next goes back there
        self.show_keyboard = not keyboard_attached()
        self.setLayout(QVBoxLayout())

    # -------------------------------------------------------------- the questions
    def questions(self) -> list[Question]:
        several = len(self.kiosk.public.get("wijken", [])) > 1
        asked = [q for q in QUESTIONS if (q.when is None or q.when(self.answers))
                 and (q.key != "wijk" or several)]
        return asked[:-1] + [REVIEW] + asked[-1:]  # every answer read back before signing

    def wipe(self) -> None:
        self.answers, self.index, self.reference, self.signature_png = {}, 0, "", None
        self.reviewing = False
        self.enter()

    def enter(self) -> None:
        clear_screen(self)
        self.field = self.pad = self.consent = None
        if self.reference:
            self._draw_done()
        else:
            self._draw(self.questions()[self.index])

    def _options(self, question: Question) -> list[tuple[object, str]]:
        if question.key == "wijk":
            return [(w["id"], w["name"]) for w in self.kiosk.public.get("wijken", [])]
        if question.key == "kind":
            return [(k.value, k.label) for k in ApplicantKind]
        if question.key == "theme":
            return [(t.value, t.label) for t in Theme]
        return [(True, _("Yes")), (False, _("No"))]

    def _draw(self, question: Question) -> None:
        outer = layout = self.layout()
        # With the screen's keyboard the question, its field and the keys scroll if the
        # screen is low (1366x768); Back, Keyboard and Next always stay in sight below.
        scrolls = self.show_keyboard and question.kind in ("line", "long", "amount", "number")
        if scrolls:
            content = QWidget()
            layout = QVBoxLayout(content)
            layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel(self._count_text())
        layout.addWidget(self.count_label)
        title = QLabel(_(question.text))
        title.setObjectName("question")
        title.setWordWrap(True)
        layout.addWidget(title)
        if question.help:
            hint = QLabel(_(question.help))
            hint.setWordWrap(True)
            layout.addWidget(hint)
        if question.kind in ("line", "long", "amount", "number"):
            layout.addWidget(QLabel(_("This answer is needed.") if needed(question)
                                    else _("You may leave this empty.")))
        value = self.answers.get(question.key)
        self.error = ErrorLine()  # said aloud to a screen reader
        self.error.setStyleSheet("color: #a00000; font-weight: bold;")
        self.error.setWordWrap(True)
        if question.kind in ("line", "amount", "number"):
            self.field = QLineEdit("" if value is None else str(value))
            self.field.setMaxLength(LONGEST["line"])
            self.field.returnPressed.connect(self.next)  # Enter goes on, as Next does
            layout.addWidget(self.field)
        elif question.kind == "long":
            self.field = QPlainTextEdit(value or "")
            layout.addWidget(self.field, 1)
        elif question.kind == "review":
            self._draw_review(layout)
        elif question.kind in ("choice", "yes_no"):
            self.choices = []
            for option, label in self._options(question):
                button = big_button(label, checkable=True)
                button.setChecked(option == value)
                button.setObjectName("answer")
                button.clicked.connect(lambda _c=False, o=option: self._choose(o))
                layout.addWidget(button)
                self.choices.append((option, button))
        elif question.kind == "privacy":
            from regiegroep.trust.privacy import resident_statement

            text = QLabel(resident_statement(self.kiosk.retention_months))
            text.setWordWrap(True)
            area = QScrollArea()
            area.setWidget(text)
            area.setWidgetResizable(True)
            touch_scrolling(area)
            layout.addWidget(area, 1)
            self.consent = QCheckBox(_("I have read this and agree"))
            self.consent.setChecked(bool(value))
            consent_outline(self.consent)
            layout.addWidget(self.consent)
        elif question.kind == "signature":
            self.pad = SignaturePad()
            layout.addWidget(self.pad, 1)
            again = big_button(_("Sign again"))
            again.clicked.connect(self.pad.clear)
            layout.addWidget(again)
        layout.addWidget(self.error)
        if self.field is not None:
            # Once the screen is drawn: the widgets of the last question leave first, and
            # their focus with them (issue 24: every other question had none).
            field = self.field
            QTimer.singleShot(0, lambda: field.setFocus()  # not while wiped out of sight
                              if self.field is field and field.isVisible() else None)
            self.field.setAccessibleName(_(question.text))  # what a screen reader says
            self.field.setFocus()
            if self.show_keyboard:
                layout.addWidget(Keyboard(target=self.field))
        # The text to read, the box to write or sign in takes the room; else the space below.
        roomy = self.field is not None or question.kind in ("privacy", "signature", "review")
        layout.addStretch(0 if roomy else 1)
        buttons = QHBoxLayout()
        back = big_button(_("Back"))
        back.clicked.connect(self.back)
        back.setEnabled(self.index > 0)
        buttons.addWidget(back)
        if self.field is not None:
            keys = big_button(_("Keyboard"), checkable=True)
            keys.setChecked(self.show_keyboard)
            keys.toggled.connect(self._toggle_keyboard)
            buttons.addWidget(keys)
        last = self.index == len(self.questions()) - 1
        self.next_button = big_button(_("Hand in") if last else _("Next"))
        self.next_button.clicked.connect(self.next)
        buttons.addWidget(self.next_button)
        row = QWidget()
        row.setLayout(buttons)
        if scrolls:
            area = QScrollArea()
            area.setObjectName("question_area")
            area.setWidget(content)
            area.setWidgetResizable(True)  # its scroll bar, not a drag: a drag would eat taps
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            outer.addWidget(area, 1)
        outer.addWidget(row)

    def _answer_text(self, question: Question) -> str:
        value = self.answers.get(question.key)
        if question.kind in ("choice", "yes_no"):
            return dict(self._options(question)).get(value, "")
        if question.key == "cost_estimate" and value:
            from decimal import Decimal

            return i18n.format_money(Decimal(value))
        return "" if value is None else str(value)

    def _draw_review(self, layout) -> None:
        """Every answer read back, each with a way back to change it."""
        from PySide6.QtWidgets import QGridLayout

        grid = QGridLayout()
        inner = QWidget()
        inner.setLayout(grid)
        row = 0
        for number, question in enumerate(self.questions()):
            if question.kind in ("privacy", "signature", "review"):
                continue
            asked = QLabel(_(question.text))
            asked.setWordWrap(True)
            answer = QLabel(self._answer_text(question) or _("(empty)"))
            answer.setWordWrap(True)
            answer.setStyleSheet("font-weight: bold;")
            change = big_button(_("Change"))
            change.setObjectName("change:" + question.key)
            change.clicked.connect(lambda _c=False, n=number: self._change(n))
            grid.addWidget(asked, row, 0)
            grid.addWidget(answer, row, 1)
            grid.addWidget(change, row, 2)
            row += 1
        area = QScrollArea()
        area.setWidget(inner)
        area.setWidgetResizable(True)  # its scroll bar, not a drag: a drag would eat the taps
        layout.addWidget(area, 1)

    def _change(self, index: int) -> None:
        self.reviewing = True
        self.index = index
        self.enter()

    def _toggle_keyboard(self, on: bool) -> None:
        self._keep()
        self.show_keyboard = on
        self.enter()

    def _count_text(self) -> str:
        return _("Question {n} of {count}").format(n=self.index + 1, count=len(self.questions()))

    def _choose(self, option) -> None:
        """A tapped answer is chosen and shown so; Next goes on. It went on by itself,
        and a tap on Next a moment later landed on the next question with a warning."""
        self.answers[self.questions()[self.index].key] = option
        for value, button in self.choices:
            button.setChecked(value == option)  # one answer lit, a second tap keeps it
        self.error.setText("")
        self.count_label.setText(self._count_text())  # an answer may ask one more question

    def _keep(self) -> bool:
        """What the current screen holds into ``answers``; False with a message if wrong."""
        question = self.questions()[self.index]
        if question.kind in ("line", "long"):
            text = self.field.text() if question.kind == "line" else self.field.toPlainText()
            if len(text) > LONGEST[question.kind]:
                self.error.setText(_("Please keep this shorter: {n} characters at most.")
                                   .format(n=LONGEST[question.kind]))
                return False
            self.answers[question.key] = text.strip()
        elif question.kind == "amount":
            from regiegroep.money import parse_amount

            text = self.field.text().strip()
            try:
                self.answers[question.key] = str(parse_amount(text)) if text else None
            except (ValueError, UserError, ArithmeticError):
                self.error.setText(_("Type an amount in euros, like 250 or 1250,50."))
                return False
        elif question.kind == "number":
            text = self.field.text().strip()
            if text and not (text.isdigit() and int(text) >= 1):
                self.error.setText(_("Type a number, like 1 or 2."))
                return False
            self.answers[question.key] = int(text) if text else None
        elif question.kind == "privacy":
            self.answers["privacy"] = self.consent.isChecked()
        elif question.kind == "signature" and self.pad is not None and not self.pad.is_empty():
            self.signature_png = self.pad.png()
        return True

    def back(self) -> None:
        self._keep()
        self.index = max(0, self.index - 1)
        self.enter()

    def next(self) -> None:
        if not self._keep():
            return
        question = self.questions()[self.index]
        if question.kind == "privacy" and not self.answers.get("privacy"):
            self.error.setText(_("Tick the box to agree; without it we cannot take your "
                                 "application."))
            return
        if question.kind == "signature" and self.signature_png is None:
            self.error.setText(_("Sign in the white box with your finger."))
            return
        if question.kind in ("choice", "yes_no") and question.key not in self.answers:
            self.error.setText(_("Touch one of the answers."))
            return
        problem = self._problem(question)
        if problem:  # said here, not at the signature twelve screens on
            self.error.setText(problem)
            return
        if self.reviewing and question.kind != "review":
            # Back to the review, unless the change asks a new question (a yes that
            # wants details): then that one first.
            following = self.questions()[self.index + 1]
            if following.kind == "review" or following.key in self.answers:
                self.index = next(n for n, q in enumerate(self.questions())
                                  if q.kind == "review")
                self.enter()
                return
        if question.kind == "review":
            self.reviewing = False
        if self.index < len(self.questions()) - 1:
            self.index += 1
            self.enter()
            return
        self._hand_in()

    def _problem(self, question: Question) -> str:
        """What the core finds wrong with this answer, or missing, if anything."""
        from regiegroep.applications import value_problems
        from regiegroep.model import gaps

        wijken = {w["id"] for w in self.kiosk.public.get("wijken", [])}
        application = self.application()
        problem = value_problems(application, wijken).get(question.key, "")
        if problem or not needed(question):
            return problem
        field = GAP_FIELDS.get(question.key, question.key)
        gap = next((g.message for g in gaps(application) if g.field == field), None)
        if gap is None and not self.answers.get(question.key) \
                and self.answers.get(question.key) is not False:
            gap = _("This answer is needed.")
        if gap:
            return gap + " " + _("Please fill it in.")
        return ""


    # ------------------------------------------------------------------ handing in
    def application(self) -> Application:
        from decimal import Decimal

        a = self.answers
        wijken = self.kiosk.public.get("wijken", [])
        wijk = a.get("wijk", wijken[0]["id"] if len(wijken) == 1 else None)
        cost = a.get("cost_estimate")
        return Application(
            received_at=dt.datetime.now().replace(second=0, microsecond=0), wijk_id=wijk,
            applicant=Applicant(kind=ApplicantKind(a.get("kind", "resident")),
                                name=a.get("name", ""), contact_person=a.get("contact_person", ""),
                                address=a.get("address", ""), postcode=a.get("postcode", ""),
                                town=a.get("town", ""),
                                phone=a.get("phone", ""), email=a.get("email", ""),
                                publish_name=bool(a.get("publish_name")),
                                language=i18n.current_language()),
            title=a.get("title", ""), description=a.get("description", ""),
            execution=a.get("execution", ""), planning=a.get("planning", ""),
            liveability=a.get("liveability", ""),
            cost_estimate=Decimal(cost) if cost else None,
            vouchers_requested=a.get("vouchers_requested"), other_subsidy=a.get("other_subsidy"),
            other_subsidy_details=a.get("other_subsidy_details", "") if a.get("other_subsidy") else "",
            theme=Theme(a["theme"]) if a.get("theme") else None)

    def _hand_in(self) -> None:
        try:
            registered = self.kiosk.register.register_application(
                self.application(), signature_png=self.signature_png)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        title = self.answers.get("title", "")
        self.answers, self.signature_png = {}, None  # nothing typed stays behind
        from regiegroep.kiosk.kiosk_packages import is_kiosk_register, kiosk_reference

        # The group's own register: its number. A kiosk PC of its own: a kiosk reference,
        # kept on the application when the group receives it.
        self.reference = kiosk_reference(registered.sequence) \
            if is_kiosk_register(self.kiosk.register) else str(registered.sequence)
        self.printed = self.kiosk.print_receipt(self.reference, title)
        self.enter()

    def _draw_done(self) -> None:
        layout = self.layout()
        title = QLabel(_("Thank you! Your application is handed in."))
        title.setObjectName("question")
        title.setWordWrap(True)
        layout.addWidget(title)
        number = QLabel(_("Your reference number: {number}").format(number=self.reference))
        # Large, to write down (Qt's style sheets take no percentages: seen at 1366x768).
        number.setStyleSheet("font-size: {}px; font-weight: bold;".format(target_px()))
        layout.addWidget(number)
        said = _("Write the number down; the steering group will contact you.")
        if getattr(self, "printed", False):
            said = _("Take your receipt from the printer; the steering group will contact you.")
        text = QLabel(said)
        text.setWordWrap(True)
        layout.addWidget(text)
        contact = self.kiosk.public.get("contact") or {}
        from regiegroep.i18n import list_comma
        from ui.kiosk.screens import isolated

        # Each part whole in its own direction: in Arabic "075-123 45 67" came out as
        # "67 45 123-075"; the parts joined as the language joins a list.
        reach = list_comma().join(isolated(x) for x in (
            contact.get("phone"), contact.get("email"), contact.get("postal")) if x)
        if reach:
            line = QLabel(_("Questions? The steering group: {contact}").format(contact=reach))
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addStretch(1)
        done = big_button(_("Done"))
        done.clicked.connect(self.kiosk.reset)
        layout.addWidget(done)
