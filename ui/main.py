"""The ``regiegroep`` command: the app, or one of the core's command-line commands."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

# Starting the app allocates a great many long-lived objects (modules, Qt's classes) and next
# to no garbage, and the garbage collector's usual pace (a pass every 700 allocations) spends
# milliseconds going over them again and again. It runs seldom until the app is up or a
# command runs (started()); benchmarks/startup.py measures the difference (about 7 ms).
_USUAL_GC_THRESHOLD = gc.get_threshold()
gc.set_threshold(100_000, 50, 100)

# The core before Qt: once PySide6 is loaded it reads through the source of every module
# imported after it (for its opt-in ``__feature__`` syntax), which adds up at start-up
# (benchmarks/startup.py). The app needs the register anyway; the commands import it too.
from regiegroep import cli, register  # noqa: E402, F401


def started() -> None:
    """The app is on screen, or a command begins: the garbage collector's usual pace."""
    gc.set_threshold(*_USUAL_GC_THRESHOLD)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Commands and --help run without Qt, so they start fast and work on a server.
    if any(a in cli.COMMANDS for a in argv) or {"-h", "--help", "--version"} & set(argv):
        started()
        return cli.main(argv)
    args = cli.build_app_parser().parse_args(argv)
    if args.kiosk:
        from ui.kiosk import run_kiosk

        started()
        return run_kiosk(db=args.db, lang=args.lang)
    from ui.app import run_app

    return run_app(db=args.db, lang=args.lang, on_screen=started)


if __name__ == "__main__":
    sys.exit(main())
