"""Crash safety: a writing process killed (SIGKILL) at random moments, again and again.

After every kill the register must be sound: integrity and foreign keys intact, every
action wholly there or wholly absent (backups, restores and anonymising too), the audit
chain and the seals valid, and the last action the writer finished still there. The default run kills 25
times; REGIEGROEP_CRASH_KILLS=200 reaches the figure of issue 3.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from regiegroep.trust import audit, backup
from regiegroep.budgets import Municipality
from regiegroep.register import Register

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("REGIEGROEP_CRASH_KILLS", "25"))


def check(path: Path) -> dict:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    verdict = audit.verify(conn)
    assert verdict.intact, str(verdict)
    # An import is all or nothing: every batch that is there is there whole.
    batches = dict(conn.execute(
        "SELECT json_extract(details, '$.source'), count(*) FROM event "
        "WHERE action = 'registered' AND json_extract(details, '$.source') LIKE 'batch %' "
        "GROUP BY 1").fetchall())
    assert all(n == 20 for n in batches.values()), batches
    # Each application has exactly its one registration on record.
    registered = conn.execute(
        "SELECT count(*) FROM application a WHERE (SELECT count(*) FROM event e "
        "WHERE e.application_id = a.id AND e.action = 'registered') != 1").fetchone()[0]
    assert registered == 0
    # Anonymised wholly or not at all: the applicant's name gone, from the search index too,
    # exactly when the trail says so.
    mismatched = conn.execute(
        "SELECT count(*) FROM application a JOIN applicant p ON p.id = a.applicant_id "
        "WHERE (p.anonymised_at IS NOT NULL) != EXISTS (SELECT 1 FROM event e WHERE "
        "e.application_id = a.id AND e.action = 'anonymised')").fetchone()[0]
    assert mismatched == 0
    assert conn.execute(
        "SELECT count(*) FROM application_search s JOIN application a ON a.id = s.rowid "
        "JOIN applicant p ON p.id = a.applicant_id WHERE p.anonymised_at IS NOT NULL "
        "AND trim(s.applicant) <> ''").fetchone()[0] == 0
    # A change and its record go together: the newest recorded title is the title.
    for app_id, title, deleted_at in conn.execute(
            "SELECT id, title, deleted_at FROM application"):
        events = conn.execute(
            "SELECT action, details FROM event WHERE application_id = ? ORDER BY id",
            [app_id]).fetchall()
        titles = [json.loads(d)["title"][1] for a, d in events
                  if a == "changed" and "title" in json.loads(d)]
        if titles:
            assert titles[-1] == title
        flags = [a for a, _d in events if a in ("deleted", "restored")]
        assert (deleted_at is not None) == (bool(flags) and flags[-1] == "deleted")
    counts = {"applications": conn.execute("SELECT count(*) FROM application").fetchone()[0],
              "entries": verdict.entries}
    conn.close()
    return counts


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writers_leave_a_sound_register(tmp_path):
    """Writers that also back up, restore and anonymise, killed at random moments. Each kill
    comes only after the writer said it finished an action (so a slow, loaded machine still
    tests a kill in the middle of work), and what it said it finished must be in the file:
    a committed action survives the kill."""
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(300000))
    rng = random.Random(2008)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    check(path)
    kept = restores = 0
    for kill in range(KILLS):
        writer = subprocess.Popen([sys.executable, str(ROOT / "tests" / "crash_writer.py"),
                                   str(path), str(kill), "--trust"],
                                  stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert writer.stdout.readline().strip() == "ready"
        first = writer.stdout.readline().split()  # the writer has done one action at least
        assert first and first[0] in ("done", "restoring"), first
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        said = [first] + [line.split() for line in writer.stdout.read().splitlines()]
        writer.stdout.close()
        check(path)
        for made in (tmp_path / "backups").glob("*.sqlite"):  # every finished backup is sound
            backup.check_backup(made)
        restores += sum(line[:1] == ["restoring"] for line in said)
        last = said[-1]
        if last[0] == "done":  # not killed while restoring: the last action it finished is there
            assert last[1] in _chain(path), f"kill {kill}: a committed action was lost"
            kept += 1
    assert kept > KILLS // 2  # the writers did get work done between kills
    conn = sqlite3.connect(path)
    anonymised = conn.execute("SELECT count(*) FROM applicant WHERE anonymised_at IS NOT NULL")
    assert restores and list((tmp_path / "backups").glob("*.sqlite")) and anonymised.fetchone()[0]
    conn.close()


def _chain(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    hashes = {row[0] for row in conn.execute("SELECT hash FROM event")}
    conn.close()
    return hashes


def test_two_writers_at_once_both_work_safely(tmp_path):
    """Two copies of the app (or the app and a command) writing the same register: each
    action waits for the other's to finish; none fails, none is half done."""
    path = tmp_path / "register.sqlite"
    with Register.open(path) as reg:
        reg.set_up(Municipality("Zaanstad"), "Poelenburg", 2026, Decimal(300000))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writers = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "crash_writer.py"), str(path),
                                 str(seed)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, cwd=ROOT) for seed in (1, 2)]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    time.sleep(4)
    for writer in writers:
        assert writer.poll() is None, writer.stderr.read()  # still writing: nothing failed
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        writer.stderr.close()
    check(path)
    conn = sqlite3.connect(path)
    sources = {json.loads(d).get("source", "").split()[-1].split("-")[0] for (d,) in conn.execute(
        "SELECT details FROM event WHERE action = 'registered' AND details LIKE '%batch%'")}
    conn.close()
    assert sources == {"1", "2"}  # both got their imports in
