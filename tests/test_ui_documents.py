"""Letters printed and saved from the window: written beside a window that stays
responsive, with a progress dialog whose Cancel leaves no file behind (pytest-qt)."""

import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from regiegroep.documents import letters
from ui import document_choices, documents

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)
from .test_ui_journeys import answer_files, no_bugs, person_  # noqa: F401 (fixtures)


def answer_posting(day=None, seen: list | None = None) -> None:
    """Answer the question when the letter goes in the post, as a person does: type the day
    (or keep today) and click OK."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "sending_dialog":
            QTimer.singleShot(20, look)
            return
        if seen is not None:
            seen.append(dialog)
        if day is not None:
            dialog.sent.setFocus()
            dialog.sent.selectAll()
            QTest.keyClicks(dialog.sent, f"{day.day}-{day.month}-{day.year}")
            assert dialog.day() == day
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, look)


def granted(qtbot, w):
    w.filters.status_filter.setCurrentIndex(w.filters.status_filter.findData("granted"))
    qtbot.waitUntil(lambda: w.model.rowCount() > 0)
    w.table.selectRow(0)
    return w.selected()


def test_a_saved_letter_is_a_whole_pdf_and_nothing_else(qtbot, example_copy, tmp_path, monkeypatch):
    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(documents, "save_file_name", lambda *a, **k: (str(target), ""))
    answer_posting()
    w.menus.letter_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not w.workers, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["brief.pdf"]
    assert "brief.pdf" in w.statusBar().currentMessage()
    assert app.sequence == w.selected().sequence


def test_cancelling_a_letter_leaves_no_file_and_the_window_responds(qtbot, example_copy, tmp_path,
                                                                    monkeypatch):
    w = opened(qtbot, example_copy)
    granted(qtbot, w)
    target = tmp_path / "letters" / "brief.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(documents, "save_file_name", lambda *a, **k: (str(target), ""))
    release, writing = threading.Event(), threading.Event()
    real = letters.write_letter

    def slow(register, sequence, out, sent=None):
        made = real(register, sequence, out, sent)  # the file is there, the work not done
        writing.set()
        release.wait(20)
        return made

    monkeypatch.setattr(letters, "write_letter", slow)
    answer_posting()
    w.documents.save_letter()
    qtbot.waitUntil(writing.is_set, timeout=20000)
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])  # the window's events go on meanwhile
    dialog = next(d for d in w.findChildren(QProgressDialog) if d.labelText())
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert "brief voor aanvraag" in dialog.labelText().lower()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Annuleren"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not w.workers, timeout=20000)
    qtbot.wait(50)
    assert list(target.parent.iterdir()) == []
    assert "brief.pdf" not in w.statusBar().currentMessage()


def test_printing_previews_the_letter_and_then_removes_it(qtbot, example_copy, monkeypatch):
    import ui.printing

    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    previewed = []

    def preview(parent, path, title):
        previewed.append((Path(path), Path(path).read_bytes()[:4], title))

    monkeypatch.setattr(ui.printing, "preview_and_print", preview)
    answer_posting()
    w.menus.print_letter_action.trigger()
    qtbot.waitUntil(lambda: bool(previewed), timeout=20000)
    path, start, title = previewed[0]
    assert start == b"%PDF" and str(app.sequence) in title
    qtbot.waitUntil(lambda: not path.parent.exists())


# -- the year report and notices: the neighbourhood, the preview, the cancel -------------

def _previewed(qtbot, seen: list, close: bool = True) -> QTimer:
    """Watch for the print preview while it runs (its exec() does not return until it is
    closed): note its page count and paper, then close it."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QPrintPreviewDialog) and widget.isVisible():
                preview = widget.findChild(QPrintPreviewWidget)
                if preview is None or not preview.pageCount():
                    return
                seen.append((widget.windowTitle(), preview.pageCount(),
                             widget.printer().pageLayout().pageSize().id()))
                timer.stop()
                widget.reject()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(50)
    return timer


