"""Everything that carries money, rights or the letters' facts is bound to the trail (issue
23.1): each tampering below is made with the sqlite3 module, the guarding trigger dropped
first as whoever holds the file can. `audit verify` names it; and when the tamperer also
recomputes every seal (the app's own recipe is public), `audit verify --expect` with the
fingerprint kept elsewhere still refuses the register."""

import shutil
import sqlite3

import pytest

from regiegroep.applications import attachments
from regiegroep import deciding, demo
from regiegroep.kiosk import kiosk_packages
from regiegroep.trust import seals
from regiegroep.cli import main
from regiegroep.register import Register


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seals-everything")
    path = folder / "voorbeeld.sqlite"
    demo.write_demo(path, 12)
    scan = folder / "offerte.pdf"
    scan.write_bytes(b"%PDF-1.4 quote of the painter\n")
    with Register.open(path) as register:
        apps = register.applications(limit=3)
        attachments.add_attachment(register, apps[0].id, scan, "quote")
        deciding.save_check_answers(register, apps[0].id, '{"complete": true}')
        kiosk_packages.sealing_key(register)  # the group's kiosk key pair
        from regiegroep.deciding import objections, sending
        decided = next(app for app in register.applications(limit=60)
                       if register.latest_decision(app.id) is not None)
        decision = register.latest_decision(decided.id)
        sending.record_sent(register, [decision], decision.decided_on)
        objections.register_objection(register, decided.sequence, decision.decided_on,
                                      "Fam. Jansen", "the amount granted")
    return path


def _ids(path):
    conn = sqlite3.connect(path)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    ids = {"voucher": one("SELECT id FROM voucher WHERE status = 'issued' ORDER BY id"),
           "expired": one("SELECT id FROM voucher ORDER BY id DESC"),
           "refusal": one("SELECT id FROM payment_refusal ORDER BY id"),
           "request": one("SELECT id FROM completion_request ORDER BY id"),
           "attachment": one("SELECT id FROM attachment ORDER BY id"),
           "checked": one("SELECT application_id FROM check_progress"),
           "other_app": one("SELECT id FROM application WHERE id NOT IN "
                            "(SELECT application_id FROM check_progress) ORDER BY id"),
           "wijk": one("SELECT id FROM wijk ORDER BY id"),
           "kid": one("SELECT kid FROM signing_key"),
           "serial": one("SELECT serial FROM voucher WHERE status = 'issued' ORDER BY id"),
           "sent": one("SELECT decision_id FROM letter_sent"),
           "objection": one("SELECT id FROM objection")}
    ids["next_attachment"] = ids["attachment"] + 1
    conn.close()
    return ids


# name: (SQL, what `audit verify` names)
TAMPERINGS = {
    "a voucher's value doubled": ("UPDATE voucher SET value_cents = value_cents * 2 "
                                  "WHERE id = {voucher}", "voucher {voucher} was changed"),
    "an expired voucher revived to 2036": (
        "UPDATE voucher SET status = 'issued', ended_on = NULL, valid_until = '2036-12-31' "
        "WHERE id = {expired}", "voucher {expired} was changed"),
    "a voucher's holder": ("UPDATE voucher SET holder = 'Iemand Anders' WHERE id = {voucher}",
                           "voucher {voucher} was changed"),
    "a completion request's term": ("UPDATE completion_request SET term_days = term_days + 90 "
                                    "WHERE id = {request}",
                                    "completion request {request} was changed"),
    "the retention months": ("UPDATE setting SET value = '999' WHERE key = 'retention_months'",
                             "setting retention_months was changed"),
    "the signing key": ("UPDATE signing_key SET private_key = randomblob(32)",
                        "signing key {kid} was changed"),
    "the kiosk key pair": ("UPDATE kiosk_key SET public_key = randomblob(32), "
                           "private_key = randomblob(32)", "kiosk key pair 1 was changed"),
    "a payment refusal deleted": ("DELETE FROM payment_refusal WHERE id = {refusal}",
                                  "refused payment {refusal} was deleted"),
    "an attachment inserted": (
        "INSERT INTO attachment (application_id, kind, filename, media_type, size, sha256, "
        "data, added_at) VALUES ({checked}, 'signed_form', 'form.pdf', 'application/pdf', 1, "
        "'00', x'00', '2026-01-01T00:00:00')", "attachment {next_attachment} was added"),
    "an attachment's bytes swapped": ("UPDATE attachment SET data = x'255044462d312e340a' "
                                      "WHERE id = {attachment}",
                                      "attachment {attachment} was changed"),
    "check answers inserted": ("INSERT INTO check_progress (application_id, answers, saved_at) "
                               "VALUES ({other_app}, '{{}}', '2026-01-01T00:00:00')",
                               "check answers of application {other_app} was added"),
    "a protective trigger dropped": ("DROP TRIGGER voucher_never_changed",
                                     "protective rule voucher_never_changed was deleted"),
    "the municipality's name": ("UPDATE municipality SET name = 'Gemeente Elders'",
                                "municipality 1 was changed"),
    "a neighbourhood's name": ("UPDATE wijk SET name = 'Elders' WHERE id = {wijk}",
                               "neighbourhood {wijk} was changed"),
    "the group's contact (objection address)": ("UPDATE group_contact SET address = 'Postbus 1'",
                                                "the group's contact 1 was changed"),
    # The objection term counts from the day the letter was posted (Awb 6:8).
    "a letter's sending day moved": ("UPDATE letter_sent SET sent_on = '2036-01-01' "
                                     "WHERE decision_id = {sent}",
                                     "sending day of the letter on decision {sent} was changed"),
    "an objection's outcome": ("UPDATE objection SET outcome = 'well_founded' WHERE id = {objection}",
                               "objection {objection} was changed"),
}


