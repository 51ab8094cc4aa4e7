"""Rewrite the lock files: the exact versions a fresh machine installs.

    python scripts/lock.py            # then run the whole suite (README's test command)

Installs the app, and the app with its test extras, each into a new empty virtual
environment, newest versions within the ranges in pyproject.toml, and writes what was
installed to ``requirements.lock`` (the app) and ``requirements-test.lock`` (the app and
its tests). ``scripts/run.sh`` and the README's test command install from these files
only, so every machine gets the same versions until this script is run again.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# {title}
# Written by `python scripts/lock.py` from the ranges in pyproject.toml: do not edit by hand;
# run that script to upgrade, then the whole suite (README's test command).
# PySide6 stays below 6.12: 6.12.0 on Python 3.11 miscounts references to None, True and
# False on every Python slot call and aborts the app after some thousand clicks
# (tests/test_qt_binding.py watches for it); up to 6.11 QtPdf ships in the Addons wheel.
"""

# The packaging tools the editable install builds with (--no-build-isolation).
BUILD = ["setuptools", "wheel"]


def installed(extra: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        venv.create(folder, with_pip=True)
        python = Path(folder) / ("Scripts" if sys.platform == "win32" else "bin") / "python"
        pip = [str(python), "-m", "pip", "install", "-q", "--upgrade"]
        subprocess.run([*pip, *BUILD], check=True)
        subprocess.run([*pip, f"{ROOT}{extra}"], check=True)
        frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--all"], check=True,
                                capture_output=True, text=True).stdout
    return sorted((line for line in frozen.splitlines()
                   if "==" in line and not line.lower().startswith(("regiegroep", "pip=="))),
                  key=str.lower)


def write(path: Path, title: str, lines: list[str], include: str = "") -> None:
    body = HEADER.format(title=title) + (f"-r {include}\n" if include else "") + "\n".join(lines)
    path.write_text(body + "\n", encoding="utf-8")
    print(f"wrote {path.name}: {len(lines)} packages")


def main() -> None:
    app = installed("")
    test = installed("[test]")
    write(ROOT / "requirements.lock", "What the app runs on.", app)
    write(ROOT / "requirements-test.lock", "What the tests run on, besides the app's own.",
          [line for line in test if line not in app], include="requirements.lock")


if __name__ == "__main__":
    main()
