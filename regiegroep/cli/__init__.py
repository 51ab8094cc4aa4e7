"""The command line: ``regiegroep COMMAND``, one module per command group.

These commands are run by whoever holds the register file; they need no sign-in and say
so in the register's record ("command line"). Mistakes a user can fix are printed on
stderr in the user's language with exit status 1; wrong options exit with 2.

Each module of this package adds its commands to the parser (``add``) and runs them
(``run``); ``GROUPS`` says which module holds which command. The modules are imported when
the parser is built, not when the app starts (ui.main imports this package first).
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from .. import __version__, i18n
from ..errors import UserError
from ..i18n import _
from .base import EXIT_USER_ERROR, Parser, argparse_translations, too_large

# Command -> the module of this package that adds and runs it, in the order --help lists.
GROUPS = {
    "demo": "demo", "import": "exchange", "export": "exchange", "backup": "backups",
    "restore": "backups", "privacy": "privacy", "ordinance": "ordinance", "print": "documents",
    "people": "people", "audit": "audit", "report": "report", "kiosk": "kiosk",
    "budget": "budget", "application": "application",
    "consultation": "consultation", "objection": "objections",
    "key": "vouchers", "verify": "vouchers", "vouchers": "vouchers", "reconcile": "vouchers",
}
COMMANDS = tuple(GROUPS)


def build_app_parser(prog: str = "regiegroep") -> argparse.ArgumentParser:
    """The options of the app itself; the app parses only these when it starts."""
    argparse_translations()
    parser = Parser(
        prog=prog,
        description=_("Register, checks and documents for a resident steering group "
                      "(bewonersregiegroep) running a neighbourhood voucher budget. "
                      "Without a command, the app opens."),
    )
    parser.add_argument("--version", action="version", version=f"Regiegroep {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", metavar="PATH",
                        help=_("the register file to open (default: the last one used, or "
                               "register.sqlite in your data folder)"))
    parser.add_argument("--lang", metavar="CODE", choices=sorted(i18n.LANGUAGES),
                        help=_("language of the app and its messages: {codes} (nl is the default)").format(
                            codes=", ".join(i18n.LANGUAGES)))
    parser.add_argument("--kiosk", action="store_true",
                        help=_("the kiosk for the community centre: full screen, locked, by "
                               "touch (leaving it needs a steering-group member's PIN)"))
    return parser


def _module(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def build_parser(prog: str = "regiegroep", only: str | None = None) -> argparse.ArgumentParser:
    """The app's options and the commands (``only``: just that command's module, so a
    command imports what it needs and no more: ``verify --key`` answers within 150 ms)."""
    parser = build_app_parser(prog)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    for name in dict.fromkeys(GROUPS.values()):
        if only is None or name == only:
            _module(name).add(commands)
    return parser


def _pre_language(argv: Sequence[str]) -> str | None:
    """The app's own ``--lang``, given before the command: a command's ``--lang`` (the
    language of a notice) is the document's, and never changes the command's messages."""
    for i, arg in enumerate(argv):
        if arg in GROUPS:
            return None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def run(args: argparse.Namespace) -> int:
    return _module(GROUPS[args.command]).run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command-line command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(i18n.requested_language(_pre_language(argv)))
    garbled = next((a for a in argv if not _is_text(a)), None)
    if garbled is not None:
        # Bytes that are not UTF-8 (issue 23.6): Python keeps them as lone surrogates, which
        # SQLite and the printed messages cannot hold.
        print(_("Error: the argument {argument} is not text in UTF-8; type it again (or save "
                "the file it came from as UTF-8).").format(
                    argument=ascii(garbled.encode("utf-8", "surrogateescape"))[2:-1]),
              file=sys.stderr)
        return 2
    command = next((a for a in argv if a in GROUPS), None)
    helping = {"-h", "--help"} & set(argv[:argv.index(command)] if command else argv)
    args = build_parser(only=GROUPS[command] if command and not helping else None).parse_args(argv)
    if args.command is None:
        print(_("Give a command ({commands}), or start the app with: regiegroep").format(
                commands=", ".join(COMMANDS)),
              file=sys.stderr)
        return 2
    huge = too_large(args)
    if huge is not None:
        print(_("Error: {message}").format(message=huge + _("; nothing was changed.")),
              file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        out = getattr(args, "out", None)
        if isinstance(out, str) and args.command != "report":
            from ..files import output_target

            output_target(out)  # before anything is done: a refused --out changes nothing
        return run(args)
    except UserError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except sqlite3.Error as exc:
        from ..store import user_error

        shown = getattr(args, "sub_db", "") or ""
        problem = user_error(exc, shown, opening=True)
        print(_("Error: {message}").format(message=problem), file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:
        from ..files import write_problem

        print(_("Error: {message}").format(message=write_problem(exc.filename or "", exc)),
              file=sys.stderr)
        return EXIT_USER_ERROR
    except UnicodeDecodeError as exc:
        # A file or standard input that is not UTF-8 (a Latin-1 or cp1252 export).
        print(_("Error: {what} is not text in UTF-8 (byte {byte} at position {at}). Save it as "
                "UTF-8 and try again; nothing was changed.").format(
                    what=_input_name(args), byte=f"0x{exc.object[exc.start]:02x}",
                    at=exc.start), file=sys.stderr)
        return EXIT_USER_ERROR
    except RecursionError:
        print(_("Error: the input is nested too deeply to be read; nothing was changed."),
              file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(_("Stopped; nothing was half-written."), file=sys.stderr)
        return 130


def _is_text(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _input_name(args: argparse.Namespace) -> str:
    """The file a command read, as the user named it, or standard input."""
    for name in ("file", "rules", "input", "csv", "addresses", "backup"):
        value = getattr(args, name, None)
        if isinstance(value, str) and value != "-":
            return value
    return _("standard input")


if __name__ == "__main__":
    sys.exit(main())
