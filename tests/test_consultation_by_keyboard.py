"""A whole consultation typed on a keyboard in the real app's windows (scripts/
consultation_by_keyboard.py, its quick version): the register's count equals the hand count
of what was typed. It takes minutes, so it runs only when asked: REGIEGROEP_BY_KEYBOARD=1."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "consultation_by_keyboard.py"
MISSING = [p for p in ("Xvfb", "xdotool", "pdftotext", "import") if shutil.which(p) is None]


@pytest.mark.skipif(os.environ.get("REGIEGROEP_BY_KEYBOARD") != "1",
                    reason="a few minutes of real key events: REGIEGROEP_BY_KEYBOARD=1 runs it")
@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}")
def test_a_consultation_typed_on_a_keyboard_counts_what_was_typed(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--work",
                           str(tmp_path / "run")], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "DIFFERENT" not in done.stdout and ": same;" in done.stdout
