"""Arabic, read from the right: the detail pane's labels and values, Latin titles in the
mirrored register table, the kiosk's list of what was granted, and the Arabic notice's
lists and phone number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from regiegroep import demo, i18n
from regiegroep.register import Register

from .pdf_glyphs import drawn_strings
from .pdf_tags import placed_text


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("rtl") / "voorbeeld.sqlite"
    demo.write_demo(path, 20)
    return path


@pytest.fixture
def arabic():
    i18n.set_language("ar")
    yield
    i18n.set_language("nl")


def _laid_out(html: str, width: int = 400) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    doc.setTextWidth(width)
    doc.documentLayout().documentSize()  # laid out
    return doc


def _x(doc: QTextDocument, text: str) -> tuple[float, float]:
    """Where ``text`` is drawn in the laid-out document: its left and right edge."""
    cursor = doc.find(text)
    assert not cursor.isNull(), text
    block = cursor.block()
    line = block.layout().lineForTextPosition(cursor.selectionStart() - block.position())
    assert line.isValid(), text
    origin = doc.documentLayout().blockBoundingRect(block).left()
    start = line.cursorToX(cursor.selectionStart() - block.position())[0]
    end = line.cursorToX(cursor.selectionEnd() - block.position())[0]
    return origin + min(start, end), origin + max(start, end)


@pytest.mark.parametrize("language", ["ar", "nl"])
def test_the_detail_reads_from_the_right_in_arabic(qtbot, example, language):
    from ui.detail import detail_html

    with Register.open(example) as reg:
        reg.session = reg.session._replace(role=None)
        app = next(a for a in reg.applications(__import__(
            "regiegroep.applications.search", fromlist=["Filter"]).Filter())
            if a.applicant.name and a.title)
        full = reg.application(app.id)
    i18n.set_language(language)
    try:
        label = i18n._("Applicant")
        doc = _laid_out(detail_html(full, [], []))
    finally:
        i18n.set_language("nl")
    name_left, name_right = _x(doc, full.applicant.name)
    label_left, label_right = _x(doc, label)
    title_left, title_right = _x(doc, full.title.split()[0])
    if language == "ar":
        assert label_left > name_right  # the label on the right, its value to its left
        assert title_right > 300  # the Latin title hangs from the right edge
        assert full.applicant.name in doc.toPlainText()  # whole, readable
    else:
        assert label_right < name_left and title_left < 50


def test_a_latin_title_in_a_mirrored_cell_is_elided_at_its_own_end(qtbot):
    from ui.register_model import text_in_own_direction

    model = QStandardItemModel(2, 1)
    model.setItem(0, 0, QStandardItem("Bloembakken langs de Rembrandtstraat"))
    model.setItem(1, 0, QStandardItem("حديقة الحي"))
    view = QTableView()
    qtbot.addWidget(view)
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    view.setModel(model)
    text_in_own_direction(view, columns=(0,))
    delegate = view.itemDelegateForColumn(0)
    latin, arabic = QStyleOptionViewItem(), QStyleOptionViewItem()
    for option, row in ((latin, 0), (arabic, 1)):
        option.initFrom(view)
        delegate.initStyleOption(option, model.index(row, 0))
    # The Latin title is laid out left to right (its "…" at its end, on the right) and
    # still stands at the right of its cell; the Arabic one stays as it was.
    assert latin.direction == Qt.LayoutDirection.LeftToRight
    assert latin.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert latin.displayAlignment & Qt.AlignmentFlag.AlignAbsolute
    assert arabic.direction == Qt.LayoutDirection.RightToLeft
    ltr = QTableView()
    qtbot.addWidget(ltr)
    ltr.setModel(model)
    text_in_own_direction(ltr, columns=(0,))
    assert ltr.itemDelegateForColumn(0) is None  # nothing changes left to right


def test_the_kiosks_list_of_grants_reads_from_the_right(qtbot, example, tmp_path):
    import shutil

    from PySide6.QtWidgets import QApplication, QLabel

    from regiegroep.kiosk import kiosk_packages
    from ui import app as app_module
    from ui.kiosk.window import KioskWindow

    path = tmp_path / "register.sqlite"
    shutil.copy(example, path)
    app_module.make_application()
    register = Register.open(path)
    kiosk_packages.start_kiosk(register)
    window = KioskWindow(register, idle_seconds=600)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    try:
        qtbot.mouseClick(window.languages["ar"], Qt.MouseButton.LeftButton)
        window.show_screen("public")
        granted = window.public["granted"]
        assert granted
        label = next(l for l in window.screens["public"].findChildren(QLabel)
                     if granted[0]["title"] in l.text())
        width = label.width()
        doc = _laid_out(label.text(), width)
        left, right = _x(doc, granted[0]["title"])
        assert right > width - 40 and left > width / 2  # at the right edge, read from there
    finally:
        window._left()
        app_module.apply_language(QApplication.instance(), "nl")
        register.close()


def test_the_arabic_notice_has_arabic_commas_and_the_phone_in_one_run(example, tmp_path):
    from regiegroep.budgets.contact import group_contact
    from regiegroep.documents.notices import write_notice

    out = tmp_path / "notice.pdf"
    with Register.open(example) as reg:
        phone = group_contact(reg).phone
        names = [w.name for w in reg.wijken()]
        write_notice(reg, "scheme", out, language="ar")
    assert " " in phone and len(names) > 1  # groups of digits; a list of neighbourhoods
    drawn = [line.replace("\u00a0", " ") for line in drawn_strings(out)]
    everything = "\n".join(drawn)
    # The phone number drawn as one run left to right, on one line: not "67 45 075-123".
    assert any(phone in line for line in drawn), phone
    assert " ".join(reversed(phone.split())) not in everything
    # Lists: the Arabic comma, not the Latin one between the neighbourhoods' names.
    pairs = [(a, b) for a in names for b in names if a != b]
    assert any(f"{a}\u060c {b}" in everything for a, b in pairs)  # the title's "where"
    assert not any(f"{a}, {b}" in everything for a, b in pairs)
    # Read back with its place: the line with the number is right-aligned like the rest.
    placed = [(t.replace("\u00a0", " "), left, right, base) for t, left, right, base
              in placed_text(out)]
    line = next(p for p in placed if phone in p[0])
    rights = sorted(p[2] for p in placed)
    assert line[2] == pytest.approx(rights[-1], abs=2)


def test_the_arabic_letter_says_the_phone_number_in_one_run(example, tmp_path):
    """The decision letter in the resident's Arabic after the Dutch one: its head and its
    questions give the group's phone number left to right, the parts with the Arabic comma."""
    import dataclasses

    from regiegroep.applications import update_application
    from regiegroep.budgets.contact import group_contact
    from regiegroep.documents.letters import write_letter

    with Register.open(example) as reg:
        app = next(a for a in reg.applications() if reg.latest_decision(a.id) is not None
                   and reg.latest_decision(a.id).kind.value == "granted")
        update_application(reg, dataclasses.replace(
            app, applicant=dataclasses.replace(app.applicant, language="ar")))
        contact = group_contact(reg)
        pdf = write_letter(reg, app.sequence, tmp_path / "letter.pdf")
    phone = contact.phone
    drawn = [line.replace("\u00a0", " ") for line in drawn_strings(pdf)]
    arabic = [line for line in drawn if any("\ufe70" <= c <= "\ufefc" for c in line)]
    with_phone = [line for line in arabic if phone in line]
    assert with_phone, phone  # in the Arabic letter, in order
    assert not any(" ".join(reversed(phone.split())) in line for line in drawn)
    assert all("\u060c" in line for line in with_phone)  # the parts: Arabic commas


