"""regiegroep audit verify: the chained audit trail, checked."""

from __future__ import annotations

import sys

from ..i18n import _
from .base import EXIT_USER_ERROR, db_option, open_register, subcommands

COMMANDS = ("audit",)


def add(commands) -> None:
    p = commands.add_parser("audit", help=_("check the audit trail"),
                            description=_("The register's audit trail: every change, who made "
                                          "it and when, chained by hashes."))
    audit_commands = subcommands(p, "audit_command")
    v = audit_commands.add_parser(
        "verify", help=_("check that no entry was changed, removed or reordered"),
        description=_("Recompute the chain of the audit trail. Exits with 0 when it is intact; "
                      "otherwise names the first entry that does not fit and exits with 1."))
    db_option(v, _("the register to check"))
    v.add_argument("--expect", metavar="HASH",
                   help=_("the register's fingerprint kept elsewhere (at least its first 20 "
                          "characters, as in a backup's name): the register must still be "
                          "exactly that"))


def run(args) -> int:
    from ..trust import audit

    from ..trust.backup import MARK_LENGTH
    from ..trust.seals import fingerprint

    with open_register(args.sub_db) as register:
        verdict = audit.verify(register.conn)
        mark = fingerprint(register.conn)
    print(verdict, file=sys.stdout if verdict.intact else sys.stderr)
    if not verdict.intact:
        return EXIT_USER_ERROR
    expected = (args.expect or "").strip().lower()
    if expected and (len(expected) < MARK_LENGTH or not mark.startswith(expected)):
        print(_("The register is not the one with fingerprint {expected}: it was changed "
                "since (its fingerprint is now {mark}).").format(expected=expected, mark=mark),
              file=sys.stderr)
        return EXIT_USER_ERROR
    print(_("Fingerprint: {mark}").format(mark=mark))
    return 0
