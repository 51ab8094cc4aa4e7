"""The intake form: a new application typed in from paper, or an existing one changed.

Every field is checked as the volunteer types. What is *wrong* (an amount that is no
amount) blocks saving and is said next to the field; what is *missing* under Art. 4.2 is
listed in plain words but does not block: an incomplete application is still registered,
as incomplete, as on paper (Art. 4.3).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QCheckBox, QComboBox, QDialogButtonBox,
    QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from regiegroep.errors import UserError
from regiegroep.i18n import LANGUAGES, _, format_money
from regiegroep.model import (
    Applicant, ApplicantKind, Application, CostLine, Theme, cost_lines_note, gaps,
    may_name_contact_person, needs_contact_person,
)
from regiegroep.money import parse_amount
from regiegroep.applications.attachments import ATTACHMENT_KINDS
from regiegroep.budgets import Wijk
from regiegroep.applications import value_problems
from regiegroep.rules import Ordinance, figures, model_ordinance
from ui.detail import attachment_kind_label
from ui.file_dialogs import open_file_names
from ui.widgets import DateTimeField, FormDialog, ShortText, error_label, scrolling


class ApplicationForm(FormDialog):
    """Type in or change one application."""

    changed = Signal()

    def __init__(self, wijken: list[Wijk], application: Application | None = None,
                 parent: QWidget | None = None, moment_is_now: bool = False,
                 privacy: str = "", ordinance_for: Callable[[int, int], Ordinance] | None = None):
        """``moment_is_now``: handed in here and now (the kiosk), so the moment of receipt
        is the clock's and cannot be changed. ``privacy``: the privacy statement, offered on
        the form (AVG/GDPR: the applicant is told what happens with their details).
        ``ordinance_for``: the ordinance in force for a neighbourhood and year
        (Register.ordinance_for), whose figures the texts give; the model's without it."""
        super().__init__(parent)
        self._ordinance_for = ordinance_for or (lambda _wijk, _year: model_ordinance())
        self._shown_ordinance: Ordinance | None = None
        self._privacy = privacy
        self._wijken = wijken
        self._original = application
        self._attachments: list[tuple[str, str]] = []
        self.setWindowTitle(_("Change application {sequence}").format(sequence=application.sequence)
                            if application else _("New application"))
        self._build()
        if application:
            self._load(application)
        else:
            self.received.setDateTime(QDateTime.currentDateTime())
        self.received.setEnabled(not moment_is_now)
        self._attachment_box.setVisible(not moment_is_now)  # the kiosk attaches no files
        self._check()
        self.finish_form(QSize(760, 820))

    def save_changes(self) -> None:
        self._accept()  # refused while a field says what is wrong

    def _show_privacy(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, _("Privacy statement"), self._privacy)

    # -------------------------------------------------------------------- building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        intro = QLabel(_("Type the application as it was handed in. You may save it while "
                         "something is still missing: it is then registered as incomplete, and "
                         "you can ask the applicant to complete it (Art. 4.3)."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        body = QWidget()
        layout = QVBoxLayout(body)
        self._scroll = scrolling(body)
        outer.addWidget(self._scroll, 1)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        # Receipt (Art. 4.4: handled in order of receipt)
        box, form = self._section(_("Receipt"), _(
            "Applications are handled in the order they were received (Art. 4.4). Enter the "
            "day and time the form was handed in, not today's date if it came in earlier."))
        # No maximum on the field: a moment in the future is refused beside it instead.
        self.received = DateTimeField()
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("d-M-yyyy HH:mm")
        self._row(form, _("Received on"), self.received, "received_at")
        self.wijk = QComboBox()
        for wijk in self._wijken:
            self.wijk.addItem(wijk.name, wijk.id)
        self._row(form, _("Neighbourhood"), self.wijk, "wijk")
        layout.addWidget(box)

        # a. the applicant
        box, form = self._section(_("a. The applicant"), _(
            "Art. 4.2a: name, contact address, phone number and signature. Applicants are "
            "residents: one resident, or a group of residents (Art. 1c); never an institution "
            "or company. Vouchers are put in the name of the resident, of the legal entity, or "
            "of a group's contact person."))
        self.kind = QComboBox()
        for kind in ApplicantKind:
            self.kind.addItem(kind.label, kind.value)
        self._row(form, _("Who applies"), self.kind, "kind")
        self.applicant_name = QLineEdit()
        self.applicant_name.setPlaceholderText(_("e.g. Fatma Yılmaz, or the group's name"))
        self._row(form, _("Name"), self.applicant_name, "applicant_name")
        self.contact_person = QLineEdit()
        self.contact_person.setPlaceholderText(_("the resident who speaks for the group"))
        self.contact_label = self._row(form, _("Contact person"), self.contact_person, "contact_person")
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("street and number"))
        self._row(form, _("Contact address"), self.address, "address")
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("1504 AB")
        self.postcode.setMaximumWidth(120)
        self._row(form, _("Postcode"), self.postcode, "postcode")
        self.town = QLineEdit()
        self._row(form, _("Town"), self.town, "town")
        self.phone = QLineEdit()
        self._row(form, _("Phone"), self.phone, "phone")
        self.email = QLineEdit()
        self._row(form, _("E-mail (optional)"), self.email, "email")
        self.signed = QCheckBox(_("The signed form has been received"))
        self._row(form, _("Signature"), self.signed, "signed")
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._row(form, _("Letters in"), self.language, "language")
        self.publish_name = QCheckBox(_("Name may be published with the initiative (Art. 7.2)"))
        self.publish_name.setToolTip(_("Only if the applicant agreed to it on the form."))
        self._row(form, _("Publication"), self.publish_name, "publish_name")
        layout.addWidget(box)

        # b. the initiative
        box, form = self._section(_("b. The initiative"), _(
            "Art. 4.2b: what the initiative is, how and when it will be carried out, and how it "
            "improves liveability of the neighbourhood, block or street (Art. 1b, 1d, 1e)."))
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("a short name, e.g. Street party Reigerstraat"))
        self._row(form, _("Title"), self.title, "title")
        self.description = ShortText(_("What is the initiative?"))
        self._row(form, _("Content"), self.description, "description")
        self.execution = ShortText(_("Who does what, with what?"))
        self._row(form, _("Execution"), self.execution, "execution")
        self.planning = ShortText(_("When does it start and end?"))
        self._row(form, _("Planning"), self.planning, "planning")
        self.liveability = ShortText(_("How does the neighbourhood, block or street get better?"))
        self._row(form, _("Liveability"), self.liveability, "liveability")
        self.theme = QComboBox()
        self.theme.addItem(_("(not chosen)"), None)
        for theme in Theme:
            self.theme.addItem(theme.label, theme.value)
        self._row(form, _("Theme"), self.theme, "theme")
        layout.addWidget(box)

        # c. costs
        box, form = self._section(_("c. Costs and vouchers"), "")
        self.costs_note = form.itemAt(0).widget()
        self.cost_estimate = QLineEdit()
        self.cost_estimate.setPlaceholderText(_("e.g. 1.850,00"))
        self.cost_estimate.setMaximumWidth(180)
        self._row(form, _("Cost estimate (€)"), self.cost_estimate, "cost_estimate")
        self.cost_lines = QTableWidget(0, 2)
        self.cost_lines.setHorizontalHeaderLabels([_("Item"), _("Amount (€)")])
        self.cost_lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cost_lines.verticalHeader().hide()
        self.cost_lines.setFixedHeight(120)
        self.cost_lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab goes on to the next field, as everywhere in the form; arrows move between the
        # cells (Tab went round the lines and over what was typed in them).
        self.cost_lines.setTabKeyNavigation(False)
        self.cost_lines.setAccessibleName(_("Lines of the estimate (if given)"))
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(self.cost_lines)
        buttons = QHBoxLayout()
        add_line = QPushButton(_("Add a line"))
        add_line.clicked.connect(self._add_line)
        remove_line = QPushButton(_("Remove line"))
        remove_line.clicked.connect(self._remove_line)
        buttons.addWidget(add_line)
        buttons.addWidget(remove_line)
        buttons.addStretch()
        lines_layout.addLayout(buttons)
        self._row(form, _("Lines of the estimate (if given)"), lines_box, "cost_lines")
        self.vouchers = QSpinBox()
        self.vouchers.setRange(0, 999)
        self.vouchers.setSpecialValueText(_("not given"))
        self.vouchers.setMaximumWidth(140)
        self._row(form, _("Vouchers wanted"), self.vouchers, "vouchers_requested")
        layout.addWidget(box)

        # d. other subsidy
        box, form = self._section(_("d. Other subsidy"), _(
            "Art. 4.2d: the application must say whether subsidy was also requested elsewhere."))
        self.other_subsidy = QComboBox()
        self.other_subsidy.addItem(_("(the form does not say)"), None)
        self.other_subsidy.addItem(_("No"), False)
        self.other_subsidy.addItem(_("Yes"), True)
        self._row(form, _("Also requested elsewhere?"), self.other_subsidy, "other_subsidy")
        self.other_details = QLineEdit()
        self.other_details.setPlaceholderText(_("where, and how much"))
        self._row(form, _("Details"), self.other_details, "other_subsidy_details")
        layout.addWidget(box)

        # attachments
        box, form = self._section(_("Attachments"), _(
            "The scan of the signed form, quotes, photos. Each file is stored in the register "
            "with a fingerprint (hash), so it can be shown later that it was not changed."))
        self.attachment_list = QListWidget()
        self.attachment_list.setFixedHeight(70)
        self.attachment_list.setAccessibleName(_("Files added"))
        row = QHBoxLayout()
        self.attachment_kind = QComboBox()
        for kind in ATTACHMENT_KINDS:
            self.attachment_kind.addItem(attachment_kind_label(kind), kind)
        self.attachment_kind.setAccessibleName(_("Kind of file"))
        add_file = QPushButton(_("Add a file…"))
        add_file.clicked.connect(lambda: self._add_attachment(self.attachment_kind.currentData()))
        row.addWidget(self.attachment_kind)
        row.addWidget(add_file)
        row.addStretch()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.attachment_list)
        holder_layout.addLayout(row)
        form.addRow(holder)
        layout.addWidget(box)
        self._attachment_box = box
        layout.addStretch()

        # what is missing, always in sight
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self.missing.setObjectName("missing")
        outer.addWidget(self.missing)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.privacy_button = self.buttons.addButton(
            _("How your details are kept…"), QDialogButtonBox.ButtonRole.HelpRole)
        self.privacy_button.clicked.connect(self._show_privacy)
        outer.addWidget(self.buttons)

        for widget in (self.applicant_name, self.contact_person, self.address, self.postcode,
                       self.phone, self.email, self.title, self.cost_estimate, self.other_details):
            widget.textChanged.connect(self._check)
        for widget in (self.description, self.execution, self.planning, self.liveability):
            widget.textChanged.connect(self._check)
        for widget in (self.kind, self.wijk, self.theme, self.other_subsidy):
            widget.currentIndexChanged.connect(self._check)
        self.signed.toggled.connect(self._check)
        self.vouchers.valueChanged.connect(self._check)
        self.received.textChanged.connect(self._check)  # also when the text is no date
        self.cost_lines.itemChanged.connect(self._check)

    def _section(self, title: str, help_text: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        note = QLabel(help_text)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow(note)
        return box, form

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> QLabel:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = error_label()
        error.hide()
        column.addWidget(error)
        self._errors[key] = error
        self._fields[key] = widget
        if not widget.accessibleName():
            # The label is no sibling of the field (the holder is between them), so a screen
            # reader would not find it by itself. A check box says its own text.
            own = widget.text() if isinstance(widget, QAbstractButton) else ""
            widget.setAccessibleName(own or label)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)
        return caption

    # ------------------------------------------------------------------- cost lines

    def _add_line(self, description: str = "", amount: str = "") -> None:
        row = self.cost_lines.rowCount()
        self.cost_lines.insertRow(row)
        self.cost_lines.setItem(row, 0, QTableWidgetItem(description))
        self.cost_lines.setItem(row, 1, QTableWidgetItem(amount))
        if not description:
            self.cost_lines.editItem(self.cost_lines.item(row, 0))

    def _remove_line(self) -> None:
        row = self.cost_lines.currentRow()
        if row >= 0:
            self.cost_lines.removeRow(row)
            self._check()

    def _lines(self) -> tuple[list[CostLine], str | None]:
        lines, problem = [], None
        for row in range(self.cost_lines.rowCount()):
            text = (self.cost_lines.item(row, 0) or QTableWidgetItem()).text().strip()
            amount_text = (self.cost_lines.item(row, 1) or QTableWidgetItem()).text().strip()
            if not text and not amount_text:
                continue
            try:
                amount = parse_amount(amount_text)
            except UserError as exc:
                problem = _("Line {n}: {problem}").format(n=row + 1, problem=exc)
                continue
            lines.append(CostLine(text or _("(no description)"), amount))
        return lines, problem

    # ------------------------------------------------------------------- attachments

    def _add_attachment(self, kind: str) -> None:
        paths = open_file_names(
            self, _("Choose files"), "", _("Scans, photos and documents (*.pdf *.jpg *.jpeg *.png "
                                           "*.tif *.tiff *.doc *.docx *.odt *.xlsx);;All files (*)"))
        for path in paths:
            self._attachments.append((path, kind))
            QListWidgetItem(f"{attachment_kind_label(kind)}: {Path(path).name}", self.attachment_list)

    def attachments(self) -> list[tuple[str, str]]:
        """Files added in this form, as (path, kind), stored when the application is saved."""
        return list(self._attachments)

    # ---------------------------------------------------------------- reading/writing

    def _load(self, app: Application) -> None:
        self.received.setDateTime(QDateTime(app.received_at))
        self.wijk.setCurrentIndex(max(0, self.wijk.findData(app.wijk_id)))
        self.kind.setCurrentIndex(self.kind.findData(app.applicant.kind.value))
        self.applicant_name.setText(app.applicant.name)
        self.contact_person.setText(app.applicant.contact_person)
        self.address.setText(app.applicant.address)
        self.postcode.setText(app.applicant.postcode)
        self.town.setText(app.applicant.town)
        self.phone.setText(app.applicant.phone)
        self.email.setText(app.applicant.email)
        self.signed.setChecked(app.signed)
        self.publish_name.setChecked(app.applicant.publish_name)
        self.language.setCurrentIndex(max(0, self.language.findData(app.applicant.language)))
        self.title.setText(app.title)
        self.description.setText(app.description)
        self.execution.setText(app.execution)
        self.planning.setText(app.planning)
        self.liveability.setText(app.liveability)
        self.theme.setCurrentIndex(max(0, self.theme.findData(app.theme.value if app.theme else None)))
        if app.cost_estimate is not None:
            self.cost_estimate.setText(format_money(app.cost_estimate).replace("€", "").strip())
        for line in app.cost_lines:
            self._add_line(line.description, format_money(line.amount).replace("€", "").strip())
        self.vouchers.setValue(app.vouchers_requested or 0)
        self.other_subsidy.setCurrentIndex(
            {None: 0, False: 1, True: 2}[app.other_subsidy])
        self.other_details.setText(app.other_subsidy_details)

    def _read(self) -> tuple[Application, dict[str, str]]:
        """The application as typed, and what is wrong with the values, field by field."""
        problems: dict[str, str] = {}
        cost = None
        if self.cost_estimate.text().strip():
            try:
                cost = parse_amount(self.cost_estimate.text())
            except UserError as exc:
                problems["cost_estimate"] = str(exc)
        lines, line_problem = self._lines()
        if line_problem:
            problems["cost_lines"] = line_problem
        theme = self.theme.currentData()
        base = self._original
        received = self.received.dateTime().toPython().replace(second=0, microsecond=0)
        if base and base.received_at.replace(second=0) == received:
            received = base.received_at  # unchanged: keep the seconds an import may have had
        app = Application(
            received_at=received,
            wijk_id=self.wijk.currentData() if self.wijk.count() else -1,
            wijk=self.wijk.currentText(),
            applicant=Applicant(
                kind=ApplicantKind(self.kind.currentData()),
                name=self.applicant_name.text().strip(),
                contact_person=self.contact_person.text().strip(),
                address=self.address.text().strip(),
                postcode=self.postcode.text().strip().upper(),
                town=self.town.text().strip(),
                phone=self.phone.text().strip(),
                email=self.email.text().strip(),
                id=base.applicant.id if base else None,
                publish_name=self.publish_name.isChecked(),
                language=self.language.currentData(),
            ),
            signed=self.signed.isChecked(),
            title=self.title.text().strip(),
            description=self.description.text().strip(),
            execution=self.execution.text().strip(),
            planning=self.planning.text().strip(),
            liveability=self.liveability.text().strip(),
            cost_estimate=cost,
            cost_lines=lines,
            vouchers_requested=self.vouchers.value() or None,
            other_subsidy=self.other_subsidy.currentData(),
            other_subsidy_details=self.other_details.text().strip(),
            theme=Theme(theme) if theme else None,
            status=base.status if base else None,
            id=base.id if base else None,
            sequence=base.sequence if base else None,
        )
        problems.update(value_problems(app, {w.id for w in self._wijken}))
        if self.received.problem():
            problems["received_at"] = self.received.problem()
        return app, problems

    def _check(self) -> None:
        app, problems = self._read()
        self._show_figures(app)
        is_group = may_name_contact_person(app.applicant.kind)  # the core's rule
        self.contact_person.setEnabled(is_group)
        self.contact_label.setEnabled(is_group)
        self.other_details.setEnabled(self.other_subsidy.currentData() is True)
        for key, label in self._errors.items():
            message = problems.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            if key in self._fields:
                self._fields[key].setAccessibleDescription(message)
        found = gaps(app)
        hint = html.escape(cost_lines_note(app))
        if found:
            by_item: dict[str, list[str]] = {}
            for gap in found:
                by_item.setdefault(gap.item, []).append(gap.message)
            items = "".join(
                "<li>{}</li>".format(html.escape(_("{item}. {message}").format(
                    item=item, message=" ".join(messages))))
                for item, messages in by_item.items())
            text = _("Still missing under Art. 4.2 (it will be registered as incomplete):")
            self.missing.setText(f"<b>{text}</b><ul style='margin:0'>{items}</ul>")
            self.missing.setStyleSheet("background:#fff4e5; padding:6px; border-radius:4px;")
        else:
            self.missing.setText("<b>{}</b>".format(_("Complete: everything Art. 4.2 asks is there.")))
            self.missing.setStyleSheet("background:#e7f4ea; padding:6px; border-radius:4px;")
        if hint:
            self.missing.setText(self.missing.text() + f"<p>{hint}</p>")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        self._problems = problems
        self.changed.emit()

    def _show_figures(self, app: Application) -> None:
        """The figures of the ordinance in force for the neighbourhood and year chosen."""
        ordinance = self._ordinance_for(app.wijk_id, app.received_at.year)
        if ordinance is self._shown_ordinance:
            return
        self._shown_ordinance = ordinance
        self.costs_note.setText(_(
            "Art. 4.2c: a cost estimate and the number of vouchers wanted. A voucher is worth at "
            "most {max_voucher_value} (Art. 1a); an initiative may get several. Above "
            "{consultation_threshold} a neighbourhood consultation decides (Art. 5.3-5.5).")
            .format(**figures(ordinance)))

    def problems(self) -> dict[str, str]:
        """What is wrong with the values now shown (empty when it can be saved)."""
        return dict(self._problems)

    def application(self) -> Application:
        """The application as typed. Only valid when ``problems()`` is empty."""
        return self._read()[0]

    def _accept(self) -> None:
        if not self._problems:
            self.accept()
            return
        # Refused: the first field that says what is wrong comes into sight, with the focus
        # (Save from "Save changes?" did nothing visible when it was scrolled away).
        first = next((field for key, field in self._fields.items() if key in self._problems),
                     None)
        if first is not None:
            self._scroll.ensureWidgetVisible(first)
            first.setFocus()
