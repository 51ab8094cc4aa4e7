"""Schema steps 11 on: the ordinance's own cap (Art. 2.3), the town and the group's contact
(letters), vouchers (Art. 1a, 5, 9), consultations (Art. 1i, 5.3-5.5), row seals (the
audit trail binding the data) and the kiosk."""

from __future__ import annotations

from sqlite_utils import Database

from .steps import migrations, run


@migrations()
def m011_reservation_cap_from_the_ordinance(db: Database) -> None:
    """The cap on the cost reservation (Art. 2.3) is the ordinance's own figure, checked by
    the register against the ordinance in force for the year (regiegroep.budgets): the
    model's 10% no longer stands in the schema, so a municipality may adopt another cap."""
    run(
        db,
        """CREATE TABLE budget_new (
            id INTEGER PRIMARY KEY,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            cost_reservation_cents INTEGER NOT NULL DEFAULT 0
                CHECK (cost_reservation_cents >= 0 AND cost_reservation_cents <= amount_cents),
            ceiling_cents INTEGER NOT NULL
                CHECK (ceiling_cents >= 0 AND ceiling_cents <= amount_cents - cost_reservation_cents),
            ordinance_id TEXT REFERENCES ordinance(id),
            UNIQUE (wijk_id, year)
        )""",
        "INSERT INTO budget_new (id, wijk_id, year, amount_cents, cost_reservation_cents, "
        "ceiling_cents, ordinance_id) SELECT id, wijk_id, year, amount_cents, "
        "cost_reservation_cents, ceiling_cents, ordinance_id FROM budget",
        "DROP TABLE budget",
        "ALTER TABLE budget_new RENAME TO budget",
    )


@migrations()
def m012_town_and_group_contact(db: Database) -> None:
    """Letters that can go in the post: the applicant's town beside the postcode, and how
    applicants reach the steering group (its postal address, phone and e-mail), printed in
    every letter's head (regiegroep.budgets.contact). One row, set by the chair or secretary."""
    run(
        db,
        "ALTER TABLE applicant ADD COLUMN town TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE group_contact (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            town TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        )""",
    )


