"""Start-up: time until the main window shows its first rows of a 100,000-application register,
against a bare PySide6 window with an empty QTableView, measured in the same run.

    python benchmarks/startup.py [--size 100000] [--runs 9]

Both are timed from launching the process until the table's first paint is done (for
Regiegroep: the first paint that shows rows), alternating runs, as medians. Run it in an
environment installed as users install (``pip install .``): an editable install adds its
import hook to every start. Target: ours at most 1.5 x the bare window.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from _common import example_register, isolated_env

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

# The real entry point (ui.main.main, as the regiegroep command runs it); its table reports
# the end of the first paint that shows rows of the register.
OURS = """
import sys
from PySide6.QtWidgets import QApplication
from ui import main, main_window

class View(main_window.RegisterView):
    def paintEvent(self, event):
        super().paintEvent(event)
        if self.model().rowCount() > 0:
            print("shown", self.model().rowCount(), flush=True)
            QApplication.instance().quit()

main_window.RegisterView = View
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
