"""regiegroep demo: an example register to try the app on."""

from __future__ import annotations

from ..i18n import _, format_number, ngettext
from .base import UserError, whole_number

COMMANDS = ("demo",)
# More example applications than anyone benchmarks with would take hours to write.
LARGEST = 1_000_000


def add(commands) -> None:
    from .. import demo

    p = commands.add_parser("demo", help=_("write an example register"),
                            description=_("Write an example register: one municipality, three "
                                          "neighbourhoods with budgets, steering-group members "
                                          "and applications in every status. The same every time."))
    p.add_argument("path", metavar="PATH", help=_("the new register file"))
    p.add_argument("--size", type=whole_number, default=demo.DEFAULT_SIZE, metavar="N",
                   help=_("number of applications (default: {n})").format(n=demo.DEFAULT_SIZE))
    p.add_argument("--seed", type=int, metavar="N",
                   help=_("the example of another group, the same every time for N: its own "
                          "municipality, neighbourhoods, numbers, ordinance, register id and "
                          "key (default: the example neighbourhood)"))


def run(args) -> int:
    from .. import demo

    if not 0 <= args.size <= LARGEST:
        raise UserError(_("An example register has 0 to {n} applications.").format(
            n=format_number(LARGEST)))
    if args.seed is not None and not 0 <= args.seed <= LARGEST:
        raise UserError(_("A seed is a number from 0 to {n}.").format(n=format_number(LARGEST)))
    made = demo.write_demo(args.path, args.size, seed=args.seed)
    print(ngettext("Wrote an example register with {n} application to {path}.",
                   "Wrote an example register with {n} applications to {path}.", made)
          .format(n=format_number(made), path=args.path))
    return 0
