"""regiegroep kiosk prepare | load | collect | resend | receive: a kiosk PC with a register of its own
(regiegroep.kiosk_packages; Art. 4, 7; AVG)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import _, ngettext
from .base import UserError, db_option, open_register, subcommands

COMMANDS = ("kiosk",)


def add(commands) -> None:
    p = commands.add_parser(
        "kiosk", help=_("packages between the group's register and a kiosk PC"),
        description=_("A kiosk PC in the community centre keeps a kiosk register of its own: "
                      "load it with a public package from the group's register, and collect "
                      "what residents handed in as a sealed package only the group can open."))
    kiosk_commands = subcommands(p, "kiosk_command")
    pp = kiosk_commands.add_parser("prepare", help=_("write the public package (at the group's "
                                                     "laptop)"))
    db_option(pp, _("the group's register"))
    pp.add_argument("--out", required=True, metavar="FILE", help=_("the package to write"))
    pl = kiosk_commands.add_parser(
        "load", help=_("make or refresh a kiosk register from a public package"),
        description=_("Make or refresh a kiosk register from a public package. With --keeper "
                      "the PIN of the member who may leave kiosk mode on this PC is asked "
                      "twice (or read from the first line of the input)."))
    db_option(pl, _("the kiosk register (made when it does not exist)"))
    pl.add_argument("file", metavar="FILE", help=_("the public package"))
    pl.add_argument("--keeper", metavar="NAME",
                    help=_("the steering-group member who may leave kiosk mode here"))
    pc = kiosk_commands.add_parser("collect", help=_("seal what came in at the kiosk and "
                                                     "remove it from the kiosk register"))
    db_option(pc, _("the kiosk register"))
    pc.add_argument("--out", required=True, metavar="FILE", help=_("the sealed package to write"))
    ps = kiosk_commands.add_parser(
        "resend", help=_("write a kept sealed package again (at the kiosk PC)"),
        description=_("The kiosk PC keeps each sealed package it wrote until a later public "
                      "package says the group received it. Without --package the newest."))
    db_option(ps, _("the kiosk register"))
    ps.add_argument("--out", required=True, metavar="FILE", help=_("the sealed package to write"))
    ps.add_argument("--package", metavar="ID", help=_("which kept package (see the list printed)"))
    pr = kiosk_commands.add_parser("receive", help=_("register what a sealed package holds "
                                                     "(at the group's laptop)"))
    db_option(pr, _("the group's register"))
    pr.add_argument("file", metavar="FILE", help=_("the sealed package"))
    pr.add_argument("--kiosk-fingerprint", metavar="FINGERPRINT",
                    help=_("the fingerprint the kiosk PC showed at load: this register learns "
                           "its key, and then takes packages only from kiosks it knows"))


def _read(path: str) -> bytes:
    from ..files import read_input

    return read_input(path)  # never a FIFO or device: those hang (issue 23.5)


def _pin(name: str) -> str:
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass(_("New PIN for {name}: ").format(name=name))
        if getpass.getpass(_("The same PIN again: ")) != pin:
            raise UserError(_("The two PINs differ; nothing was changed."))
        return pin
    return sys.stdin.readline().rstrip("\r\n")


def _progress():
    """On a terminal: how many voting codes of a large consultation are hashed so far."""
    if not sys.stderr.isatty():
        return None

    def shown(done: int, total: int) -> None:
        if total >= 1000:
            sys.stderr.write("\r" + _("Hashing voting codes: {done} of {total}").format(
                done=done, total=total) + ("\n" if done == total else ""))
            sys.stderr.flush()
    return shown


def run(args) -> int:
    from ..kiosk import kiosk_packages
    from ..files import write_whole

    if args.kiosk_command == "load":
        from ..register import Register

        data = _read(args.file)
        keeper = (args.keeper, _pin(args.keeper)) if args.keeper else None
        path = Path(args.sub_db)
        new = not path.exists() and not path.is_symlink()
        if not new:
            register = open_register(args.sub_db, write=True)
        else:
            register = Register.open(path)
        try:
            with register:
                loaded = kiosk_packages.load_public_package(register, data, keeper)
        except BaseException:
            if new:  # a package refused leaves no kiosk register behind (issue 23.5)
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            raise
        print(_("The kiosk register is ready: {wijken} neighbourhoods, {granted} initiatives "
                "granted. What comes in is sealed to the key {fingerprint}.").format(
            wijken=loaded.wijken, granted=loaded.granted, fingerprint=loaded.fingerprint))
        print(_("This kiosk signs its packages with the key {fingerprint}. Note it: at the "
                "first receive of its package, give it with --kiosk-fingerprint.").format(
            fingerprint=loaded.kiosk_fingerprint))
        return 0
    with open_register(args.sub_db, write=True) as register:
        if args.kiosk_command == "prepare":
            # One transaction with the file: a package that could not be written is not
            # recorded as prepared (issue 23.7).
            with register.write():
                package = kiosk_packages.public_package(register, progress=_progress())
                with write_whole(args.out, "wb") as fp:
                    fp.write(package)
            print(_("Wrote the public package {path}. The kiosk seals what comes in to the key "
                    "{fingerprint}.").format(path=args.out, fingerprint=kiosk_packages.fingerprint(
                        kiosk_packages.sealing_key(register))))
        elif args.kiosk_command == "resend":
            written = kiosk_packages.resend(register, args.out, args.package)
            print(_("Wrote the kept package {id} to {path}; receive it at the group's register.")
                  .format(id=written, path=args.out))
            for package_id, made_at in kiosk_packages.kept(register):
                print("  {id}\t{made_at}".format(id=package_id, made_at=made_at))
        elif args.kiosk_command == "collect":
            collected = kiosk_packages.collect(register, args.out)
            count = collected.applications
            print(ngettext("Sealed {count} application into {path}; it is gone from the kiosk "
                           "register.", "Sealed {count} applications into {path}; they are gone "
                           "from the kiosk register.", count).format(count=count, path=args.out))
            if collected.votes:
                print(ngettext("The package also holds {count} sealed vote.",
                               "The package also holds {count} sealed votes.",
                               collected.votes).format(count=collected.votes))
        else:
            from ..kiosk.kiosk_votes import not_counted

            from ..kiosk.sealing import KeptCopy

            try:
                received = kiosk_packages.receive(register, _read(args.file),
                                                  trust=args.kiosk_fingerprint)
            except KeptCopy as exc:  # the app's words, and the command that writes it again
                raise UserError(str(exc) + " " + _(
                    "At the kiosk PC, regiegroep kiosk resend --db KIOSK.sqlite --out FILE "
                    "writes the package again.")) from None
            if received.already:
                print(_("This package was received before; nothing was changed."))
            else:
                print(ngettext("Received {count} application from the kiosk.",
                               "Received {count} applications from the kiosk.",
                               received.applications).format(count=received.applications))
                if received.learned:
                    print(_("This register now knows the kiosk with the key {fingerprint}: it "
                            "takes that kiosk's next packages without --kiosk-fingerprint.")
                          .format(fingerprint=received.learned))
                if received.votes or received.not_counted:
                    print(ngettext("{count} vote from the kiosk was counted.",
                                   "{count} votes from the kiosk were counted.",
                                   received.votes).format(count=received.votes))
                for reason, count in sorted(received.not_counted.items()):
                    print(not_counted(reason, count))
                if received.votes or received.not_counted:
                    print(_("Delete {path} now that it is received: with the group's key it "
                            "still ties each vote to its code.").format(path=args.file))
    return 0

