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


def run(args) -> int:
    from .. import audit

    with open_register(args.sub_db) as register:
        verdict = audit.verify(register.conn)
    print(verdict, file=sys.stdout if verdict.intact else sys.stderr)
    return 0 if verdict.intact else EXIT_USER_ERROR
