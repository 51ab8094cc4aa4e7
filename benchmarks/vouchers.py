"""Voucher certificates and the verification of a voucher code, against bare references.

    python benchmarks/vouchers.py [--count 1000] [--runs 3]

1. Printing ``--count`` certificates (regiegroep.documents.voucher_certificate) against bare
   ReportLab drawing the same text and each QR code as one vector path (encoded with the
   same C++ encoder, zxing-cpp), two to a page, on as many pages: medians of alternating
   runs, and their ratio. Target: ratio at most 1.5. The texts of the reference are made
   before its clock starts, so the ratio also carries our Babel and num2words formatting.
2. The QR code drawn as one path against one rectangle per module (the same symbols).
3. ``regiegroep verify --key FILE CODE`` as a whole process: a fresh Python that imports
   regiegroep.vouchers.signing, reads the key file and checks a code, and the command itself
   (``python -m regiegroep verify --key``); medians of ``--runs`` x 5 launches, beside a
   bare ``python -c pass``. Target: under 150 ms.

The machine's speed wanders by tens of percent within minutes: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from regiegroep.vouchers import signing
from regiegroep.documents import BOLD, FONT, register_fonts
from regiegroep.documents.qr import QUIET_ZONE, draw_qr, qr_modules
from regiegroep.documents.voucher_certificate import (
    VoucherRecord,
    value_in_words,
    write_certificates,
)
from regiegroep.i18n import format_date, format_money
from regiegroep.rules import model_ordinance
from regiegroep.vouchers.serials import format_serial, new_serial

ISSUER = "Gemeente Voorbeeld · Regiegroep Noord"


def records(count: int, key) -> list[VoucherRecord]:
    source = random.Random(count)
    made = []
    for index in range(count):
        value = Decimal(source.choice(["1850.50", "250.00", "75.00", "1000.00", "5000.00"]))
        serial = new_serial(source)
        holder = source.choice(["Stichting Buurtkracht Oost namens mevrouw A. Yılmaz",
                                "J. de Vries", "Vereniging Speeltuin De Kastanje"])
        claims = signing.Claims(serial, int(value * 100), holder, index + 1, dt.date(2026, 3, 2),
                                dt.date(2026, 12, 31), ISSUER)
        made.append(VoucherRecord(serial, value, holder, "Buurtfeest op het Kastanjeplein",
                                  "Noord", dt.date(2026, 12, 31), dt.date(2026, 3, 2), index + 1,
                                  signing.sign_voucher(key, claims)))
    return made


def reference_texts(vouchers: list[VoucherRecord]) -> list[list[tuple[float, float, str, str, float]]]:
    """The same texts a certificate shows, as (x, y, font, text, size), made in advance."""
    fixed = [("Voucher voor een bewonersinitiatief", BOLD, 12.5), (ISSUER, FONT, 7.5),
             ("Verstrekt op grond van art. 5 van de " + model_ordinance().title, FONT, 6.2),
             ("WAARDE", FONT, 6.5), ("SERIENUMMER", FONT, 6.5), ("OP NAAM VAN", FONT, 6.5),
             ("INITIATIEF", FONT, 6.5), ("WIJK", FONT, 6.5), ("AANVRAAG", FONT, 6.5),
             ("UITGEGEVEN OP", FONT, 6.5), ("GELDIG TOT EN MET", FONT, 6.5),
             ("Zo verzilvert u deze voucher", BOLD, 7.5)]
    fixed += [("Lever deze voucher in bij de kasbeheerder van de gemeente, met de factuur van "
               "uw leverancier, of vraag om contant geld: hooguit € 500,00", FONT, 7)] * 3
    fixed += [("Namens de regiegroep: naam en handtekening", FONT, 6.5),
              ("Kasbeheerder: datum, bedrag en handtekening", FONT, 6.5),
              ("Scan om de handtekening te controleren", FONT, 6.5)]
    pages = []
    for v in vouchers:
        texts = fixed + [(format_money(v.value), BOLD, 26), (value_in_words(v.value), FONT, 8.5),
                         (v.holder, BOLD, 9.5), (v.title, FONT, 9.5), (v.wijk, FONT, 9.5),
                         (str(v.application), FONT, 9.5), (format_date(v.issued_on), FONT, 9.5),
                         (format_date(v.valid_until), BOLD, 9.5),
                         (format_serial(v.serial), BOLD, 17)]
        pages.append([(20 * mm, 130 * mm - i * 11, font, text, size)
                      for i, (text, font, size) in enumerate(texts)])
    return pages


def path_object_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    """The QR as one vector path written the plain way: ReportLab's path object."""
    modules = qr_modules(code)
    unit = size / (len(modules) + 2 * QUIET_ZONE)
    top = y + size - QUIET_ZONE * unit
    path = canvas.beginPath()
    for row, line in enumerate(modules):
        col = 0
        while col < len(line):
            if line[col] < 128:
                start = col
                while col < len(line) and line[col] < 128:
                    col += 1
                path.rect(x + (QUIET_ZONE + start) * unit, top - (row + 1) * unit,
                          (col - start) * unit, unit)
            col += 1
    canvas.drawPath(path, stroke=0, fill=1)


