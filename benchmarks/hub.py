"""The municipality's hub at the scale of the voucher trial (issue 26), on both engines.

    .venv/bin/python benchmarks/hub.py                       # 13 x 40 x 4 x 2,000
    .venv/bin/python benchmarks/hub.py --applications 200    # a quick look
    .venv/bin/python benchmarks/hub.py --packages DIR        # make the packages once, keep them

Builds signed year packages for thirteen municipalities of forty neighbourhoods each (one
steering group, one key, per neighbourhood), four budget years of 2,000 applications a
neighbourhood (about four million application rows), then, on SQLite and on PostgreSQL in
one run: trusts the 520 keys, receives every package (regiegroep.hub.store.receive: the
signature checked, the rows stored; COPY on PostgreSQL) and writes the national report of
each year (PDF, workbook, CSVs). Prints rows per second received and seconds per report
beside their targets, and the processor time a row took (this process, and the PostgreSQL
server's processes), which other work on a shared machine does not inflate as it does the
wall clock; and the load average before and after. PostgreSQL is a server of its own
(pgserver, its default settings) unless --postgresql names one.

Making the 2,080 packages takes a while (signing, writing 600 MB); with --packages DIR they
are made once into DIR and used again by every run of the same size, so that receiving is
timed alone.

The packages are made with the package's own writer (year_package.sign_package) from
invented rows, as many different as the real ones: a real register per neighbourhood
would take hours to make and says nothing more about the hub.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regiegroep.vouchers import signing  # noqa: E402
from regiegroep.hub import store  # noqa: E402
from regiegroep.hub.db import Database  # noqa: E402
from regiegroep.hub.report_files import write_report  # noqa: E402
from regiegroep.exchange.year_package import COLUMNS, FORMAT, VERSION, sign_package  # noqa: E402

MUNICIPALITIES = ("Alkmaar", "Amsterdam", "Almelo", "Eindhoven", "Haarlem", "Hengelo",
                  "Leeuwarden", "Leiden", "Schiedam", "Sittard-Geleen", "Tilburg", "Venlo",
                  "Zaanstad")
FIRST_YEAR = 2008
RECEIVE_TARGET = 50_000  # rows per second, on PostgreSQL
REPORT_TARGET = 10.0  # seconds for the national report
THEMES = ("housing", "work", "learning", "integration", "safety", "other")
DECISIONS = (("granted", 60), ("partially_granted", 8), ("refused", 10), ("left_undealt", 3),
             ("referred", 4), (None, 15))


def _pool(rng: random.Random, size: int) -> list[list]:
    """Invented rows in the package's columns (sequence and neighbourhood filled later)."""
    choices = [d for d, weight in DECISIONS for _ in range(weight)]
    rows = []
    for _i in range(size):
        asked = rng.randrange(500, 24000) * 100
        route = "consultation" if asked > 1_000_000 else "steering_group"
        decision = rng.choice(choices)
        granted = asked if decision == "granted" else (
            asked * 8 // 10 if decision == "partially_granted" else 0)
        vouchers = -(-granted // 500_000) if granted else 0
        redeemed = granted * rng.choice((0, 50, 100, 100)) // 100
        expired = (granted - redeemed) if rng.random() < 0.05 else 0
        returned = (granted - redeemed - expired) if rng.random() < 0.03 else 0
        outstanding = granted - redeemed - expired - returned
        cash = min(redeemed, rng.choice((0, 0, 15000, 50000)))
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        decided = None if decision is None else f"{month:02d}-{min(day + 20, 28):02d}"
        status = {"granted": "granted", "partially_granted": "partially_granted",
                  "refused": "refused", "left_undealt": "left_undealt",
                  "referred": "consultation", None: "in_review"}[decision]
        late = rng.randrange(-20, 6)
        rows.append([0, "", f"{month:02d}-{day:02d}", rng.choice(THEMES), route, status,
                     decision, asked, granted, "a" if decision == "refused" else "", decided,
                     f"{month:02d}-{min(day + 28, 28):02d}",
                     None if decided is None else int(late <= 0), late, int(route ==
                                                                          "consultation"),
                     vouchers, granted, redeemed, cash, outstanding, expired, returned,
                     rng.randrange(0, 2), rng.randrange(0, 15)])
    return rows


def build(folder: Path, municipalities: int, neighbourhoods: int, years: int,
          applications: int) -> tuple[list[Path], list[Path], int]:
    """The packages and key files; returns them and the number of application rows."""
    rng = random.Random(2008)
    pool = _pool(rng, 20_000)
    ordinance = {"id": "model-2008", "title": "Subsidieverordening vouchers "
                 "bewonersinitiatieven (model G31, 2008)", "max_voucher_cents": 500000,
                 "consultation_threshold_cents": 1000000, "max_cost_reservation_percent": 10,
                 "cash_limit_cents": 50000, "decision_term_weeks": 4,
                 "terms_extend_over_holidays": False, "last_issue_date": "2009-06-30",
                 "last_completion_date": "2009-12-31", "sha256": "0" * 64, "text": ""}
    packages, keys, rows = [], [], 0
    for m in range(municipalities):
        municipality = MUNICIPALITIES[m % len(MUNICIPALITIES)] + (
            f" {m // len(MUNICIPALITIES) + 1}" if m >= len(MUNICIPALITIES) else "")
        for n in range(neighbourhoods):
            key = signing.generate_key()
            wijk = f"Wijk {n + 1:02d}"
            group = f"Regiegroep {wijk} {municipality}"
            key_file = folder / f"key-{m}-{n}.pem"
            key_file.write_bytes(signing.public_key_file(key, group))
            keys.append(key_file)
            register = f"{m:04d}{n:04d}" + "0" * 24
            for y in range(years):
                year = FIRST_YEAR + y
                start = rng.randrange(len(pool) - applications)
                chosen = []
                for i, row in enumerate(pool[start:start + applications]):
                    row = row.copy()
                    row[0], row[1] = i + 1, wijk
                    row[2] = f"{year}-{row[2]}"
                    row[11] = f"{year}-{row[11]}"
                    if row[10] is not None:
                        row[10] = f"{year}-{row[10]}"
                    chosen.append(row)
                amount = 100_000_00 * rng.randrange(1, 6)
                package = {
                    "format": FORMAT, "version": VERSION,
                    "register": {"id": register, "fingerprint": signing.fingerprint(key),
                                 "municipality": municipality, "group": group},
                    "year": year, "as_of": f"{year + 1}-01-15",
                    "made_at": f"{year + 1}-01-15T10:00:00.000000+00:00",
                    "budgets": [{"wijk": wijk, "amount_cents": amount,
                                 "cost_reservation_cents": amount // 20,
                                 "ceiling_cents": amount - amount // 20,
                                 "ordinance": "model-2008"}],
                    "ordinances": [ordinance],
                    "applications": {"columns": list(COLUMNS), "rows": chosen},
                    "consultations": [],
                }
                path = folder / f"package-{m}-{n}-{year}.pkg"
                path.write_bytes(sign_package(key, package))
                packages.append(path)
                rows += len(chosen)
    return packages, keys, rows


def made(folder: Path, municipalities: int, neighbourhoods: int, years: int,
         applications: int) -> tuple[list[Path], list[Path], int]:
    """The packages of this size in ``folder``, made there the first time (build)."""
    size = [municipalities, neighbourhoods, years, applications]
    manifest = folder / "manifest.json"
    if manifest.exists():
        kept = json.loads(manifest.read_text())
        if kept["size"] == size and all((folder / p).exists() for p in kept["packages"]):
            return ([folder / p for p in kept["packages"]], [folder / k for k in kept["keys"]],
                    kept["rows"])
        manifest.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    packages, keys, rows = build(folder, *size)
    manifest.write_text(json.dumps({"size": size, "rows": rows,
                                    "packages": [p.name for p in packages],
                                    "keys": [k.name for k in keys]}))
    return packages, keys, rows


def _server_seconds(db: Database) -> float:
    """Processor seconds of the PostgreSQL server's processes so far (its connection, the
    writers of its log and pages, autovacuum); 0 when they cannot be seen from here."""
    try:
        import psutil

        backend = psutil.Process(db.one("SELECT pg_backend_pid()")[0])
        processes = [backend.parent(), *backend.parent().children()]
    except Exception:  # another machine's server, or no psutil
        return 0.0
    seconds = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            seconds += times.user + times.system
        except Exception:  # ended meanwhile
            pass
    return seconds


def measure(label: str, address: str, keys: list[Path], packages: list[Path], rows: int,
            years: int, out: Path) -> dict:
    with Database(address) as db:
        for key in keys:
            store.trust(db, key, key.stem)
        server = _server_seconds(db) if db.postgresql else 0.0
        started, cpu = time.perf_counter(), time.process_time()
        done = store.receive(db, packages)
        received = time.perf_counter() - started
        cpu = time.process_time() - cpu
        server = _server_seconds(db) - server if db.postgresql else 0.0
        refused = [r for r in done if r.outcome != "received"]
        assert not refused, refused[:3]
        reports = []
        for y in range(years):
            started = time.perf_counter()
            write_report(db, FIRST_YEAR + y, out / label)
            reports.append(time.perf_counter() - started)
    return {"engine": label, "seconds": received, "rate": rows / received, "reports": reports,
            "client_us": 1e6 * cpu / rows, "server_us": 1e6 * server / rows}


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=13)
    parser.add_argument("--neighbourhoods", type=int, default=40)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--postgresql", metavar="URI", help="a server of your own")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--packages", metavar="DIR", type=Path,
                        help="make the packages here once and use them again")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="regiegroep-hub-bench-"))
    server = None
    try:
        started = time.perf_counter()
        packages, keys, rows = made(args.packages or folder, args.municipalities,
                                    args.neighbourhoods, args.years, args.applications)
        size = sum(p.stat().st_size for p in packages)
        print(f"{len(packages):,} packages, {rows:,} application rows, {size / 2**20:,.0f} MB, "
              f"ready in {time.perf_counter() - started:.0f} s", flush=True)
        print(f"load average (1, 5, 15 min) before: {_load()} on {os.cpu_count()} cores",
              flush=True)
        results = []
        for engine in args.engines.split(","):
            if engine == "sqlite":
                address = str(folder / "hub.sqlite")
            else:
                address = args.postgresql
                if address is None:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        import pgserver

                        pg_folder = tempfile.mkdtemp(prefix="regiegroep-hub-pg-")
                        server = pgserver.get_server(pg_folder, cleanup_mode="stop")
                    address = server.get_uri()
            results.append(measure(engine, address, keys, packages, rows, args.years,
                                   folder / "reports"))
            r = results[-1]
            print(f"{engine}: received in {r['seconds']:.1f} s", flush=True)
        print(f"load average (1, 5, 15 min) after: {_load()}")
        print()
        print(f"{'engine':<12}{'rows/s received':>16}{'target':>9}"
              f"{'CPU us/row (this + server)':>29}{'report s (per year)':>24}{'target':>8}")
        for r in results:
            per_year = " ".join(f"{s:.1f}" for s in r["reports"])
            target = f"{RECEIVE_TARGET:,}" if r["engine"] == "postgresql" else "-"
            cpu = f"{r['client_us']:.1f} + {r['server_us']:.1f}"
            print(f"{r['engine']:<12}{r['rate']:>16,.0f}{target:>9}{cpu:>29}{per_year:>24}"
                  f"{REPORT_TARGET:>8.0f}")
    finally:
        if server is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                server.cleanup()
            shutil.rmtree(pg_folder, ignore_errors=True)  # its 2 GB of data
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
