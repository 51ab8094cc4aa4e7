"""How long the year report over the 100,000-application example register takes to write:
PDF, CSV files and XLSX together (target: under 5 s).

    python benchmarks/report.py [--size 100000] [--year 2025]

The example register is made once with ``regiegroep demo`` (about 40 s) and kept in
benchmarks/out/. The figure is the time of ``write_report`` on the open register; opening
it (the integrity check of 300 MB) is measured apart, as the command line adds it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import example_register  # noqa: E402


def _load() -> str:
    loadavg = Path("/proc/loadavg")
    return " ".join(loadavg.read_text().split()[:3]) if loadavg.exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025, help="the example's full year")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = example_register(args.size)

    from regiegroep.reports.exchange_report import write_report
    from regiegroep.register import Register

    start = time.perf_counter()
    register = Register.open(path, create=False)
    opened = time.perf_counter() - start
    times, cpus = [], []
    with register, tempfile.TemporaryDirectory() as folder:
        for _run in range(args.runs):
            start, cpu = time.perf_counter(), time.process_time()
            written = write_report(register, args.year, folder)
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        rows = sum(1 for _line in open(Path(folder) / f"year-report-{args.year}-applications.csv",
                                       encoding="utf-8")) - 1
        sizes = ", ".join(f"{p.suffix} {p.stat().st_size / 1e6:.1f} MB" for p in written
                          if p.suffix != ".csv" or "applications" in p.name)
    print(f"year report {args.year} over the {args.size:,}-application example ({rows:,} "
          f"applications that year): best {min(times):.2f} s, median "
          f"{sorted(times)[len(times) // 2]:.2f} s of {args.runs} (target: under 5 s; CPU time "
          f"median {sorted(cpus)[len(cpus) // 2]:.2f} s, load {_load()}); "
          f"opening the register {opened:.1f} s; {sizes}")


if __name__ == "__main__":
    main()
