"""What every command shares: the parser, --db, sub-commands, opening a register."""

from __future__ import annotations

import argparse
import sys

from .. import i18n
from ..errors import UserError  # noqa: F401  (re-exported for the command modules)
from ..i18n import N_, _

EXIT_USER_ERROR = 1
# SQLite keeps integers in 64 bits; larger numbers are typing mistakes.
LARGEST = 2 ** 63 - 1

# argparse's own words, marked here so they are translated with the rest (argparse looks
# them up through the ``_`` installed by ``argparse_translations``).
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("can't open '%(filename)s': %(error)s"),
)


class Parser(argparse.ArgumentParser):
    """argparse, with its own messages translated and errors in the user's language."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def argparse_translations() -> None:
    # argparse looks its words up through gettext.gettext; route them to our catalogs.
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def db_option(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """--db PATH, the register a command works on."""
    parser.add_argument("--db", metavar="PATH", required=True, dest="sub_db",
                        help=help or _("the register"))


def whole_number(text: str) -> int:
    """A whole-number option's value (for argparse's ``type``): digits 0-9 with an optional
    sign, within what the register can hold (SQLite's 64 bits); anything else is a typing
    mistake, said as such (exit 2) rather than an OverflowError later (issue 23.5)."""
    plain = text.strip()
    digits = plain[1:] if plain[:1] in "+-" else plain
    if not digits.isascii() or not digits.isdigit():
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number").format(text=ascii(text)[1:-1]))
    if len(digits) > 40:
        raise argparse.ArgumentTypeError(
            _("{text} is far too large a number").format(text=text[:40] + "…"))
    return int(plain)  # beyond 64 bits: too_large() says so, as a mistake to fix (exit 1)


def too_large(args: argparse.Namespace) -> str | None:
    """The first whole number given that no register can hold, as a message."""
    for value in vars(args).values():
        if type(value) is int and not -LARGEST <= value <= LARGEST:  # noqa: E721
            return _("{text} is far too large a number").format(text=value)
    return None


def date_value(text: str):
    """A date option's value, like 2026-03-02 (for argparse's ``type``)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date; write it as 2026-03-02").format(text=text)) from None


def subcommands(parser: argparse.ArgumentParser, dest: str, metavar: str | None = None):
    """A command's own commands (privacy export, people add, ...), one of which is required."""
    return parser.add_subparsers(dest=dest, metavar=metavar or _("COMMAND"),
                                 parser_class=Parser, required=True)


def open_register(path: str, *, write: bool = False):
    """The register at ``path``, which must exist and be a register: an empty or foreign
    file is refused before SQLite opens (and would change) it. A read-only file or folder
    is refused first for a command that changes the register (``write``); any command
    needs a folder it may write in, for SQLite's write-ahead log."""
    from .. import files
    from ..register import Register

    files.refuse_non_register(path)
    if write:
        from ..trust.backup import is_backup_name

        if is_backup_name(path):  # a change would make it another register than its name says
            raise UserError(_("{path} is a backup: it is kept as it is. Work in the register, "
                              "or put the backup back with: regiegroep restore").format(
                                  path=path))
    problem = files.read_only_problem(path)
    if problem and (write or not files.folder_writable(path)):
        raise problem
    return Register.open(path, create=False)
