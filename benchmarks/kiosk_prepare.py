"""``regiegroep kiosk prepare`` for a consultation with 5,000 voting codes.

    python benchmarks/kiosk_prepare.py [--codes 5000] [--size 200]

The public package carries a slow hash (scrypt, kiosk_votes.SCRYPT) of each code's salted
hash, so that a copied package costs an scrypt per guessed code. This times the real command
on a copy of the example register whose running consultation holds ``--codes`` codes, and
what the kiosk pays to check one typed code. Target: prepare under about 15 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import example_register, isolated_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=5000)
    parser.add_argument("--size", type=int, default=200)
    args = parser.parse_args()
    from regiegroep import consultations as cons
    from regiegroep.kiosk import kiosk_votes
    from regiegroep.register import Register

    folder = Path(tempfile.mkdtemp(prefix="regiegroep-kiosk-"))
    path = folder / "register.sqlite"
    shutil.copy(example_register(args.size), path)
    with Register.open(path) as register:
        [running] = [c for c in cons.consultations(register) if c.status == "running"]
        more = args.codes - running.codes_issued
        if more > 0:
            cons.store_codes(register, running.id, cons.new_codes(register, running.id, more))
        issued = cons.consultation(register, running.id).codes_issued
        salt = cons.code_salt(register, running.id)
    command = [str(Path(sys.executable).parent / "regiegroep"), "kiosk", "prepare",
               "--db", str(path), "--out", str(folder / "public.json")]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=isolated_env(), stdout=subprocess.DEVNULL)
    prepare = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(20):
        kiosk_votes._typed_hash({"salt": salt}, "ABCDEFGHJKL")
    check = (time.perf_counter() - start) / 20
    print(f"scrypt {kiosk_votes.SCRYPT}: kiosk prepare with {issued} codes took {prepare:.1f} s; "
          f"checking one typed code on the kiosk {check * 1000:.1f} ms")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
