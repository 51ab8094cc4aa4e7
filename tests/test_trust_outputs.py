"""Issue 23, points 2, 3 and 6: an output never destroys (the register, a backup, another
program's database, a device, a FIFO, a socket); only demo, the first set-up and restore
onto a new path make a register; and a killed or failed command leaves nothing behind
that the next run does not clear, and no audit entry for what it did not do."""

import errno
import hashlib
import os
import shutil
import socket
import sqlite3
import stat
import time

import pytest

from regiegroep.trust import backup
from regiegroep import demo
from regiegroep.cli import main
from regiegroep.errors import RegisterError
from regiegroep.register import Register


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("outputs") / "template.sqlite"
    demo.write_demo(path, 12)
    return path


@pytest.fixture
def reg(example, tmp_path):
    path = tmp_path / "reg.sqlite"
    shutil.copy(example, path)
    return path


def _sum(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys, *argv):
    code = main(["--lang", "en", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out + err


def _events(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM event").fetchone()[0]
    finally:
        conn.close()


def _outputs(db, out):
    """Every command that writes an --out file, as the issue lists them."""
    return [["export", "--db", db, "--format", "json", "--out", out],
            ["export", "--db", db, "--format", "csv", "--out", out],
            ["privacy", "export", "--db", db, "--name", "Anna", "--out", out],
            ["print", "letter", "--db", db, "--application", "1", "--out", out],
            ["print", "vouchers", "--db", db, "--out", out],
            ["key", "export", "--db", db, "--out", out],
            ["vouchers", "export", "--db", db, "--out", out],
            ["consultation", "ballots", "--db", db, "--consultation", "1", "--out", out],
            ["consultation", "print", "--db", db, "--consultation", "1", "announcement",
             "--out", out],
            ["consultation", "codes", "--db", db, "--consultation", "1", "--addresses", out,
             "--out", out],
            ["kiosk", "prepare", "--db", db, "--out", out],
            ["kiosk", "collect", "--db", db, "--out", out]]


def test_no_output_overwrites_the_register_a_backup_or_another_database(reg, tmp_path, capsys):
    saved = backup.make_backup(reg, tmp_path / "backups")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    for target in (reg, saved, other, reg.with_name(reg.name + "-wal")):
        if target.name.endswith("-wal"):
            target.write_bytes(b"")  # as SQLite keeps it beside an open register
        sums = {p: _sum(p) for p in (reg, saved, other)}
        events = _events(reg)
        for argv in _outputs(reg, target):
            code, said = _run(capsys, *argv)
            assert code == 1, (argv, said)
            assert "Nothing was written" in said, (argv, said)
            assert {p: _sum(p) for p in sums} == sums, argv
            assert _events(reg) == events, argv
        target.with_name(reg.name + "-wal").unlink(missing_ok=True)


def test_devices_fifos_and_sockets_are_never_written_or_opened(reg, tmp_path, capsys):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    specials = [fifo, sock_path]
    device = tmp_path / "null"
    try:  # a device of our own, never the machine's /dev/null
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        specials.append(device)
    except (PermissionError, OSError):
        pass
    started = time.monotonic()
    try:
        for special in specials:
            kind = os.stat(special).st_mode
            for argv in _outputs(reg, special)[:7]:
                code, said = _run(capsys, *argv)
                assert code == 1 and "device, a pipe or a socket" in said, (argv, said)
            for argv in (["audit", "verify", "--db", special],
                         ["restore", "--db", special, "--from", reg],
                         ["people", "list", "--db", special],
                         ["kiosk", "receive", "--db", reg, special],
                         ["reconcile", "--db", reg, special],
                         ["import", "--db", reg, special],
                         ["demo", special]):
                code, said = _run(capsys, *argv)
                assert code == 1, (argv, said)
                assert "device, a pipe" in said, (argv, said)
            assert os.stat(special).st_mode == kind  # still what it was, not a file
            with pytest.raises(RegisterError):  # the app's own open path too
                Register.open(special)
    finally:
        sock.close()
    assert time.monotonic() - started < 60  # nothing hung


def test_a_symbolic_link_as_out_is_written_through(reg, tmp_path, capsys):
    """README: a link given as --out is followed; the file it points to becomes the output
    (after the same refusals), and the link stays a link."""
    target = tmp_path / "exports" / "aanvragen.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    code, said = _run(capsys, "export", "--db", reg, "--format", "json", "--out", link)
    assert code == 0, said
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")
    to_register = tmp_path / "link-to-register.json"
    to_register.symlink_to(reg)
    before = _sum(reg)
    code, said = _run(capsys, "export", "--db", reg, "--format", "json", "--out", to_register)
    assert code == 1 and _sum(reg) == before and to_register.is_symlink()


@pytest.mark.parametrize("argv", [
    ["audit", "verify", "--db", "{db}"], ["people", "list", "--db", "{db}"],
    ["budget", "list", "--db", "{db}"], ["consultation", "list", "--db", "{db}"],
    ["export", "--db", "{db}", "--format", "json", "--out", "{out}"],
    ["people", "add", "--db", "{db}", "--name", "Ada", "--role", "member"],
    ["budget", "set", "--db", "{db}", "--wijk", "Noord", "--year", "2026", "--amount", "1000"],
    ["backup", "--db", "{db}", "--to", "{folder}"],
    ["kiosk", "prepare", "--db", "{db}", "--out", "{out}"]],
    ids=lambda a: "-".join(a[:2]))
def test_an_empty_sqlite_file_of_another_program_is_never_made_a_register(argv, tmp_path,
                                                                         capsys):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA user_version = 1")  # 4 KiB, no tables: another program's
    conn.commit()
    conn.close()
    before = other.read_bytes()
    code, said = _run(capsys, *[a.format(db=other, out=tmp_path / "out.json",
                                         folder=tmp_path / "backups") for a in argv])
    assert code == 1, said
    assert "not a Regiegroep register" in said, said
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    with pytest.raises(RegisterError):  # nor by the app's open path (ui.main_window)
        Register.open(other)
    assert other.read_bytes() == before


def test_a_killed_report_s_partial_files_are_removed_by_the_next_report(reg, tmp_path, capsys):
    folder = tmp_path / "report"
    folder.mkdir()
    stale = [folder / ".year-report-2026.pdf.k1ll3d.partial",
             folder / ".year-report-2026-applications.csv.x9.partial"]
    fresh = folder / ".year-report-2026.xlsx.running.partial"  # another run, still writing
    for path in stale + [fresh]:
        path.write_bytes(b"half")
    old = time.time() - 3600
    for path in stale:
        os.utime(path, (old, old))
    code, said = _run(capsys, "report", "--db", reg, "--year", "2026", "--out", folder)
    assert code == 0, said
    assert not any(p.exists() for p in stale)
    assert fresh.exists()
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial") and p != fresh]


def test_a_killed_restore_s_safety_copy_is_removed_by_the_next_restore(reg, tmp_path, capsys):
    saved = backup.make_backup(reg, tmp_path / "backups")
    left = [tmp_path / "reg.before-restore-20260101-000000.sqlite.partial",
            tmp_path / "reg.before-restore-20260101-000000.sqlite.partial-journal"]
    for path in left:
        path.write_bytes(b"")
        os.utime(path, (time.time() - 3600,) * 2)
    code, said = _run(capsys, "restore", "--db", reg, "--from", saved, "--force")
    assert code == 0, said
    assert not any(p.exists() for p in left)
    copies = sorted(p.name for p in tmp_path.iterdir() if "before-restore" in p.name)
    assert len(copies) == 1 and copies[0].endswith(".sqlite"), copies  # whole, not partial
    conn = sqlite3.connect(tmp_path / copies[0])
    assert conn.execute("SELECT count(*) FROM event").fetchone()[0] > 0
    conn.close()


def test_a_kiosk_package_that_could_not_be_written_is_not_recorded(reg, tmp_path, capsys,
                                                                    monkeypatch):
    """The disk fills up just as the package is moved into place."""
    import regiegroep.files

    events = _events(reg)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(regiegroep.files.os, "replace", full)
    code, said = _run(capsys, "kiosk", "prepare", "--db", reg, "--out", tmp_path / "k.kiosk")
    monkeypatch.undo()
    assert code == 1 and "disk is full" in said, said
    assert _events(reg) == events
    assert [p.name for p in tmp_path.iterdir()] == ["reg.sqlite"]


@pytest.mark.parametrize("pin", ["\t\t\t\t", "\x00\x00\x00\x00", "    ", "12\x0734"])
def test_a_pin_of_tabs_nuls_or_spaces_is_refused(reg, pin):
    from regiegroep.errors import UserError

    with Register.open(reg) as register:
        chair = next(p for p in register.people() if p.role == "chair")
        with pytest.raises(UserError, match="minstens 4 cijfers"):
            register.set_pin(chair.id, pin, "command line")
