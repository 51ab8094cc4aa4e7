"""Backups: consistent, checked, private, rotated; a restore never silently loses changes."""

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from regiegroep.trust import audit, backup
from regiegroep import demo
from regiegroep.errors import UserError
from regiegroep.register import Register

from .conftest import complete_application

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "register.sqlite"
    demo.write_demo(path, 20)
    return path


def count(path):
    with Register.open(path) as reg:
        return reg.count()


def test_a_backup_is_a_checked_private_copy(example, tmp_path):
    made = backup.make_backup(example, tmp_path / "usb")
    assert made.parent == tmp_path / "usb" and made.name.startswith("register-")
    assert count(made) == 20
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(example.stat().st_mode) == 0o600
    conn = sqlite3.connect(made)
    assert audit.verify(conn).intact
    conn.close()


def test_a_backup_taken_during_a_change_holds_the_state_before_or_after(example, tmp_path):
    writer = Register.open(example)
    with writer.db.atomic():
        writer.register_application(complete_application(writer.wijken()[0].id))
        made = backup.make_backup(example, tmp_path / "usb")  # another connection, mid-way
    writer.close()
    assert count(made) in (20, 21)
    assert count(example) == 21


def test_rotation_keeps_daily_weekly_monthly(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    today = dt.date(2026, 11, 23)
    for days_ago in range(0, 400, 1):
        for hour in (9, 18):
            moment = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour))
            (folder / f"register-{moment.strftime(backup.STAMP)}.sqlite").write_bytes(b"x")
    (folder / "other-20261123-090000.sqlite").write_bytes(b"x")
    backup.rotate(folder, "register", today=today)
    kept = [m for m, _p in backup.backups(folder, "register")]
    days = {m.date() for m in kept}
    assert all(m.hour == 18 for m in kept)  # the newest of each day
    assert {today - dt.timedelta(days=n) for n in range(7)} <= days
    assert len({m.isocalendar()[:2] for m in kept if (today - m.date()).days < 28}) >= 4
    months = {(m.year, m.month) for m in kept}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    assert len(kept) <= 7 + 4 + 12
    assert (folder / "other-20261123-090000.sqlite").exists()  # not ours to remove


def test_restore_refuses_to_lose_newer_changes(example, tmp_path):
    made = backup.make_backup(example, tmp_path / "usb")
    with Register.open(example) as reg:
        reg.register_application(complete_application(reg.wijken()[0].id))
    with pytest.raises(UserError, match="1 wijziging"):
        backup.restore(made, example)
    assert count(example) == 21
    safety = backup.restore(made, example, force=True)
    assert count(example) == 20 and count(safety) == 21


def test_restore_of_an_older_state_without_newer_changes(example, tmp_path):
    made = backup.make_backup(example, tmp_path / "usb")
    assert backup.restore(made, example) is not None
    assert count(example) == 20


def test_a_damaged_backup_is_refused_and_the_register_untouched(example, tmp_path):
    made = backup.make_backup(example, tmp_path / "usb")
    data = bytearray(made.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = b"\x00" * 4096
    made.write_bytes(bytes(data))
    before = example.read_bytes()
    with pytest.raises(UserError):
        backup.restore(made, example, force=True)
    assert example.read_bytes() == before


def test_a_damaged_register_can_be_restored_with_force(example, tmp_path):
    made = backup.make_backup(example, tmp_path / "usb")
    example.write_bytes(b"rubbish" * 1000)
    with pytest.raises(UserError, match="beschadigd"):
        backup.restore(made, example)
    safety = backup.restore(made, example, force=True)
    assert count(example) == 20 and safety.read_bytes().startswith(b"rubbish")


def test_backup_and_restore_commands(example, tmp_path):
    folder = tmp_path / "usb"
    made = subprocess.run([str(SCRIPT), "backup", "--db", str(example), "--to", str(folder)],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    files = list(folder.glob("register-*.sqlite"))
    assert len(files) == 1 and str(files[0]) in made.stdout
    with Register.open(example) as reg:
        reg.register_application(complete_application(reg.wijken()[0].id))
    refused = subprocess.run([str(SCRIPT), "restore", "--db", str(example), "--from", str(files[0])],
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = subprocess.run([str(SCRIPT), "restore", "--db", str(example), "--from", str(files[0]),
                             "--force"], capture_output=True, text=True)
    assert forced.returncode == 0 and count(example) == 20
