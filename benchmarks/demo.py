"""How long ``regiegroep demo PATH --size 100000`` takes (target: under 60 s), and, with
``--before``, beside an earlier version of the app, measured the fair way.

    python benchmarks/demo.py [--size 100000]
    python benchmarks/demo.py --before /work/wt-before [--runs 2]

``--before`` names the folder of an earlier version installed in a virtualenv of its own
(``FOLDER/.venv``, not editable). Both sides then run on that one interpreter, in turns:
"before" as installed, "now" with this folder first on PYTHONPATH, its bytecode compiled
beforehand (an editable install under PYTHONDONTWRITEBYTECODE=1 compiles every module
anew on each start, which is not what a user's installed app does). Libraries "now" needs
that the earlier virtualenv lacks are lent from this one. Wall and CPU time (user + system
of the command) are printed side by side, with the machine's load: on a shared machine the
CPU time is the figure to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
RUN = "import sys; from ui.main import main; sys.exit(main())"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def timed(command: list[str], size: int, env: dict | None = None) -> tuple[float, float, int]:
    """Wall and CPU seconds of one ``demo`` run in a new folder, and the file's size."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # Run in the new folder: ``python -c`` puts the working folder first on sys.path,
        # which would give "before" this folder's code.
        subprocess.run([*command, "demo", str(path), "--size", str(size)], check=True,
                       stdout=subprocess.DEVNULL, env=env, cwd=folder)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, path.stat().st_size


def _lent_libraries(python: str, folder: Path) -> None:
    """Links in ``folder`` to the libraries of this virtualenv that ``python`` cannot import."""
    from importlib.metadata import packages_distributions

    tops = sorted({top for top in packages_distributions() if not top.startswith("_")})
    missing = subprocess.run(
        [python, "-c", "import importlib.util, sys\nfor n in sys.argv[1:]:\n"
         "    print(n) if importlib.util.find_spec(n) is None else None", *tops],
        capture_output=True, text=True, check=True).stdout.split()
    import importlib.util

    for name in missing:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or name in ("regiegroep", "ui"):
            continue
        source = Path(spec.origin)
        source = source.parent if source.name == "__init__.py" else source
        (folder / source.name).symlink_to(source)


def side_by_side(before: Path, size: int, runs: int) -> None:
    python = str(before / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "compileall", "-q", str(HERE / "regiegroep"), str(HERE / "ui")],
                   check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as lent:
        _lent_libraries(python, Path(lent))
        env_now = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), lent]))
        env_before = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        results = {"before": [], "now": []}
        for turn in range(runs):
            for side, env in (("before", env_before), ("now", env_now)):
                load = _load()
                wall, cpu, file_size = timed([python, "-c", RUN], size, env)
                results[side].append((wall, cpu, file_size))
                print(f"  run {turn + 1} {side:6}: {wall:6.1f} s wall {cpu:6.1f} s CPU "
                      f"(load {load})", flush=True)
    print(f"\nregiegroep demo --size {size}, median of {runs}, on {python}:")
    print(f"{'':8}{'wall s':>9}{'CPU s':>9}{'file MB':>9}")
    for side, found in results.items():
        print(f"{side:8}{statistics.median(w for w, _c, _s in found):9.1f}"
              f"{statistics.median(c for _w, c, _s in found):9.1f}"
              f"{found[-1][2] / 1e6:9.0f}")
    b, n = (statistics.median(c for _w, c, _s in results[s]) for s in ("before", "now"))
    print(f"now/before CPU: {n / b:.2f}; load now {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--before", type=Path, help="folder of an earlier version with its own .venv")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if args.before:
        side_by_side(args.before, args.size, args.runs)
        return
    wall, cpu, size = timed([str(Path(sys.executable).parent / "regiegroep")], args.size)
    print(f"regiegroep demo --size {args.size}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"file {size / 1e6:.0f} MB (target: under 60 s)")


if __name__ == "__main__":
    main()