def test_the_kiosk_gives_the_phone_number_left_to_right_in_arabic(qtbot, example, tmp_path):
    import shutil

    from PySide6.QtGui import QTextOption
    from PySide6.QtWidgets import QApplication, QLabel

    from regiegroep.kiosk import kiosk_packages
    from ui import app as app_module
    from ui.kiosk.window import KioskWindow

    path = tmp_path / "register.sqlite"
    shutil.copy(example, path)
    app_module.make_application()
    register = Register.open(path)
    kiosk_packages.start_kiosk(register)
    window = KioskWindow(register, idle_seconds=600)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.mouseClick(window.languages["ar"], Qt.MouseButton.LeftButton)
        window.show_screen("apply")
        apply = window.screens["apply"]
        apply.reference = "12"  # handed in: the screen that says how to reach the group
        apply.enter()
        phone = window.public["contact"]["phone"]
        assert " " in phone  # groups of digits
        label = next(l for l in apply.findChildren(QLabel) if phone in l.text())
        doc = QTextDocument()
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        doc.setDefaultTextOption(option)
        doc.setPlainText(label.text())
        doc.setTextWidth(2000)  # one line
        doc.documentLayout().documentSize()  # laid out
        at = label.text().index(phone)
        line = doc.firstBlock().layout().lineAt(0)
        # Inside the number (never at a run's edge): its first digit drawn left of its last,
        # "075-123 45 67", not "67 45 123-075".
        assert line.cursorToX(at + 1)[0] < line.cursorToX(at + len(phone) - 1)[0]
        assert "\u060c" in label.text()  # the parts joined as Arabic joins a list
    finally:
        window._left()
        app_module.apply_language(QApplication.instance(), "nl")
        register.close()
