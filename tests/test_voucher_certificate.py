"""The printed voucher: what the holder carries to the cash manager, checked as a scanner sees it."""

import dataclasses
import datetime as dt
import random
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
import zxingcpp

from regiegroep.vouchers import signing
from regiegroep.documents.voucher_certificate import (
    VoucherRecord,
    value_in_words,
    write_certificates,
)
from regiegroep.rules import model_ordinance
from regiegroep.vouchers.serials import format_serial, new_serial

KEY = signing.generate_key()
ISSUER = "Gemeente Voorbeeld · Regiegroep Noord"
HOLDERS = ["Stichting Buurtkracht Oost namens mevrouw A. Yılmaz", "J. de Vries", "Ş. Öztürk",
           "Vereniging Speeltuin De Kastanje"]


def vouchers(count: int, key=KEY) -> list[VoucherRecord]:
    source = random.Random(count)
    made = []
    for index in range(count):
        value = Decimal(source.choice(["1850.50", "250.00", "75.00", "1000.00", "12.34"]))
        serial = new_serial(source)
        holder = HOLDERS[index % len(HOLDERS)]
        claims = signing.Claims(serial, int(value * 100), holder, 17 + index, dt.date(2026, 3, 2),
                                dt.date(2026, 12, 31), ISSUER)
        made.append(VoucherRecord(serial, value, holder, "Buurtfeest op het Kastanjeplein",
                                  "Noord", dt.date(2026, 12, 31), dt.date(2026, 3, 2), 17 + index,
                                  signing.sign_voucher(key, claims)))
    return made


def scanned_codes(path) -> list[str]:
    """Every QR code on every page, as a scanner of the printed page reads it."""
    codes = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            # Top voucher first.
            codes += [hit.text for hit in sorted(found, key=lambda hit: hit.position.top_left.y)]
    finally:
        document.close()
    return codes


def test_every_printed_qr_code_scans_and_verifies(tmp_path):
    printed = vouchers(5)
    out = write_certificates(printed, tmp_path / "vouchers.pdf", issuer=ISSUER,
                             ordinance=model_ordinance())
    assert [p.name for p in tmp_path.iterdir()] == ["vouchers.pdf"]  # no temporary left
    assert len(pypdf.PdfReader(out).pages) == 3  # two to a page
    codes = scanned_codes(out)
    assert codes == [v.code for v in printed]
    ring = signing.key_ring(KEY)
    for code, voucher in zip(codes, printed):
        claims = signing.read_code(code, ring)
        assert (claims.serial, claims.value_cents, claims.holder) == (
            voucher.serial, int(voucher.value * 100), voucher.holder)
    # The same codes are refused by a cash manager holding another register's key ...
    with pytest.raises(signing.CodeError) as caught:
        signing.read_code(codes[0], signing.key_ring(signing.generate_key()))
    assert caught.value.reason == "unknown_key"
    # ... and with one character changed.
    changed = codes[1][:20] + ("A" if codes[1][20] != "A" else "B") + codes[1][21:]
    with pytest.raises(signing.CodeError):
        signing.read_code(changed, ring)


def test_a_voucher_shows_what_the_cash_manager_needs(tmp_path):
    ordinance = dataclasses.replace(model_ordinance(), cash_limit_per_redemption=Decimal("250.00"))
    printed = vouchers(2)
    out = write_certificates(printed, tmp_path / "v.pdf", issuer=ISSUER, ordinance=ordinance)
    text = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    for voucher in printed:
        assert format_serial(voucher.serial) in text
        assert voucher.holder in text
    assert "€ 1.850,50" in text or "€ 250,00" in text
    assert "€ 250,00" in text  # the ordinance's cash limit, not a constant
    assert "31 december 2026" in text and "Kastanjeplein" in text and "Noord" in text
    assert ordinance.title in text


def test_a_certificate_in_english(tmp_path):
    out = write_certificates(vouchers(1), tmp_path / "v.pdf", issuer=ISSUER,
                             ordinance=model_ordinance(), language="en")
    text = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "How to redeem" in text and "31 December 2026" in text
    assert scanned_codes(out) == [vouchers(1)[0].code]


def test_the_value_in_words():
    assert value_in_words(Decimal("1850"), "nl") == "duizend achthonderdvijftig euro"
    assert value_in_words(Decimal("1850.50"), "nl") == \
        "duizend achthonderdvijftig euro en vijftig cent"
    assert value_in_words(Decimal("2500.01"), "nl") == "tweeduizend vijfhonderd euro en één cent"
    assert value_in_words(Decimal("75"), "en") == "seventy-five euro"
    assert value_in_words(Decimal("12.34"), "en") == "twelve euro and thirty-four cents"


