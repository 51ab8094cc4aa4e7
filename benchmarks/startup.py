"""Start-up: time until the main window shows its first rows of a 100,000-application register,
against a bare PySide6 window with an empty QTableView, measured in the same run.

    python benchmarks/startup.py [--size 100000] [--runs 9]

All are timed from launching the process until the table's first paint is done (for
Regiegroep: the first paint that shows rows), alternating runs, as medians. Run it in an
environment installed as users install (``pip install .``): an editable install adds its
import hook to every start. Target: ours at most 1.5 x the bare window.

The example register (``regiegroep demo``) has PINs, so the app first asks who is there. Its
figure is the machine's time only: launch to the painted sign-in page, plus the press of
Enter to the painted rows; the seconds a volunteer takes to type a PIN are left out (the
benchmark types after one idle second, as a volunteer would after a few). The same register
with its PINs taken off shows the rows straight away; both are reported.

Qt's platform is offscreen unless QT_QPA_PLATFORM says otherwise; on a machine without a
screen, ``xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb python
benchmarks/startup.py`` measures against a real X server. The machine's speed wanders by
tens of percent within minutes: compare ratios from one run, not times from two.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

from _common import OUT, example_register, isolated_env

BARE = """
from PySide6.QtWidgets import QApplication, QTableView

class View(QTableView):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("shown", flush=True)
        QApplication.instance().quit()

app = QApplication([])
view = View()
view.show()
app.exec()
"""

# The real entry point (ui.main.main), its modules imported in the order the regiegroep
# command imports them; the table says when it has painted rows.
OURS = """
import sys
from ui import main, app, main_window
from PySide6.QtWidgets import QApplication

class View(main_window.RegisterView):
    def paintEvent(self, event):
        super().paintEvent(event)
        if self.model().rowCount() > 0:
            print("shown", self.model().rowCount(), 0.0, flush=True)
            QApplication.instance().quit()

main_window.RegisterView = View
main.main(["--db", sys.argv[1]])
"""

# The same with a sign-in: the page says when it is painted, then after a second "types"
# the chair's PIN from README; the table says how long after Enter it painted rows.
OURS_SIGN_IN = """
import sys, time
from ui import main, app, main_window, sign_in
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

typed = []

class View(main_window.RegisterView):
    def paintEvent(self, event):
        super().paintEvent(event)
        if self.model().rowCount() > 0:
            after = time.perf_counter() - typed[0] if typed else 0.0
            print("shown", self.model().rowCount(), after, flush=True)
            QApplication.instance().quit()

class Page(sign_in.SignInPage):
    def paintEvent(self, event):
        super().paintEvent(event)
        if not typed and not getattr(self, "_asked", False):
            self._asked = True
            print("asked", flush=True)
            QTimer.singleShot(1000, self.type_pin)

    def type_pin(self):
        self.who.setCurrentIndex(self.who.findText("Joke van der Meer"))
        self.pin.setText("1111")
        typed.append(time.perf_counter())
        self.submit()

main_window.RegisterView = View
sign_in.SignInPage = Page
main.main(["--db", sys.argv[1]])
"""


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds from launch to the first screen (the rows, or the sign-in page), and from
    Enter to the rows (0 without a sign-in), as the app measured it."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    elapsed, after_enter = time.perf_counter() - start, 0.0
    if line.startswith("asked"):
        line = process.stdout.readline()
        if line.startswith("shown"):
            after_enter = float(line.split()[2])
    process.communicate(timeout=60)
    if not line.startswith("shown"):
        raise SystemExit(f"the window did not show: {args}")
    return elapsed, after_enter


def without_pins(register):
    """A copy of the register whose people have no PINs: the app opens on the rows."""
    copy = OUT / (register.stem + "-no-pins.sqlite")
    if not copy.exists():
        shutil.copy(register, copy)
        with sqlite3.connect(copy) as conn:
            conn.execute("UPDATE member SET pin_hash = NULL")
        conn.close()
    return copy


def report(name: str, values: list[float], bare: float | None = None) -> None:
    median = statistics.median(values)
    ratio = f", ratio {median / bare:.2f} (target: at most 1.50)" if bare else ""
    print(f"{name:44} median {median * 1000:4.0f} ms (min {min(values) * 1000:.0f}, "
          f"max {max(values) * 1000:.0f}){ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    register = example_register(args.size)
    plain = without_pins(register)
    env = isolated_env()
    runs = {"bare": [sys.executable, "-c", BARE],
            "sign-in": [sys.executable, "-c", OURS_SIGN_IN, str(register)],
            "no PINs": [sys.executable, "-c", OURS, str(plain)]}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for command in runs.values():  # warm the disk cache for all
        timed(command, env)
    for _ in range(args.runs):
        for name, command in runs.items():
            times[name].append(timed(command, env))
    bare = statistics.median(t for t, _e in times["bare"])
    print(f"platform: {env['QT_QPA_PLATFORM']}, register: {args.size} applications, "
          f"{args.runs} runs each, alternating")
    report("bare QTableView window", [t for t, _e in times["bare"]])
    report("Regiegroep without PINs: first rows", [t for t, _e in times["no PINs"]], bare)
    report("Regiegroep with PINs: sign-in page", [t for t, _e in times["sign-in"]], bare)
    report("  then Enter to first rows (PIN check incl.)", [e for _t, e in times["sign-in"]])
    report("  machine time to first rows, together", [t + e for t, e in times["sign-in"]], bare)


if __name__ == "__main__":
    main()
