"""regiegroep backup | restore: checked copies of the register, and putting one back."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _, ngettext
from .base import db_option

COMMANDS = ("backup", "restore")


def add(commands) -> None:
    p = commands.add_parser("backup", help=_("copy the register into a backup folder"),
                            description=_("Make a consistent copy of the register in a folder "
                                          "(a USB stick, say), checked after writing, and keep "
                                          "the newest of each of the last 7 days, 4 weeks and "
                                          "12 months."))
    db_option(p, _("the register to copy"))
    p.add_argument("--to", metavar="DIR", required=True, help=_("the backup folder"))

    p = commands.add_parser("restore", help=_("put a backup back in place of the register"),
                            description=_("Check a backup and put it in place of the register. "
                                          "Refuses when the register has changes the backup "
                                          "does not have, unless --force; the register is then "
                                          "kept beside it first."))
    db_option(p, _("the register to restore"))
    p.add_argument("--from", metavar="FILE", required=True, dest="backup",
                   help=_("the backup file"))
    p.add_argument("--force", action="store_true",
                   help=_("replace the register even if it has newer changes"))


def run(args) -> int:
    from ..trust import backup
    from .. import files

    if args.command == "backup":
        files.refuse_non_register(args.sub_db)
        path = backup.make_backup(args.sub_db, args.to)
        removed = backup.rotate(args.to, Path(args.sub_db).stem, register=path)
        print(_("Backup written and checked: {path}").format(path=path))
        if removed:
            print(ngettext("{n} older backup removed (7 daily, 4 weekly, 12 monthly are kept).",
                           "{n} older backups removed (7 daily, 4 weekly, 12 monthly are kept).",
                           len(removed)).format(n=len(removed)))
        return 0
    safety = backup.restore(args.backup, args.sub_db, force=args.force)
    print(_("Restored {backup} into {register}.").format(backup=args.backup,
                                                         register=args.sub_db))
    if safety:
        print(_("The register as it was is kept as {path}.").format(path=safety))
    return 0
