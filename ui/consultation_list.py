"""The consultations of the register and what can be done with each (Art. 1i, 5.3-5.5, 7.2):
the referrals waiting too long and the group's own limit for that wait, planning, printing
codes and papers in the background, the channels' screens (ui.consultations), cancelling,
counting, signing off and deciding."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QInputDialog,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt, QTimer, Signal

from regiegroep.consultations import consultation_results as results
from regiegroep import consultations as cons
from regiegroep.trust.access import Permission
from regiegroep.errors import UserError
from regiegroep.i18n import _, format_date, format_datetime
from ui import consultations as screens
from ui.file_dialogs import open_file_name, save_file_name


class ConsultationsDialog(QDialog):
    wait_weeks_changed = Signal()  # the main window's warning follows the group's limit

    def __init__(self, register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register, self._workers = register, []
        self.setWindowTitle(_("Neighbourhood consultations"))
        outer = QVBoxLayout(self)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff4e5;padding:4px")
        outer.addWidget(self.warning)
        wait = QHBoxLayout()
        wait.addWidget(QLabel(_("Referred initiatives wait at most")))
        self.wait_weeks = QSpinBox()
        self.wait_weeks.setRange(*cons.WAIT_WEEKS_RANGE)
        self.wait_weeks.setValue(cons.wait_weeks(register))
        self.wait_weeks.setAccessibleName(_("Weeks a referral may wait for a consultation"))
        wait.addWidget(self.wait_weeks)
        wait.addWidget(QLabel(_("weeks for a consultation (the group's own limit)")), 1)
        self.keep_wait = QPushButton(_("Keep"))
        self.keep_wait.clicked.connect(self.save_wait_weeks)
        wait.addWidget(self.keep_wait)
        may = register.session.may(Permission.MANAGE)
        self.wait_weeks.setEnabled(may)
        self.keep_wait.setEnabled(may)
        outer.addLayout(wait)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Consultations"))
        self.list.currentRowChanged.connect(self._show)
        outer.addWidget(self.list)
        self.details = QLabel()
        self.details.setWordWrap(True)
        outer.addWidget(self.details)
        grid = QGridLayout()
        self.buttons = {}
        for n, (key, text, slot) in enumerate((
                ("plan", _("Plan…"), self.plan),
                ("when", _("Meeting day and time…"), self.meeting_time),
                ("codes", _("Print code letters…"), self.print_codes),
                ("ballots", _("Ballot papers…"), lambda: self.print_paper("ballots")),
                ("announcement", _("Poster…"), lambda: self.print_paper("announcement")),
                ("open", _("Open voting"), self.open_voting),
                ("meeting", _("Meeting…"), lambda: self._screen(screens.MeetingDialog)),
                ("paper", _("Paper ballots…"), lambda: self._screen(screens.PaperDialog)),
                ("vote", _("Digital vote…"), self.digital_vote),
                ("close", _("Close voting"), self.close_voting), ("count", _("Count"), self.count),
                ("sign", _("Sign off"), self.sign_off), ("decide", _("Decide"), self.decide),
                ("report", _("Report (proces-verbaal)…"), lambda: self.print_paper("report")),
                ("result", _("Public notice of the result…"), lambda: self.print_paper("result")),
                ("cancel", _("Cancel consultation…"), lambda: self.cancel_consultation()))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            grid.addWidget(button, n // 4, n % 4)
            self.buttons[key] = button
        outer.addLayout(grid)
        sign = QHBoxLayout()
        signer = QLabel(_("Sign off as"))  # who signs off the count
        sign.addWidget(signer)
        self.member = screens.Person(register)
        signer.setBuddy(self.member)
        self.member.setAccessibleName(_("Sign off as"))
        sign.addWidget(self.member, 1)
        outer.addLayout(sign)
        self.said = QLabel()
        self.said.setWordWrap(True)
        self._said_about: int | None = None  # the consultation the message is about
        outer.addWidget(self.said)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        outer.addWidget(close)
        self.resize(760, 560)
        self.refresh()

    def current(self):
        item = self.list.currentItem()
        return cons.consultation(self.register, item.data(Qt.ItemDataRole.UserRole)) if item else None

    def refresh(self, select: int | None = None) -> None:
        late = cons.overdue(self.register)
        self.warning.setVisible(bool(late))
        self.warning.setText(_("Waiting longer than {weeks} weeks for a consultation: {which}.")
                             .format(weeks=cons.wait_weeks(self.register),
                                     which=", ".join(_("application {sequence} ({days} days)")
                                                     .format(sequence=s, days=d) for s, d in late)))
        keep = select if select is not None else (self.current().id if self.current() else None)
        focused = QApplication.focusWidget()  # the list is redrawn: every button off a moment
        self.list.blockSignals(True)  # redrawn, not chosen by the person: shown once, below
        self.list.clear()
        for c in cons.consultations(self.register):
            item = QListWidgetItem("{title} \u2014 {start} \u2014 {status}".format(
                title=c.title, start=format_date(c.starts_on), status=cons.label(c.status)))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
            if c.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show()
        if focused is not None and self.isAncestorOf(focused) and focused.isEnabled() \
                and not focused.hasFocus():
            focused.setFocus()  # the keyboard stays on the button it pressed

    def _show(self, *_args) -> None:
        from regiegroep.consultations import consultation_papers as papers

        c = self.current()
        status = c.status if c else None
        result = results.latest_result(self.register, c.id) if c else None
        if c:
            lines = [_("{form}, {start} to {end}, {place}. Rule: {rule}; {tie}.").format(
                form=cons.label(c.form), start=format_date(c.starts_on),
                end=format_date(c.ends_on), place=c.place or "\u2014",
                rule=cons.label(c.rule), tie=cons.label(c.tie)),
                _("Codes: {issued} issued, {used} used.").format(
                    issued=c.codes_issued, used=sum(c.codes_used.values())),
                cons.voting_line(c)]
            if c.form in papers.MEETING_FORMS:
                meets_at = papers.meeting(self.register, c.id).meets_at
                lines.append(_("Meeting: {when}.").format(
                    when=format_datetime(meets_at) if meets_at else _("no day and time yet")))
            counted = {it["application_id"]: it for it in result.figures["items"]} if result else {}
            for item in c.items:
                it = counted.get(item.application_id)
                lines.append("{sequence}. {title}".format(sequence=item.sequence, title=item.title)
                             + (": " + _("{votes_for} for, {votes_against} against: {outcome}").format(
                                 votes_for=it["for"], votes_against=it["against"],
                                 outcome=cons.label("vouchers" if it["outcome"] == "granted"
                                                    else "no_vouchers")) if it else ""))
            if result:
                lines.append(_("Signed off by {count} of 2.").format(count=len(result.signed_by)))
            if c.cancel_reason:
                lines.append(_("Cancelled: {reason}").format(reason=c.cancel_reason))
            self.details.setText("\n".join(lines))
        else:
            self.details.setText(_("No consultations yet."))
        if self.said.text() and (c.id if c else None) != self._said_about:
            self.said.clear()
        enabled = {
            "plan": True, "when": bool(c) and papers.meeting_changeable(self.register, c),
            "codes": status in ("planned", "running") and not cons.period_over(c),
            "ballots": bool(c) and status != "cancelled",
            "announcement": bool(c) and status != "cancelled",
            "open": status == "planned" and not cons.period_over(c),
            "meeting": status in ("running", "closed"), "paper": status in ("running", "closed"),
            "vote": status == "running", "close": status == "running", "count": status == "closed",
            "sign": bool(result) and not result.locked and status == "closed",
            "decide": bool(result) and result.locked and status == "closed",
            "report": bool(result), "result": bool(result) and result.locked,
            "cancel": bool(c) and cons.cancellable(self.register, c)}
        for key, button in self.buttons.items():
            button.setEnabled(enabled[key])

    def _say(self, text: str, about: int | None, ok: bool = True) -> None:
        """What the last action did, under the list, while consultation ``about`` is the one
        chosen (choosing another clears it: it would read as said of that one)."""
        self.said.setText(text)
        self.said.setStyleSheet("color:#1b5e20" if ok else "color:#a40000")
        self._said_about = about

    def _do(self, action, done: str) -> bool:
        about = self.current().id if self.current() else None
        try:
            action()
        except UserError as exc:
            self._say(str(exc), about, ok=False)
            return False
        self._say(done, about)
        self.refresh()
        return True

    def save_wait_weeks(self) -> None:
        weeks = self.wait_weeks.value()
        if self._do(lambda: cons.set_wait_weeks(self.register, weeks),
                    _("Referrals may now wait {weeks} weeks for a consultation.").format(
                        weeks=weeks)):
            self.wait_weeks_changed.emit()

    def cancel_consultation(self, reason: str | None = None) -> None:
        """Ask why, which also confirms it; the core refuses once anyone voted."""
        c = self.current()
        if reason is None:
            reason, ok = QInputDialog.getText(
                self, _("Cancel the consultation"),
                _("Cancel \u201c{title}\u201d? Its initiatives will wait for another "
                  "consultation and its voting codes can no longer be used. This cannot be "
                  "undone.\n\nWhy is it cancelled?").format(title=c.title),
                QLineEdit.EchoMode.Normal, "")
            if not ok:
                return
        self._do(lambda: cons.cancel(self.register, c.id, reason),
                 _("The consultation is cancelled; its initiatives wait for another one."))

    def plan(self, for_application: int | None = None) -> None:
        dialog = screens.PlanDialog(self.register, self, for_application)
        if dialog.exec() and dialog.planned:
            self.refresh(dialog.planned.id)

    def meeting_time(self) -> None:
        """The meeting's day and time and where ballots go, after planning."""
        dialog = screens.MeetingTimeDialog(self.register, self.current().id, self)
        if dialog.exec():
            self._say(_("The meeting's day and time are kept."), self.current().id)
            self.refresh()

    def _screen(self, kind) -> None:
        kind(self.register, self.current().id, self).exec()
        self.refresh()

    def digital_vote(self) -> None:
        """Residents vote on the laptop: first the register goes out of sight, as the lock
        (Ctrl+L) hides it, and this window with it; when the vote screen closes, the lock:
        a member signs in again (ui.session.WindowSession.hand_to_voters)."""
        main = self.parentWidget()
        hand_over = getattr(getattr(main, "session", None), "hand_to_voters", None)
        if hand_over is None or not self.register.requires_sign_in():
            self._screen(screens.VoteDialog)  # a register with no PINs has nothing to lock
            return
        consultation_id = self.current().id
        self.reject()
        QTimer.singleShot(0, lambda: hand_over(consultation_id))

    def open_voting(self) -> None:
        self._do(lambda: cons.open_voting(self.register, self.current().id),
                 _("Voting is open."))

    def close_voting(self) -> None:
        from regiegroep.consultations import kiosk_out_warning

        c = self.current()
        out = kiosk_out_warning(self.register, c.id)  # a kiosk PC may still hold its votes
        if out and QMessageBox.question(
                self, _("Close voting"), out + "\n\n" + _("Close the voting anyway?")
        ) != QMessageBox.StandardButton.Yes:
            return
        self._do(lambda: cons.close_voting(self.register, c.id, anyway=bool(out)),
                 _("Voting is closed; count the votes."))

    def count(self) -> None:
        self._do(lambda: results.record_result(self.register, self.current().id),
                 _("Counted; two members sign the result off."))

    def sign_off(self) -> None:
        result = results.latest_result(self.register, self.current().id)
        def sign() -> None:
            with self.member.acting():
                results.sign_off(self.register, result.id, self.member.currentData())

        self._do(sign, _("Signed off."))

    def decide(self) -> None:
        """What will be decided, from the core's own computation, to confirm first: the
        decisions are final (a correction is a new decision) and grants draw on the budget."""
        c = self.current()
        try:
            lines = results.decisions_to_confirm(self.register, c.id)
        except UserError as exc:
            self._say(str(exc), c.id, ok=False)
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Decide"), _(
            "Record these decisions of \u201c{title}\u201d? Grants draw on the budget; a "
            "decision is corrected only by a new one.").format(title=c.title),
            QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("decide_question")
        box.setInformativeText("\n".join(lines))
        record = box.addButton(_("Record the decisions"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not record:
            return
        self._do(lambda: results.decide(self.register, c.id),
                 _("The decisions are recorded; print the letters from the register."))

    def print_codes(self, addresses: str | None = None, out: str | None = None) -> None:
        """Ask for the municipality's address list and where to save; write in the background."""
        from regiegroep.documents.consultation_letters import read_addresses, write_code_letters
        from ui.tasks import opener_as_signed_in, run_in_background

        c = self.current()
        chosen = out is None  # chosen in the dialogs: shown for printing once written
        addresses = addresses or open_file_name(self, _("The municipality's address list"), "",
                                                _("Spreadsheet (*.csv)"))
        if not addresses:
            return
        out = out or save_file_name(self, _("Save the code letters as PDF"),
                                    str(Path.home() / _("voting-codes.pdf")), _("PDF (*.pdf)"))[0]
        if not out:
            return
        from regiegroep.consultations.consultation_papers import (
            SecondSet,
            check_codes_may_be_printed,
        )

        replace = False
        try:
            found = read_addresses(addresses)
            check_codes_may_be_printed(self.register, c, replace)
        except SecondSet as exc:  # the core refuses a second set unless it replaces the first
            answer = QMessageBox.question(self, _("A second set of codes"), _(
                "{n} voting codes were printed for this consultation already ({used} used). "
                "Does this set replace the first? The first set's unused codes can then no "
                "longer be used: residents vote with the new letter.").format(
                    n=exc.issued, used=exc.used))
            if answer != QMessageBox.StandardButton.Yes:
                return
            replace = True
        except UserError as exc:
            QMessageBox.warning(self, _("No code letters"), str(exc))
            return
        opened = opener_as_signed_in(self.register)

        def write(progress) -> int:
            with opened() as register:
                return write_code_letters(register, c.id, found, out, progress, replace=replace)

        def written(count) -> None:
            self._say(_("{count} voting codes printed to {path}; the address list was "
                        "not kept.").format(count=count, path=out), c.id)
            self.refresh()
            if chosen:
                self._preview(out, _("Code letters: {title}").format(title=c.title))

        run_in_background(self, _("Writing the code letters…"), write, written,
                          running=self._workers)

    def print_paper(self, kind: str, out: str | None = None) -> None:
        from regiegroep.documents import consultation_letters, consultation_notices
        from ui.tasks import opener_as_signed_in, run_in_background

        c = self.current()
        chosen = out is None  # chosen in the dialog: shown for printing once written
        out = out or save_file_name(self, _("Save as PDF"), str(Path.home() / f"{kind}.pdf"),
                                    _("PDF (*.pdf)"))[0]
        if not out:
            return
        opened = opener_as_signed_in(self.register)

        def write(_progress) -> None:
            with opened() as register:
                if kind == "ballots":
                    consultation_letters.write_ballots(register, c.id, out, 50)
                else:
                    consultation_notices.write(register, kind, c.id, out,
                                               "a3" if kind == "announcement" else "a4")

        def written(_result) -> None:
            self._say(_("Written to {path}.").format(path=out), c.id)
            if chosen:
                self._preview(out, c.title)

        run_in_background(self, _("Writing {path}…").format(path=out), write, written,
                          running=self._workers)

    def _preview(self, path: str, title: str) -> None:
        """The saved PDF in a print preview, from which the volunteer prints it."""
        from ui.printing import preview_and_print

        try:
            preview_and_print(self, path, title)
        except UserError as exc:
            QMessageBox.warning(self, _("Not printed"), str(exc))
