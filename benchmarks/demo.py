"""How long ``regiegroep demo PATH --size 100000`` takes (target: under 60 s).

    python benchmarks/demo.py [--size 100000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    command = str(Path(sys.executable).parent / "regiegroep")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        start = time.perf_counter()
        subprocess.run([command, "demo", str(path), "--size", str(args.size)], check=True,
                       stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        size = path.stat().st_size
    print(f"regiegroep demo --size {args.size}: {elapsed:.1f} s, file {size / 1e6:.0f} MB (target: under 60 s)")


if __name__ == "__main__":
    main()