def test_nothing_is_left_behind_when_printing_fails(tmp_path):
    broken = dataclasses.replace(vouchers(1)[0], code="")  # no code to put in a QR
    with pytest.raises(Exception):
        write_certificates([broken], tmp_path / "v.pdf", issuer=ISSUER,
                           ordinance=model_ordinance())
    assert list(tmp_path.iterdir()) == []


def text_positions(path, page_number=0) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text fragment on a page, in points from the page's bottom left."""
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y))

    pypdf.PdfReader(path).pages[page_number].extract_text(visitor_text=visit)
    return found


def test_a_long_title_wraps_inside_its_box_above_the_next_labels(tmp_path):
    long_title = ("Buurtfeest op het Kastanjeplein met muziek, een springkussen, een "
                  "kookwedstrijd voor alle buren en een opruimactie in de hele wijk")
    (voucher,) = vouchers(1)
    out = write_certificates([dataclasses.replace(voucher, title=long_title)],
                             tmp_path / "v.pdf", issuer=ISSUER, ordinance=model_ordinance())
    parts = text_positions(out)
    title_lines = [(t, x, y) for t, x, y in parts if t.split()[0] in long_title.split()
                   and len(t) > 20]
    assert len(title_lines) == 2
    lowest_title = min(y for _t, _x, y in title_lines) - 2.0  # its descenders
    labels = [y for t, _x, y in parts if t in ("WIJK", "AANVRAAG")]
    assert len(labels) == 2
    assert all(lowest_title > label + 4.8 for label in labels)  # above the labels' capitals
    holder = [y for t, _x, y in parts if t == "INITIATIEF"][0]
    assert max(y for _t, _x, y in title_lines) + 7 < holder  # below its own label


def test_a_reprint_says_what_is_left_and_that_it_is_a_reprint(tmp_path):
    import os

    from regiegroep.vouchers.payments import Payment, Way
    from regiegroep.register import Register

    from .test_vouchers import _granted, _register

    register = _register()
    app = _granted(register, Decimal("5000.00"))
    (voucher,) = register.issued_vouchers(app.id)
    first = register.print_vouchers(tmp_path / "eerste.pdf", app.sequence)
    text = " ".join(pypdf.PdfReader(first).pages[0].extract_text().split())
    assert "HERDRUK" not in text and "NOG OVER" not in text
    assert os.stat(first).st_mode & 0o777 == 0o600
    register.redeem(app.id, Payment(voucher.serial, dt.date(2026, 4, 1), Way.SUPPLIER,
                                    Decimal("3000.00"), payee="Gamma"))
    again = register.print_vouchers(tmp_path / "herdruk.pdf", app.sequence)
    text = " ".join(pypdf.PdfReader(again).pages[0].extract_text().split())
    from regiegroep.i18n import format_date

    assert f"HERDRUK van {format_date(dt.date.today())}" in text
    assert "NOG OVER" in text and "€ 2.000,00" in text and "€ 5.000,00" in text
    assert scanned_codes(again) == [register.voucher_code(voucher)]
    assert os.stat(again).st_mode & 0o777 == 0o600
    assert isinstance(register, Register)
    register.close()


def test_print_vouchers_takes_the_certificates_language(tmp_path):
    """`print vouchers --lang tr` writes the certificates in Turkish; the command's own
    messages stay in the app's language (Dutch)."""
    import subprocess
    import sys
    from pathlib import Path

    from pypdf import PdfReader

    from regiegroep import demo, i18n

    script = Path(sys.executable).parent / "regiegroep"
    path = tmp_path / "ex.sqlite"
    demo.write_demo(path, 60)
    out = tmp_path / "tr.pdf"
    made = subprocess.run([str(script), "print", "vouchers", "--db", str(path), "--lang", "tr",
                           "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert "geschreven" in made.stdout  # the message in Dutch, the document in Turkish
    text = PdfReader(out).pages[0].extract_text()
    turkish = i18n.catalog("tr").gettext("Voucher for a residents' initiative")
    dutch = i18n.catalog("nl").gettext("Voucher for a residents' initiative")
    assert turkish != dutch and turkish in text and dutch not in text


def test_an_application_whose_vouchers_are_spent_says_why_nothing_is_printed(tmp_path):
    from regiegroep.errors import UserError
    from regiegroep.vouchers.payments import Payment, Way

    from .test_vouchers import _granted, _register

    register = _register()
    app = _granted(register, Decimal("500.00"))
    (voucher,) = register.issued_vouchers(app.id)
    register.redeem(app.id, Payment(voucher.serial, dt.date(2026, 4, 1), Way.SUPPLIER,
                                    Decimal("500.00"), payee="Gamma"))
    with pytest.raises(UserError) as refused:
        register.print_vouchers(tmp_path / "niets.pdf", app.sequence)
    assert f"Aanvraag {app.sequence} heeft geen voucher meer" in str(refused.value)
    assert not (tmp_path / "niets.pdf").exists()
    register.close()
