"""Search as you type over a 100,000-application register, through the Qt table model.

    python benchmarks/search.py [--size 100000]

Types a set of searches letter by letter, the way a volunteer does, and times each
keystroke's answer: the model's reset with the new filter (count + first page of rows).
Prints the 50th and 95th percentile and the worst. Target: 95th percentile under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import time

from _common import example_register, isolated_env, percentile

SEARCHES = ["straatfeest", "fatma", "yilmaz", "moestuin", "zaalvoetbal", "buurtcafe",
            "kolk", "speeltuin poelenburg", "huiswerk", "stichting", "de vries", "bloembakken",
            "reigerstraat", "computercursus", "sollicitatie", "oranje", "voordeur", "ewa",
            "taalcafe bibliotheek", "festival"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    path = example_register(args.size)
    os.environ.update(isolated_env())
    from PySide6.QtCore import QCoreApplication

    from regiegroep.applications.search import Filter
    from regiegroep.register import Register
    from ui.register_model import RegisterModel

    application = QCoreApplication([])  # the model needs an application object
    register = Register.open(path, check=False)
    model = RegisterModel()
    model.set_register(register)
    timings, worst = [], ("", 0.0)
    for search in SEARCHES:
        for length in range(1, len(search) + 1):
            typed = search[:length]
            start = time.perf_counter()
            model.set_filter(Filter(text=typed))
            elapsed = time.perf_counter() - start
            timings.append(elapsed)
            if elapsed > worst[1]:
                worst = (typed, elapsed)
        # clearing the field shows everything again
        start = time.perf_counter()
        model.set_filter(Filter())
        timings.append(time.perf_counter() - start)
    register.close()
    del application
    print(f"register: {model.total} applications, {len(timings)} keystrokes")
    print(f"p50 {percentile(timings, 0.50) * 1000:.1f} ms, p95 {percentile(timings, 0.95) * 1000:.1f} ms, "
          f"worst {worst[1] * 1000:.1f} ms (typing {worst[0]!r})")
    print("target: p95 under 50 ms")


if __name__ == "__main__":
    main()
