"""The "Print a notice…" dialog makes what ``regiegroep print notice`` makes: for the granted
initiatives (Art. 7.2) one neighbourhood or all and a period of decisions; a date that is no
date, or a period that ends before it starts, is said in the dialog and nothing is written
(pytest-qt)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from regiegroep import cli, i18n
from regiegroep.i18n import format_money
from ui import document_choices, documents

from .test_ui import example, example_copy, opened  # noqa: F401 (fixtures)
from .test_ui_documents import _choose as choose

WIJK = "Poelenburg"
START, END = dt.date(2026, 3, 1), dt.date(2026, 4, 30)


def _choose(monkeypatch, action: str, **fields) -> list:
    return choose(monkeypatch, document_choices.NoticeChoice, action, **fields)


def _cli(db: Path, out: Path) -> str:
    """What the command line writes with the same choice, as text."""
    previous = i18n.current_language()
    try:
        assert cli.main(["print", "notice", "--db", str(db), "--kind", "granted", "--wijk", WIJK,
                         "--from", START.isoformat(), "--to", END.isoformat(), "--lang", "en",
                         "--out", str(out)]) == 0
    finally:
        i18n.set_language(previous)
    if out.suffix == ".pdf":
        return " ".join(p.extract_text() for p in PdfReader(out).pages)
    return out.read_text(encoding="utf-8")


def test_a_granted_notice_saved_for_one_neighbourhood_and_a_period_is_the_command_lines(
        qtbot, example_copy, tmp_path, monkeypatch):
    w = opened(qtbot, example_copy)
    everything = w.register.published_grants()
    expected = [g for g in everything if g.wijk == WIJK and START <= g.date <= END]
    assert expected and len(expected) < len(everything)  # the choice leaves some out
    shown = _choose(monkeypatch, "save", kind="granted", wijk=WIJK, start="1-3-2026",
                    end="30-4-2026", language="en")
    out = tmp_path / "toegekend.txt"
    monkeypatch.setattr(documents, "save_file_name", lambda *a: (str(out), ""))
    w.menus.notice_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not w.workers, timeout=60000)
    dialog = shown[0]
    assert [dialog.wijk.itemText(n) for n in range(dialog.wijk.count())] == [
        "Alle wijken", *sorted((x.name for x in w.register.wijken()), key=str.casefold)]
    text = out.read_text(encoding="utf-8")
    assert "Poelenburg, from 1 March 2026 to 30 April 2026" in text
    names = [x.name for x in w.register.wijken()]
    rows = [line for line in text.splitlines() if any(f"  {n}  " in line for n in names)]
    assert len(rows) == len(expected)
    for row, grant in zip(rows, expected):  # each row: one of Poelenburg's, in the period
        assert f"  {WIJK}  " in row and grant.title in row
        assert not any(other in row for other in names if other != WIJK)
    total = sum((g.amount for g in expected), Decimal(0))
    assert f"{len(expected)} initiatives received {format_money(total, 'en')}" in text
    assert text == _cli(example_copy, tmp_path / "cli.txt")


def test_the_printed_granted_notice_is_the_command_lines_too(qtbot, example_copy, tmp_path,
                                                             monkeypatch):
    import ui.printing

    w = opened(qtbot, example_copy)
    _choose(monkeypatch, "print", kind="granted", wijk=WIJK, start="1-3-2026", end="30-4-2026",
            language="en")
    previewed = []
    monkeypatch.setattr(ui.printing, "preview_and_print", lambda parent, path, title: (
        previewed.append(" ".join(p.extract_text() for p in PdfReader(path).pages))))
    w.menus.notice_action.trigger()
    qtbot.waitUntil(lambda: bool(previewed) and not w.workers, timeout=60000)
    assert "Kogerveld" not in previewed[0] and "Peldersveld" not in previewed[0]
    assert previewed[0] == _cli(example_copy, tmp_path / "cli.pdf")


def test_a_date_that_is_none_or_a_period_backwards_writes_nothing_and_says_why(
        qtbot, example_copy, tmp_path, monkeypatch):
    import ui.printing

    w = opened(qtbot, example_copy)
    asked, previewed = [], []
    monkeypatch.setattr(documents, "save_file_name", lambda *a: asked.append(a) or ("", ""))
    monkeypatch.setattr(ui.printing, "preview_and_print", lambda *a: previewed.append(a))
    for action, start, end, said in (
            ("save", "1-3-2026", "31-2-2026", "Besloten tot en met: “31-2-2026” is geen datum"),
            ("print", "morgen", "30-4-2026", "Besloten vanaf:"),
            ("save", "1-5-2026", "30-4-2026", "De periode eindigt voordat hij begint."),
            ("print", "1-5-2026", "30-4-2026", "De periode eindigt voordat hij begint.")):
        shown = _choose(monkeypatch, action, kind="granted", start=start, end=end)
        w.menus.notice_action.trigger()
        qtbot.wait(100)
        dialog = shown[0]
        assert not dialog.result() and not dialog.error.isHidden(), (action, start, end)
        assert said in dialog.error.text()
        # Corrected, the message goes.
        dialog.end.setText("30-4-2026")
        dialog.start.setText("1-3-2026")
        assert dialog.error.isHidden() and dialog.problem() == ""
    assert not w.workers and asked == [] and previewed == []
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".txt", ".html")]


def test_the_period_is_the_granted_notices_only(qtbot, monkeypatch):
    from ui import app as app_module

    app_module.make_application()
    dialog = document_choices.NoticeChoice(["Kogerveld", "Poelenburg"], today=dt.date(2026, 6, 15))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind.currentData() == "scheme"
    for field in (dialog.start, dialog.end):
        assert not field.isVisibleTo(dialog)
    assert dialog.wijk.isVisibleTo(dialog)  # the scheme of one neighbourhood, or of all
    dialog.start.setText("not a date")  # hidden, so nothing to say about it
    assert dialog.problem() == ""
    dialog.start.setText("1-1-2026")
    assert dialog.options() == {"kind": "scheme", "wijk": None, "start": None, "end": None,
                                "language": i18n.current_language(), "size": "a4",
                                "kiosk": ""}
    assert dialog.kiosk.isVisibleTo(dialog)  # the scheme names where the kiosk is
    dialog.wijk.setCurrentIndex(dialog.wijk.findData("Poelenburg"))
    assert dialog.options()["wijk"] == "Poelenburg"
    dialog.wijk.setCurrentIndex(0)
    dialog.kind.setCurrentIndex(dialog.kind.findData("granted"))
    for field in (dialog.wijk, dialog.start, dialog.end):
        assert field.isVisibleTo(dialog)
    # The default: the budget year so far, and all neighbourhoods.
    assert (dialog.start.text(), dialog.end.text()) == ("1-1-2026", "15-6-2026")
    assert dialog.options() == {"kind": "granted", "wijk": None, "start": dt.date(2026, 1, 1),
                                "end": dt.date(2026, 6, 15),
                                "language": i18n.current_language(), "size": "a4",
                                "kiosk": None}
    assert not dialog.kiosk.isVisibleTo(dialog)
    dialog.start.setText("1-1-2027")
    assert dialog.problem()


def test_a_scheme_leaflet_for_one_neighbourhood_is_the_command_lines(qtbot, example_copy,
                                                                     tmp_path, monkeypatch):
    """The scheme leaflet (Art. 7.1) of one neighbourhood gives that neighbourhood's budget
    and its ordinance's figures, as ``print notice --kind scheme --wijk`` does."""
    w = opened(qtbot, example_copy)
    _choose(monkeypatch, "save", kind="scheme", wijk=WIJK, language="en")
    out = tmp_path / "regeling.txt"
    monkeypatch.setattr(documents, "save_file_name", lambda *a: (str(out), ""))
    w.menus.notice_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not w.workers, timeout=60000)
    previous = i18n.current_language()
    try:
        assert cli.main(["print", "notice", "--db", str(example_copy), "--kind", "scheme",
                         "--wijk", WIJK, "--lang", "en", "--out", str(tmp_path / "cli.txt")]) == 0
    finally:
        i18n.set_language(previous)
    text = out.read_text(encoding="utf-8")
    assert WIJK in text and text == (tmp_path / "cli.txt").read_text(encoding="utf-8")
    others = [x.name for x in w.register.wijken() if x.name != WIJK]
    assert others and not any(name in text for name in others)


def test_the_chair_types_where_the_kiosk_is_and_the_leaflet_says_it(qtbot, example_copy,
                                                                     tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from regiegroep.budgets.kiosk_place import kiosk_place

    w = opened(qtbot, example_copy, person="Joke van der Meer")
    seen = []

    def exec_(dialog):
        seen.append(dialog.kiosk.text())
        dialog.kiosk.selectAll()
        QTest.keyClick(dialog.kiosk, Qt.Key.Key_Delete)
        QTest.keyClicks(dialog.kiosk, "Buurthuis De Kolk, Kolkstraat 7")
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(document_choices.NoticeChoice, "exec", exec_)
    out = tmp_path / "regeling.txt"
    monkeypatch.setattr(documents, "save_file_name", lambda *a: (str(out), ""))
    w.menus.notice_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not w.workers, timeout=60000)
    assert "Wijkcentrum De Vlinder" in seen[0]  # the place kept before, to change
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "Bij de kiosk van" in text and "Buurthuis De Kolk, Kolkstraat 7" in text
    assert "Kiosk buurthuis" not in text  # the kiosk's sign-in name is no place
    assert kiosk_place(w.register) == "Buurthuis De Kolk, Kolkstraat 7"
