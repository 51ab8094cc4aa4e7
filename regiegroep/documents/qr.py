"""QR codes drawn into a PDF as one vector path.

The symbol is encoded by zxing-cpp (C++; pure-Python segno takes some 25 ms for a voucher
code, zxing-cpp about 1 ms), which picks the densest mode itself: alphanumeric for a
base45 voucher code. Each row's runs of dark modules become one rectangle of a single
path, filled once: sharp at any printer resolution, and several times faster to draw and
to render than a rectangle per module (benchmarks/vouchers.py measures both).
"""

from __future__ import annotations

import re

import zxingcpp

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


def qr_modules(text: str, error_correction: str = "M") -> list[bytes]:
    """The QR symbol of ``text`` as rows of modules, one byte each (0 dark, 255 light),
    without its quiet zone."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode,
                                      ec_level=error_correction)
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    data = image.tobytes()
    return [data[row * width:(row + 1) * width] for row in range(height)]


_DARK_RUN = re.compile(rb"[\x00-\x7f]+")


def qr_runs(modules: list[bytes]) -> list[tuple[int, int, int]]:
    """``(row, first column, length)`` of every run of dark modules."""
    return [(row, run.start(), run.end() - run.start())
            for row, line in enumerate(modules) for run in _DARK_RUN.finditer(line)]


def draw_qr(canvas, text: str, x: float, y: float, size: float,
            error_correction: str = "M") -> None:
    """Draw the QR code of ``text`` with its lower left corner (quiet zone included) at
    ``x, y``, ``size`` points square, as one filled path on a white ground.

    The path is written in whole modules under a scaling transform: integer coordinates,
    as PDF operators directly (``Canvas.addLiteral``), some ten times faster than
    ReportLab's path object formatting each rectangle's floats.
    """
    modules = qr_modules(text, error_correction)
    count = len(modules) + 2 * QUIET_ZONE
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)
    top = count - QUIET_ZONE
    canvas.addLiteral("\n".join(f"{QUIET_ZONE + col} {top - row - 1} {length} 1 re"
                                 for row, col, length in qr_runs(modules)) + "\nf")
    canvas.restoreState()