def _choose(monkeypatch, dialog_class, action: str, **fields) -> list:
    """Answer ``dialog_class``'s exec() with ``fields`` ({combo: data}, {spin box: value} or
    {date field: text}) and the button for ``action``; returns the dialogs seen."""
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        for name, value in fields.items():
            field = getattr(dialog, name)
            if hasattr(field, "findData"):
                assert field.findData(value) >= 0, (name, value)
                field.setCurrentIndex(field.findData(value))
            elif hasattr(field, "setValue"):
                field.setValue(value)
            else:
                field.setText(value)
        (dialog.print_button if action == "print" else dialog.save_button).click()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return shown


def test_the_year_report_dialog_asks_for_the_neighbourhood_and_the_report_follows_it(
        qtbot, example_copy, tmp_path, monkeypatch):
    import openpyxl

    w = opened(qtbot, example_copy, person="Ahmed El Amrani")
    names = [x.name for x in w.register.wijken()]
    chosen = names[-1]
    shown = _choose(monkeypatch, document_choices.ReportChoice, "save", year=2026, wijk=chosen)
    folder = tmp_path / "verslag"
    folder.mkdir()
    monkeypatch.setattr(documents, "existing_directory", lambda *a: str(folder))
    w.menus.year_report_action.trigger()
    qtbot.waitUntil(lambda: not w.workers and any(folder.iterdir()), timeout=60000)
    dialog = shown[0]
    assert [dialog.wijk.itemText(n) for n in range(dialog.wijk.count())] == [
        "Alle wijken", *sorted(names, key=str.casefold)]
    slug = chosen.casefold().replace(" ", "-")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"jaarverslag-2026-{slug}{end}" for end in
        ("-aanvragen.csv", "-maanden.csv", "-totalen.csv", ".pdf", ".xlsx"))
    rows = list(openpyxl.load_workbook(folder / f"jaarverslag-2026-{slug}.xlsx").worksheets[0]
                .iter_rows(min_row=2, values_only=True))
    assert rows and {row[1] for row in rows} == {chosen}
    # All neighbourhoods, the dialog's first choice, gives the report without a name.
    _choose(monkeypatch, document_choices.ReportChoice, "save", year=2026)
    again = tmp_path / "alles"
    again.mkdir()
    monkeypatch.setattr(documents, "existing_directory", lambda *a: str(again))
    w.menus.year_report_action.trigger()
    qtbot.waitUntil(lambda: not w.workers and (again / "jaarverslag-2026.xlsx").exists(),
                    timeout=60000)
    rows = list(openpyxl.load_workbook(again / "jaarverslag-2026.xlsx").worksheets[0]
                .iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in rows} == set(names)


def test_printing_the_year_report_previews_its_pdf_and_leaves_no_file(qtbot, example_copy,
                                                                     monkeypatch):
    from pypdf import PdfReader

    import ui.printing
    from PySide6.QtGui import QPageSize

    w = opened(qtbot, example_copy, person="Ahmed El Amrani")
    chosen = w.register.wijken()[0].name
    _choose(monkeypatch, document_choices.ReportChoice, "print", year=2026, wijk=chosen)
    real, files = ui.printing.preview_and_print, []

    def preview(parent, path, title):
        files.append((Path(path), len(PdfReader(path).pages)))
        real(parent, path, title)

    monkeypatch.setattr(ui.printing, "preview_and_print", preview)
    seen = []
    timer = _previewed(qtbot, seen)
    w.menus.year_report_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and not w.workers, timeout=60000)
    timer.stop()
    title, pages, paper = seen[0]
    path, pdf_pages = files[0]
    assert "Jaarverslag 2026" in title and chosen in title
    assert pages == pdf_pages >= 3 and paper == QPageSize.PageSizeId.A4
    qtbot.waitUntil(lambda: not path.parent.exists())  # the temporary PDF is gone


