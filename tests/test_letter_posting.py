"""A letter's sending day (Awb 3:41, 6:8) is recorded once the letter left the app: drawn
for a print preview it carries the day it would be sent on and records nothing; printed or
kept as a file, the day is recorded once, with its audit entry. A day that would be refused
is refused before anything is drawn. The command line writes the file it was asked for:
recorded with it."""

from __future__ import annotations

import datetime as dt

import pytest

from regiegroep.deciding.sending import sent_on
from regiegroep.documents.letters import (
    draw_letter,
    draw_letters,
    record_posting,
    write_letters,
)
from regiegroep.errors import UserError

from .test_letters_truth import grant, text_of

TODAY = dt.date(2026, 3, 30)
DECIDED = dt.date(2026, 3, 10)  # the day grant() decides on


def _posted(register, app_id):
    return [e for e in register.events(app_id) if e.action == "letter_sent"]


def test_a_drawn_letter_carries_its_day_and_records_it_only_once_posted(register, tmp_path):
    app, made = grant(register)
    day = dt.date(2026, 3, 13)
    looked_at = draw_letter(register, app.sequence, tmp_path / "preview.pdf", day, today=TODAY)
    assert "Datum: 13 maart 2026" in text_of(looked_at.path)  # the day it would carry
    assert sent_on(register, made.id) is None and _posted(register, app.id) == []

    again = draw_letter(register, app.sequence, tmp_path / "part.pdf", day, today=TODAY)
    kept = record_posting(register, again, keep_as=tmp_path / "mine.pdf", today=TODAY)
    assert kept == tmp_path / "mine.pdf" and kept.exists() and not again.path.exists()
    assert sent_on(register, made.id) == day
    (entry,) = _posted(register, app.id)
    assert entry.details == {"decision": made.id, "sent_on": "2026-03-13"}

    # Printed again on its day: nothing more to record, the letter keeps its date.
    reprint = draw_letter(register, app.sequence, tmp_path / "reprint.pdf", day, today=TODAY)
    assert reprint.decisions == () and "Datum: 13 maart 2026" in text_of(reprint.path)
    record_posting(register, reprint, today=TODAY)
    assert len(_posted(register, app.id)) == 1


def test_a_day_that_would_be_refused_is_refused_before_anything_is_drawn(register, tmp_path):
    app, made = grant(register)
    with pytest.raises(UserError, match="vóór het besluit"):
        draw_letter(register, app.sequence, tmp_path / "early.pdf", DECIDED - dt.timedelta(days=1),
                    today=TODAY)
    with pytest.raises(UserError):  # in the future
        draw_letter(register, app.sequence, tmp_path / "late.pdf", TODAY + dt.timedelta(days=1),
                    today=TODAY)
    record_posting(register, draw_letter(register, app.sequence, tmp_path / "a.pdf",
                                         dt.date(2026, 3, 12), today=TODAY), today=TODAY)
    with pytest.raises(UserError):  # sent before, on another day: the term runs from then
        draw_letter(register, app.sequence, tmp_path / "other.pdf", dt.date(2026, 3, 20),
                    today=TODAY)
    assert not any((tmp_path / n).exists() for n in ("early.pdf", "late.pdf", "other.pdf"))
    assert sent_on(register, made.id) == dt.date(2026, 3, 12)


def test_a_meetings_letters_drawn_record_nothing_until_printed(register, tmp_path):
    (first, one), (second, two) = grant(register), grant(register, cost="1850.00")
    day = dt.date(2026, 3, 16)
    paper = draw_letters(register, DECIDED, DECIDED, tmp_path / "meeting.pdf", day, today=TODAY)
    assert paper.count == 2 and {d.id for d in paper.decisions} == {one.id, two.id}
    assert text_of(paper.path).count("Datum: 16 maart 2026") == 2
    assert sent_on(register, one.id) is None and sent_on(register, two.id) is None
    assert _posted(register, first.id) == _posted(register, second.id) == []

    assert record_posting(register, paper, today=TODAY) == paper.path  # printed
    assert sent_on(register, one.id) == sent_on(register, two.id) == day
    assert len(_posted(register, first.id)) == len(_posted(register, second.id)) == 1
    with pytest.raises(UserError):  # the same letters on another day: said before drawing
        draw_letters(register, DECIDED, DECIDED, tmp_path / "again.pdf", dt.date(2026, 3, 17),
                     today=TODAY)
    assert not (tmp_path / "again.pdf").exists()


def test_a_kept_file_that_cannot_be_put_there_records_nothing(register, tmp_path):
    app, made = grant(register)
    paper = draw_letter(register, app.sequence, tmp_path / "part.pdf", dt.date(2026, 3, 12),
                        today=TODAY)
    with pytest.raises(UserError):  # over the register itself: refused
        record_posting(register, paper, keep_as=tmp_path / "register.sqlite", today=TODAY)
    assert sent_on(register, made.id) is None and _posted(register, app.id) == []
    assert paper.path.exists()


def test_the_command_lines_letters_are_recorded_with_their_file(register, tmp_path):
    app, made = grant(register)
    path, count = write_letters(register, DECIDED, DECIDED, tmp_path / "cli.pdf",
                                dt.date.today())
    assert path.exists() and count == 1
    assert sent_on(register, made.id) == dt.date.today() and len(_posted(register, app.id)) == 1


def test_a_letter_the_command_line_cannot_write_records_no_day(register, tmp_path):
    """`print letter --sent` whose file cannot be written (here: over the register itself)
    says so and leaves the day unrecorded, so that the letter can still be sent later."""
    import subprocess

    from .test_letters_truth import SCRIPT

    app, made = grant(register)
    db = register.path
    register.close()
    refused = subprocess.run([str(SCRIPT), "print", "letter", "--db", str(db), "--application",
                              str(app.sequence), "--out", str(db), "--sent", "2026-03-20"],
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    from regiegroep.register import Register

    with Register.open(db) as again:
        assert sent_on(again, made.id) is None