def bare_reference(vouchers: list[VoucherRecord], texts, out: Path, qr=path_object_qr) -> None:
    """Bare ReportLab: the same texts and each QR as one path, two vouchers to an A4 page."""
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1)
    for index, (voucher, lines) in enumerate(zip(vouchers, texts)):
        if index % 2 == 0 and index:
            canvas.showPage()
        canvas.saveState()
        canvas.translate(14 * mm, (155 if index % 2 == 0 else 10) * mm)
        for x, y, font, text, size in lines:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
        qr(canvas, voucher.code, 130 * mm, 60 * mm, 42 * mm)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()


def qr_only(codes: list[str], out: Path, qr) -> None:
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1)
    for index, code in enumerate(codes):
        if index % 2 == 0 and index:
            canvas.showPage()
        qr(canvas, code, 60 * mm, (218 if index % 2 == 0 else 68) * mm, 42 * mm)
    canvas.showPage()
    canvas.save()


def per_module_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    modules = qr_modules(code)
    unit = size / (len(modules) + 2 * QUIET_ZONE)
    top = y + size - QUIET_ZONE * unit
    for row, line in enumerate(modules):
        for col, module in enumerate(line):
            if module < 128:
                canvas.rect(x + (QUIET_ZONE + col) * unit, top - (row + 1) * unit, unit, unit,
                            stroke=0, fill=1)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


VERIFY = """
import sys
from pathlib import Path
from regiegroep.vouchers.signing import CodeError, key_ring, read_code, read_public_key_file
key = read_public_key_file(Path(sys.argv[1]).read_bytes())
try:
    claims = read_code(sys.argv[2], key_ring(key))
except CodeError as error:
    print(error.reason); sys.exit(1)
print("valid", claims.serial, claims.value_cents)
"""


def process_ms(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    register_fonts()
    key = signing.generate_key()
    vouchers = records(options.count, key)
    texts = reference_texts(vouchers)
    ordinance = model_ordinance()
    folder = Path(tempfile.mkdtemp(prefix="regiegroep-vouchers-"))
    ours, bare, bare_fast = [], [], []
    for _run in range(options.runs):
        ours.append(timed(lambda: write_certificates(vouchers, folder / "ours.pdf", issuer=ISSUER,
                                                     ordinance=ordinance)))
        bare.append(timed(lambda: bare_reference(vouchers, texts, folder / "bare.pdf")))
        bare_fast.append(timed(lambda: bare_reference(vouchers, texts, folder / "fast.pdf",
                                                      qr=draw_qr)))
    ours_s, bare_s, fast_s = (statistics.median(t) for t in (ours, bare, bare_fast))
    pages = (options.count + 1) // 2
    size = lambda name: f"({(folder / name).stat().st_size / 1e6:.1f} MB)"  # noqa: E731
    print(f"{options.count} certificates on {pages} pages (median of {options.runs} runs):")
    print(f"  Regiegroep certificates            {ours_s:7.2f} s  {size('ours.pdf')}")
    print(f"  bare ReportLab, QR as path object  {bare_s:7.2f} s  {size('bare.pdf')}")
    print(f"  ratio                              {ours_s / bare_s:7.2f}   (target <= 1.5)")
    print(f"  bare ReportLab, QR drawn as ours   {fast_s:7.2f} s  {size('fast.pdf')}")
    print(f"  ratio to that                      {ours_s / fast_s:7.2f}   "
          "(the cost of guilloche, microtext and layout)")

    codes = [v.code for v in vouchers]
    print(f"QR codes only, {options.count} of them, two to a page:")
    for label, qr, name in (("one rectangle per module", per_module_qr, "rects.pdf"),
                            ("one path, ReportLab path object", path_object_qr, "object.pdf"),
                            ("one path, integer grid (ours)", draw_qr, "path.pdf")):
        seconds = timed(lambda: qr_only(codes, folder / name, qr))  # noqa: B023
        print(f"  {label:34} {seconds:7.2f} s  {size(name)}")

    key_file = folder / "key.pem"
    key_file.write_bytes(signing.public_key_file(key, ISSUER))
    command = [sys.executable, "-c", VERIFY, str(key_file), codes[0]]
    assert subprocess.run(command, capture_output=True, text=True).stdout.startswith("valid")
    launches = options.runs * 5
    verify = statistics.median(process_ms(command) for _ in range(launches))
    empty = statistics.median(process_ms([sys.executable, "-c", "pass"])
                              for _ in range(launches))
    # The command itself, as the cash manager runs it (regiegroep.cli.vouchers).
    cli = [sys.executable, "-m", "regiegroep", "verify", "--key", str(key_file), codes[0]]
    whole = statistics.median(process_ms(cli) for _ in range(launches))
    print(f"verify --key FILE CODE as a process (median of {launches}):")
    print(f"  import signing, read key, check code  {verify:6.0f} ms   (target < 150 ms)")
    print(f"  regiegroep verify --key FILE CODE     {whole:6.0f} ms   (target < 150 ms)")
    print(f"  bare python -c pass                   {empty:6.0f} ms")


if __name__ == "__main__":
    main()