def _verify(path, *extra, capsys):
    code = main(["--lang", "en", "audit", "verify", "--db", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out + err


def _tampered(example, tmp_path, sql, reseal):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    conn = sqlite3.connect(copy)
    if not sql.startswith("DROP TRIGGER"):
        for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {name}")  # whoever edits the file can drop the guards
    changed = conn.execute(sql).rowcount
    assert sql.startswith("DROP") or changed == 1
    if reseal:  # and recompute every seal with the app's own recipe
        seals.seal_all(conn)
    conn.commit()
    conn.close()
    return copy


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_each_tampering_is_named_by_audit_verify_with_and_without_expect(
        example, tmp_path, tampering, capsys):
    ids = _ids(example)
    code, said = _verify(example, capsys=capsys)
    assert code == 0, said
    mark = said.split("Fingerprint: ")[1].strip()
    sql, named = TAMPERINGS[tampering]
    copy = _tampered(example, tmp_path, sql.format(**ids), reseal=False)
    for extra in ((), ("--expect", mark)):
        code, said = _verify(copy, *extra, capsys=capsys)
        assert code == 1, (extra, said)
        assert named.format(**ids) + " outside the app" in said, (extra, said)
        assert "Traceback" not in said


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_each_tampering_with_its_seals_recomputed_is_caught_by_the_fingerprint(
        example, tmp_path, tampering, capsys):
    ids = _ids(example)
    code, said = _verify(example, capsys=capsys)
    mark = said.split("Fingerprint: ")[1].strip()
    sql, _named = TAMPERINGS[tampering]
    copy = _tampered(example, tmp_path, sql.format(**ids), reseal=True)
    code, said = _verify(copy, "--expect", mark, capsys=capsys)
    assert code == 1
    # (an attachment whose bytes do not fit its hash is named even with its seal rewritten)
    assert f"not the one with fingerprint {mark}" in said or "outside the app" in said, said
    assert "Traceback" not in said


def test_a_doubled_voucher_is_neither_valid_nor_paid(example, tmp_path, capsys):
    ids = _ids(example)
    copy = _tampered(example, tmp_path, TAMPERINGS["a voucher's value doubled"][0].format(**ids),
                     reseal=False)
    code = main(["--lang", "en", "verify", "--db", str(copy), ids["serial"]])
    out, err = capsys.readouterr()
    assert code == 1
    assert "NOT VALID" in out and "changed outside the app" in out
    # whoever checks a voucher in the app is told whom to tell, not a command to type
    assert "tell the chair or the secretary" in out and "regiegroep audit" not in out
    from decimal import Decimal

    from regiegroep.errors import UserError
    from regiegroep.vouchers import payments
    from regiegroep.vouchers.payments import Payment, Way

    with Register.open(copy) as register:
        voucher = register.voucher_by_serial(ids["serial"])
        before = register.conn.execute("SELECT count(*) FROM payment").fetchone()[0]
        with pytest.raises(UserError, match="changed outside the app.*tell the chair"):
            payments.redeem(register, voucher.application_id, Payment(
                voucher=voucher.serial, amount=Decimal("1.00"), paid_on=voucher.issued_on,
                way=Way.CASH), actor="command line")
        assert register.conn.execute("SELECT count(*) FROM payment").fetchone()[0] == before


def test_the_app_s_own_changes_to_these_records_keep_the_register_intact(example, tmp_path,
                                                                         capsys):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(example, copy)
    with Register.open(copy) as register:
        app = register.applications(limit=2)[1]
        deciding.save_check_answers(register, app.id, '{"complete": false}')
    code, said = _verify(copy, capsys=capsys)
    assert code == 0, said
