"""Shared helpers for the benchmark scripts: an example register of a given size, cached."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def example_register(size: int) -> Path:
    """The example register with ``size`` applications, made once with the real command."""
    OUT.mkdir(exist_ok=True)
    # Named after the code that writes it, so a changed example is made anew.
    from regiegroep import demo
    from regiegroep.demo import demo_consultations
    from regiegroep.store.migrations import register_steps, wing_steps

    digest = hashlib.sha256(b"".join(
        Path(m.__file__).read_bytes()
        for m in (demo, demo_consultations, register_steps, wing_steps))).hexdigest()[:10]
    path = OUT / f"demo-{size}-{digest}.sqlite"
    if not path.exists():
        subprocess.run([str(Path(sys.executable).parent / "regiegroep"), "demo", str(path),
                        "--size", str(size)], check=True)
    return path


def isolated_env() -> dict:
    """An environment whose settings and data folders are temporary, offscreen Qt."""
    home = tempfile.mkdtemp(prefix="regiegroep-bench-")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env["REGIEGROEP_DATA_DIR"] = os.path.join(home, "registers")
    return env


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