def test_cancelling_the_printed_year_report_shows_no_preview_and_the_window_responds(
        qtbot, example_copy, monkeypatch):
    import regiegroep.documents.year_report as year_report
    import ui.printing

    w = opened(qtbot, example_copy, person="Ahmed El Amrani")
    _choose(monkeypatch, document_choices.ReportChoice, "print", year=2026)
    release, writing, made = threading.Event(), threading.Event(), []
    real = year_report.write_pdf

    def slow(register, acc, path):
        made.append(Path(path).parent)
        real(register, acc, path)
        writing.set()
        release.wait(20)

    monkeypatch.setattr(year_report, "write_pdf", slow)
    previewed = []
    monkeypatch.setattr(ui.printing, "preview_and_print", lambda *a: previewed.append(a))
    w.menus.year_report_action.trigger()
    qtbot.waitUntil(writing.is_set, timeout=30000)
    ticks = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])  # the window's events go on meanwhile
    dialog = [d for d in w.findChildren(QProgressDialog)
              if "jaarverslag 2026" in d.labelText().lower()][-1]
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not w.workers, timeout=20000)
    qtbot.wait(50)
    assert previewed == [] and not made[0].exists()


def test_printing_a_poster_previews_it_on_a3(qtbot, example_copy, monkeypatch):
    from PySide6.QtGui import QPageSize

    w = opened(qtbot, example_copy)
    _choose(monkeypatch, document_choices.NoticeChoice, "print", kind="scheme", language="en",
            size="a3")
    seen = []
    timer = _previewed(qtbot, seen)
    w.menus.notice_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and not w.workers, timeout=60000)
    timer.stop()
    title, pages, paper = seen[0]
    assert pages >= 1 and paper == QPageSize.PageSizeId.A3
    assert title.startswith("De regeling")  # the notice chosen, in the app's language


# -- the day a letter goes in the post; a meeting's letters -------------------------------

def test_the_app_asks_when_the_letter_is_posted_and_keeps_the_day(qtbot, example_copy, tmp_path,
                                                                  monkeypatch):
    import datetime as dt

    from pypdf import PdfReader

    from regiegroep.deciding.sending import sent_on

    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    decision = w.register.latest_decision(app.id)
    target = tmp_path / "brief.pdf"
    monkeypatch.setattr(documents, "save_file_name", lambda *a, **k: (str(target), ""))
    day = decision.decided_on + dt.timedelta(days=3)
    seen: list = []
    answer_posting(day, seen)
    w.menus.letter_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not w.workers, timeout=20000)
    assert len(seen) == 1 and sent_on(w.register, decision.id) == day
    from regiegroep.i18n import format_date

    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert f"Datum: {format_date(day)}" in text
    # Printed again: the day is on record, nothing is asked, the letter keeps its date.
    target.unlink()
    w.menus.letter_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not w.workers, timeout=20000)
    assert len(seen) == 1
    assert f"Datum: {format_date(day)}" in " ".join(PdfReader(target).pages[0].extract_text().split())


def _posted(register, app_id=None):
    return [e for e in register.events(app_id) if e.action == "letter_sent"]


def test_a_posting_day_the_core_refuses_is_said_in_the_dialog_which_stays_open(
        qtbot, example_copy, no_bugs, person_):
    """The walk: tomorrow as the posting day was refused after OK, and the print dropped."""
    import datetime as dt

    from PySide6.QtWidgets import QDialogButtonBox

    from regiegroep.deciding.sending import sent_on
    from ui.sending_dialog import SendingDialog

    w = opened(qtbot, example_copy)
    app = granted(qtbot, w)
    decision = w.register.latest_decision(app.id)
    me = person_(qtbot)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    seen = []

    def tomorrow_then_today(dialog) -> None:
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        dialog.sent.setFocus()
        dialog.sent.selectAll()
        qtbot.keyClicks(dialog.sent, f"{tomorrow.day}-{tomorrow.month}-{tomorrow.year}")
        seen.append((dialog.problem_label.text(), ok.isEnabled()))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # greyed: nothing happens
        seen.append(dialog.isVisible())
        qtbot.keyClick(dialog.sent, Qt.Key.Key_Escape)

    me.when(SendingDialog, tomorrow_then_today)
    w.menus.print_letter_action.trigger()
    qtbot.waitUntil(lambda: len(seen) == 2 and not w.workers, timeout=20000)
    (text, enabled), still_open = seen
    assert "toekomst" in text and not enabled and still_open
    assert sent_on(w.register, decision.id) is None


