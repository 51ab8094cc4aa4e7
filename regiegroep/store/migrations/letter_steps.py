"""Schema steps of the letters, the objections and the consultation's papers (m028-m030): when a
decision letter was sent,
and the objections received against decisions (Awb 6, 7)."""

from __future__ import annotations

from sqlite_utils import Database

from .steps import migrations, run


@migrations()
def m028_letters_sent(db: Database) -> None:
    """The day a decision's letter was posted (Awb 3:41): the objection term counts from the
    day after it (Awb 6:8). Recorded once; a reprint is dated the same day."""
    run(
        db,
        """CREATE TABLE letter_sent (
            decision_id INTEGER PRIMARY KEY REFERENCES decision(id),
            sent_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL
        )""",
        """CREATE TRIGGER letter_sent_never_changed BEFORE UPDATE ON letter_sent BEGIN
            SELECT RAISE(ABORT, 'the day a letter was sent is never changed');
        END""",
        """CREATE TRIGGER letter_sent_never_deleted BEFORE DELETE ON letter_sent BEGIN
            SELECT RAISE(ABORT, 'the day a letter was sent is never deleted');
        END""",
    )


@migrations()
def m029_objections(db: Database) -> None:
    """Objections received against decisions (Awb 6:4, 7:1): when, from whom, on what; when
    forwarded to the college, which decides on them; and the outcome."""
    run(
        db,
        """CREATE TABLE objection (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decision(id),
            received_on TEXT NOT NULL,
            objector TEXT NOT NULL,  -- personal data: emptied when anonymised
            about TEXT NOT NULL,
            forwarded_on TEXT,
            outcome TEXT CHECK (outcome IN
                ('well_founded', 'partly_well_founded', 'unfounded', 'inadmissible',
                 'withdrawn')),
            outcome_on TEXT,
            outcome_note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX objection_by_decision ON objection (decision_id)",
    )


@migrations()
def m030_consultation_meeting(db: Database) -> None:
    """Code letters that can be posted (regiegroep.consultation_papers): the meeting's day
    and time, and where ballot papers are handed in, beside the plan's place. One row per
    consultation that has them; not sealed (no vote and no money in it), on record in the
    trail when set."""
    run(
        db,
        """CREATE TABLE consultation_meeting (
            consultation_id INTEGER PRIMARY KEY REFERENCES consultation(id),
            meets_at TEXT,
            hand_in TEXT NOT NULL DEFAULT ''
        )""",
    )