@migrations()
def m013_vouchers(db: Database) -> None:
    """Vouchers as value documents (Art. 1a, 5, 9): each voucher on record with its serial,
    value, holder and validity; the register's signing key; payments naming a voucher by
    serial, with a supplier's IBAN and invoice; refused payments (Art. 9.2) with their
    reason. Payments recorded before name "voucher N of decision D": the vouchers of those
    decisions are put on record here and the payments linked to them."""
    run(
        db,
        """CREATE TABLE signing_key (
            kid TEXT PRIMARY KEY,
            private_key BLOB NOT NULL,
            created_at TEXT NOT NULL,
            retired_at TEXT
        )""",
        """CREATE TABLE voucher (
            id INTEGER PRIMARY KEY,
            serial TEXT NOT NULL UNIQUE,
            application_id INTEGER NOT NULL REFERENCES application(id),
            decision_id INTEGER NOT NULL REFERENCES decision(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            value_cents INTEGER NOT NULL CHECK (value_cents > 0),
            holder TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'issued'
                CHECK (status IN ('issued', 'voided', 'expired')),
            void_reason TEXT NOT NULL DEFAULT '',
            ended_on TEXT,
            replaced_by TEXT REFERENCES voucher(serial),
            kid TEXT NOT NULL REFERENCES signing_key(kid),
            recorded_at TEXT NOT NULL,
            UNIQUE (decision_id, number)
        )""",
        "CREATE INDEX voucher_by_application ON voucher (application_id)",
        # Issued vouchers never change: only an issued one may end, once (voided, expired).
        """CREATE TRIGGER voucher_never_changed BEFORE UPDATE ON voucher
            WHEN OLD.status <> 'issued' OR NEW.serial IS NOT OLD.serial
              OR NEW.value_cents IS NOT OLD.value_cents OR NEW.holder IS NOT OLD.holder
              OR NEW.decision_id IS NOT OLD.decision_id OR NEW.number IS NOT OLD.number
              OR NEW.issued_on IS NOT OLD.issued_on OR NEW.valid_until IS NOT OLD.valid_until
        BEGIN
            SELECT RAISE(ABORT, 'an issued voucher is never changed');
        END""",
        """CREATE TRIGGER voucher_never_deleted BEFORE DELETE ON voucher BEGIN
            SELECT RAISE(ABORT, 'a voucher is never deleted');
        END""",
        """CREATE TABLE payment_refusal (
            id INTEGER PRIMARY KEY,
            serial TEXT NOT NULL REFERENCES voucher(serial),
            refused_on TEXT NOT NULL,
            way TEXT NOT NULL CHECK (way IN ('supplier', 'cash')),
            amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
            reason TEXT NOT NULL CHECK (trim(reason) <> ''),
            refused_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX refusal_by_serial ON payment_refusal (serial)",
        "ALTER TABLE payment ADD COLUMN serial TEXT REFERENCES voucher(serial)",
        "ALTER TABLE payment ADD COLUMN iban TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE payment ADD COLUMN invoice TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX payment_by_serial ON payment (serial, paid_on)",
    )
    _vouchers_of_earlier_decisions(db)


def _vouchers_of_earlier_decisions(db: Database) -> None:
    """The register's first key, and the vouchers of decisions that have voucher values and
    are in force or were paid from; the payments then name their voucher's serial."""
    import datetime as dt
    import json
    import secrets
    from pathlib import Path

    from ...vouchers import serials, signing
    from ...rules import load_ordinance, model_ordinance

    stamp = dt.datetime.now().replace(microsecond=0).isoformat()
    key = signing.generate_key()
    kid = signing.key_id(key).hex()
    db.execute("INSERT INTO signing_key (kid, private_key, created_at) VALUES (?, ?, ?)",
               [kid, signing.private_key_bytes(key), stamp])
    in_force = {row[0] for row in db.execute(
        "SELECT max(id) FROM decision GROUP BY application_id")}
    paid = {row[0] for row in db.execute("SELECT DISTINCT decision_id FROM payment")}
    ordinances: dict = {}
    serials_taken: set[str] = set()
    rows = []
    for (dec_id, app_id, kind, on, vouchers, year, wijk_id, a_kind, name,
         contact) in db.execute(
            "SELECT d.id, d.application_id, d.kind, d.decided_on, d.vouchers, a.year, "
            "a.wijk_id, p.kind, p.name, p.contact_person FROM decision d "
            "JOIN application a ON a.id = d.application_id "
            "JOIN applicant p ON p.id = a.applicant_id ORDER BY d.id").fetchall():
        values = json.loads(vouchers or "[]")
        if not values or kind not in ("granted", "partially_granted") or (
                dec_id not in in_force and dec_id not in paid):
            continue
        if (wijk_id, year) not in ordinances:
            found = db.execute(
                "SELECT ordinance.id, ordinance.rules FROM budget JOIN ordinance ON "
                "ordinance.id = budget.ordinance_id WHERE budget.wijk_id = ? AND "
                "budget.year = ?", [wijk_id, year]).fetchone()
            ordinances[(wijk_id, year)] = (load_ordinance(Path(f"{found[0]}.toml"), found[1])
                                           if found else model_ordinance())
        until = ordinances[(wijk_id, year)].last_completion_date.isoformat()
        holder = contact if a_kind == "group" else name
        for number, cents in enumerate(values, 1):
            serial = serials.new_serial(secrets)
            while serial in serials_taken:
                serial = serials.new_serial(secrets)
            serials_taken.add(serial)
            ended = dec_id not in in_force
            rows.append((serial, app_id, dec_id, number, cents, holder, on, until,
                         "voided" if ended else "issued",
                         "corrected decision" if ended else "", on if ended else None, kid,
                         stamp))
    db.conn.executemany(
        "INSERT INTO voucher (serial, application_id, decision_id, number, value_cents, "
        "holder, issued_on, valid_until, status, void_reason, ended_on, kid, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    run(
        db,
        "DROP TRIGGER payment_never_changed",
        "UPDATE payment SET serial = (SELECT serial FROM voucher WHERE voucher.decision_id = "
        "payment.decision_id AND voucher.number = payment.voucher)",
        """CREATE TRIGGER payment_never_changed BEFORE UPDATE ON payment BEGIN
            SELECT RAISE(ABORT, 'a payment is never changed');
        END""",
    )


@migrations()
def m014_consultations(db: Database) -> None:
    """Neighbourhood consultations (Art. 1i, 5.3-5.5, 7.2): their plan and rule, the
    referred initiatives put to them, the one-time voting codes (salted hashes only), the
    votes of every channel kept apart from the codes, and the signed results."""
    run(
        db,
        """CREATE TABLE consultation (
            id INTEGER PRIMARY KEY,
            wijk_id INTEGER NOT NULL REFERENCES wijk(id),
            title TEXT NOT NULL CHECK (trim(title) <> ''),
            form TEXT NOT NULL CHECK (form IN ('meeting', 'written', 'digital', 'combination')),
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL CHECK (ends_on >= starts_on),
            place TEXT NOT NULL DEFAULT '',
            voters TEXT NOT NULL CHECK (voters IN ('household', 'resident')),
            minimum_age INTEGER NOT NULL DEFAULT 18 CHECK (minimum_age BETWEEN 0 AND 120),
            rule TEXT NOT NULL CHECK (rule IN ('majority', 'budget')),
            minimum_turnout_percent INTEGER
                CHECK (minimum_turnout_percent IS NULL OR minimum_turnout_percent BETWEEN 1 AND 100),
            tie TEXT NOT NULL CHECK (tie IN ('refused', 'granted', 'earlier', 'cheaper')),
            budget_cents INTEGER CHECK (budget_cents IS NULL OR budget_cents >= 0),
            status TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'running', 'closed', 'decided')),
            salt TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE consultation_item (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            application_id INTEGER NOT NULL UNIQUE REFERENCES application(id),
            position INTEGER NOT NULL,
            decision_id INTEGER REFERENCES decision(id),
            PRIMARY KEY (consultation_id, application_id)
        )""",
        # A code is kept as its salted hash, and whether (and in which channel) it was used:
        # no time, no address, no link to any vote.
        """CREATE TABLE voting_code (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            hash TEXT NOT NULL,
            used TEXT CHECK (used IS NULL OR used IN ('meeting', 'paper', 'digital')),
            PRIMARY KEY (consultation_id, hash)
        ) WITHOUT ROWID""",
        # A vote: its channel and choices under a random key, so the rows' order says
        # nothing about when a vote was cast; no code, no hash, no time.
        """CREATE TABLE ballot (
            key TEXT NOT NULL PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            channel TEXT NOT NULL CHECK (channel IN ('paper', 'digital')),
            choices TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE meeting_tally (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            application_id INTEGER NOT NULL REFERENCES application(id),
            votes_for INTEGER NOT NULL CHECK (votes_for >= 0),
            votes_against INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
            abstained INTEGER NOT NULL DEFAULT 0 CHECK (abstained >= 0),
            entered_by INTEGER NOT NULL REFERENCES member(id),
            confirmed_by INTEGER REFERENCES member(id),
            PRIMARY KEY (consultation_id, application_id)
        )""",
        # A paper ballot typed in by one member, until a second agrees (or a third settles):
        # then the ballot is counted and these entries are removed.
        """CREATE TABLE paper_entry (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            sheet TEXT NOT NULL,
            member_id INTEGER NOT NULL REFERENCES member(id),
            code_hash TEXT NOT NULL,
            choices TEXT NOT NULL,
            PRIMARY KEY (consultation_id, sheet, member_id)
        )""",
        """CREATE TABLE consultation_result (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            counted_at TEXT NOT NULL,
            figures TEXT NOT NULL,
            signed_by TEXT NOT NULL DEFAULT '[]',
            locked_at TEXT,
            recount_of INTEGER REFERENCES consultation_result(id)
        )""",
        """CREATE TRIGGER consultation_result_locked BEFORE UPDATE ON consultation_result
            WHEN OLD.locked_at IS NOT NULL BEGIN
            SELECT RAISE(ABORT, 'a signed result is never changed');
        END""",
    )


@migrations()
def m015_row_seals(db: Database) -> None:
    """Seal the records that carry money and trust (regiegroep.trust.seals): each row's hash as
    the register's own actions wrote it, so a change made with another program is found by
    ``regiegroep audit verify``. Every row as it stands now is sealed."""
    from ...trust.seals import seal_all

    run(
        db,
        """CREATE TABLE row_seal (
            tbl TEXT NOT NULL,
            row_key TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (tbl, row_key)
        ) WITHOUT ROWID""",
    )
    seal_all(db.conn)


@migrations()
def m016_kiosk(db: Database) -> None:
    """The kiosk in the community centre (regiegroep.kiosk.kiosk_packages): the group's key pair
    for sealed kiosk packages (on the group's own register), the public package a kiosk
    register was loaded with (on the kiosk's), and the packages already received, so a
    second receive of the same package changes nothing."""
    run(
        db,
        """CREATE TABLE kiosk_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL,
            public_key BLOB NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE kiosk_public (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            package TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        )""",
        """CREATE TABLE kiosk_received (
            package_id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            received_at TEXT NOT NULL,
            applications INTEGER NOT NULL,
            votes INTEGER NOT NULL
        )""",
    )


@migrations()
def m017_paper_entries_without_codes_and_cancelling(db: Database) -> None:
    """No table holds a voting code, or its hash, beside a vote (Art. 5.5; issue 14): a
    paper ballot's code is used at its first entry, and the entries keep only the choices.
    A typed-in ballot still waiting for its second entry keeps its place: its code is used
    on paper now (it was not yet), the code of the sheet's first entry that was still
    unused; a sheet whose codes were all used elsewhere meanwhile could never be counted
    and is removed. And a consultation can be cancelled (regiegroep.consultations.cancel):
    its reason kept, its initiatives withdrawn from it so they wait for another."""
    conn = db.conn
    sheets: dict[tuple, list[str]] = {}
    for consultation_id, sheet, digest in conn.execute(
            "SELECT consultation_id, sheet, code_hash FROM paper_entry ORDER BY rowid"):
        sheets.setdefault((consultation_id, sheet), []).append(digest)
    for (consultation_id, sheet), digests in sheets.items():
        for digest in digests:
            used = conn.execute(
                "UPDATE voting_code SET used = 'paper' WHERE consultation_id = ? AND hash = ? "
                "AND used IS NULL", [consultation_id, digest]).rowcount
            if used:
                break
        else:
            conn.execute("DELETE FROM paper_entry WHERE consultation_id = ? AND sheet = ?",
                         [consultation_id, sheet])
    run(
        db,
        """CREATE TABLE paper_entry_new (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            sheet TEXT NOT NULL,
            member_id INTEGER NOT NULL REFERENCES member(id),
            choices TEXT NOT NULL,
            PRIMARY KEY (consultation_id, sheet, member_id)
        )""",
        "INSERT INTO paper_entry_new (consultation_id, sheet, member_id, choices) "
        "SELECT consultation_id, sheet, member_id, choices FROM paper_entry",
        "DROP TABLE paper_entry",
        "ALTER TABLE paper_entry_new RENAME TO paper_entry",
        # A cancelled consultation's initiatives stay on record with it, withdrawn: an
        # initiative is on one consultation at a time that was not cancelled.
        """CREATE TABLE consultation_item_new (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            application_id INTEGER NOT NULL REFERENCES application(id),
            position INTEGER NOT NULL,
            decision_id INTEGER REFERENCES decision(id),
            withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
            PRIMARY KEY (consultation_id, application_id)
        )""",
        "INSERT INTO consultation_item_new (consultation_id, application_id, position, "
        "decision_id) SELECT consultation_id, application_id, position, decision_id "
        "FROM consultation_item",
        "DROP TABLE consultation_item",
        "ALTER TABLE consultation_item_new RENAME TO consultation_item",
        "CREATE UNIQUE INDEX consultation_item_once ON consultation_item (application_id) "
        "WHERE withdrawn = 0",
        # The status column's check cannot change without rebuilding a table others refer
        # to: a cancellation is a row of its own, and the consultation reads as cancelled.
        """CREATE TABLE consultation_cancellation (
            consultation_id INTEGER PRIMARY KEY REFERENCES consultation(id),
            reason TEXT NOT NULL CHECK (trim(reason) <> ''),
            cancelled_at TEXT NOT NULL
        )""",
    )


@migrations()
def m018_kiosk_votes(db: Database) -> None:
    """Votes on a kiosk register of its own (regiegroep.kiosk.kiosk_votes): the salted hashes of an
    open consultation's codes with where each was used, and the sealed ballots, each
    encrypted to the group's key. Both without rowid, in the order of their keys (the hash,
    a random key), so neither the order of the rows nor a row number pairs a used code with
    its ballot; neither holds a time."""
    run(
        db,
        """CREATE TABLE kiosk_code (
            consultation_id INTEGER NOT NULL,
            hash TEXT NOT NULL,
            used TEXT CHECK (used IN ('meeting', 'paper', 'digital')),
            PRIMARY KEY (consultation_id, hash)
        ) WITHOUT ROWID""",
        """CREATE TABLE kiosk_ballot (
            key TEXT PRIMARY KEY,
            sealed BLOB NOT NULL
        ) WITHOUT ROWID""",
    )


@migrations()
def m020_voucher_holders_anonymised(db: Database) -> None:
    """Anonymising (regiegroep.trust.privacy) also removes the holder's name from vouchers that
    have ended (voided, expired, or spent to the last cent): the rule that an issued voucher
    never changes lets exactly that change through, and nothing else."""
    same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (
        "id", "serial", "application_id", "decision_id", "number", "value_cents", "issued_on",
        "valid_until", "status", "void_reason", "ended_on", "replaced_by", "kid",
        "recorded_at"))
    run(
        db,
        "DROP TRIGGER voucher_never_changed",
        f"""CREATE TRIGGER voucher_never_changed BEFORE UPDATE ON voucher
            WHEN NOT (NEW.holder = '' AND {same} AND (OLD.status <> 'issued'
                  OR (SELECT coalesce(sum(amount_cents), 0) FROM payment
                      WHERE payment.serial = OLD.serial) >= OLD.value_cents))
              AND (OLD.status <> 'issued' OR NEW.serial IS NOT OLD.serial
              OR NEW.value_cents IS NOT OLD.value_cents OR NEW.holder IS NOT OLD.holder
              OR NEW.decision_id IS NOT OLD.decision_id OR NEW.number IS NOT OLD.number
              OR NEW.issued_on IS NOT OLD.issued_on OR NEW.valid_until IS NOT OLD.valid_until)
        BEGIN
            SELECT RAISE(ABORT, 'an issued voucher is never changed');
        END""",
    )


