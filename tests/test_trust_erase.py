"""Anonymising erases (issue 11.1): no name stays in the file's bytes, not in the search
index, not in free pages, not after a backup made before it is restored."""

import datetime as dt
import sqlite3
from pathlib import Path

from regiegroep.trust import backup
from regiegroep.model import ApplicantKind, Status
from regiegroep.trust.privacy import statement
from regiegroep.applications.search import Filter
from regiegroep.register import Register

from .conftest import complete_application

NAME = "Zwanenburgerhoeve"  # a name that appears nowhere else
SCAN = b"%PDF the signed form of Xq7sScanContentUnique"


def _raw(path: Path) -> bytes:
    data = b""
    for part in ("", "-wal"):
        p = Path(str(path) + part)
        if p.exists():
            data += p.read_bytes()
    return data


def _refused_with_name(register, tmp_path):
    app = complete_application(register.wijken()[0].id, status=Status.REFUSED)
    app.applicant.name = f"Anna {NAME}"
    app.applicant.kind = ApplicantKind.RESIDENT
    app = register.register_application(app)
    scan = tmp_path / "form.pdf"
    scan.write_bytes(SCAN)
    register.add_attachment(app.id, scan, "signed_form")
    return app


def _bytes_hold(path, needle: str | bytes) -> bool:
    raw = _raw(path)
    needles = [needle] if isinstance(needle, bytes) else [
        needle.encode(), needle.lower().encode(), needle.encode("utf-16-le")]
    return any(n in raw for n in needles)


def test_after_anonymising_the_name_and_scan_are_gone_from_the_file(register, tmp_path):
    path = register.path
    # Many applications, so the index has several segments to merge.
    for _n in range(30):
        register.register_application(complete_application(register.wijken()[0].id))
    app = _refused_with_name(register, tmp_path)
    assert _bytes_hold(path, NAME.lower())
    register.anonymise([app.id])
    register.close()
    assert not _bytes_hold(path, NAME), "the name stays in the file"
    assert not _bytes_hold(path, SCAN), "the scan stays in the file"
    with Register.open(path) as again:  # the search no longer finds it
        assert again.count(Filter(text=NAME)) == 0


def test_restoring_an_older_backup_anonymises_again(register, tmp_path):
    app = _refused_with_name(register, tmp_path)
    path = register.path
    made = backup.make_backup(path, tmp_path / "backups")
    register.anonymise([app.id])
    register.close()
    assert not _bytes_hold(path, NAME)
    backup.restore(made, path, force=True)
    assert not _bytes_hold(path, NAME), "the restored backup brought the name back"
    with Register.open(path) as restored:
        assert restored.application(app.id).applicant.name == ""
        assert restored.events()[-1].action == "anonymised"
    conn = sqlite3.connect(made)  # the backup itself keeps it until it is rotated out
    assert conn.execute("SELECT count(*) FROM applicant WHERE name LIKE ?",
                        [f"%{NAME}%"]).fetchone()[0] == 1
    conn.close()


def test_the_privacy_statement_says_what_happens_to_backups():
    text = statement(24)
    assert "reservekopie teruggezet" in text and "hooguit een jaar" in text