def _pdf_pages(path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def _in_preview(tmp: Path, prefix: str) -> list[str]:
    """The pages of the PDF the print preview shows (the app's temporary file)."""
    (path,) = tmp.glob(f"{prefix}*/*.pdf")
    return _pdf_pages(path)


def _escape(qtbot, seen: list, tmp: Path, prefix: str):
    """Look at the preview (note its title and pages), then close it with Escape."""
    from PySide6.QtWidgets import QApplication

    def close(preview) -> None:
        seen.append((preview.windowTitle(), _in_preview(tmp, prefix)))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    return close


def _print_to(qtbot, me, printed: Path):
    """Print from the preview: Ctrl+P, then a file name typed in Qt's own print dialog (no
    printer here) and Return."""
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QLineEdit

    def to_file(dialog) -> None:
        name = dialog.findChild(QLineEdit, "filename")
        name.setFocus()
        name.selectAll()
        qtbot.keyClicks(name, str(printed))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    def print_it(preview) -> None:
        me.when(QPrintDialog, to_file)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    return print_it


def _post_on(qtbot, day):
    """Answer when the letter goes in the post: the day typed, then Return (OK)."""
    def answer(dialog) -> None:
        dialog.sent.setFocus()
        dialog.sent.selectAll()
        qtbot.keyClicks(dialog.sent, f"{day.day}-{day.month}-{day.year}")
        assert dialog.day() == day
        qtbot.keyClick(dialog.sent, Qt.Key.Key_Return)

    return answer


@pytest.mark.qt_log_ignore("This plugin does not support")  # the preview's toolbar, offscreen
def test_a_letters_posting_day_is_recorded_once_printed_not_when_the_preview_is_closed(
        qtbot, example_copy, tmp_path, monkeypatch, no_bugs, person_):
    import datetime as dt
    import tempfile

    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication

    from regiegroep.deciding.sending import sent_on
    from regiegroep.i18n import format_date
    from ui.sending_dialog import SendingDialog

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    w = opened(qtbot, example_copy)
    register = w.register
    app = granted(qtbot, w)
    decision = register.latest_decision(app.id)
    assert sent_on(register, decision.id) is None and _posted(register, app.id) == []
    day = min(dt.date.today(), decision.decided_on + dt.timedelta(days=2))
    me = person_(qtbot)

    def settled() -> bool:
        return not w.workers and QApplication.activeModalWidget() is None

    # 1. Previewed and closed (Escape): the letter shows the day it would carry, and
    # nothing is on record.
    seen: list = []
    me.when(SendingDialog, _post_on(qtbot, day))
    me.when(QPrintPreviewDialog, _escape(qtbot, seen, tmp, "regiegroep-letter-"))
    w.menus.print_letter_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and settled(), timeout=30000)
    assert not me.errors, me.errors
    (title, pages), = seen
    assert str(app.sequence) in title and f"Datum: {format_date(day)}" in pages[0]
    assert sent_on(register, decision.id) is None and _posted(register, app.id) == []

    # 2. To be saved, but the save dialog cancelled: nothing on record either.
    answer_files(monkeypatch)
    me.when(SendingDialog, _post_on(qtbot, day))
    w.menus.letter_action.trigger()
    qtbot.waitUntil(lambda: len(me.handled) == 3 and settled(), timeout=30000)
    assert sent_on(register, decision.id) is None and _posted(register, app.id) == []

    # 3. Printed from the preview (Ctrl+P, to a file named in Qt's print dialog): the day
    # is recorded once.
    printed = tmp_path / "printed.pdf"
    me.when(SendingDialog, _post_on(qtbot, day))
    me.when(QPrintPreviewDialog, _print_to(qtbot, me, printed))
    w.menus.print_letter_action.trigger()
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 1000 and settled(),
                    timeout=30000)
    assert not me.errors, me.errors
    assert sent_on(register, decision.id) == day
    (entry,) = _posted(register, app.id)
    assert entry.details == {"decision": decision.id, "sent_on": day.isoformat()}

    # 4. Printed again and closed: not asked again, still recorded once, and the letter
    # keeps its day.
    seen.clear()
    asked = len([d for d in me.handled if isinstance(d, SendingDialog)])
    me.when(QPrintPreviewDialog, _escape(qtbot, seen, tmp, "regiegroep-letter-"))
    w.menus.print_letter_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and settled(), timeout=30000)
    assert len([d for d in me.handled if isinstance(d, SendingDialog)]) == asked
    assert f"Datum: {format_date(day)}" in seen[0][1][0]
    assert len(_posted(register, app.id)) == 1
    assert not list(tmp.iterdir())  # no letter left behind