@migrations()
def m021_consultations_sealed(db: Database) -> None:
    """The consultation's records are sealed too (regiegroep.trust.seals: consultations, their
    initiatives and cancellations, voting codes per consultation, ballots, meeting tallies,
    results): no table changes; the register seals every row once this step is applied."""
    db.execute("SELECT 1")


@migrations()
def m022_money_and_letters_sealed(db: Database) -> None:
    """Everything that carries money, rights or the letters' facts is sealed too (issue 23.1;
    regiegroep.seals): vouchers, refused payments, completion requests, attachments (by
    their hash), check answers, settings, the municipality, neighbourhoods, the group's
    contact, the signing key, the kiosk's keys and packages, and the protective triggers.
    No table changes; the register seals every row once this step is applied."""
    db.execute("SELECT 1")


@migrations()
def m025_paper_sheet_check(db: Database) -> None:
    """A paper ballot's second entry must give the code of its first (issue 24: P5's code
    typed for P4 was counted): while a sheet waits for its second entry, a table of its own
    keeps a check of 16 bits of the sheet's number and its code
    (regiegroep.consultation_channels), too short to tell which code it was; never beside the
    choices, and removed when the ballot counts. Sheets entered before this step have none
    and are checked as before."""
    run(
        db,
        """CREATE TABLE paper_sheet (
            consultation_id INTEGER NOT NULL REFERENCES consultation(id),
            sheet TEXT NOT NULL,
            code_check TEXT NOT NULL,
            PRIMARY KEY (consultation_id, sheet)
        ) WITHOUT ROWID""",
    )


@migrations()
def m026_kiosk_sent_packages_kept(db: Database) -> None:
    """A kiosk PC keeps each sealed package it wrote (issue 24: a damaged package lost the
    evening for good): sealed to the group's key, unreadable on the kiosk PC, until a later
    public package says the group received it (regiegroep.kiosk_packages.collect, resend)."""
    run(
        db,
        """CREATE TABLE kiosk_sent (
            package_id TEXT PRIMARY KEY,
            sealed BLOB NOT NULL,
            made_at TEXT NOT NULL
        )""",
    )


@migrations()
def m027_kiosk_signing_keys(db: Database) -> None:
    """Packages from the kiosk only (issue 23; regiegroep.kiosk_identity): a kiosk register's
    own signing key pair (Ed25519), and on the group's register the kiosks it knows, learned
    at a receive where the person gave the fingerprint the kiosk showed."""
    run(
        db,
        """CREATE TABLE kiosk_identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL,
            public_key BLOB NOT NULL
        )""",
        """CREATE TABLE kiosk_known (
            fingerprint TEXT PRIMARY KEY,
            public_key BLOB NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            learned_at TEXT NOT NULL
        )""",
    )
