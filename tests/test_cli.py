"""The command line as a user runs it: the installed ``regiegroep`` command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("regiegroep.exe" if os.name == "nt" else "regiegroep")


def run(*args, lang=None, check=False):
    env = dict(os.environ)
    env.pop("REGIEGROEP_LANG", None)
    if lang:
        env["REGIEGROEP_LANG"] = lang
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          env=env, check=check, timeout=120)


def test_the_command_is_installed():
    assert SCRIPT.exists(), "pip install the project so the regiegroep command exists"


@pytest.mark.parametrize("args", [[], ["demo"], ["import"], ["export"]])
def test_every_command_has_help(args):
    result = run(*args, "--help")
    assert result.returncode == 0
    assert "gebruik:" in result.stdout
    assert result.stderr == ""


def test_demo_then_export(tmp_path):
    db = tmp_path / "voorbeeld.sqlite"
    result = run("demo", db)
    assert result.returncode == 0, result.stderr
    assert "60 aanvragen" in result.stdout
    out = tmp_path / "register.json"
    assert run("export", "--db", db, "--format", "json", "--out", out).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["applications"]) == 60
    statuses = {a["status"] for a in doc["applications"]}
    assert statuses == {"incomplete", "received", "completion_requested", "in_review",
                        "consultation", "granted", "partially_granted", "refused",
                        "left_undealt", "withdrawn", "completed"}
    assert [a["sequence"] for a in doc["applications"]] == list(range(1, 61))
    assert len({b["wijk"] for b in doc["budgets"]}) == 3
    csv_out = tmp_path / "register.csv"
    assert run("export", "--db", db, "--format", "csv", "--out", csv_out).returncode == 0
    assert csv_out.read_text(encoding="utf-8").count("\n") == 61


def test_demo_is_the_same_every_time(tmp_path):
    docs = []
    for name in ("a", "b"):
        db = tmp_path / f"{name}.sqlite"
        run("demo", db, "--size", "25", check=True)
        run("export", "--db", db, "--format", "json", "--out", tmp_path / f"{name}.json", check=True)
        doc = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        doc.pop("exported_at")
        docs.append(doc)
    assert docs[0] == docs[1]
    assert len(docs[0]["applications"]) == 25


def test_counts_are_written_the_way_the_language_writes_numbers(tmp_path):
    db = tmp_path / "groot.sqlite"
    assert "1.200 aanvragen" in run("demo", db, "--size", "1200", check=True).stdout
    out = tmp_path / "r.csv"
    english = run("export", "--db", db, "--format", "csv", "--out", out, lang="en", check=True)
    assert "Wrote 1,200 applications" in english.stdout


def test_demo_refuses_to_overwrite(tmp_path):
    db = tmp_path / "r.sqlite"
    run("demo", db, "--size", "3", check=True)
    result = run("demo", db, "--size", "3")
    assert result.returncode == 1
    assert "bestaat al" in result.stderr and "Traceback" not in result.stderr


def test_import_reports_problems_in_dutch_without_traceback(tmp_path):
    db = tmp_path / "r.sqlite"
    run("demo", db, "--size", "0", check=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("ontvangen_op;wijk;kostenraming\nmorgen;Poelenburg;veel\n", encoding="utf-8")
    result = run("import", "--db", db, bad)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Rij 2, kolom received_at" in result.stderr
    assert "Rij 2, kolom cost_estimate" in result.stderr
    assert "Er is niets geïmporteerd" in result.stderr


def test_import_dry_run_and_real(tmp_path):
    db = tmp_path / "r.sqlite"
    run("demo", db, "--size", "0", check=True)
    good = tmp_path / "good.csv"
    good.write_text("received_at,wijk,title,cost_estimate\n2026-03-02,Kogerveld,Feest,\"1850,00\"\n"
                    "2026-03-01,Poelenburg,Bakken,12.500\n", encoding="utf-8")
    dry = run("import", "--db", db, good, "--dry-run")
    assert dry.returncode == 0 and "2 aanvragen" in dry.stdout
    out = tmp_path / "e.json"
    run("export", "--db", db, "--format", "json", "--out", out, check=True)
    assert json.loads(out.read_text())["applications"] == []
    real = run("import", "--db", db, good)
    assert real.returncode == 0, real.stderr
    run("export", "--db", db, "--format", "json", "--out", out, check=True)
    apps = json.loads(out.read_text())["applications"]
    assert [(a["sequence"], a["title"], a["cost_estimate"]) for a in apps] == [
        (1, "Bakken", "12500.00"), (2, "Feest", "1850.00")]
    assert all(a["missing"] == ["a", "b", "c", "d"] for a in apps)


def test_user_mistakes_exit_non_zero_with_a_message(tmp_path):
    missing = run("export", "--db", tmp_path / "none.sqlite", "--format", "json", "--out", tmp_path / "x")
    assert missing.returncode == 1 and "Er is geen register" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()
    not_register = tmp_path / "notes.txt"
    not_register.write_text("boodschappen")
    result = run("import", "--db", not_register, tmp_path / "x.csv")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    wrong_format = run("export", "--db", tmp_path / "none.sqlite", "--format", "xml", "--out", "x")
    assert wrong_format.returncode == 2 and "ongeldige keuze" in wrong_format.stderr
    no_file = run("import", "--db", tmp_path / "r.sqlite")
    assert no_file.returncode == 2 and "de volgende argumenten zijn verplicht" in no_file.stderr


def test_english_on_request(tmp_path):
    result = run("export", "--db", tmp_path / "none.sqlite", "--format", "json", "--out", "x", lang="en")
    assert "There is no register" in result.stderr
    assert "usage:" in run("--help", lang="en").stdout
    assert "usage:" in run("--lang", "en", "--help").stdout


def test_without_a_screen_the_app_says_how_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "REGIEGROEP_LANG")}
    if not sys.platform.startswith("linux"):
        pytest.skip("about Linux machines without a display")
    result = subprocess.run([str(SCRIPT), "--db", str(tmp_path / "r.sqlite")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "scripts/run.sh" in result.stderr and "geen scherm" in result.stderr


def test_people_and_their_pins_from_the_command_line(tmp_path):
    db = tmp_path / "voorbeeld.sqlite"
    run("demo", db, "--size", "3", check=True)
    listed = run("people", "list", "--db", db, check=True).stdout
    assert "Priya Ramdin\tkasbeheerder\tpincode ingesteld" in listed
    added = run("people", "add", "--db", db, "--name", "Sjaak de Boer", "--role", "member")
    assert added.returncode == 0 and "Sjaak de Boer (lid)" in added.stdout
    short = subprocess.run([str(SCRIPT), "people", "pin", "--db", str(db), "--name", "sjaak de boer"],
                           input="12\n", capture_output=True, text=True, timeout=60)
    assert short.returncode == 1 and "minstens 4 cijfers" in short.stderr
    pin = subprocess.run([str(SCRIPT), "people", "pin", "--db", str(db), "--name", "sjaak de boer"],
                         input="8642\n", capture_output=True, text=True, timeout=60)
    assert pin.returncode == 0, pin.stderr
    from regiegroep.register import Register

    with Register.open(db) as register:
        assert register.sign_in("Sjaak de Boer", "8642").role == "member"
        assert register.events()[-2].actor == "command line"  # the pin_set, before signing in
    removed = run("people", "remove", "--db", db, "--name", "Sjaak de Boer")
    assert removed.returncode == 0
    assert "Sjaak de Boer" not in run("people", "list", "--db", db, check=True).stdout
    nobody = run("people", "pin", "--db", db, "--name", "Nobody Here")
    assert nobody.returncode == 1 and "Traceback" not in nobody.stderr


def test_one_of_something_is_said_in_the_singular(tmp_path):
    """"1 aanvraag geïmporteerd (nummer 1)", never "nummer 1 tot en met 1" (issue 22, 9)."""
    db = tmp_path / "r.sqlite"
    run("demo", db, "--size", "0", check=True)
    one = tmp_path / "one.csv"
    one.write_text("received_at,wijk,title\n2026-03-02,Kogerveld,Feest\n", encoding="utf-8")
    said = run("import", "--db", db, one, check=True).stdout
    assert "1 aanvraag geïmporteerd (nummer 1)." in said and "tot en met" not in said