@pytest.mark.qt_log_ignore("This plugin does not support")  # the preview's toolbar, offscreen
def test_the_letters_of_a_meeting_in_one_preview(qtbot, example_copy, tmp_path, monkeypatch,
                                                 no_bugs, person_):
    import datetime as dt
    import tempfile

    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from regiegroep.documents.letters import decisions_between, latest_decision_day
    from regiegroep.deciding.sending import sent_on
    from regiegroep.i18n import format_date
    from ui.sending_dialog import MeetingLettersDialog

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    w = opened(qtbot, example_copy)
    register = w.register
    meeting = latest_decision_day(register)
    expected = decisions_between(register, meeting, meeting)
    assert expected and all(sent_on(register, d.id) is None for d in expected)
    before = len(_posted(register))
    me = person_(qtbot)
    seen, days = [], []

    def ok(dialog) -> None:
        days.append(dialog.days())
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    def settled() -> bool:
        return not w.workers and QApplication.activeModalWidget() is None

    # 1. Looked at in the preview and closed (Escape): every letter, dated on the day they
    # would be posted, and nothing on record.
    assert w.menus.meeting_letters_action.isEnabled()
    me.when(MeetingLettersDialog, ok)
    me.when(QPrintPreviewDialog, _escape(qtbot, seen, tmp, "regiegroep-print-"))
    w.menus.meeting_letters_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and settled(), timeout=30000)
    assert not me.errors, me.errors
    (start, end, sent), = days
    assert start == end == meeting and sent == dt.date.today()
    (title, pages), = seen
    assert title == "Brieven van een vergadering"
    assert sum("· pagina 1" in page for page in pages) == len(expected)
    assert sum(f"Datum: {format_date(sent)}" in page for page in pages) == len(expected)
    assert all(sent_on(register, d.id) is None for d in expected)
    assert len(_posted(register)) == before

    # 2. Printed from the preview: every letter's day on record, once.
    printed = tmp_path / "printed.pdf"
    me.when(MeetingLettersDialog, ok)
    me.when(QPrintPreviewDialog, _print_to(qtbot, me, printed))
    w.menus.meeting_letters_action.trigger()
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 1000 and settled(),
                    timeout=60000)
    assert not me.errors, me.errors
    assert all(sent_on(register, d.id) == dt.date.today() for d in expected)
    assert sorted(e.details["decision"] for e in _posted(register)[before:]) == sorted(
        d.id for d in expected)
    assert not list(tmp.iterdir())  # no letters left behind

    # 3. Asked again for another posting day: refused in the dialog as it is typed, said
    # plainly, OK greyed; the dialog stays open with what was typed (then cancelled).
    said, previews = [], len([d for d in me.handled if isinstance(d, QPrintPreviewDialog)])
    other = dt.date.today() - dt.timedelta(days=1)

    def another_day(dialog) -> None:
        dialog.sent.setFocus()
        dialog.sent.selectAll()
        qtbot.keyClicks(dialog.sent, f"{other.day}-{other.month}-{other.year}")
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        said.append((dialog.problem_label.text(), button.isEnabled()))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # does nothing
        said.append(dialog.isVisible())
        qtbot.keyClick(dialog.sent, Qt.Key.Key_Escape)

    me.when(MeetingLettersDialog, another_day)
    me.when(QPrintPreviewDialog, _escape(qtbot, seen, tmp, "regiegroep-print-"))
    w.menus.meeting_letters_action.trigger()
    qtbot.waitUntil(lambda: len(said) == 2 and settled(), timeout=30000)
    (text, enabled), still_open = said
    assert "verstuurd" in text and format_date(dt.date.today()) in text
    assert not enabled and still_open
    qtbot.wait(200)
    assert len([d for d in me.handled if isinstance(d, QPrintPreviewDialog)]) == previews
    assert all(sent_on(register, d.id) == dt.date.today() for d in expected)
