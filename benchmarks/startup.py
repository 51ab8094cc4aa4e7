"""Start-up: time until the main window shows its first rows of a 100,000-application register,
against a bare PySide6 window with an empty QTableView, measured in the same run.

    python benchmarks/startup.py [--size 100000] [--runs 9]

Both are timed from launching the process until the window has been shown and the event
loop has run once (the first paint is done), alternating runs, as medians. Target: ours at
most 1.5 x the bare window.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from _common import example_register, isolated_env

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
view.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""

# The real entry point (ui.main.main, as the regiegroep command runs it), with one addition:
# once the register is open, report as soon as the event loop has painted its first rows.
OURS = """
import sys
from PySide6.QtCore import QTimer
from ui import main_window, main

original = main_window.MainWindow.open_register

def open_and_report(self, *args, **kwargs):
    result = original(self, *args, **kwargs)
    def report():
        assert self.model.rowCount() > 0, "no rows shown"
        print("shown", self.model.rowCount(), self.model.total, flush=True)
        main_window.QApplication.instance().quit()
    QTimer.singleShot(0, report)
    return result

main_window.MainWindow.open_register = open_and_report
main.main(["--db", sys.argv[1]])
"""


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.communicate(timeout=60)
    if not line.startswith("shown"):
        raise SystemExit(f"the window did not show: {args}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    register = example_register(args.size)
    env = isolated_env()
    bare, ours = [], []
    timed([sys.executable, "-c", BARE], env)  # warm the disk cache for both
    timed([sys.executable, "-c", OURS, str(register)], env)
    for _ in range(args.runs):
        bare.append(timed([sys.executable, "-c", BARE], env))
        ours.append(timed([sys.executable, "-c", OURS, str(register)], env))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"platform: {env['QT_QPA_PLATFORM']}, register: {args.size} applications, {args.runs} runs each")
    print(f"bare QTableView window:   median {b * 1000:.0f} ms (min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    print(f"Regiegroep, first rows:   median {o * 1000:.0f} ms (min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")
    print(f"ratio: {o / b:.2f} (target: at most 1.50)")


if __name__ == "__main__":
    main()
