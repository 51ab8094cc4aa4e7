"""Schema steps 1-10: the register, its audit chain, privacy, ordinances, decisions,
requests to complete, the check's progress, the applicant's language, people and payments."""

from __future__ import annotations

from sqlite_utils import Database

from .steps import migrations, run


@migrations()
def m001_register(db: Database) -> None:
    """The register: municipality, neighbourhoods, budgets, members, applicants, applications."""
    run(
        db,
        """CREATE TABLE municipality (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            steering_group_name TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE wijk (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> '')
        )""",
        # Art. 2.2-2.5: per neighbourhood and year an amount, a cost reservation of at most
        # 10% of it, and a subsidy ceiling no higher than what is left after the reservation.
        """CREATE TABLE budget (
            id INTEGER PRIMARY KEY,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            cost_reservation_cents INTEGER NOT NULL DEFAULT 0
                CHECK (cost_reservation_cents >= 0 AND cost_reservation_cents * 10 <= amount_cents),
            ceiling_cents INTEGER NOT NULL
                CHECK (ceiling_cents >= 0 AND ceiling_cents <= amount_cents - cost_reservation_cents),
            UNIQUE (wijk_id, year)
        )""",
        """CREATE TABLE member (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member')),
            wijk_id INTEGER REFERENCES wijk(id),
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE applicant (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('resident', 'group', 'legal_entity')),
            name TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        )""",
        # Art. 4.2 a-d and Art. 4.4: the moment of receipt and the sequence number.
        """CREATE TABLE application (
            id INTEGER PRIMARY KEY,
            sequence INTEGER NOT NULL UNIQUE CHECK (sequence > 0),
            received_at TEXT NOT NULL,
            year INTEGER NOT NULL,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            applicant_id INTEGER NOT NULL REFERENCES applicant(id),
            signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
            title TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            execution TEXT NOT NULL DEFAULT '',
            planning TEXT NOT NULL DEFAULT '',
            liveability TEXT NOT NULL DEFAULT '',
            cost_estimate_cents INTEGER CHECK (cost_estimate_cents >= 0),
            vouchers_requested INTEGER CHECK (vouchers_requested >= 1),
            other_subsidy INTEGER CHECK (other_subsidy IN (0, 1)),
            other_subsidy_details TEXT NOT NULL DEFAULT '',
            theme TEXT CHECK (theme IN ('housing', 'work', 'learning', 'integration', 'safety', 'other')),
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            deleted_reason TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX application_by_receipt ON application (received_at, sequence)",
        "CREATE INDEX application_by_wijk ON application (wijk_id, received_at)",
        "CREATE INDEX application_by_year ON application (year, received_at)",
        "CREATE INDEX application_by_status ON application (status, received_at)",
        "CREATE INDEX application_by_theme ON application (theme, received_at)",
        "CREATE INDEX application_by_applicant ON application (applicant_id)",
        "CREATE INDEX application_deleted ON application (deleted_at) WHERE deleted_at IS NOT NULL",
        """CREATE TABLE cost_line (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            position INTEGER NOT NULL,
            description TEXT NOT NULL,
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            UNIQUE (application_id, position)
        )""",
        # Scans of the signed form, quotes, photos; the hash shows a file is the one received.
        """CREATE TABLE attachment (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            kind TEXT NOT NULL CHECK (kind IN ('signed_form', 'quote', 'photo', 'other')),
            filename TEXT NOT NULL,
            media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX attachment_by_application ON attachment (application_id)",
        # What happened to the register, by whom: deletions are never silent.
        """CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            application_id INTEGER REFERENCES application(id),
            details TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX event_by_application ON event (application_id)",
        # Search as you type across title, applicant and description, with the text folded
        # (lower case, no accents) by regiegroep_fold, registered on every connection.
        # Words of three letters or more are looked up as trigrams, which find any part of a
        # word, as Dutch compounds need ("cafe" finds "Buurtcafé"); the first one or two
        # letters typed are looked up as the start of a word in a second, word index.
        # New applications are indexed by Register.register_applications in bulk (a trigger
        # per row costs four times as much); changes and deletions by the triggers below.
        """CREATE VIRTUAL TABLE application_search USING fts5(
            title, applicant, description, tokenize = 'trigram'
        )""",
        """CREATE VIRTUAL TABLE application_words USING fts5(
            text, tokenize = 'unicode61', prefix = '1 2', detail = none, columnsize = 0
        )""",
        """CREATE TRIGGER application_search_update
        AFTER UPDATE OF title, description, applicant_id ON application BEGIN
            DELETE FROM application_search WHERE rowid = old.id;
            DELETE FROM application_words WHERE rowid = old.id;
            INSERT INTO application_search (rowid, title, applicant, description)
            SELECT new.id, regiegroep_fold(new.title),
                   regiegroep_fold(a.name || ' ' || a.contact_person), regiegroep_fold(new.description)
            FROM applicant a WHERE a.id = new.applicant_id;
            INSERT INTO application_words (rowid, text)
            SELECT rowid, title || ' ' || applicant || ' ' || description
            FROM application_search WHERE rowid = new.id;
        END""",
        """CREATE TRIGGER application_search_delete AFTER DELETE ON application BEGIN
            DELETE FROM application_search WHERE rowid = old.id;
            DELETE FROM application_words WHERE rowid = old.id;
        END""",
        """CREATE TRIGGER applicant_search_update
        AFTER UPDATE OF name, contact_person ON applicant BEGIN
            UPDATE application_search
            SET applicant = regiegroep_fold(new.name || ' ' || new.contact_person)
            WHERE rowid IN (SELECT id FROM application WHERE applicant_id = new.id);
            DELETE FROM application_words
            WHERE rowid IN (SELECT id FROM application WHERE applicant_id = new.id);
            INSERT INTO application_words (rowid, text)
            SELECT rowid, title || ' ' || applicant || ' ' || description FROM application_search
            WHERE rowid IN (SELECT id FROM application WHERE applicant_id = new.id);
        END""",
    )


@migrations()
def m002_audit_chain(db: Database) -> None:
    """Chain the record of changes by hashes (see regiegroep.trust.audit), renumbered from 1 so a
    gap in the numbers is itself a sign of a removed entry."""
    from ...trust.audit import chain_existing

    rows = db.execute(
        "SELECT id, at, actor, action, application_id, details FROM event ORDER BY id").fetchall()
    run(
        db,
        "ALTER TABLE event ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE event ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            count INTEGER NOT NULL,
            hash TEXT NOT NULL
        )""",
    )
    renumbered = [(n, *row[1:]) for n, row in enumerate(rows, 1)]
    for (old_id, *_rest), (new_id, *_same) in zip(rows, renumbered):
        if old_id != new_id:
            db.execute("UPDATE event SET id = ? WHERE id = ?", [new_id, old_id])
    chain_existing(db.conn, renumbered)
    run(
        db,
        """CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event BEGIN
            SELECT RAISE(ABORT, 'the audit trail is append-only');
        END""",
        """CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event BEGIN
            SELECT RAISE(ABORT, 'the audit trail is append-only');
        END""",
    )


@migrations()
def m003_privacy(db: Database) -> None:
    """Privacy (AVG/GDPR): whether an applicant's name may be published, when personal data
    was anonymised, and the register's retention period."""
    run(
        db,
        "ALTER TABLE applicant ADD COLUMN publish_name INTEGER NOT NULL DEFAULT 0 "
        "CHECK (publish_name IN (0, 1))",
        "ALTER TABLE applicant ADD COLUMN anonymised_at TEXT",
        """CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        "INSERT INTO setting (key, value) VALUES ('retention_months', '24')",
    )


@migrations()
def m004_ordinances(db: Database) -> None:
    """Which version of the ordinance applies to which budget: a municipality's own copy of
    the rule file is kept in the register, so its decisions can be checked later against
    the rules that applied. A budget without one follows the model ordinance of 2008."""
    run(
        db,
        """CREATE TABLE ordinance (
            id TEXT PRIMARY KEY CHECK (trim(id) <> ''),
            title TEXT NOT NULL,
            rules TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "ALTER TABLE budget ADD COLUMN ordinance_id TEXT REFERENCES ordinance(id)",
    )


@migrations()
def m005_decisions(db: Database) -> None:
    """Decisions on record (Art. 5, 6): never changed; a correction is a new decision that
    refers to the one it corrects."""
    run(
        db,
        """CREATE TABLE decision (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            kind TEXT NOT NULL CHECK (kind IN
                ('granted', 'partially_granted', 'refused', 'left_undealt', 'referred')),
            decided_on TEXT NOT NULL,
            amount_granted_cents INTEGER CHECK (amount_granted_cents >= 0),
            vouchers TEXT NOT NULL DEFAULT '[]',
            refusal_grounds TEXT NOT NULL DEFAULT '{}',
            reasons TEXT NOT NULL DEFAULT '',
            start_within_days INTEGER CHECK (start_within_days > 0),
            members TEXT NOT NULL DEFAULT '[]',
            corrects INTEGER REFERENCES decision(id),
            ordinance_id TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX decision_by_application ON decision (application_id, id)",
        """CREATE TRIGGER decision_never_changed BEFORE UPDATE ON decision BEGIN
            SELECT RAISE(ABORT, 'a decision is never changed; record a correction');
        END""",
        """CREATE TRIGGER decision_never_deleted BEFORE DELETE ON decision BEGIN
            SELECT RAISE(ABORT, 'a decision is never deleted; record a correction');
        END""",
    )


@migrations()
def m006_completion_requests(db: Database) -> None:
    """Requests to complete an application (Art. 4.3, Awb 4:5): when, which items, the term
    set, and when it was completed; they suspend the decision term (Awb 4:15)."""
    run(
        db,
        """CREATE TABLE completion_request (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES application(id),
            requested_on TEXT NOT NULL,
            term_days INTEGER NOT NULL CHECK (term_days > 0),
            missing TEXT NOT NULL,
            completed_on TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX completion_request_by_application ON completion_request (application_id, id)",
        """CREATE TRIGGER completion_request_never_deleted BEFORE DELETE ON completion_request BEGIN
            SELECT RAISE(ABORT, 'a completion request stays on record');
        END""",
    )


@migrations()
def m007_check_progress(db: Database) -> None:
    """The guided check of an application can be left and resumed: its answers so far."""
    run(
        db,
        """CREATE TABLE check_progress (
            application_id INTEGER PRIMARY KEY REFERENCES application(id),
            answers TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )""",
    )


@migrations()
def m008_applicant_language(db: Database) -> None:
    """The language the applicant reads, so letters go out in it where a translation exists."""
    run(db, "ALTER TABLE applicant ADD COLUMN language TEXT NOT NULL DEFAULT 'nl'")


@migrations()
def m009_people(db: Database) -> None:
    """People and roles: besides the steering group, the cash manager and the kiosk; a PIN
    kept as a hash, and a lock-out after repeated wrong PINs."""
    run(
        db,
        """CREATE TABLE member_new (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            role TEXT NOT NULL CHECK (role IN
                ('chair', 'secretary', 'member', 'cash_manager', 'kiosk')),
            wijk_id INTEGER REFERENCES wijk(id),
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            pin_hash TEXT,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT
        )""",
        "INSERT INTO member_new (id, name, role, wijk_id, phone, email, active) "
        "SELECT id, name, role, wijk_id, phone, email, active FROM member",
        "DROP TABLE member",
        "ALTER TABLE member_new RENAME TO member",
    )


@migrations()
def m010_payments(db: Database) -> None:
    """Vouchers redeemed (Art. 9): each payment from a voucher, by whom, and for whom if a
    member acted for the cash manager. Never changed or deleted, like the decisions."""
    run(
        db,
        """CREATE TABLE payment (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decision(id),
            voucher INTEGER NOT NULL CHECK (voucher >= 1),
            paid_on TEXT NOT NULL,
            way TEXT NOT NULL CHECK (way IN ('supplier', 'cash')),
            amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
            payee TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            paid_by TEXT NOT NULL,
            on_behalf_of TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX payment_by_decision ON payment (decision_id, voucher)",
        """CREATE TRIGGER payment_never_changed BEFORE UPDATE ON payment BEGIN
            SELECT RAISE(ABORT, 'a payment is never changed');
        END""",
        """CREATE TRIGGER payment_never_deleted BEFORE DELETE ON payment BEGIN
            SELECT RAISE(ABORT, 'a payment is never deleted');
        END""",
    )
