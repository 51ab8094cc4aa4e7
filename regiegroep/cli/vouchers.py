"""regiegroep key, verify, vouchers, reconcile: vouchers checked and accounted for (Art. 9).

``verify --key`` is what a cash manager without the register runs at the counter: it reads
the key file and the code and nothing else (no register, no ReportLab), so it answers well
within 150 ms (benchmarks/vouchers.py).
"""

from __future__ import annotations

from ..i18n import _, ngettext
from .base import UserError, db_option, open_register, subcommands

COMMANDS = ("key", "verify", "vouchers", "reconcile")
EXIT_NOT_VALID = 1


def add(commands) -> None:
    p = commands.add_parser("key", help=_("the register's key for checking vouchers"),
                            description=_("The register's public key, for the cash manager: "
                                          "with it they check a voucher's signature without "
                                          "the register."))
    keys = subcommands(p, "key_command")
    e = keys.add_parser("export", help=_("write the public key to a file"),
                        description=_("Write the register's public key to a file and print "
                                      "its fingerprint, to compare by phone or on paper."))
    db_option(e)
    e.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))

    v = commands.add_parser(
        "verify", help=_("check a voucher: its serial or its scanned code"),
        description=_("Check a voucher. With --db: against the register (unknown, voided, "
                      "expired, redeemed, what is left). With --key: only the signature, the "
                      "check character and the valid-until date. Exit 0 valid, 1 not valid, "
                      "2 wrong use."))
    where = v.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", metavar="PATH", dest="sub_db", help=_("the register"))
    where.add_argument("--key", metavar="FILE", help=_("the register's public key file"))
    v.add_argument("--status", metavar="FILE",
                   help=_("with --key: the group's signed status list (regiegroep vouchers "
                          "status); a voucher it names as voided, expired or redeemed is "
                          "refused"))
    v.add_argument("code", metavar="CODE", help=_("the serial number or the scanned code"))

    x = commands.add_parser("vouchers", help=_("the issued vouchers for the cash system"),
                            description=_("The issued vouchers as a CSV file for the "
                                          "municipality's cash system (semicolons, decimal "
                                          "commas)."))
    vc = subcommands(x, "vouchers_command")
    ve = vc.add_parser("export", help=_("write the vouchers to a CSV file"),
                       description=_("Write every voucher: serial, value, holder, "
                                     "application, dates, status, redeemed and left."))
    db_option(ve)
    ve.add_argument("--out", metavar="FILE.csv", required=True, help=_("the file to write"))
    vs = vc.add_parser("status", help=_("write the signed status list for checking offline"),
                       description=_("Write the signed list of vouchers that were voided, "
                                     "have expired or are redeemed (and what is left on partly "
                                     "redeemed ones), for the cash manager's verify --key "
                                     "--status. Give them a new list at least once a week."))
    db_option(vs)
    vs.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))

    r = commands.add_parser(
        "reconcile", help=_("compare the cash manager's payments with the register"),
        description=_("Read the cash manager's list of payments (serial; date; amount, as a "
                      "Dutch spreadsheet saves it) and list every difference with the "
                      "register. Exit 0 when all agree."))
    db_option(r)
    r.add_argument("file", metavar="FILE.csv", help=_("the cash manager's list"))


def run(args) -> int:
    if args.command == "verify":
        return _verify(args)
    if args.command == "key":
        with open_register(args.sub_db) as register:
            fingerprint = register.export_key(args.out)
        print(_("Wrote the public key to {path}.").format(path=args.out))
        print(_("Fingerprint: {fingerprint}").format(fingerprint=fingerprint))
        return 0
    if args.command == "vouchers" and args.vouchers_command == "status":
        from ..vouchers import status_list

        with open_register(args.sub_db) as register:
            status = status_list.write(register, args.out)
        refused = sum(1 for state, _left in status.entries.values()
                      if state in status_list.REFUSED)
        print(ngettext("Wrote the status list to {path}: {count} voucher may not be paid any "
                       "more. Give it to the cash manager, and a new one at least once a "
                       "week.",
                       "Wrote the status list to {path}: {count} vouchers may not be paid any "
                       "more. Give it to the cash manager, and a new one at least once a "
                       "week.", refused).format(path=args.out, count=refused))
        return 0
    if args.command == "vouchers":
        from ..exchange.reconcile import export_vouchers

        with open_register(args.sub_db) as register:
            count = export_vouchers(register, args.out)
        print(ngettext("Wrote {count} voucher to {path}.", "Wrote {count} vouchers to {path}.",
                       count).format(count=count, path=args.out))
        return 0
    from pathlib import Path

    from ..exchange.reconcile import kind_text, reconcile

    from ..files import read_input

    data = read_input(args.file)  # never a FIFO or a device (issue 23.5)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined: those are read as Latin-1 would, so any file
        # is read and the list's own check says what does not fit.
        text = data.decode("cp1252", errors="replace")
    with open_register(args.sub_db) as register:
        differences = reconcile(register, text)
    for d in differences:
        print(f"{kind_text(d.kind)}\t{d.message}")
    if not differences:
        print(_("The cash list and the register agree."))
        return 0
    print(_("{count} differences.").format(count=len(differences)))
    return EXIT_NOT_VALID


def _verify(args) -> int:
    """Exit 0 valid, 1 not valid, 2 wrong use (no such register or key file, a serial with
    --key)."""
    import sys

    try:
        return _verified(args)
    except UserError as problem:
        print(_("Error: {message}").format(message=problem), file=sys.stderr)
        return 2


def _verified(args) -> int:
    from ..vouchers import verifying

    if args.key is not None:
        from pathlib import Path

        from ..files import read_input
        from ..vouchers import signing

        if not args.key.strip():
            raise UserError(_("Give the register's public key file after --key."))
        data = read_input(args.key)
        if not verifying.is_code(args.code):
            raise UserError(_("With --key, give the scanned code (it starts with {prefix}); a "
                              "serial alone is checked with --db.").format(
                                  prefix=signing.PREFIX))
        ring = signing.key_ring(signing.read_public_key_file(data))
        status = None
        if args.status:
            from ..vouchers import status_list

            try:
                text = Path(args.status).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as problem:
                raise UserError(_("Cannot read the status list {path}: {reason}").format(
                    path=args.status,
                    reason=getattr(problem, "strerror", None) or problem)) from None
            status = status_list.read(text, ring)
        verdict = verifying.check_code(args.code, ring, status=status)
        if status is not None:
            print(status_list.age_text(status))
    else:
        if args.status:
            raise UserError(_("--status goes with --key: with --db the register itself "
                              "knows every voucher's status."))
        with open_register(args.sub_db) as register:
            verdict = verifying.check_voucher(register, args.code)
    print((_("VALID") if verdict.valid else _("NOT VALID")) + ": " + verdict.message)
    return 0 if verdict.valid else EXIT_NOT_VALID
