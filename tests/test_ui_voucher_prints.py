"""The vouchers count as printed only once they left the app (Art. 1a, 5): a print preview
closed without printing records nothing; printed from the preview, or saved as a file, they
are recorded once, and the next certificates of them say they are a reprint."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from regiegroep.vouchers.voucher_prints import printed_before

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)
from .test_ui_journeys import answer_files, no_bugs, person_  # noqa: F401 (fixtures)


def _prints(register, app_id):
    return [e for e in register.events(app_id) if e.action == "vouchers_printed"]


def _unprinted_application(register):
    """An application whose vouchers stand (issued, something left) and were never printed."""
    before = printed_before(register)
    for app in register.applications():
        standing = [v for v in register.issued_vouchers(app.id)
                    if v.status.value == "issued" and v.left > 0]
        if standing and not any(v.serial in before or v.paid > 0 for v in standing):
            return app, standing
    raise AssertionError("the example has no application with unprinted vouchers")


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(str(path)).pages)


@pytest.mark.qt_log_ignore("This plugin does not support")  # the preview's toolbar, offscreen
def test_a_preview_closed_records_nothing_and_a_print_records_once(
        qtbot, example_copy, tmp_path, monkeypatch, no_bugs, person_):
    from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

    import ui.printing

    w = opened(qtbot, example_copy)
    register = w.register
    app, standing = _unprinted_application(register)
    w.reread(app.id)
    assert w.selected().id == app.id
    assert w.menus.print_vouchers_action.isEnabled()
    me = person_(qtbot)

    # 1. The preview is looked at and closed (Escape): nothing printed, nothing recorded.
    closed = []

    def close(preview):
        assert ui.printing.print_button(preview) is not None
        closed.append(preview)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    me.when(QPrintPreviewDialog, close)
    w.menus.print_vouchers_action.trigger()
    qtbot.waitUntil(lambda: bool(closed) and QApplication.activeModalWidget() is None,
                    timeout=30000)
    assert not me.errors, me.errors
    assert _prints(register, app.id) == []
    assert not {v.serial for v in standing} & printed_before(register)

    # 2. Printed from the preview (Ctrl+P, to a file typed in Qt's print dialog: no printer
    # here): recorded once, as a first print (no reprint).
    printed = tmp_path / "printed.pdf"

    def print_to_file(dialog):
        name = dialog.findChild(QLineEdit, "filename")
        name.setFocus()
        name.selectAll()
        qtbot.keyClicks(name, str(printed))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    def print_it(preview):
        me.when(QPrintDialog, print_to_file)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    me.when(QPrintPreviewDialog, print_it)
    w.menus.print_vouchers_action.trigger()
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 1000
                    and QApplication.activeModalWidget() is None, timeout=30000)
    assert not me.errors, me.errors
    (entry,) = _prints(register, app.id)
    assert sorted(entry.details["serials"]) == sorted(v.serial for v in standing)
    assert entry.details["reprints"] == []

    # 3. Saved as a file afterwards: a reprint now, said on the paper, recorded once more.
    saved = tmp_path / "saved.pdf"
    answer_files(monkeypatch, saved)
    w.menus.save_vouchers_action.trigger()
    qtbot.waitUntil(lambda: len(_prints(register, app.id)) == 2, timeout=30000)
    assert saved.exists() and "HERDRUK" in _pdf_text(saved)
    assert sorted(_prints(register, app.id)[-1].details["reprints"]) == sorted(
        v.serial for v in standing)
    assert not list(tmp_path.glob(".*part*"))  # no half-written file left beside it
