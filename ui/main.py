"""The ``regiegroep`` command: the app, or one of the core's command-line commands."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# The core before Qt: once PySide6 is loaded it reads through the source of every module
# imported after it (for its opt-in ``__feature__`` syntax), which adds up at start-up
# (benchmarks/startup.py). The app needs the register anyway; the commands import it too.
from regiegroep import cli, register  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Commands and --help run without Qt, so they start fast and work on a server.
    if any(a in cli.COMMANDS for a in argv) or {"-h", "--help", "--version"} & set(argv):
        return cli.main(argv)
    args = cli.build_app_parser().parse_args(argv)
    from ui.app import run_app

    return run_app(db=args.db, lang=args.lang)


if __name__ == "__main__":
    sys.exit(main())
